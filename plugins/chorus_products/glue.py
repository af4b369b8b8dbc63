"""Connect the products generator to Pelican."""

from pelican import signals

from .generator import ProductsGenerator


def add_generator(_pelican):
    return ProductsGenerator


def register() -> None:
    signals.get_generators.connect(add_generator)
