"""Chorus embeddable wall plugin: ``/embed/wall/`` frames (all testimonials, four stars and up,
per product, per tag, and the team's own walls from ``CHORUS_EMBED``) a brand puts on its own
pages with an iframe and ``theme/js/embed.js``, which sizes the frame from the height the frame
posts (``theme/js/embed-frame.js``); ``/embed/`` is the live example with the snippets. Static
pages: no cookies, no third-party requests."""

from .glue import register

__all__ = ["register"]
