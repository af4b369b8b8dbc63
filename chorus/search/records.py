"""What site search knows of each page: one Pagefind record (url, title, text, language,
filters) read from the built HTML, and a cache so a rebuild reads only the pages it changed.

A page is indexed when its ``<main>`` carries ``data-pagefind-body`` (the theme sets it on
story, testimonial, advocate and prompt-day pages). Its text is what ``<main>`` says minus
elements marked ``data-pagefind-ignore`` (lists of other pieces, share links, the filter
values); filters come from ``data-pagefind-filter`` elements, as Pagefind itself reads them.

The cache (``CACHE_PATH/chorus-search/``) keeps each record in a file named by the digest of
the record itself, and each page's last ``(inode, size, mtime)`` with that digest: the
incremental writer keeps an unchanged page as the same file, so a rebuild stats every page
but reads and parses only new or changed ones. A page whose bytes changed but whose record
did not (a new story listed on its advocate's page) keeps its digest, so the search bundle
still counts as current for it."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lxml.html

from chorus.forked import run_forked
from chorus.output import replace_bytes

FORK_FROM = 64   # fewer changed pages are read in the build's own process
VERSION = b"chorus-search-record-1"     # change when extraction changes: every record is re-read
_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption", "div",
                     "section", "article", "header", "footer", "td", "th", "dd", "dt", "pre", "br"})


def record_of(page: bytes, url: str) -> dict[str, Any] | None:
    """The record of one built page, or None when the page is not indexed."""
    if b"data-pagefind-body" not in page:
        return None
    document = lxml.html.fromstring(page)
    body = document.xpath("//main[@data-pagefind-body]")
    if not body:
        return None
    main = body[0]
    filters: dict[str, list[str]] = {}
    for element in main.xpath(".//*[@data-pagefind-filter]"):
        value = " ".join(element.text_content().split())
        if value:
            filters.setdefault(element.get("data-pagefind-filter"), []).append(value)
    for element in main.xpath(".//*[@data-pagefind-ignore] | .//script | .//style | .//template | .//svg"):
        element.drop_tree()
    headings = main.xpath(".//h1")
    title = " ".join((headings[0] if headings else document.find(".//title")).text_content().split())
    for element in main.iter():
        if isinstance(element.tag, str) and element.tag in _BLOCKS:
            element.tail = " " + (element.tail or "")
            element.text = " " + (element.text or "")
    language = (filters.get("language") or [document.get("lang") or "en"])[0]
    return {"url": url, "content": " ".join(main.text_content().split()),
            "language": language.split("-")[0].lower(), "meta": {"title": title}, "filters": filters}


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
    stored = cache / "records"
    stored.mkdir(parents=True, exist_ok=True)
    have = set(os.listdir(stored))
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
        if last and last[:3] == signature and (not last[3] or f"{last[3]}.json" in have):
            seen[relative] = [*signature, last[3]]
        else:
            seen[relative] = signature
            changed.append((relative, entry.path))
    read = run_forked(len(changed), lambda number: _store_record(*changed[number], stored, have),
                      workers if len(changed) >= FORK_FROM else 1)
    for (relative, _path), digest in zip(changed, read):
        seen[relative].append(digest)
    digests = {_url(relative): state[3] for relative, state in seen.items() if state[3]}
    if seen != known:
        replace_bytes(stats_file, json.dumps(seen, sort_keys=True).encode())
    return Collected(dict(sorted(digests.items())), len(changed))


def _store_record(relative: str, path: str, stored: Path, have: set[str]) -> str:
    """Read one page, store its record under its digest (unless stored before); the digest,
    or "" when the page is not indexed."""
    with open(path, "rb") as handle:
        record = record_of(handle.read(), _url(relative))
    if record is None:
        return ""
    data = json.dumps(record, ensure_ascii=False, sort_keys=True).encode()
    digest = hashlib.sha256(VERSION + data).hexdigest()
    if f"{digest}.json" not in have:   # two processes may store the same record: same bytes
        replace_bytes(stored / f"{digest}.json", data)
    return digest


def load(cache: Path, digests: dict[str, str]) -> list[dict[str, Any]]:
    """The records of ``digests`` (url -> digest) from the cache, in URL order."""
    return [json.loads((cache / "records" / f"{digest}.json").read_bytes()) for _url, digest in sorted(digests.items())]


def prune(cache: Path, digests: dict[str, str]) -> int:
    """Remove cached records no page of this build has; returns how many."""
    wanted = {f"{digest}.json" for digest in digests.values()}
    removed = 0
    for path in (cache / "records").glob("*.json"):
        if path.name not in wanted:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
