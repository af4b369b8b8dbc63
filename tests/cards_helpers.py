"""Shared helpers for the share-card tests."""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(ROOT / "plugins"))

from chorus_cards.fonts import FontChain, load_chain  # noqa: E402
from chorus_cards.model import CardData, Palette  # noqa: E402

PALETTE = Palette("#1f4d3a", "#b4561b", "#1b1f1d", "#fbf8f2")
LOGO = str(ROOT / "theme" / "static" / "images" / "logo.png")


@lru_cache(maxsize=1)
def chain() -> FontChain:
    return load_chain()


def card(kind: str = "story", **fields) -> CardData:
    base = {"slug": "sample", "page_url": f"{kind}/sample/", "palette": PALETTE, "brand_name": "Ridgeline"}
    return CardData(kind, **{**base, **fields})
