"""Chorus content model plugin: reads and validates every content file, exposes
the hub (advocates, testimonials, prompts) to templates and other plugins as
``context["chorus_hub"]``, and reports every problem together."""

from .glue import register

__all__ = ["register"]
