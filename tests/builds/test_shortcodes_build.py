"""Real `mkdocs build --strict` runs on throwaway copies: one figure changed, and each kind of mistake."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from support import copy_project, run_mkdocs_build

ARTICLES = ("sixiang-yinling", "yongqing-yongli", "zhudong-zuowei")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_one_changed_figure_changes_the_stats_page_the_issue_home_and_every_article(tmp_path):
    project = copy_project(tmp_path / "project")
    _replace(project / "data/2023/stats.yml", "value: 6980\n", "value: 7321\n")
    # Two of the articles do not mention the 爱心驿站 figure yet: give them a sentence that does.
    for name in ARTICLES:
        article = project / "content/2023" / f"{name}.md"
        if "<!-- tk:figure aixin-yizhan -->" not in article.read_text(encoding="utf-8"):
            with article.open("a", encoding="utf-8") as handle:
                handle.write("\n全省建成“工会爱心驿站”<!-- tk:figure aixin-yizhan -->。\n")
    result = run_mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    site = project / "site"

    stats = (site / "2023/stats/index.html").read_text(encoding="utf-8")
    assert re.search(r'id="stat-aixin-yizhan">\s*<span class="tk-stat__value">7321家</span>', stats)
    for home in ("index.html", "2023/index.html"):
        assert re.search(
            r'id="stat-aixin-yizhan">\s*<span class="tk-stat__value">7321家</span>',
            (site / home).read_text(encoding="utf-8"),
        ), home
    for name in ARTICLES:
        html = (site / "2023" / name / "index.html").read_text(encoding="utf-8")
        assert re.search(r'data-figure="aixin-yizhan" title="[^"]*">7321家</span>', html), name
    stale = [page for page in site.rglob("*.html") if "6980" in page.read_text(encoding="utf-8")]
    assert stale == []


MISTAKES = [
    pytest.param(
        "<!-- tk:figure liaoxiuyang-touru -->",
        "<!-- tk:figure liaoxiuyang-tourou -->",
        "data/2023/stats.yml 中没有编号为「liaoxiuyang-tourou」的数据（是否为「liaoxiuyang-touru」？）",
        id="unknown-id",
    ),
    pytest.param(
        "<!-- tk:entries kind=疗休养基地 -->",
        "<!-- tk:entires kind=疗休养基地 -->",
        "没有名为「entires」的短代码（是否为「entries」？）",
        id="misspelt-shortcode",
    ),
    pytest.param(
        "<!-- tk:entries kind=疗休养基地 -->",
        "<!-- tk:entries knid=疗休养基地 -->",
        "entries 没有参数「knid」（是否为「kind」？）",
        id="wrong-argument",
    ),
]


ARTICLE = "content/2023/zhudong-zuowei.md"


def _mistaken_article(case: str) -> str:
    """The article with one case's mistake, as a page of its own: one build sees every case."""
    return ARTICLE.replace(".md", f"-{case}.md")


@pytest.fixture(scope="module")
def mistakes_build(tmp_path_factory):
    """One `mkdocs build --strict` of a project holding a copy of the article per mistake: (project, result)."""
    project = copy_project(tmp_path_factory.mktemp("mistakes") / "project")
    for case in MISTAKES:
        good, bad, _ = case.values
        article = project / _mistaken_article(case.id)
        shutil.copy(project / ARTICLE, article)
        _replace(article, good, bad)
    return project, run_mkdocs_build(project, project / "site")


@pytest.mark.parametrize(("good", "bad", "message"), MISTAKES)
def test_a_mistake_in_an_article_stops_the_build_with_one_chinese_line(mistakes_build, request, good, bad, message):
    project, result = mistakes_build
    path = _mistaken_article(request.node.callspec.id)
    lines = (project / path).read_text(encoding="utf-8").splitlines()
    line = next(number for number, text in enumerate(lines, 1) if bad in text)
    column = lines[line - 1].index(bad) + 1

    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    expected = f"{path}:{line}:{column} {bad}：{message}"
    assert any(row.startswith(expected) for row in output.splitlines()), output
    # Each mistake is an error of its own, counted among all of them.
    assert f"共 {len(MISTAKES)} 处错误，请按提示修改后再试。" in output.splitlines()
    assert "文章有误，网站未生成" in output
    assert not (project / "site" / path.removeprefix("content/").removesuffix(".md") / "index.html").exists()
    assert not (project / "site/2023/zhudong-zuowei/index.html").exists()
