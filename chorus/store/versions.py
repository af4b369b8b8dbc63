"""Refusing a change made from a stale page: the form carries the version it was rendered from."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from chorus.store.records import ConflictError
from chorus.store.tables import history


def changed_message(conn: Connection, receipt: str) -> str:
    """"changed by X at T": the last history line of ``receipt``, in words."""
    last = conn.execute(select(history).where(history.c.submission_id == receipt)
                        .order_by(history.c.seq.desc()).limit(1)).mappings().first()
    if last is None:
        return f"submission {receipt} changed since you opened it; nothing was changed"
    state = str(last["to_state"]).replace("_", " ")
    return (f"submission {receipt} was changed by {last['by']} at {last['at']} "
            f"({last['action']}, now {state}) since you opened it; nothing was changed. "
            "Look at it again before you decide.")


def require_version(conn: Connection, record: dict[str, Any], version: int | None) -> None:
    """ConflictError unless ``record`` is still at ``version`` (None: no check, as on the CLI)."""
    if version is not None and record["version"] != version:
        raise ConflictError(changed_message(conn, record["id"]))
