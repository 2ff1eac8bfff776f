"""The site's generated pages as plain page models, independent of MkDocs.

Each `PageSpec` names the source path the page pretends to have, its kind (which
picks the template that formats it), its title and description (raw text),
whether it belongs in the navigation, and its typed context: the ready-made
objects its template receives (tekan/pages/contexts.py).

Scale: entry and city pages stay out of the navigation (every page carries the
whole nav). A listing group (the workers, the craftsmen, or one kind of site)
with more than the `per_city_threshold` setting's entries is listed per city
rather than on its collection's listing. Every list of cards (a collection's
listing, one city's share of a large group, one city's share of a collection)
is then split into numbered pages of at most `page_size` cards, and a city page
shows a few cards per collection (`city_preview`) and links to the rest: no
page grows with the number of entries. The settings are in tekan/settings.py.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from tekan.dataset.loader import Issue, SiteData
from tekan.dataset.photos import PhotoSet, Thumbnail
from tekan.dataset.schemas import City
from tekan.dataset.vocabulary import COLLECTIONS
from tekan.errors import DataError, DataErrors
from tekan.pages.charts import build_charts
from tekan.pages.contexts import (
    ArchiveContext,
    CitiesContext,
    CityContext,
    CityGroup,
    CityLink,
    CitySplit,
    CollectionLink,
    Crumb,
    EntryContext,
    GroupSplit,
    HomeSection,
    IssueHomeContext,
    IssueSummary,
    ListingContext,
    MoreLink,
    PageContext,
    PageKind,
    StatsContext,
    StatsSection,
)
from tekan.pages.paging import Pager, paginate
from tekan.pages.seo import SeoMeta
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
from tekan.settings import Settings

# Names of two of the issue's pages in the nav; search synonyms name pages by them.
STATS_NAV_TITLE = "数说"
CITIES_NAV_TITLE = "按城市浏览"
# The issue home shows a few entries and figures per section and links to the rest.
FEATURED_PER_SECTION = 6
FIGURES_PER_SECTION = 4
# Pages that are themselves overviews use the full width: their sidebar would repeat their own links.
WIDE = ("navigation", "toc")
# Within an issue, hand-written pages (its articles, ranked 50 by default) come before 数说 and the listings.
SECTION_RANK = 60


@dataclass(kw_only=True)
class PageSpec:
    src_uri: str
    page_kind: PageKind
    title: str
    description: str
    in_nav: bool
    context: PageContext
    nav_title: str = ""
    nav_rank: int = 50
    canonical_uri: str = ""
    image: Thumbnail | None = None
    # Material's `hide`: the toc is always empty (the pages come from templates, not Markdown headings).
    hide: tuple[str, ...] = ("toc",)
    seo: SeoMeta | None = None
    # Readers' words that find this page (data/search_synonyms.yml): 统计 and 数据 for 数说.
    search_synonyms: tuple[str, ...] = ()

    def __post_init__(self):
        self.nav_title = self.nav_title or self.title
        if not self.in_nav:
            # Material's sidebar shows the current page's nav section; a page outside the nav would get an empty column.
            self.hide = WIDE

    @property
    def template(self) -> str:
        return self.page_kind.template

    @property
    def url(self) -> str:
        """Site-relative URL with directory URLs: 2023/workers/index.md -> 2023/workers/."""
        return self.src_uri.removesuffix("index.md")

    @property
    def pager(self) -> Pager | None:
        """The page's place in its list, if it is one page of a listing."""
        return self.context.pager if isinstance(self.context, ListingContext) else None


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
        content_dir: Path | None,
        settings: Settings,
    ):
        self.site, self.issue, self.year, self.in_nav = site, issue, issue.year, in_nav
        self.content_dir = content_dir
        self.settings = settings
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
        self.site_kind_names = {k.id: k.name for k in site.site_kinds}
        self.split_groups = self._split_groups()
        self.summary = _summary(issue, issue is site.latest)

    # Shared pieces -------------------------------------------------------

    def _split_groups(self) -> set[str]:
        sizes: dict[str, int] = {}
        for card in self.cards.values():
            sizes[card.group] = sizes.get(card.group, 0) + 1
        return {group for group, size in sizes.items() if size > self.settings.per_city_threshold}

    def group_title(self, group: str) -> str:
        return collection_title(group) if group in COLLECTIONS else self.site_kind_names.get(group, group)

    def crumbs(self, *extra: tuple[str, str]) -> list[Crumb]:
        return [Crumb(self.label, f"{self.year}/"), *(Crumb(t, u) for t, u in extra)]

    def city_crumbs(self, city: City) -> list[Crumb]:
        return self.crumbs(("按城市浏览", f"{self.year}/cities/"), (city.name, self.city_url(city.id)))

    def city_url(self, city_id: str, group: str = "") -> str:
        return f"{self.year}/cities/{city_id}/" + (f"{group}/" if group else "")

    def by_city(self, cards: list[EntryCard]) -> dict[str, list[EntryCard]]:
        groups: dict[str, list[EntryCard]] = {city.id: [] for city in self.site.cities}
        for card in cards:
            if card.city_id:
                groups[card.city_id].append(card)
        return groups

    def city_links(self, cards: list[EntryCard], group: str = "", anchor: str = "") -> list[CityLink]:
        """Per-city links with counts: the way through a listing without JavaScript."""
        grouped = self.by_city(cards)
        return [
            CityLink(
                id=city.id,
                name=city.short,
                count=len(grouped[city.id]),
                url=self.city_url(city.id, group) + (f"#{anchor}" if anchor and not group else ""),
            )
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
            has_article = self.content_dir and (self.content_dir / str(self.year) / f"{section.id}.md").is_file()
            sections.append(
                HomeSection(
                    id=section.id,
                    title=section.title,
                    subtitle=section.subtitle,
                    lead=section.lead,
                    figures=figures[:FIGURES_PER_SECTION],
                    more_figures=max(0, len(figures) - FIGURES_PER_SECTION),
                    entries=entries[:FEATURED_PER_SECTION],
                    more_entries=max(0, len(entries) - FEATURED_PER_SECTION),
                    article_url=f"{self.year}/{section.id}/" if has_article else "",
                )
            )
        listings = [
            CollectionLink(c, collection_title(c), f"{self.year}/{c}/", len(self.issue.entries[c])) for c in COLLECTIONS
        ]
        context = IssueHomeContext(
            issue=self.summary,
            listings=listings,
            city_total=len(self.site.cities),
            sections=sections,
            headlines=[f for f in self.figures if f.headline],
            city_count=sum(1 for c in self.cards.values() if c.city_id),
        )
        return PageSpec(
            src_uri=f"{self.year}/index.md",
            page_kind=PageKind.ISSUE,
            title=f"{self.issue.info.title} · {self.label}",
            description=self.issue.info.summary,
            in_nav=self.in_nav,
            context=context,
            nav_title=self.label,
            nav_rank=10,
            hide=WIDE,
        )

    def stats(self) -> PageSpec:
        charts = build_charts(self.figures)
        sections = [
            StatsSection(
                id=section.id,
                title=section.title,
                subtitle=section.subtitle,
                figures=[f for f in self.figures if f.section_id == section.id],
                charts=[c for c in charts if c.section_id == section.id],
            )
            for section in self.issue.info.sections
        ]
        sources = sorted({f.source for f in self.figures})
        description = (
            f"{self.issue.info.organisation} {self.year} 年度特刊中的全部 {len(self.figures)} 项数据，"
            f"按专题分组，附图表和数据表。"
        )
        return PageSpec(
            src_uri=f"{self.year}/stats/index.md",
            page_kind=PageKind.STATS,
            title=f"数说 · {self.label}",
            description=description,
            in_nav=self.in_nav,
            context=StatsContext(issue=self.summary, sections=sections, sources=sources, crumbs=self.crumbs()),
            nav_title=STATS_NAV_TITLE,
            nav_rank=SECTION_RANK,
        )

    def listing_pages(
        self,
        base_url: str,
        cards: list[EntryCard],
        *,
        collection: str,
        title: str,
        total: int,
        samples: int,
        crumbs: list[Crumb],
        splits: list[GroupSplit],
        by_city: list[CityLink],
        skip_facets: tuple[str, ...] = (),
        description: str,
        nav_title: str,
        in_nav: bool = False,
        nav_rank: int = 50,
        page_kind: PageKind = PageKind.LISTING,
    ) -> list[PageSpec]:
        """Every listing (a collection's, or one city's share of a group or of a collection): a list of cards
        on numbered pages (one page if it is short), each page with its pager.

        All pages share everything but their cards and pager: the filters count the whole list, which the
        filter script loads when a reader filters (assets/javascripts/tekan-filters.js).
        """
        facets = facet_views(collection, cards, self.order, skip=skip_facets)
        specs = []
        for page_cards, pager in paginate(base_url, cards, self.settings.page_size):
            number = f" · 第 {pager.number} 页" if pager.number > 1 else ""
            page_description = description + (
                f"本页为第 {pager.number} 页，列出第 {pager.first}–{pager.last} 条。" if pager.number > 1 else ""
            )
            context = ListingContext(
                issue=self.summary,
                collection=collection,
                collection_title=title,
                total=total,
                samples=samples,
                facets=facets,
                splits=splits,
                by_city=by_city,
                crumbs=crumbs,
                cards=page_cards,
                pager=pager,
            )
            specs.append(
                PageSpec(
                    src_uri=f"{pager.url}index.md",
                    page_kind=page_kind,
                    title=f"{title}{number} · {self.label}",
                    description=page_description,
                    # Later pages are continuations: the nav and the search index name the list once.
                    in_nav=in_nav and pager.number == 1,
                    context=context,
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
        return self.listing_pages(
            f"{self.year}/{collection}/",
            listed,
            collection=collection,
            title=title,
            total=len(all_cards),
            samples=sum(1 for c in all_cards if c.sample),
            crumbs=self.crumbs(),
            splits=splits,
            by_city=self.city_links(listed, anchor=collection),
            description=f"{self.label}收录的{title}，共 {len(all_cards)} 条，可按城市等条件筛选。",
            nav_title=title,
            in_nav=self.in_nav,
            nav_rank=SECTION_RANK + 1 + COLLECTIONS.index(collection),
        )

    def entry_page(self, entry, index: RelatedIndex) -> PageSpec:
        detail = entry_detail(entry, self.issue, self.cards, index=index)
        title = collection_title(entry.collection)
        context = EntryContext(
            issue=self.summary,
            entry=detail,
            collection_title=title,
            crumbs=self.crumbs((title, f"{self.year}/{entry.collection}/")),
        )
        photo = detail.card.photo
        return PageSpec(
            src_uri=f"{entry.url}index.md",
            page_kind=PageKind.ENTRY,
            title=f"{entry.name} · {title} · {self.label}",
            description=entry.data.summary,
            in_nav=False,
            context=context,
            nav_title=entry.name,
            image=photo.largest if photo else None,
        )

    def cities(self) -> PageSpec:
        counts = {city_id: len(cards) for city_id, cards in self.by_city(list(self.cards.values())).items()}
        tile_map = build_tile_map(self.site.cities, counts, lambda city_id: self.city_url(city_id))
        return PageSpec(
            src_uri=f"{self.year}/cities/index.md",
            page_kind=PageKind.CITIES,
            title=f"按城市浏览 · {self.label}",
            description=f"广东省 {len(self.site.cities)} 个地级市的劳动模范、南粤工匠和职工服务阵地，按城市查看。",
            in_nav=self.in_nav,
            context=CitiesContext(issue=self.summary, map=tile_map, crumbs=self.crumbs()),
            nav_title=CITIES_NAV_TITLE,
            nav_rank=SECTION_RANK + 4,
        )

    def city_pages(self) -> list[PageSpec]:
        pages = []
        preview = self.settings.city_preview
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
                        CitySplit(group, self.group_title(group), len(in_group), self.city_url(city.id, group))
                    )
                    pages.extend(self.city_group_pages(city, group, in_group))
                more = None
                if len(listed) > preview:
                    # The rest of this collection in this city gets a listing of its own, like a large group.
                    more = MoreLink(len(listed), self.city_url(city.id, collection))
                    pages.extend(self.city_collection_pages(city, collection, listed, splits))
                groups.append(
                    CityGroup(
                        collection=collection,
                        title=collection_title(collection),
                        count=len(members),
                        # A preview of the whole collection here, large groups included: at a province's
                        # scale every group is split, and the city page showed no card at all.
                        cards=members[:preview],
                        more=more,
                        splits=splits,
                    )
                )
            context = CityContext(
                issue=self.summary,
                city=city,
                total=len(cards),
                groups=groups,
                crumbs=self.crumbs(("按城市浏览", f"{self.year}/cities/")),
            )
            pages.append(
                PageSpec(
                    src_uri=f"{self.year}/cities/{city.id}/index.md",
                    page_kind=PageKind.CITY,
                    title=f"{city.name} · {self.label}",
                    description=f"{self.label}中{city.name}的劳动模范、南粤工匠和职工服务阵地，共 {len(cards)} 条。",
                    in_nav=False,
                    context=context,
                    nav_title=city.name,
                )
            )
        return pages

    def city_group_pages(self, city: City, group: str, cards: list[EntryCard]) -> list[PageSpec]:
        """One city's share of a group too large for one listing, with the same filters as a listing."""
        title = self.group_title(group)
        return self.listing_pages(
            self.city_url(city.id, group),
            cards,
            collection=cards[0].collection,
            title=f"{city.name} · {title}",
            total=len(cards),
            samples=sum(1 for c in cards if c.sample),
            crumbs=self.city_crumbs(city),
            splits=[],
            by_city=[],
            skip_facets=("city",),
            description=f"{self.label}收录的{city.name}{title}，共 {len(cards)} 条。",
            nav_title=f"{city.short}{title}",
        )

    def city_collection_pages(
        self, city: City, collection: str, cards: list[EntryCard], splits: list[CitySplit]
    ) -> list[PageSpec]:
        """One city's share of a collection, when it is more than its city page shows.

        Large groups (`splits`) keep their own per-city pages and are linked, not repeated.
        An entry listed here is also on its collection's listing: kind CITY_LISTING, not LISTING.
        """
        title = collection_title(collection)
        total = len(cards) + sum(split.count for split in splits)
        return self.listing_pages(
            self.city_url(city.id, collection),
            cards,
            collection=collection,
            title=f"{city.name} · {title}",
            total=total,
            samples=sum(1 for c in cards if c.sample),
            crumbs=self.city_crumbs(city),
            splits=[
                GroupSplit(
                    split.id,
                    split.title,
                    split.count,
                    "数量较多，另有单独的页面：",
                    [CityLink(city.short, split.count, split.url)],
                )
                for split in splits
            ],
            by_city=[],
            skip_facets=("city",),
            description=f"{self.label}收录的{city.name}{title}，共 {total} 条。",
            nav_title=f"{city.short}{title}",
            page_kind=PageKind.CITY_LISTING,
        )


def issue_pages(
    site: SiteData,
    issue: Issue,
    photos: dict[tuple[int, str], PhotoSet] | None = None,
    in_nav: bool = True,
    content_dir: Path | None = None,
    settings: Settings | None = None,
) -> list[PageSpec]:
    """Every generated page of one annual issue."""
    return _IssueBuilder(site, issue, photos or {}, in_nav, content_dir, settings or Settings()).pages()


def site_pages(
    site: SiteData,
    photos: dict[tuple[int, str], PhotoSet] | None = None,
    content_dir: Path | None = None,
    settings: Settings | None = None,
) -> list[PageSpec]:
    """The whole generated site: the latest issue at the root, an archive, and every issue.

    Only the latest issue's sections are in the navigation; earlier issues are reached from the archive.
    """
    latest = site.latest
    pages = []
    for issue in reversed(site.issues):
        pages.extend(
            issue_pages(site, issue, photos, in_nav=issue is latest, content_dir=content_dir, settings=settings)
        )
    latest_home = next(p for p in pages if p.src_uri == f"{latest.year}/index.md")
    assert isinstance(latest_home.context, IssueHomeContext)
    pages.insert(
        0,
        PageSpec(
            src_uri="index.md",
            page_kind=PageKind.HOME,
            title=latest_home.title,
            description=latest.info.summary,
            in_nav=True,
            context=replace(latest_home.context, is_root=True),
            nav_title="首页",
            nav_rank=0,
            canonical_uri=latest_home.url,
            hide=WIDE,
        ),
    )
    pages.insert(
        1,
        PageSpec(
            src_uri="archive/index.md",
            page_kind=PageKind.ARCHIVE,
            title="往期特刊",
            description=f"全部 {len(site.issues)} 期年度特刊。",
            in_nav=True,
            context=ArchiveContext(issues=[_summary(issue, issue is latest) for issue in reversed(site.issues)]),
            nav_rank=20,
            hide=WIDE,
        ),
    )
    _refuse_duplicate_urls(pages)
    _attach_search_synonyms(pages, site)
    return pages


def synonym_targets(site: SiteData) -> dict[str, str]:
    """The pages a search synonym may name (data/search_synonyms.yml `page`), by nav name: the latest
    issue's home, figures, listings and city map. Plain data, so that `tekan check` knows them too."""
    year = site.latest.year
    targets = {f"{year} 年度特刊": f"{year}/", STATS_NAV_TITLE: f"{year}/stats/", CITIES_NAV_TITLE: f"{year}/cities/"}
    targets.update({collection_title(c): f"{year}/{c}/" for c in COLLECTIONS})
    return targets


def check_search_synonyms(site: SiteData) -> dict[str, tuple[str, ...]]:
    """Each synonym page's URL and the readers' words for it; a name that is no such page is a DataError."""
    targets = synonym_targets(site)
    words: dict[str, tuple[str, ...]] = {}
    errors = []
    for synonym, origin in site.search_synonyms:
        url = targets.get(synonym.page)
        if url is None:
            names = "、".join(f"「{name}」" for name in targets)
            errors.append(origin.error("page", f"「{synonym.page}」不是网站导航中的页面名称；请写其中之一：{names}。"))
            continue
        words[url] = tuple(dict.fromkeys((*words.get(url, ()), *synonym.words)))
    if errors:
        raise DataErrors(errors)
    return words


def _attach_search_synonyms(pages: list[PageSpec], site: SiteData) -> None:
    """Give each synonym's words to its page, which search then finds by them."""
    by_url = {page.url: page for page in pages}
    for url, words in check_search_synonyms(site).items():
        by_url[url].search_synonyms = words


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
