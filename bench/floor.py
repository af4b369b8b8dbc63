"""What a build costs before it renders anything: reading every content file into Pelican.

Issue 16 asks for a rebuild after one approval in at most 1.0 s at 1,000 stories and
2.0 s at 5,000, measured as ``./hub bench`` measures (a fresh interpreter per build),
while every content file is still read and validated on every build. This measures the
part of any such build that comes before deciding what to render: Pelican's context
stage (every generator's ``generate_context``: each file read, from a cache keyed by
its digest, and made into a content object), with warm caches, in a fresh interpreter
for each measurement::

    .venv/bin/python -m bench.floor                       # 1,000 stories, 3 rounds
    .venv/bin/python -m bench.floor --stories 1000 --stories 5000
    .venv/bin/python -m bench.floor --once chorus CONTENT CACHE    (one measurement, JSON)

Three builds of the same synthetic hub (``bench/synthetic.py``), alternating:

- ``chorus``: the hub's pelicanconf.py, every plugin; Chorus's caches warm (the records
  of validated files keyed by file digest, the rendered Markdown);
- ``plain-reader``: plain Pelican (``bench.build_once.plain_settings``) with its own content
  cache (``CACHE_CONTENT``, ``LOAD_CONTENT_CACHE``) at the ``reader`` layer: each file's
  metadata and HTML are kept, the content objects made again;
- ``plain-generator``: the same at the ``generator`` layer: Pelican keeps the content
  objects themselves (pickled) and makes again only those of changed files, which is
  what "a builder that keeps the last build's objects" costs when it is built on Pelican.

Nothing is rendered and nothing is written to an output folder. A measurement reports
the seconds to import Pelican, to construct ``Pelican`` (plugins loaded), the context
stage, the articles generator's share of it, and a CPU speed probe.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("chorus", "plain-reader", "plain-generator")
PLAIN_LAYER = {"plain-reader": "reader", "plain-generator": "generator"}


def settings_for(kind: str, content: str, cache: str, output: str) -> dict:
    """The build settings of ``kind`` for a hub at ``content`` (caches in ``cache``)."""
    from bench.build_once import chorus_settings, plain_settings

    if kind == "chorus":
        return chorus_settings(content, output, cache, [])
    settings = plain_settings(content, output)
    settings.update(CACHE_PATH=cache, CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True,
                    CONTENT_CACHING_LAYER=PLAIN_LAYER[kind])
    return settings


def context_stage(pelican) -> tuple[float, float, int]:
    """Run Pelican's context stage as ``Pelican.run`` does (without cleaning the output
    folder and without any output): seconds for all generators, seconds for the articles
    generator, and how many articles it made. Then, untimed, the signal that ends the stage,
    on which Chorus saves what it read (its caches are warm for the next measurement)."""
    from pelican import signals
    from pelican.generators import ArticlesGenerator

    context = pelican.settings.copy()
    context.update(generated_content={}, static_links=set(), static_content={},
                   localsiteurl=pelican.settings["SITEURL"])
    started = time.perf_counter()
    generators = [cls(context=context, settings=pelican.settings, path=pelican.path,
                      theme=pelican.theme, output_path=pelican.output_path)
                  for cls in pelican._get_generator_classes()]
    articles_seconds, articles = 0.0, 0
    for generator in generators:
        if hasattr(generator, "generate_context"):
            began = time.perf_counter()
            generator.generate_context()
            if isinstance(generator, ArticlesGenerator):
                articles_seconds = time.perf_counter() - began
                articles = len(generator.articles)
        if hasattr(generator, "check_disabled_readers"):
            generator.check_disabled_readers()
    seconds = time.perf_counter() - started
    signals.all_generators_finalized.send(generators)
    return seconds, articles_seconds, articles


def measure_once(kind: str, content: str, cache: str) -> dict:
    """One measurement in this interpreter (run it in a fresh one: ``--once``)."""
    import logging

    started = time.perf_counter()
    from pelican import Pelican
    imported = time.perf_counter() - started
    from bench.build_once import cpu_probe_ms

    logging.basicConfig(level=logging.ERROR)
    with tempfile.TemporaryDirectory(prefix="chorus-floor-out-") as output:
        settings = settings_for(kind, content, cache, output)
        probe = cpu_probe_ms()
        began = time.perf_counter()
        pelican = Pelican(settings)
        init = time.perf_counter() - began
        context, articles_seconds, articles = context_stage(pelican)
    return {"kind": kind, "import_s": round(imported, 3), "init_s": round(init, 3),
            "context_s": round(context, 3), "articles_s": round(articles_seconds, 3),
            "articles": articles, "probe_ms": probe}


def run_once(kind: str, content: Path, cache: Path) -> dict:
    """``measure_once`` in a fresh interpreter, as every measured build runs."""
    from bench.hub import build_environment

    done = subprocess.run([sys.executable, "-m", "bench.floor", "--once", kind, str(content), str(cache)],
                          cwd=ROOT, capture_output=True, text=True, check=False, env=build_environment())
    if done.returncode != 0:
        raise RuntimeError(f"{kind} measurement failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(stories: int, repeat: int, seed: int = 1, say=print) -> dict:
    """Generate a hub of ``stories``, warm every kind's caches, then ``repeat`` rounds."""
    from bench.synthetic import generate

    with tempfile.TemporaryDirectory(prefix="chorus-floor-") as work:
        content = Path(work) / "content"
        generate(content, stories, seed=seed)
        caches = {kind: Path(work) / f"cache-{kind}" for kind in KINDS}
        for kind in KINDS:   # twice: the first fills the caches, the second reads them back
            say(f"  {stories} stories: warming {kind}")
            for _ in range(2):
                run_once(kind, content, caches[kind])
        samples: dict[str, list[dict]] = {kind: [] for kind in KINDS}
        for number in range(repeat):
            for kind in KINDS:
                sample = run_once(kind, content, caches[kind])
                samples[kind].append(sample)
                say(f"  {stories} stories, round {number + 1}: {kind} context {sample['context_s']} s"
                    f" (probe {sample['probe_ms']} ms)")
    return {"stories": stories, "samples": samples}


def summary_rows(results: list[dict]) -> list[str]:
    """A Markdown table: medians per hub size and kind."""
    from bench.report import md_table, median_of

    rows = []
    for result in results:
        for kind in KINDS:
            samples = result["samples"][kind]
            probes = [sample["probe_ms"] for sample in samples]
            rows.append((f"{result['stories']:,}", kind,
                         *(f"{median_of(samples, key):.2f}" for key in ("import_s", "init_s", "context_s", "articles_s")),
                         f"{min(probes):.0f}-{max(probes):.0f}"))
    return md_table(("stories", "build", "import Pelican (s)", "Pelican() with plugins (s)", "context stage (s)",
                     "of which articles (s)", "CPU probe (ms)"), rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=int, action="append", help="hub size (repeatable; default 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds per size (default 3)")
    parser.add_argument("--json", default="", help="also save every sample to this file")
    parser.add_argument("--once", nargs=3, metavar=("KIND", "CONTENT", "CACHE"),
                        help="one measurement in this interpreter, printed as JSON")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if args.once:
        kind, content, cache = args.once
        if kind not in KINDS:
            parser.error(f"KIND must be one of {', '.join(KINDS)}")
        print(json.dumps(measure_once(kind, content, cache)))
        return 0
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    results = [measure(stories, args.repeat) for stories in (args.stories or [1000])]
    print("\n".join(summary_rows(results)))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
