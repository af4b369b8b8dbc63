"""A file inbox as the old chorus/inbox.py wrote it, for the import tests and bench."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

STATES = ["pending", "changes_requested", "approved", "rejected", "withdrawn"]


def _dump(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _history(state: str, at: str) -> list[dict]:
    lines = [{"action": "submit", "by": "advocate", "at": at, "from": None, "to": "pending", "why": ""}]
    step = {"changes_requested": ("request-changes", "Shorter, please."),
            "approved": ("approve", ""), "rejected": ("reject", "Off topic."),
            "withdrawn": ("withdraw", "Asked by the advocate.")}.get(state)
    if step:
        lines.append({"action": step[0], "by": "Ana", "at": at, "from": "pending", "to": state,
                      "why": step[1]})
    return lines


def make_inbox(root: Path, count: int, photo: bytes = b"\xff\xd8\xff fake jpeg",
               seed: int = 7) -> list[str]:
    """Write ``count`` records (every 10th with a photo), keys, a private map and an outbox."""
    rng = random.Random(seed)
    inbox, outbox = root / "inbox", root / "outbox"
    (inbox / ".keys").mkdir(parents=True)
    outbox.mkdir()
    ids = []
    for number in range(count):
        receipt = f"2026{number // 100000 % 12 + 1:02d}{number % 28 + 1:02d}-{rng.getrandbits(32):08x}"
        state = STATES[number % len(STATES)]
        at = f"2026-11-{number % 28 + 1:02d}T{number % 24:02d}:00:00+00:00"
        fields = {"kind": "story", "title": f"Story {number}", "body": f"Body words {number}.",
                  "name": f"Person {number}", "display_name": "", "email": f"p{number}@example.com",
                  "consent_name": True, "consent_photo": number % 10 == 0, "product": "",
                  "rating": None, "role": "", "organisation": "", "prompt": None}
        record = {"id": receipt, "state": state, "kind": "story", "submitted_at": at,
                  "submission": fields, "fingerprint": hashlib.sha256(receipt.encode()).hexdigest(),
                  "has_photo": number % 10 == 0, "flags": [], "history": _history(state, at),
                  "intake": {"channel": "form"}}
        (inbox / receipt).mkdir()
        (inbox / receipt / "record.json").write_bytes(_dump(record))
        if record["has_photo"]:
            (inbox / receipt / "photo.jpg").write_bytes(photo)
        (inbox / ".keys" / hashlib.sha256(f"k{number}".encode()).hexdigest()).write_text(receipt + "\n")
        if number % 50 == 0:
            (outbox / f"20261120T170000-{receipt}-submit.eml").write_bytes(
                f"To: p{number}@example.com\nSubject: hi\n\nHello\n".encode())
        ids.append(receipt)
    (inbox / "advocates.json").write_bytes(_dump({"p0@example.com": "person-0"}))
    return ids
