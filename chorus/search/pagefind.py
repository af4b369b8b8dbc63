"""Pagefind, the pinned wheel's binary, driven through its ``--service`` protocol.

The ``pagefind`` package's own Python client polls for each answer every 0.1 s (2,000 records
take minutes), so this module speaks the same protocol directly: requests are base64-encoded JSON objects, each followed by a
comma, answered the same way. Records are handed over ready-made (``chorus.search.records``):
Pagefind parses no HTML here, it only builds and writes the bundle."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from chorus.problems import ChorusError


class SearchIndexError(ChorusError):
    """Pagefind is missing or failed."""


# Pagefind's ready-made interfaces: the hub uses its own (theme/js/search.js), and these
# files carry their translators' names and email addresses, which the hub must not publish.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")


def find_binary(configured: str = "") -> Path:
    """The Pagefind executable: the configured one, else the pinned wheel's."""
    if configured:
        path = Path(configured)
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise SearchIndexError(f"CHORUS_SEARCH: binary '{configured}' is not an executable file")
        return path
    try:
        import pagefind_bin_extended as wheel
    except ImportError:
        try:
            import pagefind_bin as wheel
        except ImportError:
            raise SearchIndexError("site search needs Pagefind: pip install -r requirements.txt "
                                   "(pagefind, pagefind-bin-extended), or set "
                                   "CHORUS_SEARCH['enabled'] = False") from None
    return Path(wheel.get_executable())


class _Service:
    """One ``pagefind --service`` process. Requests are written without waiting for their
    answers (a thread reads the answers as they come, so neither pipe can fill up): a
    round trip per record would cost a context switch each on a busy machine."""

    def __init__(self, binary: Path, cwd: Path, timeout: float):
        self.process = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=cwd,
                                        env={"PATH": os.environ.get("PATH", ""), "HOME": str(cwd)})
        self.timer = threading.Timer(timeout, self.process.kill)
        self.timer.daemon = True
        self.timer.start()
        self.timeout = timeout
        self.number = 0
        self.answers: dict[int, dict[str, Any]] = {}
        self.arrived = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        buffer = b""
        while True:
            chunk = self.process.stdout.read1(1 << 16)
            if not chunk:
                break
            buffer += chunk
            *complete, buffer = buffer.split(b",")
            with self.arrived:
                for message in complete:
                    answer = json.loads(base64.b64decode(message))
                    self.answers[answer.get("message_id") or 0] = answer["payload"]
                self.arrived.notify_all()
        with self.arrived:
            self.answers[-1] = {"type": "Error", "message": "Pagefind stopped (it is stopped after "
                                f"{self.timeout:g}s: raise CHORUS_SEARCH['timeout'] for a larger hub)"}
            self.arrived.notify_all()

    def send(self, payload: dict[str, Any]) -> int:
        """Write one request; returns its number for ``wait``."""
        self.number += 1
        message = {"message_id": self.number, "payload": payload}
        try:
            self.process.stdin.write(base64.b64encode(json.dumps(message).encode()) + b",")
        except (BrokenPipeError, OSError) as error:
            raise SearchIndexError(f"Pagefind stopped: {error}") from None
        return self.number

    def wait(self, number: int) -> dict[str, Any]:
        """The answer to request ``number`` once every request up to it is answered (the
        service may answer out of order); the first error among them is raised."""
        try:
            self.process.stdin.flush()
        except (BrokenPipeError, OSError) as error:
            raise SearchIndexError(f"Pagefind stopped: {error}") from None
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.answers) >= number or -1 in self.answers)
            failed = next((a for a in self.answers.values() if a.get("type") == "Error"), None)
        if failed is not None:
            raise SearchIndexError(f"Pagefind: {failed.get('message', failed)}")
        return self.answers[number]

    def close(self) -> None:
        self.timer.cancel()
        try:
            self.process.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.reader.join(timeout=10)


def write_bundle(records: Iterable[dict[str, Any]], bundle: Path, binary: Path, timeout: float,
                 attempts: int = 3) -> int:
    """Index ``records`` (url, content, language, meta, filters) and write the bundle into
    the new folder ``bundle``; returns how many records it holds. Pagefind answers the write
    request before every file is complete now and then (an empty ``pagefind-entry.json`` was
    seen under load), so the bundle is checked and written again, up to ``attempts`` times;
    a bundle that is still incomplete is an error, never served."""
    records = list(records)
    for _attempt in range(attempts):
        _write_once(records, bundle, binary, timeout)
        for name in UNUSED:
            (bundle / name).unlink(missing_ok=True)
        if _complete(bundle):
            return len(records)
        shutil.rmtree(bundle, ignore_errors=True)
    raise SearchIndexError(f"Pagefind wrote an incomplete index {attempts} times")


def _write_once(records: list[dict[str, Any]], bundle: Path, binary: Path, timeout: float) -> None:
    service = _Service(binary, bundle.parent, timeout)
    try:
        index = service.wait(service.send({"type": "NewIndex", "config": None}))["index_id"]
        for record in records:
            service.send({"type": "AddRecord", "index_id": index, "sort": None, **record})
        service.wait(service.send({"type": "WriteFiles", "index_id": index, "output_path": str(bundle)}))
    finally:
        service.close()


def _complete(bundle: Path) -> bool:
    """Whether the bundle's entry file parses and no file in it is empty."""
    try:
        json.loads((bundle / "pagefind-entry.json").read_bytes())
    except (OSError, ValueError):
        return False
    return all(path.stat().st_size > 0 for path in bundle.rglob("*") if path.is_file())
