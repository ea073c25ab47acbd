"""spbe_xl.writing.summary: the RINGKASAN sheet."""

from __future__ import annotations

import zipfile

import openpyxl

from spbe_xl.writers import write_followup


def test_summary_sheet(bontang_book, tmp_path):
    from spbe_xl import rules

    summary = rules.summarize(bontang_book)
    path = write_followup(bontang_book, tmp_path / "s.xlsx", summary=summary)
    ws = openpyxl.load_workbook(path)["RINGKASAN"]
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert summary.scores.total in values  # full precision, shown with 2 decimals
    assert summary.scores.predicate in values
    headers = {v for v in values if isinstance(v, str)}
    assert not headers & {"INDIKATOR", "KODE", "ID", "No Indikator", "NO INDIKATOR"}
    assert "No." in headers
    # The rollup is sorted by points to win, the most first.
    agencies = summary.rollup.sort_values("points_to_win", ascending=False, kind="stable")
    listed = [v for v in values if v in set(summary.rollup["responsible_agency"].dropna())]
    assert listed[: len(agencies)] == agencies["responsible_agency"].dropna().tolist()
    with zipfile.ZipFile(path) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        chart = archive.read(charts[0]).decode()
    assert chart.count("<c:ser>") == 2  # official and self-assessment side by side
    assert '<c:barDir val="col"/>' in chart


#: Words of the English notes the sheet used to carry; none may appear in RINGKASAN.
_ENGLISH = ("Official levels", "Framework ", "Index =", "indicator(s)", "Points to win", "The ")


def test_summary_notes_are_indonesian(bontang_book, tmp_path):
    """The notes under RINGKASAN's 'Catatan' are in the workbook's language (issue 15)."""
    path = write_followup(bontang_book, tmp_path / "s.xlsx")
    ws = openpyxl.load_workbook(path)["RINGKASAN"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    start = next(k for k, row in enumerate(rows) if "Catatan" in row)
    notes = [v for row in rows[start:] for v in row if isinstance(v, str) and len(v) > 40]
    assert any(n.startswith("Kerangka spbe2018") for n in notes)
    assert any(n.startswith("Level resmi:") for n in notes)
    assert any("Poin yang dapat diraih" in n for n in notes)
    assert not [n for n in notes if any(w in n for w in _ENGLISH)]
