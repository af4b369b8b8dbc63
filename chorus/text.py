"""Checks that every piece of text in Chorus passes: characters and length, and the
normalisation every untrusted text gets first (line breaks, invisible characters)."""

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
    if char == "\n":
        return f"line break at position {position + 1} (keep it on one line)"
    if char in BIDI_CONTROLS:
        return f"bidirectional control character U+{code:04X} at position {position + 1}"
    category = unicodedata.category(char)
    if category == "Cc":
        return f"control character U+{code:04X} at position {position + 1}"
    if category == "Cs" or (code & 0xFFFE) == 0xFFFE or 0xFDD0 <= code <= 0xFDEF:
        return f"non-character U+{code:04X} at position {position + 1}"
    return None


# Format characters (Unicode category Cf) are invisible. Most only hide text from
# people and filters ("Gr\u200beat" is not "Great" to a duplicate check), so
# ``normalise`` removes them; these few carry meaning and are kept where they do:
_JOINERS = "\u200c\u200d"                      # ZWNJ/ZWJ: Persian, Indic scripts, emoji sequences
_SCRIPT_CONTROLS = ("\U00013430-\U0001343f\U0001bca0-\U0001bca3"  # hieroglyph, shorthand
                    "\U0001d173-\U0001d17a")                     # musical notation
_NUMBER_SIGNS = "\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd"
_DIRECTION_MARKS = "\u200e\u200f\u061c"          # LRM, RLM, ALM: for right-to-left text
_FORMAT = re.compile(
    # kept: joiners and script controls between two visible characters
    f"(?<=\\S)[{_JOINERS}{_SCRIPT_CONTROLS}](?=\\S)"
    # kept: the signs written over the digits that follow them (Arabic, Syriac, Kaithi)
    f"|[{_NUMBER_SIGNS}](?=\\d)"
    # kept: emoji tag sequences (the flags of England, Scotland, Wales)
    "|\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f"
    # removed: every other format character (bidi controls are left for bad_character)
    f"|(?P<drop>[\u00ad\u180e\u200b-\u200f\u2060-\u2064\u206a-\u206f\ufeff"
    f"\ufff9-\ufffb\U000e0001\U000e0020-\U000e007f{_JOINERS}{_SCRIPT_CONTROLS}{_NUMBER_SIGNS}"
    "\u061c])")
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff"
                  "\U0001e800-\U0001efff]")
# Every format character a comparison ignores, whatever surrounds it.
_FORMAT_ANY = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069"
                         "\u206a-\u206f\ufeff\U000e0001-\U000e007f]")
# Characters that draw nothing although they are not whitespace or format characters.
_BLANKS = "\u115f\u1160\u3164\uffa0\u2800\u034f"


def normalise(text: str) -> str:
    """Untrusted text as Chorus keeps it: line breaks as LF (browsers send CRLF),
    composed characters (NFC), and no invisible format characters except those that
    join or shape what is written (see ``_FORMAT``). Direction marks stay only in
    text that has right-to-left letters."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    keep_marks = bool(_RTL.search(text))

    def replace(match: re.Match) -> str:
        dropped = match.group("drop")
        if dropped is None:
            return match.group(0)
        return dropped if keep_marks and dropped in _DIRECTION_MARKS else ""
    return _FORMAT.sub(replace, text) if not text.isascii() else text


def comparable(text: str) -> str:
    """``text`` reduced for comparing and fingerprinting: normalised, compatibility forms
    folded (NFKC: full-width letters, ligatures), case folded, whitespace collapsed."""
    folded = unicodedata.normalize("NFKC", normalise(text)).casefold()
    return " ".join(_FORMAT_ANY.sub("", folded).split())


def _draws(char: str) -> bool:
    """Whether ``char`` draws something (not a space, control, format character or blank
    letter such as U+3164 HANGUL FILLER)."""
    return not char.isspace() and char not in _BLANKS and unicodedata.category(char)[0] not in "CZ"


def has_visible(text: str) -> bool:
    """Whether any character of ``text`` draws something (stops at the first: a story's
    body is checked on every build, and counting every character cost a fifth of a rebuild)."""
    return any(_draws(char) for char in text)


def text_problem(text: str, *, max_chars: int, multiline: bool = False,
                 min_chars: int = 1) -> str | None:
    """Return what is wrong with a piece of text (and the fix), or None."""
    stripped = text.strip()
    if len(stripped) < min_chars or not has_visible(stripped):
        return "is empty; write some text" if min_chars == 1 else \
            f"is too short ({len(stripped)} characters); write at least {min_chars}"
    if len(stripped) > max_chars:
        return f"is {len(stripped)} characters long; shorten it to at most {max_chars}"
    bad = bad_character(text, multiline)
    if bad:
        return f"contains a {bad}; remove it"
    return None
