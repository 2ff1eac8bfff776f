"""Ready-made objects for templates: everything formatted, nothing left to compute in Jinja.

Values stay raw text here; templates escape them (autoescape), so a name is
never escaped twice and never printed raw.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from .dataset import COLLECTION_TITLES, Entry, FigureRecord, Issue
from .richtext import render_markdown


@dataclass(frozen=True)
class HonourView:
    name: str
    level: str
    year: int
    award_id: str

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
    filter_attrs: dict[str, str]
    photo_url: str = ""


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
    related: list[EntryCard] = field(default_factory=list)


def figure_view(figure: FigureRecord) -> FigureView:
    data = figure.data
    return FigureView(
        id=data.id, label=data.label, display=figure.display, value=data.value, unit=data.unit,
        section_id=figure.section.id if figure.section else "", section_title=figure.section.title if figure.section else "",
        as_of=data.as_of, period=data.period or "", source=data.source, note=data.note or "",
        headline=data.headline, chart=data.chart or "",
    )


def _hue(name: str) -> int:
    return int(hashlib.sha1(name.encode("utf-8")).hexdigest()[:4], 16) % 360


def entry_card(entry: Entry) -> EntryCard:
    data = entry.data
    honours = [HonourView(h.award.name, h.level, h.year, h.award.id) for h in entry.honours]
    if entry.collection == "sites":
        kind_label = entry.site_kind.name if entry.site_kind else ""
        unit = data.district or ""
        facets = {"kind": entry.site_kind.id if entry.site_kind else ""}
    else:
        kind_label = data.kind
        unit = data.unit
        facets = {
            "industry": getattr(data, "trade", None) or data.industry or "",
            "award": " ".join(sorted({h.award_id for h in honours})),
        }
    facets["city"] = entry.city.id if entry.city else ""
    return EntryCard(
        id=entry.id, collection=entry.collection, url=entry.url, name=data.name, kind_label=kind_label,
        unit=unit, city_id=entry.city.id if entry.city else "", city_name=entry.city.short if entry.city else "全省",
        summary=data.summary, sample=data.sample, honours=honours,
        avatar_char=data.name.strip()[:1], avatar_hue=_hue(data.name), filter_attrs=facets,
    )


def related_entries(entry: Entry, issue: Issue, cards: dict[str, EntryCard], limit: int = 6) -> list[EntryCard]:
    """Same unit first, then same award, then same city; never the entry itself."""
    awards = {h.award.id for h in entry.honours}
    unit = getattr(entry.data, "unit", None)

    def score(other: Entry) -> int:
        value = 0
        if unit and getattr(other.data, "unit", None) == unit:
            value += 4
        if awards & {h.award.id for h in other.honours}:
            value += 2
        if entry.city and other.city and other.city.id == entry.city.id:
            value += 1
        return value

    scored = [(score(other), other.id) for other in issue.all_entries()
              if other.id != entry.id and other.collection == entry.collection]
    return [cards[other_id] for points, other_id in sorted(scored, key=lambda s: -s[0]) if points][:limit]


def entry_detail(entry: Entry, issue: Issue, cards: dict[str, EntryCard]) -> EntryDetail:
    data = entry.data
    detail = EntryDetail(
        card=cards[entry.id],
        tags=list(data.tags),
        story_html=render_markdown(data.story),
        links=[(link.title, link.url) for link in data.links],
        section_title=entry.section.title if entry.section else "",
        related=related_entries(entry, issue, cards),
    )
    if entry.collection == "sites":
        detail.site_kind = entry.site_kind.name if entry.site_kind else ""
        detail.district = data.district or ""
        detail.address = data.address or ""
        detail.hours = data.hours or ""
        detail.phone = data.phone or ""
        detail.services = list(data.services)
        detail.established = data.established
    else:
        detail.post = data.post or ""
        detail.industry = data.industry or ""
        detail.trade = getattr(data, "trade", "") or ""
        detail.skills = list(getattr(data, "skills", []))
    return detail


def collection_title(collection: str) -> str:
    return COLLECTION_TITLES[collection]
