"""Writes the products index and a page per product."""

from __future__ import annotations

import logging
from typing import Any

from pelican.generators import Generator

from chorus.pagedeps import TrackedMapping, TrackedSequence
from chorus.products import ProductSettings, gather, product_of, refs_by_name

logger = logging.getLogger(__name__)


class ProductLink:
    """Template function: the relative URL of the page of the product ``name`` names, or ""."""

    def __init__(self, table: TrackedMapping, config: ProductSettings):
        self._table, self._config = table, config

    def __call__(self, name: str) -> str:
        product = product_of(name, self._table, self._config)
        return product.url if product else ""


class ProductsGenerator(Generator):
    """Product pages from the published stories (read first) and ``chorus_hub``."""

    def generate_context(self) -> None:
        config = ProductSettings.from_settings(self.settings)
        products = gather(self.context["chorus_hub"].testimonials,
                          self.context.get("articles", []), config)
        # Tracked (chorus/pagedeps.py): a page that only links products depends on the names
        # and URLs it looked up, not on every story of every product.
        refs = TrackedMapping("chorus_product_refs", refs_by_name(products, config))
        self.context["chorus_products"] = TrackedSequence("chorus_products", products)
        self.context["chorus_product_refs"] = refs
        self.context["product_link"] = ProductLink(refs, config)

    def generate_output(self, writer) -> None:
        products = self.context["chorus_products"]
        folder = ProductSettings.from_settings(self.settings).folder
        writer.write_file(f"{folder}/index.html", self.get_template("products"), self.context,
                          products=products, page_name=f"{folder}/index")
        for product in products:
            writer.write_file(f"{product.url}index.html", self.get_template("product"), self.context,
                              product=product, page_name=f"{product.url}index")
        logger.info("Chorus products: %d product pages", len(products))
