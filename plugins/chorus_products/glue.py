"""Connect the products generator to Pelican."""

from pelican import signals

from chorus.namespaced import plugin_listed

from .generator import ProductsGenerator


def add_generator(pelican):
    return ProductsGenerator if plugin_listed(pelican.settings, "chorus_products") else None


def register() -> None:
    signals.get_generators.connect(add_generator)
