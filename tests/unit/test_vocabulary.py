"""One vocabulary for collections and years: every name an editor may write for a collection works
alike in `tekan new`, `tekan import --collection` and the `tk:entries` shortcode."""

from __future__ import annotations

import re
from html import unescape
from types import SimpleNamespace

import pytest
from mkdocs.config import load_config

from support import ROOT, copy_project
from tekan.articles.shortcodes import ArticleShortcodes
from tekan.cli import main
from tekan.dataset.loader import load_site_data
from tekan.dataset.vocabulary import COLLECTION_ALIASES, COLLECTIONS, parse_year

SAMPLE = ROOT / "docs" / "导入示例.xlsx"
# Every alias, plus the same words as an editor may type them: padded, capitalised.
WRITTEN = [*COLLECTION_ALIASES.items(), (" Workers ", "workers"), ("SITES", "sites"), (" 服务阵地", "sites")]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("vocabulary") / "project")


@pytest.fixture(scope="module")
def site():
    return load_site_data(ROOT / "data", ROOT)


@pytest.fixture(scope="module")
def config():
    return load_config(config_file=str(ROOT / "mkdocs.yml"))


@pytest.fixture()
def shortcodes(site, config):
    return ArticleShortcodes.for_build(site, config, ROOT)


def test_the_aliases_cover_every_collection():
    assert set(COLLECTION_ALIASES.values()) == set(COLLECTIONS)


@pytest.mark.parametrize("written, collection", WRITTEN)
def test_tekan_new_puts_the_entry_in_the_collection_named(project, capsys, written, collection):
    name = f"词表测试{len(written)}{ord(written.strip()[0])}"
    assert main(["--root", str(project), "new", written, name, "--year", "2023"]) == 0, capsys.readouterr().err
    created = re.search(r"已新建：(\S+)", capsys.readouterr().out).group(1)
    assert created.startswith(f"data/2023/{collection}/")
    assert (project / created).read_text(encoding="utf-8").count(name) == 1


@pytest.mark.parametrize("written, collection", WRITTEN)
def test_tekan_import_reads_the_collection_named(project, capsys, written, collection):
    before = sorted((project / "data").rglob("*"))
    code = main(["--root", str(project), "import", str(SAMPLE), "--collection", written, "--dry-run"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert re.findall(r"data/2023/(\w+)/", out) and set(re.findall(r"data/2023/(\w+)/", out)) == {collection}
    assert sorted((project / "data").rglob("*")) == before


@pytest.mark.parametrize("written, collection", WRITTEN)
def test_the_entries_shortcode_lists_the_collection_named(shortcodes, site, written, collection):
    markdown = f"<!-- tk:entries collection={written.strip()} limit=9999 -->\n"
    page = SimpleNamespace(
        url="2023/test/", meta={}, file=SimpleNamespace(src_uri="2023/test.md", content_string=markdown)
    )
    html = shortcodes.to_html(shortcodes.expand_page(markdown, page))
    assert shortcodes.errors == [], [str(e) for e in shortcodes.errors]
    names = [unescape(n) for n in re.findall(r'class="tk-card__name"[^>]*>([^<]+)<', html)]
    assert sorted(names) == sorted(e.name for e in site.issue(2023).entries[collection])


@pytest.mark.parametrize("written", ["工人", "workerz", "２０２３"])
def test_an_unknown_collection_is_refused_alike_everywhere(project, shortcodes, capsys, written):
    choices = "workers（劳动模范）、craftsmen（南粤工匠）、sites（职工服务阵地）"
    before = sorted((project / "data").rglob("*"))
    assert main(["--root", str(project), "new", written, "某某"]) == 1
    assert capsys.readouterr().err.strip() == f"没有「{written}」这一类条目；请写 {choices} 之一。"
    assert main(["--root", str(project), "import", str(SAMPLE), "--collection", written]) == 1
    assert capsys.readouterr().err.strip() == f"没有「{written}」这一类条目；请写 {choices} 之一。"
    assert sorted((project / "data").rglob("*")) == before
    markdown = f"<!-- tk:entries collection={written} -->\n"
    page = SimpleNamespace(
        url="2023/test/", meta={}, file=SimpleNamespace(src_uri="2023/test.md", content_string=markdown)
    )
    shortcodes.expand_page(markdown, page)
    assert [str(e) for e in shortcodes.errors] and f"collection=「{written}」不是名录" in str(shortcodes.errors[0])


@pytest.mark.parametrize(
    "text, year",
    [
        ("2023", 2023),
        (" 2023 ", 2023),
        ("2023年", 2023),
        ("2023 年度", 2023),
        ("２０２３", None),
        ("23", None),
        ("2023-01", None),
        ("二〇二三", None),
        ("", None),
        ("20230", None),
    ],
)
def test_parse_year(text, year):
    assert parse_year(text) == year
