"""Hand-written pages in content/ cannot carry script into a reader's browser."""

from __future__ import annotations

import pytest

from support import copy_project, run_mkdocs_build

# The gate itself is tested without a build in tests/unit/test_article_gate.py; the corpus in test_xss_corpus.py.


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
