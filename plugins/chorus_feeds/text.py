"""Text that can never break a feed: XML 1.0 characters only, sanitised HTML with
absolute URLs, and the two types every text field of a feed is declared as
(``PlainText`` or ``FeedHtml``) with how each is written where a reader expects HTML
or plain text."""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin, urlsplit

from chorus.sanitize import clean_html

# Everything XML 1.0 forbids (C0 controls but tab/newline/return, surrogates, U+FFFE/U+FFFF)
# plus what it discourages (DEL, C1 controls, the U+FDD0..U+FDEF noncharacters), listed as
# they are: the same set written as "everything but the allowed ranges" takes every build
# about 15 ms to compile.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
# A start tag as the sanitiser writes it (every value double-quoted), so that only real
# attributes are rewritten, never text that reads like one (`href="..."` in a quote).
_START_TAG = re.compile(r'<[a-zA-Z][^\s/>]*(?:\s+[^\s"=/>]+(?:="[^"]*")?)*\s*/?>')
SAFE_SCHEMES = ("http", "https", "mailto")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids or discourages."""
    return _NOT_XML.sub("", text)


def is_web_url(url: str) -> bool:
    """Whether ``url`` is an absolute http(s) URL with a host."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def absolute_url(base: str, url: str) -> str | None:
    """``url`` resolved against ``base``; None for schemes a feed must not carry."""
    resolved = urljoin(base, url.strip())
    scheme = urlsplit(resolved).scheme.lower()
    return resolved if scheme in SAFE_SCHEMES else None


class PlainText(str):
    """Text shown exactly as written: never markup, whatever characters it holds."""


class FeedHtml(str):
    """HTML that ``feed_html`` made for the page at ``page_url`` (or the feeds' render
    cache remembered from an earlier build): an ``Item`` for that page takes it as is."""

    page_url: str

    @classmethod
    def made_for(cls, html_text: str, page_url: str) -> "FeedHtml":
        made = cls(html_text)
        made.page_url = page_url
        return made


def feed_html(fragment: str, page_url: str) -> FeedHtml:
    """Sanitise an HTML fragment and make every href/src absolute against ``page_url``.

    Sanitising again here means a feed never trusts its caller; links whose scheme
    is not http(s)/mailto lose their href.
    """
    cleaned = clean_html(xml_safe(fragment))

    def rewrite(match: re.Match) -> str:
        url = absolute_url(page_url, html.unescape(match.group(2)))
        if url is None:
            return ""
        return f"{match.group(1)}{html.escape(url, quote=True)}{match.group(3)}"

    def rewrite_tag(match: re.Match) -> str:
        return _URL_ATTRIBUTE.sub(rewrite, match.group(0))

    return FeedHtml.made_for(_START_TAG.sub(rewrite_tag, cleaned), page_url)


def plain_paragraphs(text: str) -> str:
    """Plain text as escaped HTML paragraphs (blank lines separate paragraphs)."""
    paragraphs = [" ".join(part.split()) for part in re.split(r"\n\s*\n", xml_safe(text))]
    return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs if p)


def as_plain(value: PlainText) -> str:
    """``value`` for a sink its format defines as plain text (Atom ``type="text"``,
    Atom names and labels, JSON Feed ``title``/``summary``): as written."""
    if not isinstance(value, PlainText):
        raise TypeError(f"a plain-text sink takes PlainText, got {type(value).__name__}")
    return str(value)


def as_html(value: PlainText | FeedHtml) -> str:
    """``value`` for a sink a reader renders as HTML (RSS title, description,
    ``content:encoded``, ...): sanitised HTML as it is, plain text HTML-escaped, so that
    ``3 < 5 & more`` displays as written and ``<script>`` is inert text."""
    if isinstance(value, FeedHtml):
        return str(value)
    if isinstance(value, PlainText):
        return html.escape(value, quote=False)
    raise TypeError(f"feed text must be PlainText or FeedHtml, got {type(value).__name__}")


def atom_text(value: PlainText | FeedHtml) -> tuple[str, str]:
    """``value`` as an Atom text construct (RFC 4287 section 3.1): its text and ``type``."""
    if isinstance(value, FeedHtml):
        return str(value), "html"
    return as_plain(value), "text"
