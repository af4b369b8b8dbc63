"""Atom 1.0 and RSS 2.0 bytes for a ``Feed``, written with feedgen.

feedgen 1.0 drops ``rel``, ``type``, ``hreflang`` and ``length`` on entry links (its
``atom_entry`` rebinds the loop variable to the new element before reading them), so
an enclosure would come out as a second bare ``alternate`` link, which validators
reject. Entry links, the RSS enclosure/``media:content``, ``dc:creator``, entry
``xml:lang`` and the RSS hub link are therefore written by the small feedgen
extensions below, through feedgen's public extension API.

Every text value is written by its declared type (see model.py): Atom states it in the
text construct's ``type`` attribute (``text`` or ``html``); RSS has no such attribute
and readers render its title, description, ``content:encoded`` and more as HTML, so
plain text is HTML-escaped there (``text.as_html``). ``&`` is then written as the
hexadecimal reference ``&#x26;`` (the same XML), as the RSS Best Practices Profile
advises for plain text. See docs/feeds.md for the field table.
"""

from __future__ import annotations

import dataclasses
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from .model import MIME, Author, Feed, Item
from .text import as_html, as_plain, atom_text

ATOM_NS = "http://www.w3.org/2005/Atom"
MEDIA_NS = "http://search.yahoo.com/mrss/"
DC_NS = "http://purl.org/dc/elements/1.1/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
GENERATOR = "Chorus"


def _sub(parent, tag: str, text: str | None = None, **attrs: str):
    element = etree.SubElement(parent, tag, {k: v for k, v in attrs.items() if v})
    if text is not None:
        element.text = text
    return element


def _declare_types(parent, texts: dict) -> None:
    """Set each Atom text construct's ``type`` from its value's declared type (feedgen
    builds Atom elements without a namespace and declares it on the root)."""
    for tag, value in texts.items():
        element = parent.find(tag)
        if element is not None:
            element.set("type", atom_text(value)[1])


class _AtomFeedExtension(BaseExtension):
    feed: Feed | None = None

    def extend_atom(self, feed):
        _declare_types(feed, {"title": self.feed.title, "subtitle": self.feed.description})
        return feed


class _AtomEntryExtension(BaseEntryExtension):
    item: Item | None = None

    def extend_atom(self, entry):
        item = self.item
        _declare_types(entry, {"title": item.title, "summary": item.summary, "content": item.content_html})
        if item.language:
            entry.set(XML_LANG, item.language)
        _sub(entry, "link", rel="alternate", type="text/html", href=item.url, hreflang=item.language)
        if item.image:
            image = item.image
            _sub(entry, "link", rel="enclosure", type=image.mime, href=image.url, title=as_plain(image.alt),
                 length=str(image.length) if image.length else "")
        return entry


class _RssFeedExtension(BaseExtension):
    hub: str = ""

    def extend_ns(self):
        return {"dc": DC_NS, "media": MEDIA_NS}

    def extend_rss(self, feed):
        if self.hub:
            channel = feed.find("channel")
            _sub(channel, f"{{{ATOM_NS}}}link", rel="hub", href=self.hub)
        return feed


class _RssEntryExtension(BaseEntryExtension):
    item: Item | None = None

    def extend_rss(self, entry):
        item = self.item
        _sub(entry, "link", item.url)
        _sub(entry, f"{{{DC_NS}}}creator", as_html(item.author.name))
        if item.image:
            image = item.image
            # RSS requires a length; 0 is the RSS Board's advice when it is unknown.
            _sub(entry, "enclosure", url=image.url, type=image.mime, length=str(image.length or 0))
            media = _sub(entry, f"{{{MEDIA_NS}}}content", url=image.url, type=image.mime,
                         medium="image", width=str(image.width or ""), height=str(image.height or ""))
            if image.alt:
                _sub(media, f"{{{MEDIA_NS}}}description", as_html(image.alt), type="html")
        return entry


def _person(author: Author) -> dict[str, str]:
    """An Atom person (RSS writes a name only as ``dc:creator``): the name is plain text."""
    return {"name": as_plain(author.name), **({"uri": author.url} if author.url else {})}


def _text(value, fmt: str) -> str:
    """A text value as ``fmt`` carries it: Atom as the text of a construct whose ``type``
    the extensions set; RSS as HTML, which is how readers render it."""
    return atom_text(value)[0] if fmt == "atom" else as_html(value)


def _generator(feed: Feed, fmt: str) -> FeedGenerator:
    fg = FeedGenerator()
    fg.id(feed.urls[fmt] if fmt == "atom" else feed.page_url)
    fg.title(_text(feed.title, fmt))
    description = _text(feed.description, fmt)
    fg.subtitle(description) if fmt == "atom" else fg.description(description)
    fg.author(_person(feed.author))
    # feedgen uses the last link as RSS's channel <link>, so the page comes last.
    fg.link(href=feed.urls[fmt], rel="self", type=MIME[fmt])
    if feed.hub:
        fg.link(href=feed.hub, rel="hub")
    page = {"href": feed.page_url, "rel": "alternate", "type": "text/html"}
    fg.link(page | ({"hreflang": feed.language} if feed.language else {}))
    if feed.language:
        fg.language(feed.language)
    if (feed.favicon or feed.icon) and fmt == "atom":
        fg.icon(feed.favicon or feed.icon)    # Atom's icon is the small square one (RFC 4287 4.2.5)
    fg.generator(GENERATOR)
    fg.updated(feed.updated)          # feedgen defaults both to "now"; a build never reads the clock
    fg.lastBuildDate(feed.updated)
    return fg


def _entry(fg: FeedGenerator, item: Item, fmt: str) -> None:
    fe = fg.add_entry(order="append")
    getattr(fe, f"chorus_{fmt}").item = item
    fe.id(item.uid)                   # also the RSS guid, with isPermaLink="false"
    fe.title(_text(item.title, fmt))
    fe.updated(item.updated)
    fe.published(item.published)
    fe.author(_person(item.author))
    fe.content(_text(item.content_html, fmt), type="html")
    if item.summary:
        fe.summary(_text(item.summary, fmt))
    for category in item.categories:
        # Atom: term and label are attributes, plain text by RFC 4287; RSS: the label is
        # the element's text.
        label = as_plain(category.label) if fmt == "atom" else as_html(category.label)
        fe.category({"term": as_plain(category.term), "label": label,
                     **({"scheme": category.scheme} if category.scheme else {})})


def atom_bytes(feed: Feed) -> bytes:
    """The feed as an Atom 1.0 document (RFC 4287)."""
    fg = _generator(feed, "atom")
    fg.register_extension("chorus_atom", _AtomFeedExtension, _AtomEntryExtension, atom=True, rss=False)
    fg.chorus_atom.feed = feed
    for item in feed.items:
        _entry(fg, item, "atom")
    return fg.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)


def rss_bytes(feed: Feed) -> bytes:
    """The feed as an RSS 2.0 document."""
    fg = _generator(feed, "rss")
    fg.register_extension("chorus_rss", _RssFeedExtension, _RssEntryExtension, atom=False, rss=True)
    fg.chorus_rss.hub = feed.hub
    for item in feed.items:
        _entry(fg, item, "rss")
    return profile_references(fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True))


def profile_references(document: bytes) -> bytes:
    """``document`` with every ``&amp;`` written ``&#x26;``: the same XML (both stand for
    ``&``; feedgen writes no CDATA or comments), in the form the RSS Best Practices
    Profile advises for plain text, so profile-aware readers and the W3C validator take
    an escaped ``&lt;`` in a title for text, not for HTML."""
    return document.replace(b"&amp;", b"&#x26;")


_ENTRY_BLOCK = {"atom": (b"  <entry", b"</feed>"), "rss": (b"    <item>", b"  </channel>")}
_WHOLE = {"atom": atom_bytes, "rss": rss_bytes}


class SplicedFeeds:
    """Atom and RSS documents with each entry serialised once per build, not once per feed.

    A story is in the main feed, its advocate's, its tags' and its prompt day's. feedgen
    builds and serialises an entry for each of them; here an entry's XML is cut from a
    one-entry document (same namespaces, same indentation) the first time it is needed
    and pasted into every feed holding it, between that feed's own head and end, which
    come from the same feed rendered without entries. The bytes are the ones
    ``atom_bytes``/``rss_bytes`` give for the whole feed (tested).
    """

    def __init__(self) -> None:
        self._entries: dict[tuple[int, str], tuple[Item, bytes]] = {}

    def render(self, feed: Feed, fmt: str) -> bytes:
        end = _ENTRY_BLOCK[fmt][1]
        shell = _WHOLE[fmt](dataclasses.replace(feed, items=(), empty_updated=feed.updated))
        cut = shell.rindex(end)
        return shell[:cut] + b"".join(self.entry(feed, item, fmt) for item in feed.items) + shell[cut:]

    def entry(self, feed: Feed, item: Item, fmt: str) -> bytes:
        """The serialised entry of ``item`` (one of ``feed``'s) in format ``fmt``."""
        known = self._entries.get((id(item), fmt))
        if known is None or known[0] is not item:
            start, end = _ENTRY_BLOCK[fmt]
            alone = _WHOLE[fmt](dataclasses.replace(feed, items=(item,)))
            known = (item, alone[alone.index(start):alone.rindex(end)])
            self._entries[(id(item), fmt)] = known
        return known[1]

    def hold(self, item: Item, fmt: str, data: bytes) -> None:
        """Take ``data``, what ``entry`` gave for ``item`` in ``fmt`` in another process, as its entry here."""
        self._entries[(id(item), fmt)] = (item, data)
