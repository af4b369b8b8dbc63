"""Connect structured data to Pelican: publish ``context["json_ld"]`` for ``base.html``."""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from pelican import signals
from pelican.generators import Generator

from chorus.brand import Brand
from chorus.products import ProductSettings, product_of

from .graph import Site
from .page import page_graph
from .serialise import script_element
from .settings import StructuredSettings

HOLDER = "_chorus_structured_site"   # context key of the build's _Holder
# What make_site reads: every page's graph depends on these (logged on each call, see json_ld).
SITE_KEYS = ("share_siteurl", "chorus_brand", "chorus_product_refs", "SITENAME", "DEFAULT_LANG",
             "share_cards", "default_share_card")


def make_site(context: dict[str, Any]) -> Site:
    """What every page's graph shares, read from the context when the first page renders
    (by then the cards plugin has published the share cards)."""
    config = StructuredSettings.from_settings(context)
    base = (context.get("share_siteurl") or config.base(context)).rstrip("/")
    brand = context.get("chorus_brand") or Brand.from_settings(context)
    refs = context.get("chorus_product_refs")     # published by the products plugin, if on
    config_products = ProductSettings.from_settings(context)
    logo = f"{base}/{brand.logo}" if brand.logo else ""
    return Site(base=base, name=context.get("SITENAME") or brand.name, brand=brand.name,
                description=brand.tagline, language=context.get("DEFAULT_LANG", ""), logo=logo,
                cards=context.get("share_cards") or {},
                default_card=context.get("default_share_card"),
                product_of=(lambda name: product_of(name, refs, config_products))
                if refs is not None else None)


@pass_context
def json_ld(page, title: str = ""):
    """Template function: the page's ``<script type="application/ld+json">`` element."""
    for key in SITE_KEYS:   # read through the page, so page dependency tracking sees them
        page.get(key)
    holder = page.get(HOLDER)
    site = holder.get(page) if holder is not None else make_site(dict(page.items()))
    return script_element(page_graph(page, site, title))


# json_ld reads the page's context only through ``page.get``, which chorus/pagedeps.py logs.
json_ld.chorus_logs_its_reads = True


class _Holder:
    """The build's Site, made when the first page renders (Pelican hands each template a
    copy of the context, so it lives in this shared object)."""

    def __init__(self) -> None:
        self._site: Site | None = None

    def chorus_digest_token(self) -> str:
        return "structured-site"   # made from SITE_KEYS, which every page reads itself

    def get(self, page) -> Site:
        if self._site is None:
            self._site = make_site(dict(page.items()))
        return self._site


class StructuredDataGenerator(Generator):
    """Publishes ``json_ld`` (and checks the settings); writes nothing itself."""

    def generate_context(self) -> None:
        if StructuredSettings.from_settings(self.settings).enabled:
            self.context["json_ld"] = json_ld
            self.context[HOLDER] = _Holder()

    def generate_output(self, writer) -> None:
        return None


def add_generator(_pelican):
    return StructuredDataGenerator


def register() -> None:
    signals.get_generators.connect(add_generator)
