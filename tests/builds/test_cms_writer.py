"""What the browser editor writes passes the strict loader: every shipped entry, and values a loose writer
would get wrong, go through the CMS's own writer (tools/cms/src/entry-yaml.js, run by node) and `tekan check`."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from support import ROOT, copy_project, run_tekan
from tekan.dataset.schemas import Craftsman, FigureFile, IssueInfo, Site, SiteList, Worker
from tekan.dataset.yamlio import load_yaml

WRITER = ROOT / "tools/cms/roundtrip.mjs"
FORMATS = ROOT / "schemas/cms/formats.json"
SCHEMA_LINE = {
    "workers": "# yaml-language-server: $schema=../../../schemas/workers.json",
    "issue.yml": "# yaml-language-server: $schema=../../schemas/issue.json",
}


@pytest.fixture(scope="module", autouse=True)
def node_modules():
    if not (ROOT / "tools/cms/node_modules/yaml").is_dir():
        pytest.fail("tools/cms/node_modules is missing: run `make cms` (make test does)")


def cms_write(format_name: str, *files) -> None:
    result = subprocess.run(
        ["node", str(WRITER), str(FORMATS), format_name, *map(str, files)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def model_of(path):
    parts = path.parts
    value = load_yaml(path).value
    if path.name == "issue.yml":
        return IssueInfo.model_validate(value)
    if path.name == "stats.yml":
        return FigureFile.model_validate(value)
    schema = {"workers": Worker, "craftsmen": Craftsman}.get(parts[-2]) or (SiteList if "entries" in value else Site)
    return schema.model_validate(value)


def test_every_shipped_file_saved_by_the_cms_reads_back_the_same_and_passes_tekan_check(tmp_path):
    project = copy_project(tmp_path / "project")
    shutil.copytree(ROOT / "schemas", project / "schemas")
    year = project / "data/2023"
    for collection in ("workers", "craftsmen", "sites"):
        cms_write(f"tekan-{collection}", *sorted((year / collection).glob("*.yml")))
    cms_write("tekan-issue", year / "issue.yml")
    cms_write("tekan-stats", year / "stats.yml")

    for saved in sorted(year.rglob("*.yml")):
        shipped = ROOT / saved.relative_to(project)
        assert model_of(saved) == model_of(shipped), saved
        first = saved.read_text(encoding="utf-8").splitlines()[0]
        assert first == shipped.read_text(encoding="utf-8").splitlines()[0], "the schema line is kept"
    result = run_tekan(project, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "检查通过" in result.stdout


def test_text_a_loose_writer_gets_wrong_is_quoted_and_empty_fields_left_out(tmp_path):
    project = copy_project(tmp_path / "project")
    values = {
        "name": "王小红",
        "kind": "个人",
        "unit": "TCL：制造业",
        "post": "a:b",
        "city": "广州",
        "industry": "true",
        "honours": [{"award": "全国五一劳动奖章", "year": 2023, "level": None}],
        "summary": "0101234",
        "story": "第一行\n\n- 第二段：null",
        "photo": "",
        "tags": ["no", "9:00", "- x", "#井号", "[括号]", "名称：张"],
        "section": None,
        "links": [],
        "sample": False,
    }
    form = project / "data/2023/workers/wang-xiao-hong.json"
    form.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    cms_write("tekan-workers", form)
    form.unlink()
    saved = project / "data/2023/workers/wang-xiao-hong.yml"
    text = saved.read_text(encoding="utf-8")
    assert text == (
        "# yaml-language-server: $schema=../../../schemas/workers.json\n"
        "name: 王小红\n"
        "kind: 个人\n"
        'unit: "TCL：制造业"\n'
        'post: "a:b"\n'
        "city: 广州\n"
        'industry: "true"\n'
        "honours:\n"
        "  - award: 全国五一劳动奖章\n"
        "    year: 2023\n"
        'summary: "0101234"\n'
        "story: |\n"
        "  第一行\n"
        "\n"
        "  - 第二段：null\n"
        'tags: [no, 9:00, "- x", "#井号", "[括号]", 名称：张]\n'  # the strict loader reads plain 9:00 as text
    )
    worker = model_of(saved)
    assert (worker.unit, worker.post, worker.industry, worker.summary) == ("TCL：制造业", "a:b", "true", "0101234")
    assert worker.tags == ["no", "9:00", "- x", "#井号", "[括号]", "名称：张"]
    result = run_tekan(project, "check")
    assert result.returncode == 0, result.stdout + result.stderr
