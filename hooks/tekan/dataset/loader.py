"""Load every data file, validate it, resolve references, and report all errors at once.

Plain Python: nothing here knows about MkDocs, so the same data can feed
another engine, the `tekan` command and the tests.
"""

from __future__ import annotations

import difflib
import gc
import os
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from tekan.dataset.parallel import map_shared
from tekan.dataset.plausible import figure_problems

# The folder names are defined by the folder scan; `as` re-exports them to the modules that import them from here.
from tekan.dataset.scan import COLLECTION_TITLES as COLLECTION_TITLES
from tekan.dataset.scan import COLLECTIONS as COLLECTIONS
from tekan.dataset.scan import DATA_SUFFIXES as DATA_SUFFIXES
from tekan.dataset.scan import YEAR_FOLDER as YEAR_FOLDER
from tekan.dataset.scan import YearFolder, scan_data
from tekan.dataset.schemas import (
    COLLECTION_SCHEMAS,
    ID_PATTERN,
    Award,
    AwardFile,
    City,
    CityFile,
    EntryData,
    Figure,
    FigureFile,
    IssueInfo,
    Schema,
    SearchSynonym,
    SearchSynonymFile,
    Section,
    Site,
    SiteKind,
    SiteKindFile,
    SiteList,
)
from tekan.dataset.validation import validate
from tekan.dataset.yamlio import PathKey, YamlDocument, YamlProblem, decode_text, format_loc, parse_yaml, read_regular
from tekan.errors import DataError, DataErrors, display_path, quote
from tekan.markup.story import story_problems
from tekan.numbers import format_figure

# Below this many files to parse, a second process costs more than it saves.
PARALLEL_MIN_FILES = 500


# Readers' words for the site's pages (统计 -> 数说), read by the search index.
SEARCH_SYNONYMS_FILE = "search_synonyms.yml"


@dataclass(frozen=True)
class Origin:
    """Where a record came from, so that later checks can still point at its lines."""

    doc: YamlDocument
    loc: PathKey = ()
    entry: str = ""

    def error(self, path: str | PathKey, message: str) -> DataError:
        loc = self.loc + ((path,) if isinstance(path, str) and path else tuple(path or ()))
        line, column = self.doc.position(loc)
        return DataError(self.doc.display, line, column, format_loc(loc), message, self.entry)


@dataclass(frozen=True)
class HonourRecord:
    award: Award
    year: int
    level: str


@dataclass
class Entry:
    """One person, collective or site, validated and with its references resolved."""

    id: str
    collection: str
    year: int
    data: EntryData
    origin: Origin
    city: City | None = None
    honours: list[HonourRecord] = field(default_factory=list)
    site_kind: SiteKind | None = None
    section: Section | None = None
    photo: Path | None = None

    @property
    def name(self) -> str:
        return self.data.name

    @property
    def sample(self) -> bool:
        return self.data.sample

    @property
    def url(self) -> str:
        return f"{self.year}/{self.collection}/{self.id}/"


@dataclass
class FigureRecord:
    """A statistic with its display form made from the number."""

    data: Figure
    section: Section | None
    origin: Origin

    @property
    def id(self) -> str:
        return self.data.id

    @property
    def display(self) -> str:
        return format_figure(self.data.value, self.data.unit, self.data.qualifier or "")


@dataclass
class Issue:
    """One annual special issue: data/<year>/."""

    year: int
    folder: Path
    info: IssueInfo
    figures: list[FigureRecord] = field(default_factory=list)
    entries: dict[str, list[Entry]] = field(default_factory=lambda: {c: [] for c in COLLECTIONS})

    def all_entries(self) -> Iterable[Entry]:
        for collection in COLLECTIONS:
            yield from self.entries[collection]


@dataclass
class SiteData:
    """Everything under data/, ready for page models."""

    cities: list[City]
    awards: list[Award]
    site_kinds: list[SiteKind]
    issues: list[Issue]
    # Files named but not read (hidden files, editors' backups): shown, not fatal.
    notices: list[DataError] = field(default_factory=list)
    # Readers' words for pages (data/search_synonyms.yml, optional), each with where it was written.
    search_synonyms: list[tuple[SearchSynonym, Origin]] = field(default_factory=list)

    @property
    def latest(self) -> Issue:
        return self.issues[-1]

    def issue(self, year: int) -> Issue:
        return next(issue for issue in self.issues if issue.year == year)


class Lookup:
    """Names as editors write them (广州, 广州市, guangzhou, 广东省广州市) mapped to one record.

    Attributes may hold one name or a list of names (an award's `aliases`). Lookups
    ignore case, blanks and full-width letters; `prefixes` are dropped before a
    second try, so that 广东省广州市 finds 广州市.
    """

    def __init__(self, records: Iterable, *attributes: str, what: str, prefixes: tuple[str, ...] = ()):
        self.what = what
        self.prefixes = tuple(self.key(prefix) for prefix in prefixes)
        self.by_name: dict[str, object] = {}
        self.names: list[str] = []
        self._display: dict[int, str] = {}
        for record in records:
            for attribute in attributes:
                value = getattr(record, attribute)
                for name in value if isinstance(value, (list, tuple)) else [value]:
                    self.by_name.setdefault(name, record)
                    self.by_name.setdefault(self.key(name), record)
            self.names.append(getattr(record, attributes[-1]))
            self._display[id(record)] = self.names[-1]

    @staticmethod
    def key(name: str) -> str:
        """The form names are compared in: NFKC (full-width letters to half-width), no blanks, lower case."""
        return "".join(unicodedata.normalize("NFKC", name).split()).lower()

    def find(self, name: str):
        if name in self.by_name:
            return self.by_name[name]
        key = self.key(name)
        if key in self.by_name:
            return self.by_name[key]
        for prefix in self.prefixes:
            if key.startswith(prefix) and key[len(prefix) :] in self.by_name:
                return self.by_name[key[len(prefix) :]]
        return None

    def display(self, record) -> str:
        """The name a record is shown by (the last attribute given)."""
        return self._display[id(record)]

    def nearest(self, name: str) -> list[str]:
        """The valid names an editor most likely meant: a homophone first (a slip of the
        pinyin input method, 广洲 for 广州), else the closest spellings of any accepted
        form; several only when they are equally close (五一劳动奖章: 全国 or 广东省)."""
        key = self.key(name)
        candidates = [known for known in self.by_name if known == self.key(known)]
        sounds = _pinyin(key)
        if sounds:
            homophones = {
                id(self.by_name[known]): self.by_name[known] for known in candidates if _pinyin(known) == sounds
            }
            if len(homophones) == 1:
                return [self.display(next(iter(homophones.values())))]
        scores: dict[int, tuple[float, object]] = {}
        matcher = difflib.SequenceMatcher(b=key)
        for known in candidates:
            matcher.set_seq1(known)
            score = matcher.ratio()
            record = self.by_name[known]
            if score >= 0.5 and score > scores.get(id(record), (0.0, None))[0]:
                scores[id(record)] = (score, record)
        if not scores:
            return []
        best = max(score for score, _ in scores.values())
        return [self.display(record) for score, record in scores.values() if score == best][:3]

    def unknown(self, name: str) -> str:
        quoted = [f"「{known}」" for known in self.nearest(name)]
        nearest = "、".join(quoted[:-1]) + "或" + quoted[-1] if len(quoted) > 1 else "".join(quoted)
        space = " " if self.what[:1].isascii() else ""
        return f"{quote(name)}不是{space}{self.what}" + (f"（是否为{nearest}？）" if nearest else "")


def _pinyin(text: str) -> tuple[str, ...]:
    """Toneless pinyin of the Chinese characters in `text`; empty if it has none.
    Imported lazily: only a misspelt name needs it, never a clean build."""
    if not any("\u4e00" <= char <= "\u9fff" for char in text):
        return ()
    from pypinyin import lazy_pinyin

    return tuple(lazy_pinyin(text))


class _FileMemo:
    """Files read by the latest load in this process, by path and exact bytes.

    `mkdocs serve` loads all of data/ again after every save; a file whose bytes
    have not changed need not be parsed and validated again. Only values read
    from the file are kept (its document and validated model, which nothing
    changes afterwards); every check between files runs again on every load.
    """

    def __init__(self):
        self.files: dict[str, tuple[bytes, str, YamlDocument | None, list[DataError]]] = {}
        self.seen: set[str] = set()

    def recall(self, path: Path, display: str) -> tuple[YamlDocument | None, list[DataError]] | None:
        """What the file gave last time, if it is known and its bytes are unchanged; else None."""
        key = str(path.absolute())
        known = self.files.get(key)
        if known is None or known[1] != display:
            return None
        try:
            raw = read_regular(path, display)
        except YamlProblem:
            return None
        if known[0] != raw:
            return None
        self.seen.add(key)
        return known[2], known[3]

    def remember(self, path: Path, parsed: _ParsedFile) -> None:
        key = str(path.absolute())
        self.seen.add(key)
        if parsed.raw is None:  # an unreadable file is tried again next time
            self.files.pop(key, None)
        else:
            self.files[key] = (parsed.raw, parsed.display, parsed.doc, parsed.errors)

    def forget_unseen(self) -> None:
        """Keep only the files of the latest load, so a long `serve` does not grow."""
        for key in self.files.keys() - self.seen:
            del self.files[key]
        self.seen = set()


class _ParsedFile:
    """One data file read and parsed, in this process or in the helper process of `map_shared`."""

    __slots__ = ("display", "doc", "errors", "path", "raw")

    def __init__(
        self, path: Path | None, display: str, raw: bytes | None, doc: YamlDocument | None, errors: list[DataError]
    ):
        self.path, self.display, self.raw, self.doc, self.errors = path, display, raw, doc, errors

    def __reduce__(self):
        # Sent from the helper process: no path (the receiver puts its own back), and the
        # document without its text, which is the file's bytes decoded again on arrival.
        doc = self.doc
        shipped = None if doc is None else (doc.value, doc._positions, doc._key_positions)
        return _received_file, (self.display, self.raw, shipped, self.errors or None)


def _received_file(display: str, raw: bytes | None, shipped, errors: list[DataError] | None) -> _ParsedFile:
    doc = None
    if shipped is not None and raw is not None:  # a parsed document always comes with its bytes
        value, positions, key_positions = shipped
        # The receiver puts the real path back on arrival (the file's `path` is None until then).
        doc = YamlDocument(Path(display), display, value, positions, key_positions, text=decode_text(raw, display))
    return _ParsedFile(None, display, raw, doc, errors or [])


def _parse_file(job: tuple[Path, str]) -> _ParsedFile:
    """Read and parse one file; every problem is returned as errors, never raised."""
    path, display = job
    try:
        raw = read_regular(path, display)
    except YamlProblem as problem:
        return _ParsedFile(path, display, None, None, problem.errors)
    try:
        return _ParsedFile(path, display, raw, parse_yaml(decode_text(raw, display), path, display), [])
    except YamlProblem as problem:
        return _ParsedFile(path, display, raw, None, problem.errors)


_MEMO = _FileMemo()


def _validated(doc: YamlDocument, schema: type[Schema]) -> tuple[Schema | None, list[DataError]]:
    """A whole document checked against a schema, once: the result stays with the document
    (and so, through the memo, while its file is unchanged)."""
    if schema not in doc.derived:
        doc.derived[schema] = validate(doc, schema)
    return doc.derived[schema]


def _entry_schema(collection: str, path: Path, doc: YamlDocument) -> type[Schema] | None:
    """What an entry file is read as: a list of sites, one entry of its collection,
    or nothing when its name cannot be the entry's id."""
    if collection == "sites" and isinstance(doc.value, dict) and "entries" in doc.value:
        return SiteList
    return COLLECTION_SCHEMAS[collection] if ID_PATTERN.match(path.name.rsplit(".", 1)[0]) else None


class _Loader:
    def __init__(self, data_dir: Path, root: Path | None):
        self.data_dir = data_dir
        self.root = root
        self.errors: list[DataError] = []
        # Links and special files the folder scan refused: never opened, already reported.
        self.refused: set[Path] = set()
        # Resolving every path costs a system call per folder level; with tens of
        # thousands of files, name them from the data folder's one resolved name.
        self._data_display = display_path(data_dir, root)
        self._data_prefix = str(data_dir) + os.sep

    def display(self, path: Path) -> str:
        text = str(path)
        if text.startswith(self._data_prefix):
            return self._data_display + "/" + text[len(self._data_prefix) :].replace(os.sep, "/")
        return display_path(path, self.root)

    def read(self, path: Path) -> YamlDocument | None:
        return self.read_all([path])[0]

    def read_all(
        self, paths: list[Path], prepare: Callable[[int, YamlDocument], object] | None = None
    ) -> list[YamlDocument | None]:
        """Each file parsed (None where it could not be, with its errors recorded). Files read by
        the previous load and unchanged since come from the memo; when many are left, a second
        process reads some of them, and `prepare(index, document)` runs here for each document
        as it arrives, while that process still reads."""
        documents: list[YamlDocument | None] = [None] * len(paths)
        fresh: list[int] = []
        jobs: list[tuple[Path, str]] = []
        for index, path in enumerate(paths):
            if path in self.refused:
                continue
            display = self.display(path)
            known = _MEMO.recall(path, display) if _MEMO.files else None
            if known is None:
                fresh.append(index)
                jobs.append((path, display))
                continue
            documents[index] = known[0]
            self.errors.extend(known[1])
            if prepare is not None and known[0] is not None:
                prepare(index, known[0])

        def arrived(position: int, parsed: _ParsedFile) -> None:
            index = fresh[position]
            if parsed.path is None:  # from the other process
                parsed.path = paths[index]
                if parsed.doc is not None:
                    parsed.doc.path = parsed.path
            _MEMO.remember(paths[index], parsed)
            documents[index] = parsed.doc
            self.errors.extend(parsed.errors)
            if prepare is not None and parsed.doc is not None:
                prepare(index, parsed.doc)

        map_shared(_parse_file, jobs, then=arrived, min_items=PARALLEL_MIN_FILES)
        return documents

    def validate(self, doc: YamlDocument, schema: type[Schema]):
        """A whole document against its schema, its errors recorded."""
        result, errors = _validated(doc, schema)
        self.errors.extend(errors)
        return result

    def model(self, path: Path, schema: type[Schema]):
        doc = self.read(path)
        if doc is None:
            return None, None
        return doc, self.validate(doc, schema)

    def required_file(self, path: Path, what: str) -> bool:
        if path in self.refused:
            return False
        if not path.is_file():
            self.errors.append(DataError(self.display(path), message=f"找不到{what}文件；每个年度文件夹都需要它。"))
            return False
        return True

    def unique(self, records: Iterable[tuple[str, Origin]], what: str) -> None:
        seen: dict[str, Origin] = {}
        for record_id, origin in records:
            if record_id in seen:
                first = seen[record_id]
                self.errors.append(
                    origin.error(
                        "id" if origin.loc else "",
                        (
                            f"编号「{record_id}」重复：{first.doc.display} 第 {first.doc.position(first.loc)[0]} 行"
                            f"已用过；{what}的编号在同一年度内不能重复，请改用另一个编号。"
                        ),
                    )
                )
            else:
                seen[record_id] = origin

    # Shared reference data -------------------------------------------------

    def load_reference(self):
        cities = awards = kinds = []
        doc, result = self.model(self.data_dir / "cities.yml", CityFile)
        if result:
            cities = result.cities
            self.unique(((c.id, Origin(doc, ("cities", i))) for i, c in enumerate(cities)), "城市")
        doc, result = self.model(self.data_dir / "awards.yml", AwardFile)
        if result:
            awards = result.awards
            self.unique(((a.id, Origin(doc, ("awards", i))) for i, a in enumerate(awards)), "荣誉")
        doc, result = self.model(self.data_dir / "site_kinds.yml", SiteKindFile)
        if result:
            kinds = result.kinds
        return cities, awards, kinds

    def load_search_synonyms(self) -> list[tuple[SearchSynonym, Origin]]:
        path = self.data_dir / SEARCH_SYNONYMS_FILE
        if not path.is_file():
            return []
        doc, result = self.model(path, SearchSynonymFile)
        if not result:
            return []
        return [(synonym, Origin(doc, ("synonyms", i))) for i, synonym in enumerate(result.synonyms)]

    # One annual issue ------------------------------------------------------

    def load_issue(self, year: YearFolder) -> Issue | None:
        folder = year.folder
        issue_path = folder / "issue.yml"
        if not self.required_file(issue_path, "特刊说明 issue.yml "):
            return None
        doc, info = self.model(issue_path, IssueInfo)
        if info is None:
            return None
        issue = Issue(year=int(folder.name), folder=folder, info=info)
        self.unique(((s.id, Origin(doc, ("sections", i))) for i, s in enumerate(info.sections)), "专题")
        stats_path = folder / "stats.yml"
        if stats_path.is_file() and stats_path not in self.refused:
            doc, stats = self.model(stats_path, FigureFile)
            if stats:
                issue.figures = [
                    FigureRecord(f, None, Origin(doc, ("figures", i))) for i, f in enumerate(stats.figures)
                ]
                for figure in issue.figures:
                    for field_name, message in figure_problems(figure.data):
                        self.errors.append(figure.origin.error(field_name, message))
        # All entry files at once, so that a second process can share the reading; each is
        # checked against its schema as it arrives, and the results kept for load_collection.
        listed = [(collection, path) for collection in COLLECTIONS for path in year.files[collection]]

        def check_early(index: int, doc: YamlDocument) -> None:
            collection, path = listed[index]
            schema = _entry_schema(collection, path, doc)
            if schema is not None:
                _validated(doc, schema)

        documents = self.read_all([path for _, path in listed], check_early)
        for collection in COLLECTIONS:
            files = [(path, doc) for (of, path), doc in zip(listed, documents, strict=True) if of == collection]
            issue.entries[collection] = self.load_collection(files, collection, issue.year)
        return issue

    def load_collection(self, files: list[tuple[Path, YamlDocument | None]], collection: str, year: int) -> list[Entry]:
        entries = []
        for path, doc in files:
            if doc is None:
                continue
            schema = _entry_schema(collection, path, doc)
            if schema is SiteList:
                entries.extend(self.load_site_list(doc, year))
                continue
            if schema is None:
                self.errors.append(
                    DataError(
                        doc.display,
                        message=(f"文件名{quote(path.name)}不能作网址；请改为小写拼音，用连字符分隔，如 li-ming.yml。"),
                    )
                )
                continue
            data = self.validate(doc, schema)
            if data is not None:
                entries.append(Entry(path.name.rsplit(".", 1)[0], collection, year, data, Origin(doc)))
        return entries

    def load_site_list(self, doc: YamlDocument, year: int) -> list[Entry]:
        listing = self.validate(doc, SiteList)
        if listing is None:
            return []
        entries = []
        for index, item in enumerate(listing.entries):
            loc = ("entries", index)
            origin = Origin(doc, loc, item.id)
            if not ID_PATTERN.match(item.id):
                self.errors.append(
                    origin.error("id", f"编号{quote(item.id)}不能作网址；请改为小写拼音或字母数字，用连字符分隔。")
                )
                continue
            values = {name: getattr(item, name) for name in item.model_fields_set if name != "id"}
            for default in ("kind", "city"):
                if values.get(default) is None and getattr(listing, default):
                    values[default] = getattr(listing, default)
            values["sample"] = item.sample or listing.sample
            site_schema = Site
            if values.get("kind") and values.get("city"):
                # Every value was validated as part of the list; only kind and city
                # were optional there, and both are now filled in: no second pass.
                given = set(values)
                for name, defaults in site_schema.model_fields.items():
                    if name not in values:  # defaults filled here: pydantic inspects each factory's signature
                        # Our schemas' factories take no arguments (list, dict).
                        factory = cast(Callable[[], Any] | None, defaults.default_factory)
                        values[name] = factory() if factory else defaults.default
                site: Site | None = site_schema.model_construct(_fields_set=given, **values)
            else:
                site, errors = validate(doc, site_schema, values, loc, item.id)
                self.errors.extend(errors)
            if site is not None:
                entries.append(Entry(item.id, "sites", year, site, origin))
        return entries


class _References:
    """Checks that need every file loaded: names of cities, awards, kinds, sections, photos."""

    def __init__(self, cities, awards, kinds):
        self.cities = city_lookup(cities)
        self.awards = award_lookup(awards)
        self.site_kinds = site_kind_lookup(kinds)
        self.errors: list[DataError] = []

    def resolve_issue(self, issue: Issue) -> None:
        sections = section_lookup(issue.info)
        for figure in issue.figures:
            figure.section = self.find(sections, figure.data.section, figure.origin, "section")
        photos = issue.folder / "photos"
        photos_resolved = photos.resolve()
        for entry in issue.all_entries():
            self.resolve_entry(entry, sections, photos, photos_resolved)

    def find(self, lookup: Lookup, name: str | None, origin: Origin, field_name: str | PathKey):
        if name is None:
            return None
        record = lookup.find(name)
        if record is None:
            self.errors.append(origin.error(field_name, lookup.unknown(name) + "。"))
        return record

    def resolve_entry(self, entry: Entry, sections: Lookup, photos: Path, photos_resolved: Path | None = None) -> None:
        data = entry.data
        entry.city = self.find(self.cities, data.city, entry.origin, "city")
        entry.section = self.find(sections, data.section, entry.origin, "section")
        if entry.collection == "sites":
            entry.site_kind = self.find(self.site_kinds, data.kind, entry.origin, "kind")
        given: dict[tuple[str, int], int] = {}
        for index, honour in enumerate(getattr(data, "honours", [])):
            award = self.find(self.awards, honour.award, entry.origin, ("honours", index, "award"))
            if award is None:
                continue
            if (award.id, honour.year) in given:
                first = entry.origin.doc.position((*entry.origin.loc, "honours", given[award.id, honour.year]))[0]
                message = (
                    f"「{award.name}」{honour.year} 年已在第 {first} 行写过；同一荣誉同一年只写一次，请删除这一项。"
                )
                self.errors.append(entry.origin.error(("honours", index), message))
                continue
            given[award.id, honour.year] = index
            if honour.level and honour.level != award.level:
                self.errors.append(
                    entry.origin.error(
                        ("honours", index, "level"),
                        (
                            f"「{award.name}」是{award.level}荣誉，"
                            f"实际写了{quote(honour.level)}；请删除 level 或改为「{award.level}」。"
                        ),
                    )
                )
            if award.recipient != data.kind:
                self.errors.append(
                    entry.origin.error(
                        ("honours", index, "award"),
                        (f"「{award.name}」只授予{award.recipient}，而本条目是{data.kind}；请检查 kind 或荣誉名称。"),
                    )
                )
            entry.honours.append(HonourRecord(award, honour.year, award.level))
        for problem in story_problems(data.story):
            self.errors.append(entry.origin.error("story", f"正文里的{problem}"))
        if data.photo:
            path = (photos / data.photo).resolve()
            if not path.is_relative_to(photos_resolved or photos.resolve()):
                self.errors.append(
                    entry.origin.error("photo", f"照片路径应在 photos 文件夹之内，实际为{quote(data.photo)}。")
                )
            elif not path.is_file():
                self.errors.append(
                    entry.origin.error(
                        "photo",
                        (
                            f"找不到照片{quote(data.photo)}；请把照片放进 "
                            f"{photos.parent.parent.name}/{photos.parent.name}/photos/ 文件夹，或改正文件名。"
                        ),
                    )
                )
            else:
                entry.photo = path


def load_reference_data(
    data_dir: Path, root: Path | None = None
) -> tuple[list[City], list[Award], list[SiteKind], dict[int, IssueInfo]]:
    """Cities, awards, site kinds and every year's issue.yml, without the entries:
    enough to name what editors may write, even while some entry is half-written."""
    loader = _Loader(Path(data_dir), root)
    cities, awards, kinds = loader.load_reference()
    issues = {}
    for folder in sorted(loader.data_dir.iterdir()) if loader.data_dir.is_dir() else []:
        if folder.is_dir() and YEAR_FOLDER.match(folder.name) and (folder / "issue.yml").is_file():
            _, info = loader.model(folder / "issue.yml", IssueInfo)
            if info is not None:
                issues[int(folder.name)] = info
    if loader.errors:
        raise DataErrors(loader.errors)
    return cities, awards, kinds, issues


# The names data files and article shortcodes alike accept for a city, an award and a kind of site.


def city_lookup(cities: Iterable[City], what: str = "广东省的地级市") -> Lookup:
    return Lookup(cities, "id", "name", "short", what=what, prefixes=("广东省", "广东"))


def award_lookup(awards: Iterable[Award], what: str = "awards.yml 中的荣誉") -> Lookup:
    return Lookup(awards, "id", "aliases", "name", what=what)


def site_kind_lookup(kinds: Iterable[SiteKind], what: str = "site_kinds.yml 中的阵地类型") -> Lookup:
    return Lookup(kinds, "id", "short", "name", what=what)


def section_lookup(info: IssueInfo) -> Lookup:
    return Lookup(info.sections, "id", "title", what="本年度 issue.yml 中的专题")


class EntryChecker:
    """Checks single entries exactly as `load_site_data` does (schema, then names of
    city, award, site kind, section and photo), against one year's reference data and
    without loading the other entries: for `tekan new` and `tekan import`, which must
    work while other entries are still being written."""

    def __init__(self, data_dir: Path, year: int, root: Path | None = None):
        loader = _Loader(Path(data_dir), root)
        if not loader.data_dir.is_dir():
            raise DataErrors([DataError(loader.display(loader.data_dir), message="找不到数据文件夹。")])
        cities, awards, kinds = loader.load_reference()
        self.year = year
        self.folder = loader.data_dir / str(year)
        info = None
        if loader.required_file(self.folder / "issue.yml", "特刊说明 issue.yml "):
            _, info = loader.model(self.folder / "issue.yml", IssueInfo)
        if loader.errors or info is None:
            raise DataErrors(loader.errors)
        self.info: IssueInfo = info
        self.references = _References(cities, awards, kinds)
        self.sections = section_lookup(info)

    def check(self, doc: YamlDocument, collection: str, entry_id: str) -> tuple[Entry | None, list[DataError]]:
        """The entry as the build would see it, or the errors the build would print."""
        data, errors = validate(doc, COLLECTION_SCHEMAS[collection])
        if data is None:
            return None, errors
        entry = Entry(entry_id, collection, self.year, data, Origin(doc))
        self.references.errors = []
        self.references.resolve_entry(entry, self.sections, self.folder / "photos")
        errors = self.references.errors
        return (None if errors else entry), errors


def load_site_data(data_dir: Path, root: Path | None = None) -> SiteData:
    """Load and check all of data/; raise DataErrors listing every problem found."""
    # Loading makes millions of objects and almost no reference cycles: the cycle
    # collector would spend a fifth of the time walking them for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_site_data(data_dir, root)
    finally:
        _MEMO.forget_unseen()
        if collecting:
            gc.enable()


def _load_site_data(data_dir: Path, root: Path | None) -> SiteData:
    loader = _Loader(Path(data_dir), root)
    if not loader.data_dir.is_dir():
        raise DataErrors([DataError(loader.display(loader.data_dir), message="找不到数据文件夹。")])
    tree = scan_data(loader.data_dir, loader.display)
    loader.errors.extend(tree.errors)
    loader.refused = tree.refused
    cities, awards, kinds = loader.load_reference()
    synonyms = loader.load_search_synonyms()
    issues = []
    for year in tree.years:
        issue = loader.load_issue(year)
        if issue is not None:
            issues.append(issue)
    if not issues and not loader.errors:
        loader.errors.append(
            DataError(
                loader.display(loader.data_dir),
                message=("没有任何年度文件夹；请新建一个以四位年份命名的文件夹（如 2023），并在其中放入 issue.yml。"),
            )
        )
    references = _References(cities, awards, kinds)
    for issue in issues:
        loader.unique(((e.id, e.origin) for e in issue.all_entries()), "条目")
        loader.unique(((f.id, f.origin) for f in issue.figures), "数据")
        references.resolve_issue(issue)
    errors = loader.errors + references.errors
    if errors:
        raise DataErrors(errors, tree.notices)
    return SiteData(
        cities=cities,
        awards=awards,
        site_kinds=kinds,
        issues=issues,
        notices=sorted(tree.notices),
        search_synonyms=synonyms,
    )
