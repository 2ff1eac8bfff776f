"""Measuring helpers for the benchmark: timed processes with their tree's peak memory, and built-site figures."""

from __future__ import annotations

import contextlib
import gzip
import importlib
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Run:
    """One finished process: wall time, peak memory of its whole process tree, and its output."""

    seconds: float
    peak_bytes: int
    returncode: int
    stdout: str
    stderr: str
    cpu_seconds: float = 0.0  # user + system time of the process and its waited-for children


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                kids.extend(int(child) for child in handle.read().split())
    except OSError:
        pass
    return kids


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, now."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += _rss(current)
        stack.extend(_children(current))
    return total


def run_measured(command: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 1800) -> Run:
    """Run a command; report wall time and the peak resident memory of its process tree.

    The tree is sampled every 20 ms (the sum over processes alive at once); the
    kernel's own maximum for the largest single process (wait4's ru_maxrss) is
    taken too, so a short spike between samples is not missed entirely.
    """
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(process.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output: dict[str, str] = {}

    def drain(name, stream):
        output[name] = stream.read()

    readers = [
        threading.Thread(target=drain, args=(n, s), daemon=True)
        for n, s in (("stdout", process.stdout), ("stderr", process.stderr))
    ]
    for reader in readers:
        reader.start()
    deadline = started + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            process.kill()
            pid, status, usage = os.wait4(process.pid, 0)
            break
        time.sleep(0.005)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    sampler.join()
    for reader in readers:
        reader.join()
    peak = max(peak, usage.ru_maxrss * 1024)
    return Run(
        seconds,
        peak,
        process.returncode,
        output.get("stdout", ""),
        output.get("stderr", ""),
        usage.ru_utime + usage.ru_stime,
    )


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


@dataclass
class SiteFigures:
    pages: int
    bytes: int
    largest_page: tuple[str, int]
    largest_entry_page: tuple[str, int]
    html_bytes: int = 0


ENTRY_COLLECTIONS = ("workers", "craftsmen", "sites")


def site_figures(site: Path) -> SiteFigures:
    """Pages (HTML files), total size, the largest page and the largest entry page."""
    pages = 0
    total = html = 0
    largest = ("", 0)
    largest_entry = ("", 0)
    for folder, _, files in os.walk(site):
        for name in files:
            path = Path(folder) / name
            size = path.stat().st_size
            total += size
            if not name.endswith(".html"):
                continue
            pages += 1
            html += size
            relative = path.relative_to(site).as_posix()
            if size > largest[1]:
                largest = (relative, size)
            parts = relative.split("/")
            # <year>/<collection>/<id>/index.html
            is_entry = len(parts) == 4 and parts[0].isdigit() and parts[1] in ENTRY_COLLECTIONS
            if is_entry and parts[3] == "index.html" and size > largest_entry[1]:
                largest_entry = (relative, size)
    return SiteFigures(pages, total, largest, largest_entry, html)


def gzip_size(data: bytes) -> int:
    """Bytes on the wire when served with gzip; files already compressed are not made larger."""
    return min(len(data), len(gzip.compress(data, compresslevel=6, mtime=0)))


@dataclass
class SearchFigures:
    """What a reader's first search downloads."""

    engine: str
    gzip_bytes: int
    raw_bytes: int
    files: list[tuple[str, int]] = field(default_factory=list)
    note: str = ""


SEARCH_QUERIES = ("焊工", "广州 爱心驿站")
# What search adds to a page: Pagefind's files, the search folder, workers and their scripts.
SEARCH_FILE = re.compile(r"pagefind/|search/|search-worker|javascripts/workers/|javascripts/lunr/")


def first_search(site: Path) -> SearchFigures:
    """Measure what the first search downloads.

    With a Pagefind index in the site, Chromium opens the home page, runs one
    query through Pagefind's own browser API (plus whatever the site's search
    box loads) and every file fetched for it is counted, gzip-compressed as a
    server would send it. With Material's search, the first search downloads the
    whole search_index.json (and the worker), which is measured from disk.
    """
    pagefind = site / "pagefind" / "pagefind.js"
    if pagefind.is_file():
        return _pagefind_first_search(site)
    index = site / "search" / "search_index.json"
    if index.is_file():
        data = index.read_bytes()
        files = [("search/search_index.json", gzip_size(data))]
        for worker in sorted((site / "assets" / "javascripts" / "workers").glob("search*.js")):
            files.append((worker.relative_to(site).as_posix(), gzip_size(worker.read_bytes())))
        return SearchFigures(
            "material",
            sum(s for _, s in files),
            len(data),
            files,
            "Material's search downloads the whole index at the first search",
        )
    return SearchFigures("none", 0, 0, [], "no search index in the built site")


def _pagefind_first_search(site: Path) -> SearchFigures:
    sys.path.insert(0, str(ROOT / "tests"))
    from playwright.sync_api import sync_playwright

    from support import CHROMIUM, CHROMIUM_ARGS, serve_directory

    search_box: ModuleType | None
    try:  # the search box as readers use it, when the search tests' helpers are there
        search_box = importlib.import_module("search_box")
    except ImportError:
        search_box = None
    worst: SearchFigures | None = None
    with serve_directory(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            for query in SEARCH_QUERIES:
                context = browser.new_context()
                page = context.new_page()
                fetched: dict[str, bytes] = {}

                def record(response, fetched=fetched):
                    name = response.url[len(url) :] if response.url.startswith(url) else ""
                    # Search files only, whether the page loads them eagerly or the query does.
                    if not SEARCH_FILE.search(name) or not response.ok:
                        return
                    # A response that went away (redirect, aborted) has no body to count.
                    with contextlib.suppress(Exception):
                        fetched[name] = response.body()

                page.on("response", record)
                if search_box is not None:
                    page.goto(url + "about/", wait_until="load")
                    search_box.open_search(page)
                    search_box.type_query(page, query)
                    search_box.shown_results(page, url, timeout_s=120)
                    how = f"first query 「{query}」 typed into the search box, until its results show"
                else:
                    page.goto(url, wait_until="load")
                    page.evaluate(
                        """async ([base, query]) => {
                            const pagefind = await import(base + "pagefind/pagefind.js");
                            await pagefind.options({baseUrl: new URL(base).pathname});
                            const found = await pagefind.search(query);
                            await Promise.all(found.results.slice(0, 5).map((r) => r.data()));
                        }""",
                        [url, query],
                    )
                    how = f"first query 「{query}」 through Pagefind's API, five results loaded"
                page.wait_for_timeout(300)
                files = sorted(((name, gzip_size(body)) for name, body in fetched.items()), key=lambda f: -f[1])
                figures = SearchFigures(
                    "pagefind", sum(s for _, s in files), sum(len(b) for b in fetched.values()), files, how
                )
                if worst is None or figures.gzip_bytes > worst.gzip_bytes:
                    worst = figures
                context.close()
        finally:
            browser.close()
    if worst is None:
        raise RuntimeError(f"no page of {site} was searched")
    return worst


@dataclass
class ShareFigures:
    """What the share images and QR codes cost a build (hooks/tekan/pages/sharing.py, sharedraw.py): made cold,
    then found in the cache."""

    pages: int
    drawn: int  # cards drawn (pages with the same text share one)
    squares: int  # squares drawn (entries with the same avatar share one)
    qr_seconds: float  # QR codes, made before MkDocs renders (the build waits for them)
    cold_seconds: float  # everything, QR codes and drawing, as if nothing overlapped
    cold_cpu_seconds: float
    cached_seconds: float
    bytes: int


def share_cost(project: Path) -> ShareFigures:
    """Share images and QR codes of a generated project, made into an empty cache and then made again.

    The same work as in the build, measured alone: in the build the drawing runs while MkDocs renders, so
    what it adds to the build's wall time is less. CPU time counts the processes that share the work."""
    import tempfile

    sys.path.insert(0, str(ROOT / "hooks"))
    from tekan.dataset import photos
    from tekan.dataset.loader import load_site_data
    from tekan.pages.articles import find_articles
    from tekan.pages.prepare import share_jobs
    from tekan.pages.sharecards import ShareImageCache, find_fonts
    from tekan.pages.sharedraw import ShareDrawing
    from tekan.pages.sharing import QrCodeCache, plan_share_views
    from tekan.pages.specs import site_pages

    site = load_site_data(project / "data", project)
    entry_photos = photos.prepare_photos(
        (entry for issue in site.issues for entry in issue.all_entries()),
        photos.ThumbnailCache(project / ".cache" / "thumbnails"),
    )
    specs = site_pages(site, entry_photos, project / "content")
    site_url = "https://example.org/tekan/"
    jobs = share_jobs(site, specs, find_articles(site, project / "content"), site_url)
    fonts = find_fonts()

    with tempfile.TemporaryDirectory(prefix="tekan-share-") as name:
        folder = Path(name)
        before, started = os.times(), time.perf_counter()
        cache = ShareImageCache(folder, fonts)
        plan_share_views(jobs, cache, QrCodeCache(folder, site_url))
        qr = time.perf_counter() - started
        to_draw = cache.missing(job.text for job in jobs)
        ShareDrawing.start(cache, to_draw).wait()
        cold = time.perf_counter() - started
        after = os.times()
        cpu = sum(after[:4]) - sum(before[:4])
        started = time.perf_counter()
        again = ShareImageCache(folder, fonts)
        plan_share_views(jobs, again, QrCodeCache(folder, site_url))
        ShareDrawing.start(again, again.missing(job.text for job in jobs)).wait()
        cached = time.perf_counter() - started
        files = list(folder.iterdir())
        size = sum(path.stat().st_size for path in files)
        squares = sum(1 for path in files if path.name.endswith("-square.jpg"))
    return ShareFigures(len(jobs), len(to_draw), squares, qr, cold, cpu, cached, size)


if __name__ == "__main__":
    # python bench/measure.py share PROJECT: the share images' cost for one generated project.
    if sys.argv[1:2] == ["share"]:
        figures = share_cost(Path(sys.argv[2]))
        print(
            f"{figures.pages:,} pages: {figures.drawn:,} cards and {figures.squares:,} squares drawn, QR codes made, "
            f"in {figures.cold_seconds:.1f} s ({figures.cold_cpu_seconds:.1f} s CPU, "
            f"{figures.cold_cpu_seconds / figures.pages * 1000:.2f} ms CPU a page; "
            f"QR codes {figures.qr_seconds:.1f} s), "
            f"cached {figures.cached_seconds:.2f} s; {figures.bytes / 1024 / 1024:.0f} MiB of images and QR codes"
        )
