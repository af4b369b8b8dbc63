"""The store's guarantees for decisions: compare-and-set, and all-or-nothing commits."""

from __future__ import annotations

import threading

import pytest

from chorus import moderation as m
from chorus.outbox import pending
from chorus.problems import ChorusError
from chorus.store import ConflictError, records
from modhelpers import NOW, a_story, make_desk


@pytest.fixture
def desk(tmp_path):
    return make_desk(tmp_path)[0]


def _race(desk, receipt, deciders):
    """Run each decider in its own thread at the same moment; (wins, errors)."""
    barrier = threading.Barrier(len(deciders))
    wins, errors = [], []

    def run(name, decide):
        barrier.wait()
        try:
            decide(desk, receipt, moderator=name, now=NOW)
            wins.append(name)
        except ChorusError as err:
            errors.append(str(err))
    threads = [threading.Thread(target=run, args=item) for item in deciders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return wins, errors


def test_two_moderators_deciding_at_once_exactly_one_wins(desk):
    reject = lambda d, r, **kw: m.reject(d, r, reason="Off topic.", **kw)
    for _ in range(4):
        receipt = m.submit(desk, a_story(), now=NOW)
        wins, errors = _race(desk, receipt, [("Ana", m.approve), ("Bo", reject)])
        assert len(wins) == 1 and len(errors) == 1
        assert f"already decided by {wins[0]} at 2026-11-20T17:00:00+00:00" in errors[0]
        history = desk.store.load(receipt)["history"]
        assert [h["action"] for h in history][:1] == ["submit"] and len(history) == 2
        assert history[1]["by"] == wins[0]


def test_a_stale_write_loses_with_a_clear_message(desk):
    receipt = m.submit(desk, a_story(), now=NOW)
    stale = desk.store.load(receipt)
    m.reject(desk, receipt, moderator="Ana", now=NOW, reason="No.")
    stale["state"] = "approved"
    with desk.store.write() as conn, pytest.raises(ConflictError) as caught:
        records.save(conn, stale, "pending", NOW)
    assert "already decided by Ana at 2026-11-20T17:00:00+00:00 (reject, now rejected)" in str(caught.value)
    assert desk.store.load(receipt)["state"] == "rejected"


def test_a_decision_its_history_and_its_message_commit_together(desk, monkeypatch):
    from chorus.store import outbox as stored

    receipt = m.submit(desk, a_story(), now=NOW)
    before = [p.name for p in pending(desk)]

    def broken(*args, **kwargs):
        raise RuntimeError("the outbox insert fails")
    monkeypatch.setattr(stored, "add", broken)
    with pytest.raises(RuntimeError):
        m.reject(desk, receipt, moderator="Ana", now=NOW, reason="No.")
    with pytest.raises(RuntimeError):
        m.submit(desk, a_story(title="Another"), now=NOW)
    record = desk.store.load(receipt)
    assert record["state"] == "pending" and len(record["history"]) == 1
    assert [p.name for p in pending(desk)] == before and desk.store.ids() == [receipt]


def test_a_photo_and_its_submission_are_stored_together(desk, monkeypatch):
    from modhelpers import jpeg

    def broken(*args, **kwargs):
        raise RuntimeError("crash after the photo")
    monkeypatch.setattr(records.search, "index", broken)
    with pytest.raises(RuntimeError):
        m.submit(desk, a_story(consent_photo="yes"), jpeg(), now=NOW)
    assert desk.store.ids() == []
    with desk.store.read() as conn:
        from sqlalchemy import func, select

        from chorus.store.tables import photos
        assert conn.execute(select(func.count()).select_from(photos)).scalar_one() == 0
