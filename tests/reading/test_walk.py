"""The sheet walk (spbe_xl.reading.walk): header blocks, column numbers, ignored columns."""

from __future__ import annotations

from dataclasses import replace

import pytest

from spbe_xl.reading.grid import Sheet, open_workbook
from spbe_xl.reading.walk import parse_sheet
from tests import layouts as L


def _sheet(rows, merges=()):
    return Sheet("x.xlsx", "S", [list(r) for r in rows], merges=list(merges))


def test_a_column_number_row_is_skipped_never_indicator_1():
    rows = [
        ["NO", "INDIKATOR", "PENILAIAN MANDIRI", "HASIL PENILAIAN TIM EVALUATOR"],
        [1, 2, 3, 4],
        [1, "Kebijakan Internal", "LEVEL 2", "LEVEL 1"],
        [2, "Tata Kelola", "LEVEL 3", "LEVEL 3"],
    ]
    result = parse_sheet(_sheet(rows))
    assert [rec.indicator_id for rec in result.records] == ["1", "2"]
    assert result.records[0].fields["name"] == "Kebijakan Internal"
    assert not [f for f in result.findings if f.code == "duplicate_indicator"]


def test_each_headed_column_not_read_is_an_info_finding_once():
    header = ["NO", "INDIKATOR", "NILAI KEMATANGAN", "REKOMENDASI", "KETERANGAN", "Domain"]
    rows = [
        header,
        [1, "Kebijakan Internal", 2, "x", "catatan", "Tata Kelola"],
        ["DOMAIN 2 : TATA KELOLA"],
        header,  # the header repeated under a banner: reported once
        [2, "Tata Kelola", 3, "y", None, "Tata Kelola"],
    ]
    result = parse_sheet(_sheet(rows))
    ignored = [f for f in result.findings if f.code == "ignored_column"]
    assert [(f.severity, f.source) for f in ignored] == [("info", "S!E1"), ("info", "S!F1")]
    assert "KETERANGAN" in ignored[0].message
    assert [rec.fields.get("maturity_level") for rec in result.records] == [2, 3]


def _layout(seed: int = 0, **choices):
    return replace(L.Layout.random(seed), **choices)


REGENCY = dict(
    source="denpasar2021",
    column_order="standard",
    id_column="NO",
    id_form="number",
    number_header=0,
    name_header=0,
    header_depth=2,
    self_header=0,  # PENILAIAN MANDIRI over TINGKAT KEMATANGAN
    evaluator_header=0,  # HASIL EVALUASI over NILAI EVALUATOR
    level_in_group="first",
    banners="domain_aspect",
    column_numbers="parenthesized",
    followup="flat",
    typos="none",
    header_case="upper",
    agency_sheets="none",
)


@pytest.mark.parametrize("group_cells", ["merged", "unmerged"])
@pytest.mark.parametrize("level_in_group", ["first", "not_first"])
@pytest.mark.parametrize("depth", [2, 3])
def test_group_headers_give_the_self_and_evaluator_levels(
    tmp_path, group_cells, level_in_group, depth
):
    layout = _layout(
        **{
            **REGENCY,
            "group_cells": group_cells,
            "level_in_group": level_in_group,
            "header_depth": depth,
        }
    )
    truth = L.truth_for(layout)
    rendered = L.render(truth, layout, tmp_path)
    sheet = open_workbook(rendered.paths[0])[0]
    result = parse_sheet(sheet)
    assert result.columns is not None and result.columns.kind == "self_assessment"
    assert [rec.indicator_id for rec in result.records] == [i.id for i in truth.indicators]
    for rec, ind in zip(result.records, truth.indicators, strict=True):
        assert rec.fields.get("self_level") == ind.self_level
        assert rec.fields.get("evaluator_level") == ind.evaluator_level
        assert "maturity_level" not in rec.fields
        assert rec.fields.get("name") == ind.name


def test_the_flat_followup_reads_self_levels_actions_and_agencies(tmp_path):
    layout = _layout(**REGENCY, actions="text_and_target", agency_header=4, action_header=0,
                     target_header=0)  # fmt: skip
    truth = L.truth_for(layout)
    rendered = L.render(truth, layout, tmp_path)
    sheet = open_workbook(rendered.paths[1])[0]
    result = parse_sheet(sheet)
    assert result.header_row is not None
    assert result.columns is not None and result.columns.kind == "followup"
    by_id = {rec.indicator_id: rec for rec in result.records}
    for ind in truth.indicators:
        rec = by_id[ind.id]
        assert rec.fields.get("self_level") == ind.self_level
        assert rec.fields.get("maturity_level") == ind.maturity_level
        assert rec.fields.get("responsible_agency_raw")  # OPD TERKAIT
        if ind.actions:
            year = min(ind.actions)
            assert [(a["year"], a["text"]) for a in rec.actions] == [(year, ind.actions[year])]
