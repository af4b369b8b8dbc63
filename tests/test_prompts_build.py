"""Real builds with the prompts plugin: day pages, answers, archive, home page, streaks,
stability of published days, and no future prompt anywhere in output/."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import pytest

from chorus import site
from chorus.calendar import CALENDAR_PATH
from chorus.problems import ContentError
from chorus.prompt_tools import Workspace, materialise
from conftest import make_settings

PROMPTS = {"start": "2026-11-20", "seed": "test"}
POOL = ["gravel-or-grass", "night-sounds", "worst-blister", "river-crossing", "trail-dog"]
FUTURE_QUESTION = "Which zz-secret mountain will you climb at midwinter?"


def write(content: Path, relative: str, text: str) -> None:
    (content / relative).write_text(text, encoding="utf-8")


def add_prompt(content: Path, slug: str, question: str, when: str = "Pool: yes") -> None:
    write(content, f"prompts/{slug}.md",
          f"Question: {question}\n{when}\nQuick: One line.\nStory: The whole story.\n\nIntro for {slug}.\n")


def add_answers(content: Path) -> None:
    write(content, "testimonials/maya-answer-21.md",
          "Date: 2026-11-21T18:00:00-07:00\nAdvocate: maya-okafor\nPrompt: 2026-11-21\n"
          "Approved_by: Jonah\nApproved_on: 2026-11-21T19:00:00-07:00\n\nThe gravel won, as always.\n")
    write(content, "testimonials/maya-answer-20.md",
          "Date: 2026-11-20T18:00:00-07:00\nAdvocate: maya-okafor\nPrompt: 2026-11-20\n"
          "Approved_by: Jonah\nApproved_on: 2026-11-20T19:00:00-07:00\n\nOwls, mostly owls.\n")
    write(content, "testimonials/withdrawn-answer.md",
          "Date: 2026-11-22T08:00:00-07:00\nAdvocate: maya-okafor\nPrompt: 2026-11-22\nStatus: withdrawn\n"
          "Approved_by: Jonah\nApproved_on: 2026-11-22T09:00:00-07:00\n\nThis one was withdrawn.\n")
    write(content, "stories/today-answer.md",
          "Title: A river crossing in November\nDate: 2026-11-22T07:00:00-07:00\nAdvocate: anonymous\n"
          "Prompt: 2026-11-22\nApproved_by: Jonah\nApproved_on: 2026-11-22T08:00:00-07:00\n\nCold water.\n")


@pytest.fixture
def prompt_hub(mini_content) -> Path:
    for slug in POOL:
        add_prompt(mini_content, slug, f"What about {slug.replace('-', ' ')}?")
    add_prompt(mini_content, "2026-12-21-zz-secret", FUTURE_QUESTION, "Date: 2026-12-21")
    add_answers(mini_content)
    return mini_content


def build(content: Path, output: Path, today: str = "2026-11-22", **overrides) -> Path:
    site.build(make_settings(content, output, today=today, **{"CHORUS_PROMPTS": PROMPTS, **overrides}))
    return output


def page(output: Path, relative: str) -> str:
    return (output / relative).read_text(encoding="utf-8")


def day_slugs(content: Path, today: str) -> dict[str, str]:
    settings = make_settings(content, content.parent / "unused", today=today, CHORUS_PROMPTS=PROMPTS)
    ws = Workspace.from_pelican(settings, content)
    ws = Workspace(ws.content_dir, ws.zone, ws.settings, dt.date.fromisoformat(today))
    return {s.day.isoformat(): s.prompt.slug for s in ws.plan(ws.today).slots}


def test_each_published_day_has_a_page_with_its_answers(prompt_hub, tmp_path, warnings_log):
    output = build(prompt_hub, tmp_path / "out")
    assert sorted(p.parent.name for p in (output / "prompts/2026/11").glob("*/index.html")) == \
        ["03", "20", "21", "22"]
    today = page(output, "prompts/2026/11/22/index.html")
    assert "A river crossing in November" in today and "This one was withdrawn" not in today
    assert "Owls, mostly owls" not in today and "The gravel won" not in today
    assert 'href="/submit/?prompt=2026-11-22"' in today
    assert "1 answer" in today
    assert "Owls, mostly owls" in page(output, "prompts/2026/11/20/index.html")
    assert "The fifty kilometres I almost didn" in page(output, "prompts/2026/11/03/index.html")
    # and each answer links back to its day
    assert 'href="/prompts/2026/11/22/">the prompt of' in page(output, "stories/today-answer/index.html")
    assert 'href="/prompts/2026/11/20/">the prompt of' in page(output, "testimonials/maya-answer-20/index.html")
    assert 'rel="next"' not in today                       # no link past today
    assert warnings_log.messages() == []


def test_archive_lists_months_with_answer_counts_and_home_shows_today(prompt_hub, tmp_path):
    output = build(prompt_hub, tmp_path / "out")
    archive = page(output, "prompts/index.html")
    assert "November 2026" in archive and "4 answers" in archive
    assert archive.index("prompts/2026/11/22/") < archive.index("prompts/2026/11/03/")
    assert "What almost stopped you from starting?" in page(output, "prompts/2026/11/index.html")
    home = page(output, "index.html")
    slug = day_slugs(prompt_hub, "2026-11-22")["2026-11-22"]
    question = html.escape(f"What about {slug.replace('-', ' ')}?")
    assert question in home and 'href="/prompts/2026/11/22/"' in home
    assert 'href="/submit/?prompt=2026-11-22"' in home
    assert '<a href="/prompts/"' in home                      # in the menu


def future_leaks(output: Path, content: Path) -> list[str]:
    shown = set(day_slugs(content, "2026-11-22").values())
    future = [("2026-12-21-zz-secret", FUTURE_QUESTION)] + [
        (slug, f"What about {slug.replace('-', ' ')}?") for slug in POOL if slug not in shown]
    assert len(future) >= 3
    leaks = []
    for path in (p for p in output.rglob("*") if p.is_file()):
        data = path.read_bytes()
        for slug, question in future:
            needles = {question, html.escape(question), html.escape(question, quote=False), slug,
                       f"Intro for {slug}", "2026/12/21", "2026-12-21"}
            if slug in path.relative_to(output).as_posix():
                leaks.append(f"{slug} in the file name {path}")
            leaks += [f"{needle!r} in {path}" for needle in needles if needle.encode() in data]
    return leaks


def test_no_future_prompt_appears_anywhere_in_the_output(prompt_hub, tmp_path):
    assert future_leaks(build(prompt_hub, tmp_path / "out"), prompt_hub) == []
    # the check itself finds a future prompt once its day has come
    assert future_leaks(build(prompt_hub, tmp_path / "later", today="2026-12-21"), prompt_hub) != []


def test_the_future_prompt_appears_on_its_day(prompt_hub, tmp_path):
    output = build(prompt_hub, tmp_path / "out", today="2026-12-21")
    assert FUTURE_QUESTION in page(output, "prompts/2026/12/21/index.html")
    assert FUTURE_QUESTION in page(output, "index.html")


def test_published_days_keep_their_prompt_when_the_pool_changes(prompt_hub, tmp_path):
    settings = make_settings(prompt_hub, tmp_path / "unused", CHORUS_PROMPTS=PROMPTS)
    ws = Workspace.from_pelican(settings, prompt_hub)
    ws = Workspace(ws.content_dir, ws.zone, ws.settings, dt.date(2026, 11, 22))
    materialise(ws, dt.date(2026, 11, 30))
    first = build(prompt_hub, tmp_path / "one")
    before = {d: page(first, f"prompts/2026/11/{d}/index.html") for d in ("20", "21", "22")}
    for slug in ("aa-new-one", "aa-new-two", "zz-new-three"):
        add_prompt(prompt_hub, slug, f"Brand new {slug}?")
    drawn = {line.split()[1] for line in (prompt_hub / CALENDAR_PATH).read_text().splitlines()
             if line[:1].isdigit()}
    retired = next(slug for slug in POOL if slug in drawn)
    text = (prompt_hub / f"prompts/{retired}.md").read_text().replace("Pool: yes", "Pool: no")
    (prompt_hub / f"prompts/{retired}.md").write_text(text)
    second = build(prompt_hub, tmp_path / "two")
    assert {d: page(second, f"prompts/2026/11/{d}/index.html") for d in before} == before


def test_a_published_day_without_a_prompt_fails_the_build(mini_content, tmp_path):
    (mini_content / "prompts/favourite-descent.md").unlink()
    with pytest.raises(ContentError) as raised:
        build(mini_content, tmp_path / "out")
    assert "prompts/:1: day 2026-11-20: 2026-11-20 has no prompt" in str(raised.value)
    assert not (tmp_path / "out" / "index.html").exists()


def test_a_calendar_line_for_a_deleted_prompt_fails_and_names_the_fix(prompt_hub, tmp_path):
    write(prompt_hub, CALENDAR_PATH, "2026-11-21 night-sounds\n2026-11-20 deleted-one\n")
    with pytest.raises(ContentError) as raised:
        build(prompt_hub, tmp_path / "out")
    assert ("prompts/calendar.txt:2: calendar: 2026-11-20: no prompt file prompts/deleted-one.md; restore it"
            in str(raised.value))


def test_streak_is_shown_on_the_advocate_page_unless_hidden(prompt_hub, tmp_path):
    output = build(prompt_hub, tmp_path / "out")
    profile = page(output, "advocates/maya-okafor/index.html")
    # 3 Nov (story), 20 and 21 Nov (testimonials) in a row; today still open
    assert 'class="streak-badge" aria-hidden="true">3<' in profile
    assert 'daily prompts</a> answered in a row · best streak 3' in profile
    advocate = prompt_hub / "advocates/maya-okafor.md"
    advocate.write_text(advocate.read_text().replace("Joined:", "Hide_streak: yes\nJoined:"))
    hidden = page(build(prompt_hub, tmp_path / "again"), "advocates/maya-okafor/index.html")
    assert "in a row" not in hidden and "streak" not in hidden.split("<main")[1]
    assert "Owls, mostly owls" in hidden                      # the answers themselves stay


def test_a_hub_without_prompts_builds_with_an_empty_archive(mini_content, tmp_path, warnings_log):
    from pelican.log import LimitFilter

    for path in (mini_content / "prompts").glob("*.md"):
        path.unlink()
    # Pelican logs a message once per process; this test needs to see it whatever ran before.
    LimitFilter._raised_messages.clear()
    output = build(mini_content, tmp_path / "out", CHORUS_PROMPTS={})
    assert "No prompts yet" in page(output, "prompts/index.html")
    assert "No prompt today" in page(output, "index.html")
    assert warnings_log.messages() == ["Chorus prompts: no prompts yet: the daily prompt starts "
                                       "with the first one (`./hub prompts.new`)"]
