"""The theme contract: what overrides/ replaces or copies from Material for MkDocs and MkDocs still exists
upstream and still looks as it did when we copied it. A Material or MkDocs upgrade that moves a block or
changes a copied file fails here, with the file to re-check, instead of silently breaking the site.
(Material's security fixes end on 2027-05-05: see docs/engine.md.)"""

from __future__ import annotations

import re
from pathlib import Path

import material
import mkdocs
import pytest

from support import ROOT

MATERIAL = Path(material.__file__).parent / "templates"
MKDOCS = Path(mkdocs.__file__).parent / "templates"
OVERRIDES = ROOT / "overrides"
JINJA_COMMENT = re.compile(r"\{#-?.*?-?#\}\s*", re.S)


def without_comments(text: str) -> str:
    return JINJA_COMMENT.sub("", text)


def block_names(template: str) -> set[str]:
    return set(re.findall(r"\{%-?\s*block\s+(\w+)", template))


def config_keys(text: str) -> set[str]:
    """The keys of the __config JSON object a template writes (top level and translations)."""
    body = text[text.index('<script id="__config"') :]
    return set(re.findall(r'"([\w.]+)":', body[: body.index("</script>")]))


def test_every_block_our_templates_override_exists_in_materials_base():
    base = block_names((MATERIAL / "base.html").read_text(encoding="utf-8"))
    ours = set()
    for template in [OVERRIDES / "main.html", *sorted((OVERRIDES / "tekan").glob("*.html"))]:
        ours |= block_names(template.read_text(encoding="utf-8"))
    assert ours, "no overridden blocks found: the test would prove nothing"
    assert ours <= base, f"Material's base.html no longer has the blocks {sorted(ours - base)}"


def test_the_search_box_is_materials_with_a_name_for_the_dialog():
    upstream = without_comments((MATERIAL / "partials/search.html").read_text(encoding="utf-8"))
    ours = without_comments((OVERRIDES / "partials/search.html").read_text(encoding="utf-8"))
    header = (MATERIAL / "partials/header.html").read_text(encoding="utf-8")
    assert '{% include "partials/search.html" %}' in header, "Material's header no longer includes the search box"
    dialog = 'role="dialog">'
    assert upstream.count(dialog) == 1, "Material's search box changed: re-check overrides/partials/search.html"
    assert ours == upstream.replace(dialog, 'role="dialog" aria-label="{{ lang.t(\'search\') }}">'), (
        "overrides/partials/search.html is no longer Material's search box plus the dialog's name: re-copy it"
    )


def test_the_search_config_writes_the_keys_materials_config_block_writes():
    base = (MATERIAL / "base.html").read_text(encoding="utf-8")
    block = base[base.index("{% block config %}") : base.index("{% endblock %}", base.index("{% block config %}"))]
    ours = (OVERRIDES / "partials/tekan/search-config.html").read_text(encoding="utf-8")
    assert re.search(r'"search": "assets/javascripts/workers/search\.\w+\.min\.js" \| url', block), (
        "Material's config block no longer names its search worker where ours replaces it"
    )
    assert len(config_keys(block)) > 10
    assert config_keys(ours) == config_keys(block), (
        "Material's __config changed: re-copy partials/tekan/search-config.html"
    )


@pytest.mark.parametrize("line", ["{% if not file.page.is_link and (file.page.abs_url or file.page.canonical_url) %}"])
def test_the_sitemap_is_mkdocs_sitemap_with_our_condition(line):
    upstream = (MKDOCS / "sitemap.xml").read_text(encoding="utf-8").splitlines()
    ours = without_comments((OVERRIDES / "sitemap.xml").read_text(encoding="utf-8")).splitlines()
    assert line in [row.strip() for row in upstream], "MkDocs' sitemap.xml changed: re-check overrides/sitemap.xml"
    rest = [row for row in upstream if row.strip() != line]
    assert [row for row in ours if row in rest] == rest, "overrides/sitemap.xml no longer follows MkDocs' sitemap"


def test_materials_bundle_is_the_first_script_tag_main_html_hands_to_our_loader():
    """overrides/main.html turns the first `<script src="` of Material's scripts block, its bundle, into our deferred
    loader (tekan-material.js) with the bundle's address in data-bundle."""
    base = (MATERIAL / "base.html").read_text(encoding="utf-8")
    start = base.index("{% block scripts %}")
    block = base[start : base.index("{% endblock %}", start)]
    ours = (OVERRIDES / "main.html").read_text(encoding="utf-8")
    assert (
        "replace('<script src=\"', '<script src=\"' ~ ('assets/javascripts/tekan-material.js' | url)"
        " ~ '\" defer data-bundle=\"', 1)" in ours
    )
    tags = re.findall(r"<script[^>]*>", block)
    assert len(tags) == 1 and re.fullmatch(
        r"<script src=\"\{\{ 'assets/javascripts/bundle\.\w+\.min\.js' \| url \}\}\">", tags[0]
    ), f"Material's scripts block changed ({tags}): re-check the scripts block of overrides/main.html"


def test_the_palette_script_is_materials_followed_by_ours():
    upstream = without_comments((MATERIAL / "partials/javascripts/palette.html").read_text(encoding="utf-8"))
    ours = without_comments((OVERRIDES / "partials/javascripts/palette.html").read_text(encoding="utf-8"))
    assert upstream.count("<script>") == 1, "Material's palette script changed: re-copy it"
    assert ours.startswith(upstream), "overrides/partials/javascripts/palette.html no longer starts with Material's"
    assert ours[len(upstream) :].count("<script>") == 1


def test_materials_bundle_mounts_on_a_domcontentloaded_event():
    """tekan-material.js loads the bundle after the page has loaded and then dispatches DOMContentLoaded: Material's
    watchDocument (browser/document/index.ts) must still be what starts it."""
    bundles = list((MATERIAL / "assets/javascripts").glob("bundle.*.min.js"))
    assert len(bundles) == 1
    bundle = bundles[0].read_text(encoding="utf-8")
    assert re.search(r'\(document,"DOMContentLoaded",\{once:!0\}\)', bundle), (
        "Material's bundle no longer waits for DOMContentLoaded: re-check content/assets/javascripts/tekan-material.js"
    )
