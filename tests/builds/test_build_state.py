"""Build state lives on objects, not in the hook module: one process builds twice and gets the same site,
a refused build leaves nothing behind for the next, and settings come from mkdocs.yml."""

from __future__ import annotations

import json

import pytest

from support import copy_project, run_mkdocs_build, run_script_report, set_tekan_settings

# Runs in the project folder: builds through MkDocs' API in one process, as `serve` does after every save
# (MkDocs loads the hook file once per process and keeps it: the same module serves every build).
BUILD_THREE_TIMES = r"""
import json, pathlib, sys, tempfile
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

def files(site):
    return {str(p.relative_to(site)): p.read_bytes() for p in pathlib.Path(site).rglob("*") if p.is_file()}

def build_into(site_dir):
    config = load_config("mkdocs.yml", site_dir=site_dir)
    build(config)
    return config

first, second = tempfile.mkdtemp(), tempfile.mkdtemp()
config = build_into(first)
hooks = config.plugins["hooks/tekan_hooks.py"]
state = hooks._hooks.build
# A build refused for a data mistake in between must leave nothing behind for the next one.
target = pathlib.Path("data/2023/workers/li-ming.yml")
good = target.read_text(encoding="utf-8")
target.write_text(good.replace("city: ", "city: 不存在的城市 #", 1), encoding="utf-8")
try:
    build_into(tempfile.mkdtemp())
    refused = False
except Abort:
    refused = True
target.write_text(good, encoding="utf-8")
again = build_into(second)
module_state = sorted(
    name for name, value in vars(hooks).items()
    if not name.startswith("__") and isinstance(value, (list, dict, set, bytearray))
)
a, b = files(first), files(second)
print(json.dumps({
    "same_module": again.plugins["hooks/tekan_hooks.py"] is hooks,
    "new_state": hooks._hooks.build is not state,
    "refused": refused,
    "module_state": module_state,
    "files": len(a),
    "differ": sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name)),
}))
"""


def test_one_process_builds_twice_and_gets_the_same_site(project):
    report = run_script_report(project, BUILD_THREE_TIMES, timeout=600)
    assert report["same_module"], "MkDocs loaded the hook file again: the test would prove nothing"
    assert report["new_state"], "each build gets its own state object"
    assert report["refused"], "the build between the two should have been refused"
    assert report["module_state"] == []
    assert report["files"] > 50
    assert report["differ"] == []


@pytest.fixture(scope="module")
def small_pages_site(tmp_path_factory, built_site):
    """The shipped site with listings of 2 cards, city previews of 1 card, and search shards of 20 pages."""
    project = copy_project(tmp_path_factory.mktemp("settings") / "project", caches_from=built_site.parent)
    set_tekan_settings(project, page_size=2, city_preview=1, search_shard_size=20)
    result = run_mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site"


def test_settings_in_mkdocs_yml_change_the_built_site(small_pages_site):
    site = small_pages_site
    assert (site / "2023" / "workers" / "page" / "2" / "index.html").is_file()
    page = (site / "2023" / "workers" / "index.html").read_text(encoding="utf-8")
    assert page.count('<li class="tk-card"') == 2
    guangzhou = (site / "2023" / "cities" / "guangzhou" / "index.html").read_text(encoding="utf-8")
    assert guangzhou.count('<li class="tk-card"') <= 3  # one per collection
    settings = json.loads((site / "search" / "settings.json").read_text(encoding="utf-8"))
    assert len(settings["shards"]) >= 3


@pytest.mark.parametrize(
    ("setting", "value", "expected"),
    [
        (
            "page_size",
            "0",
            "mkdocs.yml:{line}:16 extra.tekan.page_size：列表每页最多显示的卡片数，应为不小于 1 的整数，"
            "实际为「0」；请写一个整数，例如默认值 60。",
        ),
        (
            "city_preview",
            "十二",
            "mkdocs.yml:{line}:19 extra.tekan.city_preview：城市页每类最多预览的卡片数，应为不小于 1 的整数，"
            "实际为「十二」；请写一个整数，例如默认值 12。",
        ),
    ],
)
def test_a_wrong_setting_refuses_the_build_with_one_line_naming_it(project, setting, value, expected):
    set_tekan_settings(project, **{setting: value})
    line = next(
        number
        for number, text in enumerate((project / "mkdocs.yml").read_text(encoding="utf-8").splitlines(), 1)
        if text.strip().startswith(f"{setting}:")
    )
    result = run_mkdocs_build(project, project / "site")
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert expected.format(line=line) in output.splitlines()
    assert "Traceback" not in output
    assert not (project / "site").exists()
