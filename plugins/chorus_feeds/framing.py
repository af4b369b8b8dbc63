"""What an entry's HTML carries around the piece itself: the story's photo on top, and a
``dir="rtl"`` block for right-to-left languages, so a reader shows Arabic and Hebrew
entries the way the page does."""

from __future__ import annotations

import html

from .text import FeedHtml, absolute_url

RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "yi"})


def is_rtl(language: str) -> bool:
    """Whether ``language`` (a tag like ``ar`` or ``he-IL``) is written right to left."""
    return language.split("-")[0].lower() in RTL_LANGUAGES


def photo_html(url: str, alt: str) -> str:
    """A figure with the piece's own photo (trusted content: a consented, approved file)."""
    return (f'<figure><img src="{html.escape(url, quote=True)}" alt="{html.escape(alt, quote=True)}">'
            "</figure>")


def framed(body: FeedHtml, page_url: str, language: str = "", photo: str = "",
           photo_alt: str = "") -> FeedHtml:
    """``body`` (sanitised for ``page_url``) with the photo at relative or absolute URL
    ``photo`` on top, inside ``<div dir="rtl" lang="...">`` for a right-to-left language."""
    parts = []
    if photo:
        url = absolute_url(page_url, photo)
        if url:
            parts.append(photo_html(url, photo_alt))
    parts.append(str(body))
    inner = "".join(parts)
    if is_rtl(language):
        inner = f'<div dir="rtl" lang="{html.escape(language, quote=True)}">{inner}</div>'
    return FeedHtml.made_for(inner, page_url)
