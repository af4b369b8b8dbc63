"""`./hub deploy` by hand, and publish deploying after its build, with a folder target."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT

INVOKE = [sys.executable, "-m", "invoke"]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*INVOKE, *args], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "CHORUS_SITEURL": "https://stories.example.com"},
                          check=False)


@pytest.fixture
def conf(tmp_path) -> Path:
    """publishconf.py over the mini hub, deploying to a folder under tmp_path."""
    path = tmp_path / "deployconf.py"
    content = shutil.copytree(FIXTURES / "mini", tmp_path / "content")  # its caches stay in tmp_path
    path.write_text("\n".join([
        "import sys", f"sys.path.insert(0, {str(ROOT)!r})", "from publishconf import *  # noqa",
        "SITEURL = 'https://stories.example.com'  # publishconf may be imported already, with another",
        f"PATH = {str(content)!r}", f"THEME = {str(ROOT / 'theme')!r}",
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]", f"CACHE_PATH = {str(tmp_path / 'cache')!r}",
        f"CHORUS_DEPLOY = {{'target': 'folder', 'path': {str(tmp_path / 'www')!r}}}", ""]))
    return path


def test_deploy_task_sends_the_live_build_and_says_so(conf, tmp_path):
    site = tmp_path / "output"
    missing = run("deploy", "--conf", str(conf), "--output", str(site))
    assert missing.returncode == 1 and "Nothing to deploy" in missing.stderr
    built = run("build", "--today", "2026-11-22", "--output", str(site))
    assert built.returncode == 0, built.stderr
    sent = run("deploy", "--conf", str(conf), "--output", str(site))
    assert sent.returncode == 0, sent.stderr
    assert "Deployed:" in sent.stdout and (tmp_path / "www" / "index.html").is_file()


def test_deploy_task_without_a_target_is_one_clear_line(tmp_path):
    result = run("deploy", "--output", str(tmp_path / "output"))
    assert result.returncode == 1
    assert "no deploy target: set CHORUS_DEPLOY in publishconf.py" in result.stderr
    assert "Traceback" not in result.stderr


def test_publish_deploys_after_the_build(conf, tmp_path, monkeypatch, capsys):
    import tasks

    monkeypatch.setenv("CHORUS_SITEURL", "https://stories.example.com")
    result = tasks._run_build(str(conf), "2026-11-22", False, str(tmp_path / "output"), False,
                              publish=True)
    served = tmp_path / "www" / "index.html"
    assert served.is_file() and served.read_bytes() == (result.output / "index.html").read_bytes()
    printed = capsys.readouterr().out
    # the pages first, then the search index once it is written
    assert printed.index("Deployed: ") < printed.index("Deployed the search index: ")
    entry = "pagefind/pagefind-entry.json"
    assert (tmp_path / "www" / entry).read_bytes() == (result.output / entry).read_bytes()
    assert result.problems == ()
