"""Loading many files with a second process: the same entries and the same errors as one process alone."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from support import ROOT, run_tekan
from tekan.dataset import loader as dataset
from tekan.dataset import parallel
from tekan.dataset.loader import PARALLEL_MIN_FILES, load_site_data
from tekan.errors import DataErrors

CITIES = ("广州", "深圳", "佛山", "东莞", "湛江", "韶关")
PER_COLLECTION = PARALLEL_MIN_FILES // 3 + 10  # over the threshold, all three collections together


def worker(number: int) -> str:
    return (
        f"name: 职工{number}\nunit: 示例公司{number}\ncity: {CITIES[number % len(CITIES)]}\n"
        f"honours:\n  - award: 广东省劳动模范\n    year: 2023\nsummary: 第 {number} 位示例职工。\n"
    )


def craftsman(number: int) -> str:
    return worker(number).replace("广东省劳动模范", "南粤工匠") + "trade: 焊工\nskills: [焊接]\n"


def site(number: int) -> str:
    return (
        f"name: 示例驿站{number}\nkind: 爱心驿站\ncity: {CITIES[number % len(CITIES)]}\n"
        f"services:\n  - 饮水\n  - 休息\nsummary: 第 {number} 个示例驿站。\n"
    )


# Mistakes spread over the whole list, so that each process meets some; what each must say.
MISTAKES = {
    "workers/w-0012.yml": (
        worker(12).replace("city: 广州", "city: 广洲"),
        "data/2023/workers/w-0012.yml:3:7 city：「广洲」不是广东省的地级市（是否为「广州」？）。",
    ),
    "workers/w-0061.yml": (
        worker(61).replace("    year: 2023", "    year: 去年"),
        "data/2023/workers/w-0061.yml:6:11 honours[0].year：应为四位年份（如 2023），实际为「去年」。",
    ),
    "workers/w-0100.yml": (
        worker(100).replace("unit:", "\tunit:"),
        "data/2023/workers/w-0100.yml:2:1 缩进里有制表符（Tab）。",
    ),
    "workers/w-0150.yml": (
        worker(150) + "unit: 另一家公司\n",
        "data/2023/workers/w-0150.yml:8:1 unit：字段重复出现（第 2 行已有「unit」）",
    ),
    "craftsmen/c-0020.yml": (
        craftsman(20) + "stroy: 他的故事\n",
        "data/2023/craftsmen/c-0020.yml:10:1 stroy：未知字段「stroy」（是否为「story」？）",
    ),
    "craftsmen/c-0090.yml": (
        craftsman(90).replace("trade: 焊工", "trade: '焊工"),
        "data/2023/craftsmen/c-0090.yml:10:1 文件在引号或括号闭合之前就结束了",
    ),
    "craftsmen/c-0140.yml": (
        craftsman(140).replace("city: ", "city： "),
        "data/2023/craftsmen/c-0140.yml:3:5 用了全角冒号「：」",
    ),
    "craftsmen/w-0003.yml": (craftsman(3), "data/2023/craftsmen/w-0003.yml:1:1 编号「w-0003」重复"),
    "sites/s-0050.yml": (
        site(50).replace("summary: 第 50 个示例驿站。\n", ""),
        "data/2023/sites/s-0050.yml:1:1 summary：缺少必填字段「summary」",
    ),
    "sites/s-0120.yml": (
        site(120) + "photo: s-0120.jpg\n",
        "data/2023/sites/s-0120.yml:8:8 photo：找不到照片「s-0120.jpg」",
    ),
    "sites/s-0170.yml": (
        site(170).replace("kind: 爱心驿站", "kind: 爱心小站"),
        "data/2023/sites/s-0170.yml:2:7 kind：「爱心小站」不是 site_kinds.yml 中的阵地类型",
    ),
}
GBK_FILE = "craftsmen/c-0110.yml"


def write_project(root: Path, mistakes: bool) -> Path:
    data = root / "data"
    (data / "2023").mkdir(parents=True)
    for name in ("cities.yml", "awards.yml", "site_kinds.yml"):
        shutil.copy(ROOT / "data" / name, data / name)
    shutil.copy(ROOT / "data/2023/issue.yml", data / "2023/issue.yml")
    for collection, prefix, text in (("workers", "w", worker), ("craftsmen", "c", craftsman), ("sites", "s", site)):
        (data / "2023" / collection).mkdir()
        for number in range(PER_COLLECTION):
            (data / "2023" / collection / f"{prefix}-{number:04d}.yml").write_text(text(number), encoding="utf-8")
    # A list file of sites among the single ones.
    (data / "2023/sites/s-list.yml").write_text(
        "kind: 工会爱心驿站\ncity: 佛山\nentries:\n"
        + "".join(f"  - id: fs-{n}\n    name: 佛山驿站{n}\n    summary: 示例。\n" for n in range(5)),
        encoding="utf-8",
    )
    if mistakes:
        for relative, (text, _) in MISTAKES.items():
            (data / "2023" / relative).write_text(text, encoding="utf-8")
        (data / "2023" / GBK_FILE).write_bytes(craftsman(110).encode("gb18030"))
    return data


@pytest.fixture(scope="module")
def project_with_mistakes(tmp_path_factory) -> Path:
    return write_project(tmp_path_factory.mktemp("mistakes"), mistakes=True)


@pytest.fixture(scope="module")
def sound_project(tmp_path_factory) -> Path:
    return write_project(tmp_path_factory.mktemp("sound"), mistakes=False)


@pytest.fixture()
def fresh_memo(monkeypatch):
    """Each load starts cold, as `tekan check` does, whatever earlier loads in this process read."""

    def reset():
        monkeypatch.setattr(dataset, "_MEMO", dataset._FileMemo())

    reset()
    return reset


@pytest.fixture()
def shared_load(monkeypatch):
    """load_site_data with the reading shared with a child, which must take part: returns the pids that read."""
    monkeypatch.setattr(parallel, "fork_is_safe", lambda: True)  # other tests' server threads take no part
    pids: set[int] = set()
    parent = os.getpid()
    real_map = dataset.map_shared

    def map_with_pids(function, items, *, then=None, **options):
        def traced(item):
            if os.getpid() == parent:
                time.sleep(0.001)  # leave the child enough chunks
            return os.getpid(), function(item)

        def arrived(index, pair):
            pids.add(pair[0])
            if then is not None:
                then(index, pair[1])

        return [result for _, result in real_map(traced, items, then=arrived, **options)]

    monkeypatch.setattr(dataset, "map_shared", map_with_pids)
    return pids


def serial_only(monkeypatch):
    monkeypatch.setattr(dataset, "PARALLEL_MIN_FILES", 10**9)
    monkeypatch.setattr(dataset, "map_shared", parallel.map_shared)  # without the tracing of shared_load


def report_of(data: Path) -> str:
    with pytest.raises(DataErrors) as caught:
        load_site_data(data, data.parent)
    return caught.value.report()


def test_errors_in_many_files_are_all_reported_as_by_one_process(
    project_with_mistakes, monkeypatch, fresh_memo, shared_load
):
    data = project_with_mistakes
    shared = report_of(data)
    assert len(shared_load) == 2  # this process and the child both read files
    fresh_memo()
    serial_only(monkeypatch)
    assert report_of(data) == shared
    lines = shared.splitlines()
    for _, expected in MISTAKES.values():
        assert any(line.startswith(expected) for line in lines), expected
    assert any(line.startswith(f"data/2023/{GBK_FILE}:1:1 文件似乎是 GBK/GB2312 编码") for line in lines)
    assert lines[-1] == f"共 {len(lines) - 1} 处错误，请按提示修改后再试。"


def test_the_command_reports_them_the_same_way(project_with_mistakes, monkeypatch, fresh_memo):
    """The real `tekan check`: a fresh single-threaded process, which shares the reading by itself."""
    data = project_with_mistakes
    result = run_tekan(data.parent, "--root", str(data.parent), "check")
    serial_only(monkeypatch)
    assert result.returncode == 1
    assert result.stderr.strip() == report_of(data)


def summary(site) -> list[tuple]:
    """What the pages are made from, and (for some entries: it parses the file again) where a field is."""
    return [
        (
            entry.collection,
            entry.id,
            entry.data.model_dump(),
            entry.city.id,
            entry.site_kind and entry.site_kind.id,
            [h.award.id for h in entry.honours],
            entry.origin.doc.display,
            entry.origin.loc,
            entry.origin.doc.position((*entry.origin.loc, "summary")) if number % 10 == 0 else None,
        )
        for number, entry in enumerate(site.issue(2023).all_entries())
    ]


def test_the_same_entries_in_the_same_order(sound_project, monkeypatch, fresh_memo, shared_load):
    data = sound_project
    shared = summary(load_site_data(data, data.parent))
    assert len(shared_load) == 2
    fresh_memo()
    serial_only(monkeypatch)
    assert summary(load_site_data(data, data.parent)) == shared
    assert len(shared) == 3 * PER_COLLECTION + 5


def test_files_read_by_the_child_are_remembered_for_the_next_load(sound_project, monkeypatch, fresh_memo, shared_load):
    data = sound_project
    load_site_data(data, data.parent)
    assert len(shared_load) == 2
    parsed = []
    real_parse = dataset._parse_file
    monkeypatch.setattr(dataset, "_parse_file", lambda job: parsed.append(job[1]) or real_parse(job))
    edited = data / "2023/sites/s-0400.yml"
    try:
        edited.write_text(site(400).replace("第 400 个示例驿站。", "改过的简介。"), encoding="utf-8")
        entries = {entry.id: entry for entry in load_site_data(data, data.parent).issue(2023).all_entries()}
    finally:
        edited.write_text(site(400), encoding="utf-8")
    assert parsed == ["data/2023/sites/s-0400.yml"]
    assert entries["s-0400"].data.summary == "改过的简介。"
    assert entries["c-0007"].origin.doc.position(("trade",)) == (8, 8)
