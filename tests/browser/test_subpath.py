"""The site works under a sub-path (https://example.org/tekan/) as well as at a domain's root.

Built with TEKAN_SITE_URL=http://127.0.0.1:<port>/tekan/ and served by Debian's nginx under
/tekan/ only (everything else answers 404: conftest's subpath_url), the site is crawled from its home page: every
internal link, image, stylesheet and script answers 200, none points at the domain's root,
and in Chromium every request the pages make, search included, stays under /tekan/.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from test_csp import PAGEFIND_QUERY

from support import SUB_PATH
from tekan.checks.htmlscan import scan_page
from tekan.checks.links import INERT_SCHEMES, stylesheet_references

PREFIX = SUB_PATH


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers.get_content_type(), error.read()


def test_nginx_answers_only_under_the_sub_path(subpath_url):
    origin = subpath_url.removesuffix(PREFIX)
    assert fetch(subpath_url)[0] == 200
    assert fetch(origin + "/index.html")[0] == 404
    # Missing pages get the site's 404 page, as GitHub Pages and most hosts do.
    status, _, body = fetch(subpath_url + "no-such-page/")
    assert status == 404 and "<h1>找不到这个页面</h1>" in body.decode("utf-8")


def test_crawl_from_the_home_page_finds_every_link_and_asset(subpath_url):
    """Also crawls the 404 page, which a host serves at any depth for a missing page."""
    origin = urlsplit(subpath_url)
    missing_page = subpath_url + "2023/no-such-page/"
    seen: dict[str, int] = {}
    problems: list[str] = []
    pages: list[str] = []
    queue = [subpath_url, missing_page]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        status, content_type, body = fetch(url)
        seen[url] = status
        if status != (404 if url == missing_page else 200):
            problems.append(f"{url} 答 {status}")
            continue
        if content_type == "text/html":
            pages.append(url)
            references = [(r.element, r.attribute, r.url) for r in scan_page(body, url).references]
        elif content_type == "text/css":
            references = [(r.element, r.attribute, r.url) for r in stylesheet_references(body.decode("utf-8"))]
        else:
            continue
        for element, attribute, link in references:
            if not link or urlsplit(link).scheme in INERT_SCHEMES:
                continue
            target = urlsplit(urldefrag(urljoin(url, link)).url)
            if (target.scheme, target.netloc) != (origin.scheme, origin.netloc):
                continue  # external: listed by the link check, never fetched
            if not target.path.startswith(PREFIX):
                problems.append(f'{url} <{element} {attribute}="{link}"> 指向 {target.path}，在 {PREFIX} 之外')
            queue.append(target._replace(query="").geturl())
    assert problems == []
    page_paths = {urlsplit(url).path.removeprefix(PREFIX) for url in pages}
    for kind in [
        "",
        "archive/",
        "2023/",
        "2023/stats/",
        "2023/workers/",
        "2023/craftsmen/",
        "2023/sites/",
        "2023/cities/",
        "2023/cities/guangzhou/",
        "2023/workers/li-ming/",
        "about/",
    ]:
        assert kind in page_paths, f"{kind or 'home'} not reached from the home page"
    assert any(url.endswith(".css") for url in seen) and any(url.endswith(".js") for url in seen)


@pytest.mark.browser
def test_pages_in_chromium_request_nothing_outside_the_sub_path(subpath_url, page):
    responses: list[tuple[int, str]] = []
    page.on("response", lambda response: responses.append((response.status, response.url)))
    for path in ["", "2023/workers/", "2023/workers/li-ming/", "2023/cities/", "no-such-page/"]:
        page.goto(subpath_url + path)
        page.wait_for_load_state("networkidle")
    assert responses, "no response recorded"
    missing_page = subpath_url + "no-such-page/"
    assert (404, missing_page) in responses
    for status, url in responses:
        assert url.startswith(subpath_url) and (status == 200 or url == missing_page), (status, url)
    # The 404 page, served from any depth, still finds its stylesheet (it uses site_url's path).
    assert page.evaluate("getComputedStyle(document.body).getPropertyValue('--md-primary-fg-color')") != ""
    assert page.outside_requests == []


@pytest.mark.browser
def test_search_index_loads_under_the_sub_path(subpath_url, page):
    if fetch(subpath_url + "pagefind/pagefind.js")[0] == 404:
        pytest.skip("this build has no Pagefind index yet (pagefind/ is added by the search work)")
    responses: list[tuple[int, str]] = []
    page.on("response", lambda response: responses.append((response.status, response.url)))
    page.set_viewport_size({"width": 1280, "height": 800})  # the header shows the search box
    page.goto(subpath_url)
    # The reader's way: the search box, whose worker finds pagefind/ from its own address.
    box = page.locator("input.md-search__input, input[type=search]").first
    box.click()
    page.keyboard.type("劳模")
    page.wait_for_load_state("networkidle")
    assert any("/pagefind/" in url for _, url in responses), "typing in the search box fetched nothing from pagefind/"
    # And Pagefind's own API from the page, which must fetch index chunks under the sub-path too.
    assert page.evaluate(PAGEFIND_QUERY, "劳模") > 0
    assert any("/pagefind/index/" in url for _, url in responses), "no index chunk was fetched"
    for status, url in responses:
        assert url.startswith(subpath_url) and status == 200, (status, url)
    assert page.outside_requests == []
