"""The link check's shortcuts must give exactly what the straightforward code gives:
urllib's join for relative URLs, and reading every attribute of every element for the page scan."""

from __future__ import annotations

import random
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from tekan.checks.htmlscan import SCRIPT_TYPES, URL_ATTRIBUTES, scan_page, srcset_urls
from tekan.checks.links import _join_relative

PIECES = [
    "..",
    ".",
    "",
    "a",
    "b",
    "index.html",
    "x y",
    "?q=1",
    "#f",
    "#",
    "?",
    "//",
    "/",
    "../",
    "./",
    "a/",
    "%20",
    ";p",
    "c:d",
    "http:",
    "~u",
    "?a/../b",
    "#x/../y",
    "中文",
]
PAGES = ["index.html", "", "2023/index.html", "2023/workers/a/index.html", "a/b/c/d/index.html", "x.html", "a/"]


def test_relative_urls_resolve_exactly_as_urllib_does():
    chooser = random.Random(7)
    compared = 0
    for _ in range(6000):
        url = "".join(chooser.choice(PIECES) + chooser.choice(["", "/"]) for _ in range(chooser.randint(0, 6)))
        base = chooser.choice(["/", "/tekan/", "/a/b/"]) + chooser.choice(PAGES)
        fast = _join_relative(base, url)
        if fast is None:
            continue
        compared += 1
        slow = urlsplit(urljoin("http://example.cn" + base, url))
        assert (slow.netloc, slow.path, slow.query, slow.fragment) == (
            "example.cn",
            fast.path,
            fast.query,
            fast.fragment,
        ), (base, url)
    assert compared > 3000


def test_urls_with_a_scheme_or_host_are_left_to_urllib():
    for url in ["https://example.cn/", "//cdn.example.cn/a.js", "mailto:a@b.cn", "javascript:x", "a;b", "a%20b", "c:d"]:
        assert _join_relative("/2023/index.html", url) is None


def _reference_scan(html: str) -> tuple:
    """Every attribute of every element, as the scan read pages before it skipped elements without URLs."""
    references, anchors, scripts = [], set(), []
    for node in LexborHTMLParser(html).root.traverse():
        tag, values = node.tag, {name: value or "" for name, value in node.attributes.items()}
        if values.get("id"):
            anchors.add(values["id"])
        if tag == "a" and values.get("name"):
            anchors.add(values["name"])
        for attribute in URL_ATTRIBUTES.get(tag, ()):
            if attribute in values:
                urls = srcset_urls(values[attribute]) if attribute == "srcset" else [values[attribute].strip()]
                references += [(tag, attribute, url) for url in urls]
        if tag == "script" and "src" not in values and values.get("type", "").strip().lower() in SCRIPT_TYPES:
            scripts.append(node.text(deep=True))
    return references, anchors, scripts


def test_page_scan_reads_what_reading_every_attribute_reads(built_site):
    pages = sorted(built_site.rglob("*.html"))
    tricky = (
        '<svg><use href="#x"/><image href="a.png"/></svg><a name="n" id="q" href="b/">x</a><p id="i">y</p>'
        '<p id="">e</p><p id>f</p><script id="s">1</script><script type="module">2</script>'
        '<script type="application/json">{}</script><img id="m" srcset="a.png 1x, b.png 2x">'
        '<object data="o.swf"></object><div name="z" id="d"></div><a href="c/"><img src="d.png" id="e"></a>'
    )
    for html in [page.read_text(encoding="utf-8") for page in pages] + [tricky]:
        scan = scan_page(html, "x")
        got = ([(r.element, r.attribute, r.url) for r in scan.references], scan.anchors, scan.inline_scripts)
        assert got == _reference_scan(html)


def test_references_that_share_an_outcome_resolve_to_the_same_place():
    """The link check works out one outcome per key; every (page, URL) with that key must land alike."""
    from collections import defaultdict

    from tekan.checks.links import _outcome_key

    chooser = random.Random(11)
    folders = [
        "",
        "2023",
        "2023/workers",
        "2023/workers/li-ming",
        "2023/workers/wang-fang",
        "2023/cities/guangzhou",
        "2023/cities/guangzhou/workers",
        "2023/cities/guangzhou/workers/page/2",
        "2024/sites/x",
    ]
    landings = defaultdict(set)
    for _ in range(20000):
        page = "/".join(filter(None, [chooser.choice(folders), "index.html"]))
        url = "../" * chooser.randint(0, 5) + "".join(chooser.choice(PIECES) for _ in range(chooser.randint(0, 3)))
        resolved = urlsplit(urljoin("http://example.cn/tekan/" + page, url))
        landings[_outcome_key(page, url)].add((resolved.netloc, resolved.path, resolved.query, resolved.fragment))
    assert all(len(places) == 1 for places in landings.values()), [
        (key, places) for key, places in landings.items() if len(places) > 1
    ][:3]
    assert len(landings) < 15000  # and keys are shared: not one per reference


def test_a_large_site_read_on_two_cores_gives_what_reading_each_page_gives(tmp_path):
    from tekan.checks.htmlscan import PARALLEL_MIN_PAGES, scan_site

    for number in range(PARALLEL_MIN_PAGES + 100):
        folder = tmp_path / f"p{number // 50}" / f"{number}"
        folder.mkdir(parents=True)
        (folder / "index.html").write_text(
            f'<h1 id="h{number}">{number}</h1><a href="../{number + 1}/#h{number + 1}">next</a>'
            f'<img src="a{number % 7}.png" srcset="a.png 1x, b{number}.png 2x"><script>var n = {number};</script>',
            encoding="utf-8",
        )
    scans = scan_site(tmp_path)
    files = sorted(tmp_path.rglob("*.html"))
    assert list(scans) == [file.relative_to(tmp_path).as_posix() for file in files]
    assert list(scans.values()) == [scan_page(file.read_bytes(), path) for file, path in zip(files, scans, strict=True)]
