"""Defects a reader notices, in Chromium at 360 px, on a small site that behaves like the 10,000-entry one.

The site is the shipped project with 30 tiny workers and the per-city threshold lowered to 10, so that the
workers are listed per city as at a province's scale: the workers' listing keeps only the entries without a
city, and city pages must still show cards.
"""

from __future__ import annotations

import re

import pytest

from support import copy_project, lower_city_threshold, run_mkdocs_build, serve_directory, write_tiny_workers
from tekan.dataset.loader import load_site_data

PHONE = {"width": 360, "height": 740}
PAGE_KINDS = (
    "2023/",
    "2023/workers/",
    "2023/sites/",
    "2023/workers/li-ming/",
    "2023/cities/",
    "2023/cities/guangzhou/",
    "2023/cities/guangzhou/workers/",
    "2023/stats/",
    "2023/yongqing-yongli/",
    "about/",
)

# Every element that shows text of its own, with its computed font size (what a reader's eye gets).
TEXT_SIZES = """() => {
  const found = [];
  for (const el of document.querySelectorAll("body *")) {
    const own = [...el.childNodes].some(node => node.nodeType === 3 && node.textContent.trim());
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!own || !box.width || !box.height || style.visibility === "hidden" || el.closest("[hidden]")) continue;
    found.push([el.tagName.toLowerCase() + "." + [...el.classList].join("."), parseFloat(style.fontSize),
                el.textContent.trim().slice(0, 20)]);
  }
  return found;
}"""


@pytest.fixture(scope="module")
def province_like(tmp_path_factory, built_site):
    project = copy_project(tmp_path_factory.mktemp("province-like"), caches_from=built_site.parent)
    write_tiny_workers(project, 30)
    lower_city_threshold(project, 10)
    result = run_mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    with serve_directory(project / "site") as url:
        yield project, url


@pytest.fixture()
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    yield page
    context.close()


def test_avatars_on_cards_are_square(province_like, phone):
    _, url = province_like
    for path in ("2023/sites/", "2023/cities/guangzhou/", "2023/workers/"):
        phone.goto(url + path)
        boxes = phone.eval_on_selector_all(
            ".tk-card .tk-avatar",
            "els => els.map(e => [e.tagName, e.getBoundingClientRect().width, e.getBoundingClientRect().height])",
        )
        assert boxes, path
        assert {(width, height) for _, width, height in boxes} == {(64, 64)}, (path, boxes)
    phone.goto(url + "2023/sites/")
    assert phone.locator(".tk-card img.tk-avatar").count() > 0  # photos, not only drawn initials


@pytest.mark.parametrize("path", PAGE_KINDS)
def test_nothing_is_smaller_than_14_px(province_like, phone, path):
    _, url = province_like
    phone.goto(url + path)
    small = [found for found in phone.evaluate(TEXT_SIZES) if found[1] < 14]
    assert small == [], small


def test_city_pages_show_cards_for_split_collections_and_count_in_one_measure_word(province_like, phone):
    project, url = province_like
    workers = load_site_data(project / "data").latest.entries["workers"]
    in_guangzhou = [w for w in workers if w.city and w.city.id == "guangzhou"]
    phone.goto(url + "2023/cities/guangzhou/")
    section = phone.locator("section#workers")
    cards = section.locator(".tk-card")
    assert cards.count() == min(12, len(in_guangzhou)) > 0
    links = section.locator("p.tk-more a").all_inner_texts()
    assert links and all(re.fullmatch(r".+：\d+ 条，查看全部", text) for text in links), links
    assert "个，查看全部" not in phone.locator("article").inner_text()


def test_a_listing_split_per_city_says_what_it_lists_and_its_filters_agree(province_like, phone):
    project, url = province_like
    workers = load_site_data(project / "data").latest.entries["workers"]
    without_city = [w for w in workers if not w.city]
    phone.goto(url + "2023/workers/")
    lead = phone.locator("p.tk-lead").inner_text()
    listed = phone.locator("[data-tk-list] > .tk-card").count()
    assert listed == len(without_city) < len(workers)
    assert f"收录 {len(workers)} 条" in lead
    assert f"其中 {len(workers) - listed} 条数量较多，按城市分页列出（见下方）；此处列出其余 {listed} 条。" in lead
    status = phone.locator("[data-tk-status]")
    assert status.inner_text() == f"显示此处列出的全部 {listed} 条"
    phone.select_option("#tk-filter-industry", index=1)
    assert status.inner_text().startswith("显示 ")
    phone.click("button.tk-filters__reset")
    phone.wait_for_function("() => !document.querySelector('#tk-filter-industry').value")
    phone.wait_for_timeout(50)
    assert status.inner_text() == f"显示此处列出的全部 {listed} 条"


def test_each_city_tiles_name_holds_its_visible_text(province_like, phone):
    _, url = province_like
    phone.goto(url + "2023/cities/")
    tiles = phone.eval_on_selector_all(
        "a.tk-tilemap__tile",
        "tiles => tiles.map(t => [[...t.querySelectorAll('text')].map(x => x.textContent.trim()).join(' '),"
        " t.getAttribute('aria-label')])",
    )
    assert len(tiles) == 21
    assert [(shown, name) for shown, name in tiles if not name.startswith(shown + " ")] == []


def test_keyboard_users_reach_the_content_without_passing_the_closed_drawer(province_like, phone):
    _, url = province_like
    phone.goto(url + "2023/cities/guangzhou/")
    passed = []
    for _ in range(40):
        phone.keyboard.press("Tab")
        where = phone.evaluate(
            "() => { const e = document.activeElement;"
            " return [e.closest('.md-sidebar--primary') ? 'drawer' : e.closest('.md-content') ? 'content' : 'other',"
            " e.textContent.trim().slice(0, 12)]; }"
        )
        if where[0] == "content":
            break
        passed.append(where)
    else:
        pytest.fail(f"no content reached: {passed}")
    assert [text for place, text in passed if place == "drawer"] == []
    # Opened, the drawer's links are there for the keyboard again.
    phone.click("label.md-header__button[for='__drawer']")
    phone.wait_for_timeout(400)
    assert phone.locator(".md-sidebar--primary a.md-nav__link").first.is_visible()


def test_breadcrumb_links_are_targets_of_at_least_24_px(province_like, phone):
    _, url = province_like
    for path in ("2023/workers/li-ming/", "2023/cities/guangzhou/"):
        phone.goto(url + path)
        heights = phone.eval_on_selector_all(
            ".tk-crumbs a", "links => links.map(a => a.getBoundingClientRect().height)"
        )
        assert heights and min(heights) >= 24, (path, heights)


def test_a_line_never_starts_with_the_full_stop_after_the_sample_badge(province_like, phone):
    _, url = province_like
    phone.goto(url + "2023/sites/")
    badge = phone.locator("p.tk-lead .tk-badge--sample")
    assert badge.count() == 1
    # The lead wraps differently at every width: the 。 after the badge must share the badge's line at each.
    same_line = """badge => {
      const node = badge.nextSibling || badge.parentElement.nextSibling;
      const range = document.createRange();
      const at = node.textContent.indexOf("。");
      range.setStart(node, at); range.setEnd(node, at + 1);
      const stop = range.getBoundingClientRect(), own = badge.getBoundingClientRect();
      return node.textContent.startsWith("。") && Math.abs(stop.bottom - own.bottom) < own.height;
    }"""
    broken = []
    for width in range(300, 480, 2):
        phone.set_viewport_size({"width": width, "height": 740})
        if not badge.evaluate(same_line):
            broken.append(width)
    assert broken == []


def test_the_organisation_and_the_year_are_spaced(province_like):
    project, _ = province_like
    organisation = load_site_data(project / "data").latest.info.organisation
    pages = list((project / "site").rglob("*.html"))
    glued = [page for page in pages if re.search(re.escape(organisation) + r"\d{4}", page.read_text(encoding="utf-8"))]
    assert glued == []
    stats = (project / "site" / "2023" / "stats" / "index.html").read_text(encoding="utf-8")
    assert f"{organisation} 2023 年度特刊" in stats


def test_the_filters_show_with_javascript_and_hide_without(province_like, browser):
    _, url = province_like
    for javascript, visible in ((True, True), (False, False)):
        context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
        page = context.new_page()
        page.goto(url + "2023/sites/")
        assert page.locator("form.tk-filters").is_visible() is visible
        assert page.locator("[data-tk-list] > .tk-card").first.is_visible()
        context.close()


def test_a_link_inside_a_sentence_is_underlined(province_like, phone):
    _, url = province_like
    phone.goto(url + "shortcodes/")  # the examples page shows a list long enough for its 查看全部 link
    links = phone.locator("p.tk-shortcode__more a")
    assert links.count() > 0
    decorations = links.evaluate_all("links => links.map(a => getComputedStyle(a).textDecorationLine)")
    assert set(decorations) == {"underline"}
