"""Decision to live: seconds from an approval to its page in the deploy target folder.

    python -m bench.decision_to_live [--stories 1000 --stories 5000] [--rounds 3] [--burst]

On a synthetic hub (``bench.synthetic``) that is already built and deployed to a
folder (and rebuilt and deployed ``WARM_UP`` times, so old builds are retired as on a hub
that has published before), each round stores a new submission, then times: the approval (its store
transaction, the queued publish and the files written into content/), the whole
approve-to-page-present (a thread watches the deploy folder for the page: the publisher
deploys the pages before it writes the search index), and the publisher's whole run
(claim, ``build_live``, folder deploy, requests marked live, search index and its
deploy, old builds removed), and within it the site build alone: the publisher builds in its
own long-lived process, so this is a rebuild after one approval without an interpreter's
start, Pelican's import or the plugins' loading. Medians are printed.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import logging
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import synthetic  # noqa: E402
from bench.build_once import TODAY, chorus_settings  # noqa: E402
from chorus import building, moderation  # noqa: E402
from chorus.deploy import deploy  # noqa: E402
from chorus.desk import Desk  # noqa: E402
from chorus.output import live_build  # noqa: E402
from chorus.publisher import Publisher  # noqa: E402
from chorus.progress import PAGES  # noqa: E402

WARM_UP = 3     # publishes before the timed ones: then `keep` (2) older builds and deploys exist
NOW = dt.datetime.fromisoformat(f"{TODAY}T19:00:00+00:00")   # noon in the bench's timezone


def story(number: int) -> dict[str, str]:
    return {"kind": "story", "title": f"Bench story {number}",
            "body": "A new story for the decision-to-live bench.\n\nIt has two paragraphs.",
            "name": f"Bench Runner {number}", "display_name": f"Runner {number}",
            "email": f"runner{number}@example.com", "consent_name": "yes"}


class PageWatcher:
    """Notes when ``page`` appears (a stat every 5 ms on a thread of its own)."""

    def __init__(self, page: Path):
        self.page, self.seen, self.stopped = page, None, threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _watch(self) -> None:
        while self.seen is None and not self.stopped.is_set():
            if self.page.is_file():
                self.seen = time.perf_counter()
            self.stopped.wait(0.005)

    def stop(self) -> float | None:
        self.stopped.set()
        self.thread.join()
        if self.seen is None and self.page.is_file():    # came within the last wait
            self.seen = time.perf_counter()
        return self.seen


@contextlib.contextmanager
def published_hub(stories: int) -> Iterator[tuple[dict, Desk, Path]]:
    """(settings, desk, deploy folder) of a synthetic hub of ``stories``, built, deployed to
    a folder and published ``WARM_UP`` more times, in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="chorus-d2l-bench-") as tmp:
        work = Path(tmp)
        synthetic.generate(work / "content", stories)
        settings = chorus_settings(str(work / "content"), str(work / "output"), str(work / "cache"), [])
        target = work / "www"
        settings["CHORUS_DEPLOY"] = {"target": "folder", "path": str(target)}
        settings["CHORUS_STORE"] = {"url": f"sqlite:///{work / 'hub.db'}"}
        desk = Desk.from_settings(settings, work)
        building.build_live(settings)                       # the hub is live before the decision
        deploy(settings, live_build(building.live_path(settings)), "bench")
        for _ in range(WARM_UP):      # as on a hub that has published before: old builds to retire
            building.build_live(settings, then=lambda result: deploy(settings, result.output, "bench"))
        yield settings, desk, target


def measure(stories: int, rounds: int) -> dict[str, float]:
    with published_hub(stories) as (settings, desk, target):
        publisher = Publisher(desk, lambda: dict(settings), clock=lambda: NOW)
        samples: dict[str, list[float]] = {}
        for number in range(rounds):
            receipt = moderation.submit(desk, story(number), now=NOW)
            started = time.perf_counter()
            record = moderation.approve(desk, receipt, moderator="Bench", now=NOW)
            approved = time.perf_counter()
            page = target / record["published"]["url"] / "index.html"
            watcher = PageWatcher(page)
            outcome = publisher.run_once()
            done = time.perf_counter()
            present = watcher.stop()
            if not (outcome and outcome.live and present is not None):
                raise SystemExit(f"the approved page {page} is not live: {outcome}")
            for name, value in (("approve (store + content/)", approved - started),
                                ("the build, in the publisher's process", outcome.build_seconds),
                                ("approve to page in the deploy folder", present - started),
                                ("publisher run (with search index, prune)", done - approved)):
                samples.setdefault(name, []).append(value)
    return {name: statistics.median(values) for name, values in samples.items()}


def measure_burst(stories: int, rounds: int) -> dict[str, float]:
    """A second approval made while the first one's build runs (once it has read the files
    and writes pages, so the second is not in it), as a moderator working down the queue does: seconds from it to its page in the deploy folder, with the publisher
    leaving the first build's search index to the second build (as it does) and with it
    writing the index first (as it did), alternating."""
    with published_hub(stories) as (settings, desk, target):
        samples: dict[str, list[float]] = {}
        for number in range(rounds):
            for deferring in (True, False):
                publisher = Publisher(desk, lambda: dict(settings), clock=lambda: NOW)
                if not deferring:
                    publisher._more_due = lambda: False     # the index is written before the next build
                name = ("second approval to its page, index left to its build" if deferring
                        else "second approval to its page, index written first")
                samples.setdefault(name, []).append(_second_to_live(desk, publisher, target, number))
    return {name: statistics.median(values) for name, values in samples.items()}


def _second_to_live(desk: Desk, publisher: Publisher, target: Path, number: int) -> float:
    first, second = (moderation.submit(desk, story(1000 * number + n), now=NOW) for n in (1, 2))
    moderation.approve(desk, first, moderator="Bench", now=NOW)
    worker = threading.Thread(target=publisher.run_once)
    worker.start()
    while worker.is_alive() and not _writing_pages(publisher):   # its files are read: the
        time.sleep(0.005)                                          # second is not in its build
    started = time.perf_counter()
    record = moderation.approve(desk, second, moderator="Bench", now=NOW)
    page = PageWatcher(target / record["published"]["url"] / "index.html")
    worker.join()
    if page.seen is not None:
        raise SystemExit("the second approval went into the first build: the bench measured nothing")
    publisher.run_once()          # the service's loop looks again as soon as a build ends
    present = page.stop()
    if present is None:
        raise SystemExit("the second approved page is not live")
    while publisher.run_once() is not None:      # nothing left for the next round
        pass
    return present - started


def _writing_pages(publisher: Publisher) -> bool:
    return any(stage.key == PAGES for stage in publisher.progress.snapshot().stages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, action="append")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--burst", action="store_true",
                        help="time a second approval made as the first goes live (see measure_burst)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    if args.burst:
        for size in args.stories or [1000]:
            print(f"{size} stories, median of {args.rounds} pairs of approvals:")
            for name, value in measure_burst(size, args.rounds).items():
                print(f"  {name:58} {value:8.2f}s", flush=True)
        return 0
    for size in args.stories or [1000]:
        print(f"{size} stories, median of {args.rounds} approvals:")
        for name, value in measure(size, args.rounds).items():
            print(f"  {name:45} {value:8.2f}s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
