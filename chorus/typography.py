"""Typographic quotes, dashes and ellipses in rendered HTML, in one pass.

Python-Markdown's ``smarty`` extension does this as a dozen inline patterns, each run
over every text node, which doubled the time to render a story (5.0 ms against
2.6 ms for a typical one). ``smarten`` works on the HTML Markdown produced instead:
it walks the text between tags, leaves code (``pre``, ``code``, ``kbd``, ``samp``)
and every tag with its attributes untouched, and decides each quote by the
characters around it, looking across inline tags (``"<em>Run</em>"`` gets both
quotes right). The rules are SmartyPants' (as in smarty):

- ``---`` is an em dash, ``--`` an en dash, ``...`` an ellipsis;
- ``'`` between letters or digits, and before a decade (``'80s``), is an apostrophe;
- a quote after the start of the text, a space, an opening bracket or a dash opens;
  every other quote closes.
"""

from __future__ import annotations

import re

_CODE_OR_TAG = re.compile(r"<(pre|code|kbd|samp)\b.*?</\1\s*>|<[^>]*>", re.IGNORECASE | re.DOTALL)
_OPENS_AFTER = frozenset(" \t\n\r\u00a0([{\u2014\u2013-\u201c\u2018")
_DASHES_AND_DOTS = (("---", "\u2014"), ("--", "\u2013"), ("...", "\u2026"))
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)|'(?=\d\ds\b)")
_QUOTE = re.compile(r"[\"']")
_MARKS = {('"', True): "\u201c", ('"', False): "\u201d", ("'", True): "\u2018", ("'", False): "\u2019"}


def smarten(html: str) -> str:
    """``html`` with typographic punctuation in its text (not in code or tags)."""
    if not any(mark in html for mark in ("'", '"', "--", "...")):
        return html
    parts, before, position = [], "", 0
    for match in _CODE_OR_TAG.finditer(html):
        text = html[position:match.start()]
        parts.append(_text(text, before))
        if text:
            before = text[-1]
        if match.group(1) is not None:  # code reads as a word for the quotes around it
            before = "x"
        parts.append(match.group(0))
        position = match.end()
    parts.append(_text(html[position:], before))
    return "".join(parts)


def _text(text: str, before: str) -> str:
    """Smarten one run of text; ``before`` is the last character of the text before it."""
    for plain, fancy in _DASHES_AND_DOTS:
        text = text.replace(plain, fancy)
    if "'" not in text and '"' not in text:
        return text
    text = _APOSTROPHE.sub("\u2019", text)
    out, position, opened = [], 0, False
    for match in _QUOTE.finditer(text):
        at = match.start()
        previous = text[at - 1] if at else before
        if previous in ("'", '"') and at == position and out:
            opening = opened          # a quote right after another: "'Hi,' she said"
        else:
            opening = previous == "" or previous in _OPENS_AFTER
        out += [text[position:at], _MARKS[match.group(), opening]]
        position, opened = match.end(), opening
    out.append(text[position:])
    return "".join(out)
