"""Files written whole or not at all, caches pruned to what a build used, and the lock an import holds. Plain Python."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path


@contextlib.contextmanager
def replaced_on_success(target: Path) -> Iterator[Path]:
    """A temporary path beside `target` to write to; it becomes `target` (one rename) when the block ends
    without an error and is removed otherwise, so an interrupted build never leaves half a file."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=target.suffix)
    os.close(handle)
    try:
        yield Path(temporary)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def remove_unused(folder: Path, used: Iterable[str], suffixes: tuple[str, ...], written_before: float) -> int:
    """Delete the files of `folder` ending in one of `suffixes` that are not named in `used`; how many.

    A file written since `written_before` (a time.time()) is kept: another build sharing the folder
    (a preview running beside a publish) may have just made it for itself."""
    keep = set(used)
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return 0
    for entry in entries:
        if entry.name in keep or not entry.name.endswith(suffixes) or not entry.is_file(follow_symlinks=False):
            continue
        try:
            if entry.stat().st_mtime < written_before:
                os.unlink(entry.path)
                removed += 1
        except FileNotFoundError:  # removed meanwhile by the other build
            pass
    return removed


def lock_exclusively(handle, *, wait: bool = True) -> None:
    """An exclusive lock on an open file, held until it is closed (or its process ends, even killed).
    Without `wait`, BlockingIOError when another process holds it.

    flock on Linux and macOS; msvcrt on Windows, where editors' office PCs run `tekan import` too."""
    if sys.platform == "win32":
        import msvcrt

        try:
            # The first byte stands for the file (Windows locks ranges; one past the end is allowed).
            msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK, 1)
        except OSError as error:
            if wait:
                raise
            raise BlockingIOError(*error.args) from None
    else:
        import fcntl

        fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
