"""`tekan check` and the build share the article gate: whatever one refuses, the other refuses, with the same line.
And `_headers` never allows a script that came from an article, even one the sanitiser let through."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from support import copy_project, run_mkdocs_build, run_tekan

ABOUT = "content/about.md"
MISTAKES = [
    (
        "---\ntitle: 关于\nsubtitle: 副标题\n---\n\n# 关于\n\n正文。\n",
        "content/about.md:3:1 subtitle：「subtitle」只能由网站开发者设置，文章里不能用；请删除这一行",
    ),
    (
        "---\ntitle: 关于\ntitel: 关于\n---\n\n# 关于\n",
        "content/about.md:3:1 titel：文章开头没有「titel」这一项（是否为「title」？）",
    ),
    ("---\ntitle: [关于\n---\n\n# 关于\n", "content/about.md:3:1 方括号 [ ] 没有配对"),
    ("# 关于\n\n正文。\n\n<script>alert(1)</script>\n", "content/about.md:5 不能使用 <script> 标签"),
    (
        "# 关于\n\n共有<!-- TK:count city=广州 -->条。\n",
        "content/about.md:3:3 <!-- TK:count city=广州 -->：短代码开头要用小写的「tk」，这里写成了「TK」",
    ),
]


def _tree(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


MISTAKE_IDS = ["theme-key", "unknown-key", "broken-yaml", "script", "TK"]


def _mistake_page(case: str) -> str:
    """Where a case's article is written: one page each, so that one check and one build see them all."""
    return f"content/about-{case.lower()}.md"


@pytest.fixture(scope="module")
def refused_articles(tmp_path_factory):
    """`tekan check` and `mkdocs build --strict` once over a project with every mistaken article in its own page:
    (check, build, content/ before, content/ after). Both name every refused page, not only the first."""
    project = copy_project(tmp_path_factory.mktemp("gate"))
    for case, (text, _) in zip(MISTAKE_IDS, MISTAKES, strict=True):
        (project / _mistake_page(case)).write_text(text, encoding="utf-8")
    before = _tree(project / "content")
    check = run_tekan(project, "check")
    build = run_mkdocs_build(project, project / "site")
    return check, build, before, _tree(project / "content")


@pytest.mark.parametrize(
    ("case", "line"), list(zip(MISTAKE_IDS, [line for _, line in MISTAKES], strict=True)), ids=MISTAKE_IDS
)
def test_check_and_build_refuse_the_same_article_with_the_same_line(refused_articles, case, line):
    check, build, before, after = refused_articles
    line = line.replace(ABOUT, _mistake_page(case), 1)
    # Each page is an error of its own, counted among all of them: none only a notice ("提示：…").
    errors = f"共 {len(MISTAKES)} 处错误，请按提示修改后再试。"
    assert check.returncode == 1
    assert any(row.startswith(line) for row in check.stderr.splitlines()), check.stderr
    assert errors in check.stderr.splitlines()
    assert "检查通过" not in check.stdout and "Traceback" not in check.stderr
    output = build.stdout + build.stderr
    assert build.returncode != 0
    assert any(row.startswith(line) for row in output.splitlines()), output
    assert errors in output.splitlines()
    assert "Traceback" not in output
    assert after == before


def test_a_page_or_image_that_would_run_script_is_refused_in_content(tmp_path):
    project = copy_project(tmp_path)
    (project / "content/2023/huodong.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    check = run_tekan(project, "check")
    assert check.returncode == 1
    assert "content/2023/huodong.html content/ 里不能放 .html 文件" in check.stderr


def test_harmless_leftovers_are_named_and_the_check_passes(tmp_path):
    project = copy_project(tmp_path)
    (project / ABOUT).write_text("# 关于\n\n<font color=red>红字</font>\n", encoding="utf-8")
    check = run_tekan(project, "check")
    assert check.returncode == 0, check.stderr
    assert "提示：content/about.md:3 <font> 标签不受支持，已去掉标签、保留文字。" in check.stderr.splitlines()


def test_headers_never_allow_a_script_from_an_article(tmp_path, built_site):
    """Even with the gate switched off (a sanitiser bypass), the article's script gets no CSP hash."""
    project = copy_project(tmp_path)
    for module, patch in {
        "gate.py": "ArticleGate.take_errors = lambda self: []",
        "safety.py": "sanitise_html = lambda html: html",
    }.items():
        path = project / "hooks/tekan/articles" / module
        path.write_text(path.read_text(encoding="utf-8") + f"\n{patch}  # test: the gate switched off\n", "utf-8")
    about = project / ABOUT
    about.write_text(about.read_text(encoding="utf-8") + "\n<script>window.__pwned = 1</script>\n", encoding="utf-8")
    result = run_mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "<script>window.__pwned = 1</script>" in (project / "site/about/index.html").read_text(encoding="utf-8")
    assert (project / "site/_headers").read_bytes() == (built_site / "_headers").read_bytes()
