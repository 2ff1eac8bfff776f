"""Order and name the navigation MkDocs derives from the files.

MkDocs names a folder's section after the folder ("2023", "Archive") and
sorts by path; readers should see "2023 年度特刊" and the sections in the
order of the printed issue. Works on MkDocs' nav items by duck typing
(`children` for sections, `file.src_uri` for pages), so it needs no MkDocs import.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

# Items without a page model (about.md, the articles) rank here, keeping their own order among themselves.
UNRANKED = 50


def _index_page(section: Any):
    """The section's own index page, if it has one among its direct children."""
    return next(
        (
            child
            for child in section.children
            if getattr(child, "children", None) is None
            and getattr(getattr(child, "file", None), "src_uri", "").endswith("index.md")
        ),
        None,
    )


def _spec_of(item: Any, specs: Mapping[str, Any]):
    if getattr(item, "children", None) is not None:
        index = _index_page(item)
        return specs.get(index.file.src_uri) if index is not None else None
    file = getattr(item, "file", None)
    return specs.get(file.src_uri) if file is not None else None


def arrange_nav(items: list, specs: Mapping[str, Any], own_index: str = "index.md") -> list:
    """Retitle sections after their index page, flatten sections that hold nothing but their index page,
    and sort each level by the page models' rank, the level's own index page first."""
    arranged = []
    for item in items:
        if getattr(item, "children", None) is not None:
            index = _index_page(item)
            spec = specs.get(index.file.src_uri) if index is not None else None
            if spec is not None:
                # Material prints section titles raw.
                item.title = escape(spec.nav_title, quote=False)
            item.children[:] = arrange_nav(item.children, specs, index.file.src_uri if index is not None else "")
            if index is not None and item.children == [index]:
                # A listing's folder holds its entries too, but they are not in the nav: show a plain link,
                # so the phone drawer does not open on an empty level.
                index.parent = getattr(item, "parent", None)
                item = index
        _unlink_paged_listing(item, specs)
        arranged.append(item)

    def rank(item: Any) -> int:
        file = getattr(item, "file", None)
        if getattr(item, "children", None) is None and file is not None and file.src_uri == own_index:
            return -1
        return getattr(_spec_of(item, specs), "nav_rank", UNRANKED)

    ranked = [(rank(item), position, item) for position, item in enumerate(arranged)]
    return [item for _, _, item in sorted(ranked, key=lambda r: (r[0], r[1]))]


def _unlink_paged_listing(item: Any, specs: Mapping[str, Any]) -> None:
    """Material writes rel=prev/next from the nav order; on a listing split into pages, those name
    its own pages instead (seo.py), so a search engine reads page 2 as the next page, not the next section."""
    spec = _spec_of(item, specs) if getattr(item, "children", None) is None else None
    pager = spec.pager if spec is not None else None
    if pager is not None and pager.paged:
        item.previous_page = item.next_page = None
