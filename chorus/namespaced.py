"""Read one ``CHORUS_*`` settings dict: a copy of what the user gave, and unknown keys."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import Any


def read_namespace(settings: Mapping[str, Any], name: str,
                   cls: type) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """The user's ``settings[name]`` (copied, never mutated), the dataclass's field
    types by name, and one problem per key the dataclass does not know."""
    given = dict(settings.get(name) or {})
    known = {item.name: item.type for item in fields(cls)}
    problems = [f"unknown key '{key}' (known: {', '.join(sorted(known))})"
                for key in sorted(given.keys() - known.keys())]
    return given, known, problems


def plugin_listed(settings: Mapping[str, Any], name: str) -> bool:
    """Whether ``name`` is in the build's ``PLUGINS``. Pelican's signals stay connected for the
    life of a process, so a receiver left by an earlier build with the plugin checks this."""
    listed = settings.get("PLUGINS") or []
    return any(str(getattr(p, "__name__", p)).rsplit(".", 1)[-1] == name for p in listed)
