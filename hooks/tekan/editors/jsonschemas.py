"""JSON Schemas for editors' tools, made from the pydantic schemas and the reference data.

VS Code's YAML extension reads the `# yaml-language-server: $schema=...` line at the
top of each data file and then completes field names, lists the valid cities,
awards, site kinds and sections, and shows each field's Chinese description.
That extension implements JSON Schema draft-07, so pydantic's 2020-12 output is
rewritten into draft-07 here (`definitions`, `items` arrays, no `$ref` siblings).

The files are generated into `schemas/` by `tekan schemas`, and a test fails when
they no longer match the schemas or the reference data.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from tekan.dataset.loader import load_reference_data
from tekan.dataset.schemas import (
    AwardFile,
    CityFile,
    Craftsman,
    FigureFile,
    IssueInfo,
    SearchSynonymFile,
    Site,
    SiteKindFile,
    SiteList,
    Worker,
)

DRAFT_07 = "http://json-schema.org/draft-07/schema#"

# One schema per kind of data file; the names are those the data files point at.
SCHEMA_FILES: dict[str, tuple[Any, str, str]] = {
    "workers": (Worker, "劳动模范条目", "data/<年份>/workers/ 中的一个文件：一位劳动模范或一个先进集体。"),
    "craftsmen": (Craftsman, "南粤工匠条目", "data/<年份>/craftsmen/ 中的一个文件：一位南粤工匠或南粤最美职工。"),
    "sites": (
        Site | SiteList,
        "职工服务阵地",
        "data/<年份>/sites/ 中的一个文件：一个阵地，"
        "或一个列表文件（开头写共同的 kind、city，entries 下每项一个阵地）。",
    ),
    "issue": (IssueInfo, "年度特刊说明", "data/<年份>/issue.yml：特刊的标题、简介和专题。"),
    "stats": (FigureFile, "数说数据", "data/<年份>/stats.yml：特刊中的全部数字。"),
    "cities": (CityFile, "城市名录", "data/cities.yml：广东省 21 个地级市。"),
    "awards": (AwardFile, "荣誉名录", "data/awards.yml：条目中 honours 可写的荣誉。"),
    "site_kinds": (SiteKindFile, "阵地类型", "data/site_kinds.yml：职工服务阵地的类型。"),
    "search_synonyms": (SearchSynonymFile, "搜索同义词", "data/search_synonyms.yml：读者的说法，搜到哪个页面。"),
}

# Chinese titles for the parts of a file, shown when hovering over a nested block.
PART_TITLES = {
    "Honour": ("一项荣誉", "写荣誉名称 award 和年份 year。"),
    "Link": ("一条相关报道", "写链接文字 title 和网址 url。"),
    "Site": ("一个阵地", "单独一个文件写一个阵地。"),
    "SiteList": ("阵地列表文件", "一个文件写多个阵地，通常是同一城市、同一类型的阵地。"),
    "ListedSite": ("列表中的一个阵地", "须写 id（编号），kind 和 city 不写时用文件开头的值。"),
    "Section": ("一个专题", "特刊中的一个专题。"),
    "Figure": ("一项数据", "value 只写数字，单位写在 unit。"),
    "City": ("一个城市", ""),
    "Award": ("一项荣誉", ""),
    "SiteKind": ("一种阵地类型", ""),
    "SearchSynonym": ("一组说法", "words 里的词都能搜到 page 所写的页面。"),
}

# Which fields name a record from the reference data: (part title, field) -> list name.
NAMED_FIELDS = {
    ("Worker", "city"): "cities",
    ("Craftsman", "city"): "cities",
    ("Site", "city"): "cities",
    ("ListedSite", "city"): "cities",
    ("SiteList", "city"): "cities",
    ("Honour", "award"): "awards",
    ("Site", "kind"): "kinds",
    ("ListedSite", "kind"): "kinds",
    ("SiteList", "kind"): "kinds",
    ("Worker", "section"): "sections",
    ("Craftsman", "section"): "sections",
    ("Site", "section"): "sections",
    ("ListedSite", "section"): "sections",
    ("Figure", "section"): "sections",
}


def _unique(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))


def accepted_names(data_dir: Path, root: Path | None = None) -> dict[str, list[str]]:
    """Every form of each name that the build accepts, the usual form first."""
    cities, awards, kinds, issues = load_reference_data(data_dir, root)
    sections = [section for year in sorted(issues) for section in issues[year].sections]
    return {
        "cities": _unique([c.short for c in cities] + [c.name for c in cities] + [c.id for c in cities]),
        "awards": _unique(
            [a.name for a in awards] + [alias for a in awards for alias in a.aliases] + [a.id for a in awards]
        ),
        "kinds": _unique([k.name for k in kinds] + [k.short for k in kinds] + [k.id for k in kinds]),
        "sections": _unique([s.title for s in sections] + [s.id for s in sections]),
    }


def _with_enum(prop: dict, names: list[str]) -> None:
    """Restrict a text field (possibly `anyOf [text, null]`) to the given names."""
    for branch in prop.get("anyOf", [prop]):
        if branch.get("type") == "string":
            branch["enum"] = names


def _to_draft_07(node: Any) -> Any:
    """pydantic writes 2020-12; the YAML extension reads draft-07."""
    if isinstance(node, list):
        return [_to_draft_07(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _to_draft_07(value) for key, value in node.items()}
    if "$defs" in node:
        node["definitions"] = node.pop("$defs")
    if "$ref" in node:
        node["$ref"] = node["$ref"].replace("#/$defs/", "#/definitions/")
        if len(node) > 1:  # draft-07 ignores keywords beside $ref
            node = {"allOf": [{"$ref": node.pop("$ref")}], **node}
    if "prefixItems" in node:
        node["items"] = node.pop("prefixItems")
        node["additionalItems"] = False
    return node


def _polish(part: dict, part_name: str, names: dict[str, list[str]]) -> None:
    """Chinese titles instead of pydantic's English ones, and name lists for references."""
    title, description = PART_TITLES.get(part_name, (None, None))
    part.pop("title", None)
    part.pop("description", None)  # the class docstring, written for programmers
    if title:
        part["title"] = title
    if description:
        part["description"] = description
    for field_name, prop in part.get("properties", {}).items():
        prop.pop("title", None)
        listed_in = NAMED_FIELDS.get((part_name, field_name))
        if listed_in:
            _with_enum(prop, names[listed_in])


def build_schema(name: str, names: dict[str, list[str]]) -> dict:
    """The JSON Schema of one kind of data file."""
    model, title, description = SCHEMA_FILES[name]
    adapter: TypeAdapter[object] = TypeAdapter(model)
    raw = adapter.json_schema(mode="validation")
    for part_name, part in raw.get("$defs", {}).items():
        _polish(part, part_name, names)
    if "properties" in raw:  # a single model at the top
        _polish(raw, model.__name__, names)
    raw.pop("title", None)
    raw.pop("description", None)
    schema = {"$schema": DRAFT_07, "title": title, "description": description, **raw}
    return _to_draft_07(schema)


def render_schemas(data_dir: Path, root: Path | None = None) -> dict[str, str]:
    """file name -> file text, for every schema in `schemas/`."""
    names = accepted_names(data_dir, root)
    return {
        f"{name}.json": json.dumps(build_schema(name, names), ensure_ascii=False, indent=2) + "\n"
        for name in SCHEMA_FILES
    }


def stale_schemas(root: Path) -> list[str]:
    """Schema files that are missing or differ from what `tekan schemas` would write
    (nothing, for a copy of the project made without its schemas/ folder)."""
    folder = root / "schemas"
    if not folder.is_dir():
        return []
    stale = []
    for file_name, text in render_schemas(root / "data", root).items():
        path = folder / file_name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(f"schemas/{file_name}")
    return stale


def write_schemas(root: Path) -> list[str]:
    """Regenerate `schemas/`; returns the files that changed."""
    folder = root / "schemas"
    folder.mkdir(exist_ok=True)
    changed = []
    for file_name, text in render_schemas(root / "data", root).items():
        path = folder / file_name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8", newline="\n")
            changed.append(f"schemas/{file_name}")
    return changed
