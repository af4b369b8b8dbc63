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
    receipt = done.stdout.split("Receipt id: ")[1].split()[0]
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


def test_store_tasks_migrate_import_search_export_erase_backup_purge(hub):
    import json

    from inboxmaker import make_inbox

    ids = make_inbox(hub / "old", 12)
    done = run(hub, "db.upgrade")
    assert done.returncode == 0 and ("up to date" in done.stdout or "Migrated" in done.stdout)
    done = run(hub, "store.import-inbox", str(hub / "old" / "inbox"))
    assert done.returncode == 0, done.stderr
    assert "12 submission(s) imported" in done.stdout and "Every history matches" in done.stdout
    again = run(hub, "store.import-inbox", str(hub / "old" / "inbox")).stdout
    assert "0 submission(s) imported" in again and "12 already in the store" in again
    found = run(hub, "mod.queue", "--state", "all", "--search", "words 3").stdout
    assert ids[3] in found and ids[4] not in found
    done = run(hub, "mod.export-advocate", "P3@example.com", "--output", str(hub / "p3.json"))
    assert done.returncode == 0 and "Wrote 1 submission(s)" in done.stdout
    assert json.loads((hub / "p3.json").read_text())["submissions"][0]["id"] == ids[3]
    done = run(hub, "mod.erase", ids[5])                        # pending: withdrawn first
    assert done.returncode == 0 and "Erased" in done.stdout
    lines = run(hub, "mod.history", ids[5]).stdout
    assert "pending -> withdrawn" in lines and "erase" in lines
    backup = run(hub, "store.backup", str(hub / "copy.db"))
    if os.environ.get("CHORUS_DATABASE_URL"):
        assert backup.returncode == 1 and "pg_dump" in backup.stderr
    else:
        assert backup.returncode == 0 and (hub / "copy.db").stat().st_size > 0
    done = run(hub, "store.purge", "--days", "1")
    assert done.returncode == 0 and "Erased the personal data of" in done.stdout
    assert run(hub, "mod.erase", "nonsense").returncode == 1
