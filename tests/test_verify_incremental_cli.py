"""`./hub build --verify-incremental` on a copy of the demo hub after a sequence of changes
(the CI step of issue 16: the incremental build must equal a full build, byte for byte)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODE = ("chorus", "chorus_intake", "plugins", "theme", "bench")


def project_copy(target: Path) -> Path:
    """The project with its own content/ (code folders linked), so the test can change it."""
    target.mkdir()
    for item in ROOT.iterdir():
        if item.name == "content":
            shutil.copytree(item, target / "content")
        elif item.name in CODE:
            (target / item.name).symlink_to(item)
        elif item.is_file() and (item.suffix in (".py", ".toml") or item.name == "hub"):
            shutil.copy2(item, target / item.name)
    return target


def hub(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "invoke", "build", "--today", "2026-11-22",
                           "--quiet", *args], cwd=project, capture_output=True, text=True,
                          env={**os.environ, "CHORUS_DATABASE_URL": ""}, timeout=600, check=False)


def test_build_verify_incremental_after_an_approval_a_consent_change_and_a_withdrawal(tmp_path):
    project = project_copy(tmp_path / "project")
    stories = project / "content" / "stories"
    assert hub(project).returncode == 0

    source = sorted(stories.glob("*.md"))[0].read_text(encoding="utf-8")
    title = re.search(r"(?m)^Title: (.*)$", source).group(1)
    (stories / "a-new-approval.md").write_text(source.replace(title, "A new approval"), encoding="utf-8")
    assert hub(project).returncode == 0

    name = "dolores-reyes"
    for piece in [*stories.glob("*.md"), *(project / "content" / "testimonials").glob("*.md")]:
        text = piece.read_text(encoding="utf-8")
        if f"Advocate: {name}" in text:
            text = re.sub(r"(?m)^(Photo|Photo_alt):.*\n", "", text)
            piece.write_text(text.replace(f"Advocate: {name}", "Advocate: anonymous"), encoding="utf-8")
    (project / "content" / "advocates" / f"{name}.md").unlink()
    assert hub(project).returncode == 0

    withdrawn = sorted(stories.glob("*.md"))[-1]
    withdrawn.write_text(withdrawn.read_text(encoding="utf-8").replace(
        "Approved_by:", "Status: withdrawn\nApproved_by:", 1), encoding="utf-8")
    result = hub(project, "--verify-incremental")
    assert result.returncode == 0, result.stderr
    shown = [p for p in (project / "output").rglob("*.html") if "Dolores" in p.read_text(encoding="utf-8")]
    assert shown == []


def test_verify_incremental_is_offered_by_build_help():
    result = subprocess.run([sys.executable, "-m", "invoke", "build", "--help"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, check=False)
    assert "--verify-incremental" in result.stdout
