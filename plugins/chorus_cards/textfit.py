"""Fit text into a box: wrap by measured pixel width, shrink, and end with an ellipsis.

The result is plain data (lines of runs with measured widths and positions)
that draw.py paints and tests inspect.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

from .fonts import EMOJI_SIZE, FontChain, _has_raqm, truetype
from .segment import Cluster, analyse, paragraph_rtl, visual_runs, words

MAX_CLUSTERS = 600   # more never fits a card; bounds the work a hostile text can cause
EMOJI_SCALE = 0.9    # colour emoji look large next to letters of the same size
ELLIPSIS = "…"


@dataclass(frozen=True)
class Run:
    """Text drawn with one face, left edge at ``x``; ``emoji`` runs are one cluster."""

    path: str
    emoji: bool
    text: str
    rtl: bool
    x: float
    width: float


@dataclass(frozen=True)
class Line:
    runs: tuple[Run, ...]
    x: float
    baseline: float
    width: float


@dataclass(frozen=True)
class TextBlock:
    """A block of text laid out inside ``box`` (x, y, width, max height)."""

    text: str
    box: tuple[int, int, int, int]
    size: int
    colour: str
    lines: tuple[Line, ...]
    height: int
    truncated: bool
    rtl: bool
    missing: tuple[str, ...] = field(default=())


@lru_cache(maxsize=65536)
def measure(path: str, emoji: bool, text: str, size: int, rtl: bool) -> float:
    """Advance width in pixels of ``text`` drawn with one face."""
    if emoji:
        return truetype(path, EMOJI_SIZE).getlength(text) * size / EMOJI_SIZE * EMOJI_SCALE
    font = truetype(path, size)
    if _has_raqm():
        return font.getlength(text, direction="rtl" if rtl else "ltr")
    return font.getlength(text)


def _width(items: list[Cluster], size: int, rtl: bool) -> float:
    return sum(measure(face.path, face.emoji, text, size, level_rtl)
               for face, text, level_rtl in visual_runs(items, rtl))


def _trimmed(items: list[Cluster]) -> list[Cluster]:
    end = len(items)
    while end and items[end - 1].space:
        end -= 1
    return items[:end]


def wrap(items: list[Cluster], size: int, width: float, rtl: bool) -> list[list[Cluster]]:
    """Greedy lines by the summed widths of unbreakable pieces; a piece wider than a
    whole line is broken between clusters. ``fit`` checks each line's exact width."""
    lines: list[list[Cluster]] = [[]]
    used = 0.0
    for piece in words(items):
        body = _trimmed(piece)
        body_width = _width(body, size, rtl)
        if used + body_width <= width:
            lines[-1] = lines[-1] + piece
            used += body_width + _width(piece[len(body):], size, rtl)
            continue
        if body_width <= width:
            lines.append(list(piece))
            used = body_width + _width(piece[len(body):], size, rtl)
            continue
        if lines[-1]:
            lines.append([])
        for cluster in piece:
            candidate = lines[-1] + [cluster]
            if lines[-1] and _width(_trimmed(candidate), size, rtl) > width:
                lines.append([cluster])
            else:
                lines[-1] = candidate
        used = _width(lines[-1], size, rtl)
    return [_trimmed(line) for line in lines if _trimmed(line)]


def _ellipsize(line: list[Cluster], chain: FontChain, bold: bool, size: int, width: float,
               rtl: bool) -> list[Cluster]:
    dots, _ = analyse(ELLIPSIS, chain, bold)
    line = _trimmed(line)
    while line and _width(line + dots, size, rtl) > width:
        line = _trimmed(line[:-1])
    while line and line[-1].text in ",;:.-–—":
        line = line[:-1]
    return line + dots


def _place(lines: list[list[Cluster]], box: tuple[int, int, int, int], size: int, leading: float,
           rtl: bool, align: str) -> tuple[tuple[Line, ...], int]:
    x0, y0, box_w, _ = box
    advance = round(size * leading)
    placed = []
    for index, items in enumerate(lines):
        runs, cursor = [], 0.0
        for face, text, run_rtl in visual_runs(items, rtl):
            w = measure(face.path, face.emoji, text, size, run_rtl)
            runs.append(Run(face.path, face.emoji, text, run_rtl, cursor, w))
            cursor += w
        right = align == "right" or (align == "start" and rtl)
        x = x0 + (box_w - cursor if right else (box_w - cursor) / 2 if align == "center" else 0)
        baseline = y0 + round(size * 0.95) + index * advance
        placed.append(Line(tuple(Run(r.path, r.emoji, r.text, r.rtl, x + r.x, r.width) for r in runs),
                           x, baseline, cursor))
    height = round(size * 0.95 + size * 0.3) + (len(lines) - 1) * advance if lines else 0
    return tuple(placed), height


def moved(block: TextBlock, dy: int) -> TextBlock:
    """The same block ``dy`` pixels lower (for centring a block once its height is known)."""
    lines = tuple(Line(line.runs, line.x, line.baseline + dy, line.width) for line in block.lines)
    x, y, w, h = block.box
    return replace(block, box=(x, y + dy, w, h), lines=lines)


def fit(text: str, chain: FontChain, box: tuple[int, int, int, int], sizes: tuple[int, ...],
        max_lines: int, *, bold: bool = False, colour: str = "#000000", leading: float = 1.2,
        align: str = "start") -> TextBlock:
    """Lay ``text`` out in ``box`` at the largest size in ``sizes`` that fits ``max_lines``
    lines and the box height; at the smallest size, cut the last line with an ellipsis."""
    items, missing = analyse(" ".join(text[:MAX_CLUSTERS * 8].split()), chain, bold)
    items = items[:MAX_CLUSTERS]
    rtl = paragraph_rtl(items)
    width, height = box[2], box[3]
    for size in sizes:
        allowed = min(max_lines, max(1, int((height - size * 0.35) // round(size * leading)) + 1))
        lines = wrap(items, size, width - 1, rtl)
        truncated = len(lines) > allowed
        if truncated:
            lines = lines[:allowed - 1] + [_ellipsize(lines[allowed - 1], chain, bold, size, width, rtl)]
        placed, used = _place(lines, box, size, leading, rtl, align)
        if all(line.width <= width for line in placed) and (not truncated or size == sizes[-1]):
            break
    return TextBlock(text, box, size, colour, placed, used, truncated, rtl, tuple(missing))
