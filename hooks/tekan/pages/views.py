"""Ready-made objects for templates: everything formatted, nothing left to compute in Jinja.

Values stay raw text here; templates escape them (autoescape), so a name is
never escaped twice and never printed raw.
"""

from __future__ import annotations

import hashlib
import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import product

from tekan.dataset.loader import Entry, FigureRecord, Issue
from tekan.dataset.photos import PhotoSet
from tekan.dataset.schemas import Craftsman, Site
from tekan.dataset.vocabulary import COLLECTION_TITLES
from tekan.markup.story import render_markdown

# Facet values for entries that leave a field empty (never a valid id or free text an editor would write).
PROVINCE = "_province"
UNKNOWN = "_unknown"


@dataclass(frozen=True)
class HonourView:
    name: str
    level: str
    year: int
    award_id: str
    # The award's common short names (data/awards.yml `aliases`, 省劳模): readers search by them.
    aliases: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.year} 年 {self.name}"


@dataclass
class FigureView:
    id: str
    label: str
    display: str
    value: float
    unit: str
    section_id: str
    section_title: str
    as_of: str
    period: str
    source: str
    note: str
    headline: bool
    chart: str


@dataclass(frozen=True)
class FacetValue:
    """One value of one filter on one card: what the data attribute holds and what a reader sees."""

    value: str
    label: str


@dataclass
class EntryCard:
    """What every listing, city page and related list shows of an entry: one markup per collection."""

    id: str
    collection: str
    url: str
    name: str
    kind_label: str
    unit: str
    city_id: str
    city_name: str
    summary: str
    sample: bool
    honours: list[HonourView]
    avatar_char: str
    avatar_hue: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    photo: PhotoSet | None = None
    group: str = ""

    @property
    def filter_attrs(self) -> dict[str, str]:
        """data-* attributes for the listing filters; several values are separated by spaces (ids only)."""
        return {name: " ".join(v.value for v in values) for name, values in self.facets.items()}


@dataclass
class EntryDetail:
    """The entry page: the card plus every field the page shows."""

    card: EntryCard
    post: str = ""
    industry: str = ""
    trade: str = ""
    skills: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    story_html: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)
    district: str = ""
    address: str = ""
    hours: str = ""
    phone: str = ""
    services: list[str] = field(default_factory=list)
    established: int | None = None
    site_kind: str = ""
    section_title: str = ""
    city_full: str = ""
    is_person: bool = False
    related: list[EntryCard] = field(default_factory=list)


@dataclass
class FacetChoice:
    value: str
    label: str
    count: int


@dataclass
class FacetView:
    """One filter of a listing with the number of cards behind each choice."""

    name: str
    label: str
    multi: bool
    choices: list[FacetChoice]


def figure_view(figure: FigureRecord) -> FigureView:
    data = figure.data
    return FigureView(
        id=data.id,
        label=data.label,
        display=figure.display,
        value=data.value,
        unit=data.unit,
        section_id=figure.section.id if figure.section else "",
        section_title=figure.section.title if figure.section else "",
        as_of=data.as_of,
        period=data.period or "",
        source=data.source,
        note=data.note or "",
        headline=data.headline,
        chart=data.chart or "",
    )


# Avatar colours are this many degrees of hue apart. Two dozen colours still tell neighbours apart, and entries
# with the same first character and colour share one share-image square (at 10,000 entries: about 2,100 squares
# to draw instead of 6,100, and fewer files for a phone to fetch).
AVATAR_HUE_STEP = 15


def avatar_hue(name: str) -> int:
    """The avatar's colour (a hue in AVATAR_HUE_STEP steps), fixed by the name."""
    return int(hashlib.sha1(name.encode("utf-8")).hexdigest()[:4], 16) % 360 // AVATAR_HUE_STEP * AVATAR_HUE_STEP


def avatar_char(name: str) -> str:
    """The first letter or character of a name, skipping quotes and brackets such as “ or （."""
    return next((char for char in name if char.isalnum()), name.strip()[:1] or "?")


# Filters per collection: (facet name, label shown above the choices).
FACETS = {
    "workers": (("city", "城市"), ("industry", "行业"), ("award", "荣誉")),
    "craftsmen": (("city", "城市"), ("trade", "工种"), ("award", "荣誉")),
    "sites": (("kind", "类型"), ("city", "城市")),
}
MULTI_VALUED = {"award"}


def _facets(entry: Entry, honours: list[HonourView]) -> dict[str, list[FacetValue]]:
    data = entry.data
    city = [FacetValue(entry.city.id, entry.city.short) if entry.city else FacetValue(PROVINCE, "全省")]
    if isinstance(data, Site):
        kind = entry.site_kind
        return {"kind": [FacetValue(kind.id, kind.short)] if kind else [], "city": city}
    awards = list({h.award_id: FacetValue(h.award_id, h.name) for h in honours}.values())
    if isinstance(data, Craftsman):
        trade = [FacetValue(data.trade, data.trade)]
        return {"city": city, "trade": trade, "award": awards}
    industry = [FacetValue(data.industry, data.industry) if data.industry else FacetValue(UNKNOWN, "未注明")]
    return {"city": city, "industry": industry, "award": awards}


def entry_card(entry: Entry, photo: PhotoSet | None = None) -> EntryCard:
    data = entry.data
    honours = [HonourView(h.award.name, h.level, h.year, h.award.id, tuple(h.award.aliases)) for h in entry.honours]
    if isinstance(data, Site):
        kind_label = entry.site_kind.short if entry.site_kind else ""
        unit = data.district or ""
        group = entry.site_kind.id if entry.site_kind else entry.collection
    else:
        kind_label = data.kind
        unit = data.unit
        group = entry.collection
    return EntryCard(
        id=entry.id,
        collection=entry.collection,
        url=entry.url,
        name=data.name,
        kind_label=kind_label,
        unit=unit,
        city_id=entry.city.id if entry.city else "",
        city_name=entry.city.short if entry.city else "全省",
        summary=data.summary,
        sample=data.sample,
        honours=honours,
        avatar_char=avatar_char(data.name),
        avatar_hue=avatar_hue(data.name),
        facets=_facets(entry, honours),
        photo=photo,
        group=group,
    )


def facet_views(
    collection: str, cards: Sequence[EntryCard], order: dict[str, dict[str, int]], skip: Iterable[str] = ()
) -> list[FacetView]:
    """The filters of a listing, with counts; choices in the reference files' order, else by count."""
    facets = []
    for name, label in FACETS[collection]:
        if name in skip:
            continue
        counts: Counter[str] = Counter()
        labels: dict[str, str] = {}
        for card in cards:
            for value in card.facets.get(name, []):
                counts[value.value] += 1
                labels[value.value] = value.label
        known = order.get(name, {})
        ordered = sorted(counts, key=lambda v: (known.get(v, len(known)), -counts[v], labels[v]))
        choices = [FacetChoice(v, labels[v], counts[v]) for v in ordered]
        # A filter with one choice narrows nothing.
        if len(choices) > 1:
            facets.append(FacetView(name, label, name in MULTI_VALUED, choices))
    return facets


RELATED_WEIGHTS = (4, 2, 1)
# Every non-empty combination of (unit, marks, city), best total first.
_RELATED_LEVELS = sorted(
    (c for c in product((True, False), repeat=3) if any(c)),
    key=lambda combo: -sum(w for w, used in zip(RELATED_WEIGHTS, combo, strict=True) if used),
)


class RelatedIndex:
    """Finds an entry's related entries through buckets instead of comparing it with every other entry.

    An entry shares a "unit" (its unit; for a site, its district), "marks"
    (its awards; for a site, its kind) and a city with others; sharing a unit
    counts 4, a mark 2 and the city 1, and the highest totals come first, in
    data order within a total. Each combination of shared facets has its own
    bucket of entries (in data order), so the best candidates are read
    straight from the buckets, highest combination first, and a query costs
    about `limit` steps however many entries there are.
    """

    LEVELS = _RELATED_LEVELS

    def __init__(self, entries: Iterable[Entry]):
        self.entries: list[Entry] = list(entries)
        self.position = {id(entry): index for index, entry in enumerate(self.entries)}
        self.buckets: dict[tuple, list[int]] = defaultdict(list)
        for index, entry in enumerate(self.entries):
            for key in self._keys(entry):
                self.buckets[key].append(index)

    @staticmethod
    def facets(entry: Entry) -> tuple[list[str], list[str], list[str]]:
        city = [entry.city.id] if entry.city else []
        data = entry.data
        if isinstance(data, Site):
            unit = [f"{city[0] if city else ''}/{data.district}"] if data.district else []
            marks = [entry.site_kind.id] if entry.site_kind else []
        else:
            unit = [data.unit] if data.unit else []
            marks = sorted({h.award.id for h in entry.honours})
        return unit, marks, city

    def _level_keys(self, entry: Entry, combo: tuple[bool, ...]) -> list[tuple]:
        unused: list[str | None] = [None]
        dimensions = [values if used else unused for values, used in zip(self.facets(entry), combo, strict=True)]
        return [(entry.collection, combo, *values) for values in product(*dimensions)]

    def _keys(self, entry: Entry) -> Iterable[tuple]:
        for combo in self.LEVELS:
            yield from self._level_keys(entry, combo)

    def related(self, entry: Entry, limit: int = 6) -> list[Entry]:
        own = self.position[id(entry)]
        chosen: list[int] = []
        seen = {own}
        for combo in self.LEVELS:
            buckets = [self.buckets.get(key, []) for key in self._level_keys(entry, combo)]
            for index in heapq.merge(*buckets):
                if len(chosen) == limit:
                    return [self.entries[i] for i in chosen]
                if index not in seen:
                    seen.add(index)
                    chosen.append(index)
        return [self.entries[i] for i in chosen]


def related_entries(
    entry: Entry, issue: Issue, cards: dict[str, EntryCard], limit: int = 6, index: RelatedIndex | None = None
) -> list[EntryCard]:
    """Same unit first, then same award, then same city; never the entry itself.

    Pass one `RelatedIndex` for the whole issue: building it per entry would cost O(n) each time.
    """
    index = index or RelatedIndex(issue.all_entries())
    return [cards[other.id] for other in index.related(entry, limit)]


def entry_detail(
    entry: Entry, issue: Issue, cards: dict[str, EntryCard], index: RelatedIndex | None = None
) -> EntryDetail:
    data = entry.data
    detail = EntryDetail(
        card=cards[entry.id],
        tags=list(data.tags),
        story_html=render_markdown(data.story),
        links=[(link.title, link.url) for link in data.links],
        section_title=entry.section.title if entry.section else "",
        city_full=entry.city.name if entry.city else "",
        related=related_entries(entry, issue, cards, index=index),
    )
    if isinstance(data, Site):
        detail.site_kind = entry.site_kind.name if entry.site_kind else ""
        detail.district = data.district or ""
        detail.address = data.address or ""
        detail.hours = data.hours or ""
        detail.phone = data.phone or ""
        detail.services = list(data.services)
        detail.established = data.established
    else:
        detail.is_person = data.kind == "个人"
        detail.post = data.post or ""
        detail.industry = data.industry or ""
        if isinstance(data, Craftsman):
            detail.trade = data.trade
            detail.skills = list(data.skills)
    return detail


def collection_title(collection: str) -> str:
    return COLLECTION_TITLES[collection]
