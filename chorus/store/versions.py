"""Refusing a change made from a stale page: the form carries the version it was rendered from."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from chorus.store.records import ConflictError, last_change


def changed_message(conn: Connection, receipt: str) -> str:
    """"changed by X at T": the last history line of ``receipt``, in words."""
    found = last_change(conn, receipt)
    if found is None:
        return f"submission {receipt} changed since you opened it; nothing was changed"
    last, state = found
    return (f"submission {receipt} was changed by {last['by']} at {last['at']} "
            f"({last['action']}, now {state}) since you opened it; nothing was changed. "
            "Look at it again before you decide.")


def require_version(conn: Connection, record: dict[str, Any], version: int | None) -> None:
    """ConflictError unless ``record`` is still at ``version`` (None: no check, as on the CLI)."""
    if version is not None and record["version"] != version:
        raise ConflictError(changed_message(conn, record["id"]))
