"""Share images drawn in the background while MkDocs renders the pages, and published when it is done.

A page's HTML needs only its images' names (tekan/pages/sharing.py), so a
cold build starts other processes in `on_config` to draw the missing images
and `on_post_build` waits for them before it puts them into the site. Each is
a fresh interpreter (`python -m tekan.pages.sharedraw JOB`), not a fork:
`mkdocs serve` runs threads, and a forked child would inherit their locks (see
tekan/dataset/parallel.py); nor multiprocessing's spawn, which runs the
caller's main script again in the child. Each worker takes whole groups of
cards sharing one square, so that square is drawn once. A worker that fails
says which page and why; the build then stops before anything is published.
Plain Python, no MkDocs.
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tekan.errors import DataError, DataErrors
from tekan.pages.sharecards import ShareImageCache, ShareText
from tekan.publish import stop_with_parent

DRAWING_FAILED = (
    "分享图未能生成（「{title}」：{error}）。请删除项目中的 .cache 文件夹后重新生成；"
    "如仍出现这一行，请把它发给技术人员。"
)
# How much the drawing workers yield to the build's own process (nice(1): 0 is normal, 19 the most).
DRAWING_NICENESS = 10
# The folder that holds the `tekan` package, for the workers' import path.
_PACKAGE_ROOT = Path(__file__).resolve().parents[2]


@dataclass
class _Worker:
    process: subprocess.Popen
    # The pickled work (cache folder, fonts, texts), written beside the cache and deleted when done.
    job: Path


@dataclass
class ShareDrawing:
    """The processes drawing this build's missing share images; nothing to wait for when the cache had them all."""

    workers: list[_Worker] = field(default_factory=list)

    @classmethod
    def start(cls, cache: ShareImageCache, texts: list[ShareText], processes: int | None = None) -> ShareDrawing:
        drawing = cls()
        if not texts:
            return drawing
        cache.cache_dir.mkdir(parents=True, exist_ok=True)
        path = os.pathsep.join(filter(None, (str(_PACKAGE_ROOT), os.environ.get("PYTHONPATH"))))
        for share in _split(cache, texts, processes or os.cpu_count() or 1):
            handle, job = tempfile.mkstemp(dir=cache.cache_dir, prefix=".drawing-", suffix=".pickle")
            with os.fdopen(handle, "wb") as out:
                pickle.dump((cache.cache_dir, cache.fonts, share), out)
            process = subprocess.Popen(
                [sys.executable, "-m", "tekan.pages.sharedraw", job],
                stdout=subprocess.PIPE,
                env={**os.environ, "PYTHONPATH": path},
            )
            drawing.workers.append(_Worker(process, Path(job)))
        return drawing

    def wait(self) -> None:
        """Until every image is drawn; a Chinese error (DataErrors) if any worker failed."""
        failures = []
        for worker in self.workers:
            output, _ = worker.process.communicate()
            worker.job.unlink(missing_ok=True)
            if worker.process.returncode != 0:
                try:
                    title, error = json.loads(output)
                except ValueError:
                    title, error = "", f"绘图进程意外退出（退出码 {worker.process.returncode}）"
                failures.append(DataError(".cache/share", message=DRAWING_FAILED.format(title=title, error=error)))
        self.workers = []
        if failures:
            raise DataErrors(failures)

    def stop(self) -> None:
        """A build that ended early (an error, a rebuild in `serve` starting over): its drawing is not waited for."""
        for worker in self.workers:
            worker.process.kill()
            worker.process.communicate()
            worker.job.unlink(missing_ok=True)
        self.workers = []


def publish(files: dict[str, Path], site_dir: Path) -> None:
    """Put the share images into the built site: hard links to the cache where possible (no copying of
    hundreds of megabytes), copies elsewhere. A file already there with the same size is left alone
    (`serve --dirty`): names are digests of the content."""
    for uri, source in files.items():
        target = site_dir / uri
        try:
            if target.stat().st_size == source.stat().st_size:
                continue
            target.unlink()
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:  # another file system, or links not allowed
            shutil.copyfile(source, target)


def _split(cache: ShareImageCache, texts: list[ShareText], processes: int) -> list[list[ShareText]]:
    """The texts in up to `processes` shares of about equal size, each square's cards in one share."""
    groups: dict[Path, list[ShareText]] = {}
    for text in texts:
        groups.setdefault(cache.describe(text).square.path, []).append(text)
    shares: list[list[ShareText]] = [[] for _ in range(min(processes, len(groups)))]
    for group in sorted(groups.values(), key=len, reverse=True):
        min(shares, key=len).extend(group)
    return shares


def _draw(job: Path) -> int:
    """One worker: draw the job's images into the cache; on failure, print the page and the error and return 1."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle
    stop_with_parent()  # a build that is killed takes its drawing with it
    # The drawing is needed only when the site is written; the rendering of the pages is what the build waits for,
    # so on two cores it goes first and the drawing takes what is left (a cold 10,000-entry build: see benchmarks).
    with contextlib.suppress(AttributeError, OSError):  # no os.nice on Windows
        os.nice(DRAWING_NICENESS)
    with open(job, "rb") as handle:
        cache_dir, fonts, texts = pickle.load(handle)
    cache = ShareImageCache(cache_dir, fonts)
    try:
        cache.draw_missing(texts)
    except Exception as error:  # any failure is reported to the build, which stops
        print(json.dumps([cache.drawing.title if cache.drawing else "", f"{type(error).__name__}: {error}"]))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(_draw(Path(sys.argv[1])))
