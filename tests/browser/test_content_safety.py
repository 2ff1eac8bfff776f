"""Hand-written pages in content/ cannot carry script into a reader's browser."""

from __future__ import annotations

import pytest

from support import copy_project, run_mkdocs_build
from tekan.articles.safety import ContentGuard, escape_page_meta

ATTACKS = [
    ("<script>alert(1)</script>", "<script>"),
    ('<img src="x" onerror="alert(1)">', "onerror"),
    ('<a href="javascript:alert(1)">点我</a>', "javascript:"),
    ('<a href="JaVaScRiPt:alert(1)">点我</a>', "javascript:"),
    ('<a href="jav&#x09;ascript:alert(1)">点我</a>', "javascript:"),
    ('<iframe src="https://example.org"></iframe>', "<iframe>"),
    ('<div style="background:url(javascript:x)">x</div>', "style"),
    ('<svg><a xlink:href="data:text/html,x">x</a></svg>', "data:"),
]


@pytest.mark.parametrize("html, needle", ATTACKS)
def test_unsafe_html_is_found_with_its_line(html, needle):
    guard = ContentGuard()
    source = f"# 标题\n\n正文\n\n{html}\n"
    guard.check(html, source, "content/a.md")
    [error] = guard.take_errors()
    assert error.file == "content/a.md" and error.line == 5
    assert needle in error.message


def test_safe_markup_passes():
    guard = ContentGuard()
    html = (
        '<p><a href="https://example.org">外链</a> <a href="../2023/">站内</a> <a href="mailto:a@b.cn">信</a></p>'
        '<svg viewBox="0 0 1 1"><rect width="1" height="1"/></svg><img src="a.webp" alt="">'
    )
    guard.check(html, html, "content/a.md")
    assert guard.take_errors() == []


def test_titles_and_descriptions_are_escaped_for_material():
    meta = {"description": '"><script>x</script>'}
    escape_page_meta(meta, "</title><script>alert(1)</script>")
    assert meta["title"] == "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    assert "<" not in meta["description"]


def test_a_page_with_script_stops_the_build(tmp_path):
    project = copy_project(tmp_path)
    (project / "content/about.md").write_text(
        "---\ntitle: 关于\n---\n\n# 关于\n\n正文。\n\n<img src=x onerror=alert(1)>\n", encoding="utf-8"
    )
    result = run_mkdocs_build(project, project / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "content/about.md:9 不能使用 onerror 属性" in output
    assert "Traceback" not in output


@pytest.mark.browser
def test_a_dangerous_title_shows_as_text(tmp_path, page):
    from support import serve_directory

    project = copy_project(tmp_path)
    (project / "content/about.md").write_text(
        '---\ntitle: "</title><script>window.hit=1</script>关于"\n---\n\n'
        "# \\</h1\\>\\<script\\>window.hit=2\\</script\\>\n\n正文。\n",
        encoding="utf-8",
    )
    result = run_mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    with serve_directory(project / "site") as url:
        page.goto(url + "about/")
        assert page.evaluate("window.hit") is None
        assert page.title().startswith("</title><script>window.hit=1</script>关于")
