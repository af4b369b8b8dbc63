"""`./hub serve`: the whole hub on one loopback port, for a newcomer's demo and for previews.

One ASGI app: the intake service (the form, status pages, the desk, with the
publisher in its lifespan) answers its own paths; every other path is the live
output, served as static files (each request follows the ``output`` symlink, so
it always sees one whole build). A file watcher queues a publish when content,
theme, plugins or settings change, so every build, whether after a decision or an
edit, goes through the one publisher and the one build lock.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

from starlette.staticfiles import StaticFiles

from chorus import building, serving, site
from chorus.publisher import Publisher, PublisherSettings
from chorus.store import publishes
from chorus_intake.app import create_app
from chorus_intake.config import SECRET_ENV, Service, load_service

log = logging.getLogger(__name__)
INTAKE_PATHS = ("/submit", "/thanks", "/status", "/desk", "/static", "/brand.css", "/healthz",
                "/moderation")


def _is_intake(path: str) -> bool:
    return any(path == prefix or path.startswith(prefix + "/") for prefix in INTAKE_PATHS)


class OneHub:
    """Dispatch by path: the service's paths to ``intake``, the rest to the live site."""

    def __init__(self, intake, live: Path):
        self.intake = intake
        self.site = StaticFiles(directory=str(live), html=True, check_dir=False)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "lifespan" or _is_intake(scope.get("path", "")):
            return await self.intake(scope, receive, send)
        return await self.site(scope, receive, send)


def hub_overrides(settings: dict, port: int) -> dict:
    """The settings that make the site, the buttons, the form and its origin check, and the
    links in status pages and mails meet on one port."""
    origin = f"http://127.0.0.1:{port}"
    return {"CHORUS_SITEURL": origin,
            "CHORUS_INTAKE": {**(settings.get("CHORUS_INTAKE") or {}), "public_url": origin},
            "CHORUS_BRAND": {**(settings.get("CHORUS_BRAND") or {}), "submit_url": "/submit"}}


def hub_app(service: Service, load: Callable[[], dict], interval: float = 0.5) -> OneHub:
    """The one app for ``service``, its publisher building ``load()`` after each decision."""
    worker = Publisher(service.desk, load, PublisherSettings(enabled=True, interval=interval),
                       service.clock)
    service = dataclasses.replace(service, publisher=worker)
    return OneHub(create_app(service), building.live_path(service.settings))


def queue_rebuild(service: Service, now: dt.datetime) -> None:
    """A change on disk: queue a publish, coalesced with any decision's."""
    with service.desk.store.write() as conn:
        publishes.enqueue(conn, "files", None, "", now)


def _watch(service: Service, paths: list[Path], stop: threading.Event) -> None:
    from watchfiles import watch

    for _changes in watch(*paths, debounce=400, stop_event=stop):
        try:
            queue_rebuild(service, service.clock())
        except Exception as err:          # the watcher must outlive a database's bad day
            log.warning("serve: %s", err)


def serve_hub(conf: Path, port: int, today: str | None, report: Callable[[str], None]) -> None:
    """Build, then serve the whole hub on 127.0.0.1:``port`` until Ctrl+C or SIGTERM."""
    import uvicorn

    first = site.load_settings(conf, today=today)
    overrides = hub_overrides(first, port)
    day = first["CHORUS_TODAY"]  # a preview left running overnight does not jump

    def load() -> dict:
        return site.load_settings(conf, today=day, overrides=overrides)
    settings = load()
    service = load_service(settings, conf.parent, os.environ, dev=not os.environ.get(SECRET_ENV))
    service.desk.store.engine            # migrate the schema now: a bad database URL fails at start
    report(serving.rebuild(load))
    stop = threading.Event()
    threading.Thread(target=_watch, args=(service, serving.watched(settings, conf), stop),
                     daemon=True, name="chorus-watch").start()
    try:
        uvicorn.run(hub_app(service, load), host="127.0.0.1", port=port, proxy_headers=False,
                    server_header=False, date_header=False, log_level="warning",
                    access_log=False)
    finally:
        stop.set()
