"""A broken data file stops `mkdocs build --strict` and `tekan check` with the editor's message."""

from __future__ import annotations

import pytest

from support import copy_project, run_mkdocs_build, run_tekan


@pytest.fixture(scope="module")
def broken_project(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("broken"))
    path = project / "data/2023/workers/li-ming.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("    year: 2020", "    year: 去年"), encoding="utf-8")
    other = project / "data/2023/craftsmen/zhang-hua.yml"
    other.write_text(other.read_text(encoding="utf-8").replace("city: 广州", "city: 广洲"), encoding="utf-8")
    return project


def test_build_refuses_and_names_file_line_and_field(broken_project):
    result = run_mkdocs_build(broken_project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "data/2023/workers/li-ming.yml:13:11 honours[1].year：应为四位年份（如 2023），实际为「去年」。" in output
    assert "data/2023/craftsmen/zhang-hua.yml:6:7 city：「广洲」不是广东省的地级市（是否为「广州」？）。" in output
    assert "共 2 处错误" in output
    assert "Traceback" not in output
    assert not (broken_project / "site").exists(), "nothing may be written when the data is wrong"


def test_check_prints_the_same_errors(broken_project):
    result = run_tekan(broken_project, "check")
    assert result.returncode == 1
    assert "li-ming.yml:13:11 honours[1].year" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_summarises_good_data(tmp_path):
    project = copy_project(tmp_path)
    result = run_tekan(project, "check")
    assert result.returncode == 0, result.stderr
    assert "2023 年度：数据 43 项" in result.stdout
    assert "示例条目" in result.stdout and "data/2023/workers/li-ming.yml" in result.stdout


def test_a_second_year_needs_no_code(tmp_path):
    project = copy_project(tmp_path)
    year = project / "data/2024"
    year.mkdir()
    (year / "issue.yml").write_text(
        "title: 二〇二四测试刊\norganisation: 广东省总工会\nsummary: 测试。\n"
        "sections:\n  - {id: ceshi, title: 测试, subtitle: 副题, lead: 导语。}\n",
        encoding="utf-8",
    )
    result = run_mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    assert (project / "site/2024/index.html").is_file()
    assert "二〇二四测试刊" in (project / "site/index.html").read_text(encoding="utf-8")
