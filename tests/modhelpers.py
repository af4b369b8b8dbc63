"""Helpers for the moderation tests: a desk over a private copy of the mini hub."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from PIL import Image

from chorus.desk import Desk
from conftest import FIXTURES, copy_content, make_settings

NOW = dt.datetime(2026, 11, 20, 17, 0, tzinfo=dt.timezone.utc)


def a_story(**changes) -> dict:
    values = {"kind": "story", "title": "Rain on the ridge", "body": "It rained all the way up.\n\nThen the sun came out.",
              "name": "Pat Quinn", "display_name": "Pat Q.", "email": "pat@example.com",
              "consent_name": "yes"}
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def a_testimonial(**changes) -> dict:
    values = {"kind": "testimonial", "body": "Best trail shoe I have owned.", "name": "Sam Roe",
              "email": "sam@example.com", "consent_name": "yes", "rating": "5",
              "product": "Scree 3", "role": "Coach"}
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def make_desk(tmp_path: Path, **moderation) -> tuple[Desk, dict]:
    content = tmp_path / "content"
    if not content.exists():
        copy_content(FIXTURES / "mini", content)
    overrides = {"CHORUS_MODERATION": moderation} if moderation else {}
    settings = make_settings(content, tmp_path / "output", **overrides)
    return Desk.from_settings(settings, tmp_path), settings


def empty_store(desk: Desk) -> Desk:
    """Delete every row (a PostgreSQL test database is shared by a test's examples)."""
    from chorus.store.tables import metadata

    with desk.store.write() as conn:
        for table in reversed(metadata.sorted_tables):
            conn.execute(table.delete())
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("DELETE FROM submissions_fts")
    return desk


def jpeg(size=(64, 48), color=(200, 30, 30), exif=None, fmt="JPEG") -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, color)
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(out, fmt, **kwargs)
    return out.getvalue()
