"""`tekan import`: a spreadsheet of people or sites turned into entry files.

Editors keep their lists in Excel with Chinese column headers. Each row becomes
the YAML text of one entry file, and that very text goes through the strict
loader, the schema and the reference checks the build uses (`EntryChecker`).
Only when every row passes is anything written: a list is imported whole or
not at all, so a half-imported list never reaches the site.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from tekan.dataset.loader import EntryChecker
from tekan.dataset.schemas import COLLECTION_SCHEMAS
from tekan.dataset.vocabulary import COLLECTION_TITLES, parse_year
from tekan.dataset.yamlio import YamlProblem, find_invisible, load_yaml, parse_yaml
from tekan.editors.entryfiles import (
    EntryFileError,
    check_id,
    dump_yaml,
    existing_entries,
    is_list_field,
    pick_year,
    pinyin_id,
    schema_comment,
    with_suffix,
)
from tekan.errors import quote

# Column headers editors write, per field; the first is the one the guide and the sample use.
_PROFILE_HEADERS = {
    "id": ("编号",),
    "name": ("姓名", "名称", "姓名或名称", "集体名称"),
    "kind": ("类型", "个人或集体"),
    "unit": ("单位", "工作单位", "所在单位", "单位名称"),
    "post": ("职务", "岗位", "职务或岗位"),
    "city": ("城市", "地市", "地级市", "所在城市", "所在地市"),
    "industry": ("行业", "所属行业"),
    "honours": ("荣誉", "所获荣誉", "荣誉称号"),
    "honour_year": ("年份", "获奖年份", "荣誉年份", "表彰年份"),
    "summary": ("简介", "一句话简介"),
    "story": ("事迹", "主要事迹", "事迹正文"),
    "photo": ("照片", "照片文件"),
    "tags": ("标签",),
    "section": ("专题",),
    "links": ("链接", "报道链接", "相关报道"),
    "sample": ("示例",),
}
HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    "workers": _PROFILE_HEADERS,
    "craftsmen": {**_PROFILE_HEADERS, "trade": ("工种",), "skills": ("专长", "专长技能", "技能")},
    "sites": {
        "id": ("编号",),
        "name": ("名称", "阵地名称"),
        "kind": ("类型", "阵地类型"),
        "city": ("城市", "地市", "地级市", "所在城市", "所在地市"),
        "district": ("区县", "所在区县", "区"),
        "address": ("地址", "详细地址"),
        "hours": ("开放时间",),
        "phone": ("电话", "联系电话"),
        "services": ("服务项目", "服务"),
        "established": ("建成年份", "命名年份", "年份"),
        "summary": ("简介",),
        "story": ("介绍", "详细介绍"),
        "photo": ("照片", "照片文件"),
        "tags": ("标签",),
        "section": ("专题",),
        "links": ("链接", "报道链接", "相关报道"),
        "sample": ("示例",),
    },
}
# Columns many lists have that are not for the site: read past on purpose. Published award lists
# carry 性别, 民族 and the like; the site shows none of them, so they are read and left out.
IGNORED_HEADERS = ("序号", "备注", "性别", "民族", "出生年月", "出生日期", "政治面貌", "学历", "文化程度")
# One column holding the unit and then the post, as published award lists have it.
UNIT_AND_POST_HEADERS = ("工作单位及职务", "单位及职务", "工作单位和职务", "单位和职务", "工作单位及职务职称")
# 荣誉1/年份1, 荣誉2/年份2 …: one honour per pair of columns, as `tekan export` writes them.
_NUMBERED = re.compile(r"^(.*?)(\d+)$")
# A cell a spreadsheet would run: =… always; +, - and @ when a function or a DDE call (cmd|…) follows.
_FORMULA = re.compile(r"^\s*(?:=|[+\-@]\s*(?:[A-Za-z_][\w.]*\s*[(|!]|[\w.]*\|))")
# What separates several values in one cell: 、，；, line breaks.
_SEPARATORS = re.compile(r"[、，,；;\n]+")
_YES = {"是", "y", "yes", "true", "1", "√", "✓", "示例"}
_NO = {"否", "n", "no", "false", "0", "×", "✗"}
_URL = re.compile(r"https?://[^\s，；、]+", re.IGNORECASE)
_HONOUR_YEAR_FIRST = re.compile(r"^(\d{4})\s*年度?\s*(?:获得?|荣获)?\s*(.+)$")
_HONOUR_YEAR_LAST = re.compile(r"^(.+?)\s*[（(]?\s*(\d{4})\s*年?度?\s*[)）]?$")


class ImportFailed(Exception):
    """Problems that stop the whole import; each line names file, row and column."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        super().__init__("\n".join(lines))


@dataclass
class Table:
    display: str
    sheet: str
    header_row: int
    headers: list[tuple[int, str]]  # (column index, header as written)
    rows: list[tuple[int, list]]  # (row number as the spreadsheet shows it, cells)
    title: str = ""  # the text above the header row: a list's title and notes


@dataclass
class PlannedFile:
    row: int
    name: str
    entry_id: str
    path: Path
    text: str
    replaces: bool
    note: str = ""


@dataclass
class ImportResult:
    table: Table
    files: list[PlannedFile] = field(default_factory=list)
    written: bool = False
    # (row, name, the text searched) of rows whose city the unit or site name does not tell
    no_city: list[tuple[int, str, str]] = field(default_factory=list)


# Reading ------------------------------------------------------------------------


def _decode_csv(raw: bytes) -> str:
    """UTF-8 with or without BOM, UTF-16 (Excel's 「Unicode 文本」), else GBK/GB18030 (Excel's CSV in China)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def _read_csv(path: Path) -> list[list]:
    try:
        text = _decode_csv(path.read_bytes())
    except UnicodeDecodeError:
        raise EntryFileError(
            f"{path.name}：无法识别文件编码；请在 Excel 中「另存为」「CSV UTF-8」或 .xlsx 后再导入。"
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _sheet_order(workbook, sheet: str | None, collection: str, display: str) -> list:
    """The sheet asked for; else the one named after the collection, then the others in order."""
    names = workbook.sheetnames
    if sheet is not None:
        if sheet not in names:
            raise EntryFileError(f"{display} 里没有名为「{sheet}」的工作表；现有：{'、'.join(names)}。")
        return [workbook[sheet]]
    wanted = {collection, COLLECTION_TITLES[collection]}
    named = [workbook[name] for name in names if name.strip() in wanted]
    return named or [worksheet for worksheet in workbook.worksheets if worksheet.sheet_state == "visible"]


def _read_xlsx(path: Path, sheet: str | None, collection: str):
    """(title, rows) of each sheet worth trying, read only when the one before had no header."""
    workbook = _load_xlsx(path)
    sheets = _sheet_order(workbook, sheet, collection, path.name)
    return ((worksheet.title, _sheet_rows(worksheet)) for worksheet in sheets)


def _load_xlsx(path: Path, read_only: bool = False):
    from zipfile import BadZipFile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    if path.read_bytes()[:4] == b"\xd0\xcf\x11\xe0":
        raise EntryFileError(
            f"{path.name} 是旧版 Excel（.xls）文件或设有打开密码；"
            "请在 Excel 或 WPS 中「另存为」.xlsx 格式（不设密码）后再导入。"
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about Excel features it skips
            # Not read-only: merged cells are only known to a fully loaded sheet. Not data_only:
            # a formula must be seen as one, to be refused, not taken for the value it last showed.
            return openpyxl.load_workbook(path, read_only=read_only)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise EntryFileError(
            f"{path.name} 无法作为 .xlsx 表格打开（{type(exc).__name__}）；请在 Excel 中重新「另存为」.xlsx 后再试。"
        ) from None


def read_tables(path: Path, collections: list[str], sheet: str | None = None) -> dict[str, Table]:
    """One table per collection from one workbook, each from the sheet named after it (劳动模范 …),
    as `tekan export` writes them; else, for a single collection, as `read_table` finds it.
    Read as a stream (read-only): an export of 10,000 entries loads in half the time."""
    if path.suffix.lower() not in (".xlsx", ".xlsm") or not path.is_file():
        if len(collections) != 1:
            raise EntryFileError(f"{path.name}：请用 --collection 写明这张表是哪一类条目。")
        return {collections[0]: read_table(path, collections[0], sheet)}
    workbook = _load_xlsx(path, read_only=True)
    tables = {}
    try:
        for collection in collections:
            wanted = {sheet} if sheet else {collection, COLLECTION_TITLES[collection]}
            for worksheet in workbook.worksheets:
                if worksheet.title.strip() in wanted:
                    table = _find_header(path.name, worksheet.title, _sheet_rows(worksheet), collection)
                    if table is not None:
                        tables[collection] = table
                        break
    finally:
        workbook.close()
    if not tables and len(collections) == 1:
        return {collections[0]: read_table(path, collections[0], sheet)}
    if not tables:
        titles = "、".join(COLLECTION_TITLES[c] for c in collections)
        raise EntryFileError(
            f"{path.name} 里没有名为 {titles} 的工作表；请用 tekan export 导出的表格，或加 --collection 指明类别。"
        )
    return tables


def _sheet_rows(worksheet) -> list[list]:
    rows = [
        [_formula_text(cell) if getattr(cell, "data_type", None) == "f" else cell.value for cell in row]
        for row in worksheet.iter_rows()
    ]
    # Lists often merge one 单位 cell over the rows of its people: each row gets the value.
    # (A sheet read as a stream knows no merged cells: only exported workbooks are read so.)
    merged_cells = getattr(worksheet, "merged_cells", None)
    for merged in merged_cells.ranges if merged_cells is not None else ():
        value = worksheet.cell(merged.min_row, merged.min_col).value
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                if row <= len(rows) and column <= len(rows[row - 1]):
                    rows[row - 1][column - 1] = value
    return rows


def _formula_text(cell) -> str:
    """A formula cell as its text (=HYPERLINK(…)), array formulas included."""
    value = cell.value
    text = value if isinstance(value, str) else getattr(value, "text", None) or str(value)
    return text if text.startswith("=") else "=" + text


def normalise_header(text: str) -> str:
    """城市（地级市）* -> 城市: notes in brackets, stars and blanks are not part of the name."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】", "", text)
    return re.sub(r"[\s*:：]", "", text)


def _header_index(collection: str) -> dict[str, str]:
    return {header: field_name for field_name, headers in HEADERS[collection].items() for header in headers}


def read_table(path: Path, collection: str, sheet: str | None = None) -> Table:
    """The header row and data rows of a .xlsx or .csv file; row numbers as Excel shows them."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise EntryFileError(f"找不到文件 {path}。")
    if suffix == ".csv" or suffix == ".txt":
        sheets = [("", _read_csv(path))]
    elif suffix in (".xlsx", ".xlsm"):
        sheets = _read_xlsx(path, sheet, collection)
    elif suffix in (".xls", ".et", ".wps", ".numbers", ".ods"):
        raise EntryFileError(f"{path.name}：暂不支持 {suffix} 格式；请在 Excel 或 WPS 中「另存为」.xlsx 后再导入。")
    else:
        raise EntryFileError(f"{path.name}：只能导入 .xlsx 或 .csv 文件。")
    for sheet_name, rows in sheets:
        table = _find_header(path.name, sheet_name, rows, collection)
        if table is not None:
            return table
    examples = "、".join(headers[0] for headers in list(HEADERS[collection].values())[1:6])
    raise EntryFileError(
        f"{path.name}：前 {HEADER_SEARCH_ROWS} 行里找不到表头；"
        f"表头行应写列名，如 {examples}（上方可有标题行和说明行）。"
    )


HEADER_SEARCH_ROWS = 20


def _find_header(display: str, sheet_name: str, rows: list[list], collection: str) -> Table | None:
    """The header row is the first with at least two known column names: published lists start
    with a merged title row and sometimes a note row. What is above it is kept as the title."""
    known = _header_index(collection)
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        names = [normalise_header(str(cell)) for cell in row if cell is not None]
        if sum(_field_of(name, known) is not None for name in set(names)) >= 2:
            headers = [
                (column, str(cell).strip()) for column, cell in enumerate(row) if cell is not None and str(cell).strip()
            ]
            data = [
                (number, row)
                for number, row in enumerate(rows[index + 1 :], start=index + 2)
                if any(_cell_text(cell) for cell in row)
            ]
            title = " ".join(dict.fromkeys(_cell_text(cell) for above in rows[:index] for cell in above if cell))
            return Table(display, sheet_name, index + 1, headers, data, title)
    return None


def _field_of(name: str, known: dict[str, str]) -> str | None:
    """The field a normalised header stands for: 荣誉2 -> honours#2, 工作单位及职务 -> unit_post."""
    if name in known:
        return known[name]
    if name in UNIT_AND_POST_HEADERS:
        return "unit_post"
    numbered = _NUMBERED.match(name)
    if numbered and known.get(numbered.group(1)) in ("honours", "honour_year"):
        return f"{known[numbered.group(1)]}#{int(numbered.group(2))}"
    return None


def _cell_text(value) -> str:
    """A cell as the editor sees it: 2023 not 2023.0, dates as 2023-11-30, no stray blanks."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


# From a row to entry values -------------------------------------------------------


@dataclass
class _Row:
    number: int
    cells: dict[str, str]  # field -> text
    headers: dict[str, str]  # field -> header as written
    problems: list[tuple[str, str]] = field(default_factory=list)  # (header, message)

    def problem(self, field_name: str, message: str) -> None:
        self.problems.append((self.headers.get(field_name, field_name), message))


def _split(text: str) -> list[str]:
    return [part.strip() for part in _SEPARATORS.split(text) if part.strip()]


def _honours(row: _Row) -> list[dict]:
    """「2023年全国五一劳动奖章、广东省劳动模范（2020）」 -> award and year for each; the 年份
    column gives the year to those that do not name one."""
    items = _split(row.cells.get("honours", ""))
    years_text = row.cells.get("honour_year", "")
    parsed = [parse_year(part) for part in _split(years_text)]
    column_years = [year for year in parsed if year is not None]
    if len(column_years) != len(parsed):
        row.problem("honour_year", f"应为四位年份（如 2023），实际为{quote(years_text)}。")
        column_years = []
    honours, missing = [], []
    for item in items:
        first = _HONOUR_YEAR_FIRST.match(item)
        last = _HONOUR_YEAR_LAST.match(item)
        if first:
            honours.append({"award": first.group(2).strip(), "year": int(first.group(1))})
        elif last and last.group(1).strip():
            honours.append({"award": last.group(1).strip(), "year": int(last.group(2))})
        else:
            honours.append({"award": item, "year": None})
            missing.append(honours[-1])
    if missing:
        if len(column_years) == 1:
            for honour in missing:
                honour["year"] = column_years[0]
        elif column_years and len(column_years) == len(missing):
            for honour, year in zip(missing, column_years, strict=True):
                honour["year"] = year
        else:
            names = "、".join(f"「{honour['award']}」" for honour in missing)
            year_header = HEADERS["workers"]["honour_year"][0]
            row.problem(
                "honours", f"{names}没有写年份；请在「{year_header}」列填写，或写成「2023年{missing[0]['award']}」。"
            )
            return []
    elif column_years and items and len(column_years) not in (1, len(items)):
        row.problem(
            "honour_year", f"写了 {len(column_years)} 个年份，但荣誉有 {len(items)} 项；请一一对应，或只写一个年份。"
        )
    return honours


def _links(row: _Row) -> list[dict]:
    links = []
    for item in [part.strip() for part in re.split(r"[\n；;]+", row.cells.get("links", "")) if part.strip()]:
        match = _URL.search(item)
        title = (item[: match.start()] + item[match.end() :]).strip(" ：:，,-—|") if match else ""
        if not match:
            row.problem("links", f"{quote(item)}里没有网址；网址应以 http:// 或 https:// 开头。")
        elif not title:
            row.problem("links", f"网址前请写上链接文字，如「人民网报道 {match.group(0)}」。")
        else:
            links.append({"title": title, "url": match.group(0)})
    return links


def _flag(row: _Row, field_name: str) -> bool | None:
    text = row.cells.get(field_name, "")
    if not text:
        return None
    if text.lower() in _YES:
        return True
    if text.lower() in _NO:
        return False
    row.problem(field_name, f"应填「是」或「否」，实际为{quote(text)}。")
    return None


def _entry_values(row: _Row, collection: str, checker: EntryChecker) -> dict:
    """The entry's fields in the schema's order; lists split, years read, honours parsed."""
    schema = COLLECTION_SCHEMAS[collection]
    values: dict = {}
    for name, info in schema.model_fields.items():
        text = row.cells.get(name, "")
        value: object
        if name == "honours":
            value = _honours(row)
        elif name == "links":
            value = _links(row)
        elif name == "sample":
            value = _flag(row, name)
        elif name == "established":
            year = parse_year(text)
            value = year if year is not None else (text or None)
        elif is_list_field(info):
            value = _split(text)
        else:
            value = text or None
        if value not in (None, [], ""):
            values[name] = value
        elif info.is_required():
            row.problem(name, f"不能为空（{info.description}）。")
    _usual_names(values, collection, checker)
    if collection != "sites" and "kind" not in values and values.get("honours"):
        # A list of 工人先锋号 or 五一劳动奖状 is a list of collectives, even without a 类型 column.
        awards = [checker.references.awards.find(h["award"]) for h in values["honours"]]
        if all(award is not None and award.recipient == "集体" for award in awards):
            values = {
                **{k: v for k, v in values.items() if k == "name"},
                "kind": "集体",
                **{k: v for k, v in values.items() if k != "name"},
            }
    return values


def _usual_names(values: dict, collection: str, checker: EntryChecker) -> None:
    """Write the usual form of names the build recognises (广州市 -> 广州, 省劳模 -> 广东省劳动模范),
    so that imported files read like hand-written ones; unknown names stay as typed for the error."""
    references = checker.references
    if values.get("city") and (city := references.cities.find(values["city"])):
        values["city"] = city.short
    for honour in values.get("honours", []):
        if award := references.awards.find(honour["award"]):
            honour["award"] = award.name
    if collection == "sites" and values.get("kind") and (site_kind := references.site_kinds.find(values["kind"])):
        values["kind"] = site_kind.name


# Planning and checking ----------------------------------------------------------------


def _column_of(row: _Row, collection: str, loc: str, honours: int) -> str:
    """The header an error belongs under: city -> 城市, honours[1].award -> 荣誉（第 2 项）."""
    match = re.match(r"([a-z_]+)(?:\[(\d+)\])?", loc)
    if not match:
        return ""
    field_name, index = match.group(1), match.group(2)
    header = row.headers.get(field_name) or HEADERS[collection].get(field_name, (field_name,))[0]
    if index is not None and (field_name != "honours" or honours > 1):
        header += f"（第 {int(index) + 1} 项）"
    return header


def _check_headers(
    table: Table, collection: str, award_given: bool = False
) -> tuple[dict[str, tuple[int, str]], list[str]]:
    """field -> (column, header as written); problems with the header row itself."""
    from tekan.dataset.validation import suggest

    known = _header_index(collection)
    columns: dict[str, tuple[int, str]] = {}
    problems = []
    where = f"{table.display} 第 {table.header_row} 行"
    for column, header in table.headers:
        name = normalise_header(header)
        if name in IGNORED_HEADERS:
            continue
        field_name = _field_of(name, known)
        if field_name is None:
            canonical = [headers[0] for headers in HEADERS[collection].values()]
            problems.append(
                f"{where} 「{header}」列：不认识这个列名{suggest(name, known)}；"
                f"可用的列名有 {'、'.join(canonical)}（另可有 序号、备注、性别、民族 等列，不导入）。"
                "请改列名，或删除这一列。"
            )
        elif field_name in columns:
            problems.append(f"{where} 「{header}」列：与「{columns[field_name][1]}」列是同一项内容；请只保留一列。")
        else:
            columns[field_name] = (column, header)
    for one, other in (("unit_post", "unit"), ("unit_post", "post"), ("honours", "honours#1")):
        if one in columns and other in columns:
            problems.append(f"{where} 「{columns[one][1]}」列：与「{columns[other][1]}」列重复；请只保留其中一种写法。")
    schema = COLLECTION_SCHEMAS[collection]
    for name, info in schema.model_fields.items():
        if info.is_required() and name not in columns and not (name == "unit" and "unit_post" in columns):
            if name == "city" and collection == "sites":
                continue  # taken from the site's name or address where it names a city (RowReader)
            if name == "summary" and ("unit_post" in columns or award_given):
                continue  # a published list has none: written from the unit, post and award (RowReader)
            header = HEADERS[collection][name][0]
            problems.append(f"{where}：缺少「{header}」列（{info.description}），每个条目都必须填写。")
    return columns, problems


@dataclass
class ListOptions:
    """What a published award list leaves out and the editor gives on the command line."""

    award: str | None = None
    award_year: int | None = None


@dataclass
class RowReader:
    """Turns the cells of one row into a `_Row` of field texts, as every caller of the importer needs:
    numbered honour columns joined, 工作单位及职务 split, the award of a list added, the city inferred."""

    table: Table
    columns: dict[str, tuple[int, str]]
    collection: str
    checker: EntryChecker
    options: ListOptions = field(default_factory=ListOptions)

    def __post_init__(self):
        # Where a missing city is looked for: a person's unit, a site's name and address.
        self.city_from = ("name", "address") if self.collection == "sites" else ("unit",)
        self.infer_city = "city" not in self.columns and (
            self.collection == "sites" or "unit" in self.columns or "unit_post" in self.columns
        )
        self.add_award = self.options.award is not None and not any(
            name == "honours" or name.startswith("honours#") for name in self.columns
        )
        self.fill_summary = "summary" not in self.columns and ("unit_post" in self.columns or self.add_award)

    def headers(self) -> dict[str, str]:
        headers = {name: header for name, (_, header) in self.columns.items()}
        if "unit_post" in headers:
            headers.setdefault("unit", headers["unit_post"])
            headers.setdefault("post", headers["unit_post"])
        return headers

    def read(self, number: int, cells: list) -> _Row | None:
        """The row's fields as text; None for a row with nothing to import (only its 序号 or 备注)."""
        texts = {}
        for name, (column, _) in self.columns.items():
            value = cells[column] if column < len(cells) else None
            if isinstance(value, dt.datetime | dt.date) and name.split("#")[0] in ("honour_year", "established"):
                value = value.year  # a year typed as a date, or shown as one by WPS
            texts[name] = _cell_text(value)
        row = _Row(number, texts, self.headers())
        if not any(texts.values()):
            return None
        for name, text in texts.items():
            if _FORMULA.match(text):
                column = self.columns[name][0]
                from openpyxl.utils import get_column_letter

                row.problems.append(
                    (
                        self.columns[name][1],
                        f"单元格 {get_column_letter(column + 1)}{number} 是公式{quote(text)}；表格里不能用公式，"
                        "请改成文字（复制后用「选择性粘贴 → 数值」）。",
                    )
                )
        if row.problems:
            return row
        self._join_numbered_honours(row)
        if "unit_post" in texts:
            row.cells["unit"], row.cells["post"] = split_unit_and_post(row.cells.pop("unit_post"))
        if self.add_award:
            row.cells["honours"] = self.options.award or ""
            row.cells["honour_year"] = str(self.options.award_year or "")
        if self.fill_summary and row.cells.get("unit"):
            row.cells["summary"] = list_summary(row.cells["unit"], row.cells.get("post", ""), self.options)
        if self.infer_city:
            city = city_in(self.city_text(row), self.checker)
            if city is not None:
                row.cells["city"] = city
        return row

    def city_text(self, row: _Row) -> str:
        return " ".join(row.cells.get(name, "") for name in self.city_from if row.cells.get(name))

    def _join_numbered_honours(self, row: _Row) -> None:
        numbers = sorted({int(name.split("#")[1]) for name in row.cells if name.startswith("honours#")})
        if not numbers:
            return
        parts = []
        for number in numbers:
            award = row.cells.pop(f"honours#{number}", "")
            year = row.cells.pop(f"honour_year#{number}", "")
            if award and year:
                parts.append(f"{year}年{award}" if parse_year(year) is not None else f"{award}（{year}）")
            elif award:
                parts.append(award)
            elif year:
                header = self.columns.get(f"honours#{number}", (0, f"荣誉{number}"))[1]
                row.problem(f"honour_year#{number}", f"写了年份，但「{header}」列是空的；请补上荣誉名称，或删去年份。")
        row.cells["honours"] = "、".join(parts)


def list_summary(unit: str, post: str, options: ListOptions) -> str:
    """The 简介 of a person from a published list, which has none: what the list says, and nothing more."""
    who = f"{unit}{post}"
    if options.award and options.award_year:
        return f"{who}，{options.award_year}年获{options.award}。"
    return f"{who}。"


# A post at the end of 工作单位及职务: what posts end with (班长, 司机, 工程师, 主任 …).
_POST_ENDINGS = re.compile(r"(?:长|员|师|工|手|主任|经理|书记|主席|主管|司机|委员|代表|助理|专员|骨干|能手)$")
# Where a unit's name can end: the post starts right after one of these.
_UNIT_ENDINGS = re.compile(
    r"(?:公司|集团|局|院|厂|所|中心|学校|大学|学院|站|队|部|处|科|室|车间|班|组|段|场|馆|行|会|矿|社|店|办|委|基地)"
)


_UNIT_AT_END = re.compile(f"(?:{_UNIT_ENDINGS.pattern})$")


def split_unit_and_post(text: str) -> tuple[str, str]:
    """广州地铁集团有限公司运营总部乘务中心电客车司机 -> (…乘务中心, 电客车司机); text that does not end
    in a post stays whole as the unit. A blank between the two is the surest split."""
    text = text.strip()
    separated = re.match(r"^(.+?)\s+(\S{2,16})$", text)
    if separated and _POST_ENDINGS.search(separated.group(2)) and _UNIT_AT_END.search(separated.group(1)):
        return separated.group(1).strip(), separated.group(2).strip()
    ends = [match.end() for match in _UNIT_ENDINGS.finditer(text)]
    for end in reversed(ends):
        post = text[end:]
        if 2 <= len(post) <= 12 and _POST_ENDINGS.search(post) and not _UNIT_AT_END.search(post):
            return text[:end], post
    return text, ""


def records(lookup) -> list:
    """The records of a Lookup, once each, in the order of their file."""
    return list({id(record): record for record in lookup.by_name.values()}.values())


def city_in(unit: str, checker: EntryChecker) -> str | None:
    """The one city of the 21 that a unit's name names (广州地铁集团 -> 广州); None for none or several."""
    found = {city.short for city in records(checker.references.cities) if city.short in unit or city.name in unit}
    return found.pop() if len(found) == 1 else None


def award_in_title(title: str, checker: EntryChecker) -> tuple[str, int | None] | None:
    """「2023年广东省五一劳动奖章获得者名单」 -> (广东省五一劳动奖章, 2023), for the hint to use --award."""
    names = sorted(
        ((award.name, alias) for award in records(checker.references.awards) for alias in (award.name, *award.aliases)),
        key=lambda pair: len(pair[1]),
        reverse=True,
    )
    for name, alias in names:
        if alias in title:
            year = re.search(r"(\d{4})\s*年", title)
            return name, int(year.group(1)) if year else None
    return None


def _row_lines(display: str, row: _Row) -> list[str]:
    return [
        f"{display} 第 {row.number} 行 {header}：{message}" if header else f"{display} 第 {row.number} 行 {message}"
        for header, message in row.problems
    ]


def _list_problems(reader: RowReader, table: Table) -> list[str]:
    """What a published list needs from the command line: the award named in its title."""
    options = reader.options
    if options.award is not None:
        award = reader.checker.references.awards.find(options.award)
        if award is None:
            return [f"--award：{reader.checker.references.awards.unknown(options.award)}。"]
        options.award = award.name  # the usual name, in the honours and the summary alike
        if options.award_year is None:
            found = award_in_title(table.title, reader.checker)
            if found and found[1]:
                options.award_year = found[1]
            else:
                return [f"--award {options.award}：请同时用 --award-year 写上获得荣誉的年份，如 --award-year 2023。"]
        return []
    if not reader.add_award and not any(n == "honours" or n.startswith("honours#") for n in reader.columns):
        found = award_in_title(table.title, reader.checker)
        if found:
            year = f" --award-year {found[1]}" if found[1] else " --award-year 年份"
            return [
                f"{table.display}：表格没有「荣誉」列，标题{quote(table.title)}写的是「{found[0]}」；"
                f"如要给每一行记上这项荣誉，请加 --award {found[0]}{year}；不记荣誉请加 --award 无。"
            ]
    return []


def plan_import(
    root: Path,
    source: Path,
    collection: str,
    year: int | None = None,
    sheet: str | None = None,
    overwrite: bool = False,
    options: ListOptions | None = None,
) -> ImportResult:
    """Read, convert and check every row; raise ImportFailed listing every problem found."""
    data_dir = root / "data"
    year = pick_year(data_dir, year)
    checker = EntryChecker(data_dir, year, root)
    table = read_table(source, collection, sheet)
    options = options or ListOptions()
    columns, problems = _check_headers(table, collection, options.award not in (None, "无"))
    no_award = options.award == "无"
    if no_award:
        options = ListOptions()
    reader = RowReader(table, columns, collection, checker, options)
    if not no_award:
        problems += _list_problems(reader, table)
    if problems:
        raise ImportFailed(problems)
    taken = existing_entries(checker.folder)
    result = ImportResult(table)
    used: dict[str, int] = {}  # id -> row that took it
    seen: dict[tuple, int] = {}  # (name, unit or city) -> row
    lines: list[str] = []
    for number, cells in table.rows:
        row = reader.read(number, cells)
        if row is None:
            continue  # a row with nothing but its 序号 or 备注: lists are often numbered ahead
        if row.problems:
            lines.extend(_row_lines(table.display, row))
            continue
        if reader.infer_city and not row.cells.get("city"):
            result.no_city.append((number, row.cells.get("name", ""), reader.city_text(row)))
            if collection == "sites":
                continue  # a site must have its city: left out, and named
        values = _entry_values(row, collection, checker)
        name = values.get("name", "")
        key = (name, values.get("unit") or values.get("city") or "")
        if name and key in seen:
            row.problem(
                "name",
                f"与第 {seen[key]} "
                f"行重复（{'名称和城市' if collection == 'sites' else '姓名和单位'}都相同）；请删除其中一行。",
            )
        seen.setdefault(key, number)
        planned = None
        if name and not row.problems:
            planned = _place(row, values, collection, checker.folder, taken, used, overwrite, root)
        if planned is not None and not row.problems:
            header = [
                schema_comment(planned.path, root, collection),
                f"# 由 tekan import 从 {table.display} 第 {number} 行导入。",
            ]
            planned.text = "\n".join(header) + "\n" + dump_yaml(values)
            _check_text(row, planned, collection, checker, root)
            result.files.append(planned)
        lines.extend(_row_lines(table.display, row))
    if lines:
        raise ImportFailed(lines)
    if not result.files:
        if result.no_city:
            raise ImportFailed(no_city_lines(result, collection))
        raise ImportFailed([f"{table.display}：表头下面没有数据行。"])
    return result


def no_city_lines(result: ImportResult, collection: str) -> list[str]:
    """The rows whose city could not be told from the unit, each named, and what to do."""
    table = result.table
    source = "名称和地址" if collection == "sites" else "单位"
    if collection == "sites":
        what, then = "这一行没有导入", "请在表格中加一列「城市」填写（其余行可删去，以免重复导入），再导入一次"
    else:
        what, then = (
            "已导入，但没有填城市",
            "如需填写，请打开这些条目文件补上 city，或在表格中加一列「城市」后加 --overwrite 重新导入",
        )
    lines = [
        f"{table.display} 第 {number} 行 {name}：无法从{source}{quote(unit)}判断所在城市，{what}。"
        for number, name, unit in result.no_city
    ]
    lines.append(f"以上 {len(result.no_city)} 行{then}。")
    return lines


def _place(
    row: _Row,
    values: dict,
    collection: str,
    year_folder: Path,
    taken,
    used: dict[str, int],
    overwrite: bool,
    root: Path,
) -> PlannedFile | None:
    """The entry's id and file: the 编号 column, else the pinyin of the name with -2, -3 … when
    another entry (or an earlier row) has it. The same id in the same collection is that entry again."""
    note = ""
    explicit = row.cells.get("id")
    if explicit:
        try:
            entry_id = check_id(explicit)
        except EntryFileError as exc:
            row.problem("id", str(exc))
            return None
        existing = taken.get(entry_id)
        if entry_id in used:
            row.problem("id", f"编号「{entry_id}」与第 {used[entry_id]} 行相同；每行的编号不能重复。")
            return None
        if existing and (existing.collection != collection or existing.in_list):
            row.problem(
                "id", f"编号「{entry_id}」已被 {existing.path.relative_to(root).as_posix()} 使用；请换一个编号。"
            )
            return None
    else:
        personal = collection != "sites" and values.get("kind", "个人") == "个人"
        base = pinyin_id(values["name"], personal)
        if not base:
            row.problem("name", f"无法从{quote(values['name'])}生成编号；请加一列「编号」，写上如 li-ming 的编号。")
            return None
        number = 1
        entry_id = with_suffix(base, number)
        while entry_id in used or (
            (existing := taken.get(entry_id)) and (existing.collection != collection or existing.in_list)
        ):
            number += 1
            entry_id = with_suffix(base, number)
        if entry_id != base:
            note = f"{base} 已被占用"
    existing = taken.get(entry_id)
    used[entry_id] = row.number
    path = existing.path if existing else year_folder / collection / f"{entry_id}.yml"
    if existing and not overwrite:
        row.problem(
            "name",
            f"条目 {existing.path.relative_to(root).as_posix()} 已存在；如要用表格内容替换它，请加 --overwrite；"
            f"如果是另一位同名的{'阵地' if collection == 'sites' else '人员或集体'}，"
            f"请加一列「编号」，另写一个编号（如 {with_suffix(entry_id, 2)}）。",
        )
        return None
    if existing:
        dropped = [key for key in _fields_in(existing.path, collection) if key not in values]
        if dropped:
            note = "；".join(filter(None, [note, f"原文件中的 {'、'.join(dropped)} 将不再保留"]))
    return PlannedFile(row.number, values["name"], entry_id, path, "", replaces=existing is not None, note=note)


def _fields_in(path: Path, collection: str) -> list[str]:
    """The fields an existing file fills in, so that replacing it says what will be lost."""
    try:
        value = load_yaml(path).value
    except YamlProblem:
        return []
    fields = COLLECTION_SCHEMAS[collection].model_fields
    return (
        [
            key
            for key, item in value.items()
            if item not in (None, [], "") and not (key in fields and str(item) == str(fields[key].default))
        ]
        if isinstance(value, dict)
        else []
    )


def _check_text(row: _Row, planned: PlannedFile, collection: str, checker: EntryChecker, root: Path) -> None:
    """Read the text to be written back with the strict loader and check it as the build would."""
    display = planned.path.relative_to(root).as_posix()
    invisible = find_invisible(planned.text, display)
    if invisible:  # pasted from a web page or chat: the cell's fault, named as the loader would
        lines = planned.text.splitlines()
        for error in invisible:
            # The field is the top-level key at or above the error's line of the text written for this row.
            keys = (re.match(r"([A-Za-z_]\w*):", line) for line in reversed(lines[: error.line]))
            field_name = next((key.group(1) for key in keys if key), "")
            row.problem(field_name, error.message.replace("可把这一行重新输入一遍", "可把这个单元格重新输入一遍"))
        return
    try:
        doc = parse_yaml(planned.text, planned.path, display)
    except YamlProblem as problem:  # our writer's fault, never the editor's; say so plainly
        for error in problem.errors:
            row.problem("", f"生成的文件无法读回（{error}）；这是 tekan 的错误，请报告。")
        return
    honours = len(doc.value.get("honours") or []) if isinstance(doc.value, dict) else 0
    entry, errors = checker.check(doc, collection, planned.entry_id)
    problems = [
        (
            _column_of(row, collection, error.field, honours),
            error.message.replace("请检查 kind 或", "请检查「类型」列或"),
        )
        for error in errors
    ]
    if entry is None:
        problems += _unknown_names(row, doc.value, collection, checker, honours)
    row.problems.extend(dict.fromkeys(problems))  # each problem once, in order


def _unknown_names(row: _Row, values: dict, collection: str, checker: EntryChecker, honours: int):
    """The build checks names only once the schema passes; an import reports them in the same
    round, so that an editor fixes a row once."""
    references = checker.references
    names = [("city", values.get("city"), references.cities), ("section", values.get("section"), checker.sections)]
    if collection == "sites":
        names.append(("kind", values.get("kind"), references.site_kinds))
    names += [
        (f"honours[{index}]", honour.get("award"), references.awards)
        for index, honour in enumerate(values.get("honours") or [])
        if isinstance(honour, dict)
    ]
    return [
        (_column_of(row, collection, loc, honours), lookup.unknown(name) + "。")
        for loc, name, lookup in names
        if isinstance(name, str) and lookup.find(name) is None
    ]


def write_import(root: Path, result: ImportResult) -> None:
    """Write every planned file, all or nothing; only called once every row has passed."""
    from tekan.editors.staging import FileChanges, apply_changes

    apply_changes(root, FileChanges({planned.path: planned.text for planned in result.files}))
    result.written = True


# The sample spreadsheet in docs/ ---------------------------------------------------------

SAMPLE_SHEETS: dict[str, tuple[str, list[str], list[list]]] = {
    "workers": (
        "2023 年度劳动模范名单（示例，人物和单位均为虚构）",
        [
            "序号",
            "姓名",
            "类型",
            "单位",
            "职务",
            "城市",
            "行业",
            "荣誉",
            "年份",
            "简介",
            "标签",
            "专题",
            "示例",
            "备注",
        ],
        [
            [
                1,
                "王小红",
                "个人",
                "示例电子科技有限公司",
                "质检班班长",
                "广州",
                "制造业",
                "全国五一劳动奖章",
                2023,
                "（示例）在质检岗位上带出一支连续五年零差错的班组。",
                "质量管理、班组建设",
                "思想引领",
                "是",
                "备注列不会导入",
            ],
            [
                2,
                "赵建国",
                "个人",
                "示例港口集团",
                "桥吊司机",
                "湛江市",
                "交通运输",
                "2023年全国五一劳动奖章、2020年省劳模",
                None,
                "（示例）练就毫米级吊装手艺，牵头编写桥吊操作口诀。",
                "港口",
                None,
                "是",
                "荣誉的年份可写在荣誉前面",
            ],
            [
                3,
                "示例隧道施工班组",
                "集体",
                "示例建设集团",
                None,
                "深圳",
                "建筑业",
                "全国工人先锋号",
                2023,
                "（示例）在复杂地层中完成隧道掘进，做到安全零事故。",
                "安全生产",
                "主动作为",
                "是",
                "集体条目的类型写「集体」",
            ],
        ],
    ),
    "craftsmen": (
        "2023 年度南粤工匠名单（示例，人物和单位均为虚构）",
        ["序号", "姓名", "单位", "职务", "城市", "行业", "工种", "专长", "荣誉", "年份", "简介", "示例"],
        [
            [
                1,
                "孙立新",
                "示例重工有限公司",
                "焊接技师",
                "佛山",
                "装备制造",
                "焊工",
                "厚板焊接、焊接机器人编程",
                "南粤工匠",
                2023,
                "（示例）把厚板焊接的合格率提到新高，并带出十多名高级工。",
                "是",
            ],
            [
                2,
                "周晓梅",
                "示例制药有限公司",
                "设备维修组长",
                "中山",
                "医药",
                "钳工",
                "设备改造",
                "南粤最美职工",
                2023,
                "（示例）改造灌装设备，让生产线少停机、少返工。",
                "是",
            ],
        ],
    ),
    "sites": (
        "2023 年度职工服务阵地（示例，名称和地址均为虚构）",
        ["序号", "名称", "类型", "城市", "区县", "地址", "开放时间", "电话", "服务项目", "建成年份", "简介", "示例"],
        [
            [
                1,
                "越秀示例街工会爱心驿站",
                "工会爱心驿站",
                "广州",
                "越秀区",
                "示例街 8 号",
                "每日 8:00-20:00",
                "020-00000000",
                "饮水、热饭、充电、休息",
                2022,
                "（示例）为环卫工人和快递员提供歇脚、热饭的驿站。",
                "是",
            ],
            [
                2,
                "示例职工疗休养基地",
                "疗休养基地",
                "梅州",
                "大埔县",
                "示例镇示例村",
                "预约开放",
                None,
                "乡村疗休养、团建活动",
                2023,
                "（示例）依托乡村民宿开展一线职工疗休养。",
                "是",
            ],
        ],
    ),
}


def write_sample_workbook(path: Path) -> None:
    """docs/导入示例.xlsx: one sheet per collection, named so that `tekan import` picks it,
    with a title row above the headers as real lists have."""
    import openpyxl
    from openpyxl.styles import Alignment, Font

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.worksheets[0])  # the empty sheet every new workbook has
    for collection, (title, headers, rows) in SAMPLE_SHEETS.items():
        sheet = workbook.create_sheet(COLLECTION_TITLES[collection])
        sheet.append([title])
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
        sheet["A1"].font = Font(bold=True, size=14)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for column, header in enumerate(headers, start=1):
            wide = header in ("单位", "荣誉", "简介", "名称", "地址", "服务项目", "专长", "备注")
            sheet.column_dimensions[openpyxl.utils.get_column_letter(column)].width = 30 if wide else 11
            for row_cells in sheet.iter_rows(min_row=3, min_col=column, max_col=column):
                row_cells[0].alignment = Alignment(wrap_text=wide, vertical="top")
        sheet.freeze_panes = "A3"
    workbook.save(path)


if (
    __name__ == "__main__"
):  # pragma: no cover - `python -m tekan.editors.importer docs/导入示例.xlsx` remakes the sample
    import sys

    write_sample_workbook(Path(sys.argv[1]))
