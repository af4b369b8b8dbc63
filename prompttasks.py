"""Tasks for the daily prompt (docs/prompts.md): the `prompts` namespace."""

from __future__ import annotations

import sys
from pathlib import Path

from invoke import Collection, Exit, task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from chorus import site  # noqa: E402
from chorus.problems import ChorusError  # noqa: E402


def workspace(content: str | None = None):
    from chorus.prompt_tools import Workspace

    settings = site.load_settings(ROOT / "pelicanconf.py")
    return Workspace.from_pelican(settings, ROOT / (content or settings["PATH"]))


def parse_option_day(text: str | None, what: str):
    from chorus.clock import parse_day

    try:
        return parse_day(text, what) if text else None
    except ValueError as err:
        raise Exit(str(err), code=1) from None


@task(help={"date": "the day to show (YYYY-MM-DD); default: today in the site's timezone",
            "content": "content folder (default: PATH from pelicanconf.py)"})
def prompts_today(c, date=None, content=None):
    """Show the prompt of today (or --date) and where it comes from."""
    from chorus.prompt_tools import describe

    try:
        ws = workspace(content)
        day = parse_option_day(date, "--date") or ws.today
        print(describe(ws.plan(day), day, ws.today))
    except ChorusError as err:
        raise Exit(str(err), code=1) from None


@task(help={"days": "how many days after today to show (default 14)",
            "content": "content folder (default: PATH from pelicanconf.py)"})
def prompts_upcoming(c, days=14, content=None):
    """List today's and the next N days' prompts; flag days with no prompt."""
    from chorus.prompt_tools import upcoming

    try:
        lines, warnings = upcoming(workspace(content), int(days))
    except ChorusError as err:
        raise Exit(f"Published days are broken; the build would fail.\n{err}", code=1) from None
    print("\n".join(lines))
    for warning in warnings:
        print(f"WARNING: {warning}", file=sys.stderr)


@task(help={"question": "the question (one line, required)",
            "quick": "the quick way to answer, a sentence or two (required)",
            "story": "the full-story way to answer (required)",
            "intro": "a short intro shown under the question",
            "date": "schedule it for this day (YYYY-MM-DD)", "pool": "put it in the pool instead",
            "slug": "file name without .md (default from the date and question)",
            "tags": "comma-separated tags", "content": "content folder (default: PATH)"})
def prompts_new(c, question, quick, story, intro="", date=None, pool=False, slug="", tags="",
                content=None):
    """Scaffold a valid prompt file in content/prompts/ (scheduled or pool)."""
    from chorus.prompt_tools import scaffold

    try:
        ws = workspace(content)
        day = parse_option_day(date, "--date")
        path = scaffold(ws, question, quick, story, intro, day, pool, slug, tags)
    except ChorusError as err:
        raise Exit(str(err), code=1) from None
    if intro:
        print(f"Wrote {path}; `./hub prompts.upcoming` shows it in the plan.")
    else:
        print(f"Wrote {path}; replace its placeholder intro (a prompt that still has it is not "
              "published), then `./hub prompts.upcoming` shows it in the plan.")


@task(help={"through": "fix every day up to this one (YYYY-MM-DD, required)",
            "refresh": "recompute the days after today (e.g. after adding pool prompts)",
            "content": "content folder (default: PATH from pelicanconf.py)"})
def prompts_calendar(c, through, refresh=False, content=None):
    """Materialise the prompt calendar through a day so published days never change."""
    from chorus.prompt_tools import materialise

    try:
        last = parse_option_day(through, "--through")
        path, total, changed = materialise(workspace(content), last, refresh)
    except ChorusError as err:
        raise Exit(str(err), code=1) from None
    print(f"{path}: {total} days fixed through {through} ({changed} new or changed). Commit it.")


@task(help={"minutes": "minutes after local midnight (default 10)"})
def prompts_cron(c, minutes=10):
    """Print when a UTC scheduler should run `./hub daily` for the site's timezone."""
    from chorus.cron import cron_line

    if not 0 <= int(minutes) < 60:
        raise Exit("--minutes must be from 0 to 59", code=1)
    ws = workspace()
    line = cron_line(ws.zone, ws.today.year, int(minutes))
    print(f"crontab (UTC):  {line} cd /path/to/hub && CHORUS_SITEURL=https://... ./hub daily")
    print(f"GitHub Actions: - cron: \"{line}\"")
    print(f"systemd timer:  OnCalendar=*-*-* 00:{int(minutes):02d}:00 {ws.zone.key}")


prompts = Collection("prompts")
prompts.add_task(prompts_cron, "cron")
prompts.add_task(prompts_today, "today")
prompts.add_task(prompts_upcoming, "upcoming")
prompts.add_task(prompts_new, "new")
prompts.add_task(prompts_calendar, "calendar")
