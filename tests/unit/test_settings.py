"""Settings under `extra.tekan` in mkdocs.yml: defaults, values, and one Chinese line per mistake."""

from __future__ import annotations

import pytest

from support import ROOT
from tekan.errors import DataErrors
from tekan.settings import Settings, read_settings, read_settings_file

CONFIG = """\
site_name: 测试
site_url: !ENV [TEKAN_SITE_URL, "http://127.0.0.1:8000/"]
extra:
  generator: false
  tekan:
    page_size: {page_size}
    pagesize: 5
"""


def test_the_shipped_mkdocs_yml_holds_the_defaults():
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    # The numbers are the defaults; the footer names the sponsor (no filing numbers until the site has them).
    assert read_settings(config["extra"]["tekan"], ROOT / "mkdocs.yml") == Settings(sponsor="广东省总工会")


def test_a_setting_left_out_keeps_its_default():
    assert read_settings(None) == Settings()
    assert read_settings({"page_size": 5}) == Settings(page_size=5)


def test_every_mistake_is_named_with_its_line_and_column(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text(CONFIG.format(page_size="true"), encoding="utf-8")
    with pytest.raises(DataErrors) as raised:
        read_settings({"page_size": True, "pagesize": 5}, config)
    assert raised.value.report().splitlines() == [
        "mkdocs.yml:6:16 extra.tekan.page_size：列表每页最多显示的卡片数，应为不小于 1 的整数，实际为true；"
        "请写一个整数，例如默认值 60。",
        "mkdocs.yml:7:5 extra.tekan.pagesize：没有这项设置；可用的设置有 page_size、per_city_threshold、"
        "city_preview、search_shard_size、cms、sponsor、contact、icp、gongan，请检查拼写。",
        "共 2 处错误，请按提示修改后再试。",
    ]


@pytest.mark.parametrize("value", [0, -3, 2.5, "60", None])
def test_a_value_that_is_not_a_positive_whole_number_is_refused(value):
    with pytest.raises(DataErrors, match=r"extra\.tekan\.search_shard_size：搜索索引每个分片最多的页面数"):
        read_settings({"search_shard_size": value})


def test_settings_that_are_not_a_mapping_are_refused():
    with pytest.raises(DataErrors, match=r"extra\.tekan：应为若干「名称: 数值」，实际为「60」"):
        read_settings(60)


def test_settings_are_read_from_mkdocs_yml_itself_for_tekan_check(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text(CONFIG.format(page_size=7).replace("    pagesize: 5\n", ""), encoding="utf-8")
    assert read_settings_file(config) == Settings(page_size=7)
    assert read_settings_file(ROOT / "mkdocs.yml") == Settings(sponsor="广东省总工会")
    config.write_text(CONFIG.format(page_size="-1"), encoding="utf-8")
    with pytest.raises(DataErrors) as raised:
        read_settings_file(config)
    assert [(e.line, e.field) for e in raised.value.errors] == [
        (6, "extra.tekan.page_size"),
        (7, "extra.tekan.pagesize"),
    ]
