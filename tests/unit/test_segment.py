"""The search index's segmenter: jieba-rs with a user dictionary made from the data (no browser)."""

from __future__ import annotations

from support import ROOT
from tekan.dataset.loader import load_site_data
from tekan.pages.specs import site_pages
from tekan.search import index as search
from tekan.search.segment import Segmenter, dictionary_terms, user_dictionary

# Whole in the data, cut apart by jieba's own dictionary (and so by Pagefind's segmenter).
DATA_TERMS = ["天河示例路工会爱心驿站", "示例精密机械有限公司", "李明", "疗休养基地", "思政示范点", "工会爱心妈妈小屋"]


def test_jieba_alone_cuts_the_datas_names_and_terms_apart():
    plain = Segmenter()
    assert [plain.cut(term) for term in DATA_TERMS if plain.cut(term) == [term]] == []


def test_the_user_dictionary_keeps_them_whole_in_running_text():
    segmenter = Segmenter(user_dictionary(DATA_TERMS))
    for term in DATA_TERMS:
        assert term in segmenter.cut(f"近日，{term}开展活动"), term


def test_user_dictionary_holds_each_chinese_run_once():
    assert user_dictionary(["李明", "示例路 12 号", "李明", "X", "比亚迪 Auto"]) == "李明\n示例路\n比亚迪\n"
    assert dictionary_terms(["广", "一二三四五六七八九十一二三四五六七八九十一二三四五"]) == []


def test_long_words_get_their_tails_where_a_shorter_word_starts():
    segmenter = Segmenter(user_dictionary(["工会爱心驿站"]))
    assert segmenter.words("全国五一劳动奖章") == ["全国五一劳动奖章", "五一劳动奖章", "劳动奖章", "奖章"]
    assert segmenter.words("劳动模范") == ["劳动模范", "模范"]
    assert segmenter.words("工会爱心驿站") == ["工会爱心驿站", "爱心驿站", "驿站"]


def test_single_characters_are_left_out_and_latin_kept():
    segmenter = Segmenter()
    assert segmenter.words("示例路 12 号，每日 8:00") == ["示例", "12", "每日", "8", "00"]
    assert segmenter.words("明", keep_single=True) == ["明"]
    assert segmenter.words("TCL 科技") == ["tcl", "科技"]
    assert segmenter.words("3.996亿元，占75.5%") == ["3.996", "亿元", "75.5"]


def test_running_text_also_carries_its_short_phrases():
    segmenter = Segmenter()
    words = segmenter.words("劳动光荣，司机之家", phrases=True)
    assert {"劳动光荣", "司机之家"} <= set(words)
    assert "劳动光荣" not in segmenter.words("劳动光荣")


def test_the_site_dictionary_holds_every_name_unit_award_site_and_article_term():
    site = load_site_data(ROOT / "data", ROOT)
    markdown = [
        search.MarkdownPage(path.stem, "", path.read_text(encoding="utf-8"))
        for path in (ROOT / "content/2023").glob("*.md")
    ]
    built = search.site_records(site_pages(site), markdown)
    words = {word for record in built.records for word in [*record.names, *record.keywords, *record.text]}
    entries = [entry for issue in site.issues for entry in issue.all_entries()]
    expected = {entry.data.name for entry in entries}
    expected |= {getattr(entry.data, "unit", None) for entry in entries} - {None, ""}
    expected |= {honour.award.name for entry in entries for honour in entry.honours}
    expected |= {"工会爱心妈妈小屋", "司机之家", "求学圆梦行动", "新就业形态劳动者温暖行动"}
    assert {term for term in expected if term not in words} == set()
