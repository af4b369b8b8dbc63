"""From card data to files: clean the text, name each card by its hash, draw only what
the cache lacks (in parallel), and place the cards in the output."""

from __future__ import annotations

import dataclasses
import logging
import os
import shutil
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from chorus.progress import BUILD_STAGES, CARDS, NO_PROGRESS, Progress
from chorus.sharecard import ShareCard

from .filedigests import FileDigests
from .fonts import FontChain
from .model import HEIGHT, WIDTH, CardData, card_key, file_name

logger = logging.getLogger(__name__)
TEXT_FIELDS = ("title", "quote", "name", "detail", "date", "question", "initials", "brand_name",
               "site_label")
IN_PROCESS_BELOW = 8      # a pool costs more than it saves for a handful of cards


@dataclass(frozen=True)
class Planned:
    card: CardData
    name: str                 # file name inside the cards folder
    share: ShareCard


def cleaned(card: CardData, chain: FontChain) -> CardData:
    """The card without characters no font covers; each one is reported with the page."""
    if chain.drawable.issuperset("".join(getattr(card, name) for name in TEXT_FIELDS)):
        return card
    from .segment import clean   # here: text shaping (and its regex module) only when needed

    changes = {}
    for name in TEXT_FIELDS:
        text, missing = clean(getattr(card, name), chain)
        if missing:
            logger.warning("Chorus cards: page '%s': left out %s from the card's %s: no font has %s",
                           card.page_url or "(home)", ", ".join(f"U+{ord(m[0]):04X}" for m in missing),
                           name, "it" if len(missing) == 1 else "them")
            changes[name] = text
    return dataclasses.replace(card, **changes) if changes else card


def plan(cards: list[CardData], chain: FontChain, folder: str = "cards",
         files: FileDigests | None = None) -> list[Planned]:
    """Clean, hash and name every card (``files``: the pictures' digests from earlier builds)."""
    files = files or FileDigests()
    digests: dict[str, str] = {}
    planned = []
    for card in cards:
        card = cleaned(card, chain)
        for path in (card.photo, card.logo, card.picture):
            if path and path not in digests:
                digests[path] = files.of(path)
        name = file_name(card, card_key(card, chain.digest, digests))
        share = ShareCard(f"{folder}/{name}", WIDTH, HEIGHT, card.alt_text(),
                          title=card.title or card.question or card.quote, kind=card.kind)
        planned.append(Planned(card, name, share))
    return planned


_WORKER_CHAIN: list[FontChain] = []    # set once per worker process by _init_worker


def _init_worker(chain: FontChain) -> None:
    _WORKER_CHAIN[:] = [chain]


def draw_card(card: CardData, chain: FontChain, target: Path, compress_level: int) -> None:
    """Lay out, draw and write one card (atomically: a half-written file never counts as cached)."""
    # Imported here: a build whose cards are all cached loads no layout, shaping or drawing code.
    from .draw import encode_png, render
    from .layout import layout

    data = encode_png(render(layout(card, chain)), compress_level)
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    partial.write_bytes(data)
    os.replace(partial, target)


def _draw_in_worker(card: CardData, target: str, compress_level: int) -> None:
    draw_card(card, _WORKER_CHAIN[0], Path(target), compress_level)


def render_missing(planned: list[Planned], chain: FontChain, cache: Path, workers: int,
                   compress_level: int, report: Progress = NO_PROGRESS) -> int:
    """Draw the cards the cache does not hold; returns how many were drawn."""
    cache.mkdir(parents=True, exist_ok=True)
    present = set(os.listdir(cache))              # one directory read instead of a stat per card
    todo = [item for item in planned if item.name not in present]
    report.start(CARDS, BUILD_STAGES[CARDS], total=len(todo))
    workers = min(workers or os.cpu_count() or 1, len(todo))
    if len(todo) < IN_PROCESS_BELOW or workers <= 1:
        for item in todo:
            draw_card(item.card, chain, cache / item.name, compress_level)
            report.advance(CARDS)
    else:
        with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(chain,)) as pool:
            jobs = [pool.submit(_draw_in_worker, item.card, str(cache / item.name), compress_level)
                    for item in todo]
            for job in as_completed(jobs):
                job.result()
                report.advance(CARDS)
    report.finish(CARDS)
    return len(todo)


def prune(folder: Path, keep: set[str]) -> int:
    """Remove card files in ``folder`` that this build did not produce."""
    removed = 0
    if folder.is_dir():
        for path in folder.iterdir():
            if path.is_file() and path.name not in keep and path.suffix in (".png", ".jpg", ".tmp"):
                path.unlink()
                removed += 1
    return removed


def place(names: set[str], cache: Path, target: Path) -> None:
    """Hard-link (or copy) the cards from the cache into the output, removing stale ones.

    A card already in place is touched (same times, fresh inode change time): the
    incremental-output plugin keeps only files made or touched during the build."""
    target.mkdir(parents=True, exist_ok=True)
    prune(target, names)
    present = set(os.listdir(target))
    for name in sorted(names & present):
        status = os.stat(target / name)
        os.utime(target / name, ns=(status.st_atime_ns, status.st_mtime_ns))
    for name in sorted(names - present):
        try:
            os.link(cache / name, target / name)
        except OSError:
            shutil.copyfile(cache / name, target / name)
