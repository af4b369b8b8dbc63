"""Markdown to safe HTML: the one place advocate text becomes markup."""

from __future__ import annotations

import re
from collections.abc import Callable

import markdown
import nh3

from chorus.typography import smarten

# Tags a story may contain. No images (they would load from any host), no
# iframes, forms, styles or scripts.
STORY_TAGS = frozenset({
    "p", "br", "hr", "a", "em", "strong", "b", "i", "s", "del", "ins", "sub", "sup", "mark",
    "blockquote", "q", "cite", "ul", "ol", "li", "dl", "dt", "dd", "h2", "h3", "h4", "h5", "h6",
    "code", "pre", "kbd", "abbr", "table", "thead", "tbody", "tr", "th", "td", "caption",
    "figure", "figcaption", "small", "span", "bdi", "bdo", "div",
})
PAGE_TAGS = STORY_TAGS | {"img", "section", "aside", "details", "summary"}
_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "bdo": {"dir"},
    "*": {"lang", "dir"},
}
_PAGE_ATTRIBUTES = {**_ATTRIBUTES, "img": {"src", "alt", "width", "height", "loading"},
                    "h2": {"id"}, "h3": {"id"}, "section": {"id"}, "details": {"open"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

MARKDOWN_EXTENSIONS = [
    "markdown.extensions.abbr",
    "markdown.extensions.def_list",
    "markdown.extensions.fenced_code",
    "markdown.extensions.footnotes",
    "markdown.extensions.tables",
    "markdown.extensions.sane_lists",
]
# Typographic quotes, dashes and ellipses come from chorus.typography (same output as
# Python-Markdown's smarty extension on every story tested, in half the time).
MARKDOWN_CONFIG: dict = {}
# The page title is the only h1: a `#` heading in the text becomes h2, like `##`.
_H1 = re.compile(r"<(/?)h1\b", re.IGNORECASE)


def new_markdown() -> markdown.Markdown:
    """A Markdown converter with the safe extension set (reuse it; call .reset())."""
    return markdown.Markdown(extensions=MARKDOWN_EXTENSIONS,
                             extension_configs=MARKDOWN_CONFIG, output_format="html")


def clean_html(html: str, *, trusted_page: bool = False) -> str:
    """Allowlist-sanitise HTML. Links get rel="nofollow ugc noopener" unless a trusted page."""
    return nh3.clean(
        html,
        tags=set(PAGE_TAGS if trusted_page else STORY_TAGS),
        attributes={k: set(v) for k, v in (_PAGE_ATTRIBUTES if trusted_page else _ATTRIBUTES).items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=None if trusted_page else "nofollow ugc noopener",
        strip_comments=True,
    )


def render(md: markdown.Markdown, text: str, *, trusted_page: bool = False) -> str:
    """Render Markdown ``text`` with converter ``md`` and sanitise the result."""
    md.reset()
    return clean_html(_H1.sub(r"<\1h2", smarten(md.convert(text))), trusted_page=trusted_page)


_WORKER_MARKDOWN: list[markdown.Markdown] = []   # one converter per worker process


def _render_in_worker(job: tuple[str, bool]) -> str:
    if not _WORKER_MARKDOWN:
        _WORKER_MARKDOWN.append(new_markdown())
    text, trusted = job
    return render(_WORKER_MARKDOWN[0], text, trusted_page=trusted)


def render_many(jobs: list[tuple[str, bool]], workers: int,
                on_done: Callable[[], None] | None = None) -> list[str]:
    """``render`` for each (text, trusted) in ``jobs``, in order, on up to ``workers``
    processes (in this one when there are few jobs or one worker); ``on_done()`` is
    called as each body comes back (progress)."""
    from concurrent.futures import ProcessPoolExecutor

    done = on_done or (lambda: None)
    html: list[str] = []
    if workers <= 1 or len(jobs) < 16:
        converter = new_markdown()
        for text, trusted in jobs:
            html.append(render(converter, text, trusted_page=trusted))
            done()
        return html
    with ProcessPoolExecutor(min(workers, len(jobs))) as pool:
        for body in pool.map(_render_in_worker, jobs, chunksize=max(1, len(jobs) // (workers * 8))):
            html.append(body)
            done()
    return html
