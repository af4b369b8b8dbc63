"""Which graph a page gets, from the variables its template is rendered with."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import graph
from .graph import Site


def page_url(output_file: str | None) -> str:
    """``stories/x/index.html`` -> ``stories/x/``; the home page is ""."""
    name = output_file or ""
    return name[:-len("index.html")] if name.endswith("index.html") else name


def _urls(pieces: Any) -> list[str]:
    return [piece.url for piece in pieces or []]


def main_nodes(page: Mapping[str, Any], site: Site, url: str, name: str) -> list[dict[str, Any]]:
    """The page's own nodes (the breadcrumbs are added by ``page_graph``)."""
    article, testimonial = page.get("article"), page.get("testimonial")
    if article is not None and getattr(article, "url", None) == url:
        return [graph.blog_posting(article, site), graph.organization(site)]
    if testimonial is not None:
        return [graph.review(testimonial, page.get("advocate"), site), graph.organization(site)]
    if page.get("profile") is not None:
        return [graph.profile_page(page["profile"].advocate, site, url)]
    if page.get("product") is not None:
        product = page["product"]
        parts = _urls([*product.testimonials, *product.stories])
        return [graph.collection_page(name, site, url, parts), graph.product_node(product, site)]
    if url == "":
        return [graph.website(site), graph.organization(site)]
    return [_listing(page, site, url, name)]


def _listing(page: Mapping[str, Any], site: Site, url: str, name: str) -> dict[str, Any]:
    """Listings are collection pages with their parts; other pages are web pages."""
    if page.get("prompt_day") is not None:
        day = page["prompt_day"]
        return graph.collection_page(name, site, url, _urls([*day.stories, *day.testimonials]))
    listed = {"archives/": "articles", "testimonials/": "testimonials", "advocates/": "profiles",
              "products/": "products"}
    if url in listed or page.get("tag") is not None or url.startswith(("tags/", "prompts/")):
        items = page.get(listed.get(url, "articles")) if (url in listed or page.get("tag")) else None
        if url == "advocates/":
            parts = [p.advocate.url for p in items or []]
        else:
            parts = _urls(items) if items is not None and url != "tags/" else []
        return graph.collection_page(name, site, url, parts)
    return graph.web_page(name, site, url)


def page_graph(page: Mapping[str, Any], site: Site, title: str) -> dict[str, Any]:
    """The whole JSON-LD document of the page rendered with ``page``."""
    url = page_url(page.get("output_file"))
    suffix = f" · {site.name}"
    name = title[:-len(suffix)] if title.endswith(suffix) and title != suffix else title
    name = name.strip() or site.name
    return graph.document([*main_nodes(page, site, url, name), graph.breadcrumbs(url, name, site)])
