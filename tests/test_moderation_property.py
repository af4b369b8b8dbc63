"""Property: random sequences of moderation steps never publish anything unapproved
and never lose a submission."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chorus import moderation as m
from chorus import site
from modhelpers import NOW, a_story, a_testimonial, empty_store, make_desk

STEPS = st.lists(st.tuples(st.sampled_from(["submit", "submit", "approve", "reject", "changes",
                                            "resubmit", "withdraw"]),
                           st.integers(0, 5), st.booleans()), min_size=1, max_size=14)


def _step(desk, receipts: list[str], op: str, index: int, flag: bool, clock: dt.datetime) -> None:
    mod = {"moderator": "Prop", "now": clock}
    if op == "submit":
        values = a_story(title=f"Piece {len(receipts)}") if flag else \
            a_testimonial(body=f"Quote number {len(receipts)}", consent_name="no")
        receipts.append(m.submit(desk, values, now=clock))
        return
    if not receipts:
        return
    receipt = receipts[index % len(receipts)]
    try:
        if op == "approve":
            m.approve(desk, receipt, publish_on=(clock.date() + dt.timedelta(days=3)) if flag else None,
                      **mod)
        elif op == "reject":
            m.reject(desk, receipt, reason="No", **mod)
        elif op == "changes":
            m.request_changes(desk, receipt, note="Edit", **mod)
        elif op == "resubmit":
            values = a_story(title="Fixed") if desk.store.load(receipt)["kind"] == "story" else \
                a_testimonial(body="Fixed quote", consent_name="no")
            m.submit(desk, values, now=clock, resubmit=receipt)
        else:
            m.withdraw(desk, receipt, reason="Gone", **mod)
    except m.TransitionError:
        pass


def _check_invariants(desk, receipts: list[str]) -> set[str]:
    records = {r["id"]: r for r in desk.store.records()}
    assert set(records) == set(receipts)                       # nothing lost, nothing extra
    approved = {r["published"]["piece"] for r in records.values() if r["state"] == "approved"}
    pieces = {p.relative_to(desk.content_dir).as_posix()
              for folder in ("stories", "testimonials")
              for p in (desk.content_dir / folder).glob("*.md")} - {
        "stories/first-fifty-k.md", "testimonials/maya-scree-grip.md"}
    assert pieces == approved                                  # published <=> approved
    for record in records.values():
        states = [h["to"] for h in record["history"]]
        assert states[-1] == record["state"] and states[0] == "pending"
    return approved


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(STEPS)
def test_random_sequences_keep_the_invariants(steps):
    with tempfile.TemporaryDirectory() as tmp:
        desk = empty_store(make_desk(Path(tmp))[0])
        receipts: list[str] = []
        for number, (op, index, flag) in enumerate(steps):
            _step(desk, receipts, op, index, flag, NOW + dt.timedelta(minutes=number))
            _check_invariants(desk, receipts)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(STEPS)
def test_random_sequences_then_a_build_show_only_approved_pieces(steps):
    with tempfile.TemporaryDirectory() as tmp:
        desk, settings_ = make_desk(Path(tmp))
        empty_store(desk)
        receipts: list[str] = []
        for number, (op, index, flag) in enumerate(steps):
            _step(desk, receipts, op, index, flag, NOW + dt.timedelta(minutes=number))
        approved = _check_invariants(desk, receipts)
        output = Path(tmp) / "site"
        site.build({**settings_, "OUTPUT_PATH": str(output), "CHORUS_TODAY": "2026-11-20"})
        shown = {p.parent.relative_to(output).as_posix()
                 for folder in ("stories", "testimonials")
                 for p in (output / folder).glob("*/index.html")}
        due = {r["published"]["url"].rstrip("/") for r in desk.store.records()
               if r["state"] == "approved" and not r["published"]["publish_on"]}
        assert shown - {"stories/first-fifty-k", "testimonials/maya-scree-grip"} == due
        assert due <= {piece[:-3] for piece in approved}
