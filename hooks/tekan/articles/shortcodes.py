"""Shortcodes: `<!-- tk:NAME … -->` markers in hand-written pages, filled in from data/.

An article never types a figure: it writes `<!-- tk:figure aixin-yizhan -->` and the
build puts in 6980家, formatted by the same `format_figure` as the statistics page.
The syntax follows Material for MkDocs' own docs (`<!-- md:version 9.0 -->`): an HTML
comment, so an unexpanded marker can never show up as stray text.

Plain Python: the hook hands in the loaded `SiteData`, a Jinja environment whose
partials draw the cards (the same partials as the generated pages), and the
Markdown extensions of the build, which decide what is code and stays untouched.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any

import markdown as python_markdown

from tekan.dataset.loader import (
    YEAR_FOLDER,
    Entry,
    FigureRecord,
    Issue,
    Lookup,
    SiteData,
    award_lookup,
    city_lookup,
    site_kind_lookup,
)
from tekan.dataset.validation import suggest
from tekan.dataset.vocabulary import (
    COLLECTION_ALIASES,
    COLLECTION_TITLES,
    COLLECTIONS,
    PERSON_KINDS,
    parse_year,
    resolve_collection,
)
from tekan.errors import DataError, DataErrors, display_path, quote
from tekan.numbers import format_number
from tekan.pages.views import entry_card, figure_view
from tekan.render.cards import CardMarkup

# `<!-- tk…` up to the first `-->` on the same line; a marker never spans lines.
# `TK` in capitals is found too, to be named as a mistake: as a plain comment it would vanish without a word.
_MARKER = re.compile(r"<!--[ \t]*(?P<tk>(?i:tk))(?![\w-])(?P<body>[^\n]*?)(?P<end>-->|$)", re.MULTILINE)
# What stands in for a marker while we ask Python-Markdown which markers are code.
_TOKEN = re.compile(r"tkmarker(\d+)z")
# Characters that Markdown would read as formatting inside an inline figure's text.
# (Our inline partials start with a tag, so `#` and `!` never open a heading or an image.)
_MARKDOWN_ACTIVE = {ord(c): f"&#{ord(c)};" for c in "\\`*_[]{}|~"}

FILTERS = {
    "collection": "名录：workers（劳动模范）、craftsmen（南粤工匠）或 sites（职工服务阵地）",
    "kind": "阵地类型（如 疗休养基地），或 个人、集体",
    "award": "荣誉名称或简称（如 全国工人先锋号、省劳模）",
    "year": "获得荣誉的年份（如 2023）",
    "city": "地级市（如 广州）",
    "section": "专题（如 用情用力）",
}


class ShortcodeProblem(Exception):
    """One marker that cannot be expanded; the message is the editor's fix, in Chinese."""


@dataclass(frozen=True)
class Marker:
    """One `<!-- tk:… -->` as written, with where it stands."""

    text: str
    start: int
    end: int
    line: int
    column: int
    alone: bool  # on a line of its own, not indented: room for a block of cards

    @property
    def shown(self) -> str:
        return self.text if len(self.text) <= 60 else self.text[:59] + "…"


@dataclass
class Call:
    """A marker parsed into its name, positional words and `key=value` options."""

    name: str
    words: list[str]
    options: dict[str, str]


@dataclass(frozen=True)
class Shortcode:
    name: str
    usage: str  # shown in errors about its arguments


SHORTCODES = {
    code.name: code
    for code in (
        Shortcode("figure", "<!-- tk:figure 数据编号 -->"),
        Shortcode("stat", "<!-- tk:stat 数据编号 [数据编号 …] -->"),
        Shortcode("entry", "<!-- tk:entry 条目编号 [条目编号 …] -->"),
        Shortcode("entries", "<!-- tk:entries 条件=值 … [limit=数量] -->"),
        Shortcode("city", "<!-- tk:city 城市 -->"),
        Shortcode("count", "<!-- tk:count 条件=值 … -->"),
    )
}


def parse_call(marker: Marker) -> Call:
    """`<!-- tk:entries city=广州 -->` -> Call('entries', [], {'city': '广州'})."""
    match = _MARKER.fullmatch(marker.text)
    body = match.group("body").strip() if match else ""
    if match and match.group("tk") != "tk":
        raise ShortcodeProblem(f"短代码开头要用小写的「tk」，这里写成了「{match.group('tk')}」；请改为 <!-- tk:… -->。")
    if not marker.text.endswith("-->"):
        raise ShortcodeProblem("短代码没有结尾；请在同一行末尾补上「-->」。")
    if not body.startswith((":", "：")):
        raise ShortcodeProblem("「tk」后面要紧跟冒号和短代码名称，如 <!-- tk:figure aixin-yizhan -->。")
    # Editors type with a Chinese input method: accept its space and equals sign.
    body = body[1:].replace("\u3000", " ").replace("＝", "=")
    try:
        words = shlex.split(body)
    except ValueError:
        raise ShortcodeProblem("引号没有成对；请检查短代码里的引号。") from None
    if not words:
        raise ShortcodeProblem(f"缺少短代码名称；可用的有 {'、'.join(SHORTCODES)}。")
    call = Call(words[0], [], {})
    for word in words[1:]:
        key, equals, value = word.partition("=")
        if not equals:
            call.words.append(word)
        elif not key or not value:
            raise ShortcodeProblem(f"参数{quote(word)}不完整；应写作「名称=值」，等号两边不留空格。")
        elif key in call.options:
            raise ShortcodeProblem(f"参数「{key}」写了两次；请只保留一个。")
        else:
            call.options[key] = value
    return call


def find_markers(markdown: str, line_offset: int = 0) -> list[Marker]:
    """Every `<!-- tk…` in the text, code or not; line numbers count from the file's first line."""
    markers = []
    for match in _MARKER.finditer(markdown):
        line_start = markdown.rfind("\n", 0, match.start()) + 1
        line_end = markdown.find("\n", match.end())
        line_end = len(markdown) if line_end == -1 else line_end
        alone = line_start == match.start() and not markdown[match.end() : line_end].strip()
        markers.append(
            Marker(
                match.group(0),
                match.start(),
                match.end(),
                markdown.count("\n", 0, match.start()) + 1 + line_offset,
                match.start() - line_start + 1,
                alone,
            )
        )
    return markers


class _TextOutsideCode(HTMLParser):
    """Collects the text of an HTML page, split into code (pre, code) and the rest."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.code_depth = 0
        self.prose: list[str] = []
        self.code: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("pre", "code"):
            self.code_depth += 1

    def handle_endtag(self, tag):
        if tag in ("pre", "code") and self.code_depth:
            self.code_depth -= 1

    def handle_data(self, data):
        (self.code if self.code_depth else self.prose).append(data)


def classify_markers(markdown: str, markers: list[Marker], to_html: Callable[[str], str]) -> tuple[set[int], set[int]]:
    """Which markers Python-Markdown reads as text, and which as code (left alone).

    Each marker is swapped for a plain token and the page rendered with the build's
    own Markdown extensions, so fenced, indented and inline code are exactly what
    the site will show as code. A token found in neither place sits where no HTML
    can go (an image's alt text, a link's address).
    """
    pieces, last = [], 0
    for index, marker in enumerate(markers):
        pieces += [markdown[last : marker.start], f"tkmarker{index}z"]
        last = marker.end
    pieces.append(markdown[last:])
    parser = _TextOutsideCode()
    parser.feed(to_html("".join(pieces)))
    parser.close()
    found = lambda texts: {int(n) for n in _TOKEN.findall("".join(texts))}  # noqa: E731
    return found(parser.prose), found(parser.code)


def markdown_converter(extensions: Iterable[Any], extension_configs: dict[str, Any]) -> Callable[[str], str]:
    """Markdown -> HTML with the build's extensions, reused for every page."""
    md = python_markdown.Markdown(extensions=list(extensions), extension_configs=extension_configs or {})

    def convert(text: str) -> str:
        md.reset()
        return md.convert(text)

    return convert


# An `entries` list shows at most this many cards unless the marker says `limit=`.
DEFAULT_ENTRIES_LIMIT = 12


@dataclass
class Expansion:
    """What a shortcode puts in: a partial and its objects, inline in a sentence or as a block."""

    template: str
    context: dict[str, Any]
    block: bool


class IssueShortcodes:
    """Resolves shortcode arguments against one annual issue's data."""

    def __init__(self, site: SiteData, issue: Issue):
        self.site = site
        self.issue = issue
        self.figures: dict[str, FigureRecord] = {figure.id: figure for figure in issue.figures}
        self.entries: dict[str, Entry] = {entry.id: entry for entry in issue.all_entries()}
        # The same names as in data files: 广东省广州市 for 广州, an award's aliases such as 省劳模.
        self.cities = city_lookup(site.cities)
        self.awards = award_lookup(site.awards, what="data/awards.yml 中的荣誉")
        self.site_kinds = site_kind_lookup(site.site_kinds, what="data/site_kinds.yml 中的阵地类型")
        self.sections = Lookup(issue.info.sections, "id", "title", what=f"{issue.year} 年度 issue.yml 中的专题")
        self.stats_file = f"data/{issue.year}/stats.yml"

    # Resolving ids ---------------------------------------------------------

    def figure(self, figure_id: str) -> FigureRecord:
        figure = self.figures.get(figure_id)
        if figure is None:
            labels = {f.data.label: f.id for f in self.issue.figures}
            hint = f"（是否为「{labels[figure_id]}」？）" if figure_id in labels else suggest(figure_id, self.figures)
            raise ShortcodeProblem(
                f"{self.stats_file} 中没有编号为{quote(figure_id)}的数据{hint}；请改用该文件中 id 一栏的编号。"
            )
        return figure

    def entry(self, entry_id: str) -> Entry:
        entry = self.entries.get(entry_id)
        if entry is None:
            names = {e.name: e.id for e in self.issue.all_entries()}
            hint = f"（是否为「{names[entry_id]}」？）" if entry_id in names else suggest(entry_id, self.entries)
            raise ShortcodeProblem(
                f"data/{self.issue.year}/ 中没有编号为{quote(entry_id)}的条目{hint}；"
                "条目编号就是它的文件名（不带 .yml），或列表文件中的 id。"
            )
        return entry

    @staticmethod
    def find(lookup: Lookup, name: str, field_name: str):
        record = lookup.find(name)
        if record is None:
            raise ShortcodeProblem(f"{field_name}={lookup.unknown(name)}。")
        return record

    def matching_entries(self, options: dict[str, str]) -> list[Entry]:
        """Entries that meet every filter: collection, kind, award (+ year), city, section."""
        if not options:
            raise ShortcodeProblem("至少要写一个筛选条件，如 kind=疗休养基地 或 city=广州。")
        tests: list[Callable[[Entry], bool]] = []
        if "collection" in options:
            collection = resolve_collection(options["collection"])
            if collection is None:
                raise ShortcodeProblem(
                    f"collection={quote(options['collection'])}不是名录"
                    f"{suggest(options['collection'], COLLECTION_ALIASES)}；应为 workers、craftsmen 或 sites。"
                )
            tests.append(lambda e: e.collection == collection)
        if "kind" in options:
            if options["kind"] in PERSON_KINDS:
                person_kind = options["kind"]
                tests.append(lambda e: e.collection != "sites" and e.data.kind == person_kind)
            else:
                site_kind = self.find(self.site_kinds, options["kind"], "kind")
                tests.append(lambda e: e.site_kind is not None and e.site_kind.id == site_kind.id)
        award = self.find(self.awards, options["award"], "award") if "award" in options else None
        year = None
        if "year" in options:
            year = parse_year(options["year"])
            if year is None:
                raise ShortcodeProblem(f"year 应为四位年份（如 2023），实际为{quote(options['year'])}。")
        if award or year:
            tests.append(
                lambda e: any(
                    (award is None or h.award.id == award.id) and (year is None or h.year == year) for h in e.honours
                )
            )
        if "city" in options:
            city = self.find(self.cities, options["city"], "city")
            tests.append(lambda e: e.city is not None and e.city.id == city.id)
        if "section" in options:
            section = self.find(self.sections, options["section"], "section")
            tests.append(lambda e: e.section is not None and e.section.id == section.id)
        return [entry for entry in self.issue.all_entries() if all(test(entry) for test in tests)]

    # One method per shortcode ------------------------------------------------

    def expand(self, call: Call) -> Expansion:
        method = getattr(self, f"_expand_{call.name}", None) if call.name in SHORTCODES else None
        if method is None:
            raise ShortcodeProblem(
                f"没有名为{quote(call.name)}的短代码{suggest(call.name, SHORTCODES)}；"
                f"可用的有 {'、'.join(SHORTCODES)}。"
            )
        return method(call)

    @staticmethod
    def _expect(call: Call, *, words: str = "", many: bool = False, options: Iterable[str] = ()) -> None:
        """Checks the number of words and the option names a shortcode accepts."""
        usage = SHORTCODES[call.name].usage
        allowed = tuple(options)
        for key in call.options:
            if key not in allowed:
                if allowed:
                    raise ShortcodeProblem(
                        f"{call.name} 没有参数「{key}」{suggest(key, allowed)}；可用的有 {'、'.join(allowed)}。"
                    )
                raise ShortcodeProblem(f"{call.name} 不带「{key}=…」这样的参数；应写作 {usage}。")
        if words and not call.words:
            raise ShortcodeProblem(f"缺少{words}；应写作 {usage}。")
        if not words and call.words:
            raise ShortcodeProblem(f"多写了{quote(' '.join(call.words))}；筛选条件应写作「名称=值」，如 {usage}。")
        if words and not many and len(call.words) > 1:
            raise ShortcodeProblem(f"只能写一个{words}，实际写了 {len(call.words)} 个；应写作 {usage}。")

    def _expand_figure(self, call: Call) -> Expansion:
        self._expect(call, words="数据编号")
        return Expansion(
            "partials/tekan/shortcodes/figure.html", {"figure": figure_view(self.figure(call.words[0]))}, False
        )

    def _expand_stat(self, call: Call) -> Expansion:
        self._expect(call, words="数据编号", many=True)
        figures = [figure_view(self.figure(word)) for word in call.words]
        return Expansion("partials/tekan/shortcodes/stats.html", {"figures": figures}, True)

    def _expand_entry(self, call: Call) -> Expansion:
        self._expect(call, words="条目编号", many=True)
        cards = [entry_card(self.entry(word)) for word in call.words]
        return Expansion("partials/tekan/shortcodes/cards.html", {"cards": cards, "shortcode": "entry"}, True)

    def _expand_entries(self, call: Call) -> Expansion:
        self._expect(call, options=(*FILTERS, "limit"))
        limit = call.options.pop("limit", str(DEFAULT_ENTRIES_LIMIT))
        if not limit.isdigit() or int(limit) < 1:
            raise ShortcodeProblem(f"limit 应为正整数（如 6），实际为{quote(limit)}。")
        entries = self.matching_entries(call.options)
        collections = {entry.collection for entry in entries}
        # At the province's scale a filter can match thousands (6,980 驿站): show a few, link to the listing.
        more_url = f"{entries[0].year}/{entries[0].collection}/" if len(collections) == 1 else ""
        cards = [entry_card(entry) for entry in entries[: int(limit)]]
        return Expansion(
            "partials/tekan/shortcodes/cards.html",
            {"cards": cards, "shortcode": "entries", "total": len(entries), "more_url": more_url},
            True,
        )

    def _expand_count(self, call: Call) -> Expansion:
        self._expect(call, options=FILTERS)
        count = len(self.matching_entries(call.options))
        return Expansion("partials/tekan/shortcodes/count.html", {"count": format_number(count)}, False)

    def _expand_city(self, call: Call) -> Expansion:
        self._expect(call, words="城市")
        city = self.find(self.cities, call.words[0], "city")
        here = [entry for entry in self.issue.all_entries() if entry.city is not None and entry.city.id == city.id]
        groups = [{"title": COLLECTION_TITLES[c], "count": sum(e.collection == c for e in here)} for c in COLLECTIONS]
        tile = {
            "id": city.id,
            "name": city.name,
            "short": city.short,
            "total": len(here),
            "groups": groups,
            "url": f"{self.issue.year}/cities/{city.id}/",
        }
        return Expansion("partials/tekan/shortcodes/city-tile.html", {"city": tile}, True)


@dataclass
class PageSource:
    """The page being expanded, as the editor knows it."""

    display: str  # content/2023/sixiang-yinling.md
    src_uri: str  # 2023/sixiang-yinling.md
    line_offset: int = 0  # lines of front matter above the Markdown
    year: object = None  # the front matter's `year:`, if the page names the issue it draws on


Renderer = Callable[[str, dict[str, Any]], str]


def _as_inline(html: str) -> str:
    """One line whose text Markdown leaves alone: a unit such as `*` must not start emphasis.

    Only the text between tags is made inert; the tags stay as the partial wrote them.
    """
    parts = re.split(r"(<[^>]*>)", " ".join(html.split()))
    return "".join(part if part.startswith("<") else part.translate(_MARKDOWN_ACTIVE) for part in parts)


def _as_block(html: str) -> str:
    """A raw HTML block for Python-Markdown: no blank line inside, blank lines around."""
    lines = [line.rstrip() for line in html.strip().splitlines() if line.strip()]
    return "\n\n" + "\n".join(lines) + "\n\n"


def _base_url(page_url: str) -> str:
    """What MkDocs gives templates as base_url: the way from a page back to the site root."""
    depth = len([part for part in page_url.split("/")[:-1] if part])
    return "/".join([".."] * depth) or "."


class ArticleShortcodes:
    """One build's shortcode work: expands each hand-written page, keeps every error for one report.

    `env` is the theme's Jinja environment, so a card in an article is drawn by the
    very partial that draws it on a listing; `to_html` is Markdown with the build's
    extensions, used only to learn which markers sit in code.
    """

    def __init__(
        self,
        site: SiteData,
        env,
        to_html: Callable[[str], str],
        docs_display: str = "content",
        template_globals: dict[str, Any] | None = None,
    ):
        self.site = site
        self.env = env
        self.to_html = to_html
        self.docs_display = docs_display
        self.template_globals = template_globals or {}
        self.errors: list[DataError] = []
        self._resolvers: dict[int, IssueShortcodes] = {}

    @classmethod
    def for_build(cls, site: SiteData, config, root: Path) -> ArticleShortcodes:
        """From MkDocs' config: the theme's partials, the build's Markdown extensions, the docs folder."""
        env = config.theme.get_env()
        CardMarkup(env).install(env)
        return cls(
            site,
            env,
            markdown_converter(config.markdown_extensions, config.mdx_configs),
            display_path(Path(config.docs_dir), root),
            {"config": config},
        )

    def expand_page(self, markdown: str, page) -> str:
        """For MkDocs' on_page_markdown: `page` needs `.url`, `.meta`, `.file.src_uri` and `.file.content_string`."""
        if "tk" not in markdown.lower():
            return markdown
        source_text = page.file.content_string
        # MkDocs hands over the Markdown without its front matter; errors count lines from the top.
        offset = source_text.count("\n") - markdown.count("\n") if source_text.endswith(markdown) else 0
        source = PageSource(
            f"{self.docs_display}/{page.file.src_uri}",
            page.file.src_uri,
            max(offset, 0),
            getattr(page, "meta", {}).get("year"),
        )
        globals_ = {**self.template_globals, "page": page, "base_url": _base_url(page.url)}

        def render(template: str, context: dict[str, Any]) -> str:
            return self.env.get_template(template).render({**globals_, **context})

        return self.expand(markdown, source, render)

    def issue_for(self, source: PageSource) -> Issue:
        """`year:` in the front matter, else content/<year>/…, else the latest issue."""
        parts = PurePosixPath(source.src_uri).parts
        if source.year is not None:
            year, where = parse_year(str(source.year)), "开头的 year 一栏"
            if year is None:
                raise ShortcodeProblem(f"文章开头的 year 应为四位年份（如 2023），实际为{quote(source.year)}。")
        elif len(parts) > 1 and YEAR_FOLDER.match(parts[0]):
            year, where = int(parts[0]), "所在的文件夹"
        else:
            return self.site.latest
        for issue in self.site.issues:
            if issue.year == year:
                return issue
        raise ShortcodeProblem(
            f"data/ 中没有 {year} 年度的数据（由文章{where}决定）；请先建立 data/{year}/，或改用已有的年度。"
        )

    def resolver(self, issue: Issue) -> IssueShortcodes:
        """One per issue and build: its id tables are made once, not per marker."""
        if issue.year not in self._resolvers:
            self._resolvers[issue.year] = IssueShortcodes(self.site, issue)
        return self._resolvers[issue.year]

    def expand(self, markdown: str, source: PageSource, render: Renderer) -> str:
        """The page's Markdown with every marker outside code replaced by its HTML."""
        markers = find_markers(markdown, source.line_offset)
        if not markers:
            return markdown
        prose, code = classify_markers(markdown, markers, self.to_html)
        pieces, last = [], 0
        errors: list[DataError] = []
        stat_ids: set[str] = set()
        for index, marker in enumerate(markers):
            if index in code and index not in prose:
                continue
            try:
                if index not in prose:
                    raise ShortcodeProblem("这里不能放短代码（如图片说明、链接地址里）；请把它移到正文中。")
                call = parse_call(marker)
                expansion = self.resolver(self.issue_for(source)).expand(call)
                if call.name == "stat":
                    self._check_unique_stats(call.words, stat_ids)
                html = render(expansion.template, expansion.context)
                if expansion.block:
                    if not marker.alone:
                        raise ShortcodeProblem(f"{call.name} 显示为一组卡片，要单独占一行并顶格书写（前后各空一行）。")
                    html = _as_block(html)
                else:
                    html = _as_inline(html)
            except ShortcodeProblem as problem:
                errors.append(DataError(source.display, marker.line, marker.column, marker.shown, str(problem)))
                continue
            pieces += [markdown[last : marker.start], html]
            last = marker.end
        pieces.append(markdown[last:])
        self.errors.extend(errors)
        return "".join(pieces)

    @staticmethod
    def _check_unique_stats(words: list[str], seen: set[str]) -> None:
        # A stat card carries id="stat-<id>": twice on one page would be two equal anchors.
        for word in words:
            if word in seen:
                raise ShortcodeProblem(f"数据卡片「{word}」在本页已出现过；同一页里每张数据卡片只能放一次。")
            seen.add(word)

    def take_errors(self) -> list[DataError]:
        """After every page is read: all shortcode mistakes of the build, handed over once."""
        errors, self.errors = self.errors, []
        return errors

    def raise_errors(self) -> None:
        """All shortcode mistakes of the build in one report."""
        errors = self.take_errors()
        if errors:
            raise DataErrors(errors)
