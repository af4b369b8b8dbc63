"""Connect the embeddable wall to Pelican."""

from __future__ import annotations

from pelican import signals
from pelican.generators import Generator

from chorus.brand import Brand
from chorus.namespaced import plugin_listed

from .looks import looks
from .settings import EmbedSettings
from .walls import walls


def check(pelican) -> None:
    """Report a wrong CHORUS_EMBED before anything is rendered."""
    if plugin_listed(pelican.settings, "chorus_embed"):
        EmbedSettings.from_settings(pelican.settings)


class EmbedGenerator(Generator):
    """Writes each wall frame (noindex) and the /embed/ page with the snippets."""

    def generate_context(self) -> None:
        return None

    def generate_output(self, writer) -> None:
        hub = self.context["chorus_hub"]
        brand = self.context.get("chorus_brand") or Brand.from_settings(self.settings)
        found = walls(list(hub.testimonials), list(self.context.get("articles", [])), self.settings)
        for wall in found:
            writer.write_file(f"{wall.path}index.html", self.get_template("embed_wall"), self.context,
                              wall=wall, looks=looks(brand), noindex=True, page_name=f"{wall.path}index")
        writer.write_file("embed/index.html", self.get_template("embed"), self.context,
                          walls=found, noindex=True, page_name="embed/index")


def add_generator(pelican):
    return EmbedGenerator if plugin_listed(pelican.settings, "chorus_embed") else None


def register() -> None:
    signals.initialized.connect(check)
    signals.get_generators.connect(add_generator)
