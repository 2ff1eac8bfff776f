"""`tekan import 表格.xlsx --update`: an edited export applied to the entries it came from.

Rows are matched to entries by the id column. A field counts as changed only when the
row's value, read the way `tekan import` reads every cell, differs from the entry's value
read the same way from the text `tekan export` writes for it: so whatever a spreadsheet
program does to a cell it was not asked to change (a story's last line break, 2023 stored
as a number) is no change, and a round trip with no edit writes nothing. Changed rows are
checked like imported ones, with the same Chinese lines; new rows become new files with a
pinyin id; rows missing from the sheet are deleted only with --delete-missing. Only the
changed fields' lines are rewritten (yamledit.py), and all files are written together or
not at all (staging.py).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tekan.dataset.loader import Entry, EntryChecker, load_site_data
from tekan.dataset.schemas import COLLECTION_SCHEMAS
from tekan.dataset.vocabulary import COLLECTION_TITLES, COLLECTIONS
from tekan.editors.entryfiles import existing_entries, pick_year, resolve_collection, schema_comment
from tekan.editors.export import entry_values, field_text
from tekan.editors.importer import (
    HEADERS,
    ImportFailed,
    PlannedFile,
    RowReader,
    _check_headers,
    _check_text,
    _entry_values,
    _place,
    _Row,
    _row_lines,
    read_tables,
)
from tekan.editors.staging import FileChanges, apply_changes
from tekan.editors.yamledit import FileEditor
from tekan.errors import display_path, quote


@dataclass
class FieldChange:
    header: str
    before: str
    after: str


@dataclass
class ChangedEntry:
    collection: str
    row: int
    entry: Entry
    values: dict  # field -> new value (None: removed)
    fields: list[FieldChange]


@dataclass
class UpdatePlan:
    display: str
    changed: list[ChangedEntry] = field(default_factory=list)
    added: list[tuple[str, PlannedFile]] = field(default_factory=list)
    unchanged: int = 0
    missing: list[Entry] = field(default_factory=list)
    delete_missing: bool = False
    # Photos that only deleted entries used: removed with them, in the same all-or-nothing change.
    photos: list[Path] = field(default_factory=list)
    changes: FileChanges = field(default_factory=FileChanges)

    def deleted(self) -> str:
        """删除 2 条（含照片 1 张）"""
        return f"删除 {len(self.missing)} 条" + (f"（含照片 {len(self.photos)} 张）" if self.photos else "")

    def summary(self) -> str:
        parts = [self.deleted()] if self.delete_missing else []
        parts += [f"新增 {len(self.added)} 条", f"修改 {len(self.changed)} 条", f"未变 {self.unchanged} 条"]
        return f"{self.display}：" + " · ".join(parts)


class _Canon:
    """Values read the way the importer reads cells, with names in the form data/ keeps them."""

    def __init__(self, collection: str, checker: EntryChecker):
        self.collection = collection
        self.checker = checker

    def of_cells(self, number: int, cells: dict[str, str], headers: dict[str, str]) -> tuple[dict, _Row]:
        row = _Row(number, dict(cells), headers)
        values = _entry_values(row, self.collection, self.checker)
        if values.get("section") and (section := self.checker.sections.find(values["section"])):
            values["section"] = section.id
        return values, row

    def of_entry(self, entry: Entry) -> dict:
        return self.of_cells(0, self.texts(entry), {})[0]

    @staticmethod
    def texts(entry: Entry) -> dict[str, str]:
        """The entry's cells as `tekan export` writes them (honours joined as a row reads them)."""
        return {name: text for name, value in entry_values(entry).items() if (text := field_text(name, value))}

    def same_text(self, entry: Entry, cells: dict[str, str], present: set[str]) -> bool:
        """Every cell reads exactly as exported: unchanged, without reading the values (the usual case)."""
        ours = {name: text for name, text in self.texts(entry).items() if name in present}
        return ours == {name: text for name, text in cells.items() if text and name in present}

    def shown(self, name: str, value) -> str:
        if name == "section" and value and (section := self.checker.sections.find(value)):
            value = section.title
        return quote(field_text(name, value).replace("\n", "⏎")) if value not in (None, [], "") else "空"


def plan_update(
    root: Path,
    source: Path,
    year: int | None = None,
    collection: str | None = None,
    sheet: str | None = None,
    delete_missing: bool = False,
) -> UpdatePlan:
    """Read the workbook, compare it with data/ and check every changed or new row; raise
    ImportFailed listing every problem, before anything is written."""
    data_dir = root / "data"
    year = pick_year(data_dir, year)
    site = load_site_data(data_dir, root)  # DataErrors: data/ must be right before it is changed
    issue = site.issue(year)
    checker = EntryChecker(data_dir, year, root)
    collections = [collection] if collection else list(COLLECTIONS)
    tables = read_tables(source, collections, sheet)
    plan = UpdatePlan(source.name, delete_missing=delete_missing)
    taken = existing_entries(checker.folder)
    used: dict[str, int] = {}
    lines: list[str] = []
    editors: dict[Path, FileEditor] = {}
    for name, table in tables.items():
        lines += _plan_collection(root, plan, name, table, issue.entries[name], checker, taken, used, editors)
    if lines:
        raise ImportFailed(lines)
    if delete_missing:
        _remove_missing(root, plan, editors)
        plan.photos = _photos_left_unused(site, plan.missing)
        plan.changes.removals += plan.photos
    for path, editor in editors.items():
        if editor.edits:
            plan.changes.writes[path] = editor.result()
    _verify(root, plan, editors)
    for _, planned in plan.added:
        plan.changes.writes[planned.path] = planned.text
    return plan


def _plan_collection(root, plan, collection, table, entries, checker, taken, used, editors) -> list[str]:
    columns, problems = _check_headers(table, collection)
    if "id" not in columns and not problems:
        problems.append(
            f"{table.display} 第 {table.header_row} 行：缺少「编号」列；--update 按编号找到条目，"
            "请用 tekan export 导出的表格修改，或去掉 --update 按新名单导入。"
        )
    if problems:
        return problems
    reader = RowReader(table, columns, collection, checker)
    canon = _Canon(collection, checker)
    by_id = {entry.id: entry for entry in entries}
    seen: dict[str, int] = {}
    order = ["id", *COLLECTION_SCHEMAS[collection].model_fields]
    headers = reader.headers()
    # Only fields with a column are compared: a column deleted from the sheet leaves its field alone.
    present = {name.split("#")[0].replace("honour_year", "honours") for name in columns} - {"id"}
    if "unit_post" in present:
        present |= {"unit", "post"}
    lines: list[str] = []
    display = f"{table.display}「{table.sheet}」" if table.sheet else table.display
    for number, cells in table.rows:
        row = reader.read(number, cells)
        if row is None:
            continue
        if row.problems:
            lines += _row_lines(display, row)
            continue
        entry_id = row.cells.get("id", "").strip()
        if entry_id and entry_id in seen:
            row.problem("id", f"编号「{entry_id}」与第 {seen[entry_id]} 行相同；每行的编号不能重复。")
            lines += _row_lines(display, row)
            continue
        if entry_id:
            seen[entry_id] = number
        entry = by_id.get(entry_id) if entry_id else None
        if entry is not None and canon.same_text(entry, row.cells, present):
            used[entry_id] = number
            plan.unchanged += 1
            continue
        values, row = canon.of_cells(number, row.cells, headers)
        if entry_id and entry is None:
            # Ids tie rows to files: one that names no entry was typed or changed, and would make a second entry.
            row.problem(
                "id",
                f"编号「{entry_id}」在 {COLLECTION_TITLES[collection]} 中没有对应的条目；编号一列请勿修改"
                "（改过的请改回原样），新增的行请把编号留空。",
            )
            lines += _row_lines(display, row)
            continue
        if entry is None:
            lines += _plan_new(root, plan, collection, row, values, checker, taken, used, display)
            continue
        used[entry_id] = number
        before = canon.of_entry(entry)
        changed = [name for name in order[1:] if name in present and values.get(name) != before.get(name)]
        if not changed:
            plan.unchanged += 1
            continue
        if "honours" in changed:
            values["honours"] = _keep_levels(values["honours"], entry_values(entry).get("honours"))
        planned = PlannedFile(number, entry.name, entry.id, entry.origin.doc.path, "", replaces=True)
        planned.text = _yaml_text(values)
        _check_text(row, planned, collection, checker, root)
        if row.problems:
            lines += _row_lines(display, row)
            continue
        fields = [
            FieldChange(
                HEADERS[collection][name][0], canon.shown(name, before.get(name)), canon.shown(name, values.get(name))
            )
            for name in changed
        ]
        plan.changed.append(
            ChangedEntry(collection, number, entry, {name: values.get(name) for name in changed}, fields)
        )
        path = entry.origin.doc.path
        editor = editors.setdefault(path, FileEditor(path.read_text(encoding="utf-8")))
        mapping = editor.mapping(entry.origin.loc)
        for name in changed:
            editor.set_field(mapping, name, _as_written(values.get(name)), order)
    plan.missing += [entry for entry in entries if entry.id not in seen]
    return lines


def _keep_levels(honours: list | None, before: list | None) -> list | None:
    """An honour's optional level has no column: an honour still in the row keeps the level it had."""
    levels = {(h["award"], h["year"]): h["level"] for h in before or [] if h.get("level")}
    return [
        {**honour, "level": levels[(honour["award"], honour["year"])]}
        if (honour["award"], honour["year"]) in levels
        else honour
        for honour in honours or []
    ] or honours


def _as_written(value):
    """Text of several lines ends with a line break, so that it is written as a `|` block like hand-written stories."""
    return value + "\n" if isinstance(value, str) and "\n" in value and not value.endswith("\n") else value


def _yaml_text(values: dict) -> str:
    from tekan.editors.entryfiles import dump_yaml

    return dump_yaml({name: value for name, value in values.items() if value is not None})


def _plan_new(root, plan, collection, row, values, checker, taken, used, display) -> list[str]:
    """A row with no id: a new entry file, named and checked as `tekan import` does."""
    if not row.problems and values.get("name"):
        # A new person never takes an existing entry's id: li-ming-2 if li-ming is taken.
        blocked = {**dict.fromkeys(taken, 0), **used}
        planned = _place(row, values, collection, checker.folder, taken, blocked, False, root)
        if planned is not None:
            used[planned.entry_id] = row.number
        if planned is not None and not row.problems:
            header = [
                schema_comment(planned.path, root, collection),
                f"# 由 tekan import --update 从 {plan.display} 第 {row.number} 行新增。",
            ]
            planned.text = "\n".join(header) + "\n" + _yaml_text(values)
            _check_text(row, planned, collection, checker, root)
            if not row.problems:
                plan.added.append((collection, planned))
    return _row_lines(display, row)


def _remove_missing(root: Path, plan: UpdatePlan, editors: dict[Path, FileEditor]) -> None:
    by_file: dict[Path, list[Entry]] = {}
    for entry in plan.missing:
        by_file.setdefault(entry.origin.doc.path, []).append(entry)
    for path, gone in by_file.items():
        listed = [entry for entry in gone if entry.origin.loc]
        if not listed:
            plan.changes.removals.append(path)
            continue
        editor = editors.setdefault(path, FileEditor(path.read_text(encoding="utf-8")))
        items = editor.mapping(("entries",)).value
        if len(listed) == len(items):
            editors.pop(path)
            plan.changes.removals.append(path)
            continue
        for entry in listed:
            editor.remove_item(("entries",), entry.origin.loc[1])


def _photos_left_unused(site, deleted: list[Entry]) -> list[Path]:
    """The deleted entries' photos that no remaining entry of any year uses."""
    gone = {(entry.year, entry.collection, entry.id) for entry in deleted}
    kept = {
        entry.photo
        for issue in site.issues
        for entry in issue.all_entries()
        if entry.photo and (entry.year, entry.collection, entry.id) not in gone
    }
    photos = dict.fromkeys(entry.photo for entry in deleted if entry.photo and entry.photo not in kept)
    return [photo for photo in photos if photo.is_file()]


def _verify(root: Path, plan: UpdatePlan, editors: dict[Path, FileEditor]) -> None:
    """Read every rewritten file back: each changed entry must hold exactly its old values with
    the changes made, and nothing else in the file may differ. A mismatch is our bug, never
    the editor's, and stops the update before anything is written."""
    expected: dict[Path, Any] = {}  # YAML as loaded: nested dicts and lists
    for path, editor in editors.items():
        if path in plan.changes.writes:
            expected[path] = yaml.safe_load(editor.text)
    for change in plan.changed:
        path = change.entry.origin.doc.path
        target = expected[path]
        if change.entry.origin.loc:
            target = target["entries"][change.entry.origin.loc[1]]
        for name, value in change.values.items():
            if value is None:
                target.pop(name, None)
            else:
                target[name] = _as_written(value)
    for entry in plan.missing if plan.delete_missing else []:
        path = entry.origin.doc.path
        if path in expected and entry.origin.loc:
            items = expected[path]["entries"]
            items[:] = [item for item in items if item.get("id") != entry.id]
    for path, value in expected.items():
        if yaml.safe_load(plan.changes.writes[path]) != value:
            shown = display_path(path, root)
            raise ImportFailed([f"{shown}：改写后读回的内容与预期不符，没有写入任何文件；这是 tekan 的错误，请报告。"])


def print_plan(plan: UpdatePlan, root: Path, out=None) -> None:
    out = out or sys.stdout
    print(plan.summary(), file=out)
    if plan.delete_missing and plan.missing:
        print("将删除（表格中已没有这些条目，--delete-missing）：", file=out)
        for entry in plan.missing:
            print(
                f"  {COLLECTION_TITLES[entry.collection]} {entry.id} {entry.name}"
                f"（{display_path(entry.origin.doc.path, root)}）",
                file=out,
            )
        for photo in plan.photos:
            print(f"  照片 {display_path(photo, root)}（其他条目都没有用到）", file=out)
    if plan.changed:
        print("修改：", file=out)
        for change in plan.changed:
            where = display_path(change.entry.origin.doc.path, root)
            print(
                f"  {COLLECTION_TITLES[change.collection]} 第 {change.row} 行 {change.entry.name}（{where}）", file=out
            )
            for item in change.fields:
                print(f"    {item.header}：{item.before} → {item.after}", file=out)
    if plan.added:
        print("新增：", file=out)
        for collection, planned in plan.added:
            print(
                f"  {COLLECTION_TITLES[collection]} 第 {planned.row} 行 {planned.name} → "
                f"{display_path(planned.path, root)}",
                file=out,
            )
    if plan.missing and not plan.delete_missing:
        print(f"表格中没有的 {len(plan.missing)} 条保留不动（如要删除，请加 --delete-missing）。", file=out)


def run_update(root: Path, args) -> int:
    collection = resolve_collection(args.collection) if args.collection else None
    try:
        plan = plan_update(root, Path(args.file), args.year, collection, args.sheet, args.delete_missing)
    except ImportFailed as failed:
        for line in failed.lines:
            print(line, file=sys.stderr)
        print(f"共 {len(failed.lines)} 处问题，没有写入任何文件；请改好表格后重新运行。", file=sys.stderr)
        return 1
    print_plan(plan, root)
    if not plan.changes:
        print("没有需要写入的改动。")
        return 0
    if args.dry_run:
        print("试运行：没有写入任何文件。去掉 --dry-run 即可写入。")
        return 0
    if not args.yes and not _confirmed():
        print("已取消，没有写入任何文件。", file=sys.stderr)
        return 1
    apply_changes(root, plan.changes)
    print(
        f"已写入：新增 {len(plan.added)} 个文件，修改 {len(plan.changed)} 条"
        + (f"，{plan.deleted()}" if plan.delete_missing and plan.missing else "")
        + "。运行 make serve 预览，确认无误后提交发布。"
    )
    return 0


def _confirmed() -> bool:
    try:
        answer = input("确认写入以上改动？输入 y 后回车写入，直接回车取消：")
    except EOFError:  # no one to ask (a script): --yes says it
        print("\n（没有可以回答的输入；如要直接写入，请加 --yes。）", file=sys.stderr)
        return False
    return answer.strip().lower() in ("y", "yes", "是", "确认")
