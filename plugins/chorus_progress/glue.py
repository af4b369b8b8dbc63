"""Connect the progress counts to Pelican's signals."""

from __future__ import annotations

from pelican import signals

from chorus import progress


def reading_done(generators) -> None:
    """all_generators_finalized: every file has been read."""
    if generators:
        progress.of(generators[0].context).finish(progress.READ)


def page_written(_path, context=None) -> None:
    """content_written: one more file from Pelican's writer (its context holds the settings)."""
    if context is not None:
        progress.of(context).advance(progress.PAGES, label=progress.BUILD_STAGES[progress.PAGES])


def build_finished(pelican) -> None:
    """finalized: the writing is over; the count so far becomes the total."""
    progress.of(pelican.settings).finish(progress.PAGES)


def register() -> None:
    signals.all_generators_finalized.connect(reading_done)
    signals.content_written.connect(page_written)
    signals.finalized.connect(build_finished)
