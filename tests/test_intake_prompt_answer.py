"""Answering a prompt: the site's button carries the day into the form, the form shows the
question, and an answer to a day not out yet (or a day without a prompt) is refused, by
every way in. The service's day is its clock's, in the site's timezone."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from chorus import answering, moderation, site
from chorus.desk import Desk
from chorus.workflow import SubmissionError
from conftest import make_settings
from intakehelpers import Clock, aged_token, make_client, story_form
from modhelpers import NOW, a_story, make_desk

DESCENT = "What is your favourite descent, and why?"       # the mini hub's pool prompt
ALMOST = "What almost stopped you from starting?"          # scheduled for 2026-11-03


def field_error(html: str, name: str) -> str:
    found = re.search(rf'<p class="field-error" id="{name}-error">(.*?)</p>', html, re.S)
    return found.group(1) if found else ""


@pytest.mark.parametrize(("day", "question"), [("2026-11-03", ALMOST), ("2026-11-20", DESCENT)])
def test_the_form_shows_the_question_of_the_day_it_answers(tmp_path, day, question):
    client, _, _ = make_client(tmp_path)
    page = client.get(f"/submit?prompt={day}")
    assert page.status_code == 200 and question in page.text
    assert f'<time datetime="{day}">' in page.text and f'name="prompt" type="date" value="{day}"' in page.text
    assert 'class="field-error"' not in page.text
    assert "the prompt of " + day not in page.text                      # a question, not a date


def test_the_service_day_is_its_clock_in_the_site_timezone(tmp_path):
    # 02:00 UTC on the 21st is still the 20th in Denver: the 21st is not out yet there.
    clock = Clock(dt.datetime(2026, 11, 21, 2, 0, tzinfo=dt.timezone.utc))
    client, service, _ = make_client(tmp_path, clock)
    early = client.get("/submit?prompt=2026-11-21")
    assert "is not out yet (today is 2026-11-20)" in field_error(early.text, "prompt")
    assert DESCENT not in early.text
    clock.advance(6 * 3600)                                              # 08:00 UTC: the 21st
    assert DESCENT in client.get("/submit?prompt=2026-11-21").text
    sent = client.post("/submit", data={**story_form(prompt="2026-11-21"),
                                        "form_token": aged_token(service)})
    assert sent.status_code == 303


@pytest.mark.parametrize(("day", "words"), [
    ("2026-11-21", "prompt of 2026-11-21 is not out yet (today is 2026-11-20)"),
    ("2027-01-01", "is not out yet"),
    ("2026-10-09", "is no prompt on 2026-10-09"),                  # before the first day
])
def test_a_day_not_out_or_without_a_prompt_is_refused_naming_the_field(tmp_path, day, words):
    client, service, _ = make_client(tmp_path)
    sent = client.post("/submit", data={**story_form(prompt=day), "form_token": aged_token(service)})
    assert sent.status_code == 422 and words in field_error(sent.text, "prompt")
    assert '<a href="#prompt">' in sent.text and service.desk.store.ids() == []
    as_json = client.post("/submit", data={**story_form(prompt=day), "form_token": aged_token(service)},
                          headers={"accept": "application/json"})
    assert as_json.status_code == 422 and words in as_json.json()["errors"]["prompt"][0]


def test_every_problem_comes_at_once_with_the_prompt_one(tmp_path):
    desk, _ = make_desk(tmp_path)
    with pytest.raises(SubmissionError) as refused:
        moderation.submit(desk, {**a_story(), "title": "", "prompt": "2026-12-25"}, now=NOW)
    assert {p.field for p in refused.value.problems} == {"title", "prompt"}


def test_a_hub_with_its_own_start_and_seed_is_asked(tmp_path):
    desk, _ = make_desk(tmp_path)
    later = make_settings(tmp_path / "content", tmp_path / "output",
                          CHORUS_PROMPTS={"start": "2026-11-10", "seed": "other"})
    moved = Desk.from_settings(later, tmp_path)
    today = dt.date(2026, 11, 20)
    for day in (dt.date(2026, 11, 3), dt.date(2026, 11, 12)):
        assert answering.prompt_on(desk.content_dir, desk.zone, desk.prompts, day, today)
    assert answering.prompt_on(moved.content_dir, moved.zone, moved.prompts,
                               dt.date(2026, 11, 9), today) is None
    assert answering.prompt_on(moved.content_dir, moved.zone, moved.prompts,
                               dt.date(2026, 11, 12), today).question == DESCENT


def test_the_site_buttons_carry_the_day_to_the_form(mini_content, tmp_path):
    day = "2026-11-22"
    for submit_url, form in (("", "/submit/"), ("https://intake.example.com/submit",
                                                 "https://intake.example.com/submit")):
        output = tmp_path / f"out{len(submit_url)}"
        brand = {**make_settings(mini_content, output)["CHORUS_BRAND"], "submit_url": submit_url}
        site.build(make_settings(mini_content, output, today=day, CHORUS_BRAND=brand))
        home = (output / "index.html").read_text()
        assert f'href="{form}?prompt={day}">Answer today’s prompt</a>' in home
        prompt_page = (output / "prompts" / "2026" / "11" / "22" / "index.html").read_text()
        assert f'href="{form}?prompt={day}">Answer today’s prompt</a>' in prompt_page
