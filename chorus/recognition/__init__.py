"""Recognition: badges earned by rule from published content, and hand awards.

``rules`` holds the badge rules as data (``CHORUS_BADGES``), ``earn`` works out who earned
what from the published pieces and the build's day, ``images`` draws each badge as SVG.
"""

from chorus.recognition.earn import Earned, Piece, earned_badges, left_out_awards, pieces, visible
from chorus.recognition.rules import DEFAULT_RULES, KINDS, BadgeRule, BadgeSettings

__all__ = ["DEFAULT_RULES", "KINDS", "BadgeRule", "BadgeSettings", "Earned", "Piece", "earned_badges",
           "left_out_awards", "pieces", "visible"]
