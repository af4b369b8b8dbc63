"""Who contributed what: advocates with their published stories and testimonials."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from chorus.hub import Advocate, Hub, Testimonial


@dataclass
class Profile:
    """An advocate with their published contributions, newest first."""

    advocate: Advocate
    stories: list[Any] = field(default_factory=list)
    testimonials: list[Testimonial] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.stories) + len(self.testimonials)

    @property
    def latest(self):
        dates = [s.date for s in self.stories] + [t.date for t in self.testimonials]
        return max(dates) if dates else None


def profiles(hub: Hub, stories: Iterable[Any]) -> list[Profile]:
    """Profiles of advocates with at least one published piece, most recently active first.

    ``stories`` are Pelican articles carrying ``advocate_slug`` and ``date``.
    """
    found: dict[str, Profile] = {}
    for story in stories:
        advocate = hub.advocate(story.advocate_slug)
        if advocate:
            found.setdefault(advocate.slug, Profile(advocate)).stories.append(story)
    for testimonial in hub.testimonials:
        advocate = hub.advocate(testimonial.advocate_slug)
        if advocate:
            found.setdefault(advocate.slug, Profile(advocate)).testimonials.append(testimonial)
    for profile in found.values():
        profile.stories.sort(key=lambda s: s.date, reverse=True)
    return sorted(found.values(), key=lambda p: (p.latest, p.advocate.slug), reverse=True)
