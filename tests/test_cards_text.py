"""Every script fits its box, is drawn by a font that has its glyphs, and never as a box."""

from __future__ import annotations

import logging

import pytest

from cards_helpers import card, chain
from chorus_cards.layout import layout
from chorus_cards.pipeline import cleaned
from chorus_cards.segment import clusters, is_emoji, visual_runs, analyse
from chorus_cards.textfit import fit

BOX = (72, 100, 600, 400)
SIZES = (48, 40, 32)


def _face_coverage():
    return {face.path: face.coverage for face in (*chain().regular, *chain().bold, chain().emoji)}


def assert_drawable(block, box=BOX):
    """No line wider than the box, no glyph outside its font's cmap (no .notdef box)."""
    x, y, width, height = box
    coverage = _face_coverage()
    for line in block.lines:
        assert line.width <= width + 0.5, (line.width, width)
        for run in line.runs:
            assert x - 0.5 <= run.x and run.x + run.width <= x + width + 0.5
            needed = [ch for ch in run.text if ord(ch) not in (0x200D, 0xFE0F, 0x20E3) and not ch.isspace()]
            assert all(ord(ch) in coverage[run.path] for ch in needed), run.text
    assert block.height <= height + 1


@pytest.mark.parametrize("text", [
    "Zoë's café — naïve façade, Ångström, Łódź, Øresund, São Paulo, İstanbul",
    "我第一次跑五十公里的时候差点没有出发山路很长但是朋友们一直在鼓励我",
    "「お母さん、なんで雪なのに走るの？」と子どもに聞かれて、私は答えられなかった",
    "مرحبا بالعالم، هذه قصتي الأولى عن الجري في الجبال",
    "המדבר לימד אותי על מים, חום וסבלנות",
    "Family run 👨‍👩‍👧‍👦 with thumbs 👍🏽👍🏿 and flags 🇯🇵🇧🇷 and 🏳️‍🌈",
    "Supercalifragilisticexpialidociousandsomeunbreakablewordthatneverendsatallreallyneverever",
])
def test_each_script_fits_and_has_glyphs(text):
    block = fit(text, chain(), BOX, SIZES, 4, bold=True)
    assert block.lines and not block.missing
    assert_drawable(block)
    drawn = "".join(run.text for line in block.lines for run in line.runs)
    assert sorted(drawn.replace(" ", "")) == sorted(text.replace(" ", ""))   # nothing lost, nothing added


def test_cjk_breaks_inside_text_without_spaces():
    text = "我第一次跑五十公里的时候差点没有出发山路很长但是朋友们一直在鼓励我" * 2
    block = fit(text, chain(), (0, 0, 500, 400), (40,), 6)
    assert len(block.lines) >= 3
    assert all(line.runs[0].path.endswith("NotoSansCJKsc-Regular.otf") for line in block.lines)
    starts = ["".join(r.text for r in line.runs)[0] for line in block.lines]
    assert not any(ch in "，。、" for ch in starts)      # no line starts with closing punctuation


@pytest.mark.parametrize("text, font", [("مرحبا بالعالم، هذه قصتي الأولى", "Arabic"),
                                        ("המדבר לימד אותי על מים", "Hebrew")])
def test_rtl_text_is_shaped_right_to_left_and_right_aligned(text, font):
    block = fit(text, chain(), BOX, SIZES, 3, bold=True)
    assert block.rtl
    line = block.lines[0]
    assert all(run.rtl for run in line.runs) and font in line.runs[0].path
    assert line.x + line.width == pytest.approx(BOX[0] + BOX[2], abs=0.5)


def test_mixed_direction_line_orders_runs_visually():
    items, _ = analyse("שלום Ridgeline עולם", chain(), False)
    runs = visual_runs(items, rtl_paragraph=True)
    texts = [text.strip() for _, text, _ in runs if text.strip()]
    assert texts == ["עולם", "Ridgeline", "שלום"]      # read right to left, Latin kept LTR


def test_emoji_sequences_are_single_clusters_in_the_colour_font():
    for sequence in ("👍🏽", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇯🇵", "1️⃣"):
        assert clusters(sequence) == [sequence]
        assert is_emoji(sequence)
    block = fit("Go 👨‍👩‍👧‍👦 team 👍🏿", chain(), BOX, SIZES, 2)
    emoji_runs = [run for line in block.lines for run in line.runs if run.emoji]
    assert [run.text for run in emoji_runs] == ["👨‍👩‍👧‍👦", "👍🏿"]


def test_very_long_title_is_cut_with_an_ellipsis_inside_the_box():
    title = " ".join(["An extraordinarily long title about trail running"] * 12)
    block = fit(title, chain(), BOX, SIZES, 3, bold=True)
    assert block.truncated and len(block.lines) == 3 and block.size == SIZES[-1]
    assert block.lines[-1].runs[-1].text.endswith("…")
    assert_drawable(block)


def test_long_unbreakable_word_is_broken_between_letters():
    word = "x" * 300
    block = fit(word, chain(), (0, 0, 400, 1000), (40,), 20)
    assert len(block.lines) > 3
    assert_drawable(block, (0, 0, 400, 1000))


@pytest.mark.parametrize("kind", ["story", "testimonial", "prompt", "advocate", "site"])
def test_empty_optional_fields_still_lay_out(kind):
    result = layout(card(kind), chain())
    for block in result.texts():
        assert_drawable(block, block.box)


def test_uncovered_characters_are_left_out_with_a_warning_naming_the_page(caplog):
    # U+E000 is Private Use, U+0378 is unassigned: no font has them.
    sample = card("story", page_url="stories/odd/", title="Trail \ue000 notes \u0378 today")
    with caplog.at_level(logging.WARNING):
        result = cleaned(sample, chain())
    assert result.title == "Trail  notes  today"
    assert "stories/odd/" in caplog.text and "U+E000" in caplog.text and "U+0378" in caplog.text
    block = fit(result.title, chain(), BOX, SIZES, 2)
    assert not block.missing


def test_recorded_font_coverage_matches_the_fonts():
    """fonts/coverage.json is what the build trusts instead of parsing fonts: it must be true."""
    from chorus_cards.fonts import cmap_of
    from pathlib import Path

    for face in (*chain().regular, *chain().bold, chain().emoji):
        assert face.coverage == cmap_of(Path(face.path)), face.path


def test_hostile_length_is_cut_quickly():
    import time

    started = time.perf_counter()
    block = fit("a" * 50_000 + " " + "word " * 20_000, chain(), BOX, SIZES, 3, bold=True)
    assert block.truncated and len(block.lines) == 3
    assert time.perf_counter() - started < 5


def test_right_to_left_names_sit_next_to_the_avatar():
    result = layout(card("story", title="A title", name="יעל ב.", detail="מצפה רמון"), chain())
    byline = [b for b in result.texts() if b.text in ("יעל ב.", "מצפה רמון")]
    assert len(byline) == 2
    for block in byline:
        assert block.rtl and block.lines[0].x == block.box[0]
