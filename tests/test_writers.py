"""Writers: the follow-up workbook and the template, read back through the project's reader."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spbe_xl import framework as fw
from spbe_xl import writers
from spbe_xl.book import Book, Signature
from spbe_xl.readers import parse_indicator_id, read_workbook
from spbe_xl.writers import MARK, write_followup, write_template
from tests.writer_books import HOSTILE, PLAN_YEARS, assert_round_trip, build_book, make_book


@pytest.fixture
def built_book() -> Book:
    """The small book of tests/writer_books.py (every kind of data)."""
    return build_book()


def test_round_trip_of_a_built_book(built_book, tmp_path):
    path = tmp_path / "tl.xlsx"
    back = assert_round_trip(built_book, path)
    assert back.meta.instansi == "Pemerintah Kota Contoh"
    assert back.meta.year == 2019
    assert back.meta.plan_years == PLAN_YEARS
    sig = back.meta.signature
    assert (sig.place, sig.date, sig.label, sig.role, sig.name, sig.nip) == (
        "CONTOH",
        "2 JANUARI 2020",
        "MENGETAHUI :",
        "KEPALA BAGIAN ORGANISASI,",
        "Drs. NAMA PEJABAT, M.Si",
        "NIP. 000000000000000000",
    )
    kinds = {s.name: s.kind for s in back.meta.sheets}
    assert kinds["TINDAK LANJUT"] == "followup"
    assert kinds["PENILAIAN MANDIRI"] == "self_assessment"
    assert kinds["RINGKASAN"] == "ignored"
    assert kinds["TANPA PENANGGUNG JAWAB"] == "agency_followup"
    agencies = {s.name: s.agency for s in back.meta.sheets if s.kind == "agency_followup"}
    assert agencies == {
        "BAG ORGANISASI": "Bagian Organisasi Setda",
        "DKIS": "Dinas Komunikasi, Informatika dan Statistik",
        "KELURAHAN API-API": "Kelurahan Api-Api",
        "TANPA PENANGGUNG JAWAB": None,
    }


def test_followup_sheet_layout(built_book, tmp_path):
    path = write_followup(built_book, tmp_path / "tl.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["TINDAK LANJUT"]
    assert ws["A1"].value == writers.TITLE_FOLLOWUP
    assert ws["A2"].value == "DI LINGKUNGAN PEMERINTAH KOTA CONTOH TAHUN 2019"
    assert (ws["A4"].value, ws["A5"].value) == ("DOMAIN 1", "KEBIJAKAN INTERNAL SPBE")
    header = [ws.cell(6, c).value for c in range(1, 15)]
    assert header == [
        "INDIKATOR",
        "URAIAN INDIKATOR",
        "PERTANYAAN",
        "NILAI TINGKAT KEMATANGAN",
        "PENJELASAN LEVEL",
        "REKOMENDASI MENPAN",
        "DATA DUKUNG REKOMENDASI MENPAN",
        None,
        "KELENGKAPAN DATA DUKUNG SAAT INI",
        None,
        "RENCANA AKSI TAHUN 2019",
        "RENCANA AKSI TAHUN 2020",
        "RENCANA AKSI TAHUN 2021",
        "PERANGKAT DAERAH PENANGGUNG JAWAB",
    ]
    assert (ws["I7"].value, ws["J7"].value) == ("ADA", "BELUM ADA")
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert {"A6:A7", "G6:H7", "I6:J6", "K6:K7", "N6:N7"} <= merged
    assert (ws["A8"].value, ws["A9"].value) == ("ASPEK 1", "KEBIJAKAN INTERNAL TATA KELOLA SPBE")
    # Indicator 1: 3 evidence items, 4 actions in 2020 -> 4 sub-rows, rows 10-13.
    assert ws["A10"].value == 1 and isinstance(ws["A10"].value, int)
    assert ws["D10"].value == "LEVEL 3"
    assert {"A10:A13", "F10:F13", "K10:K13", "M10:M13", "N10:N13"} <= merged
    assert not any(m.startswith("L10") for m in merged)  # one 2020 action per sub-row
    assert [ws.cell(r, 12).value for r in range(10, 14)] == [
        "Rapat koordinasi tim pengarah",
        "=Sosialisasi kebijakan",
        "Evaluasi berkala",
        "Pelaporan ke Walikota",
    ]
    assert [ws.cell(r, 7).value for r in range(10, 14)] == [1, 2, 3, None]
    assert [(ws.cell(r, 9).value, ws.cell(r, 10).value) for r in range(10, 14)] == [
        (MARK, None),
        (None, MARK),
        (None, None),
        (None, None),
    ]
    assert ws["F10"].value == "=cmd|' /C calc'!A0 sebaiknya dilengkapi"
    assert ws["F10"].data_type == "s"
    ids = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    assert "35-1" in ids and "35-2" in ids
    assert wb.sheetnames[:1] == ["TINDAK LANJUT"]
    agency_ws = wb["DKIS"]
    assert agency_ws["A3"].value == "PERANGKAT DAERAH: Dinas Komunikasi, Informatika dan Statistik"


def test_texts_are_never_formulas(built_book, tmp_path):
    hostile_book = make_book(
        [
            {
                "indicator_id": str(k + 1),
                "name": text,
                "question": text,
                "maturity_level": 2,
                "maturity_explanation": text,
                "recommendation": text,
                "responsible_agency_raw": text if k < 3 else None,
            }
            for k, text in enumerate(HOSTILE)
        ],
        [
            {
                "indicator_id": str(k + 1),
                "kind": "recommended",
                "item_no": 1,
                "text": t,
                "status": "ada",
            }
            for k, t in enumerate(HOSTILE)
        ],
        [{"indicator_id": "1", "year": 2021, "month": 3, "text": t} for t in HOSTILE],
        instansi="=Kota",
    )
    path = tmp_path / "hostile.xlsx"
    assert_round_trip(hostile_book, path)
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name).decode()
                assert not re.search(r"<f[ >]", xml), name  # no formula anywhere
        strings = archive.read("xl/sharedStrings.xml").decode()
    for text in HOSTILE:
        escaped = text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
        assert escaped in strings or text.replace("&", "&amp;") in strings
    ws = openpyxl.load_workbook(path)["TINDAK LANJUT"]
    values = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert all(isinstance(v, str) for v in values)
    assert "=cmd|' /C calc'!A0" in values


def test_book_without_followup_shows_the_evaluator_level(tmp_path):
    book = make_book(
        [
            {
                "indicator_id": "3",
                "self_level": 4,
                "evaluator_level": 2,
                "evaluator_explanation": "Belum ditetapkan",
            },
            {"indicator_id": "4", "self_level": 5, "evaluator_level": 3},
        ],
        [{"indicator_id": "3", "kind": "optimal", "item_no": 1, "text": "Perwali", "status": None}],
    )
    path = tmp_path / "pm.xlsx"
    back = assert_round_trip(book, path)
    assert back.indicators["maturity_level"].tolist() == [2, 3]
    ws = openpyxl.load_workbook(path)["TINDAK LANJUT"]
    assert "LEVEL 2" in [c.value for row in ws.iter_rows(max_col=4) for c in row]


def test_followup_book_round_trip(followup_book, tmp_path):
    back = assert_round_trip(followup_book, tmp_path / "tl.xlsx")
    assert back.meta.instansi == followup_book.meta.instansi
    assert back.meta.year == followup_book.meta.year
    assert back.meta.signature.name == followup_book.meta.signature.name


def test_bontang_book_round_trip(bontang_book, tmp_path):
    back = assert_round_trip(bontang_book, tmp_path / "bontang.xlsx")
    assert len(back.indicators) == 37
    assert back.meta.plan_years == bontang_book.meta.plan_years


def test_schedule_year_and_plan_years_arguments(built_book, tmp_path):
    path = tmp_path / "p.xlsx"
    write_followup(built_book, path, plan_years=[2020, 2021], schedule_year=2020)
    wb = openpyxl.load_workbook(path)
    assert "JADWAL 2020" in wb.sheetnames
    header = [wb["TINDAK LANJUT"].cell(6, c).value for c in range(11, 14)]
    assert header == [
        "RENCANA AKSI TAHUN 2020",
        "RENCANA AKSI TAHUN 2021",
        "PERANGKAT DAERAH PENANGGUNG JAWAB",
    ]


def test_signature_argument_and_none(built_book, tmp_path):
    other = Signature(
        place="SAMARINDA",
        date="1 MARET 2021",
        role="KEPALA DINAS,",
        name="X",
        nip="199001012020121001",
    )
    back = read_workbook(write_followup(built_book, tmp_path / "a.xlsx", signature=other))
    assert back.meta.signature.place == "SAMARINDA"
    assert back.meta.signature.nip == "NIP. 199001012020121001"
    assert back.meta.signature.label == "MENGETAHUI :"
    no_sig = make_book([{"indicator_id": "5", "maturity_level": 3}])
    back = read_workbook(write_followup(no_sig, tmp_path / "b.xlsx"))
    assert back.meta.signature is None


def test_round_trip_spbe2020(tmp_path):
    book = make_book(
        [
            {"indicator_id": str(n), "maturity_level": 1 + n % 5, "responsible_agency_raw": a}
            for n, a in ((1, "Diskominfo"), (12, "Bappeda"), (36, "Diskominfo"), (47, None))
        ],
        [
            {
                "indicator_id": "36",
                "kind": "recommended",
                "item_no": 1,
                "text": "SOP",
                "status": "ada",
            }
        ],
        [{"indicator_id": "12", "year": 2025, "month": 6, "text": "Menyusun arsitektur SPBE"}],
        framework="spbe2020",
        year=2024,
        plan_years=(2024, 2025),
    )
    path = tmp_path / "2020.xlsx"
    back = assert_round_trip(book, path)
    assert back.meta.framework == "spbe2020"
    ws = openpyxl.load_workbook(path)["TINDAK LANJUT"]
    banners = [
        c.value for c in ws["A"] if isinstance(c.value, str) and c.value.startswith("DOMAIN")
    ]
    assert banners == ["DOMAIN 1", "DOMAIN 2", "DOMAIN 4"]


def test_book_without_year_or_plan_years(tmp_path):
    book = make_book(
        [{"indicator_id": "3", "maturity_level": 3, "recommendation": "Tetapkan"}],
        instansi=None,
        year=None,
        plan_years=(),
    )
    path = tmp_path / "b.xlsx"
    back = assert_round_trip(book, path)
    assert back.meta.plan_years == ()
    wb = openpyxl.load_workbook(path)
    assert not any(name.startswith("JADWAL") for name in wb.sheetnames)
    header = [c.value for c in wb["TINDAK LANJUT"][5]]
    assert header[-1] == "PERANGKAT DAERAH PENANGGUNG JAWAB"
    assert not any(str(v).startswith("RENCANA AKSI") for v in header)


def test_refuses_what_it_cannot_write(tmp_path):
    empty = make_book([])
    with pytest.raises(ValueError, match="no indicators"):
        write_followup(empty, tmp_path / "e.xlsx")
    twice = make_book([{"indicator_id": "5"}])
    twice = Book(
        pd.concat([twice.indicators, twice.indicators], ignore_index=True),
        twice.evidence,
        twice.actions,
        twice.findings,
        twice.meta,
    )
    with pytest.raises(ValueError, match="more than once"):
        write_followup(twice, tmp_path / "d.xlsx")
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- atomic writes


@pytest.mark.parametrize("where", ["building", "zipping"])
def test_failed_write_leaves_no_temp_file_and_the_old_workbook(
    built_book, tmp_path, monkeypatch, where
):
    target = tmp_path / "tl.xlsx"
    target.write_bytes(b"the old workbook")
    if where == "building":
        from spbe_xl.writing import table

        real = table._write_block
        calls = []

        def boom(*args, **kwargs):
            calls.append(1)
            if len(calls) % 7 == 0:  # the 7th indicator: well into the workbook
                raise RuntimeError("disk on fire")
            return real(*args, **kwargs)

        monkeypatch.setattr(table, "_write_block", boom)
        expected = RuntimeError
    else:
        from xlsxwriter.workbook import Workbook

        def half_written(self):
            Path(self.filename).write_bytes(b"PK\x03\x04 half a zip")
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(Workbook, "_store_workbook", half_written)
        from xlsxwriter.exceptions import FileCreateError

        expected = FileCreateError
    with pytest.raises(expected):
        write_followup(built_book, target)
    assert target.read_bytes() == b"the old workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["tl.xlsx"]
    with pytest.raises(expected):
        write_template(tmp_path / "new.xlsx")
    assert [p.name for p in tmp_path.iterdir()] == ["tl.xlsx"]


# --------------------------------------------------------------------------- property-based

AGENCY_POOL = [
    "Dinas Komunikasi dan Informatika",
    "Bagian Organisasi Setda",
    "=cmd|' /C calc'!A0",
    "../../etc",
    "Badan Pengelolaan Keuangan dan Aset Daerah",
    "Kelurahan Ünïcödé Çağ",
    "CON",
]
_LETTERS = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.;:/()-'\"=+@|!?%&éñüÄÖçğ\n"
)
# Texts the reader takes for layout wherever they stand first in a row (a signature line, a
# month header, a DOMAIN/ASPEK banner) or for a column header are kept out of generated books:
# see test_texts_the_reader_takes_for_layout for what happens to them.
_LAYOUT_TEXT = re.compile(
    r"INDIKATOR|URAIAN|PERTANYAAN|KEMATANGAN|MANDIRI|MENGETAHUI|MENYETUJUI|^(DOMAIN|ASPEK)\b"
    r"|^[A-Za-z .'-]{3,40},\s*(\d{1,2}\s+[A-Za-z]+\s+\d{4}|[A-Za-z]+\s+\d{4}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})\s*$"
    r"|^(JAN|FEB|PEB|MAR|APR|MEI|JUNI?|JULI?|AGS|AGU|AGT|AUG|SEPT?|OKT|OCT|NOP|NOV|DES|DEC)[A-Z]*$",
    re.IGNORECASE,
)
plain_text = (
    st.text(st.sampled_from(_LETTERS), min_size=1, max_size=50)
    .map(str.strip)
    .filter(lambda t: t and not _LAYOUT_TEXT.search(" ".join(t.split())))
)
any_text = st.one_of(plain_text, st.sampled_from(HOSTILE))
# An action text that the schedule reader would take for an indicator number is not an action.
action_text = any_text.filter(lambda t: parse_indicator_id(t) is None)


@st.composite
def small_books(draw) -> Book:
    numbers = draw(st.lists(st.integers(1, 35), min_size=1, max_size=5, unique=True))
    ids: list[str] = []
    for number in sorted(numbers):
        if number == 35 and draw(st.booleans()):
            ids += [f"35-{k}" for k in range(1, draw(st.integers(1, 3)) + 1)]
        else:
            ids.append(str(number))
    level = st.one_of(st.none(), st.integers(0, 5))
    maybe = st.one_of(st.none(), any_text)
    indicators, evidence, actions = [], [], []
    for indicator_id in ids:
        indicators.append(
            {
                "indicator_id": indicator_id,
                "name": draw(maybe),
                "question": draw(maybe),
                "self_level": draw(level),
                "self_explanation": draw(maybe),
                "evaluator_level": draw(level),
                "evaluator_explanation": draw(maybe),
                "maturity_level": draw(level),
                "maturity_explanation": draw(maybe),
                "recommendation": draw(maybe),
                "responsible_agency_raw": draw(st.one_of(st.none(), st.sampled_from(AGENCY_POOL))),
            }
        )
        for kind, most in (("recommended", 4), ("self", 2), ("optimal", 2)):
            for item_no in range(1, draw(st.integers(0, most)) + 1):
                status = (
                    draw(st.sampled_from([None, "ada", "belum ada"]))
                    if kind == "recommended"
                    else None
                )
                evidence.append(
                    {
                        "indicator_id": indicator_id,
                        "kind": kind,
                        "item_no": item_no,
                        "text": draw(any_text),
                        "status": status,
                    }
                )
        for year in PLAN_YEARS:
            texts = draw(st.lists(action_text, max_size=3, unique=True))
            for text in texts:
                month = draw(st.one_of(st.none(), st.integers(1, 12)))
                actions.append(
                    {"indicator_id": indicator_id, "year": year, "month": month, "text": text}
                )
    return make_book(indicators, evidence, actions)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(book=small_books())
def test_property_round_trip(book, tmp_path_factory):
    path = tmp_path_factory.mktemp("prop") / "book.xlsx"
    assert_round_trip(book, path)


# --------------------------------------------------------------------------- the reader's limits


@pytest.mark.parametrize(
    "text",
    [
        "Rapat koordinasi, Maret 2020",
        "Mengetahui kepala dinas",
        "MENGETAHUI :",
        "BONTANG, 29 OKTOBER 2018",
    ],
)
def test_texts_the_reader_takes_for_layout(text, tmp_path):
    """A second action of a year stands first in its sub-row (A-J are empty there)."""
    book = make_book(
        [{"indicator_id": "1", "maturity_level": 2}, {"indicator_id": "2", "maturity_level": 3}],
        actions=[
            {"indicator_id": "1", "year": 2020, "text": "Penyusunan draf"},
            {"indicator_id": "1", "year": 2020, "text": text},
        ],
    )
    assert_round_trip(book, tmp_path / "x.xlsx")


# --------------------------------------------------------------------------- rendering


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_renders_to_pdf_with_libreoffice(built_book, tmp_path):
    path = write_followup(built_book, tmp_path / "tl.xlsx")
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        capture_output=True,
        timeout=240,
        check=False,
    )
    pdf = tmp_path / "tl.pdf"
    assert result.returncode == 0 and pdf.exists(), result.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True
        ).stdout
        assert "TINDAK LANJUT HASIL INDEKS" in text
        assert "Halaman 1 dari" in text


def test_a_book_without_year_reads_back_without_one(built_book, tmp_path):
    import dataclasses

    book = dataclasses.replace(built_book, meta=dataclasses.replace(built_book.meta, year=None))
    back = read_workbook(write_followup(book, tmp_path / "x.xlsx"))
    assert back.meta.year is None


# --------------------------------------------------------------------------- level criteria


def test_missing_explanations_are_filled_from_the_criteria_and_noted(tmp_path):
    book = make_book(
        [
            {"indicator_id": "1", "maturity_level": 3},
            {"indicator_id": "2", "maturity_level": 2, "maturity_explanation": "Teks sendiri"},
        ]
    )
    path = write_followup(book, tmp_path / "x.xlsx")
    back = read_workbook(path).indicators.set_index("indicator_id")
    catalog = fw.load("spbe2018")
    assert back.loc["1", "maturity_explanation"] == catalog.criterion(1, 3)
    assert back.loc["2", "maturity_explanation"] == "Teks sendiri"
    workbook = openpyxl.load_workbook(path)
    notes = [
        c.comment.text for row in workbook["TINDAK LANJUT"].iter_rows() for c in row if c.comment
    ]
    assert len(notes) == 1 and "kriteria LEVEL 3" in notes[0]
    summary = " ".join(
        str(c.value) for row in workbook["RINGKASAN"].iter_rows() for c in row if c.value
    )
    assert "diisi dari kriteria level" in summary and "indikator 1 " in summary
    kept = read_workbook(write_followup(book, tmp_path / "y.xlsx", fill_explanations=False))
    assert pd.isna(kept.indicators.set_index("indicator_id").loc["1", "maturity_explanation"])


def test_an_office_criteria_file_fills_the_missing_explanations(tmp_path):
    """A book read with an office's criteria (``read_workbook(..., criteria=)``,
    ``convert --criteria``) has its missing PENJELASAN LEVEL filled from the office's text
    where the file names the cell, from the packaged criteria elsewhere."""
    from dataclasses import replace

    office = tmp_path / "kriteria-kantor.csv"
    office.write_text(
        'indicator_no,level,criterion\n1,3,"Kriteria kantor: indikator 1 level 3."\n',
        encoding="utf-8",
    )
    book = make_book(
        [{"indicator_id": "1", "maturity_level": 3}, {"indicator_id": "2", "maturity_level": 2}]
    )
    plain = read_workbook(write_followup(book, tmp_path / "a.xlsx"))
    read = read_workbook(tmp_path / "a.xlsx", criteria=office)
    assert plain.meta.criteria_file is None and read.meta.criteria_file == str(office)
    blank = read.indicators.copy()
    blank["maturity_explanation"] = None
    back = read_workbook(write_followup(replace(read, indicators=blank), tmp_path / "b.xlsx"))
    explanations = back.indicators.set_index("indicator_id")["maturity_explanation"]
    assert explanations["1"] == "Kriteria kantor: indikator 1 level 3."
    assert explanations["2"] == fw.load("spbe2018").criterion(2, 2)
