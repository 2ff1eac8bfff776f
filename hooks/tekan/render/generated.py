"""MkDocs' page object for the pages Tekan generates: nothing to read, no Markdown to convert.

MkDocs reads every page's source, parses its front matter with PyYAML and
builds a new Markdown converter with all its extensions to convert it; a
generated page has no body, and its front matter is already a dict. Skipping
both saves about a millisecond a page. Everything the page shows comes from
its template (see render/shells.py). MkDocs' classes come from render/engine.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tekan.render.engine import Page, get_toc


class GeneratedPage(Page):
    def __init__(self, file, config, meta: Mapping[str, Any]):
        super().__init__(None, file, config)
        self._front_matter = dict(meta)

    def read_source(self, config) -> None:
        self.markdown = ""
        self.meta = dict(self._front_matter)

    def render(self, config, files) -> None:
        self.content = ""
        self.toc = get_toc([])
        self.present_anchor_ids = set()


class RetitledPage:
    """A page seen with another title, as page_shells draws a shell: the title Material prints in the header."""

    def __init__(self, page: Page, title: str):
        self._page = page
        self.title = title
        self.meta = {**page.meta, "title": title}

    def __getattr__(self, name: str):
        return getattr(self._page, name)


def with_page_title(variables: Mapping[str, Any], values: Mapping[str, str]) -> Mapping[str, Any]:
    """Template variables with `values["title"]` as the page's title (see page_shells.PageShells)."""
    return {**variables, "page": RetitledPage(variables["page"], values["title"])}
