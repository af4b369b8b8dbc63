"""The moderation decisions (their states and transitions are data in chorus.workflow).

Every operation is one store transaction: it checks the transition against
``TRANSITIONS``, saves the new state by compare-and-set (two moderators or two
service instances can never both win), appends the history line and adds the
message for the advocate, all committed together or not at all. Then the
content files are written (approve) or removed (withdraw); those effects are
idempotent and finished by running the command again (see ``_finish``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from chorus import outbox, photos, publishing
from chorus.answering import answer_problem
from chorus.clock import parse_day
from chorus.desk import Desk
from chorus.fields import FieldError, ParseContext, tags as parse_tags
from chorus.flags import text_flags
from chorus.paths import published_file
from chorus.problems import ChorusError, Problem
from chorus.store import StoreError, advocates, keys as stored_keys, leases, publishes, records
from chorus.store.versions import require_version
from chorus.store.records import new_id
from chorus.submission import Submission, check
from chorus.text import text_problem
from chorus.withdrawal import unpublish
from chorus.workflow import (TRANSITIONS, Action, State, SubmissionError, TransitionError,  # noqa: F401
                             next_state)


def _entry(action: Action, by: str, now: dt.datetime, before: State | None, after: State,
           why: str = "") -> dict[str, Any]:
    return {"action": action.value, "by": by, "at": now.isoformat(timespec="seconds"),
            "from": before.value if before else None, "to": after.value, "why": why}


def prompt_problem(desk: Desk, values: Mapping[str, Any], now: dt.datetime) -> str:
    """Why the answered prompt cannot be named (checked even when other fields are wrong)."""
    try:
        day = parse_day(str(values.get("prompt") or "").strip())
    except ValueError:
        return ""                     # empty, or not a day: check() says so
    return answer_problem(desk.content_dir, desk.zone, desk.prompts, day,
                          now.astimezone(desk.zone).date())


def _checked(desk: Desk, values: Mapping[str, Any], photo: bytes | None, source: str,
             lines: Mapping[str, int] | None, now: dt.datetime) -> tuple[Submission, bytes | None]:
    sub, problems = check(values, has_photo=photo is not None, source=source, lines=lines)
    why = prompt_problem(desk, values, now)
    if why:
        problems = [*problems, Problem(source, (lines or {}).get("prompt", 1), "prompt", why)]
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
    ``keys`` (sha256 hex digests) make a submission idempotent: if the store
    already holds one under any of them, that receipt is returned and nothing
    is stored. ``extra`` is kept in the record under "intake" (channel data such
    as a status-link digest); ``message`` is added to the receipt email.
    """
    sub, clean = _checked(desk, values, photo, source, lines, now)
    if resubmit:
        with desk.store.write() as conn:
            return _resubmit(desk, conn, resubmit, sub, clean, now)
    for attempt in (1, 2):
        try:
            with desk.store.write() as conn:
                return _store_new(desk, conn, sub, clean, now, keys, extra, message)
        except IntegrityError:        # another instance stored the same key first: return its receipt
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _store_new(desk: Desk, conn: Connection, sub: Submission, clean: bytes | None,
               now: dt.datetime, keys: Sequence[str], extra: Mapping[str, Any] | None,
               message: str) -> str:
    for key in keys:
        earlier = stored_keys.receipt_for_key(conn, key)
        if earlier:
            return earlier
    receipt = new_id(now.astimezone(dt.timezone.utc).strftime("%Y%m%d"))
    while records.exists(conn, receipt):
        receipt = new_id(receipt[:8])
    record = {"id": receipt, "state": State.PENDING.value, "kind": sub.kind,
              "submitted_at": now.isoformat(timespec="seconds"), "submission": sub.to_json(),
              "fingerprint": sub.fingerprint, "has_photo": clean is not None,
              "flags": text_flags(sub),
              "history": [_entry(Action.SUBMIT, "advocate", now, None, State.PENDING)]}
    if extra:
        record["intake"] = dict(extra)
    records.insert_record(conn, record, clean)
    stored_keys.remember(conn, list(keys), receipt)
    outbox.receipt(desk, conn, record, now, message)
    return receipt


def _resubmit(desk: Desk, conn: Connection, receipt: str, sub: Submission,
              photo: bytes | None, now: dt.datetime) -> str:
    record = records.load(conn, receipt)
    if record["submission"]["email"].casefold() != sub.email.casefold():
        raise StoreError(f"submission {receipt} was sent from another email address; "
                         "resubmit with the address you used the first time")
    before = State(record["state"])
    after = next_state(before, Action.RESUBMIT)
    record.setdefault("versions", []).append(record["submission"])
    record.update(state=after.value, submission=sub.to_json(), fingerprint=sub.fingerprint,
                  has_photo=photo is not None, flags=text_flags(sub))
    records.save(conn, record, before.value, now)
    records.append_history(conn, receipt, _entry(Action.RESUBMIT, "advocate", now, before, after))
    records.set_photo(conn, receipt, photo)
    return receipt


def _decide(desk: Desk, receipt: str, action: Action, by: str, now: dt.datetime,
            why: str, prepare=None, effect=None, version: int | None = None,
            message: str = "") -> dict[str, Any]:
    """Run one decision as one transaction, then its effect on content/.

    ``prepare(conn, record)`` checks and plans (may refuse; nothing is committed),
    then the new state (compare-and-set), the history line and the advocate's
    message commit together, then ``effect(record)`` changes content/. Effects
    are idempotent: if a crash cuts one short, running the same command again
    finishes it (see ``_finish``). ``version`` (the desk's page) refuses a decision on a
    submission that changed since; ``message`` is added to the advocate's email.
    """
    if action in (Action.REJECT, Action.REQUEST_CHANGES, Action.WITHDRAW):
        problem = text_problem(why, max_chars=2000, multiline=True)
        if problem:
            raise ChorusError(f"the {'note' if action is Action.REQUEST_CHANGES else 'reason'} "
                              f"{problem}")
    if effect is None:
        return _commit(desk, receipt, action, by, now, why, prepare, version, message)
    with leases.held(desk.store, "content"):          # content/ has one writer at a time
        record = desk.store.load(receipt)
        if _finish(desk, record, action, effect):
            return record
        record = _commit(desk, receipt, action, by, now, why, prepare, version, message)
        effect(record)
    return record


def _commit(desk: Desk, receipt: str, action: Action, by: str, now: dt.datetime, why: str,
            prepare, version: int | None = None, message: str = "") -> dict[str, Any]:
    """The decision's one transaction: checked, compare-and-set, history line, message."""
    with desk.store.write() as conn:
        record = records.load(conn, receipt)
        require_version(conn, record, version)
        before = State(record["state"])
        after = _next_or_conflict(conn, receipt, before, action)
        if prepare is not None:
            prepare(conn, record)
        record["state"] = after.value
        records.save(conn, record, before.value, now)
        entry = _entry(action, by, now, before, after, why)
        records.append_history(conn, receipt, entry)
        record["history"].append(entry)
        outbox.decision(desk, conn, record, action.value, why, now, message)
        if changes_site(desk, record, action, now):
            publishes.enqueue(conn, action.value, receipt, by, now)
    return record


def changes_site(desk: Desk, record: dict[str, Any], action: Action, now: dt.datetime) -> bool:
    """Does this decision change the public site now (so the publisher must build)?
    A piece approved for a later day goes live with that day's scheduled build."""
    published = record.get("published") or {}
    if action is Action.WITHDRAW:
        return bool(published)
    if action is not Action.APPROVE:
        return False
    day = published.get("publish_on")
    return not day or day <= now.astimezone(desk.zone).date().isoformat()


def _next_or_conflict(conn: Connection, receipt: str, before: State, action: Action) -> State:
    """The state after ``action``; if the submission is final, say who decided it and when."""
    try:
        return next_state(before, action)
    except TransitionError as err:
        if before in (State.PENDING, State.CHANGES_REQUESTED):
            raise
        raise TransitionError(f"{err}; {records.conflict_message(conn, receipt)}") from None


def _finish(desk: Desk, record: dict[str, Any], action: Action, effect) -> bool:
    """Complete an effect a crash interrupted: the store already holds the decision."""
    done = {Action.APPROVE: State.APPROVED, Action.WITHDRAW: State.WITHDRAWN}.get(action)
    if effect is None or record["state"] != getattr(done, "value", None):
        return False
    published = record.get("published") or {}
    files = [published_file(desk.content_dir, name) for name in published.get("files", {})]
    incomplete = (not all(p.is_file() for p in files) if action is Action.APPROVE
                  else any(p.is_file() for p in files[-1:]))
    if not incomplete:
        return False
    effect(record)
    return True


def approve(desk: Desk, receipt: str, *, moderator: str, now: dt.datetime,
            publish_on: dt.date | None = None, title: str = "", tag_text: str = "",
            featured: bool = False, version: int | None = None) -> dict[str, Any]:
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

    def prepare(conn: Connection, record: dict[str, Any]) -> None:
        sub, photo = _stored(conn, record)
        plan = publishing.plan(sub, receipt, photo, desk.content_dir,
                               advocates.slug_for(conn, sub.email), choices)
        publishing.check_plan(plan, desk.content_dir, ctx)
        if plan.new_advocate:
            advocates.set_slug(conn, sub.email, plan.advocate)
        texts = {name: ("@photo" if name.startswith("images/") else data.decode("utf-8"))
                 for name, data in plan.files.items()}
        record["published"] = {"files": texts, "piece": plan.piece, "url": plan.url,
                               "advocate": plan.advocate, "new_advocate": plan.new_advocate,
                               "publish_on": publish_on.isoformat() if publish_on else None}

    def effect(record: dict[str, Any]) -> None:
        publishing.write_files(record["published"]["files"], desk.store.photo(receipt),
                               desk.content_dir, ctx)

    return _decide(desk, receipt, Action.APPROVE, moderator, now, "", prepare, effect, version)


def _stored(conn: Connection, record: dict[str, Any]) -> tuple[Submission, bytes | None]:
    """The stored submission re-checked (the store is outside content/, so trust nothing)."""
    data = dict(record["submission"])
    values = {k: ("yes" if v else "no") if isinstance(v, bool) else v for k, v in data.items()
              if v not in (None, "")}
    sub, problems = check(values, has_photo=record.get("has_photo", False))
    if problems:
        raise SubmissionError(problems)
    if record.get("erased_at"):
        raise ChorusError(f"the personal data of {record['id']} was erased; it cannot be published")
    return sub, records.photo(conn, record["id"]) if record.get("has_photo") else None


def reject(desk: Desk, receipt: str, *, moderator: str, now: dt.datetime, reason: str,
           version: int | None = None) -> dict:
    """Refuse a submission with a reason the advocate will read."""
    return _decide(desk, receipt, Action.REJECT, moderator, now, _required(reason, "--reason"),
                   version=version)


def request_changes(desk: Desk, receipt: str, *, moderator: str, now: dt.datetime,
                    note: str, version: int | None = None, message: str = "",
                    keys: Iterable[str] = ()) -> dict:
    """Send the submission back; the advocate may resubmit under the same id
    (``message``, e.g. the link to edit it, is added to their email; ``keys``, the digest of
    that link's token, is stored in the decision's transaction)."""
    def remember(conn, _record: dict[str, Any]) -> None:
        stored_keys.remember(conn, keys, receipt)
    return _decide(desk, receipt, Action.REQUEST_CHANGES, moderator, now, _required(note, "--note"),
                   prepare=remember, version=version, message=message)


def withdraw(desk: Desk, receipt: str, *, moderator: str, now: dt.datetime, reason: str,
             version: int | None = None) -> dict:
    """Withdraw a submission; if published, its files leave content/ (see chorus.withdrawal)."""
    def effect(record: dict[str, Any]) -> None:
        if record.get("published"):
            unpublish(desk, record)
    return _decide(desk, receipt, Action.WITHDRAW, moderator, now,
                   _required(reason, "--reason"), effect=effect, version=version)


def _required(text: str, option: str) -> str:
    if not (text or "").strip():
        raise ChorusError(f"{option} is required; say why in a sentence the advocate will read")
    return text.strip()
