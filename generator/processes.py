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
from typing import Any, NoReturn, TypeVar

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


class Second:
    """A forked second process that hands one picklable result back (or what went wrong, as text).

    ``fork()`` is True in the second process, which ends with ``send``; the
    first process takes the result with ``receive`` and, when it gives up,
    ``stop``s it. The second process ends with the first one (``die_with_parent``)
    and never runs exit handlers (the first process owns the build folder).
    """

    def __init__(self) -> None:
        self.pid: int | None = None
        self._pipe: int | None = None

    def fork(self) -> bool:
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(reader)
            self._pipe = writer
            die_with_parent()
            return True
        os.close(writer)
        self.pid, self._pipe = pid, reader
        return False

    def send(self, result: object = None, *, error: BaseException | None = None) -> NoReturn:
        """In the second process: hand back the result, or the error, and end."""
        assert self._pipe is not None
        try:
            payload = pickle.dumps((error is None, result if error is None else _text(error)), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as unpicklable:
            payload = pickle.dumps((False, _text(unpicklable)))
        with os.fdopen(self._pipe, "wb") as pipe:
            pipe.write(payload)
        os._exit(0)

    def receive(self) -> Any:
        """In the first process: the second one's result; RuntimeError with its error, or when it died."""
        assert self._pipe is not None and self.pid is not None
        with os.fdopen(self._pipe, "rb") as pipe:
            self._pipe = None
            data = pipe.read()
        self.stop()
        try:
            ok, result = pickle.loads(data)
        except Exception:
            raise RuntimeError("het tweede proces stopte zonder resultaat") from None
        if not ok:
            raise RuntimeError(f"in het tweede proces: {result}")
        return result

    def stop(self) -> None:
        """Stop the second process (when it is not done yet) and wait for it."""
        if self._pipe is not None and self.pid is not None:
            os.close(self._pipe)
            self._pipe = None
        if self.pid is not None:
            try:
                if os.waitpid(self.pid, os.WNOHANG) == (0, 0):
                    os.kill(self.pid, signal.SIGKILL)
                    os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.pid = None


def _text(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def map_halves(function: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """``[function(item) for item in items]``, every other item computed in a forked process.

    ``function`` must not depend on side effects of the other half. An exception
    in the second process is raised here as RuntimeError with its type and text.
    """
    if len(items) < MIN_ITEMS or not may_fork():
        return [function(item) for item in items]
    second = Second()
    if second.fork():
        try:
            second.send([function(item) for item in items[1::2]])
        except BaseException as error:
            second.send(error=error)
    try:
        first = [function(item) for item in items[0::2]]
        rest: list[R] = second.receive()
    finally:
        second.stop()
    result: list[R] = []
    for n, value in enumerate(first):
        result.append(value)
        if n < len(rest):
            result.append(rest[n])
    return result


def die_with_parent() -> None:
    """The second process ends when the first one does (killed, interrupted): Linux's parent-death signal."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
