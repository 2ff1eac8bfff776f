"""Nothing an editor writes runs as script: dangerous text in every text field and link, built, opened in Chromium."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from support import copy_project, run_mkdocs_build, serve_directory
from tekan.dataset.loader import load_site_data
from tekan.errors import DataErrors

# Every way in we know of: raw tags, breaking out of an attribute, closing <title>, Markdown attribute lists.
ATTACK = (
    '<script>window.__xss="script"</script>"><img src=x onerror="window.__xss=\'img\'">'
    "</title><script>window.__xss='title'</script>'><svg onload=window.__xss='svg'>"
    "{: onclick=\"window.__xss='attr'\" }"
)
# What a story may carry and the build publishes as text. Markdown links to javascript: (any case, any
# spacing) and images are refused by the data gate before any build (tests/unit/test_story_gate.py), and
# the test below checks that they still are.
STORY_ATTACK = "\n\n".join(
    [
        "正文" + ATTACK,
        "<a href=\"javascript:window.__xss='raw-a'\">原始链接</a>",
        "带属性的段落\n{: onclick=\"window.__xss='attr-list'\" }",
        "<iframe src=\"javascript:window.__xss='iframe'\"></iframe>",
    ]
)
REFUSED_STORY_ATTACKS = [
    "[普通链接](javascript:window.__xss='js-link')",
    "[大小写](JaVaScRiPt:window.__xss='mixed-case-link')",
    "[带空格]( javascript:window.__xss='spaced-link')",
    "![图](x\" onerror=\"window.__xss='image')",
]
TEXT_FIELDS = {
    "name",
    "unit",
    "post",
    "industry",
    "summary",
    "trade",
    "district",
    "address",
    "hours",
    "phone",
    "title",
    "subtitle",
    "lead",
    "organisation",
    "publication",
    "label",
    "source",
    "period",
    "note",
    "chart",
    "short",
}
LIST_FIELDS = {"tags", "skills", "services"}


def poison(value, key: str | None = None):
    """The same data with the attack appended to every free-text value (ids and references left working)."""
    if isinstance(value, dict):
        return {k: poison(v, k) for k, v in value.items()}
    if isinstance(value, list):
        if key in LIST_FIELDS:
            return [f"{item}{ATTACK}" for item in value] + [ATTACK]
        return [poison(item, key) for item in value]
    if key == "story":
        return STORY_ATTACK
    if key in TEXT_FIELDS and isinstance(value, str):
        return value + ATTACK
    return value


def poison_project(project: Path) -> None:
    data = project / "data"
    # Read the reference names before their files are poisoned.
    references = {
        name: yaml.safe_load((data / f"{name}.yml").read_text(encoding="utf-8"))
        for name in ("cities", "awards", "site_kinds")
    }
    for path in sorted(data.rglob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.parent.name in ("workers", "craftsmen"):
            # Refer to cities and awards by id: their names are poisoned too.
            document = resolve_by_id(document, references)
            document.setdefault("story", "")
            document.setdefault("links", [{"title": "报道", "url": "https://example.org/a"}])
        if path.parent.name == "sites":
            document = resolve_by_id(document, references)
            for item in document.get("entries", [document]):
                item.setdefault("story", "")
                item.setdefault("links", [{"title": "报道", "url": "https://example.org/b"}])
        poisoned = poison(document)
        if path.name == "stats.yml":
            for figure in poisoned["figures"]:
                figure.setdefault("note", "")
                figure["note"] += ATTACK
        path.write_text(yaml.safe_dump(poisoned, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # Hand-written pages name cities, kinds and awards in their shortcodes; point those at ids so that
    # the poisoned names reach the articles' cards and figures too.
    names = {}
    for record in references["cities"]["cities"] + references["site_kinds"]["kinds"]:
        names.update({record["name"]: record["id"], record["short"]: record["id"]})
    names.update({award["name"]: award["id"] for award in references["awards"]["awards"]})
    pattern = re.compile("|".join(sorted(map(re.escape, names), key=len, reverse=True)))
    for page in (project / "content").rglob("*.md"):
        text = re.sub(
            r"<!-- tk:.*?-->",
            lambda marker: pattern.sub(lambda m: names[m.group(0)], marker.group(0)),
            page.read_text(encoding="utf-8"),
        )
        page.write_text(text, encoding="utf-8")


def resolve_by_id(document: dict, references: dict) -> dict:
    cities, awards = references["cities"]["cities"], references["awards"]["awards"]
    kinds = references["site_kinds"]["kinds"]

    def city_id(name):
        return next(c["id"] for c in cities if name in (c["id"], c["name"], c["short"]))

    def kind_id(name):
        return next(k["id"] for k in kinds if name in (k["id"], k["name"], k["short"]))

    for item in [document, *document.get("entries", [])]:
        if item.get("city"):
            item["city"] = city_id(item["city"])
        if item.get("kind") and item["kind"] not in ("个人", "集体"):
            item["kind"] = kind_id(item["kind"])
        for honour in item.get("honours", []):
            honour["award"] = next(a["id"] for a in awards if honour["award"] in (a["id"], a["name"]))
    return document


@pytest.fixture(scope="module")
def poisoned_site(tmp_path_factory, built_site):
    project = copy_project(tmp_path_factory.mktemp("poisoned"), caches_from=built_site.parent)
    poison_project(project)
    result = run_mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    data = load_site_data(project / "data")
    with serve_directory(project / "site") as url:
        yield url, data


FIND_DANGER = """() => {
  const found = [];
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      if (attribute.name.toLowerCase().startsWith("on")) found.push(element.tagName + " " + attribute.name);
      if (["href", "src", "action", "formaction", "xlink:href"].includes(attribute.name.toLowerCase())
          && /^\\s*(javascript|vbscript|data:text\\/html)/i.test(attribute.value))
        found.push(element.tagName + " " + attribute.value);
    }
  }
  for (const script of document.querySelectorAll("script")) {
    const data = script.type === "application/ld+json" || script.type === "application/json";
    if (!data && script.textContent.includes("__xss"))
      found.push("inline script " + script.textContent.slice(0, 60));
  }
  for (const frame of document.querySelectorAll("iframe, object, embed")) found.push(frame.tagName);
  return found;
}"""


@pytest.mark.browser
def test_no_script_runs_and_no_handler_exists_on_any_page_kind(page, poisoned_site):
    url, data = poisoned_site
    issue = data.latest
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    paths = ["", "archive/", "about/", f"{issue.year}/", f"{issue.year}/stats/", f"{issue.year}/cities/"]
    paths += [f"{issue.year}/{section.id}/" for section in issue.info.sections]  # the articles, with shortcodes
    paths += [f"{issue.year}/{collection}/" for collection in issue.entries]
    paths += [entry.url for entry in issue.all_entries()]
    paths += [f"{issue.year}/cities/{city}/" for city in {e.city.id for e in issue.all_entries() if e.city}]
    for path in paths:
        response = page.goto(url + path)
        assert response.ok, path
        page.wait_for_load_state("load")
        assert page.evaluate("window.__xss") is None, (path, page.evaluate("window.__xss"))
        assert page.evaluate(FIND_DANGER) == [], path
    assert dialogs == []
    assert page.outside_requests == []


@pytest.mark.browser
def test_the_text_is_shown_as_text_everywhere(page, poisoned_site):
    url, data = poisoned_site
    entry = next(e for e in data.latest.entries["workers"] if e.id == "li-ming")
    page.goto(url + entry.url)
    # The title holds the closing tag as text; the heading shows the name with the attack as plain characters.
    assert "</title><script>" in page.title()
    assert ATTACK in page.locator("h1").inner_text()
    assert page.locator(".tk-entry__summary").inner_text().endswith(ATTACK)
    # JSON-LD still carries the exact name, escaped so that it cannot close its <script> element.
    raw = page.locator("script[type='application/ld+json']").evaluate("s => s.textContent")
    assert "<" not in raw and ">" not in raw
    assert (
        page.evaluate("JSON.parse(document.querySelector(\"script[type='application/ld+json']\").textContent).name")
        == entry.name
    )
    # A raw <a href="javascript:…"> in a story is shown as text, never as a link.
    story = page.locator(".tk-entry__story")
    assert "原始链接" in story.inner_text() and story.locator("a[href]").count() == 0
    # The meta description and Open Graph tags carry the text, not markup.
    description = page.locator("meta[name=description]").get_attribute("content")
    assert description == entry.data.summary
    # Filter labels are text too: the workers listing's select options show the poisoned unit-free labels.
    page.goto(url + f"{data.latest.year}/workers/")
    options = page.locator("#tk-filter-city option").all_inner_texts()
    assert any("<script>" in option for option in options)
    assert page.evaluate("window.__xss") is None


def test_links_must_be_http_or_https_in_the_schema(tmp_path):
    schemes = (
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "data:text/html,x",
        "//evil.example/",
    )
    for number, scheme in enumerate(schemes):
        project = copy_project(tmp_path / f"project-{number}", with_data=True)
        path = project / "data/2023/workers/li-ming.yml"
        # Quoted, so that the YAML reader takes it as a string and the schema has to refuse it.
        text = path.read_text(encoding="utf-8") + f"links:\n  - title: 报道\n    url: {json.dumps(scheme)}\n"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(DataErrors) as raised:
            load_site_data(project / "data", project)
        (error,) = raised.value.errors
        assert error.file == "data/2023/workers/li-ming.yml" and error.field == "links[0].url", error
        assert "http://" in error.message and "https://" in error.message, error
        shutil.rmtree(project)


@pytest.mark.parametrize("attack", REFUSED_STORY_ATTACKS)
def test_a_story_with_a_script_link_or_an_image_is_refused_before_any_build(attack, tmp_path):
    project = copy_project(tmp_path / "project")
    entry = project / "data/2023/workers/li-ming.yml"
    document = yaml.safe_load(entry.read_text(encoding="utf-8"))
    document["story"] = "正文\n\n" + attack
    entry.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(DataErrors) as refused:
        load_site_data(project / "data", project)
    lines = [str(error) for error in refused.value.errors]
    assert any(line.startswith("data/2023/workers/li-ming.yml:") and " story：" in line for line in lines), lines
