"""`tekan check` and `tekan build` at the edges an editor can reach: photos, links in content/,
backup files, Ctrl+C, a killed build, a read-only project. Each ends in one Chinese line and its
exit code, never a traceback, and leaves data/, content/ and site/ as they were."""

from __future__ import annotations

import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from support import ROOT, mkdocs_env, run_tekan
from tekan import cli, publish

PHOTO_ENTRY = "data/2023/workers/shili-dungou-banzu.yml"
PHOTO = "data/2023/photos/shili-dungou-banzu.jpg"
PHOTO_ADVICE = "；请换一张 jpg、png 或 webp 照片（长边 2000 像素左右即可）。"


def snapshot(project: Path) -> dict[str, bytes]:
    """Every file of data/, content/ and site/, by path: what a refusal must leave untouched."""
    files = {}
    for part in ("data", "content", "site"):
        for path in sorted((project / part).rglob("*")):
            if path.is_file() and not path.is_symlink():
                files[path.relative_to(project).as_posix()] = path.read_bytes()
    return files


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares its size and holds no pixels: enough for a decompression-bomb check."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    return b"\x89PNG\r\n\x1a\n" + header + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def built(built_site, tmp_path_factory) -> Path:
    """A project with one good build in site/ (a copy of the session's built project, its caches included, instead
    of a build of its own); each test puts back what it breaks."""
    project = tmp_path_factory.mktemp("gate") / "project"
    shutil.copytree(built_site.parent, project, symlinks=True)
    return project


@pytest.mark.parametrize(
    "content, reason",
    [
        (lambda good: good[:300], "不是能打开的图片或文件已损坏"),
        (lambda good: b"not an image at all", "不是能打开的图片或文件已损坏"),
        (lambda good: png_header(10000, 10000), "像素过多"),
        (lambda good: png_header(13000, 100), "尺寸过大（13000×100 像素）"),
    ],
    ids=["truncated", "not-an-image", "pixel-bomb", "too-long"],
)
def test_check_refuses_a_photo_the_build_could_not_use(project, content, reason):
    photo = project / PHOTO
    photo.write_bytes(content(photo.read_bytes()))
    before = snapshot(project)
    result = run_tekan(project, "check")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{PHOTO_ENTRY}:15:8 photo：照片「shili-dungou-banzu.jpg」{reason}{PHOTO_ADVICE}",
        "共 1 处错误，请按提示修改后再试。",
    ]
    assert snapshot(project) == before


def test_build_refuses_an_unreadable_photo_without_a_traceback(built):
    photo = built / PHOTO
    good = photo.read_bytes()
    before = snapshot(built)
    photo.write_bytes(good[:300])
    try:
        result = run_tekan(built, "build")
    finally:
        photo.write_bytes(good)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output
    assert (
        f"{PHOTO_ENTRY}:15:8 photo：照片「shili-dungou-banzu.jpg」不是能打开的图片或文件已损坏{PHOTO_ADVICE}" in output
    )
    assert snapshot(built) == before


def test_a_link_in_content_is_refused_by_check_and_build(built, tmp_path):
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:秘密的第一行\n", encoding="utf-8")
    link = built / "content/evil.md"
    link.symlink_to(secret)
    before = snapshot(built)
    try:
        checked = run_tekan(built, "check")
        result = run_tekan(built, "build")
    finally:
        link.unlink()
    line = "content/evil.md 是符号链接（快捷方式），为安全起见不会读取；请删除它，把真正的文件复制到这里。"
    assert checked.returncode == 1
    assert checked.stderr.splitlines() == [line, "共 1 处错误，请按提示修改后再试。"]
    output = result.stdout + result.stderr
    assert result.returncode == 1 and line in output
    assert "秘密" not in checked.stderr + output and "Traceback" not in output
    assert snapshot(built) == before


def test_a_pipe_in_content_does_not_hang_check(project):
    os.mkfifo(project / "content/about-draft.md")
    result = run_tekan(project, "check")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "content/about-draft.md 不是普通文件（命名管道），不会读取；请删除它。"


def test_backup_files_are_named_and_fail_only_a_strict_check(project):
    (project / "data/2023/workers/li-ming.yml~").write_text("name: [\n", encoding="utf-8")
    (project / "data/2023/.wang-fang.yml").write_text("name: [\n", encoding="utf-8")
    notices = [
        "提示：data/2023/.wang-fang.yml 是隐藏文件或编辑器留下的备份文件，不会读取；不需要的话请删除。",
        "提示：data/2023/workers/li-ming.yml~ 是隐藏文件或编辑器留下的备份文件，不会读取；不需要的话请删除。",
    ]
    result = run_tekan(project, "check")
    assert result.returncode == 0
    assert result.stderr.splitlines() == notices
    assert result.stdout.splitlines()[-1].startswith("检查通过")
    strict = run_tekan(project, "check", "--strict")
    assert strict.returncode == 1
    assert strict.stderr.splitlines() == [
        *notices,
        "共 2 处提示；严格检查（--strict）不通过，请删除或移走这些文件。",
    ]


def test_ctrl_c_ends_quietly_with_130(project, monkeypatch, capsys):
    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "load_site_data", interrupted)
    assert cli.main(["--root", str(project), "check"]) == 130
    assert capsys.readouterr().err == "\n已中断；没有写入任何文件。\n"


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def _gone(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    return not status.exists() or "State:\tZ" in status.read_text()


@pytest.mark.parametrize(
    "signum, code, wait",
    [
        (signal.SIGTERM, 143, 1.5),  # well into the build: MkDocs has started and may be writing the staging folder
        (signal.SIGINT, 130, 1.5),
        (signal.SIGINT, 130, 0.1),  # the child still importing the engine (a traceback there once reached CI)
    ],
)
def test_a_stopped_build_takes_mkdocs_with_it_and_publishes_nothing(built, signum, code, wait):
    before = snapshot(built)
    build = subprocess.Popen(
        [sys.executable, "-m", "tekan", "build"],
        cwd=built,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=mkdocs_env(PYTHONPATH=str(ROOT / "hooks")),
    )
    deadline = time.monotonic() + 60
    while not _children(build.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    [child] = _children(build.pid)
    time.sleep(wait)
    build.send_signal(signum)
    out, err = build.communicate(timeout=60)
    assert build.returncode == code
    assert "Traceback" not in out + err
    assert err.splitlines()[-1] == "已中断：网站没有更新，site/ 仍是上一次成功生成的版本。"
    assert _gone(child)
    assert [path.name for path in built.glob(publish.STAGING_PREFIX + "*")] == []
    assert snapshot(built) == before


def test_the_next_build_removes_folders_left_by_killed_builds(tmp_path):
    dead = subprocess.Popen(["true"])
    dead.wait()
    left = [
        tmp_path / f"{publish.STAGING_PREFIX}{dead.pid}-abcd",
        tmp_path / f"{publish.STAGING_PREFIX}{dead.pid}-abcd-old",
        tmp_path / f"{publish.STAGING_PREFIX}x8f2k",  # named before builds carried their process id
    ]
    running = tmp_path / f"{publish.STAGING_PREFIX}{os.getppid()}-efgh"  # a build still running
    for folder in [*left, running]:
        (folder / "2023").mkdir(parents=True)
    assert sorted(publish.remove_stale_staging(tmp_path)) == sorted(left)
    assert [path.name for path in tmp_path.iterdir()] == [running.name]


def _read_only(project: Path, *args: str) -> subprocess.CompletedProcess:
    """`tekan` with the project read-only: chmod for a normal user; for root, who may write anyway,
    a read-only bind mount in a private mount namespace."""
    command = [sys.executable, "-m", "tekan", *args]
    env = mkdocs_env(PYTHONPATH=str(ROOT / "hooks"))
    if os.geteuid() != 0:
        for path in [project, *project.rglob("*")]:
            if path.is_dir():
                path.chmod(0o555)
        try:
            return subprocess.run(command, cwd=project, capture_output=True, text=True, env=env, timeout=300)
        finally:
            for path in [project, *project.rglob("*")]:
                if path.is_dir():
                    path.chmod(0o755)
    if shutil.which("unshare") is None:
        pytest.skip("needs unshare to make a read-only mount as root")
    script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" "$0" && cd "$0" && exec "$@"'
    wrapped = ["unshare", "--mount", "sh", "-c", script, str(project), *command]
    result = subprocess.run(wrapped, capture_output=True, text=True, env=env, timeout=300)
    if "mount:" in result.stderr:
        pytest.skip("no permission for a private read-only mount here")
    return result


# What the system says: a read-only mount (root) or a folder without write permission (anyone else).
READ_ONLY = "所在的磁盘或文件夹是只读的" if os.geteuid() == 0 else "没有写入权限"
WRITE_ADVICE = "请检查这个文件夹能否写入（是否只读、是否有权限），或把项目复制到可写的位置后再试；没有改动任何数据。"


def test_a_read_only_project_gives_one_chinese_line(built):
    before = snapshot(built)
    result = _read_only(built, "build")
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.splitlines() == [f"无法读写项目文件夹「{built.resolve()}」：{READ_ONLY}。{WRITE_ADVICE}"]
    assert snapshot(built) == before


def test_a_read_only_data_folder_refuses_a_new_entry_in_one_line(built):
    before = snapshot(built)
    result = _read_only(built, "new", "workers", "赵磊", "--city", "广州")
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.splitlines() == [f"无法读写「data/2023/workers/zhao-lei.yml」：{READ_ONLY}。{WRITE_ADVICE}"]
    assert snapshot(built) == before


def test_a_read_only_site_folder_gives_one_chinese_line(built):
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("needs root and unshare for a read-only mount of site/ alone")
    before = snapshot(built)
    site = built / "site"
    script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" "$0" && exec "$@"'
    command = ["unshare", "--mount", "sh", "-c", script, str(site), sys.executable, "-m", "tekan", "build"]
    env = mkdocs_env(PYTHONPATH=str(ROOT / "hooks"))
    result = subprocess.run(command, cwd=built, capture_output=True, text=True, env=env, timeout=300)
    if "mount:" in result.stderr:
        pytest.skip("no permission for a private read-only mount here")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.splitlines()[-1].startswith("无法读写「site」：")
    assert [path.name for path in built.glob(publish.STAGING_PREFIX + "*")] == []
    assert snapshot(built) == before


def test_a_share_image_that_cannot_be_drawn_stops_the_build_and_publishes_nothing(built):
    """The share images are drawn in other processes while MkDocs renders (tekan/pages/sharedraw.py): a failure
    there still names the page and stops the build before site/ changes."""
    before = snapshot(built)
    page = (built / "site/2023/workers/li-ming/index.html").read_text(encoding="utf-8")
    card = re.search(r'property="og:image" content="[^"]*/assets/share/(\w+)-600x315\.jpg"', page).group(1)
    share_cache, aside = built / ".cache/share", built / ".cache/share-aside"
    share_cache.rename(aside)  # every card is drawn again
    # A folder where 李明's card is to be written: a damaged cache that no check before the drawing sees.
    (share_cache / f"{card}-card.jpg").mkdir(parents=True)
    try:
        result = run_tekan(built, "build")
    finally:
        shutil.rmtree(share_cache)
        aside.rename(share_cache)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    (line,) = [line for line in output.splitlines() if "分享图未能生成（" in line] or [output]
    # The file being written (a temporary name beside it) and where it was to go.
    written = re.escape(f"'{share_cache}/") + r"tmp\w+\.jpg' -> " + re.escape(f"'{share_cache / card}-card.jpg'")
    assert re.fullmatch(
        r"\.cache/share 分享图未能生成（「李明」：IsADirectoryError: \[Errno 21\] Is a directory: "
        + written
        + r"）。请删除项目中的 \.cache 文件夹后重新生成；如仍出现这一行，请把它发给技术人员。",
        line,
    ), line
    assert snapshot(built) == before
