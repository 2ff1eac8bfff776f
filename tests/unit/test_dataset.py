"""Schemas and reference checks, on tiny data folders written by each test."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from support import ROOT
from tekan.dataset.loader import load_site_data
from tekan.errors import DataErrors

GOOD_CRAFTSMAN = """\
name: 李明
unit: 示例船舶重工有限公司
city: 广州
trade: 焊工
honours:
  - award: 南粤工匠
    year: 2023
summary: 示例简介。
"""


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    """Reference data and the 2023 issue.yml from the project, with no entries yet."""
    data = tmp_path / "data"
    (data / "2023").mkdir(parents=True)
    for name in ("cities.yml", "awards.yml", "site_kinds.yml"):
        shutil.copy(ROOT / "data" / name, data / name)
    shutil.copy(ROOT / "data/2023/issue.yml", data / "2023/issue.yml")
    return data


def write(data: Path, relative: str, text: str) -> Path:
    path = data / "2023" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def errors_of(data: Path) -> list[str]:
    with pytest.raises(DataErrors) as caught:
        load_site_data(data, data.parent)
    return [str(error) for error in caught.value.errors]


def test_shipped_data_validates():
    site = load_site_data(ROOT / "data", ROOT)
    issue = site.issue(2023)
    assert [s.title for s in issue.info.sections] == ["思想引领", "用情用力", "主动作为"]
    assert len(site.cities) == 21
    assert all(entry.sample for entry in issue.all_entries() if "示例" in entry.data.summary)


def test_a_good_entry_loads_with_references_resolved(data_dir):
    write(data_dir, "craftsmen/li-ming.yml", GOOD_CRAFTSMAN)
    [entry] = load_site_data(data_dir, data_dir.parent).issue(2023).entries["craftsmen"]
    assert (entry.id, entry.city.id, entry.honours[0].award.name, entry.honours[0].level) == (
        "li-ming",
        "guangzhou",
        "南粤工匠",
        "省级",
    )
    assert entry.url == "2023/craftsmen/li-ming/"


def test_the_issue_example_error_is_reproduced(data_dir):
    write(data_dir, "craftsmen/li-ming.yml", GOOD_CRAFTSMAN.replace("    year: 2023", "    year: 去年"))
    assert errors_of(data_dir) == [
        "data/2023/craftsmen/li-ming.yml:7:11 honours[0].year：应为四位年份（如 2023），实际为「去年」。"
    ]


def test_a_misspelt_field_is_an_error_with_a_suggestion(data_dir):
    write(data_dir, "craftsmen/li-ming.yml", GOOD_CRAFTSMAN + "stroy: 他的故事\n")
    [message] = errors_of(data_dir)
    assert message.startswith("data/2023/craftsmen/li-ming.yml:9:1 stroy：未知字段「stroy」")
    assert "是否为「story」" in message


# One mistake in an otherwise good craftsman: one message, naming the field and what is wrong.
ONE_MISTAKE = [
    pytest.param(
        GOOD_CRAFTSMAN.replace("trade: 焊工\n", ""), "trade：缺少必填字段「trade」", id="required-field-missing"
    ),
    pytest.param(GOOD_CRAFTSMAN + "kind: 团体\n", "kind：应为以下之一：个人、集体，实际为「团体」", id="enumeration"),
    *[
        pytest.param(
            GOOD_CRAFTSMAN + f'photo: "{photo}"\n', "photo：照片路径应在照片文件夹之内", id=f"photo-outside:{photo}"
        )
        for photo in ["../../etc/passwd.jpg", "/etc/passwd.jpg", "..\\\\x.jpg", "a/../../b.png"]
    ],
    pytest.param(GOOD_CRAFTSMAN + "photo: li-ming.jpg\n", "找不到照片「li-ming.jpg」", id="photo-file-missing"),
    *[
        pytest.param(
            GOOD_CRAFTSMAN + f"links:\n  - title: 报道\n    url: '{url}'\n",
            "links[0].url：链接只能以 http:// 或 https:// 开头",
            id=f"link-not-http:{url}",
        )
        for url in ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "ftp://x.cn/a", "data:text/html,x"]
    ],
    pytest.param(
        GOOD_CRAFTSMAN + "sample: yes\n", "sample：应为 true 或 false，实际为「yes」", id="sample-not-boolean"
    ),
]


@pytest.mark.parametrize(("text", "expected"), ONE_MISTAKE)
def test_one_mistake_is_one_message_naming_the_field(data_dir, text, expected):
    write(data_dir, "craftsmen/li-ming.yml", text)
    [message] = errors_of(data_dir)
    assert expected in message


def test_city_forms_are_accepted_and_typos_get_a_suggestion(data_dir):
    write(data_dir, "craftsmen/li-ming.yml", GOOD_CRAFTSMAN.replace("city: 广州", "city: 广州市"))
    write(data_dir, "craftsmen/wang-fang.yml", GOOD_CRAFTSMAN.replace("city: 广州", "city: 广洲"))
    [message] = errors_of(data_dir)
    assert message == ("data/2023/craftsmen/wang-fang.yml:3:7 city：「广洲」不是广东省的地级市（是否为「广州」？）。")


def test_unknown_award_section_and_site_kind_are_errors(data_dir):
    write(
        data_dir,
        "craftsmen/li-ming.yml",
        GOOD_CRAFTSMAN.replace("award: 南粤工匠", "award: 南粤公匠") + "section: 思想引导\n",
    )
    write(
        data_dir,
        "sites/yizhan.yml",
        """\
        name: 示例驿站
        kind: 爱心小站
        city: 深圳
        summary: 示例。
        """,
    )
    messages = errors_of(data_dir)
    assert any("honours[0].award：「南粤公匠」不是 awards.yml 中的荣誉（是否为「南粤工匠」？）" in m for m in messages)
    assert any("section：「思想引导」不是本年度 issue.yml 中的专题（是否为「思想引领」？）" in m for m in messages)
    assert any("sites/yizhan.yml:2:7 kind：「爱心小站」不是 site_kinds.yml 中的阵地类型" in m for m in messages)


def test_an_award_for_collectives_cannot_go_to_a_person(data_dir):
    write(
        data_dir,
        "workers/li-ming.yml",
        """\
        name: 李明
        unit: 示例公司
        honours:
          - {award: 全国工人先锋号, year: 2023}
        summary: 示例。
        """,
    )
    [message] = errors_of(data_dir)
    assert "只授予集体" in message


def test_ids_are_unique_within_a_year_across_collections(data_dir):
    write(data_dir, "craftsmen/li-ming.yml", GOOD_CRAFTSMAN)
    write(data_dir, "workers/li-ming.yml", "name: 李明\nunit: 示例公司\nsummary: 示例。\n")
    [message] = errors_of(data_dir)
    assert "编号「li-ming」重复" in message


def test_a_file_name_that_cannot_be_a_url_is_refused(data_dir):
    write(data_dir, "craftsmen/李明.yml", GOOD_CRAFTSMAN)
    [message] = errors_of(data_dir)
    assert "li-ming.yml" in message and "文件名" in message


def test_a_figure_typed_with_its_unit_gets_a_hint(data_dir):
    write(
        data_dir,
        "stats.yml",
        """\
        figures:
          - id: touru
            label: 投入
            value: 3.996亿
            unit: 元
            section: 主动作为
            as_of: "2023"
            source: 特刊
        """,
    )
    [message] = errors_of(data_dir)
    assert message.startswith("data/2023/stats.yml:4:12 figures[0].value：应为数字")
    assert "qualifier" in message


def test_every_error_is_reported_in_one_run(data_dir):
    write(data_dir, "craftsmen/a.yml", GOOD_CRAFTSMAN.replace("city: 广州", "city: 火星"))
    write(data_dir, "craftsmen/b.yml", GOOD_CRAFTSMAN + "stroy: x\n")
    write(data_dir, "craftsmen/c.yml", "name: 李明\n\tunit: x\n")
    write(data_dir, "craftsmen/d.yml", GOOD_CRAFTSMAN.replace("trade: 焊工\n", "trade: 焊工\ntrade: 电工\n"))
    messages = errors_of(data_dir)
    assert [m.split(":")[0] for m in messages] == [f"data/2023/craftsmen/{n}.yml" for n in "abcd"]


def test_a_site_list_file_shares_kind_and_city(data_dir):
    write(
        data_dir,
        "sites/guangzhou-yizhan.yml",
        """\
        kind: 工会爱心驿站
        city: 广州
        entries:
          - id: tianhe-1
            name: 天河一号驿站
            summary: 示例。
          - id: shenzhen-1
            name: 深圳一号驿站
            city: 深圳
            summary: 示例。
          - id: Bad_Id
            name: 坏编号
            summary: 示例。
        """,
    )
    [message] = errors_of(data_dir)
    assert "entries[2].id" in message and "Bad_Id" in message
    write(
        data_dir,
        "sites/guangzhou-yizhan.yml",
        (data_dir / "2023/sites/guangzhou-yizhan.yml")
        .read_text()
        .replace("  - id: Bad_Id\n    name: 坏编号\n    summary: 示例。\n", ""),
    )
    sites = load_site_data(data_dir, data_dir.parent).issue(2023).entries["sites"]
    assert [(s.id, s.city.short, s.site_kind.short) for s in sites] == [
        ("tianhe-1", "广州", "爱心驿站"),
        ("shenzhen-1", "深圳", "爱心驿站"),
    ]
