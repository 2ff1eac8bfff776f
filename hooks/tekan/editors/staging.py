"""All-or-nothing writes of several data files, for `tekan import` and `tekan import --update`.

Every new text is first written and flushed into a staging folder next to `data/`
(same disk, so a move is an atomic rename). Only when all are there are they moved
into place, the originals kept aside until the last move has succeeded; any failure
moves the originals back. Ctrl+C during the moves is held until they are done, so
an interrupted command leaves either the old files or the new ones, never a mix.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from tekan.editors.entryfiles import EntryFileError
from tekan.errors import display_path

STAGING_PREFIX = ".tekan-staging-"


@dataclass
class FileChanges:
    """What one command will do to data/: texts to write (new or replacing) and files to remove."""

    writes: dict[Path, str] = field(default_factory=dict)
    removals: list[Path] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.writes or self.removals)


class InterruptedAfterWriting(KeyboardInterrupt):
    """Ctrl+C arrived while the files were being moved into place; they all were."""


@contextlib.contextmanager
def _held_interrupts():
    """Ctrl+C (and a polite kill) wait until the block is over, then take effect."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = {}
    for number in (signal.SIGINT, signal.SIGTERM):
        previous[number] = signal.signal(number, lambda signum, frame: received.append(signum))
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        if received:
            raise InterruptedAfterWriting


def _failure(exc: OSError, path: Path, root: Path) -> EntryFileError:
    shown = display_path(Path(exc.filename) if exc.filename else path, root)
    if isinstance(exc, PermissionError):
        reason = "没有写入权限（文件可能是只读的，或正被其他程序打开）"
    elif getattr(exc, "errno", None) == 28:
        reason = "磁盘已满"
    else:
        reason = exc.strerror or type(exc).__name__
    return EntryFileError(f"无法写入 {shown}：{reason}；没有改动任何文件，请处理后重试。")


def apply_changes(root: Path, changes: FileChanges) -> None:
    """Write and remove as `changes` says, all or nothing; an OSError becomes one Chinese line."""
    if not changes:
        return
    try:
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root))
    except OSError as exc:
        raise _failure(exc, root, root) from None
    try:
        staged: list[tuple[Path, Path]] = []
        for number, (target, text) in enumerate(changes.writes.items()):
            path = staging / f"{number}.new"
            try:
                with open(path, "w", encoding="utf-8", newline="\n") as handle:
                    handle.write(text)
                    handle.flush()
                    os.fsync(handle.fileno())
                # Checked now, not half-way through the moves: the folder must exist and be writable.
                target.parent.mkdir(parents=True, exist_ok=True)
                if not os.access(target.parent, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
                    raise PermissionError(13, "Permission denied", str(target))
            except OSError as exc:
                raise _failure(exc, target, root) from None
            staged.append((path, target))
        with _held_interrupts():
            _move_into_place(root, staging, staged, changes.removals)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _move_into_place(root: Path, staging: Path, staged: list[tuple[Path, Path]], removals: list[Path]) -> None:
    done: list[tuple[Path, Path | None]] = []  # (target, where its original was put aside)
    try:
        for number, (new, target) in enumerate(staged):
            kept = None
            if target.exists():
                kept = staging / f"{number}.old"
                os.replace(target, kept)
            done.append((target, kept))
            os.replace(new, target)
        for number, target in enumerate(removals):
            kept = staging / f"removed-{number}.old"
            os.replace(target, kept)
            done.append((target, kept))
    except OSError as exc:
        for target, kept in reversed(done):
            with contextlib.suppress(OSError):
                if kept is not None:
                    os.replace(kept, target)
                else:
                    target.unlink()
        raise _failure(exc, Path(exc.filename or root), root) from None
