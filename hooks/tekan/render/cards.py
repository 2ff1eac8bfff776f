"""Each entry card's HTML, rendered once for every pair of links it carries.

A card (partials/tekan/card.html) is the same markup wherever it appears but for
its links (the entry's page and its photo), which the theme's `url` filter makes
relative to the page showing it. Entry pages of one collection sit in one folder,
so the six related cards of each link alike from all of them: at 10,000 entries
about 60,000 card renderings (each a Jinja include with its own context) become
one per card and folder. Nothing here knows about MkDocs but the filter's name.
"""

from __future__ import annotations

from typing import Any

import jinja2
from markupsafe import Markup

CARD_TEMPLATE = "partials/tekan/card.html"


class CardMarkup:
    """The `tekan_card(card)` function of one build's templates; the markup is kept for the build only."""

    def __init__(self, env: jinja2.Environment):
        self._template = env.get_template(CARD_TEMPLATE)
        self._url = env.filters["url"]
        # (card's id, its page's link, its photo's link) -> (the card, kept so that its id stays its own; the HTML)
        self._rendered: dict[tuple[int, str, str], tuple[Any, Markup]] = {}
        self.rendered = 0

    def install(self, env: jinja2.Environment) -> None:
        env.globals["tekan_card"] = self.render

    @jinja2.pass_context
    def render(self, context: jinja2.runtime.Context, card: Any) -> Markup:
        links = (self._url(context, card.url), self._url(context, card.photo.card.uri) if card.photo else "")
        key = (id(card), *links)
        kept = self._rendered.get(key)
        if kept is not None and kept[0] is card:
            return kept[1]
        page = {"card": card, "page": context.get("page"), "base_url": context.get("base_url")}
        html = Markup(self._template.render(page))
        self._rendered[key] = (card, html)
        self.rendered += 1
        return html
