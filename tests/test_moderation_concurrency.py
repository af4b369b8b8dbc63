"""Two moderators at once, and a process killed mid-write: nothing lost, nothing half-written."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from chorus import moderation as m
from chorus.check import validate_tree
from modhelpers import NOW, a_story, make_desk

ROOT = Path(__file__).resolve().parent.parent


def _approve(desk, receipt, barrier, results):
    barrier.wait()
    try:
        record = m.approve(desk, receipt, moderator=f"pid {os.getpid()}", now=NOW)
        results.put(("ok", record["published"]["piece"]))
    except m.ChorusError as err:
        results.put(("refused", str(err)))


def _race(desk, receipts):
    ctx = multiprocessing.get_context("fork")
    barrier, results = ctx.Barrier(len(receipts)), ctx.Queue()
    workers = [ctx.Process(target=_approve, args=(desk, r, barrier, results)) for r in receipts]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    return sorted(results.get(timeout=5) for _ in workers)


def test_two_moderators_approving_the_same_submission(tmp_path):
    desk, _ = make_desk(tmp_path)
    receipt = m.submit(desk, a_story(), now=NOW)
    outcomes = _race(desk, [receipt, receipt])
    assert [kind for kind, _ in outcomes] == ["ok", "refused"]
    assert "already decided by pid " in outcomes[1][1]
    assert len(list((desk.content_dir / "stories").glob("rain-on-the-ridge*.md"))) == 1
    history = desk.store.load(receipt)["history"]
    assert [h["action"] for h in history] == ["submit", "approve"]


def test_two_moderators_approving_look_alike_submissions(tmp_path):
    desk, _ = make_desk(tmp_path)
    receipts = [m.submit(desk, a_story(), now=NOW) for _ in range(2)]
    outcomes = _race(desk, receipts)
    assert [kind for kind, _ in outcomes] == ["ok", "ok"]
    assert {piece for _, piece in outcomes} == {"stories/rain-on-the-ridge.md",
                                                 "stories/rain-on-the-ridge-2.md"}
    assert validate_tree(desk.content_dir, desk.zone)[1] == []


WRITER = textwrap.dedent("""
    import sys, datetime as dt
    sys.path[:0] = [{root!r}, {tests!r}]
    from chorus import moderation as m
    from modhelpers import NOW, a_story, make_desk
    from pathlib import Path
    desk, _ = make_desk(Path({tmp!r}))
    desk.store.engine                   # open (and migrate) the store before the clock starts
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        receipt = m.submit(desk, a_story(title=f"Story {{n}}", body="Words " * 400), now=NOW)
        m.approve(desk, receipt, moderator="Loop", now=NOW)
""")


def test_a_process_killed_mid_write_leaves_old_or_new_state(tmp_path):
    make_desk(tmp_path)
    script = WRITER.format(root=str(ROOT), tests=str(ROOT / "tests"), tmp=str(tmp_path))
    for delay in (0.35, 0.6, 0.9):
        proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
        assert proc.stdout.readline().strip() == b"ready"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    desk, _ = make_desk(tmp_path)
    records = desk.store.records()
    assert len(records) >= 3
    approved = {r["published"]["piece"] for r in records if r["state"] == "approved"}
    on_disk = {p.relative_to(desk.content_dir).as_posix()
               for p in (desk.content_dir / "stories").glob("story-*.md")}
    assert on_disk <= approved                       # nothing published without a recorded approval
    assert validate_tree(desk.content_dir, desk.zone)[1] == []     # no half-written file
    for record in records:
        assert record["state"] in ("pending", "approved")
        json.dumps(record)
    for record in records:                           # an approval cut short is finished by re-running it
        files = (record.get("published") or {}).get("files", {})
        if record["state"] == "approved" and not all((desk.content_dir / f).is_file() for f in files):
            m.approve(desk, record["id"], moderator="Jo", now=NOW)
    on_disk = {p.relative_to(desk.content_dir).as_posix()
               for p in (desk.content_dir / "stories").glob("story-*.md")}
    assert on_disk == approved
