"""The benchmark: our build against the MkDocs floor at N = 100, 1,000 and 10,000 entries.

    make bench                      # or: .venv/bin/python bench/run.py
    .venv/bin/python bench/run.py --sizes 100,1000 --repeat 3 --json /tmp/bench.json

For each N it generates a project (bench/generate.py, seed 1), then, repeated
and interleaved so that load from other processes falls on all alike:
a full clean `mkdocs build --strict` of our project, of the floor (the same
pages as plain Markdown, no hooks: bench/floor.py) and of the shell (the
same pages with only a title). It reports medians, checks
the performance budgets and measures edit-to-preview at N = 1,000.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "hooks"))

from floor import write_floor  # noqa: E402
from generate import generate  # noqa: E402
from measure import (  # noqa: E402
    Run,
    SearchFigures,
    ShareFigures,
    first_search,
    median,
    run_measured,
    share_cost,
    site_figures,
)
from support import mkdocs_env  # noqa: E402

KB, MB, GIB = 1024, 1024 * 1024, 1024**3
BUDGETS = {
    "ratio": 1.15,
    "build_10k": 90.0,
    "peak": 2 * GIB,
    "linear": 1.2,
    "check_10k": 3.0,
    "entry_page": 40 * KB,
    "search": 500 * KB,
    "preview": 3.0,
}


@dataclass
class SizeResult:
    entries: int
    pages: int = 0
    site_bytes: int = 0
    largest_page: tuple[str, int] = ("", 0)
    largest_entry_page: tuple[str, int] = ("", 0)
    ours: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)
    shell: list[float] = field(default_factory=list)
    ours_cpu: list[float] = field(default_factory=list)
    floor_cpu: list[float] = field(default_factory=list)
    shell_cpu: list[float] = field(default_factory=list)
    check: list[float] = field(default_factory=list)
    check_cpu: list[float] = field(default_factory=list)
    peak_bytes: list[int] = field(default_factory=list)
    floor_peak_bytes: list[int] = field(default_factory=list)
    search: SearchFigures | None = None
    share: ShareFigures | None = None

    @property
    def build(self) -> float:
        return median(self.ours)

    @property
    def per_entry_ms(self) -> float:
        return self.build / self.entries * 1000

    @property
    def ratio(self) -> float:
        return self.build / median(self.floor)

    @property
    def cpu_ratio(self) -> float:
        """The same ratio in CPU time, which other processes on the machine disturb far less."""
        return median(self.ours_cpu) / median(self.floor_cpu)


def _build(project: Path) -> Run:
    """A full clean build, as `make clean build` would do it."""
    for leftover in ("site", ".cache"):
        shutil.rmtree(project / leftover, ignore_errors=True)
    run = run_measured([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], project, mkdocs_env())
    if run.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{run.stdout}\n{run.stderr}")
    return run


def _check(project: Path) -> Run:
    run = run_measured(
        [sys.executable, "-m", "tekan", "--root", str(project), "check"],
        project,
        mkdocs_env(PYTHONPATH=str(ROOT / "hooks")),
    )
    if run.returncode != 0:
        raise SystemExit(f"tekan check failed in {project}:\n{run.stderr}")
    return run


def measure_size(entries: int, work: Path, repeat: int, seed: int, with_shell: bool, log) -> SizeResult:
    project, floor, shell = work / f"n{entries}", work / f"n{entries}-floor", work / f"n{entries}-shell"
    generate(project, entries, seed, force=True)
    pages = write_floor(project, floor, "markdown")
    if with_shell:
        write_floor(project, shell, "shell")
    result = SizeResult(entries)
    for attempt in range(repeat):
        ours = _build(project)
        result.ours.append(ours.seconds)
        result.ours_cpu.append(ours.cpu_seconds)
        result.peak_bytes.append(ours.peak_bytes)
        floor_run = _build(floor)
        result.floor.append(floor_run.seconds)
        result.floor_cpu.append(floor_run.cpu_seconds)
        result.floor_peak_bytes.append(floor_run.peak_bytes)
        line = (
            f"  N={entries} run {attempt + 1}/{repeat}: ours {ours.seconds:.2f} s ({ours.cpu_seconds:.2f} CPU), "
            f"floor {floor_run.seconds:.2f} s ({floor_run.cpu_seconds:.2f} CPU)"
        )
        if with_shell:
            shell_run = _build(shell)
            result.shell.append(shell_run.seconds)
            result.shell_cpu.append(shell_run.cpu_seconds)
            line += f", shell {shell_run.seconds:.2f} s ({shell_run.cpu_seconds:.2f} CPU)"
        check = _check(project)
        result.check.append(check.seconds)
        result.check_cpu.append(check.cpu_seconds)
        log(line + f", tekan check {result.check[-1]:.2f} s, peak {ours.peak_bytes / MB:.0f} MiB")
    _build(project)  # leave our site in place for the figures below
    figures = site_figures(project / "site")
    if figures.pages < pages:
        raise SystemExit(f"our site has {figures.pages} pages, the floor {pages}: pages are missing")
    result.pages = figures.pages
    result.site_bytes = figures.bytes
    result.largest_page = figures.largest_page
    result.largest_entry_page = figures.largest_entry_page
    result.search = first_search(project / "site")
    result.share = share_cost(project)
    return result


def _size(value: int) -> str:
    if value >= MB:
        return f"{value / MB:.1f} MB"
    return f"{value / KB:.1f} KB"


def _mark(ok: bool) -> str:
    return "ok" if ok else "OVER"


def report(results: list[SizeResult], preview, machine: str, repeat: int) -> str:
    lines = [
        f"Machine: {machine}",
        f"Medians of {repeat} interleaved runs each; other processes shared the machine.",
        "",
        "| N | pages | build (CPU) | per entry | peak memory | site | largest page | largest entry page "
        "| first search (gzip) | `tekan check` (CPU) | floor (CPU) | ours ÷ floor (CPU) | shell (CPU) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        search = r.search
        search_text = (
            f"{_size(search.gzip_bytes)} ({search.engine})" if search and search.engine != "none" else "no search index"
        )
        shell = f"{median(r.shell):.1f} s ({median(r.shell_cpu):.1f})" if r.shell else "–"
        lines.append(
            f"| {r.entries:,} | {r.pages:,} | {r.build:.1f} s ({median(r.ours_cpu):.1f}) | {r.per_entry_ms:.2f} ms | "
            f"{max(r.peak_bytes) / MB:.0f} MiB | {_size(r.site_bytes)} | "
            f"{_size(r.largest_page[1])} `{r.largest_page[0]}` | {_size(r.largest_entry_page[1])} | "
            f"{search_text} | {median(r.check):.2f} s ({median(r.check_cpu):.2f}) "
            f"| {median(r.floor):.1f} s ({median(r.floor_cpu):.1f}) | "
            f"{r.ratio:.2f} ({r.cpu_ratio:.2f}) | {shell} |"
        )
    by_n = {r.entries: r for r in results}
    lines += ["", "Budgets:"]
    for n in (1000, 10000):
        if n in by_n:
            lines.append(
                f"- ours ÷ floor at {n:,}: {by_n[n].ratio:.2f} wall, {by_n[n].cpu_ratio:.2f} CPU "
                f"≤ {BUDGETS['ratio']} {_mark(by_n[n].ratio <= BUDGETS['ratio'])}"
            )
    if 10000 in by_n:
        big = by_n[10000]
        lines.append(f"- full build at 10,000: {big.build:.1f} s ≤ 90 s {_mark(big.build <= BUDGETS['build_10k'])}")
        lines.append(
            f"- `tekan check` at 10,000: {median(big.check):.2f} s ({median(big.check_cpu):.2f} s CPU) ≤ 3 s "
            f"{_mark(median(big.check) <= BUDGETS['check_10k'])}"
        )
        if 1000 in by_n:
            linear = big.per_entry_ms / by_n[1000].per_entry_ms
            lines.append(f"- time per entry 10,000 ÷ 1,000: {linear:.2f} ≤ 1.2 {_mark(linear <= BUDGETS['linear'])}")
        if big.search and big.search.engine != "none":
            lines.append(
                f"- first search at 10,000: {_size(big.search.gzip_bytes)} gzip ≤ 500 KB "
                f"{_mark(big.search.gzip_bytes <= BUDGETS['search'])}"
            )
    for r in results:
        if r.share:
            s = r.share
            lines.append(
                f"- share images and QR codes at {r.entries:,} (part of the build above, drawn while it renders): "
                f"{s.pages:,} pages, {s.drawn:,} cards and {s.squares:,} squares drawn in {s.cold_seconds:.1f} s "
                f"({s.cold_cpu_seconds:.1f} s CPU, {s.cold_cpu_seconds / s.pages * 1000:.2f} ms CPU a page; QR codes "
                f"{s.qr_seconds:.1f} s), {s.cached_seconds:.2f} s from the cache; {_size(s.bytes)}"
            )
    peak = max(max(r.peak_bytes) for r in results)
    lines.append(f"- peak memory: {peak / MB:.0f} MiB ≤ 2 GiB {_mark(peak <= BUDGETS['peak'])}")
    entry_page = max(r.largest_entry_page[1] for r in results)
    lines.append(f"- largest entry page: {_size(entry_page)} ≤ 40 KB {_mark(entry_page <= BUDGETS['entry_page'])}")
    if preview is not None:
        lines.append(
            f"- edit-to-preview at 1,000 (`make serve`): median {preview.median:.2f} s "
            f"(runs {', '.join(f'{t:.2f}' for t in preview.edits)} s; the server's CPU per edit "
            f"{preview.median_cpu:.2f} s) ≤ ~3 s {_mark(preview.median <= BUDGETS['preview'])}"
        )
    for r in results:
        if r.search and r.search.files:
            lines.append(
                f"- first search at {r.entries:,} ({r.search.note}): "
                + ", ".join(f"{name} {_size(size)}" for name, size in r.search.files)
            )
        elif r.search:
            lines.append(f"- search at {r.entries:,}: {r.search.note}")
    return "\n".join(lines)


def describe_machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / GIB
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB RAM, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; load average at start {load}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated entry counts")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size (medians are reported)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=None, help="working folder (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects")
    parser.add_argument("--no-shell", action="store_true", help="skip the title-only shell builds")
    parser.add_argument("--no-preview", action="store_true", help="skip edit-to-preview at N = 1,000")
    parser.add_argument("--json", type=Path, default=None, help="also write the raw figures here")
    args = parser.parse_args(argv)
    sizes = [int(size.replace(",", "").replace("_", "")) for size in args.sizes.split(",") if size]

    work = args.work or Path(tempfile.mkdtemp(prefix="tekan-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    machine = describe_machine()

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    log(f"Benchmark in {work}\n{machine}")
    started = time.perf_counter()
    results = []
    preview = None
    try:
        for entries in sizes:
            results.append(measure_size(entries, work, args.repeat, args.seed, not args.no_shell, log))
            if entries == 1000 and not args.no_preview:
                from preview import measure_preview

                preview = measure_preview(work / "n1000", edits=args.repeat)
                log(
                    f"  edit-to-preview at 1,000: {', '.join(f'{t:.2f}' for t in preview.edits)} s, "
                    f"server CPU {', '.join(f'{t:.2f}' for t in preview.edit_cpu)} s"
                )
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    text = report(results, preview, machine, args.repeat)
    print(text)
    log(f"benchmark took {time.perf_counter() - started:.0f} s")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "machine": machine,
                    "repeat": args.repeat,
                    "seed": args.seed,
                    "results": [asdict(r) for r in results],
                    "preview": asdict(preview) if preview else None,
                },
                ensure_ascii=False,
                indent=2,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
