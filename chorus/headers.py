"""Read a content file: ``Key: value`` header lines, a blank line, then the body.

Unlike Python-Markdown's meta extension this keeps the line number of every
field, so each problem can point at its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from chorus.problems import Problem

_KEY_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*)\s*:\s?(.*)$")


@dataclass(frozen=True)
class Field:
    value: str
    line: int


@dataclass
class Document:
    path: str
    fields: dict[str, Field] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1

    def line_of(self, key: str) -> int:
        found = self.fields.get(key)
        return found.line if found else 1


def decode(path: str, raw: bytes) -> tuple[str | None, list[Problem]]:
    """Decode UTF-8 strictly; a BOM is tolerated, anything else undecodable is a problem."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, [Problem(path, line, "encoding",
                              f"byte {err.start} is not valid UTF-8; save the file as UTF-8")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def parse(path: str, text: str) -> tuple[Document, list[Problem]]:
    """Split ``text`` into header fields (keys lower-cased) and body."""
    doc = Document(path)
    problems: list[Problem] = []
    lines = text.split("\n")
    index = 0
    while index < len(lines) and lines[index].strip() == "":
        index += 1
    while index < len(lines):
        line = lines[index]
        number = index + 1
        if line.strip() == "":
            index += 1
            break
        match = _KEY_LINE.match(line)
        if not match:
            if line[:1] in (" ", "\t") and doc.fields:
                problems.append(Problem(path, number, "header",
                                        "continuation lines are not supported; keep each field on one line"))
            else:
                problems.append(Problem(path, number, "header",
                                        "expected 'Key: value' or a blank line before the body"))
            index += 1
            continue
        key = match.group(1).lower()
        if key in doc.fields:
            problems.append(Problem(path, number, key,
                                    f"given twice (first on line {doc.fields[key].line}); keep one"))
        else:
            doc.fields[key] = Field(match.group(2).strip(), number)
        index += 1
    doc.body_line = index + 1
    doc.body = body_from(text, doc.body_line)
    return doc, problems


def body_from(text: str, line: int) -> str:
    """The body of ``text`` (decoded) whose header ends before line ``line``: everything
    from that line on, without leading or trailing blank lines."""
    parts = text.split("\n", line - 1)
    return parts[line - 1].strip("\n") if len(parts) == line else ""
