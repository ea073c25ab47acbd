"""Books and workbook helpers shared by the writer tests (tests/test_writers.py and
tests/writing/)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd

from spbe_xl import framework as fw
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
from spbe_xl.readers import normalize_agency, read_workbook
from spbe_xl.writers import write_followup

HOSTILE = [
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    '=HYPERLINK("http://example.invalid","klik")',
    "=1+1",
]


PLAN_YEARS = (2019, 2020, 2021)


def id_key(indicator_id: str) -> tuple[int, int]:
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
    for given_row in sorted(indicators, key=lambda r: id_key(r["indicator_id"])):
        row = dict(given_row)
        number = id_key(row["indicator_id"])[0]
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
    frame["_n"] = [id_key(i)[0] for i in frame["indicator_id"]]
    frame["_i"] = [id_key(i)[1] for i in frame["indicator_id"]]
    frame["_kind"] = [{"self": 0, "optimal": 1, "recommended": 2}[k] for k in frame["kind"]]
    frame = frame.sort_values(["_n", "_i", "_kind"], kind="stable")
    frame = frame.drop(columns=["_n", "_i", "_kind"])
    return frame.reset_index(drop=True)


def _sorted_actions(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.drop(columns=[c for c in ("file", "source") if c in frame]).copy()
    frame["_n"] = [id_key(i)[0] for i in frame["indicator_id"]]
    frame["_i"] = [id_key(i)[1] for i in frame["indicator_id"]]
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


def build_book() -> Book:
    """A small book with every kind of data: hostile texts, multi-row blocks, agencies,
    an indicator without agency, self-assessment data and a signature."""
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
