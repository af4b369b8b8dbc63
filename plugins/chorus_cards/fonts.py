"""The card fonts: a fallback chain per weight, what each font covers, and loading at a size.

Fonts live in ``fonts/`` beside this module (see fonts/README.md for their
coverage and licence). Noto Color Emoji is a CBDT bitmap font that FreeType
only opens at its one strike size, 109 px; it is drawn at that size and scaled.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
EMOJI_SIZE = 109
EMOJI_FILE = "NotoColorEmoji.ttf"
# Order matters: the first font that covers a cluster draws it.
TEXT_FAMILIES = ("NotoSans", "NotoSansArabic", "NotoSansHebrew", "NotoSansCJKsc")
WEIGHTS = ("Regular", "Bold")


@dataclass(frozen=True)
class Face:
    """One font file and the code points its cmap maps to a glyph."""

    path: str
    coverage: frozenset[int]
    emoji: bool = False

    def covers(self, codepoints: str) -> bool:
        return all(ord(ch) in self.coverage for ch in codepoints)


@dataclass(frozen=True)
class FontChain:
    """Text faces per weight (in fallback order) plus the colour emoji face."""

    regular: tuple[Face, ...]
    bold: tuple[Face, ...]
    emoji: Face | None
    digest: str          # hash over every font file's bytes

    def faces(self, bold: bool) -> tuple[Face, ...]:
        return self.bold if bold else self.regular

    def covers_anywhere(self, ch: str) -> bool:
        code = ord(ch)
        return any(code in f.coverage for f in (*self.regular, *self.bold, *self._emoji()))

    def _emoji(self) -> tuple[Face, ...]:
        return (self.emoji,) if self.emoji else ()


def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


def load_chain(font_dir: Path = FONT_DIR) -> FontChain:
    """Read the fonts' coverage; missing files are skipped (the chain gets shorter)."""
    digest = hashlib.sha256()
    faces: dict[str, list[Face]] = {w: [] for w in WEIGHTS}
    for weight in WEIGHTS:
        for family in TEXT_FAMILIES:
            path = next((p for p in sorted(font_dir.glob(f"{family}-{weight}.*"))), None)
            if path:
                digest.update(path.read_bytes())
                faces[weight].append(Face(str(path), _cmap(path)))
    emoji_path = font_dir / EMOJI_FILE
    emoji = None
    if emoji_path.exists():
        digest.update(emoji_path.read_bytes())
        emoji = Face(str(emoji_path), _cmap(emoji_path), emoji=True)
    return FontChain(tuple(faces["Regular"]), tuple(faces["Bold"]), emoji, digest.hexdigest())


@lru_cache(maxsize=256)
def truetype(path: str, size: int) -> ImageFont.FreeTypeFont:
    """A loaded font at ``size`` px (emoji fonts only at EMOJI_SIZE), shaped with Raqm
    when Pillow has it, else Pillow's basic layout (no Arabic joining, no bidi)."""
    engine = ImageFont.Layout.RAQM if _has_raqm() else ImageFont.Layout.BASIC
    return ImageFont.truetype(path, size, layout_engine=engine)


@lru_cache(maxsize=1)
def _has_raqm() -> bool:
    from PIL import features

    return bool(features.check("raqm"))
