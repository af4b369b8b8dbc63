"""Each decision that changes content/ is one commit: the moderator as author, the receipt id
as the message, nothing else swept in, pushed when asked."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from chorus.history import HistoryError, commit_content

RECEIPT = "20261122-3f9a1c2b"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True,
                          env={"GIT_AUTHOR_NAME": "Dev", "GIT_AUTHOR_EMAIL": "dev@example.org",
                               "GIT_COMMITTER_NAME": "Dev", "GIT_COMMITTER_EMAIL": "dev@example.org",
                               "HOME": str(cwd), "PATH": "/usr/bin:/bin"}).stdout.rstrip()


@pytest.fixture
def repo(tmp_path) -> Path:
    root = tmp_path / "hub"
    (root / "content" / "stories").mkdir(parents=True)
    (root / "content" / "stories" / "old.md").write_text("Title: Old\n")
    (root / "README.md").write_text("hub\n")
    git(tmp_path, "init", "-q", "-b", "main", str(root))
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "start")
    return root


def test_an_approval_is_one_commit_by_the_moderator_with_the_receipt_id(repo):
    (repo / "content" / "stories" / "new.md").write_text("Title: New\n")
    (repo / "README.md").write_text("an unrelated edit in progress\n")
    (repo / "notes.txt").write_text("staged, not content\n")
    git(repo, "add", "notes.txt")
    commit = commit_content(repo, repo / "content", "Priya N", RECEIPT, "approve")
    assert git(repo, "log", "-1", "--format=%an <%ae>|%cn|%s") == \
        f"Priya N <priya-n@moderators.chorus.invalid>|Chorus publisher|Approve {RECEIPT}"
    assert git(repo, "rev-parse", "HEAD") == commit
    assert git(repo, "show", "--name-only", "--format=", "HEAD") == "content/stories/new.md"
    status = git(repo, "status", "--porcelain")
    assert "A  notes.txt" in status and " M README.md" in status  # left exactly as they were


def test_a_withdrawal_commits_the_removal_and_no_change_makes_no_commit(repo):
    (repo / "content" / "stories" / "old.md").unlink()
    commit_content(repo, repo / "content", "priya", RECEIPT, "withdraw", email="priya@hub.example")
    assert git(repo, "log", "-1", "--format=%ae|%s") == f"priya@hub.example|Withdraw {RECEIPT}"
    assert git(repo, "ls-files", "content") == ""
    assert commit_content(repo, repo / "content", "priya", RECEIPT, "withdraw") is None
    assert git(repo, "rev-list", "--count", "HEAD") == "2"


def test_the_commit_is_pushed_when_asked(repo, tmp_path):
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(repo, "remote", "add", "origin", str(remote))
    (repo / "content" / "stories" / "new.md").write_text("Title: New\n")
    commit = commit_content(repo, repo / "content", "priya", RECEIPT, "approve", push="origin")
    assert git(remote, "rev-parse", "main") == commit


@pytest.mark.parametrize("moderator, receipt, action, message", [
    ("priya", "jane@example.org", "approve", "is not a receipt id"),
    ("priya", RECEIPT, "approve because Jane asked", "is not one of approve"),
    ("Jane <jane@example.org>", RECEIPT, "approve", "short name or handle"),
])
def test_nothing_personal_gets_into_the_message(repo, moderator, receipt, action, message):
    (repo / "content" / "stories" / "new.md").write_text("Title: New\n")
    with pytest.raises(HistoryError, match=message):
        commit_content(repo, repo / "content", moderator, receipt, action)
    assert git(repo, "rev-list", "--count", "HEAD") == "1"


def test_content_outside_the_repository_is_refused(repo, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    with pytest.raises(HistoryError, match="not inside the repository"):
        commit_content(repo, tmp_path / "elsewhere", "priya", RECEIPT, "approve")
