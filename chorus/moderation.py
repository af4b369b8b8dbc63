"""The moderation workflow: states, the allowed transitions, and each decision.

Every operation takes the inbox lock, checks the transition against
``TRANSITIONS``, writes content (approve) or removes it (withdraw), saves the
record with its new decision-log entry in one atomic rename, and leaves the
message for the advocate in the outbox.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Any

from chorus import outbox, photos, publishing
from chorus.desk import Desk
from chorus.fields import FieldError, ParseContext, tags as parse_tags
from chorus.flags import text_flags
from chorus.inbox import InboxError, atomic_write, new_id
from chorus.paths import published_file
from chorus.problems import ChorusError, Problem
from chorus.submission import Submission, check
from chorus.text import text_problem
from chorus.withdrawal import unpublish


class State(str, Enum):
    PENDING = "pending"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Action(str, Enum):
    SUBMIT = "submit"
    RESUBMIT = "resubmit"
    APPROVE = "approve"
    REJECT = "reject"
    REQUEST_CHANGES = "request-changes"
    WITHDRAW = "withdraw"


# The whole workflow in one table: (state now, action) -> state after.
TRANSITIONS: dict[tuple[State, Action], State] = {
    (State.PENDING, Action.APPROVE): State.APPROVED,
    (State.PENDING, Action.REJECT): State.REJECTED,
    (State.PENDING, Action.REQUEST_CHANGES): State.CHANGES_REQUESTED,
    (State.PENDING, Action.WITHDRAW): State.WITHDRAWN,
    (State.CHANGES_REQUESTED, Action.RESUBMIT): State.PENDING,
    (State.CHANGES_REQUESTED, Action.REJECT): State.REJECTED,
    (State.CHANGES_REQUESTED, Action.WITHDRAW): State.WITHDRAWN,
    (State.APPROVED, Action.WITHDRAW): State.WITHDRAWN,
}


class TransitionError(ChorusError):
    """The action is not allowed from the submission's current state."""


class SubmissionError(ChorusError):
    """A submission failed its checks; carries every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        lines = [f"  {p.field}: {p.message}" if p.path == "submission" else f"  {p}"
                 for p in self.problems]
        super().__init__("\n".join([f"{len(lines)} problem(s); nothing was saved:", *lines]))


def next_state(current: State, action: Action) -> State:
    """The state after ``action``, or TransitionError naming what is allowed instead."""
    try:
        return TRANSITIONS[(current, action)]
    except KeyError:
        allowed = sorted(a.value for (s, a) in TRANSITIONS if s is current)
        hint = f"allowed now: {', '.join(allowed)}" if allowed else "it is final"
        raise TransitionError(f"cannot {action.value} a submission that is "
                              f"{current.value.replace('_', ' ')} ({hint})") from None


def _entry(action: Action, by: str, now: dt.datetime, before: State | None, after: State,
           why: str = "") -> dict[str, Any]:
    return {"action": action.value, "by": by, "at": now.isoformat(timespec="seconds"),
            "from": before.value if before else None, "to": after.value, "why": why}


def _checked(desk: Desk, values: Mapping[str, Any], photo: bytes | None,
             source: str, lines: Mapping[str, int] | None) -> tuple[Submission, bytes | None]:
    sub, problems = check(values, has_photo=photo is not None, source=source, lines=lines)
    clean = None
    if photo is not None:
        try:
            clean = photos.process(photo, desk.options.photo_limits)
        except photos.PhotoError as err:
            problems = [*problems, Problem(source, (lines or {}).get("photo", 1), "photo", str(err))]
    if problems:
        raise SubmissionError(problems)
    return sub, clean


def submit(desk: Desk, values: Mapping[str, Any], photo: bytes | None = None, *,
           now: dt.datetime, source: str = "submission",
           lines: Mapping[str, int] | None = None, resubmit: str | None = None,
           keys: Sequence[str] = (), extra: Mapping[str, Any] | None = None,
           message: str = "") -> str:
    """Check and store a submission; return its receipt id. Nothing is stored on any problem.

    With ``resubmit`` (a receipt id whose changes were requested, same email)
    the new version replaces the old one under the same id.
    ``keys`` (sha256 hex digests) make a submission idempotent: if the inbox
    already holds one under any of them, that receipt is returned and nothing
    is stored. ``extra`` is kept in the record under "intake" (channel data such
    as a status-link digest); ``message`` is added to the receipt email.
    """
    sub, clean = _checked(desk, values, photo, source, lines)
    with desk.inbox.locked():
        if resubmit:
            return _resubmit(desk, resubmit, sub, clean, now)
        for key in keys:
            earlier = desk.inbox.receipt_for_key(key)
            if earlier:
                return earlier
        receipt = new_id(now.astimezone(dt.timezone.utc).strftime("%Y%m%d"))
        while desk.inbox.exists(receipt):
            receipt = new_id(receipt[:8])
        record = {"id": receipt, "state": State.PENDING.value, "kind": sub.kind,
                  "submitted_at": now.isoformat(timespec="seconds"), "submission": sub.to_json(),
                  "fingerprint": sub.fingerprint, "has_photo": clean is not None,
                  "flags": text_flags(sub),
                  "history": [_entry(Action.SUBMIT, "advocate", now, None, State.PENDING)]}
        if extra:
            record["intake"] = dict(extra)
        desk.inbox.create(receipt, record, clean)
        desk.inbox.remember_keys(list(keys), receipt)
    outbox.receipt(desk, record, now, message)
    return receipt


def _resubmit(desk: Desk, receipt: str, sub: Submission, photo: bytes | None,
              now: dt.datetime) -> str:
    record = desk.inbox.load(receipt)
    if record["submission"]["email"].casefold() != sub.email.casefold():
        raise InboxError(f"submission {receipt} was sent from another email address; "
                         "resubmit with the address you used the first time")
    after = next_state(State(record["state"]), Action.RESUBMIT)
    record.setdefault("versions", []).append(record["submission"])
    record.update(state=after.value, submission=sub.to_json(), fingerprint=sub.fingerprint,
                  has_photo=photo is not None, flags=text_flags(sub))
    record["history"].append(_entry(Action.RESUBMIT, "advocate", now,
                                    State.CHANGES_REQUESTED, after))
    if photo is not None:
        atomic_write(desk.inbox.folder(receipt) / "photo.jpg", photo)
    desk.inbox.save(record)
    return receipt


def _decide(desk: Desk, receipt: str, action: Action, by: str, now: dt.datetime,
            why: str, prepare=None, effect=None) -> dict[str, Any]:
    """Run one decision under the lock.

    ``prepare(record)`` checks and plans (may refuse; nothing is written yet),
    then the decision is recorded (one atomic rename), then ``effect(record)``
    changes content/. Effects are idempotent: if a crash cuts one short, running
    the same command again finishes it (see ``_finish``).
    """
    if action in (Action.REJECT, Action.REQUEST_CHANGES, Action.WITHDRAW):
        problem = text_problem(why, max_chars=2000, multiline=True)
        if problem:
            raise ChorusError(f"the {'note' if action is Action.REQUEST_CHANGES else 'reason'} "
                              f"{problem}")
    with desk.inbox.locked():
        record = desk.inbox.load(receipt)
        before = State(record["state"])
        unfinished = _finish(desk, record, action, effect)
        if unfinished is not None:
            return unfinished
        after = next_state(before, action)
        if prepare is not None:
            prepare(record)
        record["state"] = after.value
        record["history"].append(_entry(action, by, now, before, after, why))
        desk.inbox.save(record)
        if effect is not None:
            effect(record)
    outbox.decision(desk, record, action.value, why, now)
    return record


def _finish(desk: Desk, record: dict[str, Any], action: Action, effect) -> dict | None:
    """Complete an effect a crash interrupted: the record already holds the decision."""
    done = {Action.APPROVE: State.APPROVED, Action.WITHDRAW: State.WITHDRAWN}.get(action)
    if effect is None or record["state"] != getattr(done, "value", None):
        return None
    published = record.get("published") or {}
    files = [published_file(desk.content_dir, name) for name in published.get("files", {})]
    incomplete = (not all(p.is_file() for p in files) if action is Action.APPROVE
                  else any(p.is_file() for p in files[-1:]))
    if not incomplete:
        return None
    effect(record)
    return record


def approve(desk: Desk, receipt: str, *, moderator: str, now: dt.datetime,
            publish_on: dt.date | None = None, title: str = "", tag_text: str = "",
            featured: bool = False) -> dict[str, Any]:
    """Publish a pending submission into content/; returns the updated record."""
    local = now.astimezone(desk.zone)
    if publish_on is not None and publish_on < local.date():
        raise ChorusError(f"--publish-on {publish_on.isoformat()} is in the past; "
                          "give today or a later day")
    ctx = ParseContext(zone=desk.zone, content_dir=str(desk.content_dir))
    try:
        tags = tuple(parse_tags(tag_text, ctx)) if tag_text.strip() else ()
    except FieldError as err:
        raise ChorusError(f"--tags {err}") from None
    if title and text_problem(title, max_chars=150):
        raise ChorusError(f"--title {text_problem(title, max_chars=150)}")
    choices = publishing.Choices(moderator, local, publish_on, title.strip(), tags, featured)

    def prepare(record: dict[str, Any]) -> None:
        sub, photo = _stored(desk, record)
        mapping = desk.inbox.private_map()
        plan = publishing.plan(sub, receipt, photo, desk.content_dir,
                               mapping.get(sub.email.casefold()), choices)
        publishing.check_plan(plan, desk.content_dir, ctx)
        if plan.new_advocate:
            desk.inbox.save_private_map({**mapping, sub.email.casefold(): plan.advocate})
        texts = {name: ("@photo" if name.startswith("images/") else data.decode("utf-8"))
                 for name, data in plan.files.items()}
        record["published"] = {"files": texts, "piece": plan.piece, "url": plan.url,
                               "advocate": plan.advocate, "new_advocate": plan.new_advocate,
                               "publish_on": publish_on.isoformat() if publish_on else None}

    def effect(record: dict[str, Any]) -> None:
        publishing.write_files(record["published"]["files"], desk.inbox.photo(receipt),
                               desk.content_dir, ctx)

    return _decide(desk, receipt, Action.APPROVE, moderator, now, "", prepare, effect)


def _stored(desk: Desk, record: dict[str, Any]) -> tuple[Submission, bytes | None]:
    """The stored submission re-checked (the inbox is outside content/, so trust nothing)."""
    data = dict(record["submission"])
    values = {k: ("yes" if v else "no") if isinstance(v, bool) else v for k, v in data.items()
              if v not in (None, "")}
    sub, problems = check(values, has_photo=record.get("has_photo", False))
    if problems:
        raise SubmissionError(problems)
    return sub, desk.inbox.photo(record["id"]) if record.get("has_photo") else None


def reject(desk: Desk, receipt: str, *, moderator: str, now: dt.datetime, reason: str) -> dict:
    """Refuse a submission with a reason the advocate will read."""
    return _decide(desk, receipt, Action.REJECT, moderator, now, _required(reason, "--reason"))


def request_changes(desk: Desk, receipt: str, *, moderator: str, now: dt.datetime,
                    note: str) -> dict:
    """Send the submission back; the advocate may resubmit under the same id."""
    return _decide(desk, receipt, Action.REQUEST_CHANGES, moderator, now, _required(note, "--note"))


def withdraw(desk: Desk, receipt: str, *, moderator: str, now: dt.datetime, reason: str) -> dict:
    """Withdraw a submission; if published, its files leave content/ (see chorus.withdrawal)."""
    def effect(record: dict[str, Any]) -> None:
        if record.get("published"):
            unpublish(desk, record)
    return _decide(desk, receipt, Action.WITHDRAW, moderator, now,
                   _required(reason, "--reason"), effect=effect)


def _required(text: str, option: str) -> str:
    if not (text or "").strip():
        raise ChorusError(f"{option} is required; say why in a sentence the advocate will read")
    return text.strip()
