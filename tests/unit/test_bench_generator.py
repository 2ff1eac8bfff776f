"""The benchmark's data generator: deterministic, every collection and city, and valid for the strict loader."""

from __future__ import annotations

import filecmp
import importlib.util
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image

from support import ROOT, generate_project
from tekan.dataset.loader import load_site_data

GENERATE = ROOT / "bench" / "generate.py"


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", GENERATE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """80 entries from the command line, as the search benchmark calls it."""
    out = tmp_path_factory.mktemp("gen") / "project"
    assert "80 entries" in generate_project(out, 80, seed=3, timeout=120)
    return out


def test_output_passes_the_strict_loader_with_every_collection_and_city(generated):
    site = load_site_data(generated / "data", generated)
    issue = site.latest
    shipped = load_site_data(ROOT / "data", ROOT).latest
    shipped_ids = {e.id for e in shipped.all_entries()}
    assert {e.id for e in issue.all_entries()} >= shipped_ids, "the shipped entries stay"
    entries = [e for e in issue.all_entries() if e.id not in shipped_ids]
    assert len(entries) == 80
    assert all(len(issue.entries[c]) > 0 for c in ("workers", "craftsmen", "sites"))
    assert {e.city.id for e in entries} == {c.id for c in site.cities}
    assert not any(e.sample for e in entries)
    assert all(300 <= len(e.data.story) <= 600 for e in entries)
    assert all(e.honours for e in entries if e.collection != "sites")
    kinds = Counter(e.data.kind for e in issue.entries["workers"])
    assert kinds["个人"] and kinds["集体"]


def test_sites_are_partly_in_per_city_list_files(generated):
    sites = [e for e in load_site_data(generated / "data", generated).latest.entries["sites"] if not e.sample]
    listed = [e for e in sites if e.origin.loc]
    single = [e for e in sites if not e.origin.loc]
    assert listed and single
    assert all(e.origin.doc.path.name == f"{e.city.id}-aixin-yizhan.yml" for e in listed)


def test_one_entry_in_ten_has_a_real_photo(generated):
    entries = [e for e in load_site_data(generated / "data", generated).latest.all_entries() if not e.sample]
    with_photo = [e for e in entries if e.photo]
    assert len(with_photo) == len(entries) // 10
    for entry in with_photo:
        with Image.open(entry.photo) as image:
            assert image.format == "JPEG" and image.size[0] > 100


def test_same_seed_same_bytes_other_seed_other_data(tmp_path):
    generate = _generator().generate
    first, second, other = (tmp_path / "a", tmp_path / "b", tmp_path / "c")
    generate(first, 40, seed=5)
    generate(second, 40, seed=5)
    generate(other, 40, seed=6)
    compare = filecmp.dircmp(first / "data", second / "data")
    assert _all_same(compare), "the same seed must write identical files"
    assert not _all_same(filecmp.dircmp(first / "data", other / "data"))


def _all_same(compare: filecmp.dircmp) -> bool:
    _, mismatch, errors = filecmp.cmpfiles(compare.left, compare.right, compare.common_files, shallow=False)
    if mismatch or errors or compare.left_only or compare.right_only:
        return False
    return all(_all_same(sub) for sub in compare.subdirs.values())


def test_refuses_to_overwrite_a_folder_without_force(tmp_path):
    (tmp_path / "keep.txt").write_text("x")
    result = subprocess.run(
        [sys.executable, str(GENERATE), "--entries", "5", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0 and "--force" in result.stderr
    assert (tmp_path / "keep.txt").exists()
