"""Time of the Excel round trip: `tekan export` and `tekan import --update` with no change.

    python bench/excel.py --entries 1000 10000 [--runs 3] [--work /tmp/tekan-excel]

For each N: a project with N synthetic entries (bench/generate.py), then the median wall time of
`tekan export` and of `tekan import 表格.xlsx --update --yes` on the unedited export, each as its
own process, as an editor runs them. It also checks that the update wrote nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEKAN = Path(sys.executable).parent / "tekan"


def _digest(project: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted((project / "data").rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(project).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _timed(*args: str) -> tuple[float, float]:
    """Wall time and CPU time (user + system, the process and its children) of one `tekan` run.
    On a shared, loaded machine the CPU time is the steadier figure."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([str(TEKAN), *args], capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"tekan {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _median(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(run[0] for run in runs), statistics.median(run[1] for run in runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/tekan-excel"))
    args = parser.parse_args(argv)
    rows = []
    for entries in args.entries:
        project = args.work / f"n{entries}"
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "generate.py"),
                "--entries",
                str(entries),
                "--out",
                str(project),
                "--force",
            ],
            check=True,
            capture_output=True,
        )
        workbook = args.work / f"n{entries}.xlsx"
        before = _digest(project)
        exports = [_timed("--root", str(project), "export", str(workbook), "--overwrite") for _ in range(args.runs)]
        updates = [
            _timed("--root", str(project), "import", str(workbook), "--update", "--yes") for _ in range(args.runs)
        ]
        unchanged = _digest(project) == before
        size = workbook.stat().st_size / 1024 / 1024
        rows.append((entries, _median(exports), _median(updates), size, unchanged))
        print(f"N={entries}: export {exports}, update {updates}", file=sys.stderr)
    print(
        "| entries | tekan export: wall (CPU) | tekan import --update, no change: wall (CPU) "
        "| workbook | data/ unchanged |"
    )
    print("| --- | --- | --- | --- | --- |")
    for entries, export, update, size, unchanged in rows:
        print(
            f"| {entries:,} | {export[0]:.1f} s ({export[1]:.1f} s) | {update[0]:.1f} s ({update[1]:.1f} s) "
            f"| {size:.1f} MB | {'yes' if unchanged else 'NO'} |"
        )
    return 0 if all(row[4] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
