"""Chorus build progress: counts the pages Pelican writes into the build's reporter
(``settings["CHORUS_PROGRESS"]``, see chorus/progress.py) and finishes it when Pelican is done.
The other stages are reported by the plugins that do the work."""

from .glue import register

__all__ = ["register"]
