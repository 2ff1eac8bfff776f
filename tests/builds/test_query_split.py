"""The browser splits a query with the index's own rules: search-worker.js, run by node on the
settings the build ships, gives the same words as segment.query_words, and those words are index words."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from support import ROOT
from tekan.dataset.loader import load_site_data
from tekan.pages.specs import site_pages
from tekan.search import index as search
from tekan.search.segment import query_rules, query_words

WORKER = ROOT / "content/assets/javascripts/search-worker.js"
# Loads the worker as Chromium would (a worker global with no page), then splits each query of argv[2].
RUNNER = """
const fs = require("fs"), vm = require("vm");
const context = vm.createContext({
  self: { location: { href: "http://127.0.0.1/assets/javascripts/search-worker.js" } },
  URL, console, addEventListener() {}, postMessage() {}
});
vm.runInContext(fs.readFileSync(process.argv[1], "utf8"), context);
context.settings = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
context.queries = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
vm.runInContext("useRules(settings)", context);
process.stdout.write(JSON.stringify(vm.runInContext("queries.map(queryWords)", context)));
"""
QUERIES = [
    "3.996亿",
    "３.９９６亿元",
    "广州 焊工",
    "广州　焊工",  # a full-width space, as Chinese input methods type it
    "深圳焊工",
    "广州的爱心驿站",
    "2023南粤工匠",
    "BYD汽车A班",
    "李明 liming",
    "ＬＩＭＩＮＧ",
    "勞動模範",
    "工會愛心驛站",
    "75.5%",
    "v1.2.3版",
    "五一劳动奖章",
    "  ",
    "",
]


@pytest.fixture(scope="module")
def built():
    return search.site_records(site_pages(load_site_data(ROOT / "data", ROOT)))


@pytest.fixture(scope="module")
def settings(built):
    return {"traditional": search.traditional_table(built.records), **query_rules(built.query_terms)}


def browser_words(settings: dict, queries: list[str], tmp_path) -> list[str]:
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.fail("node is needed: `make test` installs it (apt-get install nodejs)")
    (tmp_path / "settings.json").write_text(json.dumps(settings, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "queries.json").write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run(
        [node, "-e", RUNNER, str(WORKER), str(tmp_path / "settings.json"), str(tmp_path / "queries.json")],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def test_the_browser_splits_every_query_as_python_does(settings, tmp_path):
    python = [" ".join(query_words(q, settings["terms"], settings["traditional"])) for q in QUERIES]
    assert browser_words(settings, QUERIES, tmp_path) == python


def test_the_words_are_those_the_index_holds(built, settings, tmp_path):
    split = dict(zip(QUERIES, browser_words(settings, QUERIES, tmp_path), strict=True))
    assert split["3.996亿"] == split["３.９９６亿元"].removesuffix("元") == "3.996 亿"
    assert split["广州 焊工"] == split["广州　焊工"] == split["深圳焊工"].replace("深圳", "广州") == "广州 焊工"
    assert split["广州的爱心驿站"] == "广州 爱心驿站"
    assert split["2023南粤工匠"] == "2023 南粤工匠"
    assert split["BYD汽车A班"] == "byd 汽车 a 班"
    assert split["ＬＩＭＩＮＧ"] == "liming"
    assert split["勞動模範"] == "劳动模范"
    assert split["75.5%"] == "75.5" and split["v1.2.3版"] == "v1 2.3 版"
    assert split["  "] == split[""] == ""
    # A decimal the site shows (数说: 3.996亿元) is one index word, as the query now asks for it.
    words = {word for record in built.records for word in (*record.names, *record.keywords, *record.text)}
    assert "3.996" in words
