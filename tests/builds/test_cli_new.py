"""`tekan new`: ids from pinyin, clashes, every field laid out, and an entry that reaches the site."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from support import ROOT, mkdocs_env, run_mkdocs_build, run_tekan, tekan_cli
from tekan.dataset.schemas import COLLECTION_SCHEMAS
from tekan.dataset.yamlio import load_yaml
from tekan.editors.entryfiles import pinyin_id


@pytest.mark.parametrize(
    "name, personal, expected",
    [
        ("李明", True, "li-ming"),
        ("王小红", True, "wang-xiao-hong"),
        ("曾志强", True, "zeng-zhi-qiang"),  # 曾 as a surname is zeng, not ceng
        ("区志强", True, "ou-zhi-qiang"),
        ("吕红", True, "lv-hong"),
        ("欧阳修", True, "ou-yang-xiu"),
        ("单位工会", False, "dan-wei-gong-hui"),  # not a person: no surname reading
        ("BYD汽车 A班", False, "byd-qi-che-a-ban"),
        ("地铁14号线班组", False, "di-tie-14-hao-xian-ban-zu"),
        ("！！", True, ""),
    ],
)
def test_pinyin_ids(name, personal, expected):
    assert pinyin_id(name, personal) == expected


def test_long_names_are_cut_at_a_syllable():
    entry_id = pinyin_id("广东省总工会直属机关工会委员会驻深圳办事处劳动模范创新工作室联盟秘书处", personal=False)
    assert len(entry_id) <= 60 and not entry_id.endswith("-")
    assert entry_id.startswith("guang-dong-sheng-zong-gong-hui-")


def test_new_entry_file_lays_out_every_field(project, capsys):
    assert tekan_cli(project, "new", "workers", "王小红", "--city", "广州市") == 0
    out = capsys.readouterr().out
    path = project / "data/2023/workers/wang-xiao-hong.yml"
    assert "已新建：" in out and "发布后的网址：http://127.0.0.1:8000/2023/workers/wang-xiao-hong/" in out
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../../../schemas/workers.json"
    assert (path.parent / lines[0].split("=", 1)[1]).resolve() == (project / "schemas/workers.json").resolve()
    for field, info in COLLECTION_SCHEMAS["workers"].model_fields.items():
        at = next(i for i, line in enumerate(lines) if line.startswith(f"{field}:"))
        # Its comment is right above it, from the schema (honours: a shorter lead, then how to write an item).
        described = info.description.split("，")[0] + "：award" if field == "honours" else info.description
        assert lines[at - 1].startswith(f"# {described}"), field
        assert ("（必填）" in lines[at - 1]) == info.is_required(), field
    doc = load_yaml(path)  # the strict loader reads it
    assert doc.value["name"] == "王小红" and doc.value["city"] == "广州"  # 广州市 written in its usual form
    assert "本年度的专题：思想引领、用情用力、主动作为" in text


def test_site_entry_lists_the_site_kinds(project, capsys):
    assert tekan_cli(project, "new", "阵地", "天河示例驿站", "--city", "广州") == 0
    text = (project / "data/2023/sites/tian-he-shi-li-yi-zhan.yml").read_text(encoding="utf-8")
    assert "可写：产业工人思想政治工作示范点、工会爱心驿站、技术工人疗休养基地、工人文化宫" in text
    assert "services: []" in text


def test_clashes_get_a_suffix_across_collections(project, capsys):
    # li-ming exists among the workers; ids are unique within a year, whatever the collection.
    assert tekan_cli(project, "new", "craftsmen", "李明") == 0
    assert "编号 li-ming 已被其他条目使用，本条目用 li-ming-2" in capsys.readouterr().out
    assert (project / "data/2023/craftsmen/li-ming-2.yml").is_file()
    assert tekan_cli(project, "new", "workers", "李明") == 0
    assert (project / "data/2023/workers/li-ming-3.yml").is_file()
    assert (project / "data/2023/workers/li-ming.yml").read_text(encoding="utf-8").count("name: 李明") == 1


def test_ids_inside_site_list_files_count_as_taken(project, capsys):
    assert tekan_cli(project, "new", "sites", "x", "--id", "guangzhou-tianhe-shili-yizhan") == 1
    assert "已被 data/2023/sites/aixin-yizhan-guangzhou.yml 使用" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args, message",
    [
        (["new", "workers", "李明", "--city", "广洲"], "--city 「广洲」不是广东省的地级市（是否为「广州」？）。"),
        (
            ["new", "teachers", "李明"],
            "没有「teachers」这一类条目；请写 workers（劳动模范）、craftsmen（南粤工匠）、sites（职工服务阵地） 之一。",
        ),
        (
            ["new", "workers", "李明", "--year", "2031"],
            "没有 2031 年度的特刊（data/2031/issue.yml 不存在；现有年度：2023）",
        ),
        (["new", "workers", "！！"], "无法从名称「！！」生成编号；请用 --id 指定一个，如 --id li-ming。"),
        (["new", "workers", "李明", "--id", "Li Ming"], "编号「Li Ming」不能作网址"),
    ],
)
def test_mistakes_write_nothing(project, capsys, args, message):
    before = sorted(p.name for p in (project / "data/2023").rglob("*"))
    assert tekan_cli(project, *args) == 1
    assert message in capsys.readouterr().err
    assert sorted(p.name for p in (project / "data/2023").rglob("*")) == before


def test_argument_errors_are_in_chinese(project):
    result = run_tekan(project, "new", "workers")
    assert result.returncode == 2
    assert "缺少必填的参数：名称" in result.stderr and "Traceback" not in result.stderr


def test_url_follows_the_published_address(project):
    result = run_tekan(project, "new", "workers", "王小红")
    assert "发布后的网址：http://127.0.0.1:8000/2023/workers/wang-xiao-hong/" in result.stdout
    published = subprocess.run(
        [sys.executable, "-m", "tekan", "new", "workers", "赵建国"],
        cwd=project,
        capture_output=True,
        text=True,
        env=mkdocs_env(PYTHONPATH=str(ROOT / "hooks"), TEKAN_SITE_URL="https://example.org/tekan"),
    )
    assert "发布后的网址：https://example.org/tekan/2023/workers/zhao-jian-guo/" in published.stdout


def test_fresh_entry_names_each_field_still_to_fill_in(project):
    run_tekan(project, "new", "workers", "王小红")
    result = run_tekan(project, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "wang-xiao-hong.yml" in line]
    assert [re.sub(r":\d+:\d+", "", line) for line in errors] == [
        "data/2023/workers/wang-xiao-hong.yml unit：不能为空。",
        "data/2023/workers/wang-xiao-hong.yml honours[0].award：不能为空。",
        "data/2023/workers/wang-xiao-hong.yml honours[0].year：应为四位年份（如 2023），实际为空值。",
        "data/2023/workers/wang-xiao-hong.yml summary：不能为空。",
    ]
    text = (project / "data/2023/workers/wang-xiao-hong.yml").read_text(encoding="utf-8").splitlines()
    line = int(errors[0].split(":")[1])
    assert text[line - 1] == "unit:"  # the line number points at the empty field


def fill_in(path, replacements: dict[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for line, filled in replacements.items():
        assert f"\n{line}\n" in text, line
        text = text.replace(f"\n{line}\n", f"\n{filled}\n", 1)
    path.write_text(text, encoding="utf-8")


def test_new_entry_filled_in_validates_and_appears_on_the_site(project, tmp_path):
    result = run_tekan(project, "new", "workers", "王小红", "--city", "佛山")
    assert result.returncode == 0, result.stderr
    path = project / "data/2023/workers/wang-xiao-hong.yml"
    fill_in(
        path,
        {
            "unit:": "unit: 示例电子科技有限公司",
            "  - award:": "  - award: 全国五一劳动奖章",
            "    year:": "    year: 2023",
            "summary:": "summary: 在质检岗位上带出一支零差错班组。",
            "tags: []": "tags: [质量管理]",
        },
    )
    check = run_tekan(project, "check")
    assert check.returncode == 0, check.stderr
    assert "劳动模范 9 条" in check.stdout
    build = run_mkdocs_build(project, tmp_path / "site")
    assert build.returncode == 0, build.stderr
    page = (tmp_path / "site/2023/workers/wang-xiao-hong/index.html").read_text(encoding="utf-8")
    assert "王小红" in page and "示例电子科技有限公司" in page and "全国五一劳动奖章" in page
    listing = (tmp_path / "site/2023/workers/index.html").read_text(encoding="utf-8")
    assert "wang-xiao-hong/" in listing and "王小红" in listing
    city = (tmp_path / "site/2023/cities/foshan/index.html").read_text(encoding="utf-8")
    assert "王小红" in city
