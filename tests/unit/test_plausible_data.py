"""Figures and honours that pass their schema but cannot be what the editor meant are errors at their line."""

from __future__ import annotations

import datetime
import math
import shutil
from decimal import Decimal

import pytest

from support import ROOT
from tekan.dataset.loader import load_site_data
from tekan.errors import DataErrors
from tekan.numbers import format_figure

STATS = "data/2023/stats.yml"
FIRST_FIGURE = '    value: 9\n    unit: "个"\n'
LI_MING = "data/2023/workers/li-ming.yml"


@pytest.fixture
def project(tmp_path):
    # Only data/ is read here.
    shutil.copytree(ROOT / "data", tmp_path / "project" / "data")
    return tmp_path / "project"


def edit(project, relative: str, old: str, new: str) -> None:
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def errors_of(project) -> list[str]:
    with pytest.raises(DataErrors) as caught:
        load_site_data(project / "data", project)
    return [str(error) for error in caught.value.errors]


def figure_errors(project, lines: str) -> list[str]:
    edit(project, STATS, FIRST_FIGURE, lines)
    return errors_of(project)


NOT_A_COMMA = "千位不加分隔（1,234 写作 1234），小数点用「.」（75,5 写作 75.5）。"


@pytest.mark.parametrize(
    "lines, line",
    [
        (
            '    value: "75,5"\n    unit: "%"\n',
            f"{STATS}:6:12 figures[0].value：数值里不能有逗号，实际为「75,5」；{NOT_A_COMMA}",
        ),
        (
            "    value: 1,234\n    unit: 个\n",
            f"{STATS}:6:12 figures[0].value：数值里不能有逗号，实际为「1,234」；{NOT_A_COMMA}",
        ),
        (
            "    value: ７５.５\n    unit: 个\n",
            f"{STATS}:6:12 figures[0].value：用了全角数字或符号，实际为「７５.５」；请改用半角，写作 75.5。",
        ),
        (
            "    value: .inf\n    unit: 个\n",
            f"{STATS}:6:12 figures[0].value：应为数字（如 399600000 或 75.5），实际为「.inf」；"
            "单位写在 unit，「余」「多」「约」「近」写在 qualifier。",
        ),
        (
            "    value: .nan\n    unit: 个\n",
            f"{STATS}:6:12 figures[0].value：应为数字（如 399600000 或 75.5），实际为「.nan」；"
            "单位写在 unit，「余」「多」「约」「近」写在 qualifier。",
        ),
        (
            "    value: 1e400\n    unit: 个\n",
            f"{STATS}:6:12 figures[0].value：数字超出范围，实际为「1e400」；请检查是否多写了数字。",
        ),
        (
            "    value: 123456789012345678901234\n    unit: 个\n",
            f"{STATS}:6:12 figures[0].value：数字位数太多，实际为「123456789012345678901234」；请检查是否多写了数字。",
        ),
        (
            '    value: 130\n    unit: "%"\n',
            f"{STATS}:6:12 figures[0].value：百分比超过 100（130%）；"
            "如确实如此（如增长 150%），请加一行 allow_over_100: true。",
        ),
        (
            "    value: -3.5\n    unit: 个\n",
            f"{STATS}:6:12 figures[0].value：数值为负数（-3.5）；"
            "如确为负数（如同比下降），请加一行 allow_negative: true。",
        ),
        (
            "    value: 3.996\n    unit: 亿元\n",
            f"{STATS}:7:11 figures[0].unit：单位「亿元」里带了「亿」，"
            "而数值会自动换算成「万」「亿」，将显示成「…亿亿元」；"
            "请把 unit 改为「元」，value 写完整的数 399600000。",
        ),
        (
            "    value: 21\n    unit: 万人次\n",
            f"{STATS}:7:11 figures[0].unit：单位「万人次」里带了「万」，"
            "而数值会自动换算成「万」「亿」，将显示成「…万万人次」；"
            "请把 unit 改为「人次」，value 写完整的数 210000。",
        ),
    ],
)
def test_implausible_figures_are_errors_at_their_line(project, lines, line):
    assert figure_errors(project, lines) == [line]


def test_a_figure_may_say_it_is_negative_or_beyond_100(project):
    edit(
        project,
        STATS,
        FIRST_FIGURE,
        '    value: -130\n    unit: "%"\n    allow_negative: true\n    allow_over_100: true\n',
    )
    site = load_site_data(project / "data", project)
    assert site.latest.figures[0].display == "-130%"


def test_units_that_only_look_like_magnitudes_are_left_alone(project):
    edit(project, STATS, FIRST_FIGURE, "    value: 1200\n    unit: 千瓦\n")
    site = load_site_data(project / "data", project)
    assert site.latest.figures[0].display == "1200千瓦"


@pytest.mark.parametrize(
    "value, unit, shown",
    [
        (10**20, "元", "1000000000000亿元"),
        (1e20, "元", "1000000000000亿元"),
        (1e-7, "", "0.0000001"),
        (0.000001, "%", "0.000001%"),
        (Decimal("1E+30"), "人", "10000000000000000000000亿人"),
        (2.5e-3, "元", "0.0025元"),
    ],
)
def test_figures_are_never_shown_in_exponent_notation(value, unit, shown):
    assert format_figure(value, unit) == shown


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan, Decimal("Infinity")])
def test_a_figure_that_is_not_finite_is_never_formatted(value):
    with pytest.raises(ValueError):
        format_figure(value, "元")


def test_an_honour_year_before_1949_or_after_next_year_is_an_error(project):
    latest = datetime.date.today().year + 1
    edit(project, LI_MING, "    year: 2023\n", "    year: 1948\n")
    edit(project, LI_MING, "    year: 2020\n", f"    year: {latest + 1}\n")
    assert errors_of(project) == [
        f"{LI_MING}:11:11 honours[0].year：年份应在 1949 到 {latest} 之间，实际为「1948」；请检查是否写错。",
        f"{LI_MING}:13:11 honours[1].year：年份应在 1949 到 {latest} 之间，实际为「{latest + 1}」；请检查是否写错。",
    ]


def test_the_same_award_twice_in_one_year_is_an_error(project):
    # 全国劳模 is an alias of 全国劳动模范: the same award, however it is written.
    edit(
        project,
        LI_MING,
        "  - award: 广东省劳动模范\n    year: 2020\n",
        "  - award: 全国五一劳动奖章\n    year: 2020\n  - award: 全国五一劳动奖章\n    year: 2023\n",
    )
    assert errors_of(project) == [
        f"{LI_MING}:14:5 honours[2]：「全国五一劳动奖章」2023 年已在第 10 行写过；"
        "同一荣誉同一年只写一次，请删除这一项。"
    ]
