"""The badges a build shows, as ``recognition/earned.json`` in its output (public data: advocate
slug, badge id, name, day), and what is new between two such files.

Split from notify.py (which mails the news through the store) so that a build, which
writes the file, loads no database code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

EARNED_FILE = "recognition/earned.json"


@dataclass(frozen=True, order=True)
class Earning:
    advocate: str                # slug
    badge: str
    name: str
    day: str                     # YYYY-MM-DD
    advocate_name: str = ""      # the public name, as the site shows it


def earned_json(rows: list[Earning]) -> bytes:
    """The file the build writes (sorted, so the same badges give the same bytes)."""
    return (json.dumps({"version": 1, "earned": [vars(row) for row in sorted(rows)]},
                       ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def read_earned(output: Path) -> set[Earning] | None:
    """The badges a built output shows; None when it has no (readable) file."""
    try:
        data = json.loads((Path(output) / EARNED_FILE).read_text(encoding="utf-8"))
        return {Earning(**{key: str(row[key]) for key in ("advocate", "badge", "name", "day",
                                                           "advocate_name")})
                for row in data["earned"]}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def new_earnings(before: set[Earning] | None, after: set[Earning] | None) -> list[Earning]:
    """What ``after`` shows that ``before`` did not (by advocate and badge); nothing without both."""
    if before is None or after is None:
        return []
    had = {(row.advocate, row.badge) for row in before}
    return sorted(row for row in after if (row.advocate, row.badge) not in had)
