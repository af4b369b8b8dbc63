"""The command line of a hub made by ``./hub new``: ``python -m chorus.scaffold.run
build|serve|publish|check`` in the hub's folder (its ``hub`` launcher does this)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from chorus import site
from chorus.problems import ChorusError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="./hub", description="Build or preview this Chorus hub.")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (("build", "build into output/"), ("publish", "build for the web into output.publish/ (needs CHORUS_SITEURL)")):
        command = commands.add_parser(name, help=text)
        command.add_argument("--today", help="build as of this day (YYYY-MM-DD)")
        command.add_argument("--keep-going", action="store_true", help="leave out files with problems")
    serve = commands.add_parser("serve", help="preview on http://127.0.0.1:PORT/, rebuilding on change")
    serve.add_argument("--port", type=int, default=8000)
    commands.add_parser("check", help="validate every content file")
    return parser


def _build(conf: str, args: argparse.Namespace) -> None:
    from pelican.log import init

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    init(level=logging.WARNING, handler=handler)
    settings = site.load_settings(Path(conf).resolve(), today=args.today, keep_going=args.keep_going)
    if conf == "publishconf.py":
        site.require_absolute_siteurl(settings)
    result = site.build(settings)
    print(f"Built the hub as of {result.day.isoformat()}: {result.html_pages} pages in {result.output}/")
    if conf == "pelicanconf.py":
        print("See it: run `./hub serve` and open http://127.0.0.1:8000/")


def _check() -> None:
    from chorus.check import validate_tree
    from chorus.clock import site_zone
    from chorus.problems import format_report

    settings = site.load_settings(Path("pelicanconf.py").resolve())
    checked, problems = validate_tree(Path(settings["PATH"]), site_zone(settings["TIMEZONE"]))
    if problems:
        raise ChorusError(format_report(problems))
    print(f"All {checked} content files are valid.")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "serve":
            print(f"Serving on http://127.0.0.1:{args.port}/ (Ctrl+C to stop); rebuilding on change.", flush=True)
            os.execv(sys.executable, [sys.executable, "-m", "pelican", "--autoreload", "--listen", "--bind",
                                      "127.0.0.1", "--port", str(args.port), "-s", "pelicanconf.py"])
        elif args.command == "check":
            _check()
        else:
            _build("publishconf.py" if args.command == "publish" else "pelicanconf.py", args)
    except ChorusError as err:
        print(f"Failed.\n{err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
