"""One test per content-model rule: a broken file yields exactly the expected problem."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from chorus.check import validate_tree
from chorus.fields import ParseContext
from chorus.validate import validate_file

ZONE = ZoneInfo("America/Denver")

STORY = """Title: A good run
Date: 2026-11-03T07:45:00-07:00
Advocate: maya
Tags: trail, first race
Approved_by: Jonah
Approved_on: 2026-11-04T10:12:00-07:00

The body of the story.
"""
TESTIMONIAL = """Date: 2026-10-21
Advocate: maya
Rating: 5
Approved_by: Jonah
Approved_on: 2026-10-22

Great shoes.
"""
ADVOCATE = """Name: Maya O.
Name_form: first-initial
Joined: 2025-03-14

Runs a lot.
"""
PROMPT = """Question: What almost stopped you?
Date: 2026-11-03
Quick: One sentence.
Story: The whole story.

Every runner has a start line.
"""


@pytest.fixture
def ctx(tmp_path) -> ParseContext:
    (tmp_path / "advocates").mkdir()
    (tmp_path / "advocates" / "maya.md").write_text(ADVOCATE, encoding="utf-8")
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "run.jpg").write_bytes(b"\xff\xd8")
    return ParseContext(zone=ZONE, content_dir=str(tmp_path))


def problems_of(path: str, text: str | bytes, ctx: ParseContext) -> list[str]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return [str(p) for p in validate_file(path, raw, ctx)[1]]


def replace(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize("path,text", [
    ("stories/good.md", STORY), ("testimonials/good.md", TESTIMONIAL),
    ("advocates/good.md", ADVOCATE), ("prompts/good.md", PROMPT),
    ("stories/photo.md", replace(STORY, "Tags:", "Photo: images/run.jpg\nPhoto_alt: A trail\nTags:")),
    ("prompts/pool.md", replace(PROMPT, "Date: 2026-11-03", "Pool: yes")),
    ("stories/anon.md", replace(STORY, "Advocate: maya", "Advocate: anonymous")),
    ("stories/arabic.md", replace(STORY, "Title: A good run", "Title: أول سباق لي\nLanguage: ar")),
])
def test_valid_files_have_no_problems(path, text, ctx):
    assert problems_of(path, text, ctx) == []


RULES = [
    # (case id, path, text, expected problem line)
    ("impossible date", "stories/s.md", replace(STORY, "2026-11-03T07:45:00-07:00", "2026-02-30"),
     "stories/s.md:2: date: '2026-02-30' is not a real calendar day"),
    ("naive date-time", "stories/s.md", replace(STORY, "2026-11-03T07:45:00-07:00", "2026-11-03T07:45"),
     "stories/s.md:2: date: '2026-11-03T07:45' has no timezone offset"),
    ("not a date", "stories/s.md", replace(STORY, "2026-11-03T07:45:00-07:00", "yesterday"),
     "stories/s.md:2: date: 'yesterday' is not a date"),
    ("missing required", "stories/s.md", replace(STORY, "Title: A good run\n", ""),
     "stories/s.md:1: title: is required for a story"),
    ("template override", "stories/s.md", replace(STORY, "Tags:", "Template: evil\nTags:"),
     "stories/s.md:4: template: is a Pelican override"),
    ("save_as override", "stories/s.md", replace(STORY, "Tags:", "Save_as: ../../x.html\nTags:"),
     "stories/s.md:4: save_as: is a Pelican override"),
    ("slug override", "stories/s.md", replace(STORY, "Tags:", "Slug: ../../etc\nTags:"),
     "stories/s.md:4: slug: is a Pelican override"),
    ("unknown field", "stories/s.md", replace(STORY, "Tags:", "Mood: great\nTags:"),
     "stories/s.md:4: mood: is not a field of a story"),
    ("unknown status", "stories/s.md", replace(STORY, "Tags:", "Status: secret\nTags:"),
     "stories/s.md:4: status: 'secret' is not one of published, draft, withdrawn"),
    ("duplicate key", "stories/s.md", replace(STORY, "Tags:", "Title: Again\nTags:"),
     "stories/s.md:4: title: given twice (first on line 1)"),
    ("malformed header", "stories/s.md", replace(STORY, "Tags:", "just words\nTags:"),
     "stories/s.md:4: header: expected 'Key: value'"),
    ("reserved slug (a story titled Index)", "stories/index.md", replace(STORY, "A good run", "Index"),
     "stories/index.md:1: slug (file name): 'index' is reserved"),
    ("unsafe slug", "stories/Bad Name.md", STORY,
     "stories/Bad Name.md:1: slug (file name): 'Bad Name' is not a safe slug"),
    ("unknown advocate", "stories/s.md", replace(STORY, "Advocate: maya", "Advocate: nobody"),
     "stories/s.md:3: advocate: no advocate file advocates/nobody.md"),
    ("advocate path traversal", "stories/s.md", replace(STORY, "Advocate: maya", "Advocate: ../pages/x"),
     "stories/s.md:3: advocate: '../pages/x' is not a safe slug"),
    ("photo outside images", "stories/s.md", replace(STORY, "Tags:", "Photo: ../../etc/passwd.jpg\nPhoto_alt: x\nTags:"),
     "stories/s.md:4: photo: '../../etc/passwd.jpg' must be a path under images/"),
    ("photo missing", "stories/s.md", replace(STORY, "Tags:", "Photo: images/none.jpg\nPhoto_alt: x\nTags:"),
     "stories/s.md:4: photo: 'images/none.jpg' does not exist"),
    ("photo without alt", "stories/s.md", replace(STORY, "Tags:", "Photo: images/run.jpg\nTags:"),
     "stories/s.md:4: photo_alt: a photo needs a description"),
    ("too many tags", "stories/s.md", replace(STORY, "trail, first race", ",".join(f"t{i}" for i in range(9))),
     "stories/s.md:4: tags: has 9 tags; keep at most 8"),
    ("tag without latin letters", "stories/s.md", replace(STORY, "trail, first race", "トレイル"),
     "stories/s.md:4: tags: tag 'トレイル' has no letters or digits usable in a URL"),
    ("modified before date", "stories/s.md", replace(STORY, "Tags:", "Modified: 2026-01-01\nTags:"),
     "stories/s.md:4: modified: is before Date"),
    ("bad language tag", "stories/s.md", replace(STORY, "Tags:", "Language: Japanese\nTags:"),
     "stories/s.md:4: language: 'Japanese' is not a language tag"),
    ("missing body", "stories/s.md", STORY.replace("The body of the story.\n", ""),
     "stories/s.md:8: body: the story text is missing"),
    ("control character", "stories/s.md", replace(STORY, "The body", "The \x07body"),
     "stories/s.md:8: body: the story text contains a control character U+0007"),
    ("bidi override", "stories/s.md", replace(STORY, "A good run", "A good \u202erun"),
     "stories/s.md:1: title: contains a bidirectional control character U+202E"),
    ("pelican directive", "stories/s.md", replace(STORY, "The body", "See [x]({static}/../pelicanconf.py). The body"),
     "stories/s.md:8: body: Pelican link directive '{static}' is not allowed"),
    ("title too long", "stories/s.md", replace(STORY, "A good run", "x" * 151),
     "stories/s.md:1: title: is 151 characters long; shorten it to at most 150"),
    ("story too long", "stories/s.md", replace(STORY, "The body of the story.", "word " * 5000),
     "stories/s.md:8: body: the story text is 24999 characters long"),
    ("rating out of range", "testimonials/t.md", replace(TESTIMONIAL, "Rating: 5", "Rating: 6"),
     "testimonials/t.md:3: rating: '6' is not a rating"),
    ("rating not ascii digit", "testimonials/t.md", replace(TESTIMONIAL, "Rating: 5", "Rating: ٥"),
     "testimonials/t.md:3: rating: '٥' is not a rating"),
    ("quote too long", "testimonials/t.md", replace(TESTIMONIAL, "Great shoes.", "a" * 301),
     "testimonials/t.md:7: body: the quote is 301 characters long; shorten it to at most 300"),
    ("photo without consent", "advocates/a.md", replace(ADVOCATE, "Joined:", "Photo: images/run.jpg\nJoined:"),
     "advocates/a.md:3: photo: is shown only with consent"),
    ("bad name form", "advocates/a.md", replace(ADVOCATE, "first-initial", "nickname"),
     "advocates/a.md:2: name_form: 'nickname' is not one of full, first-initial, first"),
    ("bad yes/no", "advocates/a.md", replace(ADVOCATE, "Joined:", "Hide_streak: maybe\nJoined:"),
     "advocates/a.md:3: hide_streak: 'maybe' is not yes or no"),
    ("prompt both date and pool", "prompts/p.md", replace(PROMPT, "Quick:", "Pool: yes\nQuick:"),
     "prompts/p.md:1: date: a prompt needs either 'Date: YYYY-MM-DD' or 'Pool: yes' (not both)"),
    ("prompt neither date nor pool", "prompts/p.md", replace(PROMPT, "Date: 2026-11-03\n", ""),
     "prompts/p.md:1: date: a prompt needs either"),
    ("prompt day impossible", "prompts/p.md", replace(PROMPT, "2026-11-03", "2026-13-01"),
     "prompts/p.md:2: date: '2026-13-01' is not a real calendar day"),
    ("not in a content folder", "misc/x.md", STORY,
     "misc/x.md:1: path: is not in a content folder"),
    ("invalid utf-8", "stories/s.md", STORY.encode() + b"\xff\xfe bad",
     "stories/s.md:9: encoding: byte"),
]


@pytest.mark.parametrize("case,path,text,expected", RULES, ids=[r[0] for r in RULES])
def test_each_rule_reports_file_line_field_and_fix(case, path, text, expected, ctx):
    found = problems_of(path, text, ctx)
    assert any(problem.startswith(expected) for problem in found), found


def test_every_problem_in_a_file_is_reported_together(ctx):
    text = replace(replace(STORY, "2026-11-03T07:45:00-07:00", "2026-02-30"), "Tags:", "Template: x\nTags:")
    found = problems_of("stories/s.md", text.replace("Title: A good run\n", ""), ctx)
    fields = sorted(problem.split(": ")[1] for problem in found)
    assert fields == ["date", "template", "title"]


def test_validate_tree_reports_non_markdown_files(tmp_path):
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "story.rst").write_text("Title\n=====\n", encoding="utf-8")
    checked, problems = validate_tree(tmp_path, ZONE)
    assert checked == 1
    assert [str(p) for p in problems] == [
        "stories/story.rst:1: file name: only Markdown '.md' files are read; rename it to .md"]


def test_the_demo_content_is_valid():
    checked, problems = validate_tree(Path(__file__).parent.parent / "content", ZONE)
    assert problems == []
    assert checked >= 40 + 20 + 12 + 45


def test_brand_settings_report_every_bad_key_and_low_contrast():
    from chorus.brand import Brand, contrast_ratio
    from chorus.problems import ConfigError

    with pytest.raises(ConfigError) as raised:
        Brand.from_settings({"CHORUS_BRAND": {"colour": "red", "primary": "green"}})
    assert "unknown key 'colour'" in str(raised.value)
    assert "primary 'green' is not a colour" in str(raised.value)
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    pale = Brand.from_settings({"CHORUS_BRAND": {"accent": "#ffcc00"}})
    assert any("accent on paper" in w for w in pale.contrast_warnings())
    assert Brand.from_settings({}).contrast_warnings() == []


@pytest.mark.parametrize("multiline", [False, True])
def test_character_check_agrees_with_the_rule_on_every_code_point(multiline):
    """The fast regex path refuses exactly what the written rule refuses."""
    import unicodedata

    from chorus.text import BIDI_CONTROLS, bad_character

    def refused(code: int) -> bool:
        char = chr(code)
        if multiline and char in "\n\t":
            return False
        return (char in BIDI_CONTROLS or unicodedata.category(char) in ("Cc", "Cs")
                or (code & 0xFFFE) == 0xFFFE or 0xFDD0 <= code <= 0xFDEF)

    wrong = [hex(code) for code in range(0x110000)
             if (bad_character(f"a{chr(code)}b", multiline) is not None) != refused(code)]
    assert wrong == []
    assert "position 2" in bad_character("a\rb", multiline)
    assert "U+1FFFE at position 2" in bad_character("x\U0001fffey\x01", multiline)  # first one wins
