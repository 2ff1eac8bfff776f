"""What each kind of generated page hands its template: one typed context per page kind.

A template reads `tekan.<name>`; Jinja looks a name up as an attribute, so these
dataclasses keep the names the templates have always read. Search records, SEO
and the navigation dispatch on the context's type (or `PageKind`), never on a
template's file name. Values are raw text; templates escape them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from tekan.dataset.schemas import City
from tekan.pages.charts import Chart
from tekan.pages.paging import Pager
from tekan.pages.sharing import ShareView
from tekan.pages.tilemap import TileMap
from tekan.pages.views import EntryCard, EntryDetail, FacetView, FigureView


class PageKind(Enum):
    """The kinds of generated page; each names the one template that formats it."""

    HOME = "home"  # the site's root: the latest issue's home again
    ISSUE = "issue"
    STATS = "stats"
    LISTING = "listing"  # a collection's listing, or one city's share of a group too large for it
    CITY_LISTING = "city-listing"  # one city's share of a collection (its entries are also on the listing)
    ENTRY = "entry"
    CITIES = "cities"
    CITY = "city"
    ARCHIVE = "archive"

    @property
    def template(self) -> str:
        return _TEMPLATES[self]


_TEMPLATES = {
    PageKind.HOME: "tekan/issue.html",
    PageKind.ISSUE: "tekan/issue.html",
    PageKind.STATS: "tekan/stats.html",
    PageKind.LISTING: "tekan/listing.html",
    PageKind.CITY_LISTING: "tekan/listing.html",
    PageKind.ENTRY: "tekan/entry.html",
    PageKind.CITIES: "tekan/cities.html",
    PageKind.CITY: "tekan/city.html",
    PageKind.ARCHIVE: "tekan/archive.html",
}


# Pieces shared by several contexts ---------------------------------------------------------


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
class CityLink:
    """A link to one city's share of a list, with how many entries it holds."""

    name: str
    count: int
    url: str
    id: str = ""


@dataclass
class CollectionLink:
    collection: str
    title: str
    url: str
    count: int


@dataclass
class GroupSplit:
    """A group whose entries are listed on pages of their own: its count, why, and the links to them."""

    id: str
    title: str
    count: int
    note: str
    links: list[CityLink]


@dataclass
class HomeSection:
    id: str
    title: str
    subtitle: str | None
    lead: str
    figures: list[FigureView]
    more_figures: int
    entries: list[EntryCard]
    more_entries: int
    article_url: str  # the section's article, if an editor wrote content/<year>/<section-id>.md


@dataclass
class StatsSection:
    id: str
    title: str
    subtitle: str | None
    figures: list[FigureView]
    charts: list[Chart]


@dataclass
class CitySplit:
    """A large group's share in one city, which has a listing of its own."""

    id: str
    title: str
    count: int
    url: str


@dataclass
class MoreLink:
    count: int
    url: str


@dataclass
class CityGroup:
    """One collection on a city page: a few cards and links to the rest."""

    collection: str
    title: str
    count: int
    cards: list[EntryCard]
    more: MoreLink | None
    splits: list[CitySplit]


# One context per page kind -------------------------------------------------------------------


@dataclass(kw_only=True)
class IssuePageContext:
    """What every page of an issue knows: which issue it belongs to."""

    issue: IssueSummary


@dataclass(kw_only=True)
class IssueHomeContext(IssuePageContext):
    listings: list[CollectionLink]
    city_total: int
    sections: list[HomeSection]
    headlines: list[FigureView]
    city_count: int
    is_root: bool = False  # the site's root repeats the latest issue's home


@dataclass(kw_only=True)
class StatsContext(IssuePageContext):
    sections: list[StatsSection]
    sources: list[str]
    crumbs: list[Crumb]


@dataclass(kw_only=True)
class ListingContext(IssuePageContext):
    """One page of a list of cards; everything but `cards` and `pager` is shared by all its pages."""

    collection: str
    collection_title: str
    total: int
    samples: int
    facets: list[FacetView]
    splits: list[GroupSplit]
    by_city: list[CityLink]
    crumbs: list[Crumb]
    cards: list[EntryCard]
    pager: Pager


@dataclass(kw_only=True)
class EntryContext(IssuePageContext):
    entry: EntryDetail
    collection_title: str
    crumbs: list[Crumb]
    # Its share images and QR code, made after the page models (tekan/pages/prepare.py).
    share: ShareView | None = None


@dataclass(kw_only=True)
class CitiesContext(IssuePageContext):
    map: TileMap
    crumbs: list[Crumb]


@dataclass(kw_only=True)
class CityContext(IssuePageContext):
    city: City
    total: int
    groups: list[CityGroup]
    crumbs: list[Crumb]


@dataclass(kw_only=True)
class ArchiveContext:
    issues: list[IssueSummary]


PageContext = (
    IssueHomeContext | StatsContext | ListingContext | EntryContext | CitiesContext | CityContext | ArchiveContext
)
