"""Reader reach from prepare_build over a project copy (here, not in tests/unit: it draws every share image
twice): share images and QR codes, articles' models, the footer's settings and the unset-address warning."""

from __future__ import annotations

import contextlib
import json
import os
import re
import time

import pytest
import zxingcpp
from PIL import Image, ImageChops, ImageDraw, ImageStat

from support import copy_project
from tekan import publish
from tekan.errors import DataErrors
from tekan.pages import sharecards, sharedraw, sharing
from tekan.pages.footer import SiteFooter, footer_notices
from tekan.pages.prepare import prepare_build
from tekan.settings import read_settings

SITE_URL = "https://example.cn/tekan/"


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("reach"))
    return project, prepare_build(project, project / "content", SITE_URL)


def entry_share(prepared, uri):
    return prepared.pages[uri].context.share


def mean_difference(image, path) -> float:
    with Image.open(path) as other:
        other = other.convert("RGB").resize(image.size, Image.Resampling.BOX)
        return sum(ImageStat.Stat(ImageChops.difference(image, other)).mean) / 3


def test_every_entry_and_article_has_its_own_card_and_square(prepared):
    project, built = prepared
    entries = [spec for spec in built.pages.values() if spec.page_kind.value == "entry"]
    shares = [spec.context.share for spec in entries] + [article.share for article in built.articles.values()]
    assert len(built.articles) == len(list(project.glob("content/2023/*.md"))) == 3
    for share in shares:
        with Image.open(share.card.path) as card, Image.open(share.square.path) as square:
            # Open Graph's large preview at its smallest (docs/benchmarks.md says why); WeChat's ≥ 300×300 square.
            assert card.size == (600, 315) and square.size == (400, 400)
        assert built.share_images[share.card.uri] == share.card.path
        assert built.share_images[share.square.uri] == share.square.path
    # Each card is its own picture (name, honour, unit), not one image shared by all.
    assert len({share.card.path.read_bytes() for share in shares}) == len(shares)
    li_ming = entry_share(built, "2023/workers/li-ming/index.md")
    assert li_ming.square_alt == "李明的头像"
    # The entry's og:image is its card.
    assert built.pages["2023/workers/li-ming/index.md"].seo.image == SITE_URL + li_ming.card.uri


def test_a_photo_is_the_square_and_sits_on_the_card(prepared):
    _, built = prepared
    share = entry_share(built, "2023/workers/shili-dungou-banzu/index.md")
    assert share.square_alt == "示例隧道盾构班组的照片"
    avatar = entry_share(built, "2023/workers/li-ming/index.md")
    with Image.open(share.card.path) as card:
        # The card shows the square at half size at (15, 57): the same pixels give or take JPEG's rounding and the
        # halving, unlike another's.
        pasted = card.convert("RGB").crop((15, 57, 215, 257))
    assert mean_difference(pasted, share.square.path) < 4 < 20 < mean_difference(pasted, avatar.square.path)


def prepared_with_li_ming_changed(project, old: str, new: str):
    """The build prepared with one line of 李明's entry changed; the file is put back afterwards (the project is
    shared by the module's tests)."""
    entry = project / "data/2023/workers/li-ming.yml"
    original = entry.read_text(encoding="utf-8")
    assert old in original
    entry.write_text(original.replace(old, new), encoding="utf-8")
    try:
        return prepare_build(project, project / "content", SITE_URL)
    finally:
        entry.write_text(original, encoding="utf-8")


def test_a_rebuild_draws_nothing_and_a_changed_name_redraws_only_its_entry(prepared, tmp_path):
    project, built = prepared
    stamps = {path: path.stat().st_mtime_ns for path in (project / ".cache/share").iterdir()}
    again = prepare_build(project, project / "content", SITE_URL)
    assert (again.share_images_drawn, again.share_images_reused) == (0, built.share_images_drawn)
    assert {path: path.stat().st_mtime_ns for path in (project / ".cache/share").iterdir()} == stamps
    changed = prepared_with_li_ming_changed(project, "name: 李明", "name: 李明亮")
    assert changed.share_images_drawn == 1
    new = entry_share(changed, "2023/workers/li-ming/index.md")
    assert new.card.uri != entry_share(built, "2023/workers/li-ming/index.md").card.uri


def test_a_changed_unit_redraws_only_that_entrys_card_and_keeps_its_square(prepared):
    project, built = prepared
    changed = prepared_with_li_ming_changed(project, "unit: 示例精密机械有限公司", "unit: 示例精密仪器有限公司")
    assert changed.share_images_drawn == 1
    old, new = (
        entry_share(built, "2023/workers/li-ming/index.md"),
        entry_share(changed, "2023/workers/li-ming/index.md"),
    )
    assert new.card.uri != old.card.uri and new.square == old.square
    assert new.card.path.is_file()


def test_entries_with_the_same_avatar_share_one_square_file(tmp_path):
    cache = sharecards.ShareImageCache(tmp_path, sharecards.find_fonts())
    issue = ("2023 年度特刊 · 干在实处 走在前列", "广东省总工会")
    li_ming = sharecards.ShareText("李明", "广东省劳动模范", "示例精密机械有限公司 · 广州市", *issue, mark="明", hue=12)
    zhou_ming = sharecards.ShareText("周明", "广东省劳动模范", "示例港务有限公司 · 湛江市", *issue, mark="明", hue=12)
    other = sharecards.ShareText("王芳", "广东省劳动模范", "示例港务有限公司 · 湛江市", *issue, mark="芳", hue=12)
    cache.draw_missing(cache.missing([li_ming, zhou_ming, other]))
    first, second, third = (cache.describe(text) for text in (li_ming, zhou_ming, other))
    # Both pages name the one square (their first image); each has its own card.
    assert first.square.uri == second.square.uri != third.square.uri
    assert len({first.card.uri, second.card.uri, third.card.uri}) == 3
    assert sorted(path.name for path in tmp_path.glob("*-square.png")) == sorted(
        {first.square.path.name, third.square.path.name}
    )
    assert len(list(tmp_path.glob("*-card.jpg"))) == 3


def test_an_avatar_square_is_its_colour_with_the_character_in_white(tmp_path):
    cache = sharecards.ShareImageCache(tmp_path, sharecards.find_fonts())
    text = sharecards.ShareText("李明", "", "", "2023 年度特刊", "广东省总工会", mark="明", hue=200)
    cache.draw_missing([text])
    with Image.open(cache.describe(text).square.path) as square:
        colours = square.convert("RGB").getcolors()
    by_count = [colour for _, colour in sorted(colours, reverse=True)]
    # Mostly the avatar's colour (hsl(200 45% 36%), as the page draws it), then white (the character),
    # with a few shades between for smooth edges.
    assert by_count[:2] == [(50, 106, 133), (255, 255, 255)] and len(colours) <= sharecards.DRAWN_SQUARE_COLOURS
    white = dict((colour, count) for count, colour in colours)[(255, 255, 255)]
    assert 0.1 < white / (400 * 400) < 0.5


def test_the_drawing_workers_yield_the_cpu_to_the_build(tmp_path):
    """On two cores the pages' rendering is what the build waits for: the drawing runs at a lower priority."""
    cache = sharecards.ShareImageCache(tmp_path, sharecards.find_fonts())
    texts = [
        sharecards.ShareText(f"李明{n}", "", "", "2023 年度特刊", "广东省总工会", mark="明", hue=n) for n in range(300)
    ]
    drawing = sharedraw.ShareDrawing.start(cache, texts, processes=1)
    (worker,) = drawing.workers
    seen = set()
    while worker.process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            seen.add(os.getpriority(os.PRIO_PROCESS, worker.process.pid))
        time.sleep(0.005)
    drawing.wait()
    # Niceness stops at 19 (when the tests themselves run under `nice`).
    assert min(os.getpriority(os.PRIO_PROCESS, 0) + sharedraw.DRAWING_NICENESS, 19) in seen
    assert len(list(tmp_path.glob("*-card.jpg"))) == 300


def qr_modules(code: sharing.QrCode, scale: int = 8) -> Image.Image:
    """The QR code as the page's SVG path draws it: each run of dark modules along a row, black on white."""
    image = Image.new("L", (code.size * scale, code.size * scale), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0
    for move, dx, dy, length in re.findall(r"([Mm])(-?\d+) (-?\d+)(?:\.5)?h(\d+)", code.path):
        x, y = (int(dx), int(dy)) if move == "M" else (x + int(dx), y + int(dy))
        draw.rectangle((x * scale, y * scale, (x + int(length)) * scale - 1, (y + 1) * scale - 1), fill=0)
        x += int(length)
    return image


def test_the_qr_code_reads_as_the_canonical_address(prepared):
    _, built = prepared
    share = entry_share(built, "2023/workers/li-ming/index.md")
    assert share.url == SITE_URL + "2023/workers/li-ming/"
    # What the path draws is read back by a QR reader (and by a phone's: tests/browser/test_reach_browser.py).
    (barcode,) = zxingcpp.read_barcodes(qr_modules(share.qr))
    assert (barcode.format, barcode.text, barcode.ec_level) == (zxingcpp.BarcodeFormat.QRCode, share.url, "M")
    # The 33×33 code of this address (version 4) inside a quiet zone of 2 modules on each side.
    assert share.qr.size == 37 and qr_modules(share.qr, 1).point(lambda v: 255 - v).getbbox() == (2, 2, 35, 35)


def test_qr_codes_are_kept_in_one_cache_file_per_site_address(prepared):
    project, built = prepared
    (cache_file,) = (project / ".cache/share").glob("qr-codes-*.json")
    codes = json.loads(cache_file.read_text(encoding="utf-8"))["codes"]
    share = entry_share(built, "2023/workers/li-ming/index.md")
    assert codes[share.url] == [share.qr.size, share.qr.path]
    assert len(codes) == len([spec for spec in built.pages.values() if spec.page_kind.value == "entry"]) + 3


def test_articles_carry_their_date_source_and_json_ld(prepared):
    _, built = prepared
    article = built.articles["2023/sixiang-yinling.md"]
    assert article.url == "2023/sixiang-yinling/"
    assert (article.title, article.headline) == ("思想引领", "思想引领：筑牢职工思想之基")
    assert article.source == "广东省总工会 · 新快报《干在实处 走在前列》特刊"
    assert (article.date, article.date_label) == ("2023", "2023 年")
    assert [(crumb.title, crumb.url) for crumb in article.crumbs] == [("2023 年度特刊", "2023/")]
    assert article.seo.og_type == "article" and article.seo.canonical == SITE_URL + "2023/sixiang-yinling/"
    data = json.loads(str(article.seo.json_ld))
    assert data["@type"] == "Article" and data["headline"] == "思想引领：筑牢职工思想之基"
    assert data["datePublished"] == "2023" and data["publisher"] == {"@type": "Organization", "name": "广东省总工会"}
    assert data["image"] == article.seo.image == SITE_URL + article.share.card.uri


def test_an_articles_front_matter_date_and_source_win(tmp_path):
    project = copy_project(tmp_path / "project")
    path = project / "content/2023/zhudong-zuowei.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n", "---\ndate: 2023-12-01\nsource: 新快报 A12 版\n", 1), encoding="utf-8")
    article = prepare_build(project, project / "content", SITE_URL).articles["2023/zhudong-zuowei.md"]
    assert (article.date, article.date_label, article.source) == ("2023-12-01", "2023 年 12 月 1 日", "新快报 A12 版")


def test_without_a_cjk_font_the_build_stops_with_one_chinese_line(monkeypatch):
    monkeypatch.setattr(sharecards, "KNOWN_FONTS", {"bold": ("/nowhere/a.ttc",), "regular": ("/nowhere/b.ttc",)})
    monkeypatch.setattr(sharecards, "_fc_match", lambda pattern: [])
    with pytest.raises(DataErrors) as raised:
        sharecards.find_fonts()
    assert raised.value.report().splitlines() == [
        "fonts-noto-cjk 找不到中文字体 Noto Sans CJK，无法生成分享图片：请安装 Debian 软件包 fonts-noto-cjk"
        "（make build 会自动安装；或运行 sudo apt-get install fonts-noto-cjk）后再试。",
        "共 1 处错误，请按提示修改后再试。",
    ]


def test_the_footer_reads_filing_numbers_and_links_the_record():
    settings = read_settings(
        {"icp": "粤ICP备12345678号-1", "gongan": " 粤公网安备 44010602000001号", "sponsor": "广东省总工会"}
    )
    footer = SiteFooter.from_settings(settings)
    assert footer.gongan == "粤公网安备 44010602000001号" and footer.icp_url == "https://beian.miit.gov.cn/"
    assert footer.gongan_url == "http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=44010602000001"
    assert footer_notices(footer) == []


def test_without_filing_numbers_the_footer_shows_none_and_the_build_says_so():
    footer = SiteFooter.from_settings(read_settings(None))
    assert (footer.icp, footer.gongan) == ("", "")
    assert footer_notices(footer) == [
        "页脚没有 ICP 备案号：在中国大陆发布前，请在 mkdocs.yml 的 extra.tekan.icp 填写，如「粤ICP备…号」。",
        "页脚没有公网安备号：如已办理，请在 mkdocs.yml 的 extra.tekan.gongan 填写，如「粤公网安备 44…号」。",
    ]


@pytest.mark.parametrize(
    ("settings", "line"),
    [
        (
            {"gongan": "粤公网安备"},
            "mkdocs.yml extra.tekan.gongan：页脚的公网安备号应含备案编号的数字，实际为「粤公网安备」；"
            "请照备案证书填写，如「粤公网安备 44010602000001号」。",
        ),
        (
            {"icp": 12345678},
            "mkdocs.yml extra.tekan.icp：页脚的 ICP 备案号，应为一行文字，实际为「12345678」；请用引号括起来。",
        ),
    ],
)
def test_a_wrong_footer_setting_names_the_field_and_the_fix(settings, line):
    with pytest.raises(DataErrors) as raised:
        read_settings(settings)
    assert raised.value.report().splitlines()[0] == line


def test_an_unset_site_address_is_warned_about():
    assert publish.site_url_notice({}) == publish.SITE_URL_NOTICE
    assert "TEKAN_SITE_URL" in publish.SITE_URL_NOTICE and "127.0.0.1" in publish.SITE_URL_NOTICE
    assert publish.site_url_notice({"TEKAN_SITE_URL": "https://www.example.gov.cn/tekan/"}) == ""
