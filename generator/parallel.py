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
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

_TASK: Callable[[], Any] | None = None  # what the forked child runs (inherited, not pickled)


def can_fork() -> bool:
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1


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
