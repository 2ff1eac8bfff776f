"""The gate every hand-written article passes, the same for `mkdocs build`, `make serve` and `tekan check`.

1. front matter: checked against the article schema (frontmatter.py), page.meta replaced by the checked values;
2. shortcodes: expanded from data/ (shortcodes.py);
3. the rendered HTML: sanitised with nh3, script refused with its line (safety.py).

The build runs the steps from MkDocs' events; `tekan check` runs them here without
building, with Markdown configured from mkdocs.yml, so that a passing check means
the build's content gate passes too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tekan.articles.frontmatter import check_front_matter
from tekan.articles.safety import CheckedPage, check_page_html
from tekan.checks.htmlscan import scan_page
from tekan.errors import DataError

# Files MkDocs would publish from content/ as they are: a page or image there could carry script of its own.
ACTIVE_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml", ".svg", ".svgz", ".xml", ".xsl"})
# Our own scripts live here (see the Makefile and mkdocs.yml); editors never add any.
OWN_SCRIPTS = "assets/javascripts/"


def unsafe_content_file(src_uri: str, display: str) -> DataError | None:
    """A file in content/ that the browser would run as a document or script of the site, if published."""
    path = Path(src_uri)
    suffix = path.suffix.lower()
    if suffix in ACTIVE_SUFFIXES:
        return DataError(
            display,
            message=f"content/ 里不能放 {suffix} 文件（浏览器打开它时会执行其中的代码）；"
            "图片请转成 .png、.jpg 或 .webp，页面请写成 .md 文章。",
        )
    if suffix in (".js", ".mjs") and not src_uri.startswith(OWN_SCRIPTS):
        return DataError(display, message="content/ 里不能放脚本文件（.js）；请删除它。")
    return None


@dataclass
class ArticleGate:
    """One build's article checks: every refusal kept for one report, and the theme's scripts around articles."""

    docs_display: str = "content"
    errors: list[DataError] = field(default_factory=list)
    notices: list[DataError] = field(default_factory=list)
    # Inline scripts of article pages outside the article itself: what the templates wrote (for the CSP).
    frame_scripts: set[str] = field(default_factory=set)
    # Site paths of everything published from content/ (pages and files): never a source of CSP hashes.
    content_paths: set[str] = field(default_factory=set)

    def start_build(self, docs_display: str) -> None:
        self.docs_display = docs_display
        self.errors, self.notices = [], []
        self.frame_scripts, self.content_paths = set(), set()

    def display(self, src_uri: str) -> str:
        return f"{self.docs_display}/{src_uri}"

    def check_files(self, files: Iterable[Any], docs_dir: str) -> None:
        """MkDocs' files from content/ (not the theme's): note where they land, refuse those that would run script."""
        docs = Path(docs_dir).resolve()
        for file in files:
            if file.generated_by or file.src_dir is None or Path(file.src_dir).resolve() != docs:
                continue
            self.content_paths.add(file.dest_uri)
            error = unsafe_content_file(file.src_uri, self.display(file.src_uri))
            if error is not None:
                self.errors.append(error)

    def read_front_matter(self, page) -> None:
        """Check the page's front matter; page.meta becomes the checked, escaped values (none after a mistake)."""
        checked = check_front_matter(page.file.content_string, self.display(page.file.src_uri))
        self.errors.extend(checked.errors)
        page.meta = checked.for_theme()

    def check_html(self, html: str, page) -> CheckedPage:
        checked = check_page_html(html, page.file.content_string, self.display(page.file.src_uri))
        self.errors.extend(checked.errors)
        self.notices.extend(checked.notices)
        return checked

    def note_frame(self, output: str, content: str | None) -> None:
        """The inline scripts of a finished article page once the article is taken out: the templates' own."""
        frame = output.replace(content, "", 1) if content else output
        self.frame_scripts.update(scan_page(frame, "").inline_scripts)

    def theme_scripts(self, scans: dict[str, Any]) -> set[str]:
        """Every inline script the templates wrote: pages made from data and theme pages, plus article frames."""
        scripts = set(self.frame_scripts)
        for path, scan in scans.items():
            if path not in self.content_paths:
                scripts.update(scan.inline_scripts)
        return scripts

    def take_errors(self) -> list[DataError]:
        errors, self.errors = self.errors, []
        return errors

    def take_notices(self) -> list[DataError]:
        notices, self.notices = self.notices, []
        return notices


def render_articles(root: Path, site, gate: ArticleGate):
    """Each article of content/ as the build renders it, before sanitising: (page, HTML).

    MkDocs reads mkdocs.yml and renders each page's Markdown with the configured
    extensions (as the build does); the theme's partials draw the shortcodes.
    Front matter, shortcode and file mistakes are collected on `gate`.
    """
    from tekan.articles.shortcodes import ArticleShortcodes
    from tekan.errors import display_path
    from tekan.render.engine import Page, get_files, load_config  # the engine, only when articles are rendered

    config = load_config(str(root / "mkdocs.yml"))
    gate.start_build(display_path(Path(config.docs_dir), root))
    shortcodes = ArticleShortcodes.for_build(site, config, root)
    files = get_files(config)
    gate.check_files(files, config.docs_dir)
    for file in files.documentation_pages():
        page = Page(None, file, config)
        page.read_source(config)
        gate.read_front_matter(page)
        page.markdown = shortcodes.expand_page(page.markdown or "", page)
        page.render(config, files)
        yield page, page.content or ""
    gate.errors += shortcodes.take_errors()


def check_articles(root: Path, site) -> ArticleGate:
    """`tekan check`: every article of content/ through the build's own gate, without building."""
    gate = ArticleGate()
    for page, html in render_articles(root, site, gate):
        gate.check_html(html, page)
    return gate
