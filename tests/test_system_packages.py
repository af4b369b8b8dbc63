"""`./hub test` on a fresh machine: the system packages it needs are installed (as root
with apt) or named in one command before any test runs (.ci/system-packages)."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / ".ci" / "system-packages"
ALL = ("chromium fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji default-jre-headless "
       "postgresql openssh-server rsync")


def fresh_machine(tmp_path: Path, uid: int) -> Path:
    """A PATH with nothing installed: dpkg knows no package, apt-get records its arguments."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    stubs = {"dpkg": "exit 1", "id": f"echo {uid}",
             "apt-get": f'echo "$@" >> {tmp_path / "apt.log"}'}
    for name, body in stubs.items():
        (bin_dir / name).write_text(f"#!/bin/sh\n{body}\n")
        (bin_dir / name).chmod(0o755)
    return bin_dir


def run(bin_dir: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(["/bin/sh", str(SCRIPT)], capture_output=True, text=True, check=False,
                          env={"PATH": str(bin_dir), **env}, timeout=60)


def test_as_a_user_it_stops_with_the_one_command_to_run(tmp_path):
    result = run(fresh_machine(tmp_path, uid=1000))
    assert result.returncode == 1
    assert f"sudo apt-get install -y --no-install-recommends {ALL}" in result.stderr
    assert not (tmp_path / "apt.log").exists()


def test_as_root_it_installs_them_and_says_so_in_one_line(tmp_path):
    result = run(fresh_machine(tmp_path, uid=0))
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [f"hub: installing the system packages the tests need: {ALL}"]
    assert (tmp_path / "apt.log").read_text().splitlines() == [
        "update -qq", f"install -y -qq --no-install-recommends {ALL}"]


def test_it_can_be_skipped(tmp_path):
    assert run(fresh_machine(tmp_path, uid=1000), HUB_SYSTEM_PACKAGES="skip").returncode == 0


def test_the_launcher_and_ci_use_it():
    assert "sh .ci/system-packages || exit 1" in (ROOT / "hub").read_text()
    assert (ROOT / ".ci" / "run").read_text().rstrip().endswith("exec ./hub test")
