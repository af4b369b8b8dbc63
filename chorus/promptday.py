"""A published prompt day: the shape the prompts plugin publishes and the feeds
and share-card plugins read (``context["prompt_days"]``, ``context["today_prompt"]``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from chorus.hub import Prompt, Testimonial


@dataclass
class PromptDay:
    """One day of the daily prompt, with the approved answers to it."""

    day: dt.date
    prompt: Prompt
    stories: list[Any] = field(default_factory=list)          # Pelican articles, newest first
    testimonials: list[Testimonial] = field(default_factory=list)

    @property
    def url(self) -> str:
        """Relative URL of the day's page, e.g. ``prompts/2026/11/22/``."""
        return f"prompts/{self.day:%Y/%m/%d}/"

    @property
    def answer_count(self) -> int:
        return len(self.stories) + len(self.testimonials)
