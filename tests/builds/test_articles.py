"""The 2023 articles on the built site: in the nav, linked from the issue home, every number from data/."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from support import ROOT
from tekan.dataset.loader import load_site_data

ARTICLES = {"sixiang-yinling": "思想引领", "yongqing-yongli": "用情用力", "zhudong-zuowei": "主动作为"}

# Numbers a sentence may carry without a shortcode, and why:
# dates (2023年5月, 2022年10月以来, 11月底) are when things happened, not figures of the work;
DATES = re.compile(r"\d{4}年(?:\d{1,2}月)?|\d{1,2}月")
# a Chinese numeral counts something only before a measure word (两万人, 三个); those allowed are
# ordinals (第三届), the indefinite 一 (一支大军, 一批), and proper names that contain a numeral.
CHINESE_QUANTITY = re.compile(r"(?<!第)[零一二两三四五六七八九十百千万亿]+(?=[个名场家项批次人万亿元届种支所位])")
NAMES_WITH_NUMERALS = ("工会二次医保",)


@pytest.fixture(scope="module")
def issue():
    return load_site_data(ROOT / "data", ROOT).issue(2023)


class ArticleText(HTMLParser):
    """Splits an article's HTML into prose, inline figures/counts, and shortcode blocks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []  # what each open element is: prose, figure:<id>, count, block
        self.prose: list[str] = []
        self.figures: list[tuple[str, str]] = []
        self.counts: list[str] = []
        self.blocks: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        inherited = self.stack[-1] if self.stack else "prose"
        if inherited != "prose":
            role = inherited
        elif "tk-shortcode" in classes:
            role = "block"
        elif "tk-figure" in classes:
            role = f"figure:{attrs['data-figure']}"
            self.figures.append((attrs["data-figure"], ""))
        elif "tk-count" in classes:
            role = "count"
            self.counts.append("")
        else:
            role = "prose"
        if tag not in ("br", "img", "hr", "input", "meta", "link", "source", "wbr"):
            self.stack.append(role)

    def handle_endtag(self, tag):
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        role = self.stack[-1] if self.stack else "prose"
        if role.startswith("figure:"):
            figure_id, shown = self.figures[-1]
            self.figures[-1] = (figure_id, shown + data)
        elif role == "count":
            self.counts[-1] += data
        elif role == "block":
            self.blocks.append(data)
        else:
            self.prose.append(data)


def article_html(site: Path, name: str) -> str:
    page = (site / "2023" / name / "index.html").read_text(encoding="utf-8")
    start = page.index('<article class="md-content__inner md-typeset">')
    html = page[start : page.index("</article>", start)]
    # The article's own text: without the breadcrumb, share image, date line and QR code around it.
    return re.sub(r'<div class="tk-article__(head|foot)">.*?</div>', "", html, flags=re.DOTALL)


def parsed(site: Path, name: str) -> ArticleText:
    parser = ArticleText()
    parser.feed(article_html(site, name))
    parser.close()
    return parser


def test_articles_follow_the_issue_home_in_the_nav_in_section_order(built_site):
    home = (built_site / "2023" / "index.html").read_text(encoding="utf-8")
    nav = home[home.index("md-nav--primary") :]
    links = re.findall(
        r'<a href="([^"]+)" class="md-nav__link">\s*<span class="md-ellipsis">\s*([^<]+?)\s*</span>', nav
    )
    titles = [title for _, title in links]
    position = titles.index("思想引领")
    assert titles[position : position + 3] == list(ARTICLES.values())
    assert [href for href, _ in links[position : position + 3]] == [f"{name}/" for name in ARTICLES]


def test_issue_home_links_each_section_to_its_article(built_site):
    for home, prefix in ((built_site / "2023" / "index.html", ""), (built_site / "index.html", "2023/")):
        html = home.read_text(encoding="utf-8")
        for name, title in ARTICLES.items():
            section = html[html.index(f'<section class="tk-section" id="{name}">') :]
            section = section[: section.index("</section>")]
            assert re.search(rf'<a href="{prefix}{name}/">阅读全文：{title}', section), (home, name)


def test_each_article_has_its_title_and_section_subtitle(built_site, issue):
    for section in issue.info.sections:
        html = article_html(built_site, section.id)
        assert re.search(rf"<h1[^>]*>{section.title}：{section.subtitle}</h1>", html)
        page = (built_site / "2023" / section.id / "index.html").read_text(encoding="utf-8")
        assert f"<title>{section.title} - " in page


def test_every_figure_of_a_section_is_in_its_article_and_shown_as_stats_yml_says(built_site, issue):
    displays = {figure.id: figure.display for figure in issue.figures}
    for section in issue.info.sections:
        article = parsed(built_site, section.id)
        shown = dict(article.figures)
        assert {f.id for f in issue.figures if f.section.id == section.id} <= shown.keys(), section.id
        for figure_id, text in article.figures:
            assert text == displays[figure_id], (section.id, figure_id, text)
        # Figure cards show the same display form as stats.yml gives.
        html = article_html(built_site, section.id)
        for figure_id, value in re.findall(r'id="stat-([^"]+)">\s*<span class="tk-stat__value">([^<]*)<', html):
            assert unescape(value) == displays[figure_id]


def test_no_number_in_an_article_is_typed_by_hand(built_site, issue):
    stations = {
        kind.short: sum(1 for e in issue.all_entries() if e.site_kind and e.site_kind.id == kind.id)
        for kind in {e.site_kind.id: e.site_kind for e in issue.all_entries() if e.site_kind}.values()
    }
    for name in ARTICLES:
        article = parsed(built_site, name)
        prose = "".join(article.prose)
        for allowed in NAMES_WITH_NUMERALS:
            prose = prose.replace(allowed, "")
        leftover = DATES.sub("", prose)
        assert re.findall(r"\d+", leftover) == [], (name, re.findall(r".{0,12}\d+.{0,6}", leftover))
        assert [n for n in CHINESE_QUANTITY.findall(prose) if n != "一"] == [], name
        assert article.figures, name
        # The one count in the articles: how many 疗休养基地 the site lists.
        source = (ROOT / "content" / "2023" / f"{name}.md").read_text(encoding="utf-8")
        expected = [str(stations[kind]) for kind in re.findall(r"<!-- tk:count kind=(\S+) -->", source)]
        assert article.counts == expected, name


def test_no_marker_reaches_the_built_site(built_site):
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<!-- tk" not in html, page
        if page.parent.name != "shortcodes":
            assert "tk:" not in unescape(re.sub(r"<[^>]+>", "", html)), page


def _pagefind_fragments(site: Path, tmp_path: Path) -> dict[str, str]:
    """url -> indexed text, from the site's Pagefind index, or one made now the same way."""
    index = site / "pagefind"
    if not index.is_dir():
        index = tmp_path / "pagefind"
        subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(index)],
            check=True,
            capture_output=True,
            timeout=120,
        )
    fragments = {}
    for fragment in (index / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(fragment.read_bytes())
        record = json.loads(raw[len(b"pagefind_dcd") :])
        fragments[record["url"].strip("/")] = record["content"].replace("\u200b", "")
    return fragments


def _index_words(text: str) -> set[str]:
    """The words of a page's indexed text (search records are words separated by spaces; blocks end in '.')."""
    return {word.rstrip(".") for word in text.split()}


def test_search_index_holds_rendered_figures_and_names(built_site, tmp_path, issue):
    fragments = _pagefind_fragments(built_site, tmp_path)
    article = _index_words(fragments["2023/zhudong-zuowei"])
    # The figures' numbers as the article shows them (3.996亿元, 1188批次, 75.5%, 100余名), and the
    # entries its shortcodes show, each as one word.
    assert {"3.996", "亿元", "1188", "批次", "75.5", "100"} <= article
    assert {"广州南洋电缆", "比亚迪汽车", "示例山区技术工人疗休养基地"} <= article
    assert "6980" in _index_words(fragments["2023/yongqing-yongli"])
    for url, text in fragments.items():
        if url != "shortcodes":  # the examples page shows markers as code, on purpose
            assert "tk:" not in text, url


@pytest.mark.browser
def test_an_article_on_a_phone_leads_to_an_entry(page, site_url):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(site_url + "2023/zhudong-zuowei/")
    assert page.locator("h1").inner_text() == "主动作为：建设工匠人才大军"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    figure = page.locator('.tk-figure[data-figure="liaoxiuyang-touru"]')
    assert figure.inner_text() == "3.996亿元" and figure.get_attribute("title") == "全省各级工会疗休养累计投入"
    page.locator(".tk-card__link", has_text="广州南洋电缆").click()
    page.wait_for_url("**/2023/workers/guangzhou-nanyang-dianlan/")
    assert page.locator("h1").first.inner_text().startswith("广州南洋电缆")
    assert page.outside_requests == []
