"""What an entry or article page offers for sharing: its share images and a QR code to its own address.

The QR code is zxing-cpp's matrix of the page's canonical address, drawn by
the template as one SVG path, shown behind the page's 分享 control and in print.
The pages need the QR codes and the images' names at once, but the images
themselves only when the site is written: names and QR codes are made here,
before MkDocs renders a page, and the missing images are drawn in the
background while it does (tekan/pages/sharedraw.py). QR codes of all pages
are kept in one cache file; a cold build makes them with two processes
(`tekan.dataset.parallel`). Plain Python, no MkDocs.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import zxingcpp

from tekan.dataset.parallel import map_shared
from tekan.dataset.photos import Thumbnail
from tekan.files import replaced_on_success
from tekan.pages import sharecards
from tekan.pages.sharecards import ShareImageCache, ShareText

# Error correction M survives a smudged print. zxing-cpp (C++) makes a code, best mask chosen, in a sixth of the
# time segno (pure Python) took with one fixed mask: 2.6 ms -> 0.45 ms, 10,000 of them in a cold build.
QR_ERROR = "M"
# The quiet zone around the code, in modules: 2 is enough on the white box the page draws around it.
QR_BORDER = 2
QR_VERSION_KEY = f"qr3-zxing-cpp-{version('zxing-cpp')}-{QR_ERROR}-{QR_BORDER}"


@dataclass(frozen=True)
class QrCode:
    """A QR code as the template draws it: a square of `size` modules and one SVG path of its dark ones."""

    size: int
    path: str


@dataclass(frozen=True)
class ShareView:
    """The page's address, its two share images, and its QR code, ready for the template."""

    url: str
    card: Thumbnail
    square: Thumbnail
    square_alt: str
    qr: QrCode


@dataclass(frozen=True)
class ShareJob:
    key: str
    text: ShareText
    url: str
    square_alt: str


@dataclass
class SharePlan:
    """Every page's share view, and how many QR codes were made (the cache had the others)."""

    views: dict[str, ShareView]
    qr_codes_made: int


def qr_code(url: str) -> QrCode:
    """The QR code of `url`: its dark modules as runs along each row of one path (zxing-cpp's own SVG
    writer draws every module alone, several times the markup)."""
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level=QR_ERROR)
    modules = code.to_image(scale=1, add_quiet_zones=False)
    size = modules.shape[0]
    # A row after another, 0 for a dark module, 255 for a light one (the stub omits the Image's buffer protocol).
    pixels = bytes(memoryview(modules))  # type: ignore[arg-type]
    parts: list[str] = []
    pen: tuple[int, int] | None = None
    for row in range(size):
        first, end_of_row = row * size, (row + 1) * size
        start = pixels.find(0, first, end_of_row)
        while start != -1:
            end = pixels.find(255, start, end_of_row)
            end = end_of_row if end == -1 else end
            x, y = start - first + QR_BORDER, row + QR_BORDER
            # A stroke one module wide along the row's middle; moves after the first are relative.
            parts.append(f"M{x} {y}.5h{end - start}" if pen is None else f"m{x - pen[0]} {y - pen[1]}h{end - start}")
            pen = (x + end - start, y)
            start = pixels.find(0, end, end_of_row)
    return QrCode(size + 2 * QR_BORDER, "".join(parts))


class QrCodeCache:
    """Every page's QR code in one JSON file: ten thousand tiny files cost more to read than one.

    One file per site address (a preview at 127.0.0.1 and the published site do not evict each other);
    it keeps only the addresses of the latest build, so it never grows past the site."""

    def __init__(self, cache_dir: Path, site_url: str):
        digest = hashlib.sha256(site_url.encode()).hexdigest()[:12]
        self.path = Path(cache_dir) / f"qr-codes-{digest}.json"
        self.made = 0

    def codes(self, urls: list[str]) -> list[QrCode]:
        known = self._read()
        missing = sorted({url for url in urls if url not in known})
        made = map_shared(qr_code, missing, min_items=200, chunk_size=64)
        known.update(zip(missing, made, strict=True))
        self.made = len(missing)
        wanted = {url: known[url] for url in urls}
        if missing or len(wanted) != len(known):
            self._write(wanted)
        return [wanted[url] for url in urls]

    def _read(self) -> dict[str, QrCode]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("version") != QR_VERSION_KEY:
                return {}
            return {url: QrCode(size, path) for url, (size, path) in data["codes"].items()}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return {}  # absent, from another version, or damaged: made again

    def _write(self, codes: dict[str, QrCode]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"version": QR_VERSION_KEY, "codes": {url: [code.size, code.path] for url, code in codes.items()}}
        with replaced_on_success(self.path) as temporary, temporary.open("w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, separators=(",", ":"))


def plan_share_views(jobs: list[ShareJob], cache: ShareImageCache, qr_codes: QrCodeCache) -> SharePlan:
    """Every job's view: its images named (drawn or not), its QR code made or found in the cache."""
    codes = qr_codes.codes([job.url for job in jobs])
    views = {}
    for job, code in zip(jobs, codes, strict=True):
        images = cache.describe(job.text)
        views[job.key] = ShareView(job.url, images.card, images.square, job.square_alt, code)
    return SharePlan(views, qr_codes.made)


def site_files(views: dict[str, ShareView]) -> dict[str, Path]:
    """Every share image the site publishes: site URI -> cached file."""
    return sharecards.site_files(views.values())
