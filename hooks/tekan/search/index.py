"""Search index preparation: what each page offers to the search engine, and the files the browser needs.

Plain Python, no MkDocs imports. The hook hands in the page models and the
HTML of the Markdown pages; this module turns them into `SearchRecord`s of
ready-segmented words (see segment.py: jieba with a user dictionary made from the
data), writes one small HTML document per record from a template, and lets
Pagefind index them, one call per shard, as text it only splits at spaces.

Why records rather than the built pages: a record carries what readers type
but a page does not show (pinyin of names, their initials, the tails of
compound words), and indexing records keeps the site's templates free of
search markup. Records go to disk and each shard is indexed by one run of
Pagefind's command line (see `_run_pagefind` for why not its Python API).
"""

from __future__ import annotations

import functools
import gzip
import itertools
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tekan.pages.contexts import CityContext, EntryContext, IssueHomeContext, ListingContext, StatsContext
from tekan.pages.specs import PageSpec
from tekan.search.segment import HAN_RUN, Segmenter, dictionary_terms, normalise, query_rules, user_dictionary

# A name with more readings than this (多音字 in every position) keeps only the first few.
MAX_NAME_READINGS = 6
SPACED_SYLLABLES = 4
# Names this short are people's: every tail is a word, so that the given name alone (明) finds 李明.
PERSONAL_NAME = 4
# The records are words already: a language that Pagefind neither segments (zh, ja, th) nor stems.
INDEX_LANGUAGE = "und"
# What an article puts in quotation marks is one of its terms (“工会爱心妈妈小屋”, 「八送」).
QUOTED_TERM = re.compile(r"[“「『‘]([\u3400-\u9fff]{2,12})[”」』’]")
PAGEFIND_FOLDER = "pagefind/"
# What the browser needs besides Pagefind: the index's shards, the traditional table, the query terms.
SEARCH_SETTINGS = "search/settings.json"
MATERIAL_INDEX = "search/search_index.json"
# Pagefind's index chunks hold about this many word locations (its default: 20,000). A query downloads the
# chunk of each of its words from every shard; smaller chunks mean fewer bytes a query on a phone, for a
# slightly longer list of chunks in the metadata fetched once. The setting is Pagefind's own (marked unstable:
# a version that drops it falls back to its default, which still works).
INDEX_CHUNK_LOCATIONS = 5000


@dataclass
class SearchRecord:
    """One search result: where it leads, what it shows, and the words that find it.

    `names` are the page's own names (strongest weight), `keywords` what the page
    is about (unit, city, trade, honours), `text` the running text (weakest).
    Each is a list of index words, segmented already.
    """

    url: str
    title: str
    summary: str = ""
    sample: bool = False
    names: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def all_text(self) -> Iterable[str]:
        yield self.title
        yield self.summary
        yield from self.names
        yield from self.keywords
        yield from self.text


@dataclass
class MarkdownPage:
    """A page written in Markdown under content/: its address, title and rendered HTML."""

    url: str
    title: str
    html: str


@dataclass
class SearchSite:
    """Everything search needs from one build: the records, and the terms the browser splits queries at."""

    records: list[SearchRecord]
    query_terms: list[str]


# Words readers type that the page does not spell out --------------------------------------


def tails(phrase: str, shortest: int = 2) -> list[str]:
    """Every tail of each Chinese run: 李明 -> 明 (used for people's names, which are short)."""
    found: list[str] = []
    for run in HAN_RUN.findall(phrase):
        found.extend(run[start:] for start in range(1, len(run) - shortest + 1))
    return found


def pinyin_forms(name: str) -> list[str]:
    """liming, li ming and lm for 李明, with every reading of a 多音字 in a person's name (曾 -> ceng, zeng).

    A longer name (a unit, a team, a site) gets the reading of each word in context (比亚迪汽车 -> qiche),
    which pypinyin's phrase dictionary gives; a person's name, character by character, each reading.
    """
    han = "".join(HAN_RUN.findall(name))
    if not han:
        return []
    if len(han) <= PERSONAL_NAME:
        readings = [_readings(char) for char in han]
    else:
        from pypinyin import Style, lazy_pinyin

        readings = [(syllable,) for syllable in lazy_pinyin(han, style=Style.NORMAL, errors="ignore")]
    forms: list[str] = []
    for syllables in itertools.islice(itertools.product(*readings), MAX_NAME_READINGS):
        full = "".join(syllables)
        initials = "".join(s[0] for s in syllables)
        # Syllables one by one only for short names: 比亚迪汽车 would add five tiny words.
        spaced = " ".join(syllables) if len(syllables) <= SPACED_SYLLABLES else ""
        for form in (full, spaced, initials):
            if not form:
                continue
            if form not in forms:
                forms.append(form)
    return forms


@functools.cache
def _readings(char: str) -> tuple[str, ...]:
    """Every reading of one character, the most common first (names share a few thousand characters)."""
    from pypinyin import Style, pinyin  # ~0.4 s to load its dictionaries: only when indexing

    return tuple(pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")[0])


def name_words(name: str, segmenter: Segmenter) -> list[str]:
    """A name as readers type it: whole, its tails (the given name alone), pinyin and initials."""
    if len(name) <= PERSONAL_NAME and HAN_RUN.fullmatch(name):
        whole = [name, *tails(name, shortest=1 if len(name) <= 3 else 2)]
    else:
        whole = segmenter.words(name)
    return [*whole, *(word for form in pinyin_forms(name) for word in form.split(" "))]


# Records from the page models -----------------------------------------------------------


def _entry_record(spec: PageSpec, context: EntryContext, segmenter: Segmenter) -> SearchRecord:
    detail = context.entry
    card = detail.card
    terms = [
        card.unit,
        card.kind_label,
        detail.post,
        detail.industry,
        detail.trade,
        detail.site_kind,
        detail.district,
        *(h.name for h in card.honours),
        *(alias for h in card.honours for alias in h.aliases),
        *detail.tags,
        *detail.skills,
        *detail.services,
    ]
    meta = " · ".join(part for part in (card.kind_label, card.unit, card.city_name) if part)
    # No story and no collection title (every worker would carry 劳动模范): at 10,000 entries each word that
    # thousands of pages share costs Pagefind time on every query that contains it.
    return SearchRecord(
        url=spec.url,
        title=card.name,
        summary=f"{meta}：{card.summary}" if meta else card.summary,
        sample=card.sample,
        names=name_words(card.name, segmenter),
        keywords=[
            card.city_name,
            *(str(h.year) for h in card.honours),
            *(word for term in terms if term for word in segmenter.words(term)),
        ],
        text=segmenter.words(f"{card.summary} {detail.address} {detail.hours}"),
    )


def _issue_record(spec: PageSpec, context: IssueHomeContext, segmenter: Segmenter) -> SearchRecord:
    issue = context.issue
    sections = context.sections
    return SearchRecord(
        url=spec.url,
        title=spec.title,
        summary=issue.summary,
        names=segmenter.words(f"{issue.title} {issue.subtitle} {issue.year} 年度特刊"),
        keywords=segmenter.words(" ".join(f"{s.title} {s.subtitle or ''}" for s in sections)),
        text=segmenter.words(" ".join([issue.summary, *(s.lead for s in sections)]), phrases=True),
    )


def _stats_record(spec: PageSpec, context: StatsContext, segmenter: Segmenter) -> SearchRecord:
    figures = [f for section in context.sections for f in section.figures]
    return SearchRecord(
        url=spec.url,
        title=spec.title,
        summary=spec.description,
        names=["数说", "数据"],
        keywords=segmenter.words(" ".join(f.label for f in figures)),
        text=segmenter.words(" ".join(f"{f.label} {f.display} {f.note}" for f in figures), phrases=True),
    )


def _listing_record(spec: PageSpec, context: ListingContext, segmenter: Segmenter) -> SearchRecord:
    return SearchRecord(
        url=spec.url,
        title=spec.title,
        summary=spec.description,
        names=segmenter.words(context.collection_title),
        keywords=["名录"],
    )


def _city_record(spec: PageSpec, context: CityContext, segmenter: Segmenter) -> SearchRecord:
    city = context.city
    return SearchRecord(
        url=spec.url,
        title=spec.title,
        summary=spec.description,
        names=[city.name, *name_words(city.short, segmenter)],
    )


def _plain_record(spec: PageSpec, segmenter: Segmenter) -> SearchRecord:
    return SearchRecord(url=spec.url, title=spec.title, summary=spec.description, names=segmenter.words(spec.title))


def _page_record(spec: PageSpec, segmenter: Segmenter) -> SearchRecord:
    """The record of one generated page, made by its context's type."""
    match spec.context:
        case EntryContext() as context:
            return _entry_record(spec, context, segmenter)
        case IssueHomeContext() as context:
            return _issue_record(spec, context, segmenter)
        case StatsContext() as context:
            return _stats_record(spec, context, segmenter)
        case ListingContext() as context:
            return _listing_record(spec, context, segmenter)
        case CityContext() as context:
            return _city_record(spec, context, segmenter)
    return _plain_record(spec, segmenter)


def _with_synonyms(record: SearchRecord, spec: PageSpec) -> SearchRecord:
    """Readers' words for the page (data/search_synonyms.yml) weigh as its own names: 统计 finds 数说."""
    record.names.extend(spec.search_synonyms)
    return record


def _once(record: SearchRecord) -> SearchRecord:
    """Each word once per record, at its strongest weight: repeats only slow Pagefind down."""
    seen: set[str] = set()
    for words in (record.names, record.keywords, record.text):
        kept = []
        for word in words:
            if word and word not in seen:
                seen.add(word)
                kept.append(word)
        words[:] = kept
    return record


def _markdown_record(page: MarkdownPage, segmenter: Segmenter) -> SearchRecord:
    """A Markdown page: its title, its headings, and its running text."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(page.html)
    headings = " ".join(node.text(separator=" ") for node in tree.css("h1, h2, h3, h4"))
    text = tree.body.text(separator=" ") if tree.body else ""
    return SearchRecord(
        url=page.url,
        title=page.title,
        names=segmenter.words(page.title),
        keywords=segmenter.words(headings),
        text=segmenter.words(text, phrases=True),
    )


def _quoted_terms(texts: Iterable[str]) -> list[str]:
    return [term for text in texts for term in QUOTED_TERM.findall(text or "")]


def _page_terms(spec: PageSpec) -> tuple[list[str], list[str]]:
    """What one page adds to the user dictionary, and the part of it that many pages share (query terms)."""
    context = spec.context
    if isinstance(context, EntryContext):
        detail = context.entry
        card = detail.card
        honours = [name for h in card.honours for name in (h.name, *h.aliases)]
        shared = [card.city_name, card.kind_label, detail.site_kind, *honours]
        own = [
            card.name,
            card.unit,
            detail.post,
            detail.industry,
            detail.trade,
            detail.district,
            *detail.tags,
            *detail.skills,
            *detail.services,
            *_quoted_terms([card.summary]),
        ]
        return own, shared
    if isinstance(context, CityContext):
        return [], [context.city.name, context.city.short]
    if isinstance(context, ListingContext):
        return [], [context.collection_title]
    if isinstance(context, IssueHomeContext):
        issue = context.issue
        sections = context.sections
        own = [*issue.title.split(), *issue.subtitle.split(), f"{issue.year} 年度特刊", "年度特刊"]
        shared = [*(s.title for s in sections), *_quoted_terms([issue.summary, *(s.lead for s in sections)])]
        return own, shared
    if isinstance(context, StatsContext):
        figures = [f for section in context.sections for f in section.figures]
        return [], _quoted_terms(f"{f.label} {f.note}" for f in figures)
    return [spec.title], []


def _indexed(spec: PageSpec) -> bool:
    """The root page repeats the latest issue, and a listing's later pages (page 2 …) repeat its title:
    neither gets a record (the entries have their own)."""
    is_root = isinstance(spec.context, IssueHomeContext) and spec.context.is_root
    return not is_root and (spec.pager is None or spec.pager.number == 1)


def site_records(pages: Iterable[PageSpec], markdown_pages: Iterable[MarkdownPage] = ()) -> SearchSite:
    """One record per page, segmented with a user dictionary made from the pages' own data.

    The dictionary holds every name, unit, award, site name, site kind, city and trade of the
    data, and the terms the articles put in quotation marks, so that each is one word of the
    index. The shared ones (cities, awards, site kinds, collections, article terms) also go to
    the browser, which splits a query at them: 深圳焊工 -> 深圳 焊工.
    """
    specs = [spec for spec in pages if _indexed(spec)]
    markdown = list(markdown_pages)
    own: list[str] = []
    shared: list[str] = []
    for spec in specs:
        page_own, page_shared = _page_terms(spec)
        own.extend(page_own)
        shared.extend(page_shared)
    own.extend(page.title for page in markdown)
    shared.extend(_quoted_terms(page.html for page in markdown))
    query_terms = dictionary_terms(shared)
    segmenter = Segmenter(user_dictionary([*query_terms, *own]))
    records = [_once(_with_synonyms(_page_record(spec, segmenter), spec)) for spec in specs]
    records += [_once(_markdown_record(page, segmenter)) for page in markdown]
    return SearchSite(records, query_terms)


def page_records(pages: Iterable[PageSpec]) -> list[SearchRecord]:
    """The generated pages' records alone (tests and benchmarks)."""
    return site_records(pages).records


# Traditional characters -----------------------------------------------------------------


def traditional_table(records: Iterable[SearchRecord]) -> dict[str, str]:
    """Traditional -> simplified, for the characters the site's own text uses.

    OpenCC converts every CJK character once (a few ms); keeping only those whose
    simplified form occurs in the index makes a table of a few KB that the
    browser applies to the query, character by character.
    """
    import opencc

    used = {char for record in records for text in record.all_text() for char in text if "\u3400" <= char <= "\u9fff"}
    everything = "".join(chr(code) + "\n" for code in range(0x3400, 0xA000))
    simplified = opencc.OpenCC("t2s").convert(everything)
    return {t: s for t, s in zip(everything[::2], simplified[::2], strict=True) if t != s and s in used}


def to_simplified(query: str, table: dict[str, str]) -> str:
    """What the browser does with a query; kept here so that tests can check the table."""
    return "".join(table.get(char, char) for char in normalise(query))


# Writing the index ----------------------------------------------------------------------


def _records_parent() -> str | None:
    """Where the records go for Pagefind to read: memory (/dev/shm) if the system has it.

    One folder per record: on this machine's disk creating and removing 10,000
    folders took several seconds of a build; in memory it is instant.
    """
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK) else None


def _record_path(folder: Path, url: str) -> Path:
    return folder / url / "index.html" if not url or url.endswith("/") else folder / url


def _run_pagefind(records_dir: Path, output: Path) -> None:
    """Index one folder of records with Pagefind's command line, which exits only when its files are written.

    Not Pagefind's Python API: its service answers "written" while the last writes are still in flight
    (tokio hands them to a thread) and the wrapper then kills it, which cut files short (5 of 60 runs on
    a busy machine left a truncated wasm or an empty entry file; the browser then cannot search at all).
    """
    env = {**os.environ, "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(INDEX_CHUNK_LOCATIONS)}
    command = [sys.executable, "-m", "pagefind", "--site", str(records_dir), "--output-path", str(output)]
    command += ["--force-language", INDEX_LANGUAGE, "--silent"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, encoding="utf-8", errors="replace")
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["没有输出"]
        raise SearchIndexError(f"搜索索引生成失败（Pagefind 退出码 {result.returncode}：{detail[0]}）；请重新构建。")


def shard_folders(records: list[SearchRecord], shard_pages: int) -> list[tuple[str, list[SearchRecord]]]:
    """Records dealt round-robin into shards of at most `shard_pages` (the `search_shard_size` setting);
    the first shard is pagefind/ itself."""
    count = max(1, math.ceil(len(records) / shard_pages))
    return [(PAGEFIND_FOLDER if i == 0 else f"{PAGEFIND_FOLDER}shard-{i}/", records[i::count]) for i in range(count)]


def write_pagefind_index(
    records: list[SearchRecord], render: Callable[[SearchRecord], str], site_dir: Path, shard_pages: int
) -> list[str]:
    """Index the records with Pagefind under site/pagefind/; returns the shard folders, first one first."""
    folders: list[str] = []
    for folder, shard in shard_folders(records, shard_pages):
        output = site_dir / folder
        with tempfile.TemporaryDirectory(prefix="tekan-search-", dir=_records_parent()) as tmp:
            for record in shard:
                path = _record_path(Path(tmp), record.url)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(render(record), encoding="utf-8")
            _run_pagefind(Path(tmp), output)
        # A published index the browser cannot read would break search on every page: refuse instead.
        if not _is_complete(output):
            raise SearchIndexError(f"搜索索引没有写完整（{folder}）；请重新构建。")
        _drop_unused(output, keep_scripts=not folders)
        folders.append(folder)
    return folders


class SearchIndexError(RuntimeError):
    """Pagefind wrote an index the browser cannot read."""


def _is_complete(output: Path) -> bool:
    """The entry file names each language's metadata file, and that file and the wasm are whole gzip streams."""
    try:
        entry = json.loads((output / "pagefind-entry.json").read_text(encoding="utf-8"))
        hashes = [language["hash"] for language in entry["languages"].values()]
        needed = [output / f"pagefind.{h}.pf_meta" for h in hashes] + sorted(output.glob("wasm.*.pagefind"))
        return bool(hashes) and all(gzip.decompress(path.read_bytes()) for path in needed)
    except (OSError, ValueError, KeyError, TypeError, EOFError, zlib.error):
        return False


def _drop_unused(output: Path, keep_scripts: bool) -> None:
    """Pagefind's own search UIs are replaced by Material's box; extra shards need only their index."""
    unused = [*output.glob("pagefind-*ui*"), output / "pagefind-highlight.js"]
    if not keep_scripts:
        unused += [output / "pagefind.js", output / "pagefind-worker.js", *output.glob("wasm.*.pagefind")]
    for path in unused:
        path.unlink(missing_ok=True)


def write_browser_files(site: SearchSite, shards: list[str], site_dir: Path) -> None:
    """search/settings.json: shards, traditional table, the query rules and shared terms.

    Material's bundle still fetches search/search_index.json when the box opens
    and hands it to the worker, which ignores it. Material's search plugin writes
    it after the build, empty: every page's meta excludes it from that index.
    """
    # The query rules (patterns and shared terms) come from segment.py, so the browser splits as the index does.
    settings = {"shards": shards, "traditional": traditional_table(site.records), **query_rules(site.query_terms)}
    (site_dir / SEARCH_SETTINGS).parent.mkdir(parents=True, exist_ok=True)
    (site_dir / SEARCH_SETTINGS).write_text(
        json.dumps(settings, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
