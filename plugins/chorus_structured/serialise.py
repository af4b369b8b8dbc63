"""JSON-LD serialised for an HTML ``<script>`` element.

``json.dumps`` alone is not enough: advocate text may hold ``</script>`` or ``<!--``. With
``<``, ``>`` and ``&`` written as JSON escapes (``\\u003c``...) the element's content
holds none of them, so nothing can end the element or open a comment, and the JSON still
parses to the same text. U+2028/U+2029 are escaped too (old JavaScript parsers)."""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
            "\u2028": "\\u2028", "\u2029": "\\u2029"}
_TABLE = str.maketrans(_ESCAPES)


def script_json(data: Any) -> str:
    """``data`` as JSON safe inside a script element (no ``<``, ``>`` or ``&``)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return text.translate(_TABLE)


def script_element(data: Any) -> Markup:
    """The whole ``<script type="application/ld+json">`` element, ready for a template."""
    return Markup(f'<script type="application/ld+json">{script_json(data)}</script>')
