"""Chorus daily prompt plugin: decides each day's prompt (scheduled, calendar,
pool rotation), writes a page per published prompt day with its approved
answers, the prompt archive by month, and publishes ``context["prompt_days"]``,
``context["today_prompt"]`` and ``context["advocate_streaks"]``."""

from .glue import register

__all__ = ["register"]
