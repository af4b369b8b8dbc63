"""Progress of long work: the reporter's rules, and what `build` prints on a terminal,
in a pipe and with --quiet."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
import threading
import time
from pathlib import Path

from chorus import progress
from chorus.progress import NO_PROGRESS, Progress, Stage, progress_for

ROOT = Path(__file__).resolve().parent.parent
INVOKE = [sys.executable, "-m", "invoke"]
BUILD_LABELS = ("Reading and validating files", "Drawing share cards", "Writing pages", "Writing feeds")


class Shown:
    def __init__(self):
        self.stages: list[Stage] = []
        self.closed = False

    def show(self, stage: Stage) -> None:
        self.stages.append(stage)

    def close(self) -> None:
        self.closed = True


def test_stages_count_and_finish_in_a_snapshot():
    shown = Shown()
    with Progress(shown) as report:
        report.grow("read", 3, "Reading")
        report.grow("read", 2)
        report.advance("read", 4)
        report.advance("pages", label="Writing pages")   # starts a stage of unknown size
        report.advance("pages")
        snap = report.snapshot()
        assert snap.stages[0] == Stage("read", "Reading", 4, 5)
        assert snap.current == Stage("pages", "Writing pages", 2, None)
        report.finish("pages")
        assert report.snapshot().stages[1] == Stage("pages", "Writing pages", 2, 2, finished=True)
    assert shown.closed and all(stage.finished for stage in report.snapshot().stages)
    assert report.snapshot().current is None


def test_a_failed_job_leaves_its_stages_where_they_stopped():
    shown = Shown()
    try:
        with Progress(shown) as report:
            report.start("read", "Reading", total=5)
            report.advance("read", 2)
            raise ValueError("a bad file")
    except ValueError:
        pass
    assert shown.closed and report.snapshot().stages == (Stage("read", "Reading", 2, 5),)


def test_advances_from_many_threads_are_all_counted():
    report = Progress()
    report.start("cards", "Drawing", total=8000)
    workers = [threading.Thread(target=lambda: [report.advance("cards") for _ in range(1000)])
               for _ in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert report.snapshot().current == Stage("cards", "Drawing", 8000, 8000)


def test_the_default_reporter_records_and_prints_nothing(capsys):
    assert progress.of({}) is NO_PROGRESS
    assert progress.of({"CHORUS_PROGRESS": "not a reporter"}) is NO_PROGRESS
    NO_PROGRESS.start("read", "Reading", 3)
    NO_PROGRESS.advance("read")
    assert NO_PROGRESS.snapshot().stages == ()
    assert capsys.readouterr() == ("", "")


def test_bars_only_on_a_terminal_unless_forced():
    pipe = io.StringIO()
    silent = progress_for(pipe)
    with silent:
        silent.start("read", "Reading", 2)
        silent.advance("read", 2)
    assert pipe.getvalue() == "" and silent.snapshot().stages[0].done == 2
    forced = progress_for(pipe, force=True)
    with forced:
        forced.start("read", "Reading and validating files", 2)
        forced.advance("read", 2)
    assert "Reading and validating files" in pipe.getvalue()
    assert progress_for(pipe, quiet=True, force=True)._display is None


def _build_on_a_terminal(output: Path) -> tuple[int, str]:
    """Run the build task with a pseudo-terminal as its stdin, stdout and stderr."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: exec the task on the pty
        os.chdir(ROOT)
        os.environ.update({"COLUMNS": "120", "TERM": "xterm"})
        os.execv(sys.executable, [*INVOKE, "build", "--today", "2026-11-22", "--output", str(output)])
    chunks, deadline = [], time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            data = os.read(fd, 65536)
        except OSError:   # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), b"".join(chunks).decode("utf-8", "replace")


def test_build_on_a_terminal_shows_each_stage(tmp_path):
    code, text = _build_on_a_terminal(tmp_path / "site")
    assert code == 0, text
    for label in BUILD_LABELS:
        assert label in text, f"no {label!r} in:\n{text}"
    assert "Built the hub as of 2026-11-22" in text


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*INVOKE, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, check=False, stdin=subprocess.DEVNULL)


def test_build_without_a_terminal_prints_only_the_summary(tmp_path):
    result = _run("build", "--today", "2026-11-22", "--output", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    for label in BUILD_LABELS:
        assert label not in result.stdout + result.stderr
    assert "\x1b[" not in result.stderr     # no cursor movement or colour
    assert result.stdout.count("Built the hub as of 2026-11-22") == 1


def test_quiet_build_prints_nothing_on_success(tmp_path):
    result = _run("build", "--quiet", "--today", "2026-11-22", "--output", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    assert (result.stdout, result.stderr) == ("", "")
    assert (tmp_path / "site" / "index.html").is_file()


def test_ingest_counts_every_row_it_reads(tmp_path):
    import json

    from chorus_intake.ingest import ingest
    from modhelpers import NOW, make_desk

    desk, _ = make_desk(tmp_path)
    export = tmp_path / "export.json"
    export.write_text(json.dumps([1, 2, 3]), encoding="utf-8")   # three rows, each rejected
    shown = Progress()
    report = ingest(desk, export, "json", "generic", lambda: NOW, shown)
    assert len(report.rejected) == 3
    assert shown.snapshot().stages == (Stage("ingest", "Importing export.json", 3, 3),)
