"""The link and asset check: every internal href, src and srcset (and CSS url()) of the built
site resolves to a file in it, anchors included; external links are listed, not fetched."""

from __future__ import annotations

from pathlib import Path

import pytest

from tekan.checks.htmlscan import scan_page, srcset_urls
from tekan.checks.links import check_site

# The address the shared build uses (mkdocs.yml's default when TEKAN_SITE_URL is unset).
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"


def test_shipped_site_has_no_broken_link_or_asset(built_site):
    report = check_site(built_site, DEFAULT_SITE_URL)
    assert report.broken == [], "\n".join(str(link) for link in report.broken)
    assert report.pages == sum(1 for _ in built_site.rglob("*.html"))
    # Every page links its stylesheet, script and the pages of the nav at least.
    assert report.checked > 10 * report.pages
    for url in report.external:
        assert not url.startswith(DEFAULT_SITE_URL) and url.startswith(("https://", "http://", "mailto:")), url


def write(site: Path, path: str, text: str) -> None:
    file = site / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")


@pytest.fixture()
def tiny_site(tmp_path) -> Path:
    """A hand-made built site: three pages, an image, a stylesheet."""
    site = tmp_path / "site"
    write(
        site,
        "index.html",
        """<!doctype html><title>首页</title>
        <link rel="stylesheet" href="assets/site.css"><link rel="canonical" href="https://example.org/tekan/">
        <a href="2023/workers/">劳模</a> <a href="2023/workers/#list">名单</a> <a href="#top" id="top">顶部</a>
        <a href="城市/">城市</a> <a href="%E5%9F%8E%E5%B8%82/?page=2#gz">广州</a>
        <img src="photos/a.jpg" srcset="photos/a.jpg 1x, photos/a@2x.jpg 2x" alt="">
        <a href="https://www.gdftu.org.cn/">省总工会</a> <a href="mailto:tekan@example.org">来信</a>
        <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">""",
    )
    write(site, "2023/workers/index.html", '<h2 id="list">名单</h2><a href="../../">首页</a>')
    write(site, "城市/index.html", '<h2 id="gz">广州</h2><a href="../index.html#top">回到顶部</a>')
    write(site, "photos/a.jpg", "jpg")
    write(site, "photos/a@2x.jpg", "jpg")
    write(site, "assets/site.css", 'body{background:url("../photos/a.jpg")} i{mask:url(data:image/svg+xml;x)}')
    return site


def test_good_links_pass_and_external_links_are_listed(tiny_site):
    report = check_site(tiny_site, "https://example.org/tekan/")
    assert report.broken == []
    assert report.pages == 3
    assert report.external == {"https://www.gdftu.org.cn/": "index.html", "mailto:tekan@example.org": "index.html"}


@pytest.mark.parametrize(
    ("markup", "message"),
    [
        ('<a href="2023/craftsmen/">工匠</a>', '<a href="2023/craftsmen/">：网站里没有 2023/craftsmen/ 这个文件'),
        (
            '<a href="2023/workers/#nobody">某人</a>',
            '<a href="2023/workers/#nobody">：2023/workers/index.html 里没有 id 为「nobody」的位置',
        ),
        ('<a href="#nowhere">跳</a>', '<a href="#nowhere">：index.html 里没有 id 为「nowhere」的位置'),
        (
            '<img srcset="photos/a.jpg 1x, photos/a@3x.jpg 3x" alt="">',
            '<img srcset="photos/a@3x.jpg">：网站里没有 photos/a@3x.jpg 这个文件',
        ),
        (
            '<script src="/assets/app.js"></script>',
            '<script src="/assets/app.js">：指向网站所在目录 /tekan/ 之外：以 / 开头的链接从域名根目录算起',
        ),
        (
            '<a href="https://example.org/other/">别处</a>',
            '<a href="https://example.org/other/">：指向网站所在目录 /tekan/ 之外',
        ),
        ('<a href="../../">上级</a>', '<a href="../../">：指向网站所在目录 /tekan/ 之外'),
        ('<a href="javascript:alert(1)">点</a>', '<a href="javascript:alert(1)">：网页里不允许脚本链接'),
        (
            '<link rel="icon" href="assets/favicon.png">',
            '<link href="assets/favicon.png">：网站里没有 assets/favicon.png 这个文件',
        ),
    ],
    ids=[
        "page",
        "anchor",
        "same-page-anchor",
        "srcset",
        "domain-root",
        "other-path",
        "above-site",
        "javascript",
        "asset",
    ],
)
def test_each_broken_link_is_named_with_its_page(tiny_site, markup, message):
    write(tiny_site, "index.html", f'<!doctype html><h1 id="top">首页</h1>{markup}')
    report = check_site(tiny_site, "https://example.org/tekan/")
    assert len(report.broken) == 1, report.broken
    assert str(report.broken[0]).startswith(f"index.html {message}")


def test_broken_stylesheet_url_is_named(tiny_site):
    write(tiny_site, "assets/site.css", "body{background:url('../photos/missing.png')}")
    report = check_site(tiny_site, "https://example.org/tekan/")
    assert [str(link) for link in report.broken] == [
        'assets/site.css <style url="../photos/missing.png">：网站里没有 photos/missing.png 这个文件'
    ]


def test_root_links_are_fine_when_the_site_is_at_the_domain_root(tiny_site):
    write(tiny_site, "index.html", '<h1 id="top">首页</h1><a href="/城市/#gz">广州</a><a href="/">首页</a>')
    assert check_site(tiny_site, "https://example.org/").broken == []
    assert len(check_site(tiny_site, "https://example.org/tekan/").broken) == 2


def test_srcset_candidates_follow_html_rules():
    assert srcset_urls("a.jpg 1x, b.jpg 2x") == ["a.jpg", "b.jpg"]
    assert srcset_urls("small.jpg 480w,large.jpg 1080w") == ["small.jpg", "large.jpg"]
    assert srcset_urls("a,b.jpg 2x, c.jpg") == ["a,b.jpg", "c.jpg"]
    assert srcset_urls("  ") == []


def test_scan_reads_anchors_links_and_executable_inline_scripts():
    scan = scan_page(
        '<a name="old" href="x/">x</a><p id="new"></p><script>go()</script>'
        '<script type="application/json">{"a": 1}</script><script src="s.js"></script>',
        "p.html",
    )
    assert scan.anchors == {"old", "new"}
    assert [(r.element, r.attribute, r.url) for r in scan.references] == [
        ("a", "href", "x/"),
        ("script", "src", "s.js"),
    ]
    assert scan.inline_scripts == ["go()"]


def test_stylesheets_in_a_skipped_folder_are_not_read(tmp_path):
    # The search index's folder is rewritten by a background thread while the link check runs.
    (tmp_path / "index.html").write_text("<p>home</p>", encoding="utf-8")
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "ui.css").write_text("a { background: url(gone.png) }", encoding="utf-8")
    assert [link.url for link in check_site(tmp_path).broken] == ["gone.png"]
    assert check_site(tmp_path, skip_folders=("pagefind/",)).broken == []
