"""Draw the saved benchmark results as SVG charts for docs/benchmarks.md.

Pure over plain data (the dicts of bench/results/*.json) and deterministic: the same
results give byte-identical files (a fixed ``svg.hashsalt``, no date in the metadata,
text kept as text), so the committed charts change only when the numbers do::

    draw(build_results, intake_result, folder)   ->  the file names written
"""

from __future__ import annotations

from pathlib import Path

from bench.report import SCENARIOS, median_of

FOLDER_NAME = "benchmarks"          # docs/benchmarks/, beside docs/benchmarks.md
BUILD_TIME, MEMORY, INTAKE = "build-time.svg", "memory.svg", "intake-latency.svg"
STYLE = {"svg.hashsalt": "chorus-bench", "svg.fonttype": "none", "font.size": 9,
         "axes.spines.top": False, "axes.spines.right": False}
# Chorus scenarios solid, plain Pelican dashed: the comparison the targets are about.
MEMORY_SCENARIOS = ("chorus_cold", "chorus_full_warm", "chorus_warm", "plain_cold", "plain_warm")
PERCENTILES = (("p50_ms", "median"), ("p90_ms", "90th percentile"), ("p99_ms", "99th percentile"))


def series(results: list[dict], key: str, field: str) -> list[tuple[int, float]]:
    """(stories, median of ``field``) for scenario ``key`` at every size that measured it."""
    points = []
    for result in sorted(results, key=lambda r: r["stories"]):
        value = median_of(result["runs"].get(key, []), field)
        if value is not None:
            points.append((result["stories"], value))
    return points


def _figure(width: float = 7.5, height: float = 4.2):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _lines(axes, results: list[dict], keys, field: str) -> None:
    labels = dict(SCENARIOS)
    for key in keys:
        points = series(results, key, field)
        if points:
            xs, ys = zip(*points)
            axes.plot(xs, ys, marker="o", linestyle="--" if key.startswith("plain") else "-",
                      label=labels[key])
    sizes = sorted({r["stories"] for r in results})
    axes.set_xticks(sizes, [f"{size:,}" for size in sizes])
    axes.set_xlabel("hub size (stories)")
    axes.grid(True, alpha=0.3)
    axes.legend(loc="upper left", bbox_to_anchor=(1.02, 1), fontsize=8, frameon=False)


def build_time_chart(results: list[dict]):
    figure = _figure(9, 4.5)
    axes = figure.add_subplot()
    _lines(axes, results, [key for key, _ in SCENARIOS], "seconds")
    axes.set_yscale("log")
    axes.set_ylabel("median build time (s, log scale)")
    axes.set_title("Build time against hub size: Chorus and plain Pelican")
    return figure


def memory_chart(results: list[dict]):
    figure = _figure(9, 4.5)
    axes = figure.add_subplot()
    _lines(axes, results, MEMORY_SCENARIOS, "peak_mb")
    axes.set_ylim(bottom=0)
    axes.set_ylabel("peak resident memory (MB)")
    axes.set_title("Peak memory against hub size")
    return figure


def intake_chart(intake: dict):
    figure = _figure()
    axes = figure.add_subplot()
    runs = intake["runs"]
    width = 0.8 / len(PERCENTILES)
    for offset, (field, label) in enumerate(PERCENTILES):
        xs = [number + (offset - 1) * width for number in range(len(runs))]
        bars = axes.bar(xs, [run[field] for run in runs], width, label=label)
        axes.bar_label(bars, fmt="%.0f", fontsize=7)
    axes.set_xticks(range(len(runs)), [f"{run['label']}\n{run['per_second']:.0f} submissions/s"
                                       for run in runs])
    axes.set_ylabel("latency (ms)")
    axes.set_title(f"Intake latency, {runs[0]['clients']} concurrent clients")
    axes.legend(frameon=False)
    return figure


def save(figure, path: Path) -> None:
    import matplotlib

    with matplotlib.rc_context(STYLE):
        figure.savefig(path, format="svg", metadata={"Date": None})


def draw(results: list[dict], intake: dict | None, folder: Path) -> list[str]:
    """Write the charts for ``results`` (and ``intake`` if measured) into ``folder``."""
    import matplotlib

    folder.mkdir(parents=True, exist_ok=True)
    made = []
    with matplotlib.rc_context(STYLE):    # the style applies when a figure is made, too
        charts = [(BUILD_TIME, build_time_chart(results)), (MEMORY, memory_chart(results))] \
            if results else []
        if intake and intake.get("runs"):
            charts.append((INTAKE, intake_chart(intake)))
        for name, figure in charts:
            save(figure, folder / name)
            made.append(name)
    return made


def markdown(made: list[str]) -> list[str]:
    """Image links (relative, so a git forge's Markdown view shows them) for the charts made."""
    titles = {BUILD_TIME: "Build time against hub size, every scenario, Chorus and plain Pelican",
              MEMORY: "Peak memory against hub size", INTAKE: "Intake latency percentiles"}
    return [f"![{titles[name]}]({FOLDER_NAME}/{name})" for name in made]
