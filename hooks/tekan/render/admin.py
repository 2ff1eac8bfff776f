"""/admin/ (the browser editor) and the preview's error panel: the files `mkdocs serve` adds to the site.

- /admin/ is served under `mkdocs serve`, and published only when mkdocs.yml sets
  `extra.tekan.cms.publish: true` (off by default: the public site carries no editor).
- Under `mkdocs serve`, every page loads `preview-errors.js`, which shows the errors of the latest
  rebuild (`preview-errors.json`, the same lines as `tekan check`) above the last good content;
  livereload reloads the page after each rebuild, so the panel comes and goes by itself.
"""

from __future__ import annotations

import json
import logging
import posixpath
from pathlib import Path

from tekan.editors.cms import ADMIN_URI, admin_files, admin_headers
from tekan.render.engine import Abort, File, Files
from tekan.settings import CmsSettings

log = logging.getLogger("mkdocs.plugins.tekan")

PANEL_SCRIPT = "assets/javascripts/preview-errors.js"
PANEL_DATA = "assets/javascripts/preview-errors.json"


def add_site_files(files: Files, config, root: Path, serving: bool, settings: CmsSettings) -> None:
    """Add /admin/ when serving or publishing it; keep the preview's panel script out of a published site."""
    if not serving:
        panel = files.get_file_from_path(PANEL_SCRIPT)
        if panel is not None:
            files.remove(panel)
    if not (serving or settings.publish):
        return
    admin = admin_files(root, settings)
    if not admin:
        message = "网页编辑器（/admin/）尚未构建：请运行 make cms（需要 npm）"
        if serving:
            log.warning(message)
            return
        raise Abort(message + "，或在 mkdocs.yml 中把 extra.tekan.cms.publish 设为 false。")
    for item in admin:
        if item.path is not None:
            files.append(File.generated(config, item.uri, abs_src_path=str(item.path)))
        else:
            files.append(File.generated(config, item.uri, content=item.content or ""))


def header_rules(settings: CmsSettings) -> dict[str, dict[str, str]]:
    """The `_headers` rules of /admin/, when it is published."""
    return {f"/{ADMIN_URI}/*": admin_headers(settings)} if settings.publish else {}


class PreviewErrors:
    """The errors of the latest `serve` rebuild, by where they came from (data, articles)."""

    def __init__(self):
        self.data: list[str] = []
        self.articles: list[str] = []
        # Whether the pages under the panel are the last good data's (else: serve started with broken data).
        self.site_kept = True

    def set_data(self, errors, site_kept: bool = True) -> None:
        self.data = [str(error) for error in errors.errors] if errors else []
        self.site_kept = site_kept

    def set_articles(self, errors) -> None:
        self.articles = [str(error) for error in errors]

    def write(self, site_dir: Path) -> None:
        lines = self.data + self.articles
        path = site_dir / PANEL_DATA
        path.parent.mkdir(parents=True, exist_ok=True)
        body = {"errors": lines, "data": bool(self.data), "site_kept": self.site_kept}
        path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")


def with_panel_script(html: str, page_url: str) -> str:
    """The page with the panel's script (serve only); the path is relative, as every link of the site."""
    folder = posixpath.dirname(page_url) if not page_url.endswith("/") else page_url.rstrip("/")
    src = posixpath.relpath(PANEL_SCRIPT, folder or ".")
    tag = f'<script src="{src}" defer></script>'
    head, found, tail = html.rpartition("</body>")
    return head + tag + found + tail if found else html + tag
