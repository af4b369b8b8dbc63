"""Slugs: the URL-safe names of stories, advocates, testimonials and prompts."""

from __future__ import annotations

import re
import unicodedata

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG_LENGTH = 80

# Names the hub uses for its own pages and folders; a piece of content named
# like one of these would shadow or overwrite it.
RESERVED_SLUGS = frozenset({
    "index", "archives", "tags", "tag", "feeds", "feed", "theme", "static", "cards",
    "images", "stories", "testimonials", "advocates", "prompts", "pages", "drafts",
    "submit", "subscribe", "about", "404", "search", "sitemap", "admin", "api",
    "category", "categories", "author", "authors", "page", "products", "embed", "recognition",
    "awards",
})


# The site's own pages (content/pages/) may take these names; advocates' content may not.
PAGE_NAMES = frozenset({"about", "submit"})


def slug_problem(slug: str, page: bool = False) -> str | None:
    """What is wrong with ``slug`` as a name for published content, or None."""
    if not SLUG_PATTERN.match(slug):
        return (f"'{slug}' is not a safe slug; use lowercase ASCII letters, digits and "
                "single hyphens, e.g. 'first-summit'")
    if len(slug) > MAX_SLUG_LENGTH:
        return f"is {len(slug)} characters long; shorten it to at most {MAX_SLUG_LENGTH}"
    if slug in RESERVED_SLUGS and not (page and slug in PAGE_NAMES):
        return f"'{slug}' is reserved for the hub's own pages; choose another name"
    return None


def slugify(text: str, max_length: int = 60) -> str:
    """Turn any title into a safe slug (ASCII, hyphenated). May return ''."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug
