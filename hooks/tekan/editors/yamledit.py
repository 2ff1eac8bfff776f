"""Changing some fields of an entry file and leaving every other byte as it was.

An editor's file carries comments, a chosen key order and hand-made line breaks; rewriting
it whole from its values would lose them. So a change replaces only the lines of the
field it concerns: PyYAML's node marks say where each key and value start and end, and
the new lines come from the same writer `tekan new` and `tekan import` use. Comment lines
between fields belong to the next field and stay; a comment at the end of a one-line
value is kept too. Fields are added in the schema's order, removed with their lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from tekan.editors.entryfiles import dump_field

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class _Edit:
    start: int  # first line replaced (0-based)
    end: int  # one past the last line replaced; start == end inserts
    lines: list[str]
    order: int


@dataclass
class FileEditor:
    """Edits to one file's text, gathered and then applied together from the bottom up."""

    text: str
    lines: list[str] = field(init=False)
    root: Any = field(init=False)
    edits: list[_Edit] = field(default_factory=list, init=False)

    def __post_init__(self):
        self.lines = self.text.splitlines(keepends=True)
        if self.lines and not self.lines[-1].endswith("\n"):
            self.lines[-1] += "\n"
        self.root = yaml.compose(self.text, Loader=_Loader)

    def mapping(self, loc: tuple) -> yaml.MappingNode:
        """The entry's mapping: the file's top level, or ("entries", index) in a list file."""
        node = self.root
        for step in loc:
            if isinstance(step, int):
                node = node.value[step]
            else:
                node = dict((key.value, value) for key, value in node.value)[step]
        return node

    def set_field(self, mapping: yaml.MappingNode, name: str, value, order: list[str]) -> None:
        """Give `name` this value (None removes it); a new key goes after the fields before it in `order`."""
        pairs = mapping.value
        keys = [key.value for key, _ in pairs]
        column = pairs[0][0].start_mark.column
        if name in keys:
            index = keys.index(name)
            key, node = pairs[index]
            start, end = key.start_mark.line, self._last_line(mapping, index) + 1
            prefix = self.lines[start][:column]
            if value is None:
                if prefix.strip():
                    raise ValueError(f"cannot remove {name}: it opens its list item")
                self._add(start, end, [])
                return
            kept = ""
            if end - start == 1:  # a comment after a one-line value stays with it
                rest = self.lines[start][node.end_mark.column :].rstrip("\n")
                if rest.strip().startswith("#"):
                    kept = rest
            self._add(start, end, self._lines(name, value, prefix, column, kept))
            return
        if value is None:
            return
        before = [keys.index(other) for other in order[: order.index(name)] if other in keys] if name in order else []
        after = max(before) if before else len(keys) - 1
        position = self._last_line(mapping, after) + 1
        self._add(position, position, self._lines(name, value, " " * column, column, ""))

    def remove_item(self, sequence_loc: tuple, index: int) -> None:
        """Remove one item of a list (a site from a list file) with its lines."""
        item = self.mapping((*sequence_loc, index))
        start = item.start_mark.line
        self._add(start, self._last_line(item, len(item.value) - 1) + 1, [])

    def result(self) -> str:
        lines = list(self.lines)
        for edit in sorted(self.edits, key=lambda edit: (edit.start, edit.order), reverse=True):
            lines[edit.start : edit.end] = edit.lines
        return "".join(lines)

    def _add(self, start: int, end: int, lines: list[str]) -> None:
        for other in self.edits:
            if other.start < end and start < other.end:
                raise ValueError("overlapping edits")
        self.edits.append(_Edit(start, end, lines, len(self.edits)))

    @staticmethod
    def _lines(name: str, value, prefix: str, column: int, kept: str) -> list[str]:
        dumped = dump_field(name, value).split("\n")
        first = prefix + dumped[0] + kept
        return [first + "\n"] + [(" " * column + line if line else "") + "\n" for line in dumped[1:]]

    def _last_line(self, mapping: yaml.MappingNode, index: int) -> int:
        """The last line that belongs to the index-th key's value: comment and blank lines after it
        belong to what follows."""
        key, node = mapping.value[index]
        column = key.start_mark.column
        start = key.start_mark.line
        end = node.end_mark.line if node.end_mark.column > 0 else node.end_mark.line - 1
        if index + 1 < len(mapping.value):
            end = min(end, mapping.value[index + 1][0].start_mark.line - 1)
        end = min(end, len(self.lines) - 1)
        sequence = isinstance(node, yaml.SequenceNode)
        while end > start and not self._belongs(self.lines[end], column, sequence):
            end -= 1
        return max(end, start)

    @staticmethod
    def _belongs(line: str, column: int, sequence: bool) -> bool:
        stripped = line.strip()
        if not stripped:
            return False
        indent = len(line) - len(line.lstrip(" "))
        if indent > column:
            return True
        return sequence and indent == column and stripped.startswith("-")
