"""Feeds read the way a feed reader reads them, to prove no markup comes alive.

A reader XML-parses the feed (which undoes the XML escaping once), then renders some
values as HTML. RSS says nothing about types, and readers render its title,
descriptions, creator and category text as HTML, so every RSS text is parsed as HTML
here: ``content:encoded`` (and an item ``description`` standing in for it) may hold
only what ``chorus.sanitize`` allows, every other text no element at all. Atom states
each text construct's ``type``: ``html`` is parsed and checked like that, ``text`` is
shown as written. JSON Feed names its plain-text fields itself: only ``content_html``
is HTML. Each function returns a list of problems (empty when the feed is inert).
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from urllib.parse import urlsplit

from chorus.sanitize import _ATTRIBUTES, STORY_TAGS, URL_SCHEMES
from feed_checks import parse_xml

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
TEXT_CONSTRUCTS = {f"{ATOM}{tag}" for tag in ("title", "subtitle", "summary", "content", "rights")}
LINK_REL = {"a": {"rel"}}     # the sanitiser adds rel="nofollow ugc noopener" to links


class _Markup(HTMLParser):
    """Every element, attribute, comment and declaration an HTML parser finds, and the text."""

    def __init__(self, fragment: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.other: list[str] = []
        self.text: list[str] = []
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.other.append(f"comment <!--{data}-->")

    def handle_decl(self, decl):
        self.other.append(f"declaration <!{decl}>")

    def handle_pi(self, data):
        self.other.append(f"processing instruction <?{data}>")

    def unknown_decl(self, data):
        self.other.append(f"declaration <![{data}]>")


def visible_text(fragment: str) -> str:
    """What an HTML renderer shows for ``fragment`` (the text, entities decoded)."""
    return "".join(_Markup(fragment).text)


# The feeds add the piece's own photo (trusted content) on top of an entry: an <img> with
# an absolute http(s) src and alt text, nothing else (chorus_feeds/framing.py).
FEED_PHOTO = {"img": {"src", "alt"}}
ENTRY_TAGS = STORY_TAGS | FEED_PHOTO.keys()


def _allowed_attribute(tag: str, name: str) -> bool:
    allowed = _ATTRIBUTES.get(tag, set()) | FEED_PHOTO.get(tag, set())
    return name in allowed | _ATTRIBUTES["*"] | LINK_REL.get(tag, set())


def _bad_url(value: str | None) -> bool:
    scheme = urlsplit((value or "").strip()).scheme.lower()
    return scheme not in URL_SCHEMES


def html_problems(fragment: str, html_allowed: bool) -> list[str]:
    """What would come alive if ``fragment`` were rendered as HTML: for plain text any
    element at all; for sanitised HTML what ``chorus.sanitize`` would not allow."""
    found = _Markup(fragment)
    problems = list(found.other)
    for tag, attrs in found.elements:
        if not html_allowed or tag not in ENTRY_TAGS:
            problems.append(f"element <{tag}>")
            continue
        for name, value in attrs:
            if not _allowed_attribute(tag, name):
                problems.append(f"attribute {name} on <{tag}>")
            elif name in ("href", "src") and _bad_url(value):
                problems.append(f"{name}={value!r} on <{tag}>")
    return problems


def _where(element) -> str:
    names = []
    while element is not None:
        names.append(element.tag.split("}")[-1])
        element = element.getparent()
    return "/".join(reversed(names))


def rss_reader_problems(data: bytes) -> list[str]:
    """Every RSS text rendered as HTML: markup only in ``content:encoded`` (or an item
    description standing in for it), and only what the sanitiser allows."""
    problems = []
    for element in parse_xml(data).iter():
        if not isinstance(element.tag, str) or not (element.text or "").strip():
            continue
        parent = element.getparent()
        html_allowed = element.tag == CONTENT_ENCODED or (
            element.tag == "description" and parent.tag == "item" and parent.find(CONTENT_ENCODED) is None)
        problems += [f"{_where(element)}: {p}" for p in html_problems(element.text, html_allowed)]
    return problems


def atom_reader_problems(data: bytes) -> list[str]:
    """Atom text constructs by their ``type``: ``html`` parsed and checked, ``text``
    shown as written (and always said so explicitly, ``content`` aside)."""
    problems = []
    for element in parse_xml(data).iter(*TEXT_CONSTRUCTS):
        kind = element.get("type")
        if kind == "html":
            problems += [f"{_where(element)}: {p}" for p in html_problems(element.text or "", True)]
        elif kind != "text":
            problems.append(f"{_where(element)}: type {kind!r}, expected 'text' or 'html'")
    return problems


def json_reader_problems(data: bytes) -> list[str]:
    """JSON Feed: ``content_html`` checked as HTML; every other text is plain by the
    spec (a reader shows it as written), so it must simply be a string."""
    feed = json.loads(data.decode("utf-8"))
    problems = []
    for index, item in enumerate(feed.get("items", [])):
        problems += [f"items/{index}/content_html: {p}" for p in html_problems(item.get("content_html", ""), True)]
        for key in ("title", "summary", "content_text"):
            if key in item and not isinstance(item[key], str):
                problems.append(f"items/{index}/{key}: not a string")
    return problems


def reader_problems(name: str, data: bytes) -> list[str]:
    """The reader's view of the feed file called ``name`` (format from its suffix)."""
    if name.endswith(".rss.xml"):
        found = rss_reader_problems(data)
    elif name.endswith(".atom.xml"):
        found = atom_reader_problems(data)
    else:
        found = json_reader_problems(data)
    return [f"{name}: {problem}" for problem in found]
