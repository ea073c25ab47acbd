"""Between rounds: an instansi's SPBE (2025, spbe2020) and Pemdi (2026) results side by
side, each with its own framework and predicate, never one scale."""

from __future__ import annotations

import zipfile

import openpyxl

import spbe_xl
from spbe_xl import rules
from tests import variants
from tests.conftest import SAMPLES
from tests.pemdi_workbooks import pemdi_followup


def _denpasar_2025(tmp_path):
    """The Denpasar follow-up sample (spbe2020) titled as the 2025 round."""
    grids = variants.load(SAMPLES / "denpasar-2021-tindak-lanjut.xlsx")
    for grid in grids:
        variants.map_cells(grid, lambda v: v.replace("2021", "2025") if isinstance(v, str) else v)
    return variants.save(grids, tmp_path / "denpasar-2025.xlsx")


def _books(tmp_path):
    spbe = spbe_xl.read_workbook(_denpasar_2025(tmp_path))
    pemdi = spbe_xl.read_workbook(
        pemdi_followup(tmp_path / "denpasar-2026.xlsx", instansi="PEMERINTAH KOTA DENPASAR")
    )
    assert (spbe.meta.framework, spbe.meta.year) == ("spbe2020", 2025)
    assert (pemdi.meta.framework, pemdi.meta.year) == ("pemdi2026", 2026)
    return spbe, pemdi


def test_compare_keeps_each_framework_and_predicate(tmp_path):
    spbe, pemdi = _books(tmp_path)
    table = rules.compare([spbe, pemdi], missing="skip").set_index("year")
    alone_spbe = rules.index_scores(spbe.indicators, framework="spbe2020", missing="skip")
    alone_pemdi = rules.index_scores(pemdi.indicators, framework="pemdi2026")
    assert table.loc[2025, "framework"] == "spbe2020"
    assert table.loc[2026, "framework"] == "pemdi2026"
    assert table.loc[2025, "index"] == alone_spbe.total
    assert table.loc[2026, "index"] == alone_pemdi.total
    assert table.loc[2025, "predicate"] == alone_spbe.predicate
    assert table.loc[2026, "predicate"] == "Kurang"  # 1.24 on the Pemdi bands
    # not one scale: each is first among the books of its own framework
    assert table["rank"].tolist() == [1, 1]
    # each framework's parts in its own columns: Pemdi's aspect 1 is not SPBE's aspect 1
    assert "d1" not in table.columns and "a1" not in table.columns
    spbe_parts = [f"spbe2020 d{n}" for n in range(1, 5)] + [f"spbe2020 a{n}" for n in range(1, 9)]
    pemdi_parts = [f"pemdi2026 a{n}" for n in range(1, 8)]
    assert list(table.columns[5:]) == pemdi_parts + spbe_parts
    assert table.loc[2026, spbe_parts].isna().all() and table.loc[2025, pemdi_parts].isna().all()
    assert table.loc[2026, "pemdi2026 a4"] == alone_pemdi.by_aspect["index"].iloc[3]


def test_recap_says_the_indices_are_not_comparable(tmp_path):
    spbe, pemdi = _books(tmp_path)
    recap = rules.recap([spbe, pemdi])
    note = next(n for n in recap.notes if "not comparable" in n)
    assert "spbe2020" in note and "pemdi2026" in note and "scores 1.00-5.00" in note
    # predicates are counted per framework: the Pemdi bands never count the SPBE book
    counts = recap.predicates
    assert set(counts["framework"]) == {"spbe2020", "pemdi2026"}
    pemdi_counts = counts[counts["framework"] == "pemdi2026"].set_index("predicate")
    assert pemdi_counts["n_instansi"].sum() == 1 and pemdi_counts.loc["Kurang", "n_instansi"] == 1
    # aspect spreads per framework
    assert set(recap.aspects["framework"]) == {"spbe2020", "pemdi2026"}
    assert recap.aspects[recap.aspects["framework"] == "pemdi2026"]["n_instansi"].eq(1).all()


def test_the_recap_workbook_prints_the_note(tmp_path):
    spbe, pemdi = _books(tmp_path)
    out = spbe_xl.writers.write_recap(rules.recap([spbe, pemdi]), tmp_path / "rekap.xlsx")
    ws = openpyxl.load_workbook(out)["REKAP"]
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert any("not comparable" in t for t in texts)
    assert "Kerangka" in texts
    # the parts' headers name each framework by its title, not its id
    assert "Kinerja Pemerintah Digital 2026 Aspek 7" in texts
    assert "SPBE 2021-2025 Domain 4" in texts
    assert not any(t.startswith(("pemdi2026 ", "spbe2020 ")) for t in texts)
    assert "REKAP HASIL INDEKS SPBE DAN INDEKS PEMERINTAH DIGITAL (TIDAK SEBANDING)" in texts
    # no chart puts 3.19 (SPBE) and 1.24 (Pemdi) on one axis; one scale has its chart
    same = spbe_xl.writers.write_recap(rules.recap([spbe, spbe]), tmp_path / "same.xlsx")
    charts = [
        [n for n in zipfile.ZipFile(f).namelist() if n.startswith("xl/charts/")]
        for f in (out, same)
    ]
    assert charts == [[], ["xl/charts/chart1.xml"]]
    # a Pemdi-only recap's chart is of the Pemdi index, not the SPBE one
    pemdi_only = spbe_xl.writers.write_recap(rules.recap([pemdi, pemdi]), tmp_path / "p.xlsx")
    chart = zipfile.ZipFile(pemdi_only).read("xl/charts/chart1.xml").decode()
    assert "Indeks Pemerintah Digital per instansi" in chart and "Indeks SPBE" not in chart


def test_spbe_only_recaps_are_unchanged(tmp_path):
    spbe, _ = _books(tmp_path)
    bontang = spbe_xl.read_workbook(SAMPLES / "bontang-2018-tindak-lanjut.xlsx")
    recap = rules.recap([bontang, spbe])
    assert list(recap.predicates.columns) == ["predicate", "n_instansi"]
    assert not any("not comparable" in n for n in recap.notes)
    assert sorted(recap.table["rank"].tolist()) == [1, 2]  # one scale: ranked together
    assert "a8" in recap.table.columns and "d4" in recap.table.columns
