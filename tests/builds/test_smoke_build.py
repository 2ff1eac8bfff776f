"""The shipped project builds strictly and every page kind exists."""

import gzip


def test_every_page_kind_is_built(built_site):
    for path in [
        "index.html",
        "archive/index.html",
        "2023/index.html",
        "2023/workers/index.html",
        "2023/craftsmen/index.html",
        "2023/sites/index.html",
        "2023/stats/index.html",
        "2023/cities/index.html",
        "2023/cities/guangzhou/index.html",
        "2023/workers/li-ming/index.html",
    ]:
        assert (built_site / path).is_file(), path


def test_home_page_in_chromium(page, site_url):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(site_url + "2023/")
    assert page.locator("h1").first.inner_text() == "干在实处 走在前列"
    assert "3.996亿元" in page.locator(".tk-panel").inner_text()
    assert page.outside_requests == []


def test_every_compressed_search_file_is_whole(built_site):
    # Pagefind's Python service once left the wasm cut short on a busy CI machine: search then failed on every page.
    compressed = [
        p
        for p in (built_site / "pagefind").rglob("*")
        if p.suffix in {".pagefind", ".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter"}
    ]
    assert len(compressed) > 40
    for path in compressed:
        assert gzip.decompress(path.read_bytes()).startswith(b"pagefind_dcd") or path.suffix == ".pagefind", path
