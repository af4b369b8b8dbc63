"""/desk/insights/ through the real app: who may see it, the period form, the numbers, CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

from deskhelpers import desk_client, sign_in, submit
from intakehelpers import Clock

NOW = dt.datetime(2026, 11, 20, 17, 0, tzinfo=dt.timezone.utc)     # 10:00 in Denver


def _client(tmp_path):
    client, service, clock = desk_client(tmp_path, Clock(NOW))
    return client, service


def test_anonymous_is_sent_to_sign_in_and_sees_no_numbers(tmp_path):
    client, service = _client(tmp_path)
    submit(service)
    page = client.get("/desk/insights/?from=2026-11-01")
    assert page.status_code == 303
    assert page.headers["location"].startswith("/desk/sign-in?next=/desk/insights/")
    assert page.headers["cache-control"] == "no-store"
    csv = client.get("/desk/insights/?csv=received-per-day")
    assert csv.status_code == 303 and "text/csv" not in csv.headers.get("content-type", "")


def test_a_moderator_sees_the_numbers_with_the_desks_headers(tmp_path):
    client, service = _client(tmp_path)
    submit(service, prompt="2026-11-20")
    submit(service, kind="testimonial", title=None, body="Great grip. «Très bien» 🙂", rating="4",
           email="zoë@example.com", name="Zoë Ōta")
    sign_in(client)
    page = client.get("/desk/insights/?from=2026-11-14&to=2026-11-20")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["content-security-policy"].startswith("default-src 'none'")
    html = page.text
    assert '<a href="/desk/insights/">Insights</a>' in html
    assert "<dt>Submissions received</dt><dd>2</dd>" in html
    assert "<dt>Average rating</dt><dd>4.00</dd>" in html
    assert "<dt>Waiting in the queue now</dt><dd>2</dd>" in html
    assert '<svg class="chart"' in html and 'role="img"' in html
    assert "style=" not in html.split("<main", 1)[1]        # the CSP allows no inline style
    assert '<th scope="row">2026-11-20</th><td>2</td>' in html   # received per day


def test_the_period_form_names_the_bad_field(tmp_path):
    client, service = _client(tmp_path)
    sign_in(client)
    page = client.get("/desk/insights/?from=2026-02-30")
    assert page.status_code == 422
    assert "from: &#39;2026-02-30&#39; is not a real calendar day" in page.text
    page = client.get("/desk/insights/?from=2026-11-20&to=2026-11-01")
    assert page.status_code == 422 and "to: 2026-11-01 is before from" in page.text


def test_each_table_downloads_as_csv(tmp_path):
    client, service = _client(tmp_path)
    submit(service)
    sign_in(client)
    got = client.get("/desk/insights/?from=2026-11-19&to=2026-11-20&csv=received-per-day")
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("text/csv")
    assert 'filename="received-per-day-2026-11-19-2026-11-20.csv"' in got.headers["content-disposition"]
    assert got.headers["cache-control"] == "no-store"
    assert got.text == "Day,Total,story,via direct\r\n2026-11-19,0,0,0\r\n2026-11-20,1,1,1\r\n"
    assert client.get("/desk/insights/?csv=nope").status_code == 404


def test_prompt_questions_are_escaped_and_csv_cells_neutralised(tmp_path):
    client, service = _client(tmp_path)
    (service.desk.content_dir / "prompts" / "hostile.md").write_text(
        "Question: =HYPERLINK(\"x\") <script>alert(1)</script>?\nDate: 2026-11-19\n"
        "Quick: One line.\nStory: All of it.\n\nBody.\n", encoding="utf-8")
    submit(service, prompt="2026-11-19")
    sign_in(client)
    html = client.get("/desk/insights/?from=2026-11-19&to=2026-11-19").text
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    got = client.get("/desk/insights/?from=2026-11-19&to=2026-11-19&csv=prompt-answers").text
    rows = list(csv.reader(io.StringIO(got)))
    assert rows[1] == ["2026-11-19", "'=HYPERLINK(\"x\") <script>alert(1)</script>?", "1", "0"]


# --- the form's optional "How likely are you to recommend us?" and the invitations ----------

def test_the_form_asks_the_question_only_when_the_brand_turns_it_on(tmp_path):
    from intakehelpers import aged_token, make_client, story_form

    client, service, _ = make_client(tmp_path / "off")
    assert 'name="recommend"' not in client.get("/submit").text
    client, service, _ = make_client(tmp_path / "on", ask_recommend=True)
    page = client.get("/submit").text
    assert "<legend>How likely are you to recommend us to a friend? (optional)</legend>" in page
    assert 'id="recommend-10" name="recommend" value="10"' in page
    sent = client.post("/submit", data={**story_form(recommend="10"), "form_token": aged_token(service)},
                       headers={"accept": "application/json"})
    assert sent.status_code == 201
    assert service.desk.store.load(sent.json()["receipt"])["submission"]["recommend"] == 10
    wrong = client.post("/submit", data={**story_form(recommend="11"), "form_token": aged_token(service)},
                        headers={"accept": "application/json"})
    assert wrong.status_code == 422
    assert "'11' is not an answer; use a whole number from 0 to 10" in wrong.text


def test_ask_recommend_must_be_true_or_false(tmp_path):
    import pytest

    from chorus.problems import ConfigError
    from intakehelpers import make_client

    with pytest.raises(ConfigError, match="ask_recommend must be True or False"):
        make_client(tmp_path, ask_recommend="yes")


def test_a_moderator_invites_a_promoter_once_from_the_page(tmp_path):
    from chorus.outbox import pending
    from deskhelpers import csrf_of, post

    client, service = _client(tmp_path)
    receipt = submit(service, kind="testimonial", title=None, body="Love them.", rating="5",
                     recommend="10", email="fan@example.com", name="Zoë <b>Fan</b>")
    sign_in(client)
    html = client.get("/desk/insights/?from=2026-11-20&to=2026-11-20").text
    assert "Zoë &lt;b&gt;Fan&lt;/b&gt;</a> answered 10" in html
    data = {"receipt": receipt, "from": "2026-11-20", "to": "2026-11-20"}
    assert post(client, "/desk/insights/invite", data, None).status_code == 403
    assert post(client, "/desk/insights/invite", data, csrf_of(html),
                **{"sec-fetch-site": "cross-site"}).status_code == 403
    done = post(client, "/desk/insights/invite", data, csrf_of(html))
    assert done.status_code == 303
    assert done.headers["location"] == f"/desk/insights/?from=2026-11-20&to=2026-11-20&invited={receipt}#promoters"
    mails = [m for m in pending(service.desk) if m.name.endswith("-invite.eml")]
    assert [m.recipient for m in mails] == ["fan@example.com"]
    assert "https://stories.example.com/submit?kind=story" in mails[0].data.decode()
    page = client.get(done.headers["location"]).text
    assert f"Invitation queued for {receipt}." in page and "Nobody to invite in this period" in page
    again = post(client, "/desk/insights/invite", data, csrf_of(page))
    assert again.status_code == 409 and "was invited already, by Mo" in again.text


def test_an_unreadable_prompt_calendar_is_said_and_the_other_numbers_still_show(tmp_path):
    client, service = _client(tmp_path)
    (service.desk.content_dir / "prompts" / "calendar.txt").write_bytes(b"\xff\xfe not text")
    submit(service)
    sign_in(client)
    page = client.get("/desk/insights/?from=2026-11-20&to=2026-11-20")
    assert page.status_code == 200
    assert "Prompt numbers are incomplete: the prompt calendar could not be read" in page.text
    assert "is not UTF-8 text" in page.text
    assert "<dt>Submissions received</dt><dd>1</dd>" in page.text


def test_the_invitations_form_link_is_absolute():
    from types import SimpleNamespace as NS

    from chorus_intake.desk.insights import form_url

    def url(submit_url: str) -> str:
        return form_url(NS(options=NS(public_url="https://hub.example.com/intake"),
                           brand=NS(submit_url=submit_url)))
    assert url("") == "https://hub.example.com/intake/submit?kind=story"
    assert url("/submit") == "https://hub.example.com/submit?kind=story"      # as ./hub serve sets it
    assert url("https://forms.example.org/share") == "https://forms.example.org/share?kind=story"
