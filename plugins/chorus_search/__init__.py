"""Chorus site search plugin: indexes the built site with Pagefind (the binary shipped in the
pinned ``pagefind-bin-extended`` wheel, run offline) once every page is written, into a fresh
folder renamed into place, and writes the ``/search/`` page (theme template ``search.html``)."""

from .glue import register

__all__ = ["register"]
