"""A listing long enough to be paged, in Chromium at 360 px: the pager, and filters that cover every page.

The site is conftest's paged_build: 60 tiny workers added to a copy of the project, whose page size is lowered
to 5 cards, so that the workers' listing runs to 14 pages without building hundreds of entry pages.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support import serious_axe_violations, serve_directory
from tekan.dataset.loader import load_site_data

PAGE_SIZE = 5
LISTING = "2023/workers/"


@pytest.fixture(scope="module")
def paged_project(paged_build) -> Path:
    project, _ = paged_build
    return project


@pytest.fixture(scope="module")
def paged_url(paged_project):
    with serve_directory(paged_project / "site") as url:
        yield url


@pytest.fixture(scope="module")
def workers(paged_project):
    return load_site_data(paged_project / "data").latest.entries["workers"]


def visible_names(page) -> list[str]:
    return page.locator(".tk-cards > .tk-card:visible .tk-card__name").all_inner_texts()


def sideways(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def pager_numbers(page) -> str:
    return " ".join(t.strip() for t in page.locator(".tk-pager__pages li").all_inner_texts())


@pytest.mark.browser
def test_the_pager_leads_through_every_page_at_360px(page, paged_url, workers):
    page.set_viewport_size({"width": 360, "height": 800})
    pages = -(-len(workers) // PAGE_SIZE)
    assert pages >= 10
    page.goto(paged_url + LISTING)
    pager = page.locator("nav.tk-pager")
    assert pager.is_visible()
    assert pager_numbers(page) == f"1 2 … {pages}"
    assert page.locator(".tk-pager__page[aria-current='page']").inner_text() == "1"
    assert page.locator(".tk-pager__step--prev").get_attribute("aria-disabled") == "true"

    seen: list[str] = []
    for number in range(1, pages + 1):
        expected_url = paged_url + LISTING + (f"page/{number}/" if number > 1 else "")
        assert page.url == expected_url
        names = visible_names(page)
        assert 1 <= len(names) <= PAGE_SIZE
        seen += names
        heading = page.locator("h1").inner_text()
        if number > 1:
            assert heading == f"劳动模范 · 第 {number} 页"
            assert page.title().startswith(f"劳动模范 · 第 {number} 页 · ")
            assert (
                page.locator("link[rel='prev']")
                .get_attribute("href")
                .endswith(LISTING + (f"page/{number - 1}/" if number > 2 else ""))
            )
        else:
            assert heading == "劳动模范" and "第" not in page.title()
        assert page.locator("link[rel='canonical']").get_attribute("href").endswith(expected_url[len(paged_url) :])
        # The pager fits the screen: nothing scrolls sideways, every link is on screen and big enough to tap.
        assert sideways(page) <= 0, f"page {number} scrolls sideways by {sideways(page)}px"
        for link in page.locator(".tk-pager a").all():
            box = link.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 360, (number, link.inner_text(), box)
            assert box["height"] >= 36 and box["width"] >= 36, (number, link.inner_text(), box)
        if number < pages:
            page.locator(".tk-pager a[rel='next']").click()
            page.wait_for_url(paged_url + LISTING + f"page/{number + 1}/")
    # Every worker once, in the order of the data.
    assert seen == [entry.name for entry in workers]
    assert page.locator(".tk-pager__step--next").get_attribute("aria-disabled") == "true"
    assert pager_numbers(page) == f"1 … {pages - 1} {pages}"

    # A page number jumps straight there; 上一页 steps back.
    page.locator(".tk-pager__page", has_text=re.compile(r"^1$")).click()
    page.wait_for_url(paged_url + LISTING)
    page.goto(paged_url + LISTING + "page/6/")
    assert pager_numbers(page) == f"1 … 5 6 7 … {pages}"
    page.locator(".tk-pager a[rel='prev']").click()
    page.wait_for_url(paged_url + LISTING + "page/5/")
    assert page.outside_requests == []


@pytest.mark.browser
def test_filters_on_a_paged_listing_search_every_page(page, paged_url, workers):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(paged_url + LISTING + "page/2/")
    assert page.locator("form.tk-filters").is_visible()
    status = page.locator("[data-tk-status]")
    assert (
        status.inner_text()
        == f"共 {len(workers)} 条，本页显示 {PAGE_SIZE} 条；筛选时查找全部 {-(-len(workers) // PAGE_SIZE)} 页"
    )

    # Before any filter, the counts are the build's, for the whole list.
    foshan = [e.name for e in workers if e.city and e.city.id == "foshan"]
    option = page.locator("#tk-filter-city option[value='foshan']")
    assert option.inner_text() == f"佛山（{len(foshan)}）"
    page.select_option("#tk-filter-city", "foshan")
    page.wait_for_function(f"document.querySelector('[data-tk-status]').textContent.startsWith('显示 {len(foshan)} /')")
    assert sorted(visible_names(page)) == sorted(foshan)
    assert len(foshan) > PAGE_SIZE  # more than one page could have shown
    assert status.inner_text() == f"显示 {len(foshan)} / {len(workers)} 条"
    assert not page.locator("nav.tk-pager").is_visible()  # the matches of all pages are shown together
    assert option.inner_text() == f"佛山（{len(foshan)}）"  # counted again from every card, the same

    # A second filter narrows the whole list, and every count matches what choosing it shows.
    award = "quanguo-laomo"
    both = [e.name for e in workers if e.city and e.city.id == "foshan" and award in {h.award.id for h in e.honours}]
    count = int(
        re.search(r"（(\d+)）", page.locator(f"#tk-filter-award option[value='{award}']").inner_text()).group(1)
    )
    assert count == len(both) >= 1
    page.select_option("#tk-filter-award", award)
    assert sorted(visible_names(page)) == sorted(both)

    # A card brought in from another page still links to its own entry page.
    first_page_card = next(name for name in both if name in [e.name for e in workers[:PAGE_SIZE]])
    page.locator(".tk-card:visible", has_text=first_page_card).locator("a").click()
    entry = next(e for e in workers if e.name == first_page_card)
    page.wait_for_url(paged_url + entry.url)
    assert page.locator("h1").inner_text().startswith(first_page_card)

    # Back on the listing, the address keeps the filters; clearing them shows this page's cards and the pager.
    page.go_back()
    page.wait_for_function(
        f"document.querySelector('[data-tk-status]').textContent === '显示 {len(both)} / {len(workers)} 条'"
    )
    page.click(".tk-filters__reset")
    page.wait_for_function(f"document.querySelectorAll('.tk-cards > .tk-card:not([hidden])').length === {PAGE_SIZE}")
    assert visible_names(page) == [e.name for e in workers[PAGE_SIZE : 2 * PAGE_SIZE]]
    assert page.locator("nav.tk-pager").is_visible()
    assert "city=" not in page.url
    assert sideways(page) <= 0
    assert page.outside_requests == []


@pytest.mark.browser
def test_axe_finds_no_serious_violation_on_a_paged_listing(page, paged_url):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(paged_url + LISTING + "page/3/")
    serious = serious_axe_violations(page)
    assert serious == [], serious
