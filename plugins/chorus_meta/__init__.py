"""Chorus meta plugin: the files a site has besides its pages. ``sitemap.xml`` (every public
page this build wrote, with ``lastmod``), ``robots.txt`` pointing at it, and a favicon drawn
from the brand colours (SVG, PNGs, the JSON Feed icon), published as ``context["site_icons"]``."""

from .glue import register

__all__ = ["register"]
