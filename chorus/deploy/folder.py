"""Deploy to a local folder a web server serves: the folder becomes a symlink to a
copy of the build (hard links when on the same device), switched in one step. The copy is
made from the spare earlier deploy ``prune`` keeps, so only the files that changed are
linked (or copied) again."""

from __future__ import annotations

from pathlib import Path

from chorus import output


def deploy_folder(build: Path, path: Path, keep: int) -> str:
    """Make ``path`` show ``build``; earlier deploys beyond ``keep`` are removed."""
    path = path.absolute()
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = output.staging_from(path, build)
    finished = path.parent / f"{path.name}.{output.new_build_id()}"
    staging.rename(finished)
    output.switch(path, finished)
    output.prune(path, keep)
    return f"{path} now shows {finished.name}"
