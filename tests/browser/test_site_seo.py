"""Sharing data: JSON-LD that cannot break out of its element, and link previews that use an entry's photo."""

from __future__ import annotations

import json

from site_html import json_ld, meta_content, read_page
from tekan.pages.seo import json_for_script

SITE_URL = "http://127.0.0.1:8000/"


def test_json_ld_cannot_close_its_script_element():
    data = {"name": "</script><script>alert(1)</script>", "note": "a & b > c \u2028 d <!--"}
    text = str(json_for_script(data))
    assert not set("<>&\u2028") & set(text)
    assert json.loads(text) == data


def test_an_entry_with_a_photo_shares_its_own_card(built_site):
    page = read_page(built_site, "2023/workers/shili-dungou-banzu/")
    image = meta_content(page, property="og:image")
    assert image.startswith(SITE_URL + "assets/share/") and image.endswith("-600x315.jpg")
    width, height = (
        int(meta_content(page, property="og:image:width")),
        int(meta_content(page, property="og:image:height")),
    )
    assert (built_site / image.removeprefix(SITE_URL)).is_file() and (width, height) == (600, 315)
    (item,) = json_ld(page)
    assert item["@type"] == "Organization" and item["image"] == image
    assert meta_content(page, property="og:type") == "article"


def test_pages_other_than_entries_and_articles_share_the_default_image(built_site):
    for url in ("", "2023/stats/", "about/"):
        assert meta_content(read_page(built_site, url), property="og:image") == SITE_URL + "assets/images/share.png"
