"""What the hook's on_config gets from the package: page models and thumbnails, or every data error at once."""

from __future__ import annotations

import os

import pytest

from support import copy_project
from tekan.errors import DataErrors
from tekan.pages.prepare import prepare_build, prune_caches


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


def test_pruning_after_a_full_build_keeps_only_the_cached_images_it_used(tmp_path):
    project = copy_project(tmp_path / "project")
    li_ming = "2023/workers/li-ming/index.md"
    first = prepare_build(project, project / "content", "")
    thumbnails, share = (cache.folder for cache in first.caches)
    assert prune_caches(first) == 0
    # Li Ming renamed, and the team's photo replaced by another: their old images are no one's now.
    entry = project / "data/2023/workers/li-ming.yml"
    entry.write_text(entry.read_text(encoding="utf-8").replace("name: 李明", "name: 李明远"), encoding="utf-8")
    photos = project / "data/2023/photos"
    (photos / "shili-dungou-banzu.jpg").write_bytes((photos / "shili-liaoxiuyang-jidi.jpg").read_bytes())
    # A thumbnail of a recipe since dropped (the 800-pixel JPEG of earlier builds).
    dropped_recipe = thumbnails / "0123456789abcdef0123.jpg"
    dropped_recipe.write_bytes(b"")
    second = prepare_build(project, project / "content", "")
    # A card another build (a preview beside this one) drew after this build started is not this build's to drop.
    beside = share / "drawn-meanwhile-card.jpg"
    beside.write_bytes(b"")
    os.utime(beside, (second.started + 60, second.started + 60))

    cached = {path for folder in (thumbnails, share) for path in folder.iterdir()}
    pruned = prune_caches(second)
    removed = {path for path in cached if not path.exists()}

    old_card, new_card = first.pages[li_ming].image.path, second.pages[li_ming].image.path
    assert not old_card.exists() and new_card.is_file()
    old_thumbnails = set(first.thumbnails.values()) - set(second.thumbnails.values())
    assert old_thumbnails and not any(path.exists() for path in old_thumbnails)
    assert beside.exists() and list(share.glob("qr-codes-*.json"))
    assert pruned == len(removed) and {old_card, dropped_recipe, *old_thumbnails} <= removed
    # What is left is all the next build needs: nothing is made again.
    third = prepare_build(project, project / "content", "")
    assert (third.thumbnails_made, third.share_images_drawn) == (0, 0)
    assert prune_caches(third) == 0 and thumbnails.is_dir()
