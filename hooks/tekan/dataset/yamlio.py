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

import bisect
import contextlib
import errno
import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml

from tekan.dataset.scan import refusal
from tekan.errors import DataError, quote

# The C parser is several times faster; fall back when PyYAML was built without libyaml.
_Loader: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = yaml.SafeLoader
_CParser: type[CParser] | None = None
if yaml.__with_libyaml__:  # pragma: no branch - depends on how PyYAML was built
    from yaml._yaml import CParser

    _Loader, _CParser = yaml.CSafeLoader, CParser

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

    def _locate(self) -> tuple[dict[PathKey, tuple[int, int]], dict[PathKey, tuple[int, int]]]:
        located = YamlDocument(self.path, self.display)
        with contextlib.suppress(yaml.YAMLError):  # the text parsed once already
            _Builder(located).build(_PeekableEvents(yaml.parse(self.text or "", Loader=_Loader)))
        self._positions, self._key_positions = located._positions or {}, located._key_positions or {}
        return self._positions, self._key_positions

    @property
    def positions(self) -> dict[PathKey, tuple[int, int]]:
        if self._positions is None:
            return self._locate()[0]
        return self._positions

    @property
    def key_positions(self) -> dict[PathKey, tuple[int, int]]:
        if self._key_positions is None:
            return self._locate()[1]
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
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(raw[:200]):
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


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 without a BOM: Latin text and line ends have a NUL in every other byte. A stray NUL
    or two in UTF-8 text is not that; it is reported, with its place, by find_invisible."""
    if len(head) < 4:
        return False
    return max(head[0::2].count(0), head[1::2].count(0)) * 4 >= len(head)


# Characters an editor cannot see, which make a value differ from what it looks like, or confuse
# the parser; each is named, with its place, before parsing, instead of as another mistake.
_INVISIBLE_NAMES = {
    "\u200b": "零宽空格",
    "\u200c": "零宽不连字",
    "\u200d": "零宽连字",
    "\u200e": "从左到右标记",
    "\u200f": "从右到左标记",
    "\u202a": "从左到右嵌入",
    "\u202b": "从右到左嵌入",
    "\u202c": "方向格式结束",
    "\u202d": "从左到右强制",
    "\u202e": "从右到左强制",
    "\u2060": "字连接符",
    "\u2066": "从左到右隔离",
    "\u2067": "从右到左隔离",
    "\u2068": "第一强方向隔离",
    "\u2069": "方向隔离结束",
    "\ufeff": "字节顺序标记（BOM）",
    "\u2028": "行分隔符",
    "\u2029": "段分隔符",
    "\u0085": "下一行符（NEL）",
    "\u00ad": "软连字符",
    "\x00": "空字符（NUL）",
}
_INVISIBLE = re.compile("[" + "".join(_INVISIBLE_NAMES) + "\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
# Full-width spaces or no-break spaces where YAML wants plain spaces: before a field or list item, or after a
# field's colon. Inside a story they are text (Chinese paragraphs may start with two full-width spaces), so
# these are only looked for once a file fails to parse, or has a field name that begins with one.
_ODD_SPACE = re.compile(
    r"^[ \t]*([\u3000\u00a0])[ \t\u3000\u00a0]*(?:-[ \t]|[A-Za-z_][\w-]*:)"
    r"|^[ \t]*(?:-[ \t]+)?[A-Za-z_][\w-]*:([\u3000\u00a0])",
    re.MULTILINE,
)
_SPACE_NAMES = {"\u3000": "全角空格", "\u00a0": "不换行空格"}


def character_name(char: str) -> str:
    """零宽空格 U+200B: the Chinese name an editor can search for, and the code point."""
    name = _INVISIBLE_NAMES.get(char) or _SPACE_NAMES.get(char) or "控制字符"
    return f"{name} U+{ord(char):04X}"


def find_invisible(text: str, display: str) -> list[DataError]:
    """Every invisible or control character, and every full-width or no-break space used as a blank."""
    errors = []
    if _INVISIBLE.search(text):
        starts = _line_starts(text)
        for match in _INVISIBLE.finditer(text):
            line, column = _line_column(starts, match.start())
            errors.append(
                DataError(
                    display,
                    line,
                    column,
                    message=f"有一个看不见的字符（{character_name(match.group())}）；请删除它（可把这一行重新输入一遍）。",
                )
            )
    return errors


def find_odd_spaces(text: str, display: str) -> list[DataError]:
    """Full-width or no-break spaces used as YAML's blanks (see _ODD_SPACE)."""
    errors: list[DataError] = []
    if "\u3000" not in text and "\u00a0" not in text:
        return errors
    starts = _line_starts(text)
    for match in _ODD_SPACE.finditer(text):
        group = 1 if match.group(1) else 2
        line, column = _line_column(starts, match.start(group))
        where = "缩进" if group == 1 else "冒号后"
        errors.append(
            DataError(
                display,
                line,
                column,
                message=f"{where}用了{character_name(match.group(group))}；YAML 只认半角空格，请改成普通空格。",
            )
        )
    return errors


def _line_starts(text: str) -> list[int]:
    # Lines as YAML counts them (\n, \r\n, \r): the same numbers the parser's messages use.
    return [0] + [match.end() for match in re.finditer(r"\r\n|\n|\r", text)]


def _line_column(starts: list[int], offset: int) -> tuple[int, int]:
    index = bisect.bisect_right(starts, offset) - 1
    return index + 1, offset - starts[index] + 1


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
    "mapping values are not allowed": (
        "此处不能出现「:」：请检查这一行的缩进是否与上一行对齐；值里含有冒号时，请把整个值用引号括起来"
    ),
    "did not find expected ',' or ']'": "方括号 [ ] 没有配对，或列表项之间缺少逗号",
    "did not find expected ',' or '}'": "花括号 { } 没有配对，或字段之间缺少逗号",
    "found character that cannot start any token": "出现了不能开头的字符（如 Tab、@ 或 `）；请改用空格，或给值加引号",
    "did not find expected key": "缩进不整齐，或值里的引号、括号没有配对",
    "did not find expected '-' indicator": "列表项的缩进不整齐，每个「- 」应对齐",
    "found unexpected end of stream": "文件在引号或括号闭合之前就结束了",
    "found undefined alias": "使用了未定义的别名（*）",
    "expected <block end>, but found": "缩进不整齐：同一层的字段应左对齐",
    "exceeded maximum nesting depth": "括号或缩进嵌套得太深（超过 1000 层）；请检查括号是否配对",
    "found unknown escape character": (
        "双引号里的反斜杠「\\」后面跟了不认识的字符；请改用单引号括起整个值，或写成两个反斜杠「\\\\」"
    ),
    "did not find expected hexdecimal number": "双引号里的「\\x」「\\u」后面应是十六进制数字；请改用单引号括起整个值",
    "found invalid Unicode character escape code": "双引号里的「\\u」编码不是有效的字符；请改用单引号括起整个值",
    "found a tab character": "缩进里有制表符（Tab）；YAML 只能用空格缩进，请把 Tab 换成两个空格",
    "control characters are not allowed": "文件里有看不见的控制字符；请删除它（可把这一行重新输入一遍）",
    "invalid leading UTF-8 octet": "文件含有不是 UTF-8 的字节；请在编辑器中选择「另存为」，编码选 UTF-8 后保存",
    "invalid trailing UTF-8 octet": "文件含有不是 UTF-8 的字节；请在编辑器中选择「另存为」，编码选 UTF-8 后保存",
    "did not find expected node content": "此处缺少值，或值的写法不对（如以「,」「]」「}」开头）；请给值加引号",
    "did not find expected alphabetic or numeric character": (
        "「&」「*」「!」后面缺少名称；值以这些符号开头时，请加引号"
    ),
    "did not find expected <document start>": "文件的写法不对：「---」或「...」分隔线后还有内容；请删除分隔线",
    "block sequence entries are not allowed in this context": "列表项「- 」不能写在这里；请另起一行并缩进两格",
    "mapping keys are not allowed in this context": "此处不能写字段；请检查缩进",
    "found unexpected ':'": "此处不能出现「:」；值里含有冒号时，请把整个值用引号括起来",
    "found undefined tag handle": "不支持以「!」开头的类型标签；请删除它，或给值加引号",
    "found character '\\t' that cannot start any token": "出现了 Tab；YAML 只能用空格，请把 Tab 换成空格",
    "while scanning a directive": "以「%」开头的行不能用在这里；如果是值的一部分，请给值加引号",
    "found duplicate %YAML directive": "以「%」开头的行不能用在这里；请删除它",
    "found incompatible YAML document": "以「%」开头的行不能用在这里；请删除它",
    "input is too long": "文件太大，无法读取；请拆成几个文件",
}
_GENERIC_PROBLEM = "这里的写法不对；请对照其他条目检查引号、冒号、括号和缩进"


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
    return DataError(display, line, column, message=f"{_chinese_problem(problem, exc.context or '')}。")


def _chinese_problem(problem: str, context: str = "") -> str:
    """libyaml's English, in the editor's words; never passed through untranslated."""
    for english, chinese in _PARSER_PROBLEMS.items():
        if english in problem or english in context:
            return chinese
    return f"YAML 格式错误：{_GENERIC_PROBLEM}"


class _Builder:
    """Turns PyYAML events into plain values, refusing what editors should never need."""

    def __init__(self, doc: YamlDocument):
        self.doc = doc
        self.errors: list[DataError] = []

    def error(self, event: yaml.Event, message: str, loc: PathKey = ()) -> None:
        mark = event.start_mark  # the parser marks every event; None only in hand-made ones
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        self.errors.append(DataError(self.doc.display, line, column, field=format_loc(loc), message=message))

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
            items: list[Any] = []
            while not isinstance(self._peek(events), yaml.SequenceEndEvent):
                items.append(self.node(events, (*loc, len(items))))
            next(events)
            return items
        if isinstance(event, yaml.MappingStartEvent):
            return self.mapping(events, loc)
        raise AssertionError(f"unexpected YAML event {event!r}")  # pragma: no cover

    def mapping(self, events, loc: PathKey) -> dict:
        result: dict[str, Any] = {}
        while not isinstance(self._peek(events), yaml.MappingEndEvent):
            key_event = self._peek(events)
            key = self.node(events, (*loc, "<key>"))
            self.doc.positions.pop((*loc, "<key>"), None)
            if not isinstance(key, str) or isinstance(key_event, yaml.MappingStartEvent):
                self.error(key_event, f"字段名应为文字，实际为{quote(key)}。", loc)
                self.node(events, (*loc, "<invalid>"))
                continue
            if key == "<<":
                self.error(key_event, "不支持合并键「<<」；请把字段直接写出来。", loc)
            mark = key_event.start_mark
            if key in result:
                first = self.doc.key_positions[(*loc, key)][0]
                self.error(key_event, f"字段重复出现（第 {first} 行已有「{key}」）；请删除其中一个。", (*loc, key))
            self.doc.key_positions[(*loc, key)] = (mark.line + 1, mark.column + 1)
            result[key] = self.node(events, (*loc, key))
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
    if _CParser is None:  # pragma: no cover - PyYAML built without libyaml
        raise _Unusual
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
    if event.anchor is not None or (event.tag is not None and event.tag != "!"):
        raise _Unusual
    text = event.value
    if event.style:
        return text
    if text in _SPECIAL:
        return _SPECIAL[text]
    if (":" in text and _GLUED_KEY.match(text)) or ("：" in text and _FULLWIDTH_KEY.match(text)):
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
                elif (":" in text and _GLUED_KEY.match(text)) or ("：" in text and _FULLWIDTH_KEY.match(text)):
                    raise _Unusual
                else:
                    result[key] = text
            else:
                result[key] = _fast_node(get, value_event)
    if kind is _SequenceStart:
        items: list[Any] = []
        while True:
            item = get()
            if type(item) is _SequenceEnd:
                return items
            items.append(_fast_node(get, item))
    raise _Unusual


def parse_yaml(text: str, path: Path, display: str) -> YamlDocument:
    """Parse editor-written YAML text; raise YamlProblem with every error found."""
    errors = find_invisible(text, display)
    if "\t" in text:
        errors += find_tab_indents(text, display)
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
        odd = find_odd_spaces(text, display)
        if odd:  # the cause, named, rather than where the parser stumbled over it
            raise YamlProblem(odd) from None
        stumble = _translate_parser_error(exc, text, display)
        # The builder may already have named the cause on that line (`name:李明`): say it once.
        raise YamlProblem(builder.errors + [stumble] * all(e.line != stumble.line for e in builder.errors)) from None
    except yaml.YAMLError as exc:  # e.g. a control character the reader rejects
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = _chinese_problem(str(getattr(exc, "problem", None) or getattr(exc, "reason", None) or exc))
        raise YamlProblem([*builder.errors, DataError(display, line, column, message=f"{problem}。")]) from None
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


# Opened without following a link and without waiting for a writer (a pipe opens at once).
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_FILE_KINDS = (
    (stat.S_ISFIFO, "命名管道"),
    (stat.S_ISSOCK, "套接字"),
    (stat.S_ISCHR, "设备文件"),
    (stat.S_ISBLK, "设备文件"),
)


def read_regular(path: Path, display: str) -> bytes:
    """A plain file's bytes; a link or special file is refused before a byte is read (YamlProblem)."""
    try:
        handle = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise YamlProblem([refusal(display, "符号链接")]) from None
        raise YamlProblem([DataError(display, message=f"无法打开文件（{_os_reason(exc)}）。")]) from None
    with open(handle, "rb", buffering=0) as file:
        mode = os.fstat(handle).st_mode
        if not stat.S_ISREG(mode):
            kind = next((name for test, name in _FILE_KINDS if test(mode)), "特殊文件")
            raise YamlProblem([refusal(display, kind)])
        return file.read()


def _os_reason(exc: OSError) -> str:
    reasons = {
        errno.ENOENT: "文件不存在",
        errno.EACCES: "没有读取权限",
        errno.EPERM: "没有读取权限",
        errno.EISDIR: "这是一个文件夹",
    }
    return (reasons.get(exc.errno) if exc.errno is not None else None) or exc.strerror or "系统错误"


def load_yaml(path: Path, display: str | None = None) -> YamlDocument:
    """Read and parse one data file."""
    display = display or path.as_posix()
    return parse_yaml(decode_text(read_regular(path, display), display), path, display)


def format_loc(loc: PathKey) -> str:
    """('honours', 0, 'year') -> 'honours[0].year'."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text
