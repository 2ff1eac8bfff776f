"""Search that tells the truth: the true number of results, more on request, and no editors' pages.

Material's box counts the items it is given and the worker gives ten at a time; the count shown must be the
query's own (30 for 分页测试 in conftest's small_paged_site), and 「显示更多」 must add the next ten until all
are shown. The editors' shortcode page (/shortcodes/) is built but found by no reader's query and is not in
the sitemap.
"""

from __future__ import annotations

import re

from search_box import BOX, META, RESULT_LINKS, open_search, search, type_query, worker_results

MORE = "a.tk-search-more"


def result_links(page) -> list[str]:
    return page.eval_on_selector_all(RESULT_LINKS, "links => links.map(link => link.getAttribute('href'))")


def test_the_count_is_the_true_number_and_more_results_load(small_paged_url, page):
    page.goto(small_paged_url + "2023/")
    open_search(page)
    type_query(page, "分页测试")
    page.wait_for_function(f"() => document.querySelector('{META}').textContent.trim() === '30 个符合条件的结果'")
    page.wait_for_function(f"() => document.querySelectorAll('{RESULT_LINKS}').length === 10")
    more = page.locator(MORE)
    assert more.inner_text() == "显示更多（还有 20 个）"

    more.click()
    page.wait_for_function(f"() => document.querySelectorAll('{RESULT_LINKS}').length === 20")
    assert page.locator(".md-search").get_attribute("role") == "dialog"
    assert page.locator(MORE).inner_text() == "显示更多（还有 10 个）"
    assert page.locator(META).inner_text() == "30 个符合条件的结果"

    page.locator(BOX).focus()
    page.keyboard.press("ArrowUp")  # from the box, up wraps to the last link of the results: this one
    assert page.evaluate("document.activeElement.matches('a.tk-search-more')")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.querySelectorAll('{RESULT_LINKS}').length === 30")
    assert page.locator(MORE).is_hidden()

    links = result_links(page)
    assert len(set(links)) == 30
    assert all(re.search(r"/2023/workers/[^/]+/$", link) for link in links), links
    titles = page.eval_on_selector_all(".md-search-result__item h1", "hs => hs.map(h => h.textContent)")
    assert sorted(titles) == [f"分页测试{n:03d}" for n in range(30)]


def test_a_new_query_shows_its_own_count(small_paged_url, page):
    page.goto(small_paged_url + "2023/")
    open_search(page)
    assert len(search(page, small_paged_url, "分页测试")) == 10
    found = search(page, small_paged_url, "李明")
    assert found[0] == "2023/workers/li-ming/" and len(found) < 10
    expected = "找到 1 个符合条件的结果" if len(found) == 1 else f"{len(found)} 个符合条件的结果"
    assert page.locator(META).inner_text() == expected
    assert page.locator(MORE).is_hidden()


def test_the_editors_page_is_not_found_by_readers(built_site, site_url, page):
    page.goto(site_url + "about/")
    found = worker_results(page, site_url, ["李明", "短代码", "示例", "figure"])
    assert all(not url.startswith("shortcodes/") for urls in found.values() for url in urls), found
    assert (built_site / "shortcodes" / "index.html").is_file()  # still built, for editors
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/shortcodes/" not in sitemap and "/about/" in sitemap
    html = (built_site / "shortcodes" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in html


def test_a_shared_search_link_shows_the_true_count(small_paged_url, page):
    """Material opens a link's ?q= query by itself, without the reader touching the box."""
    page.goto(small_paged_url + "2023/?q=分页测试")
    page.wait_for_function(f"() => document.querySelector('{META}').textContent.trim() === '30 个符合条件的结果'")
    page.wait_for_function(f"() => document.querySelectorAll('{RESULT_LINKS}').length === 10")
    assert page.locator(MORE).inner_text() == "显示更多（还有 20 个）"
