"""Content history: each decision that changes ``content/`` becomes one git commit.

The moderator is the commit's author; the message is the decision and its receipt
id only (``Approve 20261122-3f9a1c2b``), never a name, email or text from the
submission, so the history can be public. Only ``content/`` is committed: whatever
else is staged or changed in the work tree stays as it was.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

from chorus.problems import ChorusError

logger = logging.getLogger(__name__)
RECEIPT = re.compile(r"^\d{8}-[0-9a-f]{8}$")
ACTIONS = ("approve", "withdraw", "erase", "edit", "schedule", "award")
COMMITTER = ("Chorus publisher", "publisher@chorus.invalid")
_HANDLE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._'-]{0,63}$")


class HistoryError(ChorusError):
    """The content could not be committed (or pushed); the message says why."""


def commit_content(repository: Path, content: Path, moderator: str, receipt: str, action: str,
                   *, email: str = "", push: str = "") -> str | None:
    """Commit every change under ``content`` as ``action`` of ``receipt`` by
    ``moderator``; push HEAD to the remote ``push`` if given. Returns the commit id,
    or None when ``content`` had no change."""
    _check(moderator, receipt, action)
    content = content.resolve()
    top = Path(_git(repository, "rev-parse", "--show-toplevel"))
    scope = os.path.relpath(content, top)
    if scope.startswith(".."):
        raise HistoryError(f"{content} is not inside the repository {top}")
    author = f"{moderator} <{email or _placeholder_email(moderator)}>"
    with _history_lock(top):
        _git(top, "add", "--all", "--", scope)
        if _git_ok(top, "diff", "--cached", "--quiet", "--", scope):
            return None
        _git(top, "commit", "--quiet", "--no-verify", "--author", author, "-m",
             f"{action.capitalize()} {receipt}", "--only", "--", scope, env=_committer())
        commit = _git(top, "rev-parse", "HEAD")
    logger.info("Chorus history: %s %s committed as %s", action, receipt, commit[:12])
    if push:
        _git(top, "push", "--quiet", push, "HEAD")
    return commit


def _check(moderator: str, receipt: str, action: str) -> None:
    problems = []
    if not RECEIPT.match(receipt or ""):
        problems.append(f"'{str(receipt)[:40]}' is not a receipt id (like 20261122-3f9a1c2b)")
    if action not in ACTIONS:
        problems.append(f"action '{str(action)[:40]}' is not one of {', '.join(ACTIONS)}")
    if not _HANDLE.match(moderator or ""):
        problems.append("the moderator must be a short name or handle (letters, digits, . _ ' -)")
    if problems:
        raise HistoryError("content history: " + "; ".join(problems))


def _placeholder_email(moderator: str) -> str:
    local = re.sub(r"[^a-z0-9._-]+", "-", moderator.lower()).strip("-.") or "moderator"
    return f"{local}@moderators.chorus.invalid"


def _committer() -> dict[str, str]:
    return {"GIT_COMMITTER_NAME": COMMITTER[0], "GIT_COMMITTER_EMAIL": COMMITTER[1]}


@contextlib.contextmanager
def _history_lock(top: Path) -> Iterator[None]:
    """One commit at a time from this machine (git's own index.lock fails, not waits)."""
    path = Path(top, _git(top, "rev-parse", "--git-path", "chorus-history.lock"))
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


def _run(cwd: Path, args: tuple[str, ...], env: dict[str, str] | None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                              env={**os.environ, **(env or {})}, timeout=300, check=False)
    except FileNotFoundError:
        raise HistoryError("git is not installed") from None


def _git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    done = _run(cwd, args, env)
    if done.returncode:
        raise HistoryError(f"git {args[0]} failed: {done.stderr.strip()[-400:]}")
    return done.stdout.strip()


def _git_ok(cwd: Path, *args: str) -> bool:
    return _run(cwd, args, None).returncode == 0
