"""Readers' words: an award's aliases find its holders, and data/search_synonyms.yml's words find their pages.

The words live in the data, checked by the strict loader like every data file: a mistake names the file,
line, column and field in Chinese, and nothing is built.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from support import ROOT
from tekan.dataset.loader import load_site_data
from tekan.errors import DataErrors
from tekan.pages.specs import site_pages
from tekan.search import index as search


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    """The shipped data, whose search_synonyms.yml each test may rewrite."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    return data


def write_synonyms(data: Path, text: str) -> Path:
    path = data / "search_synonyms.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def records_of(data: Path) -> dict[str, search.SearchRecord]:
    site = search.site_records(site_pages(load_site_data(data, data.parent)))
    return {record.url: record for record in site.records}


def errors_of(data: Path) -> list[str]:
    with pytest.raises(DataErrors) as caught:
        site_pages(load_site_data(data, data.parent))
    return [str(error) for error in caught.value.errors]


def test_the_shipped_synonyms_reach_their_pages():
    records = {record.url: record for record in search.page_records(site_pages(load_site_data(ROOT / "data", ROOT)))}
    assert {"统计", "数据"} <= set(records["2023/stats/"].names)
    assert "劳模" in records["2023/workers/"].names
    assert "劳模" not in records["2023/craftsmen/"].names


def test_an_awards_aliases_are_words_of_its_holders():
    records = {record.url: record for record in search.page_records(site_pages(load_site_data(ROOT / "data", ROOT)))}
    li_ming = records["2023/workers/li-ming/"]  # 广东省劳动模范, aliases 省劳动模范, 省劳模, 广东省劳模
    assert {"省劳模", "省劳动模范", "广东省劳模"} <= set(li_ming.keywords)
    chen_jing = records["2023/workers/chen-jing/"]
    assert "省劳模" not in chen_jing.keywords


def test_the_browser_splits_queries_at_aliases_too():
    site = search.site_records(site_pages(load_site_data(ROOT / "data", ROOT)))
    assert "省劳模" in site.query_terms


def test_a_synonym_added_by_an_editor_finds_its_page(data_dir):
    write_synonyms(data_dir, "synonyms:\n  - {words: [城市名录], page: 按城市浏览}\n")
    records = records_of(data_dir)
    assert "城市名录" in records["2023/cities/"].names
    assert "统计" not in records["2023/stats/"].names  # the file replaced the shipped one


def test_a_page_that_is_not_in_the_nav_is_a_chinese_error_with_its_line(data_dir):
    path = write_synonyms(
        data_dir,
        """\
        synonyms:
          - {words: [统计], page: 数说}
          - words: [模范]
            page: 劳模名录
        """,
    )
    [message] = errors_of(data_dir)
    assert message.startswith("data/search_synonyms.yml:4:11 synonyms[1].page：「劳模名录」不是网站导航中的页面名称")
    assert "「数说」" in message and "「劳动模范」" in message
    assert path.read_text(encoding="utf-8").endswith("page: 劳模名录\n")  # nothing rewritten


def test_a_misspelt_key_is_refused_by_the_strict_loader(data_dir):
    write_synonyms(data_dir, "synonyms:\n  - {word: [统计], page: 数说}\n")
    messages = errors_of(data_dir)
    assert any(m.startswith("data/search_synonyms.yml:2:") and "word" in m and "words" in m for m in messages), messages


def test_without_the_file_nothing_is_added(data_dir):
    (data_dir / "search_synonyms.yml").unlink()
    records = records_of(data_dir)
    assert "统计" not in records["2023/stats/"].names
