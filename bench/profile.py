"""Where a build's time goes: cProfile over `mkdocs build` (or `tekan check`) of a generated project.

    .venv/bin/python bench/profile.py --entries 1000            # generate, build, print
    .venv/bin/python bench/profile.py --project /tmp/x --check  # profile `tekan check` instead

Prints the functions with the most cumulative time among ours (the project's
hooks/ and overrides/) and, for context, the top of the whole build by own
time. cProfile roughly doubles the wall time; compare shares, not seconds.
The raw profile is kept (--out) for snakeviz or `python -m pstats`.
"""

from __future__ import annotations

import argparse
import io
import pstats
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent / "tests"))
from generate import generate  # noqa: E402
from support import mkdocs_env  # noqa: E402


def profile(project: Path, out: Path, check: bool = False) -> pstats.Stats:
    for leftover in ("site", ".cache"):
        shutil.rmtree(project / leftover, ignore_errors=True)
    if check:
        # Through main(), not `-m tekan`: the command's process ends with os._exit, before
        # cProfile could write its file. Its child process (the second reader) is not profiled.
        code = (
            "import cProfile, sys; "
            'cProfile.run(\'from tekan.cli import main; main(["--root", sys.argv[1], "check"])\', sys.argv[2])'
        )
        command = [sys.executable, "-c", code, str(project), str(out)]
    else:
        command = [sys.executable, "-m", "cProfile", "-o", str(out), "-m", "mkdocs", "build", "--strict", "--quiet"]
    subprocess.run(
        command,
        cwd=project,
        env=mkdocs_env(PYTHONPATH=str(BENCH.parent / "hooks")),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return pstats.Stats(str(out))


def ours_report(stats: pstats.Stats, project: Path, limit: int) -> str:
    """Cumulative time of functions defined in our hooks and templates, highest first."""
    ours = [str(project / "hooks"), str(project / "overrides"), str(BENCH.parent / "hooks")]
    # Stats.stats is pstats' documented-by-use table; typeshed leaves it out.
    table = stats.stats  # type: ignore[attr-defined]
    total = max(entry[3] for entry in table.values())
    rows = []
    for (filename, line, name), (_, calls, own, cumulative, _) in table.items():
        if any(filename.startswith(prefix) for prefix in ours):
            rows.append((cumulative, own, calls, f"{Path(filename).name}:{line}({name})"))
    rows.sort(reverse=True)
    text = [f"{'cumulative':>10} {'share':>6} {'own':>8} {'calls':>8}  function (ours)"]
    for cumulative, own, calls, where in rows[:limit]:
        text.append(f"{cumulative:10.2f} {cumulative / total:6.1%} {own:8.2f} {calls:8d}  {where}")
    return "\n".join(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--project", type=Path, default=None, help="profile this project instead of generating one")
    parser.add_argument("--check", action="store_true", help="profile `tekan check` instead of the build")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "tekan-build.prof")
    parser.add_argument("--limit", type=int, default=30)
    args = parser.parse_args(argv)
    project = args.project
    if project is None:
        project = Path(tempfile.mkdtemp(prefix="tekan-profile-")) / "project"
        generate(project, args.entries, args.seed)
    stats = profile(project, args.out, args.check)
    print(ours_report(stats, project, args.limit))
    buffer = io.StringIO()
    pstats.Stats(str(args.out), stream=buffer).sort_stats("tottime").print_stats(args.limit)
    print("\nWhole build, by own time:\n" + buffer.getvalue().split("\n\n", 2)[-1])
    print(f"raw profile: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
