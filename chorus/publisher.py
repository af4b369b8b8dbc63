"""The publisher: builds the live site after the decisions that change it.

Decisions queue a request in the store (``chorus.store.publishes``) in their own
transaction. ``Publisher.run_once`` takes every request that is due at once, so the
decisions made while a build runs all go into the next build; it builds through the
one build lock and the atomic switch (``chorus.building``), deploys when
``CHORUS_DEPLOY`` is set, and marks the requests live with the seconds each took (then the
search index is written and deployed: a problem there is noted on the live requests), or
failed with the build's problem report (retried later with backoff; never dropped).
When more requests are due as the pages go live, the index is left to the build that takes
them (it would be written again at once); if that build fails, the index is written then
(and a publisher that starts brings the index up to date at its first look with nothing due).
The service wakes the publisher after each desk or status-page form (``nudge``), so a decision
does not wait for the next look at the queue (``interval``), and it looks again at once
after a build.
``CHORUS_PUBLISHER`` in pelicanconf.py (all keys optional)::

    CHORUS_PUBLISHER = {
        "enabled": False,          # the service runs the publisher in the background
        "conf": "",                # settings file it builds with (default: the service's)
        "interval": 2.0,           # seconds between looks at the queue
        "retry_seconds": 30.0,     # first wait after a failed build; doubles each time
        "max_retry_seconds": 900.0,
        "stale_seconds": 3600.0,   # a "building" request older than this is taken again
        "history": False,          # commit content/ per decision (chorus.history)
        "history_push": "",        # and push to this git remote
    }
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chorus import building, site
from chorus.desk import Desk
from chorus.namespaced import read_namespace, scalar_problems
from chorus.problems import ChorusError, ConfigError
from chorus.progress import BUILD_STAGES, DEPLOY, SETTING as PROGRESS_SETTING, Progress, of
from chorus.recognition.notify import notify_after_build, read_earned
from chorus.store import leases, publishes

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PublisherSettings:
    enabled: bool = False
    conf: str = ""
    interval: float = 2.0
    retry_seconds: float = 30.0
    max_retry_seconds: float = 900.0
    stale_seconds: float = 3600.0
    history: bool = False
    history_push: str = ""

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> PublisherSettings:
        given, types, problems = read_namespace(settings, "CHORUS_PUBLISHER", cls)
        problems += scalar_problems(given, types)
        if problems:
            raise ConfigError("CHORUS_PUBLISHER: " + "; ".join(problems))
        return cls(**{k: float(v) if types[k] == "float" else v for k, v in given.items()})


@dataclass(frozen=True)
class Outcome:
    """One build's result: the requests it carried, and how it went."""

    ids: tuple[int, ...]
    live: bool
    seconds: float
    problem: str = ""
    build_seconds: float = 0.0   # the site build alone (live: its pages), in this process


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass
class Publisher:
    """Builds ``load()``'s settings when the queue of ``desk.store`` holds requests."""

    desk: Desk
    load: Callable[[], dict[str, Any]]
    options: PublisherSettings = field(default_factory=PublisherSettings)
    clock: Callable[[], dt.datetime] = _utc_now
    worker: str = field(default_factory=lambda: (
        f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(6)}"))
    progress: Progress = field(default_factory=Progress)   # the running (or last) build's stages
    # the last build left the search index to the next one, which has not run yet; True at
    # first: a publisher that stopped between the two may have left it so (the first idle
    # look brings the index up to date, writing nothing when it is current)
    index_owed: bool = True
    _nudged: threading.Event = field(default_factory=threading.Event, repr=False)

    def nudge(self) -> None:
        """Something may have queued a publish: ``wait_for_work`` returns now."""
        self._nudged.set()

    def wait_for_work(self, timeout: float) -> bool:
        """Wait until ``nudge`` is called (True) or ``timeout`` seconds pass (False)."""
        nudged = self._nudged.wait(timeout)
        self._nudged.clear()
        return nudged

    def _more_due(self) -> bool:
        """Whether another request is due now: the next build comes right after this one."""
        with self.desk.store.read() as conn:
            return publishes.any_due(conn, self.clock(), self.options.stale_seconds)

    def stage(self) -> str:
        """What the build in progress is doing now, e.g. "Writing pages 120/400" ("" if none)."""
        current = self.progress.snapshot().current
        if current is None:
            return ""
        count = f" {current.done}/{current.total}" if current.total else f" {current.done}"
        return f"{current.label}{count if current.done or current.total else ''}"

    def run_once(self) -> Outcome | None:
        """Build once for every request due now; None when nothing is due. The requests are
        marked live as soon as the pages are deployed; the search index follows (its
        problems are noted on the live requests, never a failed publish)."""
        # Under the content lease, every decision whose request is taken has finished
        # writing content/ (its files are written before the lease is let go).
        with leases.held(self.desk.store, "content"), self.desk.store.write() as conn:
            claimed = publishes.claim(conn, self.worker, self.clock(), self.options.stale_seconds)
        if not claimed:
            self._pay_index()
            return None
        ids = [request.id for request in claimed]
        started = self.clock()
        # once the pages are live: (seconds from the start, the build's own seconds)
        went_live: list[tuple[float, float]] = []
        try:
            settings = self.load()
            self._commit_history(claimed)
            # The build reports its stages here; the desk shows the current one.
            self.progress = settings[PROGRESS_SETTING] = Progress()
            badges_before = read_earned(building.live_path(settings))
            deploy_pages = _deployer(settings, BUILD_STAGES[DEPLOY])

            def pages_live(result: site.BuildResult) -> None:
                if deploy_pages is not None:
                    deploy_pages(result)
                with self.desk.store.write() as conn:
                    publishes.finish(conn, ids, self.clock())
                went_live.append(((self.clock() - started).total_seconds(), result.seconds))
                logger.info("Chorus publisher: %d decision(s) live in %.2fs (build %.2fs)",
                            len(ids), *went_live[0])
            result = building.build_live(settings, then=pages_live,
                                         reindexed=_deployer(settings, "Deploying the search index"),
                                         index_later=self._more_due)
            self.index_owed = result.index_deferred
        except Exception as err:  # noqa: BLE001 (any failure is reported; the queue survives it)
            if not went_live:
                outcome = self._failed(claimed, err, started)
                self._pay_index()
                return outcome
            self.index_owed = False   # build_live wrote the index before raising the deploy's error
            logger.exception("Chorus publisher: a problem after the pages went live")
            result, problems = None, (_describe(err),)
        else:
            problems = result.problems
        if problems:
            with self.desk.store.write() as conn:
                publishes.note(conn, ids, "; ".join(problems))
            logger.warning("Chorus publisher: live, but %s", "; ".join(problems))
        if result is not None:
            self._mail_new_badges(badges_before, result.output)
        live_seconds, build_seconds = went_live[0]
        return Outcome(tuple(ids), True, live_seconds, "; ".join(problems), build_seconds)

    def _pay_index(self) -> None:
        """Write the search index the last build left to a next one that did not come (it
        failed, or another publisher took the queue): /search/ must not wait for a decision."""
        if not self.index_owed:
            return
        # Tried once: the next build writes the index anyway, and a failure here (settings that
        # do not load, a lock held too long) would otherwise be logged at every look.
        self.index_owed = False
        try:
            settings = self.load()
            problems = building.index_now(settings, reindexed=_deployer(settings, "Deploying the search index"))
        except Exception:  # noqa: BLE001 (the pages are live; the next build writes the index)
            logger.exception("Chorus publisher: the search index left by the last build was not written")
            return
        for problem in problems:
            logger.warning("Chorus publisher: %s", problem)

    def _failed(self, claimed: list[publishes.Request], err: Exception,
                started: dt.datetime) -> Outcome:
        if not isinstance(err, ChorusError):
            logger.exception("Chorus publisher: the build failed")
        problem = _describe(err)
        attempts = max(request.attempts for request in claimed)
        wait = min(self.options.retry_seconds * 2 ** max(0, attempts - 1),
                   self.options.max_retry_seconds)
        now = self.clock()
        with self.desk.store.write() as conn:
            publishes.finish(conn, [r.id for r in claimed], now, problem=problem,
                             retry_at=now + dt.timedelta(seconds=wait))
        logger.warning("Chorus publisher: build failed (retry in %.0fs): %s", wait, problem)
        return Outcome(tuple(r.id for r in claimed), False,
                       (now - started).total_seconds(), problem)

    def _mail_new_badges(self, before, output: Path) -> None:
        """Tell advocates about badges this build shows for the first time (the site is live
        already: a mail problem is logged, never a failed publish)."""
        try:
            notify_after_build(self.desk, before, output, self.clock())
        except Exception:  # noqa: BLE001
            logger.exception("Chorus publisher: could not queue the badge mail")

    def _commit_history(self, claimed: list[publishes.Request]) -> None:
        if not self.options.history:
            return
        from chorus.history import HistoryError, commit_content

        for request in claimed:
            if not request.receipt:
                continue
            try:
                commit_content(self.desk.content_dir.parent, self.desk.content_dir,
                               request.by or "moderator", request.receipt, request.reason,
                               push=self.options.history_push)
            except HistoryError as err:      # the history must not hold the site back
                logger.warning("Chorus publisher: %s", err)

    def release(self) -> None:
        """Requeue what this worker had taken (call when stopping mid-build)."""
        with self.desk.store.write() as conn:
            publishes.release(conn, self.worker)


def _describe(err: Exception) -> str:
    problem = str(err) if isinstance(err, ChorusError) else f"{type(err).__name__}: {err}"
    return problem.strip() or type(err).__name__


def _deployer(settings: dict[str, Any], stage: str) -> Callable[[site.BuildResult], None] | None:
    """A deploy of the live build (if CHORUS_DEPLOY is set), reported as the build stage
    ``stage``; ``building.build_live`` runs it under the build lock."""
    from chorus.deploy import DeploySettings, deploy

    if not DeploySettings.from_settings(settings).configured:
        return None

    def run(result: site.BuildResult) -> None:
        build = result.output.resolve()
        report = of(settings)
        report.start(DEPLOY, stage)
        deploy(settings, build, f"as of {result.day.isoformat()} (build {build.name})")
        report.finish(DEPLOY)
    return run


def for_service(settings: dict[str, Any], base: Path, desk: Desk, conf: Path | None,
                clock: Callable[[], dt.datetime] | None = None) -> Publisher | None:
    """The service's publisher when CHORUS_PUBLISHER["enabled"], else None. It builds
    ``conf`` (the setting's file, else the service's own), read afresh for every build."""
    options = PublisherSettings.from_settings(settings)
    if not options.enabled:
        return None
    path = Path(base) / options.conf if options.conf else conf
    if path is None:
        raise ConfigError("CHORUS_PUBLISHER: set 'conf' to the settings file to build with")
    if not path.is_file():
        raise ConfigError(f"CHORUS_PUBLISHER: 'conf' {path} is not a file")
    return Publisher(desk, lambda: site.load_settings(path), options, clock or _utc_now)
