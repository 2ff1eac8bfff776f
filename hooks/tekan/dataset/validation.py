"""Pydantic errors turned into the editor's language, at the line they point to."""

from __future__ import annotations

import difflib
import typing
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from tekan.dataset.yamlio import PathKey, YamlDocument, character_name, format_loc
from tekan.errors import DataError, quote

M = typing.TypeVar("M", bound=BaseModel)


def _model_at(model: type[BaseModel], loc: PathKey) -> type[BaseModel] | None:
    """The schema class that owns the last key of `loc`, for suggesting field names."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return None
        current = current.model_fields[part].annotation
        # Unwrap list[X] and X | None down to a model class, if there is one.
        for _ in range(3):
            args = [a for a in typing.get_args(current) if a is not type(None)]
            if (isinstance(current, type) and issubclass(current, BaseModel)) or not args:
                break
            current = args[0]
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def suggest(word: str, choices: typing.Iterable[str], cutoff: float = 0.5) -> str:
    """「是否为「x」？」 for the nearest valid choice, or nothing."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return f"（是否为「{match[0]}」？）" if match else ""


def _message(error: ErrorDetails, model: type[BaseModel]) -> str:
    error_type = error["type"]
    loc = error["loc"]
    found = error.get("input")
    if error_type == "missing":
        return f"缺少必填字段「{loc[-1]}」；请补上「{loc[-1]}: …」。"
    if error_type == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        hint = suggest(str(loc[-1]), owner.model_fields) if owner else ""
        return f"未知字段「{loc[-1]}」{hint}；请检查拼写，或删除这一行。"
    if error_type == "value_error":
        return error["msg"].removeprefix("Value error, ") + "。"
    if error_type == "literal_error":
        expected = error["ctx"]["expected"].replace("'", "").replace(" or ", "、").replace(", ", "、")
        return f"应为以下之一：{expected}，实际为{quote(found)}。"
    if error_type == "bool_type":
        return f"应为 true 或 false，实际为{quote(found)}。"
    if error_type == "list_type":
        return f"应为列表（每项一行，以「- 」开头），实际为{quote(found)}。"
    if error_type in ("model_type", "model_attributes_type", "dict_type"):
        return f"应为一组「字段: 值」（在下一行缩进两格书写），实际为{quote(found)}。"
    if error_type == "string_type":
        return f"应为文字，实际为{quote(found)}。"
    if error_type == "too_short":
        return "不能为空，至少要写一项。"
    if error_type in ("tuple_type", "int_parsing", "int_type", "too_long"):
        return f"格式不对，实际为{quote(found)}；请参照其他条目的写法。"
    return f"不符合要求（{error['msg']}），实际为{quote(found)}。"


def _odd_space(key: object) -> tuple[int, str] | None:
    """Where a field name holds a full-width or no-break space (copied indentation), and which."""
    if isinstance(key, str):
        for index, char in enumerate(key):
            if char in "\u3000\u00a0":
                return index, char
    return None


def validate(
    doc: YamlDocument, model: type[M], value: Any = None, loc_prefix: PathKey = (), entry: str = ""
) -> tuple[M | None, list[DataError]]:
    """Validate one value of a document against a schema; errors carry file positions."""
    value = doc.value if value is None and not loc_prefix else value
    try:
        return model.model_validate(value), []
    except ValidationError as exc:
        errors = []
        details = exc.errors(include_url=False)
        # A field written with a full-width space before it is reported once, as that space, not also as missing.
        spaced = {
            (*loc_prefix, *e["loc"][:-1], str(e["loc"][-1]).strip(" \u3000\u00a0"))
            for e in details
            if e["type"] == "extra_forbidden" and _odd_space(e["loc"][-1])
        }
        for error in details:
            loc = loc_prefix + tuple(error["loc"])
            if error["type"] == "missing" and loc in spaced:
                continue
            if error["type"] == "missing":
                line, column = doc.position(loc[:-1])
            elif error["type"] == "extra_forbidden" and loc in doc.key_positions:
                line, column = doc.key_positions[loc]
            else:
                line, column = doc.position(loc)
            field = format_loc(loc) if loc else ""
            odd = _odd_space(loc[-1]) if error["type"] == "extra_forbidden" else None
            if odd is not None:  # `\u3000city: 广州`: the space is the mistake, not the field name
                index, char = odd
                column += index
                field = format_loc(loc[:-1])
                name = str(loc[-1]).strip(" \u3000\u00a0")
                message = f"字段「{name}」前后用了{character_name(char)}；YAML 只认半角空格，请改成普通空格。"
            elif not loc and error["type"] in ("model_type", "model_attributes_type", "dict_type"):
                message = "文件内容应为一组「字段: 值」，每行一个字段；请对照其他条目检查。"
            else:
                message = _message(error, model)
            errors.append(DataError(doc.display, line, column, field, message, entry))
        return None, errors
