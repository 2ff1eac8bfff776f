"""MkDocs hooks for Tekan: thin event handlers; the work is done in the `tekan` package."""

from __future__ import annotations

import contextlib
import json
import logging
import posixpath
from pathlib import Path

from tekan.articles.gate import ArticleGate
from tekan.articles.safety import UNSAFE_PAGE_NOTICE, escape_page_meta
from tekan.articles.shortcodes import ArticleShortcodes
from tekan.checks.headers import write_headers_file
from tekan.checks.links import check_site
from tekan.errors import DataErrors, notice_lines
from tekan.pages.navigation import arrange_nav
from tekan.pages.prepare import prepare_build, prune_caches, publish_share_images
from tekan.pages.seo import for_readers
from tekan.pages.specs import PageSpec
from tekan.render import admin, dirty_serve, no_data
from tekan.render.build_state import BuildState, SearchSnapshot
from tekan.render.cards import CardMarkup
from tekan.render.engine import Abort, File, Files, InclusionLevel
from tekan.render.generated import GeneratedPage, with_page_title
from tekan.render.minify import minify_own_assets
from tekan.render.shells import PageShells, full_render_forced
from tekan.search import index as search
from tekan.settings import read_settings

# Under mkdocs.* so that `--strict` counts our warnings.
log = logging.getLogger("mkdocs.plugins.tekan")

# Generated pages name this template; their HTML is rendered before, by the build's page shells.
PRERENDERED_TEMPLATE = "tekan/prerendered.html"


def _project_root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def _page_meta(spec: PageSpec) -> dict:
    # Material prints meta title and description raw, so they go in escaped.
    # The meta title is the short label of nav and header; <title> comes from the page model.
    from markupsafe import escape

    return {
        "template": PRERENDERED_TEMPLATE,
        "title": str(escape(spec.nav_title)),
        "description": str(escape(spec.description)),
        "hide": list(spec.hide),
    }


def _front_matter(spec: PageSpec) -> str:
    """The page's meta as front matter: what a dirty-serve stub holds (see tekan/render/dirty_serve.py)."""
    return "---\n" + json.dumps(_page_meta(spec), ensure_ascii=False) + "\n---\n"


class TekanHooks:
    """MkDocs' events for one process. State lives on this object, never in module globals:
    `session` lasts the whole MkDocs run (all of `serve`'s rebuilds), `build` is made anew by each on_config."""

    def __init__(self):
        # A run through MkDocs' API (`build.build(config)`) has no on_startup: it is a plain build.
        self.session = dirty_serve.ServeSession()
        self.build: BuildState | None = None
        # Under `mkdocs serve`: the latest rebuild's errors, shown on every page (tekan/render/admin.py).
        self.preview_errors = admin.PreviewErrors()

    @property
    def state(self) -> BuildState:
        """This build's state; MkDocs calls every other build event after on_config, which makes it."""
        if self.build is None:
            raise RuntimeError("on_config has not run: the build state is made there, before any other build event")
        return self.build

    def on_startup(self, command, dirty):
        # `make serve` runs `mkdocs serve --dirty`: then only pages whose content changed are rendered again.
        self.session = dirty_serve.ServeSession(command, dirty)

    def on_config(self, config):
        """Load and validate all data before MkDocs touches site/; refuse to build on any error."""
        session = self.session
        session.finish_background()  # work the previous `serve` rebuild left running must not overlap this one
        if self.build is not None:  # a rebuild that stopped before on_post_build left its drawing running
            self.build.prepared.share_drawing.stop()
        root = _project_root(config)
        try:
            settings = read_settings(config.extra.get("tekan"), Path(config.config_file_path))
            # Share images still missing are drawn in the background until on_post_build.
            prepared = prepare_build(root, Path(config.docs_dir), config.site_url or "", settings, background=True)
        except DataErrors as errors:
            self.preview_errors.set_data(errors)
            if session.serving and session.last_good is not None:
                # `mkdocs serve` holds every request while a rebuild fails: keep previewing the last good data.
                log.error("数据有误，预览仍是上一次正确的版本：\n" + errors.report())
                settings, prepared = session.last_good
            elif session.serving:
                # Nothing good yet to fall back on: the errors and /admin/, so that they can be fixed in the browser.
                log.error("数据有误，预览中暂时只有错误提示和网页编辑器（/admin/）：\n" + errors.report())
                settings, prepared = no_data.placeholder_build(config.extra.get("tekan"), Path(config.config_file_path))
                self.preview_errors.set_data(errors, site_kept=False)
            else:
                raise Abort("数据有误，网站未生成：\n" + errors.report()) from None
        else:
            self.preview_errors.set_data(None)
            log.info(f"缩略图：新生成 {prepared.thumbnails_made} 张，沿用缓存 {prepared.thumbnails_reused} 张")
            for line in notice_lines(prepared.site.notices):  # backups, hidden files: named at info, not fatal
                log.info(line)
            log.info(f"分享图：新绘制 {prepared.share_images_drawn} 组，沿用缓存 {prepared.share_images_reused} 组")
            for notice in prepared.notices:
                log.info(notice)
            session.last_good = (settings, prepared)
        # Every template's footer, and the 404 page's way back (it has no page model of its own).
        config.extra["tekan_footer"], config.extra["tekan_links"] = prepared.footer, prepared.links
        shortcodes = ArticleShortcodes.for_build(prepared.site, config, root)
        self.build = BuildState(settings, prepared, shortcodes, ArticleGate(shortcodes.docs_display))
        return config

    def on_files(self, files: Files, config) -> Files:
        build = self.state
        build.articles.check_files(files, config.docs_dir)
        if build.without_data:  # `serve` started with broken data (see on_config)
            no_data.keep_only_the_placeholder(files, config)
        stubs = self._dirty_serve_stubs(files, config)
        generated = [_page_file(config, spec, stubs) for spec in build.pages.values()]
        generated += [File.generated(config, uri, abs_src_path=str(path)) for uri, path in build.thumbnails.items()]
        for file in generated:
            files.append(file)
        # `serve --dirty` does not clean site/: a deleted entry's page must leave the preview all the same.
        made = {file.src_uri: file.dest_uri for file in generated} | {uri: uri for uri in build.prepared.share_images}
        self.session.remove_gone_files(Path(config.site_dir), _project_root(config), made)
        # /admin/ (the browser editor) and the preview's error panel
        admin.add_site_files(files, config, _project_root(config), self.session.serving, build.settings.cms)
        return files

    def on_nav(self, nav, config, files):
        nav.items[:] = arrange_nav(nav.items, self.state.pages)
        return nav

    def _dirty_serve_stubs(self, files: Files, config) -> dirty_serve.PageStubs | None:
        """In `serve --dirty`: stub files that change only with their page; hand-written pages are always read."""
        if not self.session.serving_dirty or self.build is None:
            return None
        pages = self.build.pages
        hand_written = [f for f in files.documentation_pages() if f.src_uri not in pages]
        for file in hand_written:  # their shortcodes show data, which may just have changed
            dirty_serve.read_on_every_build(file)
        return self.session.page_stubs(_project_root(config), pages.values(), (f.src_uri for f in hand_written))

    def on_page_markdown(self, markdown, page, config, files):
        """Hand-written pages: front matter checked, shortcodes become figures and cards; mistakes kept for on_env."""
        build = self.state
        if page.file.src_uri not in build.pages:
            build.articles.read_front_matter(page)
        # Every page, generated or not: Material's own search index is not used (Pagefind answers its box).
        page.meta["search"] = {"exclude": True}
        return build.shortcodes.expand_page(markdown, page)

    def on_page_content(self, html, page, config, files):
        """Hand-written pages: published as sanitised, script refused, the title escaped, the text kept for search."""
        build = self.state
        if page.file.src_uri not in build.pages:
            checked = build.articles.check_html(html, page)
            html = checked.html
            escape_page_meta(page.meta, page.title)
            if checked.errors and self.session.serving:
                return UNSAFE_PAGE_NOTICE  # the preview never shows what the build would refuse
            if not page.file.generated_by and for_readers(page.meta):
                build.markdown_pages.append(search.MarkdownPage(page.url, page.title or "", html))
        return html

    def on_env(self, env, config, files):
        """Every page has been read: refuse to build if any shortcode or page was wrong, naming them all."""
        build, session = self.state, self.session
        session.keep_compiled_templates(env)
        build.page_shells = PageShells(env, enabled=not full_render_forced(), with_values=with_page_title)
        CardMarkup(env).install(env)
        for notice in build.articles.take_notices():
            log.info("文章中已删除：%s", notice)
        errors = build.shortcodes.take_errors() + build.articles.take_errors()
        self.preview_errors.set_articles(errors)
        if errors and session.serving:
            # A failed rebuild would leave the preview hanging; the terminal shows what to fix.
            log.error("文章有误，发布时将被拒绝：\n" + DataErrors(errors).report())
        elif errors:
            raise Abort("文章有误，网站未生成：\n" + DataErrors(errors).report())
        # Every page's words are known now: Pagefind indexes them while MkDocs renders the pages.
        snapshot = build.search_snapshot()
        if not build.without_data:  # the preview of broken data has nothing to search
            session.in_background(lambda: _write_search_index(config, Path(config.site_dir), snapshot), "搜索索引")
        return env

    def on_page_context(self, context, page, config, nav):
        # An issue's hand-written article: its breadcrumb, date, share image, QR code and SEO (tekan/pages/articles.py).
        build = self.state
        context["tekan_article"] = build.prepared.articles.get(page.file.src_uri)
        spec = build.pages.get(page.file.src_uri)
        if spec is not None:
            context["tekan"] = spec.context
            context["tekan_page"] = spec
            # The root repeats the latest issue's home; search engines should index the issue's own address.
            assert spec.seo is not None, "prepare_build gives every generated page its SEO"
            page.canonical_url = spec.seo.canonical
            # Pages outside the nav in one folder share all but a few blocks (an entry page and the next one).
            shell_group = None if spec.in_nav else (posixpath.dirname(page.url.rstrip("/")), tuple(spec.hide))
            context["tekan_prerendered"] = build.shells.render(
                spec.template, context, shell_group, {"title": page.meta["title"]}
            )
        return context

    def on_post_page(self, output, page, config):
        build = self.state
        if page.file.src_uri not in build.pages:  # the templates' scripts around an article, for the CSP
            build.articles.note_frame(output, page.content)
        return admin.with_panel_script(output, page.url) if self.session.serving else output

    def on_build_error(self, error):
        # Nothing the failed build started may outlive it: the share drawing is stopped, not waited for; the search
        # index is let finish, or Python's clean-up of its temporary folder at exit races Pagefind writing into it
        # and prints a traceback under the Chinese error (seen once in CI). Its own error, if any, adds nothing.
        if self.build is not None:
            self.build.prepared.share_drawing.stop()
        with contextlib.suppress(Exception):
            self.session.finish_background()

    def on_post_build(self, config):
        """Finish the built folder: `_headers` for static hosts, every link and asset checked, the search index.

        The pages are read once, first: no step below changes them (the link check then finds the share images
        published and the assets minified). A broken link is a warning, so `--strict` refuses to publish the site.
        """
        build, site_dir = self.state, Path(config.site_dir)
        shells, session = build.shells, self.session
        # The pages first (reading them is a tenth of a build), while a cold build's share images are still drawn.
        scans = session.scan_site(site_dir)  # in `serve --dirty`, only pages written again are read again
        try:  # drawn in the background since on_config
            publish_share_images(build.prepared, site_dir)
        except DataErrors as errors:
            raise Abort("分享图未能生成，网站未生成：\n" + errors.report()) from None
        # Not after a `serve --dirty` save: it stays quick, and an edit undone a moment later finds its images.
        if not self.session.serving_dirty and (pruned := prune_caches(build.prepared)):
            log.info(f"缓存：已删除本次未用到的旧缩略图和分享图 {pruned} 个")
        minify_own_assets(Path(config.docs_dir), site_dir)
        log.debug(
            f"页面外框：{shells.filled} 页套用，{shells.full} 页完整渲染，未通过核对：{shells.unverified_groups()}"
        )
        if session.serving:
            self.preview_errors.write(site_dir)
        write_headers_file(site_dir, build.articles.theme_scripts(scans), admin.header_rules(build.settings.cms))
        report = check_site(
            site_dir, config.site_url, scans, only=session.pages_to_check(), skip_folders=(search.PAGEFIND_FOLDER,)
        )
        for link in report.broken:
            log.warning("链接失效：%s", link)
        for url, page in report.external.items():
            log.info("外部链接（未访问）：%s（见 %s）", url, page)
        # The search index started in on_env; `serve --dirty` reloads the preview without waiting for it.
        session.finish_background(wait_in_serve=False)


def _page_file(config, spec: PageSpec, stubs: dirty_serve.PageStubs | None) -> File:
    inclusion = InclusionLevel.INCLUDED if spec.in_nav else InclusionLevel.NOT_IN_NAV
    if stubs is None:
        file = File.generated(config, spec.src_uri, content="", inclusion=inclusion)
    else:
        stub = stubs.stub(spec.src_uri, _front_matter(spec), spec)
        file = File.generated(config, spec.src_uri, abs_src_path=stub, inclusion=inclusion)
        if spec.in_nav:  # MkDocs must read it for its title to be in the nav
            dirty_serve.read_on_every_build(file)
    GeneratedPage(file, config, _page_meta(spec))
    return file


def _write_search_index(config, site_dir: Path, snapshot: SearchSnapshot) -> None:
    """Index every page with Pagefind for Material's search box (see tekan/search/index.py)."""
    site = search.site_records(snapshot.pages, snapshot.markdown_pages)
    template = config.theme.get_env().get_template("partials/tekan/search-record.html")
    try:
        shards = search.write_pagefind_index(
            site.records, lambda record: template.render(record=record), site_dir, snapshot.shard_size
        )
    except search.SearchIndexError as error:
        raise Abort(str(error)) from None
    search.write_browser_files(site, shards, site_dir)
    log.info("搜索索引：%d 个页面，%d 个分片", len(site.records), len(shards))


# MkDocs finds a hook file's events as its module's functions: here they are one object's methods.
# These names are bound once, at import; everything that changes lives on the object.
_hooks = TekanHooks()
on_startup = _hooks.on_startup
on_config = _hooks.on_config
on_files = _hooks.on_files
on_nav = _hooks.on_nav
on_page_markdown = _hooks.on_page_markdown
on_page_content = _hooks.on_page_content
on_env = _hooks.on_env
on_page_context = _hooks.on_page_context
on_post_page = _hooks.on_post_page
on_post_build = _hooks.on_post_build
on_build_error = _hooks.on_build_error
