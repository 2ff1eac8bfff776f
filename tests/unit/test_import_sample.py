"""The sample spreadsheet in docs/ is the one the guide describes, and it still imports cleanly."""

from __future__ import annotations

import openpyxl
import pytest

from support import ROOT, copy_project
from tekan.cli import main
from tekan.dataset.loader import load_site_data
from tekan.dataset.vocabulary import COLLECTION_TITLES
from tekan.editors.importer import SAMPLE_SHEETS

SAMPLE = ROOT / "docs" / "导入示例.xlsx"


def test_sample_matches_its_source():
    book = openpyxl.load_workbook(SAMPLE, read_only=True)
    assert book.sheetnames == [COLLECTION_TITLES[c] for c in SAMPLE_SHEETS]
    for collection, (title, headers, rows) in SAMPLE_SHEETS.items():
        values = [list(row) for row in book[COLLECTION_TITLES[collection]].iter_rows(values_only=True)]
        assert values[0][0] == title
        assert values[1] == headers
        assert [row[: len(headers)] for row in values[2:]] == rows


def test_every_sheet_of_the_sample_imports_and_builds(tmp_path, capsys):
    project = copy_project(tmp_path / "project")
    for collection in SAMPLE_SHEETS:
        assert main(["--root", str(project), "import", str(SAMPLE), "--collection", collection]) == 0, (
            capsys.readouterr().err
        )
    site = load_site_data(project / "data", project)
    imported = [
        entry
        for entry in site.latest.all_entries()
        if entry.name in {row[1] for _, _, rows in SAMPLE_SHEETS.values() for row in rows}
    ]
    assert len(imported) == sum(len(rows) for _, _, rows in SAMPLE_SHEETS.values())
    assert all(entry.sample for entry in imported)  # the 示例 column marks them as samples on the site


@pytest.mark.parametrize("collection", list(SAMPLE_SHEETS))
def test_sample_headers_are_all_known(collection):
    from tekan.editors.importer import HEADERS, IGNORED_HEADERS, normalise_header

    known = {header for headers in HEADERS[collection].values() for header in headers} | set(IGNORED_HEADERS)
    assert {normalise_header(header) for header in SAMPLE_SHEETS[collection][1]} <= known


def test_the_shipped_sample_is_what_write_sample_workbook_makes(tmp_path):
    """docs/导入示例.xlsx is reproducible: regenerated, it holds the same sheets, cells and layout.
    After changing SAMPLE_SHEETS, remake it with `.venv/bin/python -m tekan.editors.importer docs/导入示例.xlsx`.
    """
    from tekan.editors.importer import write_sample_workbook

    fresh = tmp_path / "导入示例.xlsx"
    write_sample_workbook(fresh)
    made, shipped = openpyxl.load_workbook(fresh), openpyxl.load_workbook(SAMPLE)
    assert made.sheetnames == shipped.sheetnames
    for name in made.sheetnames:
        ours, theirs = made[name], shipped[name]
        assert [[c.value for c in row] for row in ours.iter_rows()] == [
            [c.value for c in row] for row in theirs.iter_rows()
        ]
        assert ours.freeze_panes == theirs.freeze_panes
        assert {k: d.width for k, d in ours.column_dimensions.items()} == {
            k: d.width for k, d in theirs.column_dimensions.items()
        }
