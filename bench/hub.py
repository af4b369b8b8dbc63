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

from bench import report, synthetic

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DOC = ROOT / "docs" / "benchmarks.md"
OPTIONAL_PLUGINS = {"chorus_cards": "cards", "chorus_feeds": "feeds"}


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


class Runner:
    """Runs builds of one synthetic hub in fresh interpreters, in folders under ``work``.

    Every build named ``name`` writes to ``out-<name>`` with ``CACHE_PATH`` ``cache-<name>``;
    share cards are cached next to the content (``work/cache/cards``, as in a project).
    """

    def __init__(self, work: Path):
        self.work = work
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
        done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)
        if done.returncode:
            print(f"  {name}: build failed:\n{done.stderr[-2000:]}", file=sys.stderr)
            return {"seconds": None, "peak_mb": None}
        return json.loads(done.stdout.strip().splitlines()[-1])


def _record(runs: dict, key: str, sample: dict) -> None:
    runs.setdefault(key, []).append(sample)
    print(f"  {key:<22} {report.seconds(sample['seconds']):>12}  {report.megabytes(sample['peak_mb'])}"
          f"  (CPU probe {sample.get('probe_ms', 'n/a')} ms)", flush=True)


def _one_round(runner: Runner, runs: dict, plugins: list[str], round_number: int) -> None:
    """Every scenario once. Plain Pelican builds are spread between the Chorus builds they
    are compared with, so a change in the shared machine's speed hits both sides."""
    runner.fresh("plain")
    _record(runs, "plain_cold", runner.build("plain", "plain"))
    runner.fresh("chorus", keep_cards=False)
    _record(runs, "chorus_cold", runner.build("chorus", "chorus"))
    runner.fresh("chorus")  # the card cache stays: the target's "warm card cache"
    _record(runs, "chorus_full_cards", runner.build("chorus", "chorus"))
    _record(runs, "plain_warm", runner.build("plain", "plain"))
    runner.fresh("chorus", keep_caches=True)
    _record(runs, "chorus_full_warm", runner.build("chorus", "chorus"))
    _record(runs, "chorus_warm", runner.build("chorus", "chorus"))
    synthetic.edit_story(runner.content)
    _record(runs, "chorus_edit", runner.build("chorus", "chorus"))
    _record(runs, "plain_warm", runner.build("plain", "plain"))
    synthetic.approve_story(runner.content, number=900_000 + round_number)
    _record(runs, "chorus_approve", runner.build("chorus", "chorus"))
    for plugin, short in OPTIONAL_PLUGINS.items():
        if plugin in plugins:
            runner.fresh(f"no-{short}")
            _record(runs, f"without_{short}_cold", runner.build("chorus", f"no-{short}", (plugin,)))
            _record(runs, f"without_{short}_warm", runner.build("chorus", f"no-{short}", (plugin,)))
            # the full build to subtract from must see the same content: rebuild it warm
            _record(runs, "chorus_warm", runner.build("chorus", "chorus"))


def run(stories: int, repeat: int, seed: int = 1) -> dict:
    """Measure every scenario ``repeat`` times on a hub of ``stories`` stories."""
    plugins = enabled_plugins()
    runs: dict[str, list] = {}
    with tempfile.TemporaryDirectory(prefix="chorus-bench-") as tmp:
        runner = Runner(Path(tmp))
        print(f"Generating a hub of {stories:,} stories in {tmp} ...", flush=True)
        synthetic.generate(runner.content, stories, seed=seed)
        for number in range(repeat):
            print(f"Round {number + 1} of {repeat}:", flush=True)
            _one_round(runner, runs, plugins, number)
    return {"stories": stories, "repeat": repeat, "seed": seed, "machine": machine(),
            "plugins": plugins, "runs": runs}


def save(result: dict) -> None:
    """Keep the result as bench/results/<N>.json and regenerate docs/benchmarks.md from all results."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{result['stories']}.json").write_text(json.dumps(result, indent=1) + "\n")
    results = [json.loads(p.read_text()) for p in sorted(RESULTS.glob("*.json"))]
    document = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    DOC.write_text(report.splice(document, report.markdown(results)), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--stories", type=int, action="append",
                        help="hub size (repeatable; default 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per scenario; the median is kept")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    for stories in args.stories or [1000]:
        result = run(stories, args.repeat, args.seed)
        save(result)
        print(report.table(result))
    print(f"Wrote {DOC.relative_to(ROOT)} and bench/results/.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
