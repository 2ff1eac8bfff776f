"""Chinese display forms of figures: 399600000 元 -> 3.996亿元, 210000 人 -> 21万人.

Editors type only the number; every place that shows a figure calls
`format_figure`, so one corrected value is corrected everywhere.
"""

from __future__ import annotations

from decimal import Decimal

# Qualifiers that stand before the number (约6000万元) and after it (180余场).
PREFIX_QUALIFIERS = ("约", "近", "超", "逾")
SUFFIX_QUALIFIERS = ("余", "多")
QUALIFIERS = PREFIX_QUALIFIERS + SUFFIX_QUALIFIERS

_MAGNITUDES = ((Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万"))
PERCENT_UNITS = ("%", "％")


def _plain(number: Decimal) -> str:
    """3.9960 -> '3.996', 21.0 -> '21', without exponent notation."""
    text = format(number.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def split_magnitude(value: int | float | Decimal) -> tuple[str, str]:
    """399600000 -> ('3.996', '亿'); 6980 -> ('6980', '')."""
    number = Decimal(str(value))
    for size, name in _MAGNITUDES:
        if abs(number) >= size:
            return _plain(number / size), name
    return _plain(number), ""


def format_number(value: int | float | Decimal, qualifier: str = "") -> str:
    """The number with its magnitude and qualifier, without the unit."""
    mantissa, magnitude = split_magnitude(value)
    if qualifier in PREFIX_QUALIFIERS:
        return f"{qualifier}{mantissa}{magnitude}"
    if qualifier in SUFFIX_QUALIFIERS:
        # 1200余万 and 300多万 read naturally; 3.8余万 and 8多万 do not: there the
        # qualifier follows the magnitude (3.8万余, 8万多).
        if magnitude and "." not in mantissa and len(mantissa.lstrip("-")) >= 2:
            return f"{mantissa}{qualifier}{magnitude}"
        return f"{mantissa}{magnitude}{qualifier}"
    if qualifier:
        raise ValueError(f"unknown qualifier {qualifier!r}")
    return f"{mantissa}{magnitude}"


def format_figure(value: int | float | Decimal, unit: str = "", qualifier: str = "") -> str:
    """The whole display form: 3.996亿元, 近80万人次, 75.5%."""
    if unit in PERCENT_UNITS:
        prefix = qualifier if qualifier in PREFIX_QUALIFIERS else ""
        suffix = qualifier if qualifier in SUFFIX_QUALIFIERS else ""
        return f"{prefix}{_plain(Decimal(str(value)))}{unit}{suffix}"
    return f"{format_number(value, qualifier)}{unit}"
