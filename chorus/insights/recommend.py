"""Net Promoter Score from the form's optional 0-10 "How likely are you to recommend us?"
(``CHORUS_INTAKE["ask_recommend"]``), per month and per prompt day, and the promoters who
have not told a story yet (to invite personally, once).

Promoters answer 9 or 10, passives 7 or 8, detractors 0 to 6; the score is the share of
promoters minus the share of detractors, from -100 to 100. Rejected submissions are left
out, as for ratings. The answer is private: it never reaches content/ or the site.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import Connection, exists, func, select

from chorus.insights.period import Period, as_day, month_of
from chorus.store.tables import invitations, submissions

PROMOTER, PASSIVE = 9, 7          # at least this answer
STORY_STATES = ("pending", "changes_requested", "approved")   # a story told (or being told)
MAX_LISTED = 200


@dataclass(frozen=True)
class Score:
    promoters: int = 0
    passives: int = 0
    detractors: int = 0

    @property
    def answers(self) -> int:
        return self.promoters + self.passives + self.detractors

    @property
    def nps(self) -> float | None:
        if not self.answers:
            return None
        return 100 * (self.promoters - self.detractors) / self.answers


def score_of(answers: Counter) -> Score:
    """A Score from counts of the answers 0-10."""
    return Score(promoters=sum(n for a, n in answers.items() if a >= PROMOTER),
                 passives=sum(n for a, n in answers.items() if PASSIVE <= a < PROMOTER),
                 detractors=sum(n for a, n in answers.items() if a < PASSIVE))


@dataclass(frozen=True)
class Recommend:
    overall: Score
    per_month: tuple[tuple[dt.date, Score], ...]
    per_prompt: tuple[tuple[dt.date, Score], ...]     # prompt days with at least one answer


def _answered():
    return (submissions.c.recommend.is_not(None), submissions.c.state != "rejected")


def recommend(conn: Connection, period: Period) -> Recommend:
    first, after = period.utc_bounds
    day = period.local_day(submissions.c.submitted_utc, conn.dialect.name)
    months: dict[dt.date, Counter] = {month_of(d): Counter() for d in period.days}
    for when, answer, n in conn.execute(
            select(day, submissions.c.recommend, func.count())
            .where(submissions.c.submitted_utc >= first, submissions.c.submitted_utc < after,
                   *_answered()).group_by(day, submissions.c.recommend)):
        months[month_of(as_day(when))][answer] += n
    prompts: dict[dt.date, Counter] = {}
    for prompt, answer, n in conn.execute(
            select(submissions.c.prompt, submissions.c.recommend, func.count())
            .where(submissions.c.prompt >= period.start.isoformat(),
                   submissions.c.prompt <= period.end.isoformat(), submissions.c.prompt != "",
                   *_answered()).group_by(submissions.c.prompt, submissions.c.recommend)):
        prompts.setdefault(dt.date.fromisoformat(prompt), Counter())[answer] += n
    overall = sum(months.values(), Counter())
    return Recommend(score_of(overall), tuple((m, score_of(c)) for m, c in sorted(months.items())),
                     tuple((d, score_of(c)) for d, c in sorted(prompts.items())))


@dataclass(frozen=True)
class Promoter:
    receipt: str           # their latest promoter answer in the period
    name: str              # as they gave it (private: the desk only)
    answer: int
    submitted_utc: str


def promoters_to_invite(conn: Connection, period: Period) -> list[Promoter]:
    """Promoters in the period with no story pending, awaiting changes or approved, not invited
    yet; newest first, at most MAX_LISTED."""
    first, after = period.utc_bounds
    other = submissions.alias("other")
    told = exists().where(other.c.email_key == submissions.c.email_key, other.c.kind == "story",
                          other.c.state.in_(STORY_STATES))
    asked = exists().where(invitations.c.email_key == submissions.c.email_key)
    rows = conn.execute(
        select(submissions.c.id, submissions.c.email_key, submissions.c.recommend,
               submissions.c.submitted_utc)
        .where(submissions.c.submitted_utc >= first, submissions.c.submitted_utc < after,
               submissions.c.recommend >= PROMOTER, submissions.c.state != "rejected",
               submissions.c.email_key != "", ~told, ~asked)
        .order_by(submissions.c.submitted_utc.desc(), submissions.c.id.desc())).all()
    latest: dict[str, tuple] = {}
    for row in rows:
        if row.email_key not in latest:
            latest[row.email_key] = row
            if len(latest) == MAX_LISTED:
                break
    names = dict(conn.execute(select(submissions.c.id, submissions.c.fields).where(
        submissions.c.id.in_([row.id for row in latest.values()]))).all()) if latest else {}
    return [Promoter(row.id, str((names.get(row.id) or {}).get("name") or ""), row.recommend,
                     row.submitted_utc) for row in latest.values()]
