"""Connect the prompts generator to Pelican."""

from pelican import signals

from .generator import PromptsGenerator


def add_generator(_pelican):
    return PromptsGenerator


def register() -> None:
    signals.get_generators.connect(add_generator)
