"""Connect the feeds plugin to Pelican's signals. Logic lives in the other modules."""

from __future__ import annotations

from pelican import signals

from .generator import FeedsGenerator
from .settings import FeedSettings


def check_settings(pelican) -> None:
    FeedSettings.from_settings(pelican.settings)


def add_generator(_pelican):
    return FeedsGenerator


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.get_generators.connect(add_generator)
