"""Benchmark (not a test): each insights query against a store of N synthetic submissions.

    .venv/bin/python -m bench.insights [--count 100000] [--backend sqlite --backend postgresql]

Fills a throwaway hub's store (a copy of tests/fixtures/mini) with submissions spread
over two years before NOW (kinds, channels, states, ratings, first decisions, prompt
answers, 0-10 recommendations on 30%, about one advocate per five submissions), in bulk, then prints a Markdown
table: the median and worst of 7 runs of each query, for a 28-day and a 365-day period.
PostgreSQL runs on a throwaway local cluster. The target is under 200 ms each.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from sqlalchemy import insert  # noqa: E402

from chorus import insights  # noqa: E402
from chorus.desk import Desk  # noqa: E402
from chorus.insights import advocates, answers, decisions, recommend, volume  # noqa: E402
from chorus.insights.period import Period  # noqa: E402
from chorus.store import records  # noqa: E402
from chorus.store.tables import submissions  # noqa: E402
from bench.moderation import throwaway_desk, timed  # noqa: E402

NOW = dt.datetime(2026, 11, 20, 17, 0, tzinfo=dt.timezone.utc)
SPAN = dt.timedelta(days=730)
STATES = ("approved",) * 6 + ("rejected",) * 2 + ("pending", "changes_requested", "withdrawn")
FIRST = {"approved": "approve", "rejected": "reject", "changes_requested": "request-changes",
         "withdrawn": "approve"}


def _row(number: int, rng: random.Random) -> dict:
    at = NOW - SPAN * rng.random()
    state = STATES[rng.randrange(len(STATES))]
    kind = "testimonial" if rng.random() < 0.6 else "story"
    answer = at.date() if rng.random() < 0.5 else None
    fields = {"kind": kind, "title": f"Story {number}", "body": "We ran up the ridge.",
              "name": f"Person {number}", "email": f"p{number % 20_000}@example.com",
              "consent_name": True, "rating": rng.randint(1, 5) if kind == "testimonial" else None,
              "prompt": answer.isoformat() if answer else None,
              "recommend": rng.randint(0, 10) if rng.random() < 0.3 else None}
    record = {"id": f"{at:%Y%m%d}-{number:08x}", "state": state, "kind": kind,
              "submission": fields, "fingerprint": f"{number:016x}",
              "intake": {"channel": ("form", "form", "ingest", "")[number % 4]}}
    decided = at + dt.timedelta(hours=rng.expovariate(1 / 30)) if state != "pending" else None
    return {"id": record["id"], "version": 1, "submitted_at": at.isoformat(timespec="seconds"),
            "submitted_utc": records.utc(at), **records._columns(record, records.utc(at)),
            "decision": FIRST.get(state) if decided else None,
            "decided_utc": records.utc(min(decided, NOW)) if decided else None}


def fill(desk: Desk, count: int) -> None:
    rng = random.Random(18)
    for start in range(0, count, 5000):
        rows = [_row(n, rng) for n in range(start, min(count, start + 5000))]
        with desk.store.write() as conn:
            conn.execute(insert(submissions), rows)
    if desk.store.settings.backend == "postgresql":
        with desk.store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")      # as autovacuum would after a bulk load
    else:
        with desk.store.write() as conn:
            conn.exec_driver_sql("ANALYZE")


def _in_read(desk: Desk, query, *args):
    def run():
        with desk.store.read() as conn:
            return query(conn, *args)
    return run


def measure(backend: str, count: int, url: str | None) -> None:
    with throwaway_desk(url) as desk:
        started = time.perf_counter()
        fill(desk, count)
        filled = time.perf_counter() - started
        today = NOW.astimezone(desk.zone).date()
        for days in (28, 365):
            period = Period(today - dt.timedelta(days=days - 1), today, desk.zone)
            calendar = {day: "Question" for day in period.days}
            cases = [("received per day, kind, channel", volume.received, period),
                     ("first decisions and rates", decisions.rates, period),
                     ("time to first decision", decisions.waits, period),
                     ("queue age", decisions.queue_age, NOW),
                     ("answers per prompt day", answers.answers, period, calendar),
                     ("streak distribution", answers.streaks, period, calendar),
                     ("returning advocates", advocates.returning, period),
                     ("ratings", advocates.ratings, period),
                     ("Net Promoter Score", recommend.recommend, period),
                     ("promoters to invite", recommend.promoters_to_invite, period)]
            for label, query, *args in cases:
                median, worst = timed(7, _in_read(desk, query, *args))
                print(f"| {backend} | {count:,} | {days} | {label} | {median:.1f} | {worst:.1f} |",
                      flush=True)
            median, worst = timed(7, insights.gather, desk.store, period, NOW, calendar)
            print(f"| {backend} | {count:,} | {days} | **all (the page's numbers)** | {median:.1f} "
                  f"| {worst:.1f} |", flush=True)
        print(f"(filled {count:,} in {filled:.1f}s)", file=sys.stderr)


def main() -> None:
    from bench.pgserver import each_store

    each_store(measure, __doc__.splitlines()[0], 100_000,
               "store | submissions | period (days) | query | median ms | max ms")


if __name__ == "__main__":
    main()
