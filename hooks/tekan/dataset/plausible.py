"""Checks of values that pass their schema but cannot be what the editor meant.

A figure's number and unit are read apart (see numbers.py), so some mistakes show only
together: 75.5 with unit 亿元 would read 75.5亿亿元 once formatted, and a share of 130%
is more often a slip than news. Each problem comes back as (field, message) for the
loader to place at its line.
"""

from __future__ import annotations

from decimal import Decimal

from tekan.dataset.schemas import Figure
from tekan.errors import quote
from tekan.numbers import PERCENT_UNITS, magnitude_in_unit, plain_number


def figure_problems(figure: Figure) -> list[tuple[str, str]]:
    """What is implausible about one figure: a negative value, a share beyond 0–100, a magnitude in the unit."""
    problems = []
    value = Decimal(str(figure.value))
    if value < 0 and not figure.allow_negative:
        problems.append(
            ("value", f"数值为负数（{plain_number(value)}）；如确为负数（如同比下降），请加一行 allow_negative: true。")
        )
    if figure.unit in PERCENT_UNITS and value > 100 and not figure.allow_over_100:
        problems.append(
            (
                "value",
                f"百分比超过 100（{plain_number(value)}%）；如确实如此（如增长 150%），请加一行 allow_over_100: true。",
            )
        )
    magnitude = magnitude_in_unit(figure.unit)
    if magnitude is not None:
        bare, size = magnitude
        shown = figure.unit[: len(figure.unit) - len(bare)]
        whole = plain_number(value * size)
        problems.append(
            (
                "unit",
                f"单位{quote(figure.unit)}里带了「{shown}」，而数值会自动换算成「万」「亿」，将显示成「…{shown}{figure.unit}」；"
                f"请把 unit 改为{quote(bare)}，value 写完整的数 {whole}。",
            )
        )
    return problems
