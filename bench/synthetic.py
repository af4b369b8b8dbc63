"""Write a synthetic Chorus hub of any size, deterministically from a seed.

The files follow docs/content-model.md exactly (every one passes
``chorus.check.validate_tree``): N stories of 300-1,200 words, about N/2
testimonials, max(12, N/10) advocates (some with consented photos), one prompt a
day for about N/5 days ending on the build day plus a pool of 10, tags from a
vocabulary of 40, ~10% Japanese/Chinese and ~5% Arabic/Hebrew pieces, some emoji.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from bench import prose

BUILD_DAY = dt.date(2026, 11, 22)
TAGS = tuple(
    "ultrarunning, first race, night running, desert, snow, rain, family, beginners, hills, "
    "recovery, gear, shoes, nutrition, community, volunteering, pacing, trail magic, injury, "
    "strength, mountains, coast, forest, canyon, heat, cold, altitude, solo, group run, dogs, "
    "commute, racing, fastpacking, navigation, sunrise, sunset, marathon, fifty k, hundred miles, "
    "training, rest".split(", "))
FIRST = ("Maya", "Kenji", "Lin", "Noor", "Yael", "Samir", "Ines", "Kofi", "Grace", "Erik", "Hannah",
         "Ben", "Dolores", "Haruka", "Marcus", "Tyler", "Amara", "Jonah", "Priya", "Tomas")
LAST = ("Okafor", "Watanabe", "Wei", "Haddad", "Ben-Ami", "Carvalho", "Asante", "Lindqvist", "Reyes",
        "Bell", "Novak", "Sato", "Moreau", "Kowalski", "Ortiz", "Nakamura")
MODERATOR = "Jonah (moderator)"


@dataclass(frozen=True)
class HubSize:
    """How many of each kind of file a synthetic hub holds."""

    stories: int
    testimonials: int
    advocates: int
    prompt_days: int
    pool: int = 10

    @classmethod
    def for_stories(cls, stories: int) -> "HubSize":
        return cls(stories=stories, testimonials=stories // 2, advocates=max(12, stories // 10),
                   prompt_days=max(1, stories // 5))


def _moment(day: dt.date, minutes: int) -> str:
    return f"{day.isoformat()}T{minutes // 60:02d}:{minutes % 60:02d}:00+00:00"


def _write(path: Path, fields: list[tuple[str, object]], body: str) -> None:
    header = "".join(f"{key}: {value}\n" for key, value in fields if value not in (None, ""))
    path.write_text(f"{header}\n{body}\n", encoding="utf-8")


def _images(root: Path) -> list[str]:
    """Two small JPEGs, drawn once, shared by every advocate and story with a photo."""
    from PIL import Image, ImageDraw

    folder = root / "images" / "people"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, colour in enumerate(((31, 77, 58), (163, 74, 20)), 1):
        image = Image.new("RGB", (96, 96), colour)
        ImageDraw.Draw(image).ellipse((24, 12, 72, 60), fill=(251, 248, 242))
        image.save(folder / f"portrait-{number}.jpg", quality=80)
        paths.append(f"images/people/portrait-{number}.jpg")
    return paths


def _language(rng: random.Random) -> str:
    pick = rng.random()
    if pick < 0.10:
        return rng.choice(("ja", "zh"))
    if pick < 0.15:
        return rng.choice(("ar", "he"))
    return ""


def write_advocate(root: Path, rng: random.Random, number: int, photos: list[str]) -> str:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    form = rng.choice(("full", "full", "first-initial", "first"))
    name = {"full": f"{first} {last}", "first-initial": f"{first} {last[0]}.", "first": first}[form]
    slug = f"{first}-{last}-{number}".lower()
    with_photo = rng.random() < 0.3
    fields = [("Name", name), ("Name_form", form),
              ("Joined", (BUILD_DAY - dt.timedelta(days=rng.randint(30, 900))).isoformat()),
              ("Location", rng.choice(("Boulder, Colorado", "Dali, Yunnan", "Haifa", "Porto", ""))),
              ("Photo", rng.choice(photos) if with_photo else ""),
              ("Photo_consent", "yes" if with_photo else ""),
              ("Photo_alt", f"Portrait of {name}" if with_photo else "")]
    _write(root / "advocates" / f"{slug}.md", fields, prose.paragraph(rng, 3)[:580])
    return slug


def write_story(root: Path, rng: random.Random, number: int, advocates: list[str],
                days: list[dt.date], photos: list[str]) -> Path:
    """One story file; returns its path."""
    language = _language(rng)
    words = rng.randint(300, 1200)
    if language:
        title, body = prose.foreign_title(rng, language), prose.foreign_story(rng, language, words)
    else:
        title = prose.sentence(rng, 4, 9)[:-1].title()
        body = prose.english_story(rng, words, emoji=rng.random() < 0.1)
    # Plain Pelican slugs articles by title; the number keeps non-Latin titles unique.
    title = f"{title} · {number}" if language else title
    day = rng.choice(days)
    minutes = rng.randint(0, 1439)
    with_photo = rng.random() < 0.05
    fields = [("Title", title), ("Date", _moment(day, minutes)),
              ("Advocate", rng.choice(advocates) if rng.random() < 0.92 else "anonymous"),
              ("Tags", ", ".join(rng.sample(TAGS, rng.randint(1, 4)))),
              ("Product", rng.choice(("Scree 3 trail shoe", "Summit shell jacket", "", "", ""))),
              ("Prompt", rng.choice(days).isoformat() if rng.random() < 0.3 else ""),
              ("Photo", rng.choice(photos) if with_photo else ""),
              ("Photo_alt", "A runner on a ridge at dawn" if with_photo else ""),
              ("Featured", "yes" if rng.random() < 0.02 else ""),
              ("Summary", prose.sentence(rng, 10, 20) if rng.random() < 0.3 else ""),
              ("Language", language), ("Approved_by", MODERATOR),
              ("Approved_on", _moment(day, max(minutes, 1380)))]
    path = root / "stories" / f"story-{number:06d}.md"
    _write(path, fields, body)
    return path


def _write_testimonial(root: Path, rng: random.Random, number: int, advocates: list[str],
                       days: list[dt.date]) -> None:
    language = _language(rng)
    day = rng.choice(days)
    fields = [("Date", _moment(day, rng.randint(0, 1300))),
              ("Advocate", rng.choice(advocates) if rng.random() < 0.9 else "anonymous"),
              ("Rating", rng.choice(("5", "5", "4", "3", ""))),
              ("Role", rng.choice(("Physiotherapist", "Teacher", "Nurse", ""))),
              ("Organisation", rng.choice(("Flatirons Physio", "Ridge Runners Club", ""))),
              ("Language", language), ("Approved_by", MODERATOR), ("Approved_on", _moment(day, 1400))]
    _write(root / "testimonials" / f"quote-{number:06d}.md", fields, prose.short_quote(rng, language))


def _write_prompt(root: Path, rng: random.Random, slug: str, day: dt.date | None) -> None:
    fields = [("Question", prose.sentence(rng, 6, 14)[:-1] + "?"),
              ("Date", day.isoformat() if day else ""), ("Pool", "" if day else "yes"),
              ("Quick", "In one sentence: " + prose.sentence(rng, 4, 8)),
              ("Story", "Tell the story: " + prose.sentence(rng, 5, 10)),
              ("Tags", ", ".join(rng.sample(TAGS, rng.randint(0, 2))))]
    _write(root / "prompts" / f"{slug}.md", fields, prose.paragraph(rng, 2)[:580])


def _write_pages(root: Path) -> None:
    for slug, title in (("how-it-works", "How it works"), ("submit", "Share your story")):
        _write(root / "pages" / f"{slug}.md", [("Title", title)],
               f"## {title}\n\nThis page of the synthetic hub explains *{title.lower()}*.")


def generate(root: str | Path, stories: int, *, seed: int = 1) -> HubSize:
    """Write a hub with ``stories`` stories into ``root`` (a new or empty folder)."""
    rng = random.Random(seed)
    root = Path(root)
    size = HubSize.for_stories(stories)
    for folder in ("stories", "testimonials", "advocates", "prompts", "pages"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    photos = _images(root)
    advocates = [write_advocate(root, rng, n, photos) for n in range(size.advocates)]
    days = [BUILD_DAY - dt.timedelta(days=back) for back in range(size.prompt_days)]
    for number in range(stories):
        write_story(root, rng, number, advocates, days, photos)
    for number in range(size.testimonials):
        _write_testimonial(root, rng, number, advocates, days)
    for day in days:
        _write_prompt(root, rng, f"{day.isoformat()}-prompt", day)
    for number in range(size.pool):
        _write_prompt(root, rng, f"pool-prompt-{number:02d}", None)
    _write_pages(root)
    return size


def edit_story(root: str | Path) -> Path:
    """Change one story's text (the first story gets one more paragraph)."""
    path = Path(root) / "stories" / "story-000000.md"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\nA moderator fixed a typo in this paragraph after it was published.\n")
    return path


def approve_story(root: str | Path, *, number: int = 900_000) -> list[Path]:
    """Add story number ``number`` by a new advocate, as ``mod.approve`` would: returns the new files."""
    rng = random.Random(number)
    root = Path(root)
    photos = sorted(f"images/people/{p.name}" for p in (root / "images" / "people").glob("*.jpg"))
    advocate = write_advocate(root, rng, number, photos)
    story = write_story(root, rng, number, [advocate], [BUILD_DAY - dt.timedelta(days=1)], photos)
    return [root / "advocates" / f"{advocate}.md", story]


def withdraw_story(root: str | Path, *, number: int = 1) -> Path:
    """Withdraw story ``number`` (an advocate took it back): the file gets ``Status: withdrawn``."""
    path = Path(root) / "stories" / f"story-{number:06d}.md"
    text = path.read_text(encoding="utf-8")
    if "\nStatus: withdrawn\n" not in text:
        head, _, body = text.partition("\n\n")
        path.write_text(f"{head}\nStatus: withdrawn\n\n{body}", encoding="utf-8")
    return path
