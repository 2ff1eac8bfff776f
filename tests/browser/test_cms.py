"""The browser editor at /admin/ under `make serve`, driven through Sveltia's real UI in Chromium.

Local mode asks for the project folder with the browser's directory picker, which a test cannot click.
The test double is Chromium's own file system (the origin private file system): a real
FileSystemDirectoryHandle, filled with the project's data/ and handed over by `showDirectoryPicker`.
After a save the test copies that folder back into the project, as the picker's handle would have written
it, and the running `mkdocs serve` rebuilds the preview from it.
"""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from support import ROOT, copy_project, mkdocs_serve, run_mkdocs_build, run_tekan, serve_directory, wait_for_log
from tekan.checks.headers import read_headers_file

PICKER = """
window.showDirectoryPicker = async () => {
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle('project', { create: true });
};
"""
FILL = """async (files) => {
  const root = await navigator.storage.getDirectory();
  await root.removeEntry('project', { recursive: true }).catch(() => {});
  const project = await root.getDirectoryHandle('project', { create: true });
  await project.getDirectoryHandle('.git', { create: true });  // what Sveltia checks for a repository
  for (const [path, data] of Object.entries(files)) {
    const parts = path.split('/');
    let folder = project;
    for (const part of parts.slice(0, -1)) folder = await folder.getDirectoryHandle(part, { create: true });
    const writable = await (await folder.getFileHandle(parts.at(-1), { create: true })).createWritable();
    await writable.write(Uint8Array.from(atob(data), (c) => c.charCodeAt(0)));
    await writable.close();
  }
}"""
READ = """async () => {
  const files = {};
  const walk = async (folder, prefix) => {
    for await (const [name, handle] of folder.entries()) {
      if (handle.kind === 'directory') await walk(handle, prefix + name + '/');
      else {
        const bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer());
        files[prefix + name] = btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));
      }
    }
  };
  const project = await (await navigator.storage.getDirectory()).getDirectoryHandle('project');
  await walk(await project.getDirectoryHandle('data'), 'data/');
  return files;
}"""


def data_files(project: Path) -> dict[str, str]:
    return {
        path.relative_to(project).as_posix(): base64.b64encode(path.read_bytes()).decode()
        for path in sorted((project / "data").rglob("*"))
        if path.is_file()
    }


def copy_back(page, project: Path) -> list[str]:
    """Write what the CMS saved into the project folder; returns the files that changed."""
    saved = page.evaluate(READ)
    changed = []
    for name, data in saved.items():
        path = project / name
        content = base64.b64decode(data)
        if not path.is_file() or path.read_bytes() != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            changed.append(name)
    for path in (project / "data").rglob("*"):
        if path.is_file() and path.relative_to(project).as_posix() not in saved:
            path.unlink()
            changed.append(path.relative_to(project).as_posix())
    return changed


def copy_back_saved(page, project: Path, count: int) -> list[str]:
    """`copy_back` until `count` files have changed (the CMS writes the photo and the entry one after the other)."""
    changed: set[str] = set()
    deadline = time.monotonic() + 60  # a shared CI machine can take its time
    while len(changed) < count and time.monotonic() < deadline:
        changed.update(copy_back(page, project))
        time.sleep(0.2)
    return sorted(changed)


def make_cms_project(destination: Path) -> Path:
    if not (ROOT / "tools/cms/dist/index.html").is_file():
        pytest.fail("the CMS is not built: run `make cms` (make test does)")
    project = copy_project(destination)
    (project / "schemas").symlink_to(ROOT / "schemas")
    (project / "tools/cms").mkdir(parents=True)
    (project / "tools/cms/dist").symlink_to(ROOT / "tools/cms/dist")
    return project


@pytest.fixture()
def cms_project(tmp_path):
    """A project of the test's own, for a server started on broken data or a build with other settings."""
    return make_cms_project(tmp_path / "project")


@dataclass
class Served:
    """The module's `mkdocs serve --dirty` and its project; `start`: where this test's part of the log begins."""

    project: Path
    server: subprocess.Popen
    url: str
    log: Path
    start: int

    def log_text(self) -> str:
        return self.log.read_bytes()[self.start :].decode("utf-8", errors="replace")


@pytest.fixture(scope="module")
def cms_server(tmp_path_factory):
    """One `mkdocs serve --dirty` (as `make serve`) for the tests that edit through a running preview: starting
    one builds the whole site, so each test gets the project back as it found it (`served`) rather than a new one."""
    folder = tmp_path_factory.mktemp("cms")
    project = make_cms_project(folder / "project")
    log = folder / "serve.log"
    with mkdocs_serve(project, log, ("--dirty",)) as (server, url):
        yield project, server, url, log


def tree_snapshot(project: Path) -> dict[str, bytes]:
    return {
        path.relative_to(project).as_posix(): path.read_bytes()
        for part in ("data", "content")
        for path in sorted((project / part).rglob("*"))
        if path.is_file()
    }


def restore_tree(project: Path, snapshot: dict[str, bytes]) -> None:
    """data/ and content/ byte for byte as in `snapshot`: files added are removed, files changed or removed are
    written back."""
    for part in ("data", "content"):
        for path in sorted((project / part).rglob("*"), reverse=True):
            name = path.relative_to(project).as_posix()
            if path.is_file() and name not in snapshot:
                path.unlink()
            elif path.is_dir() and not any(key.startswith(name + "/") for key in snapshot):
                path.rmdir()
    for name, content in snapshot.items():
        path = project / name
        if not path.is_file() or path.read_bytes() != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)


@pytest.fixture()
def served(cms_server):
    project, server, url, log = cms_server
    assert server.poll() is None, "the shared mkdocs serve has stopped:\n" + log.read_text(encoding="utf-8")
    before = tree_snapshot(project)
    yield Served(project, server, url, log, log.stat().st_size)
    restore_tree(project, before)
    assert tree_snapshot(project) == before


@pytest.fixture()
def admin(served, page):
    """/admin/ open on the local folder, under the shared `mkdocs serve --dirty`."""
    page.set_default_timeout(60_000)  # the CMS is a large app, and the test machine is shared
    page.context.add_init_script(PICKER)
    page.goto(served.url + "admin/")
    page.evaluate(FILL, data_files(served.project))
    page.get_by_role("button", name="使用本地仓库").click()
    page.get_by_text("劳动模范（2023）").first.wait_for()
    yield page
    assert page.outside_requests == []


def new_entry(page) -> None:
    page.locator("button:has-text('新建')").first.click()
    page.get_by_label("姓名或集体名称", exact=True).wait_for()


def choose(page, label: str, option: str, nth: int = 0) -> None:
    page.get_by_role("combobox").and_(page.get_by_label(label, exact=True)).nth(nth).click()
    page.get_by_role("option", name=option, exact=True).click()


@pytest.mark.browser
def test_an_editor_adds_a_worker_with_a_photo_and_the_preview_shows_it(admin, served, tmp_path):
    page, url, cms_project = admin, served.url, served.project
    # The whole UI is in Chinese although the browser says en-US.
    assert page.evaluate("navigator.language") == "zh-CN"
    new_entry(page)
    page.get_by_label("姓名或集体名称", exact=True).fill("王小红")
    page.get_by_label("单位", exact=True).fill("广州示例电子有限公司")
    choose(page, "城市", "广州")
    page.locator("button:has-text('添加')").filter(has_text="荣誉").click()
    choose(page, "荣誉名称", "全国五一劳动奖章（全国）")
    page.get_by_label("年份", exact=True).fill("2023")
    page.get_by_label("简介", exact=True).fill("在电子装配一线带出一支技能过硬的班组。")
    photo = tmp_path / "wang-xiao-hong.jpg"
    shutil.copy(ROOT / "data/2023/photos/shili-dungou-banzu.jpg", photo)
    # The field names the picked file (替换/移除) before the entry is saved. Sveltia's picker is a hidden input
    # whose handler is bound a moment after the field is drawn: a file set before that was silently ignored and
    # the entry saved without its photo, so the file is set again until the field shows it.
    for _ in range(10):
        page.locator("input[type=file]").first.set_input_files(photo)
        try:
            page.get_by_role("button", name="替换").first.wait_for(timeout=3000)
            break
        except PlaywrightTimeout:
            continue
    page.get_by_role("group", name="文件名（网址）").get_by_role("textbox").fill("wang-xiao-hong")
    page.get_by_role("button", name="保存", exact=True).click()
    page.get_by_text("王小红 · 广州示例电子有限公司").first.wait_for()

    assert copy_back_saved(page, cms_project, 2) == [
        "data/2023/photos/wang-xiao-hong.jpg",
        "data/2023/workers/wang-xiao-hong.yml",
    ]
    saved_at = time.monotonic()
    assert (cms_project / "data/2023/workers/wang-xiao-hong.yml").read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../../../schemas/workers.json\n"
        "name: 王小红\n"
        "kind: 个人\n"
        "unit: 广州示例电子有限公司\n"
        "city: 广州\n"
        "honours:\n"
        "  - award: 全国五一劳动奖章\n"
        "    year: 2023\n"
        "summary: 在电子装配一线带出一支技能过硬的班组。\n"
        "photo: wang-xiao-hong.jpg\n"
    )
    result = run_tekan(cms_project, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    preview = page.context.new_page()
    deadline = time.monotonic() + 90
    while True:
        response = preview.goto(url + "2023/workers/wang-xiao-hong/")
        if response.status == 200:
            break
        assert time.monotonic() < deadline, served.log_text()
        time.sleep(0.2)
    print(f"\nCMS save → page in the preview: {time.monotonic() - saved_at:.1f} s")
    assert "王小红" in preview.locator("h1").first.inner_text()
    assert "全国五一劳动奖章" in preview.locator("main").inner_text()
    # The uploaded photo is the entry's square picture (the one WeChat takes as the link's thumbnail).
    photo_shown = preview.locator("img.tk-share-square--photo")
    assert photo_shown.count() == 1 and photo_shown.evaluate("img => img.complete && img.naturalWidth > 0")


@pytest.mark.browser
def test_editing_a_unit_changes_that_line_only(admin, served):
    page, cms_project = admin, served.project
    entry = cms_project / "data/2023/workers/guangdong-gongren-yishutuan.yml"
    before = entry.read_text(encoding="utf-8")
    page.get_by_text("广东工人艺术团 · 广东省总工会").first.click()
    page.get_by_label("单位", exact=True).fill("广东省总工会文工团")
    page.get_by_role("button", name="保存", exact=True).click()
    page.get_by_text("广东工人艺术团 · 广东省总工会文工团").first.wait_for()
    assert copy_back(page, cms_project) == ["data/2023/workers/guangdong-gongren-yishutuan.yml"]
    after = entry.read_text(encoding="utf-8")
    changed = [(old, new) for old, new in zip(before.splitlines(), after.splitlines(), strict=True) if old != new]
    assert changed == [("unit: 广东省总工会", "unit: 广东省总工会文工团")]


@pytest.mark.browser
def test_a_missing_required_field_is_refused_in_chinese(admin, served):
    page, cms_project = admin, served.project
    new_entry(page)
    page.get_by_label("姓名或集体名称", exact=True).fill("王小红")
    page.get_by_role("group", name="文件名（网址）").get_by_role("textbox").fill("wang-xiao-hong")
    page.get_by_role("button", name="保存", exact=True).click()
    unit = page.get_by_label("单位", exact=True)
    message = page.locator(f"#{unit.get_attribute('aria-errormessage')}")
    message.wait_for()
    assert re.search(r"必填|不能为空", message.inner_text()), message.inner_text()
    assert not (cms_project / "data/2023/workers/wang-xiao-hong.yml").exists()
    assert copy_back(page, cms_project) == []


@pytest.mark.browser
def test_the_preview_shows_the_errors_above_the_page_until_the_file_is_fixed(served, page):
    entry = served.project / "data/2023/workers/li-ming.yml"
    original = entry.read_text(encoding="utf-8")
    url, log = served.url, served.log
    page.goto(url + "2023/")
    assert page.locator(".tk-preview-errors").count() == 0
    entry.write_text(original.replace("unit:", "unti:"), encoding="utf-8")
    panel = page.locator(".tk-preview-errors")
    panel.wait_for(timeout=60_000)
    text = panel.inner_text()
    assert "数据有误（2 处），下面仍是上一次正确的版本" in text
    assert re.search(r"^data/2023/workers/li-ming\.yml:5:\d+ unti：未知字段「unti」", text, re.M), text
    wait_for_log(log, "数据有误，预览仍是上一次正确的版本", start=served.start)
    assert page.locator("h1").count() > 0  # the last good page is still below the panel
    entry.write_text(original, encoding="utf-8")
    panel.wait_for(state="detached", timeout=60_000)
    page.reload()
    assert page.locator(".tk-preview-errors").count() == 0
    assert served.server.poll() is None
    assert page.outside_requests == []


@pytest.mark.browser
def test_serve_started_with_a_broken_file_shows_the_errors_and_admin_to_fix_it(cms_project, tmp_path, page):
    entry = cms_project / "data/2023/workers/guangdong-gongren-yishutuan.yml"
    original = entry.read_text(encoding="utf-8")
    entry.write_text(original.replace("unit: 广东省总工会\n", ""), encoding="utf-8")
    check = run_tekan(cms_project, "check")
    assert check.returncode == 1 and check.stderr.splitlines() == [
        "data/2023/workers/guangdong-gongren-yishutuan.yml:2:1 unit：缺少必填字段「unit」；请补上「unit: …」。",
        "共 1 处错误，请按提示修改后再试。",
    ]
    log = tmp_path / "serve.log"
    page.set_default_timeout(60_000)  # the CMS is a large app, and the test machine is shared
    page.context.add_init_script(PICKER)
    with mkdocs_serve(cms_project, log, ("--dirty",)) as (server, url):
        output = wait_for_log(log, "数据有误，预览中暂时只有错误提示和网页编辑器（/admin/）")
        assert "Traceback" not in output
        page.goto(url)
        panel = page.locator(".tk-preview-errors")
        panel.wait_for()
        assert panel.locator("h2").inner_text() == (
            "数据有误（1 处），改好之前无法预览网站；改好并保存后自动显示完整的网站："
        )
        assert panel.locator("li").all_inner_texts() == check.stderr.splitlines()[:1]
        assert page.locator("h1").inner_text() == "数据有误，暂时无法预览网站"

        # The editor fixes the entry in /admin/, as the page says.
        page.get_by_role("link", name="打开网页编辑器").click()
        page.evaluate(FILL, data_files(cms_project))
        page.get_by_role("button", name="使用本地仓库").click()
        page.get_by_text("劳动模范（2023）").first.wait_for()
        page.get_by_text("广东工人艺术团").first.click()
        page.get_by_label("单位", exact=True).fill("广东省总工会")
        page.get_by_role("button", name="保存", exact=True).click()
        page.get_by_text("广东工人艺术团 · 广东省总工会").first.wait_for()
        assert copy_back(page, cms_project) == ["data/2023/workers/guangdong-gongren-yishutuan.yml"]

        # The next rebuild is the whole site, without the panel.
        wait_for_log(log, "Reloading browsers")
        with page.expect_response(lambda response: "preview-errors.json" in response.url) as answered:
            page.goto(url + "2023/workers/guangdong-gongren-yishutuan/")
        assert answered.value.json()["errors"] == []
        assert "广东工人艺术团" in page.locator("h1").first.inner_text()
        page.evaluate("() => new Promise((done) => setTimeout(done, 200))")  # the panel script has read the answer
        assert page.locator(".tk-preview-errors").count() == 0
        assert server.poll() is None
    assert page.outside_requests == []


@pytest.mark.browser
def test_a_published_admin_runs_under_its_own_headers(cms_project, page):
    """With `extra.tekan.cms.publish: true` /admin/ is in the built site, with a CSP of its own that the CMS
    runs under (nothing refused); the readers' pages keep theirs, and the preview's panel script is left out."""
    config = cms_project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("publish: false", "publish: true"), encoding="utf-8")
    site = cms_project / "site"
    result = run_mkdocs_build(cms_project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (site / "assets/javascripts/preview-errors.js").exists()
    rules = read_headers_file(site / "_headers")
    admin_policy = rules["/admin/*"]["Content-Security-Policy"]
    assert "connect-src 'self' blob: data: https://gitlab.com;" in admin_policy
    assert rules["/admin/*"]["! Content-Security-Policy"] == ""
    assert rules["/*"]["Content-Security-Policy"] != admin_policy
    refused = []
    page.on("console", lambda message: "Content Security Policy" in message.text and refused.append(message.text))
    with serve_directory(site, {"Content-Security-Policy": admin_policy}) as url:
        page.context.add_init_script(PICKER)
        page.goto(url + "admin/")
        page.evaluate(FILL, data_files(cms_project))
        page.get_by_role("button", name="使用本地仓库").click()
        page.get_by_text("劳动模范（2023）").first.wait_for()
        page.locator("button:has-text('新建')").first.click()
        page.get_by_label("姓名或集体名称", exact=True).wait_for()
        # The icons are drawn by the bundled icon font (no CDN): loaded, from /admin/assets/.
        loaded = page.evaluate(
            """async () => { await document.fonts.ready;
            return [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family); }"""
        )
        assert any("Material Symbols Outlined" in family for family in loaded), loaded
    assert refused == []
    assert page.outside_requests == []


@pytest.mark.browser
def test_removing_an_entry_deletes_its_file(admin, served):
    page, cms_project = admin, served.project
    page.get_by_role("row").filter(has_text="黄伟 · 示例电子信息有限公司").get_by_role("checkbox").click()
    page.locator("button:has-text('删除')").first.click()
    page.get_by_role("alertdialog").get_by_role("button", name="删除", exact=True).click()
    page.get_by_text("黄伟 · 示例电子信息有限公司").wait_for(state="detached")
    assert copy_back(page, cms_project) == ["data/2023/workers/huang-wei.yml"]
    assert not (cms_project / "data/2023/workers/huang-wei.yml").exists()
    result = run_tekan(cms_project, "check")
    assert result.returncode == 0, result.stdout + result.stderr
