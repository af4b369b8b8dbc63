"""Deploy with rsync over SSH: assets first, then pages and deletions, each pass
with ``--delay-updates`` so a page never links to a file that is not there yet."""

from __future__ import annotations

import logging
import shlex
import subprocess
from pathlib import Path

from chorus.deploy.settings import DeployError

logger = logging.getLogger(__name__)


def rsync_passes(build: Path, destination: str, ssh: str) -> list[list[str]]:
    """The two rsync commands: every file but the pages, then everything with deletions."""
    base = ["rsync", "-a", "--mkpath", "--delay-updates", "-e", ssh, f"{build}/", destination.rstrip("/") + "/"]
    first = [*base[:2], "--exclude=*.html", *base[2:]]
    second = [*base[:2], "--delete-delay", *base[2:]]
    return [first, second]


def deploy_rsync(build: Path, destination: str, ssh: str, timeout: float = 3600) -> str:
    for command in rsync_passes(build, destination, ssh):
        logger.info("Chorus deploy: %s", shlex.join(command))
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        except FileNotFoundError:
            raise DeployError("rsync is not installed (apt-get install rsync)") from None
        if done.returncode:
            raise DeployError(f"rsync to {destination} failed ({done.returncode}): "
                              f"{done.stderr.strip()[-500:]}")
    return f"rsync to {destination} done"
