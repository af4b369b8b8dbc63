"""Run one build's jobs on several cores: this process and forked copies of it.

``run_forked(count, job, workers)`` calls ``job(0)`` ... ``job(count - 1)`` and returns
their results in that order. With ``workers`` > 1 it forks ``workers - 1`` child processes
(multiprocessing's "fork" start method; where the system cannot fork, every job runs
here): each child is a copy of the build at that moment,
so a job can use everything the build holds (its context, templates, caches) and nothing
is pickled but each job's result on its way back. The processes take the next job from a
shared counter until none is left, so a slow job does not hold the others back.

What a child logs is not printed there: its records are sent back with its results and
handled here by the logger that made them, so the build's own handlers (the console, a
publisher's report of warnings) see every warning once, as if the job had run here.

A job that raises fails the whole run: the other processes stop taking jobs and the
exception is raised here (the one of the lowest job number, with the child's traceback as
a note), as if the jobs had run in turn. A child that dies without answering (killed, out
of memory) fails the run too. Jobs must not depend on each other's side effects in
memory: a child's changes to its copy of the build are lost; only its results and the
files it writes remain.

State lives in the call, never in module globals.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class WorkerFailed(Exception):
    """A child process died without reporting, or its error could not be sent back."""


def worker_count(setting: int) -> int:
    """Processes to use: ``setting`` (0 = one per core)."""
    return setting if setting > 0 else (os.cpu_count() or 1)


def run_forked(count: int, job: Callable[[int], T], workers: int) -> list[T]:
    """``[job(i) for i in range(count)]`` on up to ``workers`` processes (see the module)."""
    workers = max(1, min(workers, count))
    if workers == 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [job(number) for number in range(count)]
    context = multiprocessing.get_context("fork")
    shared = context.Array("q", [0, 0])   # [next job, failed]
    children = []
    try:
        for _ in range(workers - 1):
            receive, send = context.Pipe(duplex=False)
            child = context.Process(target=_child, args=(job, count, shared, send), daemon=True)
            child.start()
            send.close()
            children.append((child, receive))
        mine, failure = _take_jobs(job, count, shared)
        results: dict[int, Any] = dict(mine)
        failures = [failure] if failure else []
        for child, receive in children:
            answer, records = _answer(child, receive)
            _handle_here(records)
            if answer[0] == "ok":
                results.update(answer[1])
            else:
                failures.append(answer[1:])
    finally:
        for child, receive in children:
            if child.is_alive():
                child.kill()
            child.join()
            receive.close()
    if failures:
        number, error, text = min(failures, key=lambda item: item[0])
        if text:
            error.add_note(f"in a build worker process:\n{text}")
        raise error
    return [results[number] for number in range(count)]


def _next(shared) -> int | None:
    with shared.get_lock():
        if shared[1]:
            return None
        number = shared[0]
        shared[0] = number + 1
    return number


def _take_jobs(job: Callable[[int], T], count: int, shared) -> tuple[list[tuple[int, T]], tuple | None]:
    """Run jobs until none is left; on an error, stop every process and return it."""
    done: list[tuple[int, T]] = []
    while (number := _next(shared)) is not None and number < count:
        try:
            done.append((number, job(number)))
        except Exception as err:  # noqa: BLE001 - handed to the caller, raised there
            with shared.get_lock():
                shared[1] = 1
            return done, (number, err, "")
    return done, None


class _Collect(logging.Handler):
    """A child's only log handler: keeps each record, as plain data, to send back."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[dict[str, Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append({
            "name": record.name, "levelno": record.levelno, "levelname": record.levelname,
            "msg": record.getMessage(), "args": None, "pathname": record.pathname,
            "lineno": record.lineno, "funcName": record.funcName, "created": record.created,
            "exc_text": self.format_exception(record)})

    @staticmethod
    def format_exception(record: logging.LogRecord) -> str | None:
        if record.exc_info:
            return "".join(traceback.format_exception(*record.exc_info)).rstrip()
        return record.exc_text


def _handle_here(records: list[dict[str, Any]]) -> None:
    for fields in records:
        record = logging.makeLogRecord(fields)
        logging.getLogger(record.name).handle(record)


def _child(job: Callable[[int], Any], count: int, shared, send) -> None:
    collect = _Collect()
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(collect)
    done, failure = _take_jobs(job, count, shared)
    if failure is None:
        message = ("ok", done)
    else:
        number, err, _ = failure
        text = "".join(traceback.format_exception(err))
        try:
            pickle.loads(pickle.dumps(err))
        except Exception:  # noqa: BLE001 - an exception that does not survive pickling
            err = WorkerFailed(f"{type(err).__name__}: {err}")
        message = ("error", number, err, text)
    try:
        send.send((message, collect.records))
    except Exception as err:  # noqa: BLE001 - a result that cannot be pickled
        with shared.get_lock():
            shared[1] = 1
        send.send((("error", min((n for n, _ in done), default=count), WorkerFailed(
            f"a build worker's results could not be sent back: {type(err).__name__}: {err}"), ""),
            collect.records))
    send.close()


def _answer(child, receive) -> tuple:
    try:
        return receive.recv()
    except EOFError:
        child.join()
        return ("error", -1, WorkerFailed(
            f"a build worker process died without answering (exit code {child.exitcode})"), ""), []
