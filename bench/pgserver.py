"""A throwaway PostgreSQL cluster for the benchmarks (pytest-postgresql's executor over
Debian's pg_ctl, run as the postgres user under root like the tests)."""

from __future__ import annotations

import contextlib
import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_CTL = ROOT / "tests" / "pg_ctl_unprivileged"


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def each_store(measure, description: str, default_count: int, header: str) -> None:
    """Read --count and --backend, print the table's ``header`` (its column names, "|"-separated)
    and call ``measure(backend, count, url)`` for every backend and count: SQLite with url
    None, PostgreSQL on a throwaway cluster."""
    import argparse

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--count", type=int, action="append")
    parser.add_argument("--backend", action="append", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    print(f"| {header} |")
    print("|" + " --- |" * len(header.split("|")))
    for backend in args.backend or ["sqlite", "postgresql"]:
        for count in args.count or [default_count]:
            if backend == "sqlite":
                measure(backend, count, None)
                continue
            with cluster() as url:
                measure(backend, count, url)


@contextlib.contextmanager
def cluster(dbname: str = "chorus_bench") -> Iterator[str]:
    """Start a cluster in a temp folder; yields the database URL; stops and removes it."""
    from pytest_postgresql.executors import PostgreSQLExecutor
    from pytest_postgresql.janitor import DatabaseJanitor

    work = Path(tempfile.mkdtemp(prefix="chorus-pg-"))
    (work / "pg").mkdir()
    port = _port()
    executor = PostgreSQLExecutor(
        executable=str(PG_CTL), host="127.0.0.1", port=port, datadir=str(work / "pg" / "data"),
        unixsocketdir=str(work / "pg"), logfile=str(work / "pg" / "log"), startparams="-w",
        dbname=dbname, user="postgres", postgres_options="-c max_connections=300")
    try:
        with executor:
            with DatabaseJanitor(user="postgres", host="127.0.0.1", port=port, dbname=dbname,
                                 version=executor.version):
                yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/{dbname}"
    finally:
        shutil.rmtree(work, ignore_errors=True)
