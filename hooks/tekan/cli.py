"""The `tekan` command for editors: `tekan check` validates data/ without building."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .dataset import COLLECTION_TITLES, load_site_data
from .errors import DataErrors


def find_project_root(start: Path) -> Path:
    """The folder holding mkdocs.yml, so the command works from any subfolder."""
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file() and (folder / "data").is_dir():
            return folder
    return start


def run_check(root: Path) -> int:
    started = time.perf_counter()
    try:
        data = load_site_data(root / "data", root)
    except DataErrors as errors:
        print(errors.report(), file=sys.stderr)
        return 1
    for issue in data.issues:
        counts = "，".join(f"{COLLECTION_TITLES[c]} {len(entries)} 条" for c, entries in issue.entries.items())
        print(f"{issue.year} 年度：数据 {len(issue.figures)} 项，{counts}")
        samples = [entry for entry in issue.all_entries() if entry.sample]
        if samples:
            print(f"  仍有 {len(samples)} 条示例条目（sample: true），正式发布前请替换或删除：")
            for entry in samples:
                print(f"    {entry.origin.doc.display}" + (f"（{entry.id}）" if entry.origin.loc else ""))
    print(f"检查通过，用时 {time.perf_counter() - started:.2f} 秒。")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tekan", description="特刊网站的数据工具")
    parser.add_argument("--root", type=Path, default=None, help="项目文件夹（默认：自动查找 mkdocs.yml 所在文件夹）")
    commands = parser.add_subparsers(dest="command", required=True, metavar="命令")
    commands.add_parser("check", help="检查 data/ 中的全部数据，不生成网站")
    args = parser.parse_args(argv)
    root = (args.root or find_project_root(Path.cwd())).resolve()
    if args.command == "check":
        return run_check(root)
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
