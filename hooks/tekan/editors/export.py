"""`tekan export`: a year's entries as a workbook that `tekan import --update` reads back.

One sheet per collection, one row per entry, the columns `tekan import` reads under their
Chinese headers, and the entry's id in a first, greyed-out column that ties each row to its
file. Honours take a pair of columns each (荣誉1, 年份1, 荣誉2, 年份2 …) so that a person with
several stays on one row and each award gets a drop-down list. Each value is written as the
text the importer reads back to the same value: a round trip with no edit changes nothing.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from pathlib import Path

from tekan.dataset.loader import Entry, EntryChecker, load_site_data
from tekan.dataset.schemas import COLLECTION_SCHEMAS
from tekan.dataset.vocabulary import COLLECTION_TITLES, COLLECTIONS
from tekan.editors.entryfiles import EntryFileError, pick_year
from tekan.editors.importer import HEADERS, records
from tekan.errors import display_path

ID_HEADER = "编号（请勿修改）"
OPTIONS_SHEET = "选项"
# Excel keeps at most this many characters in a cell; a longer story would be cut.
CELL_LIMIT = 32767
MIN_HONOUR_COLUMNS = 2
_WIDE = {"unit": 30, "summary": 40, "story": 60, "address": 26, "services": 26, "links": 36, "name": 18}


def entry_values(entry: Entry) -> dict:
    """The fields an entry's file fills in, typed as the schema reads them; a listed site's kind,
    city and sample come from its list. The section by its title, as the drop-down offers it."""
    data = entry.data
    values = data.model_dump(include=data.model_fields_set)
    for honour in values.get("honours") or []:
        if honour.get("level") is None:
            honour.pop("level", None)
    if entry.section is not None:
        values["section"] = entry.section.title
    return values


def field_text(name: str, value) -> str:
    """One field as the text of its cell; the importer reads it back to the same value."""
    if value is None:
        return ""
    if name == "links":
        return "\n".join(f"{link['title']} {link['url']}" for link in value)
    if name == "honours":
        return "、".join(f"{honour['year']}年{honour['award']}" for honour in value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(item) for item in value)
    return str(value).rstrip("\n")


@dataclass
class Column:
    field: str  # schema field, "id", or honours#N / honour_year#N
    header: str
    comment: str


def columns_for(collection: str, honour_pairs: int) -> list[Column]:
    schema = COLLECTION_SCHEMAS[collection]
    columns = [
        Column(
            "id",
            ID_HEADER,
            "请勿修改：tekan 用编号找到对应的条目文件。新增的行此列留空，导入时按姓名或名称的拼音生成。",
        )
    ]
    fields = list(schema.model_fields)
    for own in ("skills", "trade"):  # a craftsman's trade and skills next to the industry, not after the links
        if own in fields and "industry" in fields:
            fields.remove(own)
            fields.insert(fields.index("industry") + 1, own)
    for name in fields:
        info = schema.model_fields[name]
        if name == "honours":
            for number in range(1, honour_pairs + 1):
                columns.append(
                    Column(f"honours#{number}", f"荣誉{number}", "荣誉名称，从下拉列表中选（data/awards.yml 中的荣誉）")
                )
                columns.append(Column(f"honour_year#{number}", f"年份{number}", "获得这项荣誉的年份，四位数字"))
            continue
        comment = info.description or ""
        if name in ("tags", "services", "skills"):
            comment += "；多项用顿号「、」分开"
        elif name == "links":
            comment += "；每行一个：链接文字 空格 网址"
        elif name == "sample":
            comment = "示例条目填「是」，网站上会显示「示例」标记；正式条目留空"
        columns.append(Column(name, HEADERS[collection][name][0], comment))
    return columns


def row_cells(collection: str, values: dict, columns: list[Column]) -> list:
    cells: list = []
    honours = values.get("honours") or []
    for column in columns:
        if column.field == "id":
            cells.append(values.get("id", ""))
        elif column.field.startswith("honours#"):
            index = int(column.field.split("#")[1]) - 1
            cells.append(honours[index]["award"] if index < len(honours) else None)
        elif column.field.startswith("honour_year#"):
            index = int(column.field.split("#")[1]) - 1
            cells.append(honours[index]["year"] if index < len(honours) else None)
        elif column.field == "established" and isinstance(values.get("established"), int):
            cells.append(values["established"])
        else:
            cells.append(field_text(column.field, values.get(column.field)) or None)
    return cells


def export_workbook(
    root: Path,
    target: Path,
    year: int | None = None,
    collections: list[str] | None = None,
    overwrite: bool = False,
) -> str:
    """Write the workbook; return the one-line summary for the editor."""
    if target.suffix.lower() != ".xlsx":
        raise EntryFileError(f"{target.name}：导出文件名应以 .xlsx 结尾，如 {target.stem}.xlsx。")
    if target.exists() and not overwrite:
        # It may hold edits not yet applied with --update: never replaced without being asked.
        raise EntryFileError(
            f"{target.name} 已存在，没有改动它；如要用新导出的内容覆盖（其中还没写回的修改会丢失），"
            "请加 --overwrite，或换一个文件名。"
        )
    data_dir = root / "data"
    year = pick_year(data_dir, year)
    site = load_site_data(data_dir, root)  # an export of data the build refuses would carry its mistakes along
    issue = site.issue(year)
    checker = EntryChecker(data_dir, year, root)
    collections = collections or list(COLLECTIONS)
    workbook, counts = _build(issue, checker, collections, root)
    partial = target.with_name(f".{target.name}.tekan-partial")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook.save(partial)
        os.replace(partial, target)  # a reader never sees half a workbook
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise EntryFileError(
            f"无法写入 {display_path(target, None)}（{exc.strerror or type(exc).__name__}）；"
            "如果这个文件正在 Excel 或 WPS 中打开，请先关闭，或换一个文件名。"
        ) from None
    parts = "，".join(f"{COLLECTION_TITLES[c]} {n} 条" for c, n in counts.items())
    return (
        f"已导出 {year} 年度：{parts}，写入 {target.name}。"
        f"在 Excel 或 WPS 中修改后保存，运行 tekan import {target.name} --update 查看改动并写回。"
    )


def _build(issue, checker: EntryChecker, collections: list[str], root: Path):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.worksheets[0])  # the empty sheet every new workbook has
    lists = _option_lists(checker)
    options = _options_sheet(workbook, lists)
    counts = {}
    for collection in collections:
        entries = issue.entries[collection]
        pairs = max([MIN_HONOUR_COLUMNS, *(len(entry_values(e).get("honours") or []) for e in entries)])
        if collection == "sites":
            pairs = 0
        columns = columns_for(collection, pairs)
        sheet = workbook.create_sheet(COLLECTION_TITLES[collection])
        sheet.append([column.header for column in columns])
        for entry in entries:
            values = {"id": entry.id, **entry_values(entry)}
            story = values.get("story") or ""
            if len(story) > CELL_LIMIT:
                raise EntryFileError(
                    f"{entry.origin.doc.display}（条目「{entry.id}」）：事迹有 {len(story)} 字，"
                    f"超过 Excel 一个单元格能存的 {CELL_LIMIT} 字，导出会被截断；请缩短后再导出。"
                )
            cells = row_cells(collection, values, columns)
            sheet.append(cells)
            for number, value in enumerate(cells, start=1):
                if isinstance(value, str) and value.startswith("="):
                    sheet.cell(sheet.max_row, number).data_type = "s"  # text that looks like a formula stays text
        _format(sheet, columns, len(entries), collection, lists, options)
        counts[collection] = len(entries)
    workbook.move_sheet(options, offset=len(workbook.sheetnames))
    return workbook, counts


def _option_lists(checker: EntryChecker) -> dict[str, list[str]]:
    return {
        "city": [city.short for city in records(checker.references.cities)],
        "award": [award.name for award in records(checker.references.awards)],
        "site_kind": [kind.name for kind in records(checker.references.site_kinds)],
        "section": [section.title for section in checker.info.sections],
        "profile_kind": ["个人", "集体"],
        "sample": ["是", "否"],
    }


def _options_sheet(workbook, lists: dict[str, list[str]]):
    """The drop-down lists' values, on a hidden sheet: a list written into a rule is limited to 255 characters."""
    sheet = workbook.create_sheet(OPTIONS_SHEET)
    for column, (name, values) in enumerate(lists.items(), start=1):
        sheet.cell(1, column, name)
        for row, value in enumerate(values, start=2):
            sheet.cell(row, column, value)
    sheet.sheet_state = "hidden"
    return sheet


def _format(sheet, columns: list[Column], rows: int, collection: str, lists: dict[str, list[str]], options) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    grey = PatternFill("solid", fgColor="E7E6E6")
    wrap = Alignment(wrap_text=True, vertical="top")
    last = max(rows + 1, 2)
    list_columns = list(lists)
    for number, column in enumerate(columns, start=1):
        letter = get_column_letter(number)
        header = sheet.cell(1, number)
        header.font = Font(bold=True)
        header.comment = Comment(column.comment, "tekan", width=260, height=110)
        base = column.field.split("#")[0]
        width = _WIDE.get(base, 24 if base == "honours" else 12)
        sheet.column_dimensions[letter].width = width
        if column.field == "id":
            for (cell,) in sheet.iter_rows(min_row=1, max_row=last, min_col=number, max_col=number):
                cell.fill = grey
            header.font = Font(bold=True, color="7F7F7F")
        if base in ("story", "summary", "links"):  # long text shown whole, in lines
            for (cell,) in sheet.iter_rows(min_row=2, max_row=last, min_col=number, max_col=number):
                cell.alignment = wrap
        choice = {
            "city": "city",
            "honours": "award",
            "section": "section",
            "sample": "sample",
            "kind": "site_kind" if collection == "sites" else "profile_kind",
        }.get(base)
        if choice is None:
            continue
        source = get_column_letter(list_columns.index(choice) + 1)
        rule = DataValidation(
            type="list",
            formula1=f"'{options.title}'!${source}$2:${source}${len(lists[choice]) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="不在列表中",
            error=f"请从下拉列表中选择「{column.header}」；列表来自 data/ 中的名录。",
        )
        rule.add(f"{letter}2:{letter}1048576")
        sheet.add_data_validation(rule)
    sheet.freeze_panes = "C2"  # the header row, and the id and name columns
