"""Contact sheet of built cards, to look at them all at once.

    .venv/bin/python bench/card_sheet.py [output/cards] [sheet.png] [columns]
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image


def sheet(folder: Path, target: Path, columns: int = 4, scale: float = 0.3) -> int:
    files = sorted(folder.glob("*.png"))
    w, h, gap = round(1200 * scale), round(630 * scale), 12
    rows = max(1, -(-len(files) // columns))
    canvas = Image.new("RGB", (columns * (w + gap) + gap, rows * (h + gap) + gap), "#888888")
    for index, path in enumerate(files):
        with Image.open(path) as card:
            thumb = card.convert("RGB").resize((w, h), Image.Resampling.LANCZOS)
        canvas.paste(thumb, (gap + (index % columns) * (w + gap), gap + (index // columns) * (h + gap)))
    canvas.save(target)
    return len(files)


if __name__ == "__main__":
    args = sys.argv[1:]
    count = sheet(Path(args[0] if args else "output/cards"), Path(args[1] if len(args) > 1 else "cards-sheet.png"),
                  int(args[2]) if len(args) > 2 else 4)
    print(f"{count} cards")
