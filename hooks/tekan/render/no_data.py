"""`mkdocs serve` started while data/ already has a mistake: a preview in which the editor can fix it.

With no good data yet to fall back on, the preview holds one page at the site's root that says what
happened and links to /admin/ (the browser editor), with the error panel above it listing every
mistake (render/admin.py). Hand-written pages are left out: their shortcodes and articles show data,
and there is none. A save that makes the data right rebuilds the full site, and the panel goes.
`mkdocs build` never gets here: it refuses to publish (see the hook's on_config).
"""

from __future__ import annotations

from pathlib import Path

from tekan.dataset.loader import SiteData
from tekan.errors import DataErrors
from tekan.pages.footer import SiteFooter
from tekan.pages.prepare import PreparedBuild
from tekan.render.engine import File, Files
from tekan.settings import Settings, read_settings

# Read as a hand-written page (front matter checked, HTML sanitised), generated at the site's root.
PLACEHOLDER = Path(__file__).with_name("no-data.md")
PLACEHOLDER_URI = "index.md"


def placeholder_build(raw_settings: object, config_file: Path) -> tuple[Settings, PreparedBuild]:
    """Settings (the defaults if they are what is wrong) and a build with no data, no pages and no caches used."""
    try:
        settings = read_settings(raw_settings, config_file)
    except DataErrors:  # already in the errors shown: the defaults serve /admin/ all the same
        settings = Settings()
    prepared = PreparedBuild(
        site=SiteData(cities=[], awards=[], site_kinds=[], issues=[]),
        pages={},
        thumbnails={},
        thumbnails_made=0,
        thumbnails_reused=0,
        footer=SiteFooter.from_settings(settings),
    )
    return settings, prepared


def keep_only_the_placeholder(files: Files, config) -> None:
    """The hand-written pages out of the build, the placeholder in at the root; assets stay."""
    for file in list(files.documentation_pages(inclusion=lambda _: True)):
        files.remove(file)
    files.append(File.generated(config, PLACEHOLDER_URI, abs_src_path=str(PLACEHOLDER)))
