"""`tekan check`: a short summary when the data is sound, one Chinese line per mistake when not."""

from __future__ import annotations

import shutil

from support import ROOT, copy_project, run_tekan, set_tekan_settings


def test_summary_counts_each_collection_per_year_and_lists_samples(tmp_path):
    project = copy_project(tmp_path / "project")
    # A second year, so that the summary has to tell years apart.
    shutil.copytree(project / "data/2023", project / "data/2024", ignore=shutil.ignore_patterns("craftsmen", "sites"))
    for path in (project / "data/2024/workers").glob("*.yml"):
        if path.stem not in ("li-ming", "biyadi-qiche"):
            path.unlink()
    result = run_tekan(project, "check")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "2023 年度：数据 43 项，劳动模范 8 条，南粤工匠 3 条，职工服务阵地 6 条，共 17 条" in lines
    assert "2024 年度：数据 43 项，劳动模范 2 条，南粤工匠 0 条，职工服务阵地 0 条，共 2 条" in lines
    assert "  仍有 13 条示例条目（sample: true），正式发布前请替换或删除：" in lines
    assert "    data/2023/sites/aixin-yizhan-guangzhou.yml（guangzhou-haizhu-shili-yizhan）" in lines
    assert "    data/2024/workers/li-ming.yml" in lines
    assert "  仍有 1 条示例条目（sample: true），正式发布前请替换或删除：" in lines  # 2024: li-ming only
    assert lines[-1].startswith("检查通过")


def test_no_sample_line_once_samples_are_gone(tmp_path):
    project = copy_project(tmp_path / "project")
    for path in (project / "data/2023").rglob("*.yml"):
        if "sample: true" in path.read_text(encoding="utf-8"):
            path.unlink()
    # The shipped articles show sample entries in cards: without them the build, and so the check, refuses.
    for article in ("2023/yongqing-yongli.md", "2023/zhudong-zuowei.md", "shortcodes.md"):
        (project / "content" / article).unlink()
    result = run_tekan(project, "check")
    assert result.returncode == 0, result.stderr
    assert "示例条目" not in result.stdout


def test_stale_editor_schemas_are_pointed_out(tmp_path):
    project = copy_project(tmp_path / "project")
    shutil.copytree(ROOT / "schemas", project / "schemas")
    assert "提示" not in run_tekan(project, "check").stderr
    awards = project / "data/awards.yml"
    awards.write_text(
        awards.read_text(encoding="utf-8")
        + ("  - {id: shiji-xianfenghao, name: 市级工人先锋号, level: 市级, recipient: 集体, collection: workers}\n"),
        encoding="utf-8",
    )
    result = run_tekan(project, "check")
    assert result.returncode == 0
    assert (
        "提示：编辑器的字段说明（schemas/workers.json、schemas/craftsmen.json、schemas/cms/config.yml）已过期；"
        "请运行 tekan schemas 更新后一并提交。"
    ) in result.stderr.splitlines()
    assert run_tekan(project, "schemas", "--check").returncode == 1
    updated = "已更新：schemas/workers.json、schemas/craftsmen.json、schemas/cms/config.yml"
    assert run_tekan(project, "schemas").stdout.startswith(updated)
    assert "提示" not in run_tekan(project, "check").stderr


def test_errors_are_one_chinese_line_each_and_fail(tmp_path):
    project = copy_project(tmp_path / "project")
    path = project / "data/2023/workers/li-ming.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("city: 广州", "city: 广洲"), encoding="utf-8")
    result = run_tekan(project, "check")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "data/2023/workers/li-ming.yml:7:7 city：「广洲」不是广东省的地级市（是否为「广州」？）。",
        "共 1 处错误，请按提示修改后再试。",
    ]


def test_a_wrong_setting_in_mkdocs_yml_is_reported_with_the_data_mistakes(tmp_path):
    project = copy_project(tmp_path / "project")
    set_tekan_settings(project, city_preview="0")
    path = project / "data/2023/workers/li-ming.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("city: 广州", "city: 广洲"), encoding="utf-8")
    line = next(
        number
        for number, text in enumerate((project / "mkdocs.yml").read_text(encoding="utf-8").splitlines(), 1)
        if text.strip().startswith("city_preview:")
    )
    result = run_tekan(project, "check")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "data/2023/workers/li-ming.yml:7:7 city：「广洲」不是广东省的地级市（是否为「广州」？）。",
        f"mkdocs.yml:{line}:19 extra.tekan.city_preview：城市页每类最多预览的卡片数，应为不小于 1 的整数，"
        "实际为「0」；请写一个整数，例如默认值 12。",
        "共 2 处错误，请按提示修改后再试。",
    ]


def test_a_search_synonym_for_a_page_that_does_not_exist_is_one_chinese_line(tmp_path):
    project = copy_project(tmp_path / "project")
    synonyms = project / "data/search_synonyms.yml"
    text = synonyms.read_text(encoding="utf-8").replace("page: 数说}", "page: 数字说}")
    synonyms.write_text(text, encoding="utf-8")
    result = run_tekan(project, "check")
    assert result.returncode == 1
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "数字说" in row)
    column = text.splitlines()[line - 1].index("数字说") + 1
    assert result.stderr.splitlines()[0] == (
        f"data/search_synonyms.yml:{line}:{column} synonyms[0].page：「数字说」不是网站导航中的页面名称；"
        "请写其中之一：「2023 年度特刊」、「数说」、「按城市浏览」、「劳动模范」、「南粤工匠」、「职工服务阵地」。"
    )
    assert "Traceback" not in result.stderr
    assert synonyms.read_text(encoding="utf-8") == text  # nothing rewritten
