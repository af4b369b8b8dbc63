"""Chorus tasks. Run `./hub --list` (or `invoke --list` inside .venv) to see them all."""

from __future__ import annotations

import datetime
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from invoke import Collection, Exit, task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from chorus.problems import ChorusError  # noqa: E402
from chorus import site  # noqa: E402
from modtasks import mod, submit  # noqa: E402
from intaketasks import export, ingest, intake  # noqa: E402
from prompttasks import prompts, workspace  # noqa: E402
from storetasks import db, store  # noqa: E402
from desktasks import desk  # noqa: E402


def _init_logging(verbose: bool) -> None:
    from pelican.log import init

    # A plain handler keeps each problem on one greppable `file:line: field: ...` line.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    init(level=logging.INFO if verbose else logging.WARNING, handler=handler)


def _run_build(conf: str, today: str | None, keep_going: bool, output: str | None,
               verbose: bool, publish: bool = False) -> site.BuildResult:
    _init_logging(verbose)
    try:
        settings = site.load_settings(ROOT / conf, today=today, keep_going=keep_going, output=output)
        if publish:
            site.require_absolute_siteurl(settings)
        return site.build(settings)
    except ChorusError as err:
        raise Exit(f"Build failed.\n{err}", code=1) from None


def _report(result: site.BuildResult) -> None:
    index = result.output / "index.html"
    print(f"Built the hub as of {result.day.isoformat()} in {result.seconds:.2f}s: "
          f"{result.html_pages} pages, {result.files} files in {result.output}/")
    print(f"Open it: file://{index.resolve()}  (or run `./hub serve` for http://127.0.0.1:8000/)")


@task(help={"today": "build as of this day (YYYY-MM-DD); default: today in the site's timezone",
            "keep_going": "publish every valid file even when some have problems (still listed)",
            "output": "output folder (default: output/)",
            "verbose": "show Pelican's progress messages"})
def build(c, today=None, keep_going=False, output=None, verbose=False):
    """Build the hub into output/ (the demo hub, from content/)."""
    _report(_run_build("pelicanconf.py", today, keep_going, output, verbose))


@task(help={"today": "build as of this day (YYYY-MM-DD)", "keep_going": "see build",
            "output": "output folder (default: output/)", "verbose": "see build"})
def publish(c, today=None, keep_going=False, output=None, verbose=False):
    """Build for the web with publishconf.py (needs an absolute SITEURL / CHORUS_SITEURL)."""
    _report(_run_build("publishconf.py", today, keep_going, output, verbose, publish=True))


@task(help={"port": "port on 127.0.0.1 (default 8000)", "today": "build as of this day"})
def serve(c, port=8000, today=None):
    """Preview the hub on http://127.0.0.1:PORT/, rebuilding when content or theme change."""
    settings = site.load_settings(ROOT / "pelicanconf.py", today=today)
    extra = f'CHORUS_TODAY="{settings["CHORUS_TODAY"]}"'
    print(f"Serving on http://127.0.0.1:{port}/ (Ctrl+C to stop); rebuilding on change.", flush=True)
    # Become Pelican's server rather than its parent, so stopping this process stops the server.
    os.chdir(ROOT)
    os.execv(sys.executable, [sys.executable, "-m", "pelican", "--autoreload", "--listen", "--bind",
                              "127.0.0.1", "--port", str(port), "-s", "pelicanconf.py", "-e", extra])


@task(help={"k": "only tests matching this expression (pytest -k)",
            "fast": "skip the slow end-to-end checks (HTML validator, browser)"})
def test(c, k=None, fast=False):
    """Run the whole test suite (pytest)."""
    args = [sys.executable, "-m", "pytest", "-q"]
    if k:
        args += ["-k", k]
    if fast:
        args += ["-m", "not slow"]
    code = subprocess.run(args, cwd=ROOT, check=False).returncode
    if code:
        raise Exit(code=code)


@task
def check(c):
    """Validate every content file against the model without building."""
    from chorus.check import validate_tree
    from chorus.clock import site_zone
    from chorus.problems import format_report

    settings = site.load_settings(ROOT / "pelicanconf.py")
    checked, problems = validate_tree(ROOT / settings["PATH"], site_zone(settings["TIMEZONE"]))
    if problems:
        raise Exit(format_report(problems), code=1)
    print(f"All {checked} content files are valid.")


@task
def clean(c):
    """Remove output/ and caches."""
    for name in ("output", ".pytest_cache", "cache"):
        shutil.rmtree(ROOT / name, ignore_errors=True)
    print("Removed output/ and caches.")


@task(help={"stories": "hub size; give it twice for two sizes (default 1000)",
            "repeat": "runs per scenario; the median is reported (default 3)"},
      iterable=["stories"])
def bench(c, stories=None, repeat=3):
    """Benchmark Chorus against plain Pelican on a synthetic hub; writes docs/benchmarks.md."""
    args = [sys.executable, "-m", "bench.hub", "--repeat", str(repeat)]
    for size in stories or []:
        args += ["--stories", str(size)]
    code = subprocess.run(args, cwd=ROOT, check=False).returncode
    if code:
        raise Exit(code=code)


# --- the scheduled daily build (docs/prompts.md) ------------------------------------

@task(help={"output": "output folder (default: output/)", "verbose": "see build"})
def daily(c, output=None, verbose=False):
    """The scheduled job: build for today in the site's timezone and publish (needs CHORUS_SITEURL)."""
    from chorus.prompt_tools import content_problems, coverage_warnings
    from chorus.problems import format_report

    try:
        ws = workspace()
        problems = content_problems(ws)
        ahead = ws.today + datetime.timedelta(days=7)
        warnings = coverage_warnings(ws, ws.plan(ahead), ahead)
    except ChorusError as err:
        raise Exit(f"Daily build failed.\n{err}", code=1) from None
    print(f"Daily build for {ws.today.isoformat()} ({ws.zone.key}).")
    for warning in warnings:
        print(f"WARNING: {warning}", file=sys.stderr)
    # One bad file must not stop the day's prompt from going live: publish the rest,
    # then fail the job so the scheduler reports the problems.
    _report(_run_build("publishconf.py", ws.today.isoformat(), bool(problems), output, verbose,
                       publish=True))
    if problems:
        raise Exit(f"Published without the files below.\n{format_report(problems, left_out=True)}",
                   code=1)


mod.add_task(export)
namespace = Collection(build, publish, serve, check, test, clean, bench, daily, submit, ingest)
namespace.add_collection(prompts)
namespace.add_collection(mod)
namespace.add_collection(intake)
namespace.add_collection(db)
namespace.add_collection(store)
namespace.add_collection(desk)
