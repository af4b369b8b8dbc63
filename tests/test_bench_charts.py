"""The benchmark's charts: drawn from saved results (no builds), deterministic SVG,
referenced from docs/benchmarks.md by relative links."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from bench import charts, hub

ROOT = Path(__file__).resolve().parent.parent
SAVED = Path(__file__).resolve().parent / "fixtures" / "bench-results"
ALL = [charts.BUILD_TIME, charts.MEMORY, charts.INTAKE]


def _regenerate(tmp_path: Path, with_intake: bool = True) -> tuple[Path, list[str]]:
    results = tmp_path / "results"
    shutil.copytree(SAVED, results)
    if not with_intake:
        (results / hub.INTAKE_RESULT).unlink()
    doc = tmp_path / "docs" / "benchmarks.md"
    doc.parent.mkdir()
    doc.write_text("# Benchmarks\n\nProse.\n\n<!-- bench:begin -->\nstale numbers\n<!-- bench:end -->\n")
    return doc, hub.regenerate(results, doc)


def test_charts_are_drawn_from_saved_results_and_linked(tmp_path):
    doc, made = _regenerate(tmp_path)
    assert made == ALL
    text = doc.read_text()
    assert text.startswith("# Benchmarks\n\nProse.") and "stale numbers" not in text
    for name in ALL:
        svg = doc.parent / "benchmarks" / name
        assert ET.parse(svg).getroot().tag == "{http://www.w3.org/2000/svg}svg"
        assert f"](benchmarks/{name})" in text
    assert "### 200 stories" in text and "### 400 stories" in text
    assert "| text only, 4 clients | 120.0 | 30.1 ms | 52.3 ms | 90.4 ms |" in text
    assert "Plain Pelican cold build" in (doc.parent / "benchmarks" / charts.BUILD_TIME).read_text()


def test_charts_are_byte_identical_when_redrawn(tmp_path):
    doc, _ = _regenerate(tmp_path / "a")
    again, _ = _regenerate(tmp_path / "b")
    for name in ALL:
        first = (doc.parent / "benchmarks" / name).read_bytes()
        assert first == (again.parent / "benchmarks" / name).read_bytes()
        assert b"<dc:date>" not in first


def test_no_intake_results_no_intake_chart(tmp_path):
    doc, made = _regenerate(tmp_path, with_intake=False)
    assert made == [charts.BUILD_TIME, charts.MEMORY]
    assert "intake-latency.svg" not in doc.read_text() and "### Intake service" not in doc.read_text()


def test_the_committed_document_links_the_committed_charts():
    text = (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    for name in (charts.BUILD_TIME, charts.MEMORY):
        assert f"](benchmarks/{name})" in text
        assert (ROOT / "docs" / "benchmarks" / name).is_file()
