"""What the build lock and the atomic switch cost, and decision-to-live through a folder deploy.

    python -m bench.publish [--stories 1000]

On a synthetic hub, each in this process: a cold ``build_live`` and a cold build straight
into a folder (``site.build``: no lock, no staging, no switch); then, after each of
``--rounds`` approvals (a new story and advocate), seeding a staging folder with hard links
alone, a warm ``build_live``, the same warm build straight into its folder, and a folder
deploy of the live build. Medians are printed.
"""

from __future__ import annotations

import argparse
import statistics
import logging
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import synthetic  # noqa: E402
from bench.build_once import chorus_settings  # noqa: E402
from chorus import building, output, site  # noqa: E402
from chorus.deploy import deploy  # noqa: E402


def timed(func, *args, **kwargs) -> float:
    started = time.perf_counter()
    func(*args, **kwargs)
    return time.perf_counter() - started


def measure(stories: int, rounds: int) -> dict[str, float]:
    """Median seconds of each step over ``rounds`` approvals (colds once)."""
    with tempfile.TemporaryDirectory(prefix="chorus-publish-bench-") as tmp:
        work = Path(tmp)
        synthetic.generate(work / "content", stories)
        settings = chorus_settings(str(work / "content"), str(work / "output"), str(work / "cache"), [])
        plain = chorus_settings(str(work / "content"), str(work / "direct"), str(work / "cache-direct"), [])
        live = building.live_path(settings)
        samples: dict[str, list[float]] = {"cold build_live": [timed(building.build_live, settings)],
                                           "cold site.build (no staging)": [timed(site.build, plain)]}
        target = {"CHORUS_DEPLOY": {"target": "folder", "path": str(work / "www")}}
        for number in range(rounds):
            synthetic.approve_story(work / "content", number=900_000 + number)
            builds = [("warm build_live after an approval", lambda: building.build_live(settings)),
                      ("warm site.build after an approval (no staging)", lambda: site.build(plain))]
            # Alternate which build goes first: the first one after a change pays for cold reads.
            steps = [("seed staging (hard links)", lambda: output.prepare_staging(live, True)),
                     *(builds if number % 2 == 0 else builds[::-1]),
                     ("folder deploy", lambda: deploy(target, output.live_build(live), "bench"))]
            for name, step in steps:
                samples.setdefault(name, []).append(timed(step))
        result = {name: statistics.median(values) for name, values in samples.items()}
        result["files"] = float(sum(1 for p in output.live_build(live).rglob("*") if p.is_file()))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    for name, value in measure(args.stories, args.rounds).items():
        print(f"{name:50} {value:10.0f}" if name == "files" else f"{name:50} {value:9.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
