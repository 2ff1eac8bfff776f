"""Where entry files live and how a new one is named and written: shared by
`tekan new` (scaffold.py) and `tekan import` (importer.py).

- ids come from the pinyin of the name (李明 -> li-ming); a clash gets -2, -3, …;
- every file starts with the `# yaml-language-server: $schema=...` line;
- values are written so that every YAML reader, our strict loader included,
  reads back exactly the text that was meant.
"""

from __future__ import annotations

import os
import re
import typing
from dataclasses import dataclass
from pathlib import Path

import yaml

from tekan.dataset import vocabulary
from tekan.dataset.loader import DATA_SUFFIXES, YEAR_FOLDER
from tekan.dataset.schemas import ID_PATTERN
from tekan.dataset.vocabulary import COLLECTION_CHOICES, COLLECTIONS
from tekan.dataset.yamlio import _FULLWIDTH_KEY, _GLUED_KEY, YamlProblem, load_yaml

# A surname read differently from the same character elsewhere (曾 is zeng, not ceng).
SURNAME_READINGS = {
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "区": "ou",
    "查": "zha",
    "朴": "piao",
    "盖": "ge",
    "翟": "zhai",
    "缪": "miao",
    "覃": "qin",
    "种": "chong",
    "秘": "bi",
    "召": "shao",
    "薄": "bo",
    "都": "du",
    "重": "chong",
    "藏": "zang",
    "阚": "kan",
    "折": "she",
    "句": "gou",
    "祭": "zhai",
    "便": "pian",
}
MAX_ID_LENGTH = 60


class EntryFileError(Exception):
    """A mistake in what the editor asked for; the message is one Chinese sentence."""


def resolve_collection(name: str) -> str:
    collection = vocabulary.resolve_collection(name)
    if collection is None:
        raise EntryFileError(f"没有「{name}」这一类条目；请写 {COLLECTION_CHOICES} 之一。")
    return collection


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def pinyin_id(name: str, personal: bool = True) -> str:
    """李明 -> li-ming, 曾小华 -> zeng-xiao-hua, BYD汽车 -> byd-qi-che; '' if nothing usable."""
    from pypinyin import lazy_pinyin  # only the commands need it, never the build

    text = name.strip()
    head: list[str] = []
    han = [char for char in text if _is_han(char)]
    if personal and 2 <= len(han) == len(text) <= 4:
        for surname in sorted(SURNAME_READINGS, key=len, reverse=True):
            if text.startswith(surname) and len(text) > len(surname):
                head, text = [SURNAME_READINGS[surname]], text[len(surname) :]
                break
    words = head + lazy_pinyin(text)
    slug = "-".join(part for word in words for part in re.split(r"[^a-z0-9]+", word.lower()) if part)
    while len(slug) > MAX_ID_LENGTH and "-" in slug:
        slug = slug.rsplit("-", 1)[0]
    return slug


@dataclass(frozen=True)
class ExistingEntry:
    id: str
    collection: str
    path: Path
    in_list: bool = False  # one of several sites in a list file


def existing_entries(year_folder: Path) -> dict[str, ExistingEntry]:
    """Every entry id already used in one year, in any collection (ids are unique per year).
    Read leniently: a half-written file still reserves its id."""
    found: dict[str, ExistingEntry] = {}
    for collection in COLLECTIONS:
        folder = year_folder / collection
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if not path.name.endswith(DATA_SUFFIXES):
                continue
            found.setdefault(path.name.rsplit(".", 1)[0], ExistingEntry(path.name.rsplit(".", 1)[0], collection, path))
            if collection == "sites":
                for listed_id in _listed_ids(path):
                    found.setdefault(listed_id, ExistingEntry(listed_id, collection, path, in_list=True))
    return found


def _listed_ids(path: Path) -> list[str]:
    try:
        value = load_yaml(path).value
    except YamlProblem:
        return []
    if not isinstance(value, dict) or not isinstance(value.get("entries"), list):
        return []
    return [item["id"] for item in value["entries"] if isinstance(item, dict) and isinstance(item.get("id"), str)]


def is_list_field(info) -> bool:
    """A schema field holding a list (tags, honours, …)."""
    return typing.get_origin(info.annotation) is list


def with_suffix(base: str, number: int) -> str:
    return base if number == 1 else f"{base}-{number}"


def free_id(base: str, taken) -> str:
    """base, else base-2, base-3, … whichever is not in `taken`."""
    number = 1
    while with_suffix(base, number) in taken:
        number += 1
    return with_suffix(base, number)


def check_id(entry_id: str) -> str:
    entry_id = entry_id.strip()
    if not ID_PATTERN.match(entry_id):
        raise EntryFileError(f"编号「{entry_id}」不能作网址；请只用小写拼音、数字和连字符，如 li-ming 或 li-ming-2。")
    return entry_id


def year_folders(data_dir: Path) -> list[int]:
    return (
        sorted(
            int(folder.name)
            for folder in data_dir.iterdir()
            if folder.is_dir() and YEAR_FOLDER.match(folder.name) and (folder / "issue.yml").is_file()
        )
        if data_dir.is_dir()
        else []
    )


def pick_year(data_dir: Path, year: int | None) -> int:
    """The year asked for, else the latest one; it must have its folder and issue.yml."""
    years = year_folders(data_dir)
    if year is None:
        if not years:
            raise EntryFileError(
                "data/ 里还没有任何年度文件夹；请先新建如 data/2024/ 的文件夹，并写好其中的 issue.yml。"
            )
        return years[-1]
    if year not in years:
        have = "、".join(map(str, years)) or "无"
        raise EntryFileError(
            f"没有 {year} 年度的特刊（data/{year}/issue.yml 不存在；现有年度：{have}）；"
            f"请先建好 data/{year}/issue.yml，或改用 --year 指定已有年度。"
        )
    return year


def schema_comment(path: Path, root: Path, collection: str) -> str:
    """The first line of every data file: where VS Code finds field help, relative to the file."""
    relative = os.path.relpath(root / "schemas" / f"{collection}.json", path.parent)
    return f"# yaml-language-server: $schema={Path(relative).as_posix()}"


def site_url(root: Path) -> str:
    """The published address from mkdocs.yml (TEKAN_SITE_URL overrides it, as in CI)."""
    from tekan.render.engine import yaml_load  # understands mkdocs.yml's !ENV tag; loads the engine: only here

    try:
        with open(root / "mkdocs.yml", encoding="utf-8") as handle:
            config = yaml_load(handle) or {}
    except (OSError, yaml.YAMLError):
        config = {}
    url = config.get("site_url") or "/"
    return url if url.endswith("/") else url + "/"


def entry_url(root: Path, year: int, collection: str, entry_id: str) -> str:
    return f"{site_url(root)}{year}/{collection}/{entry_id}/"


# Writing values -------------------------------------------------------------

# Text that a YAML 1.2 reader (VS Code) would take for a number, a boolean or null.
_YAML12_NOT_TEXT = re.compile(
    r"^(?:[-+]?(?:\.\d+|\d+(?:\.\d*)?)(?:[eE][-+]?\d+)?|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)"
    r"|\.(?:nan|NaN|NAN)|~|null|Null|NULL|true|True|TRUE|false|False|FALSE)$"
)
_UNSAFE_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


class _EntryDumper(yaml.SafeDumper):
    """Block mappings, short lists of words in brackets, text quoted whenever a reader could misread it."""

    def increase_indent(self, flow=False, indentless=False):
        # `  - award: …` under `honours:`, as the hand-written files have it
        return super().increase_indent(flow, False)


def _represent_text(dumper: yaml.SafeDumper, text: str):
    style = None
    if _UNSAFE_CHARS.search(text):
        style = '"'  # written as escapes such as \t
    elif "\n" in text:
        style = "|"  # PyYAML falls back to quotes by itself when a block cannot hold the text
    elif _YAML12_NOT_TEXT.match(text) or _FULLWIDTH_KEY.match(text) or _GLUED_KEY.match(text) or text != text.strip():
        style = '"'
    # Otherwise PyYAML quotes what YAML 1.1 would misread (yes, 0101234, 2023-11-30, 12:30, #…).
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _represent_list(dumper: yaml.SafeDumper, items: list):
    words = all(isinstance(item, str) and "\n" not in item for item in items)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=words)


_EntryDumper.add_representer(str, _represent_text)
_EntryDumper.add_representer(list, _represent_list)


def dump_yaml(values: dict) -> str:
    """Field lines for `values` (keys in the given order)."""
    return yaml.dump(
        values, Dumper=_EntryDumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=4096, indent=2
    )


def dump_field(name: str, value) -> str:
    """One `name: value` line (or block) without a trailing newline."""
    return dump_yaml({name: value}).rstrip("\n")
