"""Material's bundle loaded at the reader's first interaction (content/assets/javascripts/tekan-material.js), at
360 px: nothing of it at load, and every control it runs works from the first tap, key or scroll, the tap not lost.

Its bundle is held back by the server for a while in the tests where the first tap must be kept while it travels,
as a phone's network would."""

from __future__ import annotations

import pytest

from search_box import BOX, shown_results, type_query
from support import serve_directory

PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
ENTRY = "2023/workers/li-ming/"
# Material sets these globals once its bundle has run and mounted on the (dispatched) DOMContentLoaded.
MOUNTED = "() => typeof window.component$ !== 'undefined'"
BUNDLE = "/bundle."


@pytest.fixture(scope="module")
def slow_url(built_site):
    """Scripts arrive 0.8 s after they are asked for: a first tap lands before the bundle has run."""
    with serve_directory(built_site, script_delay=0.8) as url:
        yield url


@pytest.fixture()
def phone(browser):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    yield page
    context.close()


def bundle_requested(page) -> bool:
    return any(BUNDLE in url for url in page.requested)


def mounted(page) -> bool:
    return page.evaluate(f"({MOUNTED})()")


@pytest.mark.browser
def test_nothing_of_the_bundle_is_fetched_or_run_until_the_reader_acts(phone, site_url):
    phone.goto(site_url + ENTRY, wait_until="networkidle")
    phone.wait_for_timeout(500)
    assert not bundle_requested(phone)
    assert not phone.evaluate("typeof window.component$ !== 'undefined'")
    # The page looks as it did with the bundle: Material's `js` class, the search button and one palette toggle.
    assert phone.evaluate("document.documentElement.className.split(' ')").count("js") == 1
    assert phone.locator("label.md-header__button[for='__search']").is_visible()
    assert phone.locator("[data-md-component=palette] label:not([hidden])").count() == 1
    assert phone.get_by_title("切换到深色模式").is_visible()


@pytest.mark.browser
def test_the_first_tap_on_the_palette_toggle_is_applied_and_remembered(phone, slow_url):
    phone.goto(slow_url + ENTRY, wait_until="networkidle")
    assert phone.evaluate("document.body.dataset.mdColorScheme") == "default"
    phone.get_by_title("切换到深色模式").tap()
    # At once, while the bundle is still on its way.
    assert not mounted(phone)
    assert phone.evaluate("document.body.dataset.mdColorScheme") == "slate"
    assert phone.get_by_title("切换到浅色模式").is_visible()
    # Material mounts from the stored choice and keeps it; the next page opens dark.
    phone.wait_for_function(MOUNTED)
    assert phone.evaluate("document.body.dataset.mdColorScheme") == "slate"
    phone.goto(slow_url + "2023/workers/", wait_until="networkidle")
    assert phone.evaluate("document.body.dataset.mdColorScheme") == "slate"
    # There too the first tap is ours, the second Material's, and both are remembered.
    phone.get_by_title("切换到浅色模式").tap()
    assert phone.evaluate("document.body.dataset.mdColorScheme") == "default"
    phone.wait_for_function(MOUNTED)
    phone.get_by_title("切换到深色模式").tap()
    assert phone.evaluate("document.body.dataset.mdColorScheme") == "slate"
    assert phone.evaluate("JSON.parse(localStorage.getItem(__md_scope.pathname + '.__palette')).index") == 1


@pytest.mark.browser
def test_the_first_tap_on_search_opens_a_focused_box_that_finds_li_ming(phone, slow_url):
    phone.goto(slow_url + ENTRY, wait_until="networkidle")
    phone.locator("label.md-header__button[for='__search']").tap()
    assert not mounted(phone)
    assert phone.locator(BOX).is_visible()
    assert phone.evaluate(f"document.activeElement === document.querySelector('{BOX}')")
    phone.wait_for_function(MOUNTED)
    type_query(phone, "李明")
    assert shown_results(phone, slow_url)[0] == ENTRY


@pytest.mark.browser
def test_the_slash_key_as_first_act_opens_the_search(phone, slow_url):
    phone.goto(slow_url + ENTRY, wait_until="networkidle")
    phone.keyboard.press("/")
    # Given to Material once it has run: the search opens with the box focused.
    phone.wait_for_function("document.getElementById('__search').checked", timeout=10_000)
    assert phone.evaluate(f"document.activeElement === document.querySelector('{BOX}')")


@pytest.mark.browser
def test_the_first_tap_opens_the_drawer(phone, slow_url):
    phone.goto(slow_url + ENTRY, wait_until="networkidle")
    phone.locator("label.md-header__button[for='__drawer']").tap()
    assert phone.evaluate("document.getElementById('__drawer').checked")
    # The drawer slides in (a CSS transition): its first link must come into view.
    phone.locator(".md-sidebar--primary .md-nav__link").first.wait_for(state="visible", timeout=5000)


@pytest.mark.browser
def test_scrolling_brings_back_to_top_without_moving_the_page(phone, site_url):
    phone.context.add_init_script(
        "window.__shift = 0; new PerformanceObserver(list => { for (const e of list.getEntries())"
        " if (!e.hadRecentInput) window.__shift += e.value; }).observe({type: 'layout-shift', buffered: true});"
    )
    phone.goto(site_url + "2023/workers/", wait_until="networkidle")
    assert not bundle_requested(phone)
    phone.mouse.wheel(0, 1500)
    phone.wait_for_function(MOUNTED)
    phone.wait_for_timeout(300)
    phone.mouse.wheel(0, -300)  # Material shows back-to-top when the reader scrolls up
    top = phone.locator("[data-md-component=top]")
    top.wait_for(state="visible")
    top.click()
    phone.wait_for_function("window.scrollY === 0")
    assert phone.evaluate("window.__shift") == 0


@pytest.mark.browser
def test_a_bundle_that_did_not_arrive_is_asked_for_again_at_the_next_interaction(phone, site_url):
    phone.route("**/bundle.*.min.js", lambda route: route.abort())
    phone.goto(site_url + ENTRY, wait_until="networkidle")
    phone.locator("h1").tap()
    phone.wait_for_function("() => !document.querySelector('script[src*=\"/bundle.\"]')")
    assert [url for url in phone.requested if BUNDLE in url] != [] and not mounted(phone)
    phone.unroute("**/bundle.*.min.js")
    phone.locator("h1").tap()
    phone.wait_for_function(MOUNTED)
