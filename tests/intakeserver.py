"""A real intake server (uvicorn in a subprocess on loopback) over a private mini hub.

Used by the load test and bench/intake.py.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
SECRET = "load-test-secret-" + "z" * 40
CONF = """import sys
sys.path.insert(0, {root!r})
from pelicanconf import *
PATH = "content"
CHORUS_SITEURL = "https://stories.example.com"
THEME = {theme!r}
PLUGIN_PATHS = [{plugins!r}]
CHORUS_INTAKE = {{"public_url": "http://127.0.0.1:{port}", "rate_burst": 100000,
                 "rate_per_minute": 1000000, "min_fill_seconds": 0, "mail_interval_seconds": 0}}
CHORUS_STORE = {store!r}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare(folder: Path, port: int, store: dict | None = None) -> Path:
    """A hub folder with content/ and an intake configuration; returns the conf file."""
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "content").exists():
        shutil.copytree(MINI, folder / "content")
    conf = folder / "intakeconf.py"
    conf.write_text(CONF.format(root=str(ROOT), theme=str(ROOT / "theme"), port=port,
                                plugins=str(ROOT / "plugins"), store=store or {}))
    return conf


@contextmanager
def running(folder: Path, timeout: float = 30.0, store: dict | None = None):
    """Start the service for ``folder``; yields (base URL, process); kills it afterwards."""
    port = free_port()
    conf = prepare(folder, port, store)
    env = {**os.environ, "CHORUS_INTAKE_SECRET": SECRET, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "chorus_intake", "--conf", str(conf),
                                "--port", str(port)], cwd=folder, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base, process, timeout)
        yield base, process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        process.stderr.close()


def _wait(base: str, process: subprocess.Popen, timeout: float) -> None:
    import httpx2 as httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("intake server exited: " + process.stderr.read().decode()[-2000:])
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("intake server did not answer in time")


def stored(folder: Path) -> set[str]:
    """Receipts in the store of the hub in ``folder`` ($CHORUS_DATABASE_URL, else its hub.db)."""
    sys.path.insert(0, str(ROOT))
    from chorus.store import Store, StoreSettings

    store = Store(StoreSettings.from_settings({}, folder))
    return set(store.ids())


def form_token() -> str:
    sys.path.insert(0, str(ROOT))
    from chorus_intake.tokens import issue_form_token

    return issue_form_token(SECRET.encode(), time.time() - 30)


def submission(number: int, valid: bool = True) -> dict:
    values = {"kind": "story", "title": f"Load story {number}", "body": f"Run number {number}.\n\nIt went fine.",
              "name": "Load Tester", "email": f"load{number}@example.com", "consent_name": "yes",
              "form_token": form_token()}
    if not valid:
        values["email"] = "not-an-address"
    return values
