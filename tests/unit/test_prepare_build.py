"""What the hook's on_config gets from the package: page models and thumbnails, or every data error at once."""

from __future__ import annotations

import pytest

from support import copy_project
from tekan.errors import DataErrors
from tekan.pages.prepare import prepare_build


def test_the_shipped_data_gives_every_page_and_its_thumbnails(tmp_path):
    project = copy_project(tmp_path / "project")
    prepared = prepare_build(project, project / "content", "https://example.cn/tekan/")
    entry_files = sorted(project.glob("data/2023/workers/*.yml"))
    assert entry_files
    for entry_file in entry_files:
        assert f"2023/workers/{entry_file.stem}/index.md" in prepared.pages
    assert "index.md" in prepared.pages and "2023/index.md" in prepared.pages
    # Every page knows its canonical address under the site's sub-path.
    assert all(spec.seo.canonical.startswith("https://example.cn/tekan/") for spec in prepared.pages.values())
    photos = list(project.glob("data/2023/photos/*"))
    assert len(prepared.thumbnails) >= len(photos) > 0
    assert all(path.is_file() for path in prepared.thumbnails.values())
    assert prepared.thumbnails_made > 0
    again = prepare_build(project, project / "content", "https://example.cn/tekan/")
    assert (again.thumbnails_made, again.thumbnails_reused) == (0, prepared.thumbnails_made)


def test_mistakes_in_two_files_are_raised_together_before_anything_is_made(tmp_path):
    project = copy_project(tmp_path / "project")
    for path, old, new in (
        ("data/2023/workers/li-ming.yml", "unit:", "unti:"),
        ("data/2023/craftsmen/zhang-hua.yml", "city: ", "city: 广洲 #"),
    ):
        file = project / path
        file.write_text(file.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataErrors) as raised:
        prepare_build(project, project / "content", "")
    report = raised.value.report()
    assert "li-ming.yml" in report and "zhang-hua.yml" in report
    assert not (project / ".cache" / "thumbnails").exists()
