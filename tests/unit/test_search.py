"""Search index preparation: the words a record carries and the traditional table (no browser)."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import jinja2
import pytest
import yaml

from support import ROOT
from tekan.dataset.loader import load_site_data
from tekan.pages.specs import site_pages
from tekan.search import index as search
from tekan.search.segment import Segmenter, user_dictionary


@pytest.fixture(scope="module")
def records() -> list[search.SearchRecord]:
    return search.page_records(site_pages(load_site_data(ROOT / "data", ROOT)))


def by_url(records, url):
    return next(record for record in records if record.url == url)


def test_tails_make_every_position_a_word_start():
    assert search.tails("欧阳明月") == ["阳明月", "明月"]
    assert search.tails("李明", shortest=1) == ["明"]


def test_a_name_is_found_by_given_name_pinyin_and_initials():
    words = search.name_words("李明", Segmenter())
    assert words[:2] == ["李明", "明"]
    assert {"liming", "li", "ming", "lm"} <= set(words)


def test_a_long_name_keeps_its_whole_and_the_tails_where_words_start():
    segmenter = Segmenter(user_dictionary(["天河示例路工会爱心驿站"]))
    words = search.name_words("天河示例路工会爱心驿站", segmenter)
    assert words[0] == "天河示例路工会爱心驿站"
    assert {"工会爱心驿站", "爱心驿站", "驿站"} <= set(words)
    assert "河示例路工会爱心驿站" not in words  # no word starts there


def test_every_reading_of_a_surname_is_kept():
    forms = search.pinyin_forms("曾华")
    assert {"zenghua", "zh", "cenghua"} <= set(forms)
    assert forms.index("cenghua") < forms.index("zenghua")  # pypinyin's most common reading first


def test_one_record_per_page_without_the_root_duplicate(records):
    pages = site_pages(load_site_data(ROOT / "data", ROOT))
    urls = [record.url for record in records]
    assert len(urls) == len(set(urls)) == len(pages) - 1
    assert "" not in urls and "2023/" in urls


def test_entry_record_carries_what_readers_type(records):
    li_ming = by_url(records, "2023/workers/li-ming/")
    assert li_ming.title == "李明" and li_ming.sample is True
    assert {"liming", "lm", "明"} <= set(li_ming.names)
    assert {
        "广州",
        "2023",
        "全国五一劳动奖章",
        "五一劳动奖章",
        "示例精密机械有限公司",
        "精密机械有限公司",
        "广东省劳动模范",
        "劳动模范",
        "模范",
        "数控车间主任",
    } <= set(li_ming.keywords)
    assert "扎根数控加工" in li_ming.summary and {"扎根", "一线"} <= set(li_ming.text)
    byd = by_url(records, "2023/workers/biyadi-qiche/")
    assert byd.sample is False and "bydqc" in byd.names


def test_every_word_is_segmented_already(records):
    """Pagefind only splits at spaces: a record word with a space or punctuation would be two words or junk."""
    for record in records:
        for word in [*record.names, *record.keywords, *record.text]:
            assert word and not re.search(r"[\s，。、：；·（）“”]", word), (record.url, word)


def test_articles_are_indexed_by_their_words_and_quoted_terms():
    html = "<h2>新业态劳动者：温暖送上门</h2><p>推出“工会爱心妈妈小屋”，让劳动光荣成为风尚。</p>"
    built = search.site_records([], [search.MarkdownPage("2023/x/", "用情用力", html)])
    record = built.records[0]
    assert "工会爱心妈妈小屋" in built.query_terms
    assert {"工会爱心妈妈小屋", "爱心妈妈小屋", "劳动光荣"} <= set(record.text)
    assert {"业态", "劳动者", "送上门"} <= set(record.keywords) and record.names[0] == "用情用力"


def test_the_browser_splits_queries_at_shared_terms_only():
    built = search.site_records(site_pages(load_site_data(ROOT / "data", ROOT)))
    terms = set(built.query_terms)
    assert {"深圳", "深圳市", "全国五一劳动奖章", "工会爱心驿站", "爱心驿站", "劳动模范", "南粤工匠"} <= terms
    # Names and units stay whole in a query: only what many pages share splits it.
    assert not {"李明", "示例精密机械有限公司", "比亚迪汽车"} & terms


def test_city_and_listing_records(records):
    shenzhen = by_url(records, "2023/cities/shenzhen/")
    assert {"深圳市", "深圳", "shenzhen", "sz"} <= set(shenzhen.names)
    workers = by_url(records, "2023/workers/")
    assert {"劳动模范", "模范"} <= set(workers.names)


def test_traditional_table_covers_the_sites_characters_only(records):
    table = search.traditional_table(records)
    assert search.to_simplified("勞動模範", table) == "劳动模范"
    assert search.to_simplified("工會愛心驛站", table) == "工会爱心驿站"
    assert search.to_simplified("ＬＩＭＩＮＧ", table) == "liming"
    assert "劳" in table.values() and "鬱" not in table  # 郁 appears nowhere in the data
    assert len(table) < 2000


def test_record_markup_escapes_what_editors_write():
    template_dir = ROOT / "overrides"
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(template_dir)))
    record = search.SearchRecord(
        url="x/",
        title='<img src=x onerror="alert(1)">王五',
        summary='<b>简介</b>"',
        sample=True,
        names=["<script>alert(1)</script>"],
    )
    html = env.get_template("partials/tekan/search-record.html").render(record=record)
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert 'content="&lt;img src=x onerror=&#34;alert(1)&#34;&gt;王五"' in html
    assert '<meta data-pagefind-meta="sample[content]" content="示例">' in html


def test_query_set_covers_every_kind_the_issue_names():
    queries = yaml.safe_load((Path(__file__).parents[1] / "search" / "queries.yml").read_text(encoding="utf-8"))
    assert sum(len(group) for group in queries.values()) >= 60
    assert {
        "full_name",
        "given_name",
        "unit",
        "trade",
        "city",
        "award",
        "article_term",
        "word_tail",
        "with_digits",
        "traditional",
        "pinyin",
    } <= set(queries)
    for group in queries.values():
        for case in group:
            assert set(case) == {"query", "expect"}, case


def test_large_sites_are_indexed_in_shards():
    records = [search.SearchRecord(url=f"2023/workers/w{i}/", title=f"条目{i}") for i in range(9)]
    shards = search.shard_folders(records, shard_pages=4)
    assert [folder for folder, _ in shards] == ["pagefind/", "pagefind/shard-1/", "pagefind/shard-2/"]
    assert sorted(r.url for _, shard in shards for r in shard) == sorted(r.url for r in records)
    assert max(len(shard) for _, shard in shards) <= 4
    assert [folder for folder, _ in search.shard_folders(records[:4], shard_pages=4)] == ["pagefind/"]


def test_an_incomplete_index_is_recognised(tmp_path):
    output = tmp_path / "pagefind"
    output.mkdir()
    (output / "pagefind-entry.json").write_text("", encoding="utf-8")
    assert not search._is_complete(output)
    (output / "pagefind-entry.json").write_text('{"languages": {"zh": {"hash": "zh_1"}}}', encoding="utf-8")
    assert not search._is_complete(output)
    (output / "pagefind.zh_1.pf_meta").write_bytes(gzip.compress(b"pagefind_dcd meta"))
    wasm = gzip.compress(bytes(range(256)) * 200)
    (output / "wasm.unknown.pagefind").write_bytes(wasm)
    assert search._is_complete(output)
    # A wasm cut short (what Pagefind's Python service left on a busy machine) breaks search in the browser.
    (output / "wasm.unknown.pagefind").write_bytes(wasm[: len(wasm) // 2])
    assert not search._is_complete(output)


def test_a_failed_pagefind_run_is_one_chinese_line(tmp_path):
    (tmp_path / "records").mkdir()
    with pytest.raises(search.SearchIndexError) as raised:
        search._run_pagefind(tmp_path / "records", tmp_path / "pagefind")
    message = str(raised.value)
    assert message.startswith("搜索索引生成失败（Pagefind 退出码 1：") and message.endswith("请重新构建。")
    assert "\n" not in message
