"""spbe_xl.writing.template: the blank template, its dropdowns and criteria."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile

import openpyxl
import pandas as pd
import pytest

from spbe_xl import framework as fw
from spbe_xl.readers import read_workbook
from spbe_xl.writers import write_template
from tests.framework.files import toml_text, write
from tests.writer_books import sheet_xml


@pytest.mark.parametrize(
    ("framework", "count", "year"), [("spbe2018", 35, 2019), ("spbe2020", 47, 2024)]
)
def test_template_reads_back_with_every_indicator_and_no_levels(framework, count, year, tmp_path):
    agencies = ["Dinas Komunikasi, Informatika dan Statistik", "Bagian Organisasi Setda", "=evil"]
    path = write_template(
        tmp_path / f"{framework}.xlsx",
        framework=framework,
        instansi="Pemerintah Kabupaten Contoh",
        year=year,
        agencies=agencies,
    )
    book = read_workbook(path)
    catalog = fw.load(framework)
    assert book.meta.framework == framework
    assert len(book.indicators) == count
    assert book.indicators["indicator_id"].tolist() == [str(n) for n in range(1, count + 1)]
    assert book.indicators["name"].tolist() == catalog.indicators["name"].tolist()
    for column in ("self_level", "evaluator_level", "maturity_level"):
        assert book.indicators[column].isna().all()
    assert book.evidence.empty and book.actions.empty
    assert book.meta.instansi == "Pemerintah Kabupaten Contoh"
    assert book.meta.year == year
    assert book.meta.plan_years == (year, year + 1, year + 2)

    xml = sheet_xml(path)
    tl = xml["TINDAK LANJUT"]
    levels = ",".join(f"LEVEL {n}" for n in range(catalog.level_min, catalog.level_max + 1))
    level_rule = re.search(
        r'<dataValidation type="list"[^>]*sqref="([^"]+)"><formula1>"' + levels + '"</formula1>', tl
    )
    assert level_rule, "no level dropdown"
    assert len(level_rule.group(1).split()) == count  # every level cell
    assert all(ref.startswith("D") for ref in level_rule.group(1).split())
    assert "<formula1>DAFTAR!$A$1:$A$3</formula1>" in tl
    assert (
        '<sheet name="DAFTAR" sheetId="2" state="hidden"'
        in zipfile.ZipFile(path).read("xl/workbook.xml").decode()
    )
    lists = openpyxl.load_workbook(path)["DAFTAR"]
    assert [lists.cell(r, 1).value for r in (1, 2, 3)] == agencies
    # the only formulas: PENJELASAN LEVEL's lookup of the chosen level's criterion
    formulas = re.findall(r'<c r="([A-Z]+)(\d+)"[^>]*><f>([^<]*)</f>', tl)
    if catalog.has_criteria:
        assert len(formulas) == count
        for column, row, formula in formulas:
            assert column == "E"
            assert re.fullmatch(
                rf'IFERROR\(VLOOKUP\("\d+\|"&amp;D{row},KRITERIA!\$A:\$D,4,FALSE\),""\)', formula
            )
    else:
        assert formulas == []


def test_template_layout(tmp_path):
    # (the framework named: without it, 2025 is a spbe2020 round)
    path = write_template(
        tmp_path / "t.xlsx", framework="spbe2018", year=2025, plan_years=[2025, 2026]
    )
    ws = openpyxl.load_workbook(path)["TINDAK LANJUT"]
    assert ws["A2"].value == "TAHUN 2025"
    assert ws["A4"].value == "DOMAIN 1"
    assert ws.cell(6, 11).value == "RENCANA AKSI TAHUN 2025"
    assert ws.cell(6, 13).value == "PERANGKAT DAERAH PENANGGUNG JAWAB"
    # Indicator 1 with three empty evidence sub-rows and its cells merged over them.
    assert ws["A10"].value == 1
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert {"A10:A12", "B10:B12", "D10:D12", "M10:M12"} <= merged
    assert ws["B10"].value == fw.load("spbe2018").indicator(1)["name"]
    assert ws["D10"].value is None and ws["G10"].value is None
    multi = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    assert 35 in multi and "35-1" not in multi


def test_template_year_picks_its_round_framework(tmp_path):
    for year, framework in ((2019, "spbe2018"), (2020, "spbe2018"), (2021, "spbe2020"), (2025, "spbe2020")):
        book = read_workbook(write_template(tmp_path / f"{year}.xlsx", year=year))
        assert (book.meta.framework, book.meta.year) == (framework, year)
    book = read_workbook(write_template(tmp_path / "2026.xlsx", year=2026))
    assert (book.meta.framework, book.meta.year) == ("pemdi2026", 2026)
    for year in (2010, 2017):
        with pytest.raises(fw.FrameworkError, match=f"no packaged framework applies to the {year}"):
            write_template(tmp_path / "none.xlsx", year=year)
    assert not (tmp_path / "none.xlsx").exists()


def test_template_defaults(tmp_path):
    import datetime

    book = read_workbook(write_template(tmp_path / "t.xlsx"))
    this = datetime.date.today().year
    assert book.meta.year is None  # no year in the title: nothing to mislead the reader
    assert book.meta.framework == "spbe2018"
    assert len(book.indicators) == 35
    assert book.meta.plan_years == (this, this + 1, this + 2)


@pytest.mark.parametrize(("framework", "year"), [("spbe2018", 2024), ("spbe2020", 2019)])
def test_template_framework_is_read_from_the_indicators_not_the_year(framework, year, tmp_path):
    path = write_template(
        tmp_path / "t.xlsx", framework=framework, instansi="Pemerintah Kota Contoh", year=year
    )
    book = read_workbook(path)
    assert book.meta.framework == framework
    assert book.meta.year == year


def test_template_criteria_sheet_and_evidence_guidance(tmp_path):
    path = write_template(tmp_path / "t.xlsx", framework="spbe2018")
    workbook = openpyxl.load_workbook(path)
    criteria = workbook["KRITERIA"]
    assert criteria.sheet_state == "hidden"
    catalog = fw.load("spbe2018")
    keys = {row[0]: row[3] for row in criteria.iter_rows(min_row=2, values_only=True) if row[1]}
    assert len(keys) == len(catalog.criteria)
    assert keys["22|LEVEL 4"] == catalog.criterion(22, 4)
    ws = workbook["TINDAK LANJUT"]
    notes = [c.comment.text for row in ws.iter_rows() for c in row if c.comment]
    assert len(notes) == 35
    assert all(n.startswith("Data dukung: ") for n in notes)
    # a framework without criteria: no KRITERIA sheet, no lookups
    mini = write(tmp_path, toml_text())
    assert (
        "KRITERIA"
        not in openpyxl.load_workbook(
            write_template(tmp_path / "u.xlsx", framework=str(mini))
        ).sheetnames
    )


def test_2020_template_criteria_sheet_with_both_wordings_and_statuses(tmp_path):
    path = write_template(tmp_path / "t.xlsx", framework="spbe2020")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["KRITERIA"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["Kunci", "Indikator", "Level", "Kriteria"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True) if r[1]}
    catalog = fw.load("spbe2020")
    assert len(rows) == 235
    alt, status = header.index("Rumusan lain"), header.index("Status kriteria")
    info = catalog.criterion_info(16, 2)
    assert rows["16|LEVEL 2"][3] == info.text and rows["16|LEVEL 2"][alt] == info.alt_text
    assert rows["16|LEVEL 2"][status].startswith("rumusan sumber berbeda")
    assert rows["1|LEVEL 1"][alt] is None and rows["1|LEVEL 1"][status] == "sumber sepakat"
    assert rows["3|LEVEL 4"][status].startswith("diragukan")
    assert rows["8|LEVEL 3"][status] == "hanya dari satu sumber"
    # the doubtful criteria are noted on PENJELASAN LEVEL (column E) of their indicators
    ws = workbook["TINDAK LANJUT"]
    notes = {
        ws.cell(c.row, 1).value: c.comment.text for row in ws.iter_rows() for c in row if c.comment
    }
    assert set(notes) == {3, 8, 9, 31}  # 2020 has no evidence guidance: no other notes
    assert (
        notes[3] == "Catatan kriteria: kriteria level 3 dan 4 diragukan (tampak tertukar levelnya)."
    )
    assert notes[31] == "Catatan kriteria: kriteria level 2 hanya dari satu sumber."


def test_template_rows_are_tall_enough_for_the_longest_criterion(tmp_path):
    from spbe_xl.writing.metrics import text_height

    path = write_template(tmp_path / "t.xlsx", framework="spbe2020")
    ws = openpyxl.load_workbook(path)["TINDAK LANJUT"]
    catalog = fw.load("spbe2020")
    width = ws.column_dimensions["E"].width
    starts = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    for number in (1, 2, 22, 37):
        r = starts[number]
        block = sum(ws.row_dimensions[k].height or 15 for k in range(r, r + 3))
        longest = max(text_height(catalog.criterion(number, lv), width) for lv in range(1, 6))
        assert block >= longest - 1, number


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_choosing_a_level_in_the_template_shows_its_criterion(tmp_path):
    template = write_template(tmp_path / "t.xlsx", framework="spbe2018", year=2026)
    workbook = openpyxl.load_workbook(template)
    ws = workbook["TINDAK LANJUT"]
    chosen = {1: "LEVEL 3", 22: "LEVEL 4", 35: "LEVEL 0"}
    for row in ws.iter_rows():
        if row[0].value in chosen:
            row[3].value = chosen[row[0].value]
    workbook.save(tmp_path / "filled.xlsx")
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--convert-to",
         "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "out"), str(tmp_path / "filled.xlsx")],
        capture_output=True, timeout=240, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    book = read_workbook(tmp_path / "out" / "filled.xlsx")
    ind = book.indicators.set_index("indicator_id")
    catalog = fw.load("spbe2018")
    for number, label in chosen.items():
        level = int(label.split()[1])
        assert ind.loc[str(number), "maturity_level"] == level
        assert ind.loc[str(number), "maturity_explanation"] == catalog.criterion(number, level)
    assert ind.loc["2", "maturity_explanation"] is pd.NA or pd.isna(
        ind.loc["2", "maturity_explanation"]
    )


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_choosing_a_level_in_the_2020_template_shows_its_criterion(tmp_path):
    template = write_template(tmp_path / "t.xlsx", framework="spbe2020", year=2024)
    workbook = openpyxl.load_workbook(template)
    ws = workbook["TINDAK LANJUT"]
    chosen = {1: "LEVEL 3", 3: "LEVEL 4", 16: "LEVEL 2", 47: "LEVEL 5"}
    for row in ws.iter_rows():
        if row[0].value in chosen:
            row[3].value = chosen[row[0].value]
    workbook.save(tmp_path / "filled.xlsx")
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--convert-to",
         "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "out"), str(tmp_path / "filled.xlsx")],
        capture_output=True, timeout=240, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    book = read_workbook(tmp_path / "out" / "filled.xlsx")
    assert book.meta.framework == "spbe2020"
    ind = book.indicators.set_index("indicator_id")
    catalog = fw.load("spbe2020")
    for number, label in chosen.items():
        level = int(label.split()[1])
        assert ind.loc[str(number), "maturity_level"] == level
        assert ind.loc[str(number), "maturity_explanation"] == catalog.criterion(number, level)
        # the criterion under its own label: read as that level, no contradiction
        assert ind.loc[str(number), "maturity_level_by_text"] == level
    assert "level_text_mismatch" not in set(book.findings.code)
    assert pd.isna(ind.loc["2", "maturity_explanation"])


def test_template_of_a_framework_with_an_office_criteria_file(tmp_path):
    office = tmp_path / "kriteria-kantor.csv"
    office.write_text("indicator_no,level,criterion\n3,4,Teks kantor untuk level empat.\n", "utf-8")
    catalog = fw.load("spbe2020", criteria=office)
    path = write_template(tmp_path / "t.xlsx", framework=catalog, year=2024)
    workbook = openpyxl.load_workbook(path)
    rows = {r[0]: r for r in workbook["KRITERIA"].iter_rows(min_row=2, values_only=True) if r[1]}
    assert rows["3|LEVEL 4"][3] == "Teks kantor untuk level empat."
    assert rows["3|LEVEL 4"][7] == "dari berkas kriteria instansi"
    assert rows["3|LEVEL 3"][3] == fw.load("spbe2020").criterion(3, 3)
    # only level 3 of indicator 3 is still in doubt
    ws = workbook["TINDAK LANJUT"]
    notes = {
        ws.cell(c.row, 1).value: c.comment.text for r in ws.iter_rows() for c in r if c.comment
    }
    assert notes[3] == "Catatan kriteria: kriteria level 3 diragukan (tampak tertukar levelnya)."
