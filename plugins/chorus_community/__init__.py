"""Chorus community pages plugin: the testimonials wall and a page per
testimonial, the advocates directory and a page per advocate (only in the form
each advocate consented to). Reads ``context["chorus_hub"]``."""

from .glue import register

__all__ = ["register"]
