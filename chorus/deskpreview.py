"""The desk's preview: the piece's page from a real build of the hub with it in place.

``chorus.preview.build_preview`` builds the whole hub with the theme's own
templates (so the page is exactly what approval would publish); this module
keeps that page's main content, takes out the approval line (nothing is approved
yet), points the photo at the desk's private photo route, and caches the result
per submission version. Builds run one at a time: Pelican keeps global state.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

import lxml.html

from chorus.desk import Desk
from chorus.preview import build_preview

_lock = threading.Lock()
_cache: OrderedDict[tuple[str, str, int], str] = OrderedDict()
CACHE_SIZE = 20


def piece_html(page: str, photo_url: str) -> str:
    """The inside of the built page's <main>, without the approval line and the theme's
    scripts (a preview is for reading); local images
    point at ``photo_url`` (the only image a submission has), others are dropped."""
    tree = lxml.html.document_fromstring(page)
    main = tree.find(".//main")
    if main is None:
        return ""
    for element in main.xpath('.//*[contains(concat(" ", @class, " "), " approval ")] | .//script'):
        element.drop_tree()
    for image in main.iter("img"):
        if "images/advocates/" in image.get("src", ""):
            image.set("src", photo_url)
        else:
            image.drop_tree()
    parts = [lxml.html.tostring(child, encoding="unicode") for child in main]
    return (main.text or "") + "".join(parts)


def preview(desk: Desk, record: dict[str, Any], settings: dict[str, Any], now: dt.datetime,
            photo_url: str) -> str:
    """The piece as it will appear (HTML from the hub's own build; cached per version)."""
    key = (desk.store.url, record["id"], record["version"])
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
        with tempfile.TemporaryDirectory(prefix="chorus-desk-preview-") as work:
            output, url = build_preview(desk, record["id"], settings, Path(work), now=now,
                                        moderator="preview")
            page = (output / url / "index.html").read_text(encoding="utf-8")
        html = piece_html(page, photo_url)
        _cache[key] = html
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
        return html
