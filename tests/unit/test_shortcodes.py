"""Shortcodes expanded against the real data, with the build's own partials and Markdown extensions.

No site is built here: the project's mkdocs.yml is loaded once (theme, hooks,
extensions) and pages are fed to the same `ArticleShortcodes` the hook uses.
"""

from __future__ import annotations

import re
import shutil
from html import unescape
from types import SimpleNamespace

import pytest
from mkdocs.config import load_config

from support import ROOT
from tekan.articles.shortcodes import ArticleShortcodes
from tekan.dataset.loader import load_site_data
from tekan.errors import DataErrors
from tekan.numbers import format_figure, format_number


@pytest.fixture(scope="module")
def config():
    return load_config(config_file=str(ROOT / "mkdocs.yml"))


@pytest.fixture(scope="module")
def site():
    return load_site_data(ROOT / "data", ROOT)


@pytest.fixture(scope="module")
def issue(site):
    return site.issue(2023)


@pytest.fixture()
def shortcodes(site, config):
    return ArticleShortcodes.for_build(site, config, ROOT)


def page(markdown: str, src_uri: str = "2023/test.md", front_matter: str = "", **meta) -> SimpleNamespace:
    url = src_uri.removesuffix(".md") + "/"
    return SimpleNamespace(
        url=url, meta=meta, file=SimpleNamespace(src_uri=src_uri, content_string=front_matter + markdown)
    )


def expand(shortcodes: ArticleShortcodes, markdown: str, src_uri: str = "2023/test.md") -> str:
    """The page as HTML after expansion; fails the test if any shortcode was refused."""
    expanded = shortcodes.expand_page(markdown, page(markdown, src_uri))
    assert shortcodes.errors == [], [str(e) for e in shortcodes.errors]
    return shortcodes.to_html(expanded)


def errors_of(shortcodes: ArticleShortcodes, markdown: str, src_uri: str = "2023/test.md") -> list[str]:
    shortcodes.expand_page(markdown, page(markdown, src_uri))
    return [str(error) for error in shortcodes.errors]


def text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def card_names(html: str) -> list[str]:
    return re.findall(r'<strong class="tk-card__name">([^<]*)</strong>', html)


# Every kind renders -------------------------------------------------------------------------------


def test_inline_figure_is_formatted_like_the_statistics_page(shortcodes, issue):
    for figure in issue.figures:
        html = expand(shortcodes, f"投入<!-- tk:figure {figure.id} -->。")
        span = re.search(r'<span class="tk-figure" data-figure="([^"]+)" title="([^"]*)">([^<]*)</span>', html)
        assert span, html
        data = figure.data
        assert span.group(1) == data.id
        assert unescape(span.group(2)) == data.label
        assert unescape(span.group(3)) == format_figure(data.value, data.unit, data.qualifier or "")
        assert html.startswith("<p>投入<span") and html.endswith("</span>。</p>")


def test_inline_figure_keeps_qualifier_and_magnitude(shortcodes):
    html = expand(
        shortcodes,
        "<!-- tk:figure tijian-touru -->，<!-- tk:figure basong-guanai -->，"
        "<!-- tk:figure wenhuagong-huodong -->，<!-- tk:figure liaoxiuyang-touru -->，"
        "<!-- tk:figure sheng-zhongdian-chanye-zhanbi -->",
    )
    assert text(html) == "1200余万元，近80万人次，3.8万余场，3.996亿元，64.11%"


def test_inline_figure_works_in_a_heading_and_its_table_of_contents(shortcodes):
    html = expand(shortcodes, "## 建成<!-- tk:figure aixin-yizhan -->驿站\n")
    assert text(html) == "建成6980家驿站"


def test_stat_gives_one_card_or_a_row(shortcodes, issue):
    figures = {f.id: f for f in issue.figures}
    html = expand(shortcodes, "<!-- tk:stat aixin-yizhan -->\n\n<!-- tk:stat zhaopin laowu-shuchu jiuye-peixun -->\n")
    rows = re.findall(r'<ul class="tk-stats tk-shortcode" data-shortcode="stat">(.*?)</ul>', html, re.S)
    assert len(rows) == 2
    ids = [re.findall(r'id="stat-([^"]+)"', row) for row in rows]
    assert ids == [["aixin-yizhan"], ["zhaopin", "laowu-shuchu", "jiuye-peixun"]]
    values = re.findall(r'<span class="tk-stat__value">([^<]*)</span>', html)
    assert values == [figures[i].display for i in ("aixin-yizhan", "zhaopin", "laowu-shuchu", "jiuye-peixun")]


def test_entry_card_links_to_the_entry_page_from_where_the_article_is(shortcodes):
    html = expand(shortcodes, "<!-- tk:entry li-ming guangzhou-tianhe-shili-yizhan -->\n")
    assert card_names(html) == ["李明", "天河示例路工会爱心驿站"]
    assert re.findall(r'class="tk-card__link" href="([^"]+)"', html) == [
        "../workers/li-ming/",
        "../sites/guangzhou-tianhe-shili-yizhan/",
    ]
    assert "示例" in text(html)  # sample entries keep their badge
    root_page = expand(shortcodes, "<!-- tk:entry li-ming -->\n", src_uri="shortcodes.md")
    assert 'href="../2023/workers/li-ming/"' in root_page


def test_entries_filters_by_award_year_and_city(shortcodes, issue):
    html = expand(shortcodes, "<!-- tk:entries award=全国工人先锋号 year=2023 city=中山 -->\n")
    expected = [
        e.name
        for e in issue.all_entries()
        if e.city
        and e.city.short == "中山"
        and any(h.award.name == "全国工人先锋号" and h.year == 2023 for h in e.honours)
    ]
    assert expected and card_names(html) == expected


def test_entries_filters_by_site_kind_in_any_of_its_names(shortcodes, issue):
    expected = [e.name for e in issue.all_entries() if e.site_kind and e.site_kind.id == "aixin-yizhan"]
    assert len(expected) >= 2
    for kind in ("爱心驿站", "工会爱心驿站", "aixin-yizhan"):
        assert card_names(expand(shortcodes, f"<!-- tk:entries kind={kind} -->\n")) == expected


def test_awards_accept_the_short_forms_data_files_accept(shortcodes, site, issue):
    # data/awards.yml's aliases (省劳模, 省五一劳动奖章 …) name the same award in a shortcode as in an entry file.
    with_aliases = [award for award in site.awards if award.aliases]
    assert with_aliases
    for award in with_aliases:
        expected = [e.name for e in issue.all_entries() if any(h.award.id == award.id for h in e.honours)]
        count = format_number(len(expected))
        for alias in award.aliases:
            assert card_names(expand(shortcodes, f"<!-- tk:entries award={alias} limit=99 -->\n")) == expected, alias
            assert text(expand(shortcodes, f"共<!-- tk:count award={alias} -->条")) == f"共{count}条", alias
    # Not vacuous: the shipped data hold entries for these two short forms.
    assert card_names(expand(shortcodes, "<!-- tk:entries award=省劳模 -->\n"))
    assert len(card_names(expand(shortcodes, "<!-- tk:entries award=省五一劳动奖章 year=2023 -->\n"))) >= 1


def test_cities_accept_the_province_prefix_as_in_data_files(shortcodes):
    assert text(expand(shortcodes, "<!-- tk:count city=广东省广州市 -->")) == text(
        expand(shortcodes, "<!-- tk:count city=广州 -->")
    )


def test_entries_by_collection_with_limit_and_by_person_kind(shortcodes, issue):
    craftsmen = [e.name for e in issue.entries["craftsmen"]]
    assert card_names(expand(shortcodes, "<!-- tk:entries collection=南粤工匠 limit=2 -->\n")) == craftsmen[:2]
    collectives = [e.name for e in issue.entries["workers"] if e.data.kind == "集体"]
    assert card_names(expand(shortcodes, "<!-- tk:entries collection=workers kind=集体 -->\n")) == collectives


def test_a_long_list_shows_a_few_cards_and_links_to_the_listing(shortcodes, issue, monkeypatch):
    import tekan.articles.shortcodes

    workers = [e.name for e in issue.entries["workers"]]
    monkeypatch.setattr(tekan.articles.shortcodes, "DEFAULT_ENTRIES_LIMIT", 3)
    html = expand(shortcodes, "<!-- tk:entries collection=workers -->\n")
    assert card_names(html) == workers[:3]
    assert f"共 {len(workers)} 条，这里列出 3 条。" in text(html)
    assert re.search(r'<a href="[./]*workers/">查看全部</a>', html)


def test_entries_that_match_nothing_say_so(shortcodes):
    html = expand(shortcodes, "<!-- tk:entries kind=疗休养基地 city=潮州 -->\n")
    assert card_names(html) == [] and "暂无符合条件的条目" in text(html)


def test_city_tile_links_to_the_city_page_with_its_counts(shortcodes, issue):
    html = expand(shortcodes, "<!-- tk:city 广州市 -->\n")
    here = [e for e in issue.all_entries() if e.city and e.city.id == "guangzhou"]
    assert 'href="../cities/guangzhou/"' in html
    tile = " ".join(text(html).split())
    assert tile.startswith(f"广州 {len(here)} 条")
    for collection, title in (("workers", "劳动模范"), ("craftsmen", "南粤工匠"), ("sites", "职工服务阵地")):
        assert f"{title} {sum(e.collection == collection for e in here)}" in tile


def test_count_counts_entries_matching_the_filters(shortcodes, issue):
    stations = [e for e in issue.all_entries() if e.site_kind and e.site_kind.short == "爱心驿站"]
    in_guangzhou = [e for e in stations if e.city.short == "广州"]
    html = expand(
        shortcodes, "共<!-- tk:count kind=爱心驿站 -->家，广州<!-- tk:count kind=爱心驿站 city=guangzhou -->家"
    )
    assert text(html) == f"共{format_number(len(stations))}家，广州{format_number(len(in_guangzhou))}家"
    assert len(stations) != len(in_guangzhou)


# Escaping ----------------------------------------------------------------------------------------


def test_output_is_escaped_like_every_value_from_yaml(tmp_path, config):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    stats = data / "2023" / "stats.yml"
    stats.write_text(
        stats.read_text(encoding="utf-8")
        .replace("label: 建成的“工会爱心驿站”", 'label: "\\"><img src=x onerror=alert(1)>"')
        .replace(
            'unit: "家"\n    section: yongqing-yongli\n    as_of: '
            '"2023"\n    source: 新快报《2023年度特刊·干在实处 走在前列》\n'
            "    headline: true\n  - id: aixin-yizhan-touru",
            'unit: "*<script>alert(1)</script>*"\n    section: yongqing-yongli\n    as_of: "2023"\n'
            "    source: 新快报《2023年度特刊·干在实处 走在前列》\n    headline: true\n  - id: aixin-yizhan-touru",
        ),
        encoding="utf-8",
    )
    person = data / "2023" / "workers" / "li-ming.yml"
    person.write_text(
        person.read_text(encoding="utf-8").replace("name: 李明", "name: 李明</strong><script>x()</script>"),
        encoding="utf-8",
    )
    hostile = ArticleShortcodes.for_build(load_site_data(data, tmp_path), config, ROOT)
    html = expand(
        hostile,
        "建成<!-- tk:figure aixin-yizhan -->。\n\n<!-- tk:stat aixin-yizhan -->\n\n"
        "<!-- tk:entry li-ming -->\n\n<!-- tk:entries collection=workers limit=1 -->\n",
    )
    assert "<script" not in html and "<img" not in html
    assert "<em>" not in html  # the unit's asterisks stay asterisks, not emphasis
    first_paragraph = html.split("</p>")[0]
    assert text(first_paragraph) == "<p>建成6980*<script>alert(1)</script>*。".removeprefix("<p>")
    assert '<span class="tk-stat__value">6980*&lt;script&gt;alert(1)&lt;/script&gt;*</span>' in html
    assert '<strong class="tk-card__name">李明&lt;/strong&gt;&lt;script&gt;x()&lt;/script&gt;</strong>' in html


# Code is left alone ------------------------------------------------------------------------------

CODE_PAGE = """\
正文<!-- tk:figure zhaopin -->。

```markdown
<!-- tk:figure zhaopin -->
<!-- tk:figure no-such-id -->
```

~~~
<!-- tk:stat zhaopin -->
~~~

    <!-- tk:entries kind=nowhere -->

行内代码 `<!-- tk:figur zhaopin -->` 不替换。

- 列表里的代码：

    ```
    <!-- tk:city atlantis -->
    ```
"""


def test_markers_in_code_are_left_alone(shortcodes):
    html = expand(shortcodes, CODE_PAGE)  # the broken markers in code raise nothing
    assert html.count('<span class="tk-figure"') == 1
    shown = text(" ".join(re.findall(r"<code[^>]*>(.*?)</code>", html, re.S)))
    for marker in (
        "<!-- tk:figure zhaopin -->",
        "<!-- tk:figure no-such-id -->",
        "<!-- tk:stat zhaopin -->",
        "<!-- tk:entries kind=nowhere -->",
        "<!-- tk:figur zhaopin -->",
        "<!-- tk:city atlantis -->",
    ):
        assert marker in shown, marker
    assert "tk-shortcode" not in html


# Errors ------------------------------------------------------------------------------------------

ERRORS = [
    # (what the editor wrote, the marker the error names, words the one-line error must carry)
    (
        "数字<!-- tk:figure aixin-yizan -->。",
        "<!-- tk:figure aixin-yizan -->",
        ["data/2023/stats.yml 中没有编号为「aixin-yizan」的数据", "是否为「aixin-yizhan」"],
    ),
    ("<!-- tk:entry li-mign -->", "<!-- tk:entry li-mign -->", ["没有编号为「li-mign」的条目", "是否为「li-ming」"]),
    ("<!-- tk:entry 李明 -->", "<!-- tk:entry 李明 -->", ["是否为「li-ming」"]),
    (
        "<!-- tk:figur aixin-yizhan -->",
        "<!-- tk:figur aixin-yizhan -->",
        ["没有名为「figur」的短代码", "是否为「figure」"],
    ),
    ("<!-- tk:entries citty=广州 -->", "<!-- tk:entries citty=广州 -->", ["没有参数「citty」", "是否为「city」"]),
    ("<!-- tk:entries city=广洲 -->", "<!-- tk:entries city=广洲 -->", ["「广洲」不是广东省的地级市"]),
    ("<!-- tk:entries kind=爱心驿占 -->", "<!-- tk:entries kind=爱心驿占 -->", ["是否为「工会爱心驿站」"]),
    (
        "<!-- tk:entries award=全国五一劳动奖 -->",
        "<!-- tk:entries award=全国五一劳动奖 -->",
        ["不是 data/awards.yml 中的荣誉"],
    ),
    # A misspelt short form: the error names the award it most likely means, by its full name.
    (
        "<!-- tk:entries award=省劳魔 -->",
        "<!-- tk:entries award=省劳魔 -->",
        ["「省劳魔」不是 data/awards.yml 中的荣誉（是否为「广东省劳动模范」？）"],
    ),
    (
        "<!-- tk:count award=全国劳模范 -->",
        "<!-- tk:count award=全国劳模范 -->",
        ["「全国劳模范」不是 data/awards.yml 中的荣誉（是否为「全国劳动模范」？）"],
    ),
    ("<!-- tk:entries 广州 -->", "<!-- tk:entries 广州 -->", ["多写了「广州」", "名称=值"]),
    ("<!-- tk:entries -->", "<!-- tk:entries -->", ["至少要写一个筛选条件"]),
    (
        "<!-- tk:entries kind=爱心驿站 limit=all -->",
        "<!-- tk:entries kind=爱心驿站 limit=all -->",
        ["limit 应为正整数"],
    ),
    (
        "<!-- tk:entries award=全国工人先锋号 year=23 -->",
        "<!-- tk:entries award=全国工人先锋号 year=23 -->",
        ["year 应为四位年份"],
    ),
    # In capitals the marker would be a plain comment, removed without a word: it is named instead.
    ("<!-- TK:figure zhaopin -->", "<!-- TK:figure zhaopin -->", ["小写的「tk」", "写成了「TK」"]),
    ("共<!-- Tk:count city=广州 -->条", "<!-- Tk:count city=广州 -->", ["小写的「tk」", "写成了「Tk」"]),
    ("<!-- tk:figure -->", "<!-- tk:figure -->", ["缺少数据编号", "<!-- tk:figure 数据编号 -->"]),
    ("<!-- tk:figure zhaopin laowu-shuchu -->", "<!-- tk:figure zhaopin laowu-shuchu -->", ["只能写一个数据编号"]),
    ("<!-- tk:figure zhaopin size=big -->", "<!-- tk:figure zhaopin size=big -->", ["不带「size=…」这样的参数"]),
    ("<!-- tk:city -->", "<!-- tk:city -->", ["缺少城市"]),
    ("<!-- tk: -->", "<!-- tk: -->", ["缺少短代码名称"]),
    ("<!-- tk figure zhaopin -->", "<!-- tk figure zhaopin -->", ["「tk」后面要紧跟冒号"]),
    ("<!-- tk:figure zhaopin", "<!-- tk:figure zhaopin", ["没有结尾", "-->"]),
    ('<!-- tk:entries city="广州 -->', '<!-- tk:entries city="广州 -->', ["引号没有成对"]),
    ("见下：<!-- tk:stat zhaopin -->", "<!-- tk:stat zhaopin -->", ["要单独占一行"]),
    ("- <!-- tk:entry li-ming -->", "<!-- tk:entry li-ming -->", ["要单独占一行"]),
    ("![<!-- tk:figure zhaopin -->](photo.jpg)", "<!-- tk:figure zhaopin -->", ["这里不能放短代码"]),
    (
        "<!-- tk:stat zhaopin -->\n\n<!-- tk:stat laowu-shuchu zhaopin -->",
        "<!-- tk:stat laowu-shuchu zhaopin -->",
        ["「zhaopin」在本页已出现过"],
    ),
]


@pytest.mark.parametrize(("markdown", "marker", "words"), ERRORS, ids=[e[1] for e in ERRORS])
def test_each_mistake_gives_one_chinese_line_naming_file_line_and_marker(shortcodes, markdown, marker, words):
    errors = errors_of(shortcodes, "# 标题\n\n" + markdown + "\n")
    assert len(errors) == 1, errors
    error = errors[0]
    line = 3 + markdown.count("\n", 0, markdown.find(marker))
    assert error.startswith(f"content/2023/test.md:{line}:"), error
    assert f" {marker}：" in error
    assert "\n" not in error
    for word in words:
        assert word in error


def test_error_lines_count_the_front_matter(shortcodes):
    front_matter = "---\ntitle: 测试\ndescription: 两行\n---\n\n"
    markdown = "# 测试\n\n正文\n\n<!-- tk:figure nope -->\n"
    shortcodes.expand_page(markdown, page(markdown, front_matter=front_matter))
    assert str(shortcodes.errors[0]).startswith("content/2023/test.md:10:1 ")


def test_a_year_without_data_is_an_error(shortcodes):
    [error] = errors_of(shortcodes, "<!-- tk:figure zhaopin -->", src_uri="2031/plan.md")
    assert "data/ 中没有 2031 年度的数据（由文章所在的文件夹决定）" in error


def test_front_matter_year_chooses_the_issue(shortcodes):
    markdown = "<!-- tk:figure zhaopin -->"
    shortcodes.expand_page(markdown, page(markdown, "guide.md", year=2031))
    shortcodes.expand_page(markdown, page(markdown, "guide.md", year="二〇二三"))
    assert [str(e).split("：", 1)[1] for e in shortcodes.errors] == [
        "data/ 中没有 2031 年度的数据（由文章开头的 year 一栏决定）；请先建立 data/2031/，或改用已有的年度。",
        "文章开头的 year 应为四位年份（如 2023），实际为「二〇二三」。",
    ]
    shortcodes.errors.clear()
    assert "1578场" in shortcodes.expand_page(markdown, page(markdown, "guide.md", year=2023))


def test_all_mistakes_of_all_pages_are_reported_together(shortcodes):
    shortcodes.expand_page("<!-- tk:figure nope -->", page("<!-- tk:figure nope -->", "2023/a.md"))
    shortcodes.expand_page("<!-- tk:citi 广州 -->", page("<!-- tk:citi 广州 -->", "2023/b.md"))
    with pytest.raises(DataErrors) as raised:
        shortcodes.raise_errors()
    report = raised.value.report().splitlines()
    assert [line.split(" ")[0] for line in report[:2]] == ["content/2023/a.md:1:1", "content/2023/b.md:1:1"]
    assert report[-1] == "共 2 处错误，请按提示修改后再试。"
    shortcodes.raise_errors()  # the report empties the list: a rebuild starts clean
