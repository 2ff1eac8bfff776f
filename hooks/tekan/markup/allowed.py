"""The one allow-list of HTML that the site publishes from editors' text (tags, attributes, URL schemes).

Articles (`articles/safety.py`) and the shortcode partials they use may write all of it; a story in a data file
(`markup/story.py`) is Markdown, and keeps only the subset that Markdown makes and a profile page shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

# What articles and the shortcode partials write. SVG only as far as the cards' avatar needs shapes and text.
ALLOWED_TAGS = frozenset(
    {
        *("a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup"),
        *("dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre"),
        *("q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strong", "sub", "summary", "sup"),
        *("table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr"),
        *("section", "article", "aside", "header", "footer"),
        *("svg", "g", "rect", "circle", "ellipse", "line", "polyline", "polygon", "path", "text", "tspan"),
    }
)
_SVG_SHAPE = {"fill", "stroke", "stroke-width", "transform", "opacity"}
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "del": {"datetime"},
    "ins": {"datetime"},
    "details": {"open"},
    "svg": {"viewBox", "width", "height", "focusable", "xmlns", "role"} | _SVG_SHAPE,
    "g": _SVG_SHAPE,
    "rect": {"x", "y", "width", "height", "rx", "ry"} | _SVG_SHAPE,
    "circle": {"cx", "cy", "r"} | _SVG_SHAPE,
    "ellipse": {"cx", "cy", "rx", "ry"} | _SVG_SHAPE,
    "line": {"x1", "y1", "x2", "y2"} | _SVG_SHAPE,
    "polyline": {"points"} | _SVG_SHAPE,
    "polygon": {"points"} | _SVG_SHAPE,
    "path": {"d"} | _SVG_SHAPE,
    "text": {"x", "y", "dx", "dy", "text-anchor", "font-size", "font-weight"} | _SVG_SHAPE,
    "tspan": {"x", "y", "dx", "dy", "text-anchor", "font-size", "font-weight"} | _SVG_SHAPE,
}
# data-* feeds the listing filters on cards; aria-* is accessibility. Neither is read as a URL or as code.
ATTRIBUTE_PREFIXES = frozenset({"data-", "aria-"})
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def allowed_subset(names: Iterable[str], allowed: Iterable[str]) -> frozenset[str]:
    """`names`, which must all be allowed: a subset can only narrow the one list, never add to it."""
    subset, extra = frozenset(names), frozenset(names) - frozenset(allowed)
    if extra:
        raise ValueError(f"not on the allow-list: {sorted(extra)}")
    return subset


def allowed_attributes_subset(attributes: Mapping[str, Iterable[str]]) -> dict[str, frozenset[str]]:
    """Per-tag attributes, each allowed for that tag (or for every tag) by ALLOWED_ATTRIBUTES."""
    return {
        tag: allowed_subset(names, ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(tag, set()))
        for tag, names in attributes.items()
    }


# Stories: part of what Markdown (with tables) makes. No pictures (the photo field holds those), headings of the
# third and fourth level only, links to web addresses and mailto only; `story_problems` names anything else.
STORY_TAGS = allowed_subset(
    {"p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "a", "h3", "h4", "code", "pre", "hr"}
    | {"table", "thead", "tbody", "tr", "th", "td"},
    ALLOWED_TAGS,
)
STORY_ATTRIBUTES = allowed_attributes_subset({"a": {"href", "title"}})
STORY_URL_SCHEMES = allowed_subset({"http", "https", "mailto"}, URL_SCHEMES)
