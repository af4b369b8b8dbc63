"""The publish queue: requests queued by decisions, claimed all at once by the publisher.

``enqueue`` runs inside the decision's transaction; ``claim`` takes every request
that is due (queued, failed and past its retry time, or left "building" by a
builder that died) and marks them building for one build; ``finish`` marks them
live (as soon as the pages are) or failed; ``note`` adds to a live one what failed after
(the search index). A request is never deleted, so a failure never loses one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, and_, or_, select, update

from chorus.store.leases import holder_gone
from chorus.store.publishtables import publishes
from chorus.store.records import utc

STATES = ("queued", "building", "live", "failed")


@dataclass(frozen=True)
class Request:
    id: int
    reason: str
    receipt: str | None
    by: str
    requested_utc: str
    state: str
    started_utc: str | None
    finished_utc: str | None
    seconds: float | None
    attempts: int
    problem: str


def _request(row) -> Request:
    return Request(row.id, row.reason, row.receipt, row.by, row.requested_utc, row.state,
                   row.started_utc, row.finished_utc, row.seconds, row.attempts, row.problem)


def enqueue(conn: Connection, reason: str, receipt: str | None, by: str, now: dt.datetime) -> int:
    """Queue a publish for a decision (call it in the decision's transaction)."""
    done = conn.execute(publishes.insert().values(
        reason=reason, receipt=receipt, by=by[:200], requested_utc=utc(now), state="queued",
        attempts=0, problem=""))
    return int(done.inserted_primary_key[0])


def _due(now: dt.datetime, stale_seconds: float):
    """Queued, failed and past its retry time, or left "building" longer than ``stale_seconds``."""
    stamp = utc(now)
    stale = utc(now - dt.timedelta(seconds=stale_seconds))
    return or_(publishes.c.state == "queued",
               and_(publishes.c.state == "failed", publishes.c.retry_utc <= stamp),
               and_(publishes.c.state == "building", publishes.c.started_utc < stale))


def any_due(conn: Connection, now: dt.datetime, stale_seconds: float) -> bool:
    """Whether a request is due now (the next ``claim`` would take it)."""
    return conn.execute(select(publishes.c.id).where(_due(now, stale_seconds)).limit(1)).first() is not None


def claim(conn: Connection, worker: str, now: dt.datetime, stale_seconds: float) -> list[Request]:
    """Every request due now, marked building by ``worker`` (oldest first)."""
    stamp = utc(now)
    stale = utc(now - dt.timedelta(seconds=stale_seconds))
    rows = list(conn.execute(select(publishes).where(_due(now, stale_seconds)).order_by(publishes.c.id)))
    orphans = conn.execute(select(publishes.c.id, publishes.c.worker)
                           .where(publishes.c.state == "building", publishes.c.started_utc >= stale))
    rows += [row for row in conn.execute(select(publishes).where(publishes.c.id.in_(
        [o.id for o in orphans if o.worker and holder_gone(o.worker)])))]
    ids = sorted({row.id for row in rows})
    if not ids:
        return []
    conn.execute(update(publishes).where(publishes.c.id.in_(ids)).values(
        state="building", worker=worker, started_utc=stamp, attempts=publishes.c.attempts + 1))
    return [_request(row) for row in conn.execute(
        select(publishes).where(publishes.c.id.in_(ids)).order_by(publishes.c.id))]


def finish(conn: Connection, ids: list[int], now: dt.datetime, *, problem: str = "",
           retry_at: dt.datetime | None = None) -> None:
    """Mark ``ids`` live (no ``problem``) or failed with the build's problem report."""
    for request in conn.execute(select(publishes).where(publishes.c.id.in_(ids))):
        requested = dt.datetime.fromisoformat(request.requested_utc).replace(tzinfo=dt.timezone.utc)
        seconds = max(0.0, (now - requested).total_seconds())
        conn.execute(update(publishes).where(publishes.c.id == request.id).values(
            state="failed" if problem else "live", finished_utc=utc(now), seconds=seconds,
            problem=problem, retry_utc=utc(retry_at) if retry_at else None))


def note(conn: Connection, ids: list[int], problem: str) -> None:
    """Record what went wrong after ``ids`` went live (their search index, its deploy): they
    stay live, and the desk shows the problem beside them."""
    conn.execute(update(publishes).where(publishes.c.id.in_(ids), publishes.c.state == "live")
                 .values(problem=problem))


def release(conn: Connection, worker: str) -> int:
    """Put ``worker``'s unfinished requests back in the queue (it is stopping)."""
    return conn.execute(update(publishes).where(publishes.c.state == "building",
                                                publishes.c.worker == worker)
                        .values(state="queued")).rowcount


def for_receipt(conn: Connection, receipt: str) -> list[Request]:
    """The publishes a submission's decisions queued, newest first."""
    return [_request(row) for row in conn.execute(
        select(publishes).where(publishes.c.receipt == receipt).order_by(publishes.c.id.desc()))]


def latest(conn: Connection) -> Request | None:
    """The newest request, for the queue page's status line."""
    row = conn.execute(select(publishes).order_by(publishes.c.id.desc()).limit(1)).first()
    return _request(row) if row else None


def waiting(conn: Connection) -> int:
    """How many requests are not live yet."""
    return len(conn.execute(select(publishes.c.id).where(publishes.c.state != "live")).all())
