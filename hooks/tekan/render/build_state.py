"""Everything one build knows, on one object: made by `on_config`, dropped by the next build's `on_config`.

No MkDocs import: the hook fills it from MkDocs' events. Background work (the
search index) gets a `SearchSnapshot`, copies made when it starts, never the
lists this object goes on filling.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tekan.articles.gate import ArticleGate
from tekan.articles.shortcodes import ArticleShortcodes
from tekan.pages.prepare import PreparedBuild
from tekan.pages.specs import PageSpec
from tekan.render.shells import PageShells
from tekan.search.index import MarkdownPage
from tekan.settings import Settings


@dataclass(frozen=True)
class SearchSnapshot:
    """What the search index is made from, fixed when its thread starts."""

    pages: tuple[PageSpec, ...]
    markdown_pages: tuple[MarkdownPage, ...]
    shard_size: int


@dataclass
class BuildState:
    settings: Settings
    # The data, thumbnails and page models: this build's, or in `serve` after a failed load the last good ones.
    prepared: PreparedBuild
    shortcodes: ArticleShortcodes
    # Front matter, HTML and files of the articles in content/: refusals, notices and the templates' scripts.
    articles: ArticleGate = field(default_factory=ArticleGate)
    # Markdown pages from content/, with their rendered text, for the search index.
    markdown_pages: list[MarkdownPage] = field(default_factory=list)
    # Made in on_env, once the theme's Jinja environment exists.
    page_shells: PageShells | None = None

    @property
    def pages(self) -> dict[str, PageSpec]:
        """Generated pages by their source URI (2023/workers/li-ming/index.md)."""
        return self.prepared.pages

    @property
    def shells(self) -> PageShells:
        """The page shells, which on_env makes before MkDocs renders any page."""
        if self.page_shells is None:
            raise RuntimeError("on_env has not run: the page shells are made there, once the theme's templates exist")
        return self.page_shells

    @property
    def thumbnails(self) -> dict[str, Path]:
        return self.prepared.thumbnails

    @property
    def without_data(self) -> bool:
        """The preview of `serve` started with broken data (render/no_data.py): loaded data has at least one year."""
        return not self.prepared.site.issues

    def search_snapshot(self) -> SearchSnapshot:
        return SearchSnapshot(tuple(self.pages.values()), tuple(self.markdown_pages), self.settings.search_shard_size)
