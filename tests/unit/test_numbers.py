"""The Chinese number formatter: the display forms the 2023 article uses."""

import pytest

from tekan.numbers import format_figure, format_number, split_magnitude


@pytest.mark.parametrize(
    "value, unit, qualifier, shown",
    [
        (399600000, "元", "", "3.996亿元"),
        (873000000, "元", "", "8.73亿元"),
        (160000000, "元", "", "1.6亿元"),
        (210000, "人", "", "21万人"),
        (15600000, "名", "", "1560万名"),
        (487000, "人", "", "48.7万人"),
        (11000, "人次", "", "1.1万人次"),
        (6980, "家", "", "6980家"),
        (217, "场", "", "217场"),
        (75.5, "%", "", "75.5%"),
        (64.11, "%", "", "64.11%"),
        (33, "%", "", "33%"),
        (12000000, "元", "余", "1200余万元"),
        (38000, "场", "余", "3.8万余场"),
        (180, "场", "余", "180余场"),
        (3900, "家", "多", "3900多家"),
        (80000, "人", "多", "8万多人"),
        (800000, "人次", "近", "近80万人次"),
        (60000000, "元", "约", "约6000万元"),
        (2230000, "人次", "超", "超223万人次"),
    ],
)
def test_article_display_forms(value, unit, qualifier, shown):
    assert format_figure(value, unit, qualifier) == shown


def test_magnitudes_come_from_exact_decimals():
    assert split_magnitude(3.996e8) == ("3.996", "亿")
    assert split_magnitude(99999999) == ("9999.9999", "万")
    assert split_magnitude(1e4) == ("1", "万")


def test_unknown_qualifier_is_a_programming_error():
    with pytest.raises(ValueError):
        format_number(5, "大约")
