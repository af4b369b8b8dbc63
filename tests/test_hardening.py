"""Regression tests for the trust-boundary findings (issue 12), one group per finding.

Each test drives the shared mechanism through the channels that reach it: the web
form, submission files (headers and JSON), form-export imports and the store.
"""

from __future__ import annotations

import csv
import json

import pytest

from chorus import moderation, review
from chorus.intake import read_file
from chorus.moderation import SubmissionError
from chorus.paths import UnsafePathError, inside, published_file
from chorus.safemd import neutralise
from chorus.sanitize import new_markdown, render
from chorus.submission import check
from chorus.text import comparable, normalise, text_problem
from chorus_intake.ingest import ingest
from intakehelpers import aged_token, make_client, story_form
from modhelpers import NOW, a_story, make_desk

CRLF_STORY = "First paragraph.\r\n\r\nSecond paragraph.\r\n- a list item\r\n- another 🏃\rLast line."


def problems_of(values: dict) -> dict[str, str]:
    return {p.field: p.message for p in check(values)[1]}


# 1. Line breaks from browsers and spreadsheets --------------------------------------

def test_crlf_and_lone_cr_become_lf_before_any_character_rule():
    sub, problems = check(a_story(body=CRLF_STORY, title="Two\r\nlines".replace("\r\n", " ")))
    assert problems == []
    assert "\r" not in sub.body and sub.body.count("\n\n") == 1
    assert sub.body.endswith("- another 🏃\nLast line.")


def test_the_web_form_accepts_a_multi_paragraph_story(tmp_path):
    client, service, _ = make_client(tmp_path)
    data = {**story_form(body=CRLF_STORY, name="Ярослава Ковальчук"), "form_token": aged_token(service)}
    response = client.post("/submit", data=data)
    assert response.status_code == 303, response.text
    [item] = review.queue(service.desk, NOW)
    record, _ = review.show(service.desk, item.id, NOW)
    assert record["submission"]["body"] == normalise(CRLF_STORY)
    assert record["submission"]["name"] == "Ярослава Ковальчук"


def test_a_csv_export_with_crlf_inside_a_quoted_body_is_imported(tmp_path):
    desk, _ = make_desk(tmp_path)
    export = tmp_path / "export.csv"
    with open(export, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(["kind", "title", "body", "name", "email", "consent_name"])
        writer.writerow(["story", "Ridge", CRLF_STORY, "Ana", "ana@example.com", "yes"])
    report = ingest(desk, export, "csv", "generic", lambda: NOW)
    assert report.rejected == [] and len(report.imported) == 1


def test_a_single_line_field_names_the_line_break():
    assert "line break" in problems_of(a_story(title="Two\r\nlines"))["title"]


# 3. Invisible characters ---------------------------------------------------------------

@pytest.mark.parametrize("field, value", [
    ("title", "\u200b\u2060\u200b"), ("body", "\u200b\ufeff \n\t "), ("name", "\u3164"),
    ("display_name", "\u2800\u2800"), ("title", "\u00ad\u00ad"),
])
def test_text_made_only_of_invisible_characters_is_empty(field, value):
    found = problems_of(a_story(**{field: value}))
    assert field in found and any(word in found[field] for word in ("empty", "required", "needs")), found


@pytest.mark.parametrize("given, kept", [
    ("Pat\u200b Q\u00adui\u2060nn", "Pat Quinn"),
    ("\ufeffMaya", "Maya"),
    ("👩\u200d👩\u200d👧 family", "👩\u200d👩\u200d👧 family"),          # ZWJ emoji sequence
    ("می\u200cخواهم", "می\u200cخواهم"),                               # Persian ZWNJ
    ("\u200fשלום", "\u200fשלום"),                                    # RLM in Hebrew text
    ("abc\u200f", "abc"),                                             # RLM in Latin text
    ("🏴\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f", "🏴\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f"),
    ("e\u0301", "é"),                                                 # composed (NFC)
])
def test_format_characters_are_stripped_except_where_a_script_or_emoji_needs_them(given, kept):
    assert normalise(given) == kept


def test_names_are_stored_and_slugged_after_normalisation():
    sub, problems = check(a_story(name="Pat\u200bQuinn", display_name="Pa\u00adt Q."))
    assert problems == [] and sub.name == "PatQuinn" and sub.public_name == "Pat Q."


def test_bidi_overrides_are_still_refused_with_their_name():
    assert "bidirectional control" in problems_of(a_story(title="safe\u202eexe.txt"))["title"]


# 4. No input produces a traceback --------------------------------------------------------

@pytest.mark.parametrize("photo", ["x" * 300 + ".jpg", "a/" * 200 + "p.jpg", "missing.jpg", "dir"])
def test_a_bad_photo_name_is_a_photo_problem(tmp_path, photo):
    (tmp_path / "dir").mkdir()
    path = tmp_path / "s.md"
    path.write_text(f"Kind: story\nTitle: T\nName: N\nEmail: n@example.com\nConsent_name: yes\n"
                    f"Photo: {photo}\n\nBody text.\n", encoding="utf-8")
    with pytest.raises(SubmissionError) as caught:
        read_file(path)
    assert [p.field for p in caught.value.problems] == ["photo"]


# 5. Imports: an over-long field rejects its row only ------------------------------------

def test_a_csv_field_over_128_kib_rejects_that_row_and_the_rest_go_in(tmp_path):
    desk, _ = make_desk(tmp_path)
    export = tmp_path / "big.csv"
    rows = [["story", f"Title {n}", "Short story.", f"Person {n}", f"p{n}@example.com", "yes"]
            for n in range(3)]
    rows[1][2] = "x" * 140_000
    with open(export, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["kind", "title", "body", "name", "email", "consent_name"])
        writer.writerows(rows)
    report = ingest(desk, export, "csv", "generic", lambda: NOW)
    assert [n for n, _ in report.imported] == [2, 4]
    assert [(n, f) for n, f, _ in report.rejected] == [(3, "body")]
    assert "140000 characters" in report.rejected[0][2]


# 6. Duplicate JSON keys ----------------------------------------------------------------------

def test_a_json_submission_giving_consent_twice_is_refused(tmp_path):
    path = tmp_path / "s.json"
    path.write_text('{"kind": "story", "title": "T", "body": "B", "name": "N", '
                    '"email": "n@example.com", "consent_name": "no", "consent_name": "yes"}')
    with pytest.raises(SubmissionError) as caught:
        read_file(path)
    assert [(p.field, p.message) for p in caught.value.problems] == [("consent_name", "given twice; keep one")]


def test_a_json_export_row_with_a_repeated_key_is_rejected_by_number(tmp_path):
    desk, _ = make_desk(tmp_path)
    good = json.dumps(a_story(title="Fine"))
    bad = good[:-1] + ', "consent_name": "no"}'
    (tmp_path / "e.json").write_text(f"[{good}, {bad}]")
    report = ingest(desk, tmp_path / "e.json", "json", "generic", lambda: NOW)
    assert [n for n, _ in report.imported] == [1]
    assert report.rejected == [(2, "row", "gives consent_name twice; keep one")]


# 7. Near-duplicates ------------------------------------------------------------------------

@pytest.mark.parametrize("twin", ["Ｇreat run up the ridge", "Gr\u200beat run up the ridge",
                                  "GREAT  run up\u00a0the ridge", "Great ru\u00adn up the ridge"])
def test_fingerprints_see_through_width_case_and_invisible_characters(twin):
    first = check(a_story(title="Ridge", body="Great run up the ridge"))[0]
    second = check(a_story(title="Ridge", body=twin))[0]
    assert first.fingerprint == second.fingerprint
    assert comparable(twin) == "great run up the ridge"


def test_the_duplicate_flag_and_the_import_key_catch_a_full_width_copy(tmp_path):
    desk, _ = make_desk(tmp_path)
    first = moderation.submit(desk, a_story(body="Great run up the ridge."), now=NOW)
    second = moderation.submit(desk, a_story(body="Ｇreat run up the ri\u200bdge.", email="o@example.com"),
                               now=NOW)
    flags = {item.id: item.flags for item in review.queue(desk, NOW)}
    assert any(first in flag for flag in flags[second])
    rows = [a_story(title="Same", body="Hello there"), a_story(title="Ｓame", body="Hello\u200b there")]
    (tmp_path / "e.json").write_text(json.dumps(rows, ensure_ascii=False))
    report = ingest(desk, tmp_path / "e.json", "json", "generic", lambda: NOW)
    assert len(report.imported) == 1 and [n for n, _ in report.already] == [2]


# 8. Paths from a tampered store ----------------------------------------------------------------

@pytest.mark.parametrize("relative", ["../outside.md", "/etc/passwd", "stories/../../x.md",
                                      "pages/about.md", "stories/a\\b.md", "stories/ok.md\x00",
                                      "theme/templates/base.html", "images/advocates/../x.jpg",
                                      "stories/Not-A-Slug.md"])
def test_only_publishable_paths_inside_content_are_accepted(tmp_path, relative):
    with pytest.raises(UnsafePathError):
        published_file(tmp_path, relative)


def test_a_symlink_out_of_the_folder_is_refused(tmp_path):
    (tmp_path / "content" / "stories").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "content" / "advocates").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(UnsafePathError):
        published_file(tmp_path / "content", "advocates/pat.md")
    assert inside(tmp_path / "content", "stories/ok.md") == tmp_path / "content" / "stories" / "ok.md"


def test_recovery_from_a_tampered_record_writes_nothing_outside_content(tmp_path):
    desk, _ = make_desk(tmp_path)
    receipt = moderation.submit(desk, a_story(), now=NOW)
    record = moderation.approve(desk, receipt, moderator="Mo", now=NOW)
    piece = record["published"]["piece"]
    (desk.content_dir / piece).unlink()                        # a crash cut the effect short
    published = dict(record["published"])
    published["files"] = {"../escaped.md": "Title: x\n\nowned\n", **published["files"]}
    _tamper(desk, receipt, published)
    with pytest.raises(UnsafePathError):
        moderation.approve(desk, receipt, moderator="Mo", now=NOW)
    assert not (tmp_path / "escaped.md").exists()
    _tamper(desk, receipt, {**published, "piece": "../../victim.md"})
    (tmp_path / "victim.md").write_text("keep me")
    with pytest.raises(UnsafePathError):
        moderation.withdraw(desk, receipt, moderator="Mo", now=NOW, reason="Asked to.")
    assert (tmp_path / "victim.md").read_text() == "keep me"


def _tamper(desk, receipt: str, published: dict) -> None:
    """Change a record's recorded files behind the domain's back, as an attacker with
    access to the store could."""
    from sqlalchemy import update

    from chorus.store.tables import submissions

    with desk.store.write() as conn:
        conn.execute(update(submissions).where(submissions.c.id == receipt).values(published=published))


# 9. Code is shown as typed ---------------------------------------------------------------------

def _rendered(text: str) -> str:
    return render(new_markdown(), neutralise(text))


def test_fenced_code_is_kept_as_typed_and_escaped_once():
    html = _rendered("Before.\n\n```html\n<script>alert(1)</script>\n[x](javascript:alert(1))\n```\n")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&amp;lt;" not in html
    assert "[x](javascript:alert(1))" in html and "<script" not in html


def test_a_code_span_on_its_own_line_is_kept_as_typed():
    html = _rendered("Use `<br>` and `a < b` here, not <b>bold</b>.")
    assert "<code>&lt;br&gt;</code>" in html and "<code>a &lt; b</code>" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "<b>" not in html


def test_a_code_span_that_pairs_across_lines_never_unescapes_markup_outside_it():
    text = "a `b\nc` <img src=x onerror=alert(1)> `d`"
    assert "<img" not in neutralise(text) and "onerror" not in _rendered(text).split("&lt;img")[0]
    assert "<img" not in _rendered(text)


# 10. Limits let ordinary prose through --------------------------------------------------------

def test_ordinary_prose_with_many_ampersands_and_less_than_signs_passes():
    prose = "Salt & pepper, 3 < 5, R&D & more. " * 60
    assert problems_of(a_story(body=prose)) == {}


def test_text_problem_counts_visible_characters_for_required():
    assert text_problem("\u200b", max_chars=10) == "is empty; write some text"
    assert text_problem("ok", max_chars=10) is None


@pytest.mark.parametrize("text, empty", [("\u3164\u200b\u3164", True), ("\u3164 \u00ad", True),
                                         ("\u3164x", False), ("\u200b\u05d0", False),
                                         ("\u200b" * 5000 + "a", False)])
def test_a_text_is_empty_when_no_character_draws_anything(text, empty):
    assert (text_problem(text, max_chars=10_000) == "is empty; write some text") is empty
