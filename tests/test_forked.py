"""chorus.forked: a build's jobs on several processes give what running them in turn gives."""

from __future__ import annotations

import os
import time

import pytest

from chorus.forked import WorkerFailed, run_forked, worker_count


def test_results_come_back_in_job_order_from_every_process():
    parent = os.getpid()

    def job(number: int) -> tuple[int, int]:
        time.sleep(0.005)   # long enough that the child takes some jobs
        return number * number, os.getpid()

    results = run_forked(60, job, 3)
    assert [square for square, _ in results] == [n * n for n in range(60)]
    assert parent in {pid for _, pid in results}
    assert len({pid for _, pid in results}) > 1, "some jobs ran in a forked process"


def test_one_worker_runs_every_job_in_this_process():
    parent, seen = os.getpid(), []
    assert run_forked(5, lambda number: seen.append(number) or os.getpid(), 1) == [parent] * 5
    assert seen == [0, 1, 2, 3, 4]   # in order; and the side effects are this process's own


def test_a_jobs_error_in_a_child_is_raised_with_its_type_and_traceback():
    parent = os.getpid()

    def job(number: int) -> int:
        time.sleep(0.002)
        if os.getpid() != parent:
            raise ValueError(f"bad page number {number}")
        return number

    with pytest.raises(ValueError, match="bad page number") as err:
        run_forked(200, job, 2)
    assert any("in a build worker process" in note and "raise ValueError" in note
               for note in getattr(err.value, "__notes__", []))


def test_an_error_in_this_process_stops_the_run():
    def job(number: int) -> int:
        if number == 3:
            raise KeyError("page 3")
        time.sleep(0.002)
        return number

    with pytest.raises(KeyError, match="page 3"):
        run_forked(100, job, 2)


def test_an_error_that_cannot_be_pickled_still_fails_the_run_naming_it():
    parent = os.getpid()

    class Local(Exception):   # a local class does not pickle
        pass

    def job(number: int) -> int:
        time.sleep(0.002)
        if os.getpid() != parent:
            raise Local("template trouble")
        return number

    with pytest.raises(WorkerFailed, match="Local: template trouble"):
        run_forked(200, job, 2)


def test_a_child_that_dies_fails_the_run():
    parent = os.getpid()

    def job(number: int) -> int:
        time.sleep(0.002)
        if os.getpid() != parent:
            os._exit(3)
        return number

    with pytest.raises(WorkerFailed, match="exit code 3"):
        run_forked(200, job, 2)


def test_worker_count_is_one_per_core_unless_set():
    assert worker_count(0) == (os.cpu_count() or 1)
    assert worker_count(1) == 1 and worker_count(4) == 4


def test_what_a_child_logs_reaches_this_processs_handlers_once(caplog, capfd):
    import logging

    logger = logging.getLogger("chorus.test.forked")

    def job(number: int) -> int:
        time.sleep(0.005)
        logger.warning("page %d: a warning for the build's report 🌊", number)
        return os.getpid()

    with caplog.at_level(logging.WARNING, logger="chorus.test.forked"):
        pids = run_forked(40, job, 3)
    assert len(set(pids)) > 1, "some jobs ran in a forked process"
    said = sorted(r.getMessage() for r in caplog.records if r.name == "chorus.test.forked")
    assert said == sorted(f"page {n}: a warning for the build's report 🌊" for n in range(40))
    assert {r.levelno for r in caplog.records} == {logging.WARNING}
    assert "a warning for the build" not in capfd.readouterr().err   # no child printed its own


def test_a_childs_logged_error_keeps_its_traceback():
    import logging

    seen: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record):
            seen.append(record)

    logger, keep = logging.getLogger("chorus.test.forked.exc"), Keep()
    logger.addHandler(keep)
    try:
        def job(number: int) -> int:
            time.sleep(0.01)
            if os.getpid() != parent:
                try:
                    raise ValueError("bad value ünïcode")
                except ValueError:
                    logger.exception("job %d failed softly", number)
            return number

        parent = os.getpid()
        run_forked(60, job, 2)
    finally:
        logger.removeHandler(keep)
    assert seen, "the child's records came back"
    assert all("ValueError: bad value ünïcode" in (r.exc_text or "") for r in seen)
