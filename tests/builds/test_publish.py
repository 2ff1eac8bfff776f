"""`tekan build` (`make build`) publishes a site only when all of it succeeded.

A build that fails, before MkDocs wrote anything or after it wrote every page, leaves site/
exactly as the last good build left it, byte for byte, and says why in Chinese.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from support import copy_project, run_mkdocs_build, run_tekan
from tekan import publish

ENTRY = Path("data/2023/workers/li-ming.yml")
ENTRY_PAGE = Path("site/2023/workers/li-ming/index.html")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()
    }


def leftovers(project: Path) -> list[str]:
    return sorted(path.name for path in project.iterdir() if path.name.startswith(publish.STAGING_PREFIX))


@pytest.fixture(scope="module")
def project(tmp_path_factory, built_site) -> Path:
    """A project copy with one good build in site/; each test restores what it breaks. It starts with the session
    build's drawn images (what is published does not depend on whether they were drawn or cached)."""
    project = copy_project(tmp_path_factory.mktemp("publish"), caches_from=built_site.parent)
    result = run_tekan(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return project


def test_good_build_is_published_whole(project):
    site = project / "site"
    assert (site / "index.html").is_file()
    assert (site / "2023/workers/li-ming/index.html").is_file()
    assert (site / "_headers").is_file()
    # The folder came from mkdtemp (private); the published copy must be readable by a web server.
    assert site.stat().st_mode & 0o777 == 0o755
    assert leftovers(project) == []


def test_broken_data_keeps_the_last_good_site(project):
    good = snapshot(project / "site")
    entry = project / ENTRY
    original = entry.read_text(encoding="utf-8")
    entry.write_text(original.replace("unit: 示例精密机械有限公司", "unti: 示例精密机械有限公司"), encoding="utf-8")
    try:
        result = run_tekan(project, "build")
    finally:
        entry.write_text(original, encoding="utf-8")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "数据有误，网站未生成" in output
    assert re.search(r"^data/2023/workers/li-ming\.yml:5:\d+ unti：未知字段「unti」", output, re.M)
    assert "网站没有更新" in output and "site/ 仍是上一次成功生成的版本" in output
    assert "Traceback" not in output
    assert snapshot(project / "site") == good
    assert leftovers(project) == []


def test_failure_after_every_page_was_written_keeps_the_last_good_site(project):
    """A broken anchor is found only once all pages are written, when MkDocs has already
    emptied its output folder: plain `mkdocs build --strict` leaves that broken site behind."""
    good = snapshot(project / "site")
    page = project / "content/notice.md"
    page.write_text("# 通知\n\n请看[关于本站的说明](about.md#不存在的小节)。\n", encoding="utf-8")
    try:
        result = run_tekan(project, "build")
        plain_site = project / "plain-mkdocs-site"
        shutil.copytree(project / "site", plain_site)
        plain = run_mkdocs_build(project, plain_site)
    finally:
        page.unlink()
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert '链接失效：notice/index.html <a href="../about/#不存在的小节">' in output
    assert "about/index.html 里没有 id 为「不存在的小节」的位置" in output
    assert "Aborted with 1 warnings in strict mode!" in output
    assert "Traceback" not in output
    assert snapshot(project / "site") == good
    assert leftovers(project) == []
    # The hazard this guards against: MkDocs alone fails too, but has replaced the good site.
    assert plain.returncode == 1
    assert (plain_site / "notice/index.html").is_file()
    assert snapshot(plain_site) != good


def test_good_edit_replaces_the_site(project):
    entry = project / ENTRY
    original = entry.read_text(encoding="utf-8")
    entry.write_text(original.replace("name: 李明", "name: 李明亮"), encoding="utf-8")
    try:
        result = run_tekan(project, "build")
    finally:
        entry.write_text(original, encoding="utf-8")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "网站已生成到 site/" in result.stdout
    # No published address and no filing numbers: said, not refused.
    assert publish.SITE_URL_NOTICE in result.stderr.splitlines()
    assert (
        "页脚没有 ICP 备案号：在中国大陆发布前，请在 mkdocs.yml 的 extra.tekan.icp 填写，如「粤ICP备…号」。"
        in result.stderr
    )
    assert "李明亮" in (project / ENTRY_PAGE).read_text(encoding="utf-8")
    assert leftovers(project) == []


def test_swap_exchanges_the_folders_in_one_step(tmp_path):
    new, site = tmp_path / "new", tmp_path / "site"
    new.mkdir()
    (new / "index.html").write_text("new")
    site.mkdir()
    (site / "index.html").write_text("old")
    assert publish.exchange_paths(new, site), "renameat2(RENAME_EXCHANGE) should work on Linux"
    assert (site / "index.html").read_text() == "new"
    assert (new / "index.html").read_text() == "old"


@pytest.mark.parametrize("atomic", [True, False], ids=["exchange", "two-renames"])
def test_put_in_place(tmp_path, monkeypatch, atomic):
    if not atomic:
        monkeypatch.setattr(publish, "_renameat2", lambda: None)
    new, site = tmp_path / ".site-build-x", tmp_path / "site"
    new.mkdir()
    (new / "index.html").write_text("new")
    publish.put_in_place(new, site)  # first build: nothing to replace
    assert (site / "index.html").read_text() == "new" and not new.exists()
    new.mkdir()
    (new / "index.html").write_text("newer")
    publish.put_in_place(new, site)
    assert (site / "index.html").read_text() == "newer"
    assert (new / "index.html").read_text() == "new"  # the old site, for the caller to remove
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site-build-x", "site"]
