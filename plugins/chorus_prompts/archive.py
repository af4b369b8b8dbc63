"""The prompt archive's shape: published prompt days grouped by month."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from chorus.promptday import PromptDay


@dataclass
class Month:
    """One month of prompt days, newest day first."""

    first: dt.date
    days: list[PromptDay] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"prompts/{self.first:%Y/%m}/"

    @property
    def answer_count(self) -> int:
        return sum(day.answer_count for day in self.days)


def by_month(prompt_days: list[PromptDay]) -> list[Month]:
    """Months newest first; ``prompt_days`` must be newest first."""
    months: dict[dt.date, Month] = {}
    for prompt_day in prompt_days:
        first = prompt_day.day.replace(day=1)
        months.setdefault(first, Month(first)).days.append(prompt_day)
    return list(months.values())


def neighbours(prompt_days: list[PromptDay]) -> dict[dt.date, tuple[PromptDay | None, PromptDay | None]]:
    """For each day, the (older, newer) published prompt days around it."""
    found = {}
    for index, prompt_day in enumerate(prompt_days):
        newer = prompt_days[index - 1] if index > 0 else None
        older = prompt_days[index + 1] if index + 1 < len(prompt_days) else None
        found[prompt_day.day] = (older, newer)
    return found
