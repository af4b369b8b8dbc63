"""Turn benchmark results into a console table and the Markdown of docs/benchmarks.md.

Pure functions over plain data: a result is a dict as saved in bench/results/<N>.json::

    {"stories": 1000, "repeat": 3, "machine": {...}, "plugins": [...],
     "runs": {"chorus_cold": [{"seconds": 12.3, "peak_mb": 80.1}, ...], ...}}
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
NOT_INSTALLED = "n/a (plugin not installed)"

# (key, label) of every measured scenario, in table order.
SCENARIOS = (
    ("chorus_cold", "Chorus cold build (empty output, every cache empty)"),
    ("chorus_full_cards", "Chorus full build, empty output, warm card cache only"),
    ("chorus_full_warm", "Chorus full build, empty output, every cache warm"),
    ("chorus_warm", "Chorus warm rebuild, nothing changed"),
    ("chorus_edit", "Chorus rebuild after one story's text changed"),
    ("chorus_approve", "Chorus rebuild after one approval (new story + advocate)"),
    ("chorus_withdraw", "Chorus rebuild after one withdrawal"),
    ("plain_cold", "Plain Pelican cold build"),
    ("plain_warm", "Plain Pelican warm rebuild, nothing changed"),
)
# Stages measured by subtraction: build with every plugin minus build without one.
STAGES = (
    ("cards_cold", "Share cards, cold cache", "chorus_cards", "chorus_cold", "without_cards_cold"),
    ("cards_warm", "Share cards, warm cache", "chorus_cards", "chorus_warm", "without_cards_warm"),
    ("feeds", "Feed writing (warm)", "chorus_feeds", "chorus_warm", "without_feeds_warm"),
)


def median_of(samples: Iterable[dict], key: str) -> float | None:
    values = [s[key] for s in samples if s.get(key) is not None]
    return statistics.median(values) if values else None


def seconds(value: float | None) -> str:
    """Seconds as people read them: 0.42 s, 12.3 s, 2 min 05 s."""
    if value is None:
        return "n/a"
    if value < 10:
        return f"{value:.2f} s"
    if value < 120:
        return f"{value:.1f} s"
    minutes, rest = divmod(round(value), 60)
    return f"{minutes} min {rest:02d} s"


def megabytes(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f} MB"


def ratio(numerator: float | None, denominator: float | None) -> str:
    if numerator is None or not denominator:
        return "n/a"
    return f"{numerator / denominator:.2f}x"


def stage_rows(result: dict) -> list[tuple[str, str]]:
    """(label, seconds text) for each plugin stage, or why it is not measured."""
    runs, rows = result["runs"], []
    for _key, label, plugin, with_key, without_key in STAGES:
        if plugin not in result.get("plugins", []):
            rows.append((label, NOT_INSTALLED))
            continue
        full, without = median_of(runs.get(with_key, []), "seconds"), \
            median_of(runs.get(without_key, []), "seconds")
        text = "n/a (a build without it failed)" if full is None or without is None \
            else seconds(max(0.0, full - without))
        rows.append((label, text))
    return rows


def scenario_rows(result: dict) -> list[tuple[str, str, str]]:
    """(label, median seconds, median peak memory) for each scenario."""
    runs = result["runs"]
    return [(label, seconds(median_of(runs.get(key, []), "seconds")),
             megabytes(median_of(runs.get(key, []), "peak_mb"))) for key, label in SCENARIOS]


def ratio_rows(result: dict) -> list[tuple[str, str, str]]:
    """(what, ratio, target) for the Chorus/Pelican comparisons."""
    med = {key: median_of(result["runs"].get(key, []), "seconds") for key, _ in SCENARIOS}
    return [
        ("Chorus full build with warm card cache / plain cold",
         ratio(med["chorus_full_cards"], med["plain_cold"]), "<= 1.00x"),
        ("Chorus full build, every cache warm / plain cold",
         ratio(med["chorus_full_warm"], med["plain_cold"]), ""),
        ("Chorus cold (cards drawn too) / plain cold", ratio(med["chorus_cold"], med["plain_cold"]), ""),
        ("Chorus warm / plain warm", ratio(med["chorus_warm"], med["plain_warm"]), ""),
        ("Chorus after one approval / plain warm", ratio(med["chorus_approve"], med["plain_warm"]),
         "<= 0.10x at 5,000"),
        ("Chorus after one edit / plain warm", ratio(med["chorus_edit"], med["plain_warm"]), ""),
        ("Chorus after one withdrawal / plain warm", ratio(med["chorus_withdraw"], med["plain_warm"]), ""),
    ]


def memory_slope(results: list[dict]) -> float | None:
    """MB of peak memory per 1,000 stories between the smallest and largest run (cold builds)."""
    points = sorted((r["stories"], median_of(r["runs"].get("chorus_cold", []), "peak_mb"))
                    for r in results)
    points = [p for p in points if p[1] is not None]
    if len(points) < 2 or points[-1][0] == points[0][0]:
        return None
    (n0, m0), (n1, m1) = points[0], points[-1]
    return (m1 - m0) / (n1 - n0) * 1000


def probe_range(result: dict) -> tuple[float, float] | None:
    """Fastest and slowest CPU speed probe (ms for a fixed loop) taken before the builds."""
    probes = [s["probe_ms"] for samples in result["runs"].values() for s in samples if s.get("probe_ms")]
    return (min(probes), max(probes)) if probes else None


def table(result: dict) -> str:
    """A plain-text table for the console."""
    lines = [f"{result['stories']:,} stories, median of {result['repeat']} run(s)"]
    width = max(len(label) for _, label in SCENARIOS) + 2
    for label, time_text, memory in scenario_rows(result):
        lines.append(f"  {label:<{width}}{time_text:>12}  {memory:>8}")
    for label, text in stage_rows(result):
        lines.append(f"  {label:<{width}}{text:>12}".rstrip())
    for label, value, target in ratio_rows(result):
        lines.append(f"  {label:<{width}}{value:>12}  {('target ' + target) if target else ''}")
    return "\n".join(lines)


def md_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def intake_rows(intake: dict) -> list[tuple[str, ...]]:
    """(run, submissions/s, p50, p90, p99) for each run of bench/intake.py."""
    return [(f"{run['label']}, {run['clients']} clients", f"{run['per_second']:.1f}",
             f"{run['p50_ms']:.1f} ms", f"{run['p90_ms']:.1f} ms", f"{run['p99_ms']:.1f} ms")
            for run in intake["runs"]]


def markdown(results: list[dict], chart_links: list[str] = (), intake: dict | None = None) -> str:
    """The generated part of docs/benchmarks.md for every size measured: the charts
    (image links made by bench/charts.py), then a section per size, then intake."""
    results = sorted(results, key=lambda r: r["stories"])
    lines: list[str] = []
    for link in chart_links:
        lines += [link, ""]
    for result in results:
        m = result["machine"]
        lines += [f"### {result['stories']:,} stories", "",
                  f"Measured {m['date']} on {m['cpu']} ({m['cores']} cores, {m['ram_gb']} GB RAM); "
                  f"Python {m['python']}, Pelican {m['pelican']}, Pillow {m['pillow']}. "
                  f"Chorus plugins: {', '.join(result['plugins'])}. "
                  f"Each number is the median of {result['repeat']} run(s), each in a fresh process."]
        probes = probe_range(result)
        if probes:
            lines[-1] += (f" A fixed CPU loop run before each build took {probes[0]:.0f} to "
                          f"{probes[1]:.0f} ms during the run: compare ratios, not seconds.")
        lines.append("")
        lines += md_table(("scenario", "time", "peak memory"), scenario_rows(result)) + [""]
        lines += md_table(("stage (build with the plugin minus build without it)", "time"),
                           stage_rows(result)) + [""]
        lines += md_table(("ratio", "value", "target"), ratio_rows(result)) + [""]
    slope = memory_slope(results)
    sizes = " and ".join(f"{r['stories']:,}" for r in results)
    lines.append(f"Peak memory slope (cold Chorus build, {sizes} stories): "
                 + (f"**{slope:.1f} MB per 1,000 stories**." if slope is not None
                    else "n/a (needs runs at two sizes)."))
    if intake and intake.get("runs"):
        lines += ["", "### Intake service", "",
                  f"Measured {intake.get('date', 'n/a')} with `bench/intake.py` "
                  f"({intake['runs'][0]['seconds']:.0f} s per run, every submission fsynced)."
                  , ""]
        lines += md_table(("run", "submissions/s", "p50", "p90", "p99"), intake_rows(intake))
    return "\n".join(lines)


def splice(document: str, generated: str) -> str:
    """Replace the text between the bench markers in ``document`` (or append the block)."""
    block = f"{BEGIN}\n{generated}\n{END}"
    if BEGIN in document and END in document:
        head, rest = document.split(BEGIN, 1)
        return head + block + rest.split(END, 1)[1]
    return document.rstrip("\n") + "\n\n" + block + "\n"
