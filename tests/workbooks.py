"""Excel helpers for the workbook tests: export a project, edit a cell or add a row as an editor would in
Excel or WPS, and the YAML lines a write-back changed."""

from __future__ import annotations

import difflib
from pathlib import Path

from support import tekan_cli


def changed_lines(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    """The lines an update removed (-) and added (+), file by file; only YAML files may change."""
    lines = []
    for name in sorted(set(before) | set(after)):
        if before.get(name) == after.get(name):
            continue
        assert name.endswith(".yml"), f"{name} changed"
        old = before.get(name, b"").decode().splitlines()
        new = after.get(name, b"").decode().splitlines()
        lines += [
            f"{name}: {line}"
            for line in difflib.unified_diff(old, new, lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        ]
    return lines


def exported_workbook(project: Path, folder: Path, capsys, *args: str) -> Path:
    """`tekan export` of a project into folder/2023.xlsx, its output read and dropped."""
    target = folder / "2023.xlsx"
    assert tekan_cli(project, "export", str(target), *args) == 0
    capsys.readouterr()
    return target


def edit_cell(path: Path, sheet: str, row: str | int, header: str, value: str | int | float) -> tuple[object, object]:
    """Set one cell of an exported workbook, in the row whose id is `row` (or the row numbered `row`), as an
    editor would in Excel; returns the row's id and the cell's old value."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    column = [cell.value for cell in ws[1]].index(header)
    cells = ws[row] if isinstance(row, int) else next(r for r in ws.iter_rows(min_row=2) if r[0].value == row)
    old = cells[column].value
    cells[column].value = value
    book.save(path)
    return cells[0].value, old


def append_row(path: Path, sheet: str, values: dict[str, object]) -> None:
    """Add a row to an exported workbook with only the cells named by their headers, as a new entry."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    headers = [cell.value for cell in ws[1]]
    row: list[object] = [None] * len(headers)
    for name, value in values.items():
        row[headers.index(name)] = value
    ws.append(row)
    book.save(path)
