"""What an entry or article page offers for sharing: its share images and a QR code to its own address.

The QR code is inline SVG made by segno from the page's canonical address,
shown behind the page's 分享 control and in print. Images and QR codes are
cached in `.cache/share/` by what they show, so a rebuild makes none again;
a cold build makes them with two processes (`tekan.dataset.parallel`).
Plain Python, no MkDocs.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import segno
from markupsafe import Markup

from tekan.dataset.parallel import map_shared
from tekan.dataset.photos import Thumbnail
from tekan.pages import sharecards
from tekan.pages.sharecards import ShareImageCache, ShareText

# Error correction M survives a smudged print; one fixed mask pattern makes a code in a quarter of the
# time segno takes to try all eight (any mask is valid and every reader decodes it).
QR_ERROR = "m"
QR_MASK = 2
QR_VERSION_KEY = f"qr1-{segno.__version__}-{QR_ERROR}-{QR_MASK}"


@dataclass(frozen=True)
class ShareView:
    """The page's address, its two share images, and its QR code as SVG ready for the template."""

    url: str
    card: Thumbnail
    square: Thumbnail
    square_alt: str
    qr_svg: Markup


@dataclass(frozen=True)
class ShareJob:
    key: str
    text: ShareText
    url: str
    square_alt: str


def qr_svg(url: str) -> str:
    """The QR code of `url` as inline SVG that scales with its box (viewBox, no fixed size)."""
    code = segno.make_qr(url, error=QR_ERROR, mask=QR_MASK, boost_error=False)
    svg = code.svg_inline(scale=1, border=2, omitsize=True, svgclass="tk-qr__code", lineclass=None, dark="#000")
    # An image with a name for screen readers; the address itself is printed beside it.
    return svg.replace("<svg ", '<svg role="img" aria-label="本页二维码" ', 1)


class _Maker:
    """Makes (or finds) one page's images and QR code; runs in this process or in the forked child."""

    def __init__(self, cache: ShareImageCache):
        self.cache = cache

    def __call__(self, job: ShareJob) -> tuple[bool, str]:
        drawn_before = self.cache.drawn
        self.cache.images(job.text)
        return self.cache.drawn > drawn_before, self._qr(job.url)

    def _qr(self, url: str) -> str:
        digest = hashlib.sha256(f"{QR_VERSION_KEY}:{url}".encode()).hexdigest()[:20]
        path = self.cache.cache_dir / f"qr-{digest}.svg"
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            pass
        svg = qr_svg(url)
        self.cache.cache_dir.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.cache.cache_dir, suffix=".svg")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(svg)
        os.replace(temporary, path)
        return svg


def make_share_views(jobs: list[ShareJob], cache: ShareImageCache) -> dict[str, ShareView]:
    """Every job's images and QR code, by job key; counts what was drawn in `cache.drawn` / `cache.reused`."""
    results = map_shared(_Maker(cache), jobs, min_items=200, chunk_size=64)
    views = {}
    drawn = 0
    for job, (was_drawn, svg) in zip(jobs, results, strict=True):
        images = cache.describe(job.text)
        drawn += was_drawn
        views[job.key] = ShareView(job.url, images.card, images.square, job.square_alt, Markup(svg))
    # Counted here: work done in the child does not show in this process's cache object.
    cache.drawn, cache.reused = drawn, len(jobs) - drawn
    return views


def site_files(views: dict[str, ShareView]) -> dict[str, Path]:
    """Every share image the site publishes: site URI -> cached file."""
    return sharecards.site_files(views.values())
