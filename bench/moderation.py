"""Benchmark (not a test): the queue, search, approve and submit against a store of N submissions.

    .venv/bin/python bench/moderation.py [--count 10000 --count 100000]
        [--backend sqlite --backend postgresql]

Builds a throwaway hub (a copy of tests/fixtures/mini) in a temp folder, fills
its store with rows as submit would write them (in bulk, for speed), and prints
a Markdown table of timings. PostgreSQL runs on a throwaway local cluster.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from sqlalchemy import insert  # noqa: E402

from chorus import moderation, review, site  # noqa: E402
from chorus.desk import Desk  # noqa: E402
from chorus.flags import text_flags  # noqa: E402
from chorus.store import records, search  # noqa: E402
from chorus.store.tables import history, submissions  # noqa: E402
from chorus.submission import check  # noqa: E402

NOW = dt.datetime(2026, 11, 20, 17, 0, tzinfo=dt.timezone.utc)
WORDS = "ridge trail mud summit river pine fog dawn ascent scree cairn switchback".split()


def _row(number: int) -> tuple[dict, dict]:
    sub, problems = check({"kind": "story", "title": f"Trail story {number}",
                           "body": f"Story {number}: {WORDS[number % 12]} and {WORDS[number % 7]}. "
                                   + "We ran up the ridge. " * 10,
                           "name": f"Person {number}", "email": f"p{number}@example.com",
                           "consent_name": "yes"})
    assert not problems, problems
    at = NOW - dt.timedelta(seconds=number)
    receipt = f"{at:%Y%m%d}-{number:08x}"
    record = {"id": receipt, "state": "pending" if number % 4 else "rejected", "kind": sub.kind,
              "submitted_at": at.isoformat(), "submission": sub.to_json(),
              "fingerprint": sub.fingerprint, "flags": text_flags(sub)}
    row = {"id": receipt, "version": 1, "submitted_at": record["submitted_at"],
           "submitted_utc": records.utc(at), **records._columns(record, records.utc(at))}
    line = {"submission_id": receipt, "seq": 1, "action": "submit", "by": "advocate",
            "at": record["submitted_at"], "from_state": None, "to_state": "pending", "why": ""}
    return row, line


def fill(desk: Desk, count: int) -> None:
    for start in range(0, count, 5000):
        rows, lines = zip(*(_row(n) for n in range(start, min(count, start + 5000))))
        with desk.store.write() as conn:
            conn.execute(insert(submissions), list(rows))
            conn.execute(insert(history), list(lines))
            for row in rows:
                search.index(conn, row["id"], row["search_text"])
    if desk.store.settings.backend == "postgresql":
        with desk.store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")      # as autovacuum would after a bulk load


def timed(runs: int, func, *args, **kwargs) -> tuple[float, float]:
    """(median, max) wall time in ms of ``runs`` calls."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func(*args, **kwargs)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


@contextlib.contextmanager
def throwaway_desk(url: str | None) -> Iterator[Desk]:
    """A desk over a copy of the mini hub in a temp folder; its store at ``url`` (None: SQLite there)."""
    with tempfile.TemporaryDirectory(prefix="chorus-bench-") as tmp:
        base = Path(tmp)
        shutil.copytree(ROOT / "tests/fixtures/mini", base / "content")
        overrides = {"PATH": str(base / "content"), "CHORUS_STORE": {"url": url or ""}}
        settings = site.load_settings(ROOT / "pelicanconf.py", today="2026-11-22", overrides=overrides)
        yield Desk.from_settings(settings, base, environ={})


def measure(backend: str, count: int, url: str | None) -> None:
    with throwaway_desk(url) as desk:
        started = time.perf_counter()
        fill(desk, count)
        filled = time.perf_counter() - started
        cases = [
            ("queue: first page of 50 pending", review.queue, (desk, NOW), {"limit": 50}),
            ("queue: page 100 of 50 pending", review.queue, (desk, NOW), {"limit": 50, "offset": 5000}),
            ("search: 'summit river', first 50", review.queue, (desk, NOW, None),
             {"search": "summit river", "limit": 50}),
            ("search: 'story 4242' (rare)", review.queue, (desk, NOW, None),
             {"search": "story 4242", "limit": 50}),
        ]
        for label, func, args, kwargs in cases:
            median, worst = timed(7, func, *args, **kwargs)
            print(f"| {backend} | {count:,} | {label} | {median:.1f} | {worst:.1f} |", flush=True)
        receipts = [item.id for item in review.queue(desk, NOW, limit=10)]
        median, worst = timed(1, lambda: [moderation.approve(desk, r, moderator="Bench", now=NOW)
                                          for r in receipts])
        print(f"| {backend} | {count:,} | approve (each, of 10) | {median / 10:.1f} | - |")
        print(f"(filled {count:,} in {filled:.1f}s)", file=sys.stderr)


def main() -> None:
    from bench.pgserver import each_store

    each_store(measure, __doc__.splitlines()[0], 10_000,
               "store | submissions | operation | median ms | max ms")


if __name__ == "__main__":
    main()
