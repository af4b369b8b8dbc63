"""Dev-time tool: make the card fonts in this folder from Debian's Noto packages.

    apt-get install fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji
    .venv/bin/pip install fonttools==4.68.0
    .venv/bin/python plugins/chorus_cards/fonts/make_fonts.py [--coverage]

Latin, Arabic and Hebrew keep every glyph and OpenType feature (hinting dropped:
cards are drawn large and antialiased). Noto Sans CJK SC is cut down to the
characters of GB 2312, JIS X 0208 and KS X 1001 (about 10,000 Han ideographs,
all kana, the 2,350 common Hangul syllables), CJK punctuation and full-width
forms. Noto Color Emoji is copied whole (a CBDT bitmap font). coverage.json
records each font's cmap (``--coverage`` rewrites only that). The build never
runs this script: it only reads the committed files.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORE = Path("/usr/share/fonts/truetype/noto")
CJK = Path("/usr/share/fonts/opentype/noto")
SC_INDEX = 2   # JP, KR, SC, TC, HK in NotoSansCJK-*.ttc


def _dbcs(codec: str) -> set[int]:
    """Every character of a two-byte legacy character set (EUC rows 0xA1-0xFE)."""
    found: set[int] = set()
    for lead in range(0xA1, 0xFF):
        for trail in range(0xA1, 0xFF):
            try:
                found.update(map(ord, bytes([lead, trail]).decode(codec)))
            except UnicodeDecodeError:
                continue
    return found


def cjk_unicodes() -> list[int]:
    wanted = _dbcs("gb2312") | _dbcs("euc_jp") | _dbcs("euc_kr")
    wanted |= set(range(0x3000, 0x3100)) | set(range(0x3130, 0x3190)) | set(range(0xFF00, 0xFFF0))
    return sorted(wanted)


def subset(source: Path, target: Path, unicodes: str, *extra: str) -> None:
    subprocess.run([sys.executable, "-m", "fontTools.subset", str(source), f"--unicodes={unicodes}",
                    "--layout-features=*", "--no-hinting", "--name-IDs=*", "--name-languages=*",
                    f"--output-file={target}", *extra], check=True)


def write_coverage() -> None:
    """fonts/coverage.json: each font's sha256 and cmap as ranges, so builds need not parse fonts."""
    sys.path[:0] = [str(HERE.parent.parent), str(HERE.parent.parent.parent)]
    from chorus_cards.fonts import COVERAGE_FILE, cmap_of, ranges

    listing = {}
    for path in sorted(HERE.glob("*.[ot]tf")):
        listing[path.name] = {"sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                              "ranges": ranges(cmap_of(path))}
    (HERE / COVERAGE_FILE).write_text(json.dumps(listing, indent=0, sort_keys=True) + "\n")


def main() -> None:
    for family in ("NotoSans", "NotoSansArabic", "NotoSansHebrew"):
        for weight in ("Regular", "Bold"):
            subset(CORE / f"{family}-{weight}.ttf", HERE / f"{family}-{weight}.ttf", "*")
    listing = HERE / "cjk-unicodes.txt"
    listing.write_text(",".join(f"U+{cp:04X}" for cp in cjk_unicodes()))
    for weight in ("Regular", "Bold"):
        subprocess.run([sys.executable, "-m", "fontTools.subset",
                        str(CJK / f"NotoSansCJK-{weight}.ttc"), f"--font-number={SC_INDEX}",
                        f"--unicodes-file={listing}", "--layout-features=kern,palt,halt,locl",
                        "--no-hinting", f"--output-file={HERE / f'NotoSansCJKsc-{weight}.otf'}"],
                       check=True)
    listing.unlink()
    shutil.copyfile(CORE / "NotoColorEmoji.ttf", HERE / "NotoColorEmoji.ttf")
    write_coverage()


if __name__ == "__main__":
    write_coverage() if sys.argv[1:] == ["--coverage"] else main()
