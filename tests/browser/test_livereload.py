"""Live preview for editors: `mkdocs serve` rebuilds on every save under data/ and reloads
the open page; a broken YAML file prints the Chinese error and the last good site stays up."""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path

import pytest

from support import copy_project, mkdocs_serve, wait_for_log

ENTRY = Path("data/2023/workers/li-ming.yml")
ENTRY_PAGE = "2023/workers/li-ming/"


def test_serve_turns_live_reload_on_without_a_flag():
    """MkDocs 1.6.1 with click 8.3.0-8.3.3 parses `mkdocs serve` as livereload=False;
    the pinned click must keep it on, as MkDocs documents."""
    from mkdocs.__main__ import serve_command

    assert serve_command.make_context("serve", []).params["livereload"] is True
    assert serve_command.make_context("serve", ["--no-livereload"]).params["livereload"] is False


@pytest.mark.browser
def test_saving_yaml_reloads_the_open_page_and_a_broken_file_keeps_the_last_good_site(tmp_path, page):
    project = copy_project(tmp_path / "project")
    entry = project / ENTRY
    original = entry.read_text(encoding="utf-8")
    log = tmp_path / "serve.log"
    with mkdocs_serve(project, log) as (server, url):
        page.goto(url + ENTRY_PAGE)
        heading = page.locator("h1").first
        assert "李明" in heading.inner_text() and "李明亮" not in heading.inner_text()
        # Gone after any reload: shows the page reloaded itself, and the test never did.
        page.evaluate("window.__opened_by_test = true")

        entry.write_text(original.replace("name: 李明", "name: 李明亮"), encoding="utf-8")
        page.wait_for_function("document.querySelector('h1')?.textContent.includes('李明亮')", timeout=60_000)
        assert page.evaluate("window.__opened_by_test === undefined")

        entry.write_text(original.replace("name: 李明", "name: 李明亮").replace("unit:", "unti:"), encoding="utf-8")
        output = wait_for_log(log, "数据有误，预览仍是上一次正确的版本")
        assert re.search(r"^data/2023/workers/li-ming\.yml:5:\d+ unti：未知字段「unti」", output, re.M)
        assert "Traceback" not in output
        assert server.poll() is None, "mkdocs serve stopped on a data error"
        # The last good build is still served (MkDocs alone would hold every request until a fix).
        for path in (ENTRY_PAGE, "2023/workers/"):
            with urllib.request.urlopen(url + path, timeout=10) as response:
                assert response.status == 200 and "李明亮" in response.read().decode("utf-8")
        assert "李明亮" in heading.inner_text()

        # Fixing the file brings the preview back without restarting the server.
        entry.write_text(original.replace("name: 李明", "name: 李明华"), encoding="utf-8")
        page.wait_for_function("document.querySelector('h1')?.textContent.includes('李明华')", timeout=60_000)
    assert page.outside_requests == []


def test_a_bad_article_under_serve_is_reported_and_never_previewed_with_its_script(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "content/about.md").write_text(
        "# 关于\n\n共有<!-- tk:figure aixin-yizan -->。\n\n<img src=x onerror=alert(1)>\n", encoding="utf-8"
    )
    log = tmp_path / "serve.log"
    with mkdocs_serve(project, log) as (server, url):
        output = wait_for_log(log, "文章有误，发布时将被拒绝")
        assert "content/about.md:3:" in output and "aixin-yizhan" in output
        assert "content/about.md:5 不能使用 onerror 属性" in output
        with urllib.request.urlopen(url + "about/", timeout=10) as response:
            html = response.read().decode("utf-8")
        assert "本页含有不允许的代码" in html and "onerror" not in html
        assert server.poll() is None
