"""Bar charts for the statistics page, laid out at build time and drawn as inline SVG by a template.

Figures that share a `chart:` name form one chart. A chart never puts two
units on one scale: figures in 元 and figures in 名 get separate panels, each
with its own scale, and percentages are always drawn against 100%. A panel
holding a single count has nothing to be compared with, so it shows the label
and the value without a bar rather than a bar that is always full.

The SVG is as wide as its column (`width="100%"`) and its text is set in
pixels, so labels stay readable on a 360 px phone; bar lengths are given in
percent of the width. Label lines are wrapped here, since SVG text cannot wrap.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from tekan.numbers import PERCENT_UNITS
from tekan.pages.views import FigureView

FONT_SIZE = 14
LINE_HEIGHT = 20
BAR_HEIGHT = 14
ROW_GAP = 14
PANEL_TITLE_HEIGHT = 22
# Bars take the left part of the width; the value sits right-aligned in the rest.
BAR_AREA_PERCENT = 74
# At 360 px a chart column is about 320 px: 22 em of 14 px text fit on one line (the site's smallest text is 14 px).
WRAP_EM = 22


@dataclass
class Bar:
    figure_id: str
    label: str
    label_lines: list[str]
    display: str
    length: float | None  # percent of the whole SVG width; None: nothing to compare with, no bar
    label_y: list[int]  # baseline of each label line
    bar_y: int
    value_y: int


@dataclass
class ChartPanel:
    unit: str
    title: str
    bars: list[Bar]
    y: int
    height: int


@dataclass
class Chart:
    id: str
    title: str
    section_id: str
    panels: list[ChartPanel]
    height: int
    figures: list[FigureView] = field(default_factory=list)
    bar_area: int = BAR_AREA_PERCENT

    @property
    def summary(self) -> str:
        """A sentence that says what the chart shows, for readers who cannot see it."""
        parts = "；".join(f"{f.label} {f.display}" for f in self.figures)
        return f"条形图「{self.title}」：{parts}。"


def text_width_em(text: str) -> float:
    """Rough width in em: wide (CJK) characters 1, others about half."""
    return sum(1.0 if unicodedata.east_asian_width(char) in "WF" else 0.55 for char in text)


def wrap_label(text: str, width_em: float = WRAP_EM) -> list[str]:
    lines, current, used = [], "", 0.0
    for char in text:
        size = text_width_em(char)
        if current and used + size > width_em:
            lines.append(current)
            current, used = "", 0.0
        current += char
        used += size
    if current:
        lines.append(current)
    return lines or [""]


def _scale(figures: Sequence[FigureView]) -> float:
    if figures[0].unit in PERCENT_UNITS:
        return 100.0
    return max(abs(f.value) for f in figures) or 1.0


def _panel(unit: str, figures: list[FigureView], top: int, titled: bool) -> ChartPanel:
    scale = _scale(figures)
    # One count alone on its scale would always fill the bar; only a percentage means something alone.
    comparable = len(figures) > 1 or figures[0].unit in PERCENT_UNITS
    y = top + (PANEL_TITLE_HEIGHT if titled else 0)
    bars = []
    for figure in figures:
        lines = wrap_label(figure.label)
        label_y = [y + LINE_HEIGHT * (i + 1) - 4 for i in range(len(lines))]
        y += LINE_HEIGHT * len(lines) + 2
        length = round(max(0.0, min(1.0, figure.value / scale)) * BAR_AREA_PERCENT, 2) if comparable else None
        bars.append(Bar(figure.id, figure.label, lines, figure.display, length, label_y, y, y + BAR_HEIGHT - 2))
        y += BAR_HEIGHT + ROW_GAP
    title = f"单位：{unit}" if titled else ""
    return ChartPanel(unit, title, bars, top, y - top)


def build_chart(chart_id: str, title: str, figures: list[FigureView]) -> Chart:
    units: dict[str, list[FigureView]] = {}
    for figure in figures:
        units.setdefault(figure.unit, []).append(figure)
    titled = len(units) > 1
    panels, y = [], 0
    for unit, members in units.items():
        panel = _panel(unit, members, y, titled)
        panels.append(panel)
        y += panel.height
    return Chart(chart_id, title, figures[0].section_id, panels, y, list(figures))


def build_charts(figures: Sequence[FigureView]) -> list[Chart]:
    """One chart per `chart:` name with at least two figures, in the order the names first appear."""
    groups: dict[str, list[FigureView]] = {}
    for figure in figures:
        if figure.chart:
            groups.setdefault(figure.chart, []).append(figure)
    return [
        build_chart(f"chart-{number}", title, members)
        for number, (title, members) in enumerate(groups.items(), start=1)
        if len(members) > 1
    ]
