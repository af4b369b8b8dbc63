"""Connect the share cards to Pelican. Logic lives in the other modules."""

from pelican import signals

from .cards import CardsGenerator, make_cards


def add_generator(_pelican):
    return CardsGenerator


def register() -> None:
    signals.all_generators_finalized.connect(make_cards)
    signals.get_generators.connect(add_generator)
