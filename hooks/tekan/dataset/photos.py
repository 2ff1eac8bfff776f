"""Entry photos made small at build time: WebP thumbnails with known sizes, cached by content.

Every thumbnail is named by a digest of the source photo's bytes and of the
recipe that made it, and kept under `.cache/thumbnails/` in the project. A
photo that has not changed is therefore never converted again, and a changed
photo (or a changed recipe, or a new Pillow) gets a new name, which also lets
the published files be cached by browsers for ever.

Plain Python and Pillow: MkDocs only copies the finished files (see the hook).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import warnings
from collections.abc import Iterable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from tekan.errors import DataError, DataErrors, quote
from tekan.files import replaced_on_success

# A photo wider or taller than this is a scan or a panorama, not a portrait: refused before decoding.
MAX_SIDE = 12000
# Pillow's own guard against decompression bombs (about 89 million pixels) applies too: see _open_checked.

# Bump when the way thumbnails are made changes, so old cache files stop matching.
RECIPE_VERSION = 1
SITE_FOLDER = "assets/photos"


@dataclass(frozen=True)
class Recipe:
    """One kind of thumbnail, a WebP: a square crop for cards, a bounded resize for pages."""

    name: str
    width: int
    height: int
    crop: bool
    quality: int = 80
    suffix = ".webp"

    @property
    def key(self) -> str:
        size = f"{self.width}x{self.height}-{int(self.crop)}"
        return f"v{RECIPE_VERSION}-{Image.__version__}-{self.name}-{size}-WEBP-q{self.quality}"


# Cards show the photo at 64 CSS pixels and entry pages at up to 240: 2x for sharp phone screens.
CARD = Recipe("card", 128, 128, crop=True)
PAGE_SMALL = Recipe("page", 240, 320, crop=False)
PAGE_LARGE = Recipe("page", 480, 640, crop=False)
# The share images (tekan/pages/sharecards.py) are drawn from the largest page thumbnail.
RECIPES = (CARD, PAGE_SMALL, PAGE_LARGE)


@dataclass(frozen=True)
class Thumbnail:
    """A finished image: where it is on the site, where it sits on disk, and its size."""

    uri: str
    path: Path
    width: int
    height: int


@dataclass(frozen=True)
class PhotoSet:
    """Everything the templates need to show one entry's photo."""

    card: Thumbnail
    page: tuple[Thumbnail, ...]

    @property
    def largest(self) -> Thumbnail:
        return self.page[-1]


class ThumbnailCache:
    """Makes thumbnails once and finds them again by content digest."""

    # What the folder holds, pruned after a full build: thumbnails, including those of recipes since dropped
    # (the 800-pixel JPEGs of builds before 2026-12-03).
    SUFFIXES = (".jpg", ".webp")

    def __init__(self, cache_dir: Path):
        self.cache_dir = Path(cache_dir)
        self.converted = 0
        self.reused = 0
        # Every cache file this build asked for, published or not (a small photo's large page size is not).
        self.used: set[str] = set()

    def photo_set(self, source: Path, pool: Executor | None = None) -> PhotoSet:
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
        names = {recipe: hashlib.sha256(f"{digest}:{recipe.key}".encode()).hexdigest()[:20] for recipe in RECIPES}
        paths = {recipe: self.cache_dir / f"{names[recipe]}{recipe.suffix}" for recipe in RECIPES}
        self.used.update(path.name for path in paths.values())
        missing = [recipe for recipe in RECIPES if not paths[recipe].is_file()]
        # The photo is decoded once for all its thumbnails; they are encoded side by side when a pool is given.
        jobs = {}
        if missing:
            image = self._open(source)
            submit = pool.submit if pool else _now
            jobs = {recipe: submit(self._convert, image, paths[recipe], recipe) for recipe in missing}
        made = {}
        for recipe in RECIPES:
            if recipe in jobs:
                width, height = jobs[recipe].result()
                self.converted += 1
            else:
                self.reused += 1
                with Image.open(paths[recipe]) as cached:
                    width, height = cached.size
            made[recipe] = Thumbnail(
                f"{SITE_FOLDER}/{names[recipe]}-{width}w{recipe.suffix}", paths[recipe], width, height
            )
        # A photo no wider than the small size makes two thumbnails of one width: a srcset may name
        # each width once, so the larger is dropped.
        small, large = made[PAGE_SMALL], made[PAGE_LARGE]
        page = (small, large) if large.width > small.width else (small,)
        return PhotoSet(card=made[CARD], page=page)

    @staticmethod
    def _open(source: Path) -> Image.Image:
        with _open_checked(source) as opened:
            image = ImageOps.exif_transpose(opened)
            image.load()
        return image

    def _convert(self, source: Image.Image, target: Path, recipe: Recipe) -> tuple[int, int]:
        image = source.convert("RGBA" if _has_alpha(source) else "RGB")
        if recipe.crop:
            image = ImageOps.fit(image, (recipe.width, recipe.height), Image.Resampling.LANCZOS)
        else:
            image.thumbnail((recipe.width, recipe.height), Image.Resampling.LANCZOS)
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            return self._save(image, target, recipe)
        except OSError as exc:  # the project's own folder, not the photo, is at fault
            raise CacheUnwritable(self.cache_dir, exc) from None

    def _save(self, image: Image.Image, target: Path, recipe: Recipe) -> tuple[int, int]:
        with replaced_on_success(target) as temporary:
            # WebP effort 2 of 6: half the CPU of the default 4 for files about 6% larger.
            image.save(temporary, "WEBP", quality=recipe.quality, method=2)
        return image.size


class _Done:
    """A finished result with a Future's `result()`, for work done on the spot."""

    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


def _now(function, *args) -> _Done:
    return _Done(function(*args))


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)


class CacheUnwritable(Exception):
    """The thumbnail cache (.cache/thumbnails) cannot be written: a read-only project, a full disk."""

    def __init__(self, folder: Path, error: OSError):
        self.folder, self.error = folder, error
        super().__init__(f"{folder}: {error}")


class PhotoProblem(Exception):
    """Why a photo cannot be used, in the editor's words."""


@contextlib.contextmanager
def _open_checked(source: Path):
    """The photo opened (its header read, nothing decoded), or PhotoProblem: too many pixels, too
    long a side, not an image. A decompression-bomb warning counts as the error it warns of."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(source) as image:
                width, height = image.size
                if max(width, height) > MAX_SIDE:
                    raise PhotoProblem(f"尺寸过大（{width}×{height} 像素）")
                yield image
    except PhotoProblem:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoProblem("像素过多") from None
    except Exception:  # Pillow's decoders raise OSError, SyntaxError, ValueError, struct.error and more
        raise PhotoProblem("不是能打开的图片或文件已损坏") from None


def _photo_error(entry, reason: str):
    return entry.origin.error(
        "photo", f"照片{quote(entry.data.photo)}{reason}；请换一张 jpg、png 或 webp 照片（长边 2000 像素左右即可）。"
    )


def check_photos(entries: Iterable) -> None:
    """What the build's thumbnails would refuse, found without decoding: for `tekan check`, which must
    stay fast with a thousand photos. Each photo's header is read (format, size, pixel limit) and its
    end checked (a half-copied file is the usual damage); damage inside a complete file is still
    refused by the build, in the same words."""
    errors = []
    for entry in entries:
        if entry.photo is None:
            continue
        try:
            with _open_checked(entry.photo) as image:
                if not _complete(entry.photo, image.format):
                    raise PhotoProblem("不是能打开的图片或文件已损坏")
        except PhotoProblem as problem:
            errors.append(_photo_error(entry, str(problem)))
    if errors:
        raise DataErrors(errors)


def _complete(path: Path, kind: str | None) -> bool:
    """Whether the file reaches its format's end marker: JPEG's EOI, PNG's IEND, WebP's RIFF length."""
    with open(path, "rb") as file:
        size = file.seek(0, os.SEEK_END)
        file.seek(max(size - 64, 0))
        tail = file.read()
    if kind == "JPEG":
        return tail.rstrip(b"\x00").endswith(b"\xff\xd9")
    if kind == "PNG":
        return b"IEND" in tail[-12:]
    if kind == "WEBP":
        with open(path, "rb") as file:
            head = file.read(8)
        return int.from_bytes(head[4:8], "little") + 8 <= size
    return True


def prepare_photos(entries: Iterable, cache: ThumbnailCache) -> dict[tuple[int, str], PhotoSet]:
    """Thumbnails for every entry with a photo, keyed by (year, entry id); all unreadable photos reported together."""
    photos: dict[tuple[int, str], PhotoSet] = {}
    errors: list[DataError] = []
    # Pillow encodes without holding the GIL: a photo's thumbnails are made side by side.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for entry in entries:
            if entry.photo is None:
                continue
            try:
                photos[(entry.year, entry.id)] = cache.photo_set(entry.photo, pool)
            except PhotoProblem as problem:
                errors.append(_photo_error(entry, str(problem)))
            except CacheUnwritable as unwritable:
                reason = "磁盘空间已满" if unwritable.error.errno == errno.ENOSPC else "无法写入（只读或没有权限）"
                shown = f"{cache.cache_dir.parent.name}/{cache.cache_dir.name}"  # .cache/thumbnails
                message = f"缩略图缓存文件夹{reason}；请检查项目文件夹能否写入后再试。"
                raise DataErrors([DataError(shown, message=message)]) from None
            except Exception:  # decoding went wrong past the header: still the photo's fault, never a traceback
                errors.append(_photo_error(entry, "不是能打开的图片或文件已损坏"))
    if errors:
        raise DataErrors(errors)
    return photos


def site_files(photos: dict[tuple[int, str], PhotoSet]) -> dict[str, Path]:
    """Every thumbnail the site publishes: site URI -> cached file."""
    files: dict[str, Path] = {}
    for photo in photos.values():
        for thumbnail in (photo.card, *photo.page):
            files[thumbnail.uri] = thumbnail.path
    return files
