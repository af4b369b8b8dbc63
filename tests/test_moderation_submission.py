"""Submission checks: every rule, every problem reported at once, hostile values refused."""

from __future__ import annotations

import json

import pytest

from chorus import intake
from chorus.moderation import SubmissionError, submit
from chorus.submission import check
from modhelpers import NOW, a_story, a_testimonial, jpeg, make_desk
from chorus.outbox import pending


def problems_of(values, **kwargs) -> dict[str, str]:
    sub, problems = check(values, **kwargs)
    assert (sub is None) == bool(problems)
    return {p.field: p.message for p in problems}


def test_a_good_story_and_testimonial_pass():
    sub, problems = check(a_story(prompt="2026-11-03"))
    assert problems == [] and sub.public_name == "Pat Q." and sub.prompt.isoformat() == "2026-11-03"
    sub, problems = check(a_testimonial(rating=4))
    assert problems == [] and sub.rating == 4


@pytest.mark.parametrize("values, field, words", [
    (a_story(kind="essay"), "kind", "write story or testimonial"),
    (a_story(kind=None), "kind", "is required"),
    (a_story(title=None), "title", "a story needs a title"),
    (a_story(title="x" * 151), "title", "at most 150"),
    (a_story(body="   "), "body", "is required"),
    (a_story(body="word " * 2001), "body", "at most 10000"),
    (a_testimonial(body="x" * 301), "body", "at most 300"),
    (a_story(name=None), "name", "is required"),
    (a_story(name="n" * 61), "name", "at most 60"),
    (a_story(display_name="d" * 61), "display_name", "at most 60"),
    (a_story(email=None), "email", "is required"),
    (a_story(email="pat@localhost"), "email", "not a valid address"),
    (a_story(email="Pat <pat@example.com>"), "email", "not a valid address"),
    (a_story(email='"pat"@example.com'), "email", "not a valid address"),
    (a_story(email="pat@[10.0.0.1]"), "email", "not a valid address"),
    (a_story(consent_name=None), "consent_name", "is required"),
    (a_story(consent_name="maybe"), "consent_name", "yes or no"),
    (a_story(consent_photo="sure"), "consent_photo", "yes or no"),
    (a_testimonial(rating="6"), "rating", "1 to 5"),
    (a_testimonial(rating="٥"), "rating", "1 to 5"),          # Arabic-Indic five: not ASCII
    (a_testimonial(rating="5.0"), "rating", "1 to 5"),
    (a_testimonial(rating=True), "rating", "must be text"),
    (a_testimonial(title="Hi"), "title", "only for a story"),
    (a_story(rating="5"), "rating", "only for a testimonial"),
    (a_story(role="Coach"), "role", "only for a testimonial"),
    (a_story(product="p" * 81), "product", "at most 80"),
    (a_story(prompt="2026-02-30"), "prompt", "not a real calendar day"),
    (a_story(prompt="３０２６-01-01"), "prompt", "YYYY-MM-DD"),
    (a_story(title=["a"]), "title", "must be text"),
])
def test_each_rule_names_the_field_and_the_fix(values, field, words):
    found = problems_of(values)
    assert field in found, found
    assert words in found[field]


@pytest.mark.parametrize("key", ["Status", "Slug", "Save_as", "Template", "Url", "Date",
                                 "Category", "Author", "Tags", "Featured", "Approved_by", "Advocate",
                                 "x-forwarded-for", "ip"])
def test_any_other_key_including_pelicans_own_is_refused(key):
    found = problems_of({**a_story(), key: "draft"})
    assert key.lower() in found and "remove it" in found[key.lower()]


def test_every_problem_is_reported_at_once():
    found = problems_of({"kind": "story", "title": "", "body": "", "email": "nope",
                         "consent_name": "perhaps", "Status": "published"})
    assert {"title", "body", "name", "email", "consent_name", "status"} <= found.keys()


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\x00", "\x1b", "\x7f", "\ufffe"])
@pytest.mark.parametrize("field", ["title", "body", "name", "display_name", "product"])
def test_control_and_bidi_override_characters_are_refused_in_every_field(field, char):
    found = problems_of(a_story(**{field: f"Nice {char} text"}))
    assert field in found and "character" in found[field]


def test_a_photo_needs_a_consent_answer():
    assert "consent_photo" in problems_of(a_story(), has_photo=True)
    assert problems_of(a_story(consent_photo="no"), has_photo=True) == {}


@pytest.mark.parametrize("body, words", [
    ("see [x]({static}/secret.txt)", "link directive"),
    ("see |filename|../pelicanconf.py", "link directive"),
    ("> " * 5 + "deep", "nests quotes 5 deep"),
    ("- a\n    - b\n        - c\n            - d", "nests lists 4 deep"),
    ("[" * 51, "'[' characters"),
    ("<b>" * 1_001, "'<' characters"),
    ("*a " * 201, "'*' and '_'"),
    ("`" * 61, "backticks"),
    (" ".join(f"[l](https://e.com/{i})" for i in range(11)), "11 links"),
    ("## h\n" * 21, "headings"),
    ("a|b\n" * 31, "table lines"),
    ("'" * 601, "quote marks"),
    ("- item\n" * 61, "61 list items"),
    ("x\n" * 401, "lines"),
    ("&amp;" * 1_001, "'&' characters"),
    ("[^1]" * 11, "footnote markers"),
])
def test_markdown_that_would_render_slowly_or_unsafely_is_refused(body, words):
    found = problems_of(a_story(body=body))
    assert "body" in found and words in found["body"], found


def test_submit_stores_nothing_when_anything_is_wrong(tmp_path):
    desk, _ = make_desk(tmp_path)
    with pytest.raises(SubmissionError) as raised:
        submit(desk, a_story(email="bad", Status="published"), jpeg()[:40], now=NOW)
    message = str(raised.value)
    assert "email:" in message and "status:" in message and "photo:" in message
    assert desk.store.ids() == [] and pending(desk) == []


def test_read_file_accepts_header_markdown_and_json(tmp_path):
    (tmp_path / "me.png").write_bytes(jpeg(fmt="PNG"))
    md = tmp_path / "s.md"
    md.write_text("Kind: story\nTitle: T\nName: N\nEmail: n@example.com\nConsent_name: no\n"
                  "Consent_photo: yes\nPhoto: me.png\n\nThe text.\n", encoding="utf-8")
    values, photo, lines = intake.read_file(md)
    assert values["body"] == "The text." and lines["body"] == 9 and photo.startswith(b"\x89PNG")
    js = tmp_path / "s.json"
    js.write_text(json.dumps(a_testimonial(rating=5)), encoding="utf-8")
    values, photo, _ = intake.read_file(js)
    assert values["rating"] == 5 and photo is None and check(values)[1] == []


@pytest.mark.parametrize("photo", ["../secret.jpg", "/etc/passwd", "a/../../b.jpg", "..\\x.jpg"])
def test_read_file_refuses_photo_paths_outside_its_folder(tmp_path, photo):
    md = tmp_path / "s.md"
    md.write_text(f"Kind: story\nPhoto: {photo}\n\nText\n", encoding="utf-8")
    with pytest.raises(SubmissionError, match="next to the submission"):
        intake.read_file(md)


def test_read_file_refuses_invalid_utf8_and_non_object_json(tmp_path):
    bad = tmp_path / "s.md"
    bad.write_bytes(b"Kind: story\nTitle: caf\xe9\n\nx")
    with pytest.raises(SubmissionError, match="not valid UTF-8"):
        intake.read_file(bad)
    arr = tmp_path / "s.json"
    arr.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(SubmissionError, match="one object"):
        intake.read_file(arr)
