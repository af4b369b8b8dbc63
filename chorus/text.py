"""Checks that every piece of text in Chorus passes: characters and length."""

from __future__ import annotations

import re
import unicodedata

# Bidirectional embeddings, overrides and isolates: they can reorder what a
# reader sees ("Trojan Source"). Plain LRM/RLM marks are harmless and allowed.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _forbidden_class(multiline: bool) -> str:
    """A regex class of every Basic Multilingual Plane character ``_describe`` refuses
    (C0/C1 controls, bidi controls, surrogates, non-characters), so clean text is
    checked at C speed. Multiline text may hold tabs and newlines, so they are left
    out of its class."""
    controls = "\\x00-\\x08\\x0b-\\x1f" if multiline else "\\x00-\\x1f"
    return "[" + "".join([controls, "\\x7f-\\x9f", "\\u202a-\\u202e", "\\u2066-\\u2069",
                          "\\ud800-\\udfff", "\\ufdd0-\\ufdef", "\\ufffe\\uffff"]) + "]"


_SUSPECT = {multiline: re.compile(_forbidden_class(multiline)) for multiline in (False, True)}
# The last two code points of planes 1-16 are non-characters too. A class of 32 single
# characters is slow to scan, so it only runs on text that leaves the BMP at all.
_ASTRAL_NONCHARACTERS = re.compile("[" + "".join(
    re.escape(chr(plane << 16 | low)) for plane in range(1, 17) for low in (0xFFFE, 0xFFFF)) + "]")


def bad_character(text: str, multiline: bool) -> str | None:
    """Describe the first forbidden character in ``text``, or return None."""
    found = list(_SUSPECT[multiline].finditer(text))
    if not text.isascii() and max(text) > "\uffff":
        found = sorted([*found, *_ASTRAL_NONCHARACTERS.finditer(text)], key=lambda match: match.start())
    for match in found:
        problem = _describe(match.group(), match.start(), multiline)
        if problem:
            return problem
    return None


def _describe(char: str, position: int, multiline: bool) -> str | None:
    """What is wrong with ``char`` at index ``position`` (None if it is allowed here)."""
    if char in "\n\t" and multiline:
        return None
    code = ord(char)
    if char in BIDI_CONTROLS:
        return f"bidirectional control character U+{code:04X} at position {position + 1}"
    category = unicodedata.category(char)
    if category == "Cc":
        return f"control character U+{code:04X} at position {position + 1}"
    if category == "Cs" or (code & 0xFFFE) == 0xFFFE or 0xFDD0 <= code <= 0xFDEF:
        return f"non-character U+{code:04X} at position {position + 1}"
    return None


def text_problem(text: str, *, max_chars: int, multiline: bool = False,
                 min_chars: int = 1) -> str | None:
    """Return what is wrong with a piece of text (and the fix), or None."""
    stripped = text.strip()
    if len(stripped) < min_chars:
        return "is empty; write some text" if min_chars == 1 else \
            f"is too short ({len(stripped)} characters); write at least {min_chars}"
    if len(stripped) > max_chars:
        return f"is {len(stripped)} characters long; shorten it to at most {max_chars}"
    bad = bad_character(text, multiline)
    if bad:
        return f"contains a {bad}; remove it"
    return None
