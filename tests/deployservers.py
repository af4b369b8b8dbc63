"""Real deploy targets on loopback for the tests: Debian's sshd and moto's S3 server."""

from __future__ import annotations

import getpass
import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

SSHD = "/usr/sbin/sshd"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"server on port {port} did not start: {process.args}")
        time.sleep(0.1)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def have_ssh_tools() -> bool:
    return os.access(SSHD, os.X_OK) and all(shutil.which(tool) for tool in ("ssh", "ssh-keygen", "rsync"))


@contextmanager
def sshd(folder: Path):
    """An sshd on 127.0.0.1 that accepts one temporary key for the current user; yields
    the ssh command (with that key and a known_hosts file pinning the temp host key)."""
    folder.mkdir(parents=True, exist_ok=True)
    host_key, user_key = folder / "host_key", folder / "user_key"
    for key in (host_key, user_key):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    (folder / "authorized_keys").write_text((folder / "user_key.pub").read_text())
    port = free_port()
    config = folder / "sshd_config"
    config.write_text("\n".join([
        f"Port {port}", "ListenAddress 127.0.0.1", f"HostKey {host_key}",
        f"AuthorizedKeysFile {folder / 'authorized_keys'}", f"PidFile {folder / 'sshd.pid'}",
        "PasswordAuthentication no", "KbdInteractiveAuthentication no", "PubkeyAuthentication yes",
        "PermitRootLogin prohibit-password", "StrictModes no", "UsePAM no", ""]))
    host_public = (folder / "host_key.pub").read_text().split()[:2]
    (folder / "known_hosts").write_text(f"[127.0.0.1]:{port} {' '.join(host_public)}\n")
    Path("/run/sshd").mkdir(parents=True, exist_ok=True)  # sshd's privilege separation folder
    log = open(folder / "sshd.log", "w")  # noqa: SIM115 (closed below, after sshd stops)
    process = subprocess.Popen([SSHD, "-D", "-e", "-f", str(config)], stdout=subprocess.DEVNULL,
                               stderr=log)
    try:
        wait_for_port(port, process)
        ssh = (f"ssh -p {port} -i {user_key} -o BatchMode=yes -o IdentitiesOnly=yes "
               f"-o UserKnownHostsFile={folder / 'known_hosts'} -o StrictHostKeyChecking=yes")
        yield ssh, f"{getpass.getuser()}@127.0.0.1"
    finally:
        stop(process)
        log.close()


@contextmanager
def moto_s3():
    """moto's server mode on a loopback port; yields its endpoint URL."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)
