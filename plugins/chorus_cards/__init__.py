"""Chorus share cards: a 1200x630 PNG for every story, testimonial, advocate and prompt
day plus a site default, published as ``context["share_cards"]`` (page relative URL ->
chorus.sharecard.ShareCard) and ``context["default_share_card"]``; see docs/share-cards.md."""

from .glue import register

__all__ = ["register"]
