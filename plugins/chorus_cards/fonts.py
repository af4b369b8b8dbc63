"""The card fonts: a fallback chain per weight, what each font covers, and loading at a size.

Fonts live in ``fonts/`` beside this module (see fonts/README.md for their
coverage and licence). Noto Color Emoji is a CBDT bitmap font that FreeType
only opens at its one strike size, 109 px; it is drawn at that size and scaled.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .filedigests import FileDigests

if TYPE_CHECKING:
    from PIL import ImageFont

logger = logging.getLogger(__name__)
COVERAGE_FILE = "coverage.json"
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
    drawable: frozenset[str] = frozenset()   # every character some face has, plus joiners


    def faces(self, bold: bool) -> tuple[Face, ...]:
        return self.bold if bold else self.regular

    def covers_anywhere(self, ch: str) -> bool:
        code = ord(ch)
        return any(code in f.coverage for f in (*self.regular, *self.bold, *self._emoji()))

    def _emoji(self) -> tuple[Face, ...]:
        return (self.emoji,) if self.emoji else ()


def cmap_of(path: Path) -> frozenset[int]:
    """Every code point the font maps to a glyph (read with fontTools)."""
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True, fontNumber=0) as font:
        return frozenset(font.getBestCmap() or {})


def ranges(codepoints: frozenset[int]) -> list[list[int]]:
    """Sorted code points as inclusive [first, last] ranges (compact JSON)."""
    out: list[list[int]] = []
    for code in sorted(codepoints):
        if out and out[-1][1] == code - 1:
            out[-1][1] = code
        else:
            out.append([code, code])
    return out


def _coverage(path: Path, digest: str, recorded: dict[str, Any]) -> frozenset[int]:
    """The font's coverage from coverage.json when it was recorded for these very bytes
    (``digest``: their sha256), else read from the font itself (slow; run
    fonts/make_fonts.py --coverage to refresh)."""
    entry = recorded.get(path.name)
    if entry and entry["sha256"] == digest:
        return frozenset(code for first, last in entry["ranges"] for code in range(first, last + 1))
    logger.warning("Chorus cards: %s changed since fonts/coverage.json was made; reading its cmap "
                   "(slow). Refresh with: python plugins/chorus_cards/fonts/make_fonts.py --coverage",
                   path.name)
    return cmap_of(path)


def load_chain(font_dir: Path = FONT_DIR, files: FileDigests | None = None) -> FontChain:
    """The fallback chain with each font's coverage; missing files are skipped. ``files``
    keeps the fonts' digests from build to build (else every font is read)."""
    files = files or FileDigests()
    listing = font_dir / COVERAGE_FILE
    recorded = json.loads(listing.read_text()) if listing.exists() else {}
    faces: dict[str, list[Face]] = {w: [] for w in WEIGHTS}
    emoji = None
    paths = []
    for weight in (*WEIGHTS, "emoji"):
        names = [EMOJI_FILE] if weight == "emoji" else [f"{family}-{weight}" for family in TEXT_FAMILIES]
        for name in names:
            path = next(iter(sorted(font_dir.glob(name if "." in name else f"{name}.*"))), None)
            if path is None:
                continue
            paths.append(path)
            face = Face(str(path), _coverage(path, files.of(path), recorded), emoji=weight == "emoji")
            if face.emoji:
                emoji = face
            else:
                faces[weight].append(face)
    everything = set().union(*(face.coverage for face in (*faces["Regular"], *faces["Bold"])),
                             emoji.coverage if emoji else ())
    drawable = frozenset(map(chr, everything)) | frozenset(" \n\t\u200c\u200d\ufe0e\ufe0f\u20e3")
    # the chain's digest: every font file's bytes, one after the other
    return FontChain(tuple(faces["Regular"]), tuple(faces["Bold"]), emoji, files.of(*paths), drawable)


@lru_cache(maxsize=256)
def truetype(path: str, size: int) -> ImageFont.FreeTypeFont:
    """A loaded font at ``size`` px (emoji fonts only at EMOJI_SIZE), shaped with Raqm
    when Pillow has it, else Pillow's basic layout (no Arabic joining, no bidi)."""
    from PIL import ImageFont   # here: only drawing a card loads a font

    engine = ImageFont.Layout.RAQM if _has_raqm() else ImageFont.Layout.BASIC
    return ImageFont.truetype(path, size, layout_engine=engine)


@lru_cache(maxsize=1)
def _has_raqm() -> bool:
    from PIL import features

    return bool(features.check("raqm"))
