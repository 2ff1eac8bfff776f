"""Everything a build needs before MkDocs reads a page: the data, the photos' thumbnails and the page models.

Plain Python, no MkDocs: the hook's on_config calls `prepare_build` and keeps
what it returns for the other events. Raises `DataErrors` with every mistake
in the data, before anything is written to the site.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from tekan.dataset import photos
from tekan.dataset.loader import SiteData, load_site_data
from tekan.dataset.scan import check_content_files
from tekan.files import remove_unused
from tekan.pages import sharedraw, sharing
from tekan.pages.articles import ArticlePage, find_articles
from tekan.pages.contexts import EntryContext, IssueHomeContext, PageKind
from tekan.pages.footer import SiteFooter, footer_notices
from tekan.pages.seo import article_seo, attach_seo, canonical_url
from tekan.pages.sharecards import ShareImageCache, ShareText, find_fonts
from tekan.pages.sharedraw import ShareDrawing
from tekan.pages.specs import PageSpec, site_pages
from tekan.settings import Settings


@dataclass(frozen=True)
class CacheUse:
    """One cache folder and the files of it that this build used: what a full build prunes it to."""

    folder: Path
    used: frozenset[str]
    suffixes: tuple[str, ...]


@dataclass
class PreparedBuild:
    site: SiteData
    # Generated pages by their source URI (2023/workers/li-ming.md).
    pages: dict[str, PageSpec]
    # Photo thumbnails the site publishes: site URI -> cached file.
    thumbnails: dict[str, Path]
    thumbnails_made: int
    thumbnails_reused: int
    # Share images the site publishes (site URI -> cached file), drawn by `share_drawing` if still missing.
    share_images: dict[str, Path] = field(default_factory=dict)
    share_drawing: ShareDrawing = field(default_factory=ShareDrawing)
    # Hand-written articles by their source URI (2023/sixiang-yinling.md).
    articles: dict[str, ArticlePage] = field(default_factory=dict)
    share_images_drawn: int = 0
    share_images_reused: int = 0
    footer: SiteFooter = field(default_factory=SiteFooter)
    # What the build should mention but not refuse (a footer without filing numbers).
    notices: list[str] = field(default_factory=list)
    # Where a reader who is lost goes next (the 404 page): the latest issue, its listings, figures and cities.
    links: list[SiteLink] = field(default_factory=list)
    # The thumbnail and share image caches as this build used them, and when it started (see prune_caches).
    caches: tuple[CacheUse, ...] = ()
    started: float = 0.0


@dataclass(frozen=True)
class SiteLink:
    title: str
    url: str


def prepare_build(
    root: Path, docs_dir: Path, site_url: str, settings: Settings | None = None, *, background: bool = False
) -> PreparedBuild:
    """Load and validate `root`/data, make the thumbnails, QR codes and share images (cached in `root`/.cache),
    and model every page and article.

    With `background`, the missing share images are still being drawn when this returns: the build waits for
    `share_drawing` before it publishes them (see tekan/pages/sharedraw.py)."""
    started = time.time()
    settings = settings or Settings()
    footer = SiteFooter.from_settings(settings)
    cache = photos.ThumbnailCache(root / ".cache" / "thumbnails")
    site = load_site_data(root / "data", root)
    check_content_files(root, docs_dir)
    entry_photos = photos.prepare_photos((entry for issue in site.issues for entry in issue.all_entries()), cache)
    specs = site_pages(site, entry_photos, docs_dir, settings)
    articles = find_articles(site, docs_dir)
    share_cache = ShareImageCache(root / ".cache" / "share", find_fonts())
    jobs = share_jobs(site, specs, articles, site_url)
    # QR codes first: every page needs its own before MkDocs renders one (a cold build makes them on both
    # cores, `map_shared`). The images are needed only when the site is written: their drawing runs on
    # while MkDocs renders the pages.
    views = sharing.plan_share_views(jobs, share_cache, sharing.QrCodeCache(share_cache.cache_dir, site_url)).views
    to_draw = share_cache.missing(job.text for job in jobs)
    drawing = ShareDrawing.start(share_cache, to_draw)
    if not background:
        drawing.wait()
    for spec in specs:
        if spec.src_uri in views and isinstance(spec.context, EntryContext):
            spec.context.share = views[spec.src_uri]
            spec.image = views[spec.src_uri].card
    attach_seo(specs, site_url)
    for article in articles:
        article.share = views[article.src_uri]
        article.seo = article_seo(article, site_url)
    return PreparedBuild(
        site=site,
        pages={spec.src_uri: spec for spec in specs},
        thumbnails=photos.site_files(entry_photos),
        thumbnails_made=cache.converted,
        thumbnails_reused=cache.reused,
        articles={article.src_uri: article for article in articles},
        share_images=sharing.site_files(views),
        share_drawing=drawing,
        share_images_drawn=len(to_draw),
        share_images_reused=len(jobs) - len(to_draw),
        footer=footer,
        notices=footer_notices(footer),
        links=_latest_links(specs),
        caches=(
            CacheUse(cache.cache_dir, frozenset(cache.used), cache.SUFFIXES),
            CacheUse(share_cache.cache_dir, frozenset(share_cache.used_names()), share_cache.IMAGE_SUFFIXES),
        ),
        started=started,
    )


def publish_share_images(prepared: PreparedBuild, site_dir: Path) -> None:
    """Wait for the share images still being drawn, then put them all into the built site."""
    prepared.share_drawing.wait()
    sharedraw.publish(prepared.share_images, site_dir)


def prune_caches(prepared: PreparedBuild) -> int:
    """After a full build: delete the cached thumbnails and share images it did not use (those of changed
    or deleted entries and photos), so that .cache/ (kept by CI) stays the size of the site; how many.

    Only once the drawing is done. The images do not depend on the site's address, so a preview and a
    publish prune to the same files; the QR codes' cache keeps only the latest build's by itself."""
    prepared.share_drawing.wait()
    return sum(remove_unused(c.folder, c.used, c.suffixes, prepared.started) for c in prepared.caches)


def _latest_links(specs: list[PageSpec]) -> list[SiteLink]:
    """The latest issue's home and the pages of its nav (listings, 数说, cities), then the archive."""
    home = next((spec for spec in specs if spec.src_uri == "index.md"), None)
    issue = home.context.issue if home and isinstance(home.context, IssueHomeContext) else None
    if issue is None:
        return []
    prefix = issue.url
    links = [SiteLink(f"{issue.year} 年度特刊", prefix)]
    links += [SiteLink(s.nav_title, s.url) for s in specs if s.in_nav and s.url.startswith(prefix) and s.url != prefix]
    links += [SiteLink(s.nav_title, s.url) for s in specs if s.page_kind == PageKind.ARCHIVE]
    return links


def share_jobs(site: SiteData, specs: list[PageSpec], articles: list[ArticlePage], site_url: str):
    """One job per entry page and per article: what its share images show and the address its QR code holds."""
    issues = {issue.year: issue.info for issue in site.issues}
    jobs = []
    for spec in specs:
        if spec.page_kind != PageKind.ENTRY or not isinstance(spec.context, EntryContext):
            continue
        card, summary = spec.context.entry.card, spec.context.issue
        line = card.honours[0].label if card.honours else card.kind_label
        text = ShareText(
            title=card.name,
            line=line,
            detail=" · ".join(part for part in (card.unit, card.city_name) if part),
            issue=f"{summary.year} 年度特刊 · {summary.title}",
            foot=summary.organisation,
            mark=card.avatar_char,
            hue=card.avatar_hue,
            photo=card.photo.largest.path if card.photo else None,
        )
        alt = f"{card.name}的照片" if card.photo else f"{card.name}的头像"
        jobs.append(sharing.ShareJob(spec.src_uri, text, canonical_url(site_url, spec.canonical_uri or spec.url), alt))
    for article in articles:
        info = issues[article.year]
        text = ShareText(
            title=article.headline,
            line=article.section_title or article.title,
            detail=article.description,
            issue=f"{article.issue_label} · {article.issue_title}",
            foot=" · ".join(part for part in (info.organisation, info.publication) if part),
            article=True,
        )
        alt = f"《{article.title}》的分享图"
        jobs.append(sharing.ShareJob(article.src_uri, text, canonical_url(site_url, article.url), alt))
    return jobs
