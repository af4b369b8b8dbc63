"""Benchmark: planning prompt days and streaks for a long-running hub. Prints numbers.

Run: .venv/bin/python bench/prompts_plan.py
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from chorus.hub import Prompt  # noqa: E402
from chorus.prompts import PromptSettings, make_plan, published_prompt_days  # noqa: E402
from chorus.streaks import advocate_streaks  # noqa: E402


def main() -> None:
    start, years, pool_size, advocates = dt.date(2026, 1, 1), 10, 300, 2000
    through = start + dt.timedelta(days=365 * years)
    prompts = [Prompt(f"p{n}", f"Q{n}?", "", "q", "s", pool=True) for n in range(pool_size)]
    prompts += [Prompt(f"d{n}", f"D{n}?", "", "q", "s", day=start + dt.timedelta(days=7 * n))
                for n in range(50 * years)]
    began = time.perf_counter()
    plan = make_plan(prompts, {}, PromptSettings(start=start), through)
    planned = time.perf_counter()
    answers = [SimpleNamespace(prompt_day=start + dt.timedelta(days=n % (365 * years)),
                               advocate_slug=f"a{n % advocates}", date=n, slug=f"s{n}")
               for n in range(50_000)]
    days = published_prompt_days(plan.slots, answers, [], through)
    joined = time.perf_counter()
    streaks = advocate_streaks(days, through)
    done = time.perf_counter()
    print(f"{len(plan.slots)} days, pool {pool_size}: plan {planned - began:.3f}s")
    print(f"{len(answers)} answers joined to days: {joined - planned:.3f}s")
    print(f"{len(streaks)} advocates' streaks: {done - joined:.3f}s")


if __name__ == "__main__":
    main()
