"""Flags a moderator should see, from a submission's text alone (computed once, at submit)."""

from __future__ import annotations

import re

from chorus.safemd import LINK_PATTERN
from chorus.submission import Submission

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w])\+?\d[\d ().-]{6,}\d(?![\w])")
# A house number, one to four capitalised words, then a street type ("12 Elm Street",
# "221B Baker St."), or the German order ("Hauptstraße 12").
_STREET_TYPES = (r"Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Court|Ct|"
                 r"Place|Pl|Terrace|Close|Crescent|Highway|Hwy|Parkway|Pkwy|Square|Sq")
_STREET = re.compile(
    rf"\b\d{{1,5}}[A-Za-z]?,?\s+(?:[A-Z][\w'-]*\s+){{1,4}}(?:{_STREET_TYPES})\b\.?"
    r"|\b[A-ZÄÖÜ][\wäöüß-]*(?:straße|strasse|str\.|weg|gasse|platz|allee)\s+\d{1,5}[a-z]?\b")


def text_flags(sub: Submission) -> list[str]:
    """Personal data in the text, links, the prompt answered, consent choices."""
    text = f"{sub.title}\n{sub.body}"
    flags = []
    if _EMAIL.search(text):
        flags.append("personal data: email address in text")
    if any(sum(ch.isdigit() for ch in m.group(0)) >= 7 for m in _PHONE.finditer(text)):
        flags.append("personal data: phone number in text")
    if _STREET.search(text):
        flags.append("personal data: street address in text")
    links = len(LINK_PATTERN.findall(sub.body))
    if links:
        flags.append(f"links: {links}")
    if sub.prompt:
        flags.append(f"answers prompt {sub.prompt.isoformat()}")
    flags.append(f"consent: name {'yes' if sub.consent_name else 'no (anonymous)'}, "
                 f"photo {'yes' if sub.consent_photo else 'no'}")
    return flags


_LINK_SPAN = re.compile(r"\[[^\]\n]*\]\([^)\n]*\)|<(?:https?|mailto):[^>\s]*>|\bhttps?://[^\s)>\]]+",
                        re.IGNORECASE)


def spans(text: str) -> list[tuple[int, int, str]]:
    """Where the flagged things are in ``text``: (start, end, what), in order, not overlapping."""
    found = [(m.start(), m.end(), "email address") for m in _EMAIL.finditer(text)]
    found += [(m.start(), m.end(), "phone number") for m in _PHONE.finditer(text)
              if sum(ch.isdigit() for ch in m.group(0)) >= 7]
    found += [(m.start(), m.end(), "link") for m in _LINK_SPAN.finditer(text)]
    kept: list[tuple[int, int, str]] = []
    for start, end, what in sorted(found):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end, what))
    return kept


def segments(text: str) -> list[tuple[str, str]]:
    """``text`` cut into (piece, what) with what "" for plain text, so a page can wrap
    the flagged pieces in <mark> and escape every piece alike."""
    pieces, at = [], 0
    for start, end, what in spans(text):
        if start > at:
            pieces.append((text[at:start], ""))
        pieces.append((text[start:end], what))
        at = end
    if at < len(text):
        pieces.append((text[at:], ""))
    return pieces
