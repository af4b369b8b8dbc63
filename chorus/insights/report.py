"""All the insights for one period, gathered in one read transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chorus.insights import advocates, answers, decisions, recommend, volume
from chorus.insights.period import Period
from chorus.problems import ChorusError
from chorus.prompt_tools import Workspace
from chorus.store import Store


@dataclass(frozen=True)
class Insights:
    period: Period
    now: dt.datetime
    received: volume.Received
    rates: decisions.Rates
    waits: decisions.Waits
    queue: decisions.QueueAge
    answers: answers.Answers
    streaks: answers.Streaks
    returning: advocates.Returning
    ratings: advocates.Ratings
    recommend: recommend.Recommend
    promoters: list[recommend.Promoter]


def gather(store: Store, period: Period, now: dt.datetime, calendar: Mapping[dt.date, str],
           grace_window: int = 7) -> Insights:
    """Every number for ``period``; the queue as it stands at ``now``; ``calendar`` maps
    prompt days to their questions (see ``prompt_calendar``)."""
    with store.read() as conn:
        return Insights(period, now, volume.received(conn, period), decisions.rates(conn, period),
                        decisions.waits(conn, period), decisions.queue_age(conn, now),
                        answers.answers(conn, period, calendar),
                        answers.streaks(conn, period, calendar, grace_window),
                        advocates.returning(conn, period), advocates.ratings(conn, period),
                        recommend.recommend(conn, period), recommend.promoters_to_invite(conn, period))


def prompt_calendar(settings: Mapping[str, Any], content_dir: Path, period: Period,
                    now: dt.datetime) -> tuple[dict[dt.date, str], str]:
    """The prompt day's questions in ``period`` from the hub's plan, and why not ("" if fine)."""
    try:
        workspace = Workspace.from_pelican(dict(settings), content_dir, now)
        plan = workspace.plan(period.end)
    except ChorusError as err:
        lines = str(err).splitlines()       # a summary line, then one line per problem
        details = "; ".join(line.strip() for line in lines[1:]) or lines[0]
        return {}, f"the prompt calendar could not be read ({details})"
    return {slot.day: slot.prompt.question for slot in plan.slots
            if slot.prompt and period.start <= slot.day <= period.end}, ""
