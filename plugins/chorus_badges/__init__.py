"""Badges and awards on the site: profiles, bylines, /recognition/, a feed, share cards."""

from .glue import register

__all__ = ["register"]
