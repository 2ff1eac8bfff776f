"""Every page kind in Chromium: content at 360 and 1280 px, filters, the city map, accessibility, print."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support import serious_axe_violations
from tekan.dataset.loader import load_site_data

ROOT = Path(__file__).resolve().parents[2]
DATA = load_site_data(ROOT / "data", ROOT)
YEAR = DATA.latest.year

# Each page kind: its address, the heading a reader sees, and an element that carries its content.
PAGE_KINDS = {
    "home": ("", "干在实处 走在前列", ".tk-panel .tk-stat"),
    "issue": (f"{YEAR}/", "干在实处 走在前列", ".tk-section .tk-card"),
    "archive": ("archive/", "往期特刊", ".tk-archive__item"),
    "stats": (f"{YEAR}/stats/", "数说", ".tk-chart svg"),
    "listing": (f"{YEAR}/workers/", "劳动模范", ".tk-cards .tk-card"),
    "sites-listing": (f"{YEAR}/sites/", "职工服务阵地", ".tk-cards .tk-card"),
    "person": (f"{YEAR}/workers/li-ming/", "李明", ".tk-facts"),
    "collective": (f"{YEAR}/workers/shili-dungou-banzu/", "示例隧道盾构班组", ".tk-share-square--photo"),
    "site": (f"{YEAR}/sites/shili-liaoxiuyang-jidi/", "示例山区技术工人疗休养基地", ".tk-facts"),
    "cities": (f"{YEAR}/cities/", "按城市浏览", ".tk-tilemap svg"),
    "city": (f"{YEAR}/cities/guangzhou/", "广州市", ".tk-group .tk-card"),
    "about": ("about/", "关于本站", "article p"),
}
WIDTHS = (360, 1280)


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_kind_shows_its_content_without_sideways_scrolling(page, site_url, width):
    page.set_viewport_size({"width": width, "height": 800})
    for kind, (path, heading, content) in PAGE_KINDS.items():
        page.goto(site_url + path)
        h1 = page.locator("h1").first
        assert h1.is_visible(), kind
        assert h1.inner_text().startswith(heading), (kind, h1.inner_text())
        assert page.locator(content).first.is_visible(), (kind, content)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{kind} scrolls sideways by {overflow}px at {width}px"
    assert page.outside_requests == []


def card_count(page) -> int:
    return page.locator(".tk-cards > .tk-card:visible").count()


def option_count(page, select: str, value: str) -> int:
    text = page.locator(f"{select} option[value='{value}']").inner_text()
    return int(re.search(r"（(\d+)）$", text).group(1))


@pytest.mark.browser
def test_filters_narrow_the_listing_and_every_count_matches(page, site_url):
    workers = DATA.latest.entries["workers"]
    page.goto(site_url + f"{YEAR}/workers/")
    assert page.locator("form.tk-filters").is_visible()
    assert card_count(page) == len(workers)
    assert page.locator("[data-tk-status]").inner_text() == f"显示全部 {len(workers)} 条"

    # Every choice's count is what choosing it shows.
    for select in ("#tk-filter-city", "#tk-filter-industry", "#tk-filter-award"):
        values = page.locator(f"{select} option").evaluate_all("options => options.map(o => o.value)")
        for value in values[1:]:
            expected = option_count(page, select, value)
            page.select_option(select, value)
            assert card_count(page) == expected, (select, value)
            page.select_option(select, "")
    # Two filters together; the other facet's counts follow the first choice.
    page.select_option("#tk-filter-city", "guangzhou")
    in_guangzhou = [e for e in workers if e.city and e.city.id == "guangzhou"]
    assert card_count(page) == len(in_guangzhou) == option_count(page, "#tk-filter-city", "guangzhou")
    award = "quanguo-wuyi-jiangzhang"
    both = [e for e in in_guangzhou if award in {h.award.id for h in e.honours}]
    assert option_count(page, "#tk-filter-award", award) == len(both)
    page.select_option("#tk-filter-award", award)
    assert card_count(page) == len(both) >= 1
    names = page.locator(".tk-card:visible .tk-card__name").all_inner_texts()
    assert sorted(names) == sorted(e.name for e in both)
    assert page.locator("[data-tk-status]").inner_text() == f"显示 {len(both)} / {len(workers)} 条"
    # The choice is in the address, so a filtered list can be shared and reloaded.
    assert "city=guangzhou" in page.url and f"award={award}" in page.url
    page.reload()
    assert card_count(page) == len(both)
    page.click(".tk-filters__reset")  # Material's search box has a reset button too
    page.wait_for_function(f"document.querySelectorAll('.tk-cards > .tk-card:not([hidden])').length === {len(workers)}")
    assert "city=" not in page.url


@pytest.mark.browser
def test_without_javascript_the_full_list_and_city_pages_remain(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + f"{YEAR}/sites/")
        assert not page.locator("form.tk-filters").is_visible()
        assert page.locator(".tk-cards > .tk-card").count() == len(DATA.latest.entries["sites"])
        page.locator(".tk-bycity a", has_text="广州").click()
        page.wait_for_url(re.compile(r"/cities/guangzhou/"))
        assert page.locator("#sites .tk-card").count() == sum(
            1 for e in DATA.latest.entries["sites"] if e.city.id == "guangzhou"
        )
    finally:
        context.close()


@pytest.mark.browser
def test_a_city_tile_leads_to_its_page(page, site_url):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(site_url + f"{YEAR}/cities/")
    tile = page.locator("a.tk-tilemap__tile[data-city='foshan']")
    count = int(tile.locator("text").nth(1).text_content())
    tile.click()
    page.wait_for_url(re.compile(r"/cities/foshan/$"))
    assert page.locator("h1").inner_text() == "佛山市"
    assert page.locator(".tk-group .tk-card").count() == count > 0


@pytest.mark.browser
def test_card_photos_load_when_scrolled_into_view(page, site_url):
    page.set_viewport_size({"width": 360, "height": 640})
    page.goto(site_url + f"{YEAR}/workers/")
    image = page.locator("img.tk-avatar").first
    image.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert image.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [128, 128]


# One page per template and variant (the root and the issue home share one; so do the two listings).
AXE_KINDS = ["home", "archive", "stats", "listing", "person", "site", "cities", "city", "about"]


@pytest.mark.browser
@pytest.mark.parametrize("kind", AXE_KINDS)
def test_axe_finds_no_serious_or_critical_violation(page, site_url, kind):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(site_url + PAGE_KINDS[kind][0])
    serious = serious_axe_violations(page)
    assert serious == [], serious


@pytest.mark.browser
@pytest.mark.parametrize("kind", ["person", "stats"])
def test_print_on_a4_shows_only_the_content(page, site_url, kind):
    page.goto(site_url + PAGE_KINDS[kind][0])
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer", ".tk-crumbs"):
        if page.locator(chrome).count():
            assert not page.locator(chrome).first.is_visible(), chrome
    assert page.locator("h1").is_visible()
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    # A profile fits on one sheet; the 43 figures with their charts on a few.
    assert 1 <= pages <= (1 if kind == "person" else 6), pages
