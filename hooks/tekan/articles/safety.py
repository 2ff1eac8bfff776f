"""Hand-written pages in content/: their rendered HTML is sanitised, and script is refused with its line.

Python-Markdown passes raw HTML and `javascript:` links through. Python's own
html.parser reads some markup differently from a browser (`<!-->`, `<![CDATA[`
outside SVG, raw-text elements), so a check made with it does not protect the
page a browser reads. Here both steps use browser-grade HTML5 parsers:

- what the page publishes is nh3's output (ammonia on html5ever), serialised
  from its own parse and keeping only the allow-list below;
- what the editor is told comes from Lexbor (selectolax) reading the same HTML
  against the same allow-list: anything that could run script is refused with
  the source line; a harmless leftover (an unknown tag or attribute) is removed
  and named in a notice.

The shortcodes' own HTML (cards, figures, tiles, the avatar's SVG) is on the
allow-list, so it comes out unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import nh3
from markupsafe import escape
from selectolax.lexbor import LexborHTMLParser

from tekan.errors import DataError
from tekan.markup.allowed import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, ATTRIBUTE_PREFIXES, URL_SCHEMES

# Elements refused outright: they run code, load or embed other documents, restyle or redirect the page,
# hold raw text that parsers disagree about, or change the namespace (mXSS).
REFUSED_TAGS = frozenset(
    {
        *("script", "iframe", "frame", "frameset", "object", "embed", "applet", "portal", "fencedframe"),
        *("style", "link", "meta", "base", "form", "input", "button", "textarea", "select", "option", "keygen"),
        *("template", "slot", "noscript", "noembed", "noframes", "xmp", "plaintext", "title", "listing"),
        *("math", "foreignobject", "animate", "set", "animatemotion", "animatetransform", "use", "image"),
        *("handler", "listener", "audio", "video", "source", "track", "canvas", "dialog", "param", "isindex"),
    }
)
# Attributes that name something to load or navigate to, whatever the element.
URL_ATTRIBUTES = frozenset(
    {"href", "src", "srcset", "action", "formaction", "xlink:href", "poster", "background", "data", "cite"}
)
# Attributes refused whatever their value: they hold a document or a form target.
REFUSED_ATTRIBUTES = frozenset({"srcdoc", "formaction", "action"})
# Material's own elements are found by id (`__config`, `__search`, …): an article may not shadow them.
_THEME_ID = re.compile(r"^__")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
# Parts of the document Lexbor adds around a fragment; their attributes still come from the page (<body onload>).
_DOCUMENT_PARTS = {"html", "head", "body"}


def url_scheme(value: str) -> str:
    """The scheme a browser would use: it ignores whitespace and control characters inside it (java\\tscript:)."""
    compact = re.sub(r"[\x00-\x20]", "", value).lower()
    match = _SCHEME.match(compact)
    return match.group(1) if match else ""


def _keeps_attribute(tag: str, name: str) -> bool:
    if name.startswith(tuple(ATTRIBUTE_PREFIXES)) or name in ALLOWED_ATTRIBUTES["*"]:
        return True
    return name in ALLOWED_ATTRIBUTES.get(tag, ())


def _theme_id_filter(tag: str, attribute: str, value: str) -> str | None:
    return None if attribute == "id" and _THEME_ID.match(value) else value


def sanitise_html(html: str) -> str:
    """The page as published: nh3's serialisation of its own parse, holding only the allow-list."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        # Raw-text elements lose their text as well: it was never meant to show.
        clean_content_tags={"script", "style", "template", "noscript", "noembed", "noframes", "xmp", "title"},
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        generic_attribute_prefixes=set(ATTRIBUTE_PREFIXES),
        attribute_filter=_theme_id_filter,
        url_schemes=set(URL_SCHEMES),
        link_rel=None,  # our links and the cards' links stay as written
        strip_comments=True,
    )


@dataclass(frozen=True)
class Finding:
    """One construct of the page that is not allowed: refused (could run script) or removed (harmless)."""

    what: str
    needles: tuple[str, ...]  # texts that find its line in the Markdown source
    refused: bool
    script: bool = True  # refused because it could run script (the message says so), not for another reason


def _attribute_finding(tag: str, name: str, value: str) -> Finding | None:
    lowered = name.lower()
    needles = (f"{name}=", name)
    if lowered.startswith("on"):
        return Finding(f"不能使用 {lowered} 属性（它会执行脚本）", needles, True)
    if lowered in REFUSED_ATTRIBUTES:
        return Finding(f"不能使用 {lowered} 属性", needles, True)
    if lowered == "style" and re.search(r"url\s*\(|expression\s*\(|@import|javascript:", value, re.I):
        return Finding("style 属性里不能引用外部地址或表达式", needles, True)
    if lowered in URL_ATTRIBUTES:
        urls = [part.strip().split(" ")[0] for part in value.split(",")] if lowered == "srcset" else [value]
        for url in urls:
            scheme = url_scheme(url)
            if scheme and scheme not in URL_SCHEMES:
                return Finding(
                    f"链接不能以「{scheme}:」开头，只能用 http、https、mailto 或 tel", (f"{scheme}:", *needles), True
                )
    if tag == "img" and lowered == "src" and (url_scheme(value) or value.strip().startswith("//")):
        # Readers in mainland China may not reach other sites, and nothing may load from outside this one.
        return Finding(
            "图片不能从其他网站加载；请把图片放进 content/assets/images/，再用相对地址引用",
            (value, *needles),
            refused=True,
            script=False,
        )
    if lowered == "id" and _THEME_ID.match(value):
        return Finding(f"id「{value}」以 __ 开头，这是网站主题保留的名称", (value, *needles), True)
    if tag not in _DOCUMENT_PARTS and not _keeps_attribute(tag, name):
        return Finding(f"<{tag}> 的 {lowered} 属性不受支持，已删除", needles, False)
    return None


def find_disallowed(html: str) -> list[Finding]:
    """What the sanitiser will not keep, read the way a browser reads the page (Lexbor)."""
    findings: list[Finding] = []
    root = LexborHTMLParser(html).root
    if root is None:  # nothing to read in an empty page
        return findings
    for node in root.traverse(include_text=False):
        tag = (node.tag or "").lower()
        if tag.startswith("-"):  # comments and the like: never shown, removed without a word
            continue
        if tag in REFUSED_TAGS:  # the element is refused as a whole, its attributes with it
            findings.append(Finding(f"不能使用 <{tag}> 标签", (f"<{node.tag}", f"<{tag}", tag), True))
            continue
        known = tag in ALLOWED_TAGS or tag in _DOCUMENT_PARTS
        if not known:
            findings.append(Finding(f"<{tag}> 标签不受支持，已去掉标签、保留文字", (f"<{tag}",), False))
        for name, value in node.attributes.items():
            finding = _attribute_finding(tag, name, value or "")
            # An unknown tag goes with its attributes: only what refuses the page is worth a word.
            if finding is not None and (known or finding.refused):
                # A Markdown link `[text](jav&#x61;script:…)` shows neither its attribute nor the decoded
                # scheme in the source: its text finds the line then.
                text = node.text(deep=True).strip()[:20]
                findings.append(replace(finding, needles=(*finding.needles, text)))
    return list(dict.fromkeys(findings))  # one report per construct, in page order


def line_of(source: str, needles: tuple[str, ...]) -> int:
    """The first source line holding one of the needles; line 1 when the page's text does not show it."""
    lowered = source.lower()
    for needle in filter(None, needles):
        position = lowered.find(needle.lower())
        if position >= 0:
            return source.count("\n", 0, position) + 1
    return 1


REFUSAL_HINT = "本站不允许在文章里写会执行的代码，请删除它（需要插图或卡片时请用短代码）。"


@dataclass
class CheckedPage:
    """One page through the gate: the HTML to publish, what refuses it, and what was quietly removed."""

    html: str
    errors: list[DataError] = field(default_factory=list)
    notices: list[DataError] = field(default_factory=list)


def check_page_html(html: str, source: str, display: str) -> CheckedPage:
    """Sanitise one page's rendered HTML and say why, with the line of its Markdown `source`."""
    checked = CheckedPage(sanitise_html(html))
    for finding in find_disallowed(html):
        line = line_of(source, finding.needles)
        if finding.refused:
            message = f"{finding.what}；{REFUSAL_HINT}" if finding.script else f"{finding.what}。"
            checked.errors.append(DataError(display, line, 0, "", message))
        else:
            checked.notices.append(DataError(display, line, 0, "", f"{finding.what}。"))
    return checked


# What the preview shows instead of a page the build would refuse.
UNSAFE_PAGE_NOTICE = "<p>本页含有不允许的代码，预览已停止显示；请按终端里的提示修改。</p>"


def escape_page_meta(meta: dict, title: str | None) -> None:
    """Material prints meta title and description raw: hand the escaped text over instead (once, after render)."""
    if title is not None:
        meta["title"] = str(escape(title))
    for key in ("description", "source"):
        if isinstance(meta.get(key), str):
            meta[key] = str(escape(meta[key]))
