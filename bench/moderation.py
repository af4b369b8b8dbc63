"""Benchmark (not a test): mod.queue and mod.approve latency with a 10,000-submission inbox.

    .venv/bin/python bench/moderation.py [--count 10000]

Builds a throwaway hub (a copy of tests/fixtures/mini) in a temp folder, fills
its inbox, and prints timings. Nothing outside the temp folder is touched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from chorus import moderation, review, site  # noqa: E402
from chorus.desk import Desk  # noqa: E402
from chorus.inbox import new_id  # noqa: E402
from chorus.flags import text_flags  # noqa: E402
from chorus.submission import check  # noqa: E402

NOW = dt.datetime(2026, 11, 20, 17, 0, tzinfo=dt.timezone.utc)


def fill(desk: Desk, count: int) -> list[str]:
    """Write ``count`` pending records straight into the inbox (as submit would, minus email)."""
    receipts = []
    with desk.inbox.locked():
        for number in range(count):
            sub, problems = check({"kind": "story" if number % 3 else "testimonial",
                            **({"title": f"Trail story {number}"} if number % 3 else {"rating": "5"}),
                            "body": f"Story number {number}. " + "We ran up the ridge. " * (20 if number % 3 else 5),
                            "name": f"Person {number}", "email": f"p{number}@example.com",
                            "consent_name": "yes" if number % 2 else "no"})
            assert not problems, problems
            at = NOW + dt.timedelta(seconds=number)
            receipt = new_id(at.strftime("%Y%m%d"))
            desk.inbox.create(receipt, {
                "id": receipt, "state": "pending", "kind": sub.kind,
                "submitted_at": at.isoformat(), "submission": sub.to_json(),
                "fingerprint": sub.fingerprint, "has_photo": False, "flags": text_flags(sub),
                "history": [{"action": "submit", "by": "advocate", "at": at.isoformat(),
                             "from": None, "to": "pending", "why": ""}]}, None)
            receipts.append(receipt)
    return receipts


CPU: list[float] = []


def timed(func, *args, **kwargs) -> float:
    """Wall time of one call; its CPU time is appended to CPU (steadier on a busy machine)."""
    started, cpu = time.perf_counter(), time.process_time()
    func(*args, **kwargs)
    CPU.append(time.process_time() - cpu)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--approvals", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="chorus-bench-") as tmp:
        base = Path(tmp)
        shutil.copytree(ROOT / "tests/fixtures/mini", base / "content")
        settings = site.load_settings(ROOT / "pelicanconf.py", today="2026-11-22",
                                      overrides={"PATH": str(base / "content")})
        desk = Desk.from_settings(settings, base)
        seconds = timed(fill, desk, args.count)
        print(f"filled inbox with {args.count:,} submissions in {seconds:.1f}s")
        receipts = desk.inbox.ids()
        CPU.clear()
        runs = [timed(review.queue, desk, NOW) for _ in range(3)]
        print(f"mod.queue (pending, {args.count:,} records, with flags and duplicate check): "
              f"median {statistics.median(runs):.2f}s, best {min(runs):.2f}s "
              f"(CPU best {min(CPU):.2f}s)")
        CPU.clear()
        runs = [timed(moderation.approve, desk, receipt, moderator="Bench", now=NOW)
                for receipt in receipts[: args.approvals]]
        print(f"mod.approve ({args.approvals} approvals, fsync on): median {statistics.median(runs) * 1000:.0f} ms, "
              f"max {max(runs) * 1000:.0f} ms (CPU median {statistics.median(CPU) * 1000:.0f} ms)")
        runs = [timed(moderation.submit, desk, {"kind": "story", "title": f"New {n}", "body": "Text.",
                                                "name": "N", "email": "n@example.com",
                                                "consent_name": "no"}, now=NOW)
                for n in range(args.approvals)]
        print(f"submit ({args.approvals} submissions): median {statistics.median(runs) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
