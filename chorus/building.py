"""Build the live site: one build at a time, aside, then switched in (``chorus.output``).

``build_live`` is what ``build``, ``publish``, ``daily``, ``serve`` and the
service call. ``CHORUS_BUILD`` in pelicanconf.py (all keys optional)::

    CHORUS_BUILD = {
        "lock_timeout": 900,   # seconds a build waits for another one before giving up
        "keep": 2,             # finished builds kept beside the live one (for a quick rollback)
        "workers": 0,          # processes that render pages: 0 = one per core, 1 = this one only
    }
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from chorus import output, progress, search, site
from chorus.buildcache import CacheSettings
from chorus.namespaced import read_namespace
from chorus.problems import ChorusError, ConfigError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildSettings:
    lock_timeout: float = 900.0
    keep: int = 2
    workers: int = 0

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> BuildSettings:
        given, _known, problems = read_namespace(settings, "CHORUS_BUILD", cls)
        timeout = given.get("lock_timeout", cls.lock_timeout)
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout < 0:
            problems.append(f"'lock_timeout' must be a number of seconds >= 0 (got {timeout!r})")
        keep = given.get("keep", cls.keep)
        if isinstance(keep, bool) or not isinstance(keep, int) or keep < 0:
            problems.append(f"'keep' must be a whole number >= 0 (got {keep!r})")
        workers = given.get("workers", cls.workers)
        if isinstance(workers, bool) or not isinstance(workers, int) or not 0 <= workers <= 256:
            problems.append("'workers' must be a whole number from 0 (one per core) to 256 "
                            f"(got {workers!r})")
        if problems:
            raise ConfigError("CHORUS_BUILD: " + "; ".join(problems))
        return cls(lock_timeout=float(timeout), keep=keep, workers=workers)


def live_path(settings: dict[str, Any]) -> Path:
    return Path(settings["OUTPUT_PATH"]).absolute()


@contextlib.contextmanager
def locked(settings: dict[str, Any], on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the build lock of this site's output (see ``chorus.output.build_lock``)."""
    options = BuildSettings.from_settings(settings)
    with output.build_lock(live_path(settings), options.lock_timeout, on_wait):
        yield


@dataclass(frozen=True)
class LiveResult(site.BuildResult):
    """A build that went live, with what went wrong after its pages did (the search index,
    its deploy, removing old builds): reported here and logged, never raised.
    ``index_deferred``: the search index was left to the next build (see ``build_live``)."""

    problems: tuple[str, ...] = ()
    index_deferred: bool = False


def build_live(settings: dict[str, Any], *, on_wait: Callable[[], None] | None = None,
               then: Callable[[site.BuildResult], None] | None = None,
               reindexed: Callable[[site.BuildResult], None] | None = None,
               index_later: Callable[[], bool] | None = None) -> LiveResult:
    """Build ``settings`` into a staging folder and make it the live output.

    Waits for the build lock (calling ``on_wait`` if another build holds it); then, with the
    lock held, the pages go live first and the rest follows (docs/deploy.md):

    1. build aside and switch it in (on any error the live output is left exactly as it was);
    2. ``then(result)``: the deploy of the pages (its error is raised, after step 3);
    3. the search index is written into the live build; when a new one was written and
       ``then`` went well, ``reindexed(result)`` sends it (a second deploy). Unless
       ``index_later()`` says another build is about to start (a publisher with more
       decisions queued): then the index is left to that build, which would write it again
       (the build never leaves a bundle that shows what the site no longer has, see
       ``chorus.search``), and the result says ``index_deferred``;
    4. builds beyond ``keep`` are retired (``output.prune``), and the spare one is made a
       mirror of the live build for the next build's staging folder (``output.ready_spare``).

    What fails in 3 or 4 is logged and returned in ``problems``: the pages are live.
    """
    options = BuildSettings.from_settings(settings)
    CacheSettings.from_settings(settings)  # a bad setting fails before the lock is taken
    live = live_path(settings)
    with output.build_lock(live, options.lock_timeout, on_wait):
        result = _build_and_switch(settings, live)
        try:
            if then is not None:
                then(result)
        except Exception:
            _after_live(settings, result, options, None)   # the local site still gets its index
            raise
        deferred = search.active(settings) is not None and _later(index_later)
        problems = _after_live(settings, result, options, reindexed, index=not deferred)
    return LiveResult(**{f.name: getattr(result, f.name) for f in fields(site.BuildResult)},
                      problems=tuple(problems), index_deferred=deferred)


def index_now(settings: dict[str, Any], *, reindexed: Callable[[site.BuildResult], None] | None = None,
              on_wait: Callable[[], None] | None = None) -> list[str]:
    """Under the build lock, bring the live build's search index up to date (and
    ``reindexed`` sends a new one): what a build whose index was deferred owes when no
    later build comes (it failed, or another publisher took the queue). Returns problems."""
    options = BuildSettings.from_settings(settings)
    live = live_path(settings)
    if search.active(settings) is None:
        return []
    with output.build_lock(live, options.lock_timeout, on_wait):
        if output.live_build(live) is None:
            return []
        day = dt.date.fromisoformat(settings["CHORUS_TODAY"])
        problems: list[str] = []
        _index(settings, site.BuildResult(output=live, day=day, seconds=0.0), reindexed, problems)
    return problems


def _later(index_later: Callable[[], bool] | None) -> bool:
    if index_later is None:
        return False
    try:
        return bool(index_later())
    except Exception:  # noqa: BLE001 (in doubt, index now: it costs time, never correctness)
        logger.warning("Chorus: could not tell whether another build is due; indexing now",
                       exc_info=True)
        return False


def _build_and_switch(settings: dict[str, Any], live: Path) -> site.BuildResult:
    seed = CacheSettings.from_settings(settings).keep_unchanged
    staging = output.prepare_staging(live, seed=seed)
    try:
        result = site.build({**settings, "OUTPUT_PATH": str(staging)})
        finished = live.parent / f"{live.name}.{output.new_build_id()}"
        os.rename(staging, finished)
    except BaseException:
        output.remove_tree(staging)
        raise
    output.switch(live, finished)
    logger.info("Chorus: %s is live", finished.name)
    return replace(result, output=live)


def _attempt(problems: list[str]) -> Callable[[str, Callable[[], Any]], Any]:
    """``attempt(what, step)``: ``step()``, or None with its error logged and added to ``problems``."""
    def attempt(what: str, step: Callable[[], Any]) -> Any:
        try:
            return step()
        except Exception as error:  # noqa: BLE001 (the pages are live: reported, not raised)
            shown = error if isinstance(error, ChorusError) else f"{type(error).__name__}: {error}"
            problems.append(f"{what}: {shown}")
            logger.error("Chorus: %s", problems[-1], exc_info=not isinstance(error, ChorusError))
            return None
    return attempt


def _index(settings: dict[str, Any], result: site.BuildResult,
           reindexed: Callable[[site.BuildResult], None] | None, problems: list[str]) -> None:
    """The search index of the live build, and ``reindexed`` when a new one was written
    (what goes wrong is added to ``problems``)."""
    attempt = _attempt(problems)
    report = progress.of(settings)
    report.start(progress.SEARCH, progress.BUILD_STAGES[progress.SEARCH])
    indexed = attempt("search index not written",
                      lambda: search.index_live(settings, result.output.resolve()))
    if indexed is not None and indexed.problem:
        problems.append(indexed.problem)
    if indexed is not None and indexed.written and reindexed is not None:
        attempt("search index not deployed", lambda: reindexed(result))
    report.finish(progress.SEARCH)


def _after_live(settings: dict[str, Any], result: site.BuildResult, options: BuildSettings,
                reindexed: Callable[[site.BuildResult], None] | None, *, index: bool = True) -> list[str]:
    """The search index (and ``reindexed``, its deploy) unless not ``index``, and the pruning,
    once the pages are live: each problem is logged and listed, none raised."""
    problems: list[str] = []
    attempt = _attempt(problems)
    if index and search.active(settings) is not None:
        _index(settings, result, reindexed, problems)
    elif not index:
        logger.info("Chorus: the search index is left to the next build (more decisions are queued)")
    removed = attempt("old builds not removed", lambda: output.prune(result.output, options.keep))
    if removed:
        logger.info("Chorus: %d old builds retired", len(removed))
    if CacheSettings.from_settings(settings).keep_unchanged:    # the next build starts from it
        attempt("next staging folder not prepared", lambda: output.ready_spare(result.output))
    return problems


def verify_incremental(settings: dict[str, Any], built: Path) -> list[str]:
    """Build ``settings`` again from nothing into a temporary folder (no build cache, every
    page rendered; only the share card images are reused, they are keyed by their content)
    and list every difference from ``built``: ``"differs: PATH"``, ``"only in the build: PATH"``
    or ``"missing from the build: PATH"``. Empty when the incremental build was right."""
    fresh = {key: value for key, value in settings.items() if key != progress.SETTING}
    with tempfile.TemporaryDirectory(prefix="chorus-verify-") as folder:
        cold = Path(folder) / "output"
        site.build({**fresh, "OUTPUT_PATH": str(cold), "CACHE_PATH": str(Path(folder) / "cache"),
                    "DELETE_OUTPUT_DIRECTORY": True,
                    "CHORUS_CACHE": {"render": False, "keep_unchanged": False, "templates": False,
                                     "pages": False}})
        left_out = set(settings.get("OUTPUT_RETENTION", []))
        searching = search.active(settings)
        if searching:   # written after the switch, and Pagefind's bytes vary (docs/search.md)
            left_out.add(searching.folder)
        return tree_differences(built, cold, left_out)


def tree_differences(built: Path, reference: Path, retained: set[str] = frozenset()) -> list[str]:
    """Files of ``built`` whose bytes differ from ``reference``'s, or that only one of them has
    (top-level names in ``retained`` are left out)."""
    def files(root: Path) -> dict[str, Path]:
        root = root.resolve()
        return {path.relative_to(root).as_posix(): path for path in root.rglob("*")
                if path.is_file() and path.relative_to(root).parts[0] not in retained}

    ours, theirs = files(built), files(reference)
    found = [f"only in the build: {name}" for name in sorted(ours.keys() - theirs.keys())]
    found += [f"missing from the build: {name}" for name in sorted(theirs.keys() - ours.keys())]
    found += [f"differs: {name}" for name in sorted(ours.keys() & theirs.keys())
              if ours[name].read_bytes() != theirs[name].read_bytes()]
    return found
