"""Fixtures shared by the suite: one real build of the project, an HTTP server, and Chromium."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SUB_PATH,
    copy_project,
    free_port,
    lower_page_size,
    nginx_serving,
    run_mkdocs_build,
    serve_directory,
    write_tiny_workers,
)

# Under `make test` (pytest-xdist, --dist loadfile) each test file goes to one worker, and each worker builds the
# session fixtures its files use. Files that share a build other than built_site go to the same worker, so that
# it is built once.
SHARED_BUILDS = {
    "tests/browser/test_first_view.py": "small_paged_site",
    "tests/browser/test_search_count.py": "small_paged_site",
    "tests/browser/test_pager.py": "paged_build",
    "tests/builds/test_page_shells.py": "paged_build",
    "tests/browser/test_search_queries.py": "subpath_url",
    "tests/browser/test_subpath.py": "subpath_url",
}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class SharedBuildScheduling(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = super()._split_scope(nodeid)
            return SHARED_BUILDS.get(path, path)

    return SharedBuildScheduling(config, log)


@pytest.fixture()
def project(tmp_path) -> Path:
    """A copy of the project (content, data, hooks, mkdocs.yml) for one test to edit, import into or break."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The shipped project built once with `mkdocs build --strict`; returns the site folder."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    site = project / "site"
    result = run_mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="session")
def site_url(built_site):
    with serve_directory(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def small_paged_site(tmp_path_factory, built_site) -> Path:
    """The shipped project with 30 tiny workers (分页测试000…029) and 10 cards a page: every page kind,
    a listing page 2, and a query (分页测试) with more results than the search box shows at once."""
    project = copy_project(tmp_path_factory.mktemp("small-paged"), caches_from=built_site.parent)
    write_tiny_workers(project, 30)
    lower_page_size(project, 10)
    result = run_mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


@pytest.fixture(scope="session")
def paged_build(tmp_path_factory, built_site) -> tuple[Path, str]:
    """The shipped project with 60 tiny workers and 5 cards a page, so that the workers' listing runs to
    14 pages, built once with `--verbose`: (project, build log). The pager's browser tests read its site/;
    the page shells' tests read the log and compare the site with a full rendering of the same project."""
    project = copy_project(tmp_path_factory.mktemp("paged"), caches_from=built_site.parent)
    write_tiny_workers(project, 60)
    lower_page_size(project, 5)
    result = run_mkdocs_build(project, project / "site", args=("--verbose",))
    assert result.returncode == 0, result.stdout + result.stderr
    return project, result.stdout + result.stderr


@pytest.fixture(scope="session")
def small_paged_url(small_paged_site):
    with serve_directory(small_paged_site) as url:
        yield url


@pytest.fixture(scope="session")
def subpath_url(tmp_path_factory, built_site):
    """The project built for http://127.0.0.1:<port>/tekan/ and served there by Debian's nginx, under /tekan/ only
    (everything else answers 404); one entry's name is markup (王五), which search must show as text.
    Yields the site's address."""
    project = copy_project(tmp_path_factory.mktemp("subpath"), caches_from=built_site.parent)
    (project / "data/2023/workers/wang-wu.yml").write_text(
        'name: "<img src=x onerror=window.pwned=1>王五"\nunit: 示例机床厂\ncity: 珠海\n'
        "summary: （示例）名字里带标签的条目。\nsample: true\n",
        encoding="utf-8",
    )
    port = free_port()
    site = project / "site"
    result = run_mkdocs_build(project, site, TEKAN_SITE_URL=f"http://127.0.0.1:{port}{SUB_PATH}")
    assert result.returncode == 0, result.stdout + result.stderr
    work = tmp_path_factory.mktemp("nginx")
    with nginx_serving(site, work, gzip=False, subpath=SUB_PATH, port=port) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        pytest.fail("Debian's chromium is missing: run `make test`, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def page(browser):
    """A fresh page that refuses, and records, every request leaving 127.0.0.1."""
    context = browser.new_context()
    page = context.new_page()
    page.outside_requests = []

    def guard(route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")):
            route.continue_()
        else:
            page.outside_requests.append(url)
            route.abort()

    context.route("**/*", guard)
    yield page
    context.close()
