"""Benchmark (not a test): worst-case render time of a story that a submission may contain.

    .venv/bin/python bench/markdown_limits.py

For each construct for which Python-Markdown is super-linear, builds the worst
body that still passes chorus.submission.check (at the limits of
chorus.safemd.MarkdownLimits, within 10,000 characters), neutralises it as
approval does, and prints the best of 5 render times in CPU time (Markdown + nh3; CPU time
rather than wall time so a busy machine does not distort the numbers). Also shows
what the same construct costs without the limits, to show why they exist.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent.parent)]

from chorus.safemd import MarkdownLimits, neutralise  # noqa: E402
from chorus.sanitize import new_markdown, render  # noqa: E402
from chorus.submission import check  # noqa: E402

L = MarkdownLimits()
FILL = "Plain words keep the text long. "


def padded(core: str, size: int = 9_900) -> str:
    """``core`` followed by plain paragraphs up to ``size`` characters."""
    lines = [core]
    while sum(map(len, lines)) + len(FILL) * 8 < size:
        lines.append(FILL * 6)
    return "\n\n".join(lines)[:size]


AT_LIMITS = {
    "plain text, 10,000 chars": padded(""),
    f"'[' x{L.brackets}": padded("[" * L.brackets),
    f"'[a](' x{L.links}": padded("[a](" * L.links),
    f"'<a ' x{L.angle_brackets}": padded("<a " * L.angle_brackets),
    f"backticks x{L.backticks}": padded("`a " * L.backticks),
    f"'*_' x{L.emphasis // 2}": padded("*_" * (L.emphasis // 2)),
    f"entities x{L.entities}": padded("&#x61;" * L.entities),
    f"headings x{L.headings}": padded("## h\n" * L.headings),
    f"table lines x{L.table_lines}": padded("a|b|c\n-|-|-\n" + "1|2|3\n" * (L.table_lines - 2)),
    f"definition lines x{L.definition_lines}": padded("t\n: d\n\n" * L.definition_lines),
    f"footnotes x{L.footnotes}": padded("".join(f"x[^{i}]\n\n[^{i}]: n\n\n" for i in range(L.footnotes // 2))),
    f"links x{L.links}": padded(" ".join(f"[l](https://e.com/{i})" for i in range(L.links))),
    f"quote depth {L.quote_depth}": padded(("> " * L.quote_depth + "x\n") * 50),
    f"list depth {L.list_depth}": padded("".join("    " * i + "- x\n" for i in range(L.list_depth)) * (L.list_items // L.list_depth)),
    f"list items x{L.list_items}": padded("- item\n" * L.list_items),
    f"quote marks x{L.quotes}": padded("'\"" * (L.quotes // 2)),
    "everything at once": padded("\n\n".join([
        "[" * 20, "<a " * 10, "`a " * 25, "*_" * 40, "## h\n" * 10, "> > > > x", "'\"" * 250])),
}
UNLIMITED = {
    "'[' x2,000 (refused)": "[" * 2_000,
    "'<a ' x6,600 (refused)": "<a " * 6_600,
    "'`a ' x6,600 (refused)": "`a " * 6_600,
    "headings x2,000 (refused)": "## h\n" * 2_000,
    "nested quotes x500 (refused)": "> " * 500 + "x",
}


def best_ms(text: str, repeat: int = 5) -> float:
    md = new_markdown()
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        render(md, text)
        best = min(best, time.process_time() - started)
    return best * 1000


def main() -> None:
    plain = AT_LIMITS["plain text, 10,000 chars"]
    print(f"{'worst accepted body':38} {'chars':>6} {'accepted':>8} {'render ms':>10} {'x plain':>8}")
    for name, body in AT_LIMITS.items():
        problems = check({"kind": "story", "title": "t", "body": body, "name": "n",
                          "email": "n@example.com", "consent_name": "no"})[1]
        baseline, cost = best_ms(plain), best_ms(neutralise(body))
        print(f"{name:38} {len(body):6} {'yes' if not problems else 'NO':>8} "
              f"{cost:10.1f} {cost / baseline:8.2f}")
        for problem in problems:
            print(f"    refused: {problem.message}")
    print(f"\n{'without the limits (for comparison)':38} {'chars':>6} {'':>8} {'render ms':>10}")
    for name, body in UNLIMITED.items():
        print(f"{name:38} {len(body):6} {'':>8} {best_ms(body, repeat=1):10.1f}", flush=True)


if __name__ == "__main__":
    main()
