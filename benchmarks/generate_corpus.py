"""Generate a realistic corpus of received SPBE workbooks for the benchmarks.

Usage::

    .venv/bin/python benchmarks/generate_corpus.py [--n 616] [--seed 2018] [--out DIR] [--jobs N]

Writes, per instansi, the follow-up workbook (*Tindak Lanjut Hasil Indeks SPBE*, layout.md
section 2) and, for about half of them, the self-assessment workbook (*Penilaian Mandiri*,
section 1), in the official layout as offices send them: title rows, DOMAIN / ASPEK banners,
the two-row column header repeated under each DOMAIN banner, the indicator's cells merged down
over its evidence sub-rows, one sheet per responsible agency, the monthly schedule grid and
the signature block.  Content varies: 0-6 evidence items per indicator, texts of varied
length, levels, agencies (with the spelling variants offices type), instansi
(Pemerintah Kota / Kabupaten / Provinsi ..., TAHUN 2018-2020) and quirks (levels typed as
numbers or ``Level 3``, header typos, several evidence numbers typed into one cell, 35-1 ...
instances, a missing level, an agency sheet that disagrees with the all-indicators sheet).

The corpus is a pure function of ``--seed``: instansi ``i`` is the same whatever ``--n``
(a smaller corpus is a prefix of a larger one).  The workbooks are written with xlsxwriter
directly (never with spbe_xl's writers), in parallel over ``--jobs`` processes.  ``--out``
defaults to a fresh temporary folder; the corpus is never committed.  A ``manifest.json``
lists the files of each instansi.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
import tomllib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import xlsxwriter

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORK_TOML = ROOT / "spbe_xl" / "data" / "spbe2018.toml"

# --------------------------------------------------------------------------- vocabulary

PLACES = """
Aceh Besar|Agam|Ambon|Asahan|Badung|Balikpapan|Banda Aceh|Bandung|Bangka|Banjar|Banjarbaru|
Banjarmasin|Bantaeng|Bantul|Banyumas|Banyuwangi|Barito|Batam|Batang|Bekasi|Belitung|Bengkalis|
Bengkulu|Berau|Bima|Binjai|Bireuen|Bitung|Blitar|Blora|Bogor|Bojonegoro|Bondowoso|Bone|
Bontang|Boyolali|Brebes|Bukittinggi|Buleleng|Bulukumba|Buton|Ciamis|Cianjur|Cilacap|Cilegon|
Cimahi|Cirebon|Demak|Denpasar|Depok|Dompu|Donggala|Dumai|Ende|Enrekang|Flores|Garut|Gianyar|
Gorontalo|Gowa|Gresik|Grobogan|Gunungkidul|Indragiri|Indramayu|Jambi|Jayapura|Jember|Jembrana|
Jepara|Jombang|Kampar|Karanganyar|Karawang|Karimun|Kebumen|Kediri|Kendal|Kendari|Klaten|
Klungkung|Kolaka|Kotabaru|Kudus|Kuningan|Kupang|Lamongan|Lampung|Langsa|Lebak|Lombok|
Lubuklinggau|Lumajang|Madiun|Magelang|Majalengka|Makassar|Malang|Malinau|Mamuju|Manado|Maros|
Mataram|Medan|Merauke|Metro|Minahasa|Mojokerto|Muara Enim|Nganjuk|Ngawi|Nunukan|Ogan|Padang|
Pacitan|Palangka Raya|Palembang|Palopo|Palu|Pamekasan|Pandeglang|Pangkep|Pariaman|Paser|
Pasuruan|Pati|Payakumbuh|Pekalongan|Pekanbaru|Pemalang|Pinrang|Pontianak|Probolinggo|
Purbalingga|Purwakarta|Purworejo|Rembang|Sabang|Salatiga|Samarinda|Sambas|Sampang|Sanggau|
Sawahlunto|Semarang|Serang|Siak|Sidoarjo|Sidrap|Singkawang|Sinjai|Situbondo|Sleman|Solok|
Soppeng|Sorong|Sragen|Subang|Sukabumi|Sukoharjo|Sumbawa|Sumedang|Sumenep|Surabaya|Surakarta|
Tabanan|Takalar|Tangerang|Tanjungpinang|Tarakan|Tasikmalaya|Tebing Tinggi|Tegal|Temanggung|
Ternate|Tidore|Toli-Toli|Tomohon|Trenggalek|Tuban|Tulungagung|Wajo|Wonogiri|Wonosobo|Yogyakarta
"""
SUFFIXES = ("", " Utara", " Selatan", " Barat", " Timur", " Tengah")
PROVINCES = """
Aceh|Sumatera Utara|Sumatera Barat|Riau|Kepulauan Riau|Jambi|Bengkulu|Sumatera Selatan|
Kepulauan Bangka Belitung|Lampung|Banten|DKI Jakarta|Jawa Barat|Jawa Tengah|
Daerah Istimewa Yogyakarta|Jawa Timur|Bali|Nusa Tenggara Barat|Nusa Tenggara Timur|
Kalimantan Barat|Kalimantan Tengah|Kalimantan Selatan|Kalimantan Timur|Kalimantan Utara|
Sulawesi Utara|Gorontalo|Sulawesi Tengah|Sulawesi Barat|Sulawesi Selatan|Sulawesi Tenggara|
Maluku|Maluku Utara|Papua|Papua Barat
"""

# (full name, sheet short name, spelling variants offices type)
AGENCIES: list[tuple[str, str, tuple[str, ...]]] = [
    (
        "Dinas Komunikasi, Informatika dan Statistik",
        "DKIS",
        (
            "Dinas Komunikasi,\nInformatika dan Statistik",
            "Dinas Komunikasi,  Informatika dan Statistik",
        ),
    ),
    (
        "Dinas Komunikasi dan Informatika",
        "DISKOMINFO",
        ("Dinas Kominfo", "Dinas Komunikasi dan\nInformatika"),
    ),
    (
        "Bagian Organisasi Setda",
        "BAG ORGANISASI",
        ("Bag. Organisasi Setda", "Bagian Organisasi\nSetda"),
    ),
    (
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "BKPSDM",
        ("Badan Kepegawaian dan Pengembangan\nSumber Daya Manusia",),
    ),
    (
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        "BPKAD",
        ("Badan   Pengelolaan\nKeuangan Daerah", "Badan Pengelolaan Keuangan Aset Daerah"),
    ),
    ("Inspektorat Daerah", "INSPEKTORAT", ("Inspektorat",)),
    ("Bagian Hukum Setda", "HUKUM", ("Bagian Hukum\nSetda",)),
    ("Bagian Layanan Pengadaan Setda", "PENGADAAN", ("Bagian Layanan Pengadaan\nSetda",)),
    ("Badan Perencanaan Pembangunan Daerah", "BAPPEDA", ("Bappeda",)),
    (
        "Dinas Kependudukan dan Pencatatan Sipil",
        "DUKCAPIL",
        ("Dinas Kependudukan dan\nPencatatan Sipil",),
    ),
    (
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "DPMPTSP",
        ("Dinas Penanaman Modal dan PTSP",),
    ),
    ("Dinas Kesehatan", "DINKES", ("Dinas  Kesehatan",)),
    ("Rumah Sakit Umum Daerah", "RSUD", ("RSUD",)),
    (
        "Dinas Koperasi, Usaha Kecil, Menengah dan Perdagangan",
        "KOPERASI",
        ("Dinas Koperasi, UKM dan Perdagangan",),
    ),
    ("Kelurahan Gunung Telihan", "KELURAHAN", ("Kelurahan Gunung\nTelihan",)),
]
# Indicators that usually belong to the same agency (a realistic, uneven spread).
AGENCY_BY_ASPECT = {
    1: (0, 2),
    2: (0, 1, 3, 6),
    3: (2, 3),
    4: (0, 1),
    5: (0, 8, 5),
    6: (0, 4, 3, 7, 2),
    7: (0, 9, 10, 11, 12, 13, 14),
}

DOC_KINDS = (
    "Peraturan {head} Nomor {no} Tahun {year} tentang {topic}",
    "Keputusan {head} tentang {topic}",
    "Surat Edaran Sekretaris Daerah tentang {topic}",
    "SOP {topic} Nomor : {code}",
    "Laporan Pemantauan dan evaluasi secara berkala {topic}",
    "Dokumen {topic} yang telah ditetapkan",
    "Notulen rapat koordinasi {topic} tanggal {day} {month} {year}",
    "Tangkapan layar aplikasi {topic} beserta alamat situs",
    "Tersedianya sistem {topic} yang terintegrasi dengan instansi pusat",
    "Integrasi data baik pusat maupun daerah",
)
TOPICS = (
    "Tim Pengarah SPBE",
    "Rencana Induk SPBE",
    "Arsitektur SPBE",
    "Peta Rencana SPBE",
    "Pusat Data",
    "Integrasi Sistem Aplikasi",
    "penggunaan aplikasi umum berbagi pakai",
    "layanan naskah dinas elektronik",
    "manajemen kepegawaian",
    "perencanaan dan penganggaran",
    "manajemen keuangan",
    "manajemen kinerja",
    "pengadaan barang/jasa secara elektronik",
    "pengaduan publik",
    "jaringan dokumentasi dan informasi hukum",
    "whistle blowing system",
    "pelayanan publik terpadu",
    "keamanan informasi",
    "jaringan intra pemerintah",
    "sistem penghubung layanan",
)
MONTHS_ID = (
    "JANUARI",
    "FEBRUARI",
    "MARET",
    "APRIL",
    "MEI",
    "JUNI",
    "JULI",
    "AGUSTUS",
    "SEPTEMBER",
    "OKTOBER",
    "NOPEMBER",
    "DESEMBER",
)
MONTH_ABBR = ("JAN", "PEB", "MAR", "APR", "MEI", "JUN", "JUL", "AGS", "SEP", "OKT", "NOP", "DES")
EXPLANATION_BY_LEVEL = {
    0: "Tidak terdapat kebijakan internal maupun sistem yang dinilai.",
    1: "Terdapat konsep kebijakan internal atau sistem yang masih bersifat informasi satu arah.",
    2: "Kebijakan internal telah ditetapkan dan mencakup sebagian unit kerja; layanan bersifat interaksi.",
    3: "Kebijakan internal mencakup pengaturan untuk seluruh unit kerja; layanan bersifat transaksi.",
    4: "Kebijakan internal telah mendukung pengaturan integrasi antar instansi; layanan kolaborasi.",
    5: "Kebijakan internal dipantau, dinilai, dan dievaluasi secara berkala; layanan optimal.",
}
ACTIONS = (
    "Penyusunan draft {topic}",
    "Penetapan {topic} oleh Kepala Daerah",
    "Sosialisasi {topic} kepada seluruh perangkat daerah",
    "Pemantauan dan evaluasi {topic} secara berkala",
    "Pengembangan aplikasi {topic} terintegrasi",
    "Koordinasi dengan Kementerian PANRB terkait {topic}",
    "Bimbingan teknis {topic} bagi operator",
)
MARKS = ("✓", "v", "V", "√", "x", 1)


# --------------------------------------------------------------------------- model


@dataclass
class Evidence:
    text: str
    status: str | None  # "ada" | "belum ada" | None


@dataclass
class Indicator:
    id: str
    no: int
    domain: int
    aspect: int
    name: str
    question: str
    level: int | None
    self_level: int | None
    explanation: str
    self_explanation: str
    recommendation: str
    evidence: list[Evidence]
    self_evidence: list[str]
    optimal_evidence: list[str]
    actions: dict[int, str | None]
    agency: int  # index into AGENCIES


@dataclass
class Instansi:
    index: int
    kind: str
    place: str
    year: int
    indicators: list[Indicator]
    quirks: set[str] = field(default_factory=set)
    with_self_assessment: bool = False
    signer: str = ""

    @property
    def name(self) -> str:
        return f"Pemerintah {self.kind} {self.place}"

    @property
    def head(self) -> str:
        return {"Kota": "Walikota", "Kabupaten": "Bupati", "Provinsi": "Gubernur"}[self.kind]


@cache
def _framework() -> dict[str, Any]:
    return tomllib.loads(FRAMEWORK_TOML.read_text(encoding="utf-8"))


def instansi_names(n: int, seed: int) -> list[tuple[str, str]]:
    """``n`` distinct (kind, place) pairs, a pure function of the seed (prefix-stable)."""
    places = [p.strip() for p in PLACES.replace("\n", "").split("|") if p.strip()]
    provinces = [p.strip() for p in PROVINCES.replace("\n", "").split("|") if p.strip()]
    pool = [("Provinsi", p) for p in provinces]
    pool += [(k, p + s) for p in places for s in SUFFIXES for k in ("Kota", "Kabupaten")]
    random.Random(seed).shuffle(pool)
    out = []
    for i in range(n):
        kind, place = pool[i % len(pool)]
        if i >= len(pool):
            place = f"{place} {['Raya', 'Baru', 'Lama', 'Jaya'][(i // len(pool) - 1) % 4]}"
        out.append((kind, place))
    return out


def _sentence(rng: random.Random, inst: Instansi, min_words: int = 0) -> str:
    template = rng.choice(DOC_KINDS)
    text = template.format(
        head=inst.head,
        no=rng.randint(1, 60),
        year=rng.randint(inst.year - 4, inst.year),
        topic=rng.choice(TOPICS),
        code=f"{rng.randint(0, 999):03d}/{rng.randint(1, 300)}/{rng.choice(['DKIS', 'ORG', 'BKD'])}",
        day=rng.randint(1, 28),
        month=rng.choice(MONTHS_ID).capitalize(),
    )
    while len(text.split()) < min_words:
        text += " dan " + rng.choice(TOPICS)
    return text


def make_instansi(index: int, seed: int, names: list[tuple[str, str]]) -> Instansi:
    rng = random.Random(seed * 1_000_003 + index)
    kind, place = names[index]
    year = rng.choice((2018, 2018, 2019, 2020))
    inst = Instansi(index, kind, place, year, [])
    inst.signer = rng.choice(
        (
            "Hj. AJIZAH, SE, MM",
            "Drs. H. SUPARMAN, M.Si",
            "IR. WAYAN SUDARMA, MT",
            "SITI RAHMAH, S.Sos",
        )
    )
    for quirk, p in (
        ("numeric_levels", 0.15),
        ("level_title_case", 0.1),
        ("short_uraian", 0.5),
        ("typo_penaggung", 0.6),
        ("numbers_in_one_cell", 0.2),
        ("agency_variants", 0.5),
        ("agency_sheet_disagrees", 0.1),
        ("missing_level", 0.05),
        ("signature_on_main", 0.5),
        ("offset_title", 0.5),
    ):
        if rng.random() < p:
            inst.quirks.add(quirk)
    inst.with_self_assessment = rng.random() < 0.5
    fw = _framework()
    base = rng.choice((1, 2, 2, 3, 3, 4))
    n35 = rng.choice((1, 1, 2, 3))
    for spec in fw["indicators"]:
        no = spec["no"]
        ids = [str(no)] if no != 35 or n35 == 1 else [f"35-{k}" for k in range(1, n35 + 1)]
        for ind_id in ids:
            level = max(0, min(5, base + rng.choice((-1, 0, 0, 1))))
            self_level = max(0, min(5, level + rng.choice((0, 0, 1, 1, 2))))
            n_ev = rng.choice((0, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6))
            long_words = rng.choice((0, 0, 0, 12, 30))
            evidence = [
                Evidence(
                    f"{k + 1}. {_sentence(rng, inst, long_words)}"
                    if rng.random() < 0.1
                    else _sentence(rng, inst, long_words),
                    rng.choice(("ada", "belum ada", "belum ada", None)),
                )
                for k in range(n_ev)
            ]
            choices = AGENCY_BY_ASPECT[spec["aspect"]]
            agency = choices[0] if rng.random() < 0.5 else rng.choice(choices)
            inst.indicators.append(
                Indicator(
                    id=ind_id,
                    no=no,
                    domain=spec["domain"],
                    aspect=spec["aspect"],
                    name=spec["name"],
                    question=spec["question"],
                    level=None if "missing_level" in inst.quirks and rng.random() < 0.1 else level,
                    self_level=self_level,
                    explanation=EXPLANATION_BY_LEVEL[level],
                    self_explanation=EXPLANATION_BY_LEVEL[self_level],
                    recommendation=(
                        f"{spec['name']} sebaiknya ditingkatkan menjadi level {min(5, level + 1)} "
                        f"dengan {rng.choice(TOPICS)}"
                        + (" serta " + _sentence(rng, inst, 20) if rng.random() < 0.3 else "")
                    ),
                    evidence=evidence,
                    self_evidence=[
                        _sentence(rng, inst) for _ in range(rng.choice((0, 1, 1, 2, 3)))
                    ],
                    optimal_evidence=[
                        _sentence(rng, inst) for _ in range(rng.choice((0, 1, 2, 2, 3)))
                    ],
                    actions={
                        y: (
                            rng.choice(ACTIONS).format(topic=rng.choice(TOPICS))
                            if rng.random() < 0.6
                            else None
                        )
                        for y in (year, year + 1, year + 2)
                    },
                    agency=agency,
                )
            )
    return inst


# --------------------------------------------------------------------------- writing


class _Fmt:
    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        base = {"font_name": "Arial", "font_size": 10}
        self.title = wb.add_format(
            {**base, "bold": True, "font_size": 12, "align": "center", "valign": "vcenter"}
        )
        self.banner = wb.add_format({**base, "bold": True, "border": 1, "bg_color": "#D9E1F2"})
        self.header = wb.add_format(
            {
                **base,
                "bold": True,
                "border": 1,
                "text_wrap": True,
                "align": "center",
                "valign": "vcenter",
                "bg_color": "#F2F2F2",
            }
        )
        self.cell = wb.add_format({**base, "border": 1, "text_wrap": True, "valign": "top"})
        self.center = wb.add_format(
            {**base, "border": 1, "text_wrap": True, "valign": "top", "align": "center"}
        )
        self.plain = wb.add_format({**base, "align": "center"})
        self.bold = wb.add_format({**base, "align": "center", "bold": True, "underline": 1})


def _level_value(inst: Instansi, level: int | None, rng: random.Random) -> Any:
    if level is None:
        return None
    if "numeric_levels" in inst.quirks:
        return level if rng.random() < 0.7 else float(level)
    if "level_title_case" in inst.quirks:
        return f"Level {level}"
    return f"LEVEL {level}"


def _agency_text(inst: Instansi, agency: int, rng: random.Random) -> str:
    full, _, variants = AGENCIES[agency]
    if "agency_variants" in inst.quirks and rng.random() < 0.3:
        return rng.choice(variants)
    return full


def _merge_or_write(ws: Any, r0: int, c: int, r1: int, value: Any, fmt: Any) -> None:
    if r1 > r0:
        ws.merge_range(r0, c, r1, c, value if value is not None else "", fmt)
    elif value is not None:
        ws.write(r0, c, value, fmt)
    else:
        ws.write_blank(r0, c, None, fmt)


def _followup_header(ws: Any, r: int, inst: Instansi, fm: _Fmt, first: bool) -> int:
    y = inst.year
    uraian = "URAIAN" if "short_uraian" in inst.quirks and not first else "URAIAN INDIKATOR"
    agency = (
        "PERANGKAT DAERAH PENAGGUNG JAWAB"
        if "typo_penaggung" in inst.quirks
        else "PERANGKAT DAERAH PENANGGUNG JAWAB"
    )
    for c, text in enumerate(
        (
            "INDIKATOR",
            uraian,
            "PERTANYAAN",
            "NILAI TINGKAT KEMATANGAN",
            "PENJELASAN LEVEL",
            "REKOMENDASI MENPAN",
        )
    ):
        ws.merge_range(r, c, r + 1, c, text, fm.header)
    ws.merge_range(r, 6, r + 1, 7, "DATA DUKUNG REKOMENDASI MENPAN", fm.header)
    ws.merge_range(r, 8, r, 9, "KELENGKAPAN DATA DUKUNG SAAT INI", fm.header)
    ws.write(r + 1, 8, "ADA", fm.header)
    ws.write(r + 1, 9, "BELUM ADA", fm.header)
    for k in range(3):
        ws.merge_range(r, 10 + k, r + 1, 10 + k, f"RENCANA AKSI TAHUN {y + k}", fm.header)
    ws.merge_range(r, 13, r + 1, 13, agency, fm.header)
    return r + 2


def _banner(ws: Any, r: int, last: int, label: str, name: str, fm: _Fmt) -> int:
    ws.merge_range(r, 0, r, last, label, fm.banner)
    ws.merge_range(r + 1, 0, r + 1, last, name.upper(), fm.banner)
    return r + 2


def _indicator_value(ind_id: str) -> Any:
    return int(ind_id) if ind_id.isdigit() else ind_id


def _followup_block(
    ws: Any,
    r: int,
    inst: Instansi,
    ind: Indicator,
    fm: _Fmt,
    rng: random.Random,
    agency_sheet: bool,
) -> int:
    evidence = ind.evidence
    one_cell = "numbers_in_one_cell" in inst.quirks and len(evidence) >= 2 and rng.random() < 0.3
    n = 1 if one_cell else max(1, len(evidence))
    last = r + n - 1
    level = ind.level
    explanation = ind.explanation
    if agency_sheet and "agency_sheet_disagrees" in inst.quirks and rng.random() < 0.1:
        level = None if level is None else max(0, level - 1)
        explanation = explanation + " (perbaikan)"
    merged = [
        _indicator_value(ind.id),
        ind.name,
        ind.question,
        _level_value(inst, level, rng),
        explanation,
        ind.recommendation,
    ]
    for c, value in enumerate(merged):
        _merge_or_write(ws, r, c, last, value, fm.center if c in (0, 3) else fm.cell)
    for k, y in enumerate(sorted(ind.actions)):
        _merge_or_write(ws, r, 10 + k, last, ind.actions[y], fm.cell)
    _merge_or_write(ws, r, 13, last, _agency_text(inst, ind.agency, rng), fm.cell)
    if one_cell:
        ws.write_string(r, 6, " ".join(str(k + 1) for k in range(len(evidence))), fm.center)
        ws.write_string(r, 7, "\n".join(e.text for e in evidence), fm.cell)
        ws.write_blank(r, 8, None, fm.center)
        ws.write_blank(r, 9, None, fm.center)
        return r + 1
    for k in range(n):
        if k < len(evidence):
            ev = evidence[k]
            ws.write_number(r + k, 6, k + 1, fm.center)
            ws.write_string(r + k, 7, ev.text, fm.cell)
            mark = rng.choice(MARKS)
            ws.write(r + k, 8, mark if ev.status == "ada" else None, fm.center)
            ws.write(r + k, 9, mark if ev.status == "belum ada" else None, fm.center)
        else:
            for c in (6, 7, 8, 9):
                ws.write_blank(r + k, c, None, fm.cell)
    return r + n


def _schedule_and_signature(
    ws: Any, r: int, inst: Instansi, fm: _Fmt, rng: random.Random, schedule: bool
) -> int:
    if schedule:
        r += 2
        plan_year = inst.year + 2
        ws.write_string(r, 1, f"TAHUN {plan_year}", fm.header)
        ws.write_string(r, 13, "KETERANGAN", fm.header)
        r += 1
        for k, month in enumerate(MONTH_ABBR):
            ws.write_string(r, 1 + k, month, fm.header)
        r += 1
        for ind in rng.sample(inst.indicators, k=min(len(inst.indicators), rng.randint(0, 6))):
            ws.write(r, 0, _indicator_value(ind.id), fm.center)
            for month in sorted(rng.sample(range(12), k=rng.randint(1, 4))):
                ws.write_string(r, 1 + month, "✓", fm.center)
            r += 1
    r += 2
    month = MONTHS_ID[rng.randrange(12)]
    for text, fmt in (
        (f"{inst.place.upper()}, {rng.randint(1, 28)} {month} {inst.year}", fm.plain),
        ("MENGETAHUI :", fm.plain),
        ("KEPALA BAGIAN ORGANISASI,", fm.plain),
        (None, None),
        ("TTD", fm.plain),
        (None, None),
        (inst.signer, fm.bold),
        ("NIP. " + "".join(str(rng.randrange(10)) for _ in range(18)), fm.plain),
    ):
        if text is not None:
            ws.merge_range(r, 11, r, 13, text, fmt)
        r += 1
    return r


def _followup_sheet(
    wb: Any,
    fm: _Fmt,
    name: str,
    inst: Instansi,
    indicators: list[Indicator],
    rng: random.Random,
    *,
    agency_sheet: bool,
    schedule: bool,
    signature: bool,
) -> None:
    ws = wb.add_worksheet(name)
    for c, w in enumerate((10, 30, 36, 14, 40, 42, 5, 42, 8, 8, 30, 30, 30, 30)):
        ws.set_column(c, c, w)
    r = 1 if "offset_title" in inst.quirks and not agency_sheet else 0
    ws.merge_range(
        r,
        0,
        r,
        13,
        "TINDAK LANJUT HASIL INDEKS SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK (SPBE)",
        fm.title,
    )
    ws.merge_range(
        r + 1, 0, r + 1, 13, f"DI LINGKUNGAN {inst.name.upper()} TAHUN {inst.year}", fm.title
    )
    r += 3
    fw = _framework()
    domain_names = {d["no"]: d["name"] for d in fw["domains"]}
    aspect_names = {a["no"]: a["name"] for a in fw["aspects"]}
    domain = aspect = None
    first = True
    for ind in indicators:
        if ind.domain != domain:
            domain, aspect = ind.domain, None
            r = _banner(ws, r, 13, f"DOMAIN {domain}", domain_names[domain], fm)
            r = _followup_header(ws, r, inst, fm, first)
            first = False
        if ind.aspect != aspect:
            aspect = ind.aspect
            r = _banner(ws, r, 13, f"ASPEK {aspect}", aspect_names[aspect], fm)
        r = _followup_block(ws, r, inst, ind, fm, rng, agency_sheet)
    if signature:
        _schedule_and_signature(ws, r, inst, fm, rng, schedule)
    ws.freeze_panes(0, 1)
    ws.set_landscape()
    ws.set_paper(14)
    ws.fit_to_pages(1, 0)


def write_followup_workbook(inst: Instansi, path: Path) -> None:
    rng = random.Random(f"followup:{inst.index}:{inst.year}")
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    fm = _Fmt(wb)
    by_agency: dict[int, list[Indicator]] = {}
    for ind in inst.indicators:
        by_agency.setdefault(ind.agency, []).append(ind)
    main_signature = "signature_on_main" in inst.quirks
    main_name = rng.choice(("TL SEMUA", "TL SEMUA", "TINDAK LANJUT", "SEMUA OPD"))
    _followup_sheet(
        wb,
        fm,
        main_name,
        inst,
        inst.indicators,
        rng,
        agency_sheet=False,
        schedule=False,
        signature=main_signature,
    )
    order = sorted(by_agency, key=lambda a: (-len(by_agency[a]), a))
    for k, agency in enumerate(order):
        last = k == len(order) - 1
        _followup_sheet(
            wb,
            fm,
            AGENCIES[agency][1],
            inst,
            by_agency[agency],
            rng,
            agency_sheet=True,
            schedule=last,
            signature=last,
        )
    wb.set_properties({"title": "Tindak Lanjut Hasil Indeks SPBE", "author": "Bagian Organisasi"})
    wb.close()


def write_self_assessment_workbook(inst: Instansi, path: Path) -> None:
    rng = random.Random(f"self:{inst.index}:{inst.year}")
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    fm = _Fmt(wb)
    ws = wb.add_worksheet("PENILAIAN MANDIRI")
    for c, w in enumerate((10, 30, 36, 15, 40, 5, 42, 15, 40, 5, 42, 30)):
        ws.set_column(c, c, w)
    ws.merge_range(0, 0, 0, 11, "EVALUASI SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK", fm.title)
    title = f"DI LINGKUNGAN {inst.name.upper()}"
    if rng.random() < 0.5:
        title += f" TAHUN {inst.year}"
    ws.merge_range(1, 0, 1, 11, title, fm.title)
    fw = _framework()
    domain_names = {d["no"]: d["name"] for d in fw["domains"]}
    aspect_names = {a["no"]: a["name"] for a in fw["aspects"]}
    agency_header = (
        "PERANGKAT DAERAH PENAGGUNG JAWAB"
        if "typo_penaggung" in inst.quirks
        else "PERANGKAT DAERAH PENANGGUNG JAWAB"
    )
    r = 3
    domain = aspect = None
    for ind in inst.indicators:
        if ind.domain != domain:
            domain, aspect = ind.domain, None
            r = _banner(ws, r, 11, f"DOMAIN {domain}", domain_names[domain], fm)
            heads = (
                "INDIKATOR",
                "URAIAN INDIKATOR",
                "PERTANYAAN",
                f"PENILAIAN MANDIRI TIM EVALUATOR {inst.kind.upper()} {inst.place.upper()}",
                "PENJELASAN LEVEL",
            )
            for c, text in enumerate(heads):
                ws.write_string(r, c, text, fm.header)
            ws.merge_range(r, 5, r, 6, "DATA DUKUNG", fm.header)
            ws.write_string(r, 7, "HASIL PENILAIAN TIM EVALUATOR UGM/MENPAN & RB", fm.header)
            ws.write_string(r, 8, "PENJELASAN LEVEL", fm.header)
            ws.merge_range(r, 9, r, 10, "DATA DUKUNG PENCAPAIAN LEVEL OPTIMAL", fm.header)
            ws.write_string(r, 11, agency_header, fm.header)
            r += 1
        if ind.aspect != aspect:
            aspect = ind.aspect
            r = _banner(ws, r, 11, f"ASPEK {aspect}", aspect_names[aspect], fm)
        n = max(1, len(ind.self_evidence), len(ind.optimal_evidence))
        last = r + n - 1
        evaluator = (
            ind.level
            if rng.random() < 0.95
            else (None if ind.level is None else min(5, ind.level + 1))
        )
        merged = (
            (0, _indicator_value(ind.id), fm.center),
            (1, ind.name, fm.cell),
            (2, ind.question, fm.cell),
            (3, _level_value(inst, ind.self_level, rng), fm.center),
            (4, ind.self_explanation, fm.cell),
            (7, _level_value(inst, evaluator, rng), fm.center),
            (8, ind.explanation, fm.cell),
            (11, _agency_text(inst, ind.agency, rng), fm.cell),
        )
        for c, value, fmt in merged:
            _merge_or_write(ws, r, c, last, value, fmt)
        for k in range(n):
            for items, c in ((ind.self_evidence, 5), (ind.optimal_evidence, 9)):
                if k < len(items):
                    ws.write_number(r + k, c, k + 1, fm.center)
                    ws.write_string(r + k, c + 1, items[k], fm.cell)
                else:
                    ws.write_blank(r + k, c, None, fm.cell)
                    ws.write_blank(r + k, c + 1, None, fm.cell)
        r += n
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    wb.close()


def _slug(text: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in text.lower()).split())


def _write_one(args: tuple[int, int, str, list[tuple[str, str]]]) -> dict[str, Any]:
    index, seed, out, names = args
    inst = make_instansi(index, seed, names)
    stem = f"{index:04d}-{_slug(inst.kind + ' ' + inst.place)}-{inst.year}"
    folder = Path(out)
    files = []
    followup = folder / f"{stem}-tindak-lanjut.xlsx"
    write_followup_workbook(inst, followup)
    files.append(followup.name)
    if inst.with_self_assessment:
        self_path = folder / f"{stem}-penilaian-mandiri.xlsx"
        write_self_assessment_workbook(inst, self_path)
        files.append(self_path.name)
    return {
        "index": index,
        "instansi": inst.name,
        "year": inst.year,
        "files": files,
        "indicators": len(inst.indicators),
        "evidence": sum(len(i.evidence) for i in inst.indicators),
        "quirks": sorted(inst.quirks),
    }


def generate(
    out: Path, n: int = 616, seed: int = 2018, jobs: int | None = None
) -> list[dict[str, Any]]:
    """Write the corpus into ``out`` (created); return the manifest (one entry per instansi)."""
    out.mkdir(parents=True, exist_ok=True)
    names = instansi_names(n, seed)
    tasks = [(i, seed, str(out), names) for i in range(n)]
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or n < 8:
        manifest = [_write_one(t) for t in tasks]
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            manifest = list(pool.map(_write_one, tasks, chunksize=8))
    (out / "manifest.json").write_text(
        json.dumps({"seed": seed, "n": n, "instansi": manifest}, indent=1, ensure_ascii=False),
        encoding="utf-8",
    )
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=616, help="number of instansi (default 616)")
    parser.add_argument("--seed", type=int, default=2018, help="random seed (default 2018)")
    parser.add_argument(
        "--out", type=Path, default=None, help="output folder (default: a fresh temp dir)"
    )
    parser.add_argument(
        "--jobs", type=int, default=None, help="parallel processes (default: all cores)"
    )
    args = parser.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="spbe-corpus-"))
    start = time.perf_counter()
    manifest = generate(out, args.n, args.seed, args.jobs)
    files = sum(len(m["files"]) for m in manifest)
    print(f"{args.n} instansi, {files} workbooks in {out} ({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
