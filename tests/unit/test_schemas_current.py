"""The JSON Schemas in schemas/ match the pydantic schemas and the reference data, and they
accept every shipped data file (or VS Code would underline correct data in red)."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
import yaml

from support import ROOT
from tekan.editors.jsonschemas import SCHEMA_FILES, render_schemas

DATA_FILES = sorted((ROOT / "data").rglob("*.yml"))
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def load_schema(name: str) -> dict:
    return json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))


def validator(name: str) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(load_schema(name))


def messages(name: str, value) -> list[str]:
    return [error.message for error in validator(name).iter_errors(value)]


def test_schemas_are_current():
    generated = render_schemas(ROOT / "data", ROOT)
    stale = [
        name
        for name, text in generated.items()
        if not (ROOT / "schemas" / name).is_file() or (ROOT / "schemas" / name).read_text(encoding="utf-8") != text
    ]
    assert not stale, f"schemas/ 已过期：{stale}；请运行 tekan schemas 并提交 schemas/。"
    assert sorted(p.name for p in (ROOT / "schemas").glob("*.json")) == sorted(generated)


@pytest.mark.parametrize("name", [f"{name}.json" for name in SCHEMA_FILES])
def test_every_schema_is_valid_draft_07_in_chinese(name):
    schema = load_schema(name)
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "$defs" not in json.dumps(schema)  # draft-07 readers know only `definitions`
    assert re.search(r"[\u4e00-\u9fff]", schema["title"])
    # No English left from pydantic's defaults: every title and description has Chinese in it.
    texts = re.findall(r'"(?:title|description)": "([^"]*)"', json.dumps(schema, ensure_ascii=False))
    assert texts and all(re.search(r"[\u4e00-\u9fff]", text) for text in texts), texts


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.relative_to(ROOT / "data").as_posix())
def test_every_data_file_points_at_its_schema_and_passes_it(path):
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    match = SCHEMA_LINE.match(first_line)
    assert match, f"{path} must start with the yaml-language-server line"
    schema_path = (path.parent / match.group(1)).resolve()
    assert schema_path.parent == (ROOT / "schemas").resolve() and schema_path.is_file()
    # VS Code reads YAML 1.2; PyYAML's safe_load reads these files the same way.
    assert messages(schema_path.name, yaml.safe_load(path.read_text(encoding="utf-8"))) == []


def test_field_help_is_the_chinese_field_description():
    worker = load_schema("workers.json")
    assert worker["properties"]["unit"]["description"] == "所在单位全称"
    assert worker["definitions"]["Honour"]["properties"]["year"]["description"] == (
        "获得荣誉的年份，四位数字，如 2023（1949 年至明年之间）"
    )
    assert "unit" in worker["required"] and "post" not in worker["required"]


def test_names_from_the_reference_data_are_offered():
    worker = load_schema("workers.json")
    city = next(branch for branch in worker["properties"]["city"]["anyOf"] if branch.get("type") == "string")
    assert city["enum"][:3] == ["韶关", "河源", "梅州"] and "广州市" in city["enum"] and len(city["enum"]) == 63
    award = worker["definitions"]["Honour"]["properties"]["award"]
    assert award["enum"][0] == "全国劳动模范" and "省劳模" in award["enum"]
    section = next(b for b in worker["properties"]["section"]["anyOf"] if b.get("type") == "string")
    assert section["enum"][:3] == ["思想引领", "用情用力", "主动作为"] and "sixiang-yinling" in section["enum"]


def test_schemas_flag_what_the_build_refuses():
    good = {
        "name": "李明",
        "unit": "示例公司",
        "summary": "简介",
        "city": "广州市",
        "honours": [{"award": "全国五一劳动奖章", "year": 2023}],
    }
    assert messages("workers.json", good) == []
    assert messages("workers.json", {**good, "city": "广洲"}) != []
    assert messages("workers.json", {**good, "stroy": "x"}) != []  # misspelt field
    assert messages("workers.json", {**good, "kind": "个体"}) != []
    assert messages("workers.json", {k: v for k, v in good.items() if k != "unit"}) != []
    bad_award = {**good, "honours": [{"award": "全国五一劳动奖彰", "year": 2023}]}
    assert messages("workers.json", bad_award) != []


def test_sites_schema_accepts_a_single_site_and_a_list_file():
    single = {"name": "示例驿站", "kind": "爱心驿站", "city": "广州", "summary": "简介"}
    listing = {
        "kind": "工会爱心驿站",
        "city": "广州",
        "entries": [{"id": "tianhe-001", "name": "示例驿站", "summary": "简介"}],
    }
    assert messages("sites.json", single) == []
    assert messages("sites.json", listing) == []
    assert messages("sites.json", {"kind": "工会爱心驿站", "entries": [{"name": "缺编号", "summary": "简介"}]}) != []
    assert messages("sites.json", {**single, "kind": "驿站"}) != []
