"""Work split over two processes, where the machine has a second core.

A build is Python on one core; the machines it runs on have two or more. The
steps that do the same work for many independent things (converting every
content text, rendering every page, MkDocs converting and writing every page:
``engine.PageSplit``) give every other thing to a forked process. Fork shares
the whole state built so far, so nothing is set up twice; the results come back
pickled. ``KADER_PROCESSES=1`` builds in one process (to compare), ``=2`` in two
even on one core (for the tests).
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

ENV = "KADER_PROCESSES"
MIN_ITEMS = 64  # below this a second process costs more than it saves


def may_fork() -> bool:
    """Whether work may go to a second process: fork exists, there is a second core and this process has
    no other threads (``mkdocs serve`` has: a forked child could wait forever on a lock one of them held),
    unless switched off (or forced, for the tests)."""
    wanted = os.environ.get(ENV, "")
    if wanted == "1" or not hasattr(os, "fork"):
        return False
    if wanted == "2":
        return True
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cores > 1 and threading.active_count() == 1


def map_halves(function: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """``[function(item) for item in items]``, every other item computed in a forked process.

    ``function`` must not depend on side effects of the other half. An exception
    in the second process is raised here as RuntimeError with its type and text.
    """
    if len(items) < MIN_ITEMS or not may_fork():
        return [function(item) for item in items]
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the second process: its half, back through the pipe, and gone without cleaning up anything
        os.close(reader)
        die_with_parent()
        try:
            payload = pickle.dumps((True, [function(item) for item in items[1::2]]), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as error:
            payload = pickle.dumps((False, f"{type(error).__name__}: {error}"))
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(payload)
        os._exit(0)
    os.close(writer)
    try:
        first = [function(item) for item in items[0::2]]
        with os.fdopen(reader, "rb") as pipe:
            data = pipe.read()
    finally:
        stop(pid)
    try:
        ok, second = pickle.loads(data)
    except Exception:
        raise RuntimeError("het tweede proces stopte zonder resultaat") from None
    if not ok:
        raise RuntimeError(f"in het tweede proces: {second}")
    result: list[R] = []
    for n, value in enumerate(first):
        result.append(value)
        if n < len(second):
            result.append(second[n])
    return result


def stop(pid: int) -> None:
    """Stop a second process (when it is not done yet) and wait for it."""
    try:
        if os.waitpid(pid, os.WNOHANG) == (0, 0):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def die_with_parent() -> None:
    """The second process ends when the first one does (killed, interrupted): Linux's parent-death signal."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
