"""Use the second core for a full build: run one share of independent work in a forked process.

A forked child inherits everything in memory (the parsed content, the index,
the compiled templates), so nothing has to be sent to it; only its result
travels back (pickled). Used for parsing files and rendering pages, the two
largest parts of the generator's own time at hundreds of reports. Under
``mkdocs serve`` (threads, and a memo that makes rebuilds small) nothing forks.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

_TASK: Callable[[], Any] | None = None  # what the forked child runs (inherited, not pickled)


def can_fork() -> bool:
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1


def wanted(size: int, threshold: int) -> bool:
    """Fork for work of this size? ``KADER_PARALLEL=0`` never, ``=1`` always (tests), else from ``threshold`` on."""
    setting = os.environ.get("KADER_PARALLEL", "")
    if setting == "0" or not can_fork():
        return False
    return setting == "1" or size >= threshold


def in_background(task: Callable[[], T]) -> Callable[[], T]:
    """Start ``task`` in a forked process; returns a function that waits for and returns its result."""
    global _TASK
    _TASK = task
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
    try:
        future = pool.submit(_run_task)  # forks here, while _TASK is set
    finally:
        _TASK = None

    def wait() -> T:
        try:
            return future.result()  # type: ignore[no-any-return]
        finally:
            pool.shutdown()

    return wait


def _run_task() -> Any:
    assert _TASK is not None
    return _TASK()


class Writer:
    """A forked process that writes files into a folder while this process goes on.

    Each file appears complete or not at all (written aside, then renamed), so
    a reader only has to wait until it exists: ``wait`` does, and raises if the
    writer died. ``finish`` collects the process.
    """

    def __init__(self, folder: Path, write_all: Callable[[Callable[[str, str], None]], None]) -> None:
        self.folder = folder
        self.pid = os.fork()
        if self.pid == 0:  # the child: write, then leave without running the parent's exit handlers
            code = 0
            try:
                write_all(self._write)
            except BaseException:
                traceback.print_exc()
                code = 1
            finally:
                sys.stderr.flush()
                os._exit(code)
        self.status: int | None = None

    def _write(self, rel: str, text: str) -> None:
        path = self.folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        aside = path.with_name(path.name + ".part")
        aside.write_text(text, "utf-8")
        os.replace(aside, path)

    def wait(self, rel: str) -> None:
        path = self.folder / rel
        while not path.exists():
            if self.status is None:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
                if pid:
                    self.status = os.waitstatus_to_exitcode(status)
            if self.status is not None and not path.exists():
                raise RuntimeError(f"the page writer stopped (exit {self.status}) before writing {rel}")
            time.sleep(0.001)

    def finish(self) -> None:
        if self.status is None:
            self.status = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
        if self.status != 0:
            raise RuntimeError(f"the page writer failed (exit {self.status})")
