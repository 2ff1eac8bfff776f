"""The build's settings, under `extra.tekan` in mkdocs.yml: read once per build and passed down.

Every setting has a default (the values below), so mkdocs.yml may name only
those it changes. A wrong value or an unknown name refuses the build with one
Chinese line that names mkdocs.yml, the line, the setting and the fix: a typo
must not be ignored silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

import yaml

from tekan.errors import DataError, DataErrors, quote

SECTION = "extra.tekan"


# The git hosts the browser editor can save to, and the one it names until mkdocs.yml says otherwise.
CMS_BACKENDS = ("gitlab", "gitea", "github")
DEFAULT_BACKEND = {"name": "gitlab", "repo": "example/tekan", "branch": "main"}


@dataclass(frozen=True, kw_only=True)
class CmsSettings:
    """`extra.tekan.cms`: the browser editor at /admin/ (hooks/tekan/editors/cms.py, docs/git-hosts.md)."""

    # /admin/ in the published site too; `mkdocs serve` always serves it.
    publish: bool = False
    # Sveltia's `backend` options: name, repo, branch, base_url, api_root, auth_type, app_id…
    backend: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_BACKEND))


@dataclass(frozen=True, kw_only=True)
class Settings:
    # A card is about 0.85 KB of HTML (0.93 KB with several honours): 60 cards and the page around them
    # (header, filters, pager, footer: about 22 KB) stay near 80 KB, under the 100 KB a listing page may weigh.
    page_size: int = 60
    # A group with more entries than this is listed per city, so that a reader finds their city's share
    # in one step; each list is then split into pages of at most `page_size` cards.
    per_city_threshold: int = 200
    # A city page shows this many cards per collection and links to the rest.
    city_preview: int = 12
    # Pages per Pagefind index. Pagefind ranks every matching page of a query at once, in time that grows
    # with the square of the pages in one index; shards bound that, and keep the build's memory low
    # (bench/search_budget.py).
    search_shard_size: int = 4000
    cms: CmsSettings = field(default_factory=CmsSettings)
    # The footer's lines (tekan/pages/footer.py): sponsor and contact, and the filing numbers a site published
    # in mainland China shows, ICP (粤ICP备…号) and public security (粤公网安备 44…号). Empty: not shown.
    sponsor: str = ""
    contact: str = ""
    icp: str = ""
    gongan: str = ""


# Settings that are a line of text rather than a number.
TEXT_SETTINGS = ("sponsor", "contact", "icp", "gongan")
# A 公网安备 record number has 14 digits; fewer means a number was left out.
GONGAN_DIGITS = 10

# What each setting means, for the error line an editor reads.
MEANINGS = {
    "page_size": "列表每页最多显示的卡片数",
    "per_city_threshold": "一类条目超过多少条时按城市分页列出",
    "city_preview": "城市页每类最多预览的卡片数",
    "search_shard_size": "搜索索引每个分片最多的页面数",
    "sponsor": "页脚的主办单位",
    "contact": "页脚的联系方式",
    "icp": "页脚的 ICP 备案号",
    "gongan": "页脚的公网安备号",
}


def read_settings(raw: object, config_file: Path | None = None) -> Settings:
    """`extra.tekan` as MkDocs read it (None when absent); `config_file` only locates errors by line.

    Raises `DataErrors` naming every wrong setting.
    """
    if raw is None:
        return Settings()
    where = _Positions(config_file)
    if not isinstance(raw, Mapping):
        raise DataErrors(
            [where.error(SECTION, f"应为若干「名称: 数值」，实际为{quote(raw)}；请按 mkdocs.yml 中的示例书写。")]
        )
    defaults = Settings()
    names = [f.name for f in fields(Settings)]
    errors: list[DataError] = []
    values = dict(raw)
    for name, value in raw.items():
        if name == "cms":
            values["cms"] = _read_cms(value, where, errors)
        elif name not in names:
            errors.append(
                where.error(
                    f"{SECTION}.{name}",
                    f"没有这项设置；可用的设置有 {'、'.join(names)}，请检查拼写。",
                    at_key=True,
                )
            )
        elif name in TEXT_SETTINGS:
            if not isinstance(value, str):
                errors.append(
                    where.error(
                        f"{SECTION}.{name}", f"{MEANINGS[name]}，应为一行文字，实际为{quote(value)}；请用引号括起来。"
                    )
                )
            elif name == "gongan" and sum(char.isdigit() for char in value) < GONGAN_DIGITS:
                errors.append(
                    where.error(
                        f"{SECTION}.{name}",
                        f"{MEANINGS[name]}应含备案编号的数字，实际为{quote(value)}；"
                        "请照备案证书填写，如「粤公网安备 44010602000001号」。",
                    )
                )
            else:
                values[name] = value.strip()
        elif isinstance(value, bool) or not isinstance(value, int) or value < 1:
            errors.append(
                where.error(
                    f"{SECTION}.{name}",
                    f"{MEANINGS[name]}，应为不小于 1 的整数，实际为{quote(value)}；"
                    f"请写一个整数，例如默认值 {getattr(defaults, name)}。",
                )
            )
    if errors:
        raise DataErrors(errors)
    return Settings(**values)


def _read_cms(raw: object, where: _Positions, errors: list[DataError]) -> CmsSettings:
    section = f"{SECTION}.cms"
    if raw is None:
        return CmsSettings()
    if not isinstance(raw, Mapping):
        errors.append(where.error(section, "应写 publish 和 backend 两项；请按 mkdocs.yml 中的示例书写。"))
        return CmsSettings()
    for name in raw:
        if name not in ("publish", "backend"):
            errors.append(
                where.error(f"{section}.{name}", "没有这项设置；可用的有 publish、backend，请检查拼写。", True)
            )
    publish = raw.get("publish", False)
    if not isinstance(publish, bool):
        errors.append(where.error(f"{section}.publish", f"应为 true 或 false，实际为{quote(publish)}。"))
    backend = raw.get("backend") or DEFAULT_BACKEND
    if not isinstance(backend, Mapping) or backend.get("name") not in CMS_BACKENDS:
        name = backend.get("name") if isinstance(backend, Mapping) else backend
        errors.append(
            where.error(f"{section}.backend", f"name 应为 {'、'.join(CMS_BACKENDS)} 之一，实际为{quote(name)}。")
        )
        return CmsSettings()
    if not isinstance(backend.get("repo"), str) or backend["repo"].count("/") < 1:
        errors.append(
            where.error(
                f"{section}.backend", f"repo 应写成「组/项目」，如 gdftu/tekan，实际为{quote(backend.get('repo'))}。"
            )
        )
    return CmsSettings(publish=publish is True, backend=dict(backend))


def read_settings_file(config_file: Path) -> Settings:
    """`extra.tekan` read from mkdocs.yml itself, for `tekan check`, which runs no MkDocs."""
    where = _Positions(config_file)
    node = where.nodes.get(SECTION)
    if node is None:
        return read_settings(None)
    try:
        raw = yaml.SafeLoader("").construct_document(node)
    except yaml.YAMLError:  # a tag such as !ENV inside extra.tekan: MkDocs would read it, we cannot
        raise DataErrors([where.error(SECTION, "请直接写数值，不要使用 !ENV 等标签。")]) from None
    return read_settings(raw, config_file)


class _Positions:
    """Where each setting is written in mkdocs.yml, read from YAML's node tree.

    Composing, not loading: MkDocs' own tags (`!ENV`) need no constructor to be located.
    """

    def __init__(self, config_file: Path | None):
        self.file = config_file.name if config_file else "mkdocs.yml"
        self.marks: dict[str, tuple[yaml.Mark, yaml.Mark]] = {}
        self.nodes: dict[str, yaml.Node] = {}
        try:
            root = (
                yaml.compose(config_file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader) if config_file else None
            )
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            root = None
        self._walk(root, "")

    def _walk(self, node: yaml.Node | None, path: str) -> None:
        if not isinstance(node, yaml.MappingNode):
            return
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                continue
            name = f"{path}.{key.value}" if path else key.value
            if name == SECTION or SECTION.startswith(name + ".") or name.startswith(SECTION + "."):
                self.marks[name] = (key.start_mark, value.start_mark)
                self.nodes[name] = value
                self._walk(value, name)

    def error(self, name: str, message: str, at_key: bool = False) -> DataError:
        marks = self.marks.get(name)
        mark = marks[0 if at_key else 1] if marks else None
        return DataError(
            self.file,
            line=mark.line + 1 if mark else 0,
            column=mark.column + 1 if mark else 0,
            field=name,
            message=message,
        )
