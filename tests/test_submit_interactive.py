"""Interactive `./hub submit`: a wrong answer is asked again at once and the rest is kept;
Ctrl+D and Ctrl+C end with one calm line and exit code 1. Driven through stdin of the real
task, and the interview itself with scripted answers."""

from __future__ import annotations

import datetime as dt
import os
import signal
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from chorus.desk import Desk
from chorus.interview import ask_again, interview
from chorus.problems import Problem
from conftest import FIXTURES, ROOT, as_from_a_terminal, make_settings
from modhelpers import jpeg

NOW = dt.datetime(2026, 11, 20, 17, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def hub(tmp_path) -> Path:
    shutil.copytree(FIXTURES / "mini", tmp_path / "content")
    (tmp_path / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
        f"PATH = 'content'\nTHEME = {str(ROOT / 'theme')!r}\n", encoding="utf-8")
    return tmp_path


def start(hub: Path) -> subprocess.Popen:
    env = {**os.environ, "CHORUS_CONF": str(hub / "conf.py"), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([str(Path(sys.executable).parent / "invoke"), "-r", str(ROOT), "submit"],
                            env=env, cwd=hub, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8",
                            preexec_fn=as_from_a_terminal)


def stored(hub: Path) -> list[dict]:
    desk = Desk.from_settings(make_settings(hub / "content", hub / "output"), hub)
    return [desk.store.load(receipt) for receipt in desk.store.ids()]


ANSWERS = ["story", "Up the ridge 🏔", "We went up.\r", "", "Then down.", ".", "Ann Lee", "",
           "ann at example", "ann@example.com", "maybe", "yes", "", "", "2099-01-01", "2026-11-03"]


def test_a_wrong_answer_is_asked_again_and_the_rest_is_kept(hub):
    process = start(hub)
    out, err = process.communicate("\n".join(ANSWERS) + "\n", timeout=120)
    assert process.returncode == 0, err
    assert out.count("Please answer again.") == 3
    assert "  email: " in out and "  consent_name: " in out
    assert "  prompt: the prompt of 2099-01-01 is not out yet" in out
    assert "rating" not in out and "may we show the photo" not in out    # not for a story without one
    assert "Receipt id: " in out and "/status/" in out and "Traceback" not in err
    [record] = stored(hub)
    sub = record["submission"]
    assert (sub["title"], sub["email"], sub["consent_name"], sub["prompt"]) == (
        "Up the ridge 🏔", "ann@example.com", True, "2026-11-03")
    assert sub["body"] == "We went up.\n\nThen down."


def test_ctrl_d_ends_with_one_calm_line_and_nothing_saved(hub):
    process = start(hub)
    out, err = process.communicate("testimonial\nGreat poles.\n", timeout=120)   # then end of input
    assert process.returncode == 1
    assert err.strip() == "Stopped; nothing was saved." and "Traceback" not in out + err
    assert stored(hub) == []


def test_ctrl_c_ends_with_one_calm_line_and_nothing_saved(hub):
    process = start(hub)
    process.stdin.write("story\n")
    process.stdin.flush()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not _asked_for_title(process):
        time.sleep(0.1)
    assert b"title: " in process._seen          # interrupted while a question waits
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert err.strip() == "Stopped; nothing was saved." and "Traceback" not in err
    assert stored(hub) == []


def _asked_for_title(process: subprocess.Popen) -> bool:
    """Read stdout until the title question shows (the prompt has no newline). Reads the pipe's
    bytes directly: a text wrapper would pull them into its own buffer, where select cannot see
    them, and the question would never seem to come."""
    import select

    buffer = getattr(process, "_seen", b"")
    fd = process.stdout.fileno()
    while select.select([fd], [], [], 0.1)[0]:
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        buffer += chunk
        if b"title: " in buffer:
            process._seen = buffer
            return True
    process._seen = buffer
    return False


def scripted(answers):
    given = iter(answers)
    said: list[str] = []

    def ask(question: str) -> str:
        said.append(question)
        return next(given)
    return ask, said.append, said


def test_a_testimonial_skips_the_title_and_checks_rating_and_photo_consent(tmp_path):
    desk = Desk.from_settings(make_settings(shutil.copytree(FIXTURES / "mini", tmp_path / "content"),
                                            tmp_path / "output"), tmp_path)
    (tmp_path / "p.jpg").write_bytes(jpeg())
    ask, say, said = scripted(["Testimonial", "Light and strong.", ".", "Sam", "", "sam@example.com",
                               "no", str(tmp_path / "missing.jpg"), str(tmp_path / "p.jpg"), "",
                               "yes", "Trail poles", "7", "5", "Coach", "", ""])
    values, photo = interview(ask, say, desk, NOW)
    assert "title: " not in said and photo == jpeg()
    assert values == {"kind": "Testimonial", "body": "Light and strong.", "name": "Sam",
                      "email": "sam@example.com", "consent_name": "no", "consent_photo": "yes",
                      "product": "Trail poles", "rating": "5", "role": "Coach"}
    errors = [line for line in said if "Please answer again" in line]
    assert [e.split(":")[0].strip() for e in errors] == ["photo", "consent_photo", "rating"]


def test_after_a_refusal_only_the_named_fields_are_asked_again(tmp_path):
    desk = Desk.from_settings(make_settings(shutil.copytree(FIXTURES / "mini", tmp_path / "content"),
                                            tmp_path / "output"), tmp_path)
    values = {"kind": "story", "title": "T", "body": "B", "name": "N", "email": "n@example.com",
              "consent_name": "yes"}
    ask, say, said = scripted(["A better title"])
    ask_again(ask, say, desk, values, None, [Problem("submission", 1, "title", "is too plain")], NOW)
    assert values["title"] == "A better title" and values["body"] == "B"
    assert "  title: is too plain" in said and said.count("title: ") == 1
