"""Search budget at a province's scale: bytes before the first results, and latency per keystroke.

    python bench/search_budget.py --entries 10000            # generate, build, measure both engines
    python bench/search_budget.py --project /tmp/tekan-10k --engine pagefind   # reuse a built project
    python bench/search_budget.py --project /tmp/tekan-10k --reindex   # ... re-indexed with the current code

Generates N synthetic entries with bench/generate.py, builds the site as `mkdocs build` does (Pagefind
behind Material's search box), then in Chromium over HTTP:

* opens a light page (about/), presses `/`, types a query and counts every byte fetched until the
  first results appear, gzip-compressed as a server would send them, split into the page itself and
  what search adds;
* then types each latency query as an IME commits it and times its last keyup to the result list
  being filled, and counts what that query fetched (index chunks, result fragments);
* repeats both in a fresh browser context (empty cache) --repeats times, and prints the median and
  the maximum per query.

It then measures Material's own engine on the same site: search_index.json trimmed to the words a
Pagefind record carries (material_index below), answered by Material's unmodified worker.
Budget: at most 500 KB gzip before the first results; results within 300 ms of the keystroke.
"""

from __future__ import annotations

import argparse
import contextlib
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
from support import CHROMIUM, CHROMIUM_ARGS, nginx_serving, run_mkdocs_build, serve_directory  # noqa: E402

BUDGET_BYTES = 500 * 1024
BUDGET_MS = 300
FIRST_QUERY = "焊工"
LATENCY_QUERIES = [
    "深圳",
    "李明",
    "爱心驿站",
    "五一劳动奖章",
    "模范",
    "驿站",
    "2023 南粤工匠",
    "勞動模範",
    "电工",
    "供电局",
    "疗休养",
    "工人先锋号",
    "zhangwei",
    "lm",
    "佛山 焊工",
    "新就业形态",
]
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


def material_index(records) -> dict:
    """Material's search_index.json trimmed to the same words: the engine Pagefind was measured against.

    Not used by the build: this benchmark writes it to compare sizes and recall.
    Words are separated by spaces, so Material's own query segmenter finds them without jieba.
    """
    docs = []
    for record in records:
        words = [*record.names, *record.keywords]
        doc = {"location": record.url, "title": record.title, "text": " ".join(w for w in words if w)}
        if record.sample:
            doc["tags"] = ["示例"]
        docs.append(doc)
    config = {
        "lang": ["zh"],
        "separator": r"[\s\u200b\u3000\-、。，．？！；]+",
        "pipeline": ["stemmer"],
        "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}},
    }
    return {"config": config, "docs": docs}


def gzip_size(data: bytes) -> int:
    """Bytes on the wire with gzip; Pagefind's files are compressed already and stay as they are."""
    return min(len(data), len(gzip.compress(data, compresslevel=6, mtime=0)))


def _keystroke_to_results(page, url: str, query: str) -> float | None:
    """Type one query as an IME commits it; ms from its last keyup to the result list being filled."""
    clear_box(page)
    page.wait_for_timeout(150)
    before = page.evaluate("window.__tekan.renders.length")
    page.keyboard.insert_text(query)
    page.locator("input.md-search__input").dispatch_event("keyup")
    try:
        shown_results(page, url, timeout_s=30)
    except Exception:
        return None
    keyups, renders = page.evaluate(f"[window.__tekan.keyups, window.__tekan.renders.slice({before:d})]")
    shown = next((t for t, children in renders if t > keyups[-1] and children > 0), None)
    return None if shown is None else round(shown - keyups[-1], 1)


@contextlib.contextmanager
def serving(site: Path, server: str):
    """The site over HTTP: Debian's nginx (keep-alive, as a static host serves it) or the tests' Python server."""
    if server == "python":
        with serve_directory(site) as url:
            yield url
        return
    # Under a sub-path, without gzip, as the measurements so far were taken (through the sub-path test's nginx).
    with nginx_serving(site, gzip=False, subpath="/tekan/") as url:
        yield url


def measure_engine(site: Path, engine: str, cases, repeats: int = 5, server: str = "nginx") -> dict:
    """Each repeat in a fresh browser context (empty cache): the first search, then every latency query once."""
    from playwright.sync_api import sync_playwright

    figures: dict = {"engine": engine, "repeats": repeats, "server": server}
    latencies: dict[str, list[float | None]] = {query: [] for query in LATENCY_QUERIES}
    query_bytes: dict[str, list[int]] = {query: [] for query in LATENCY_QUERIES}
    first: list[dict] = []
    outside: list[str] = []
    with serving(site, server) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for _ in range(repeats):
            context = browser.new_context()
            context.add_init_script(TIMING_SCRIPT)
            page = context.new_page()
            fetched: dict[str, int] = {}

            def record(response, fetched=fetched):
                name = response.url[len(url) :] if response.url.startswith(url) else response.url
                if not response.url.startswith(url):
                    outside.append(response.url)
                with contextlib.suppress(Exception):  # redirects and aborted requests have no body
                    fetched[name] = gzip_size(response.body())

            page.on("response", record)
            page.goto(url + "about/", wait_until="load")
            open_search(page)
            started = time.perf_counter()
            page.keyboard.insert_text(FIRST_QUERY)
            page.locator("input.md-search__input").dispatch_event("keyup")
            shown = shown_results(page, url, timeout_s=120)
            search_files = {n: size for n, size in fetched.items() if SEARCH_FILES.search(n)}
            first.append(
                {
                    "seconds": time.perf_counter() - started,
                    "shown": len(shown),
                    "search_bytes": sum(search_files.values()),
                    "page_bytes": sum(size for n, size in fetched.items() if n not in search_files),
                    "largest": sorted(search_files.items(), key=lambda item: -item[1])[:6],
                }
            )
            for query in LATENCY_QUERIES:
                known = set(fetched)
                latencies[query].append(_keystroke_to_results(page, url, query))
                query_bytes[query].append(sum(size for n, size in fetched.items() if n not in known))
            context.close()

        if cases:
            from search_box import search

            context = browser.new_context()
            page = context.new_page()
            page.goto(url + "about/", wait_until="load")
            open_search(page)
            hits = sum(case.expect in search(page, url, case.query)[:3] for case in cases)
            figures["recall_at_3"] = round(hits / len(cases), 3)
            context.close()
        browser.close()
    # The first search of the first repeat: every repeat starts from an empty cache, so they fetch the same.
    figures["first"] = max(first, key=lambda f: f["search_bytes"] + f["page_bytes"])
    figures["first_results_s"] = round(statistics.median(f["seconds"] for f in first), 2)
    figures["per_query"] = {
        query: {
            "median": _median(times),
            "max": max((t for t in times if t is not None), default=None),
            "failed": sum(t is None for t in times),
            "bytes": int(statistics.median(query_bytes[query])),
        }
        for query, times in latencies.items()
    }
    timed = [t for times in latencies.values() for t in times if t is not None]
    figures["latency_median_ms"] = _median(timed)
    figures["latency_max_ms"] = max(timed) if timed else None
    figures["failed"] = sum(t is None for times in latencies.values() for t in times)
    figures["outside_requests"] = outside
    return figures


def _median(values) -> float | None:
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 1) if values else None


def use_material_engine(site: Path, project: Path) -> dict[Path, bytes]:
    """Switch the built site to Material's own worker and a trimmed index; returns the files to restore."""
    from tekan.dataset.loader import load_site_data
    from tekan.pages.specs import site_pages
    from tekan.search import index as search

    records = search.page_records(site_pages(load_site_data(project / "data", project)))
    saved: dict[Path, bytes] = {}
    index = site / search.MATERIAL_INDEX
    saved[index] = index.read_bytes()
    index.write_text(json.dumps(material_index(records), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    worker = next((site / "assets/javascripts/workers").glob("search.*.min.js")).relative_to(site).as_posix()
    for html in site.rglob("index.html"):
        if html.parent.name in ("about",) or html.parent == site / "2023":
            saved[html] = html.read_bytes()
            html.write_text(
                html.read_text(encoding="utf-8").replace("assets/javascripts/search-worker.js", worker),
                encoding="utf-8",
            )
    return saved


def _built_markdown_pages(project: Path, site: Path) -> list:
    """The Markdown pages of content/ as the build rendered them (their article element)."""
    from selectolax.lexbor import LexborHTMLParser

    from tekan.search import index as search

    pages = []
    for source in sorted((project / "content").rglob("*.md")):
        url = source.relative_to(project / "content").with_suffix("").as_posix() + "/"
        built = site / url / "index.html"
        if not built.is_file():
            continue
        tree = LexborHTMLParser(built.read_text(encoding="utf-8"))
        article, title = tree.css_first("article"), tree.css_first("h1")
        if article is not None:
            pages.append(search.MarkdownPage(url, title.text() if title else "", article.html or ""))
    return pages


def reindex(project: Path) -> dict:
    """Rebuild site/pagefind/ with the current code, outside MkDocs, and put the current worker in.

    Returns the pages, shards and the index's cost: wall and CPU seconds for the records (segmenting,
    pinyin) and for writing them and running Pagefind (its binary's CPU counted apart).
    """
    import resource

    import jinja2

    from tekan.dataset.loader import load_site_data
    from tekan.pages.specs import site_pages
    from tekan.search import index as search
    from tekan.settings import Settings

    site = project / "site"
    pages = site_pages(load_site_data(project / "data", project))  # the site's page models, not timed
    markdown = _built_markdown_pages(project, site)
    started, cpu = time.perf_counter(), time.process_time()
    indexed = search.site_records(pages, markdown)
    made, made_cpu = time.perf_counter(), time.process_time()
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ROOT / "overrides")))
    template = env.get_template("partials/tekan/search-record.html")
    shutil.rmtree(site / "pagefind", ignore_errors=True)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    shards = search.write_pagefind_index(
        indexed.records, lambda r: template.render(record=r), site, shard_pages=Settings().search_shard_size
    )
    search.write_browser_files(indexed, shards, site)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    shutil.copy(ROOT / "content/assets/javascripts/search-worker.js", site / "assets/javascripts/search-worker.js")
    return {
        "pages": len(indexed.records),
        "shards": len(shards),
        "terms": len(indexed.query_terms),
        "records_s": made - started,
        "records_cpu": made_cpu - cpu,
        "pagefind_s": time.perf_counter() - made,
        "pagefind_cpu": time.process_time() - made_cpu,
        "binary_cpu": after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime,
        "binary_rss_mb": after.ru_maxrss / 1024,
    }


def report(figures: dict) -> None:
    first = figures["first"]
    total = first["search_bytes"] + first["page_bytes"]
    print(
        f"\n== {figures['engine']} ({figures['repeats']} repeats, each from an empty cache;"
        f" served by {figures['server']})"
    )
    print(
        f"  downloaded before the first results: {first['search_bytes'] / 1024:.1f} KB gzip for search"
        f" + {first['page_bytes'] / 1024:.1f} KB for the page itself = {total / 1024:.1f} KB"
        f" (budget {BUDGET_BYTES // 1024} KB: {'met' if total <= BUDGET_BYTES else 'NOT met'})"
    )
    print(
        f"  first results after {figures['first_results_s']} s (median); largest search files: "
        + ", ".join(f"{n} {size / 1024:.1f} KB" for n, size in first["largest"])
    )
    met = figures["latency_max_ms"] is not None and figures["latency_max_ms"] <= BUDGET_MS
    untimed = f"; {figures['failed']} untimed: queries without results" if figures["failed"] else ""
    print(
        f"  keystroke to results: median {figures['latency_median_ms']} ms, max {figures['latency_max_ms']} ms"
        f" over all queries and repeats (budget {BUDGET_MS} ms: {'met' if met else 'NOT met'}{untimed})"
    )
    print(f"  {'query':<14} {'median ms':>9} {'max ms':>7} {'KB fetched':>10}")
    for query, row in figures["per_query"].items():
        failed = f"  ({row['failed']} without results)" if row["failed"] else ""
        print(f"  {query:<14} {row['median']!s:>9} {row['max']!s:>7} {row['bytes'] / 1024:>10.1f}{failed}")
    if "recall_at_3" in figures:
        print(f"  recall@3 over tests/search/queries.yml: {figures['recall_at_3']:.1%}")
    print(f"  requests leaving the site: {len(figures['outside_requests'])}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--project", type=Path, help="a generated project with site/ built; skips generate and build")
    parser.add_argument("--engine", choices=("pagefind", "material", "both"), default="both")
    parser.add_argument(
        "--reindex",
        action="store_true",
        help="re-index the site with the current code (and time it) instead of measuring the index the build wrote",
    )
    parser.add_argument("--repeats", type=int, default=5, help="repeats of every latency query (default 5)")
    parser.add_argument(
        "--server",
        choices=("nginx", "python"),
        default="nginx",
        help="serve the site with Debian's nginx, as a static host would (default), or with the"
        " tests' one-thread-per-request Python server",
    )
    parser.add_argument(
        "--shipped",
        action="store_true",
        help="measure the shipped data instead, with recall@3 over tests/search/queries.yml",
    )
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
        if args.reindex:
            cost = reindex(project)
            print(
                f"search index: {cost['pages']} pages in {cost['shards']} shards, {cost['terms']} query terms;"
                f" records {cost['records_s']:.1f} s ({cost['records_cpu']:.1f} s CPU),"
                f" writing them and Pagefind {cost['pagefind_s']:.1f} s ({cost['pagefind_cpu']:.1f} s CPU here"
                f" + {cost['binary_cpu']:.1f} s in Pagefind's binary, peak {cost['binary_rss_mb']:.0f} MB)"
            )
        size = sum(f.stat().st_size for f in (site / "pagefind").rglob("*") if f.is_file()) / 2**20
        print(f"search index on disk: {size:.1f} MB")
        if args.engine in ("pagefind", "both"):
            report(measure_engine(site, "Pagefind behind Material's search box", cases, args.repeats, args.server))
        if args.engine in ("material", "both"):
            saved = use_material_engine(site, project)
            try:
                index = site / "search/search_index.json"
                print(
                    f"\nMaterial trimmed search_index.json: {index.stat().st_size / 2**20:.1f} MB,"
                    f" {gzip_size(index.read_bytes()) / 1024:.0f} KB gzip"
                )
                report(
                    measure_engine(
                        site, "Material's search, index trimmed for entry pages", cases, args.repeats, args.server
                    )
                )
            finally:
                for path, data in saved.items():
                    path.write_bytes(data)
    finally:
        if workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
