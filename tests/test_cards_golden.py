"""Golden images: each layout still looks the way it was approved (within a tolerance).

Regenerate after an intended change: CHORUS_UPDATE_GOLDENS=1 ./hub test -k golden,
then look at tests/goldens/cards/*.png before committing them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from cards_helpers import LOGO, card, chain
from chorus_cards.draw import render
from chorus_cards.layout import layout

GOLDENS = Path(__file__).resolve().parent / "goldens" / "cards"
PHOTO = Path(__file__).resolve().parent.parent / "content" / "images" / "stories" / "lunchtime-summit.jpg"
THUMB = (400, 210)            # goldens are stored small; layout drift still shows at this size
TOLERANCE = 1.5               # mean absolute difference per channel, 0-255

SAMPLES = {
    "story": card("story", title="The fifty kilometres I almost didn't start",
                  quote="At the start line of my first 50K I was still arguing with myself about whether "
                        "I belonged there. The first climb sorted that out.",
                  name="Maya Okafor", initials="MO", detail="3 November 2026 · Scree 3 trail shoe", logo=LOGO),
    "story-photo": card("story", title="Lunch-hour summit: twenty-two minutes up, eighteen down",
                        quote="Most days I only have an hour, so the foothill above the office became my gym.",
                        name="Maya Okafor", initials="MO", detail="3 November 2026", logo=LOGO,
                        picture=str(PHOTO)),
    "testimonial": card("testimonial", quote="The Scree 3 grips wet granite better than anything I have "
                        "run in, and my patients ask me about them every week.", rating=4,
                        name="Zoë Ångström", initials="ZÅ", detail="Physiotherapist, Flatirons Physio",
                        logo=LOGO),
    "prompt": card("prompt", date="Sunday 22 November 2026", question="Which descent will you never "
                   "forget, and what did it teach you? 🏔️", detail="4 answers so far · Answer it on "
                   "stories.example.com", logo=LOGO),
    "advocate": card("advocate", title="李伟 Lin Wei", initials="LW", detail="Dali, Yunnan · Member since June 2025",
                     quote="3 stories · 1 testimonial", logo=LOGO),
    "site": card("site", title="Trail stories from the people who run them", detail="stories.example.com",
                 logo=LOGO),
}


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_layout_matches_golden(kind):
    image = render(layout(SAMPLES[kind], chain()))
    assert image.size == (1200, 630)
    thumb = image.resize(THUMB, Image.Resampling.LANCZOS)
    golden = GOLDENS / f"{kind}.png"
    if os.environ.get("CHORUS_UPDATE_GOLDENS"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        thumb.save(golden, optimize=True)
    with Image.open(golden) as expected:
        diff = ImageChops.difference(thumb, expected.convert("RGB"))
    mean = sum(ImageStat.Stat(diff).mean) / 3
    assert mean <= TOLERANCE, f"{kind} card differs from {golden.name} by {mean:.2f}"


def test_golden_check_notices_a_changed_card():
    changed = card("story", title="A completely different title", logo=LOGO)
    thumb = render(layout(changed, chain())).resize(THUMB, Image.Resampling.LANCZOS)
    with Image.open(GOLDENS / "story.png") as expected:
        diff = ImageChops.difference(thumb, expected.convert("RGB"))
    assert sum(ImageStat.Stat(diff).mean) / 3 > TOLERANCE


def test_png_writer_round_trips_pixel_exact():
    import io

    from chorus_cards.draw import encode_png

    image = render(layout(SAMPLES["prompt"], chain()))
    with Image.open(io.BytesIO(encode_png(image))) as back:
        assert back.format == "PNG" and back.size == (1200, 630)
        assert ImageChops.difference(back.convert("RGB"), image).getbbox() is None
