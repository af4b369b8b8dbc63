"""Benchmark: time to write every feed for 5,000 synthetic stories, into an empty folder
and again with nothing changed (unchanged feeds are not rendered again, see
plugins/chorus_feeds/unchanged.py).

Run: .venv/bin/python bench/feeds.py [--stories N]. Prints the numbers; asserts nothing.
Synthetic hub: N stories (about 1.5 KB of HTML each) by N/10 advocates, 40 tags (two per
story), N/5 testimonials, one prompt day per day for a year, each with some answers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "plugins")]

from chorus.community import profiles  # noqa: E402
from chorus.hub import Advocate, Hub, Prompt, Testimonial  # noqa: E402
from chorus.promptday import PromptDay  # noqa: E402
from chorus_feeds.catalogue import Sources, plan_feeds  # noqa: E402
from chorus_feeds.entries import Site  # noqa: E402
from chorus_feeds.generator import write_feeds  # noqa: E402
from chorus.buildcache import RenderCache  # noqa: E402
from chorus_feeds.unchanged import WrittenFeeds, entry_html_fingerprint, renderer_fingerprint  # noqa: E402
from chorus_feeds.settings import FeedSettings  # noqa: E402

ZONE = ZoneInfo("America/Denver")
BODY = "".join(f"<p>Paragraph {i} of a long run, with <a href=\"/tags/t{i}/\">a link</a> and "
               f"<em>feeling</em> in it. " + "Mile after mile. " * 12 + "</p>" for i in range(6))


def synthetic(n: int, day: dt.date):
    hub = Hub(day=day)
    for a in range(max(n // 10, 1)):
        hub.advocates[f"a{a}"] = Advocate(f"a{a}", f"Runner {a}", "full", dt.date(2025, 1, 1), "Bio")
    tags = [SimpleNamespace(slug=f"t{t}", name=f"Topic {t}", url=f"tags/t{t}/") for t in range(40)]
    stories, by_tag = [], {t.slug: [] for t in tags}
    start = dt.datetime(2026, 11, 22, 12, tzinfo=ZONE)
    for s in range(n):
        mine = [tags[s % 40], tags[(s * 7 + 3) % 40]]
        story = SimpleNamespace(slug=f"s{s}", url=f"stories/s{s}/", title=f"Story {s}", content=BODY,
                                metadata={}, excerpt="A long run.", date=start - dt.timedelta(hours=3 * s),
                                modified=None, tags=mine, advocate_slug=f"a{s % len(hub.advocates)}",
                                language="", prompt_day=None)
        stories.append(story)
        for tag in mine:
            by_tag[tag.slug].append(story)
    for t in range(n // 5):
        hub.testimonials.append(Testimonial(f"q{t}", "Great shoes, great trails. " * 4,
                                            start - dt.timedelta(hours=7 * t), f"a{t % len(hub.advocates)}",
                                            rating=5, approved_by="J"))
    days = []
    for d in range(365):
        when = day - dt.timedelta(days=d)
        prompt = Prompt(f"p{d}", f"Question {d}?", "Tell us.", "One line.", "The whole story.", when)
        days.append(PromptDay(when, prompt, stories=stories[d * 3:d * 3 + 3],
                              testimonials=hub.testimonials[d:d + 1]))
    sources = Sources(stories, hub.testimonials, profiles(hub, stories),
                      [(t, by_tag[t.slug]) for t in tags], days)
    return hub, sources


def one_build(sources, hub, day: dt.date, output: Path, cache: Path) -> dict:
    """Plan and write every feed as one build does (entries built afresh); CPU seconds."""
    config = FeedSettings()
    site = Site(base="https://stories.example.com", name="Bench", description="Bench hub",
                language="en", zone=ZONE, hub=hub,
                cards={s.url: SimpleNamespace(url=f"cards/{s.slug}.png", width=1200, height=630, alt="card")
                       for s in sources.stories},
                html_cache=RenderCache(cache / "chorus-render-feeds.json", entry_html_fingerprint()))
    started = time.process_time()
    plans = plan_feeds(sources, config, site, day)
    planned = time.process_time()
    record = WrittenFeeds(cache, renderer_fingerprint())
    files = write_feeds(plans, config, site, output, record)
    site.html_cache.save()
    return {"feeds": len(plans), "files": files, "entries": len(site.cache), "kept": record.kept,
            "plan": planned - started, "write": time.process_time() - planned}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stories", type=int, default=5000)
    n = parser.parse_args().stories
    day = dt.date(2026, 11, 22)
    hub, sources = synthetic(n, day)
    with tempfile.TemporaryDirectory() as folder:
        output, cache = Path(folder) / "output", Path(folder) / "cache"
        cold = one_build(sources, hub, day, output, cache)
        warm = one_build(sources, hub, day, output, cache)
        size = sum(p.stat().st_size for p in output.rglob("*") if p.is_file())
    print(f"stories={n} feeds={cold['feeds']} files={cold['files']} entries_built={cold['entries']} "
          f"bytes={size / 1e6:.1f}MB (CPU seconds below)")
    for name, run in (("empty folder", cold), ("nothing changed", warm)):
        print(f"{name:>16}: plan {run['plan']:.2f}s  write {run['write']:.2f}s  "
              f"({run['kept']} of {run['files']} files unchanged, not rendered)")


if __name__ == "__main__":
    main()
