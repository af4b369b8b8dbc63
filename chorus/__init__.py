"""Chorus domain package: the content model, its validation and the rules every
plugin and task shares. Plugins and ``tasks.py`` import from here; nothing here
imports Pelican."""

__version__ = "0.1.0"
