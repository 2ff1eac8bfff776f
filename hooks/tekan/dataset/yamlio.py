"""Strict YAML reading for editors' files.

PyYAML's own constructors are too forgiving for hand-edited data: duplicate keys
silently keep the last value, `no` becomes False, `0101234` becomes an octal
number, and a full-width colon turns a whole mapping into one string. So we let
the C parser produce events and build plain values ourselves, keeping the
position of every value for error messages.

Plain scalars stay text unless they are `true`, `false` or empty/`null`: the
schema decides whether "2023" is a number or "0101234" a phone number.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from tekan.errors import DataError, quote

try:  # The C parser is several times faster; fall back when libyaml is absent.
    from yaml import CSafeLoader as _Loader
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

    _CParser = None

_Scalar, _Alias = yaml.ScalarEvent, yaml.AliasEvent
_MappingStart, _MappingEnd = yaml.MappingStartEvent, yaml.MappingEndEvent
_SequenceStart, _SequenceEnd = yaml.SequenceStartEvent, yaml.SequenceEndEvent
_StreamStart, _StreamEnd = yaml.StreamStartEvent, yaml.StreamEndEvent
_DocumentStart, _DocumentEnd = yaml.DocumentStartEvent, yaml.DocumentEndEvent
_SPECIAL = {"true": True, "false": False, "": None, "~": None, "null": None}

PathKey = tuple[Any, ...]

# Field names are ASCII, so a latin word followed by a full-width colon is a key
# gone wrong (`city： 广州`), while Chinese prose with ： is left alone.
_FULLWIDTH_KEY = re.compile(r"^\s*-?\s*[A-Za-z_][\w-]*\s*：")
# A key glued to its value, e.g. `name:李明` (but not `https://...` or `mailto:...`).
_GLUED_KEY = re.compile(
    r"^(?!(?:https?|mailto|tel|javascript|vbscript|data|ftp|file|about|blob):)([A-Za-z_][\w-]*):(?!//)\S"
)


class YamlDocument:
    """A loaded file: its plain value and where each value starts (1-based).

    Positions are only needed to point at a mistake, which is rare, so a file
    read by the fast path records none: they are found, on first use, by
    parsing its text again with the position-keeping builder.
    """

    def __init__(
        self,
        path: Path,
        display: str,
        value: Any = None,
        positions: dict[PathKey, tuple[int, int]] | None = None,
        key_positions: dict[PathKey, tuple[int, int]] | None = None,
        text: str | None = None,
    ):
        self.path = path
        self.display = display
        self.value = value
        self.text = text
        # Results derived from this document (its validated model), reused while its file is unchanged.
        self.derived: dict[Any, Any] = {}
        self._positions = positions if positions is not None or text is not None else {}
        self._key_positions = key_positions if key_positions is not None or text is not None else {}

    def __repr__(self) -> str:
        return f"YamlDocument({self.display!r})"

    def _locate(self) -> None:
        located = YamlDocument(self.path, self.display)
        try:
            _Builder(located).build(_PeekableEvents(yaml.parse(self.text or "", Loader=_Loader)))
        except yaml.YAMLError:  # pragma: no cover - the text parsed once already
            pass
        self._positions, self._key_positions = located._positions, located._key_positions

    @property
    def positions(self) -> dict[PathKey, tuple[int, int]]:
        if self._positions is None:
            self._locate()
        return self._positions

    @property
    def key_positions(self) -> dict[PathKey, tuple[int, int]]:
        if self._key_positions is None:
            self._locate()
        return self._key_positions

    def position(self, loc: PathKey) -> tuple[int, int]:
        """Best known position for a path: the value, else its key, else the nearest parent."""
        loc = tuple(loc)
        positions, key_positions = self.positions, self.key_positions
        while True:
            if loc in positions:
                return positions[loc]
            if loc in key_positions:
                return key_positions[loc]
            if not loc:
                return (1, 1)
            loc = loc[:-1]


class YamlProblem(Exception):
    """A file that cannot be read as data at all; carries ready-made errors."""

    def __init__(self, errors: list[DataError]):
        self.errors = errors
        super().__init__("\n".join(map(str, errors)))


def decode_text(raw: bytes, display: str) -> str:
    """UTF-8 (with or without BOM) only; other encodings get a message saying how to re-save."""
    resave = "请在编辑器中选择「另存为」，编码选 UTF-8 后保存。"
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(raw) > 1 and b"\x00" in raw[:200]):
        raise YamlProblem([DataError(display, 1, 1, message=f"文件是 UTF-16 编码，无法读取。{resave}")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        try:
            raw.decode("gb18030")
            found = "文件似乎是 GBK/GB2312 编码（Excel 和记事本在中文系统上的默认编码）"
        except UnicodeDecodeError:
            found = "文件含有不是 UTF-8 的字节"
        raise YamlProblem([DataError(display, line, 1, message=f"{found}，无法读取。{resave}")]) from None


def find_tab_indents(text: str, display: str) -> list[DataError]:
    errors = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            errors.append(
                DataError(
                    display,
                    number,
                    indent.index("\t") + 1,
                    message="缩进里有制表符（Tab）。YAML 只能用空格缩进，请把 Tab 换成两个空格。",
                )
            )
    return errors


_PARSER_PROBLEMS = {
    "could not find expected ':'": "这一行缺少冒号「:」，或上一行的引号没有闭合",
    "mapping values are not allowed": "此处不能出现「:」：请检查这一行的缩进是否与上一行对齐；值里含有冒号时，请把整个值用引号括起来",
    "did not find expected ',' or ']'": "方括号 [ ] 没有配对，或列表项之间缺少逗号",
    "did not find expected ',' or '}'": "花括号 { } 没有配对，或字段之间缺少逗号",
    "found character that cannot start any token": "出现了不能开头的字符（如 Tab、@ 或 `）；请改用空格，或给值加引号",
    "did not find expected key": "缩进不整齐，或值里的引号、括号没有配对",
    "did not find expected '-' indicator": "列表项的缩进不整齐，每个「- 」应对齐",
    "found unexpected end of stream": "文件在引号或括号闭合之前就结束了",
    "found undefined alias": "使用了未定义的别名（*）",
    "expected <block end>, but found": "缩进不整齐：同一层的字段应左对齐",
}


def _translate_parser_error(exc: yaml.MarkedYAMLError, text: str, display: str) -> DataError:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    problem = exc.problem or ""
    # A full-width colon makes the parser stumble a line or two later: point at it instead.
    lines = text.splitlines()
    for number in range(max(line - 2, 0), min(line, len(lines))):
        if _FULLWIDTH_KEY.match(lines[number]):
            return DataError(
                display,
                number + 1,
                lines[number].index("：") + 1,
                message=("用了全角冒号「：」；字段名后面请改成半角冒号「:」并加一个空格。"),
            )
    # `unit:示例公司` is read as text, not a field, and the parser only stumbles afterwards.
    for number in range(max(line - 2, 0), min(line, len(lines))):
        if match := _GLUED_KEY.match(lines[number].strip()):
            return DataError(
                display,
                number + 1,
                lines[number].index(":") + 1,
                message=(f"冒号后缺少空格；请写成「{match.group(1)}: …」（半角冒号后加一个空格）。"),
            )
    for english, chinese in _PARSER_PROBLEMS.items():
        if english in problem:
            problem = chinese
            break
    else:
        problem = f"YAML 格式错误（{problem}）"
    return DataError(display, line, column, message=f"{problem}。")


class _Builder:
    """Turns PyYAML events into plain values, refusing what editors should never need."""

    def __init__(self, doc: YamlDocument):
        self.doc = doc
        self.errors: list[DataError] = []

    def error(self, event: yaml.Event, message: str, loc: PathKey = ()) -> None:
        mark = event.start_mark
        self.errors.append(
            DataError(self.doc.display, mark.line + 1, mark.column + 1, field=format_loc(loc), message=message)
        )

    def build(self, events) -> Any:
        value = None
        documents = 0
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    self.error(event, "一个文件只能有一份数据；请删除多余的「---」分隔线。")
                    break
                value = self.node(events, ())
        return value

    def node(self, events, loc: PathKey) -> Any:
        event = next(events)
        if isinstance(event, yaml.DocumentEndEvent):
            return None
        mark = event.start_mark
        self.doc.positions[loc] = (mark.line + 1, mark.column + 1)
        if isinstance(event, yaml.AliasEvent):
            self.error(event, "不支持别名（*…）；请把内容直接写出来。", loc)
            return None
        if getattr(event, "anchor", None):
            self.error(event, f"不支持锚点（&{event.anchor}）；请删除它，把内容直接写出来。", loc)
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":  # explicit tags such as !!python/object
            self.error(event, f"不支持类型标签「{tag}」；请删除它。", loc)
        if isinstance(event, yaml.ScalarEvent):
            return self.scalar(event, loc)
        if isinstance(event, yaml.SequenceStartEvent):
            items = []
            while not isinstance(self._peek(events), yaml.SequenceEndEvent):
                items.append(self.node(events, loc + (len(items),)))
            next(events)
            return items
        if isinstance(event, yaml.MappingStartEvent):
            return self.mapping(events, loc)
        raise AssertionError(f"unexpected YAML event {event!r}")  # pragma: no cover

    def mapping(self, events, loc: PathKey) -> dict:
        result: dict[str, Any] = {}
        while not isinstance(self._peek(events), yaml.MappingEndEvent):
            key_event = self._peek(events)
            key = self.node(events, loc + ("<key>",))
            self.doc.positions.pop(loc + ("<key>",), None)
            if not isinstance(key, str) or isinstance(key_event, yaml.MappingStartEvent):
                self.error(key_event, f"字段名应为文字，实际为{quote(key)}。", loc)
                self.node(events, loc + ("<invalid>",))
                continue
            if key == "<<":
                self.error(key_event, "不支持合并键「<<」；请把字段直接写出来。", loc)
            mark = key_event.start_mark
            if key in result:
                first = self.doc.key_positions[loc + (key,)][0]
                self.error(key_event, f"字段重复出现（第 {first} 行已有「{key}」）；请删除其中一个。", loc + (key,))
            self.doc.key_positions[loc + (key,)] = (mark.line + 1, mark.column + 1)
            result[key] = self.node(events, loc + (key,))
        next(events)
        return result

    def scalar(self, event: yaml.ScalarEvent, loc: PathKey) -> Any:
        text = event.value
        if event.style:  # quoted or block scalar: always text (plain is None or "")
            return text
        if text in ("true", "false"):
            return text == "true"
        if text in ("", "~", "null"):
            return None
        if _FULLWIDTH_KEY.match(text):
            self.error(
                event,
                f"用了全角冒号「：」，{quote(text)} 被读成了一整段文字；请改成半角冒号「:」并在后面加一个空格。",
                loc,
            )
        elif match := _GLUED_KEY.match(text):
            self.error(event, f"冒号后缺少空格，{quote(text)} 被读成了一整段文字；请写成「{match.group(1)}: …」。", loc)
        return text

    @staticmethod
    def _peek(events):
        return events.peek()


class _PeekableEvents:
    def __init__(self, iterator):
        self._iterator = iterator
        self._next = None

    def __iter__(self):
        return self

    def __next__(self):
        if self._next is not None:
            event, self._next = self._next, None
            return event
        return next(self._iterator)

    def peek(self):
        if self._next is None:
            self._next = next(self._iterator)
        return self._next


class _Unusual(Exception):
    """Something the fast path leaves to the careful builder (which then names the mistake)."""


def _fast_value(text: str) -> Any:
    """Plain values straight from the C parser's events, for the files editors normally write.

    It keeps no positions and gives up (`_Unusual`) on anything the careful
    builder would refuse or remark on: anchors, aliases, tags, merge and
    duplicate keys, keys that are not text, several documents, full-width or
    glued colons. The careful builder then reads the file and reports it.
    """
    parser = _CParser(text)
    try:
        get = parser.get_event
        if type(get()) is not _StreamStart:  # pragma: no cover - libyaml always starts a stream
            raise _Unusual
        event = get()
        if type(event) is _StreamEnd:
            return None
        if type(event) is not _DocumentStart:  # pragma: no cover - libyaml always starts a document
            raise _Unusual
        value = _fast_node(get, get())
        if type(get()) is not _DocumentEnd or type(get()) is not _StreamEnd:
            raise _Unusual
        return value
    finally:
        parser.dispose()


def _fast_scalar(event) -> Any:
    if event.anchor is not None or event.tag is not None and event.tag != "!":
        raise _Unusual
    text = event.value
    if event.style:
        return text
    if text in _SPECIAL:
        return _SPECIAL[text]
    if ":" in text and _GLUED_KEY.match(text) or "：" in text and _FULLWIDTH_KEY.match(text):
        raise _Unusual
    return text


def _fast_node(get, event) -> Any:
    # Scalars, nearly all of a file, are handled in line: a call per value adds up over 10,000 files.
    kind = type(event)
    if kind is _Scalar:
        return _fast_scalar(event)
    if kind is _Alias or event.anchor is not None or event.tag is not None:  # (only node events come here)
        raise _Unusual
    if kind is _MappingStart:
        result: dict[str, Any] = {}
        while True:
            key_event = get()
            if type(key_event) is not _Scalar:
                if type(key_event) is _MappingEnd:
                    return result
                raise _Unusual
            key = _fast_scalar(key_event)
            if key.__class__ is not str or key == "<<" or key in result:
                raise _Unusual
            value_event = get()
            if type(value_event) is _Scalar and value_event.anchor is None and value_event.tag is None:
                text = value_event.value
                if value_event.style:
                    result[key] = text
                elif text in _SPECIAL:
                    result[key] = _SPECIAL[text]
                elif ":" in text and _GLUED_KEY.match(text) or "：" in text and _FULLWIDTH_KEY.match(text):
                    raise _Unusual
                else:
                    result[key] = text
            else:
                result[key] = _fast_node(get, value_event)
    if kind is _SequenceStart:
        items = []
        while True:
            item = get()
            if type(item) is _SequenceEnd:
                return items
            items.append(_fast_node(get, item))
    raise _Unusual


def parse_yaml(text: str, path: Path, display: str) -> YamlDocument:
    """Parse editor-written YAML text; raise YamlProblem with every error found."""
    if "\t" in text:
        errors = find_tab_indents(text, display)
        if errors:
            raise YamlProblem(errors)
    if _CParser is not None:
        try:
            value = _fast_value(text)
        except (_Unusual, yaml.YAMLError, AttributeError):
            pass
        else:
            if not (isinstance(value, str) and "：" in value):
                return YamlDocument(path, display, value, text=text)
    return _parse_carefully(text, path, display)


def _parse_carefully(text: str, path: Path, display: str) -> YamlDocument:
    """Build values event by event, keeping every position and naming every problem."""
    doc = YamlDocument(path=path, display=display)
    builder = _Builder(doc)
    try:
        doc.value = builder.build(_PeekableEvents(yaml.parse(text, Loader=_Loader)))
    except yaml.MarkedYAMLError as exc:
        stumble = _translate_parser_error(exc, text, display)
        # The builder may already have named the cause on that line (`name:李明`): say it once.
        raise YamlProblem(builder.errors + [stumble] * all(e.line != stumble.line for e in builder.errors)) from None
    except yaml.YAMLError as exc:  # e.g. a control character the reader rejects
        raise YamlProblem(builder.errors + [DataError(display, message=f"无法读取：{exc}")]) from None
    if isinstance(doc.value, str) and "：" in doc.value and not builder.errors:
        builder.errors.append(
            DataError(
                display,
                1,
                1,
                message=("整个文件被读成了一段文字：字段名后面用了全角冒号「：」；请改成半角冒号「:」并加一个空格。"),
            )
        )
    if builder.errors:
        raise YamlProblem(builder.errors)
    return doc


def load_yaml(path: Path, display: str | None = None) -> YamlDocument:
    """Read and parse one data file."""
    display = display or path.as_posix()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlProblem([DataError(display, message=f"无法打开文件（{exc.strerror}）。")]) from None
    return parse_yaml(decode_text(raw, display), path, display)


def format_loc(loc: PathKey) -> str:
    """('honours', 0, 'year') -> 'honours[0].year'."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text
