"""Unpublish a withdrawn piece: its files leave content/, so the next build drops it.

Chorus removes the files rather than setting ``Status: withdrawn``: a withdrawal
is usually consent being taken back, and the person's words should not stay in
the published repository where a later edit could bring them back. The private
store keeps the submission and its decision log as the record of what happened.
The advocate file and photo go too unless another published piece still names
that advocate.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chorus.durable import fsync_dir
from chorus.paths import published_file
from chorus.store import advocates

if TYPE_CHECKING:
    from chorus.desk import Desk


def referenced(content: Path, advocate: str, ignore: str) -> bool:
    """True if a story or testimonial other than ``ignore`` names ``advocate``."""
    line = re.compile(rf"^advocate\s*:\s*{re.escape(advocate)}\s*$", re.IGNORECASE | re.MULTILINE)
    for folder in ("stories", "testimonials"):
        for path in (content / folder).glob("*.md"):
            if path.relative_to(content).as_posix() == ignore:
                continue
            head = path.read_text(encoding="utf-8", errors="replace").split("\n\n", 1)[0]
            if line.search(head):
                return True
    return False


def unpublish(desk: Desk, record: dict[str, Any]) -> list[str]:
    """Remove the piece (and its now unused advocate files); return what was removed."""
    published = record["published"]
    content = desk.content_dir
    doomed = [published["piece"]]
    advocate = published.get("advocate", "anonymous")
    if advocate != "anonymous" and not referenced(content, advocate, published["piece"]):
        doomed += [f"advocates/{advocate}.md", f"images/advocates/{advocate}.jpg"]
    # The record is not trusted: every path is checked before anything changes.
    targets = [(relative, published_file(content, relative)) for relative in doomed]
    if len(doomed) > 1:
        with desk.store.write() as conn:
            advocates.forget_slug(conn, advocate)
    removed = []
    for relative, path in targets:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed.append(relative)
            fsync_dir(path.parent)
    return removed
