"""The shape of data/ (and the files of content/), checked in the one walk that lists them.

Every name under data/ has a place: the shared lists at the top, four-digit year
folders, and in each year issue.yml, stats.yml and the folders workers, craftsmen,
sites and photos. Anything else is an error naming the nearest valid name, so that
`data/2023/craftsman/` cannot be skipped without a word. Hidden files and editors'
backups are never read, only named in a notice.

Symbolic links and special files (pipes, devices) are refused without being opened or
followed: a pipe would hang the check, a link to /dev/zero would never end, and a link
to a system file would show its first line in an error. `os.scandir` tells them apart
from the directory listing itself, so the walk costs no extra system call per file.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tekan.dataset.vocabulary import COLLECTION_TITLES as COLLECTION_TITLES
from tekan.dataset.vocabulary import COLLECTIONS as COLLECTIONS
from tekan.errors import DataError, DataErrors

# search_synonyms.yml is optional: readers' words for pages (loader.SEARCH_SYNONYMS_FILE).
REFERENCE_FILES = ("awards.yml", "cities.yml", "site_kinds.yml", "search_synonyms.yml")
YEAR_FILES = ("issue.yml", "stats.yml")
PHOTOS = "photos"
YEAR_FOLDER = re.compile(r"^\d{4}$")
DATA_SUFFIXES = (".yml", ".yaml")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic", ".bmp", ".tif", ".tiff")
# Left by operating systems and git: harmless, never read and not worth a notice.
SYSTEM_FILES = {".ds_store", "thumbs.db", "desktop.ini", ".gitkeep", ".gitignore", "readme.md"}
# Hidden files and the backups editors leave behind (Vim, Emacs, Office, WPS, Notepad++).
_BACKUP_STARTS = (".", "~$", "#")
_BACKUP_ENDS = ("~", ".bak", ".swp", ".swo", ".tmp", ".orig", ".old", "#")
# A year written with more than its four digits: 2024年, ２０２４, "2024 ".
_YEAR_IN_NAME = re.compile(r"(\d{4})")
# Names editors may give a folder in Chinese, and the folder they meant.
_FOLDER_ALIASES = {title: name for name, title in COLLECTION_TITLES.items()} | {"照片": PHOTOS, "图片": PHOTOS}


@dataclass
class YearFolder:
    """One data/<year>/ folder as listed: its entry files by collection, sorted by name."""

    year: int
    folder: Path
    files: dict[str, list[Path]] = field(default_factory=lambda: {c: [] for c in COLLECTIONS})


@dataclass
class DataTree:
    """What the walk found: the year folders, the mistakes, the notices, and files never to be read."""

    years: list[YearFolder] = field(default_factory=list)
    errors: list[DataError] = field(default_factory=list)
    notices: list[DataError] = field(default_factory=list)
    refused: set[Path] = field(default_factory=set)


def _special_kind(entry: os.DirEntry) -> str | None:
    """'符号链接', '命名管道' and so on for what must not be opened; None for a plain file or folder.
    Decided by lstat (the listing's own file type where the system gives it): never followed."""
    if entry.is_symlink():
        return "符号链接"
    if entry.is_dir(follow_symlinks=False) or entry.is_file(follow_symlinks=False):
        return None
    mode = entry.stat(follow_symlinks=False).st_mode
    if stat.S_ISFIFO(mode):
        return "命名管道"
    if stat.S_ISSOCK(mode):
        return "套接字"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    return "特殊文件"


def refusal(display: str, kind: str) -> DataError:
    """The one line for a link or special file: what it is, that it was not read, and what to do."""
    if kind == "符号链接":
        return DataError(
            display,
            message="是符号链接（快捷方式），为安全起见不会读取；请删除它，把真正的文件复制到这里。",
        )
    return DataError(display, message=f"不是普通文件（{kind}），不会读取；请删除它。")


def _backup_notice(display: str) -> DataError:
    return DataError(display, message="是隐藏文件或编辑器留下的备份文件，不会读取；不需要的话请删除。")


def _nearest(name: str, choices: tuple[str, ...] | list[str]) -> str | None:
    lowered = name.strip().lower()
    if lowered in _FOLDER_ALIASES and _FOLDER_ALIASES[lowered] in choices:
        return _FOLDER_ALIASES[lowered]
    match = difflib.get_close_matches(lowered, choices, n=1, cutoff=0.6)
    return match[0] if match else None


def _listing(folder: Path) -> list[os.DirEntry]:
    with os.scandir(folder) as listing:
        return sorted(listing, key=lambda entry: entry.name)


class _Walk:
    def __init__(self, display: Callable[[Path], str]):
        self.display = display
        self.tree = DataTree()

    def error(self, path: Path, message: str) -> None:
        self.tree.errors.append(DataError(self.display(path), message=message))

    def sort_out(self, folder: Path) -> list[tuple[os.DirEntry, Path]]:
        """The folder's plain files and folders; links, special files and backups reported and left out."""
        kept = []
        for entry in _listing(folder):
            path = folder / entry.name
            lowered = entry.name.lower()
            if lowered in SYSTEM_FILES:
                continue
            if lowered.startswith(_BACKUP_STARTS) or lowered.endswith(_BACKUP_ENDS):
                self.tree.notices.append(_backup_notice(self.display(path)))
                continue
            kind = _special_kind(entry)
            if kind is not None:
                self.tree.refused.add(path)
                self.tree.errors.append(refusal(self.display(path), kind))
                continue
            kept.append((entry, path))
        return kept

    def top(self, data_dir: Path) -> None:
        for entry, path in self.sort_out(data_dir):
            name = entry.name
            if entry.is_dir():
                if YEAR_FOLDER.match(name):
                    self.year(path, int(name))
                else:
                    self.unknown_top_folder(path, name)
            elif name not in REFERENCE_FILES:
                self.unknown_top_file(path, name)

    def unknown_top_folder(self, path: Path, name: str) -> None:
        year = _YEAR_IN_NAME.search(name.translate(_FULL_WIDTH_DIGITS))
        collection = _nearest(name, (*COLLECTIONS, PHOTOS))
        if year:
            self.error(path, f"年度文件夹只能用四位数字命名；请改名为「{year.group(1)}」。")
        elif collection:
            self.error(
                path,
                f"{collection} 文件夹应放在年度文件夹里（如 data/2023/{collection}/）；请把它移进对应的年度文件夹。",
            )
        else:
            self.error(path, "data 文件夹里只能有年度文件夹（四位年份，如 2023）；请改名或移到 data 之外。")

    def unknown_top_file(self, path: Path, name: str) -> None:
        if name.lower().endswith(DATA_SUFFIXES):
            near = _nearest(name, REFERENCE_FILES)
            if near:
                self.error(path, f"不认识的数据文件（是否为「{near}」？）；请改名或删除。")
            else:
                self.error(
                    path,
                    "条目文件应放在年度文件夹的 workers、craftsmen 或 sites 文件夹里（如 data/2023/workers/）；"
                    "请移过去。",
                )
        else:
            self.error(
                path,
                "data 文件夹里只能放 awards.yml、cities.yml、site_kinds.yml、search_synonyms.yml"
                " 和年度文件夹；请移走它。",
            )

    def year(self, folder: Path, year: int) -> None:
        found = YearFolder(year, folder)
        self.tree.years.append(found)
        for entry, path in self.sort_out(folder):
            name = entry.name
            if entry.is_dir():
                if name in COLLECTIONS:
                    found.files[name] = self.collection(path)
                elif name == PHOTOS:
                    self.photos(path)
                else:
                    near = _nearest(name, (*COLLECTIONS, PHOTOS))
                    hint = (
                        f"是否为「{near}」？请改名"
                        if near
                        else "年度文件夹里只能有 workers、craftsmen、sites 和 photos；请改名或移走"
                    )
                    self.error(path, f"不认识的文件夹（{hint}），其中的文件不会被读取。")
            elif name not in YEAR_FILES:
                self.unknown_year_file(path, name)

    def unknown_year_file(self, path: Path, name: str) -> None:
        lowered = name.lower()
        if lowered.endswith(DATA_SUFFIXES):
            near = _nearest(name, YEAR_FILES)
            if near:
                self.error(path, f"不认识的数据文件（是否为「{near}」？）；请改名或删除。")
            else:
                self.error(path, "条目文件应放在 workers、craftsmen 或 sites 文件夹里，放在这里不会被读取；请移过去。")
        elif lowered.endswith(IMAGE_SUFFIXES):
            self.error(path, "照片应放在 photos 文件夹里；请移过去。")
        else:
            self.error(path, "年度文件夹里只能放 issue.yml、stats.yml 和各类文件夹；请移走它。")

    def collection(self, folder: Path) -> list[Path]:
        files = []
        for entry, path in self.sort_out(folder):
            if entry.is_dir():
                self.error(path, f"{folder.name} 文件夹里只能放 .yml 数据文件，不能再建文件夹；请把其中的文件移出来。")
            elif entry.name.endswith(DATA_SUFFIXES):
                files.append(path)
            elif entry.name.lower().endswith(DATA_SUFFIXES):
                suffix = entry.name.rsplit(".", 1)[1]
                self.error(path, f"扩展名「.{suffix}」请改为小写「.yml」，否则不会被读取。")
            else:
                self.error(
                    path, f"{folder.name} 文件夹里只能放 .yml 数据文件；请把它移走（照片请放进 photos 文件夹）。"
                )
        return files

    def photos(self, folder: Path) -> None:
        """Photos may sit in subfolders; only links and special files are refused here."""
        for entry, path in self.sort_out(folder):
            if entry.is_dir():
                self.photos(path)


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def scan_data(data_dir: Path, display: Callable[[Path], str]) -> DataTree:
    """Walk data/ once: the year folders and their entry files, and every misplaced name."""
    walk = _Walk(display)
    walk.top(data_dir)
    return walk.tree


def scan_content(content_dir: Path, display: Callable[[Path], str]) -> list[DataError]:
    """Links and special files anywhere in content/, refused before MkDocs would read (and follow) them."""
    errors: list[DataError] = []
    if not content_dir.is_dir() or content_dir.is_symlink():
        return errors
    folders = [content_dir]
    while folders:
        folder = folders.pop()
        for entry in _listing(folder):
            path = folder / entry.name
            kind = _special_kind(entry)
            if kind is not None:
                errors.append(refusal(display(path), kind))
            elif entry.is_dir(follow_symlinks=False):
                folders.append(path)
    return errors


def check_content_files(root: Path, docs_dir: Path | None = None) -> None:
    """Refuse links and special files in content/ (DataErrors) before MkDocs reads, and follows, them."""
    errors = scan_content(docs_dir or root / "content", lambda path: _relative(path, root))
    if errors:
        raise DataErrors(errors)


def _relative(path: Path, root: Path) -> str:
    # Not errors.display_path: resolving would follow the very link being refused, and show where it points.
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
