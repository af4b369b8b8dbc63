"""Every task answers `./hub TASK --help`, even those that take an id or a required option."""

from __future__ import annotations

import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HUB = str(ROOT / "hub")


def task_names() -> list[str]:
    """Every task as `--list` names it (the JSON listing gives some tasks their Python names)."""
    listing = subprocess.run([HUB, "--list"], cwd=ROOT, capture_output=True, text=True,
                             check=True, timeout=120).stdout
    return [line.split()[0] for line in listing.splitlines()
            if line.startswith("  ") and not line.startswith("   ")]


def help_of(name: str) -> subprocess.CompletedProcess:
    return subprocess.run([HUB, name, "--help"], cwd=ROOT, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, check=False, timeout=120)


def test_every_task_answers_help():
    names = task_names()
    assert {"build", "mod.show", "mod.approve", "ingest", "prompts.new"} <= set(names)
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = dict(zip(names, pool.map(help_of, names)))
    failed = {name: (r.returncode, r.stdout[-200:], r.stderr[-300:]) for name, r in results.items()
              if r.returncode != 0 or f"[--core-opts] {name} " not in r.stdout}
    assert failed == {}


def test_help_after_an_argument_still_answers_help():
    result = subprocess.run([HUB, "mod.approve", "20261122-3f9a1c2b", "--help"], cwd=ROOT,
                            capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0
    assert "mod.approve [--options]" in result.stdout
    assert "moderating" not in result.stderr
