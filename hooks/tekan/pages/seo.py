"""What a page tells search engines and link previews: canonical URL, Open Graph and JSON-LD.

JSON-LD goes inside `<script type="application/ld+json">`, where HTML
escaping does not apply and `</script>` in a name would end the block. So
the JSON is written with `<`, `>` and `&` (and the JavaScript line breaks
U+2028/U+2029) as \\u escapes: the data stay the same for a JSON parser and
can never close the element.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from markupsafe import Markup

from tekan.pages.contexts import EntryContext, StatsContext

if TYPE_CHECKING:
    from tekan.pages.specs import PageSpec

DEFAULT_IMAGE = "assets/images/share.png"
DEFAULT_IMAGE_SIZE = (1200, 630)
REGION = "广东省"

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


@dataclass
class SeoMeta:
    canonical: str
    og_type: str
    image: str
    image_width: int
    image_height: int
    image_alt: str
    json_ld: Markup | str = ""
    # A listing's neighbouring pages (rel=prev / rel=next), empty at either end or for a one-page list.
    prev: str = ""
    next: str = ""


def for_readers(meta: Mapping[str, Any]) -> bool:
    """False for a hand-written page marked `editors_only: true` (the shortcode examples): such a page is
    built, for editors to consult, but kept out of readers' search, the sitemap and search engines."""
    return meta.get("editors_only") is not True


def json_for_script(data: Any) -> Markup:
    """JSON that is safe to place between <script type="application/ld+json"> tags."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _JSON_ESCAPES.items():
        text = text.replace(char, escape)
    return Markup(text)


def canonical_url(site_url: str, uri: str) -> str:
    """The published address of a site-relative URI."""
    return _absolute(site_url, uri)


def _absolute(site_url: str, uri: str) -> str:
    base = site_url if site_url.endswith("/") else site_url + "/"
    return urljoin(base, uri)


def _address(city: str, street: str = "") -> dict[str, str]:
    address = {"@type": "PostalAddress", "addressCountry": "CN", "addressRegion": REGION}
    if city:
        address["addressLocality"] = city
    if street:
        address["streetAddress"] = street
    return address


def _entry_json_ld(context: EntryContext, url: str, image: str) -> dict[str, Any]:
    entry = context.entry
    card = entry.card
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "name": card.name,
        "description": card.summary,
        "url": url,
    }
    if card.photo:
        data["image"] = image
    city = entry.city_full
    if card.collection == "sites":
        data["@type"] = "Place"
        data["address"] = _address(city, " ".join(p for p in (entry.district, entry.address) if p))
        if entry.phone:
            data["telephone"] = entry.phone
        return data
    data["@type"] = "Person" if entry.is_person else "Organization"
    if card.honours:
        data["award"] = [honour.label for honour in card.honours]
    if city:
        data["address"] = _address(city)
    unit = {"@type": "Organization", "name": card.unit}
    if entry.is_person:
        data["worksFor"] = unit
        if entry.post:
            data["jobTitle"] = entry.post
        if entry.skills:
            data["knowsAbout"] = entry.skills
    elif card.unit != card.name:
        data["parentOrganization"] = unit
    return data


def _dataset_json_ld(spec: PageSpec, context: StatsContext, url: str) -> dict[str, Any]:
    issue = context.issue
    figures = [figure for section in context.sections for figure in section.figures]
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": spec.title,
        "description": spec.description,
        "url": url,
        "inLanguage": "zh-CN",
        "temporalCoverage": str(issue.year),
        "isAccessibleForFree": True,
        "creator": {"@type": "Organization", "name": issue.organisation},
        "citation": sorted({figure.source for figure in figures}),
        "variableMeasured": [
            {"@type": "PropertyValue", "name": figure.label, "value": figure.value, "unitText": figure.unit}
            for figure in figures
        ],
    }


def page_seo(spec: PageSpec, site_url: str) -> SeoMeta:
    canonical = _absolute(site_url, spec.canonical_uri or spec.url)
    image_uri, (width, height), alt = DEFAULT_IMAGE, DEFAULT_IMAGE_SIZE, "广东工会年度特刊"
    if spec.image is not None:
        image_uri, (width, height), alt = spec.image.uri, (spec.image.width, spec.image.height), spec.nav_title
    image = _absolute(site_url, image_uri)
    og_type, json_ld = "website", None
    context = spec.context
    if isinstance(context, EntryContext):
        og_type = "article"
        json_ld = _entry_json_ld(context, canonical, image)
    elif isinstance(context, StatsContext):
        json_ld = _dataset_json_ld(spec, context, canonical)
    pager = spec.pager
    prev = _absolute(site_url, pager.prev_url) if pager and pager.prev_url else ""
    next_ = _absolute(site_url, pager.next_url) if pager and pager.next_url else ""
    return SeoMeta(
        canonical, og_type, image, width, height, alt, json_for_script(json_ld) if json_ld else "", prev, next_
    )


def article_seo(article, site_url: str) -> SeoMeta:
    """An article (tekan.pages.articles.ArticlePage) with its share card: og:type article and JSON-LD Article."""
    canonical = _absolute(site_url, article.url)
    image = _absolute(site_url, article.share.card.uri)
    publisher = {"@type": "Organization", "name": article.organisation}
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.headline,
        "description": article.description,
        "datePublished": article.date,
        "inLanguage": "zh-CN",
        "image": image,
        "url": canonical,
        "mainEntityOfPage": canonical,
        "author": publisher,
        "publisher": publisher,
        "isPartOf": {"@type": "PublicationIssue", "name": f"{article.issue_label} · {article.issue_title}"},
    }
    width, height = article.share.card.width, article.share.card.height
    return SeoMeta(canonical, "article", image, width, height, article.title, json_for_script(data))


def attach_seo(pages: Iterable[PageSpec], site_url: str) -> None:
    for spec in pages:
        spec.seo = page_seo(spec, site_url)
