"""Chorus tasks. Run `./hub --list` (or `invoke --list` inside .venv) to see them all."""

from __future__ import annotations

import datetime
import logging
import subprocess
import sys
from pathlib import Path

from invoke import Collection, Exit, task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from chorus.problems import ChorusError  # noqa: E402
from chorus import building, progress, site  # noqa: E402
from modtasks import mod, submit  # noqa: E402
from intaketasks import export, ingest, intake  # noqa: E402
from prompttasks import prompts, workspace  # noqa: E402
from storetasks import db, store  # noqa: E402
from desktasks import desk  # noqa: E402


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a message comes, so a message logged while
    progress bars are shown goes above them (rich stands in for sys.stderr then)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass


def _init_logging(verbose: bool, quiet: bool = False) -> None:
    from pelican.log import console, init

    console.quiet = quiet  # Pelican's own "Done: Processed ..." line
    # A plain handler keeps each problem on one greppable `file:line: field: ...` line.
    handler = _StderrHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    init(level=logging.INFO if verbose else logging.WARNING, handler=handler)


def _run_build(conf: str, today: str | None, keep_going: bool, output: str | None,
               verbose: bool, publish: bool = False, quiet: bool = False,
               verify: bool = False) -> site.BuildResult:
    _init_logging(verbose, quiet)
    try:
        settings = site.load_settings(ROOT / conf, today=today, keep_going=keep_going, output=output)
        if publish:
            site.require_absolute_siteurl(settings)
        # bars on a terminal only; a pipe, cron or CI gets the one-line summary alone
        with progress.progress_for(sys.stderr, quiet=quiet) as report:
            settings[progress.SETTING] = report
            after = (_deployer(settings, quiet) if publish else
                     _verifier(conf, settings["CHORUS_TODAY"], keep_going, output) if verify else None)
            # the pages are deployed first; a new search index is sent after them
            reindexed = _deployer(settings, quiet, search=True) if publish else None
            return building.build_live(settings, on_wait=None if quiet else _waiting, then=after,
                                       reindexed=reindexed)
    except ChorusError as err:
        raise Exit(f"Build failed.\n{err}", code=1) from None


def _verifier(conf: str, today: str, keep_going: bool, output: str | None):
    """What build --verify-incremental runs after the build, still holding the build lock:
    a full build with the same settings, read afresh (a build adds to its settings)."""
    def run(result: site.BuildResult) -> None:
        settings = site.load_settings(ROOT / conf, today=today, keep_going=keep_going, output=output)
        differences = building.verify_incremental(settings, result.output)
        if differences:
            shown = "\n".join(f"  {line}" for line in differences[:50])
            more = f"\n  ... and {len(differences) - 50} more" if len(differences) > 50 else ""
            raise Exit(f"The incremental build differs from a full build in {len(differences)} "
                       f"file(s):\n{shown}{more}", code=1)
        print("Verified: the incremental build equals a full build, byte for byte.", flush=True)
    return run


def _deployer(settings: dict, quiet: bool = False, search: bool = False):
    """What publish runs after a build, still holding the build lock: the deploy, if configured
    (``search``: the second one, after the search index was written)."""
    from chorus.deploy import DeploySettings, deploy as send

    if not DeploySettings.from_settings(settings).configured:
        return None

    def run(result: site.BuildResult) -> None:
        build = result.output.resolve()
        report = progress.of(settings)
        report.start(progress.DEPLOY, "Deploying the search index" if search
                     else progress.BUILD_STAGES[progress.DEPLOY])
        try:
            summary = send(settings, build, f"as of {result.day.isoformat()} (build {build.name})")
        except ChorusError as err:
            if search:      # the pages are deployed: building.build_live reports it
                raise
            raise Exit(f"Built {result.output}/, but the deploy failed.\n{err}", code=1) from None
        report.finish(progress.DEPLOY)
        if not quiet:
            print(f"Deployed{' the search index' if search else ''}: {summary}", flush=True)
    return run


def _siteurl(conf: str) -> str:
    return site.load_settings(ROOT / conf)["SITEURL"]


def _waiting() -> None:
    print("Waiting for another build…", file=sys.stderr, flush=True)


def _report(result: site.BuildResult, quiet: bool = False, siteurl: str = "") -> None:
    if quiet:
        return
    print(f"Built the hub as of {result.day.isoformat()} in {result.seconds:.2f}s: "
          f"{result.html_pages} pages, {result.files} files in {result.output}/")
    if siteurl:     # built for the web: its links lead to siteurl, not to a local preview
        print(f"Built for {siteurl}; `./hub deploy` sends it there (docs/deploy.md). "
              "The local preview stays in output/ (`./hub build`, `./hub serve`).")
        return
    # Opened as file://, the site's root-relative links find no stylesheet: serve it instead.
    print("See it: run `./hub serve` and open http://127.0.0.1:8000/")


@task(help={"today": "build as of this day (YYYY-MM-DD); default: today in the site's timezone",
            "keep_going": "publish every valid file even when some have problems (still listed)",
            "output": "output folder (default: output/)",
            "verbose": "show Pelican's progress messages",
            "quiet": "print nothing but problems (no progress, no summary)",
            "verify_incremental": "also build everything from scratch aside and fail on any byte "
                                  "that differs from the incremental build"})
def build(c, today=None, keep_going=False, output=None, verbose=False, quiet=False,
          verify_incremental=False):
    """Build the hub into output/ (the demo hub, from content/)."""
    _report(_run_build("pelicanconf.py", today, keep_going, output, verbose, quiet=quiet,
                       verify=verify_incremental), quiet)


@task(help={"today": "build as of this day (YYYY-MM-DD)", "keep_going": "see build",
            "output": "output folder (default: output.publish/, apart from the local output/)",
            "verbose": "see build", "quiet": "see build"})
def publish(c, today=None, keep_going=False, output=None, verbose=False, quiet=False):
    """Build for the web with publishconf.py into output.publish/ (needs CHORUS_SITEURL), then deploy if configured."""
    result = _run_build("publishconf.py", today, keep_going, output, verbose, publish=True,
                        quiet=quiet)
    _report(result, quiet, _siteurl("publishconf.py"))


@task(help={"conf": "settings file with CHORUS_DEPLOY (default publishconf.py)",
            "output": "output folder (default: the conf's OUTPUT_PATH, output.publish/)"})
def deploy(c, conf="publishconf.py", output=None):
    """Deploy the live published build (output.publish/) to the CHORUS_DEPLOY target (publish and daily do it after building)."""
    from chorus.deploy import DeployError, DeploySettings, deploy as send
    from chorus.output import live_build

    try:
        settings = site.load_settings(ROOT / conf, output=output)
        if not DeploySettings.from_settings(settings).configured:
            raise DeployError(f"no deploy target: set CHORUS_DEPLOY in {conf} (docs/deploy.md)")
        with building.locked(settings, on_wait=_waiting):
            build = live_build(building.live_path(settings))
            if build is None:
                raise Exit(f"Nothing to deploy: {building.live_path(settings)} holds no build yet; "
                           "run ./hub publish first.", code=1)
            print(f"Deployed: {send(settings, build, f'build {build.name}')}")
    except ChorusError as err:
        raise Exit(f"Deploy failed.\n{err}", code=1) from None


@task(help={"port": "port on 127.0.0.1 (default 8000)", "today": "build as of this day",
            "verbose": "show Pelican's progress messages",
            "site_only": "only the site preview: no form, desk or publisher (no database)"})
def serve(c, port=8000, today=None, verbose=False, site_only=False):
    """Run the whole hub on http://127.0.0.1:PORT/: site, form, status pages, desk, publisher."""
    _init_logging(verbose)
    conf = ROOT / "pelicanconf.py"
    try:
        settings = site.load_settings(conf, today=today)
    except ChorusError as err:
        raise Exit(str(err), code=1) from None
    # Every rebuild keeps this first day, so a preview left running overnight does not jump.
    day = settings["CHORUS_TODAY"]
    say = lambda line: print(line, flush=True)  # noqa: E731
    try:
        if site_only:
            from chorus import serving

            print(f"Serving on http://127.0.0.1:{port}/ (Ctrl+C to stop); rebuilding on change.",
                  flush=True)
            serving.serve(lambda: site.load_settings(conf, today=day), conf, int(port),
                          report=say, on_wait=_waiting)
        else:
            from chorus_intake.hub import serve_hub

            print(f"Serving the hub on http://127.0.0.1:{port}/ (Ctrl+C to stop): the site, "
                  f"/submit, /desk/; rebuilding after decisions and edits.", flush=True)
            serve_hub(conf, int(port), day, say)
        print("Stopped.")
    except KeyboardInterrupt:
        print("Stopped.")
    except ChorusError as err:
        raise Exit(str(err), code=1) from None
    except OSError as err:
        raise Exit(f"Could not serve on 127.0.0.1:{port}: {err}", code=1) from None


@task(help={"k": "only tests matching this expression (pytest -k)",
            "fast": "skip the slow end-to-end checks (HTML validator, browser)",
            "workers": "test processes (pytest-xdist; default: one per CPU core, 0: none)"})
def test(c, k=None, fast=False, workers=None):
    """Run the whole test suite (pytest), on every core."""
    args = [sys.executable, "-m", "pytest", "-q"]
    if str(workers) != "0":
        # a file's tests stay on one worker, in order (some share a module's built hub)
        args += ["-n", str(workers or "auto"), "--dist", "loadfile"]
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
    """Remove output/ and output.publish/ (and their earlier builds) and caches."""
    from chorus.output import remove_tree

    earlier = [path for path in ROOT.glob("output.*") if path.suffix != ".lock"]  # locks stay
    for path in (ROOT / "output", *earlier, ROOT / ".pytest_cache", ROOT / "cache"):
        remove_tree(path)
    print("Removed output/, output.publish/ and caches.")


@task(help={"stories": "hub size; give it twice for two sizes (default 1000)",
            "repeat": "runs per scenario; the median is reported (default 3)",
            "charts_only": "redraw the charts and tables from bench/results/ without building",
            "quiet": "print nothing but problems"},
      iterable=["stories"])
def bench(c, stories=None, repeat=3, charts_only=False, quiet=False):
    """Benchmark Chorus against plain Pelican on a synthetic hub; writes docs/benchmarks.md."""
    args = [sys.executable, "-m", "bench.hub", "--repeat", str(repeat)]
    for size in stories or []:
        args += ["--stories", str(size)]
    args += ["--charts-only"] if charts_only else []
    args += ["--quiet"] if quiet else []
    code = subprocess.run(args, cwd=ROOT, check=False).returncode
    if code:
        raise Exit(code=code)


# --- the scheduled daily build (docs/prompts.md) ------------------------------------

@task(help={"output": "output folder (default: output.publish/)", "verbose": "see build",
            "quiet": "print nothing but problems and warnings"})
def daily(c, output=None, verbose=False, quiet=False):
    """The scheduled job: build for today in the site's timezone, publish and deploy (needs CHORUS_SITEURL)."""
    from chorus.prompt_tools import content_problems, coverage_warnings
    from chorus.problems import format_report

    try:
        ws = workspace()
        problems = content_problems(ws)
        ahead = ws.today + datetime.timedelta(days=7)
        warnings = coverage_warnings(ws, ws.plan(ahead), ahead)
    except ChorusError as err:
        raise Exit(f"Daily build failed.\n{err}", code=1) from None
    if not quiet:
        print(f"Daily build for {ws.today.isoformat()} ({ws.zone.key}).")
    for warning in warnings:
        print(f"WARNING: {warning}", file=sys.stderr)
    # One bad file must not stop the day's prompt from going live: publish the rest,
    # then fail the job so the scheduler reports the problems.
    _report(_run_build("publishconf.py", ws.today.isoformat(), bool(problems), output, verbose,
                       publish=True, quiet=quiet), quiet, _siteurl("publishconf.py"))
    if problems:
        raise Exit(f"Published without the files below.\n{format_report(problems, left_out=True)}",
                   code=1)


@task(help={"folder": "folder for the new hub (must not exist, or be empty)",
            "name": "the hub's name (default: from the folder's name)",
            "timezone": "the site's timezone, an IANA name (default UTC)"})
def new(c, folder, name="", timezone="UTC"):
    """Start a new, empty hub in FOLDER: settings, one page, one prompt, a ./hub launcher."""
    from chorus.clock import build_day, site_zone
    from chorus.scaffold import create_hub

    target = Path(folder).expanduser()
    name = name or target.name.replace("-", " ").replace("_", " ").title()
    try:
        create_hub(target, name, build_day(None, site_zone(timezone)), ROOT, timezone)
    except ChorusError as err:
        raise Exit(str(err), code=1) from None
    print(f"Made {name} in {target.resolve()}/. Next:\n  cd {target}\n  ./hub build\n"
          f"Then read docs/start-your-own-hub.md to make it yours.")


mod.add_task(export)
namespace = Collection(build, publish, deploy, serve, check, test, clean, bench, daily, new, submit,
                       ingest)
namespace.add_collection(prompts)
namespace.add_collection(mod)
namespace.add_collection(intake)
namespace.add_collection(db)
namespace.add_collection(store)
namespace.add_collection(desk)
