"""Every name under data/ has a place: anything else is an error naming the nearest valid name,
hidden and backup files are named in a notice, and links and special files are never opened."""

from __future__ import annotations

import os
import shutil

import pytest

from support import ROOT
from tekan.dataset.loader import load_site_data
from tekan.errors import DataErrors

LI_MING = "data/2023/workers/li-ming.yml"


@pytest.fixture
def project(tmp_path):
    # Only data/ is read here.
    shutil.copytree(ROOT / "data", tmp_path / "project" / "data")
    return tmp_path / "project"


def errors_of(project) -> list[str]:
    with pytest.raises(DataErrors) as caught:
        load_site_data(project / "data", project)
    return [str(error) for error in caught.value.errors]


def move(project, source: str, target: str) -> None:
    (project / target).parent.mkdir(parents=True, exist_ok=True)
    shutil.move(project / source, project / target)


@pytest.mark.parametrize(
    "source, target, line",
    [
        (
            "data/2023/craftsmen",
            "data/2023/craftsman",
            "data/2023/craftsman 不认识的文件夹（是否为「craftsmen」？请改名），其中的文件不会被读取。",
        ),
        (
            "data/2023/workers",
            "data/2023/劳动模范",
            "data/2023/劳动模范 不认识的文件夹（是否为「workers」？请改名），其中的文件不会被读取。",
        ),
        (
            LI_MING,
            "data/2023/li-ming.yml",
            "data/2023/li-ming.yml 条目文件应放在 workers、craftsmen 或 sites 文件夹里，放在这里不会被读取；请移过去。",
        ),
        (LI_MING, "data/2023/stat.yml", "data/2023/stat.yml 不认识的数据文件（是否为「stats.yml」？）；请改名或删除。"),
        (
            LI_MING,
            "data/li-ming.yml",
            "data/li-ming.yml 条目文件应放在年度文件夹的 workers、craftsmen 或 sites 文件夹里"
            "（如 data/2023/workers/）；请移过去。",
        ),
        (
            "data/2023/sites",
            "data/sites",
            "data/sites sites 文件夹应放在年度文件夹里（如 data/2023/sites/）；请把它移进对应的年度文件夹。",
        ),
        (
            LI_MING,
            "data/2023/workers/li-ming.YML",
            "data/2023/workers/li-ming.YML 扩展名「.YML」请改为小写「.yml」，否则不会被读取。",
        ),
        (
            LI_MING,
            "data/2023/workers/old/li-ming.yml",
            "data/2023/workers/old workers 文件夹里只能放 .yml 数据文件，不能再建文件夹；请把其中的文件移出来。",
        ),
        (
            "data/2023/photos/shili-dungou-banzu.jpg",
            "data/2023/shili-dungou-banzu.jpg",
            "data/2023/shili-dungou-banzu.jpg 照片应放在 photos 文件夹里；请移过去。",
        ),
    ],
)
def test_a_misplaced_name_is_an_error_with_the_nearest_valid_name(project, source, target, line):
    move(project, source, target)
    assert line in errors_of(project)


def test_a_year_folder_with_more_than_its_digits_is_named(project):
    shutil.copytree(project / "data/2023", project / "data/2024年")
    assert errors_of(project) == ["data/2024年 年度文件夹只能用四位数字命名；请改名为「2024」。"]


def test_an_unknown_file_beside_the_shared_lists_is_an_error(project):
    shutil.copy(project / "data/awards.yml", project / "data/award.yml")
    (project / "data/名单.xlsx").write_bytes(b"PK")
    assert errors_of(project) == [
        "data/award.yml 不认识的数据文件（是否为「awards.yml」？）；请改名或删除。",
        "data/名单.xlsx data 文件夹里只能放 awards.yml、cities.yml、site_kinds.yml、search_synonyms.yml"
        " 和年度文件夹；请移走它。",
    ]


@pytest.mark.parametrize(
    "name",
    [".wang-fang.yml", "wang-fang.yml~", "wang-fang.yml.bak", ".wang-fang.yml.swp", "~$名单.xlsx", "#wang-fang.yml#"],
)
def test_hidden_and_backup_files_are_named_in_a_notice_and_never_read(project, name):
    # Not even valid YAML: were it read, the load would fail.
    (project / "data/2023/workers" / name).write_text("name: [\n", encoding="utf-8")
    site = load_site_data(project / "data", project)
    assert [str(notice) for notice in site.notices] == [
        f"data/2023/workers/{name} 是隐藏文件或编辑器留下的备份文件，不会读取；不需要的话请删除。"
    ]


def test_system_files_are_neither_read_nor_named(project):
    for name in (".DS_Store", "Thumbs.db", "desktop.ini", ".gitkeep", "README.md"):
        (project / "data/2023/workers" / name).write_bytes(b"\x00\xff")
    assert load_site_data(project / "data", project).notices == []


def test_links_are_refused_without_reading_where_they_point(project, tmp_path):
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:秘密的第一行\n", encoding="utf-8")
    (project / LI_MING).unlink()
    (project / LI_MING).symlink_to(secret)
    (project / "data/2023/workers/zero.yml").symlink_to("/dev/zero")
    (project / "data/2023/photos/li-ming.jpg").symlink_to(secret)
    (project / "data/2024").symlink_to(project / "data/2023")
    errors = errors_of(project)
    refusal = "是符号链接（快捷方式），为安全起见不会读取；请删除它，把真正的文件复制到这里。"
    assert errors == [
        f"data/2023/photos/li-ming.jpg {refusal}",
        f"{LI_MING} {refusal}",
        f"data/2023/workers/zero.yml {refusal}",
        f"data/2024 {refusal}",
    ]
    assert not any("秘密" in line for line in errors)


def test_a_named_pipe_does_not_hang_the_check(project):
    (project / LI_MING).unlink()
    os.mkfifo(project / LI_MING)
    os.mkfifo(project / "data/2023/stats.yml.fifo")
    os.unlink(project / "data/2023/stats.yml")
    os.mkfifo(project / "data/2023/stats.yml")
    assert errors_of(project) == [
        "data/2023/stats.yml 不是普通文件（命名管道），不会读取；请删除它。",
        "data/2023/stats.yml.fifo 不是普通文件（命名管道），不会读取；请删除它。",
        f"{LI_MING} 不是普通文件（命名管道），不会读取；请删除它。",
    ]
