"""Render the Markdown of a cold build on every core before Pelican reads file by file.

Pelican reads and renders one file at a time. When the render cache lacks many bodies
(a first build, a new checkout, an upgrade of the renderer), the content reader is
handed the generator's whole file list first (on Pelican's ``*_generator_preread``
signal, sent before each file is read; acted on at the first): it validates each file once, keeps the
result for ``read``, and renders the valid, due bodies it lacks in a process pool
(``chorus.sanitize.render_many``). Rendering is a pure function of the text, so the
HTML is the same as rendering in turn. A file invalid, withdrawn or scheduled for a
later day is never rendered, and its problems are reported by ``read`` exactly as
before (a file Pelican does not go on to read is not reported).
"""

from __future__ import annotations

import logging
import os

from chorus import progress

from .reader import ChorusReader

logger = logging.getLogger(__name__)


def prepare_generator(generator, paths_key: str, excludes_key: str) -> None:
    reader = getattr(generator, "readers", None) and generator.readers.readers.get("md")
    # Pelican sends the preread signal before every file: count each generator's files once.
    if not isinstance(reader, ChorusReader) or paths_key in reader.counted:
        return
    reader.counted.add(paths_key)
    files = generator.get_files(generator.settings[paths_key], exclude=generator.settings[excludes_key])
    progress.of(generator.settings).grow(progress.READ, len(files),
                                         progress.BUILD_STAGES[progress.READ])
    if reader.prepared:
        return
    sources = [os.path.abspath(os.path.join(generator.path, name)) for name in files]
    rendered = reader.prepare(sources, os.cpu_count() or 1)
    if rendered:
        logger.info("Chorus: rendered %d Markdown bodies ahead of reading", rendered)


def before_articles(generator) -> None:
    prepare_generator(generator, "ARTICLE_PATHS", "ARTICLE_EXCLUDES")


def before_pages(generator) -> None:
    prepare_generator(generator, "PAGE_PATHS", "PAGE_EXCLUDES")
