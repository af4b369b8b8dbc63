"""Connect the community pages generator to Pelican."""

from pelican import signals

from .generator import CommunityPagesGenerator


def add_generator(_pelican):
    return CommunityPagesGenerator


def register() -> None:
    signals.get_generators.connect(add_generator)
