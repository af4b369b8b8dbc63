"""A real server on loopback under concurrent load, then killed mid-load: no acknowledged submission lost."""

from __future__ import annotations

import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from intakeserver import running, stored as _stored, submission

pytestmark = pytest.mark.slow
CLIENTS, REQUESTS = 8, 25


def _client(base: str, worker: int, count: int, stop: threading.Event | None = None):
    import httpx2 as httpx

    results = []
    with httpx.Client(base_url=base, timeout=30, headers={"accept": "application/json"}) as client:
        for index in range(count):
            if stop is not None and stop.is_set():
                break
            number = worker * 1000 + index
            valid = index % 4 != 3
            try:
                response = client.post("/submit", data=submission(number, valid))
            except httpx.TransportError:
                results.append((number, valid, None, None))
                continue
            receipt = response.json().get("receipt") if response.status_code == 201 else None
            results.append((number, valid, response.status_code, receipt))
    return results


def test_every_acknowledged_submission_is_stored_exactly_once(tmp_path):
    started = time.monotonic()
    with running(tmp_path) as (base, _):
        with ThreadPoolExecutor(CLIENTS) as pool:
            batches = list(pool.map(lambda w: _client(base, w, REQUESTS), range(CLIENTS)))
    results = [r for batch in batches for r in batch]
    assert time.monotonic() - started < 60
    assert len(results) == CLIENTS * REQUESTS
    assert all(status == (201 if valid else 422) for _, valid, status, _ in results)
    acknowledged = [receipt for *_, receipt in results if receipt]
    assert len(acknowledged) == len(set(acknowledged)) == sum(valid for _, valid, _, _ in results)
    assert _stored(tmp_path) == set(acknowledged)


def test_killing_the_server_mid_load_loses_no_acknowledged_submission(tmp_path):
    stop = threading.Event()
    with running(tmp_path) as (base, process):
        with ThreadPoolExecutor(CLIENTS) as pool:
            futures = [pool.submit(_client, base, w, 200, stop) for w in range(CLIENTS)]
            deadline = time.monotonic() + 30
            while len(_stored(tmp_path)) < 40 and time.monotonic() < deadline:
                time.sleep(0.05)
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
            time.sleep(0.2)
            stop.set()
            results = [r for f in futures for r in f.result()]
    acknowledged = {receipt for *_, receipt in results if receipt}
    assert len(acknowledged) >= 20
    assert any(status is None for _, _, status, _ in results)       # the kill cut requests short
    stored = _stored(tmp_path)
    assert acknowledged <= stored
    assert len(stored - acknowledged) <= 8 * 2                      # only requests in flight
