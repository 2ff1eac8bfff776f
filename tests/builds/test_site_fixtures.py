"""Sites built from generated data: a second year (archive, published under a sub-path), and two larger
sizes (groups listed per city, nothing dropped, entry pages within budget, site size linear in entries)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from site_html import html_pages, json_ld, meta_content, read_page
from support import copy_project, run_mkdocs_build
from tekan.dataset.loader import load_site_data
from tekan.errors import DataErrors
from tekan.pages.contexts import ListingContext, PageKind
from tekan.pages.specs import site_pages
from tekan.settings import Settings

ENTRY_PAGE_BUDGET = 40 * 1024
# What any page, listings included, may weigh: a phone on a slow network downloads it whole.
PAGE_BUDGET = 100 * 1000
SUB_PATH_URL = "https://example.org/tekan/"
# The shipped mkdocs.yml keeps the defaults.
DEFAULTS = Settings()


def write_yaml(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def add_second_year(project: Path) -> None:
    year = project / "data" / "2022"
    write_yaml(
        year / "issue.yml",
        {
            "title": "奋进新征程",
            "organisation": "广东省总工会",
            "summary": "用于测试的往年特刊。",
            "sections": [{"id": "jianye", "title": "建功立业", "subtitle": "测试专题", "lead": "测试导语。"}],
        },
    )
    write_yaml(
        year / "stats.yml",
        {
            "figures": [
                {
                    "id": "ceshi",
                    "label": "测试数据",
                    "value": 12,
                    "unit": "项",
                    "section": "jianye",
                    "as_of": "2022",
                    "source": "测试来源",
                }
            ]
        },
    )
    write_yaml(
        year / "workers" / "wang-gang.yml",
        {"name": "王刚", "unit": "测试单位", "city": "珠海", "summary": "往年的测试条目。", "sample": True},
    )


@pytest.fixture(scope="module")
def two_years(tmp_path_factory, built_site) -> Path:
    project = copy_project(tmp_path_factory.mktemp("two-years"), caches_from=built_site.parent)
    add_second_year(project)
    result = run_mkdocs_build(project, project / "site", TEKAN_SITE_URL=SUB_PATH_URL)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def test_archive_lists_every_issue_newest_first(two_years):
    archive = read_page(two_years, "archive/")
    items = archive.find_all("li", cls="tk-archive__item")
    assert [item.find("span", cls="tk-archive__year").text.split()[0] for item in items] == ["2023", "2022"]
    assert "最新" in items[0].text and "最新" not in items[1].text
    assert [item.find("a").attrs["href"] for item in items] == ["../2023/", "../2022/"]
    assert items[1].find("strong", cls="tk-archive__title").text == "奋进新征程"


def test_the_root_stays_on_the_latest_issue_and_old_issues_keep_their_pages(two_years):
    assert read_page(two_years, "").find("h1").text == "干在实处 走在前列"
    assert read_page(two_years, "2022/").find("h1").text == "奋进新征程"
    entry = read_page(two_years, "2022/workers/wang-gang/")
    assert entry.find("h1").text.startswith("王刚")
    # Only the latest issue's sections are in the nav; older issues are reached from the archive.
    tabs = [a.text.strip() for a in read_page(two_years, "2022/").find("nav", cls="md-tabs").find_all("a")]
    assert tabs == ["首页", "2023 年度特刊", "往期特刊", "关于本站"]


def test_a_sub_path_site_url_reaches_canonical_open_graph_json_ld_and_sitemap(two_years):
    entry = read_page(two_years, "2022/workers/wang-gang/")
    assert entry.find("link", rel="canonical").attrs["href"] == SUB_PATH_URL + "2022/workers/wang-gang/"
    image = meta_content(entry, property="og:image")
    assert image.startswith(SUB_PATH_URL + "assets/share/") and (two_years / image.removeprefix(SUB_PATH_URL)).is_file()
    assert json_ld(entry)[0]["url"] == SUB_PATH_URL + "2022/workers/wang-gang/"
    sitemap = (two_years / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SUB_PATH_URL}2022/workers/wang-gang/</loc>" in sitemap


# Generated sizes ------------------------------------------------------------

BIG_KIND = "aixin-yizhan"
CITIES = ("guangzhou", "shenzhen", "foshan")


def add_generated_entries(project: Path, workers: int, sites: int) -> None:
    """`workers` people in their own files and `sites` love stations in one list file per city."""
    folder = project / "data" / "2023"
    for number in range(workers):
        write_yaml(
            folder / "workers" / f"gen-worker-{number:05d}.yml",
            {
                "name": f"测试人物{number}",
                "unit": f"测试单位{number % 40}",
                "post": "技术员",
                "city": CITIES[number % len(CITIES)] if number % 10 else None,
                "industry": ["制造业", "电力", "交通运输"][number % 3],
                "honours": [{"award": "广东省五一劳动奖章", "year": 2023}] if number % 2 else [],
                "summary": "由测试生成的人物条目，用于检查大数据量下的页面。" * 2,
                "story": "测试事迹正文。" * 80,
                "tags": ["测试"],
                "sample": True,
            },
        )
    for city_index, city in enumerate(CITIES):
        members = range(city_index, sites, len(CITIES))
        write_yaml(
            folder / "sites" / f"gen-yizhan-{city}.yml",
            {
                "kind": "工会爱心驿站",
                "city": city,
                "sample": True,
                "entries": [
                    {
                        "id": f"gen-yizhan-{n:05d}",
                        "name": f"测试驿站{n}",
                        "district": f"测试区{n % 7}",
                        "address": f"测试路 {n} 号",
                        "hours": "全天开放",
                        "services": ["饮水", "充电", "休息"],
                        "summary": "由测试生成的驿站条目。",
                    }
                    for n in members
                ],
            },
        )


def directory_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def generated_project(root: Path, workers: int, sites: int, caches_from: Path | None = None) -> Path:
    project = copy_project(root, caches_from=caches_from)
    add_generated_entries(project, workers, sites)
    return project


def placements(specs) -> dict[str, int]:
    """How many listing pages (collection listings and per-city pages of large groups) show each entry."""
    counts: dict[str, int] = {}
    for spec in specs:
        if spec.page_kind is PageKind.LISTING:
            for card in spec.context.cards:
                counts[card.url] = counts.get(card.url, 0) + 1
    return counts


def test_page_models_list_large_groups_per_city_and_drop_nothing(tmp_path):
    # Page models only (no build): workers and one kind of site both above the threshold.
    project = generated_project(
        tmp_path / "project", workers=DEFAULTS.per_city_threshold + 60, sites=DEFAULTS.per_city_threshold + 90
    )
    data = load_site_data(project / "data")
    specs = site_pages(data)
    counts = placements(specs)
    for entry in data.latest.all_entries():
        assert counts.get(entry.url) == 1, entry.url
    by_uri = {spec.src_uri: spec for spec in specs}
    workers = by_uri["2023/workers/index.md"].context
    # Entries without a city have no per-city page, so they stay on the listing.
    assert workers.cards and all(not card.city_id for card in workers.cards)
    assert [split.id for split in workers.splits] == ["workers"]
    split_total = sum(link.count for link in workers.splits[0].links)
    assert split_total == sum(1 for e in data.latest.entries["workers"] if e.city)
    group_page = by_uri["2023/cities/foshan/workers/index.md"]
    assert not group_page.in_nav and "city" not in {f.name for f in group_page.context.facets}
    assert (
        max(len(spec.context.cards) for spec in specs if isinstance(spec.context, ListingContext)) == DEFAULTS.page_size
    )


def test_a_kind_named_like_a_section_is_refused_with_a_clear_error(tmp_path):
    project = generated_project(
        tmp_path / "project", workers=DEFAULTS.per_city_threshold + 1, sites=DEFAULTS.per_city_threshold + 1
    )
    kinds = yaml.safe_load((project / "data/site_kinds.yml").read_text(encoding="utf-8"))
    kinds["kinds"][1]["id"] = "workers"
    write_yaml(project / "data/site_kinds.yml", kinds)
    with pytest.raises(DataErrors) as raised:
        site_pages(load_site_data(project / "data"))
    assert "阵地类型的 id 不能与 workers" in str(raised.value)


@pytest.fixture(scope="module")
def sized_sites(tmp_path_factory, built_site):
    """The shipped site and two generated sizes with the same mix: (data, site folder) for each."""
    results = [(load_site_data(Path(__file__).resolve().parents[2] / "data"), built_site)]
    # Each size starts with the thumbnails and share images of the one before (the larger size holds every entry
    # of the smaller, unchanged): a build draws only its new entries', as an editor's next build would.
    drawn = built_site.parent
    for workers, sites in ((40, 220), (80, 440)):
        project = generated_project(tmp_path_factory.mktemp(f"size-{workers + sites}"), workers, sites, drawn)
        result = run_mkdocs_build(project, project / "site")
        assert result.returncode == 0, result.stdout + result.stderr
        results.append((load_site_data(project / "data"), project / "site"))
        drawn = project
    return results


def site_relative(page_url: str, href: str) -> str:
    return urlsplit(urljoin("http://site/" + page_url, href)).path.lstrip("/")


def listed_targets(site: Path, url: str) -> list[str]:
    """Site-relative URLs of the entries whose cards a listing shows, on all its pages: followed through
    the pager's 下一页 link, as a reader (or a crawler) without JavaScript would."""
    targets, seen = [], set()
    while url and url not in seen:
        seen.add(url)
        document = read_page(site, url)
        targets += [site_relative(url, card.find("a").attrs["href"]) for card in document.find_all("li", cls="tk-card")]
        pager = document.find("nav", cls="tk-pager")
        following = pager.find("a", rel="next") if pager is not None else None
        url = site_relative(url, following.attrs["href"]) if following is not None else ""
    return targets


@pytest.mark.parametrize("size", [1, 2])
def test_built_sites_list_a_large_kind_per_city_and_drop_nothing(sized_sites, size):
    data, site = sized_sites[size]
    issue = data.latest
    kind_total = sum(1 for e in issue.entries["sites"] if e.site_kind.id == BIG_KIND)
    assert kind_total > DEFAULTS.per_city_threshold

    counts: dict[str, int] = {}
    group_pages = [f"2023/cities/{city}/{BIG_KIND}/" for city in CITIES]
    for url in ["2023/workers/", "2023/craftsmen/", "2023/sites/", *group_pages]:
        for target in listed_targets(site, url):
            counts[target] = counts.get(target, 0) + 1
    for entry in issue.all_entries():
        # On exactly one listing page, and with its own page.
        assert counts.get(entry.url) == 1, entry.url
        assert (site / entry.url / "index.html").is_file(), entry.url

    sites_listing = read_page(site, "2023/sites/")
    split = sites_listing.find("section", id=f"group-{BIG_KIND}")
    assert sum(int(c.text) for c in split.find_all("span", cls="tk-city-links__count")) == kind_total
    assert all(card.attrs["data-kind"] != BIG_KIND for card in sites_listing.find_all("li", cls="tk-card"))
    # The city page shows a preview of its share of the large kind and links to the rest, instead of
    # repeating hundreds of cards.
    city = read_page(site, "2023/cities/guangzhou/")
    assert any(a.attrs["href"] == f"{BIG_KIND}/" for a in city.find_all("a"))
    previewed = [c for c in city.find_all("li", cls="tk-card") if c.attrs.get("data-kind") == BIG_KIND]
    assert 0 < len(previewed) <= DEFAULTS.city_preview


def test_every_page_stays_small_and_the_site_grows_linearly(sized_sites):
    measured = []
    for data, site in sized_sites:
        entries = sum(len(list(issue.all_entries())) for issue in data.issues)
        pages = html_pages(site)
        entry_pages = [site / e.url / "index.html" for issue in data.issues for e in issue.all_entries()]
        largest_entry = max(path.stat().st_size for path in entry_pages)
        largest_page = max(path.stat().st_size for path in pages)
        measured.append((entries, len(pages), directory_size(site), largest_entry, largest_page))
        assert largest_entry <= ENTRY_PAGE_BUDGET
        assert largest_page <= PAGE_BUDGET, max(pages, key=lambda path: path.stat().st_size)
    for entries, pages, size, largest_entry, largest_page in measured:
        print(
            f"\n{entries} entries: {pages} pages, site {size / 1e6:.2f} MB, largest entry page {largest_entry} B,"
            f" largest page {largest_page} B"
        )
    (n0, _, s0, _, _), (n1, _, s1, _, _), (n2, _, s2, _, _) = measured
    per_entry_first, per_entry_second = (s1 - s0) / (n1 - n0), (s2 - s1) / (n2 - n1)
    print(f"bytes per added entry: {per_entry_first:.0f} then {per_entry_second:.0f}")
    # Quadratic growth (every page carrying every entry) would make the second step cost far more per entry.
    assert per_entry_second <= per_entry_first * 1.15
    # Listing the large kind per city keeps the sites listing from growing with it.
    listing_sizes = [(site / "2023/sites/index.html").stat().st_size for _, site in sized_sites[1:]]
    assert listing_sizes[1] <= listing_sizes[0] * 1.1
