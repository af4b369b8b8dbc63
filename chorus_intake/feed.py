"""The moderators' private Atom feed of the pending queue: titles, kinds, how to review.

No emails, names or submission text: only what a moderator needs to know that
something is waiting, so the feed can go to a chat tool or feed reader safely.
"""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

from chorus import review
from chorus.desk import Desk

ATOM = "http://www.w3.org/2005/Atom"


def _add(parent: ET.Element, tag: str, text: str = "", **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text:
        element.text = text
    return element


def pending_feed(desk: Desk, self_url: str, now: dt.datetime, limit: int = 100) -> bytes:
    """The feed document: newest pending submission first, at most ``limit`` entries."""
    items = review.queue(desk, now, "pending", limit=limit, newest_first=True)
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    _add(root, "title", f"{desk.site_name}: submissions waiting for a moderator")
    _add(root, "id", f"urn:chorus:moderation:{desk.site_name}")
    newest = items[0].submitted_at if items else now.isoformat(timespec="seconds")
    _add(root, "updated", _atom_time(newest))
    _add(root, "link", rel="self", href=self_url.split("?", 1)[0])
    author = _add(root, "author")
    _add(author, "name", "Chorus intake")
    for item in items:
        entry = _add(root, "entry")
        _add(entry, "title", f"[{item.kind}] {item.title}")
        _add(entry, "id", f"urn:chorus:submission:{item.id}")
        _add(entry, "updated", _atom_time(item.submitted_at))
        flags = "".join(f"\n- {flag}" for flag in item.flags)
        _add(entry, "content", f"A {item.kind} is waiting ({item.age}). Review it with:\n"
                               f"  invoke mod.show {item.id}\nFlags:{flags}", type="text")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _atom_time(stamp: str) -> str:
    return dt.datetime.fromisoformat(stamp).astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
