"""Share images drawn at build time: a 600×315 card for link previews and a square for WeChat.

A link shared in WeChat shows the first image on the page of at least 300×300
pixels, not `og:image`; other apps show `og:image`. So every entry and article
gets both: a square (its photo, its avatar, or its title on the union's red),
shown at the top of the page, and a card with the square, the name, the honour
or kind, the unit and city and the issue's title, in the site's colours.

Each card is named by a digest of everything drawn on it (the text, the photo's
own content digest, the font files and this recipe), each square by a digest of
what it shows alone (so entries with the same avatar share one), kept in
`.cache/share/`, and drawn again only when that changes. Plain Python and Pillow, no MkDocs; the
font is Debian's Noto Sans CJK (package fonts-noto-cjk), never fetched at build time.
"""

from __future__ import annotations

import colorsys
import functools
import hashlib
import json
import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

from tekan.dataset.photos import Thumbnail
from tekan.errors import DataError, DataErrors
from tekan.files import replaced_on_success

# Bump when the drawing changes, so that cached images are drawn again.
RECIPE_VERSION = 5
SITE_FOLDER = "assets/share"
# Open Graph's smallest large preview, the Facebook and X minimum: a 1200×630 card took three quarters of a cold
# 10,000-entry build's drawing (text and JPEG cost grow with the pixels), and WeChat does not show it at all.
CARD_SIZE = (600, 315)
# On the card: the red band on the left, the square on it, and the text's left edge and width.
CARD_RED_WIDTH = 230
CARD_SQUARE = 200
CARD_LEFT = 255
CARD_ROOM = CARD_SIZE[0] - 25 - CARD_LEFT
# WeChat takes an image of at least 300×300; 400 stays sharp at the 8rem it is shown at on a phone.
SQUARE_SIZE = 400
JPEG_QUALITY = 82
# A drawn square (an avatar, an article's title) is a few flat colours: as a 16-colour PNG it is a quarter of its
# JPEG (an article's 23 KB -> 6 KB), and the square is part of every entry and article page's first view.
# An avatar is one colour and white: it is drawn straight as 16 shades between the two, which is exact and
# ten times quicker than quantising the RGB drawing (6,000 avatars at 10,000 entries: 27 ms -> 2.5 ms each).
DRAWN_SQUARE_COLOURS = 16
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
    """Where each page's share images are, named by the digest of what they show, and drawing them.

    Names are cheap and known at once (the page's HTML needs only them); drawing is slow and is done
    by `draw_missing`, in this process or in the background (tekan/pages/sharedraw.py). A square
    is named by what it shows alone, so the thousands of entries with the same avatar (character
    and colour) and no photo share one file.
    """

    def __init__(self, cache_dir: Path, fonts: Fonts):
        self.cache_dir = Path(cache_dir)
        self.fonts = fonts
        self._recipe = f"v{RECIPE_VERSION}-{Image.__version__}-{fonts.key}"
        # Card backgrounds (colours, the issue's label and foot) by their text, drawn once per process.
        self._backgrounds: dict[tuple[str, str], Image.Image] = {}
        self._painter = TextPainter(fonts)
        self._described: dict[ShareText, ShareImages] = {}
        # The page being drawn, for an error to name it.
        self.drawing: ShareText | None = None

    def _digest(self, fields) -> str:
        data = json.dumps([self._recipe, fields], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(data.encode()).hexdigest()[:20]

    def square_name(self, text: ShareText) -> str:
        if text.photo is not None:
            # Cached thumbnails are named by their source's digest: the name stands for the photo's content.
            return self._digest(["photo", text.photo.name])
        if text.article:
            return self._digest(["article", text.title])
        return self._digest(["avatar", text.mark, text.hue])

    @staticmethod
    def square_format(text: ShareText) -> str:
        """A photo's square is a JPEG; a drawn one a PNG."""
        return "jpg" if text.photo is not None else "png"

    def name(self, text: ShareText) -> str:
        values = {field.name: getattr(text, field.name) for field in fields(text)}
        if text.photo is not None:
            values["photo"] = text.photo.name
        return self._digest(values)

    def describe(self, text: ShareText) -> ShareImages:
        """Where the images of `text` are (or will be), on the site and in the cache."""
        images = self._described.get(text)
        if images is None:
            images = self._described[text] = self._describe(text)
        return images

    def _describe(self, text: ShareText) -> ShareImages:
        name, square, square_format = self.name(text), self.square_name(text), self.square_format(text)
        return ShareImages(
            card=Thumbnail(
                f"{SITE_FOLDER}/{name}-{CARD_SIZE[0]}x{CARD_SIZE[1]}.jpg",
                self.cache_dir / f"{name}-card.jpg",
                *CARD_SIZE,
            ),
            square=Thumbnail(
                f"{SITE_FOLDER}/{square}-{SQUARE_SIZE}.{square_format}",
                self.cache_dir / f"{square}-square.{square_format}",
                SQUARE_SIZE,
                SQUARE_SIZE,
            ),
        )

    # What the folder's images end in (it also holds the QR codes' cache, which keeps itself: sharing.py).
    IMAGE_SUFFIXES = (".jpg", ".png")

    def used_names(self) -> set[str]:
        """The cache files of every text described so far: the images this build's pages show."""
        return {image.path.name for images in self._described.values() for image in (images.card, images.square)}

    def missing(self, texts: Iterable[ShareText]) -> list[ShareText]:
        """The texts whose card or square is not in the cache yet, each card once."""
        wanted: dict[Path, ShareText] = {}
        for text in texts:
            images = self.describe(text)
            if images.card.path not in wanted and not (images.card.path.is_file() and images.square.path.is_file()):
                wanted[images.card.path] = text
        return list(wanted.values())

    def draw_missing(self, texts: Iterable[ShareText]) -> None:
        """Draw and save every image of `texts` not in the cache; a square shared by several cards is drawn once
        and kept in memory only while its cards are drawn."""
        by_square: dict[Path, list[ShareText]] = {}
        for text in texts:
            by_square.setdefault(self.describe(text).square.path, []).append(text)
        for path, group in by_square.items():
            self.drawing = group[0]
            # As the card shows it (a box filter: a quarter of the pixels, sharp).
            on_card = self._square(group[0], path).convert("RGB").reduce(SQUARE_SIZE // CARD_SQUARE)
            for text in group:
                self.drawing = text
                card = self.describe(text).card.path
                if not card.is_file():
                    self._save(self._card(text, on_card), card)
        self.drawing = None

    def _square(self, text: ShareText, path: Path) -> Image.Image:
        try:
            with Image.open(path) as cached:
                return cached.convert("RGB")
        except FileNotFoundError:
            square = draw_square(text, self._painter)
            self._save(square, path)
            return square

    def _card(self, text: ShareText, square: Image.Image) -> Image.Image:
        key = (text.issue, text.foot)
        if key not in self._backgrounds:
            self._backgrounds[key] = draw_card_background(text, self._painter)
        return draw_card(text, square, self._painter, self._backgrounds[key])

    def _save(self, image: Image.Image, target: Path) -> None:
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        with replaced_on_success(target) as temporary:
            if target.suffix == ".png":
                # zlib's fastest level: 0.8 ms a square instead of 2 ms (default) or 11 ms (`optimize`), for a
                # file of 3.4 KB instead of 2.8 KB; thousands are drawn in a cold build, a page shows one.
                paletted = image if image.mode == "P" else image.quantize(DRAWN_SQUARE_COLOURS)
                paletted.save(temporary, "PNG", compress_level=1)
            else:
                image.save(temporary, "JPEG", quality=JPEG_QUALITY)
            # Readable by the web server: the site links to this very file (mkstemp makes it private).
            os.chmod(temporary, 0o644)


def site_files(images: Iterable) -> dict[str, Path]:
    """Site URI -> cached file, for anything with a `card` and a `square`."""
    files: dict[str, Path] = {}
    for pair in images:
        for image in (pair.card, pair.square):
            files[image.uri] = image.path
    return files


# Drawing ----------------------------------------------------------------


class TextPainter:
    """Text drawn from glyphs rasterised once per font and size, and kept.

    FreeType takes about 0.1 ms for each glyph of Noto's CFF outlines, whatever its size, and a card
    has thirty or so; ten thousand cards repeat the same few thousand characters. Chinese text needs
    no shaping: a glyph follows the previous one by its advance, as in Pillow's basic layout.
    """

    def __init__(self, fonts: Fonts):
        self.fonts = fonts
        self._glyphs: dict[tuple[str, int, str], tuple[float, tuple[int, int], Image.Image | None]] = {}

    def _glyph(self, weight: str, size: int, char: str):
        key = (weight, size, char)
        glyph = self._glyphs.get(key)
        if glyph is None:
            font = self.fonts.get(weight, size)
            left, top, right, bottom = (int(edge) for edge in font.getbbox(char))
            mask = None
            if right > left and bottom > top:
                mask = Image.new("L", (right - left, bottom - top))
                ImageDraw.Draw(mask).text((-left, -top), char, font=font, fill=255)
            glyph = self._glyphs[key] = (font.getlength(char), (left, top), mask)
        return glyph

    def length(self, weight: str, size: int, text: str) -> float:
        return sum(self._glyph(weight, size, char)[0] for char in text)

    def draw(self, image: Image.Image, xy: tuple[int, int], weight: str, size: int, text: str, fill) -> None:
        """`text` with its top-left (ascender line) at `xy`."""
        x, y = xy
        for char in text:
            advance, (left, top), mask = self._glyph(weight, size, char)
            if mask is not None:
                image.paste(fill, (round(x) + left, y + top), mask)
            x += advance

    def fit(self, weight: str, text: str, width: int, largest: int, smallest: int) -> tuple[int, str]:
        """The largest size (down to `smallest`) at which `text` fits `width`, and the text, cut with … if need be."""
        size = largest
        while size > smallest and self.length(weight, size, text) > width:
            size -= 2
        if self.length(weight, size, text) > width:
            while text and self.length(weight, size, text + "…") > width:
                text = text[:-1]
            text += "…"
        return size, text

    def wrap(self, weight: str, size: int, text: str, width: int, lines: int) -> list[str]:
        """Chinese text broken into at most `lines` lines of `width` pixels, character by character."""
        out: list[str] = []
        line, room = "", width
        for char in text:
            advance = self._glyph(weight, size, char)[0]
            if line and advance > room:
                out.append(line)
                line, room = "", width
            line, room = line + char, room - advance
        out.append(line)
        if len(out) > lines:
            last = out[lines - 1]
            while last and self.length(weight, size, last + "…") > width:
                last = last[:-1]
            out = [*out[: lines - 1], last + "…"]
        return out


def _hsl(hue: int, saturation: float, lightness: float) -> tuple[int, int, int]:
    red, green, blue = colorsys.hls_to_rgb(hue / 360, lightness, saturation)
    return round(red * 255), round(green * 255), round(blue * 255)


def draw_square(text: ShareText, painter: TextPainter) -> Image.Image:
    size = SQUARE_SIZE
    if text.photo is not None:
        with Image.open(text.photo) as photo:  # the entry page's largest thumbnail (tekan/dataset/photos.py)
            return ImageOps.fit(photo.convert("RGB"), (size, size), Image.Resampling.LANCZOS, centering=(0.5, 0.35))
    if text.article:
        image = Image.new("RGB", (size, size), RED)
        lines = painter.wrap("bold", 64, text.title, size - 80, 4)
        top = (size - 84 * len(lines)) // 2 - 10
        for number, line in enumerate(lines):
            painter.draw(image, (40, top + 84 * number), "bold", 64, line, WHITE)
        ImageDraw.Draw(image).rectangle((40, size - 48, 140, size - 40), fill=GOLD)
        return image
    # The avatar's character, white in the middle of its colour (Pillow's "mm" anchor, from the cached glyph),
    # drawn as coverage and turned into DRAWN_SQUARE_COLOURS shades from the colour to white.
    coverage = Image.new("L", (size, size), 0)
    width = painter.length("bold", 200, text.mark)
    ascender, descender = painter.fonts.get("bold", 200).getmetrics()
    painter.draw(coverage, (round((size - width) / 2), (size - ascender - descender) // 2), "bold", 200, text.mark, 255)
    top = DRAWN_SQUARE_COLOURS - 1
    image = coverage.point(lambda value: (value * top + 127) // 255).convert("P")
    colour = _hsl(text.hue, 0.45, 0.36)
    image.putpalette(
        [round(c + (w - c) * shade / top) for shade in range(top + 1) for c, w in zip(colour, WHITE, strict=True)]
    )
    return image


def draw_card_background(text: ShareText, painter: TextPainter) -> Image.Image:
    """What every card of one issue shares: the colours, the issue's label above and its foot below."""
    width, height = CARD_SIZE
    image = Image.new("RGB", CARD_SIZE, SURFACE)
    draw = ImageDraw.Draw(image)
    # The union's red down the left, a gold foot under the text.
    draw.rectangle((0, 0, CARD_RED_WIDTH, height), fill=RED)
    painter.draw(
        image, (CARD_LEFT, 30), "regular", painter.fit("regular", text.issue, CARD_ROOM, 15, 11)[0], text.issue, MUTED
    )
    draw.rectangle((CARD_RED_WIDTH, height - 35, width, height), fill=GOLD)
    size, foot = painter.fit("bold", text.foot, CARD_ROOM, 14, 11)
    painter.draw(image, (CARD_LEFT, height - 26), "bold", size, foot, RED_DARK)
    return image


def draw_card(text: ShareText, square: Image.Image, painter: TextPainter, background: Image.Image | None = None):
    """The card: its issue's background, the square (at CARD_SQUARE pixels) on the red, the name, the honour or kind,
    unit and city."""
    image = (background or draw_card_background(text, painter)).copy()
    image.paste(square, (15, (CARD_SIZE[1] - CARD_SQUARE) // 2))
    size, title = painter.fit("bold", text.title, CARD_ROOM, 38, 24)
    painter.draw(image, (CARD_LEFT, 60), "bold", size, title, INK)
    if text.line:
        size, line = painter.fit("bold", text.line, CARD_ROOM, 20, 14)
        painter.draw(image, (CARD_LEFT, 125), "bold", size, line, RED_DARK)
    for number, line in enumerate(painter.wrap("regular", 17, text.detail, CARD_ROOM, 3) if text.detail else []):
        painter.draw(image, (CARD_LEFT, 165 + 26 * number), "regular", 17, line, INK)
    return image
