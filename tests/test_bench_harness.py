"""The benchmark harness's fast parts: synthetic content and the report writer."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bench import report, synthetic
from chorus.check import validate_tree


@pytest.fixture(scope="module")
def synthetic_hub(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("synthetic") / "content"
    synthetic.generate(root, 60, seed=3)
    return root


def test_every_synthetic_file_is_valid_even_after_an_edit_and_an_approval(synthetic_hub):
    synthetic.edit_story(synthetic_hub)
    new_files = synthetic.approve_story(synthetic_hub, number=900_001)
    checked, problems = validate_tree(synthetic_hub, ZoneInfo("America/Denver"))
    assert problems == []
    assert all(path.exists() for path in new_files)
    assert checked == 60 + 1 + 30 + 12 + 1 + 12 + 10 + 2  # stories, testimonials, advocates, prompts, pages


def test_synthetic_hub_has_the_promised_mix(synthetic_hub):
    stories = [p.read_text(encoding="utf-8") for p in (synthetic_hub / "stories").glob("story-0*.md")]
    assert len(stories) == 60
    languages = [line for text in stories for line in text.splitlines() if line.startswith("Language:")]
    assert any(code in " ".join(languages) for code in ("ja", "zh"))
    words = sorted(len(text.split("\n\n", 1)[1].split()) for text in stories if "Language:" not in text)
    assert words[0] >= 250 and words[-1] <= 1400
    english = "\n".join(stories)
    assert "\n## " in english and "\n- " in english and "\n> " in english and "](https://" in english
    photos = list((synthetic_hub / "images" / "people").glob("*.jpg"))
    assert len(photos) == 2
    assert len(list((synthetic_hub / "prompts").glob("pool-*.md"))) == 10


def test_generation_is_deterministic(tmp_path):
    synthetic.generate(tmp_path / "a", 8, seed=5)
    synthetic.generate(tmp_path / "b", 8, seed=5)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert files
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)


@pytest.mark.parametrize(("value", "text"), [
    (None, "n/a"), (0.4213, "0.42 s"), (12.34, "12.3 s"), (125.4, "2 min 05 s"), (3600, "60 min 00 s")])
def test_seconds_are_formatted_for_people(value, text):
    assert report.seconds(value) == text


def _result(stories: int, cold_mb: float, plugins=("chorus_content",)) -> dict:
    runs = {key: [{"seconds": 10.0 + i, "peak_mb": cold_mb + i} for i in (2, 0, 1)]
            for key, _ in report.SCENARIOS}
    runs["plain_warm"] = [{"seconds": 20.0, "peak_mb": 50.0}]
    machine = {"cpu": "Test CPU", "cores": 2, "ram_gb": 8, "python": "3.11", "pelican": "4.12.0",
               "pillow": "13.0.0", "date": "2026-11-22"}
    return {"stories": stories, "repeat": 3, "machine": machine, "plugins": list(plugins), "runs": runs}


def test_table_uses_medians_ratios_and_says_when_a_plugin_is_missing():
    text = report.table(_result(1000, 80.0))
    assert "11.0 s" in text and "81 MB" in text  # medians of 10, 11, 12 s and 80, 81, 82 MB
    assert "0.55x" in text  # approval 11 s / plain warm 20 s
    assert text.count(report.NOT_INSTALLED) == 3


def test_stage_time_is_the_difference_with_and_without_the_plugin():
    result = _result(1000, 80.0, plugins=("chorus_content", "chorus_feeds"))
    result["runs"]["without_feeds_warm"] = [{"seconds": 8.5, "peak_mb": 70.0}]
    assert ("Feed writing (warm)", "2.50 s") in report.stage_rows(result)


def test_markdown_reports_machine_and_memory_slope_and_splices_between_markers():
    generated = report.markdown([_result(5000, 200.0), _result(1000, 80.0)])
    assert generated.index("1,000 stories") < generated.index("5,000 stories")
    assert "Test CPU (2 cores, 8 GB RAM)" in generated
    assert "30.0 MB per 1,000 stories" in generated  # (201 - 81) / 4
    document = report.splice("# Benchmarks\n\nProse stays.\n", generated)
    again = report.splice(document.replace(generated, "old"), generated)
    assert again == document and "Prose stays." in again
    assert report.memory_slope([_result(1000, 80.0)]) is None


def test_markdown_reports_how_much_the_cpu_speed_varied():
    result = _result(1000, 80.0)
    result["runs"]["plain_cold"] = [{"seconds": 9.0, "peak_mb": 50.0, "probe_ms": 61.0},
                                    {"seconds": 9.5, "peak_mb": 50.0, "probe_ms": 120.4}]
    assert "took 61 to 120 ms" in report.markdown([result])
    assert report.probe_range(_result(1000, 80.0)) is None


def test_measured_builds_keep_compiled_bytecode_as_a_deployed_hub_does():
    import subprocess
    import sys

    from bench.hub import build_environment

    environ = {"PYTHONDONTWRITEBYTECODE": "1", "PATH": "/usr/bin", "LANG": "C.UTF-8"}
    assert build_environment(environ) == {"PATH": "/usr/bin", "LANG": "C.UTF-8"}
    flag = subprocess.run([sys.executable, "-c", "import sys; print(sys.dont_write_bytecode)"],
                          env=build_environment({**environ, "PATH": ""}), capture_output=True, text=True)
    assert flag.stdout.strip() == "False"


def test_floor_measures_each_kind_in_a_fresh_interpreter_with_its_caches_kept(synthetic_hub, tmp_path):
    from bench import floor

    samples = {}
    for kind in floor.KINDS:
        cache = tmp_path / f"cache-{kind}"
        floor.run_once(kind, synthetic_hub, cache)   # fills the caches
        samples[kind] = floor.run_once(kind, synthetic_hub, cache)
        assert any(cache.iterdir()), f"{kind} kept no cache"
    stories = len(list((synthetic_hub / "stories").glob("*.md")))
    assert samples["chorus"]["articles"] == stories
    assert samples["plain-reader"]["articles"] == samples["plain-generator"]["articles"] == stories
    assert all(sample["context_s"] >= sample["articles_s"] > 0 for sample in samples.values())
    rows = floor.summary_rows([{"stories": stories, "samples": {kind: [samples[kind]] for kind in floor.KINDS}}])
    assert len(rows) == 2 + len(floor.KINDS)
    assert rows[2].startswith(f"| {stories} | chorus | ")
