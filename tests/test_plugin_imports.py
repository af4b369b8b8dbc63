"""Loading the cards and meta plugins loads no drawing code: a build whose share cards and
icons are all cached does no image work, so it should not pay for importing it either."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DRAWING = ("chorus_cards.draw", "chorus_cards.layout", "chorus_cards.textfit", "chorus_cards.segment",
           "PIL.ImageDraw", "PIL.ImageFont")


def test_the_plugins_load_without_their_drawing_code():
    script = ("import sys; sys.path[:0] = [{root!r}, {plugins!r}]; import chorus_cards, chorus_meta; "
              "print(' '.join(name for name in {names!r} if name in sys.modules))").format(
        root=str(ROOT), plugins=str(ROOT / "plugins"), names=DRAWING)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.split() == []

