"""Material's search box answered by Pagefind, in Chromium over HTTP: recall@3, labels, sub-path, escaping."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from search_box import RESULT_LINKS, load_queries, open_search, search, worker_results
from support import serve_directory

pytestmark = pytest.mark.browser

RECALL_TARGET = 0.95


def test_recall_at_3_over_the_query_set(page, site_url, capsys):
    cases = load_queries()
    page.goto(site_url + "2023/")
    open_search(page)
    misses = []
    for case in cases:
        top = search(page, site_url, case.query)[:3]
        if case.expect not in top:
            misses.append(f"{case.kind}: {case.query} -> {top} (expected {case.expect})")
    recall = 1 - len(misses) / len(cases)
    with capsys.disabled():
        print(f"\nsearch recall@3: {recall:.1%} ({len(cases) - len(misses)}/{len(cases)} queries)")
        for miss in misses:
            print("  miss", miss)
    assert recall >= RECALL_TARGET, "\n".join(misses)
    assert page.outside_requests == []


def test_sample_entries_are_labelled_in_results(page, site_url):
    page.goto(site_url)
    open_search(page)
    assert search(page, site_url, "李明")[0] == "2023/workers/li-ming/"
    first = page.locator(RESULT_LINKS).first
    assert first.locator(".md-tag").inner_text() == "示例"
    assert search(page, site_url, "比亚迪")[0] == "2023/workers/biyadi-qiche/"
    assert page.locator(RESULT_LINKS).first.locator(".md-tag").count() == 0


def test_the_index_is_fetched_piece_by_piece(page, site_url, built_site):
    """Pagefind's files, never Material's whole-site index, and only after the reader searches."""
    fetched = []
    page.on("request", lambda request: fetched.append(request.url[len(site_url) :]))
    page.goto(site_url)
    assert not any(name.startswith("pagefind/") for name in fetched)
    open_search(page)
    search(page, site_url, "焊工")
    assert any(name.endswith(".pf_index") for name in fetched)
    # Material's bundle still asks for its index when the box opens: no page is in it.
    material_index = built_site / "search/search_index.json"
    assert json.loads(material_index.read_text(encoding="utf-8"))["docs"] == []
    assert material_index.stat().st_size < 300
    assert page.outside_requests == []


def test_search_works_under_a_sub_path_and_shows_names_as_text(page, subpath_url):
    """conftest's subpath_url: the project under /tekan/, with an entry whose name is markup."""
    base = subpath_url
    page.goto(base + "2023/")
    open_search(page)
    assert search(page, base, "wangwu")[0] == "2023/workers/wang-wu/"
    link = page.locator(RESULT_LINKS).first
    assert link.get_attribute("href") == base + "2023/workers/wang-wu/"
    assert "<img src=x onerror=window.pwned=1>王五" in link.inner_text()
    assert page.evaluate("window.pwned") is None
    assert search(page, base, "勞動模範")[0] == "2023/workers/"
    assert page.outside_requests == []


# What publishing's _headers must allow for search: same-origin only, and WebAssembly without 'unsafe-eval'.
# 'unsafe-inline' covers Material's own inline scripts, which are not search's to move.
SEARCH_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; worker-src 'self'; "
    "connect-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:"
)


def test_search_runs_under_a_strict_content_security_policy(page, built_site):
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    with serve_directory(built_site, headers={"Content-Security-Policy": SEARCH_CSP}) as url:
        page.goto(url + "2023/")
        open_search(page)
        assert search(page, url, "焊工")[0] == "2023/craftsmen/zhang-hua/"
    assert violations == []
    assert page.outside_requests == []


def test_an_index_in_shards_answers_like_one(page, built_site, tmp_path):
    """A large site is indexed in shards; here the shipped pages are dealt into shards of ten."""
    import jinja2

    from support import ROOT
    from tekan.dataset.loader import load_site_data
    from tekan.pages.specs import site_pages
    from tekan.search import index as tekan_search

    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    shutil.rmtree(site / "pagefind")
    indexed = tekan_search.site_records(site_pages(load_site_data(ROOT / "data", ROOT)))
    template = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ROOT / "overrides"))).get_template(
        "partials/tekan/search-record.html"
    )
    shards = tekan_search.write_pagefind_index(
        indexed.records, lambda r: template.render(record=r), site, shard_pages=10
    )
    tekan_search.write_browser_files(indexed, shards, site)
    assert len(shards) >= 4
    cases = [case for case in load_queries() if case.kind in ("full_name", "pinyin", "traditional")]
    with serve_directory(site) as url:
        page.goto(url + "2023/")
        open_search(page)
        misses = [case.query for case in cases if case.expect not in search(page, url, case.query)[:3]]
    assert len(misses) <= len(cases) * 0.05, misses
    assert page.outside_requests == []


def _data_terms() -> set[str]:
    """Every name, unit, award, site name, site kind and city of the shipped data, and the terms its articles quote."""
    from support import ROOT
    from tekan.dataset.loader import load_site_data
    from tekan.search.index import QUOTED_TERM

    site = load_site_data(ROOT / "data", ROOT)
    entries = [entry for issue in site.issues for entry in issue.all_entries()]
    terms = {entry.data.name for entry in entries}
    terms |= {getattr(entry.data, "unit", None) or "" for entry in entries}
    terms |= {honour.award.name for entry in entries for honour in entry.honours}
    terms |= {name for kind in site.site_kinds for name in (kind.name, kind.short)}
    terms |= {name for city in site.cities for name in (city.name, city.short)}
    for article in (ROOT / "content").rglob("*.md"):
        text = article.read_text(encoding="utf-8")
        if not re.search(
            r"^editors_only: true$", text.split("\n---", 1)[0], re.MULTILINE
        ):  # editors' pages: not indexed
            terms |= set(QUOTED_TERM.findall(text))
    return terms - {""}


def _page_text(site: Path, url: str) -> str:
    from selectolax.lexbor import LexborHTMLParser

    article = LexborHTMLParser((site / url / "index.html").read_text(encoding="utf-8")).css_first("article")
    return article.text(separator="") if article is not None else ""


def test_every_name_unit_award_site_and_article_term_is_found_whole(page, site_url, built_site):
    """Typed whole, each term of the data leads to the pages that contain it, first.

    The index holds them as whole words (segment.py's user dictionary) and the box looks a query up
    whole; were either cut apart, a query would be matched by its first piece alone (李 for 李明,
    劳动 for 劳动光荣) and bring pages without the term to the top.
    """
    terms = sorted(_data_terms())
    assert len(terms) >= 80
    page.goto(site_url + "about/")
    found = worker_results(page, site_url, terms)
    texts: dict[str, str] = {}
    wrong = []
    for term in terms:
        top = found[term][:3]
        with_term = [url for url in top if term in texts.setdefault(url, _page_text(built_site, url))]
        if not top or with_term != top:
            wrong.append(f"{term} -> {top}")
    assert wrong == []
    assert page.outside_requests == []
