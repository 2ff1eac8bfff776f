"""`tekan build`: a strict build that never leaves a broken or half-built site in site/.

MkDocs empties its output folder before it writes the pages, and in strict mode it stops only
after writing all of them. So the build goes into a new folder beside site/, and that folder
takes site/'s place only when MkDocs (hooks, link check and `_headers` included) succeeded.
On Linux the two folders swap in one rename, so site/ is never missing for a moment.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STAGING_PREFIX = ".site-build-"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _renameat2():
    """Linux's renameat2(2), which can exchange two paths atomically; None elsewhere."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError, TypeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def exchange_paths(first: Path, second: Path) -> bool:
    """Swap two existing folders in one step. False if this system cannot (the caller falls back)."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: the file system or kernel lacks the call
        return False
    raise OSError(error, os.strerror(error), str(first), None, str(second))


def put_in_place(new_site: Path, site_dir: Path) -> None:
    """Make new_site the content of site_dir; afterwards new_site holds the old site, if any."""
    if not site_dir.exists():
        new_site.rename(site_dir)
    elif not exchange_paths(new_site, site_dir):
        # Without an atomic exchange, site/ is missing between these two renames (microseconds).
        old = site_dir.with_name(new_site.name + "-old")
        site_dir.rename(old)
        new_site.rename(site_dir)
        old.rename(new_site)


def _mkdocs_build(root: Path, out_dir: Path) -> int:
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--clean",
        "--config-file",
        str(root / "mkdocs.yml"),
        "--site-dir",
        str(out_dir),
    ]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(command, cwd=root, env=env).returncode


def build_site(root: Path, site_dir: Path | None = None) -> int:
    """Build strictly into a fresh folder beside site/ and swap it in only on success."""
    root = root.resolve()
    site_dir = (site_dir or root / "site").resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=site_dir.parent))
    try:
        # mkdtemp makes a private folder; a published site must be readable by the web server.
        staging.chmod(0o755)
        if _mkdocs_build(root, staging) != 0:
            print(
                f"网站没有更新：生成失败，{_shown(site_dir, root)} 仍是上一次成功生成的版本。"
                "请按上面的提示修改后再试。",
                file=sys.stderr,
            )
            return 1
        put_in_place(staging, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    pages = sum(1 for _ in site_dir.rglob("*.html"))
    print(f"网站已生成到 {_shown(site_dir, root)}：{pages} 个页面，用时 {time.perf_counter() - started:.1f} 秒。")
    return 0


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix() + "/"
    except ValueError:
        return str(path)
