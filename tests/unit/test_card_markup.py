"""One card's markup is rendered once for each pair of links it carries, and is what the card template gives."""

from __future__ import annotations

from types import SimpleNamespace

import jinja2

from support import ROOT
from tekan.dataset.loader import load_site_data
from tekan.pages.views import entry_card
from tekan.render.cards import CARD_TEMPLATE, CardMarkup


@jinja2.pass_context
def relative_url(context, value: str) -> str:
    """Like MkDocs' `url` filter: a site path made relative to the page's folder."""
    depth = context["page"].url.count("/")
    return "../" * depth + value


def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "overrides"), autoescape=True)
    env.filters["url"] = relative_url
    return env


def test_cards_are_rendered_once_per_folder_and_link_from_each_page():
    env = environment()
    markup = CardMarkup(env)
    markup.install(env)
    li_ming = entry_card(next(e for e in load_site_data(ROOT / "data", ROOT).latest.all_entries() if e.id == "li-ming"))
    page = env.from_string("<ul>{% for card in cards %}{{ tekan_card(card) }}{% endfor %}</ul>")
    expected = env.get_template(CARD_TEMPLATE)

    def shown(url: str) -> str:
        return page.render(cards=[li_ming], page=SimpleNamespace(url=url), base_url="")

    neighbours = [shown(f"2023/workers/w{n}/") for n in range(6)]
    # One rendering for the six pages of one folder, each the template's own markup with the right link.
    assert markup.rendered == 1 and len(set(neighbours)) == 1
    folder_page = SimpleNamespace(url="2023/workers/w0/")
    assert neighbours[0] == "<ul>" + expected.render(card=li_ming, page=folder_page, base_url="") + "</ul>"
    assert 'href="../../../2023/workers/li-ming/"' in neighbours[0]
    # A page one folder deeper links differently, so it has its own rendering.
    deeper = shown("2023/cities/guangzhou/workers/")
    assert markup.rendered == 2 and 'href="../../../../2023/workers/li-ming/"' in deeper
