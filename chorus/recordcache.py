"""Validated records by digest of each content file, so a build reads and checks every
file but re-parses only what changed.

Every build still reads every file's bytes and hands every file to ``validate``. What is
cached is the *result* for a valid file: its ``Record`` (kind, slug, parsed fields, body),
under a SHA-256 of the file's path under content/ and its bytes. An entry is reused only when

- the cache file was written under the same fingerprint: the source of the validating code
  (``chorus.validate`` and every ``chorus`` module it uses), the Python and Unicode
  versions, and the site's timezone (a bare date is the start of that day in it);
- the cache file is whole: its entries carry a SHA-256 that must match;
- the entry decodes to a record of the file's own path, kind and slug;
- every other file the validation looked for (an advocate file, a photo, the piece an award
  is for) still exists or still does not, asked again now.

Anything else is a miss and the file is validated afresh. A file with problems is never
cached: it is validated on every build, so its report (file, line, field, reason) is the
one a cold build gives. Validation does not depend on the build's day (what is due is
decided after, from the record), so the day is not part of the key.

One file per kind under ``CACHE_PATH`` (``chorus-records-story.json``, ...), loaded the
first time a file of that kind is validated: a line of JSON with the fingerprint and the
SHA-256 of the rest, then the entries as JSON. A body is kept as the line it starts on
(the file's bytes are at hand), not as text. Each save keeps only the entries this build
used (a removed file's entry goes) and replaces the file atomically.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import posixpath
import sys
import types
import unicodedata
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from chorus import headers
from chorus.fields import ParseContext
from chorus.output import replace_bytes
from chorus.problems import Problem
from chorus.schema import FOLDERS, Kind
from chorus.validate import Record, validate_file

logger = logging.getLogger(__name__)

FORMAT = 1


def validator_modules() -> list[types.ModuleType]:
    """``chorus.validate`` and every ``chorus`` module whose names it uses, transitively."""
    start = sys.modules["chorus.validate"]
    seen = {start.__name__: start}
    pending = [start]
    while pending:
        module = pending.pop()
        for value in vars(module).values():
            name = value.__name__ if isinstance(value, types.ModuleType) \
                else getattr(value, "__module__", None)
            if isinstance(name, str) and name.startswith("chorus.") and name not in seen \
                    and name in sys.modules:
                seen[name] = sys.modules[name]
                pending.append(sys.modules[name])
    seen[__name__] = sys.modules[__name__]
    return [seen[name] for name in sorted(seen)]


def fingerprint(zone: ZoneInfo) -> str:
    """What every entry of a cache file was computed under."""
    digest = hashlib.sha256(f"{FORMAT}|{sys.version}|{unicodedata.unidata_version}|{zone.key}".encode())
    for module in validator_modules():
        data = Path(module.__file__).read_bytes()
        digest.update(f"\0{module.__name__}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def file_key(relative: str, raw: bytes) -> str:
    return hashlib.sha256(relative.encode("utf-8") + b"\0" + raw).hexdigest()


# --- a record as JSON: every value tagged with its exact type ---------------------------

def _encode_value(value: Any) -> list:
    if isinstance(value, bool):
        return ["b", value]
    if isinstance(value, int):
        return ["i", value]
    if isinstance(value, str):
        return ["s", value]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return ["l", value]
    if isinstance(value, dt.datetime):
        if isinstance(value.tzinfo, ZoneInfo) and value.tzinfo.key:
            return ["z", value.replace(tzinfo=None).isoformat(), value.tzinfo.key, value.fold]
        if isinstance(value.tzinfo, dt.timezone):
            return ["t", value.isoformat()]
    elif isinstance(value, dt.date):
        return ["d", value.isoformat()]
    raise TypeError(f"no cache form for {type(value).__name__}")


def _decode_value(item: list) -> Any:
    tag = item[0]
    if tag == "b" and isinstance(item[1], bool):
        return item[1]
    if tag == "i" and type(item[1]) is int:
        return item[1]
    if tag == "s" and isinstance(item[1], str):
        return item[1]
    if tag == "l" and isinstance(item[1], list) and all(isinstance(x, str) for x in item[1]):
        return list(item[1])
    if tag == "z":
        naive = dt.datetime.fromisoformat(item[1])
        if naive.tzinfo is not None or item[3] not in (0, 1):
            raise ValueError("not a wall time")
        return naive.replace(tzinfo=ZoneInfo(item[2]), fold=item[3])
    if tag == "t":
        value = dt.datetime.fromisoformat(item[1])
        if not isinstance(value.tzinfo, dt.timezone):
            raise ValueError("not a fixed offset")
        return value
    if tag == "d":
        return dt.date.fromisoformat(item[1])
    raise ValueError(f"unknown tag {tag!r}")


def cacheable_kind(relative: str) -> Kind | None:
    """``kind_of(relative)`` for a plain path (``folder/name.md``, no ``.``, ``..`` or empty
    part), else None: such a file is validated every build, never looked up."""
    parts = relative.split("/")
    if len(parts) < 2 or "" in parts or "." in parts or ".." in parts:
        return None
    return FOLDERS.get(parts[0])


def encode_record(record: Record, raw: bytes) -> dict:
    """``record`` as JSON, its body as the line of ``raw`` it starts on (ValueError if none)."""
    return {"kind": record.kind.value, "path": record.path, "slug": record.slug,
            "body_line": _body_line(raw, record),
            "values": [[key, _encode_value(value)] for key, value in record.values.items()]}


def _body_line(raw: bytes, record: Record) -> int:
    text = headers.decode(record.path, raw)[0]
    # The body ends the text, but for blank lines: try the line it starts on first.
    start = len(text.rstrip("\n")) - len(record.body)
    guess = text.count("\n", 0, max(start, 0)) + 1 if record.body else text.count("\n") + 2
    for line in (guess, *range(1, text.count("\n") + 3)):
        if headers.body_from(text, line) == record.body:
            return line
    raise ValueError("the body is not a tail of the file")


def decode_record(entry: dict, relative: str, raw: bytes) -> Record:
    """The record ``entry`` holds for the file ``relative`` with bytes ``raw``;
    ValueError unless it is a whole record of that file."""
    kind = Kind(entry["kind"])
    stem = posixpath.splitext(posixpath.basename(relative))[0]
    line = entry["body_line"]
    if entry["path"] != relative or kind is not cacheable_kind(relative) \
            or entry["slug"] != stem or type(line) is not int or line < 1:
        raise ValueError("entry of another file")
    text = headers.decode(relative, raw)[0]
    if text is None:
        raise ValueError("not UTF-8")
    values = {}
    for key, item in entry["values"]:     # in the header's order, as validate gives them
        if not isinstance(key, str) or key in values:
            raise ValueError("not a field name")
        values[key] = _decode_value(item)
    return Record(kind, relative, entry["slug"], values, headers.body_from(text, line))


# --- the cache ---------------------------------------------------------------------------

@dataclasses.dataclass
class _Shelf:
    """The entries of one kind: as stored, and as used by this build."""

    stored: dict[str, dict]
    used: dict[str, dict] = dataclasses.field(default_factory=dict)
    added: bool = False          # an entry was validated afresh (it may replace a stored one)


class RecordCache:
    """Validates files, reusing the record of a file seen before with the same bytes.

    ``folder`` None: nothing is loaded or saved, every file is validated (the same
    results). ``hits`` and ``misses`` count this build's files.
    """

    def __init__(self, folder: str | Path | None, zone: ZoneInfo):
        self.folder = Path(folder) if folder else None
        self.zone = zone
        self._fingerprint = ""            # worked out when the first cache file is loaded
        self._shelves: dict[Kind, _Shelf] = {}
        self.hits = 0
        self.misses = 0

    def path(self, kind: Kind) -> Path:
        return self.folder / f"chorus-records-{kind.value}.json"

    def validate(self, relative: str, raw: bytes, ctx: ParseContext) -> tuple[Record | None, list[Problem]]:
        """``validate_file(relative, raw, ctx)``: the same record and problems."""
        kind = cacheable_kind(relative)
        if self.folder is None or kind is None or ctx.zone.key != self.zone.key:
            return validate_file(relative, raw, ctx)
        shelf = self._shelf(kind)
        key = file_key(relative, raw)
        entry = shelf.stored.get(key)
        if entry is not None:
            record = self._reuse(entry, relative, raw, ctx)
            if record is not None:
                self.hits += 1
                shelf.used[key] = entry
                return record, []
        self.misses += 1
        probing = dataclasses.replace(ctx, probes={})
        record, problems = validate_file(relative, raw, probing)
        if record is not None:
            try:
                shelf.used[key] = {**encode_record(record, raw), "probes": probing.probes}
                shelf.added = True
            except (TypeError, ValueError) as err:      # a value with no cache form: validated every build
                logger.debug("Chorus: not caching %s: %s", relative, err)
        return record, problems

    @staticmethod
    def _reuse(entry: dict, relative: str, raw: bytes, ctx: ParseContext) -> Record | None:
        try:
            record = decode_record(entry, relative, raw)
            probes = entry["probes"]
            if not isinstance(probes, dict):
                return None
            for probed, found in probes.items():
                if not isinstance(probed, str) or ctx.is_file(probed) is not found:
                    return None
        except (KeyError, IndexError, TypeError, ValueError, AttributeError):
            return None
        return record

    def _shelf(self, kind: Kind) -> _Shelf:
        if not self._fingerprint:
            self._fingerprint = fingerprint(self.zone)
        if kind not in self._shelves:
            self._shelves[kind] = _Shelf(self._load(self.path(kind)))
        return self._shelves[kind]

    def _load(self, path: Path) -> dict[str, dict]:
        """The entries of ``path``, or none if it is missing, unreadable, damaged or stale."""
        try:
            head, _, body = path.read_bytes().partition(b"\n")
            found = json.loads(head)
            if found["fingerprint"] != self._fingerprint \
                    or hashlib.sha256(body).hexdigest() != found["sha256"]:
                return {}
            entries = json.loads(body)
        except (OSError, ValueError, KeyError, TypeError, AttributeError, UnicodeError):
            return {}
        if not isinstance(entries, dict):
            return {}
        return {key: entry for key, entry in entries.items() if isinstance(entry, dict)}

    def save(self) -> None:
        """Write each kind's entries used by this build, where they differ from what is stored."""
        for kind, shelf in self._shelves.items():
            if not shelf.added and shelf.used.keys() == shelf.stored.keys():
                continue
            body = json.dumps(shelf.used, ensure_ascii=False, sort_keys=True,
                              separators=(",", ":")).encode("utf-8")
            head = json.dumps({"fingerprint": self._fingerprint,
                               "sha256": hashlib.sha256(body).hexdigest()}).encode("ascii")
            self.folder.mkdir(parents=True, exist_ok=True)
            replace_bytes(self.path(kind), head + b"\n" + body)
            shelf.stored, shelf.added = dict(shelf.used), False

