"""The site's day: builds near midnight UTC, DST change days, and when to schedule the job."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from chorus import site
from chorus.clock import build_day
from chorus.cron import cron_line, daily_utc_time
from chorus.prompt_tools import Workspace
from conftest import make_settings

UTC = dt.timezone.utc
LA, TOKYO = ZoneInfo("America/Los_Angeles"), ZoneInfo("Asia/Tokyo")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_a_build_at_2330_utc_is_still_today_in_los_angeles_and_tomorrow_in_tokyo():
    now = at("2026-11-22T23:30")
    assert build_day(None, LA, now) == dt.date(2026, 11, 22)
    assert build_day(None, TOKYO, now) == dt.date(2026, 11, 23)


@pytest.mark.parametrize("utc, day", [
    ("2026-03-08T07:59", "2026-03-07"),   # 23:59 PST: spring-forward day not begun
    ("2026-03-08T08:00", "2026-03-08"),   # 00:00 PST
    ("2026-03-09T06:59", "2026-03-08"),   # 23:59 PDT: the 23-hour day
    ("2026-03-09T07:00", "2026-03-09"),
    ("2026-11-01T06:59", "2026-10-31"),   # 23:59 PDT
    ("2026-11-01T07:00", "2026-11-01"),   # 00:00 PDT: fall-back day begins
    ("2026-11-02T07:59", "2026-11-01"),   # 23:59 PST: the 25-hour day
    ("2026-11-02T08:00", "2026-11-02"),
])
def test_dst_change_days_in_los_angeles(utc, day):
    assert build_day(None, LA, at(utc)) == dt.date.fromisoformat(day)


def test_the_daily_job_builds_the_zone_s_day_and_shows_that_day_s_prompt(mini_content, tmp_path):
    (mini_content / "prompts/2026-11-23-tokyo.md").write_text(
        "Question: Which run greets the morning in Tokyo?\nDate: 2026-11-23\nQuick: One line.\n"
        "Story: All of it.\n\nTokyo is already tomorrow.\n", encoding="utf-8")
    now = at("2026-11-22T23:30")
    pages = {}
    for name in ("America/Los_Angeles", "Asia/Tokyo"):
        settings = make_settings(mini_content, tmp_path / "unused", TIMEZONE=name)
        day = Workspace.from_pelican(settings, mini_content, now=now).today
        output = tmp_path / name.replace("/", "-")
        site.build(make_settings(mini_content, output, today=day.isoformat(), TIMEZONE=name))
        pages[name] = (output / "index.html").read_text(encoding="utf-8")
    assert "Which run greets the morning in Tokyo?" in pages["Asia/Tokyo"]
    assert "Which run greets the morning in Tokyo?" not in pages["America/Los_Angeles"]
    assert not (tmp_path / "America-Los_Angeles/prompts/2026/11/23").exists()


@pytest.mark.parametrize("zone, expected", [
    ("America/Los_Angeles", "10 8 * * *"),   # 00:10 PST, 01:10 PDT
    ("America/Denver", "10 7 * * *"),
    ("Asia/Tokyo", "10 15 * * *"),           # no DST: 00:10 JST
    ("Europe/London", "10 0 * * *"),         # 00:10 GMT, 01:10 BST
    ("Pacific/Auckland", "10 12 * * *"),     # 00:10 NZST, 01:10 NZDT
    ("UTC", "10 0 * * *"),
])
def test_cron_time_is_after_local_midnight_under_both_offsets(zone, expected):
    assert cron_line(ZoneInfo(zone), 2026) == expected
    run = daily_utc_time(ZoneInfo(zone), 2026)
    for day in ("2026-01-15", "2026-07-15"):
        local = dt.datetime.combine(dt.date.fromisoformat(day), run, tzinfo=UTC).astimezone(ZoneInfo(zone))
        assert dt.time(0, 10) <= local.time() <= dt.time(1, 10)
