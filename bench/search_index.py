"""What site search costs a rebuild, and what it costs after the build is live.

Builds a synthetic hub live (as ``./hub build`` does), then approves one story at a time and
times, for each approval: the build until it is live (which includes ``chorus.search.prepare``:
only new or changed pages are read), then the index step ``chorus.search.index_live`` (Pagefind
writing its bundle from the cached records, renamed into the live build). For comparison it
also times one full ``pagefind --site`` run over the whole output (what the first design did
inside every build) and the in-build ``prepare`` alone with no page changed::

    python -m bench.search_index --stories 1000 --rounds 3
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import synthetic
from bench.build_once import chorus_settings


def measure(size: int, rounds: int, folder: Path) -> dict[str, float]:
    from chorus import building, search
    from chorus.output import live_build

    synthetic.generate(folder / "content", size)
    settings = chorus_settings(str(folder / "content"), str(folder / "output"), str(folder / "cache"), [])
    results: dict[str, list[float]] = {"cold build_live, index included": [], "approval: build until live": [],
                                       "approval: index after live": [], "prepare alone, no page changed": [],
                                       "full pagefind --site run (the first design)": []}
    started = time.perf_counter()
    building.build_live(settings)
    results["cold build_live, index included"].append(time.perf_counter() - started)
    real = search.index_live
    for number in range(rounds):
        synthetic.approve_story(folder / "content", number=900_000 + number)
        marks: dict[str, float] = {}

        def timed(settings_, build):
            marks["live"] = time.perf_counter()
            real(settings_, build)
            marks["indexed"] = time.perf_counter()

        search.index_live = timed
        try:
            started = time.perf_counter()
            building.build_live(settings)
        finally:
            search.index_live = real
        results["approval: build until live"].append(marks["live"] - started)
        results["approval: index after live"].append(marks["indexed"] - marks["live"])
        live = live_build(folder / "output")
        started = time.perf_counter()
        search.prepare(settings, live)
        results["prepare alone, no page changed"].append(time.perf_counter() - started)
    with tempfile.TemporaryDirectory(dir=folder) as scratch:
        started = time.perf_counter()
        subprocess.run([str(search.find_binary()), "--site", str(live_build(folder / "output")),
                        "--output-path", str(Path(scratch) / "bundle")], check=True, capture_output=True)
        results["full pagefind --site run (the first design)"].append(time.perf_counter() - started)
    return {name: round(statistics.median(values), 2) for name, values in results.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--folder", default="", help="work here (default: a temporary folder)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="chorus-search-bench-") as temporary:
        folder = Path(args.folder or temporary)
        folder.mkdir(parents=True, exist_ok=True)
        load = os.getloadavg()[0]
        found = measure(args.stories, args.rounds, folder)
        print(json.dumps({"stories": args.stories, "rounds": args.rounds, **found,
                          "load average (start, end)": [load, os.getloadavg()[0]]}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
