"""The site's generated pages as plain page models, independent of MkDocs.

Each `PageSpec` names the source path the page pretends to have, the template
that formats it, its title and description (raw text), whether it belongs in
the navigation, and the ready-made objects its template receives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .dataset import COLLECTIONS, Issue, SiteData
from .views import EntryCard, collection_title, entry_card, entry_detail, figure_view


@dataclass
class PageSpec:
    src_uri: str
    template: str
    title: str
    description: str
    in_nav: bool
    context: dict[str, Any] = field(default_factory=dict)

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
    url: str
    counts: dict[str, int]


def _summary(issue: Issue) -> IssueSummary:
    return IssueSummary(issue.year, issue.info.title, issue.info.subtitle or "", issue.info.summary,
                        f"{issue.year}/", {c: len(e) for c, e in issue.entries.items()})


def issue_pages(site: SiteData, issue: Issue, content_dir: Path | None = None) -> list[PageSpec]:
    """Every generated page of one annual issue."""
    year = issue.year
    cards: dict[str, EntryCard] = {entry.id: entry_card(entry) for entry in issue.all_entries()}
    figures = [figure_view(figure) for figure in issue.figures]
    sections = [
        {
            "id": section.id, "title": section.title, "subtitle": section.subtitle, "lead": section.lead,
            "figures": [f for f in figures if f.section_id == section.id],
            "entries": [cards[e.id] for e in issue.all_entries() if e.section and e.section.id == section.id],
            # The section's article, if an editor wrote content/<year>/<section-id>.md.
            "article_url": f"{year}/{section.id}/"
            if content_dir and (content_dir / str(year) / f"{section.id}.md").is_file() else "",
        }
        for section in issue.info.sections
    ]
    listings = [
        {"collection": c, "title": collection_title(c), "url": f"{year}/{c}/", "count": len(issue.entries[c])}
        for c in COLLECTIONS
    ]
    base = {"issue": _summary(issue), "listings": listings}
    label = f"{year} 年度特刊"
    pages = [
        PageSpec(f"{year}/index.md", "tekan/issue.html", f"{issue.info.title} · {label}", issue.info.summary, True,
                 {**base, "sections": sections, "headlines": [f for f in figures if f.headline]}),
        PageSpec(f"{year}/stats/index.md", "tekan/stats.html", f"数说 · {label}",
                 f"{issue.info.organisation}{year} 年工作的全部数据，共 {len(figures)} 项。", True,
                 {**base, "sections": sections}),
    ]
    for collection in COLLECTIONS:
        entries = issue.entries[collection]
        pages.append(PageSpec(
            f"{year}/{collection}/index.md", "tekan/listing.html", f"{collection_title(collection)} · {label}",
            f"{year} 年度特刊收录的{collection_title(collection)}，共 {len(entries)} 条。", True,
            {**base, "collection": collection, "collection_title": collection_title(collection),
             "cards": [cards[e.id] for e in entries]},
        ))
        for entry in entries:
            detail = entry_detail(entry, issue, cards)
            pages.append(PageSpec(
                f"{entry.url}index.md", "tekan/entry.html", f"{entry.name} · {label}", entry.data.summary, False,
                {**base, "entry": detail, "collection_title": collection_title(collection)},
            ))
    by_city: dict[str, list[EntryCard]] = {city.id: [] for city in site.cities}
    for card in cards.values():
        if card.city_id:
            by_city[card.city_id].append(card)
    city_rows = [{"id": c.id, "name": c.name, "short": c.short, "tile": c.tile, "count": len(by_city[c.id]),
                  "url": f"{year}/cities/{c.id}/"} for c in site.cities]
    pages.append(PageSpec(f"{year}/cities/index.md", "tekan/cities.html", f"城市 · {label}",
                          f"广东省 21 个地级市的劳模、工匠和服务阵地。", True, {**base, "cities": city_rows}))
    for city in site.cities:
        pages.append(PageSpec(
            f"{year}/cities/{city.id}/index.md", "tekan/city.html", f"{city.name} · {label}",
            f"{city.name}的劳模、工匠和职工服务阵地，共 {len(by_city[city.id])} 条。", False,
            {**base, "city": {"id": city.id, "name": city.name, "short": city.short},
             "groups": [{"collection": c, "title": collection_title(c),
                         "cards": [card for card in by_city[city.id] if card.collection == c]} for c in COLLECTIONS]},
        ))
    return pages


def site_pages(site: SiteData, content_dir: Path | None = None) -> list[PageSpec]:
    """The whole generated site: the latest issue at the root, an archive, and every issue."""
    latest = site.latest
    pages = []
    for issue in reversed(site.issues):
        pages.extend(issue_pages(site, issue, content_dir))
    latest_home = next(p for p in pages if p.src_uri == f"{latest.year}/index.md")
    pages.insert(0, PageSpec("index.md", latest_home.template, latest.info.title, latest.info.summary, True,
                             {**latest_home.context, "is_root": True}))
    pages.insert(1, PageSpec("archive/index.md", "tekan/archive.html", "往期特刊",
                             f"全部 {len(site.issues)} 期年度特刊。", True,
                             {"issues": [_summary(issue) for issue in reversed(site.issues)]}))
    return pages
