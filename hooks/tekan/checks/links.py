"""Check a built site: every internal link and asset resolves to a file in it, anchors included.

External links are listed, never fetched: a build has no network. A site hosted under a
sub-path (site_url `https://example.org/tekan/`) must not point at the domain's root.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import SplitResult, unquote, urljoin, urlsplit

from tekan.checks.htmlscan import PageScan, Reference, scan_site

# Stands in for the site's address when none is configured; never contacted.
PLACEHOLDER_SITE_URL = "http://tekan.invalid/"
# URLs that load nothing from anywhere.
INERT_SCHEMES = ("data", "blob", "about")
# url(...) and @import "..." in stylesheets.
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


@dataclass(frozen=True)
class BrokenLink:
    page: str
    element: str
    attribute: str
    url: str
    problem: str

    def __str__(self) -> str:
        return f'{self.page} <{self.element} {self.attribute}="{self.url}">：{self.problem}'


@dataclass
class LinkReport:
    pages: int = 0
    checked: int = 0
    broken: list[BrokenLink] = field(default_factory=list)
    external: dict[str, str] = field(default_factory=dict)  # URL -> first page that has it


@dataclass(frozen=True)
class _Site:
    folder: Path
    origin: tuple[str, str]
    base_path: str  # the site's path on its host, ending in "/"
    # Most links (nav, stylesheets, scripts) repeat on every page: look each file up once.
    _found: dict[str, str | None] = field(default_factory=dict, compare=False)
    _outcomes: dict[tuple[str, str], tuple[str, str] | None] = field(default_factory=dict, compare=False)

    @classmethod
    def at(cls, folder: Path, site_url: str | None) -> _Site:
        url = urlsplit(site_url or PLACEHOLDER_SITE_URL)
        base_path = url.path if url.path.endswith("/") else url.path + "/"
        return cls(folder, (url.scheme, url.netloc), base_path)

    def address(self, page: str) -> str:
        scheme, host = self.origin
        return f"{scheme}://{host}{self.base_path}{page}"

    def target_file(self, site_path: str) -> str | None:
        """The file a server would answer with for a path inside the site, or None."""
        if site_path not in self._found:
            self._found[site_path] = self._look_up(site_path)
        return self._found[site_path]

    @functools.cached_property
    def _files(self) -> frozenset[str]:
        return _files_in(self.folder)

    def _look_up(self, site_path: str) -> str | None:
        candidates = (
            [site_path + "index.html"]
            if site_path.endswith("/") or not site_path
            else [site_path, site_path + "/index.html"]
        )
        for candidate in candidates:
            if candidate in self._files:
                return candidate
        return None


def _files_in(folder: Path) -> frozenset[str]:
    """Every file below `folder`, as site paths: one walk of the folders instead of a `stat` per linked path
    (tens of thousands at 10,000 entries; seconds on a busy disk)."""
    files = []
    for parent, _folders, names in os.walk(folder):
        prefix = Path(parent).relative_to(folder).as_posix()
        prefix = "" if prefix == "." else prefix + "/"
        files += [prefix + name for name in names]
    return frozenset(files)


def check_site(
    site_dir: Path,
    site_url: str | None = None,
    scans: dict[str, PageScan] | None = None,
    only: set[str] | None = None,
    skip_folders: tuple[str, ...] = (),
) -> LinkReport:
    """Check every HTML page and stylesheet of a built site.

    `only`: check the links of just these pages (those a `serve --dirty` rebuild wrote again);
    the rest of the site still counts as their targets.
    `skip_folders`: stylesheets not to read, such as the search index's, which its background thread may be
    rewriting while this runs (a file listed may be gone by the time it is read).
    """
    site = _Site.at(site_dir, site_url)
    scans = scan_site(site_dir) if scans is None else scans
    report = LinkReport(pages=len(scans))
    for scan in scans.values():
        if only is not None and scan.path not in only:
            continue
        for reference in scan.references:
            _check(site, scans, scan.path, reference, report)
    for stylesheet in sorted(site_dir.rglob("*.css")) if only is None else ():
        path = stylesheet.relative_to(site_dir).as_posix()
        if path.startswith(skip_folders):
            continue
        for reference in stylesheet_references(stylesheet.read_text(encoding="utf-8", errors="replace")):
            _check(site, scans, path, reference, report)
    return report


def stylesheet_references(css: str) -> list[Reference]:
    references = []
    for match in _CSS_URL.finditer(css):
        url = (match.group(2) or match.group(4) or "").strip()
        references.append(Reference("style", "url" if match.group(2) is not None else "@import", url))
    return references


def _check(site: _Site, scans: dict[str, PageScan], page: str, reference: Reference, report: LinkReport) -> None:
    key = _outcome_key(page, reference.url)
    try:
        outcome = site._outcomes[key]
    except KeyError:  # the first time this link is seen from this folder
        outcome = site._outcomes[key] = _outcome(site, scans, page, reference.url)
    if outcome is None:
        return
    report.checked += 1
    verdict, problem = outcome
    if verdict == "external":
        report.external.setdefault(reference.url, page)
    elif verdict == "broken":
        report.broken.append(BrokenLink(page, reference.element, reference.attribute, reference.url, problem))


# A plain relative reference: no scheme, no authority, no parameters, nothing escaped.
_PLAIN_RELATIVE = re.compile(r"(?![a-zA-Z][a-zA-Z0-9+.-]*:)(?!//)[^;:%\\\s]*")


def _join_relative(base_path: str, url: str) -> SplitResult | None:
    """`urlsplit(urljoin(base, url))` for a plain relative URL, without urllib's general machinery
    (the same steps as urllib's `urljoin`, RFC 3986 5.2); None for anything else.
    Scheme and host stay empty: the reference is on the base's own site."""
    if not _PLAIN_RELATIVE.fullmatch(url):
        return None
    rest, _, fragment = url.partition("#")
    path, question, query = rest.partition("?")
    if not path:
        return SplitResult("", "", base_path, query if question else "", fragment)
    if path.startswith("/"):
        segments = path.split("/")
    else:
        base_parts = base_path.split("/")
        if base_parts[-1] != "":
            del base_parts[-1]
        segments = base_parts + path.split("/")
        segments[1:-1] = filter(None, segments[1:-1])
    resolved: list[str] = []
    for segment in segments:
        if segment == "..":
            if resolved:
                resolved.pop()
        elif segment != ".":
            resolved.append(segment)
    if segments[-1] in (".", ".."):
        resolved.append("")
    joined = "/".join(resolved)
    return SplitResult("", "", joined if joined.startswith("/") else "/" + joined, query, fragment)


_CLIMB = re.compile(r"(?:\.\./)*(?:\.\.(?=$|[?#]))?")


def _outcome_key(page: str, url: str) -> tuple:
    """Pages whose URL resolves alike share one outcome, worked out once.

    The nav, stylesheets and scripts repeat on every page as `../../assets/…`: a URL
    that climbs at least as many folders as the page is deep lands at the same place
    from every page of that depth. A URL that climbs into a folder and names a path
    there (`../li-ming/` from one entry page to another) lands at the same place from
    every page under that folder. Any other URL is resolved per folder.
    """
    folder = page.rpartition("/")[0]
    depth = folder.count("/") + 1 if folder else 0
    climbing = _CLIMB.match(url)
    climbed = climbing.group() if climbing else ""
    if not climbed:
        return (folder, url)
    levels = climbed.count("..")
    if levels >= depth:
        return (depth, url)
    rest = url[len(climbed) :]
    if climbed.endswith("/") and rest and rest[0] not in "?#":
        return ("/".join(folder.split("/")[: depth - levels]) + "/", rest)
    return (folder, url)


def _outcome(site: _Site, scans: dict[str, PageScan], page: str, url: str) -> tuple[str, str] | None:
    """None for a URL that loads nothing; else ("ok" | "external" | "broken", problem)."""
    if url in ("", "#"):
        return None
    scheme = urlsplit(url).scheme.lower()
    if scheme in INERT_SCHEMES:
        return None
    if scheme == "javascript":
        return "broken", "网页里不允许脚本链接（javascript:）"
    resolved = _join_relative(site.base_path + page, url) or urlsplit(urljoin(site.address(page), url))
    if (resolved.scheme or site.origin[0], resolved.netloc or site.origin[1]) != site.origin:
        return "external", ""
    if not resolved.path.startswith(site.base_path):
        from_root = url.startswith("/") and not url.startswith("//")
        return "broken", f"指向网站所在目录 {site.base_path} 之外" + (
            "：以 / 开头的链接从域名根目录算起，网站放在子路径下时会失效，请改用相对链接" if from_root else ""
        )
    relative = unquote(resolved.path[len(site.base_path) :])
    site_path = posixpath.normpath(relative) if relative else ""
    if site_path == ".":
        site_path = ""
    elif relative.endswith("/"):
        site_path += "/"
    if site_path == ".." or site_path.startswith("../"):
        return "broken", f"指向网站所在目录 {site.base_path} 之外"
    target = site.target_file(site_path)
    if target is None:
        return "broken", f"网站里没有 {site_path or 'index.html'} 这个文件"
    anchor = unquote(resolved.fragment)
    if anchor and target in scans and anchor not in scans[target].anchors:
        return "broken", f"{target} 里没有 id 为「{anchor}」的位置"
    return "ok", ""
