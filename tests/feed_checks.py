"""Validator-grade checks of Atom 1.0, RSS 2.0 and JSON Feed 1.1 documents.

The W3C feed validator cannot be installed here, so these functions make the checks it
would make that matter to readers: well-formed XML, the elements RFC 4287 and RSS 2.0
require, one alternate link per type and language, a self link equal to the feed's
public URL, absolute links, RFC 3339 / RFC 822 dates, stable unique ids, newest first.
Each returns a list of problems (empty when the feed is fine).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
from collections import Counter
from pathlib import Path

import feedparser
import jsonschema
from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
SCHEMA = json.loads((Path(__file__).parent / "jsonfeed-1.1.schema.json").read_text(encoding="utf-8"))
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z]{2,}")
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def absolute(url: str | None) -> bool:
    return bool(url) and re.match(r"^https?://[^/\s]+", url) is not None


def rfc3339(text: str | None) -> dt.datetime | None:
    if not text or not _RFC3339.match(text):
        return None
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def parse_xml(data: bytes) -> etree._Element:
    """Parse strictly (no recovery): raises if the document is not well-formed XML 1.0."""
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, recover=False))


def _one(parent, tag: str, where: str, problems: list[str]):
    found = parent.findall(tag)
    if len(found) != 1:
        problems.append(f"{where}: expected exactly one {tag.replace(ATOM, 'atom:')}, found {len(found)}")
    return found[0] if found else None


def _atom_links(parent, where: str, problems: list[str]) -> list:
    links = parent.findall(f"{ATOM}link")
    for link in links:
        if not absolute(link.get("href")):
            problems.append(f"{where}: link href {link.get('href')!r} is not absolute")
        if link.get("rel") == "enclosure" and not link.get("type"):
            problems.append(f"{where}: enclosure link without a type")
    alternates = Counter((link.get("type"), link.get("hreflang")) for link in links
                         if link.get("rel", "alternate") == "alternate")
    for key, count in alternates.items():
        if count > 1:
            problems.append(f"{where}: {count} alternate links with type/hreflang {key}")
    return links


def _dated(parent, tag: str, where: str, problems: list[str], required: bool = True):
    element = parent.find(tag)
    if element is None:
        if required:
            problems.append(f"{where}: missing {tag.replace(ATOM, 'atom:')}")
        return None
    moment = rfc3339(element.text)
    if moment is None:
        problems.append(f"{where}: {tag.replace(ATOM, 'atom:')} {element.text!r} is not an RFC 3339 date")
    return moment


def atom_problems(data: bytes, public_url: str) -> list[str]:
    """What a validator would reject in an Atom 1.0 feed served at ``public_url``."""
    problems: list[str] = []
    root = parse_xml(data)
    if root.tag != f"{ATOM}feed":
        return [f"root element is {root.tag}, not atom:feed"]
    for tag in ("id", "title"):
        element = _one(root, f"{ATOM}{tag}", "feed", problems)
        if element is not None and not (element.text or "").strip():
            problems.append(f"feed: empty atom:{tag}")
    updated = _dated(root, f"{ATOM}updated", "feed", problems)
    links = _atom_links(root, "feed", problems)
    selves = [link.get("href") for link in links if link.get("rel") == "self"]
    if selves != [public_url]:
        problems.append(f"feed: self links {selves} should be exactly [{public_url!r}]")
    if not any(link.get("rel", "alternate") == "alternate" for link in links):
        problems.append("feed: no alternate link to the HTML page")
    feed_author = root.find(f"{ATOM}author/{ATOM}name") is not None
    ids, newest = [], None
    for index, entry in enumerate(root.findall(f"{ATOM}entry")):
        where = f"entry {index + 1}"
        entry_id = _one(entry, f"{ATOM}id", where, problems)
        if entry_id is not None:
            ids.append(entry_id.text)
            if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$", entry_id.text or ""):
                problems.append(f"{where}: id {entry_id.text!r} is not an IRI")
        _one(entry, f"{ATOM}title", where, problems)
        entry_updated = _dated(entry, f"{ATOM}updated", where, problems)
        _dated(entry, f"{ATOM}published", where, problems, required=False)
        entry_links = _atom_links(entry, where, problems)
        has_alternate = any(link.get("rel", "alternate") == "alternate" for link in entry_links)
        if entry.find(f"{ATOM}content") is None and not has_alternate:
            problems.append(f"{where}: neither content nor an alternate link")
        if not feed_author and entry.find(f"{ATOM}author/{ATOM}name") is None:
            problems.append(f"{where}: no author (and the feed has none)")
        if entry_updated and (newest is None or entry_updated > newest):
            newest = entry_updated
    if len(set(ids)) != len(ids):
        problems.append("entry ids are not unique")
    if updated and newest and updated != newest:
        problems.append(f"feed updated {updated} is not the newest entry's {newest}")
    return problems


def rss_problems(data: bytes, public_url: str) -> list[str]:
    """What a validator would reject in an RSS 2.0 feed served at ``public_url``."""
    problems: list[str] = []
    root = parse_xml(data)
    if root.tag != "rss" or root.get("version") != "2.0":
        return ["root element is not <rss version=\"2.0\">"]
    channel = _one(root, "channel", "rss", problems)
    if channel is None:
        return problems
    for tag in ("title", "link", "description"):
        element = _one(channel, tag, "channel", problems)
        if element is not None and not (element.text or "").strip():
            problems.append(f"channel: empty {tag}")
    if not absolute(channel.findtext("link")):
        problems.append("channel: link is not absolute")
    selves = [link.get("href") for link in channel.findall(f"{ATOM}link") if link.get("rel") == "self"]
    if selves != [public_url]:
        problems.append(f"channel: atom:link self {selves} should be [{public_url!r}]")
    for tag in ("lastBuildDate", "pubDate"):
        if channel.find(tag) is not None:
            _rfc822(channel.findtext(tag), f"channel {tag}", problems)
    guids = []
    for index, item in enumerate(channel.findall("item")):
        where = f"item {index + 1}"
        if not (item.findtext("title") or item.findtext("description")):
            problems.append(f"{where}: needs a title or a description")
        if item.find("link") is not None and not absolute(item.findtext("link")):
            problems.append(f"{where}: link is not absolute")
        guid = item.find("guid")
        if guid is not None:
            guids.append(guid.text)
            if guid.get("isPermaLink", "true") not in ("true", "false"):
                problems.append(f"{where}: isPermaLink must be true or false")
            if guid.get("isPermaLink", "true") == "true" and not absolute(guid.text):
                problems.append(f"{where}: guid {guid.text!r} is a permalink but not an absolute URL")
        if item.find("pubDate") is not None:
            _rfc822(item.findtext("pubDate"), f"{where} pubDate", problems)
        for enclosure in item.findall("enclosure"):
            if not absolute(enclosure.get("url")) or not (enclosure.get("length") or "").isdigit() \
                    or not enclosure.get("type"):
                problems.append(f"{where}: enclosure needs an absolute url, a numeric length and a type")
    if len(set(guids)) != len(guids):
        problems.append("guids are not unique")
    return problems


def _rfc822(text: str | None, where: str, problems: list[str]) -> None:
    try:
        moment = email.utils.parsedate_to_datetime(text or "")
    except (TypeError, ValueError):
        problems.append(f"{where}: {text!r} is not an RFC 822 date")
        return
    if moment.tzinfo is None or email.utils.format_datetime(moment) != text:
        problems.append(f"{where}: {text!r} does not round-trip as an RFC 822 date with a zone")


def json_problems(data: bytes, public_url: str) -> list[str]:
    """What a JSON Feed 1.1 validator would reject (schema in jsonfeed-1.1.schema.json)."""
    feed = json.loads(data.decode("utf-8"))
    validator = jsonschema.Draft202012Validator(SCHEMA)
    problems = [f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
                for error in validator.iter_errors(feed)]
    if feed.get("feed_url") != public_url:
        problems.append(f"feed_url {feed.get('feed_url')!r} is not {public_url!r}")
    ids = [item.get("id") for item in feed.get("items", [])]
    if len(set(ids)) != len(ids):
        problems.append("item ids are not unique")
    return problems


def feedparser_problems(data: bytes, expected_entries: int | None = None) -> list[str]:
    """What feedparser (the library behind many readers) makes of a feed."""
    parsed = feedparser.parse(data)
    problems = []
    if parsed.bozo:
        problems.append(f"feedparser: not well-formed: {parsed.bozo_exception}")
    entries = parsed.entries
    if expected_entries is not None and len(entries) != expected_entries:
        problems.append(f"feedparser: {len(entries)} entries, expected {expected_entries}")
    published = [entry.get("published_parsed") for entry in entries]
    if None in published:
        problems.append("feedparser: an entry has no published date")
    elif published != sorted(published, reverse=True):
        problems.append("feedparser: entries are not newest first")
    return problems


def json_order_problems(data: bytes, expected_entries: int | None = None) -> list[str]:
    """Entry count and newest-first order of a JSON Feed."""
    items = json.loads(data.decode("utf-8")).get("items", [])
    problems = []
    if expected_entries is not None and len(items) != expected_entries:
        problems.append(f"{len(items)} items, expected {expected_entries}")
    published = [rfc3339(item.get("date_published")) for item in items]
    if None in published:
        problems.append("an item has no RFC 3339 date_published")
    elif published != sorted(published, reverse=True):
        problems.append("items are not newest first")
    return problems


def all_problems(path: Path, public_url: str, expected_entries: int | None = None) -> list[str]:
    """Every check for the feed file at ``path`` (format from its name)."""
    data = path.read_bytes()
    if path.name.endswith(".atom.xml"):
        found = atom_problems(data, public_url)
    elif path.name.endswith(".rss.xml"):
        found = rss_problems(data, public_url)
    else:
        found = json_problems(data, public_url) + json_order_problems(data, expected_entries)
    if path.suffix == ".xml":   # feedparser 6.0 does not read JSON Feed
        found += feedparser_problems(data, expected_entries)
    if EMAIL.search(data.decode("utf-8")):
        found.append("contains something that looks like an email address")
    return [f"{path.name}: {problem}" for problem in found]


def parse_page_links(page: Path) -> list[str]:
    """The hrefs of a page's ``<link rel="alternate">`` feed autodiscovery tags."""
    text = page.read_text(encoding="utf-8")
    return [href for tag in re.findall(r"<link [^>]*>", text) if 'rel="alternate"' in tag
            for href in re.findall(r'href="([^"]+)"', tag)]
