"""Read a built site's HTML once: the links and assets each page refers to, the anchors it
offers, and its inline scripts. The link check and the `_headers` writer both work from this.

Parsed with Lexbor (through selectolax), an HTML5 parser that reads a page the way browsers
do and costs about 0.3 ms a page; Python's own html.parser took ten times as long.
Nothing here knows about MkDocs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from tekan.dataset.parallel import map_shared

# Attributes that make the browser fetch or navigate to a URL, by element.
URL_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "image": ("href",),
    "use": ("href",),
}
# Script types the browser executes; anything else (application/json, …) is a data block.
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
_SRCSET_URL = re.compile(r"[\s,]*(\S*)")


@dataclass(frozen=True)
class Reference:
    """One URL in one attribute of one element, as written in the page."""

    element: str
    attribute: str
    url: str


@dataclass
class PageScan:
    path: str  # relative to the site folder, with forward slashes
    references: list[Reference] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    inline_scripts: list[str] = field(default_factory=list)


def srcset_urls(value: str) -> list[str]:
    """The URLs of a srcset: each candidate is a URL (which may itself hold commas), then
    optional descriptors such as `2x` or `480w`, up to the next comma (HTML's own parsing rules)."""
    urls, position = [], 0
    while (match := _SRCSET_URL.match(value, position)) and (url := match.group(1)):
        position = match.end()
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            comma = value.find(",", position)
            position = len(value) if comma < 0 else comma + 1
        urls.append(url)
    return urls


# Elements whose attributes are read in full; of every other element only its id (most of a page).
_READ_IN_FULL = frozenset(URL_ATTRIBUTES) | {"script"}


def scan_page(html: str | bytes, path: str) -> PageScan:
    scan = PageScan(path)
    root = LexborHTMLParser(html).root
    if root is None:  # nothing to scan in an empty document
        return scan
    for node in root.traverse():
        tag = node.tag
        if tag not in _READ_IN_FULL:
            if node_id := node.id:
                scan.anchors.add(node_id)
            continue
        values = {name: value or "" for name, value in node.attributes.items()}
        if values.get("id"):
            scan.anchors.add(values["id"])
        if tag == "a" and values.get("name"):
            scan.anchors.add(values["name"])
        for attribute in URL_ATTRIBUTES.get(tag, ()):
            if attribute in values:
                value = values[attribute]
                urls = srcset_urls(value) if attribute == "srcset" else [value.strip()]
                scan.references.extend(Reference(tag, attribute, url) for url in urls)
        if tag == "script" and "src" not in values and values.get("type", "").strip().lower() in SCRIPT_TYPES:
            # The parser hands over the text as the browser hashes it (newlines normalised).
            scan.inline_scripts.append(node.text(deep=True))
    return scan


# Below this many pages a second process is not worth starting.
PARALLEL_MIN_PAGES = 500


def scan_site(site_dir: Path) -> dict[str, PageScan]:
    """Every HTML file of the built site, keyed by its path relative to the site folder.

    A large site is read on two cores (`map_shared`): at 10,000 entries parsing is a tenth of a build, and a
    scan travels back from the other process in a fifth of the time it took to make.
    """
    paths = [file.relative_to(site_dir).as_posix() for file in sorted(site_dir.rglob("*.html"))]
    scans = map_shared(
        lambda path: scan_page((site_dir / path).read_bytes(), path), paths, min_items=PARALLEL_MIN_PAGES, chunk_size=64
    )
    return dict(zip(paths, scans, strict=True))
