"""Chorus incremental output plugin: a rebuild leaves files whose bytes did not
change untouched (same mtime, no write) and removes files the build no longer
makes, so the output matches a build into an empty folder."""

from .glue import register

__all__ = ["register"]
