"""Share-card benchmark: ms per card cold (one core, all cores) and a warm rebuild.

    .venv/bin/python bench/cards.py [--cards 5000] [--sample 200]

Cold, one core: layout + draw + PNG encode + write of --sample cards in this process
(wall time and CPU time; CPU time is what a busy machine cannot inflate).
Cold, all cores: every one of --cards cards drawn into an empty cache by the build's
process pool. Warm: the build's work for the same --cards unchanged cards: clean the text,
hash, find each in the cache, hard-link into a fresh output folder (three times).
The font chain is loaded once per build and reported on its own line.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "plugins")]

from chorus_cards.draw import encode_png, render  # noqa: E402
from chorus_cards.fonts import load_chain  # noqa: E402
from chorus_cards.layout import layout  # noqa: E402
from chorus_cards.model import CardData, Palette  # noqa: E402
from chorus_cards.pipeline import place, plan, render_missing  # noqa: E402

PALETTE = Palette("#1f4d3a", "#b4561b", "#1b1f1d", "#fbf8f2")
LOGO = str(ROOT / "theme/static/images/logo.png")
TITLES = ["The fifty kilometres I almost didn't start", "Lightning on the Divide, and the ten minutes I "
          "spent crouched in a boulder field", "四十五歳、初めての百キロレースで学んだこと",
          "מה המדבר לימד אותי על מים, חום וסבלנות", "Stroller miles 👨‍👩‍👧 with a toddler 👍🏽",
          "Zoë's first winter on the Mineral Belt"]
QUOTE = ("At the start line of my first 50K I was still arguing with myself about whether I belonged "
         "there. The first climb sorted that out.")


def sample_cards(count: int) -> list[CardData]:
    cards = []
    for i in range(count):
        kind = ("story", "story", "story", "testimonial", "advocate", "prompt")[i % 6]
        title = f"{TITLES[i % len(TITLES)]} #{i}"
        cards.append(CardData(kind, f"card-{i}", f"{kind}/{i}/", PALETTE, "Ridgeline", title=title,
                              quote=QUOTE, name="Maya Okafor", initials="MO", rating=5 - i % 3,
                              detail="3 November 2026 · Scree 3 trail shoe", date="Sunday 22 November 2026",
                              question=title, logo=LOGO))
    return cards


def cold_single(cards: list[CardData], chain, folder: Path, level: int) -> tuple[float, float]:
    for card in cards[:6]:                                      # warm the font caches first
        encode_png(render(layout(card, chain)), level)
    wall, cpu = time.perf_counter(), time.process_time()
    for index, card in enumerate(cards):
        (folder / f"{index}.png").write_bytes(encode_png(render(layout(card, chain)), level))
    return ((time.perf_counter() - wall) * 1000 / len(cards), (time.process_time() - cpu) * 1000 / len(cards))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--level", type=int, default=3, help="PNG compress level")
    parser.add_argument("--seed-cache", action="store_true",
                        help="skip the cold all-cores run; fill the cache with links to one card")
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}")
    started = time.perf_counter()
    chain = load_chain()
    print(f"font chain: {(time.perf_counter() - started) * 1000:.0f} ms")
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        (scratch / "single").mkdir()
        wall, cpu = cold_single(sample_cards(args.sample), chain, scratch / "single", args.level)
        print(f"cold, one core: {wall:.1f} ms/card wall, {cpu:.1f} ms/card CPU ({args.sample} cards)")
        cards = sample_cards(args.cards)
        cache = scratch / "cache"
        if args.seed_cache:
            # The warm path only looks for file names; seeding skips minutes of drawing.
            cache.mkdir()
            for item in plan(cards, chain):
                os.link(next((scratch / "single").glob("*.png")), cache / item.name)
        else:
            started = time.perf_counter()
            drawn = render_missing(plan(cards, chain), chain, cache, 0, args.level)
            seconds = time.perf_counter() - started
            print(f"cold, all cores: {seconds * 1000 / drawn:.1f} ms/card wall ({drawn} cards in {seconds:.1f}s)")
            sizes = [p.stat().st_size for p in cache.glob("*.png")]
            print(f"PNG size: mean {sum(sizes) / len(sizes) / 1024:.0f} KiB, max {max(sizes) / 1024:.0f} KiB")
        for attempt in range(3):
            wall, cpu = time.perf_counter(), time.process_time()
            planned = plan(cards, chain)
            drawn = render_missing(planned, chain, cache, 0, args.level)
            place({item.name for item in planned}, cache, scratch / f"output{attempt}" / "cards")
            print(f"warm rebuild: {(time.perf_counter() - wall) * 1000:.0f} ms wall, "
                  f"{(time.process_time() - cpu) * 1000:.0f} ms CPU for {len(planned)} unchanged cards "
                  f"({drawn} drawn)")


if __name__ == "__main__":
    main()
