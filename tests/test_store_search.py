"""The queue pages from the store; text search on both backends; filters by prompt."""

from __future__ import annotations

import datetime as dt

from chorus import moderation as m
from chorus.review import queue
from modhelpers import NOW, a_story, make_desk


def test_queue_pages_oldest_first_and_search_finds_every_word(tmp_path):
    desk, _ = make_desk(tmp_path)
    made = [m.submit(desk, a_story(title=f"Ridge run {n}", body=f"Muddy trail number{n}.",
                                   email=f"p{n}@example.com"), now=NOW + dt.timedelta(minutes=n))
            for n in range(6)]
    m.submit(desk, a_story(title="Café au lait", body="A coffee stop on the hill."),
             now=NOW + dt.timedelta(hours=1))
    assert [i.id for i in queue(desk, NOW, limit=2, offset=1)] == made[1:3]
    assert [i.id for i in queue(desk, NOW, search="muddy trail")] == made
    assert [i.id for i in queue(desk, NOW, search="number3")] == [made[3]]
    assert len(queue(desk, NOW, search="coffee hill")) == 1
    assert queue(desk, NOW, search="muddy coffee") == []
    assert queue(desk, NOW, search="\"' OR 1=1 --") == []
    m.reject(desk, made[0], moderator="Ana", now=NOW, reason="No.")
    assert [i.id for i in queue(desk, NOW, "rejected", search="muddy")] == [made[0]]
    m.request_changes(desk, made[1], moderator="Ana", now=NOW, note="Shorter.")
    m.submit(desk, a_story(title="Dry ridge", body="Dusty now.", email="p1@example.com"),
             now=NOW, resubmit=made[1])
    assert [i.id for i in queue(desk, NOW, search="dusty")] == [made[1]]
    assert made[1] not in [i.id for i in queue(desk, NOW, search="number1")]
    assert [i.id for i in queue(desk, NOW, None, advocate="P2@example.com")] == [made[2]]


def test_queue_by_prompt(tmp_path):
    desk, _ = make_desk(tmp_path)
    day = "2026-11-20"
    answer = m.submit(desk, a_story(prompt=day), now=NOW)
    m.submit(desk, a_story(title="Other"), now=NOW)
    assert [i.id for i in queue(desk, NOW, prompt=day)] == [answer]
