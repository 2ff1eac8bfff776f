"""Rebuild only the pages a save has changed, while `make serve` runs (`mkdocs serve --dirty`).

MkDocs renders every page again after every save: with a thousand entries
that is most of ten seconds between saving a YAML file and seeing it. In its
dirty mode MkDocs skips a page whose source file is older than the page it
wrote last time, but our pages have no source file: generated from memory,
they always count as changed.

So, in dirty serve mode only, every generated page is backed by a small stub
file under `.cache/tekan/pages/` holding its front matter, and the stub is
written again only when the page's fingerprint changes: a digest of its page
model (everything its template shows) and of what every page shares (the
navigation's entries, the templates, mkdocs.yml). MkDocs then renders just
those pages. Hand-written pages may show data through shortcodes, so they
are always rendered again; they are few.

Plain Python, no MkDocs imports. What lives as long as the `serve` process,
across its rebuilds, is held by one `ServeSession`, which the hook makes in
`on_startup` (a plain build gets one too): the pages' fingerprints, the
latest scans of the built pages, the background work, and Jinja's compiled
templates.
MkDocs does not clean its folder in dirty mode, so a deleted entry's page would
stay in the preview until a restart: `remove_gone_files` deletes what the
previous rebuild generated and this one no longer does.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
import jinja2.bccache

if TYPE_CHECKING:
    from tekan.pages.prepare import PreparedBuild
    from tekan.render.engine import File
    from tekan.settings import Settings

STUB_FOLDER = Path(".cache") / "tekan" / "pages"


class _DirtyWarningFilter(logging.Filter):
    """MkDocs warns on every dirty build that navigation may be stale; ours is kept right (see above)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build is being performed" not in record.getMessage()


_DIRTY_FILTER = _DirtyWarningFilter()


def fingerprint(*parts: object) -> str:
    """A digest of the parts' repr: page models are dataclasses, dicts and lists of plain values."""
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(repr(part).encode("utf-8", "surrogatepass"))
        digest.update(b"\x1f")
    return digest.hexdigest()


def _tree_stamps(folder: Path) -> list[tuple[str, int, int]]:
    stamps = []
    for path, folders, files in os.walk(folder):
        folders.sort()
        for name in sorted(files):
            info = os.stat(os.path.join(path, name))
            stamps.append((os.path.join(path, name), info.st_mtime_ns, info.st_size))
    return stamps


def shared_fingerprint(root: Path, nav_entries: Iterable[object], hand_written: Iterable[str]) -> str:
    """What every page shows besides its own model: the nav's entries, the templates, the configuration.

    Hand-written pages count by name only: adding or removing one changes the
    nav everywhere; retitling one shows on other pages after the next full change.
    """
    config = root / "mkdocs.yml"
    config_stamp = config.stat().st_mtime_ns if config.is_file() else 0
    return fingerprint(list(nav_entries), sorted(hand_written), _tree_stamps(root / "overrides"), config_stamp)


class PageStubs:
    """The stub files of one build; `rewritten` counts the pages MkDocs will render again."""

    def __init__(self, root: Path, shared: str, fingerprints: dict[str, str]):
        self.folder = root / STUB_FOLDER
        self.shared = shared
        # Each page's fingerprint when its stub was last written, kept by the session across rebuilds.
        self.fingerprints = fingerprints
        self.rewritten = 0

    def stub(self, src_uri: str, front_matter: str, page_model: object) -> str:
        """The stub's path; written (so newer than the page MkDocs wrote) only if the page changed."""
        path = self.folder / src_uri
        digest = fingerprint(self.shared, front_matter, page_model)
        if self.fingerprints.get(src_uri) != digest or not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(front_matter, encoding="utf-8")
            self.fingerprints[src_uri] = digest
            self.rewritten += 1
        return str(path)


def read_on_every_build(file: File) -> None:
    """Make `serve --dirty` read the file on every rebuild, as if it had just been saved."""
    # MkDocs asks each file's is_modified(); replacing that method on one instance is how a hook says so.
    file.is_modified = always_modified  # type: ignore[method-assign]


def always_modified() -> bool:
    """Stands in for `File.is_modified` of pages read again on every build.

    Hand-written pages, whose shortcodes show data; and every page in the
    navigation, because in dirty mode MkDocs reads only modified pages, and the
    title of a page it has not read is missing from the nav of those it renders.
    """
    return True


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the whole `serve`.

    MkDocs makes a new Jinja environment for every rebuild, which compiles
    Material's templates and ours again (about half a second). Jinja checks
    each template's source against the checksum stored with its code, so an
    edited template is compiled again.
    """

    def __init__(self):
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


class _BackgroundTask(threading.Thread):
    def __init__(self, task: Callable[[], None], what: str, report_here: bool):
        super().__init__(name=f"tekan {what}", daemon=True)
        self.task = task
        self.what = what
        self.report_here = report_here
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.task()
        except BaseException as problem:  # handed to whoever waits (finish_background)
            self.error = problem
            if self.report_here:  # nobody waits: the preview goes on, the terminal says what failed
                logging.getLogger("mkdocs.plugins.tekan").error(f"{self.what}失败：{problem}")


def _remove_empty_folders(folder: Path, top: Path) -> None:
    while folder != top and folder.is_relative_to(top):
        try:
            folder.rmdir()
        except OSError:  # not empty (or already gone): stop here
            return
        folder = folder.parent


class ServeSession:
    """What outlives one build: made once per MkDocs run (`on_startup`), kept across `serve`'s rebuilds."""

    def __init__(self, command: str = "build", dirty: bool = False):
        # True under `mkdocs serve`, where a failed rebuild would leave the preview hanging.
        self.serving = command == "serve"
        self.serving_dirty = self.serving and dirty
        self.fingerprints: dict[str, str] = {}
        self.scans: dict[str, tuple[int, int, object]] = {}  # built page -> (mtime, size, its htmlscan.PageScan)
        self.rescanned: set[str] | None = None  # pages read again by the latest scan; None before the first
        self.background: _BackgroundTask | None = None
        self.compiled = _CompiledTemplates()
        # Generated file's source URI -> the file it became in the site, as of the latest rebuild.
        self.generated: dict[str, str] = {}
        # The settings and data of the latest build that loaded without errors: `serve` previews them while
        # the data is wrong (on_config).
        self.last_good: tuple[Settings, PreparedBuild] | None = None
        logger = logging.getLogger("mkdocs.commands.build")
        if self.serving_dirty:
            logger.addFilter(_DIRTY_FILTER)
        else:
            logger.removeFilter(_DIRTY_FILTER)

    def page_stubs(self, root: Path, specs: Iterable, hand_written: Iterable[str]) -> PageStubs:
        """Stubs for this build's generated pages (`specs` are `pages.PageSpec`)."""
        nav = [(s.src_uri, s.nav_title, s.nav_rank) for s in specs if s.in_nav]
        return PageStubs(root, shared_fingerprint(root, nav, hand_written), self.fingerprints)

    def remove_gone_files(self, site_dir: Path, root: Path, generated: dict[str, str]) -> list[str]:
        """In dirty serve mode: delete from the preview the pages and files the previous rebuild generated
        and this one does not (a deleted entry, a listing page fewer), and their stubs.
        `generated` maps this rebuild's generated source URIs to their site paths. Returns what went."""
        if not self.serving_dirty:
            return []
        gone = sorted(uri for uri in self.generated if uri not in generated)
        site_dir = site_dir.resolve()
        for uri in gone:
            built = (site_dir / self.generated[uri]).resolve()
            if built.is_relative_to(site_dir):  # never outside the preview's own folder
                built.unlink(missing_ok=True)
                _remove_empty_folders(built.parent, site_dir)
            (root / STUB_FOLDER / uri).unlink(missing_ok=True)
            self.fingerprints.pop(uri, None)
            self.scans.pop(self.generated[uri], None)
        self.generated = dict(generated)
        return gone

    def keep_compiled_templates(self, env: jinja2.Environment) -> None:
        """In dirty serve mode, let the theme's environment reuse templates compiled by earlier rebuilds."""
        if self.serving_dirty and env.bytecode_cache is None:
            env.bytecode_cache = self.compiled

    def scan_site(self, site_dir: Path) -> dict:
        """`htmlscan.scan_site`, except that in dirty serve mode a page not written again keeps its scan.

        The link check after every build reads every page; after a save only the
        pages MkDocs rendered again have changed, and only their links are checked
        again (`pages_to_check`): the preview is not what gets published, and
        `make build` checks every page.
        """
        from tekan.checks.htmlscan import scan_page
        from tekan.checks.htmlscan import scan_site as scan_every_page

        if not self.serving_dirty:
            return scan_every_page(site_dir)
        scans, rescanned = {}, set()
        for file in sorted(site_dir.rglob("*.html")):
            path = file.relative_to(site_dir).as_posix()
            info = file.stat()
            known = self.scans.get(path)
            if known is None or known[:2] != (info.st_mtime_ns, info.st_size):
                known = self.scans[path] = (info.st_mtime_ns, info.st_size, scan_page(file.read_bytes(), path))
                rescanned.add(path)
            scans[path] = known[2]
        self.rescanned = rescanned
        return scans

    def pages_to_check(self) -> set[str] | None:
        """In dirty serve mode after the first build, the pages whose links need checking: those written again.
        None means every page (any other build, or the first one of a `serve`)."""
        if not self.serving_dirty or self.rescanned is None or len(self.scans) == len(self.rescanned):
            return None
        return set(self.rescanned)

    def in_background(self, task: Callable[[], None], what: str) -> None:
        """Run `task` (the search index) in a thread while MkDocs renders the pages.

        `task` must work on a snapshot of the build's data, not on lists the build still changes.
        The task's heavy part runs in another process (Pagefind), so on two cores
        it costs the build little wall time. A build waits for it at the end
        (`finish_background`, which raises what the task raised); in dirty serve
        mode the preview reloads without waiting, and the next rebuild waits first
        (on_config), so two never write into the site at once.
        """
        self.finish_background()
        self.background = _BackgroundTask(task, what, report_here=self.serving_dirty)
        self.background.start()

    def finish_background(self, wait_in_serve: bool = True) -> None:
        """Wait for the work started by `in_background`, and raise its error.

        In dirty serve mode with `wait_in_serve=False` (the end of a rebuild) this
        does nothing: the preview does not wait, and the error, if any, is
        already in the terminal.
        """
        if self.background is None or (self.serving_dirty and not wait_in_serve):
            return
        task, self.background = self.background, None
        task.join()
        if task.error is not None and not self.serving_dirty:
            raise task.error
