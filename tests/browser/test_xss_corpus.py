"""The corpus of mXSS and parser-differential payloads (xss_corpus.yml), each as an article.

1. `tekan check` refuses exactly the cases marked `refused`, naming each file (the build's own gate).
2. The project is built with the refusals switched off, so every page is published as the
   sanitiser leaves it; Chromium opens each article and the home page: nothing runs, no dialog opens,
   and no element carries a handler or a script URL.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from support import copy_project, run_mkdocs_build, run_tekan, serve_directory

CORPUS = yaml.safe_load((Path(__file__).with_name("xss_corpus.yml")).read_text(encoding="utf-8"))
FOLDER = "xss"  # content/xss/<id>.md

# Whatever a payload tried, the published page must hold none of this.
DOM_AUDIT = """() => {
    const found = [];
    for (const element of document.querySelectorAll("*")) {
        for (const attribute of element.attributes) {
            const name = attribute.name.toLowerCase();
            const value = attribute.value.replace(/[\\u0000-\\u0020]/g, "").toLowerCase();
            if (name.startsWith("on")) found.push(element.localName + " " + name);
            if (/^(javascript|vbscript|data):/.test(value) && name !== "content") {
                found.push(element.localName + " " + name);
            }
        }
    }
    const article = document.querySelector("article") || document.body;
    const refused = [
        "iframe", "object", "embed", "base", "form", "math", "foreignObject", "animate", "set", "template",
    ];
    for (const tag of refused) {
        if (article.getElementsByTagName(tag).length) found.push(tag);
    }
    if (document.querySelector('meta[http-equiv="refresh" i]')) found.push("meta refresh");
    return found;
}"""


def article_text(case: dict) -> str:
    if "raw" in case:
        return case["raw"]
    front = case.get("front_matter")
    head = f"---\n{front}\n---\n\n" if front else ""
    return f"{head}# 用例 {case['id']}\n\n正文。\n\n{case.get('markdown', '')}\n"


def write_corpus(project: Path) -> None:
    folder = project / "content" / FOLDER
    folder.mkdir()
    for case in CORPUS:
        (folder / f"{case['id']}.md").write_text(article_text(case), encoding="utf-8")


def test_the_corpus_is_well_formed():
    ids = [case["id"] for case in CORPUS]
    assert len(ids) == len(set(ids))
    assert all(case["expect"] in ("refused", "sanitised") for case in CORPUS)
    assert all(re.fullmatch(r"[a-z0-9-]+", case_id) for case_id in ids)


@pytest.fixture(scope="module")
def corpus_project(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("corpus"))
    write_corpus(project)
    return project


def test_check_refuses_exactly_the_refused_cases(corpus_project):
    result = run_tekan(corpus_project, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    refused = set(re.findall(rf"^content/{FOLDER}/([a-z0-9-]+)\.md:\d+", result.stderr, re.MULTILINE))
    expected = {case["id"] for case in CORPUS if case["expect"] == "refused"}
    assert sorted(refused - expected) == [], "refused but expected to be sanitised"
    assert sorted(expected - refused) == [], "expected to be refused but passed"
    print(
        f"\n语料 {len(CORPUS)} 例：拒绝 {len(expected)} 例，净化后发布 {len(CORPUS) - len(expected)} 例"
        f"（{len(result.stderr.splitlines()) - 2} 行错误）"
    )


def _without_refusals(project: Path) -> None:
    """The copied project's gate keeps sanitising but stops refusing: every page is published."""
    gate = project / "hooks" / "tekan" / "articles" / "gate.py"
    gate.write_text(
        gate.read_text(encoding="utf-8") + "\n\nArticleGate.take_errors = lambda self: []  # test: publish all\n",
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def sanitised_site(corpus_project, tmp_path_factory, built_site) -> Path:
    project = copy_project(tmp_path_factory.mktemp("published"), caches_from=built_site.parent)
    write_corpus(project)
    _without_refusals(project)
    site = project / "site"
    result = run_mkdocs_build(project, site, strict=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.mark.browser
def test_no_payload_runs_in_chromium(sanitised_site, page):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    ran, audited = {}, {}
    with serve_directory(sanitised_site) as url:
        for case in CORPUS:
            response = page.goto(f"{url}{FOLDER}/{case['id']}/")
            assert response.status == 200, case["id"]
            page.wait_for_load_state("load")
            if page.evaluate("window.__pwned") is not None:
                ran[case["id"]] = page.evaluate("String(window.__pwned)")
            if found := page.evaluate(DOM_AUDIT):
                audited[case["id"]] = found
        # Front matter reaches the nav of every page: the home page too.
        page.goto(url)
        page.wait_for_load_state("load")
        home = page.evaluate("window.__pwned"), page.evaluate(DOM_AUDIT)
    assert ran == {}
    assert dialogs == []
    assert audited == {}
    assert home == (None, [])
    assert page.outside_requests == []
