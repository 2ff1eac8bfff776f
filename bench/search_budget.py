"""Search budget at a province's scale: bytes before the first results, and latency per keystroke.

    python bench/search_budget.py --entries 10000            # generate, build, measure both engines
    python bench/search_budget.py --project /tmp/tekan-10k   # reuse a generated, built project (re-indexed)

Generates N synthetic entries with bench/generate.py, builds the site as `mkdocs build` does (Pagefind
behind Material's search box), then in Chromium over HTTP:

* opens a light page (about/), presses `/`, types a query and counts every byte fetched until the
  first results appear, gzip-compressed as a server would send them, split into the page itself and
  what search adds;
* types each latency query as an IME commits it and times the keyup to the results list changing.

It then measures Material's own engine on the same site: search_index.json trimmed to the words a
Pagefind record carries (tekan.search.material_index), answered by Material's unmodified worker.
Budget (issue 5): at most 500 KB gzip before the first results; results within 300 ms of the keystroke.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "bench"))

from search_box import clear_box, load_queries, open_search, shown_results  # noqa: E402
from support import CHROMIUM, CHROMIUM_ARGS, run_mkdocs_build, serve_directory  # noqa: E402

BUDGET_BYTES = 500 * 1024
BUDGET_MS = 300
FIRST_QUERY = "焊工"
LATENCY_QUERIES = ["深圳", "李明", "爱心驿站", "五一劳动奖章", "模范", "驿站", "2023 南粤工匠", "勞動模範",
                   "电工", "供电局", "疗休养", "工人先锋号", "zhangwei", "lm", "佛山 焊工", "新就业形态"]
SEARCH_FILES = re.compile(r"pagefind/|search/|search-worker|javascripts/workers/|javascripts/lunr/")
MATERIAL_WORKER = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js")

# Records the keyup in the search box and every change of the result list, with timestamps.
TIMING_SCRIPT = """
window.__tekan = {keyups: [], renders: []};
document.addEventListener("keyup", event => {
  if (event.target.matches && event.target.matches("input.md-search__input"))
    window.__tekan.keyups.push(performance.now());
}, true);
document.addEventListener("DOMContentLoaded", () => {
  const list = document.querySelector(".md-search-result__list");
  new MutationObserver(() => window.__tekan.renders.push([performance.now(), list.children.length]))
    .observe(list, {childList: true});
});
"""


def gzip_size(data: bytes) -> int:
    """Bytes on the wire with gzip; Pagefind's files are compressed already and stay as they are."""
    return min(len(data), len(gzip.compress(data, compresslevel=6, mtime=0)))


def measure_engine(site: Path, engine: str, cases) -> dict:
    from playwright.sync_api import sync_playwright

    figures: dict = {"engine": engine}
    with serve_directory(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.add_init_script(TIMING_SCRIPT)
        page = context.new_page()
        fetched: dict[str, int] = {}
        outside: list[str] = []

        def record(response):
            name = response.url[len(url):] if response.url.startswith(url) else response.url
            if not response.url.startswith(url):
                outside.append(response.url)
            try:
                fetched[name] = gzip_size(response.body())
            except Exception:  # redirects and aborted requests have no body
                pass

        page.on("response", record)
        page.goto(url + "about/", wait_until="load")
        open_search(page)
        started = time.perf_counter()
        page.keyboard.insert_text(FIRST_QUERY)
        page.locator("input.md-search__input").dispatch_event("keyup")
        first = shown_results(page, url, timeout_s=120)
        figures["first_results_s"] = round(time.perf_counter() - started, 2)
        figures["first_results"] = len(first)
        search_files = {n: s for n, s in fetched.items() if SEARCH_FILES.search(n)}
        figures["search_bytes"] = sum(search_files.values())
        figures["page_bytes"] = sum(s for n, s in fetched.items() if n not in search_files)
        figures["largest_search_files"] = sorted(search_files.items(), key=lambda item: -item[1])[:6]

        latencies = []
        for query in LATENCY_QUERIES:
            clear_box(page)
            page.wait_for_timeout(150)
            before = page.evaluate("window.__tekan.keyups.length")
            page.keyboard.insert_text(query)
            page.locator("input.md-search__input").dispatch_event("keyup")
            try:
                shown_results(page, url, timeout_s=30)
            except Exception:
                latencies.append((query, None))
                continue
            keyup, renders = page.evaluate("[window.__tekan.keyups[%d], window.__tekan.renders]" % before)
            shown = next((t for t, children in renders if t > keyup and children > 0), None)
            latencies.append((query, None if shown is None else round(shown - keyup, 1)))
        figures["latency_ms"] = latencies
        timed = [ms for _, ms in latencies if ms is not None]
        figures["latency_median_ms"] = round(statistics.median(timed), 1) if timed else None
        figures["latency_max_ms"] = max(timed) if timed else None
        figures["outside_requests"] = outside

        if cases:
            from search_box import search

            hits = sum(case.expect in search(page, url, case.query)[:3] for case in cases)
            figures["recall_at_3"] = round(hits / len(cases), 3)
        browser.close()
    return figures


def use_material_engine(site: Path, project: Path) -> dict[Path, bytes]:
    """Switch the built site to Material's own worker and a trimmed index; returns the files to restore."""
    from tekan import search
    from tekan.dataset import load_site_data
    from tekan.pages import site_pages

    records = search.page_records(site_pages(load_site_data(project / "data", project)))
    saved: dict[Path, bytes] = {}
    index = site / search.MATERIAL_INDEX
    saved[index] = index.read_bytes()
    index.write_text(json.dumps(search.material_index(records), ensure_ascii=False, separators=(",", ":")),
                     encoding="utf-8")
    worker = next((site / "assets/javascripts/workers").glob("search.*.min.js")).relative_to(site).as_posix()
    for html in site.rglob("index.html"):
        if html.parent.name in ("about",) or html.parent == site / "2023":
            saved[html] = html.read_bytes()
            html.write_text(html.read_text(encoding="utf-8").replace(
                "assets/javascripts/search-worker.js", worker), encoding="utf-8")
    return saved


def reindex(project: Path) -> tuple[int, int, float, float]:
    """Rebuild site/pagefind/ from the data with the current code, outside MkDocs.

    Returns (pages, shards, seconds for the records, seconds for Pagefind).
    """
    import jinja2

    from tekan import search
    from tekan.dataset import load_site_data
    from tekan.pages import site_pages

    pages = site_pages(load_site_data(project / "data", project))  # the site's page models, not timed
    started = time.perf_counter()
    records = search.page_records(pages)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(project / "overrides")))
    template = env.get_template("partials/tekan/search-record.html")
    made = time.perf_counter()
    site = project / "site"
    shutil.rmtree(site / "pagefind", ignore_errors=True)
    shards = search.write_pagefind_index(records, lambda r: template.render(record=r), site)
    search.write_browser_files(records, shards, site)
    return len(records), len(shards), made - started, time.perf_counter() - made


def report(figures: dict) -> None:
    engine = figures["engine"]
    print(f"\n== {engine}")
    print(f"  downloaded before the first results: {figures['search_bytes'] / 1024:.1f} KB gzip for search"
          f" + {figures['page_bytes'] / 1024:.1f} KB for the page itself"
          f" = {(figures['search_bytes'] + figures['page_bytes']) / 1024:.1f} KB"
          f" (budget {BUDGET_BYTES // 1024} KB: {'met' if figures['search_bytes'] + figures['page_bytes'] <= BUDGET_BYTES else 'NOT met'})")
    print(f"  first results after {figures['first_results_s']} s ({figures['first_results']} shown);"
          f" largest search files: " + ", ".join(f"{n} {s / 1024:.1f} KB" for n, s in figures["largest_search_files"]))
    print(f"  keystroke to results: median {figures['latency_median_ms']} ms, max {figures['latency_max_ms']} ms"
          f" (budget {BUDGET_MS} ms: {'met' if figures['latency_max_ms'] is not None and figures['latency_max_ms'] <= BUDGET_MS else 'NOT met'})")
    print("  " + ", ".join(f"{q} {ms} ms" for q, ms in figures["latency_ms"]))
    if "recall_at_3" in figures:
        print(f"  recall@3 over tests/search/queries.yml: {figures['recall_at_3']:.1%}")
    print(f"  requests leaving the site: {len(figures['outside_requests'])}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--project", type=Path, help="a generated project with site/ built; skips generate and build")
    parser.add_argument("--engine", choices=("pagefind", "material", "both"), default="both")
    parser.add_argument("--keep-index", action="store_true",
                        help="measure the index the build wrote instead of re-indexing with the current code")
    parser.add_argument("--shipped", action="store_true",
                        help="measure the shipped data instead, with recall@3 over tests/search/queries.yml")
    args = parser.parse_args(argv)

    workdir = None
    cases = []
    if args.project:
        project = args.project
    elif args.shipped:
        from support import copy_project

        workdir = Path(tempfile.mkdtemp(prefix="tekan-search-budget-"))
        project = copy_project(workdir / "project")
        if run_mkdocs_build(project, project / "site").returncode != 0:
            print("the shipped project does not build")
            return 1
        cases = load_queries()
    else:
        from generate import generate

        workdir = Path(tempfile.mkdtemp(prefix="tekan-search-budget-"))
        project = workdir / "project"
        generate(project, args.entries, args.seed)
        started = time.perf_counter()
        result = run_mkdocs_build(project, project / "site")
        if result.returncode != 0:
            print(result.stdout + result.stderr)
            return 1
        print(f"built {args.entries} entries in {time.perf_counter() - started:.1f} s (whole mkdocs build)")
    site = project / "site"
    try:
        if not args.keep_index:
            pages, shards, records_s, pagefind_s = reindex(project)
            size = sum(f.stat().st_size for f in (site / "pagefind").rglob("*") if f.is_file()) / 2**20
            print(f"search index: {pages} pages in {shards} shards; records {records_s:.2f} s,"
                  f" Pagefind {pagefind_s:.2f} s; {size:.1f} MB on disk")
        if args.engine in ("pagefind", "both"):
            report(measure_engine(site, "Pagefind behind Material's search box", cases))
        if args.engine in ("material", "both"):
            saved = use_material_engine(site, project)
            try:
                index = site / "search/search_index.json"
                print(f"\nMaterial trimmed search_index.json: {index.stat().st_size / 2**20:.1f} MB,"
                      f" {gzip_size(index.read_bytes()) / 1024:.0f} KB gzip")
                report(measure_engine(site, "Material's search, index trimmed for entry pages", cases))
            finally:
                for path, data in saved.items():
                    path.write_bytes(data)
    finally:
        if workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
