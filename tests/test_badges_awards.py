"""Hand awards: the award file format, its validation (file, line, field), giving one
through the domain and `./hub mod.award`, and the content history commit."""

from __future__ import annotations

import datetime as dt
import subprocess
from zoneinfo import ZoneInfo

import pytest

from chorus.fields import ParseContext
from chorus.hub import load_hub
from chorus.problems import ChorusError
from chorus.recognition.giving import award_text, give_award
from chorus.store import publishes
from chorus.validate import validate_file
from modhelpers import NOW, make_desk
from test_moderation_tasks import hub, run  # noqa: F401 (the fixture)

ZONE = ZoneInfo("America/Denver")
GOOD = ("Title: Community pick 2026\nAdvocate: maya-okafor\nDate: 2026-11-20\nPiece: stories/first-fifty-k\n"
        "Awarded_by: Sam\nAwarded_on: 2026-11-20T10:00-07:00\n\nFor a story that got us all out at dawn.\n")


def check(tmp_path, text: str, name: str = "awards/pick.md"):
    from conftest import FIXTURES, copy_content

    content = tmp_path / "content"
    if not content.exists():
        copy_content(FIXTURES / "mini", content)
    return validate_file(name, text.encode(), ParseContext(zone=ZONE, content_dir=str(content)))


def test_a_good_award_file_is_valid_and_loads_into_the_hub(tmp_path):
    record, problems = check(tmp_path, GOOD)
    assert problems == [] and record.values["piece"] == "stories/first-fifty-k"
    (tmp_path / "content/awards").mkdir()
    (tmp_path / "content/awards/pick.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "content/awards/later.md").write_text(GOOD.replace("2026-11-20\n", "2026-12-24\n", 1))
    (tmp_path / "content/awards/gone.md").write_text(GOOD.replace("Sam\n", "Sam\nStatus: withdrawn\n"))
    loaded = load_hub(str(tmp_path / "content"), ZONE, dt.date(2026, 11, 22))
    assert [a.slug for a in loaded.awards] == ["pick"] and loaded.problems == []
    assert loaded.awards[0].citation == "For a story that got us all out at dawn."
    assert sorted(loaded.left_out) == ["awards/gone.md: withdrawn", "awards/later.md: scheduled for 2026-12-24"]


@pytest.mark.parametrize("change, where", [
    (("Advocate: maya-okafor", "Advocate: nobody"), "awards/pick.md:2: advocate: no advocate file"),
    (("Advocate: maya-okafor", "Advocate: anonymous"), "awards/pick.md:2: advocate: no advocate file"),
    (("Piece: stories/first-fifty-k", "Piece: stories/nope"), "awards/pick.md:4: piece: no file stories/nope.md"),
    (("Piece: stories/first-fifty-k", "Piece: ../secrets"), "awards/pick.md:4: piece: '../secrets' is not a piece"),
    (("Date: 2026-11-20", "Date: soon"), "awards/pick.md:3: date:"),
    (("Awarded_by: Sam\n", ""), "awards/pick.md:1: awarded_by: is required"),
    (("Title: Community pick 2026", "Title: Community pick\nEmail: maya@example.com"),
     "awards/pick.md:2: email: is not a field of an award"),
    (("For a story that got us all out at dawn.\n", ""), "awards/pick.md:8: body: the citation is missing"),
])
def test_award_problems_name_file_line_and_field(tmp_path, change, where):
    _record, problems = check(tmp_path, GOOD.replace(*change))
    assert any(str(p).startswith(where) for p in problems), [str(p) for p in problems]


def test_award_text_is_a_valid_file_and_keeps_the_citation_on_one_line(tmp_path):
    text = award_text("Community pick 2026", "maya-okafor", dt.date(2026, 11, 20),
                      "Line one.\r\nLine two 🏔️ 山.", "Sam", dt.datetime(2026, 11, 20, 10, tzinfo=ZONE))
    record, problems = check(tmp_path, text)
    assert problems == [] and record.body.strip() == "Line one. Line two 🏔️ 山."


def test_give_award_writes_the_file_and_queues_the_publisher(tmp_path):
    desk, _settings = make_desk(tmp_path)
    given = give_award(desk, advocate="maya-okafor", title="Community pick 2026", citation="Dawn, every day.",
                       moderator="Sam", now=NOW, piece="stories/first-fifty-k")
    assert given.path == "awards/2026-community-pick-2026-maya-okafor.md"
    text = (tmp_path / "content" / given.path).read_text()
    assert "Advocate: maya-okafor" in text and "@" not in text.replace("Awarded_on", "")
    again = give_award(desk, advocate="maya-okafor", title="Community pick 2026", citation="Again.",
                       moderator="Sam", now=NOW)
    assert again.path.endswith("-2.md")
    with desk.store.read() as conn:
        queued = publishes.for_receipt(conn, given.receipt)
    assert [(r.reason, r.by) for r in queued] == [("award", "Sam")]


def test_give_award_refuses_bad_input_naming_each_option_and_writes_nothing(tmp_path):
    desk, _settings = make_desk(tmp_path)
    with pytest.raises(ChorusError) as err:
        give_award(desk, advocate="../x", title="", citation="x" * 700, moderator="Sam", now=NOW,
                   piece="stories/missing")
    message = str(err.value)
    for option in ("--title", "--citation", "--advocate", "--piece"):
        assert option in message
    assert not (tmp_path / "content/awards").exists()


@pytest.mark.slow
def test_mod_award_from_the_command_line_and_its_history_commit(hub):  # noqa: F811
    done = run(hub, "mod.award", "--advocate", "maya-okafor", "--title", "Community pick 2026",
               "--citation", "For the dawn story.")
    assert done.returncode == 0, done.stderr
    assert "content/awards/2026-community-pick-2026-maya-okafor.md" in done.stdout
    bad = run(hub, "mod.award", "--advocate", "nobody", "--title", "X", "--citation", "Y")
    assert bad.returncode == 1 and "--advocate 'nobody'" in bad.stderr and "Traceback" not in bad.stderr
    subprocess.run(["git", "init", "-q", str(hub)], check=True)
    from chorus.history import commit_content

    receipt = done.stdout.split("Awarded ")[1].split(":")[0]
    commit = commit_content(hub, hub / "content", "Jo", receipt, "award")
    log = subprocess.run(["git", "-C", str(hub), "log", "-1", "--format=%an %s"], capture_output=True,
                         text=True).stdout.strip()
    assert commit and log == f"Jo Award {receipt}"
