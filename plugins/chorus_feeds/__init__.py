"""Chorus feeds plugin: Atom, RSS and JSON Feed for stories, testimonials, the daily
prompt, each prompt day's answers, each named advocate and each tag; the
``/subscribe/`` page; ``context["feed_links"]`` for autodiscovery. The only writer
under the feeds folder (Pelican's own feeds are off in pelicanconf.py)."""

from .glue import register

__all__ = ["register"]
