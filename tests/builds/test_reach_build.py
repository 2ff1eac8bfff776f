"""Reader reach in the built site: what a shared link shows, the article pages' head, the 404 page, the footer's
filing numbers, and the phone's icons and manifest."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from PIL import Image

from site_html import json_ld, meta_content, parse, read_page
from support import copy_project, run_mkdocs_build

SITE_URL = "http://127.0.0.1:8000/"
ENTRY_PAGES = ("2023/workers/li-ming/", "2023/workers/shili-dungou-banzu/", "2023/sites/shili-liaoxiuyang-jidi/")
ARTICLE_PAGES = ("2023/sixiang-yinling/", "2023/yongqing-yongli/", "2023/zhudong-zuowei/")


def body_images(document):
    body = document.find("body")
    return body.find_all("img")


@pytest.mark.parametrize("url", ENTRY_PAGES + ARTICLE_PAGES)
def test_a_shared_link_carries_the_pages_own_card_and_a_square_first_image(built_site, url):
    page = read_page(built_site, url)
    image = meta_content(page, property="og:image")
    with Image.open(built_site / image.removeprefix(SITE_URL)) as card:
        assert card.size == (600, 315)
    # WeChat ignores og:image and takes the first image of at least 300×300 on the page.
    first = body_images(page)[0]
    assert "tk-share-square" in first.classes and first.attrs["alt"]
    with Image.open((built_site / url / first.attrs["src"]).resolve()) as square:
        assert square.size == (int(first.attrs["width"]), int(first.attrs["height"])) == (400, 400)


def test_every_entry_and_article_shares_a_different_card(built_site):
    cards = {meta_content(read_page(built_site, url), property="og:image") for url in ENTRY_PAGES + ARTICLE_PAGES}
    assert len(cards) == len(ENTRY_PAGES + ARTICLE_PAGES)
    contents = {(built_site / card.removeprefix(SITE_URL)).read_bytes() for card in cards}
    assert len(contents) == len(cards)


def test_an_article_is_an_article_to_search_engines_and_readers(built_site):
    page = read_page(built_site, "2023/sixiang-yinling/")
    assert meta_content(page, property="og:type") == "article"
    assert meta_content(page, property="og:description").startswith("宣讲团走进车间")
    assert page.find("link", rel="canonical").attrs["href"] == SITE_URL + "2023/sixiang-yinling/"
    (article,) = json_ld(page)
    assert article["@type"] == "Article" and article["headline"] == "思想引领：筑牢职工思想之基"
    assert article["datePublished"] == "2023" and article["publisher"]["name"] == "广东省总工会"
    crumbs = page.find("nav", cls="tk-crumbs")
    assert [(a.text, a.attrs["href"]) for a in crumbs.find_all("a")] == [("2023 年度特刊", "../")]
    source = page.find("p", cls="tk-article__source")
    assert re.sub(r"\s+", " ", source.text).strip() == (
        "2023 年 · 来源：广东省总工会 · 新快报《干在实处 走在前列》特刊"
    )
    assert page.find("details", cls="tk-share").find("svg", cls="tk-qr__code") is not None


def test_the_404_page_is_chinese_and_leads_back_from_any_depth(built_site):
    page = parse((built_site / "404.html").read_text(encoding="utf-8"))
    assert page.find("h1").text == "找不到这个页面"
    assert page.find("label", cls="tk-notfound__search").attrs["for"] == "__search"
    links = {a.text: a.attrs["href"] for a in page.find("ul", cls="tk-notfound__links").find_all("a")}
    # Absolute: a host serves this page at any depth.
    assert links["2023 年度特刊"] == "/2023/" and links["劳动模范"] == "/2023/workers/"
    assert links["按城市浏览"] == "/2023/cities/" and links["往期特刊"] == "/archive/"
    for href in links.values():
        assert (built_site / href.lstrip("/") / "index.html").is_file(), href


def test_phones_get_a_theme_colour_an_icon_and_a_chinese_manifest(built_site):
    page = read_page(built_site, "2023/workers/li-ming/")
    assert meta_content(page, name="theme-color") == "#b3261e"
    icon = page.find("link", rel="apple-touch-icon").attrs["href"]
    with Image.open((built_site / "2023/workers/li-ming" / icon).resolve()) as image:
        assert image.size == (180, 180)
    manifest_href = page.find("link", rel="manifest").attrs["href"]
    manifest_path = (built_site / "2023/workers/li-ming" / manifest_href).resolve()
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    assert manifest["name"] == "广东工会年度特刊" and manifest["lang"] == "zh-CN"
    for icon in manifest["icons"]:
        with Image.open(manifest_path.parent / icon["src"]) as image:
            assert "x".join(map(str, image.size)) == icon["sizes"]


def test_without_filing_numbers_the_footer_shows_none(built_site):
    footer = read_page(built_site, "2023/").find("footer")
    assert "主办：广东省总工会" in footer.text
    assert footer.find("p", cls="tk-footer__beian") is None


def configure_footer(project, settings) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    block = yaml.safe_dump({"tekan": settings}, allow_unicode=True).replace("\n", "\n  ")
    text, count = re.subn(r"\n  tekan:\n(    .*\n)+", "\n  " + block.rstrip(" "), text)
    assert count == 1
    config.write_text(text, encoding="utf-8")


def test_configured_filing_numbers_link_to_their_official_lookup_pages(tmp_path):
    project = copy_project(tmp_path / "project")
    configure_footer(
        project,
        {"icp": "粤ICP备12345678号-1", "gongan": "粤公网安备 44010602000001号", "contact": "020-12345678"},
    )
    result = run_mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    assert "页脚没有" not in result.stdout + result.stderr
    for url in ("", "2023/workers/li-ming/", "404.html"):
        path = project / "site" / url
        footer = parse((path if url.endswith(".html") else path / "index.html").read_text(encoding="utf-8")).find(
            "footer"
        )
        links = {a.text: a.attrs["href"] for a in footer.find("p", cls="tk-footer__beian").find_all("a")}
        assert links == {
            "粤ICP备12345678号-1": "https://beian.miit.gov.cn/",
            "粤公网安备 44010602000001号": "http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=44010602000001",
        }
        assert "联系：020-12345678" in footer.text


def test_a_wrong_filing_number_stops_the_build_with_one_chinese_line(tmp_path):
    project = copy_project(tmp_path / "project")
    configure_footer(project, {"gongan": "粤公网安备"})
    result = run_mkdocs_build(project, project / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    (line,) = [line for line in output.splitlines() if "extra.tekan.gongan" in line]
    assert re.fullmatch(
        r"mkdocs\.yml:\d+:\d+ extra\.tekan\.gongan：页脚的公网安备号应含备案编号的数字，实际为「粤公网安备」；"
        r"请照备案证书填写，如「粤公网安备 44010602000001号」。",
        line,
    ), line
    assert not (project / "site").exists()
