"""Text as drawable pieces: grapheme clusters, the font for each, bidi levels, break points.

Pure functions over strings and a FontChain; no drawing here.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex

from .fonts import Face, FontChain

_CLUSTER = regex.compile(r"\X")
# Code points that never need a glyph of their own (joiners, selectors, marks of emoji sequences).
_IGNORABLE = {0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFE0E, 0xFE0F, 0x20E3}
_EMOJI_MARKS = {0xFE0F, 0x200D, 0x20E3}
_NO_LINE_START = set("、。，．・：；？！）」』】〕〉》〙〗〟ー～ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ々"
                     ",.;:!?)]}%’”»…")
_NO_LINE_END = set("（「『【〔〈《〘〖〝([{‘“«")


@dataclass(frozen=True)
class Cluster:
    """One user-perceived character with the face that draws it."""

    text: str
    face: Face
    rtl: bool          # strong right-to-left (Hebrew, Arabic)
    ltr: bool          # strong left-to-right (letters and digits of LTR scripts)
    space: bool
    cjk: bool


def clusters(text: str) -> list[str]:
    """Grapheme clusters (extended), so an emoji ZWJ sequence or a flag is one item."""
    return _CLUSTER.findall(text)


def _needs_glyph(cluster: str) -> str:
    return "".join(ch for ch in cluster if ord(ch) not in _IGNORABLE
                   and unicodedata.category(ch) not in ("Cf",))


def is_emoji(cluster: str) -> bool:
    first = ord(cluster[0])
    if any(ord(ch) in _EMOJI_MARKS for ch in cluster[1:]):
        return True
    if 0x1F3FB <= first <= 0x1F3FF or 0x1F1E6 <= first <= 0x1F1FF:
        return True
    return first >= 0x1F000 or 0x2600 <= first <= 0x27BF or 0x2B00 <= first <= 0x2BFF


def pick_face(cluster: str, chain: FontChain, bold: bool, previous: Face | None) -> Face | None:
    """The face that draws ``cluster``, or None when no font covers it.

    Emoji clusters go to the colour font; a neutral cluster (space, punctuation)
    stays in the previous face when that face has it, so shaped runs stay whole."""
    needed = _needs_glyph(cluster)
    if chain.emoji and is_emoji(cluster) and chain.emoji.covers(needed or cluster[0]):
        return chain.emoji
    if not needed:
        return previous or chain.faces(bold)[0]
    neutral = unicodedata.category(needed[0])[0] in "ZP" or needed in "0123456789"
    if neutral and previous and not previous.emoji and previous.covers(needed):
        return previous
    return next((face for face in chain.faces(bold) if face.covers(needed)), None)


def _cjk(ch: str) -> bool:
    code = ord(ch)
    return (0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF
            or 0x20000 <= code <= 0x3FFFF) and not 0x3130 <= code <= 0x318F


def analyse(text: str, chain: FontChain, bold: bool) -> tuple[list[Cluster], list[str]]:
    """Clusters with faces and directions, and the clusters no font covers (left out)."""
    out: list[Cluster] = []
    missing: list[str] = []
    previous: Face | None = None
    chosen: dict[tuple[str, str], Face | None] = {}
    for item in clusters(text):
        if item in ("\n", "\r\n", "\t"):
            item = " "
        key = (item, previous.path if previous else "")
        if key not in chosen:
            chosen[key] = pick_face(item, chain, bold, previous)
        face = chosen[key]
        if face is None:
            missing.append(item)
            continue
        klass = unicodedata.bidirectional(item[0])
        out.append(Cluster(item, face, rtl=klass in ("R", "AL"), ltr=klass in ("L", "EN", "AN"),
                           space=item.isspace(), cjk=_cjk(item[0])))
        previous = face
    return out, missing


def break_after(items: list[Cluster], index: int) -> bool:
    """May a line end after ``items[index]``?"""
    here = items[index]
    if index + 1 >= len(items):
        return True
    after = items[index + 1]
    if here.text in _NO_LINE_END or after.text in _NO_LINE_START:
        return False
    if here.space:
        return True
    if here.cjk or after.cjk or here.face.emoji or after.face.emoji:
        return not after.space
    return here.text in "-–—/" and not after.space


def words(items: list[Cluster]) -> list[list[Cluster]]:
    """Unbreakable pieces; a piece's trailing spaces belong to it."""
    pieces: list[list[Cluster]] = []
    current: list[Cluster] = []
    for index, item in enumerate(items):
        current.append(item)
        if break_after(items, index):
            pieces.append(current)
            current = []
    if current:
        pieces.append(current)
    return pieces


def paragraph_rtl(items: list[Cluster]) -> bool:
    """Unicode rule P2: the first strong character sets the paragraph direction."""
    strong = next((c for c in items if c.rtl or (c.ltr and unicodedata.bidirectional(c.text[0]) == "L")),
                  None)
    return bool(strong and strong.rtl)


def levels(items: list[Cluster], rtl_paragraph: bool) -> list[int]:
    """Embedding levels: strong types keep theirs, neutrals take their neighbours' when
    both agree and the paragraph's otherwise (rules W/N1/N2/I1-I2, simplified)."""
    base = 1 if rtl_paragraph else 0
    edge = "R" if base else "L"
    kinds = ["R" if c.rtl else "L" if c.ltr else "" for c in items]
    after, following = [edge] * len(kinds), edge
    for index in range(len(kinds) - 1, -1, -1):
        after[index] = following
        following = kinds[index] or following
    levels_out, before = [], edge
    for index, kind in enumerate(kinds):
        if not kind:
            kind = before if before == after[index] else edge
        else:
            before = kind
        levels_out.append(1 if kind == "R" else (2 if base else 0))
    return levels_out


def visual_runs(items: list[Cluster], rtl_paragraph: bool) -> list[tuple[Face, str, bool]]:
    """One line's runs (face, text in logical order, right-to-left?) in visual order, left first."""
    if not items:
        return []
    if not rtl_paragraph and not any(c.rtl for c in items):     # the common case: no bidi at all
        lv = [0] * len(items)
    else:
        lv = levels(items, rtl_paragraph)
    runs: list[tuple[Face, list[str], int]] = []
    for item, level in zip(items, lv):
        if runs and runs[-1][0] == item.face and runs[-1][2] == level and not item.face.emoji:
            runs[-1][1].append(item.text)
        else:
            runs.append((item.face, [item.text], level))
    order = list(range(len(runs)))
    for floor in range(max(lv), 0, -1):     # rule L2: reverse sequences at or above each level
        i = 0
        while i < len(order):
            if runs[order[i]][2] >= floor:
                j = i
                while j < len(order) and runs[order[j]][2] >= floor:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return [(runs[k][0], "".join(runs[k][1]), runs[k][2] % 2 == 1) for k in order]


def clean(text: str, chain: FontChain) -> tuple[str, list[str]]:
    """``text`` without the clusters no font can draw, and those clusters (never drawn as boxes)."""
    if chain.drawable.issuperset(text):
        return text, []
    kept: list[str] = []
    missing: list[str] = []
    for item in clusters(text):
        needed = _needs_glyph(item) or item[:1]
        if item.isspace() or all(chain.covers_anywhere(ch) for ch in needed):
            kept.append(item)
        else:
            missing.append(item)
    return "".join(kept), missing
