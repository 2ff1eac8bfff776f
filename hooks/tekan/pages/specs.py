"""The site's generated pages as plain page models, independent of MkDocs.

Each `PageSpec` names the source path the page pretends to have, the template
that formats it, its title and description (raw text), whether it belongs in
the navigation, and the ready-made objects its template receives.

Scale: entry and city pages stay out of the navigation (every page carries the
whole nav). A listing group (the workers, the craftsmen, or one kind of site)
with more than `PER_CITY_THRESHOLD` entries is listed per city rather than on
its collection's listing. Every list of cards (a collection's listing, one
city's share of a large group, one city's share of a collection) is then split
into numbered pages of at most `paging.PAGE_SIZE` cards, and a city page shows
a few cards per collection and links to the rest: no page grows with the
number of entries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tekan.dataset.loader import COLLECTIONS, Issue, SiteData
from tekan.dataset.photos import PhotoSet, Thumbnail
from tekan.errors import DataError, DataErrors
from tekan.pages.charts import build_charts
from tekan.pages.paging import PAGE_SIZE, paginate
from tekan.pages.tilemap import build_tile_map
from tekan.pages.views import (
    EntryCard,
    RelatedIndex,
    collection_title,
    entry_card,
    entry_detail,
    facet_views,
    figure_view,
)

# A group with more entries than this is listed per city, so that a reader finds their city's share
# in one step; each list is then split into pages of at most paging.PAGE_SIZE cards.
PER_CITY_THRESHOLD = 200
# A city page shows this many cards per collection and links to the rest.
CITY_PREVIEW = 12
# The issue home shows a few entries and figures per section and links to the rest.
FEATURED_PER_SECTION = 6
FIGURES_PER_SECTION = 4
# Pages that are themselves overviews use the full width: their sidebar would repeat their own links.
WIDE = ("navigation", "toc")
# Within an issue, hand-written pages (its articles, ranked 50 by default) come before 数说 and the listings.
SECTION_RANK = 60


@dataclass
class PageSpec:
    src_uri: str
    template: str
    title: str
    description: str
    in_nav: bool
    context: dict[str, Any] = field(default_factory=dict)
    kind: str = ""
    nav_title: str = ""
    nav_rank: int = 50
    canonical_uri: str = ""
    image: Thumbnail | None = None
    # Material's `hide`: the toc is always empty (the pages come from templates, not Markdown headings).
    hide: tuple[str, ...] = ("toc",)
    seo: Any = None

    def __post_init__(self):
        self.nav_title = self.nav_title or self.title
        if not self.in_nav:
            # Material's sidebar shows the current page's nav section; a page outside the nav would get an empty column.
            self.hide = WIDE

    @property
    def url(self) -> str:
        """Site-relative URL with directory URLs: 2023/workers/index.md -> 2023/workers/."""
        return self.src_uri.removesuffix("index.md")


@dataclass
class IssueSummary:
    year: int
    title: str
    subtitle: str
    summary: str
    organisation: str
    publication: str
    date: str
    url: str
    counts: dict[str, int]
    figure_count: int
    latest: bool = False


@dataclass
class Crumb:
    title: str
    url: str


@dataclass
class GroupSplit:
    """A group whose entries are listed on pages of their own: its count, why, and the links to them."""

    id: str
    title: str
    count: int
    note: str
    links: list[dict[str, Any]]


def _summary(issue: Issue, latest: bool = False) -> IssueSummary:
    info = issue.info
    return IssueSummary(
        issue.year,
        info.title,
        info.subtitle or "",
        info.summary,
        info.organisation,
        info.publication or "",
        info.date or "",
        f"{issue.year}/",
        {c: len(e) for c, e in issue.entries.items()},
        len(issue.figures),
        latest,
    )


class _IssueBuilder:
    """Builds every page of one annual issue from its entries, figures and the shared reference data."""

    def __init__(
        self,
        site: SiteData,
        issue: Issue,
        photos: dict[tuple[int, str], PhotoSet],
        in_nav: bool,
        content_dir: Path | None = None,
        page_size: int = PAGE_SIZE,
    ):
        self.site, self.issue, self.year, self.in_nav = site, issue, issue.year, in_nav
        self.content_dir = content_dir
        self.page_size = page_size
        self.label = f"{self.year} 年度特刊"
        self.cards: dict[str, EntryCard] = {
            entry.id: entry_card(entry, photos.get((entry.year, entry.id))) for entry in issue.all_entries()
        }
        self.figures = [figure_view(figure) for figure in issue.figures]
        self.order = {
            "city": {c.id: i for i, c in enumerate(site.cities)},
            "award": {a.id: i for i, a in enumerate(site.awards)},
            "kind": {k.id: i for i, k in enumerate(site.site_kinds)},
        }
        self.kind_names = {k.id: k.name for k in site.site_kinds}
        self.city_names = {c.id: c for c in site.cities}
        self.split_groups = self._split_groups()
        self.base = {
            "issue": _summary(issue, issue is site.latest),
            "listings": self._listings(),
            "year": self.year,
            "city_total": len(site.cities),
        }

    # Shared pieces -------------------------------------------------------

    def _split_groups(self) -> set[str]:
        sizes: dict[str, int] = {}
        for card in self.cards.values():
            sizes[card.group] = sizes.get(card.group, 0) + 1
        return {group for group, size in sizes.items() if size > PER_CITY_THRESHOLD}

    def group_title(self, group: str) -> str:
        return collection_title(group) if group in COLLECTIONS else self.kind_names.get(group, group)

    def _listings(self) -> list[dict[str, Any]]:
        return [
            {
                "collection": c,
                "title": collection_title(c),
                "url": f"{self.year}/{c}/",
                "count": len(self.issue.entries[c]),
            }
            for c in COLLECTIONS
        ]

    def crumbs(self, *extra: tuple[str, str]) -> list[Crumb]:
        return [Crumb(self.label, f"{self.year}/"), *(Crumb(t, u) for t, u in extra)]

    def city_url(self, city_id: str, group: str = "") -> str:
        return f"{self.year}/cities/{city_id}/" + (f"{group}/" if group else "")

    def by_city(self, cards: list[EntryCard]) -> dict[str, list[EntryCard]]:
        groups: dict[str, list[EntryCard]] = {city.id: [] for city in self.site.cities}
        for card in cards:
            if card.city_id:
                groups[card.city_id].append(card)
        return groups

    def city_links(self, cards: list[EntryCard], group: str = "", anchor: str = "") -> list[dict[str, Any]]:
        """Per-city links with counts: the way through a listing without JavaScript."""
        grouped = self.by_city(cards)
        return [
            {
                "id": city.id,
                "name": city.short,
                "count": len(grouped[city.id]),
                "url": self.city_url(city.id, group) + (f"#{anchor}" if anchor and not group else ""),
            }
            for city in self.site.cities
            if grouped[city.id]
        ]

    # Pages -----------------------------------------------------------------

    def pages(self) -> list[PageSpec]:
        pages = [self.home(), self.stats()]
        index = RelatedIndex(self.issue.all_entries())
        for collection in COLLECTIONS:
            pages.extend(self.listing(collection))
            pages.extend(self.entry_page(entry, index) for entry in self.issue.entries[collection])
        pages.append(self.cities())
        pages.extend(self.city_pages())
        return pages

    def home(self) -> PageSpec:
        sections = []
        for section in self.issue.info.sections:
            figures = [f for f in self.figures if f.section_id == section.id and not f.headline]
            entries = [self.cards[e.id] for e in self.issue.all_entries() if e.section and e.section.id == section.id]
            sections.append(
                {
                    "id": section.id,
                    "title": section.title,
                    "subtitle": section.subtitle,
                    "lead": section.lead,
                    "figures": figures[:FIGURES_PER_SECTION],
                    "more_figures": max(0, len(figures) - FIGURES_PER_SECTION),
                    "entries": entries[:FEATURED_PER_SECTION],
                    "more_entries": max(0, len(entries) - FEATURED_PER_SECTION),
                    # The section's article, if an editor wrote content/<year>/<section-id>.md.
                    "article_url": f"{self.year}/{section.id}/"
                    if self.content_dir and (self.content_dir / str(self.year) / f"{section.id}.md").is_file()
                    else "",
                }
            )
        context = {
            **self.base,
            "sections": sections,
            "headlines": [f for f in self.figures if f.headline],
            "city_count": sum(1 for c in self.cards.values() if c.city_id),
        }
        return PageSpec(
            f"{self.year}/index.md",
            "tekan/issue.html",
            f"{self.issue.info.title} · {self.label}",
            self.issue.info.summary,
            self.in_nav,
            context,
            kind="issue",
            nav_title=self.label,
            nav_rank=10,
            hide=WIDE,
        )

    def stats(self) -> PageSpec:
        charts = build_charts(self.figures)
        sections = [
            {
                "id": section.id,
                "title": section.title,
                "subtitle": section.subtitle,
                "figures": [f for f in self.figures if f.section_id == section.id],
                "charts": [c for c in charts if c.section_id == section.id],
            }
            for section in self.issue.info.sections
        ]
        sources = sorted({f.source for f in self.figures})
        description = (
            f"{self.issue.info.organisation}{self.year} 年度特刊中的全部 {len(self.figures)} 项数据，"
            f"按专题分组，附图表和数据表。"
        )
        return PageSpec(
            f"{self.year}/stats/index.md",
            "tekan/stats.html",
            f"数说 · {self.label}",
            description,
            self.in_nav,
            {**self.base, "sections": sections, "sources": sources, "crumbs": self.crumbs()},
            kind="stats",
            nav_title="数说",
            nav_rank=SECTION_RANK,
        )

    def paged_listing(
        self,
        base_url: str,
        cards: list[EntryCard],
        context: dict[str, Any],
        *,
        title: str,
        description: str,
        nav_title: str,
        in_nav: bool = False,
        nav_rank: int = 50,
        kind: str = "listing",
    ) -> list[PageSpec]:
        """A list of cards on numbered pages (one page if it is short), each page with its pager.

        `context` is shared by all pages: its filters count the whole list, which the
        filter script loads when a reader filters (assets/javascripts/tekan-filters.js).
        """
        specs = []
        for page_cards, pager in paginate(base_url, cards, self.page_size):
            number = f" · 第 {pager.number} 页" if pager.number > 1 else ""
            page_description = description + (
                f"本页为第 {pager.number} 页，列出第 {pager.first}–{pager.last} 条。" if pager.number > 1 else ""
            )
            specs.append(
                PageSpec(
                    f"{pager.url}index.md",
                    "tekan/listing.html",
                    f"{title}{number} · {self.label}",
                    page_description,
                    # Later pages are continuations: the nav and the search index name the list once.
                    in_nav and pager.number == 1,
                    {**context, "cards": page_cards, "pager": pager},
                    kind=kind,
                    nav_title=nav_title + (f" 第 {pager.number} 页" if pager.number > 1 else ""),
                    nav_rank=nav_rank,
                )
            )
        return specs

    def listing(self, collection: str) -> list[PageSpec]:
        entries = self.issue.entries[collection]
        all_cards = [self.cards[e.id] for e in entries]
        # Entries without a city have no per-city page: they stay on the listing whatever their group.
        listed = [c for c in all_cards if c.group not in self.split_groups or not c.city_id]
        splits = []
        for group in sorted({c.group for c in all_cards if c.group in self.split_groups}):
            members = [c for c in all_cards if c.group == group]
            splits.append(
                GroupSplit(
                    group,
                    self.group_title(group),
                    len(members),
                    "数量较多，按城市分页列出：",
                    self.city_links(members, group=group),
                )
            )
        title = collection_title(collection)
        context = {
            **self.base,
            "collection": collection,
            "collection_title": title,
            "total": len(all_cards),
            "samples": sum(1 for c in all_cards if c.sample),
            "facets": facet_views(collection, listed, self.order),
            "splits": splits,
            "by_city": self.city_links(listed, anchor=collection),
            "crumbs": self.crumbs(),
        }
        rank = SECTION_RANK + 1 + COLLECTIONS.index(collection)
        return self.paged_listing(
            f"{self.year}/{collection}/",
            listed,
            context,
            title=title,
            description=f"{self.label}收录的{title}，共 {len(all_cards)} 条，可按城市等条件筛选。",
            nav_title=title,
            in_nav=self.in_nav,
            nav_rank=rank,
        )

    def entry_page(self, entry, index: RelatedIndex) -> PageSpec:
        detail = entry_detail(entry, self.issue, self.cards, index=index)
        title = collection_title(entry.collection)
        context = {
            **self.base,
            "entry": detail,
            "collection_title": title,
            "crumbs": self.crumbs((title, f"{self.year}/{entry.collection}/")),
        }
        photo = detail.card.photo
        return PageSpec(
            f"{entry.url}index.md",
            "tekan/entry.html",
            f"{entry.name} · {title} · {self.label}",
            entry.data.summary,
            False,
            context,
            kind="entry",
            nav_title=entry.name,
            image=photo.share if photo else None,
        )

    def cities(self) -> PageSpec:
        counts = {city_id: len(cards) for city_id, cards in self.by_city(list(self.cards.values())).items()}
        tile_map = build_tile_map(self.site.cities, counts, lambda city_id: self.city_url(city_id))
        return PageSpec(
            f"{self.year}/cities/index.md",
            "tekan/cities.html",
            f"按城市浏览 · {self.label}",
            f"广东省 {len(self.site.cities)} 个地级市的劳动模范、南粤工匠和职工服务阵地，按城市查看。",
            self.in_nav,
            {**self.base, "map": tile_map, "crumbs": self.crumbs()},
            kind="cities",
            nav_title="按城市浏览",
            nav_rank=SECTION_RANK + 4,
        )

    def city_pages(self) -> list[PageSpec]:
        pages = []
        grouped = self.by_city(list(self.cards.values()))
        for city in self.site.cities:
            cards = grouped[city.id]
            groups = []
            for collection in COLLECTIONS:
                members = [c for c in cards if c.collection == collection]
                listed = [c for c in members if c.group not in self.split_groups]
                splits = []
                for group in sorted({c.group for c in members if c.group in self.split_groups}):
                    in_group = [c for c in members if c.group == group]
                    splits.append(
                        {
                            "id": group,
                            "title": self.group_title(group),
                            "count": len(in_group),
                            "url": self.city_url(city.id, group),
                        }
                    )
                    pages.extend(self.city_group_pages(city, group, in_group))
                more = None
                if len(listed) > CITY_PREVIEW:
                    # The rest of this collection in this city gets a listing of its own, like a large group.
                    more = {"count": len(listed), "url": self.city_url(city.id, collection)}
                    pages.extend(self.city_collection_pages(city, collection, listed, splits))
                groups.append(
                    {
                        "collection": collection,
                        "title": collection_title(collection),
                        "count": len(members),
                        "cards": listed[:CITY_PREVIEW],
                        "more": more,
                        "splits": splits,
                    }
                )
            pages.append(
                PageSpec(
                    f"{self.year}/cities/{city.id}/index.md",
                    "tekan/city.html",
                    f"{city.name} · {self.label}",
                    f"{self.label}中{city.name}的劳动模范、南粤工匠和职工服务阵地，共 {len(cards)} 条。",
                    False,
                    {
                        **self.base,
                        "city": {"id": city.id, "name": city.name, "short": city.short},
                        "total": len(cards),
                        "groups": groups,
                        "crumbs": self.crumbs(("按城市浏览", f"{self.year}/cities/")),
                    },
                    kind="city",
                    nav_title=city.name,
                )
            )
        return pages

    def city_group_pages(self, city, group: str, cards: list[EntryCard]) -> list[PageSpec]:
        """One city's share of a group too large for one listing, with the same filters as a listing."""
        collection = cards[0].collection
        title = self.group_title(group)
        context = {
            **self.base,
            "collection": collection,
            "collection_title": f"{city.name} · {title}",
            "total": len(cards),
            "samples": sum(1 for c in cards if c.sample),
            "facets": facet_views(collection, cards, self.order, skip=("city",)),
            "splits": [],
            "by_city": [],
            "crumbs": self.crumbs(("按城市浏览", f"{self.year}/cities/"), (city.name, self.city_url(city.id))),
        }
        return self.paged_listing(
            self.city_url(city.id, group),
            cards,
            context,
            title=f"{city.name} · {title}",
            description=f"{self.label}收录的{city.name}{title}，共 {len(cards)} 个。",
            nav_title=f"{city.short}{title}",
        )

    def city_collection_pages(
        self, city, collection: str, cards: list[EntryCard], splits: list[dict[str, Any]]
    ) -> list[PageSpec]:
        """One city's share of a collection, when it is more than its city page shows.

        Large groups (`splits`) keep their own per-city pages and are linked, not repeated.
        An entry listed here is also on its collection's listing: kind "city-listing", not "listing".
        """
        title = collection_title(collection)
        context = {
            **self.base,
            "collection": collection,
            "collection_title": f"{city.name} · {title}",
            "total": len(cards) + sum(split["count"] for split in splits),
            "samples": sum(1 for c in cards if c.sample),
            "facets": facet_views(collection, cards, self.order, skip=("city",)),
            "by_city": [],
            "splits": [
                GroupSplit(
                    split["id"],
                    split["title"],
                    split["count"],
                    "数量较多，另有单独的页面：",
                    [{"name": city.short, "count": split["count"], "url": split["url"]}],
                )
                for split in splits
            ],
            "crumbs": self.crumbs(("按城市浏览", f"{self.year}/cities/"), (city.name, self.city_url(city.id))),
        }
        return self.paged_listing(
            self.city_url(city.id, collection),
            cards,
            context,
            title=f"{city.name} · {title}",
            description=f"{self.label}收录的{city.name}{title}，共 {context['total']} 条。",
            nav_title=f"{city.short}{title}",
            kind="city-listing",
        )


def issue_pages(
    site: SiteData,
    issue: Issue,
    photos: dict[tuple[int, str], PhotoSet] | None = None,
    in_nav: bool = True,
    content_dir: Path | None = None,
    page_size: int = PAGE_SIZE,
) -> list[PageSpec]:
    """Every generated page of one annual issue."""
    return _IssueBuilder(site, issue, photos or {}, in_nav, content_dir, page_size).pages()


def site_pages(
    site: SiteData,
    photos: dict[tuple[int, str], PhotoSet] | None = None,
    content_dir: Path | None = None,
    page_size: int = PAGE_SIZE,
) -> list[PageSpec]:
    """The whole generated site: the latest issue at the root, an archive, and every issue.

    Only the latest issue's sections are in the navigation; earlier issues are reached from the archive.
    """
    latest = site.latest
    pages = []
    for issue in reversed(site.issues):
        pages.extend(
            issue_pages(site, issue, photos, in_nav=issue is latest, content_dir=content_dir, page_size=page_size)
        )
    latest_home = next(p for p in pages if p.src_uri == f"{latest.year}/index.md")
    pages.insert(
        0,
        PageSpec(
            "index.md",
            latest_home.template,
            latest_home.title,
            latest.info.summary,
            True,
            {**latest_home.context, "is_root": True},
            kind="home",
            nav_title="首页",
            nav_rank=0,
            canonical_uri=latest_home.url,
            hide=WIDE,
        ),
    )
    pages.insert(
        1,
        PageSpec(
            "archive/index.md",
            "tekan/archive.html",
            "往期特刊",
            f"全部 {len(site.issues)} 期年度特刊。",
            True,
            {"issues": [_summary(issue, issue is latest) for issue in reversed(site.issues)]},
            kind="archive",
            nav_rank=20,
            hide=WIDE,
        ),
    )
    _refuse_duplicate_urls(pages)
    return pages


def _refuse_duplicate_urls(pages: list[PageSpec]) -> None:
    seen: dict[str, PageSpec] = {}
    errors = []
    for spec in pages:
        if spec.src_uri in seen:
            errors.append(
                DataError(
                    "data/site_kinds.yml",
                    message=(
                        f"网址 /{spec.url} 被「{seen[spec.src_uri].nav_title}」和「{spec.nav_title}」同时使用；"
                        "阵地类型的 id 不能与 workers、craftsmen、sites 等栏目同名，请改用另一个 id。"
                    ),
                )
            )
        seen[spec.src_uri] = spec
    if errors:
        raise DataErrors(errors)
