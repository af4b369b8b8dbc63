"""The /subscribe/ page's data: the site's own feeds first, each with a copyable address,
then one compact list per kind (topics, advocates, prompt days) with one link per format."""

from __future__ import annotations

from typing import Any

from .catalogue import LABEL, Plan, feed_urls
from .entries import Site
from .model import MIME
from .settings import FeedSettings

MAIN = ("stories", "testimonials", "prompts")
# family -> (section id, heading, what one feed of the list follows)
KINDS = (("tags", "topics", "Topics", "stories about one topic"),
         ("advocates", "advocates", "Advocates", "one advocate's stories and testimonials"),
         ("products", "products", "Products", "stories and testimonials about one product"),
         ("prompt_days", "prompt-days", "Answers to one day's prompt", "the answers to one day's prompt"))


def _links(plan: Plan, config: FeedSettings, site: Site) -> list[dict[str, str]]:
    return [{"label": LABEL[fmt], "url": url, "href": site.href(url[len(site.base) + 1:]), "mime": MIME[fmt]}
            for fmt, url in feed_urls(plan, config, site).items()]


def subscribe_page(plans: list[Plan], config: FeedSettings, site: Site) -> dict[str, Any]:
    """``main``: the site's feeds and other plugins' site-wide ones (title, description, page,
    links, the ``address`` to copy);
    ``kinds``: sections of compact rows (label, page, links), in a stable order."""
    listed = {family for family, *_ in KINDS}
    # the site's own feeds, then any other plugin's site-wide feed (e.g. new badges)
    site_wide = [p for p in plans if p.family in MAIN] + [
        p for p in plans if p.family not in MAIN and p.family not in listed]
    main = [{"title": p.title, "description": p.description, "href": site.href(p.page),
             "links": _links(p, config, site)} for p in site_wide]
    for feed in main:
        feed["address"] = feed["links"][0]["url"] if feed["links"] else ""
    kinds = []
    for family, anchor, heading, follows in KINDS:
        rows = [{"label": p.label or p.title, "href": site.href(p.page), "links": _links(p, config, site)}
                for p in plans if p.family == family]
        if family == "prompt_days":
            rows.reverse()                   # newest day first
        if rows:
            kinds.append({"id": anchor, "heading": heading, "follows": follows, "rows": rows})
    return {"main": main, "kinds": kinds, "count": len(plans)}
