"""The first view of every page kind, in Chromium at 360 px: what it downloads, and that nothing moves.

A phone arriving from a WeChat link should get a page of at most 100 KiB gzip (bytes of every response the page
fetched until the network is idle, headers and body compressed as a static host would send them), and nothing on
it should shift after it is drawn (the sum of PerformanceObserver's layout-shift entries, as Lighthouse's CLS
counts them). Search is not part of the first view: Pagefind is fetched only when the reader goes to search.
The site is conftest's small_paged_site (the shipped project with 30 tiny workers, 10 cards a page), served with
its scripts held back as a phone's network would.
"""

from __future__ import annotations

import gzip

import pytest

from support import serve_directory

FIRST_VIEW_BUDGET = 100 * 1024
PAGE_KINDS = {
    "home": "2023/",
    "listing": "2023/workers/",
    "listing page 2": "2023/workers/page/2/",
    "entry": "2023/workers/li-ming/",
    "cities": "2023/cities/",
    "city": "2023/cities/guangzhou/",
    "stats": "2023/stats/",
    "article": "2023/yongqing-yongli/",
    "not found": "404.html",
}
SCRIPT_DELAY_S = 0.8
SEARCH_FILES = ("/pagefind/", "/search/settings.json")

# Installed before any page script: sums layout shifts not caused by the reader, as CLS does.
CLS_OBSERVER = """
window.__tekanShift = 0;
new PerformanceObserver(list => {
  for (const entry of list.getEntries())
    if (!entry.hadRecentInput) window.__tekanShift += entry.value;
}).observe({type: "layout-shift", buffered: true});
"""


def gzip_size(data: bytes) -> int:
    """Bytes on the wire with gzip; files that are compressed already stay as they are."""
    return min(len(data), len(gzip.compress(data, compresslevel=6, mtime=0)))


@pytest.fixture(scope="module")
def phone_url(small_paged_site):
    """A phone's network: scripts arrive after the page has been drawn, as they do over a mobile link.
    (Held by the server, each in its own thread: a route handler in the test would hold them one after another.)"""
    with serve_directory(small_paged_site, script_delay=SCRIPT_DELAY_S) as url:
        yield url


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True)
    context.add_init_script(CLS_OBSERVER)
    yield context
    context.close()


def first_view(context, url: str) -> tuple[int, list[str], float]:
    """Gzip bytes fetched, addresses fetched, and the layout shift, once the page has loaded and settled."""
    page = context.new_page()
    fetched: dict[str, int] = {}

    def record(response):
        # What crosses the wire, as Lighthouse counts it: the response's headers and its body as sent gzipped.
        try:
            headers = response.request.sizes()["responseHeadersSize"]
        except Exception:  # a request that did not finish has no sizes
            headers = 0
        try:
            fetched[response.url] = headers + gzip_size(response.body())
        except Exception:  # a redirect or an aborted request has no body
            fetched.setdefault(response.url, headers)

    page.on("response", record)
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(500)  # the scripts have run; a shift they caused is recorded by now
    shift = page.evaluate("window.__tekanShift")
    page.close()
    return sum(fetched.values()), list(fetched), shift


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_first_view_is_light_and_steady(phone_url, phone, kind):
    total, urls, shift = first_view(phone, phone_url + PAGE_KINDS[kind])
    assert [url for url in urls if any(part in url for part in SEARCH_FILES)] == []
    assert total <= FIRST_VIEW_BUDGET, f"{kind}: {total / 1024:.1f} KiB gzip"
    assert shift == 0, f"{kind}: CLS {shift:.3f}"


def test_search_loads_when_the_reader_goes_to_search(phone_url, phone):
    page = phone.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(phone_url + "2023/", wait_until="networkidle")
    assert [url for url in fetched if "/pagefind/" in url] == []
    page.keyboard.press("/")
    for _ in range(50):  # the worker starts fetching on the key, before anything is typed
        if any("/pagefind/wasm." in url for url in fetched):
            break
        page.wait_for_timeout(100)
    assert any(url.endswith("pagefind.js") for url in fetched), fetched
    assert any("/pagefind/wasm." in url for url in fetched), fetched
    page.close()


# Every fetch the browser held the first paint for (Resource Timing's renderBlockingStatus), and every script
# that stops the parser (a src without defer or async: the page is not drawn past it until it has run).
PAINT_BLOCKERS = """() => ({
  blocking: performance.getEntriesByType("resource")
    .filter(entry => entry.renderBlockingStatus === "blocking")
    .map(entry => new URL(entry.name).pathname.split("/").pop()),
  parserBlocking: [...document.querySelectorAll("script[src]:not([defer]):not([async])")]
    .map(script => script.getAttribute("src").split("/").pop()),
})"""


@pytest.mark.parametrize("kind", ["home", "listing", "entry", "article"])
def test_only_the_stylesheets_hold_the_first_paint(phone_url, phone, kind):
    page = phone.new_page()
    page.goto(phone_url + PAGE_KINDS[kind], wait_until="networkidle")
    found = page.evaluate(PAINT_BLOCKERS)
    page.close()
    # Material's stylesheet and palette (light and dark), then ours: one file each, no script.
    assert [name.split(".")[0] for name in found["blocking"]] == ["main", "palette", "tekan"], found
    assert found["parserBlocking"] == [], found
