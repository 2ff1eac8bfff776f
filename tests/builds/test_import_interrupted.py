"""An import killed during its moves (SIGKILL, a power cut) leaves its originals in a staging folder:
the next import finds it before changing anything, and puts them back only when no later edit is lost."""

from __future__ import annotations

import fcntl
import signal
import subprocess
import sys

import pytest
from test_import_gate import row, workbook

from support import ROOT, data_snapshot, mkdocs_env, tekan_cli

WORKERS = "data/2023/workers"

# `tekan import` in its own process, killed outright just before its fifth move: the new wang-wu.yml
# and li-ming.yml are in place, chen-jing.yml is set aside and its new text not yet moved in.
KILLED_IMPORT = """
import os, signal, sys
from tekan import cli
real_replace, moves = os.replace, []
def replace(src, dst):
    moves.append(dst)
    if len(moves) == 5:
        os.kill(os.getpid(), signal.SIGKILL)
    return real_replace(src, dst)
os.replace = replace
sys.exit(cli.main(sys.argv[1:]))
"""


@pytest.fixture()
def interrupted(project, tmp_path):
    """The project as a killed import left it, with what data/ held before that import."""
    source = workbook(tmp_path / "名单.xlsx", [row(1, "王五"), row(2, "李明"), row(3, "陈静")])
    before = data_snapshot(project)
    args = ["--root", str(project), "import", str(source), "--collection", "workers", "--overwrite"]
    result = subprocess.run(
        [sys.executable, "-c", KILLED_IMPORT, *args],
        env=mkdocs_env(PYTHONPATH=str(ROOT / "hooks")),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr
    after = data_snapshot(project)
    assert f"{WORKERS}/wang-wu.yml" in after and f"{WORKERS}/chen-jing.yml" not in after
    assert after[f"{WORKERS}/li-ming.yml"] != before[f"{WORKERS}/li-ming.yml"]
    [staging] = project.glob(".tekan-staging-*")
    return before, staging.name, source


def test_the_next_import_puts_the_originals_back_first(project, interrupted, capsys):
    before, staging, source = interrupted
    assert tekan_cli(project, "import", str(source), "--collection", "workers", "--overwrite") == 1
    assert capsys.readouterr().err == (
        f"临时文件夹 {staging} 保存着一次被中断（强制结束或断电）的导入在改动前的原文件："
        f"已把 {WORKERS}/wang-wu.yml、{WORKERS}/li-ming.yml、{WORKERS}/chen-jing.yml 恢复为导入前的原样，"
        "并删除了该文件夹；请重新运行本命令（导入没有生效）。\n"
    )
    assert data_snapshot(project) == before
    assert not list(project.glob(".tekan-staging-*"))
    # Run again, the import goes through.
    assert tekan_cli(project, "import", str(source), "--collection", "workers", "--overwrite") == 0
    assert f"{WORKERS}/wang-wu.yml" in data_snapshot(project)


def test_a_dry_run_says_what_it_would_put_back_and_changes_nothing(project, interrupted, capsys):
    _, staging, source = interrupted
    left = data_snapshot(project)
    assert tekan_cli(project, "import", str(source), "--update", "--dry-run") == 1
    assert capsys.readouterr().err == (
        f"临时文件夹 {staging} 保存着一次被中断（强制结束或断电）的导入在改动前的原文件；"
        f"去掉 --dry-run 运行时会先把 {WORKERS}/wang-wu.yml、{WORKERS}/li-ming.yml、{WORKERS}/chen-jing.yml "
        "恢复为导入前的原样，然后请重新运行本命令。试运行没有改动任何文件。\n"
    )
    assert data_snapshot(project) == left
    assert (project / staging / "2.old").is_file()


def test_a_file_edited_since_the_kill_is_never_overwritten(project, interrupted, capsys):
    _, staging, source = interrupted
    li_ming = project / WORKERS / "li-ming.yml"
    li_ming.write_text(li_ming.read_text(encoding="utf-8") + "# 编辑后来改的\n", encoding="utf-8")
    left = data_snapshot(project)
    assert tekan_cli(project, "import", str(source), "--collection", "workers", "--overwrite") == 1
    assert capsys.readouterr().err == (
        f"临时文件夹 {staging} 保存着一次被中断的导入在改动前的原文件，但 {WORKERS}/li-ming.yml"
        "（原文件为该文件夹中的 1.old）在中断后又被修改过，为免覆盖这些修改没有自动恢复："
        "请对照原文件手动核对，然后删除该文件夹再运行；没有改动任何文件。\n"
    )
    assert data_snapshot(project) == left
    assert sorted(path.name for path in (project / staging).iterdir()) == ["1.old", "2.new", "2.old", "manifest.json"]


def test_a_folder_from_a_kill_before_the_first_move_is_only_removed(project, tmp_path, capsys):
    staging = project / ".tekan-staging-abc123"
    staging.mkdir()
    (staging / "0.new").write_text("name: 王五\n", encoding="utf-8")
    before = data_snapshot(project)
    source = workbook(tmp_path / "名单.xlsx", [row(1, "王五")])
    assert tekan_cli(project, "import", str(source), "--collection", "workers") == 0
    err = capsys.readouterr().err
    assert err == "上次被中断的导入没有改动任何数据文件；已删除它留下的临时文件夹 .tekan-staging-abc123。\n"
    assert not staging.exists()
    assert set(data_snapshot(project)) - set(before) == {f"{WORKERS}/wang-wu.yml"}


def test_originals_without_a_record_of_their_place_are_left_to_the_editor(project, tmp_path, capsys):
    staging = project / ".tekan-staging-abc123"
    staging.mkdir()
    (staging / "0.old").write_text("name: 李明\n", encoding="utf-8")
    before = data_snapshot(project)
    source = workbook(tmp_path / "名单.xlsx", [row(1, "王五")])
    assert tekan_cli(project, "import", str(source), "--collection", "workers") == 1
    assert capsys.readouterr().err == (
        "临时文件夹 .tekan-staging-abc123 保存着一次被中断的导入在改动前的原文件（0.old），"
        "但没有记录它们原来的位置，无法自动恢复：请用 git status 和 git diff 核对 data/ 中的改动"
        "（用 git checkout 恢复导入前的版本），然后删除该文件夹再运行；没有改动任何文件。\n"
    )
    assert data_snapshot(project) == before and (staging / "0.old").is_file()


def test_an_import_still_running_is_left_alone(project, tmp_path, capsys):
    staging = project / ".tekan-staging-abc123"
    staging.mkdir()
    (staging / "0.old").write_text("name: 李明\n", encoding="utf-8")
    before = data_snapshot(project)
    source = workbook(tmp_path / "名单.xlsx", [row(1, "王五")])
    with open(staging / "manifest.json", "w", encoding="utf-8") as running:
        fcntl.flock(running, fcntl.LOCK_EX)  # as the other command holds it until it is done
        assert tekan_cli(project, "import", str(source), "--collection", "workers") == 1
    assert capsys.readouterr().err == (
        "另一个 tekan import 正在写入数据（临时文件夹 .tekan-staging-abc123）；"
        "请等它结束后再运行本命令，没有改动任何文件。\n"
    )
    assert data_snapshot(project) == before and (staging / "0.old").is_file()
