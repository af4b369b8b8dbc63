"""Numbers for the team, from the store: volume, decisions, the queue, prompts, advocates,
ratings and the Net Promoter Score (and the invitation of promoters, ``invite``).

Each module answers one question with indexed queries (migration 0004_insights);
``report.gather`` runs them all for a ``period.Period`` (days in the site's timezone).
"""

from chorus.insights.period import Period, PeriodError, parse_period
from chorus.insights.report import Insights, gather, prompt_calendar

__all__ = ["Insights", "Period", "PeriodError", "gather", "parse_period", "prompt_calendar"]
