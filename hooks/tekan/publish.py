"""`tekan build`: a strict build that never leaves a broken or half-built site in site/.

MkDocs empties its output folder before it writes the pages, and in strict mode it stops only
after writing all of them. So the build goes into a new folder beside site/, and that folder
takes site/'s place only when MkDocs (hooks, link check and `_headers` included) succeeded.
On Linux the two folders swap in one rename, so site/ is never missing for a moment.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STAGING_PREFIX = ".site-build-"
# Staging folders carry the building process's id (.site-build-1234-xxxx), so that the next build
# can tell a folder left by a killed build from one that another build is still writing.
_STAGING_NAME = re.compile(re.escape(STAGING_PREFIX) + r"(?:(\d+)-)?")
# Signals that stop `tekan build`; each is passed on to the mkdocs child before the build gives up.
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
_PR_SET_PDEATHSIG = 1


class BuildStopped(Exception):
    """`tekan build` was told to stop (Ctrl+C, kill); the mkdocs child has stopped too."""

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(signum)


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


SITE_URL_NOTICE = (
    "注意：没有设置 TEKAN_SITE_URL，网页的规范地址、分享图片和二维码、sitemap.xml 都会指向 http://127.0.0.1:8000/，"
    "只适合在本机预览；发布前请设置网站的正式地址，例如 TEKAN_SITE_URL=https://www.example.gov.cn/tekan/ make build。"
)


def site_url_notice(environ=os.environ) -> str:
    """The warning `tekan build` prints when the published address is not set (mkdocs.yml falls back to 127.0.0.1)."""
    return "" if environ.get("TEKAN_SITE_URL", "").strip() else SITE_URL_NOTICE


def _mkdocs_build(root: Path, out_dir: Path) -> int:
    command = [
        sys.executable,
        "-m",
        "tekan.render.engine_command",  # the engine's own command line, quiet when stopped
        "build",
        "--strict",
        "--clean",
        "--config-file",
        str(root / "mkdocs.yml"),
        "--site-dir",
        str(out_dir),
    ]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return run_child(command, root, env)


def run_child(command: list[str], cwd: Path, env: dict[str, str]) -> int:
    """Run a child to its end; a stop signal to us is passed on to it, and raises BuildStopped once it
    has exited. If this process is killed outright (SIGKILL), the kernel stops the child (Linux)."""
    stopped: list[int] = []
    child = subprocess.Popen(command, cwd=cwd, env=env, preexec_fn=stop_with_parent)

    def pass_on(signum, frame):
        stopped.append(signum)
        with contextlib.suppress(ProcessLookupError):
            child.send_signal(signum)

    previous = {signum: signal.signal(signum, pass_on) for signum in _STOP_SIGNALS}
    try:
        while True:
            try:
                code = child.wait(timeout=10 if stopped else None)
                break
            except subprocess.TimeoutExpired:  # told to stop, and still running after 10 s
                child.kill()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if stopped:
        raise BuildStopped(stopped[0])
    return code


def stop_with_parent() -> None:
    """In a child (mkdocs, a share drawing worker): receive SIGTERM when the parent dies (Linux prctl)."""
    with contextlib.suppress(OSError, AttributeError, TypeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def remove_stale_staging(folder: Path) -> list[Path]:
    """Remove staging folders left by builds that were killed: those whose process is gone."""
    removed = []
    for path in folder.glob(STAGING_PREFIX + "*"):
        match = _STAGING_NAME.match(path.name)
        owner = int(match.group(1)) if match and match.group(1) else None
        if owner is not None and owner != os.getpid() and _alive(owner):
            continue
        if path.is_symlink() or not path.is_dir():
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def build_site(root: Path, site_dir: Path | None = None) -> int:
    """Build strictly into a fresh folder beside site/ and swap it in only on success."""
    root = root.resolve()
    site_dir = (site_dir or root / "site").resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    remove_stale_staging(site_dir.parent)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=site_dir.parent))
    except OSError as exc:  # name the folder that cannot be written, not the random name tried in it
        raise OSError(exc.errno, exc.strerror, str(site_dir.parent)) from None
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
        try:
            put_in_place(staging, site_dir)
        except OSError as exc:  # site/ read-only or a mount point: name site/, not the staging folder
            raise OSError(exc.errno, exc.strerror, str(site_dir)) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    pages = sum(1 for _ in site_dir.rglob("*.html"))
    print(f"网站已生成到 {_shown(site_dir, root)}：{pages} 个页面，用时 {time.perf_counter() - started:.1f} 秒。")
    if notice := site_url_notice():
        print(notice, file=sys.stderr)
    return 0


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix() + "/"
    except ValueError:
        return str(path)
