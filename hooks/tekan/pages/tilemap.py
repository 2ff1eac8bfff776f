"""Guangdong's cities as a tile map: one square per city at its [column, row], shaded by count.

Shading uses five steps on a square-root scale, so that one city with
thousands of entries does not wash every other city out to the lightest step.
Text colours are chosen per step for a contrast of at least 4.5:1.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

TILE = 44
GAP = 4
STEPS = 5
# Light to dark reds; index 0 is for cities with nothing listed yet.
FILLS = ("#eeeeee", "#fde0d9", "#fcae91", "#fb6a4a", "#cb181d", "#8c0d12")
TEXT_FILLS = ("#333333", "#1f1f1f", "#1f1f1f", "#1f1f1f", "#ffffff", "#ffffff")


@dataclass
class Tile:
    id: str
    name: str
    short: str
    count: int
    url: str
    x: int
    y: int
    step: int

    @property
    def fill(self) -> str:
        return FILLS[self.step]

    @property
    def text_fill(self) -> str:
        return TEXT_FILLS[self.step]

    @property
    def label(self) -> str:
        """The tile's name for screen readers: what it shows (佛山 10), then the city's full name.
        A name that did not contain the visible text would not answer a voice user saying what they see."""
        own = f"{self.short} {self.count} 条"
        return own if self.name == self.short else f"{own}（{self.name}）"


@dataclass
class LegendStep:
    label: str
    fill: str


@dataclass
class TileMap:
    width: int
    height: int
    tile: int
    tiles: list[Tile]
    legend: list[LegendStep]
    total: int


def shade_step(count: int, largest: int) -> int:
    if count <= 0 or largest <= 0:
        return 0
    return max(1, min(STEPS, math.ceil(STEPS * math.sqrt(count / largest))))


def legend(largest: int) -> list[LegendStep]:
    steps = [LegendStep("0", FILLS[0])]
    if largest <= 0:
        return steps
    for step in range(1, STEPS + 1):
        low = math.floor(largest * ((step - 1) / STEPS) ** 2) + 1
        high = math.floor(largest * (step / STEPS) ** 2)
        if step == STEPS:
            high = largest
        # Show only steps some whole count can fall into.
        low = max(low, 1)
        if low > high or shade_step(low, largest) != step:
            continue
        steps.append(LegendStep(str(low) if low == high else f"{low}–{high}", FILLS[step]))
    return steps


def build_tile_map(cities: Sequence, counts: dict[str, int], url_for: Callable[[str], str]) -> TileMap:
    """`cities` carry id, name, short and tile [column, row]; `counts` maps city id to entries."""
    largest = max((counts.get(c.id, 0) for c in cities), default=0)
    tiles = [
        Tile(
            c.id,
            c.name,
            c.short,
            counts.get(c.id, 0),
            url_for(c.id),
            c.tile[0] * (TILE + GAP),
            c.tile[1] * (TILE + GAP),
            shade_step(counts.get(c.id, 0), largest),
        )
        for c in cities
    ]
    columns = max((c.tile[0] for c in cities), default=0) + 1
    rows = max((c.tile[1] for c in cities), default=0) + 1
    return TileMap(
        columns * (TILE + GAP) - GAP,
        rows * (TILE + GAP) - GAP,
        TILE,
        tiles,
        legend(largest),
        sum(counts.get(c.id, 0) for c in cities),
    )
