"""A rebuild that keeps pages it need not render gives exactly a full build's bytes.

Each test builds a small hub, changes it the way a moderator, an advocate or a site owner
would, rebuilds incrementally and compares the whole output with a build from nothing
(``chorus.building.verify_incremental``: no build cache, every page rendered)."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import shutil
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from chorus import building, site
from chorus.clock import build_day
from conftest import FIXTURES, ROOT, make_settings

TODAY = "2026-11-22"


class Hub:
    """A small hub in a temporary folder: the mini fixture plus a second advocate (with a
    consented photo) and two of her stories, so pages have neighbours."""

    def __init__(self, root: Path):
        self.root = root
        self.content = shutil.copytree(FIXTURES / "mini", root / "content")
        self.theme = shutil.copytree(ROOT / "theme", root / "theme")
        self.output = root / "output"
        self.today = TODAY
        self.overrides: dict = {}
        self.font_dir: Path | None = None
        (self.content / "images" / "advocates").mkdir(parents=True)
        shutil.copy(ROOT / "content/images/advocates/dolores-reyes.jpg",
                    self.content / "images/advocates/dolores-reyes.jpg")
        shutil.copy(ROOT / "content/advocates/dolores-reyes.md", self.content / "advocates")
        for name in ("poles-are-not-cheating", "first-uphill-at-sixty-eight"):
            text = (ROOT / "content/stories" / f"{name}.md").read_text(encoding="utf-8")
            text = re.sub(r"(?m)^(Prompt|Photo|Photo_alt|Featured):.*\n", "", text)
            (self.content / "stories" / f"{name}.md").write_text(text, encoding="utf-8")

    def settings(self) -> dict:
        return make_settings(self.content, self.output, today=self.today, THEME=str(self.theme),
                             CACHE_PATH=str(self.root / "cache"), **self.overrides)

    @contextlib.contextmanager
    def _fonts(self):
        """The share cards' fonts from ``font_dir`` when a test changed them."""
        if self.font_dir is None:
            yield
            return
        from chorus_cards import fonts

        with mock.patch("chorus_cards.cards.load_chain", lambda **options: fonts.load_chain(self.font_dir, **options)):
            yield

    def build(self) -> None:
        with self._fonts():
            site.build(self.settings())

    def differences(self) -> list[str]:
        with self._fonts():
            return building.verify_incremental(self.settings(), self.output)

    def files(self) -> dict[str, bytes]:
        return {p.relative_to(self.output).as_posix(): p.read_bytes()
                for p in self.output.rglob("*") if p.is_file()}

    def html(self) -> dict[str, str]:
        return {p.relative_to(self.output).as_posix(): p.read_text(encoding="utf-8")
                for p in self.output.rglob("*") if p.suffix in (".html", ".xml", ".json")}


# --- the changes -------------------------------------------------------------------------

def _rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def new_story(hub: Hub) -> None:
    text = (hub.content / "stories/poles-are-not-cheating.md").read_text(encoding="utf-8")
    title = re.search(r"(?m)^Title: (.*)$", text).group(1)
    (hub.content / "stories/new-approval.md").write_text(
        text.replace(title, "A brand new approval, with ünïcode ✓"), encoding="utf-8")


def new_advocate(hub: Hub) -> None:
    """A first story by a new advocate: she earns the "first story" badge, whose mark shows
    beside her name (only on the pages that show her)."""
    (hub.content / "advocates/haruka-sato.md").write_text(
        "Name: 佐藤 春香\r\nName_form: full\r\nJoined: 2026-11-20\r\n\r\nTrail runner in Nagano. 🏔\r\n",
        encoding="utf-8")
    (hub.content / "stories/haruka-first-ridge.md").write_text(
        "Title: My first ridge run\r\nDate: 2026-11-21T07:00:00-07:00\r\nAdvocate: haruka-sato\r\n"
        "Tags: mountains\r\nApproved_by: Jonah (moderator)\r\nApproved_on: 2026-11-21T09:00:00-07:00\r\n"
        "\r\nThe ridge was quiet and the frost held until noon.\r\n", encoding="utf-8")


def edit(hub: Hub) -> None:
    story = hub.content / "stories/first-fifty-k.md"
    story.write_text(story.read_text(encoding="utf-8") + "\r\nA moderator fixed a typo here.\r\n",
                     encoding="utf-8")


def withdrawal(hub: Hub) -> None:
    _rewrite(hub.content / "stories/poles-are-not-cheating.md", "Approved_by:",
             "Status: withdrawn\nApproved_by:")


def consent_anonymous(hub: Hub) -> None:
    """Maya withdraws consent to her name: her pieces become anonymous, her profile goes."""
    for folder in ("stories", "testimonials"):
        for piece in (hub.content / folder).glob("*.md"):
            text = piece.read_text(encoding="utf-8")
            if "Advocate: maya-okafor" in text:
                piece.write_text(text.replace("Advocate: maya-okafor", "Advocate: anonymous"),
                                 encoding="utf-8")
    (hub.content / "advocates/maya-okafor.md").unlink()


def photo_withdrawn(hub: Hub) -> None:
    """Dolores withdraws consent to her photo: the approve step drops the photo fields."""
    advocate = hub.content / "advocates/dolores-reyes.md"
    text = advocate.read_text(encoding="utf-8")
    kept = re.sub(r"(?m)^Photo(_consent|_alt)?:.*\n", "", text)
    assert kept != text
    advocate.write_text(kept, encoding="utf-8")


def new_tag(hub: Hub) -> None:
    _rewrite(hub.content / "stories/first-uphill-at-sixty-eight.md", "Tags: ", "Tags: mountain joy, ")


def tag_renamed(hub: Hub) -> None:
    """One of a story's tags is renamed: its page shows the new name (a tag's digest is its
    name and slug; Pelican's tag objects are otherwise skipped)."""
    _rewrite(hub.content / "stories/first-fifty-k.md", "first race", "first marathon")


def prompt_added(hub: Hub) -> None:
    (hub.content / "prompts/2026-11-20-new-question.md").write_text(
        "Question: Which trail would you show a friend first?\nDate: 2026-11-20\n"
        "Quick: Name it.\nStory: Take us along.\n\nShow us the way.\n", encoding="utf-8")


def prompt_moved(hub: Hub) -> None:
    _rewrite(hub.content / "prompts/2026-11-03-almost-didnt.md", "Date: 2026-11-03", "Date: 2026-11-04")


def next_day(hub: Hub) -> None:
    """The build a minute after midnight in the site's timezone is for the next day."""
    zone = ZoneInfo("America/Denver")
    current = dt.date.fromisoformat(hub.today)
    midnight = dt.datetime.combine(current + dt.timedelta(days=1), dt.time(0, 0), zone)
    assert build_day(None, zone, now=midnight - dt.timedelta(minutes=1)) == current
    hub.today = build_day(None, zone, now=midnight + dt.timedelta(minutes=1)).isoformat()


def settings_change(hub: Hub) -> None:
    hub.overrides["SITENAME"] = hub.overrides.get("SITENAME", "Ridgeline Stories") + " ✓"


def template_change(hub: Hub) -> None:
    _rewrite(hub.theme / "templates/partials/macros.html", 'class="card-excerpt"',
             'class="card-excerpt excerpt"')


def card_font_change(hub: Hub) -> None:
    """The cards' regular font is replaced (by the bold one): every card is drawn again."""
    shipped = ROOT / "plugins" / "chorus_cards" / "fonts"
    fonts = hub.root / "fonts"
    fonts.mkdir(exist_ok=True)
    for item in shipped.iterdir():
        target = fonts / item.name
        if not target.exists():
            target.symlink_to(shipped / ("NotoSans-Bold.ttf" if item.name == "NotoSans-Regular.ttf"
                                         else item.name))
    hub.font_dir = fonts


def card_colour_change(hub: Hub) -> None:
    """The brand colour the cards (and the theme) use changes."""
    brand = dict(hub.overrides.get("CHORUS_BRAND") or make_settings(hub.content, hub.output)["CHORUS_BRAND"])
    brand["primary"] = "#2a5d8f" if brand.get("primary") != "#2a5d8f" else "#1f4d3a"
    hub.overrides["CHORUS_BRAND"] = brand


CHANGES = [new_story, new_advocate, edit, withdrawal, consent_anonymous, photo_withdrawn, new_tag, tag_renamed,
           prompt_added,
           prompt_moved, next_day, settings_change, template_change, card_font_change,
           card_colour_change]


@pytest.fixture
def hub(tmp_path) -> Hub:
    hub = Hub(tmp_path / "hub")
    hub.build()
    return hub


def test_an_unchanged_rebuild_renders_no_page_and_equals_a_full_build(hub, rendered):
    hub.build()
    assert rendered == []
    assert hub.differences() == []


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
def test_every_kind_of_change_rebuilds_to_the_bytes_of_a_full_build(hub, change, rendered):
    before = hub.files()
    pages = len([name for name in before if name.endswith(".html")])
    change(hub)
    hub.build()
    assert hub.files() != before, "the change shows somewhere"
    assert rendered, "the change renders some page"
    if change in (edit, photo_withdrawn, new_tag, withdrawal, new_story, new_advocate):
        assert len(rendered) < pages / 2, f"a local change renders only what it touches: {rendered}"
    if change is new_advocate:   # her badge mark changes the bylines that show her, no others
        showing = {name for name, text in hub.html().items() if "haruka-sato" in text}
        assert set(rendered) - showing <= {"tags/index.html"}, rendered   # (+ her new tag)
    rendered.clear()
    assert hub.differences() == []


def test_a_name_withdrawn_from_consent_survives_on_no_page(hub):
    assert any("Maya Okafor" in text for text in hub.html().values())
    consent_anonymous(hub)
    hub.build()
    showing = [name for name, text in hub.html().items() if "Maya Okafor" in text or "maya-okafor" in text]
    assert showing == []
    assert hub.differences() == []


def test_a_withdrawn_photo_survives_on_no_page(hub):
    assert any("dolores-reyes.jpg" in text for text in hub.html().values())
    photo_withdrawn(hub)
    hub.build()
    assert [name for name, text in hub.html().items() if "dolores-reyes.jpg" in text] == []
    assert hub.differences() == []


@hsettings(max_examples=4, deadline=None, derandomize=True,
           suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(st.sampled_from(CHANGES), min_size=2, max_size=3, unique=True))
def test_random_sequences_of_changes_rebuild_to_a_full_build(tmp_path_factory, steps):
    hub = Hub(tmp_path_factory.mktemp("sequence") / "hub")
    hub.build()
    for change in steps:
        change(hub)
        hub.build()
    assert hub.differences() == [], [change.__name__ for change in steps]


def test_verify_incremental_names_every_file_that_differs(hub):
    page = hub.output / "how-it-works" / "index.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- stale -->", encoding="utf-8")
    (hub.output / "left-over.html").write_text("old", encoding="utf-8")
    (hub.output / "tags" / "index.html").unlink()
    assert hub.differences() == ["only in the build: left-over.html",
                                 "missing from the build: tags/index.html",
                                 "differs: how-it-works/index.html"]
