"""Badge rules: each one earned, not yet earned, lost when content is withdrawn, hidden;
and CHORUS_BADGES renaming, re-wording, turning off and adding rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from chorus.hub import Advocate, Award, Prompt
from chorus.hub import Testimonial as Quote
from chorus.problems import ConfigError
from chorus.promptday import PromptDay
from chorus.recognition import (DEFAULT_RULES, BadgeSettings, earned_badges, left_out_awards, pieces,
                                visible)
from chorus.streaks import milestones

ZONE = ZoneInfo("America/Denver")
START = dt.date(2026, 10, 1)
TODAY = dt.date(2026, 11, 22)
PROMPT = Prompt(slug="p", question="Q?", intro="", quick="q", story="s", pool=True)


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=ZONE)


def person(slug: str = "maya", joined: dt.date = START, **extra) -> Advocate:
    return Advocate(slug=slug, name=slug.title(), name_form="full", joined=joined, bio="", **extra)


def story(slug: str, day: dt.date, who: str = "maya", featured: bool = False, hour: int = 9):
    return SimpleNamespace(slug=slug, title=f"Story {slug}", date=at(day, hour), url=f"stories/{slug}/",
                           advocate_slug=who, featured=featured)


def quote(slug: str, day: dt.date, who: str = "maya", hour: int = 9) -> Quote:
    return Quote(slug=slug, quote=f"Quote {slug}", date=at(day, hour), advocate_slug=who)


def compute(stories=(), testimonials=(), answered=None, advocates=None, awards=(), day=TODAY,
            rules=DEFAULT_RULES, calendar=()):
    """Badges over the given pieces; ``answered``: prompt day -> the pieces answering it;
    ``calendar``: every prompt day (default: the answered ones)."""
    advocates = advocates or {"maya": person()}
    answered = answered or {}
    days = [PromptDay(d, PROMPT, [p for p in answered.get(d, []) if not isinstance(p, Quote)],
                      [p for p in answered.get(d, []) if isinstance(p, Quote)])
            for d in sorted({*answered, *calendar}, reverse=True)]
    return earned_badges(advocates, pieces(stories, testimonials), days, rules, awards, day, ZONE)


def ids(found, slug="maya"):
    return [e.badge for e in found.get(slug, ())]


def one(found, badge, slug="maya"):
    return next(e for e in found[slug] if e.badge == badge)


def test_first_story_is_earned_with_the_day_and_the_story_it_was_for():
    found = compute([story("b", START + dt.timedelta(days=3)), story("a", START + dt.timedelta(days=1))])
    first = one(found, "first-story")
    assert (first.day, first.for_url, first.for_title) == (START + dt.timedelta(days=1), "stories/a/", "Story a")
    assert "first-testimonial" not in ids(found)


def test_first_testimonial_and_counts_of_pieces_take_stories_and_testimonials_together():
    stories = [story(f"s{i}", START + dt.timedelta(days=i)) for i in range(3)]
    quotes = [quote(f"t{i}", START + dt.timedelta(days=10 + i)) for i in range(2)]
    found = compute(stories, quotes)
    assert one(found, "first-testimonial").for_url == "testimonials/t0/"
    five = one(found, "pieces-5")
    assert (five.for_url, five.day) == ("testimonials/t1/", START + dt.timedelta(days=11))
    assert "pieces-10" not in ids(found)


@pytest.mark.parametrize("count, badge", [(4, None), (5, "pieces-5"), (10, "pieces-10"), (25, "pieces-25")])
def test_piece_counts_are_earned_exactly_at_their_count(count, badge):
    found = compute([story(f"s{i:02}", START + dt.timedelta(days=i)) for i in range(count)])
    earned = [b for b in ids(found) if b.startswith("pieces-")]
    assert (earned[-1] if earned else None) == badge


def test_withdrawn_content_takes_its_badges_with_it():
    stories = [story(f"s{i}", START + dt.timedelta(days=i), featured=i == 2) for i in range(5)]
    before = compute(stories)
    assert {"first-story", "pieces-5", "featured"} <= set(ids(before))
    after = compute([s for s in stories if s.slug != "s2"])        # s2 withdrawn: not published
    assert "pieces-5" not in ids(after) and "featured" not in ids(after)
    assert compute([]) == {}                                           # nothing published: no badges at all


def test_featured_names_the_first_featured_story():
    found = compute([story("a", START), story("b", START + dt.timedelta(days=2), featured=True)])
    assert one(found, "featured").for_url == "stories/b/"
    assert "featured" not in ids(compute([story("a", START)]))


def days_from(first: dt.date, n: int) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range(n)]


def test_answers_count_different_prompt_days_not_pieces():
    calendar = days_from(dt.date(2026, 11, 1), 7)
    answered = {d: [story(f"a{i}", d)] for i, d in enumerate(calendar[:6])}
    answered[calendar[5]].append(quote("again", calendar[5], hour=11))   # a second answer, same day
    found = compute([s for d in calendar[:6] for s in answered[d] if not isinstance(s, Quote)],
                    [quote("again", calendar[5], hour=11)], answered)
    assert "answers-7" not in ids(found)
    answered[calendar[6]] = [story("a6", calendar[6])]
    found = compute([s for ps in answered.values() for s in ps if not isinstance(s, Quote)], [], answered)
    assert one(found, "answers-7").for_url == "stories/a6/"


def test_a_seven_day_streak_is_earned_on_the_seventh_day_in_a_row_and_grace_counts():
    calendar = days_from(dt.date(2026, 11, 1), 9)
    answered = {d: [story(f"a{i}", d)] for i, d in enumerate(calendar) if i != 3}    # day 4 missed: forgiven
    found = compute([s for ps in answered.values() for s in ps], [], answered, calendar=calendar)
    streak = one(found, "streak-7")
    assert streak.day == calendar[7] and streak.for_url == "stories/a7/"


def test_no_streak_badge_when_the_run_breaks_before_seven():
    calendar = days_from(dt.date(2026, 11, 1), 10)
    answered = {d: [story(f"a{i}", d)] for i, d in enumerate(calendar) if i not in (3, 4)}
    found = compute([s for ps in answered.values() for s in ps], [], answered, calendar=calendar)
    assert "streak-7" not in ids(found) and "answers-7" in ids(found)


def test_first_to_answer_goes_to_the_earliest_answer_and_never_to_anonymous():
    day1, day2 = dt.date(2026, 11, 1), dt.date(2026, 11, 2)
    advocates = {"maya": person(), "ben": person("ben")}
    answered = {day1: [story("m1", day1, hour=10), story("b1", day1, "ben", hour=8)],
                day2: [story("anon", day2, "anonymous", hour=7), story("m2", day2, hour=9)]}
    found = compute([s for ps in answered.values() for s in ps], [], answered, advocates)
    assert one(found, "first-answer", "ben").for_url == "stories/b1/"
    assert "first-answer" not in ids(found, "maya")             # day 2's first answer was anonymous


def test_one_year_in_the_community_counts_from_joining_to_the_build_day():
    joined = dt.date(2025, 11, 23)
    advocates = {"maya": person(joined=joined)}
    assert "one-year" not in ids(compute([story("a", START)], advocates=advocates))
    found = compute([story("a", START)], advocates=advocates, day=dt.date(2026, 11, 23))
    year = one(found, "one-year")
    assert (year.day, year.for_url) == (dt.date(2026, 11, 23), "")


def test_same_content_same_badges():
    stories = [story(f"s{i}", START + dt.timedelta(days=i)) for i in range(6)]
    assert compute(stories) == compute(list(reversed(stories)))


def test_hidden_badges_are_not_shown_but_others_are():
    advocates = {"maya": person(hide_badges=True), "ben": person("ben")}
    found = compute([story("a", START), story("b", START, "ben")], advocates=advocates)
    assert set(found) == {"maya", "ben"}
    assert set(visible(found, advocates)) == {"ben"}


def award(slug="pick", who="maya", piece="", day=dt.date(2026, 11, 20)) -> Award:
    return Award(slug=slug, title="Community pick 2026", advocate_slug=who, day=day,
                 citation="For a story that got us all out at dawn.", awarded_by="Sam", piece=piece)


def test_an_award_is_shown_with_its_citation_and_goes_when_its_piece_is_withdrawn():
    given = award(piece="stories/a")
    found = compute([story("a", START)], awards=[given])
    shown = one(found, "award-pick")
    assert shown.award and shown.description.startswith("For a story") and shown.for_url == "stories/a/"
    assert "award-pick" not in ids(compute([story("b", START)], awards=[given]))
    published = pieces([story("b", START)], [])
    assert left_out_awards([given], {"maya": person()}, published) == [
        "awards/pick.md: stories/a is not published under that advocate"]
    assert left_out_awards([award(who="ben")], {"maya": person()}, published) == [
        "awards/pick.md: advocate 'ben' has no published piece"]


def test_milestones_give_the_day_each_run_length_was_first_reached():
    calendar = days_from(dt.date(2026, 11, 1), 5)
    reached = milestones({calendar[0], calendar[1], calendar[3], calendar[4]}, calendar, calendar[-1], 0)
    assert reached == {1: calendar[0], 2: calendar[1]}


def test_settings_rename_reword_turn_off_and_add_rules():
    settings = BadgeSettings.from_settings({"CHORUS_BADGES": {"rules": {
        "first-story": {"name": "First tale", "description": "Told a first tale."},
        "one-year": {"enabled": False},
        "pieces-50": {"kind": "pieces", "count": 50, "name": "Fifty", "description": "Fifty pieces.",
                      "symbol": "50"}}}})
    by_id = {rule.id: rule for rule in settings.rules}
    assert by_id["first-story"].name == "First tale" and by_id["first-story"].count == 1
    assert "one-year" not in {rule.id for rule in settings.active}
    assert by_id["pieces-50"].count == 50
    found = compute([story("a", START)], advocates={"maya": person(joined=dt.date(2020, 1, 1))},
                    rules=settings.rules)
    assert one(found, "first-story").name == "First tale" and "one-year" not in ids(found)


def test_settings_report_every_problem_at_once():
    with pytest.raises(ConfigError) as err:
        BadgeSettings.from_settings({"CHORUS_BADGES": {"colour": "red", "marks": -1, "rules": {
            "first-story": {"nmae": "x"}, "new": {"kind": "pieces"}, "Bad Id": {},
            "pieces-5": {"kind": "hugs", "count": 0, "symbol": "ABCD"}}}})
    message = str(err.value)
    for part in ("unknown key 'colour'", "marks must be", "unknown key(s) ['nmae']",
                 "a new badge needs count, name, description, symbol", "rules['Bad Id']",
                 "kind 'hugs'", "count must be", "symbol must be"):
        assert part in message, part


def test_default_settings_need_no_configuration():
    settings = BadgeSettings.from_settings({})
    assert [rule.id for rule in settings.active] == [rule.id for rule in DEFAULT_RULES]
    assert replace(settings.rules[0], name="x").id == "first-story"
