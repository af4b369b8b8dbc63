"""Badge rules as data: the defaults, and ``CHORUS_BADGES`` to rename, re-word, turn off or add."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from typing import Any

from chorus.namespaced import read_namespace
from chorus.problems import ConfigError
from chorus.text import text_problem

# What a rule counts; ``count`` says how many (days, for membership).
KINDS = {
    "stories": "published stories",
    "testimonials": "published testimonials",
    "pieces": "published stories and testimonials together",
    "featured": "featured stories",
    "answers": "different daily prompts answered",
    "streak": "daily prompts answered in a row (the streak rules, grace included)",
    "first_answer": "days on which theirs was the first answer to the prompt",
    "membership": "days since they joined (365: one year)",
}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


@dataclass(frozen=True)
class BadgeRule:
    """One badge: earned when an advocate has ``count`` of what ``kind`` counts."""

    id: str
    kind: str
    count: int
    name: str
    description: str
    symbol: str                  # one to three characters drawn on the badge image
    enabled: bool = True


DEFAULT_RULES = (
    BadgeRule("first-story", "stories", 1, "First story", "Published a first story.", "1"),
    BadgeRule("first-testimonial", "testimonials", 1, "First testimonial",
              "Shared a first testimonial.", "“”"),
    BadgeRule("pieces-5", "pieces", 5, "Five pieces", "Five stories and testimonials published.", "5"),
    BadgeRule("pieces-10", "pieces", 10, "Ten pieces", "Ten stories and testimonials published.", "10"),
    BadgeRule("pieces-25", "pieces", 25, "Twenty-five pieces",
              "Twenty-five stories and testimonials published.", "25"),
    BadgeRule("featured", "featured", 1, "Featured", "Had a story featured by the team.", "★"),
    BadgeRule("answers-7", "answers", 7, "Seven prompts", "Answered seven daily prompts.", "7"),
    BadgeRule("answers-30", "answers", 30, "Thirty prompts", "Answered thirty daily prompts.", "30"),
    BadgeRule("streak-7", "streak", 7, "Seven-day streak",
              "Answered the daily prompt seven days in a row.", "7d"),
    BadgeRule("streak-30", "streak", 30, "Thirty-day streak",
              "Answered the daily prompt thirty days in a row.", "30d"),
    BadgeRule("first-answer", "first_answer", 1, "First to answer",
              "Was the first to answer a day's prompt.", "1st"),
    BadgeRule("one-year", "membership", 365, "One year", "One year in the community.", "1y"),
)
_RULE_KEYS = {f.name for f in fields(BadgeRule)} - {"id"}


@dataclass(frozen=True)
class BadgeSettings:
    """``CHORUS_BADGES``: which badges exist, and how many of them show where."""

    rules: tuple[BadgeRule, ...] = DEFAULT_RULES
    marks: int = 3               # badge marks beside a byline (the newest)
    recent: int = 30             # badges on /recognition/ and in the badge feed
    award_symbol: str = "★"      # drawn on every hand award's image

    @property
    def active(self) -> tuple[BadgeRule, ...]:
        return tuple(rule for rule in self.rules if rule.enabled)

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> BadgeSettings:
        """Read and check ``CHORUS_BADGES``; every problem is reported at once."""
        given, known, problems = read_namespace(settings, "CHORUS_BADGES", cls)
        for key in ("marks", "recent"):
            if key in given and (type(given[key]) is not int or not 0 <= given[key] <= 500):
                problems.append(f"{key} must be a whole number from 0 to 500")
        if "award_symbol" in given:
            problems += _symbol_problems("award_symbol", given["award_symbol"])
        if "rules" in given:
            rules, wrong = _rules(given["rules"])
            problems += wrong
            given["rules"] = rules
        if problems:
            raise ConfigError("CHORUS_BADGES: " + "; ".join(problems))
        return cls(**{key: value for key, value in given.items() if key in known})


def _rules(given: Any) -> tuple[tuple[BadgeRule, ...], list[str]]:
    """The default rules with the user's changes: known ids changed, new ids added at the end."""
    if not isinstance(given, dict):
        return DEFAULT_RULES, ["rules must be a dict of badge id -> its changes"]
    rules = {rule.id: rule for rule in DEFAULT_RULES}
    problems: list[str] = []
    for badge, change in given.items():
        where = f"rules['{badge}']"
        if not isinstance(badge, str) or not _ID.match(badge):
            problems.append(f"{where}: an id is lowercase letters, digits and '-', e.g. 'pieces-50'")
            continue
        if not isinstance(change, dict):
            problems.append(f"{where} must be a dict, e.g. {{'name': 'First tale'}} or {{'enabled': False}}")
            continue
        unknown = sorted(set(change) - _RULE_KEYS)
        if unknown:
            problems.append(f"{where}: unknown key(s) {unknown} (known: {', '.join(sorted(_RULE_KEYS))})")
            continue
        if badge not in rules:
            missing = [key for key in ("kind", "count", "name", "description", "symbol") if key not in change]
            if missing:
                problems.append(f"{where}: a new badge needs {', '.join(missing)}")
                continue
        wrong = _change_problems(where, change)
        if wrong:
            problems += wrong
            continue
        rules[badge] = replace(rules[badge], **change) if badge in rules else BadgeRule(badge, **change)
    return tuple(rules.values()), problems


def _change_problems(where: str, change: dict[str, Any]) -> list[str]:
    problems = []
    if "kind" in change and change["kind"] not in KINDS:
        problems.append(f"{where}: kind '{change['kind']}' is not one of {', '.join(KINDS)}")
    if "count" in change and (type(change["count"]) is not int or not 1 <= change["count"] <= 10_000):
        problems.append(f"{where}: count must be a whole number from 1 to 10000")
    for key, limit in (("name", 40), ("description", 160)):
        if key in change:
            value = change[key]
            problem = text_problem(value, max_chars=limit) if isinstance(value, str) else "must be text"
            if problem or not str(value).strip():
                problems.append(f"{where}: {key} {problem or 'is empty'}")
    if "symbol" in change:
        problems += _symbol_problems(f"{where}: symbol", change["symbol"])
    if "enabled" in change and not isinstance(change["enabled"], bool):
        problems.append(f"{where}: enabled must be True or False")
    return problems


def _symbol_problems(where: str, value: Any) -> list[str]:
    if not isinstance(value, str) or not 1 <= len(value.strip()) <= 3 or text_problem(value, max_chars=3):
        return [f"{where} must be one to three characters (it is drawn on a 24 px badge)"]
    return []
