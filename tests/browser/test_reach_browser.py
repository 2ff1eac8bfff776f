"""Reader reach as a reader sees it in Chromium: the QR code a phone reads, WeChat's first image, print,
care mode (关怀模式), dark mode and the 404 page's search."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image

SITE_URL = "http://127.0.0.1:8000/"
PAGES = {
    "entry": "2023/workers/li-ming/",
    "photo": "2023/workers/shili-dungou-banzu/",
    "article": "2023/sixiang-yinling/",
    "home": "",
    "listing": "2023/workers/",
    "stats": "2023/stats/",
    "cities": "2023/cities/",
}


def body_font_px(page) -> float:
    return page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)")


def sideways(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def serious_violations(page) -> list:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [(v["id"], [n["target"] for n in v["nodes"]]) for v in results.response["violations"]]


def read_qr(page) -> list[str]:
    """What a phone's camera reads from the QR code as the page shows it."""
    shot = page.locator(".tk-qr__code").screenshot()
    return [barcode.text for barcode in zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))]


@pytest.mark.browser
@pytest.mark.parametrize("kind", ["entry", "article"])
def test_the_share_control_shows_a_qr_code_a_phone_reads_as_the_pages_address(page, site_url, kind):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_url + PAGES[kind])
    assert not page.locator(".tk-qr__code").is_visible()
    page.get_by_text("分享", exact=True).click()
    assert page.locator(".tk-qr__code").is_visible()
    assert page.get_by_text("用手机扫码打开").is_visible()
    # The built site's canonical address (mkdocs.yml's default when TEKAN_SITE_URL is unset).
    assert read_qr(page) == [SITE_URL + PAGES[kind]]


@pytest.mark.browser
def test_a_printed_page_carries_its_qr_code_without_opening_the_control(page, site_url):
    page.goto(site_url + PAGES["entry"])
    page.emulate_media(media="print")
    assert page.locator(".tk-qr__code").is_visible()
    assert not page.locator(".tk-share__toggle").is_visible()
    assert read_qr(page) == [SITE_URL + PAGES["entry"]]


@pytest.mark.browser
@pytest.mark.parametrize("kind", ["entry", "photo", "article"])
def test_the_first_image_wechat_finds_is_visible_and_at_least_300_px(page, site_url, kind):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(site_url + PAGES[kind])
    first = page.locator("body img").first
    first.wait_for()
    assert first.is_visible() and first.get_attribute("alt")
    natural = first.evaluate("image => [image.complete, image.naturalWidth, image.naturalHeight]")
    assert natural[0] and min(natural[1:]) >= 300, natural


@pytest.mark.browser
def test_care_mode_enlarges_the_text_and_is_remembered_across_pages(page, site_url):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(site_url + PAGES["entry"])
    toggle = page.get_by_role("button", name="关怀模式")
    assert toggle.get_attribute("aria-pressed") == "false" and body_font_px(page) < 18
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true" and body_font_px(page) >= 18
    for kind, path in PAGES.items():
        page.goto(site_url + path)
        assert page.evaluate("document.documentElement.classList.contains('tk-care')"), kind
        assert page.get_by_role("button", name="关怀模式").get_attribute("aria-pressed") == "true", kind
        assert body_font_px(page) >= 18, kind
        assert sideways(page) <= 0, f"{kind} scrolls sideways by {sideways(page)}px with care mode on"
        assert serious_violations(page) == [], kind
    page.get_by_role("button", name="关怀模式").click()
    page.goto(site_url + PAGES["article"])
    assert body_font_px(page) < 18
    assert page.outside_requests == []


@pytest.mark.browser
def test_care_mode_keeps_an_articles_title_full_width_on_a_phone(page, site_url):
    """With the larger text, the title beside the square share image would be four characters a line."""
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(site_url + PAGES["article"])
    page.get_by_role("button", name="关怀模式").click()
    # The widest line of the title's text (a float shortens lines, not the heading's box) against the content's width.
    widths = page.evaluate("""() => {
      const range = document.createRange();
      range.selectNodeContents(document.querySelector("article h1"));
      const lines = [...range.getClientRects()].map(rect => rect.width);
      return [Math.max(...lines), document.querySelector("article").getBoundingClientRect().width];
    }""")
    page.get_by_role("button", name="关怀模式").click()
    assert widths[0] >= 0.75 * widths[1], widths


@pytest.mark.browser
def test_care_mode_is_on_before_the_first_paint(page, site_url):
    """The class is set by a script in <head>: the first frame already has the large text."""
    page.goto(site_url)
    page.evaluate("localStorage.setItem('tekan.care', '1')")
    page.add_init_script(
        "new MutationObserver((_, o) => { if (document.body) { window.__careAtBody ="
        " document.documentElement.classList.contains('tk-care'); o.disconnect(); } })"
        ".observe(document, {childList: true, subtree: true});"
    )
    page.goto(site_url + PAGES["listing"])
    assert page.evaluate("window.__careAtBody") is True


@pytest.fixture()
def dark_page(browser):
    context = browser.new_context(color_scheme="dark", viewport={"width": 360, "height": 800})
    page = context.new_page()
    yield page
    context.close()


def background_is_dark(page) -> bool:
    rgb = page.evaluate("getComputedStyle(document.body).backgroundColor.match(/\\d+/g).slice(0, 3).map(Number)")
    return sum(rgb) / 3 < 60


@pytest.mark.browser
def test_dark_mode_follows_the_phone_and_its_toggle_is_remembered(dark_page, site_url):
    page = dark_page
    for kind in ("entry", "article", "home"):
        page.goto(site_url + PAGES[kind])
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate", kind
        assert background_is_dark(page), kind
        assert serious_violations(page) == [], kind
    page.get_by_title("切换到浅色模式").click()  # the header's sun button
    page.goto(site_url + PAGES["listing"])
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    assert not background_is_dark(page)


@pytest.mark.browser
def test_a_dark_phone_gets_the_dark_page_before_materials_bundle_arrives(dark_page, site_url):
    """On a first visit nothing is stored: the scheme must come from the phone's setting, not from the bundle
    (deferred, and seconds away on a slow link), or the page flashes white."""
    page = dark_page
    page.route("**/bundle.*.min.js", lambda route: route.abort())
    page.goto(site_url + PAGES["entry"])
    page.unroute("**/bundle.*.min.js")
    assert page.evaluate("localStorage.length") == 0
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    assert background_is_dark(page)


@pytest.mark.browser
def test_dark_and_care_modes_together_keep_contrast_and_layout(dark_page, site_url):
    page = dark_page
    page.goto(site_url)
    page.evaluate("localStorage.setItem('tekan.care', '1')")
    for kind in ("entry", "article", "stats"):
        page.goto(site_url + PAGES[kind])
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        assert body_font_px(page) >= 18 and sideways(page) <= 0, kind
        assert serious_violations(page) == [], kind


@pytest.mark.browser
def test_the_404_page_opens_the_search(page, site_url):
    page.goto(site_url + "404.html")
    assert page.locator("h1").inner_text() == "找不到这个页面"
    page.get_by_text("搜索本站").click()
    assert page.evaluate("document.getElementById('__search').checked")
    assert page.locator(".md-search__input").is_visible()
