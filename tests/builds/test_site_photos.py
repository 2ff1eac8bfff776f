"""Photos: WebP thumbnails with known sizes, cached by content between builds, and clear errors for bad files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from PIL import Image

from site_html import parse
from support import run_mkdocs_build
from tekan.dataset.photos import CARD, PAGE_LARGE, PAGE_SMALL, ThumbnailCache, prepare_photos
from tekan.errors import DataError, DataErrors

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_PHOTO = ROOT / "data/2023/photos/shili-liaoxiuyang-jidi.jpg"


def photo_entry(path: Path, entry_id: str = "li-ming"):
    def error(field, message):
        return DataError("data/2023/workers/li-ming.yml", 12, 1, field, message, "")

    return SimpleNamespace(
        id=entry_id, year=2023, photo=path, data=SimpleNamespace(photo=path.name), origin=SimpleNamespace(error=error)
    )


def test_thumbnails_are_webp_with_the_sizes_they_claim(tmp_path):
    cache = ThumbnailCache(tmp_path / "cache")
    photo = cache.photo_set(SAMPLE_PHOTO)
    assert photo.card.uri.endswith(".webp") and all(t.uri.endswith(".webp") for t in photo.page)
    for thumbnail in (photo.card, *photo.page):
        with Image.open(thumbnail.path) as image:
            assert image.size == (thumbnail.width, thumbnail.height)
            assert image.format == "WEBP"
    assert (photo.card.width, photo.card.height) == (CARD.width, CARD.height)
    assert [t.width for t in photo.page] == [PAGE_SMALL.width, PAGE_LARGE.width]
    # The source is 1200x800: resizing keeps its shape.
    assert photo.page[-1].height == round(PAGE_LARGE.width * 800 / 1200)


@pytest.mark.parametrize(("size", "widths"), [((240, 300), [240]), ((200, 200), [200]), ((300, 500), [192, 300])])
def test_a_narrow_photo_offers_each_width_once(tmp_path, size, widths):
    """A srcset may name a width only once: a photo within 240×320 has one page size, not two."""
    source = tmp_path / "narrow.jpg"
    Image.new("RGB", size, (180, 40, 30)).save(source)
    photo = ThumbnailCache(tmp_path / "cache").photo_set(source)
    assert [t.width for t in photo.page] == widths
    assert (photo.card.width, photo.card.height) == (CARD.width, CARD.height)  # cards stay square


def test_an_unchanged_photo_is_not_converted_again(tmp_path):
    source = tmp_path / "photo.jpg"
    shutil.copy(SAMPLE_PHOTO, source)
    first = ThumbnailCache(tmp_path / "cache")
    made = first.photo_set(source)
    assert first.converted == 3 and first.reused == 0
    stamps = {p: p.stat().st_mtime_ns for p in (tmp_path / "cache").iterdir()}

    again = ThumbnailCache(tmp_path / "cache")
    assert again.photo_set(source) == made
    assert again.converted == 0 and again.reused == 3
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "cache").iterdir()} == stamps

    # A changed photo gets new thumbnails under new names; the file name alone does not count.
    with Image.open(SAMPLE_PHOTO) as image:
        image.transpose(Image.Transpose.FLIP_LEFT_RIGHT).save(source, quality=80)
    changed = ThumbnailCache(tmp_path / "cache")
    remade = changed.photo_set(source)
    assert changed.converted == 3
    assert remade.card.uri != made.card.uri


def test_a_broken_photo_is_a_chinese_error_naming_file_and_field(tmp_path):
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"this is not a picture")
    with pytest.raises(DataErrors) as raised:
        prepare_photos([photo_entry(broken)], ThumbnailCache(tmp_path / "cache"))
    message = str(raised.value.errors[0])
    assert "data/2023/workers/li-ming.yml:12" in message and "photo" in message
    assert "broken.jpg" in message and "损坏" in message


def test_a_build_reuses_the_cache_and_publishes_sized_lazy_thumbnails(built_site, tmp_path):
    # The session's build made the thumbnails in its project's .cache; building that project again reuses them.
    project = built_site.parent
    cache = project / ".cache" / "thumbnails"
    stamps = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert len(stamps) == 6  # two sample photos, three thumbnails each (a card's, two for the page)
    again = run_mkdocs_build(project, tmp_path / "site")
    assert again.returncode == 0, again.stderr
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == stamps
    published = sorted(p.name for p in (tmp_path / "site/assets/photos").iterdir())
    assert published == sorted(p.name for p in (built_site / "assets/photos").iterdir()) and len(published) == 6

    site = built_site
    listing = (site / "2023/workers/index.html").read_text(encoding="utf-8")
    images = parse(listing).find_all("img", cls="tk-avatar")
    assert images, "the sample with a photo shows it on its card"
    for image in images:
        assert image.attrs["loading"] == "lazy" and image.attrs["src"].endswith(".webp")
        assert image.attrs["width"] == "64" and image.attrs["height"] == "64"
        assert (site / "2023/workers" / image.attrs["src"]).resolve().is_file()
    # An entry page shows its photo as the square share image (WeChat's thumbnail: tests/builds/test_reach_build.py).
    entry = parse((site / "2023/sites/shili-liaoxiuyang-jidi/index.html").read_text(encoding="utf-8"))
    photo = entry.find("img", cls="tk-share-square--photo")
    assert photo.attrs["width"] == "400" and photo.attrs["height"] == "400"
    assert photo.attrs["alt"] == "示例山区技术工人疗休养基地的照片"
    # Entries without a photo show the avatar of their first character, drawn as the same kind of square.
    li_ming = parse((site / "2023/workers/li-ming/index.html").read_text(encoding="utf-8"))
    assert li_ming.find("img", cls="tk-share-square--avatar").attrs["alt"] == "李明的头像"
    assert sorted(os.listdir(project / "data/2023/photos")) == sorted(os.listdir(ROOT / "data/2023/photos")), (
        "the build wrote into data/"
    )
