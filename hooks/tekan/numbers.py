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


# Magnitude words an editor may put in a unit (亿元, 万人次, 千万元); the number then reads twice as large.
_UNIT_MAGNITUDES = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}


def magnitude_in_unit(unit: str) -> tuple[str, int] | None:
    """'亿元' -> ('元', 100000000): the unit without its leading magnitude words, and their size.
    None unless those words include 万 or 亿 (千瓦 is a unit) and a unit is left (a bare 万 names none)."""
    words = len(unit) - len(unit.lstrip("".join(_UNIT_MAGNITUDES)))
    prefix, rest = unit[:words], unit[words:]
    if not rest or not ("万" in prefix or "亿" in prefix):
        return None
    size = 1
    for word in prefix:
        size *= _UNIT_MAGNITUDES[word]
    return rest, size


def _decimal(value: int | float | Decimal) -> Decimal:
    """The exact decimal a figure is shown from; infinity and NaN are never shown (the schema refuses them)."""
    number = Decimal(str(value))
    if not number.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return number


def _plain(number: Decimal) -> str:
    """3.9960 -> '3.996', 21.0 -> '21', without exponent notation."""
    text = format(number.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def plain_number(value: int | float | Decimal) -> str:
    """The number as written out in full: never 1e+20 or Infinity."""
    return _plain(_decimal(value))


def split_magnitude(value: int | float | Decimal) -> tuple[str, str]:
    """399600000 -> ('3.996', '亿'); 6980 -> ('6980', '')."""
    number = _decimal(value)
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
        return f"{prefix}{_plain(_decimal(value))}{unit}{suffix}"
    return f"{format_number(value, qualifier)}{unit}"
