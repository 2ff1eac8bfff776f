"""Pages of one kind are rendered as a shared shell plus their own blocks: the same bytes as a full rendering."""

from __future__ import annotations

import re

import jinja2
import pytest
from markupsafe import Markup, escape

from support import run_mkdocs_build
from tekan.render.shells import PageShells

BASE = """<html><head>{% block site_meta %}<meta name="description" content="{{ page.description }}">{% endblock %}
{% block htmltitle %}<title>{{ page.title }}</title>{% endblock %}</head>
{% set features = ["tabs"] %}
<body>{% block header %}<header>{{ page.heading }}{% if "tabs" in features %} · tabs{% endif %}</header>{% endblock %}
<nav>{% for item in nav %}<a href="{{ item }}">{{ item }}</a>{% endfor %}</nav>
{% block container %}<main>{% block content %}{{ page.body }}{% endblock %}</main>{% endblock %}
{% block footer %}<footer>{{ site }}</footer>{% endblock %}
{% block scripts %}<script src="bundle.js"></script>{% endblock %}</body></html>"""

ENTRY = """{% extends "base.html" %}
{% block content %}<article><h1>{{ page.title }}</h1>{{ super() }}</article>{% endblock %}
{% block scripts %}{{ super() }}{% if page.filters %}<script src="filters.js"></script>{% endif %}{% endblock %}"""

# Shows the page's title in the footer, a block every page of the kind is supposed to share.
LEAKY = """{% extends "base.html" %}
{% block footer %}<footer>{{ page.title }}</footer>{% endblock %}"""
# Changes the heading on its way into the header: it is no longer the value as given.
FILTERED = """{% extends "base.html" %}
{% block header %}<header>{{ page.heading | replace("&amp;", "和") }}</header>{% endblock %}"""


def environment() -> jinja2.Environment:
    loader = jinja2.DictLoader({"base.html": BASE, "entry.html": ENTRY, "leaky.html": LEAKY, "filtered.html": FILTERED})
    return jinja2.Environment(loader=loader, autoescape=True)


def variables(number: int, **page) -> dict:
    title = f"第{number}页 <{number}>"
    page = {
        "title": title,
        "heading": escape(title),
        "description": f"说明 {number} & 更多",
        "body": f"正文{number}",
        **page,
    }
    return {"page": page, "nav": ["/a/", "/b/"], "site": "特刊"}


def with_heading(variables: dict, values: dict) -> dict:
    """The header's heading is printed as given (escaped beforehand), like Material's page.meta.title."""
    return {**variables, "page": {**variables["page"], "heading": Markup(values["heading"])}}


def heading(page_variables: dict) -> dict:
    return {"heading": str(page_variables["page"]["heading"])}


def test_pages_of_one_kind_fill_a_shared_shell_with_their_own_blocks():
    env = environment()
    shells = PageShells(env, with_values=with_heading)
    pages = [variables(n, filters=n % 2 == 0) for n in range(6)]
    rendered = [shells.render("entry.html", page, shell_group="entries", values=heading(page)) for page in pages]
    assert rendered == [env.get_template("entry.html").render(page) for page in pages]
    assert (shells.full, shells.filled) == (2, 4)  # the first two in full (the second checks the shell), then filled
    assert shells.unverified_groups() == []
    # Each page carries its own title (escaped), blocks calling super(), top-level variables (features),
    # and its heading in the shared header.
    assert "<title>第3页 &lt;3&gt;</title>" in rendered[3]
    assert "<article><h1>第3页 &lt;3&gt;</h1>正文3</article>" in rendered[3]
    assert "第3页 &lt;3&gt; · tabs" in rendered[3]
    assert ("filters.js" in rendered[2], "filters.js" in rendered[3]) == (True, False)


def test_a_kind_whose_pages_differ_outside_the_per_page_blocks_is_rendered_in_full():
    env = environment()
    shells = PageShells(env, with_values=with_heading)
    pages = [variables(n) for n in range(4)]
    rendered = [shells.render("leaky.html", page, shell_group="leaky", values=heading(page)) for page in pages]
    assert rendered == [env.get_template("leaky.html").render(page) for page in pages]
    assert "<footer>第2页 &lt;2&gt;</footer>" in rendered[2]
    assert shells.unverified_groups() == [("leaky.html", "leaky")]
    assert shells.filled == 0


def test_a_kind_that_prints_a_value_other_than_as_given_is_rendered_in_full():
    env = environment()
    shells = PageShells(env, with_values=with_heading)
    # The first pages' headings have no "&": only the probe shows that the filter changes what is printed.
    pages = [variables(n, heading=Markup(f"标题{n}")) for n in range(3)] + [variables(3, heading=escape("甲&乙"))]
    rendered = [shells.render("filtered.html", page, shell_group="filtered", values=heading(page)) for page in pages]
    assert rendered == [env.get_template("filtered.html").render(page) for page in pages]
    assert "<header>甲和乙</header>" in rendered[3]
    assert shells.unverified_groups() == [("filtered.html", "filtered")]


def test_pages_without_a_kind_and_a_disabled_cache_render_in_full():
    env = environment()
    for shells, kind in (
        (PageShells(env, with_values=with_heading), None),
        (PageShells(env, enabled=False, with_values=with_heading), "entries"),
    ):
        pages = [variables(n) for n in range(3)]
        assert [shells.render("entry.html", p, shell_group=kind, values=heading(p)) for p in pages] == [
            env.get_template("entry.html").render(p) for p in pages
        ]
        assert shells.filled == 0


@pytest.fixture(scope="module")
def two_builds(paged_build, tmp_path_factory):
    """The shipped project with 60 more workers in listings of 5 a page (conftest's paged_build), built as usual
    (with its log) and with every page rendered in full: entry pages, numbered listing pages and city pages
    share shells."""
    project, log = paged_build
    full_site = tmp_path_factory.mktemp("shells") / "site-full"
    full = run_mkdocs_build(project, full_site, TEKAN_FULL_RENDER="1")
    assert full.returncode == 0, full.stdout + full.stderr
    return project / "site", log, full_site


def test_the_built_site_is_byte_for_byte_what_full_rendering_gives(two_builds):
    site, _, full_site = two_builds
    pages = sorted(path.relative_to(site) for path in site.rglob("*.html"))
    assert pages == sorted(path.relative_to(full_site) for path in full_site.rglob("*.html"))
    entry_pages = [p for p in pages if re.fullmatch(r"\d{4}/(workers|craftsmen|sites)/[^/]+/index\.html", p.as_posix())]
    numbered_pages = [p for p in pages if "/page/" in p.as_posix()]
    assert len(entry_pages) >= 50 and len(numbered_pages) >= 5
    different = [p.as_posix() for p in pages if (site / p).read_bytes() != (full_site / p).read_bytes()]
    assert different == []


def test_the_build_fills_shells_for_entry_pages(two_builds):
    _, log, _ = two_builds
    counts = re.search(r"页面外框：(\d+) 页套用，(\d+) 页完整渲染，未通过核对：\[\]", log)
    assert counts, "the build did not report its page shells, or a shell failed its check"
    assert int(counts.group(1)) >= 50
