"""Which badges each advocate has earned: pure functions of published content and the day.

Same content, same badges: nothing here reads a clock or a store. Only what is published
counts, so a withdrawn piece takes the badges it earned with it on the next build.
Anonymous pieces earn nothing (there is nobody to give the badge to).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from chorus.excerpt import shorten
from chorus.hub import Advocate, Award, Testimonial
from chorus.promptday import PromptDay
from chorus.schema import ANONYMOUS
from chorus.streaks import milestones

from .rules import BadgeRule


@dataclass(frozen=True)
class Piece:
    """A published story or testimonial, as far as badges care."""

    advocate_slug: str
    at: dt.datetime
    url: str                      # relative URL of its page
    title: str
    kind: str                     # "stories" or "testimonials"
    slug: str
    featured: bool = False

    @property
    def ref(self) -> str:
        """How an award file names it: ``stories/<slug>`` or ``testimonials/<slug>``."""
        return f"{self.kind}/{self.slug}"


@dataclass(frozen=True)
class Earned:
    """A badge (or hand award) one advocate earned: when, and what it was for."""

    badge: str                    # the rule's id, or "award-<award slug>"
    name: str
    description: str              # the rule's description, or the award's citation
    advocate_slug: str
    day: dt.date
    at: dt.datetime               # when (the piece's time, else the start of ``day``)
    for_url: str = ""             # the piece that earned it ("" when none did)
    for_title: str = ""
    award: bool = False


def pieces(stories: Iterable[Any], testimonials: Iterable[Testimonial], *,
           named_only: bool = True) -> list[Piece]:
    """Published pieces (by named advocates only, unless ``named_only`` is off), oldest first
    (ties by kind and slug, so the order is fixed)."""
    found = [Piece(getattr(s, "advocate_slug", ANONYMOUS), s.date, s.url, s.title, "stories", s.slug,
                   bool(getattr(s, "featured", False))) for s in stories]
    found += [Piece(t.advocate_slug, t.date, t.url, f"“{shorten(t.quote, 60)}”", "testimonials", t.slug)
              for t in testimonials]
    return sorted((p for p in found if p.advocate_slug != ANONYMOUS or not named_only), key=_order)


def _order(piece: Piece) -> tuple:
    return (piece.at, piece.kind, piece.slug)


def earned_badges(advocates: Mapping[str, Advocate], published: Sequence[Piece],
                  prompt_days: Sequence[PromptDay], rules: Sequence[BadgeRule], awards: Sequence[Award],
                  day: dt.date, zone: ZoneInfo, grace_window: int = 7) -> dict[str, tuple[Earned, ...]]:
    """Every advocate with a published piece -> what they earned, oldest first."""
    mine: dict[str, list[Piece]] = {}
    for piece in published:
        if piece.advocate_slug in advocates:
            mine.setdefault(piece.advocate_slug, []).append(piece)
    answers = _answers(prompt_days)
    firsts = _first_answers(prompt_days)
    closed = sorted(d.day for d in prompt_days)
    by_ref = {piece.ref: piece for piece in published}
    result = {}
    for slug, theirs in sorted(mine.items()):
        context = _Person(advocates[slug], theirs, answers.get(slug, []),
                          [p for p in firsts if p.advocate_slug == slug], closed, day, zone,
                          grace_window)
        found = [earned for rule in rules if rule.enabled and (earned := context.earn(rule))]
        found += [_award(award, by_ref, zone) for award in awards
                  if award.advocate_slug == slug and _award_stands(award, by_ref)]
        result[slug] = tuple(sorted(found, key=lambda e: (e.at, e.badge)))
    return result


def _answers(prompt_days: Sequence[PromptDay]) -> dict[str, list[tuple[Piece, dt.date]]]:
    """Advocate -> (answering piece, prompt day), oldest piece first."""
    found: dict[str, list[tuple[Piece, dt.date]]] = {}
    for prompt_day in prompt_days:
        for piece in pieces(prompt_day.stories, prompt_day.testimonials):
            found.setdefault(piece.advocate_slug, []).append((piece, prompt_day.day))
    for answers in found.values():
        answers.sort(key=lambda pair: (_order(pair[0]), pair[1]))
    return found


def _first_answers(prompt_days: Sequence[PromptDay]) -> list[Piece]:
    """The first answer of each prompt day, when a named advocate gave it; oldest first."""
    firsts = []
    for prompt_day in prompt_days:
        every = pieces(prompt_day.stories, prompt_day.testimonials, named_only=False)
        if every and every[0].advocate_slug != ANONYMOUS:
            firsts.append(every[0])
    return sorted(firsts, key=_order)


@dataclass(frozen=True)
class _Person:
    advocate: Advocate
    pieces: list[Piece]                        # theirs, oldest first
    answers: list[tuple[Piece, dt.date]]       # their answers to prompt days, oldest first
    firsts: list[Piece]                        # their first answers of a day
    prompt_days: list[dt.date]
    day: dt.date
    zone: ZoneInfo
    grace_window: int

    def earn(self, rule: BadgeRule) -> Earned | None:
        if rule.kind == "membership":
            return self._membership(rule)
        if rule.kind == "streak":
            return self._streak(rule)
        counted = {
            "stories": lambda: [p for p in self.pieces if p.kind == "stories"],
            "testimonials": lambda: [p for p in self.pieces if p.kind == "testimonials"],
            "pieces": lambda: self.pieces,
            "featured": lambda: [p for p in self.pieces if p.featured],
            "answers": self._distinct_days,
            "first_answer": lambda: self.firsts,
        }[rule.kind]()
        return self._made(rule, counted[rule.count - 1]) if len(counted) >= rule.count else None

    def _distinct_days(self) -> list[Piece]:
        """The piece that answered each new prompt day, in the order they were answered."""
        seen: set[dt.date] = set()
        found = []
        for piece, prompt_day in self.answers:
            if prompt_day not in seen:
                seen.add(prompt_day)
                found.append(piece)
        return found

    def _streak(self, rule: BadgeRule) -> Earned | None:
        done = {prompt_day for _piece, prompt_day in self.answers}
        reached = milestones(done, self.prompt_days, self.day, self.grace_window).get(rule.count)
        if reached is None:
            return None
        return self._made(rule, next(p for p, d in self.answers if d == reached))

    def _membership(self, rule: BadgeRule) -> Earned | None:
        since = self.advocate.joined + dt.timedelta(days=rule.count)
        if since > self.day:
            return None
        return Earned(rule.id, rule.name, rule.description, self.advocate.slug, since,
                      dt.datetime.combine(since, dt.time(0), tzinfo=self.zone))

    def _made(self, rule: BadgeRule, piece: Piece) -> Earned:
        return Earned(rule.id, rule.name, rule.description, self.advocate.slug,
                      piece.at.astimezone(self.zone).date(), piece.at, piece.url, piece.title)


def _award_stands(award: Award, by_ref: Mapping[str, Piece]) -> bool:
    """An award for a piece lasts as long as the piece is published (and is the advocate's)."""
    if not award.piece:
        return True
    piece = by_ref.get(award.piece)
    return piece is not None and piece.advocate_slug == award.advocate_slug


def _award(award: Award, by_ref: Mapping[str, Piece], zone: ZoneInfo) -> Earned:
    piece = by_ref.get(award.piece) if award.piece else None
    return Earned(f"award-{award.slug}", award.title, award.citation, award.advocate_slug, award.day,
                  dt.datetime.combine(award.day, dt.time(0), tzinfo=zone),
                  piece.url if piece else "", piece.title if piece else "", award=True)


def left_out_awards(awards: Sequence[Award], advocates: Mapping[str, Advocate],
                    published: Sequence[Piece]) -> list[str]:
    """Why each award that is not shown is not shown (``path: reason``)."""
    by_ref = {piece.ref: piece for piece in published}
    has_piece = {piece.advocate_slug for piece in published}
    found = []
    for award in awards:
        if award.advocate_slug not in advocates or award.advocate_slug not in has_piece:
            found.append(f"{award.path}: advocate '{award.advocate_slug}' has no published piece")
        elif not _award_stands(award, by_ref):
            found.append(f"{award.path}: {award.piece} is not published under that advocate")
    return found


def visible(earned: Mapping[str, tuple[Earned, ...]],
            advocates: Mapping[str, Advocate]) -> dict[str, tuple[Earned, ...]]:
    """What the site shows: nothing of advocates who chose to hide their badges."""
    return {slug: found for slug, found in earned.items()
            if found and not advocates[slug].hide_badges}
