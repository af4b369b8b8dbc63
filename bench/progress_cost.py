"""What the progress bars cost a build: cold and warm builds of the demo hub and of a
synthetic hub, each with and without the bars, alternated, in fresh processes attached
to a pseudo-terminal (``script``), as a person at a terminal runs them.

    python -m bench.progress_cost [--stories 1000] [--repeat 3]

Prints a Markdown table of medians (docs/benchmarks.md, "Progress display").
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import report, synthetic

ROOT = Path(__file__).resolve().parent.parent


def build(content: Path, work: Path, shown: bool) -> float:
    """One Chorus build of ``content`` on a pseudo-terminal; its seconds."""
    args = [sys.executable, "-m", "bench.build_once", "chorus", str(content), str(work / "out"),
            "--cache", str(work / "cache")] + (["--progress"] if shown else [])
    done = subprocess.run(["script", "-q", "-e", "-c", shlex.join(args), "/dev/null"], cwd=ROOT,
                          capture_output=True, text=True, check=True, stdin=subprocess.DEVNULL)
    # on a terminal the line may follow the bars' last escape codes
    return json.loads(re.findall(r'\{"seconds".*?\}', done.stdout)[-1])["seconds"]


def measure(content: Path, work: Path, repeat: int) -> dict[str, list[float]]:
    """Cold (output, caches and share cards emptied) and warm (the same build again)."""
    times: dict[str, list[float]] = {}
    for number in range(repeat):
        for shown in ((False, True) if number % 2 == 0 else (True, False)):
            folder = work / ("with" if shown else "without")
            shutil.rmtree(folder, ignore_errors=True)
            shutil.rmtree(content.parent / "cache" / "cards", ignore_errors=True)
            suffix = "with" if shown else "without"
            times.setdefault(f"cold {suffix}", []).append(build(content, folder, shown))
            times.setdefault(f"warm {suffix}", []).append(build(content, folder, shown))
    return times


def table(rows: list[tuple[str, dict[str, list[float]]]]) -> str:
    lines = ["| hub | build | without progress | with progress | difference |", "|---|---|---|---|---|"]
    for hub, times in rows:
        for kind in ("cold", "warm"):
            bare = statistics.median(times[f"{kind} without"])
            shown = statistics.median(times[f"{kind} with"])
            lines.append(f"| {hub} | {kind} | {report.seconds(bare)} | {report.seconds(shown)} | "
                         f"{(shown - bare) / bare * 100:+.1f}% |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="chorus-progress-") as tmp:
        demo = Path(tmp) / "demo" / "content"
        shutil.copytree(ROOT / "content", demo)
        rows.append(("demo", measure(demo, Path(tmp) / "demo", args.repeat)))
        print(table(rows), flush=True)
        big = Path(tmp) / "synthetic" / "content"
        synthetic.generate(big, args.stories)
        rows.append((f"{args.stories:,} stories", measure(big, Path(tmp) / "synthetic", args.repeat)))
    print(json.dumps(rows))
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
