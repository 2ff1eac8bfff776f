"""Draws the site's icons once (content/assets/images/icon-*.png, apple-touch-icon.png): 特 on the union's red.

    .venv/bin/python tools/make_icons.py

The PNGs are committed; run this again only to change them. Uses the share images' font (Noto Sans CJK).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from PIL import Image, ImageDraw  # noqa: E402

from tekan.pages.sharecards import GOLD, RED, WHITE, find_fonts  # noqa: E402

OUT = ROOT / "content" / "assets" / "images"
# iOS wants 180 px; a web manifest wants 192 and 512 (the 512 one also as a maskable icon, so the mark keeps a margin).
SIZES = {"apple-touch-icon.png": 180, "icon-192.png": 192, "icon-512.png": 512}


def icon(size: int) -> Image.Image:
    fonts = find_fonts()
    image = Image.new("RGB", (size, size), RED)
    draw = ImageDraw.Draw(image)
    draw.text((size / 2, size * 0.47), "特", font=fonts.get("bold", round(size * 0.56)), fill=WHITE, anchor="mm")
    bar = round(size * 0.06)
    draw.rectangle((size * 0.3, size * 0.78, size * 0.7, size * 0.78 + bar), fill=GOLD)
    return image


if __name__ == "__main__":
    for name, size in SIZES.items():
        icon(size).save(OUT / name, optimize=True)
        print(OUT / name)
