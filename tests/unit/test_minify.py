"""Our stylesheets and scripts reach readers minified; other files in the built site are left alone."""

from __future__ import annotations

from pathlib import Path

from tekan.render.minify import minify_own_assets

CSS = "/* Cards: why they look so */\n.tk-card {\n  display: grid;   gap: .5rem;\n}\n"
JS = '/* Filters */\n(function () {\n  "use strict";\n  // a comment\n  var a = "x  y";\n})();\n'


def make_site(tmp_path: Path) -> tuple[Path, Path]:
    docs, site = tmp_path / "content", tmp_path / "site"
    for root in (docs, site):
        (root / "assets" / "stylesheets").mkdir(parents=True)
        (root / "assets" / "javascripts").mkdir(parents=True)
        (root / "assets" / "stylesheets" / "tekan.css").write_text(CSS, encoding="utf-8")
        (root / "assets" / "javascripts" / "tekan-filters.js").write_text(JS, encoding="utf-8")
    return docs, site


def test_own_css_and_js_are_minified_in_the_site_only(tmp_path):
    docs, site = make_site(tmp_path)
    material = site / "assets" / "stylesheets" / "main.min.css"
    material.write_text("/* Material's */ .md { color: red }", encoding="utf-8")

    saved = minify_own_assets(docs, site)

    assert (site / "assets" / "stylesheets" / "tekan.css").read_text(
        encoding="utf-8"
    ) == ".tk-card{display:grid;gap:.5rem}"
    assert (site / "assets" / "javascripts" / "tekan-filters.js").read_text(encoding="utf-8") == (
        '(function(){"use strict";var a="x  y";})();'
    )
    assert saved == len(CSS) + len(JS) - len(".tk-card{display:grid;gap:.5rem}") - len(
        '(function(){"use strict";var a="x  y";})();'
    )
    assert (docs / "assets" / "stylesheets" / "tekan.css").read_text(encoding="utf-8") == CSS  # sources unchanged
    assert material.read_text(encoding="utf-8") == "/* Material's */ .md { color: red }"


def test_a_source_not_in_the_site_is_skipped(tmp_path):
    docs, site = make_site(tmp_path)
    (docs / "assets" / "stylesheets" / "extra.css").write_text(CSS, encoding="utf-8")
    minify_own_assets(docs, site)
    assert not (site / "assets" / "stylesheets" / "extra.css").exists()
