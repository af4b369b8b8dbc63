"""Preview the hub on loopback: serve the live output and rebuild it (through the
build lock and the atomic switch) whenever content, theme, plugins or settings change.

Each rebuild reads the settings afresh; a request always sees one whole build,
since the live path is switched in one step.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from chorus import building
from chorus.problems import ChorusError

logger = logging.getLogger(__name__)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        logger.debug("serve: " + format, *args)


def start_server(live: Path, port: int, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    """An HTTP server for ``live`` on a daemon thread (each request follows the symlink)."""
    handler = functools.partial(_QuietHandler, directory=str(live))
    server = ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True, name="chorus-serve").start()
    return server


def rebuild(load: Callable[[], dict], on_wait: Callable[[], None] | None = None) -> str:
    """One locked, atomic build; a line saying how it went (problems do not stop serving)."""
    try:
        result = building.build_live(load(), on_wait=on_wait)
    except ChorusError as err:
        return f"Build failed; still serving the previous build.\n{err}"
    return f"Built the hub as of {result.day.isoformat()} in {result.seconds:.2f}s."


def watched(settings: dict, conf: Path) -> list[Path]:
    paths = [Path(settings["PATH"]), Path(settings["THEME"]), conf]
    paths += [Path(folder) for folder in settings.get("PLUGIN_PATHS", [])]
    return [path for path in paths if path.exists()]


def serve(load: Callable[[], dict], conf: Path, port: int, report: Callable[[str], None],
          on_wait: Callable[[], None] | None = None) -> None:
    """Build, serve on 127.0.0.1:``port``, rebuild on every change until interrupted."""
    from watchfiles import watch

    settings = load()
    report(rebuild(load, on_wait))
    server = start_server(building.live_path(settings), port)
    try:
        for _changes in watch(*watched(settings, conf), debounce=400):
            report(rebuild(load, on_wait))
    finally:
        server.shutdown()
