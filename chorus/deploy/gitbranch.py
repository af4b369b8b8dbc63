"""Deploy to a git branch (GitHub Pages style): the build becomes one commit on the
branch of a local repository (bare or not; its work tree is never touched), pushed
if asked. An unchanged build makes no commit."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path

from chorus.deploy.settings import DeployError

_AUTHOR = re.compile(r"^(?P<name>[^<>]+?)\s*<(?P<email>[^<>\s]+)>$")


def git(repository: Path, *args: str, env: dict[str, str] | None = None,
        stdin: str | None = None, cwd: Path | None = None) -> str:
    done = subprocess.run(["git", "--git-dir", str(repository), *args], capture_output=True,
                          text=True, input=stdin, env={**os.environ, **(env or {})}, cwd=cwd,
                          check=False)
    if done.returncode:
        raise DeployError(f"git {args[0]} failed: {done.stderr.strip()[-500:]}")
    return done.stdout.strip()


def git_dir(repository: Path) -> Path:
    dot_git = repository / ".git"
    if dot_git.exists():
        return dot_git
    if (repository / "HEAD").is_file() and (repository / "objects").is_dir():
        return repository
    raise DeployError(f"{repository} is not a git repository (git init --bare {repository})")


def identity(author: str) -> dict[str, str]:
    match = _AUTHOR.match(author.strip())
    if not match:
        raise DeployError(f"CHORUS_DEPLOY 'author' must look like 'Name <email>' (got {author!r})")
    name, email = match["name"], match["email"]
    return {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email,
            "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email}


def deploy_git(build: Path, repository: Path, branch: str, message: str, author: str,
               push: str = "") -> str:
    """Commit ``build`` as the whole tree of ``branch``; push it to ``push`` if given."""
    repo, ref = git_dir(repository.absolute()), f"refs/heads/{branch}"
    who = identity(author)
    git(repo, "check-ref-format", ref)
    parent = _tip(repo, ref)
    with tempfile.TemporaryDirectory(prefix="chorus-deploy-") as scratch:
        env = {"GIT_INDEX_FILE": str(Path(scratch) / "index"), "GIT_WORK_TREE": str(build)}
        git(repo, "add", "--all", "--force", ".", env=env, cwd=build)
        empty = git(repo, "hash-object", "-w", "--stdin", stdin="")
        # No Jekyll on GitHub Pages: it would hide files and folders that start with "_".
        git(repo, "update-index", "--add", "--cacheinfo", f"100644,{empty},.nojekyll", env=env)
        tree = git(repo, "write-tree", env=env)
    if parent and git(repo, "rev-parse", f"{parent}^{{tree}}") == tree:
        summary = f"{branch} already holds this build"
    else:
        commit = git(repo, "commit-tree", tree, *(["-p", parent] if parent else []), "-m", message,
                     env=who)
        git(repo, "update-ref", "-m", "chorus deploy", ref, commit, parent or "0" * 40, env=who)
        summary = f"committed {commit[:12]} to {branch}"
    if push:
        git(repo, "push", "--quiet", push, f"{ref}:{ref}")
        summary += f", pushed to {push}"
    return summary


def _tip(repo: Path, ref: str) -> str:
    done = subprocess.run(["git", "--git-dir", str(repo), "rev-parse", "--verify", "-q", ref],
                          capture_output=True, text=True, check=False)
    return done.stdout.strip() if done.returncode == 0 else ""
