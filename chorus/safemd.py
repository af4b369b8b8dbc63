"""Advocate Markdown made cheap and safe before it reaches content/.

Two jobs, both on the Markdown source (the build sanitises the rendered HTML
again with nh3, so this is the first of two independent layers):

* ``complexity_problems`` bounds the constructs for which Python-Markdown is
  super-linear (measured in docs/moderation.md and bench/markdown_limits.py), so
  no single submission can make a later build slow.
* ``neutralise`` rewrites the text so that even an unsanitised render is safe:
  raw HTML is escaped (shown as text), links with any scheme but http, https
  and mailto (also when hidden behind entities, whitespace or control
  characters) point at ``#`` instead, images become plain links, and Pelican
  directives such as ``{static}`` lose their meaning.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import unquote

from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.inlinepatterns import BACKTICK_RE, BacktickInlineProcessor

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


@dataclass(frozen=True)
class MarkdownLimits:
    """Per-submission caps on what reaches Python-Markdown (see docs/moderation.md)."""

    lines: int = 400
    links: int = 10
    brackets: int = 50          # '[': unbalanced runs are worse than quadratic
    angle_brackets: int = 1_000  # '<': escaped to &lt; on approval; linear (bench/markdown_limits.py)
    backticks: int = 60
    emphasis: int = 200         # '*' and '_' together
    entities: int = 1_000       # '&': entity lookups are linear; this bounds the constant
    headings: int = 20
    quotes: int = 600           # ' and " (each one is looked at by chorus.typography)
    table_lines: int = 30
    definition_lines: int = 20
    footnotes: int = 10
    abbreviations: int = 5
    quote_depth: int = 4
    list_depth: int = 3
    list_items: int = 60        # each nested item is re-parsed as its own block


LINK_PATTERN = re.compile(r"\]\(|^\s{0,3}\[[^\]\n]+\]:|<(?:https?|mailto):|(?<![(<])\bhttps?://",
                   re.IGNORECASE | re.MULTILINE)
_HEADING = re.compile(r"^\s{0,3}(#{1,6}\s|[=-]{2,}\s*$)", re.MULTILINE)
_QUOTE_PREFIX = re.compile(r"^\s*((?:>\s*)+)", re.MULTILINE)
_INDENTED_ITEM = re.compile(r"^( *)(?:[-+*]|\d+[.)])\s", re.MULTILINE)


def complexity_problems(text: str, limits: MarkdownLimits) -> list[str]:
    """Each way ``text`` exceeds ``limits``, as a message naming the fix."""
    counts = {
        "lines": (text.count("\n") + 1, "lines", "join short lines into paragraphs"),
        "links": (len(LINK_PATTERN.findall(text)), "links", "keep the most useful links"),
        "brackets": (text.count("["), "'[' characters", "remove the extra brackets"),
        "angle_brackets": (text.count("<"), "'<' characters", "write fewer of them; HTML is shown as text anyway"),
        "backticks": (text.count("`"), "backticks", "use fewer code spans"),
        "emphasis": (text.count("*") + text.count("_"), "'*' and '_' characters",
                     "use less emphasis"),
        "quotes": (text.count("'") + text.count('"'), "quote marks",
                   "use fewer quotation marks"),
        "entities": (text.count("&"), "'&' characters", "write 'and' or the character itself"),
        "headings": (len(_HEADING.findall(text)), "headings", "use fewer sections"),
        "table_lines": (sum("|" in line for line in text.split("\n")), "table lines",
                        "shorten the table"),
        "definition_lines": (len(re.findall(r"^\s{0,3}:", text, re.MULTILINE)),
                             "lines starting with ':'", "remove the definition list"),
        "footnotes": (text.count("[^"), "footnote markers", "use fewer footnotes"),
        "abbreviations": (text.count("*["), "abbreviation definitions", "remove them"),
    }
    problems = [f"has {found} {label}; keep at most {getattr(limits, key)} ({fix})"
                for key, (found, label, fix) in counts.items() if found > getattr(limits, key)]
    items = len(_INDENTED_ITEM.findall(text))
    if items > limits.list_items:
        problems.append(f"has {items} list items; keep at most {limits.list_items}")
    depth = max((m.group(1).count(">") for m in _QUOTE_PREFIX.finditer(text)), default=0)
    if depth > limits.quote_depth:
        problems.append(f"nests quotes {depth} deep; keep at most {limits.quote_depth}")
    indent = max((len(m.group(1)) for m in _INDENTED_ITEM.finditer(text)), default=0)
    if indent // 4 + 1 > limits.list_depth:
        problems.append(f"nests lists {indent // 4 + 1} deep; keep at most {limits.list_depth}")
    return problems


def scheme_of(url: str) -> str | None:
    """The scheme a browser would see in ``url`` after decoding entities, or None if relative."""
    decoded = unquote(html.unescape(html.unescape(url)))
    visible = "".join(ch for ch in decoded if ch.isprintable() and not ch.isspace())
    match = re.match(r"^([A-Za-z][A-Za-z0-9+.\-]*):", visible)
    if match:
        return match.group(1).lower()
    if ":" in visible.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        return visible.split(":", 1)[0].lower() or "?"
    return None


def safe_url(url: str) -> bool:
    """True for http(s)/mailto URLs and same-site relative ones (no directives)."""
    scheme = scheme_of(url)
    if scheme is None:
        return not re.search(r"[{|]", html.unescape(url))
    return scheme in SAFE_SCHEMES


_INLINE_DEST = re.compile(r"(\]\(\s*)(<[^>\n]*>|[^\s)]*)")
_REF_DEST = re.compile(r"^(\s{0,3}\[[^\]\n]+\]:\s*)(<[^>\n]*>|\S+)", re.MULTILINE)
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^\s<>]+)>", re.IGNORECASE)
_DIRECTIVE = re.compile(r"([{|])(attach|static|filename|tag|category|author|index)([}|])",
                        re.IGNORECASE)
_FENCED_BLOCK = FencedBlockPreprocessor.FENCED_BLOCK_RE
_CODE_SPAN = re.compile(BACKTICK_RE)
_BACKTICKS = BacktickInlineProcessor(BACKTICK_RE)


def _fix_dest(match: re.Match) -> str:
    dest = match.group(2)
    bare = dest[1:-1] if dest.startswith("<") and dest.endswith(">") else dest
    return match.group(1) + (bare if safe_url(bare) else "#")


def _escape_line(line: str) -> str:
    line = _INLINE_DEST.sub(_fix_dest, line)
    line = _REF_DEST.sub(_fix_dest, line)
    line = line.replace("![", "\\![")
    keep = [m.group(1) for m in _AUTOLINK.finditer(line)]
    line = _AUTOLINK.sub("\x00", line)
    line = line.replace("<", "&lt;")
    for url in keep:
        line = line.replace("\x00", f"<{url}>", 1)
    return _DIRECTIVE.sub(lambda m: f"\\{m.group(1)}{m.group(2)}\\{m.group(3)}", line)


def code_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) of each code span Python-Markdown finds in ``line``, found with its
    own pattern and pairing rule, so what is kept as code here is code there."""
    spans, position = [], 0
    while (match := _CODE_SPAN.search(line, position)) is not None:
        if match.group(1):                      # escaped backslashes before backticks
            position = match.end()
            continue
        start, end = _BACKTICKS.find_code_spans(match.start(), line)
        if end is None:
            position = start
            continue
        position = end + (start - match.start())
        spans.append((match.start(), position))
    return spans


def _escape_prose_line(line: str, alone: bool) -> str:
    """``_escape_line`` outside the code spans of a line that is a paragraph of its own
    (Markdown then parses exactly this line, so its spans are the ones found here).
    Elsewhere a span may pair with a backtick on another line, and table cells can cut
    one in two, so those lines are escaped whole (always safe; code shows ``&lt;``)."""
    if not alone or "`" not in line or "|" in line:
        return _escape_line(line)
    parts, last = [], 0
    for start, end in code_spans(line):
        parts += [_escape_line(line[last:start]), line[start:end]]
        last = end
    return "".join([*parts, _escape_line(line[last:])])


def neutralise(text: str) -> str:
    """``text`` rewritten so that rendering it, even without nh3, yields no active markup.

    Code is left as the advocate typed it: fenced blocks (found with Python-Markdown's
    own pattern, which takes them out before anything else is parsed) and code spans
    on a line, which Markdown escapes itself. Tabs are expanded as Markdown does, so
    the fences found here are the ones it finds.
    """
    text = text.expandtabs(4)
    parts, last = [], 0
    for fence in _FENCED_BLOCK.finditer(text):
        parts += [_escape_prose(text[last:fence.start()]), fence.group(0)]
        last = fence.end()
    return "".join([*parts, _escape_prose(text[last:])])


def _escape_prose(text: str) -> str:
    lines = text.split("\n")
    blank = [not line.strip() for line in lines]
    return "\n".join(
        _escape_prose_line(line, (index == 0 or blank[index - 1])
                           and (index == len(lines) - 1 or blank[index + 1]))
        for index, line in enumerate(lines))


def defuse_directives(text: str) -> str:
    """Plain text with Pelican directives spaced apart (``{ static }``), for text the
    theme shows escaped, where a Markdown backslash would show literally."""
    return _DIRECTIVE.sub(lambda m: f"{m.group(1)} {m.group(2)} {m.group(3)}", text)
