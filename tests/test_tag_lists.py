"""Each tag's stories as a MemberList: ``in`` by identity, right after any change."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))

from chorus_content.taglists import MemberList, fast_tag_lists  # noqa: E402


class Story:   # compares by identity, like Pelican's content objects
    def __init__(self, name: str):
        self.name = name


def test_membership_is_the_same_as_a_list_s_through_every_change():
    a, b, c, d = (Story(n) for n in "abcd")
    tagged = MemberList([a, b])
    assert a in tagged and b in tagged and c not in tagged
    tagged.append(c)
    assert c in tagged
    tagged.remove(a)
    assert a not in tagged
    tagged[0] = d
    assert d in tagged and b not in tagged
    tagged += [a]
    assert a in tagged
    del tagged[-1]
    assert a not in tagged
    tagged.extend([b])
    tagged.insert(0, a)
    assert [s.name for s in tagged] == ["a", "d", "c", "b"] and b in tagged
    assert tagged.pop() is b and b not in tagged
    tagged.clear()
    assert a not in tagged and list(tagged) == []


def test_values_that_compare_equal_are_found_as_in_a_list():
    tagged = MemberList(["trail", 3])
    assert "trail" in tagged and "tr" + "ail" in tagged and 3.0 in tagged
    assert "road" not in tagged


class Generator:
    def __init__(self, tags):
        self.tags, self.context = tags, {"tags": list(tags.items())}


def test_the_generator_and_its_context_get_the_same_stories_in_the_same_order():
    a, b, c = (Story(n) for n in "abc")
    generator = Generator({"trail": [a, c], "road": [b]})
    fast_tag_lists(generator)
    assert all(isinstance(stories, MemberList) for stories in generator.tags.values())
    assert [(tag, [s.name for s in stories]) for tag, stories in generator.context["tags"]] == \
        [("trail", ["a", "c"]), ("road", ["b"])]
    dates = [a, b, c]
    assert [s for s in dates if s in generator.tags["trail"]] == [a, c]
