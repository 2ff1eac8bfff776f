"""Edit-to-preview: from saving one YAML file while `mkdocs serve` runs until the served page shows the new text.

    python bench/preview.py PROJECT [--edits 3]

Starts the server as `make serve` does (live reload on), waits for the first
build, then saves a changed `summary:` into one entry's file several times and
polls that entry's page every 50 ms until the new text is served.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from support import free_port, mkdocs_env  # noqa: E402

_SUMMARY = re.compile(r"^summary: .*$", re.MULTILINE)


@dataclass
class PreviewFigures:
    first_build: float
    edits: list[float]
    edit_cpu: list[float]  # CPU seconds the server spent per edit: what load from others does not inflate

    @property
    def median(self) -> float:
        return statistics.median(self.edits)

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.edit_cpu)


def _cpu_seconds(pid: int) -> float:
    """User + system time of a running process so far."""
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, text: str | None, timeout: float, server: subprocess.Popen) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if server.poll() is not None:
            raise RuntimeError(f"mkdocs serve stopped (exit {server.returncode}); see its log")
        body = _get(url)
        if body is not None and (text is None or text in body):
            return time.perf_counter() - started
        time.sleep(0.05)
    raise TimeoutError(f"{url} did not show {text!r} within {timeout:.0f} s")


def measure_preview(project: Path, edits: int = 3, timeout: float = 300) -> PreviewFigures:
    """Median seconds from saving a YAML file to the served page carrying the change."""
    project = Path(project)
    target = sorted((project / "data").glob("[0-9][0-9][0-9][0-9]/workers/*.yml"))[0]
    year = target.parent.parent.name
    original = target.read_text(encoding="utf-8")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    page = f"{base}{year}/workers/{target.stem}/"
    with open(project / "serve.log", "w", encoding="utf-8") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload", "--dirty"],
            cwd=project,
            env=mkdocs_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            first_build = _wait_for(page, None, timeout, server)
            times, cpu = [], []
            for number in range(edits):
                time.sleep(2)  # let the watcher settle between edits
                marker = f"预览计时第{number + 1}次修改"
                changed = _SUMMARY.sub(f'summary: "{marker}：简介已更新。"', original, count=1)
                cpu_before = _cpu_seconds(server.pid)
                started = time.perf_counter()
                target.write_text(changed, encoding="utf-8")
                _wait_for(page, marker, timeout, server)
                times.append(time.perf_counter() - started)
                cpu.append(_cpu_seconds(server.pid) - cpu_before)
            return PreviewFigures(first_build, times, cpu)
        finally:
            target.write_text(original, encoding="utf-8")
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args(argv)
    figures = measure_preview(args.project, args.edits)
    print(
        f"first build served after {figures.first_build:.1f} s; edit to preview: "
        + ", ".join(f"{t:.2f}" for t in figures.edits)
        + f" s (median {figures.median:.2f} s); "
        f"server CPU per edit: median {figures.median_cpu:.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
