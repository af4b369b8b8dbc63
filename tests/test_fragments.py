"""chorus.fragments: a card macro runs once per build for the same arguments."""

from __future__ import annotations

from types import SimpleNamespace

from chorus.fragments import Fragments


def test_same_arguments_render_once_and_different_ones_apart():
    calls = []

    def card(story, heading):
        calls.append((story.title, heading))
        return f"<{heading}>{story.title}</{heading}>"

    card.name = "card"
    fragments, one, two = Fragments(), SimpleNamespace(title="One"), SimpleNamespace(title="Two")
    assert fragments.once(card, one, "h3") == "<h3>One</h3>"
    assert fragments.once(card, one, "h3") == "<h3>One</h3>"
    assert fragments.once(card, one, "h2") == "<h2>One</h2>"
    assert fragments.once(card, two, "h3") == "<h3>Two</h3>"
    assert calls == [("One", "h3"), ("One", "h2"), ("Two", "h3")]
    assert fragments.reused == 1


def test_an_identity_is_never_reused_by_a_later_object():
    fragments = Fragments()

    def card(story):
        return story.title

    card.name = "card"
    seen = {fragments.once(card, SimpleNamespace(title=f"Story {n}")) for n in range(200)}
    assert len(seen) == 200  # temporaries would share ids if Fragments let them die
