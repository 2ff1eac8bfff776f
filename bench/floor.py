"""The MkDocs floor: the same pages as plain Markdown files, the same theme and configuration, no hooks.

`write_floor(project, floor)` reads a (generated) project's data with the
`tekan` package, once and outside any timing, and writes one Markdown file at
the source path of every page our hooks generate: same URL, title,
description and place in (or out of) the navigation, with the page's visible
content written as Markdown, the way an author would write it by hand
(fields, story, the lists of cards and figures with relative .md links,
photos). mkdocs.yml is the project's own without `hooks:`.

`style="shell"` writes only each page's title and description: the part of
MkDocs' and Material's cost that does not depend on content at all (reading
files, the nav, base.html, writing pages). Our build minus the shell is
everything we do for the content.
"""

from __future__ import annotations

import dataclasses
import json
import posixpath
import re
import shutil
from pathlib import Path

from markupsafe import escape

from tekan.dataset.loader import Entry, load_site_data
from tekan.pages.specs import site_pages

# The floor keeps everything of mkdocs.yml except the hooks (and watching their folders).
_HOOKS_BLOCK = re.compile(r"^hooks:\s*\n(?:[ \t]+-.*\n)+", re.MULTILINE)
_WATCH_BLOCK = re.compile(r"^watch:\s*\n(?:[ \t]+-.*\n)+", re.MULTILINE)
_ENTRY_FIELDS = (
    "kind",
    "unit",
    "post",
    "city",
    "industry",
    "trade",
    "skills",
    "district",
    "address",
    "hours",
    "phone",
    "services",
    "established",
    "tags",
)


def _front_matter(title: str, description: str) -> str:
    meta = {"title": str(escape(title)), "description": str(escape(description))}
    return "---\n" + json.dumps(meta, ensure_ascii=False) + "\n---\n\n"


def _link(from_uri: str, to_url: str) -> str:
    """A relative link to another page's Markdown source, as an author would write it."""
    target = to_url if to_url.endswith(".md") else to_url.rstrip("/") + "/index.md"
    return posixpath.relpath(target, posixpath.dirname(from_uri) or ".")


def _is_card(value) -> bool:
    return all(hasattr(value, name) for name in ("url", "name", "collection", "summary"))


def _is_figure(value) -> bool:
    return all(hasattr(value, name) for name in ("label", "display"))


def _walk(value, depth: int = 0):
    """Every card and figure reachable from a page's context, in order."""
    if depth > 6 or isinstance(value, (str, bytes, int, float, bool)) or value is None:
        return
    if _is_card(value) or _is_figure(value):
        yield value
        return
    if isinstance(value, dict):
        for item in value.values():
            yield from _walk(item, depth + 1)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _walk(item, depth + 1)
    elif dataclasses.is_dataclass(value):
        for item in dataclasses.fields(value):
            yield from _walk(getattr(value, item.name), depth + 1)


def _lists(src_uri: str, context, skip_url: str = "") -> list[str]:
    lines: list[str] = []
    seen: set[int] = set()
    for item in _walk(context):
        if id(item) in seen:
            continue
        seen.add(id(item))
        if _is_card(item):
            if item.url == skip_url:
                continue
            unit = getattr(item, "unit", "")
            city = getattr(item, "city_name", "")
            lines.append(f"- [{item.name}]({_link(src_uri, item.url)}) · {unit} · {city}：{item.summary}")
        else:
            lines.append(f"- {item.label}：**{item.display}**")
    return lines


def _entry_markdown(src_uri: str, entry: Entry, context) -> str:
    data = entry.data
    lines = [f"# {data.name}", "", data.summary, ""]
    if entry.photo:
        photo = posixpath.relpath(f"{entry.year}/photos/{entry.photo.name}", posixpath.dirname(src_uri))
        lines += [f"![{data.name}]({photo})", ""]
    for name in _ENTRY_FIELDS:
        value = getattr(data, name, None)
        if value in (None, "", []):
            continue
        shown = "、".join(map(str, value)) if isinstance(value, list) else value
        lines.append(f"- **{name}**：{shown}")
    for honour in entry.honours:
        lines.append(f"- **荣誉**：{honour.year} 年 {honour.award.name}（{honour.level}）")
    lines.append("")
    if data.story:
        lines += [data.story, ""]
    for link in data.links:
        lines.append(f"- [{link.title}]({link.url})")
    related = _lists(src_uri, context, skip_url=entry.url)
    if related:
        lines += ["", "## 相关条目", "", *related]
    return "\n".join(lines) + "\n"


def _page_markdown(src_uri: str, title: str, description: str, context) -> str:
    lines = [f"# {title}", "", description, ""]
    for field in dataclasses.fields(context):
        value = getattr(context, field.name)
        if isinstance(value, list):
            for item in value:
                if hasattr(item, "lead"):
                    lines += [f"## {item.title}", "", item.lead, ""]
    lines += _lists(src_uri, context)
    return "\n".join(lines) + "\n"


def _not_in_nav_patterns(in_nav: list[str], hidden: list[str]) -> list[str]:
    """A few wildcard lines instead of one per page: MkDocs matches every file against every line."""
    import pathspec

    patterns = sorted(
        {
            "/" + posixpath.join(posixpath.dirname(posixpath.dirname(uri)), "*", posixpath.basename(uri))
            for uri in hidden
        }
    )
    spec = pathspec.GitIgnoreSpec.from_lines(patterns)
    if any(spec.match_file(uri) for uri in in_nav) or not all(spec.match_file(uri) for uri in hidden):
        patterns = ["/" + uri for uri in hidden]
    return patterns


def write_floor(project: Path, floor: Path, style: str = "markdown") -> int:
    """Write the floor project for `project` into `floor`; returns the number of pages written."""
    if style not in ("markdown", "shell"):
        raise ValueError(f"unknown floor style {style!r}")
    project, floor = Path(project), Path(floor)
    if floor.exists():
        shutil.rmtree(floor)
    site = load_site_data(project / "data", project)
    specs = site_pages(site)
    entries = {entry.url + "index.md": entry for issue in site.issues for entry in issue.all_entries()}
    shutil.copytree(project / "content", floor / "content")
    if (project / "overrides").is_dir():
        shutil.copytree(project / "overrides", floor / "overrides")
    for issue in site.issues:
        photos = issue.folder / "photos"
        if photos.is_dir():
            shutil.copytree(photos, floor / "content" / str(issue.year) / "photos")
    for spec in specs:
        path = floor / "content" / spec.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        entry = entries.get(spec.src_uri)
        if style == "shell":
            body = f"# {spec.title}\n\n{spec.description}\n"
        elif entry is not None:
            body = _entry_markdown(spec.src_uri, entry, spec.context)
        else:
            body = _page_markdown(spec.src_uri, spec.title, spec.description, spec.context)
        path.write_text(_front_matter(spec.title, spec.description) + body, encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = _WATCH_BLOCK.sub("", _HOOKS_BLOCK.sub("", config))
    hidden = [spec.src_uri for spec in specs if not spec.in_nav]
    if hidden:
        patterns = _not_in_nav_patterns([s.src_uri for s in specs if s.in_nav], hidden)
        config += "\n# Pages our hooks keep out of the navigation.\nnot_in_nav: |\n" + "".join(
            f"  {pattern}\n" for pattern in patterns
        )
    (floor / "mkdocs.yml").write_text(config, encoding="utf-8")
    return len(specs)


if __name__ == "__main__":  # python bench/floor.py PROJECT FLOOR [markdown|shell]
    import sys

    count = write_floor(Path(sys.argv[1]), Path(sys.argv[2]), *sys.argv[3:4])
    print(f"{sys.argv[2]}: {count} pages as Markdown", file=sys.stderr)
