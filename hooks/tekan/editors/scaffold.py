"""`tekan new`: a new entry file with every field laid out and explained in Chinese.

The comments come from the Field descriptions in schemas.py, so the file, the
JSON Schemas and the error messages always describe a field the same way.
Required fields are left empty on purpose: `tekan check` and the build then
point at each one until it is filled in.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from tekan.dataset.loader import EntryChecker
from tekan.dataset.schemas import COLLECTION_SCHEMAS, Honour
from tekan.dataset.vocabulary import COLLECTION_TITLES
from tekan.editors.entryfiles import (
    EntryFileError,
    check_id,
    dump_field,
    entry_url,
    existing_entries,
    free_id,
    is_list_field,
    pick_year,
    pinyin_id,
    schema_comment,
)

# Fields written as one empty item to fill in, because nearly every entry has one.
_FILL_IN_ITEMS = {"honours": Honour}
_LIST_HINT = "；写在方括号里，用逗号隔开，如 [甲, 乙]"


@dataclass
class NewEntry:
    path: Path
    url: str
    entry_id: str
    base_id: str
    text: str


def _list_of_models(info: FieldInfo) -> bool:
    args = typing.get_args(info.annotation)
    return is_list_field(info) and bool(args) and isinstance(args[0], type) and issubclass(args[0], BaseModel)


def _comment(info: FieldInfo, extra: str = "") -> str:
    required = "（必填）" if info.is_required() else ""
    return f"# {info.description}{required}{extra}"


def _field_lines(name: str, info: FieldInfo, value, hints: dict[str, str]) -> list[str]:
    extra = hints.get(name, "")
    if name in _FILL_IN_ITEMS:
        lines = [
            f"# {(info.description or name).split('，')[0]}："
            "award 写荣誉名称（见 data/awards.yml），year 写获得的年份，"
            f"level 可不填；有几项就写几组，没有可写 {name}: []",
            f"{name}:",
        ]
        for index, sub in enumerate(_FILL_IN_ITEMS[name].model_fields):
            lines.append(("  - " if index == 0 else "    ") + f"{sub}:")
        return lines
    if _list_of_models(info):
        return [_comment(info, f"{extra}；没有可保持 []，写法见编辑指南"), f"{name}: []"]
    if is_list_field(info):
        return [_comment(info, _LIST_HINT + extra), f"{name}: []"]
    if name == "story":
        return [_comment(info, "。分段书写时写成「story: |」，正文从下一行起，每行前空两格"), f"{name}:"]
    if value is None and not info.is_required() and info.default is not None:
        value = info.default
    line = dump_field(name, value) if value is not None else f"{name}:"
    return [_comment(info, extra), line]


def render_entry(collection: str, values: dict, hints: dict[str, str], header: list[str]) -> str:
    """The text of a new entry file: header comments, then every field with its comment."""
    lines = list(header)
    for name, info in COLLECTION_SCHEMAS[collection].model_fields.items():
        lines.extend(_field_lines(name, info, values.get(name), hints))
    return "\n".join(lines) + "\n"


def _hints(checker: EntryChecker, collection: str) -> dict[str, str]:
    """The names this year's data accepts, where there are few enough to list."""
    sections = "、".join(section.title for section in checker.info.sections)
    hints = {"section": f"。本年度的专题：{sections}"}
    if collection == "sites":
        hints["kind"] = "。可写：" + "、".join(checker.references.site_kinds.names)
    return hints


def create_entry(
    root: Path,
    collection: str,
    name: str,
    year: int | None = None,
    city: str | None = None,
    entry_id: str | None = None,
) -> NewEntry:
    """Write data/<year>/<collection>/<id>.yml and return where it went and its future URL."""
    name = name.strip()
    if not name:
        raise EntryFileError("名称不能为空；请写上姓名、集体或阵地的名称，如 tekan new workers 李明。")
    data_dir = root / "data"
    year = pick_year(data_dir, year)
    checker = EntryChecker(data_dir, year, root)
    values: dict = {"name": name}
    if city is not None:
        record = checker.references.cities.find(city)
        if record is None:
            raise EntryFileError(f"--city {checker.references.cities.unknown(city)}。")
        values["city"] = record.short
    taken = existing_entries(checker.folder)
    if entry_id:
        base_id = check_id(entry_id)
        if base_id in taken:
            raise EntryFileError(
                f"编号「{base_id}」已被 {taken[base_id].path.relative_to(root).as_posix()} 使用；请换一个编号。"
            )
    else:
        base_id = pinyin_id(name, personal=collection != "sites")
        if not base_id:
            raise EntryFileError(f"无法从名称「{name}」生成编号；请用 --id 指定一个，如 --id li-ming。")
    new_id = free_id(base_id, taken)
    path = checker.folder / collection / f"{new_id}.yml"
    url = entry_url(root, year, collection, new_id)
    header = [
        schema_comment(path, root, collection),
        f"# {year} 年度{COLLECTION_TITLES[collection]}条目，由 tekan new 生成；发布后的网址：{url}",
        "# 标「必填」的字段一定要填；其余字段不需要时可以留空，或整行删除。改好后运行 make check 检查。",
    ]
    text = render_entry(collection, values, _hints(checker, collection), header)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as handle:  # "x": never replace a file
        handle.write(text)
    return NewEntry(path, url, new_id, base_id, text)
