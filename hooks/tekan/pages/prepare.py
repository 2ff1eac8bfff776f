"""Everything a build needs before MkDocs reads a page: the data, the photos' thumbnails and the page models.

Plain Python, no MkDocs: the hook's on_config calls `prepare_build` and keeps
what it returns for the other events. Raises `DataErrors` with every mistake
in the data, before anything is written to the site.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tekan.dataset import photos
from tekan.dataset.loader import SiteData, load_site_data
from tekan.dataset.scan import check_content_files
from tekan.pages.seo import attach_seo
from tekan.pages.specs import PageSpec, site_pages
from tekan.settings import Settings


@dataclass
class PreparedBuild:
    site: SiteData
    # Generated pages by their source URI (2023/workers/li-ming.md).
    pages: dict[str, PageSpec]
    # Thumbnails the site publishes: site URI -> cached file.
    thumbnails: dict[str, Path]
    thumbnails_made: int
    thumbnails_reused: int


def prepare_build(root: Path, docs_dir: Path, site_url: str, settings: Settings | None = None) -> PreparedBuild:
    """Load and validate `root`/data, make the thumbnails (cached in `root`/.cache), and model every page."""
    cache = photos.ThumbnailCache(root / ".cache" / "thumbnails")
    site = load_site_data(root / "data", root)
    check_content_files(root, docs_dir)
    entry_photos = photos.prepare_photos((entry for issue in site.issues for entry in issue.all_entries()), cache)
    specs = site_pages(site, entry_photos, docs_dir, settings or Settings())
    attach_seo(specs, site_url)
    return PreparedBuild(
        site=site,
        pages={spec.src_uri: spec for spec in specs},
        thumbnails=photos.site_files(entry_photos),
        thumbnails_made=cache.converted,
        thumbnails_reused=cache.reused,
    )
