"""Page objects: related entries through indexes, filter facets, avatars, navigation order."""

from __future__ import annotations

import random
from pathlib import Path
from types import SimpleNamespace

import pytest

from tekan.dataset.loader import load_site_data
from tekan.pages.contexts import PageKind
from tekan.pages.navigation import arrange_nav
from tekan.pages.specs import site_pages
from tekan.pages.views import (
    AVATAR_HUE_STEP,
    RelatedIndex,
    avatar_char,
    avatar_hue,
    entry_card,
    facet_views,
    related_entries,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def site():
    return load_site_data(ROOT / "data", ROOT)


def fake_entry(
    number: int,
    collection: str,
    unit: str | None,
    awards: list[str],
    city: str | None,
    kind: str | None = None,
    district: str | None = None,
):
    """Just the attributes RelatedIndex reads from a dataset.Entry."""
    return SimpleNamespace(
        id=f"e{number}",
        collection=collection,
        city=SimpleNamespace(id=city) if city else None,
        data=SimpleNamespace(unit=unit, district=district),
        honours=[SimpleNamespace(award=SimpleNamespace(id=a)) for a in awards],
        site_kind=SimpleNamespace(id=kind) if kind else None,
    )


def brute_force_related(entry, entries, limit=6):
    """The definition, compared with every other entry: unit 4, a shared mark 2, city 1; data order breaks ties."""
    unit, marks, city = RelatedIndex.facets(entry)

    def score(other):
        other_unit, other_marks, other_city = RelatedIndex.facets(other)
        return (
            (4 if set(unit) & set(other_unit) else 0)
            + (2 if set(marks) & set(other_marks) else 0)
            + (1 if set(city) & set(other_city) else 0)
        )

    scored = [
        (score(o), i, o)
        for i, o in enumerate(entries)
        if o is not entry and o.collection == entry.collection and score(o) > 0
    ]
    return [o for _, _, o in sorted(scored, key=lambda s: (-s[0], s[1]))][:limit]


def random_entries(count: int, seed: int):
    rng = random.Random(seed)
    entries = []
    for number in range(count):
        if rng.random() < 0.3:
            entries.append(
                fake_entry(
                    number,
                    "sites",
                    None,
                    [],
                    rng.choice(["gz", "sz", "fs"]),
                    kind=rng.choice(["yizhan", "wenhuagong"]),
                    district=rng.choice([None, "天河区", "南山区"]),
                )
            )
        else:
            entries.append(
                fake_entry(
                    number,
                    rng.choice(["workers", "craftsmen"]),
                    rng.choice([None, "甲公司", "乙公司", "丙公司", "丁公司"]),
                    rng.sample(["a1", "a2", "a3", "a4"], rng.randint(0, 2)),
                    rng.choice([None, "gz", "sz", "fs", "dg"]),
                )
            )
    return entries


@pytest.mark.parametrize("seed", range(5))
def test_related_index_gives_exactly_the_brute_force_ranking(seed):
    entries = random_entries(300, seed)
    index = RelatedIndex(entries)
    for entry in entries:
        assert [o.id for o in index.related(entry)] == [o.id for o in brute_force_related(entry, entries)], entry.id


def count_steps(index: RelatedIndex, entries) -> int:
    """How many bucket items all queries together read, counted through the buckets' iterators."""
    steps = 0

    class Counting(list):
        def __iter__(self):
            nonlocal steps
            for item in list.__iter__(self):
                steps += 1
                yield item

    for key, bucket in index.buckets.items():
        index.buckets[key] = Counting(bucket)
    for entry in entries:
        index.related(entry)
    return steps


def test_related_entries_cost_stays_linear_when_everyone_shares_city_and_award():
    # The worst case for comparing every pair: one collection, one city, one award, many units.
    def crowd(count):
        return [fake_entry(n, "workers", f"单位{n % 50}", ["a1"], "gz") for n in range(count)]

    small, large = crowd(2_000), crowd(10_000)
    per_entry_small = count_steps(RelatedIndex(small), small) / len(small)
    per_entry_large = count_steps(RelatedIndex(large), large) / len(large)
    # O(n²) would read five times as many items per entry at five times the size.
    assert per_entry_large <= per_entry_small * 1.1
    assert per_entry_large < 100


def test_related_entries_of_the_shipped_data(site):
    issue = site.latest
    cards = {entry.id: entry_card(entry) for entry in issue.all_entries()}
    li_ming = next(e for e in issue.entries["workers"] if e.id == "li-ming")
    related = related_entries(li_ming, issue, cards)
    assert related and all(card.collection == "workers" and card.id != "li-ming" for card in related)
    # Same city (广州) is the only thing 广州南洋电缆 shares with 李明; it must be there.
    assert "guangzhou-nanyang-dianlan" in [card.id for card in related]


def test_avatar_char_skips_quotes_and_brackets():
    assert avatar_char("李明") == "李"
    assert avatar_char("“南粤”工匠") == "南"
    assert avatar_char("（示例）驿站") == "示"
    assert avatar_char("ABC 公司") == "A"


def test_people_with_the_same_first_character_share_a_few_avatar_colours():
    # Entries with the same avatar (character and colour) share one drawn share-image square: 2,000 people
    # named 李… need at most 24 squares, and still show every one of the 24 colours.
    names = [f"李{chr(0x4E00 + number)}{chr(0x5000 + number % 97)}" for number in range(2_000)]
    hues = {avatar_hue(name) for name in names}
    assert hues == set(range(0, 360, AVATAR_HUE_STEP)) and len(hues) == 24
    assert avatar_hue("李明") == avatar_hue("李明")


def test_facets_count_each_choice_and_keep_reference_order(site):
    issue = site.latest
    cards = [entry_card(e) for e in issue.entries["workers"]]
    order = {
        "city": {c.id: i for i, c in enumerate(site.cities)},
        "award": {a.id: i for i, a in enumerate(site.awards)},
    }
    facets = {f.name: f for f in facet_views("workers", cards, order)}
    assert set(facets) == {"city", "industry", "award"}
    city_counts = {c.value: c.count for c in facets["city"].choices}
    for value, count in city_counts.items():
        assert count == sum(1 for card in cards if card.filter_attrs["city"] == value)
    # Entries without a city are counted under 全省, not dropped.
    assert city_counts["_province"] == sum(1 for card in cards if not card.city_id)
    cities = [c.value for c in facets["city"].choices if c.value != "_province"]
    assert cities == sorted(cities, key=order["city"].get)
    assert facets["award"].multi
    award_total = sum(c.count for c in facets["award"].choices)
    assert award_total == sum(len({h.award_id for h in card.honours}) for card in cards)


def test_navigation_holds_sections_only_in_reading_order(site):
    specs = {spec.src_uri: spec for spec in site_pages(site)}
    in_nav = [spec for spec in specs.values() if spec.in_nav]
    assert {spec.page_kind.value for spec in in_nav} == {"home", "issue", "stats", "listing", "cities", "archive"}
    assert not [spec for spec in specs.values() if spec.page_kind in (PageKind.ENTRY, PageKind.CITY) and spec.in_nav]

    def page(uri):
        return SimpleNamespace(file=SimpleNamespace(src_uri=uri), title=None, parent=None)

    def section(title, *children):
        made = SimpleNamespace(title=title, children=list(children), parent=None)
        for child in children:
            child.parent = made
        return made

    # The shape MkDocs derives from the files: sorted by path, folders named after themselves.
    items = [
        page("index.md"),
        page("about.md"),
        section(
            "2023",
            page("2023/index.md"),
            section("Cities", page("2023/cities/index.md")),
            section("Craftsmen", page("2023/craftsmen/index.md")),
            section("Sites", page("2023/sites/index.md")),
            section("Stats", page("2023/stats/index.md")),
            section("Workers", page("2023/workers/index.md")),
        ),
        section("Archive", page("archive/index.md")),
    ]
    arranged = arrange_nav(items, specs)
    assert [i.file.src_uri if hasattr(i, "file") else i.title for i in arranged] == [
        "index.md",
        "2023 年度特刊",
        "archive/index.md",
        "about.md",
    ]
    # Sections holding only their index page become plain links, in reading order after the issue home.
    issue_section = arranged[1]
    assert [c.file.src_uri for c in issue_section.children] == [
        "2023/index.md",
        "2023/stats/index.md",
        "2023/workers/index.md",
        "2023/craftsmen/index.md",
        "2023/sites/index.md",
        "2023/cities/index.md",
    ]
    assert all(c.parent is issue_section for c in issue_section.children[1:])
