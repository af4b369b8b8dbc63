"""Problems found in content: one per wrong field, reported together."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One wrong thing in one file, with the fix in the message."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


class ChorusError(Exception):
    """Base class of errors a user can fix; shown as one clear message."""


class ConfigError(ChorusError):
    """A setting in pelicanconf.py is wrong."""


class ContentError(ChorusError):
    """Content files failed validation; carries every problem found."""

    exitcode = 1

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(format_report(self.problems))


def format_report(problems: list[Problem], left_out: bool = False) -> str:
    """Render problems as lines ``file:line: field: message`` with a heading."""
    files = len({p.path for p in problems})
    verb = "left out of the build" if left_out else "must be fixed before the hub can be built"
    head = f"{len(problems)} content problem(s) in {files} file(s) {verb}:"
    return "\n".join([head, *(f"  {p}" for p in sorted(problems))])
