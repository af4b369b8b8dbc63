"""Chorus site search plugin: writes ``/search/`` (theme template ``search.html``) and, once
every page is written, reads this build's search records (``chorus.search.prepare``: only new
or changed pages). The Pagefind bundle is written after the build is live
(``chorus.search.index_live``); see docs/search.md."""

from .glue import register

__all__ = ["register"]
