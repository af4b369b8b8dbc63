"""The schema.org graph of one page, as plain dicts, from the content model.

Rules (docs/architecture.md, "Structured data"):
- a person appears only as ``Person`` with the consented display name and their advocate
  page, nothing more; anonymous pieces have no author at all;
- ``reviewRating`` only on reviews of a named ``Product``; the ``Organization`` never
  carries a rating (Google treats reviews of a business on its own site as self-serving);
- every URL is absolute; dates are ISO 8601 with their offset.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

CONTEXT = "https://schema.org"
# First URL segment -> (breadcrumb label, listing URL)
SECTIONS = {"stories": ("Stories", "archives/"), "archives": ("Stories", "archives/"),
            "testimonials": ("Testimonials", "testimonials/"),
            "advocates": ("Advocates", "advocates/"), "prompts": ("Prompts", "prompts/"),
            "tags": ("Topics", "tags/"), "products": ("Products", "products/")}


@dataclass(frozen=True)
class Site:
    """What every page's graph shares."""

    base: str                  # absolute, no trailing slash
    name: str                  # the site's name (SITENAME)
    brand: str                 # the organisation's name
    description: str = ""
    language: str = ""
    logo: str = ""             # absolute URL of the brand logo, or ""
    cards: Mapping[str, Any] = field(default_factory=dict)   # page URL -> ShareCard
    default_card: Any = None
    products: Mapping[str, Any] = field(default_factory=dict)  # comparable name -> Product
    product_of: Any = None     # callable(name) -> Product | None

    def url(self, relative: str) -> str:
        return f"{self.base}/{relative}"

    def card(self, page_url: str) -> str:
        card = self.cards.get(page_url) or self.default_card
        return self.url(card.url) if card else ""


def organization(site: Site) -> dict[str, Any]:
    """The brand: a name, its hub's address and logo. Never a rating."""
    node = {"@type": "Organization", "@id": site.url("#organization"), "name": site.brand,
            "url": site.url("")}
    if site.logo:
        node["logo"] = site.logo
    return node


def person(advocate: Any, site: Site) -> dict[str, Any] | None:
    """An advocate exactly as they consented to be shown; None for anonymous pieces."""
    if advocate is None:
        return None
    return {"@type": "Person", "name": advocate.name, "url": site.url(advocate.url)}


def website(site: Site) -> dict[str, Any]:
    node = {"@type": "WebSite", "@id": site.url("#website"), "name": site.name,
            "url": site.url(""), "publisher": {"@id": site.url("#organization")}}
    if site.description:
        node["description"] = site.description
    if site.language:
        node["inLanguage"] = site.language
    return node


def _iso(moment: Any) -> str:
    return moment.isoformat()


def blog_posting(story: Any, site: Site) -> dict[str, Any]:
    node = {"@type": "BlogPosting", "@id": site.url(story.url) + "#story",
            "headline": story.title, "url": site.url(story.url),
            "mainEntityOfPage": site.url(story.url),
            "datePublished": _iso(story.date),
            "dateModified": _iso(max(getattr(story, "modified", None) or story.date, story.date)),
            "image": site.card(story.url),
            "publisher": {"@id": site.url("#organization")}}
    author = person(getattr(story, "advocate", None), site)
    if author:
        node["author"] = author
    if getattr(story, "excerpt", ""):
        node["description"] = story.excerpt
    if getattr(story, "language", ""):
        node["inLanguage"] = story.language
    keywords = [tag.name for tag in getattr(story, "tags", None) or []]
    if keywords:
        node["keywords"] = keywords
    product = _product(getattr(story, "product", "") or "", site)
    if product:
        node["about"] = product
    return node


def _product(name: str, site: Site) -> dict[str, Any] | None:
    found = site.product_of(name) if site.product_of and name else None
    if found is not None:
        return {"@type": "Product", "name": found.name, "url": site.url(found.url)}
    return {"@type": "Product", "name": " ".join(name.split())} if name.strip() else None


def review(testimonial: Any, advocate: Any, site: Site) -> dict[str, Any]:
    """A testimonial. Rated only when it reviews a named product; otherwise it is about
    the brand and carries no rating (self-serving reviews are not eligible)."""
    node = {"@type": "Review", "@id": site.url(testimonial.url) + "#review",
            "url": site.url(testimonial.url), "reviewBody": testimonial.quote,
            "datePublished": _iso(testimonial.date),
            "publisher": {"@id": site.url("#organization")}}
    product = _product(testimonial.product, site)
    if product:
        node["itemReviewed"] = product
        if testimonial.rating:
            node["reviewRating"] = {"@type": "Rating", "ratingValue": testimonial.rating,
                                    "bestRating": 5, "worstRating": 1}
    else:
        node["itemReviewed"] = {"@id": site.url("#organization")}
    author = person(advocate, site)
    if author:
        node["author"] = author
    if testimonial.language:
        node["inLanguage"] = testimonial.language
    return node


def profile_page(advocate: Any, site: Site, page_url: str) -> dict[str, Any]:
    return {"@type": "ProfilePage", "@id": site.url(page_url), "url": site.url(page_url),
            "name": advocate.name, "mainEntity": person(advocate, site),
            "isPartOf": {"@id": site.url("#website")}}


def product_node(product: Any, site: Site) -> dict[str, Any]:
    """A product with its rated reviews and their average (reviews of products may be rated)."""
    node: dict[str, Any] = {"@type": "Product", "@id": site.url(product.url) + "#product",
                            "name": product.name, "url": site.url(product.url),
                            "image": site.card(product.url)}
    if product.rating_count:
        node["aggregateRating"] = {"@type": "AggregateRating",
                                   "ratingValue": product.rating_average,
                                   "ratingCount": product.rating_count,
                                   "bestRating": 5, "worstRating": 1}
    rated = [t for t in product.testimonials if t.rating]
    if rated:
        node["review"] = [{"@id": site.url(t.url) + "#review"} for t in rated]
    return node


def collection_page(name: str, site: Site, page_url: str, parts: list[str]) -> dict[str, Any]:
    node = {"@type": "CollectionPage", "@id": site.url(page_url), "url": site.url(page_url),
            "name": name, "isPartOf": {"@id": site.url("#website")}}
    if parts:
        node["hasPart"] = [{"@id": site.url(part)} for part in parts]
    return node


def web_page(name: str, site: Site, page_url: str) -> dict[str, Any]:
    return {"@type": "WebPage", "@id": site.url(page_url), "url": site.url(page_url),
            "name": name, "isPartOf": {"@id": site.url("#website")}}


def breadcrumbs(page_url: str, name: str, site: Site) -> dict[str, Any]:
    """Home, the page's section (when it has one), the page itself."""
    trail = [("Home", "")]
    section = SECTIONS.get(page_url.split("/", 1)[0]) if page_url else None
    if section and section[1] != page_url:
        trail.append(section)
    if page_url:
        trail.append((name, page_url))
    return {"@type": "BreadcrumbList", "@id": site.url(page_url) + "#breadcrumbs",
            "itemListElement": [{"@type": "ListItem", "position": n, "name": label,
                                 "item": site.url(url)}
                                for n, (label, url) in enumerate(trail, start=1)]}


def document(nodes: list[dict[str, Any]]) -> dict[str, Any]:
    return {"@context": CONTEXT, "@graph": [node for node in nodes if node]}
