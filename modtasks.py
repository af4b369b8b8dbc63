"""Moderation tasks: `./hub submit` and the `mod.*` namespace (thin: parse, call, print)."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import os
import sys
import tempfile
from pathlib import Path

from invoke import Collection, Exit, task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from chorus import intake, moderation, review, site  # noqa: E402
from chorus.clock import parse_day  # noqa: E402
from chorus.desk import Desk  # noqa: E402
from chorus.problems import ChorusError  # noqa: E402
from chorus.submission import FIELDS  # noqa: E402



def _desk() -> tuple[Desk, dict]:
    """The desk of the hub configured by $CHORUS_CONF (default: pelicanconf.py here)."""
    conf = Path(os.environ.get("CHORUS_CONF") or ROOT / "pelicanconf.py").resolve()
    settings = site.load_settings(conf)
    return Desk.from_settings(settings, conf.parent), settings


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _guard(func):
    """Turn domain errors into one clear message and exit code 1."""
    @functools.wraps(func)
    def run(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ChorusError as err:
            raise Exit(str(err), code=1) from None
    return run


def _interactive(desk: Desk, send) -> str:
    """Ask field by field, each answer checked at once; a refusal asks only for what it names."""
    from chorus.interview import ask_again, interview

    values, photo = interview(input, print, desk, _now())
    while True:
        try:
            return send(values, photo, {})
        except moderation.SubmissionError as err:
            print(f"{len(err.problems)} problem(s); please answer again (the rest is kept):")
            photo = ask_again(input, print, desk, values, photo, err.problems, _now())


@task(help={"file": "a submission: 'Key: value' lines then the text (.md), or a .json object",
            "resubmit": "receipt id of a submission whose changes were requested"})
@_guard
def submit(c, file=None, resubmit=None):
    """Submit a story or testimonial (from --file, or asked field by field)."""
    from chorus_intake.config import IntakeSettings
    from chorus_intake.statuslink import new_link, receipt_note

    desk, settings = _desk()
    link = None if resubmit else new_link()    # a resubmission keeps the link sent first
    url = link.url(IntakeSettings.from_settings(settings).public_url) if link else ""

    def send(values: dict, photo: bytes | None, lines: dict) -> str:
        return moderation.submit(desk, values, photo, now=_now(), source=file or "submission",
                                 lines=lines, resubmit=resubmit, keys=[link.key] if link else (),
                                 message=receipt_note(url) if link else "")
    if file:
        values, photo, lines = intake.read_file(file)
        values.pop("photo", None)
        receipt = send(values, photo, lines)
    else:
        try:
            receipt = _interactive(desk, send)
        except (EOFError, KeyboardInterrupt):
            print()                             # end the half-answered question's line
            raise Exit("Stopped; nothing was saved.", code=1) from None
    if resubmit:
        print(f"Received the new version of {receipt}; its status link still works.")
        return
    print(f"Received. Receipt id: {receipt}\n"
          f"Private status link (also in the receipt mail; keep it private): {url}")


@task(help={"state": "pending (default), changes_requested, approved, rejected, withdrawn or all",
            "json": "print JSON instead of a table",
            "search": "only submissions whose title or text has every one of these words",
            "prompt": "only answers to the prompt of this day (YYYY-MM-DD)",
            "limit": "at most this many (default: all)", "offset": "skip this many first"})
@_guard
def queue(c, state="pending", json_=False, search="", prompt="", limit=0, offset=0):
    """List submissions oldest first, with age, kind, title and flags."""
    desk, _ = _desk()
    items = review.queue(desk, _now(), None if state == "all" else state, search=search,
                         prompt=prompt, limit=int(limit) or None, offset=int(offset))
    if json_:
        print(json.dumps([i.to_json() for i in items], ensure_ascii=False, indent=1))
        return
    if not items:
        print(f"No {state} submissions.")
    for i in items:
        print(f"{i.id}  {i.age:>4}  {i.kind:<11}  {i.state:<17}  {i.title}")
        for flag in i.flags:
            print(f"{'':22}- {flag}")


@task(help={"preview": "build a private preview with this piece in place and serve it",
            "port": "preview port on 127.0.0.1 (default 8010)"})
@_guard
def show(c, id, preview=False, port=8010):
    """Show one submission with its flags (and optionally preview it in the hub)."""
    desk, settings = _desk()
    record, item = review.show(desk, id, _now())
    sub = record["submission"]
    print(f"{record['id']}  {record['kind']}  {record['state']}  submitted {record['submitted_at']}")
    for key in FIELDS:
        if key != "body" and sub.get(key) not in (None, ""):
            print(f"  {key}: {sub[key]}")
    print("  flags:")
    for flag in item.flags:
        print(f"    - {flag}")
    print("\n" + sub["body"] + "\n")
    if preview:
        _serve_preview(desk, settings, id, int(port))


def _serve_preview(desk: Desk, settings: dict, receipt: str, port: int) -> None:
    from chorus.preview import build_preview

    with tempfile.TemporaryDirectory(prefix="chorus-preview-") as work:
        output, url = build_preview(desk, receipt, settings, Path(work), now=_now())
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(output))
        with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
            print(f"Preview: http://127.0.0.1:{port}/{url}  (Ctrl+C to stop; nothing is published)")
            try:
                server.serve_forever()
            except KeyboardInterrupt:
                pass


@task(help={"publish_on": "publish on this day's build (YYYY-MM-DD), not before",
            "title": "use this title instead of the submitted one", "tags": "comma-separated tags",
            "feature": "feature the story on the home page"})
@_guard
def approve(c, id, publish_on=None, title="", tags="", feature=False):
    """Approve: write the story or testimonial (and advocate) into content/."""
    desk, _ = _desk()
    day = None
    if publish_on:
        try:
            day = parse_day(publish_on, "--publish-on")
        except ValueError as err:
            raise Exit(str(err), code=1) from None
    record = moderation.approve(desk, id, moderator=desk.moderator(), now=_now(), publish_on=day,
                                title=title, tag_text=tags, featured=feature)
    published = record["published"]
    print(f"Approved {id}: content/{published['piece']} -> /{published['url']}"
          + (f" from {published['publish_on']}" if published.get("publish_on") else ""))


@task(help={"reason": "why, in a sentence the advocate will read"})
@_guard
def reject(c, id, reason=""):
    """Reject a submission with a reason (sent to the advocate)."""
    desk, _ = _desk()
    moderation.reject(desk, id, moderator=desk.moderator(), now=_now(), reason=reason)
    print(f"Rejected {id}.")


@task(help={"note": "what to change, in sentences the advocate will read"})
@_guard
def request_changes(c, id, note=""):
    """Ask the advocate for changes; they resubmit under the same id."""
    from chorus_intake.config import IntakeSettings
    from chorus_intake.statuslink import edit_note, new_link

    desk, settings = _desk()
    link = new_link()          # the mail's edit link: only its digest is stored, so a fresh one
    url = link.edit_url(IntakeSettings.from_settings(settings).public_url)
    moderation.request_changes(desk, id, moderator=desk.moderator(), now=_now(), note=note,
                               message=edit_note(url), keys=[link.key])
    print(f"Changes requested for {id}; the advocate's mail links to the edit form.")


@task(help={"reason": "why it is withdrawn"})
@_guard
def withdraw(c, id, reason=""):
    """Withdraw a submission; a published piece leaves content/ (gone on the next build)."""
    desk, _ = _desk()
    moderation.withdraw(desk, id, moderator=desk.moderator(), now=_now(), reason=reason)
    print(f"Withdrawn {id}. Rebuild the hub to remove it from pages, listings, feeds and cards.")


@task
@_guard
def history(c, id):
    """Show every decision on a submission: who, when, from, to, why."""
    desk, _ = _desk()
    for entry in desk.store.load(id)["history"]:
        why = f"  ({entry['why']})" if entry.get("why") else ""
        print(f"{entry['at']}  {entry['by']:<20}  {entry['action']:<16}  "
              f"{entry['from'] or '-'} -> {entry['to']}{why}")


@task(help={"reason": "why (kept in the history; default: on request)"})
@_guard
def erase(c, id, reason="personal data erased on request"):
    """Erase a submission's personal data now (a live one is withdrawn first)."""
    from chorus.privacy import erase as run

    desk, _ = _desk()
    done = run(desk, id, by=desk.moderator(), now=_now(), why=reason)
    print(f"Erased the personal data of {id}." if done else f"{id} was erased already.")


@task(name="export-advocate", help={"output": "file to write (default: print)"})
@_guard
def export_advocate(c, email, output=""):
    """Write everything the store holds about one person (by email) as JSON."""
    from chorus.privacy import export_advocate as run

    desk, _ = _desk()
    data = run(desk, email, _now())
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if not output:
        print(text, end="")
        return
    Path(output).write_text(text, encoding="utf-8")
    print(f"Wrote {len(data['submissions'])} submission(s) about {email} to {output}.")


@task(help={"advocate": "the advocate's slug (their file in content/advocates/), e.g. maya-okafor",
            "title": "the award's name, e.g. 'Community pick 2026'",
            "citation": "why, in a few sentences shown with the award",
            "piece": "what it was for (optional): stories/SLUG or testimonials/SLUG"})
@_guard
def award(c, advocate, title, citation, piece=""):
    """Give an advocate a hand award (a file in content/awards/, live on the next build)."""
    from chorus.recognition.giving import give_award

    desk, _ = _desk()
    given = give_award(desk, advocate=advocate, title=title, citation=citation,
                       moderator=desk.moderator(), now=_now(), piece=piece)
    print(f"Awarded {given.receipt}: content/{given.path} -> /recognition/ and /advocates/{advocate}/ "
          "on the next build (the publisher commits it to the content history).")


mod = Collection("mod", queue, show, approve, reject, request_changes, withdraw, history, erase,
                 export_advocate, award)
