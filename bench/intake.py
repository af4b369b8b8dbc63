"""Benchmark the intake service: sustained submissions per second and latency percentiles.

Starts the real service (uvicorn) on loopback over a throwaway mini hub and
posts valid submissions from concurrent clients for a fixed time. Every
acknowledged submission is fsynced into the inbox before its answer, so this
measures the durable path. Run: .venv/bin/python bench/intake.py [--clients 8] [--seconds 20]
It saves the percentiles as bench/results/intake.json and redraws docs/benchmarks.md's
charts and tables (bench/hub.py --charts-only).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from intakeserver import running, submission  # noqa: E402


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


def run(clients: int, seconds: float, with_photo: bool) -> dict:
    photo = _photo() if with_photo else None
    with tempfile.TemporaryDirectory(prefix="chorus-bench-") as work, running(Path(work)) as (base, _):
        until = time.monotonic() + seconds
        started = time.monotonic()
        with ThreadPoolExecutor(clients) as pool:
            batches = list(pool.map(lambda w: _worker(base, w, until, photo), range(clients)))
        elapsed = time.monotonic() - started
        stored = len(list((Path(work) / "inbox").glob("2*/record.json")))
    latencies = sorted(x for batch in batches for x in batch)
    cuts = statistics.quantiles(latencies, n=100)
    label = "with a 1200x900 JPEG" if with_photo else "text only"
    print(f"intake ({label}, {clients} clients, {elapsed:.1f}s): {len(latencies)} submissions, "
          f"{len(latencies) / elapsed:.1f}/s sustained; latency p50 {cuts[49] * 1000:.1f} ms, "
          f"p99 {cuts[98] * 1000:.1f} ms; stored {stored}")
    return {"label": label, "clients": clients, "seconds": round(elapsed, 1),
            "submissions": len(latencies), "per_second": round(len(latencies) / elapsed, 1),
            "p50_ms": round(cuts[49] * 1000, 1), "p90_ms": round(cuts[89] * 1000, 1),
            "p99_ms": round(cuts[98] * 1000, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    runs = [run(args.clients, args.seconds, with_photo=False),
            run(args.clients, args.seconds, with_photo=True)]
    save({"date": dt.date.today().isoformat(), "runs": runs})


def save(result: dict) -> None:
    from bench import hub

    hub.RESULTS.mkdir(parents=True, exist_ok=True)
    (hub.RESULTS / hub.INTAKE_RESULT).write_text(json.dumps(result, indent=1) + "\n")
    hub.regenerate()


if __name__ == "__main__":
    main()
