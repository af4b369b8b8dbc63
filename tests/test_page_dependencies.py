"""Digests and read logs behind page dependency tracking (chorus/pagedeps.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
import sys

import pytest
from jinja2 import pass_context
from markupsafe import Markup

from chorus.fragments import Fragments
from chorus.pagedeps import (Digests, ReadLog, TrackedMapping, Unstatable, decode_key, encode_key,
                             replay_lookup, resolve_path)
from conftest import ROOT


@dataclasses.dataclass(eq=False)
class Person:
    name: str
    photo: str = ""
    stories: list = dataclasses.field(default_factory=list)


class Story:
    def __init__(self, title: str, person: Person):
        self.title, self.person = title, person
        person.stories.append(self)


def digest(value) -> str:
    return Digests().digest(value)


def test_equal_values_have_equal_digests_and_any_difference_shows():
    def world(name: str, photo: str = "p.jpg"):
        maya = Person(name, photo)
        Story("One", maya), Story("Two", maya)
        return maya.stories[0]

    first = digest(world("Maya Okafor"))
    assert digest(world("Maya Okafor")) == first
    assert digest(world("Maya O.")) != first            # a name seen through a neighbour's link
    assert digest(world("Maya Okafor", photo="")) != first
    assert digest({"b": 1, "a": 2}) == digest({"a": 2, "b": 1})
    assert digest(["a", "b"]) != digest(["b", "a"])
    assert digest(Markup("<b>x</b>")) != digest("<b>x</b>")
    assert digest(1) != digest(True) and digest("1") != digest(1)
    assert digest(dt.date(2026, 11, 22)) != digest(dt.date(2026, 11, 23))


def test_sharing_among_a_values_direct_references_is_part_of_the_digest():
    one = Person("A")
    shared, separate = [one, one], [Person("A"), Person("A")]
    assert digest(shared) != digest(separate)
    assert digest([Person("A"), Person("A")]) == digest(separate)


def test_cycles_are_digested_and_memo_does_not_leak_between_roots():
    maya = Person("Maya")
    first, second = Story("One", maya), Story("Two", maya)
    digests = Digests()
    before = digests.digest(second)
    fresh_maya = Person("Maya")
    Story("One", fresh_maya)
    fresh_second = Story("Two", fresh_maya)
    assert Digests().digest(fresh_second) == before
    fresh_maya.stories[0].title = "Changed"
    assert Digests().digest(fresh_second) != before
    assert digests.digest(first) != digests.digest(second)


def test_a_cycle_digests_the_same_whichever_member_is_digested_first():
    def world(name: str = "Maya"):
        maya = Person(name)
        return maya, Story("One", maya), Story("Two", maya)

    maya, one, two = world()
    first = Digests()
    in_order = [first.digest(value) for value in (maya, one, two)]
    backwards = Digests()
    assert [backwards.digest(value) for value in (two, one, maya)][::-1] == in_order
    assert len(set(in_order)) == 3
    page = {"article": world()[2], "people": [world()[0]]}   # reached from outside the cycle
    assert digest(page) == digest({"article": world()[2], "people": [world()[0]]})
    withdrawn = world()
    withdrawn[1].title = "Withdrawn"    # a neighbour in the cycle changed: every member shows it
    assert digest({"article": withdrawn[2], "people": [withdrawn[0]]}) != digest(page)
    assert Digests().digest(withdrawn[0]) != in_order[0]


def test_a_cycle_of_members_with_equal_fields_is_walked_and_still_told_apart():
    @dataclasses.dataclass(eq=False)
    class Link:
        name: str
        other: object = None

    def ring(names):
        links = [Link(name) for name in names]
        for link, following in zip(links, links[1:] + links[:1]):
            link.other = following
        return links[0]

    same = digest(ring(["a", "a", "a"]))
    assert digest(ring(["a", "a", "a"])) == same
    assert digest(ring(["a", "a"])) != same             # the cycle's length shows
    assert digest(ring(["a", "a", "b"])) != same
    assert digest(ring(["a", "b", "a"])) != digest(ring(["a", "a", "b"]))
    wrapped = {"first": ring(["a", "a"]), "list": [ring(["a", "a"])]}
    assert digest(wrapped) == digest({"first": ring(["a", "a"]), "list": [ring(["a", "a"])]})


def test_a_long_chain_is_digested_without_recursion():
    @dataclasses.dataclass(eq=False)
    class Node:
        value: int
        following: object = None

    def chain(last: int):
        head = None
        for value in range(5000, 0, -1):
            head = Node(last if value == 5000 else value, head)
        return head

    assert digest(chain(5000)) == digest(chain(5000)) != digest(chain(0))


@pytest.mark.parametrize("value", [open, iter([1]), (x for x in [1]), object()])
def test_values_that_cannot_be_stated_are_refused(value):
    if value is open:
        with open(__file__) as handle:
            with pytest.raises(Unstatable):
                digest({"file": handle})
        return
    with pytest.raises(Unstatable):
        digest({"value": value})


def test_a_function_reading_the_whole_context_must_say_it_logs_its_reads():
    @pass_context
    def reads_everything(context):
        return context.get("secret")

    with pytest.raises(Unstatable):
        digest({"f": reads_everything})
    reads_everything.chorus_logs_its_reads = True
    assert digest({"f": reads_everything})


def test_tracked_mapping_logs_each_key_read_during_a_page_only():
    log = ReadLog()
    cards = TrackedMapping("share_cards", {"a/": 1, "b/": 2}, log)
    assert cards.get("a/") == 1            # no page rendering: nothing logged
    with log.capture() as (names, lookups):
        assert cards.get("a/") == 1 and "c/" not in cards and len(cards) == 2
    assert lookups == {("share_cards", "get", "sa/"), ("share_cards", "get", "sc/"),
                       ("share_cards", "len", "n")}
    with log.capture() as (names, lookups):
        list(cards.items())
    assert ("share_cards", "all", "n") in lookups
    digests = Digests(read_log=log)   # read by key: the table itself digests to its name
    assert digests.digest(cards) == digests.digest(TrackedMapping("share_cards", {"other": 3}, log))


def test_a_tracked_table_whose_reads_this_build_does_not_log_makes_the_page_unstatable():
    log = ReadLog()
    with pytest.raises(Unstatable):
        Digests(read_log=log).digest({"cards": TrackedMapping("share_cards", {"a/": 1})})
    with pytest.raises(Unstatable):
        Digests(read_log=log).digest(TrackedMapping("share_cards", {}, ReadLog()))


def test_replayed_lookups_see_only_the_keys_read():
    old = TrackedMapping("m", {"a": 1, "b": 2})
    new = TrackedMapping("m", {"a": 1, "b": 3})
    assert digest(replay_lookup(old, "get", "sa")) == digest(replay_lookup(new, "get", "sa"))
    assert digest(replay_lookup(old, "get", "sb")) != digest(replay_lookup(new, "get", "sb"))
    assert digest(replay_lookup(old, "all", "n")) != digest(replay_lookup(new, "all", "n"))
    with pytest.raises(Unstatable):
        replay_lookup({"a": 1}, "get", "sa")


@pytest.mark.parametrize("key", [None, "x", "", 7, dt.date(2026, 11, 3)])
def test_keys_round_trip(key):
    assert decode_key(encode_key(key)) == key


def test_resolve_path_follows_attributes():
    class Hub:
        advocates = {"a": 1}
    assert resolve_path({"chorus_hub": Hub()}, "chorus_hub.advocates") == {"a": 1}
    assert resolve_path({}, "chorus_hub.advocates") is None


def test_nested_captures_count_for_the_outer_one_and_fragments_replay_their_reads():
    log = ReadLog()
    fragments = Fragments()
    fragments.attach_read_log(log)

    def card(story):
        log.name("SITEURL")
        return f"<card {story}>"

    with log.capture() as (first, _):
        fragments.once(card, "s1")
    with log.capture() as (second, _):
        assert fragments.once(card, "s1") == "<card s1>"   # reused, not rendered again
    assert first == second == {"SITEURL"}
    assert fragments.reused == 1


def test_memoised_digests_keep_types_apart():
    digests = Digests()
    assert digests.digest("0") != digests.digest(0) != digests.digest(0.0)
    assert digests.digest(-0.0) != digests.digest(0.0)
    assert digests.digest("x") == Digests().digest("x")


def test_a_function_is_digested_by_its_code_too():
    def make(suffix: str):
        namespace: dict = {}
        exec(f"def shout(text):\n    return text + {suffix!r}\n", namespace)
        return namespace["shout"]

    assert digest({"f": make("!")}) == digest({"f": make("!")})
    assert digest({"f": make("!")}) != digest({"f": make("?")})


def test_a_function_with_a_comprehension_digests_the_same_in_another_process():
    script = ("from chorus.pagedeps import Digests\n"
              "def pick(items):\n    return [i for i in items if i not in {'x', 'y', 'z'}]\n"
              "print(Digests().digest({'f': pick}))\n")
    runs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                           cwd=str(ROOT), env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout
            for seed in (1, 2, 3)}
    assert len(runs) == 1


def test_a_derived_value_is_digested_through_what_it_comes_from():
    class Part:
        def __init__(self, whole, number):
            self.whole, self.number, self.slice = whole, number, whole[number:number + 1]

    def derived(value):
        return (value.number, value.whole) if isinstance(value, Part) else None

    whole = [Person("A"), Person("B")]
    digests = Digests(derived=derived)
    assert digests.digest(Part(whole, 0)) == Digests(derived=derived).digest(Part(whole, 0))
    assert digests.digest(Part(whole, 0)) != digests.digest(Part(whole, 1))
    assert digests.digest(Part(whole, 1)) != Digests(derived=derived).digest(
        Part([Person("A"), Person("C")], 1))


def test_an_object_unstatable_until_its_table_logs_its_reads_is_statable_afterwards():
    log = ReadLog()
    cards = TrackedMapping("share_cards", {"a/": 1})
    holder = Person("Maya", stories=[cards])
    digests = Digests(read_log=log)
    with pytest.raises(Unstatable):
        digests.digest({"who": holder})
    cards.attach_read_log(log)          # as PageTracker does for values published later
    assert digests.digest({"who": holder}) == Digests(read_log=log).digest({"who": holder})


def test_dicts_digest_by_content_whatever_their_order_and_keys_of_other_types_stay_apart():
    digests = Digests()   # one build: the key order of a tuple of keys is memoised
    story = {"title": "Ridge", "date": dt.date(2026, 11, 2), "tags": ["trail"], "featured": False}
    again = dict(reversed(list(story.items())))
    assert digests.digest(story) == digests.digest(again) == Digests().digest(story)
    for key, other in (("title", "Ridge run"), ("featured", True), ("tags", ["trails"]),
                       ("date", dt.date(2026, 11, 3))):
        assert digests.digest({**story, key: other}) != digests.digest(story), key
    assert digests.digest({"a": 1}) != digests.digest({"a": 1, "b": 1}) != digests.digest({"b": 1, "c": 1})
    assert digests.digest({"<b>": 1}) != digests.digest({Markup("<b>"): 1})
    assert digests.digest({0.0: "x"}) != digests.digest({-0.0: "x"})
    assert digests.digest({1: "x"}) != digests.digest({True: "x"}) != digests.digest({"1": "x"})


def test_an_iterator_is_refused_whichever_of_its_class_values_comes_first():
    class Countdown:
        def __init__(self, start: int):
            self.left = start

        def __iter__(self):
            return self

        def __next__(self):
            if not self.left:
                raise StopIteration
            self.left -= 1
            return self.left

    digests = Digests()
    for value in (Countdown(3), Countdown(0)):
        with pytest.raises(Unstatable):
            digests.digest({"value": value})
