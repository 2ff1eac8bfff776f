"""Long lists split into numbered pages: the split, the pager's numbers, and the page models built on them."""

from __future__ import annotations

import pytest

from support import copy_project, write_tiny_workers
from tekan.dataset.loader import load_site_data
from tekan.dataset.vocabulary import COLLECTIONS
from tekan.pages.contexts import MoreLink, PageKind
from tekan.pages.paging import page_url, paginate, split_pages
from tekan.pages.seo import attach_seo
from tekan.pages.specs import site_pages
from tekan.search.index import page_records
from tekan.settings import Settings

SITE_URL = "https://example.org/tekan/"
CITY_PREVIEW = Settings().city_preview


# The split --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "size", "pages"),
    [
        (0, 3, [[]]),
        (1, 3, [[0]]),
        (3, 3, [[0, 1, 2]]),
        (4, 3, [[0, 1, 2], [3]]),
        (7, 2, [[0, 1], [2, 3], [4, 5], [6]]),
    ],
)
def test_split_keeps_order_and_fills_every_page_but_the_last(items, size, pages):
    assert split_pages(list(range(items)), size) == pages


def test_a_page_size_below_one_is_refused():
    with pytest.raises(ValueError):
        split_pages([1, 2], 0)


def test_the_first_page_keeps_the_lists_address_and_later_pages_go_under_page():
    assert page_url("2023/workers/", 1) == "2023/workers/"
    assert page_url("2023/workers/", 2) == "2023/workers/page/2/"
    assert page_url("2023/cities/guangzhou/craftsmen/", 12) == "2023/cities/guangzhou/craftsmen/page/12/"


def test_each_pager_knows_its_neighbours_and_its_share_of_the_list():
    pages = paginate("2023/workers/", list("abcdefg"), 3)
    assert [items for items, _ in pages] == [list("abc"), list("def"), list("g")]
    pagers = [pager for _, pager in pages]
    assert [(p.number, p.first, p.last, p.total, p.count) for p in pagers] == [
        (1, 1, 3, 7, 3),
        (2, 4, 6, 7, 3),
        (3, 7, 7, 7, 3),
    ]
    assert [(p.prev_url, p.url, p.next_url) for p in pagers] == [
        ("", "2023/workers/", "2023/workers/page/2/"),
        ("2023/workers/", "2023/workers/page/2/", "2023/workers/page/3/"),
        ("2023/workers/page/2/", "2023/workers/page/3/", ""),
    ]
    assert all(p.paged for p in pagers)
    [(only, single)] = paginate("2023/sites/", [], 3)
    assert only == [] and not single.paged and (single.first, single.last, single.total) == (0, 0, 0)


def shown(pager) -> str:
    """The pager's numbers as a reader sees them: 1 … 5 [6] 7 … 12."""
    return " ".join(
        "…" if link.gap else f"[{link.number}]" if link.current else str(link.number) for link in pager.links
    )


@pytest.mark.parametrize(
    ("count", "number", "numbers"),
    [
        (2, 1, "[1] 2"),
        (5, 3, "1 2 [3] 4 5"),  # a gap of one page shows that page instead of …
        (12, 1, "[1] 2 … 12"),
        (12, 3, "1 2 [3] 4 … 12"),
        (12, 6, "1 … 5 [6] 7 … 12"),
        (12, 11, "1 … 10 [11] 12"),
        (12, 12, "1 … 11 [12]"),
    ],
)
def test_the_pager_names_the_ends_and_the_current_page_with_its_neighbours(count, number, numbers):
    pager = paginate("x/", list(range(count)), 1)[number - 1][1]
    assert shown(pager) == numbers
    assert all(link.url == page_url("x/", link.number) for link in pager.links if not link.gap)


# Page models ------------------------------------------------------------------------------------

SMALL_PAGE = 5
TINY_WORKERS = 60


@pytest.fixture(scope="module")
def paged(tmp_path_factory):
    """The shipped data plus 60 tiny workers, paged 5 cards at a time (no build)."""
    project = copy_project(tmp_path_factory.mktemp("paged"))
    write_tiny_workers(project, TINY_WORKERS)
    data = load_site_data(project / "data")
    specs = site_pages(data, settings=Settings(page_size=SMALL_PAGE))
    attach_seo(specs, SITE_URL)
    return data, specs


def pages_of(specs, base_url: str) -> list:
    return [spec for spec in specs if spec.pager and spec.pager.urls[0] == base_url]


def test_every_listing_page_holds_at_most_one_page_of_cards(paged):
    _, specs = paged
    listings = [spec for spec in specs if spec.template == "tekan/listing.html"]
    assert {spec.page_kind for spec in listings} == {PageKind.LISTING, PageKind.CITY_LISTING}
    assert max(len(spec.context.cards) for spec in listings) == SMALL_PAGE
    # A city page shows a few cards per collection and links to the rest.
    for spec in specs:
        if spec.page_kind is PageKind.CITY:
            assert all(len(group.cards) <= CITY_PREVIEW for group in spec.context.groups)


def test_a_long_listing_is_split_in_order_and_drops_nothing(paged):
    data, specs = paged
    workers = [f"{data.latest.year}/workers/{entry.id}/" for entry in data.latest.entries["workers"]]
    series = pages_of(specs, "2023/workers/")
    assert len(series) == -(-len(workers) // SMALL_PAGE) > 10
    assert tuple(spec.url for spec in series) == series[0].pager.urls
    assert [spec.src_uri for spec in series[:3]] == [
        "2023/workers/index.md",
        "2023/workers/page/2/index.md",
        "2023/workers/page/3/index.md",
    ]
    assert [card.url for spec in series for card in spec.context.cards] == workers
    # Filters count the whole list on every page (the script loads the other pages to filter them).
    facets = [spec.context.facets for spec in series]
    assert all(f == facets[0] for f in facets)
    award = next(f for f in facets[0] if f.name == "award")
    assert sum(c.count for c in award.choices) == sum(len(e.honours) for e in data.latest.entries["workers"])


def test_later_pages_say_their_number_in_the_title_and_stay_out_of_the_nav_and_search(paged):
    _, specs = paged
    first, second, *_, last = pages_of(specs, "2023/workers/")
    assert first.title == "劳动模范 · 2023 年度特刊" and first.in_nav
    assert second.title == "劳动模范 · 第 2 页 · 2023 年度特刊" and not second.in_nav
    assert "第 2 页" in second.description and second.description != first.description
    assert "第 2 页" not in first.description
    record_urls = {record.url for record in page_records(specs)}
    assert first.url in record_urls and second.url not in record_urls and last.url not in record_urls


def test_each_page_is_its_own_canonical_and_names_its_neighbours(paged):
    _, specs = paged
    first, second, _third, *_, last = pages_of(specs, "2023/workers/")
    assert first.seo.canonical == SITE_URL + "2023/workers/"
    assert second.seo.canonical == SITE_URL + "2023/workers/page/2/"
    assert (first.seo.prev, first.seo.next) == ("", SITE_URL + "2023/workers/page/2/")
    assert (second.seo.prev, second.seo.next) == (SITE_URL + "2023/workers/", SITE_URL + "2023/workers/page/3/")
    assert last.seo.next == "" and last.seo.prev == SITE_URL + f"2023/workers/page/{last.pager.count - 1}/"


def test_a_city_with_more_than_its_page_shows_gets_a_paged_listing_of_the_rest(paged):
    data, specs = paged
    by_url = {spec.url: spec for spec in specs}
    guangzhou = by_url["2023/cities/guangzhou/"]
    group = next(g for g in guangzhou.context.groups if g.collection == "workers")
    expected = [f"2023/workers/{e.id}/" for e in data.latest.entries["workers"] if e.city and e.city.id == "guangzhou"]
    assert len(expected) > CITY_PREVIEW
    assert [card.url for card in group.cards] == expected[:CITY_PREVIEW]
    assert group.more == MoreLink(count=len(expected), url="2023/cities/guangzhou/workers/")
    series = pages_of(specs, "2023/cities/guangzhou/workers/")
    assert [card.url for spec in series for card in spec.context.cards] == expected
    assert {spec.page_kind for spec in series} == {PageKind.CITY_LISTING}
    assert "city" not in {facet.name for facet in series[0].context.facets}
    # A collection that fits on the city page gets no listing of its own.
    assert "2023/cities/guangzhou/craftsmen/" not in by_url


def test_every_entry_is_on_exactly_one_listing_page_at_any_page_size(tmp_path):
    project = copy_project(tmp_path / "project")
    write_tiny_workers(project, 23)
    data = load_site_data(project / "data")
    for size in (1, 4, Settings().page_size):
        specs = site_pages(data, settings=Settings(page_size=size))
        listed: dict[str, int] = {}
        for spec in specs:
            if spec.page_kind is PageKind.LISTING:
                assert len(spec.context.cards) <= size
                for card in spec.context.cards:
                    listed[card.url] = listed.get(card.url, 0) + 1
        assert listed == {entry.url: 1 for collection in COLLECTIONS for entry in data.latest.entries[collection]}
