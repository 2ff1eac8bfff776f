"""The front matter of a hand-written article: only the keys the site uses, with types, escaped for Material.

MkDocs reads front matter leniently: broken YAML or a list between the `---`
lines is silently ignored (and the lines shown as text), and without `---`
plain `key: value` lines at the top of a page are read as settings. Material
then prints some keys raw (`subtitle`, `status`, `author`, a list
`description`) and lets others pick templates and icons. So an article's front
matter is read here with the project's strict YAML reader, checked against a
schema, and the page is given only the checked values, escaped.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, StrictBool

from tekan.dataset.schemas import OptionalText, Schema, Year
from tekan.dataset.validation import suggest, validate
from tekan.dataset.yamlio import YamlProblem, parse_yaml
from tekan.errors import DataError, quote

# MkDocs' own rules for where front matter is (mkdocs/utils/meta.py).
_YAML_BLOCK = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_OPENING = re.compile(r"^-{3}[ \t]*\n")
_MULTIMARKDOWN_KEY = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")

# Keys only a theme developer sets: they choose templates and icons or are printed raw by Material.
THEME_KEYS = frozenset(
    {"template", "icon", "status", "subtitle", "author", "authors", "tags", "search", "comments", "social"}
    | {"robots", "redirect", "nav_title", "extra", "meta", "hide_toc", "canonical_url", "edit_url", "categories"}
)


def _date(value: object) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"应为日期，写作 2023-11-30，实际为{quote(value)}")


def _one_line(value: object) -> object:
    # Material puts title and description into attributes and the nav: one line of text.
    if isinstance(value, str) and "\n" in value.strip():
        raise ValueError("应为一行文字；请把换行去掉")
    if isinstance(value, str) and not value.strip():
        raise ValueError("不能为空；不需要时请删除这一行")
    return value


OneLine = Annotated[OptionalText, BeforeValidator(_one_line)]


class ArticleMeta(Schema):
    """What an article may set above its text; everything else comes from the site."""

    title: OneLine = None  # the nav label and <title>; default: the page's first heading
    description: OneLine = None  # the meta description and share text
    hide: list[Literal["navigation", "toc", "footer", "path"]] = Field(default_factory=list)
    year: Year | None = None  # which issue's data the shortcodes draw on
    date: Annotated[datetime.date | None, BeforeValidator(_date)] = None
    source: OneLine = None  # where the text first appeared, e.g. 《广东工人报》
    # A page for editors (the shortcode examples): built, but kept out of readers' search, the sitemap and
    # search engines (tekan.pages.seo.for_readers).
    editors_only: StrictBool = False


FIELD_NAMES = tuple(ArticleMeta.model_fields)


@dataclass
class CheckedFrontMatter:
    """An article's checked settings, the Markdown below them, and every mistake found."""

    meta: ArticleMeta
    markdown: str
    errors: list[DataError] = field(default_factory=list)

    def for_theme(self) -> dict[str, Any]:
        """page.meta as the templates should see it: checked values only (escaped by safety.escape_page_meta)."""
        return self.meta.model_dump(exclude_none=True, exclude_defaults=True)


def _theme_key_error(display: str, line: int, column: int, key: str) -> DataError:
    return DataError(
        display,
        line,
        column,
        key,
        f"「{key}」只能由网站开发者设置，文章里不能用；请删除这一行（文章开头可用的有 {'、'.join(FIELD_NAMES)}）。",
    )


def check_front_matter(text: str, display: str) -> CheckedFrontMatter:
    """Read and check the front matter of one article's full text (as MkDocs reads it)."""
    text = text.replace("\r\n", "\n")
    block = _YAML_BLOCK.match(text)
    if block is None:
        return _without_block(text, display)
    markdown = text[block.end() :]
    try:
        doc = parse_yaml(block.group(1), Path(display), display)
    except YamlProblem as problem:
        # Lines count from the `---` above the YAML.
        errors = [DataError(e.file, e.line + 1 if e.line else 1, e.column, e.field, e.message) for e in problem.errors]
        return CheckedFrontMatter(ArticleMeta(), markdown, errors)
    values = doc.value if doc.value is not None else {}
    if not isinstance(values, dict):
        error = DataError(
            display,
            2,
            1,
            "",
            f"文章开头两条「---」之间应是「字段: 值」，每行一个（如 title: 标题），实际为{quote(values)}；请改正。",
        )
        return CheckedFrontMatter(ArticleMeta(), markdown, [error])
    errors = []
    allowed = {}
    for key, value in values.items():
        line, column = doc.key_positions.get((key,), (1, 1))
        if key.lower() in THEME_KEYS:
            errors.append(_theme_key_error(display, line + 1, column, key))
        elif key not in ArticleMeta.model_fields:
            errors.append(
                DataError(
                    display,
                    line + 1,
                    column,
                    key,
                    f"文章开头没有「{key}」这一项{suggest(key, FIELD_NAMES)}；可用的有 {'、'.join(FIELD_NAMES)}。",
                )
            )
        else:
            allowed[key] = value
    meta, problems = validate(doc, ArticleMeta, allowed, loc_prefix=())
    errors += [DataError(e.file, e.line + 1, e.column, e.field, e.message) for e in problems]
    return CheckedFrontMatter(meta or ArticleMeta(), markdown, errors)


def _without_block(text: str, display: str) -> CheckedFrontMatter:
    """No `---` block: an unclosed one, or MkDocs' older `key: value` lines, are mistakes, not text."""
    if _OPENING.match(text):
        error = DataError(
            display,
            1,
            1,
            "",
            "文章开头的「---」没有配对的结束行；请在设置（如 title: 标题）之后另起一行写「---」，"
            "若本意是分隔线，请在它前面先写正文。",
        )
        return CheckedFrontMatter(ArticleMeta(), text, [error])
    first = text.split("\n", 1)[0]
    if match := _MULTIMARKDOWN_KEY.match(first):
        key = match.group("key")
        error = DataError(
            display,
            1,
            1,
            key,
            f"第一行{quote(first)}会被当成页面设置；若是设置，请在它上下各加一行「---」；"
            "若是正文，请先写一行标题（如 # 标题）。",
        )
        return CheckedFrontMatter(ArticleMeta(), text, [error])
    return CheckedFrontMatter(ArticleMeta(), text)
