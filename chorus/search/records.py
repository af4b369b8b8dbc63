"""What site search knows of each page: one Pagefind record (url, title, text, language,
filters) read from the built HTML, and a cache so a rebuild reads only the pages it changed.

A page is indexed when its ``<main>`` carries ``data-pagefind-body`` (the theme sets it on
story, testimonial, advocate and prompt-day pages). Its text is what ``<main>`` says minus
elements marked ``data-pagefind-ignore`` (lists of other pieces, share links, the filter
values); filters come from ``data-pagefind-filter`` elements, as Pagefind itself reads them.

The cache (``CACHE_PATH/chorus-search/``) keeps each record under the digest of the record
itself (in packs, ``chorus.search.packs``), and each page's last ``(inode, size, mtime)``
with that digest: the
incremental writer keeps an unchanged page as the same file, so a rebuild stats every page
but reads and parses only new or changed ones. A page whose bytes changed but whose record
did not (a new story listed on its advocate's page) keeps its digest, so the search bundle
still counts as current for it."""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from chorus.forked import run_forked
from chorus.output import replace_bytes
from chorus.search.packs import RecordPacks, encode

FORK_FROM = 64   # fewer changed pages are read in the build's own process
VERSION = b"chorus-search-record-1"     # change when extraction changes: every record is re-read
_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption", "div",
                     "section", "article", "header", "footer", "td", "th", "dd", "dt", "pre", "br"})


def record_of(page: bytes, url: str) -> dict[str, Any] | None:
    """The record of one built page, or None when the page is not indexed.

    Only the indexed ``<main>`` is parsed (the page's title and language are read from its
    ``<title>`` and ``<html lang>``), into plain lxml elements: the same record as reading the
    whole document with ``lxml.html``, in half the time (a full build reads every page)."""
    if b"data-pagefind-body" not in page:
        return None
    opening = _INDEXED_MAIN.search(page)
    if opening is None:
        return None
    closing = page.rfind(b"</main>")
    fragment = page[opening.start(): closing + len(b"</main>") if closing > opening.start() else len(page)]
    main = etree.fromstring(fragment.decode("utf-8", "replace"), _PARSER).find(".//main")
    if main is None:
        return None
    filters: dict[str, list[str]] = {}
    for element in main.iterfind(".//*[@data-pagefind-filter]"):
        value = " ".join(_STRING(element).split())
        if value:
            filters.setdefault(element.get("data-pagefind-filter"), []).append(value)
    for element in _LEFT_OUT(main):
        _drop_tree(element)
    heading = main.find(".//h1")
    title = " ".join(_STRING(heading).split()) if heading is not None else _document_title(page)
    language = (filters.get("language") or [_document_language(page) or "en"])[0]
    return {"url": url, "content": " ".join(_text(main).split()),
            "language": language.split("-")[0].lower(), "meta": {"title": title}, "filters": filters}


_PARSER = etree.HTMLParser()
_STRING = etree.XPath("string()")
_LEFT_OUT = etree.XPath(".//*[@data-pagefind-ignore] | .//script | .//style | .//template | .//svg")
_INDEXED_MAIN = re.compile(rb"<main\b[^>]*\sdata-pagefind-body[\s=>/]", re.IGNORECASE)
_TITLE = re.compile(rb"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_HTML_LANG = re.compile(rb"<html\b[^>]*?\slang\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.IGNORECASE)


def _drop_tree(element) -> None:
    """Remove ``element`` and what it holds, keeping the text after it (lxml.html's drop_tree)."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + element.tail
        else:
            previous.tail = (previous.tail or "") + element.tail
    parent.remove(element)


def _text(main) -> str:
    """The text of ``main`` with a space around every block element (so words of two
    paragraphs never run together); comments say nothing."""
    for element in main.iter(*_BLOCKS):
        element.text = " " + (element.text or "")
        if element is not main:
            element.tail = " " + (element.tail or "")
    return _STRING(main)


def _document_title(page: bytes) -> str:
    found = _TITLE.search(page)
    return " ".join(html.unescape(found.group(1).decode("utf-8", "replace")).split()) if found else ""


def _document_language(page: bytes) -> str:
    found = _HTML_LANG.search(page)
    if found is None:
        return ""
    value = next(group for group in found.groups() if group is not None)
    return html.unescape(value.decode("utf-8", "replace"))


@dataclass(frozen=True)
class Collected:
    """Every indexed page of a build: url -> digest of its record, and how many pages were read."""

    digests: dict[str, str]
    parsed: int


def cache_folder(settings: dict[str, Any]) -> Path:
    return Path(settings["CACHE_PATH"]) / "chorus-search"


def _url(relative: str) -> str:
    return "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


def _html_files(root: str, skip: str):
    """(relative path, DirEntry) of every .html file under ``root``, but the ``skip`` folder."""
    folders = [("", root)]
    while folders:
        prefix, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if not (prefix == "" and entry.name == skip):
                        folders.append((f"{prefix}{entry.name}/", entry.path))
                elif entry.name.endswith(".html"):
                    yield f"{prefix}{entry.name}", entry


def collect(output: Path, cache: Path, skip: str, workers: int = 1) -> Collected:
    """Stat every HTML page of ``output`` (but the ``skip`` folder), read the new or changed
    ones (on up to ``workers`` processes, ``chorus.forked``), and store a record for each
    indexed page under ``cache``; every record of the build is then in the cache under the
    digest returned for its URL."""
    packs = RecordPacks(cache / "records")
    stats_file = cache / "pages.json"
    try:
        known: dict[str, list[Any]] = json.loads(stats_file.read_bytes())
    except (OSError, ValueError):
        known = {}
    seen: dict[str, list[Any]] = {}
    changed: list[tuple[str, str]] = []
    for relative, entry in _html_files(str(output), skip):
        stat = entry.stat(follow_symlinks=False)
        signature = [stat.st_ino, stat.st_size, stat.st_mtime_ns]
        last = known.get(relative)
        if last and last[:3] == signature and (not last[3] or last[3] in packs):
            seen[relative] = [*signature, last[3]]
        else:
            seen[relative] = signature
            changed.append((relative, entry.path))
    read = run_forked(len(changed), lambda number: _read_record(*changed[number]),
                      workers if len(changed) >= FORK_FROM else 1)
    packs.add({digest: data for digest, data in read if digest})
    for (relative, _path), (digest, _data) in zip(changed, read):
        seen[relative].append(digest)
    digests = {_url(relative): state[3] for relative, state in seen.items() if state[3]}
    if seen != known:
        replace_bytes(stats_file, json.dumps(seen, sort_keys=True).encode())
    return Collected(dict(sorted(digests.items())), len(changed))


def _read_record(relative: str, path: str) -> tuple[str, bytes]:
    """Read one page: its record's digest and JSON bytes, or ("", b"") when it is not indexed."""
    with open(path, "rb") as handle:
        record = record_of(handle.read(), _url(relative))
    if record is None:
        return "", b""
    data = encode(record)
    return hashlib.sha256(VERSION + data).hexdigest(), data


def load(cache: Path, digests: dict[str, str]) -> list[dict[str, Any]]:
    """The records of ``digests`` (url -> digest) from the cache, in URL order (OSError when
    one is not there: another build sharing the cache removed it)."""
    try:
        found = RecordPacks(cache / "records").load(digests.values())
    except KeyError as missing:
        raise OSError(f"search record {missing} is no longer in {cache}") from None
    return [found[digest] for _url, digest in sorted(digests.items())]


def prune(cache: Path, digests: dict[str, str]) -> int:
    """Remove cached records no page of this build has; returns how many files went."""
    return RecordPacks(cache / "records").prune(set(digests.values()))
