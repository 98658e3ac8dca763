"""Atomic publication of a built site: build into a fresh folder, swap it in only when the build succeeded.

A build writes into ``.<site>.kader-<random>`` next to the site folder (same
filesystem, so the swap is a rename). When everything succeeded, ``publish``
exchanges the two folders in one step (Linux ``renameat2(RENAME_EXCHANGE)``;
elsewhere two renames, with a moment without the site) and deletes the old
one. Any failure before that leaves the published folder exactly as it was:
``discard`` removes the new folder (a hook error, a strict-mode warning),
so does the exit handler (SIGTERM is turned into a normal exit, Ctrl-C is
one already), and what a SIGKILLed build left behind is removed by the next
build of the same site.

Builds of the same site take turns: each holds an ``fcntl.flock`` on the
folder that contains the site (a lock on the directory itself, so no lock
file is left behind) from before it creates its folder until it has published
or discarded it. A second build waits and says so, then builds.
"""

from __future__ import annotations

import atexit
import ctypes
import errno
import fcntl
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from types import FrameType

_LIVE: set[Path] = set()  # folders of builds in progress in this process, removed at exit


@atexit.register
def _remove_live() -> None:
    for folder in list(_LIVE):
        shutil.rmtree(folder, ignore_errors=True)


def make_readable(folder: Path) -> None:
    """Give a folder from ``tempfile.mkdtemp`` (private) the permissions of a new folder: a site is read by a web server."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(folder, 0o777 & ~umask)


def marker(site: Path) -> str:
    """The name prefix of the build folders of ``site`` (``.site.kader-``)."""
    return f".{site.name}.kader-"


class Staging:
    """One build's fresh folder next to the published ``site`` folder.

    ``dirty``: start from the published site, as hard links (a copy of a large
    site took seconds of every save under ``mkdocs serve``). MkDocs and
    Pagefind rewrite files in place, which would change the published file
    too: every file the build is about to write is first ``detach``-ed.
    ``lock``: take turns with other builds of the same site (not needed for
    ``mkdocs serve``'s private folder); ``on_wait`` is called before waiting.
    """

    def __init__(
        self, site: Path, *, dirty: bool, lock: bool = True, on_wait: Callable[[], None] = lambda: None, serving: bool = False
    ) -> None:
        # mkdocs serve: the folder a build replaces is kept, and the next dirty build starts from it, linking
        # only what changed since (creating the 6000 folders of a large site took seconds of every save)
        self.serving = serving
        self.site = Path(os.path.realpath(site))  # a symlinked site folder: swap its target, keep the link
        self.site.parent.mkdir(parents=True, exist_ok=True)
        self._lock_fd: int | None = None
        if lock:
            self._lock_fd = os.open(self.site.parent, os.O_RDONLY)
            try:
                fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                on_wait()
                fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
            self._remove_leftovers()
        spare = _SPARE.pop(self.site, None) if serving and dirty else None
        reuse = spare is not None and spare.is_dir()
        self.folder = (
            spare if spare is not None and reuse else Path(tempfile.mkdtemp(prefix=marker(self.site), dir=self.site.parent))
        )
        _LIVE.add(self.folder)
        self.linked = False
        try:
            self.linked = dirty and self.site.is_dir()
            if self.linked:
                # links keep the modification times: MkDocs' dirty build compares them with the sources
                # (under serve Pagefind indexes the published preview again after every build and rewrites its
                # thousands of files each time: a reused folder keeps its own index until then)
                mirror_links(self.site, self.folder, keep=SERVE_KEEPS if reuse else frozenset())
            else:
                make_readable(self.folder)
        except BaseException:
            self.discard()
            raise

    def _remove_leftovers(self) -> None:
        """Folders of earlier builds of this site that were killed (SIGKILL, power loss); we hold the lock."""
        for path in self.site.parent.iterdir():
            if path.name.startswith(marker(self.site)) and path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)

    def detach(self, paths: Iterable[str | Path]) -> None:
        """Break the links to the published site of files the build is about to rewrite (a dirty build)."""
        if not self.linked:
            return
        for path in paths:
            try:
                if os.lstat(path).st_nlink > 1:
                    os.unlink(path)
            except FileNotFoundError:
                pass

    def remove(self, rel_paths: Iterable[str]) -> None:
        """Delete these files from the new folder (pages of content that is gone, in a dirty build)."""
        for rel in rel_paths:
            path = self.folder / rel
            if path.is_file() and path.resolve().is_relative_to(self.folder.resolve()):
                path.unlink()
                for parent in path.parents:
                    if parent == self.folder or any(parent.iterdir()):
                        break
                    parent.rmdir()

    def publish(self) -> None:
        """Make the new folder the site, in one step where the OS allows, and delete the old site."""
        old = self.folder
        if not self.site.exists() and not self.site.is_symlink():
            os.rename(self.folder, self.site)
            _LIVE.discard(self.folder)
        elif not _exchange(self.folder, self.site):
            old = self.folder.with_name(self.folder.name + "-oud")
            os.rename(self.site, old)
            os.rename(self.folder, self.site)
            _LIVE.discard(self.folder)
            _LIVE.add(old)
        if self.serving and old != self.site:
            _SPARE[self.site] = old  # (still in _LIVE: removed at exit)
        else:
            _remove(old)
        self._unlock()

    def discard(self) -> None:
        """Forget the new folder; the published site stays as it was."""
        shutil.rmtree(self.folder, ignore_errors=True)
        _LIVE.discard(self.folder)
        self._unlock()

    def _unlock(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # releases the flock
            self._lock_fd = None


_SPARE: dict[Path, Path] = {}  # mkdocs serve: site -> the folder its last build replaced
SERVE_KEEPS = frozenset({"pagefind"})


def mirror_links(source: Path, target: Path, keep: frozenset[str] = frozenset()) -> None:
    """Make ``target`` a tree of hard links to the files of ``source`` (``shutil.copytree`` with ``os.link``),
    keeping what already links to the same file: only what changed is linked, created or removed.

    Entries are compared by inode number from the directory listing, without a stat per file. ``keep``:
    top-level names left as they are in ``target`` when they exist there.
    """
    stack = [(str(source), str(target))]
    while stack:
        src, dst = stack.pop()
        top = dst == str(target)
        wanted = {entry.name: entry for entry in os.scandir(src)}
        present = {entry.name: entry for entry in os.scandir(dst)}
        kept = set()
        for name, entry in present.items():
            want = wanted.get(name)
            same = want is not None and _kind(want) == _kind(entry) and (_kind(want) != "file" or want.inode() == entry.inode())
            if same or (top and name in keep):
                kept.add(name)
            elif entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
        for name, want in wanted.items():
            path = os.path.join(dst, name)
            kind = _kind(want)
            have = name in kept
            if kind == "dir":
                if not have:
                    os.mkdir(path)
                if not (top and name in keep and have):
                    stack.append((want.path, path))
            elif kind == "link":
                if have and os.readlink(path) != os.readlink(want.path):
                    os.unlink(path)
                    have = False
                if not have:
                    os.symlink(os.readlink(want.path), path)
            elif not have:
                os.link(want.path, path)


def _kind(entry: os.DirEntry[str]) -> str:
    if entry.is_symlink():
        return "link"
    return "dir" if entry.is_dir(follow_symlinks=False) else "file"


def _remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    _LIVE.discard(folder)


RENAME_EXCHANGE = 2
AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the OS or filesystem cannot."""
    if not sys.platform.startswith("linux"):
        return False
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:  # C library older than glibc 2.28
        return False
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def exit_cleanly_on_sigterm() -> None:
    """Turn SIGTERM into a normal exit (SystemExit), so the exit handler removes this build's folder.

    Only where nothing else handles SIGTERM yet, and only from the main thread (Python's rule).
    """
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _exit_on_signal)


def _exit_on_signal(signum: int, frame: FrameType | None) -> None:
    print(f"Bouw afgebroken ({signal.Signals(signum).name}); de gepubliceerde site is niet veranderd.", file=sys.stderr)
    raise SystemExit(128 + signum)
