"""All-or-nothing writes of several data files, for `tekan import` and `tekan import --update`.

Every new text is first written and flushed into a staging folder next to `data/`
(same disk, so a move is an atomic rename). Only when all are there are they moved
into place, the originals kept aside until the last move has succeeded; any failure
moves the originals back. Ctrl+C during the moves is held until they are done, so
an interrupted command leaves either the old files or the new ones, never a mix.

A kill that cannot be held (SIGKILL, a power cut) can still stop the moves half-way:
the staging folder then holds the originals, and its manifest says where each belongs.
The next import or update finds the folder before it changes anything and puts the
originals back (`recover_interrupted`), but only where the file in data/ is still
exactly what the interrupted command wrote: an editor's later edit is never overwritten.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from tekan.editors.entryfiles import EntryFileError
from tekan.errors import display_path
from tekan.files import lock_exclusively

STAGING_PREFIX = ".tekan-staging-"
# Written before the first move and locked while the command runs: what each staged file is for.
MANIFEST = "manifest.json"


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
        # Locked until the folder is gone, so that a second command never takes this one's folder for stale.
        lock = open(staging / MANIFEST, "w", encoding="utf-8")  # noqa: SIM115 - closed in the finally below
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise _failure(exc, staging, root) from None
    try:
        lock_exclusively(lock)
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
        try:
            _write_manifest(lock, root, changes)
        except OSError as exc:
            raise _failure(exc, staging / MANIFEST, root) from None
        with _held_interrupts():
            _move_into_place(root, staging, staged, changes.removals)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        lock.close()


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _write_manifest(handle, root: Path, changes: FileChanges) -> None:
    """Where each staged file goes, and what the command will have written there (to tell later edits apart)."""
    writes = [
        {"target": _relative(target, root), "written": _digest(text.encode("utf-8"))}
        for target, text in changes.writes.items()
    ]
    removals = [{"target": _relative(target, root)} for target in changes.removals]
    json.dump({"writes": writes, "removals": removals}, handle, ensure_ascii=False)
    handle.flush()
    os.fsync(handle.fileno())


def _relative(path: Path, root: Path) -> str:
    return os.path.relpath(os.path.abspath(path), os.path.abspath(root))


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


# After a kill during the moves ---------------------------------------------------------------


@dataclass
class _Undo:
    """Putting one file back as it was before the interrupted command."""

    target: Path
    original: Path | None  # None: the command created the file, so undoing removes it


def recover_interrupted(root: Path, dry_run: bool = False) -> str | None:
    """Find staging folders left by a killed import or update, before this command changes anything.

    Returns a notice when a folder held nothing to put back (it is removed). Raises EntryFileError,
    one Chinese line, when the editor must look: the originals were put back (not with `dry_run`),
    or they could not be without losing a later edit, or another import is still writing."""
    notices = []
    for staging in sorted(root.glob(STAGING_PREFIX + "*")):
        if staging.is_symlink() or not staging.is_dir():
            continue
        shown = display_path(staging, root)
        manifest = staging / MANIFEST
        with contextlib.ExitStack() as held:
            recorded = None
            if manifest.is_file():
                handle = held.enter_context(open(manifest, encoding="utf-8"))
                try:
                    lock_exclusively(handle, wait=False)
                except BlockingIOError:
                    raise EntryFileError(
                        f"另一个 tekan import 正在写入数据（临时文件夹 {shown}）；"
                        "请等它结束后再运行本命令，没有改动任何文件。"
                    ) from None
                # Read through the locked handle: Windows' locks bar every other handle, even this process's.
                with contextlib.suppress(OSError, ValueError):
                    recorded = handle.read()
            undo = _undo_plan(root, staging, shown, recorded)
            if not undo:
                # Killed before its first move: data/ was never touched.
                if dry_run:
                    notices.append(
                        f"上次被中断的导入没有改动任何数据文件；它留下的临时文件夹 {shown} 将在正式运行时删除。"
                    )
                else:
                    shutil.rmtree(staging, ignore_errors=True)
                    notices.append(f"上次被中断的导入没有改动任何数据文件；已删除它留下的临时文件夹 {shown}。")
                continue
            listed = "、".join(display_path(item.target, root) for item in undo)
            what = f"临时文件夹 {shown} 保存着一次被中断（强制结束或断电）的导入在改动前的原文件"
            if dry_run:
                raise EntryFileError(
                    f"{what}；去掉 --dry-run 运行时会先把 {listed} 恢复为导入前的原样，"
                    "然后请重新运行本命令。试运行没有改动任何文件。"
                )
            for item in undo:
                if item.original is None:
                    item.target.unlink(missing_ok=True)
                else:
                    item.target.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(item.original, item.target)
            shutil.rmtree(staging, ignore_errors=True)
        raise EntryFileError(
            f"{what}：已把 {listed} 恢复为导入前的原样，并删除了该文件夹；请重新运行本命令（导入没有生效）。"
        )
    return "\n".join(notices) or None


def _undo_plan(root: Path, staging: Path, shown: str, recorded: str | None) -> list[_Undo]:
    """What to put back, from the folder's manifest (`recorded`, its text if any); refuses (EntryFileError) when a
    file has changed since the kill or nothing says where."""
    try:
        manifest = json.loads(recorded or "")
        writes, removals = manifest["writes"], manifest["removals"]
    except (ValueError, KeyError, TypeError):  # none, empty (killed before it was written) or damaged
        manifest = None
    if manifest is None:
        originals = sorted(path.name for path in staging.glob("*.old"))
        if not originals:
            return []  # the manifest is written before the first move: nothing was moved
        raise EntryFileError(
            f"临时文件夹 {shown} 保存着一次被中断的导入在改动前的原文件（{'、'.join(originals)}），"
            "但没有记录它们原来的位置，无法自动恢复：请用 git status 和 git diff 核对 data/ 中的改动"
            "（用 git checkout 恢复导入前的版本），然后删除该文件夹再运行；没有改动任何文件。"
        )
    undo: list[_Undo] = []
    changed: list[tuple[str, str | None]] = []
    for number, item in enumerate(writes):
        target = root / item["target"]
        new, old = staging / f"{number}.new", staging / f"{number}.old"
        if new.exists() and not old.exists():
            continue  # not moved yet: the file in data/ is untouched
        now = _digest(target.read_bytes()) if target.is_file() else None
        # The target holds what the command wrote (or, its original put aside, nothing yet): ours to undo.
        ours = now is None if new.exists() else now == item["written"]
        if ours:
            undo.append(_Undo(target, old if old.exists() else None))
        else:
            changed.append((display_path(target, root), old.name if old.exists() else None))
    for number, item in enumerate(removals):
        target, old = root / item["target"], staging / f"removed-{number}.old"
        if old.exists():
            if target.exists():
                changed.append((display_path(target, root), old.name))
            else:
                undo.append(_Undo(target, old))
    if changed:
        named = "、".join(
            f"{name}（原文件为该文件夹中的 {old}）" if old else f"{name}（导入新建）" for name, old in changed
        )
        raise EntryFileError(
            f"临时文件夹 {shown} 保存着一次被中断的导入在改动前的原文件，但 {named}在中断后又被修改过，"
            "为免覆盖这些修改没有自动恢复：请对照原文件手动核对，然后删除该文件夹再运行；没有改动任何文件。"
        )
    return undo
