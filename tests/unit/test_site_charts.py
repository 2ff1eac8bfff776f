"""Build-time charts and the city tile map: grouping, scales, wrapping, shading and legend."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from tekan.dataset.loader import load_site_data
from tekan.pages.charts import BAR_AREA_PERCENT, build_charts, text_width_em, wrap_label
from tekan.pages.tilemap import FILLS, build_tile_map, legend, shade_step
from tekan.pages.views import figure_view

ROOT = Path(__file__).resolve().parents[2]


def figure(figure_id, value, unit, chart="", label=None):
    return SimpleNamespace(
        id=figure_id,
        label=label or f"项目{figure_id}",
        display=f"{value}{unit}",
        value=value,
        unit=unit,
        section_id="s1",
        chart=chart,
    )


def test_figures_sharing_a_chart_name_form_one_chart_in_the_shipped_data():
    issue = load_site_data(ROOT / "data", ROOT).latest
    figures = [figure_view(f) for f in issue.figures]
    charts = build_charts(figures)
    names = [f.chart for f in figures if f.chart]
    expected = [name for name in dict.fromkeys(names) if names.count(name) > 1]
    assert [chart.title for chart in charts] == expected
    for chart in charts:
        assert [f.id for f in chart.figures] == [f.id for f in figures if f.chart == chart.title]
        # The text alternative names every figure with its display form.
        for member in chart.figures:
            assert f"{member.label} {member.display}" in chart.summary


def test_bars_share_one_scale_per_unit_and_percentages_scale_to_100():
    counts = build_charts([figure("a", 9, "个", "c"), figure("b", 53, "个", "c"), figure("c", 48, "个", "c")])[0]
    lengths = [bar.length for bar in counts.panels[0].bars]
    assert lengths[1] == BAR_AREA_PERCENT and lengths[0] == round(9 / 53 * BAR_AREA_PERCENT, 2)
    shares = build_charts([figure("p", 75.5, "%", "s"), figure("q", 33, "%", "s")])[0]
    assert [bar.length for bar in shares.panels[0].bars] == [
        round(0.755 * BAR_AREA_PERCENT, 2),
        round(0.33 * BAR_AREA_PERCENT, 2),
    ]


def test_two_units_never_share_a_scale():
    chart = build_charts([figure("money", 160000000, "元", "m"), figure("people", 15600000, "名", "m")])[0]
    assert [panel.unit for panel in chart.panels] == ["元", "名"]
    assert all(panel.title for panel in chart.panels)
    # A count alone on its scale would always be a full bar: it is shown without one.
    assert [bar.length for panel in chart.panels for bar in panel.bars] == [None, None]
    # Panels follow each other without overlapping.
    assert chart.panels[1].y == chart.panels[0].height and chart.height == sum(p.height for p in chart.panels)


def test_a_lone_figure_makes_no_chart():
    assert build_charts([figure("a", 1, "个", "alone"), figure("b", 2, "个")]) == []


def test_long_labels_wrap_to_fit_a_phone():
    label = "为县域、乡镇、乡村企业工会基层职工免费健康体检的投入"
    lines = wrap_label(label)
    assert "".join(lines) == label and len(lines) == 2
    assert all(text_width_em(line) <= 22 for line in lines)
    chart = build_charts([figure("a", 1, "个", "c", label), figure("b", 2, "个", "c")])[0]
    first, second = chart.panels[0].bars
    assert len(first.label_y) == 2 and second.label_y[0] > first.bar_y


def test_tile_shading_and_legend_agree():
    assert shade_step(0, 10) == 0 and shade_step(10, 10) == 5 and shade_step(1, 10) == 2
    for largest in (1, 5, 37, 6980):
        steps = legend(largest)
        assert steps[0].fill == FILLS[0]
        covered = []
        for step in steps[1:]:
            low, _, high = step.label.partition("–")
            covered.append((int(low), int(high or low), step.fill))
        # Every count from 1 to the largest falls in exactly one legend step, with that step's colour.
        for count in range(1, min(largest, 400) + 1):
            matching = [fill for low, high, fill in covered if low <= count <= high]
            assert matching == [FILLS[shade_step(count, largest)]], (largest, count)


def test_tile_map_places_every_city_by_its_tile():
    cities = load_site_data(ROOT / "data", ROOT).cities
    tile_map = build_tile_map(cities, {"guangzhou": 4, "shenzhen": 1}, lambda city_id: f"2023/cities/{city_id}/")
    assert len(tile_map.tiles) == 21 and tile_map.total == 5
    guangzhou = next(t for t in tile_map.tiles if t.id == "guangzhou")
    assert (guangzhou.x, guangzhou.y) == (3 * 48, 1 * 48) and guangzhou.step == 5
    assert (
        guangzhou.url == "2023/cities/guangzhou/" and guangzhou.label == "广州 4 条（广州市）"
    )  # what the tile shows, then the full name
    positions = {(t.x, t.y) for t in tile_map.tiles}
    assert len(positions) == 21, "two cities on one tile"
    assert max(t.x for t in tile_map.tiles) + tile_map.tile <= tile_map.width
