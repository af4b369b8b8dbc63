"""Run ONE build in this process and print one JSON line: seconds and peak memory.

The harness (bench/hub.py) starts this in a fresh interpreter for every
measurement, so timings and memory never include an earlier build's state::

    python -m bench.build_once chorus CONTENT OUTPUT --cache CACHE [--without PLUGIN]
    python -m bench.build_once plain CONTENT OUTPUT
    python -m bench.build_once chorus ... --progress    (with the progress bars on stderr)
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-22"
TIMEZONE = "America/Denver"


def chorus_settings(content: str, output: str, cache: str, without: list[str],
                    workers: int | None = None) -> dict:
    """The repository's pelicanconf.py pointed at ``content``, minus plugins ``without``
    (``workers``: CHORUS_BUILD["workers"], else the hub's own setting)."""
    from chorus import site
    from pelican.settings import read_settings

    conf = read_settings(str(ROOT / "pelicanconf.py"))
    plugins = [p for p in conf["PLUGINS"] if p not in without]
    build = {} if workers is None else {"CHORUS_BUILD": {**conf.get("CHORUS_BUILD", {}), "workers": workers}}
    return site.load_settings(ROOT / "pelicanconf.py", today=TODAY, output=output, overrides={
        "PATH": content, "CACHE_PATH": cache, "THEME": str(ROOT / "theme"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")], "PLUGINS": plugins, **build})


def plain_settings(content: str, output: str) -> dict:
    """Pelican's defaults (default theme, no plugins) except where the content lives."""
    from pelican.settings import read_settings

    return read_settings(None, override={
        "PATH": content, "OUTPUT_PATH": output, "ARTICLE_PATHS": ["stories"],
        "PAGE_PATHS": ["pages"], "TIMEZONE": TIMEZONE})


def cpu_probe_ms() -> float:
    """Milliseconds for a fixed pure-Python loop: shows how fast the (shared) CPU is right now."""
    started = time.perf_counter()
    total = 0
    for number in range(2_000_000):
        total += number
    return round((time.perf_counter() - started) * 1000, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("kind", choices=("chorus", "plain"))
    parser.add_argument("content")
    parser.add_argument("output")
    parser.add_argument("--cache", default="")
    parser.add_argument("--without", action="append", default=[])
    parser.add_argument("--workers", type=int, default=None,
                        help='processes that render pages (CHORUS_BUILD["workers"]; 0 = one per core)')
    parser.add_argument("--profile", default="", help="write cProfile stats to this file")
    parser.add_argument("--progress", action="store_true",
                        help="show the build's progress bars on stderr, terminal or not")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    logging.basicConfig(level=logging.ERROR)
    from pelican import Pelican

    if args.kind == "chorus":
        settings = chorus_settings(args.content, args.output, args.cache, args.without, args.workers)
    else:
        settings = plain_settings(args.content, args.output)
    shown = None
    if args.progress:
        from chorus.progress import SETTING, progress_for

        shown = settings[SETTING] = progress_for(sys.stderr, force=True)
    probe = cpu_probe_ms()
    started = time.perf_counter()
    if args.profile:
        import cProfile

        cProfile.runctx("Pelican(settings).run()", globals(), {"Pelican": Pelican, "settings": settings},
                        args.profile)
    else:
        Pelican(settings).run()
    if shown is not None:
        shown.close()
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"seconds": round(seconds, 3), "peak_mb": round(peak_mb, 1),
                      "worker_peak_mb": round(workers.ru_maxrss / 1024, 1),   # the largest worker's
                      "cpu_s": round(own.ru_utime + own.ru_stime, 2),         # this process's CPU time
                      "worker_cpu_s": round(workers.ru_utime + workers.ru_stime, 2), "probe_ms": probe}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
