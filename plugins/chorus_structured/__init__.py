"""Chorus structured data plugin: schema.org JSON-LD on every page, built as data from the
content model (``graph.py``) and serialised so no text can leave its script element
(``serialise.py``). Publishes ``context["json_ld"]``, called once by ``base.html``."""

from .glue import register

__all__ = ["register"]
