"""Reading and checking a built page's JSON-LD (plugins/chorus_structured).

Parsed with lxml and json rather than extruct: extruct pulls in rdflib, pyRdfa3, mf2py,
jstyleson, w3lib and html-text to read microdata and RDFa the hub never writes; reading the
script elements the way a crawler does is all JSON-LD needs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

from lxml import html

# type -> properties every node of that type must have
REQUIRED = {
    "WebSite": ("name", "url"),
    "Organization": ("name", "url"),
    "BlogPosting": ("headline", "datePublished", "dateModified", "image", "publisher", "url"),
    "Review": ("itemReviewed", "reviewBody", "datePublished", "url"),
    "ProfilePage": ("mainEntity", "url"),
    "CollectionPage": ("name", "url"),
    "WebPage": ("name", "url"),
    "BreadcrumbList": ("itemListElement",),
    "Product": ("name",),
    "Person": ("name", "url"),
    "Rating": ("ratingValue", "bestRating"),
    "AggregateRating": ("ratingValue", "ratingCount"),
    "ListItem": ("position", "name", "item"),
}


def json_ld(page: Path) -> list[Any]:
    """Every JSON-LD document in ``page``, parsed."""
    tree = html.fromstring(page.read_bytes())
    return [json.loads(script.text_content())
            for script in tree.xpath('//script[@type="application/ld+json"]')]


def nodes(value: Any) -> Iterator[dict[str, Any]]:
    """Every typed node in ``value``, nested ones included."""
    if isinstance(value, dict):
        if "@type" in value:
            yield value
        for item in value.values():
            yield from nodes(item)
    elif isinstance(value, list):
        for item in value:
            yield from nodes(item)


def problems(page: Path) -> list[str]:
    """What is missing or wrong in the JSON-LD of ``page``."""
    found = []
    documents = json_ld(page)
    if len(documents) != 1:
        return [f"{page}: {len(documents)} JSON-LD documents, expected 1"]
    document = documents[0]
    if document.get("@context") != "https://schema.org":
        found.append(f"{page}: @context is {document.get('@context')!r}")
    types = {node["@type"] for node in nodes(document)}
    if "BreadcrumbList" not in types:
        found.append(f"{page}: no BreadcrumbList")
    for node in nodes(document):
        missing = [key for key in REQUIRED.get(node["@type"], ()) if key not in node]
        if node["@type"] not in REQUIRED:
            found.append(f"{page}: unexpected type {node['@type']}")
        if missing:
            found.append(f"{page}: {node['@type']} lacks {missing}")
        if node["@type"] == "Person" and set(node) != {"@type", "name", "url"}:
            found.append(f"{page}: Person carries more than name and url: {sorted(node)}")
        if node["@type"] == "Organization" and {"aggregateRating", "review", "reviewRating"} & set(node):
            found.append(f"{page}: the Organization carries a rating")
        if node["@type"] == "Review" and "reviewRating" in node \
                and node["itemReviewed"].get("@type") != "Product":
            found.append(f"{page}: a rating on a review of something other than a product")
    return found
