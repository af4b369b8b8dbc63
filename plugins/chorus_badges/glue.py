"""Connect the badges generator to Pelican. Logic lives in the other modules."""

from pelican import signals

from chorus.namespaced import plugin_listed

from .generator import BadgesGenerator


def add_generator(pelican):
    return BadgesGenerator if plugin_listed(pelican.settings, "chorus_badges") else None


def register() -> None:
    signals.get_generators.connect(add_generator)
