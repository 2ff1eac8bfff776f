"""A thumbnail cache that cannot be written is the project's fault, named as such, never the photo's."""

from __future__ import annotations

import shutil

import pytest

from support import ROOT
from tekan.dataset.loader import load_site_data
from tekan.dataset.photos import ThumbnailCache, prepare_photos
from tekan.errors import DataErrors


def test_an_unwritable_cache_is_one_line_naming_the_cache(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    site = load_site_data(tmp_path / "data", tmp_path)
    (tmp_path / ".cache").write_text("not a folder", encoding="utf-8")  # so mkdir fails as on a read-only disk
    with pytest.raises(DataErrors) as caught:
        prepare_photos(site.latest.all_entries(), ThumbnailCache(tmp_path / ".cache" / "thumbnails"))
    assert [str(error) for error in caught.value.errors] == [
        ".cache/thumbnails 缩略图缓存文件夹无法写入（只读或没有权限）；请检查项目文件夹能否写入后再试。"
    ]
