"""Flags a moderator should see, from a submission's text alone (computed once, at submit)."""

from __future__ import annotations

import re

from chorus.safemd import LINK_PATTERN
from chorus.submission import Submission

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w])\+?\d[\d ().-]{6,}\d(?![\w])")


def text_flags(sub: Submission) -> list[str]:
    """Personal data in the text, links, the prompt answered, consent choices."""
    text = f"{sub.title}\n{sub.body}"
    flags = []
    if _EMAIL.search(text):
        flags.append("personal data: email address in text")
    if any(sum(ch.isdigit() for ch in m.group(0)) >= 7 for m in _PHONE.finditer(text)):
        flags.append("personal data: phone number in text")
    links = len(LINK_PATTERN.findall(sub.body))
    if links:
        flags.append(f"links: {links}")
    if sub.prompt:
        flags.append(f"answers prompt {sub.prompt.isoformat()}")
    flags.append(f"consent: name {'yes' if sub.consent_name else 'no (anonymous)'}, "
                 f"photo {'yes' if sub.consent_photo else 'no'}")
    return flags
