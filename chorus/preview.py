"""A private preview: the whole hub built with one submission in place, never in output/."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

from chorus import publishing, site
from chorus.desk import Desk
from chorus.fields import ParseContext
from chorus.submission import Submission


def build_preview(desk: Desk, receipt: str, settings: dict[str, Any], workdir: Path, *,
                  now: dt.datetime, moderator: str = "preview") -> tuple[Path, str]:
    """Build the hub with ``receipt`` approved as it would be, into ``workdir``.

    Content is copied to ``workdir/content`` and the site is written to
    ``workdir/site``; returns (site folder, the piece's relative URL). The build
    day is the later of today and the piece's date, so it is always visible.
    """
    record = desk.store.load(receipt)
    sub = Submission.from_json(record["submission"])
    content = workdir / "content"
    shutil.copytree(desk.content_dir, content)
    now = now.astimezone(desk.zone)
    choices = publishing.Choices(moderator, now)
    known = desk.store.private_map().get(sub.email.casefold())
    plan = publishing.plan(sub, receipt, desk.store.photo(receipt) if record.get("has_photo")
                           else None, content, known, choices)
    ctx = ParseContext(zone=desk.zone, content_dir=str(content))
    texts = {name: ("@photo" if name.startswith("images/") else data.decode("utf-8"))
             for name, data in plan.files.items()}
    photo = plan.files.get(f"images/advocates/{plan.advocate}.jpg")
    publishing.write_files(texts, photo, content, ctx)
    output = workdir / "site"
    day = max(dt.date.fromisoformat(settings["CHORUS_TODAY"]), now.date())
    preview_settings = {**settings, "PATH": str(content), "OUTPUT_PATH": str(output),
                        "CHORUS_TODAY": day.isoformat(), "SITEURL": "",
                        "CHORUS_SEARCH": {**(settings.get("CHORUS_SEARCH") or {}), "enabled": False}}
    site.build(preview_settings)
    return output, plan.url
