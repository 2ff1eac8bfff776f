"""Data errors an editor can read: one line each, in Chinese, naming file, line, column and field."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class DataError:
    """One mistake in one place of one data file."""

    file: str
    line: int = 0
    column: int = 0
    field: str = ""
    message: str = ""
    entry: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        entry = f"（条目「{self.entry}」）" if self.entry else ""
        field = f"{self.field}：" if self.field else ""
        return f"{where} {entry}{field}{self.message}"


class DataErrors(Exception):
    """All the errors found in one run; raised only once everything has been checked."""

    def __init__(self, errors: list[DataError], notices: Sequence[DataError] = ()):
        self.errors = sorted(set(errors))
        # Files named but not read (see dataset/scan.py): listed after the errors, not counted.
        self.notices = sorted(set(notices))
        super().__init__(self.report())

    def report(self) -> str:
        lines = [str(error) for error in self.errors]
        lines.extend(notice_lines(self.notices))
        lines.append(f"共 {len(self.errors)} 处错误，请按提示修改后再试。")
        return "\n".join(lines)


def notice_lines(notices: Sequence[DataError | str]) -> list[str]:
    """Notices as the editor reads them: marked 提示, so they are not taken for errors (all on stderr)."""
    return [f"提示：{notice}" for notice in notices]


def display_path(path: Path, root: Path | None) -> str:
    """The path as the editor knows it: relative to the project when possible."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def quote(value: object) -> str:
    """Found values are shown in 「」 so that blanks and punctuation stay visible."""
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if len(text) > 40:
        text = text[:40] + "…"
    return f"「{text}」"
