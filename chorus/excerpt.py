"""Plain-text excerpts of HTML, for listings, meta descriptions and cards."""

from __future__ import annotations

import html
import re

_TAG = re.compile(r"<[^>]*>")
# Headings, figures and footnotes read badly inside a one-paragraph excerpt.
_SKIPPED = re.compile(r"<(h[1-6]|figure|pre|table)\b.*?</\1>", re.DOTALL)
_FOOTNOTES = re.compile(r'<div class="footnote">.*', re.DOTALL)


def plain_text(markup: str) -> str:
    """The visible text of sanitised HTML, whitespace collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", markup)).split())


def shorten(text: str, limit: int) -> str:
    """Cut ``text`` at a word boundary to at most ``limit`` characters, adding an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"


def excerpt(summary: str, content_html: str, limit: int = 220) -> str:
    """The given summary, or the start of the content's running text, as plain text."""
    return shorten(summary or plain_text(_SKIPPED.sub(" ", _FOOTNOTES.sub("", content_html))), limit)
