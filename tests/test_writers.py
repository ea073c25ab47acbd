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
from spbe_xl.book import (
    ACTION_COLUMNS,
    EVIDENCE_COLUMNS,
    FINDING_COLUMNS,
    INDICATOR_COLUMNS,
    Book,
    BookMeta,
    Signature,
    frame_from_records,
)
from spbe_xl.readers import normalize_agency, parse_indicator_id, read_workbook
from spbe_xl.writers import (
    MARK,
    agency_sheet_names,
    count_lines,
    write_followup,
    write_template,
)

HOSTILE = [
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    '=HYPERLINK("http://example.invalid","klik")',
    "=1+1",
]
PLAN_YEARS = (2019, 2020, 2021)


# --------------------------------------------------------------------------- helpers


def _id_key(indicator_id: str) -> tuple[int, int]:
    number, _, instance = indicator_id.partition("-")
    return int(number), int(instance or 0)


def make_book(
    indicators: list[dict],
    evidence: list[dict] = (),
    actions: list[dict] = (),
    *,
    framework: str = "spbe2018",
    instansi: str | None = "Pemerintah Kota Contoh",
    year: int | None = 2019,
    plan_years: tuple[int, ...] = PLAN_YEARS,
    signature: Signature | None = None,
) -> Book:
    """A book as the reader would build it: catalog numbers and names filled in."""
    catalog = fw.load(framework)
    domains = dict(zip(catalog.domains["domain_no"], catalog.domains["name"], strict=True))
    aspects = dict(zip(catalog.aspects["aspect_no"], catalog.aspects["name"], strict=True))
    rows = []
    for given_row in sorted(indicators, key=lambda r: _id_key(r["indicator_id"])):
        row = dict(given_row)
        number = _id_key(row["indicator_id"])[0]
        info = catalog.indicator(number)
        row.setdefault("indicator_no", number)
        row.setdefault("domain_no", info["domain_no"])
        row.setdefault("aspect_no", info["aspect_no"])
        row.setdefault("domain", domains[info["domain_no"]])
        row.setdefault("aspect", aspects[info["aspect_no"]])
        if row.get("responsible_agency_raw") and "responsible_agency" not in row:
            row["responsible_agency"] = normalize_agency(row["responsible_agency_raw"])
        rows.append(row)
    return Book(
        indicators=frame_from_records(rows, INDICATOR_COLUMNS),
        evidence=frame_from_records(list(evidence), EVIDENCE_COLUMNS),
        actions=frame_from_records(list(actions), ACTION_COLUMNS),
        findings=frame_from_records([], FINDING_COLUMNS),
        meta=BookMeta(
            instansi=instansi,
            year=year,
            framework=framework,
            plan_years=plan_years,
            signature=signature,
        ),
    )


def expected_indicators(book: Book) -> pd.DataFrame:
    """What the reader gives back: catalog names where the book has none, and the evaluator's
    level under NILAI TINGKAT KEMATANGAN when the book has no follow-up at all."""
    frame = book.indicators.drop(columns=["file", "source"]).copy()
    catalog = fw.load(book.meta.framework)
    for field in ("name", "question"):
        for i, row in frame.iterrows():
            if pd.isna(row[field]):
                frame.loc[i, field] = catalog.indicator(int(row["indicator_no"]))[field] or pd.NA
    if frame["maturity_level"].isna().all() and frame["maturity_explanation"].isna().all():
        frame["maturity_level"] = frame["evaluator_level"]
        frame["maturity_explanation"] = frame["evaluator_explanation"]
    frame["responsible_agency"] = [
        normalize_agency(raw) if pd.notna(raw) else agency
        for raw, agency in zip(
            frame["responsible_agency_raw"], frame["responsible_agency"], strict=True
        )
    ]
    return frame.astype({k: v for k, v in INDICATOR_COLUMNS.items() if k in frame}).reset_index(
        drop=True
    )


def expected_evidence(book: Book) -> pd.DataFrame:
    """Per indicator, self then optimal then recommended items, each in the book's order;
    the reader reads ADA/BELUM ADA only for recommended items."""
    frame = book.evidence.drop(columns=["file", "source"]).copy()
    frame["_n"] = [_id_key(i)[0] for i in frame["indicator_id"]]
    frame["_i"] = [_id_key(i)[1] for i in frame["indicator_id"]]
    frame["_kind"] = [{"self": 0, "optimal": 1, "recommended": 2}[k] for k in frame["kind"]]
    frame = frame.sort_values(["_n", "_i", "_kind"], kind="stable")
    frame = frame.drop(columns=["_n", "_i", "_kind"])
    return frame.reset_index(drop=True)


def _sorted_actions(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.drop(columns=[c for c in ("file", "source") if c in frame]).copy()
    frame["_n"] = [_id_key(i)[0] for i in frame["indicator_id"]]
    frame["_i"] = [_id_key(i)[1] for i in frame["indicator_id"]]
    frame["_m"] = frame["month"].fillna(0)
    frame = frame.sort_values(["_n", "_i", "_m", "year", "text"], kind="stable")
    return (
        frame.drop(columns=["_n", "_i", "_m"])
        .reset_index(drop=True)
        .astype({k: v for k, v in ACTION_COLUMNS.items() if k in frame})
    )


def expected_actions(book: Book, plan_years, schedule_year) -> pd.DataFrame:
    """The table's RENCANA AKSI cells (month <NA>) plus the JADWAL grid's marks (month set)."""
    table, grid = [], []
    for a in book.actions.to_dict("records"):
        if pd.isna(a["text"]) or a["year"] not in plan_years:
            continue
        table.append((a["indicator_id"], int(a["year"]), a["text"]))
        if a["year"] == schedule_year and pd.notna(a["month"]):
            grid.append((a["indicator_id"], int(a["year"]), int(a["month"]), a["text"]))
    records = [
        {"indicator_id": i, "year": y, "month": None, "text": t} for i, y, t in dict.fromkeys(table)
    ] + [
        {"indicator_id": i, "year": y, "month": m, "text": t} for i, y, m, t in dict.fromkeys(grid)
    ]
    return _sorted_actions(frame_from_records(records, ACTION_COLUMNS))


def assert_round_trip(book: Book, path: Path, **kwargs) -> Book:
    # the data round trip: explanations are not filled from the criteria here
    write_followup(book, path, **{"fill_explanations": False, **kwargs})
    back = read_workbook(path)
    # *_level_by_text are the reader's reading of the explanations, not data of the book
    derived = [c for c in back.indicators.columns if c.endswith("_level_by_text")]
    pd.testing.assert_frame_equal(
        back.indicators.drop(columns=["file", "source", *derived]),
        expected_indicators(book).drop(columns=derived),
    )
    pd.testing.assert_frame_equal(
        back.evidence.drop(columns=["file", "source"]), expected_evidence(book)
    )
    years = kwargs.get("plan_years") or book.meta.plan_years
    schedule_year = kwargs.get("schedule_year") or max(years, default=None)
    pd.testing.assert_frame_equal(
        _sorted_actions(back.actions), expected_actions(book, years, schedule_year)
    )
    return back


def column_widths(xml: str) -> dict[int, float]:
    """1-based column -> width in Excel units, from a worksheet's <col> elements."""
    out = {}
    for lo, hi, width in re.findall(r'<col min="(\d+)" max="(\d+)" width="([\d.]+)"', xml):
        for c in range(int(lo), int(hi) + 1):
            out[c] = float(width) - 0.7109375  # xlsxwriter stores width + 5 px of padding
    return out


def sheet_xml(path: Path) -> dict[str, str]:
    """Worksheet name -> its XML."""
    with zipfile.ZipFile(path) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
        targets = dict(
            re.findall(r'<Relationship Id="(rId\d+)" Type="[^"]+" Target="([^"]+)"', rels)
        )
        out = {}
        for name, rid in re.findall(
            r'<sheet name="([^"]+)" sheetId="\d+"(?: state="\w+")? r:id="(rId\d+)"', workbook
        ):
            out[name] = archive.read("xl/" + targets[rid]).decode()
        return out


# --------------------------------------------------------------------------- a built book


@pytest.fixture
def built_book() -> Book:
    agency_a = "Dinas Komunikasi, Informatika dan Statistik"
    indicators = [
        {
            "indicator_id": "1",
            "name": "Kebijakan Internal Tim Pengarah SPBE Instansi Pemerintah",
            "question": "Apakah Instansi Saudara memiliki kebijakan internal terkait Tim Pengarah SPBE/TIK?",
            "self_level": 4,
            "self_explanation": "Kebijakan internal mendukung semua unit kerja",
            "evaluator_level": 3,
            "evaluator_explanation": "Belum melaksanakan pemantauan dan evaluasi secara berkala",
            "maturity_level": 3,
            "maturity_explanation": "Kebijakan internal mencakup pengaturan tugas-tugas Tim Pengarah",
            "recommendation": "=cmd|' /C calc'!A0 sebaiknya dilengkapi",
            "responsible_agency_raw": "Bagian Organisasi Setda",
        },
        {
            "indicator_id": "7",
            "name": "Kebijakan Internal Penggunaan Aplikasi Umum Berbagi Pakai",
            "maturity_level": 1,
            "maturity_explanation": "Terdapat konsep kebijakan internal",
            "recommendation": "+Perlu ditetapkan — dengan “tanda kutip” dan ñ, é, ü",
            "responsible_agency_raw": "Dinas Komunikasi,\nInformatika dan Statistik",
            "responsible_agency": agency_a,
        },
        {
            "indicator_id": "20",
            "name": "Rencana Induk SPBE Instansi Pemerintah",
            "question": "-2+3",
            "maturity_level": 2,
            "responsible_agency_raw": agency_a,
        },
        {
            "indicator_id": "35-1",
            "maturity_level": 5,
            "responsible_agency_raw": "Kelurahan Api-Api",
        },
        {"indicator_id": "35-2", "maturity_level": 4},  # no agency: TANPA PENANGGUNG JAWAB
    ]
    evidence = [
        {
            "indicator_id": "1",
            "kind": "recommended",
            "item_no": 1,
            "text": "Keputusan Walikota",
            "status": "ada",
        },
        {
            "indicator_id": "1",
            "kind": "recommended",
            "item_no": 2,
            "text": "@Laporan pemantauan",
            "status": "belum ada",
        },
        {
            "indicator_id": "1",
            "kind": "recommended",
            "item_no": 3,
            "text": "Notulen rapat",
            "status": None,
        },
        {
            "indicator_id": "1",
            "kind": "self",
            "item_no": 1,
            "text": "Perwali Nomor 16 Tahun 2017",
            "status": None,
        },
        {
            "indicator_id": "1",
            "kind": "optimal",
            "item_no": 1,
            "text": "Laporan evaluasi berkala",
            "status": None,
        },
        {"indicator_id": "1", "kind": "optimal", "item_no": 2, "text": "=SUM(1,2)", "status": None},
        {
            "indicator_id": "7",
            "kind": "recommended",
            "item_no": 1,
            "text": "Peraturan Walikota",
            "status": "belum ada",
        },
        {
            "indicator_id": "35-1",
            "kind": "recommended",
            "item_no": 1,
            "text": "Aplikasi e-RT",
            "status": "ada",
        },
    ]
    actions = [
        {"indicator_id": "1", "year": 2019, "text": "Menyusun rancangan Perwali"},
        {"indicator_id": "1", "year": 2020, "text": "Rapat koordinasi tim pengarah"},
        {"indicator_id": "1", "year": 2020, "text": "=Sosialisasi kebijakan"},
        {"indicator_id": "1", "year": 2020, "text": "Evaluasi berkala"},
        {"indicator_id": "1", "year": 2020, "text": "Pelaporan ke Walikota"},
        {"indicator_id": "7", "year": 2021, "text": "Penetapan Perwali"},
        {"indicator_id": "20", "year": 2021, "text": "Penyusunan peta jalan"},
        {"indicator_id": "20", "year": 2021, "text": "Reviu rencana induk"},
    ]
    signature = Signature(
        place="CONTOH",
        date="2 JANUARI 2020",
        label="MENGETAHUI :",
        role="KEPALA BAGIAN ORGANISASI,",
        name="Drs. NAMA PEJABAT, M.Si",
        nip="NIP. 000000000000000000",
    )
    return make_book(indicators, evidence, actions, signature=signature)


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


def test_rows_are_tall_enough_for_their_text(built_book, tmp_path):
    path = write_followup(built_book, tmp_path / "tl.xlsx")
    widths = column_widths(sheet_xml(path)["TINDAK LANJUT"])
    ws = openpyxl.load_workbook(path)["TINDAK LANJUT"]
    merged = {(m.min_row, m.min_col): m for m in ws.merged_cells.ranges}
    checked = 0
    for row in ws.iter_rows(min_row=6):
        for cell in row:
            if not isinstance(cell.value, str):
                continue
            span = merged.get((cell.row, cell.column))
            rows = range(cell.row, (span.max_row if span else cell.row) + 1)
            cols = range(cell.column, (span.max_col if span else cell.column) + 1)
            width = sum(widths[c] for c in cols) + (len(cols) - 1) * 5 / 7
            have = sum(ws.row_dimensions[r].height or 12.75 for r in rows)
            size = cell.font.sz or 10
            lines = count_lines(cell.value, width, size=size, bold=bool(cell.font.b))
            assert have >= lines * 1.275 * size, (cell.coordinate, cell.value)
            checked += 1
    assert checked > 60


def test_print_setup(built_book, tmp_path):
    path = write_followup(built_book, tmp_path / "tl.xlsx")
    sheets = sheet_xml(path)
    for name in ("TINDAK LANJUT", "DKIS", "RINGKASAN", "JADWAL 2021", "PENILAIAN MANDIRI"):
        xml = sheets[name]
        assert '<pageSetUpPr fitToPage="1"/>' in xml, name
        assert '<pageSetup paperSize="14" fitToHeight="0" orientation="landscape"/>' in xml, name
        assert "Halaman &amp;P dari &amp;N" in xml, name
    tl = sheets["TINDAK LANJUT"]
    assert '<pane ySplit="7" topLeftCell="A8" activePane="bottomLeft" state="frozen"/>' in tl
    assert "<rowBreaks" in tl  # blocks are kept whole on a page
    with zipfile.ZipFile(path) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
    assert "'TINDAK LANJUT'!$6:$7" in workbook  # header rows repeated on every page
    a4 = write_followup(built_book, tmp_path / "a4.xlsx", paper="a4")
    assert 'paperSize="9"' in sheet_xml(a4)["TINDAK LANJUT"]
    with pytest.raises(ValueError, match="paper"):
        write_followup(built_book, tmp_path / "x.xlsx", paper="letter")


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


def test_schedule_sheet_marks_months(tmp_path):
    book = make_book(
        [{"indicator_id": "2", "maturity_level": 2}, {"indicator_id": "9", "maturity_level": 1}],
        actions=[
            {"indicator_id": "9", "year": 2021, "month": 3, "text": "Penyusunan SOP"},
            {"indicator_id": "9", "year": 2021, "month": 5, "text": "Penyusunan SOP"},
            {"indicator_id": "2", "year": 2021, "month": 12, "text": "Rapat evaluasi"},
            {"indicator_id": "2", "year": 2021, "text": "Tanpa bulan"},
            {"indicator_id": "2", "year": 2020, "month": 1, "text": "Tahun lain"},
        ],
    )
    path = tmp_path / "j.xlsx"
    back = assert_round_trip(book, path)
    assert back.meta.schedule_year == 2021
    ws = openpyxl.load_workbook(path)["JADWAL 2021"]
    header = [ws.cell(5, c).value for c in range(3, 15)]
    assert header == list(writers.MONTHS)
    assert ws["C4"].value == "TAHUN 2021"
    rows = {
        (ws.cell(r, 1).value, ws.cell(r, 2).value): [ws.cell(r, 2 + m).value for m in range(1, 13)]
        for r in range(6, ws.max_row + 1)
    }
    assert rows[(9, "Penyusunan SOP")] == [None, None, MARK, None, MARK] + [None] * 7
    assert rows[(2, "Rapat evaluasi")][11] == MARK
    assert rows[(2, "Tanpa bulan")] == [None] * 12
    assert (2, "Tahun lain") not in rows


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


# --------------------------------------------------------------------------- sheet names

NASTY_AGENCIES = [
    "../../etc",
    "CON",
    "A/B:C*?",
    "Badan Perencanaan Pembangunan Daerah Kota Contoh X",  # 50 characters
    "Dinas Komunikasi, Informatika dan Statistik",
    "Dinas Kesehatan, Informatika dan Sosial",  # also "DKIS"
    "'Kutip'",
    "History",
    "[Bagian] Umum",
    "Ringkasan",
    "tindak lanjut",
    "Bagian Organisasi Setda",
    "Bagian Organisasi Sekretariat Daerah",
    "x" * 40,
    "X" * 40,
    "Ünïcödé Dïnäs 🙂 Kota Panjang Sekali Namanya",
    "   ",
]


def test_sheet_names_are_valid_unique_and_readable():
    reserved = ["TINDAK LANJUT", "RINGKASAN", "PENILAIAN MANDIRI", "TANPA PENANGGUNG JAWAB"]
    names = agency_sheet_names(NASTY_AGENCIES, reserved)
    assert set(names) == set(NASTY_AGENCIES)
    seen = {r.casefold() for r in reserved}
    for agency, name in names.items():
        assert 1 <= len(name.encode("utf-16-le")) // 2 <= 31, (agency, name)
        assert not re.search(r"[\[\]:*?/\\]", name), (agency, name)
        assert not name.startswith("'") and not name.endswith("'"), (agency, name)
        assert name.casefold() != "history"
        assert name.casefold() not in seen, (agency, name)
        seen.add(name.casefold())
    assert names["Bagian Organisasi Setda"] == "BAG ORGANISASI"
    assert names["Dinas Komunikasi, Informatika dan Statistik"] == "DKIS"
    assert names["Dinas Kesehatan, Informatika dan Sosial"] == "DKIS (2)"
    assert names["Bagian Organisasi Sekretariat Daerah"] == "BAG ORGANISASI (2)"
    assert names["../../etc"] == "ETC"
    assert names["A/B:C*?"] == "A-B-C"
    assert names["Ringkasan"] == "RINGKASAN (2)"
    assert names["CON"] == "CON"
    assert names["x" * 40] == "X" * 31
    assert names["X" * 40] == "X" * 27 + " (2)"


def test_nasty_agency_names_make_a_valid_workbook(tmp_path):
    # (Not "Bagian Organisasi Sekretariat Daerah" nor "X" * 40: the reader reads those as
    # the same agencies as "Bagian Organisasi Setda" and "x" * 40.)
    agencies = [
        a
        for a in NASTY_AGENCIES
        if a.strip() and a not in ("Bagian Organisasi Sekretariat Daerah", "X" * 40)
    ]
    book = make_book(
        [
            {"indicator_id": str(k + 1), "maturity_level": 1, "responsible_agency_raw": agency}
            for k, agency in enumerate(agencies)
        ]
    )
    path = tmp_path / "n.xlsx"
    back = read_workbook(write_followup(book, path, fill_explanations=False))
    # *_level_by_text are the reader's reading of the explanations, not data of the book
    derived = [c for c in back.indicators.columns if c.endswith("_level_by_text")]
    pd.testing.assert_frame_equal(
        back.indicators.drop(columns=["file", "source", *derived]),
        expected_indicators(book).drop(columns=derived),
    )
    wb = openpyxl.load_workbook(path)
    titles = {wb[s.name]["A3"].value for s in back.meta.sheets if s.kind == "agency_followup"}
    assert {f"PERANGKAT DAERAH: {normalize_agency(a)}" for a in agencies} == titles


@pytest.mark.parametrize("where", ["building", "zipping"])
def test_failed_write_leaves_no_temp_file_and_the_old_workbook(
    built_book, tmp_path, monkeypatch, where
):
    target = tmp_path / "tl.xlsx"
    target.write_bytes(b"the old workbook")
    if where == "building":
        real = writers._write_block
        calls = []

        def boom(*args, **kwargs):
            calls.append(1)
            if len(calls) % 7 == 0:  # the 7th indicator: well into the workbook
                raise RuntimeError("disk on fire")
            return real(*args, **kwargs)

        monkeypatch.setattr(writers, "_write_block", boom)
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


# --------------------------------------------------------------------------- template


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
    path = write_template(tmp_path / "t.xlsx", year=2025, plan_years=[2025, 2026])
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


def test_template_defaults(tmp_path):
    import datetime

    book = read_workbook(write_template(tmp_path / "t.xlsx"))
    this = datetime.date.today().year
    assert book.meta.year is None  # no year in the title: nothing to mislead the reader
    assert book.meta.framework == "spbe2018"
    assert len(book.indicators) == 35
    assert book.meta.plan_years == (this, this + 1, this + 2)


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


# --------------------------------------------------------------------------- plain tables


def test_write_table_and_write_recap(bontang_book, tmp_path):
    from spbe_xl import rules
    from spbe_xl.writers import write_recap, write_table

    frame = pd.DataFrame(
        {"name": ["=cmd|' /C calc'!A0", "Bagian Organisasi"], "n": [1, 2], "points": [0.1234, None]}
    ).astype({"n": "Int64"})
    path = write_table(frame, tmp_path / "t.xlsx", sheet_name="A/B: tabel", title="Judul")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["A-B- TABEL"]
    ws = wb.active
    assert [c.value for c in ws[3]] == ["name", "n", "points"]
    assert ws["A4"].value == "=cmd|' /C calc'!A0" and ws["A4"].data_type == "s"
    assert ws["C4"].value == 0.1234 and ws["C5"].value is None
    assert not any(re.search(r"<f[ >]", xml) for xml in sheet_xml(path).values())

    summary = rules.recap([bontang_book, bontang_book])
    path = write_recap(summary, tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["REKAP", "DOMAIN ASPEK", "INDIKATOR TERLEMAH"]
    text = [c.value for row in wb["REKAP"].iter_rows() for c in row if c.value is not None]
    assert "Pemerintah Kota Bontang" in text and "Peringkat" in text
    with zipfile.ZipFile(path) as archive:
        assert any(n.startswith("xl/charts/chart") for n in archive.namelist())


# --------------------------------------------------------------------------- text metrics


def test_count_lines():
    assert count_lines("", 10) == 1
    assert count_lines("pendek", 20) == 1
    long = "Kebijakan internal sebaiknya dilengkapi dengan memuat pengaturan " * 4
    assert count_lines(long, 10) > count_lines(long, 20) > count_lines(long, 40) >= 2
    assert count_lines("a\nb\n\nc", 30) == 4
    assert count_lines("x" * 200, 10) >= 5  # one long word breaks anywhere


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


@pytest.mark.parametrize(("framework", "year"), [("spbe2018", 2024), ("spbe2020", 2019)])
def test_template_framework_is_read_from_the_indicators_not_the_year(framework, year, tmp_path):
    path = write_template(
        tmp_path / "t.xlsx", framework=framework, instansi="Pemerintah Kota Contoh", year=year
    )
    book = read_workbook(path)
    assert book.meta.framework == framework
    assert book.meta.year == year


def test_a_book_without_year_reads_back_without_one(built_book, tmp_path):
    import dataclasses

    book = dataclasses.replace(built_book, meta=dataclasses.replace(built_book.meta, year=None))
    back = read_workbook(write_followup(book, tmp_path / "x.xlsx"))
    assert back.meta.year is None


# --------------------------------------------------------------------------- level criteria


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
    assert (
        "KRITERIA"
        not in openpyxl.load_workbook(
            write_template(tmp_path / "u.xlsx", framework="spbe2020")
        ).sheetnames
    )


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
