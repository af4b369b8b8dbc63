"""Chorus products plugin: a page per product named by published pieces (``Product:``) at
``/products/<slug>/`` with its average rating, testimonials and stories, and an index at
``/products/``. Publishes ``context["chorus_products"]`` (``chorus.products.Product`` list),
``context["chorus_product_refs"]`` (any spelling of a product's name -> ``ProductRef``: name
and URL) and ``context["product_link"]`` (a template function: product name -> its page URL)."""

from .glue import register

__all__ = ["register"]
