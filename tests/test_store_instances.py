"""Several service instances on one store: one rate limit, and nothing lost when one is killed."""

from __future__ import annotations

import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from intakehelpers import aged_token, make_client
from intakeserver import running, stored
from test_intake_load import _client


@pytest.fixture
def shared_url(store_backend, tmp_path, monkeypatch):
    """One database for every instance: PostgreSQL's, or one SQLite file."""
    if store_backend == "sqlite":
        monkeypatch.setenv("CHORUS_DATABASE_URL", f"sqlite:///{tmp_path / 'shared.db'}")


def test_the_rate_limit_holds_across_two_app_instances(tmp_path, shared_url):
    one, service, _ = make_client(tmp_path / "a", rate_burst=2, rate_per_minute=1.0)
    two, _, _ = make_client(tmp_path / "b", rate_burst=2, rate_per_minute=1.0)
    send = lambda client: client.post("/submit", data={"form_token": aged_token(service)}).status_code
    assert [send(one), send(two), send(one), send(two)] == [422, 422, 429, 429]


@pytest.mark.slow
def test_two_instances_under_load_one_killed_lose_no_acknowledged_submission(tmp_path, shared_url):
    stop = threading.Event()
    with running(tmp_path / "a") as (base_a, process_a), running(tmp_path / "b") as (base_b, _):
        with ThreadPoolExecutor(8) as pool:
            futures = [pool.submit(_client, base_a if w % 2 else base_b, w, 150, stop)
                       for w in range(8)]
            deadline = time.monotonic() + 30
            while len(stored(tmp_path / "a")) < 60 and time.monotonic() < deadline:
                time.sleep(0.05)
            process_a.send_signal(signal.SIGKILL)
            process_a.wait(timeout=10)
            time.sleep(1.0)
            stop.set()
            results = [r for f in futures for r in f.result()]
    acknowledged = [receipt for *_, receipt in results if receipt]
    assert len(acknowledged) == len(set(acknowledged)) >= 40
    assert any(status is None for _, _, status, _ in results)       # the kill cut requests short
    assert all(status in (None, 201 if valid else 422) for _, valid, status, _ in results)
    found = stored(tmp_path / "a")
    assert set(acknowledged) <= found
    assert len(found - set(acknowledged)) <= 4                        # only requests in flight
