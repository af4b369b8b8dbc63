"""Text search over submissions: SQLite FTS5 or PostgreSQL full-text, one domain function.

On SQLite the FTS5 table ``submissions_fts`` is kept here, on every write of a
submission's text (its rowid is derived from the receipt, so it never drifts);
on PostgreSQL a GIN index over ``to_tsvector('simple', search_text)`` needs no upkeep.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, Select, column, func, literal_column, select, table, text

from chorus.store.tables import submissions

fts = table("submissions_fts", column("rowid"), column("receipt"), column("search_text"))
_WORD = re.compile(r"\w+", re.UNICODE)


def rowid(receipt: str) -> int:
    """A stable integer for a receipt (YYYYMMDD-hhhhhhhh fits in 64 bits)."""
    day, _, tail = receipt.partition("-")
    return int(day) * 2**32 + int(tail, 16)


def _sqlite(conn: Connection) -> bool:
    return conn.dialect.name == "sqlite"


def index(conn: Connection, receipt: str, words: str) -> None:
    if _sqlite(conn):
        conn.execute(text("INSERT INTO submissions_fts(rowid, receipt, search_text) "
                          "VALUES (:r, :id, :t)"), {"r": rowid(receipt), "id": receipt, "t": words})


def reindex(conn: Connection, receipt: str, words: str) -> None:
    if _sqlite(conn):
        unindex(conn, receipt)
        index(conn, receipt, words)


def unindex(conn: Connection, receipt: str) -> None:
    if _sqlite(conn):
        conn.execute(text("DELETE FROM submissions_fts WHERE rowid = :r"), {"r": rowid(receipt)})


def words(query: str) -> list[str]:
    return _WORD.findall(query or "")[:20]


def matching(conn: Connection, query: str, statement: Select) -> Select:
    """``statement`` (over submissions) narrowed to rows whose title or text has every word."""
    terms = words(query)
    if not terms:
        return statement.where(literal_column("1") == 0)
    if _sqlite(conn):
        match = " ".join('"' + term.replace('"', '""') + '"' for term in terms)
        hits = select(fts.c.receipt).where(literal_column("submissions_fts").op("MATCH")(match))
        return statement.where(submissions.c.id.in_(hits))
    vector = func.to_tsvector(literal_column("'simple'"), submissions.c.search_text)
    wanted = func.plainto_tsquery(literal_column("'simple'"), " ".join(terms))
    return statement.where(vector.op("@@")(wanted))
