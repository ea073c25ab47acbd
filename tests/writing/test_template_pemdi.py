"""The 2026 template: the Pemdi framework, a 1.00-5.00 value cell with the scale beside it."""

from __future__ import annotations

import openpyxl
from click.testing import CliRunner

from spbe_xl import read_workbook
from spbe_xl.cli import main
from spbe_xl.writers import write_template


def test_the_2026_template_is_the_pemdi_one(tmp_path):
    path = write_template(tmp_path / "t.xlsx", instansi="Pemerintah Kabupaten Contoh", year=2026)
    book = read_workbook(path)
    assert (book.meta.framework, book.meta.year) == ("pemdi2026", 2026)
    assert book.indicators["indicator_id"].tolist() == [str(n) for n in range(1, 21)]
    assert book.indicators["domain_no"].isna().all()  # aspects at the top, no DOMAIN banner
    assert book.indicators["aspect_no"].tolist()[-2:] == [7, 7]
    assert not (book.findings["severity"] == "error").any()
    ws = openpyxl.load_workbook(path)["TINDAK LANJUT"]
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert any("EVALUASI KINERJA PEMERINTAH DIGITAL" in t for t in texts)
    assert not any(t.startswith("DOMAIN") for t in texts)
    assert "ASPEK 7" in texts
    # the value cell: a decimal between 1 and 5, not a LEVEL dropdown
    checks = ws.data_validations.dataValidation
    value_check = next(dv for dv in checks if dv.type == "decimal")
    assert (float(value_check.formula1), float(value_check.formula2)) == (1.0, 5.0)
    assert len(str(value_check.sqref).split()) == 20
    assert not any(dv.type == "list" and "LEVEL" in str(dv.formula1) for dv in checks)
    # the scale beside it: each value cell's note gives the range and the predicate bands
    notes = {c.coordinate: c.comment.text for row in ws.iter_rows() for c in row if c.comment}
    assert len(notes) == 20
    first = next(iter(notes.values()))
    assert "1,00 sampai 5,00" in first and "Memuaskan 4,00-5,00" in first
    assert "Kurang 1,00-<1,50" in first
    # the disputed level names are not shown
    assert "Rintisan" not in first and "Merintis" not in first
    assert sum("Satu Data" in n for n in notes.values()) == 2  # indicators 5 and 18


def test_cli_template_2026(tmp_path):
    target = tmp_path / "baru.xlsx"
    result = CliRunner().invoke(
        main, ["template", str(target), "--instansi", "Pemerintah Kota Contoh", "--year", "2026"]
    )
    assert result.exit_code == 0, result.output
    assert "pemdi2026" in result.output
    assert read_workbook(target).meta.framework == "pemdi2026"


def test_a_filled_2026_template_reads_and_scores(tmp_path):
    from spbe_xl import rules

    path = write_template(tmp_path / "t.xlsx", instansi="Pemerintah Kota Contoh", year=2026)
    wb = openpyxl.load_workbook(path)
    ws = wb["TINDAK LANJUT"]
    typed = {1: "2,75", 2: 3.5, 20: "4,00", 19: "1.25"}  # both separators, text and numbers
    for row in ws.iter_rows():
        if row[0].value in typed:
            row[3].value = typed[row[0].value]
    wb.save(path)
    book = read_workbook(path)
    values = book.indicators.set_index("indicator_id")["maturity_level"]
    assert (values["1"], values["2"], values["19"], values["20"]) == (2.75, 3.5, 1.25, 4.0)
    assert values.isna().sum() == 16
    result = rules.index_scores(book.indicators, framework=book.meta.framework, missing="skip")
    # aspect 7: (10 x 1.25 + 15 x 4.00) / 25
    aspect7 = result.by_aspect.set_index("aspect_no").loc[7, "index"]
    assert aspect7 == (10 * 1.25 + 15 * 4.0) / 25
