"""Run the service with uvicorn: `./hub intake.serve` and `python -m chorus_intake`."""

from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path

from chorus import site
from chorus.problems import ChorusError
from chorus_intake.app import create_app
from chorus_intake.config import load_service

log = logging.getLogger(__name__)


def serve(conf: str | Path, host: str = "127.0.0.1", port: int = 8050, dev: bool = False) -> None:
    """Serve the hub configured by ``conf`` until interrupted (raises ChorusError on bad settings)."""
    import uvicorn

    conf = Path(conf).resolve()
    settings = site.load_settings(conf)
    service = load_service(settings, conf.parent, os.environ, dev=dev, conf=conf)
    service.desk.store.engine          # migrate the schema now: a bad database URL fails at start
    app = create_app(service)
    log.warning("intake: serving %s on http://%s:%s/submit (public URL %s, the site at %s)",
                service.site_name, host, port, service.options.public_url, service.site_url)
    # proxy_headers off: X-Forwarded-For is trusted only as CHORUS_INTAKE["trusted_proxies"] says.
    uvicorn.run(app, host=host, port=port, proxy_headers=False, server_header=False,
                date_header=False, log_level="info", access_log=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m chorus_intake", description=__doc__)
    parser.add_argument("--conf", default="pelicanconf.py",
                        help="the settings file the service reads (default pelicanconf.py)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8050)
    parser.add_argument("--dev", action="store_true",
                        help="use a throwaway secret; without CHORUS_SITEURL, link to "
                             "http://127.0.0.1:8000")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s")
    try:
        serve(args.conf, args.host, args.port, args.dev)
    except ChorusError as err:
        print(f"intake: {err}")
        return 1
    return 0
