"""JSON from outside Chorus, read without losing what a duplicate key hides.

``json.loads`` keeps the last of two equal keys, so ``{"consent_name": false,
..., "consent_name": true}`` reads as consent although a person reading the
file sees a refusal first. Objects read here remember every key given more than
once, and the caller refuses them by name.
"""

from __future__ import annotations

import json
from typing import Any


class JsonObject(dict):
    """A JSON object; ``repeated`` lists the keys it gave more than once, in order."""

    repeated: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> JsonObject:
    found = JsonObject()
    repeated: list[str] = []
    for key, value in pairs:
        if key in found and key not in repeated:
            repeated.append(key)
        found.setdefault(key, value)
    found.repeated = tuple(repeated)
    return found


def loads(text: str) -> Any:
    """Parse JSON like ``json.loads``; every object is a ``JsonObject``."""
    return json.loads(text, object_pairs_hook=_object)


def repeated_keys(value: Any) -> tuple[str, ...]:
    """The keys ``value`` (an object read by ``loads``) gave more than once."""
    return getattr(value, "repeated", ())
