"""Typing into Material's search box the way a reader does, and reading the results it shows.

Shared by the browser tests and bench/search_budget.py.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

QUERIES_FILE = Path(__file__).parent / "search" / "queries.yml"
BOX = "input.md-search__input"
RESULT_LINKS = ".md-search-result__item > a"
META = ".md-search-result__meta"
# Runs of what a keyboard types directly (pinyin, digits, spaces) and of what an IME commits (汉字).
_TYPED = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]+")


@dataclass(frozen=True)
class QueryCase:
    kind: str
    query: str
    expect: str


def load_queries(path: Path = QUERIES_FILE) -> list[QueryCase]:
    groups = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [QueryCase(kind, case["query"], case["expect"]) for kind, cases in groups.items() for case in cases]


def open_search(page) -> None:
    """Material's keyboard shortcut: `/` opens the search box from anywhere on the page."""
    page.keyboard.press("/")
    page.locator(BOX).wait_for(state="visible")


def type_query(page, query: str) -> None:
    """Latin letters and digits key by key; Chinese as an IME commits it: the text, then the key's release.

    Material reads the box on `keyup`, which a pinyin IME also sends when it commits.
    """
    box = page.locator(BOX)
    for run in _TYPED.findall(query):
        if run.isascii():
            box.press_sequentially(run)
        else:
            page.keyboard.insert_text(run)
            box.dispatch_event("keyup")


def clear_box(page) -> None:
    box = page.locator(BOX)
    box.fill("")
    box.dispatch_event("keyup")


def shown_results(page, base_url: str, settle_ms: int = 250, timeout_s: float = 10.0) -> list[str]:
    """Result addresses, relative to the site root, once the list has stopped changing (for the benchmarks, which
    time the answer from outside; `search` below waits for the answer itself)."""
    page.wait_for_function(
        """([meta, placeholder]) => {
            const text = document.querySelector(meta)?.textContent.trim();
            return text && text !== placeholder && !text.includes("初始化");
        }""",
        arg=[META, "键入以开始搜索"],
        timeout=timeout_s * 1000,
    )
    deadline = time.monotonic() + timeout_s
    previous = None
    while time.monotonic() < deadline:
        # One read of the whole list: Material may re-render it between two reads of single links.
        current = page.eval_on_selector_all(RESULT_LINKS, "links => links.map(link => link.getAttribute('href'))")
        if current == previous:
            break
        previous = current
        page.wait_for_timeout(settle_ms)
    return [href[len(base_url) :] if href.startswith(base_url) else href for href in previous or []]


# The answer a query must show, asked of the page's own search worker: when it announces a query's true total on
# the site's channel ("tekan-search"), the query's first ten results are asked for on that channel as 「显示更多」
# asks for the next ten (offset 0 here), from the same worker and index. The box has shown its answer once its list
# is exactly those results; a list read earlier could be a prefix's (pinyin is typed key by key) or the last
# query's. Waiting for the list to keep still instead cost a quarter of a second a query, and could be fooled.
_WATCH = """() => {
  if (window.__tkSearchWatch) {
    window.__tkSearchWatch.answers = {};
    return;
  }
  const watch = window.__tkSearchWatch = { asked: {}, answers: {} };
  const channel = new BroadcastChannel("tekan-search");
  channel.addEventListener("message", event => {
    const message = event.data || {};
    if (message.type === "total" && message.total === 0) {
      watch.answers[message.query] = [];
    } else if (message.type === "total") {
      const request = "test-" + Math.random().toString(36).slice(2);
      watch.asked[request] = message.query;
      channel.postMessage({ type: "more", request, query: message.query, offset: 0 });
    } else if (message.type === "items" && message.request in watch.asked) {
      watch.answers[watch.asked[message.request]] = message.items.map(
        item => new URL(item.location, document.baseURI).href);
    }
  });
}"""
_SHOWN_AND_EXPECTED = """([box, links]) => ({
  query: document.querySelector(box).value,
  shown: [...document.querySelectorAll(links)].map(link => link.href),
  expected: window.__tkSearchWatch.answers[document.querySelector(box).value] ?? null
})"""
_ANSWERED = f"""(args) => {{
  const state = ({_SHOWN_AND_EXPECTED})(args);
  return state.expected !== null && JSON.stringify(state.shown) === JSON.stringify(state.expected);
}}"""


def search(page, base_url: str, query: str, timeout_s: float = 10.0) -> list[str]:
    """Type a query into the open box; the result addresses it shows, relative to the site root, once they are
    that query's own answer. Fails if the box does not come to show it (a query the worker gives no total for,
    one of spaces or punctuation only, has no answer to wait for)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.evaluate(_WATCH)
    clear_box(page)
    type_query(page, query)
    try:
        page.wait_for_function(_ANSWERED, arg=[BOX, RESULT_LINKS], timeout=timeout_s * 1000)
    except PlaywrightTimeout:
        state = page.evaluate(_SHOWN_AND_EXPECTED, [BOX, RESULT_LINKS])
        raise AssertionError(
            f"the search box did not show the answer to 「{query}」 in {timeout_s} s: {state}"
        ) from None
    links = page.eval_on_selector_all(RESULT_LINKS, "links => links.map(link => link.getAttribute('href'))")
    return [href[len(base_url) :] if href.startswith(base_url) else href for href in links]


# The site's own search worker, spoken to as Material's bundle does (SETUP, then QUERY -> RESULT), without
# the box: for checks over many queries that are about what the index finds, not about the result list.
_WORKER_SEARCH = """async ([worker, queries]) => {
  const w = new Worker(worker);
  const next = type => new Promise(resolve => {
    w.onmessage = event => { if (event.data.type === type) resolve(event.data.data); };
  });
  const ready = next(1);
  w.postMessage({type: 0, data: {}});
  await ready;
  const found = {};
  for (const query of queries) {
    const result = next(3);
    w.postMessage({type: 2, data: query});
    found[query] = (await result).items.map(item => item[0].location);
  }
  w.terminate();
  return found;
}"""


def worker_results(page, base_url: str, queries: list[str]) -> dict[str, list[str]]:
    """Each query's result addresses, relative to the site root, best first, from the site's search worker."""
    root = "/" + base_url.split("/", 3)[3]
    found = page.evaluate(_WORKER_SEARCH, [base_url + "assets/javascripts/search-worker.js", queries])
    return {query: [url[len(root) :] if url.startswith(root) else url for url in urls] for query, urls in found.items()}
