"""Render thousands of pages that share everything but a few blocks: the shell once, the blocks per page.

An entry page is mostly Material's frame: head, header, tabs, sidebar, footer,
scripts. Rendering that frame is most of what a page costs (about 5 ms here,
half of a 10,000-entry build), and for pages outside the navigation in one
folder (links are relative) it comes out the same every time, but for the
blocks named in `PER_PAGE_BLOCKS` (the head's meta tags, <title>, the content,
a page's own scripts) and a few values printed elsewhere (the page's title in
Material's header), which the caller names.

So the first page of each kind is rendered twice: in full, as usual, and with
those blocks and values replaced by markers, which gives the shell. The second
page is rendered in full too, and must come out as the shell filled with its
own blocks and values, byte for byte, also with values full of characters that
HTML escapes; if not, something that differs between pages lies outside them,
and pages of that kind are always rendered in full. A theme upgrade that moves
per-page data elsewhere costs speed, not correctness. A difference the first
two pages of a kind do not show would go unnoticed here: the tests compare every
page of the shipped site with its full rendering (`TEKAN_FULL_RENDER=1`).

Plain Jinja, no MkDocs: it uses Jinja's documented `Template.blocks`,
`root_render_func` and `new_context`, and a context's block table, which
Jinja has kept since 2.0 (Jinja2 is pinned in requirements.txt).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Iterator, Mapping
from typing import Any

import jinja2

# Blocks of Material's base.html (and our templates) that carry what differs between two pages of a kind.
PER_PAGE_BLOCKS = ("site_meta", "htmltitle", "extrahead", "content", "scripts")
_MARK = "\x00tekan-slot\x00"
# A value with everything HTML and Jinja's filters treat specially, to check that values go in as they are.
_PROBE_VALUE = "探针 &amp; <i>\"'</i>  {{x}}"

BlockFunction = Callable[[Any], Iterator[str]]
# Returns the page's template variables with the given values in place of the page's own (see PageShells).
WithValues = Callable[[Mapping[str, Any], Mapping[str, str]], Mapping[str, Any]]


def full_render_forced() -> bool:
    """`TEKAN_FULL_RENDER=1` renders every page in full: for the tests' comparison and for debugging."""
    return os.environ.get("TEKAN_FULL_RENDER") == "1"


def _slot(name: str) -> str:
    return f"{_MARK}{name}{_MARK}"


class _Shell:
    """One kind of page with its per-page blocks and values cut out."""

    def __init__(
        self, template: jinja2.Template, html: str, blocks: dict[str, list[BlockFunction]], top_level: dict[str, Any]
    ):
        self.template = template
        # The shell's text between markers, and the block or value that goes after each piece.
        pieces = html.split(_MARK)
        self.text = pieces[0::2]
        self.slots = pieces[1::2]
        self.block_slots = sorted({slot for slot in self.slots if slot in PER_PAGE_BLOCKS})
        # Every block's implementations, most derived first, as the template inherits them.
        self.blocks = blocks
        # Variables the templates set at their top level (Material's `lang`, `features` …): blocks read them.
        self.top_level = top_level

    def fill(self, variables: Mapping[str, Any], values: Mapping[str, str]) -> str:
        context = self.template.new_context({**variables, **self.top_level})
        context.blocks = {name: list(functions) for name, functions in self.blocks.items()}
        rendered = {name: jinja2.utils.concat(context.blocks[name][0](context)) for name in self.block_slots}
        rendered.update(values)
        out = [self.text[0]]
        for slot, text in zip(self.slots, self.text[1:], strict=True):
            out.append(rendered[slot])
            out.append(text)
        return "".join(out)


def _marker(name: str) -> BlockFunction:
    def render(context) -> Iterator[str]:
        yield _slot(name)

    return render


def _make_shell(template: jinja2.Template, variables: Mapping[str, Any]) -> _Shell:
    context = template.new_context(dict(variables))
    for name in PER_PAGE_BLOCKS:
        # Placed first, a marker wins over every template's version of the block (`{% extends %}` appends
        # the parents' versions after the page template's own).
        context.blocks[name] = [_marker(name), *context.blocks.get(name, ())]
    html = jinja2.utils.concat(template.root_render_func(context))
    inherited = {
        name: functions[1:] if name in PER_PAGE_BLOCKS else functions for name, functions in context.blocks.items()
    }
    return _Shell(template, html, inherited, dict(context.vars))


def _no_values(variables: Mapping[str, Any], values: Mapping[str, str]) -> Mapping[str, Any]:
    return variables


class PageShells:
    """Renders pages by template; pages of the same template and shell group share a checked shell.

    `with_values(variables, values)` returns a page's template variables with
    `values` (name -> text) put in place of the page's own: the shell is drawn
    with markers for values, and checked with a probe. Each value must be
    printed as it is, wherever it appears outside the per-page blocks.
    """

    def __init__(self, env: jinja2.Environment, enabled: bool = True, with_values: WithValues = _no_values):
        self.env = env
        self.enabled = enabled
        self.with_values = with_values
        self._shells: dict[Hashable, _Shell | None] = {}
        self._checked: set[Hashable] = set()
        self.filled = 0
        self.full = 0

    def render(
        self,
        template_name: str,
        variables: Mapping[str, Any],
        shell_group: Hashable | None,
        values: Mapping[str, str] | None = None,
    ) -> str:
        """The page's HTML; pages of one template and `shell_group` share a shell; None (a page of its own,
        such as one in the nav) is rendered in full."""
        template = self.env.get_template(template_name)
        values = values or {}
        if shell_group is None or not self.enabled:
            return self._render_full(template, variables)
        key = (template_name, shell_group)
        if key not in self._shells:
            # The first page of a kind: in full, and its shell kept to be checked against the next page.
            markers = {name: _slot(name) for name in values}
            self._shells[key] = _make_shell(template, self.with_values(variables, markers))
            return self._render_full(template, variables)
        shell = self._shells[key]
        if shell is None:
            return self._render_full(template, variables)
        if key not in self._checked:
            self._checked.add(key)
            full = self._render_full(template, variables)
            if not self._fits(shell, template, variables, values, full):
                self._shells[key] = None
            return full
        self.filled += 1
        return shell.fill(variables, values)

    def _fits(self, shell: _Shell, template, variables, values, full: str) -> bool:
        """The second page: the shell filled with its blocks and values must be its full rendering,
        and so with a probe for each value, or something that differs between pages lies outside them."""
        if shell.fill(variables, values) != full:
            return False
        if not values:
            return True
        probe = {name: _PROBE_VALUE for name in values}
        probed = self.with_values(variables, probe)
        return shell.fill(probed, probe) == template.render(probed)

    def unverified_groups(self) -> list[Hashable]:
        """Kinds whose shell did not give the second page's full rendering (rendered in full since)."""
        return [key for key, shell in self._shells.items() if shell is None]

    def _render_full(self, template: jinja2.Template, variables: Mapping[str, Any]) -> str:
        self.full += 1
        return template.render(variables)
