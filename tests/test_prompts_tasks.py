"""The prompts tasks: the scaffold and calendar as functions, and the CLI as a user runs it."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from chorus.calendar import CALENDAR_PATH, read_calendar
from chorus.problems import ChorusError, ContentError
from chorus.prompt_tools import Workspace, materialise, scaffold, upcoming
from chorus.prompts import PromptSettings
from chorus.clock import site_zone

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 22)


def workspace(content: Path, today: dt.date = TODAY, **prompts) -> Workspace:
    return Workspace(content, site_zone("America/Denver"), PromptSettings(**prompts), today)


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=300, check=False)


def test_scaffold_writes_a_valid_scheduled_prompt(mini_content):
    path = scaffold(workspace(mini_content), "Where did you see your first snow?", "Name the place.",
                    "Tell us the day.", intro="Winter is coming.", day=dt.date(2026, 12, 1))
    assert path.name == "2026-12-01-where-did-you-see-your-first-snow.md"
    assert path.read_text().startswith("Question: Where did you see your first snow?\nDate: 2026-12-01\n")
    assert any(p.slug == path.stem for p in workspace(mini_content).hub().prompts)


@pytest.mark.parametrize("today, kwargs, message", [
    (TODAY, {"day": dt.date(2026, 11, 21)}, "is in the past"),
    (dt.date(2026, 11, 1), {"day": dt.date(2026, 11, 3), "slug": "other"},
     "2026-11-03 is already the day of prompts/2026-11-03-almost-didnt.md"),
    (TODAY, {}, "give either --date"),
    (TODAY, {"day": dt.date(2026, 12, 1), "pool": True}, "give either --date"),
    (TODAY, {"pool": True, "slug": "favourite-descent"}, "exists already"),
    (TODAY, {"pool": True, "slug": "Bad Slug"}, "is not a safe slug"),
])
def test_scaffold_refuses_bad_requests(mini_content, today, kwargs, message):
    with pytest.raises(ChorusError) as raised:
        scaffold(workspace(mini_content, today=today), "A question?", "Quick.", "Story.", **kwargs)
    assert message in str(raised.value)


def test_scaffold_refuses_header_injection(mini_content):
    with pytest.raises(ChorusError, match="--question must be one line"):
        scaffold(workspace(mini_content), "Q?\nSave_as: ../../x.html", "Quick.", "Story.", pool=True)
    with pytest.raises(ContentError, match="question"):
        scaffold(workspace(mini_content), "<script>alert(1)</script>" * 20, "Quick.", "Story.", pool=True)
    assert sorted(p.name for p in (mini_content / "prompts").iterdir()) == [
        "2026-11-03-almost-didnt.md", "favourite-descent.md"]


def test_calendar_keeps_published_lines_and_refresh_only_touches_the_future(mini_content):
    ws = workspace(mini_content, start=dt.date(2026, 11, 20))
    path, total, new = materialise(ws, dt.date(2026, 11, 25))
    days, problems = read_calendar(mini_content)
    assert problems == [] and total == new == 7 and path == mini_content / CALENDAR_PATH
    assert days[dt.date(2026, 11, 3)][0] == "2026-11-03-almost-didnt"
    path.write_text(path.read_text().replace("2026-11-21 favourite-descent", "2026-11-21 pinned")
                    .replace("2026-11-24 favourite-descent", "2026-11-24 pinned"))
    (mini_content / "prompts/pinned.md").write_text(
        "Question: Pinned?\nPool: no\nQuick: q\nStory: s\n\nRetired prompt.\n")
    materialise(ws, dt.date(2026, 11, 25), refresh=True)
    days, _ = read_calendar(mini_content)
    assert days[dt.date(2026, 11, 21)][0] == "pinned"            # published: never changes
    assert days[dt.date(2026, 11, 24)][0] == "favourite-descent"  # future: recomputed
    with pytest.raises(ChorusError, match="before today"):
        materialise(ws, dt.date(2026, 11, 1))


def test_upcoming_flags_days_without_a_prompt(mini_content):
    (mini_content / "prompts/favourite-descent.md").unlink()
    (mini_content / "prompts/soon.md").write_text(
        "Question: Soon?\nDate: 2026-11-23\nQuick: q\nStory: s\n\nSoon.\n")
    lines, warnings = upcoming(workspace(mini_content, today=dt.date(2026, 11, 3)), 3)
    assert lines[0].startswith("2026-11-03 (today, scheduled): What almost stopped you")
    assert "WARNING no prompt" in lines[1]
    assert lines[-1].startswith("2026-11-06 (upcoming)") and "WARNING no prompt" in lines[-1]
    assert any("3 upcoming day(s) have no prompt: 2026-11-04, 2026-11-05, 2026-11-06" in w for w in warnings)


def test_cli_lists_the_prompt_tasks_and_shows_today_and_upcoming():
    listing = run("--list").stdout
    for name in ("daily", "prompts.today", "prompts.upcoming", "prompts.new", "prompts.calendar",
                 "prompts.cron"):
        line = next((row for row in listing.splitlines() if row.strip().startswith(name + " ")), "")
        assert len(line.split(None, 1)) == 2, f"{name} has no description"
    today = run("prompts.today", "--date", "2026-11-03")
    assert today.returncode == 0, today.stderr
    assert "What almost stopped you from starting?" in today.stdout
    bad = run("prompts.today", "--date", "2026-02-30")
    assert bad.returncode == 1 and "--date '2026-02-30' is not a real calendar day" in bad.stderr
    assert run("prompts.upcoming", "--days", "3").returncode == 0


def test_cli_new_and_calendar_write_into_the_given_content_folder(mini_content):
    new = run("prompts.new", "--question", "What is in your pack?", "--quick", "List it.",
              "--story", "Unpack it for us.", "--pool", "--content", str(mini_content))
    assert new.returncode == 0, new.stderr
    assert (mini_content / "prompts/what-is-in-your-pack.md").is_file()
    far = (dt.date.today() + dt.timedelta(days=40)).isoformat()
    calendar = run("prompts.calendar", "--through", far, "--content", str(mini_content))
    assert calendar.returncode == 0, calendar.stderr
    assert f"days fixed through {far}" in calendar.stdout
    assert f"\n{far} " in (mini_content / CALENDAR_PATH).read_text()


def test_daily_refuses_without_a_siteurl_and_publishes_with_one(tmp_path):
    refused = run("daily", "--output", str(tmp_path / "no"), env={"CHORUS_SITEURL": ""})
    assert refused.returncode == 1 and "SITEURL must be the hub's absolute public address" in refused.stderr
    done = run("daily", "--output", str(tmp_path / "site"), env={"CHORUS_SITEURL": "https://hub.example.org"})
    assert done.returncode == 0, done.stderr
    assert "Daily build for" in done.stdout and "(America/Denver)" in done.stdout
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://hub.example.org/prompts/"' in home


def test_content_check_reads_the_calendar_and_accepts_retired_prompts(mini_content):
    from chorus.check import validate_tree

    (mini_content / CALENDAR_PATH).write_text("# comment\n2026-11-03 2026-11-03-almost-didnt\n")
    (mini_content / "prompts/retired.md").write_text("Question: Old?\nPool: no\nQuick: q\nStory: s\n\nOld.\n")
    assert validate_tree(mini_content, site_zone("UTC"))[1] == []
    assert workspace(mini_content).hub().problems == []
    (mini_content / CALENDAR_PATH).write_text("2026-11-03 Not A Slug\n")
    (mini_content / "prompts/undecided.md").write_text("Question: Hm?\nQuick: q\nStory: s\n\nHm.\n")
    assert [f"{p.path}:{p.line}: {p.field}" for p in validate_tree(mini_content, site_zone("UTC"))[1]] == [
        "prompts/calendar.txt:1: calendar", "prompts/undecided.md:1: date"]


def test_the_scaffold_placeholder_intro_cannot_be_published(mini_content):
    from chorus.check import validate_tree

    path = scaffold(workspace(mini_content), "What is in your pack?", "List it.", "Unpack it.", pool=True)
    assert "Write a short intro here." in path.read_text(encoding="utf-8")
    problems = validate_tree(mini_content, site_zone("UTC"))[1]
    assert [(p.path, p.field) for p in problems] == [("prompts/what-is-in-your-pack.md", "body")]
    assert "replace it with a short intro" in problems[0].message
    path.write_text(path.read_text(encoding="utf-8").replace("Write a short intro here.", "Pack talk."))
    assert validate_tree(mini_content, site_zone("UTC"))[1] == []
    with_intro = scaffold(workspace(mini_content), "Which sock?", "Name it.", "Tell it.", "Socks.", pool=True)
    assert "Write a short intro" not in with_intro.read_text(encoding="utf-8")
