"""The `tekan` command for editors.

    tekan check                       validate data/ and the articles in content/ without building
    tekan new workers 李明 --city 广州  a new entry file with every field explained
    tekan import 名单.xlsx --collection workers [--dry-run] [--overwrite] [--award 荣誉 --award-year 年份]
    tekan export 2023.xlsx [--year 2023] [--collection workers]
    tekan import 2023.xlsx --update [--dry-run] [--yes] [--delete-missing]
    tekan schemas                     regenerate the JSON Schemas and the browser editor's forms in schemas/

Every message is Chinese; every mistake ends in a one-line message and exit code 1,
never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import gc
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from tekan.dataset.loader import load_site_data
from tekan.dataset.scan import check_content_files
from tekan.dataset.vocabulary import COLLECTION_CHOICES, COLLECTION_TITLES, parse_year
from tekan.editors.entryfiles import EntryFileError, resolve_collection
from tekan.pages.specs import check_search_synonyms
from tekan.settings import read_settings_file

from .errors import DataErrors, display_path, notice_lines
from .publish import BuildStopped, build_site

# argparse's own messages, in the editors' language (argparse looks them up through gettext).
_ARGPARSE_CHINESE = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示本说明后退出",
    "the following arguments are required: %s": "缺少必填的参数：%s",
    "unrecognized arguments: %s": "不认识的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "没有 %(value)r 这一项（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的值",
    "expected one argument": "后面要写一个值",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：%(message)s\n",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是 %(matches)s",
}


@contextlib.contextmanager
def _chinese_argparse() -> Iterator[None]:
    # argparse looks its messages up through its module's `_` (gettext) each time; no hook exists for it.
    original = argparse._  # type: ignore[attr-defined]
    argparse._ = lambda text: _ARGPARSE_CHINESE.get(text, original(text))  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = original  # type: ignore[attr-defined]


def find_project_root(start: Path) -> Path:
    """The folder holding mkdocs.yml, so the command works from any subfolder."""
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file() and (folder / "data").is_dir():
            return folder
    return start


def _year(text: str) -> int:
    year = parse_year(text)
    if year is None:
        raise argparse.ArgumentTypeError(f"「{text.strip()}」不是四位年份，请写如 2023")
    return year


def _shown(path: Path, root: Path) -> str:
    """A path as the error messages name it: relative to the project."""
    return display_path(path, root)


# tekan check ------------------------------------------------------------------------


def run_check(root: Path, strict: bool = False) -> int:
    from tekan.dataset.photos import check_photos  # Pillow: imported only when a check runs

    started = time.perf_counter()
    problems = []
    notices = []
    try:
        read_settings_file(root / "mkdocs.yml")
    except DataErrors as errors:
        problems += errors.errors
    try:
        # Links and special files first: the articles are read below only when content/ has none.
        check_content_files(root)
    except DataErrors as errors:
        problems += errors.errors
    try:
        data = load_site_data(root / "data", root)
        notices = data.notices
        check_search_synonyms(data)
        check_photos(entry for issue in data.issues for entry in issue.all_entries())
    except DataErrors as errors:
        problems += errors.errors
        notices = notices or errors.notices
    if problems:
        print(DataErrors(problems, notices).report(), file=sys.stderr)
        return 1
    if notices:
        print("\n".join(notice_lines(notices)), file=sys.stderr)
    for issue in data.issues:
        counts = "，".join(f"{COLLECTION_TITLES[c]} {len(entries)} 条" for c, entries in issue.entries.items())
        total = sum(len(entries) for entries in issue.entries.values())
        print(f"{issue.year} 年度：数据 {len(issue.figures)} 项，{counts}，共 {total} 条")
        samples = [entry for entry in issue.all_entries() if entry.sample]
        if samples:
            print(f"  仍有 {len(samples)} 条示例条目（sample: true），正式发布前请替换或删除：")
            for entry in samples:
                print(f"    {entry.origin.doc.display}" + (f"（{entry.id}）" if entry.origin.loc else ""))
    if not _check_articles(root, data):
        return 1
    if notices and strict:
        print(f"共 {len(notices)} 处提示；严格检查（--strict）不通过，请删除或移走这些文件。", file=sys.stderr)
        return 1
    _warn_stale_schemas(root)
    print(f"检查通过，用时 {time.perf_counter() - started:.2f} 秒。")
    return 0


def _check_articles(root: Path, data) -> bool:
    """The articles in content/ through the build's own gate: front matter, shortcodes, HTML."""
    from tekan.articles.gate import check_articles

    gate = check_articles(root, data)
    notices = gate.take_notices()
    if notices:
        print("\n".join(notice_lines(notices)), file=sys.stderr)  # where the data's notices go
    errors = gate.take_errors()
    if errors:
        print("文章有误，网站将不会生成：\n" + DataErrors(errors).report(), file=sys.stderr)
        return False
    return True


def _warn_stale_schemas(root: Path) -> None:
    """Editing awards.yml, cities.yml or the sections changes what VS Code should offer."""
    from tekan.editors.cms import stale_cms_files
    from tekan.editors.jsonschemas import stale_schemas

    stale = stale_schemas(root) + stale_cms_files(root)
    if stale:
        notice = f"编辑器的字段说明（{'、'.join(stale)}）已过期；请运行 tekan schemas 更新后一并提交。"
        print("\n".join(notice_lines([notice])), file=sys.stderr)


# tekan new --------------------------------------------------------------------------


def run_new(root: Path, args) -> int:
    from tekan.editors.scaffold import create_entry

    collection = resolve_collection(args.collection)
    entry = create_entry(root, collection, args.name, args.year, args.city, args.id)
    print(f"已新建：{_shown(entry.path, root)}")
    if entry.entry_id != entry.base_id:
        print(f"  编号 {entry.base_id} 已被其他条目使用，本条目用 {entry.entry_id}。")
    print(f"发布后的网址：{entry.url}")
    print("请打开文件填写各字段（标「必填」的一定要填），然后运行 make check 检查、make serve 预览。")
    return 0


# tekan import -----------------------------------------------------------------------


def run_import(root: Path, args) -> int:
    from tekan.editors.importer import ImportFailed, ListOptions, no_city_lines, plan_import, write_import
    from tekan.editors.staging import recover_interrupted

    # A previous import killed half-way through its moves: dealt with before anything is read or written.
    notice = recover_interrupted(root, dry_run=args.dry_run)
    if notice:
        print(notice, file=sys.stderr)
    if args.update:
        from tekan.editors.update import run_update

        return run_update(root, args)
    if args.collection is None:
        print("请用 --collection 写明导入哪一类条目，如 --collection workers（劳动模范）。", file=sys.stderr)
        return 1
    collection = resolve_collection(args.collection)
    options = ListOptions(args.award, args.award_year)
    try:
        result = plan_import(root, Path(args.file), collection, args.year, args.sheet, args.overwrite, options)
    except ImportFailed as failed:
        for line in failed.lines:
            print(line, file=sys.stderr)
        print(f"共 {len(failed.lines)} 处问题，没有写入任何文件；请改好表格后重新导入。", file=sys.stderr)
        return 1
    table = result.table
    sheet = f"（工作表「{table.sheet}」）" if table.sheet else ""
    print(f"{table.display}{sheet}：{len(result.files)} 行数据，全部通过检查。")
    for planned in result.files:
        action = "替换原文件" if planned.replaces else "新建"
        note = f"；{planned.note}" if planned.note else ""
        print(f"  第 {planned.row} 行 {planned.name} → {_shown(planned.path, root)}（{action}{note}）")
        if args.dry_run:
            print("    " + planned.text.rstrip("\n").replace("\n", "\n    "))
    if result.no_city:
        for line in no_city_lines(result, collection):
            print(line)
    if args.dry_run:
        print("试运行：没有写入任何文件。去掉 --dry-run 即可写入。")
        return 0
    write_import(root, result)
    replaced = sum(planned.replaces for planned in result.files)
    print(
        f"已写入 {len(result.files)} 个文件（新建 {len(result.files) - replaced} 个，替换 {replaced} 个）。"
        "运行 make serve 预览，确认无误后提交发布。"
    )
    return 0


# tekan export -----------------------------------------------------------------------


def run_export(root: Path, args) -> int:
    from tekan.editors.export import export_workbook

    collections = [resolve_collection(args.collection)] if args.collection else None
    summary = export_workbook(root, Path(args.file), args.year, collections, args.overwrite)
    print(summary)
    return 0


# tekan schemas ----------------------------------------------------------------------


def run_schemas(root: Path, args) -> int:
    from tekan.editors.cms import stale_cms_files, write_cms_files
    from tekan.editors.jsonschemas import stale_schemas, write_schemas

    if args.check:
        stale = stale_schemas(root) + stale_cms_files(root)
        if stale:
            print(f"{'、'.join(stale)} 已过期；请运行 tekan schemas 重新生成。", file=sys.stderr)
            return 1
        print("schemas/ 是最新的。")
        return 0
    changed = write_schemas(root) + write_cms_files(root)  # the browser editor's forms too
    print(f"已更新：{'、'.join(changed)}" if changed else "schemas/ 已是最新，无需更新。")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tekan", description="特刊网站的数据工具")
    parser.add_argument(
        "--root", type=Path, default=None, metavar="文件夹", help="项目文件夹（默认：自动查找 mkdocs.yml 所在文件夹）"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="命令")
    check = commands.add_parser("check", help="检查 data/ 中的全部数据和 content/ 中的文章，不生成网站")
    check.add_argument("--strict", action="store_true", help="严格检查：有提示（如备份文件）也算不通过")
    commands.add_parser("build", help="严格生成网站：先生成到临时文件夹，全部成功后才替换 site/")

    collections = COLLECTION_CHOICES
    new = commands.add_parser("new", help="新建一个条目文件", description="新建一个条目文件，各字段附有中文说明。")
    new.add_argument("collection", metavar="类别", help=f"类别：{collections}")
    new.add_argument("name", metavar="名称", help="姓名、集体或阵地的名称")
    new.add_argument("--city", metavar="城市", help="所在地级市，如 广州")
    new.add_argument("--year", type=_year, metavar="年份", help="年度（默认：最新一期）")
    new.add_argument("--id", metavar="编号", help="自定编号（默认：名称的拼音，如 li-ming）")

    importing = commands.add_parser(
        "import",
        help="从 Excel 表格（.xlsx）或 CSV 导入条目",
        description="把表格的每一行变成一个条目文件；有任何一行出错时不写入任何文件。",
    )
    importing.add_argument("file", metavar="表格文件", help="表格文件：.xlsx 或 .csv")
    importing.add_argument(
        "--collection", metavar="类别", help=f"类别：{collections}（--update 时可省略：按工作表名称）"
    )
    importing.add_argument("--year", type=_year, metavar="年份", help="年度（默认：最新一期）")
    importing.add_argument(
        "--sheet", metavar="工作表", help="工作表名称（默认：与类别同名的工作表，否则第一张有表头的）"
    )
    importing.add_argument("--dry-run", action="store_true", help="试运行：只显示将写入的内容，不写文件")
    importing.add_argument("--overwrite", action="store_true", help="允许用表格内容替换已有的同编号条目")
    importing.add_argument(
        "--update", action="store_true", help="按「编号」列更新已有条目（用 tekan export 导出的表格）：先列出改动再写入"
    )
    importing.add_argument("--yes", action="store_true", help="--update 时不再询问，直接写入")
    importing.add_argument(
        "--delete-missing", action="store_true", help="--update 时删除表格中已没有的条目（默认保留）"
    )
    importing.add_argument(
        "--award", metavar="荣誉", help="表格没有「荣誉」列时，给每一行记上这项荣誉，如 广东省五一劳动奖章"
    )
    importing.add_argument("--award-year", type=_year, metavar="年份", help="与 --award 一起用：获得荣誉的年份")

    exporting = commands.add_parser(
        "export",
        help="把一个年度的条目导出为 Excel 表格（.xlsx），改好后用 tekan import --update 写回",
        description="每类条目一张工作表；改好后运行 tekan import 表格.xlsx --update 写回。",
    )
    exporting.add_argument("file", metavar="表格文件", help="要写出的 .xlsx 文件")
    exporting.add_argument("--year", type=_year, metavar="年份", help="年度（默认：最新一期）")
    exporting.add_argument("--collection", metavar="类别", help=f"只导出一类：{collections}（默认：全部）")
    exporting.add_argument("--overwrite", action="store_true", help="表格文件已存在时覆盖它")

    schemas = commands.add_parser("schemas", help="重新生成 schemas/ 中供编辑器使用的字段说明")
    schemas.add_argument("--check", action="store_true", help="只检查是否过期，不写文件")
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except KeyboardInterrupt:
        # Ctrl+C: the editor knows why it stopped; no traceback, the shell's code for an interrupt.
        print("\n已中断。", file=sys.stderr)
        return 130


_OS_REASONS = {
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "所在的磁盘或文件夹是只读的",
    errno.ENOSPC: "磁盘空间已满",
    errno.EDQUOT: "磁盘配额已用完",
}


def _os_error_line(exc: OSError, root: Path) -> str:
    """A failed write or read of the system's, in one line naming the file and what to do."""
    where = ""
    if exc.filename:
        path = Path(exc.filename)
        where = f"项目文件夹「{root}」" if path == root else f"「{_shown(path, root)}」"
    reason = (_OS_REASONS.get(exc.errno) if exc.errno is not None else None) or exc.strerror or "系统错误"
    return (
        f"无法读写{where}：{reason}。请检查这个文件夹能否写入（是否只读、是否有权限），"
        "或把项目复制到可写的位置后再试；没有改动任何数据。"
    )


def _main(argv: list[str] | None) -> int:
    with _chinese_argparse():
        args = _parser().parse_args(argv)
    root = (args.root or find_project_root(Path.cwd())).resolve()
    try:
        if args.command == "check":
            return run_check(root, args.strict)
        if args.command == "new":
            return run_new(root, args)
        if args.command == "import":
            return run_import(root, args)
        if args.command == "export":
            return run_export(root, args)
        if args.command == "schemas":
            return run_schemas(root, args)
        if args.command == "build":
            return build_site(root)
    except (EntryFileError, FileExistsError) as exc:
        print(exc if isinstance(exc, EntryFileError) else f"文件已存在：{exc.filename}；没有改动。", file=sys.stderr)
        return 1
    except DataErrors as errors:
        print(errors.report(), file=sys.stderr)
        return 1
    except KeyboardInterrupt as interrupt:
        # Ctrl+C: every write is all or nothing (editors/staging.py), so nothing is half-done.
        from tekan.editors.staging import InterruptedAfterWriting

        if isinstance(interrupt, InterruptedAfterWriting):
            print("\n已中断；中断时文件已在写入，已全部写完，没有只写一半的文件。", file=sys.stderr)
        else:
            print("\n已中断；没有写入任何文件。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `tekan check | head`: the reader stopped listening; not an error of ours.
        sys.stderr.close()
        return 0
    except BuildStopped as stopped:
        print(f"\n已中断：网站没有更新，{_shown(root / 'site', root)}/ 仍是上一次成功生成的版本。", file=sys.stderr)
        return 128 + stopped.signum
    except OSError as exc:
        print(_os_error_line(exc, root), file=sys.stderr)
        return 1
    return 2  # pragma: no cover - argparse rejects unknown commands


def run() -> None:
    """`tekan` as a process: the console script and `python -m tekan`.

    A check holds the text, values and model of every data file until it ends
    (hundreds of thousands of objects, almost no reference cycles). The cycle
    collector would walk them all again after loading, and the interpreter's
    shutdown would free them one at a time: together a fifth of a 10,000-entry
    check. So this short-lived process collects no cycles, and leaves at once,
    its output flushed; the system takes the memory back in one go.
    """
    gc.disable()
    code = main()
    for stream in (sys.stdout, sys.stderr):
        # A reader that went away, or a stream already closed.
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
