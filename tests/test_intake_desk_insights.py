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
