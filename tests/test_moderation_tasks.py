"""The command line as a moderator uses it: messages, exit codes, files (one hub in tmp_path)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT

pytestmark = pytest.mark.slow


@pytest.fixture
def hub(tmp_path) -> Path:
    shutil.copytree(FIXTURES / "mini", tmp_path / "content")
    (tmp_path / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
        f"PATH = 'content'\nTHEME = {str(ROOT / 'theme')!r}\nPLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n",
        encoding="utf-8")
    return tmp_path


def run(hub: Path, *args: str, moderator: str | None = "Jo") -> subprocess.CompletedProcess:
    env = {**os.environ, "CHORUS_CONF": str(hub / "conf.py")}
    env.pop("CHORUS_MODERATOR", None)
    if moderator:
        env["CHORUS_MODERATOR"] = moderator
    invoke = Path(sys.executable).parent / "invoke"
    return subprocess.run([str(invoke), "-r", str(ROOT), *args], env=env, cwd=hub,
                          capture_output=True, text=True, timeout=120)


def test_submit_queue_approve_history_from_the_command_line(hub):
    (hub / "s.md").write_text("Kind: story\nTitle: Up the ridge\nName: Ann Lee\nEmail: ann@example.com\n"
                              "Consent_name: yes\n\nWe went up.\n", encoding="utf-8")
    done = run(hub, "submit", "--file", str(hub / "s.md"))
    assert done.returncode == 0, done.stderr
    receipt = done.stdout.split("Receipt id: ")[1].strip()
    queue = run(hub, "mod.queue")
    assert receipt in queue.stdout and "Up the ridge" in queue.stdout
    assert run(hub, "mod.approve", receipt, moderator=None).returncode == 1
    done = run(hub, "mod.approve", receipt, "--tags", "ridge")
    assert done.returncode == 0 and "content/stories/up-the-ridge.md" in done.stdout
    assert (hub / "content/stories/up-the-ridge.md").is_file()
    again = run(hub, "mod.approve", receipt)
    assert again.returncode == 1 and "cannot approve" in again.stderr and "Traceback" not in again.stderr
    history = run(hub, "mod.history", receipt).stdout
    assert "pending -> approved" in history and "Jo" in history


def test_a_bad_submission_file_lists_every_problem_and_exits_1(hub):
    (hub / "bad.md").write_text("Kind: story\nStatus: published\nEmail: nope\n\n<script>x</script>\n",
                                encoding="utf-8")
    done = run(hub, "submit", "--file", str(hub / "bad.md"))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    for words in ("bad.md:2: status:", "email:", "title:", "name:", "consent_name:"):
        assert words in done.stderr
    assert "No pending submissions" in run(hub, "mod.queue").stdout
