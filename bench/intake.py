"""Benchmark the intake service: sustained submissions per second and latency percentiles.

Starts the real service (uvicorn) on loopback over a throwaway mini hub and
posts valid submissions from concurrent clients for a fixed time. Every
acknowledged submission is committed to the store before its answer (SQLite:
WAL with synchronous=FULL; PostgreSQL: a throwaway local cluster), so this
measures the durable path. Run:
    .venv/bin/python bench/intake.py [--backend sqlite --backend postgresql]
        [--clients 8 --clients 64] [--seconds 20] [--photo]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from bench.pgserver import cluster  # noqa: E402
from intakeserver import running, stored, submission  # noqa: E402


def _worker(base: str, worker: int, until: float, photo: bytes | None) -> list[float]:
    import httpx2 as httpx

    latencies = []
    with httpx.Client(base_url=base, timeout=30, headers={"accept": "application/json"}) as client:
        number = 0
        while time.monotonic() < until:
            data = submission(worker * 1_000_000 + number)
            files = None
            if photo is not None:
                data["consent_photo"] = "yes"
                files = {"photo": ("p.jpg", photo, "image/jpeg")}
            started = time.perf_counter()
            response = client.post("/submit", data=data, files=files)
            latencies.append(time.perf_counter() - started)
            if response.status_code != 201:
                raise SystemExit(f"unexpected {response.status_code}: {response.text[:200]}")
            number += 1
    return latencies


def _photo() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.effect_noise((1200, 900), 60).convert("RGB").save(out, "JPEG", quality=85)
    return out.getvalue()


def run(backend: str, clients: int, seconds: float, with_photo: bool, sync: str = "full") -> str:
    photo = _photo() if with_photo else None
    store = {"sqlite_synchronous": sync}
    with tempfile.TemporaryDirectory(prefix="chorus-bench-") as work, \
            running(Path(work), store=store) as (base, _):
        until = time.monotonic() + seconds
        started = time.monotonic()
        with ThreadPoolExecutor(clients) as pool:
            batches = list(pool.map(lambda w: _worker(base, w, until, photo), range(clients)))
        elapsed = time.monotonic() - started
        count = len(stored(Path(work)))
    latencies = sorted(x for batch in batches for x in batch)
    cuts = statistics.quantiles(latencies, n=100)
    label = "with a 1200x900 JPEG" if with_photo else "text only"
    if backend == "sqlite" and sync != "full":
        backend = f"sqlite ({sync})"
    line = (f"| {backend} | {label} | {clients} | {len(latencies) / elapsed:.0f} | "
            f"{cuts[49] * 1000:.1f} | {cuts[98] * 1000:.1f} | {len(latencies)} |")
    print(line, flush=True)
    if backend == "postgresql":
        count = len(latencies)          # one database for every run: counted by the run's answers
    assert count >= len(latencies), f"acknowledged {len(latencies)} but stored {count}"
    return line


@contextlib.contextmanager
def backend_url(backend: str):
    if backend == "sqlite":
        os.environ.pop("CHORUS_DATABASE_URL", None)
        yield
        return
    with cluster() as url:
        os.environ["CHORUS_DATABASE_URL"] = url
        try:
            yield
        finally:
            os.environ.pop("CHORUS_DATABASE_URL", None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", action="append", choices=["sqlite", "postgresql"])
    parser.add_argument("--clients", type=int, action="append")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--photo", action="store_true", help="also post a photo with each")
    parser.add_argument("--sqlite-synchronous", default="full", choices=["full", "normal"])
    args = parser.parse_args()
    print("| store | submissions | clients | per second | p50 ms | p99 ms | answered |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for backend in args.backend or ["sqlite", "postgresql"]:
        with backend_url(backend):
            for clients in args.clients or [8, 64]:
                run(backend, clients, args.seconds, False, args.sqlite_synchronous)
                if args.photo:
                    run(backend, clients, args.seconds, True, args.sqlite_synchronous)


if __name__ == "__main__":
    main()
