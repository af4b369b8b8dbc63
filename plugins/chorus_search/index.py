"""Run Pagefind over a built output folder without writing into any existing file.

The output may be a staging folder seeded with hard links to the live build, so Pagefind
never writes into the output itself: it writes a complete bundle into a fresh folder next to
it, which is renamed into place; the previous bundle is renamed aside and removed (unlinking
never changes the live build's files)."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from chorus.problems import ChorusError

logger = logging.getLogger(__name__)


class SearchIndexError(ChorusError):
    """Pagefind is missing or failed."""


@dataclass(frozen=True)
class IndexResult:
    pages: int
    seconds: float


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
                                   "(pagefind[extended]), or set CHORUS_SEARCH['enabled'] = False") from None
    return Path(wheel.get_executable())


def _pages(log: str) -> int:
    """The page count Pagefind reports ("Indexed 123 pages")."""
    for line in log.splitlines():
        words = line.split()
        if len(words) >= 3 and words[0] == "Indexed" and words[2] in ("pages", "page"):
            return int(words[1])
    return 0


# Pagefind's ready-made interfaces: the hub uses its own (theme/js/search.js), and these
# files carry their translators' names and email addresses, which the hub must not publish.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")


def _drop_unused(bundle: Path) -> None:
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)


def build_index(output: Path, folder: str, binary: Path, timeout: int = 600) -> IndexResult:
    """Index ``output`` and place the bundle at ``output/folder`` in one rename."""
    started = time.perf_counter()
    target = output / folder
    fresh = Path(tempfile.mkdtemp(prefix=f".{folder}-", dir=output.parent))
    bundle = fresh / folder
    try:
        done = subprocess.run(
            [str(binary), "--site", str(output), "--output-path", str(bundle)],
            capture_output=True, text=True, timeout=timeout, check=False,
            env={"PATH": os.environ.get("PATH", ""), "HOME": str(fresh)})
        if done.returncode != 0:
            raise SearchIndexError(f"Pagefind failed ({done.returncode}): "
                                   f"{(done.stderr or done.stdout).strip()[-600:]}")
        _drop_unused(bundle)
        old = fresh / "previous"
        if target.exists():
            target.rename(old)
        bundle.rename(target)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    return IndexResult(_pages(done.stdout), time.perf_counter() - started)


def html_digest(output: Path, folder: str, binary: Path) -> str:
    """A hash over every HTML page's path and bytes (outside the index) and the binary's
    size: when it matches the last build's, the index would come out the same."""
    digest = hashlib.sha256(f"{binary.stat().st_size}:{folder}".encode())
    for path in sorted(output.rglob("*.html")):
        relative = path.relative_to(output).as_posix()
        if relative.startswith(f"{folder}/"):
            continue
        digest.update(relative.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def keep_index(output: Path, folder: str) -> bool:
    """Mark an unchanged bundle as made by this build (a fresh inode change time, so the
    incremental writer's sweep keeps it); False when there is no bundle to keep."""
    bundle = output / folder
    if not (bundle / "pagefind-entry.json").is_file():
        return False
    for path in bundle.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns))
    return True
