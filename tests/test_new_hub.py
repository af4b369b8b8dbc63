"""`./hub new DIR`: a new hub that imports nothing from the demo and builds with zero errors,
zero warnings and no broken links, from its own `./hub` launcher."""

from __future__ import annotations

import subprocess
from pathlib import Path

from site_checks import broken_links

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, timeout=300,
                          check=False, stdin=subprocess.DEVNULL)


def test_a_new_hub_builds_with_zero_errors(tmp_path):
    target = tmp_path / "bakers-corner"
    made = run(str(ROOT / "hub"), "new", str(target), "--timezone", "Europe/London")
    assert made.returncode == 0, made.stderr
    assert "Made Bakers Corner in" in made.stdout
    settings = (target / "pelicanconf.py").read_text(encoding="utf-8")
    assert "Ridgeline" not in settings and "from pelicanconf" not in settings
    assert 'SITENAME = "Bakers Corner"' in settings and f'"{ROOT}"' in settings
    assert {p.name for p in (target / "content").iterdir()} == {
        "pages", "prompts", "stories", "testimonials", "advocates"}
    built = run("./hub", "build", cwd=target)
    assert built.returncode == 0, built.stderr
    assert "WARNING" not in built.stderr and "ERROR" not in built.stderr, built.stderr
    output = target / "output"
    home = (output / "index.html").read_text(encoding="utf-8")
    assert "Bakers Corner" in home and "What brought you to Bakers Corner?" in home
    assert broken_links(output) == []
    assert run("./hub", "check", cwd=target).stdout.strip() == "All 2 content files are valid."


def test_new_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    refused = run(str(ROOT / "hub"), "new", str(tmp_path / "taken"))
    assert refused.returncode == 1 and "is not an empty folder" in refused.stderr
    assert [p.name for p in (tmp_path / "taken").iterdir()] == ["notes.txt"]


def test_an_empty_content_folder_builds_without_errors(tmp_path, warnings_log):
    from chorus import site
    from conftest import make_settings

    content = tmp_path / "content"
    for folder in ("stories", "testimonials", "advocates", "prompts", "pages"):
        (content / folder).mkdir(parents=True)
    result = site.build(make_settings(content, tmp_path / "output"))
    assert result.html_pages > 0
    assert [m for m in warnings_log.messages() if "no prompts yet" not in m] == []
