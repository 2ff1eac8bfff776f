"""Share images drawn at build time: a 1200×630 card for link previews and a square for WeChat.

A link shared in WeChat shows the first image on the page of at least 300×300
pixels, not `og:image`; other apps show `og:image`. So every entry and article
gets both: a square (its photo, its avatar, or its title on the union's red),
shown at the top of the page, and a card with the square, the name, the honour
or kind, the unit and city and the issue's title, in the site's colours.

Each pair is named by a digest of everything drawn on it (the text, the photo's
own content digest, the font files and this recipe), kept in `.cache/share/`,
and drawn again only when that changes. Plain Python and Pillow, no MkDocs; the
font is Debian's Noto Sans CJK (package fonts-noto-cjk), never fetched at build time.
"""

from __future__ import annotations

import colorsys
import functools
import hashlib
import json
import os
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

from tekan.dataset.photos import Thumbnail
from tekan.errors import DataError, DataErrors

# Bump when the drawing changes, so that cached images are drawn again.
RECIPE_VERSION = 1
SITE_FOLDER = "assets/share"
CARD_SIZE = (1200, 630)
# WeChat takes an image of at least 300×300; 400 stays sharp at the 8rem it is shown at on a phone.
SQUARE_SIZE = 400
# The site's palette (content/assets/stylesheets/tekan.css).
RED = (179, 38, 30)
RED_DARK = (140, 29, 24)
GOLD = (246, 190, 60)
SURFACE = (247, 243, 242)
INK = (31, 31, 31)
MUTED = (89, 89, 89)
WHITE = (255, 255, 255)

# Debian's fonts-noto-cjk; fc-match finds them elsewhere (another distribution, a font installed by hand).
KNOWN_FONTS = {
    "bold": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc"),
    "regular": (
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    ),
}
FONT_FAMILY = "Noto Sans CJK SC"
FONT_MISSING = (
    "找不到中文字体 Noto Sans CJK，无法生成分享图片：请安装 Debian 软件包 fonts-noto-cjk"
    "（make build 会自动安装；或运行 sudo apt-get install fonts-noto-cjk）后再试。"
)


@dataclass(frozen=True)
class ShareText:
    """Everything one page's share images show."""

    title: str
    # The honour or kind of site; for an article, its section's subtitle.
    line: str
    # Unit and city; for an article, the issue's organisation.
    detail: str
    # The issue's label (2023 年度特刊) above the title, and its organisation and title at the card's foot.
    issue: str
    foot: str
    # The avatar's character and hue when there is no photo; an article draws its title instead.
    mark: str = ""
    hue: int = 0
    photo: Path | None = None
    article: bool = False


@dataclass(frozen=True)
class ShareImages:
    card: Thumbnail
    square: Thumbnail


@dataclass(frozen=True)
class Fonts:
    bold: Path
    bold_index: int
    regular: Path
    regular_index: int

    @property
    def key(self) -> str:
        return ":".join(f"{path}@{path.stat().st_size}#{index}" for path, index in self._faces())

    def _faces(self):
        return ((self.bold, self.bold_index), (self.regular, self.regular_index))

    def get(self, weight: str, size: int) -> ImageFont.FreeTypeFont:
        path, index = (self.bold, self.bold_index) if weight == "bold" else (self.regular, self.regular_index)
        return _font(str(path), index, size)


@functools.lru_cache(maxsize=64)
def _font(path: str, index: int, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size, index=index)


def _fc_match(pattern: str) -> list[Path]:
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return []
    return [Path(found.stdout.strip())] if found.returncode == 0 and found.stdout.strip() else []


def _simplified_face(path: Path) -> int | None:
    """The index of the Simplified Chinese face in a font collection (Noto's .ttc holds JP, KR, SC, TC, HK)."""
    for index in range(10):
        try:
            family = ImageFont.truetype(str(path), 20, index=index).getname()[0]
        except OSError:
            break
        if family == FONT_FAMILY:
            return index
    return None


def find_fonts() -> Fonts:
    """Noto Sans CJK SC, bold and regular; a Chinese error (as DataErrors, so the build stops cleanly) if absent."""
    faces = {}
    for weight, style in (("bold", "Bold"), ("regular", "Regular")):
        candidates = [Path(p) for p in KNOWN_FONTS[weight]] + _fc_match(f"{FONT_FAMILY}:style={style}")
        for path in candidates:
            index = _simplified_face(path) if path.is_file() else None
            if index is not None:
                faces[weight] = (path, index)
                break
        else:
            raise DataErrors([DataError("fonts-noto-cjk", message=FONT_MISSING)])
    return Fonts(*faces["bold"], *faces["regular"])


class ShareImageCache:
    """Draws each page's share images once and finds them again by the digest of what they show."""

    def __init__(self, cache_dir: Path, fonts: Fonts):
        self.cache_dir = Path(cache_dir)
        self.fonts = fonts
        self.drawn = 0
        self.reused = 0
        self._recipe = f"v{RECIPE_VERSION}-{Image.__version__}-{fonts.key}"

    def name(self, text: ShareText) -> str:
        fields = asdict(text)
        if text.photo is not None:
            # Cached thumbnails are named by their source's digest: the name stands for the photo's content.
            fields["photo"] = text.photo.name
        data = json.dumps([self._recipe, fields], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(data.encode()).hexdigest()[:20]

    def describe(self, text: ShareText) -> ShareImages:
        """Where the images of `text` are (or will be), on the site and in the cache."""
        name = self.name(text)
        return ShareImages(
            card=Thumbnail(
                f"{SITE_FOLDER}/{name}-{CARD_SIZE[0]}x{CARD_SIZE[1]}.jpg",
                self.cache_dir / f"{name}-card.jpg",
                *CARD_SIZE,
            ),
            square=Thumbnail(
                f"{SITE_FOLDER}/{name}-{SQUARE_SIZE}.jpg",
                self.cache_dir / f"{name}-square.jpg",
                SQUARE_SIZE,
                SQUARE_SIZE,
            ),
        )

    def images(self, text: ShareText) -> ShareImages:
        """The images of `text`, drawn now unless the cache has them."""
        images = self.describe(text)
        if images.card.path.is_file() and images.square.path.is_file():
            self.reused += 1
            return images
        square = draw_square(text, self.fonts)
        self._save(square, images.square.path)
        self._save(draw_card(text, square, self.fonts), images.card.path)
        self.drawn += 1
        return images

    def _save(self, image: Image.Image, target: Path) -> None:
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        # Write beside the target and rename, so an interrupted build never leaves half a file.
        handle, temporary = tempfile.mkstemp(dir=self.cache_dir, suffix=".jpg")
        os.close(handle)
        try:
            image.save(temporary, "JPEG", quality=82)
            os.replace(temporary, target)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)


def site_files(images: Iterable) -> dict[str, Path]:
    """Site URI -> cached file, for anything with a `card` and a `square`."""
    files: dict[str, Path] = {}
    for pair in images:
        for image in (pair.card, pair.square):
            files[image.uri] = image.path
    return files


# Drawing ----------------------------------------------------------------


def _hsl(hue: int, saturation: float, lightness: float) -> tuple[int, int, int]:
    red, green, blue = colorsys.hls_to_rgb(hue / 360, lightness, saturation)
    return round(red * 255), round(green * 255), round(blue * 255)


def _fit(fonts: Fonts, weight: str, text: str, width: int, largest: int, smallest: int):
    """The largest font size (down to `smallest`) at which `text` fits `width`, and the text, cut with … if need be."""
    size = largest
    while size > smallest and fonts.get(weight, size).getlength(text) > width:
        size -= 4
    font = fonts.get(weight, size)
    if font.getlength(text) > width:
        while text and font.getlength(text + "…") > width:
            text = text[:-1]
        text += "…"
    return font, text


def _wrap(font: ImageFont.FreeTypeFont, text: str, width: int, lines: int) -> list[str]:
    """Chinese text broken into at most `lines` lines of `width` pixels, character by character."""
    out: list[str] = []
    rest = text
    while rest and len(out) < lines:
        cut = len(rest)
        while cut > 1 and font.getlength(rest[:cut]) > width:
            cut -= 1
        out.append(rest[:cut])
        rest = rest[cut:]
    if rest:
        last = out[-1]
        while last and font.getlength(last + "…") > width:
            last = last[:-1]
        out[-1] = last + "…"
    return out


def draw_square(text: ShareText, fonts: Fonts) -> Image.Image:
    size = SQUARE_SIZE
    if text.photo is not None:
        with Image.open(text.photo) as photo:
            return ImageOps.fit(photo.convert("RGB"), (size, size), Image.Resampling.LANCZOS, centering=(0.5, 0.35))
    if text.article:
        image = Image.new("RGB", (size, size), RED)
        draw = ImageDraw.Draw(image)
        font = fonts.get("bold", 64)
        lines = _wrap(font, text.title, size - 80, 4)
        top = (size - 84 * len(lines)) // 2 - 10
        for number, line in enumerate(lines):
            draw.text((40, top + 84 * number), line, font=font, fill=WHITE)
        draw.rectangle((40, size - 48, 140, size - 40), fill=GOLD)
        return image
    image = Image.new("RGB", (size, size), _hsl(text.hue, 0.45, 0.36))
    draw = ImageDraw.Draw(image)
    draw.text((size / 2, size / 2), text.mark, font=fonts.get("bold", 200), fill=WHITE, anchor="mm")
    return image


def draw_card(text: ShareText, square: Image.Image, fonts: Fonts) -> Image.Image:
    width, height = CARD_SIZE
    image = Image.new("RGB", CARD_SIZE, SURFACE)
    draw = ImageDraw.Draw(image)
    # The union's red down the left, the square on it, a gold foot under the text.
    draw.rectangle((0, 0, 460, height), fill=RED)
    image.paste(square, (30, (height - SQUARE_SIZE) // 2))
    left, right = 510, width - 50
    room = right - left
    draw.text((left, 60), text.issue, font=_fit(fonts, "regular", text.issue, room, 30, 22)[0], fill=MUTED)
    font, title = _fit(fonts, "bold", text.title, room, 76, 48)
    draw.text((left, 120), title, font=font, fill=INK)
    if text.line:
        font, line = _fit(fonts, "bold", text.line, room, 40, 28)
        draw.text((left, 250), line, font=font, fill=RED_DARK)
    if text.detail:
        font = fonts.get("regular", 34)
        for number, line in enumerate(_wrap(font, text.detail, room, 3)):
            draw.text((left, 330 + 52 * number), line, font=font, fill=INK)
    draw.rectangle((460, height - 70, width, height), fill=GOLD)
    font, foot = _fit(fonts, "bold", text.foot, room, 28, 22)
    draw.text((left, height - 35), foot, font=font, fill=RED_DARK, anchor="lm")
    return image
