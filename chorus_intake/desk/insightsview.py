"""The insights page as data: summary figures, tables (each also a CSV) and bar charts
(geometry only; the template draws the SVG, so every label is escaped like any text)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from chorus.insights import Insights
from chorus.insights.advocates import average
from chorus.insights.period import month_of, week_of
from chorus_intake.export import safe_cell

DECISION_LABELS = {"approve": "approved", "reject": "rejected", "request-changes": "changes requested"}
CHART_WIDTH, CHART_HEIGHT, CHART_TOP = 600, 160, 16


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int


@dataclass(frozen=True)
class Chart:
    title: str
    bars: tuple[Bar, ...]
    peak: int
    first: str
    last: str
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT


@dataclass(frozen=True)
class Table:
    slug: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple, ...]
    chart: Chart | None = None


def bar_chart(title: str, points: list[tuple[str, int]]) -> Chart:
    """Vertical bars, one per point, scaled to the highest value."""
    peak = max((value for _label, value in points), default=0)
    step = CHART_WIDTH / max(len(points), 1)
    room = CHART_HEIGHT - CHART_TOP
    bars = tuple(Bar(round(i * step + step * 0.1, 2), round(CHART_HEIGHT - room * value / peak, 2)
                     if peak else CHART_HEIGHT, round(step * 0.8, 2),
                     round(room * value / peak, 2) if peak else 0, label, value)
                 for i, (label, value) in enumerate(points))
    return Chart(title, bars, peak, points[0][0] if points else "", points[-1][0] if points else "")


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "no decisions"
    if seconds < 3600:
        return f"{round(seconds / 60)} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"


def percent(share: float | None) -> str:
    return "n/a" if share is None else f"{share * 100:.0f}%"


def number(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def summary(found: Insights) -> list[tuple[str, str]]:
    rates, waits = found.rates, found.waits
    return [
        ("Submissions received", str(found.received.total)),
        ("First decisions", str(rates.total)),
        ("Approved at first decision", percent(rates.share("approve"))),
        ("Rejected at first decision", percent(rates.share("reject"))),
        ("Changes requested at first decision", percent(rates.share("request-changes"))),
        ("Median time to first decision", duration(waits.median)),
        ("90th percentile time to first decision", duration(waits.p90)),
        ("Waiting in the queue now", str(found.queue.pending)),
        ("Oldest waiting", duration(found.queue.oldest_seconds) if found.queue.pending else "none"),
        ("Prompt days answered", percent(found.answers.answer_rate)),
        ("Returning advocates", percent(found.returning.returning_share)),
        ("Average rating", number(found.ratings.average)),
        ("Net Promoter Score", signed(found.recommend.overall.nps)),
    ]


def signed(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.0f}"


def tables(found: Insights) -> list[Table]:
    return [_per_day(found), _per_week(found), _decisions(found), _waits(found), _queue(found),
            _answers(found), _streaks(found), _returning(found), _ratings(found),
            _ratings_over_time(found), _nps("nps-per-month", "Net Promoter Score per month",
                                             "Month", [(m.isoformat()[:7], s) for m, s in
                                                       found.recommend.per_month]),
            _nps("nps-per-prompt", "Net Promoter Score per prompt day", "Prompt day",
                 [(d.isoformat(), s) for d, s in found.recommend.per_prompt])]


def _nps(slug: str, title: str, first: str, scores: list) -> Table:
    rows = tuple((label, s.answers, s.promoters, s.passives, s.detractors, signed(s.nps))
                 for label, s in scores)
    return Table(slug, title, (first, "Answers", "Promoters (9-10)", "Passives (7-8)",
                               "Detractors (0-6)", "Score"), rows)


def _per_day(found: Insights) -> Table:
    got = found.received
    kinds, channels = got.kinds, got.channels
    cells: dict[dt.date, dict[str, int]] = {day: {} for day in found.period.days}
    for (day, kind, channel), n in got.counts.items():
        row = cells[day]
        row[f"k:{kind}"] = row.get(f"k:{kind}", 0) + n
        row[f"c:{channel}"] = row.get(f"c:{channel}", 0) + n
    rows = tuple((day.isoformat(), total, *(cells[day].get(f"k:{k}", 0) for k in kinds),
                  *(cells[day].get(f"c:{c}", 0) for c in channels)) for day, total in got.per_day())
    return Table("received-per-day", "Submissions received per day",
                 ("Day", "Total", *kinds, *(f"via {c}" for c in channels)), rows,
                 bar_chart("Submissions received per day",
                           [(day.isoformat(), n) for day, n in got.per_day()]))


def _per_week(found: Insights) -> Table:
    got = found.received
    kinds, channels = got.kinds, got.channels
    rows = tuple((week.isoformat(), sum(c[f"kind:{k}"] for k in kinds),
                  *(c[f"kind:{k}"] for k in kinds), *(c[f"channel:{ch}"] for ch in channels))
                 for week, c in got.per_week())
    return Table("received-per-week", "Submissions received per week (weeks start on Monday)",
                 ("Week of", "Total", *kinds, *(f"via {c}" for c in channels)), rows)


def _decisions(found: Insights) -> Table:
    rates = found.rates
    rows = tuple((label, rates.counts[action], percent(rates.share(action)))
                 for action, label in DECISION_LABELS.items())
    return Table("first-decisions", "First decisions made in the period",
                 ("First decision", "Submissions", "Share"), rows,
                 bar_chart("First decisions", [(label, n) for label, n, _share in rows]))


def _waits(found: Insights) -> Table:
    waits = found.waits
    return Table("time-to-first-decision",
                 f"Time from submission to first decision ({waits.count} first decided in the "
                 f"period; median {duration(waits.median)}, 90th percentile {duration(waits.p90)})",
                 ("Time to first decision", "Submissions"), waits.buckets,
                 bar_chart("Time to first decision", list(waits.buckets)))


def _queue(found: Insights) -> Table:
    queue = found.queue
    return Table("queue-age", "How long the pending submissions have waited (now)",
                 ("Waiting for", "Submissions"), queue.buckets,
                 bar_chart("Queue age", list(queue.buckets)))


def _answers(found: Insights) -> Table:
    days = found.answers.days
    rows = tuple((d.day.isoformat(), d.prompt or "(no prompt that day)", d.answers, d.approved)
                 for d in days)
    return Table("prompt-answers", "Answers per prompt day", ("Day", "Prompt", "Answers", "Approved"),
                 rows, bar_chart("Answers per prompt day",
                                 [(d.day.isoformat(), d.answers) for d in found.answers.prompt_days]))


def _streaks(found: Insights) -> Table:
    buckets = found.streaks.buckets
    return Table("streaks", "Advocates by their longest streak in the period",
                 ("Longest streak", "Advocates"), buckets, bar_chart("Streaks", list(buckets)))


def _returning(found: Insights) -> Table:
    got = found.returning
    return Table("returning-advocates", "Advocates who sent something in the period",
                 ("Advocates", "Number"),
                 (("New (first submission ever)", got.new), ("Returning (sent one before)", got.returning),
                  ("Sent two or more in the period", got.repeat)))


def _ratings(found: Insights) -> Table:
    rows = tuple((f"{stars} of 5", n) for stars, n in found.ratings.distribution())
    return Table("ratings", "Ratings given (rejected submissions left out)", ("Rating", "Testimonials"),
                 rows, bar_chart("Ratings", list(rows)))


def _ratings_over_time(found: Insights) -> Table:
    monthly = found.period.length > 16 * 7
    grouped = found.ratings.over(month_of if monthly else week_of, found.period.days)
    rows = tuple((start.isoformat()[:7] if monthly else start.isoformat(), sum(n for _r, n in dist),
                  number(average(dist)), *(n for _r, n in dist)) for start, dist in grouped)
    return Table("ratings-over-time", f"Ratings per {'month' if monthly else 'week'}",
                 ("Month" if monthly else "Week of", "Ratings", "Average", "1", "2", "3", "4", "5"),
                 rows)


def as_csv(table: Table) -> str:
    """The table as CSV a spreadsheet opens safely (every cell neutralised)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in table.headers])
    for row in table.rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()
