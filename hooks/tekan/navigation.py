"""Order and name the navigation MkDocs derives from the files.

MkDocs names a folder's section after the folder ("2023", "Archive") and
sorts by path; readers should see "2023 年度特刊" and the sections in the
order of the printed issue. Works on MkDocs' nav items by duck typing
(`children` for sections, `file.src_uri` for pages), so it needs no MkDocs import.
"""

from __future__ import annotations

from html import escape
from typing import Any, Mapping

# Items without a page model (about.md, other helpers' pages) keep their order after ours.
UNRANKED = 50


def _spec_of(item: Any, specs: Mapping[str, Any]):
    children = getattr(item, "children", None)
    if children is not None:
        index = next((c for c in children if getattr(getattr(c, "file", None), "src_uri", "").endswith("index.md")
                      and getattr(c, "children", None) is None), None)
        return specs.get(index.file.src_uri) if index is not None else None
    file = getattr(item, "file", None)
    return specs.get(file.src_uri) if file is not None else None


def _rank(item: Any, specs: Mapping[str, Any]) -> int:
    # A section's own index page (and the home page) stays first, as navigation.indexes expects.
    if getattr(item, "children", None) is None and getattr(item, "file", None) is not None \
            and item.file.src_uri.endswith("index.md"):
        return -1
    return getattr(_spec_of(item, specs), "nav_rank", UNRANKED)


def arrange_nav(items: list, specs: Mapping[str, Any]) -> list:
    """Retitle sections after their index page and sort each level by the page models' rank."""
    for item in items:
        children = getattr(item, "children", None)
        if children is None:
            continue
        spec = _spec_of(item, specs)
        if spec is not None:
            # Material prints section titles raw.
            item.title = escape(spec.nav_title, quote=False)
        item.children[:] = arrange_nav(children, specs)
    ranked = [(_rank(item, specs), position, item) for position, item in enumerate(items)]
    return [item for _, _, item in sorted(ranked, key=lambda r: (r[0], r[1]))]
