"""The issue's hand-written articles (content/<year>/<name>.md) as page models, for sharing and search engines.

MkDocs renders an article from its Markdown; what it does not know is kept
here: the issue it belongs to, its date and source line, its breadcrumb, its
share images and QR code, and its Open Graph and JSON-LD. Front matter may give
`date` and `source`; otherwise they come from the issue (data/<year>/issue.yml).
Plain Python, no MkDocs; the front matter is read and checked by the article
gate (tekan/articles/frontmatter.py), which reports its mistakes.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tekan.articles.frontmatter import check_front_matter
from tekan.dataset.loader import Issue, SiteData

_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


@dataclass
class ArticleCrumb:
    title: str
    url: str


@dataclass
class ArticlePage:
    src_uri: str
    url: str
    title: str
    # The article's own first heading (the page's <h1>), else its title.
    headline: str
    description: str
    date: str
    source: str
    year: int
    organisation: str
    issue_label: str
    issue_title: str
    section_title: str = ""
    crumbs: list[ArticleCrumb] = field(default_factory=list)
    # Set by prepare_build: a ShareView and a SeoMeta.
    share: Any = None
    seo: Any = None

    @property
    def date_label(self) -> str:
        """2023 -> 2023 年, 2023-12 -> 2023 年 12 月, 2023-12-01 -> 2023 年 12 月 1 日."""
        parts = self.date.split("-")
        units = ("年", "月", "日")
        return " ".join(f"{int(part)} {unit}" for part, unit in zip(parts, units, strict=False) if part.isdigit())


def _text(value: object) -> str:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()[:10]
    return str(value).strip() if value is not None else ""


def _article(issue: Issue, path: Path, docs_dir: Path) -> ArticlePage:
    # The article gate's own reading (tekan/articles/frontmatter.py): its mistakes are reported there.
    checked = check_front_matter(path.read_text(encoding="utf-8-sig"), path.name)
    meta, body = checked.meta, checked.markdown
    heading = _HEADING.search(body)
    title = _text(meta.title) or (heading.group(1).strip() if heading else path.stem)
    info = issue.info
    sections = {section.id: section for section in info.sections or ()}
    section = sections.get(path.stem)
    publication = f"{info.publication}《{info.title}》特刊" if info.publication else f"《{info.title}》特刊"
    src_uri = path.relative_to(docs_dir).as_posix()
    label = f"{issue.year} 年度特刊"
    return ArticlePage(
        src_uri=src_uri,
        url=src_uri.removesuffix(".md") + "/",
        title=title,
        headline=heading.group(1).strip() if heading else title,
        description=_text(meta.description) or (section.lead if section and section.lead else info.summary),
        # Without a date anywhere, the issue's year (ISO 8601 allows a year alone).
        date=_text(meta.date) or _text(info.date) or str(issue.year),
        source=_text(meta.source) or f"{info.organisation} · {publication}",
        year=issue.year,
        organisation=info.organisation,
        issue_label=label,
        issue_title=info.title,
        section_title=section.title if section else "",
        crumbs=[ArticleCrumb(label, f"{issue.year}/")],
    )


def find_articles(site: SiteData, docs_dir: Path) -> list[ArticlePage]:
    """Every content/<year>/*.md of an issue (not an index page), in file-name order."""
    articles = []
    for issue in site.issues:
        folder = docs_dir / str(issue.year)
        for path in sorted(folder.glob("*.md")) if folder.is_dir() else ():
            if path.name != "index.md":
                articles.append(_article(issue, path, docs_dir))
    return articles
