"""How far long work has got: named stages with counts, shown on a terminal, readable by a service.

A task makes one ``Progress`` per job and hands it to the work; a build reaches it as
``settings["CHORUS_PROGRESS"]`` (``of(settings)``), other work as a parameter::

    progress = progress_for(sys.stderr, quiet=False)   # bars only when stderr is a terminal
    with progress:
        progress.start("read", "Reading and validating files", total=len(files))
        for name in files:
            ...
            progress.advance("read")

Every method is thread-safe, and ``snapshot()`` gives the stages and their counts at any
moment (a service's status page can poll it while a build runs in another thread).
Without a display nothing is printed; ``NO_PROGRESS`` records nothing at all and is what
library code gets when nobody asked for progress.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace
from typing import Any, Protocol, TextIO

SETTING = "CHORUS_PROGRESS"

# The stages of a build, in the order they run, as the plugins that do the work report them.
READ, RENDER, CARDS, PAGES, FEEDS, DEPLOY = "read", "render", "cards", "pages", "feeds", "deploy"
SEARCH = "search"   # after the pages are live and deployed (chorus.building)
BUILD_STAGES = {
    READ: "Reading and validating files",
    RENDER: "Rendering Markdown",
    CARDS: "Drawing share cards",
    PAGES: "Writing pages",
    FEEDS: "Writing feeds",
    DEPLOY: "Deploying",
    SEARCH: "Updating the search index",
}


@dataclass(frozen=True)
class Stage:
    key: str
    label: str
    done: int = 0
    total: int | None = None       # None: not known (yet)
    finished: bool = False


@dataclass(frozen=True)
class Snapshot:
    stages: tuple[Stage, ...] = ()

    @property
    def current(self) -> Stage | None:
        """The most recently started stage that is still running."""
        running = [stage for stage in self.stages if not stage.finished]
        return running[-1] if running else None


class Display(Protocol):
    """What shows the stages (a terminal's bars); called with the lock held, in order."""

    def show(self, stage: Stage) -> None: ...

    def close(self) -> None: ...


class Progress:
    """The stages of one long job. Advancing an unknown stage starts it (label = key).

    ``advance`` is on hot paths (once per page written), so it only counts; the display
    hears of a count at most every ``SHOW_EVERY`` seconds, and of every start and finish."""

    SHOW_EVERY = 0.05

    def __init__(self, display: Display | None = None):
        self._display = display
        self._stages: dict[str, Stage] = {}
        self._done: dict[str, int] = {}      # counts newer than their Stage, kept apart (cheap)
        self._lock = threading.Lock()
        self._closed = False
        self._shown_at = 0.0

    def _current(self, key: str) -> Stage | None:
        stage = self._stages.get(key)
        return stage if stage is None else replace(stage, done=self._done[key])

    def _set(self, stage: Stage) -> None:
        self._stages[stage.key] = stage
        self._done[stage.key] = stage.done
        if self._display is not None and not self._closed:
            self._display.show(stage)

    def start(self, key: str, label: str, total: int | None = None) -> None:
        """Begin (or begin again) stage ``key``, of ``total`` steps if known."""
        with self._lock:
            self._set(Stage(key, label, 0, total))

    def grow(self, key: str, more: int, label: str | None = None) -> None:
        """Add ``more`` steps to the stage's total (work found as it goes); starts it if needed."""
        with self._lock:
            stage = self._current(key) or Stage(key, label or key, 0, 0)
            self._set(replace(stage, total=(stage.total or 0) + more, finished=False))

    def advance(self, key: str, steps: int = 1, label: str | None = None) -> None:
        """``steps`` more done; a stage not started yet starts here, named ``label``."""
        with self._lock:
            if key not in self._stages:
                self._set(Stage(key, label or key, steps))
                return
            self._done[key] += steps
            if self._display is not None and not self._closed:
                now = time.monotonic()
                if now - self._shown_at >= self.SHOW_EVERY:
                    self._shown_at = now
                    self._display.show(self._current(key))

    def finish(self, key: str) -> None:
        """Mark a stage done; its total becomes what was done if it was not known."""
        with self._lock:
            stage = self._current(key)
            if stage is not None and not stage.finished:
                total = stage.total if stage.total is not None else stage.done
                self._set(replace(stage, done=max(stage.done, total), total=total, finished=True))

    def snapshot(self) -> Snapshot:
        with self._lock:
            return Snapshot(tuple(self._current(key) for key in self._stages))

    def close(self, completed: bool = True) -> None:
        """Stop the display (idempotent); finish every stage first if the work ``completed``
        (a failed job leaves its bars where they stopped)."""
        for key in list(self._stages) if completed else []:
            self.finish(key)
        with self._lock:
            if self._display is not None and not self._closed:
                self._display.close()
            self._closed = True

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, kind: object, *_exc: object) -> None:
        self.close(completed=kind is None)


class NoProgress(Progress):
    """Records and shows nothing: the default for tests, library use and builds nobody watches."""

    def start(self, key: str, label: str, total: int | None = None) -> None:
        pass

    def grow(self, key: str, more: int, label: str | None = None) -> None:
        pass

    def advance(self, key: str, steps: int = 1, label: str | None = None) -> None:
        pass

    def finish(self, key: str) -> None:
        pass

    def close(self, completed: bool = True) -> None:
        pass


NO_PROGRESS = NoProgress()   # stateless, so safe to share


def of(settings: dict[str, Any]) -> Progress:
    """The build's reporter from Pelican's settings or context (``NO_PROGRESS`` if none)."""
    given = settings.get(SETTING)
    return given if isinstance(given, Progress) else NO_PROGRESS


class TerminalDisplay:
    """rich's progress bars on ``stream``: one line per stage, with count, elapsed and time left."""

    def __init__(self, stream: TextIO, force: bool = False):
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress as Bars, SpinnerColumn,
                                   TextColumn, TimeElapsedColumn, TimeRemainingColumn)

        console = Console(file=stream, force_terminal=True if force else None)
        self._bars = Bars(SpinnerColumn(finished_text="✓"), TextColumn("{task.description}"),
                          BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                          TimeRemainingColumn(), console=console)
        self._tasks: dict[str, Any] = {}

    def show(self, stage: Stage) -> None:
        task = self._tasks.get(stage.key)
        if task is None:
            if not self._tasks:
                self._bars.start()
            self._tasks[stage.key] = self._bars.add_task(stage.label, total=stage.total,
                                                         completed=stage.done)
            return
        self._bars.update(task, description=stage.label, total=stage.total, completed=stage.done)

    def close(self) -> None:
        if self._tasks:
            self._bars.stop()


def progress_for(stream: TextIO, quiet: bool = False, force: bool = False) -> Progress:
    """Bars on ``stream`` when it is a terminal (or ``force``); otherwise a silent reporter.
    Either way ``snapshot()`` works; ``quiet`` never shows bars."""
    if quiet or not (force or _is_terminal(stream)):
        return Progress()
    return Progress(TerminalDisplay(stream, force=force))


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
