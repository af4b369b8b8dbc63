"""Deploy a finished build to the target in ``CHORUS_DEPLOY`` (docs/deploy.md)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from chorus.deploy.settings import DeployError, DeploySettings

logger = logging.getLogger(__name__)

__all__ = ["DeployError", "DeploySettings", "deploy"]


def deploy(settings: dict[str, Any], build: Path, label: str) -> str:
    """Send the finished build folder ``build`` to the configured target; a one-line
    summary. ``label`` names the build in a git commit message (the day and build id)."""
    options = DeploySettings.from_settings(settings)
    build = build.resolve()
    if not options.configured:
        raise DeployError("no deploy target: set CHORUS_DEPLOY in publishconf.py (docs/deploy.md)")
    if not (build / "index.html").is_file():
        raise DeployError(f"{build} holds no built site; build it first (./hub publish)")
    if options.target == "folder":
        from chorus.deploy.folder import deploy_folder
        summary = deploy_folder(build, Path(options.path), options.keep)
    elif options.target == "rsync":
        from chorus.deploy.rsync import deploy_rsync
        summary = deploy_rsync(build, options.destination, options.ssh)
    elif options.target == "s3":
        from chorus.deploy.s3 import deploy_s3
        summary = deploy_s3(build, options)
    else:
        from chorus.deploy.gitbranch import deploy_git
        summary = deploy_git(build, Path(options.repository), options.branch,
                             f"Publish the hub: {label}", options.author, options.push)
    logger.info("Chorus deploy: %s", summary)
    return summary
