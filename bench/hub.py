"""The benchmark suite: generate a synthetic hub, time every build scenario in a
fresh process, save the numbers and write docs/benchmarks.md.

    python -m bench.hub --stories 1000 --repeat 3      (or: ./hub bench --stories 1000)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import charts, report, synthetic
from chorus.progress import NO_PROGRESS, Progress, progress_for

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DOC = ROOT / "docs" / "benchmarks.md"
OPTIONAL_PLUGINS = {"chorus_cards": "cards", "chorus_feeds": "feeds"}
INTAKE_RESULT = "intake.json"     # written by bench/intake.py


def machine() -> dict:
    """CPU, cores, RAM and library versions of this machine, for the report."""
    import PIL
    import pelican

    cpu, ram_kb = platform.processor() or "unknown CPU", 0
    for line in Path("/proc/cpuinfo").read_text().splitlines() if Path("/proc/cpuinfo").exists() else []:
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    for line in Path("/proc/meminfo").read_text().splitlines() if Path("/proc/meminfo").exists() else []:
        if line.startswith("MemTotal"):
            ram_kb = int(line.split()[1])
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gb": round(ram_kb / 1024 / 1024),
            "python": platform.python_version(), "pelican": pelican.__version__,
            "pillow": PIL.__version__, "date": dt.date.today().isoformat()}


def enabled_plugins() -> list[str]:
    from pelican.settings import read_settings

    return list(read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"])


def build_environment(environ: dict[str, str] | None = None) -> dict[str, str]:
    """The environment every measured build (Chorus and plain Pelican alike) runs in: this
    one with Python's bytecode cache on, as a deployed hub runs. With
    ``PYTHONDONTWRITEBYTECODE`` set (some machines and containers set it), every build would
    compile the hub's own modules again (``chorus/`` and ``plugins/``: 0.1 s of CPU on a quiet
    machine, more on a loaded one), a cost no deployed hub pays; the ``__pycache__`` folders
    it writes are git-ignored."""
    environ = os.environ if environ is None else environ
    return {name: value for name, value in environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


class Runner:
    """Runs builds of one synthetic hub in fresh interpreters, in folders under ``work``.

    Every build named ``name`` writes to ``out-<name>`` with ``CACHE_PATH`` ``cache-<name>``;
    share cards are cached next to the content (``work/cache/cards``, as in a project).
    """

    def __init__(self, work: Path, shown: Progress = NO_PROGRESS, quiet: bool = False):
        self.work = work
        self.shown = shown
        self.say = (lambda *_args, **_kw: None) if quiet else print
        self.content = work / "content"
        self.cards = work / "cache" / "cards"

    def fresh(self, name: str, keep_caches: bool = False, keep_cards: bool = True) -> None:
        """Empty the output of ``name``; its caches too unless ``keep_caches``; and the
        share card cache unless ``keep_cards``."""
        shutil.rmtree(self.work / f"out-{name}", ignore_errors=True)
        if not keep_caches:
            shutil.rmtree(self.work / f"cache-{name}", ignore_errors=True)
        if not keep_cards:
            shutil.rmtree(self.cards, ignore_errors=True)

    def build(self, kind: str, name: str, without: tuple[str, ...] = ()) -> dict:
        args = [sys.executable, "-m", "bench.build_once", kind, str(self.content),
                str(self.work / f"out-{name}"), "--cache", str(self.work / f"cache-{name}")]
        for plugin in without:
            args += ["--without", plugin]
        done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False,
                              env=build_environment())
        self.shown.advance("builds")
        if done.returncode:
            print(f"  {name}: build failed:\n{done.stderr[-2000:]}", file=sys.stderr)
            return {"seconds": None, "peak_mb": None}
        return json.loads(done.stdout.strip().splitlines()[-1])


    def record(self, runs: dict, key: str, sample: dict) -> None:
        runs.setdefault(key, []).append(sample)
        self.say(f"  {key:<22} {report.seconds(sample['seconds']):>12}  "
                 f"{report.megabytes(sample['peak_mb'])}  (CPU probe {sample.get('probe_ms', 'n/a')} ms)",
                 flush=True)


def builds_per_round(plugins: list[str]) -> int:
    """How many builds ``_one_round`` runs (for the progress total)."""
    return 10 + 3 * sum(plugin in plugins for plugin in OPTIONAL_PLUGINS)


def _one_round(runner: Runner, runs: dict, plugins: list[str], round_number: int) -> None:
    """Every scenario once. Plain Pelican builds are spread between the Chorus builds they
    are compared with, so a change in the shared machine's speed hits both sides."""
    runner.fresh("plain")
    runner.record(runs, "plain_cold", runner.build("plain", "plain"))
    runner.fresh("chorus", keep_cards=False)
    runner.record(runs, "chorus_cold", runner.build("chorus", "chorus"))
    runner.fresh("chorus")  # the card cache stays: the target's "warm card cache"
    runner.record(runs, "chorus_full_cards", runner.build("chorus", "chorus"))
    runner.record(runs, "plain_warm", runner.build("plain", "plain"))
    runner.fresh("chorus", keep_caches=True)
    runner.record(runs, "chorus_full_warm", runner.build("chorus", "chorus"))
    runner.record(runs, "chorus_warm", runner.build("chorus", "chorus"))
    synthetic.edit_story(runner.content)
    runner.record(runs, "chorus_edit", runner.build("chorus", "chorus"))
    runner.record(runs, "plain_warm", runner.build("plain", "plain"))
    synthetic.approve_story(runner.content, number=900_000 + round_number)
    runner.record(runs, "chorus_approve", runner.build("chorus", "chorus"))
    synthetic.withdraw_story(runner.content, number=1 + round_number)
    runner.record(runs, "chorus_withdraw", runner.build("chorus", "chorus"))
    for plugin, short in OPTIONAL_PLUGINS.items():
        if plugin in plugins:
            runner.fresh(f"no-{short}")
            runner.record(runs, f"without_{short}_cold", runner.build("chorus", f"no-{short}", (plugin,)))
            runner.record(runs, f"without_{short}_warm", runner.build("chorus", f"no-{short}", (plugin,)))
            # the full build to subtract from must see the same content: rebuild it warm
            runner.record(runs, "chorus_warm", runner.build("chorus", "chorus"))


def run(stories: int, repeat: int, seed: int = 1, shown: Progress = NO_PROGRESS,
        quiet: bool = False) -> dict:
    """Measure every scenario ``repeat`` times on a hub of ``stories`` stories."""
    plugins = enabled_plugins()
    runs: dict[str, list] = {}
    with tempfile.TemporaryDirectory(prefix="chorus-bench-") as tmp:
        runner = Runner(Path(tmp), shown, quiet)
        runner.say(f"Generating a hub of {stories:,} stories in {tmp} ...", flush=True)
        shown.start("generate", f"Generating a hub of {stories:,} stories")
        synthetic.generate(runner.content, stories, seed=seed)
        shown.finish("generate")
        shown.start("builds", f"Builds of {stories:,} stories ({repeat} rounds)",
                    total=repeat * builds_per_round(plugins))
        for number in range(repeat):
            runner.say(f"Round {number + 1} of {repeat}:", flush=True)
            _one_round(runner, runs, plugins, number)
        shown.finish("builds")
    return {"stories": stories, "repeat": repeat, "seed": seed, "machine": machine(),
            "plugins": plugins, "runs": runs}


def save(result: dict, results_dir: Path = RESULTS, doc: Path = DOC) -> None:
    """Keep the result as bench/results/<N>.json and regenerate docs/benchmarks.md from all results."""
    results_dir.mkdir(parents=True, exist_ok=True)
    (results_dir / f"{result['stories']}.json").write_text(json.dumps(result, indent=1) + "\n")
    regenerate(results_dir, doc)


def saved_results(results_dir: Path) -> tuple[list[dict], dict | None]:
    """The build results (``<N>.json``) and the intake result (``intake.json``) saved so far."""
    builds = [json.loads(p.read_text()) for p in sorted(results_dir.glob("*.json")) if p.stem.isdigit()]
    intake = results_dir / INTAKE_RESULT
    return builds, json.loads(intake.read_text()) if intake.is_file() else None


def regenerate(results_dir: Path = RESULTS, doc: Path = DOC) -> list[str]:
    """Redraw the charts beside ``doc`` and rewrite its generated block from the saved
    results, without running anything; returns the chart files written."""
    builds, intake = saved_results(results_dir)
    made = charts.draw(builds, intake, doc.parent / charts.FOLDER_NAME)
    document = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    generated = report.markdown(builds, charts.markdown(made), intake)
    doc.write_text(report.splice(document, generated), encoding="utf-8")
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--stories", type=int, action="append",
                        help="hub size (repeatable; default 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per scenario; the median is kept")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--charts-only", action="store_true",
                        help="redraw the charts and tables from bench/results/ without building")
    parser.add_argument("--quiet", action="store_true", help="print nothing but problems")
    args = parser.parse_args(argv)
    if args.charts_only:
        made = regenerate()
        if not args.quiet:
            print(f"Drew {', '.join(made) or 'no charts (no saved results)'} and rewrote "
                  f"{DOC.relative_to(ROOT)} from bench/results/.")
        return 0
    with progress_for(sys.stderr, quiet=args.quiet) as shown:
        for stories in args.stories or [1000]:
            result = run(stories, args.repeat, args.seed, shown, args.quiet)
            save(result)
            if not args.quiet:
                print(report.table(result))
    if not args.quiet:
        print(f"Wrote {DOC.relative_to(ROOT)}, its charts and bench/results/.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
