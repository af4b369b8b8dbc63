"""The command line as a newcomer uses it: invoke tasks run in a subprocess."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from conftest import as_from_a_terminal

ROOT = Path(__file__).resolve().parent.parent
INVOKE = [sys.executable, "-m", "invoke"]


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*INVOKE, *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=300, check=False)


def test_list_shows_every_task_with_a_description():
    listing = run("--list").stdout
    for name in ("build", "serve", "publish", "check", "test", "clean"):
        line = next((row for row in listing.splitlines() if row.strip().startswith(name + " ")), "")
        assert len(line.split(None, 1)) == 2, f"{name} has no description in:\n{listing}"


def test_build_as_of_a_day_says_how_to_see_it(tmp_path):
    result = run("build", "--today", "2026-11-22", "--output", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    assert "Built the hub as of 2026-11-22" in result.stdout
    # A file:// address opens unstyled (root-relative links): name the command that serves it.
    assert "file://" not in result.stdout
    assert "`./hub serve` and open http://127.0.0.1:8000/" in result.stdout
    assert (tmp_path / "site" / "index.html").is_file()


def test_build_refuses_an_impossible_day(tmp_path):
    result = run("build", "--today", "2026-02-30", "--output", str(tmp_path / "site"))
    assert result.returncode == 1
    assert "CHORUS_TODAY '2026-02-30' is not a real calendar day" in result.stderr


def test_publish_refuses_without_an_absolute_siteurl(tmp_path):
    result = run("publish", "--output", str(tmp_path / "site"), env={"CHORUS_SITEURL": ""})
    assert result.returncode == 1
    assert "SITEURL must be the hub's absolute public address" in result.stderr
    assert not (tmp_path / "site").exists()


def test_publish_with_siteurl_writes_absolute_links(tmp_path):
    result = run("publish", "--today", "2026-11-22", "--output", str(tmp_path / "site"),
                 env={"CHORUS_SITEURL": "https://stories.example.com"})
    assert result.returncode == 0, result.stderr
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://stories.example.com/theme/css/chorus.css"' in home


def test_serve_previews_the_hub_on_loopback(tmp_path):
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "serve.log"
    # Its own process group, like a terminal job: Ctrl+C reaches Pelican's server child too.
    with log.open("w") as sink:
        server = subprocess.Popen([*INVOKE, "serve", "--port", str(port), "--today", "2026-11-22"],
                                  cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True,
                                  preexec_fn=as_from_a_terminal)
    try:
        deadline = time.monotonic() + 120          # a loaded machine builds slowly
        while not served(port) or "Done: Processed" not in log.read_text(errors="replace"):
            # The home page can be served (from this build or an earlier one) while the build
            # still writes feeds and cards: Ctrl+C comes once Pelican says the build is done.
            assert time.monotonic() < deadline, "serve did not build and show the hub within 120 s"
            time.sleep(0.5)
    finally:
        stopped = stop_group(server)
    assert stopped, f"Ctrl+C did not stop the preview server and its children: {stopped!r}\n{log.read_text()[-2000:]}"
    # Ctrl+C on the task leaves no server behind.
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0, "a preview server outlived its task"


def served(port: int) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
            return response.status == 200 and b"<main" in response.read()
    except OSError:
        return False


class Stopped:
    """How a process group answered Ctrl+C: true when it ended by itself, with every child."""

    def __init__(self, ok: bool, how: str):
        self.ok, self.how = ok, how

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        return self.how


def stop_group(process: subprocess.Popen, patience: float = 60) -> Stopped:
    """Ctrl+C the process group as a terminal would and wait (bounded: a loaded machine
    can take a while). Whatever happens, nothing of the group is left running: it is
    killed after the wait."""
    import time

    try:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=patience)
        except subprocess.TimeoutExpired:
            return Stopped(False, f"the task itself still ran after {patience:.0f} s")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.killpg(process.pid, 0)      # someone of the group is still running
            except ProcessLookupError:
                return Stopped(True, "ended")
            time.sleep(0.2)
        return Stopped(False, "the task ended but a child still ran 10 s later")
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=10)
