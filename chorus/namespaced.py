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


def scalar_problems(given: Mapping[str, Any], types: Mapping[str, Any]) -> list[str]:
    """One problem per given value of the wrong kind for its field's type: ``bool`` wants
    True/False, ``str`` text, ``int``/``float`` a number above 0 (never a bool)."""
    problems = []
    for key, value in given.items():
        wanted = types.get(key)
        if wanted == "bool" and not isinstance(value, bool):
            problems.append(f"'{key}' must be True or False")
        elif wanted == "str" and not isinstance(value, str):
            problems.append(f"'{key}' must be text")
        elif wanted in ("int", "float") and (isinstance(value, bool) or not isinstance(
                value, (int, float)) or value <= 0):
            problems.append(f"'{key}' must be a number above 0")
    return problems


def plugin_listed(settings: Mapping[str, Any], name: str) -> bool:
    """Whether ``name`` is in the build's ``PLUGINS``. Pelican's signals stay connected for the
    life of a process, so a receiver left by an earlier build with the plugin checks this."""
    listed = settings.get("PLUGINS") or []
    return any(str(getattr(p, "__name__", p)).rsplit(".", 1)[-1] == name for p in listed)
