"""The built site, read as HTML: every entry listed and paged, badges, nav, budgets, sharing data, no outside loads."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from site_html import html_pages, json_ld, meta_content, parse
from tekan.dataset.loader import load_site_data
from tekan.dataset.vocabulary import COLLECTIONS
from tekan.pages.views import figure_view

ROOT = Path(__file__).resolve().parents[2]
SITE_URL = "http://127.0.0.1:8000/"
ENTRY_PAGE_BUDGET = 40 * 1024


@pytest.fixture(scope="module")
def data():
    return load_site_data(ROOT / "data", ROOT)


@pytest.fixture(scope="module")
def pages(built_site):
    """Every built HTML page, parsed once: site-relative URL -> document."""
    parsed = {}
    for path in html_pages(built_site):
        relative = path.relative_to(built_site).as_posix()
        url = relative.removesuffix("index.html") if relative.endswith("index.html") else relative
        parsed[url] = parse(path.read_text(encoding="utf-8"))
    return parsed


def resolve(page_url: str, href: str) -> str:
    """A relative link on a page -> site-relative URL."""
    return urlsplit(urljoin("http://site/" + page_url, href)).path.lstrip("/")


def card_targets(document, page_url: str) -> list[str]:
    return [resolve(page_url, card.find("a").attrs["href"]) for card in document.find_all("li", cls="tk-card")]


def test_every_entry_is_on_its_listing_and_has_its_own_page(data, pages):
    for issue in data.issues:
        for collection in COLLECTIONS:
            listing_url = f"{issue.year}/{collection}/"
            listed = card_targets(pages[listing_url], listing_url)
            assert len(listed) == len(set(listed)) == len(issue.entries[collection])
            for entry in issue.entries[collection]:
                assert entry.url in listed, f"{entry.id} missing from {listing_url}"
                page = pages[entry.url]
                assert page.find("h1").text.strip().startswith(entry.name)
                assert entry.data.summary in page.find("p", cls="tk-entry__summary").text


def test_samples_carry_their_badge_wherever_they_appear(data, pages):
    samples = {e.url for issue in data.issues for e in issue.all_entries() if e.sample}
    others = {e.url for issue in data.issues for e in issue.all_entries() if not e.sample}
    seen = 0
    for url, document in pages.items():
        for card in document.find_all("li", cls="tk-card"):
            target = resolve(url, card.find("a").attrs["href"])
            badge = card.find("span", cls="tk-badge--sample")
            assert (badge is not None) == (target in samples), (url, target)
            assert target in samples | others
            seen += 1
    assert seen > 50
    for url in samples:
        h1 = pages[url].find("h1")
        assert h1.find("span", cls="tk-badge--sample").text == "示例"


def test_the_nav_holds_sections_only(data, pages):
    entry_urls = {e.url for issue in data.issues for e in issue.all_entries()}
    for url, document in pages.items():
        for nav in document.find_all("nav", cls="md-nav") + document.find_all("nav", cls="md-tabs"):
            for link in nav.find_all("a"):
                target = resolve(url, link.attrs.get("href", ""))
                assert target not in entry_urls, (url, target)
                # The city map is a section; the pages of single cities are not.
                assert not re.match(r"^\d{4}/cities/[a-z]", target), (url, target)
    tabs = [a.text.strip() for a in pages[""].find("nav", cls="md-tabs").find_all("a")]
    assert tabs == ["首页", "2023 年度特刊", "往期特刊", "关于本站"]


def test_entry_pages_stay_within_the_budget(data, built_site):
    sizes = {
        e.url: (built_site / e.url / "index.html").stat().st_size for issue in data.issues for e in issue.all_entries()
    }
    largest = max(sizes, key=sizes.get)
    print(f"\nlargest entry page: {largest} {sizes[largest]} bytes")
    assert sizes[largest] <= ENTRY_PAGE_BUDGET


def test_the_root_is_the_latest_issue(data, pages):
    latest = data.latest
    assert pages[""].find("h1").text == latest.info.title == pages[f"{latest.year}/"].find("h1").text
    # Two addresses, one canonical: the issue's own.
    canonical = pages[""].find("link", rel="canonical").attrs["href"]
    assert canonical == f"{SITE_URL}{latest.year}/"


def test_every_page_is_chinese_and_loads_nothing_from_outside(pages):
    for url, document in pages.items():
        assert document.find("html").attrs["lang"] == "zh", url
        for element in document.iter():
            reference = (
                element.attrs.get("src")
                if element.tag in ("script", "img", "source", "iframe")
                else element.attrs.get("href")
                if element.tag == "link"
                and element.attrs.get("rel") in ("stylesheet", "preconnect", "preload", "icon", "modulepreload")
                else None
            )
            if reference:
                assert not re.match(r"^(https?:)?//", reference), (url, element.tag, reference)
        for style in document.find_all("style"):
            assert "@import" not in style.text and "url(http" not in style.text


def test_every_page_has_description_canonical_and_open_graph(built_site, pages):
    for url, document in pages.items():
        if url == "404.html":
            continue
        assert meta_content(document, name="description"), url
        canonical = document.find("link", rel="canonical").attrs["href"]
        assert canonical.startswith(SITE_URL), url
        assert meta_content(document, property="og:title"), url
        assert meta_content(document, property="og:description"), url
        image = meta_content(document, property="og:image")
        assert image and image.startswith(SITE_URL), url
        assert (built_site / image.removeprefix(SITE_URL)).is_file(), (url, image)
        if url != "":
            assert meta_content(document, property="og:url") == canonical


def test_json_ld_describes_people_collectives_sites_and_the_statistics(data, pages):
    issue = data.latest
    for entry in issue.all_entries():
        (item,) = json_ld(pages[entry.url])
        expected = "Place" if entry.collection == "sites" else "Person" if entry.data.kind == "个人" else "Organization"
        assert item["@type"] == expected and item["name"] == entry.name and item["url"] == SITE_URL + entry.url
        if expected == "Person":
            assert item["worksFor"]["name"] == entry.data.unit
            assert len(item.get("award", [])) == len(entry.honours)
        if expected == "Place":
            assert item["address"]["addressLocality"] == entry.city.name
    (dataset,) = json_ld(pages[f"{issue.year}/stats/"])
    assert dataset["@type"] == "Dataset" and len(dataset["variableMeasured"]) == len(issue.figures)
    assert {v["name"] for v in dataset["variableMeasured"]} == {f.data.label for f in issue.figures}


def test_the_sitemap_lists_every_page_by_its_canonical_url_and_nothing_else(pages, built_site):
    tree = ElementTree.parse(built_site / "sitemap.xml")
    listed = [element.text for element in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    # Pages for editors (robots noindex, such as /shortcodes/) are built but not listed.
    canonicals = {
        url: document.find("link", rel="canonical").attrs["href"]
        for url, document in pages.items()
        if url != "404.html" and document.find("meta", name="robots") is None
    }
    assert "shortcodes/" in pages and "shortcodes/" not in canonicals
    # Each page is reached under its canonical address, once; / repeats /2023/ and is not listed itself.
    assert len(listed) == len(set(listed))
    assert set(listed) == set(canonicals.values())
    assert canonicals[""] == SITE_URL + "2023/" and SITE_URL not in listed
    for url, canonical in canonicals.items():
        if canonical == SITE_URL + url:
            assert canonical in listed, url


def test_stats_page_has_every_figure_in_its_section_and_charts_with_tables(data, pages):
    issue = data.latest
    document = pages[f"{issue.year}/stats/"]
    for figure in issue.figures:
        section = document.find("section", id=figure.section.id)
        card = section.find("li", id=f"stat-{figure.id}")
        assert card is not None, figure.id
        assert card.find("span", cls="tk-stat__value").text == figure.display
    charts = document.find_all("figure", cls="tk-chart")
    assert len(charts) == 4
    views = [figure_view(f) for f in issue.figures]
    for chart in charts:
        title = chart.find("figcaption").text
        members = [v for v in views if v.chart == title]
        svg = chart.find("svg")
        assert svg.attrs["role"] == "img" and all(v.display in svg.attrs["aria-label"] for v in members)
        rows = chart.find("table").find("tbody").find_all("tr")
        assert [(r.find("th").text, r.find("td").text) for r in rows] == [(v.label, v.display) for v in members]


def test_city_map_tiles_link_to_city_pages_with_matching_counts(data, pages):
    document = pages[f"{data.latest.year}/cities/"]
    tiles = document.find("svg", cls="tk-tilemap__svg").find_all("a", cls="tk-tilemap__tile")
    assert len(tiles) == len(data.cities) == 21
    for tile in tiles:
        target = resolve(f"{data.latest.year}/cities/", tile.attrs["href"])
        city_page = pages[target]
        count = int(tile.find_all("text")[1].text)
        assert len(card_targets(city_page, target)) == count
        assert city_page.find("h1").text in tile.attrs["aria-label"]


def test_listings_work_without_javascript(data, pages):
    for collection in COLLECTIONS:
        url = f"{data.latest.year}/{collection}/"
        document = pages[url]
        form = document.find("form", cls="tk-filters")
        # In the HTML from the start, so that nothing moves when the script runs; hidden without JavaScript.
        assert form is not None and "hidden" not in form.attrs
        assert ".tk-filters { display: none !important; }" in document.find("noscript").text
        links = document.find("nav", cls="tk-bycity").find_all("a")
        assert links
        for link in links:
            target = resolve(url, link.attrs["href"]).split("#")[0]
            assert target in pages
        # Each choice's count is the number of cards carrying that value.
        cards = document.find_all("li", cls="tk-card")
        for select in form.find_all("select"):
            for option in select.find_all("option")[1:]:
                shown = int(re.search(r"（(\d+)）$", option.text).group(1))
                carrying = [
                    c
                    for c in cards
                    if option.attrs["value"]
                    in c.attrs[f"data-{select.attrs['name']}"].split(" " if "data-multi" in select.attrs else "\0")
                ]
                assert shown == len(carrying), (url, select.attrs["name"], option.attrs["value"])


def test_links_in_stories_are_only_http_https_or_mail(pages):
    for url, document in pages.items():
        story = document.find("section", cls="tk-entry__story")
        for link in story.find_all("a") if story else []:
            assert re.match(r"^(https?:|mailto:)", link.attrs.get("href", "")), (url, link.attrs)
