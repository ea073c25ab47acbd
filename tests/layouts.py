"""Layout variants: render one instansi's SPBE data the way different offices lay it out.

Issue 14, item 8.  From a :class:`Truth` (the ground truth of one instansi and round) and a
:class:`Layout` (a seeded set of choices), :func:`render` writes the self-assessment
workbook and the follow-up workbook with openpyxl only (never with ``spbe_xl.writers``),
deterministically: the same seed gives the same bytes.  :func:`check_variant` reads them back
with ``spbe_xl.read_workbook`` and lists what came back different from the truth.

Script mode, the baseline table of issue 14::

    python -m tests.layouts --seeds 0-299 [--show-failures N] [--keep DIR]

Dimensions (each drawn from the seed, see :data:`DIMENSIONS`): the source of the truth
(Bontang 2018 sample, Denpasar 2021 data, synthetic 2018 / 2020), column order, header
synonyms per role and typos, header depth 1-3 with group cells merged or not and the level
first or not inside its group, the id under NO or under INDIKATOR and how it is typed,
banners, a column-number row, evidence sub-rows merged / repeated / on the first sub-row only
/ in one cell, per-agency sheets, the follow-up as a grouped table or a flat monitoring
export, how actions are laid out, level forms, title variants, agency spellings and how
several agencies are joined, header case.
"""

from __future__ import annotations

import argparse
import csv
import functools
import random
import re
import sys
import tempfile
import time
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from samples.reproducible import save
from tests.variants import Grid

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
DATA = ROOT / "spbe_xl" / "data"
BONTANG_FILES = (
    SAMPLES / "bontang-2018-penilaian-mandiri.xlsx",
    SAMPLES / "bontang-2018-tindak-lanjut.xlsx",
)
DENPASAR_CSV = SAMPLES / "denpasar-2021.csv"

FIXED_TIME = datetime(2023, 1, 2, 8, 0, 0)

# --------------------------------------------------------------------------- truth


@dataclass
class Indicator:
    id: str  # "7", "35-1"
    no: int
    name: str
    self_level: int | None
    evaluator_level: int | None
    maturity_level: int | None
    agencies: list[str]
    evidence: list[str] = field(default_factory=list)  # self-assessment evidence items
    recommendation: str | None = None
    recommended: list[str] = field(default_factory=list)  # evidence the recommendation asks for
    actions: dict[int, str] = field(default_factory=dict)  # year -> action text
    question: str | None = None
    self_explanation: str | None = None


@dataclass
class Truth:
    instansi: str  # "Pemerintah Kota Bontang"
    kind: str  # "KOTA" | "KABUPATEN"
    place: str  # "Bontang"
    year: int
    framework: str  # "spbe2018" | "spbe2020"
    indicators: list[Indicator]
    source: str = "synthetic"

    @property
    def plan_years(self) -> list[int]:
        years = sorted({y for ind in self.indicators for y in ind.actions})
        return years or [self.year + 1]


@functools.cache
def catalog(framework: str) -> dict[str, Any]:
    data = tomllib.loads((DATA / f"{framework}.toml").read_text(encoding="utf-8"))
    aspect_of: dict[int, dict[str, Any]] = {}
    for a in data["aspects"]:
        first, _, last = a["indicators"].partition("-")
        for n in range(int(first), int(last or first) + 1):
            aspect_of[n] = a
    return {
        "domains": {d["no"]: d["name"] for d in data["domains"]},
        "aspect_of": aspect_of,
        "indicators": {i["no"]: i for i in data["indicators"]},
        "levels": (data["levels"]["min"], data["levels"]["max"]),
    }


def _level(value: Any) -> int | None:
    try:
        return None if _missing(value) else int(value)
    except (TypeError, ValueError):
        return None


def truth_from_book(book: Any) -> Truth:
    """The truth of a Book, from its public frames and meta only."""
    frame = book.indicators
    ev = book.evidence
    acts = book.actions
    resp = getattr(book, "responsibilities", None)
    instansi = book.meta.instansi or "Pemerintah Kota Bontang"
    m = re.search(r"\b(Kota|Kabupaten)\s+(.+)$", instansi, re.IGNORECASE)
    kind, place = (m.group(1).upper(), m.group(2)) if m else ("KOTA", instansi)
    indicators = []
    for row in frame.itertuples(index=False):
        iid = str(row.indicator_id)
        if resp is not None and "agency" in resp:
            agencies = [str(a) for a in resp[resp["indicator_id"] == iid]["agency"]]
        else:
            agencies = (
                [] if _text(row.responsible_agency) is None else [str(row.responsible_agency)]
            )
        mine = ev[ev["indicator_id"] == iid]
        actions = {
            int(a.year): str(a.text)
            for a in acts[acts["indicator_id"] == iid].itertuples(index=False)
            if _level(a.year) is not None and _text(a.text)
        }
        indicators.append(
            Indicator(
                id=iid,
                no=int(row.indicator_no),
                name=str(row.name),
                self_level=_level(row.self_level),
                evaluator_level=_level(row.evaluator_level),
                maturity_level=_level(row.maturity_level),
                agencies=agencies,
                evidence=[str(t) for t in mine[mine["kind"] == "self"]["text"] if _text(t)],
                recommendation=_text(row.recommendation),
                recommended=[
                    str(t) for t in mine[mine["kind"] == "recommended"]["text"] if _text(t)
                ],
                actions=actions,
                question=_text(row.question),
                self_explanation=_text(row.self_explanation),
            )
        )
    return Truth(
        instansi=f"Pemerintah {kind.title()} {place}",
        kind=kind,
        place=place,
        year=book.meta.year or 2018,
        framework=book.meta.framework,
        indicators=indicators,
        source="bontang2018",
    )


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (ImportError, TypeError, ValueError):
        return False


def _text(value: Any) -> str | None:
    if _missing(value):
        return None
    s = str(value).strip()
    return s or None


def truth_from_denpasar(csv_path: Path = DENPASAR_CSV) -> Truth:
    """Kota Denpasar 2021 (2020 framework): the evaluator's level is the maturity level."""
    with Path(csv_path).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    indicators = []
    for r in rows:
        n = int(r["indicator_no"])
        note = r["note"].strip() or None
        indicators.append(
            Indicator(
                id=str(n),
                no=n,
                name=r["indicator_name"],
                self_level=int(r["self_level"]),
                evaluator_level=int(r["maturity_level"]),
                maturity_level=int(r["maturity_level"]),
                agencies=[a.strip() for a in r["responsible_agencies"].split(";") if a.strip()],
                recommendation=r["recommendation"] or None,
                actions={int(r["target_year"]): note} if note and r["target_year"] else {},
                self_explanation=note,
            )
        )
    return Truth(
        "Pemerintah Kota Denpasar",
        "KOTA",
        "Denpasar",
        2021,
        "spbe2020",
        indicators,
        source="denpasar2021",
    )


@functools.cache
def bontang_truth() -> Truth:
    import spbe_xl

    return truth_from_book(spbe_xl.read_workbook(list(BONTANG_FILES)))


@functools.cache
def denpasar_truth() -> Truth:
    return truth_from_denpasar(DENPASAR_CSV)


# Groups of names for one agency: the first is the name a truth uses, the others are the
# aliases and spellings offices write.  Read-back agencies are compared by group.
AGENCIES: list[list[str]] = [
    # one agency (issue 14 item 6): Diskominfo / Dinas Komunikasi dan Informatika [dan Statistik]
    [
        "Dinas Komunikasi dan Informatika",
        "Diskominfo",
        "Dinas Kominfo",
        "DISKOMINFO",
        "Dinas Komunikasi, Informatika dan Statistik",
        "Diskominfos",
        "DKIS",
        "Diskominfotik",
    ],
    [
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        "BPKAD",
        "Badan Pengelola Keuangan dan Aset Daerah",
    ],
    ["Badan Perencanaan Pembangunan Daerah", "Bappeda", "BAPPEDA"],
    ["Inspektorat Daerah", "Inspektorat", "INSPEKTORAT"],
    ["Bagian Organisasi Setda", "Bagian Organisasi", "Bag. Organisasi Setda", "BAG ORGANISASI"],
    ["Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM"],
    ["Bagian Hukum Setda", "Bagian Hukum", "Bag. Hukum Setda"],
    ["Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil", "Dinas Dukcapil"],
    ["Bagian Pengadaan Barang dan Jasa Setda", "Bagian PBJ", "Bagian Pengadaan Barang dan Jasa"],
    ["Badan Pendapatan Daerah", "Bapenda"],
    ["Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP"],
    ["Dinas Perpustakaan dan Kearsipan", "Dispusip"],
]


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


@functools.cache
def _group_of() -> dict[str, int]:
    return {_key(name): i for i, group in enumerate(AGENCIES) for name in group}


def agency_key(name: str) -> str:
    """The same key for every name of one agency (its group), else the folded name."""
    k = _key(name)
    group = _group_of().get(k)
    return f"#{group}" if group is not None else k


def _aliases(name: str) -> list[str]:
    group = _group_of().get(_key(name))
    return AGENCIES[group][1:] if group is not None else []


PLACES = [
    ("KABUPATEN", "Banyuwangi"),
    ("KOTA", "Semarang"),
    ("KABUPATEN", "Sleman"),
    ("KOTA", "Makassar"),
    ("KABUPATEN", "Kutai Kartanegara"),
    ("KOTA", "Bandung"),
]
DOCUMENTS = [
    "Peraturan Bupati tentang Penyelenggaraan SPBE",
    "Keputusan Kepala Daerah tentang Tim Koordinasi SPBE",
    "Dokumen Arsitektur SPBE",
    "Laporan pemantauan dan evaluasi berkala",
    "SOP layanan",
    "Tangkapan layar aplikasi",
    "Notulen rapat koordinasi",
]
ACTIONS = [
    "Menyusun rancangan peraturan kepala daerah",
    "Melaksanakan reviu dan evaluasi kebijakan",
    "Mengintegrasikan aplikasi dengan sistem penghubung layanan",
    "Menyusun SOP dan melakukan sosialisasi",
    "Melakukan audit TIK secara berkala",
]


def synthetic_truth(seed: int, framework: str) -> Truth:
    rng = random.Random(f"truth-{framework}-{seed}")
    cat = catalog(framework)
    lo, hi = cat["levels"]
    kind, place = rng.choice(PLACES)
    year = (
        rng.choice([2018, 2019])
        if framework == "spbe2018"
        else rng.choice([2021, 2022, 2023, 2024])
    )
    plan = [year + 1, year + 2]
    ids: list[tuple[str, int]] = [(str(n), n) for n in sorted(cat["indicators"])]
    if framework == "spbe2018" and rng.random() < 0.5:
        ids = ids[:-1] + [(f"35-{k}", 35) for k in range(1, rng.randint(2, 3) + 1)]
    canon = [g[0] for g in AGENCIES]
    indicators = []
    for iid, n in ids:
        self_level = rng.randint(lo, hi)
        evaluator = max(lo, min(hi, self_level - rng.choice([0, 0, 1, 1, 2])))
        maturity = None if rng.random() < 0.05 else evaluator
        agencies = rng.sample(canon, rng.choice([1, 1, 1, 1, 2, 2, 3]))
        indicators.append(
            Indicator(
                id=iid,
                no=n,
                name=cat["indicators"][n]["name"],
                self_level=self_level,
                evaluator_level=evaluator,
                maturity_level=maturity,
                agencies=agencies,
                evidence=rng.sample(DOCUMENTS, rng.randint(0, 3)),
                recommendation=rng.choice([None, "Menyusun kebijakan dan melaksanakannya"]),
                recommended=rng.sample(DOCUMENTS, rng.randint(0, 2)),
                actions={y: rng.choice(ACTIONS) for y in plan if rng.random() < 0.6},
                question=cat["indicators"][n].get("question") or None,
            )
        )
    return Truth(
        f"Pemerintah {kind.title()} {place}",
        kind,
        place,
        year,
        framework,
        indicators,
        source=f"synthetic{framework[-4:]}",
    )


# --------------------------------------------------------------------------- layout

NUMBER_HEADERS = ["NO", "NO.", "NOMOR", "NO INDIKATOR"]
NAME_HEADERS_UNDER_NO = ["INDIKATOR", "NAMA INDIKATOR", "URAIAN INDIKATOR"]
NAME_HEADERS_UNDER_ID = ["URAIAN INDIKATOR", "URAIAN", "NAMA INDIKATOR"]
SELF_FLAT = [
    "PENILAIAN MANDIRI",
    "TINGKAT KEMATANGAN PENILAIAN MANDIRI",
    "NILAI PENILAIAN MANDIRI",
    "LEVEL PENILAIAN MANDIRI",
]
SELF_GROUP = [
    "PENILAIAN MANDIRI",
    "PENILAIAN MANDIRI TIM EVALUATOR {PLACE}",
    "HASIL PENILAIAN MANDIRI",
]
SELF_LEAF = ["TINGKAT KEMATANGAN", "NILAI", "LEVEL"]
EVAL_FLAT = [
    "HASIL PENILAIAN TIM EVALUATOR",
    "NILAI EVALUATOR",
    "HASIL PENILAIAN TIM EVALUATOR UGM/MENPAN & RB",
    "NILAI TIM EVALUATOR",
]
EVAL_GROUP = ["HASIL EVALUASI", "HASIL PENILAIAN TIM EVALUATOR", "HASIL PENILAIAN EVALUATOR"]
EVAL_LEAF = ["NILAI EVALUATOR", "TINGKAT KEMATANGAN", "NILAI", "HASIL"]
MATURITY_HEADERS = ["NILAI TINGKAT KEMATANGAN", "NILAI KEMATANGAN", "TINGKAT KEMATANGAN"]
AGENCY_HEADERS = [
    "PENANGGUNG JAWAB",
    "PERANGKAT DAERAH PENANGGUNG JAWAB",
    "PERANGKAT DAERAH",
    "OPD",
    "OPD TERKAIT",
    "UNIT KERJA",
    "PD PENGAMPU",
    "UNIT PELAKSANA",
    "PIC",
]
ACTION_GROUPS = ["TINDAK LANJUT", "RENCANA AKSI", "RENCANA TINDAK LANJUT"]
TARGET_HEADERS = ["TARGET WAKTU", "TARGET", "TAHUN"]

KEEP_UPPER = {"OPD", "PD", "PIC", "SPBE", "TIK", "UGM/MENPAN", "RB", "MENPAN", "KAB.", "&"}
ROMAN = {0: "0", 1: "I", 2: "II", 3: "III", 4: "IV", 5: "V"}

# name -> the choices Layout.random draws from (and the coverage test checks).
DIMENSIONS: dict[str, list[Any]] = {
    "source": ["bontang2018", "denpasar2021", "synthetic2018", "synthetic2020"],
    "column_order": ["standard", "agency_early", "evaluator_first", "levels_first"],
    "id_column": ["NO", "INDIKATOR"],
    "id_form": ["number", "text", "dotted"],
    "number_header": list(range(len(NUMBER_HEADERS))),
    "name_header": list(range(3)),
    "self_header": list(range(4)),  # index into SELF_FLAT (depth 1) / SELF_GROUP x SELF_LEAF
    "evaluator_header": list(range(4)),
    "maturity_header": list(range(len(MATURITY_HEADERS))),
    "agency_header": list(range(len(AGENCY_HEADERS))),
    "action_header": list(range(len(ACTION_GROUPS))),
    "target_header": list(range(len(TARGET_HEADERS))),
    "typos": ["none", "some"],
    "header_case": ["upper", "title"],
    "header_depth": [1, 2, 3],
    "group_cells": ["merged", "unmerged"],
    "level_in_group": ["first", "not_first"],
    "banners": ["none", "domain_aspect", "aspect_only", "domain_repeat_header"],
    "column_numbers": ["none", "parenthesized", "plain"],
    "evidence": ["merged", "repeated", "first_only", "one_cell"],
    "agency_sheets": ["none", "per_agency"],
    "followup": ["grouped", "flat"],
    "actions": ["year_columns", "text_and_target"],
    "level_form": ["number", "Level n", "LEVEL n", "LEVEL roman", "mixed"],
    "title_instansi": ["PEMERINTAH", "short", "DI LINGKUNGAN"],
    "title_year": ["TAHUN", "EVALUASI SPBE", "sheet_name"],
    "agency_names": ["as_truth", "alias", "upper"],
    "agency_join": ["; ", " / ", "\n", " dan "],
}


@dataclass(frozen=True)
class Layout:
    seed: int
    source: str
    column_order: str
    id_column: str
    id_form: str
    number_header: int
    name_header: int
    self_header: int
    evaluator_header: int
    maturity_header: int
    agency_header: int
    action_header: int
    target_header: int
    typos: str
    header_case: str
    header_depth: int
    group_cells: str
    level_in_group: str
    banners: str
    column_numbers: str
    evidence: str
    agency_sheets: str
    followup: str
    actions: str
    level_form: str
    title_instansi: str
    title_year: str
    agency_names: str
    agency_join: str
    title_instansi_tl: str  # the follow-up's title may differ from the self-assessment's

    @classmethod
    def random(cls, seed: int) -> Layout:
        rng = random.Random(f"layout-{seed}")
        choices = {name: rng.choice(options) for name, options in DIMENSIONS.items()}
        # Mostly the real truths (they are what offices hold); synthetic ones for the rest.
        choices["source"] = rng.choices(DIMENSIONS["source"], weights=[4, 4, 1, 1])[0]
        choices["title_instansi_tl"] = rng.choice(DIMENSIONS["title_instansi"])
        return cls(seed=seed, **choices)

    def describe(self) -> str:
        return " ".join(
            f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.name != "seed"
        )


def truth_for(layout: Layout) -> Truth:
    if layout.source == "bontang2018":
        return bontang_truth()
    if layout.source == "denpasar2021":
        return denpasar_truth()
    return synthetic_truth(
        layout.seed, "spbe2018" if layout.source == "synthetic2018" else "spbe2020"
    )


# --------------------------------------------------------------------------- rendering


@dataclass
class Col:
    role: str
    path: tuple[str, ...]  # header texts, group first
    value: Any  # (indicator, sub_row) -> cell value
    per_item: bool = True  # one value per indicator (merged / repeated over evidence sub-rows)


@dataclass
class RenderedSheet:
    file: str
    name: str
    kind: str  # "self_assessment" | "followup" | "agency_followup"
    agency: str | None
    header_rows: tuple[int, int]  # 0-based first and last header row
    columns: list[Col]
    rows_of: dict[str, int]  # indicator id -> 0-based first data row


@dataclass
class Rendered:
    paths: list[Path]
    sheets: list[RenderedSheet]
    description: str


class _Styler:
    """Header texts, typos and level forms for one layout (deterministic per seed)."""

    def __init__(self, layout: Layout, truth: Truth) -> None:
        self.layout = layout
        self.truth = truth
        self.rng = random.Random(f"render-{layout.seed}")

    def header(self, text: str) -> str:
        text = text.replace("{PLACE}", f"{self.truth.kind} {self.truth.place}".upper())
        if self.layout.typos == "some" and self.rng.random() < 0.35:
            text = typo(text, self.rng)
        if self.layout.header_case == "title":
            text = " ".join(w if w in KEEP_UPPER else w.capitalize() for w in text.split(" "))
        return text

    def level(self, level: int | None) -> Any:
        if level is None:
            return None
        form = self.layout.level_form
        if form == "mixed":
            form = self.rng.choice(["number", "Level n", "LEVEL n", "LEVEL roman"])
        if form == "number":
            return level
        if form == "Level n":
            return f"Level {level}"
        if form == "LEVEL n":
            return f"LEVEL {level}"
        return f"LEVEL {ROMAN[level]}"

    def indicator_id(self, ind: Indicator) -> Any:
        if "-" in ind.id:
            return ind.id
        if self.layout.id_form == "number":
            return int(ind.id)
        if self.layout.id_form == "dotted":
            return f"{ind.id}."
        return ind.id

    def agencies(self, ind: Indicator) -> str | None:
        names = []
        for name in ind.agencies:
            if self.layout.agency_names == "alias" and _aliases(name):
                name = _aliases(name)[int(self.rng.random() * len(_aliases(name)))]
            elif self.layout.agency_names == "upper":
                name = name.upper()
            names.append(name)
        return self.layout.agency_join.join(names) or None


def typo(text: str, rng: random.Random) -> str:
    """One typo in one long word: a letter dropped, doubled or two letters swapped."""
    words = text.split(" ")
    long_words = [i for i, w in enumerate(words) if len(w) >= 7 and w.isalpha()]
    if not long_words:
        return text
    i = rng.choice(long_words)
    w = words[i]
    p = rng.randint(2, len(w) - 3)
    how = rng.choice(["drop", "double", "swap"])
    if how == "drop":
        w = w[:p] + w[p + 1 :]
    elif how == "double":
        w = w[:p] + w[p] + w[p:]
    else:
        w = w[:p] + w[p + 1] + w[p] + w[p + 2 :]
    words[i] = w
    return " ".join(words)


def _self_columns(layout: Layout, truth: Truth, st: _Styler) -> list[Col]:
    depth = layout.header_depth
    id_col = Col(
        "id",
        (
            st.header(
                NUMBER_HEADERS[layout.number_header] if layout.id_column == "NO" else "INDIKATOR"
            ),
        ),
        lambda ind, k: st.indicator_id(ind),
    )
    names = NAME_HEADERS_UNDER_NO if layout.id_column == "NO" else NAME_HEADERS_UNDER_ID
    name_col = Col("name", (st.header(names[layout.name_header]),), lambda ind, k: ind.name)
    question = (
        [Col("question", (st.header("PERTANYAAN"),), lambda ind, k: ind.question)]
        if any(i.question for i in truth.indicators)
        else []
    )
    evidence_text = _evidence_value(layout)
    if depth == 1:
        self_block = [
            Col(
                "self_level",
                (st.header(SELF_FLAT[layout.self_header]),),
                lambda ind, k: st.level(ind.self_level),
            ),
            Col(
                "self_explanation",
                (st.header("PENJELASAN LEVEL"),),
                lambda ind, k: ind.self_explanation,
            ),
            Col("evidence", (st.header("DATA DUKUNG"),), evidence_text, per_item=False),
        ]
        eval_block = [
            Col(
                "evaluator_level",
                (st.header(EVAL_FLAT[layout.evaluator_header]),),
                lambda ind, k: st.level(ind.evaluator_level),
            ),
            Col("evaluator_note", (st.header("CATATAN EVALUATOR"),), lambda ind, k: None),
        ]
    else:
        g_self = st.header(SELF_GROUP[layout.self_header % len(SELF_GROUP)])
        g_eval = st.header(EVAL_GROUP[layout.evaluator_header % len(EVAL_GROUP)])
        if depth == 3:
            dd = st.header("DATA DUKUNG")
            evidence = [
                Col("evidence", (g_self, dd, st.header("URAIAN")), evidence_text, per_item=False)
            ]
            if layout.evidence != "one_cell":
                evidence.insert(
                    0,
                    Col(
                        "evidence_no",
                        (g_self, dd, st.header("NO")),
                        _evidence_no(layout),
                        per_item=False,
                    ),
                )
        else:
            evidence = [
                Col("evidence", (g_self, st.header("DATA DUKUNG")), evidence_text, per_item=False)
            ]
        level = Col(
            "self_level",
            (g_self, st.header(SELF_LEAF[layout.self_header % len(SELF_LEAF)])),
            lambda ind, k: st.level(ind.self_level),
        )
        expl = Col(
            "self_explanation",
            (g_self, st.header("PENJELASAN")),
            lambda ind, k: ind.self_explanation,
        )
        self_block = (
            [level, expl, *evidence]
            if layout.level_in_group == "first"
            else [expl, level, *evidence]
        )
        e_level = Col(
            "evaluator_level",
            (g_eval, st.header(EVAL_LEAF[layout.evaluator_header])),
            lambda ind, k: st.level(ind.evaluator_level),
        )
        e_note = Col("evaluator_note", (g_eval, st.header("CATATAN")), lambda ind, k: None)
        eval_block = [e_level, e_note] if layout.level_in_group == "first" else [e_note, e_level]
    agency = Col(
        "agency",
        (st.header(AGENCY_HEADERS[layout.agency_header]),),
        lambda ind, k: st.agencies(ind),
    )
    return _order(layout, [id_col, name_col], question, self_block, eval_block, [agency])


def _order(
    layout: Layout,
    ident: list[Col],
    question: list[Col],
    first: list[Col],
    second: list[Col],
    agency: list[Col],
) -> list[Col]:
    if layout.column_order == "agency_early":
        return [*ident, *agency, *question, *first, *second]
    if layout.column_order == "evaluator_first":
        return [*ident, *question, *second, *first, *agency]
    if layout.column_order == "levels_first":
        return [ident[0], *first, *second, ident[1], *question, *agency]
    return [*ident, *question, *first, *second, *agency]


def _evidence_value(layout: Layout) -> Any:
    if layout.evidence == "one_cell":
        return lambda ind, k: "\n".join(f"{i}. {t}" for i, t in enumerate(ind.evidence, 1)) or None
    return lambda ind, k: ind.evidence[k] if k < len(ind.evidence) else None


def _evidence_no(layout: Layout) -> Any:
    return lambda ind, k: k + 1 if k < len(ind.evidence) else None


def _followup_columns(layout: Layout, truth: Truth, st: _Styler) -> list[Col]:
    depth = layout.header_depth
    id_col = Col(
        "id",
        (
            st.header(
                NUMBER_HEADERS[layout.number_header] if layout.id_column == "NO" else "INDIKATOR"
            ),
        ),
        lambda ind, k: st.indicator_id(ind),
    )
    names = NAME_HEADERS_UNDER_NO if layout.id_column == "NO" else NAME_HEADERS_UNDER_ID
    name_col = Col("name", (st.header(names[layout.name_header]),), lambda ind, k: ind.name)
    agency = Col(
        "agency",
        (st.header(AGENCY_HEADERS[layout.agency_header]),),
        lambda ind, k: st.agencies(ind),
    )
    target_h = st.header(TARGET_HEADERS[layout.target_header])
    act_h = st.header(ACTION_GROUPS[layout.action_header])
    if layout.followup == "flat":
        # The monitoring application's export: one row per indicator, a one-row header.
        cat = catalog(truth.framework)
        cols = [
            id_col,
            Col(
                "domain",
                (st.header("DOMAIN"),),
                lambda ind, k: cat["domains"][cat["aspect_of"][ind.no]["domain"]],
            ),
            Col("aspect", (st.header("ASPEK"),), lambda ind, k: cat["aspect_of"][ind.no]["name"]),
            name_col,
            Col(
                "self_level",
                (st.header(SELF_FLAT[layout.self_header]),),
                lambda ind, k: st.level(ind.self_level),
            ),
            Col(
                "maturity_level",
                (st.header(MATURITY_HEADERS[layout.maturity_header]),),
                lambda ind, k: st.level(ind.maturity_level),
            ),
            Col("recommendation", (st.header("REKOMENDASI"),), lambda ind, k: ind.recommendation),
            Col("action_text", (act_h,), lambda ind, k: _first_action(ind)[1]),
            Col("action_target", (target_h,), lambda ind, k: _first_action(ind)[0]),
            agency,
        ]
        return cols
    mat = Col(
        "maturity_level",
        (st.header(MATURITY_HEADERS[layout.maturity_header]),),
        lambda ind, k: st.level(ind.maturity_level),
    )
    mat_expl = Col("maturity_explanation", (st.header("PENJELASAN LEVEL"),), lambda ind, k: None)
    rec = Col(
        "recommendation", (st.header("REKOMENDASI MENPAN"),), lambda ind, k: ind.recommendation
    )
    first = [mat, mat_expl, rec] if layout.level_in_group == "first" else [rec, mat, mat_expl]

    def rec_ev(ind: Indicator, k: int) -> str | None:
        if layout.evidence == "one_cell":
            return "\n".join(f"{i}. {t}" for i, t in enumerate(ind.recommended, 1)) or None
        return ind.recommended[k] if k < len(ind.recommended) else None

    if depth == 1:
        evidence = [
            Col("recommended", (st.header("DATA DUKUNG REKOMENDASI"),), rec_ev, per_item=False)
        ]
    else:
        g = st.header("DATA DUKUNG REKOMENDASI MENPAN")
        evidence = [Col("recommended", (g, st.header("URAIAN")), rec_ev, per_item=False)]
        if layout.evidence != "one_cell":
            evidence.insert(
                0,
                Col(
                    "recommended_no",
                    (g, st.header("NO")),
                    lambda ind, k: k + 1 if k < len(ind.recommended) else None,
                    per_item=False,
                ),
            )
        kel = st.header("KELENGKAPAN DATA DUKUNG SAAT INI")
        evidence += [
            Col(
                "ada",
                (kel, st.header("ADA")),
                lambda ind, k: "√" if k < len(ind.recommended) and (len(ind.id) + k) % 2 else None,
                per_item=False,
            ),
            Col(
                "belum_ada",
                (kel, st.header("BELUM ADA")),
                lambda ind, k: (
                    "√" if k < len(ind.recommended) and not (len(ind.id) + k) % 2 else None
                ),
                per_item=False,
            ),
        ]
    if layout.actions == "year_columns":
        years = truth.plan_years
        top = st.header("TINDAK LANJUT HASIL EVALUASI")
        acts = []
        for y in years:
            text = (lambda year: lambda ind, k: ind.actions.get(year))(y)
            tahun = st.header("TAHUN")
            if depth == 1:
                path: tuple[str, ...] = (f"{act_h} {tahun} {y}",)
            elif depth == 2:
                path = (act_h, f"{tahun} {y}" if y % 2 else str(y))
            else:
                path = (top, act_h, f"{tahun} {y}" if y % 2 else str(y))
            acts.append(Col(f"action:{y}", path, text))
    else:
        text_col = lambda ind, k: _first_action(ind)[1]  # noqa: E731
        year_col = lambda ind, k: _first_action(ind)[0]  # noqa: E731
        if depth == 1:
            acts = [
                Col("action_text", (act_h,), text_col),
                Col("action_target", (target_h,), year_col),
            ]
        elif depth == 2:
            acts = [
                Col("action_text", (act_h, st.header("URAIAN")), text_col),
                Col("action_target", (act_h, target_h), year_col),
            ]
        else:
            top = st.header("TINDAK LANJUT HASIL EVALUASI")
            acts = [
                Col("action_text", (top, act_h, st.header("URAIAN")), text_col),
                Col("action_target", (top, act_h, target_h), year_col),
            ]
    question = (
        [Col("question", (st.header("PERTANYAAN"),), lambda ind, k: ind.question)]
        if any(i.question for i in truth.indicators)
        else []
    )
    second = [*evidence, *acts]
    return _order(layout, [id_col, name_col], question, first, second, [agency])


def _first_action(ind: Indicator) -> tuple[int | None, str | None]:
    if not ind.actions:
        return None, None
    year = min(ind.actions)
    return year, ind.actions[year]


def _title_lines(truth: Truth, layout: Layout, kind: str, instansi_form: str) -> list[str]:
    place = truth.place.upper()
    kab = truth.kind
    if instansi_form == "PEMERINTAH":
        who = f"PEMERINTAH {kab} {place}"
    elif instansi_form == "short":
        who = f"{'KAB.' if kab == 'KABUPATEN' else 'KOTA'} {place}"
    else:
        who = f"DI LINGKUNGAN PEMERINTAH {kab} {place}"
    first = {
        "self_assessment": "EVALUASI SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK (SPBE)",
        "followup": "TINDAK LANJUT HASIL INDEKS SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK (SPBE)",
    }[kind]
    if layout.title_year == "TAHUN":
        return [first, f"{who} TAHUN {truth.year}"]
    if layout.title_year == "EVALUASI SPBE":
        label = "PENILAIAN MANDIRI" if kind == "self_assessment" else "TINDAK LANJUT"
        return [f"{label} EVALUASI SPBE {truth.year}", who]
    return [first, who]


def _sheet_name(base: str, truth: Truth, layout: Layout) -> str:
    return f"{base} {truth.year}" if layout.title_year == "sheet_name" else base


def _draw_table(
    grid: Grid,
    top: int,
    cols: list[Col],
    items: list[Indicator],
    layout: Layout,
    truth: Truth,
    sub_rows: Any,
    st: _Styler,
) -> tuple[tuple[int, int], dict[str, int]]:
    """Header rows, optional column numbers, banners and data from row ``top``; returns the
    header row span and each indicator's first data row."""
    width = len(cols)
    depth = max(len(c.path) for c in cols)

    def put(r: int, c: int, v: Any) -> None:
        while len(grid.rows) <= r:
            grid.rows.append([])
        row = grid.rows[r]
        while len(row) < width:
            row.append(None)
        row[c] = v

    def header(at: int) -> int:
        for level in range(depth):
            c = 0
            while c < width:
                path = cols[c].path
                if level >= len(path):
                    c += 1
                    continue
                if level == len(path) - 1:  # the leaf: down to the last header row
                    if depth - 1 > level and layout.group_cells == "merged":
                        put(at + level, c, path[level])
                        grid.merges.append((at + level, c, at + depth - 1, c))
                    else:
                        put(
                            at + (level if layout.group_cells == "merged" else depth - 1),
                            c,
                            path[level],
                        )
                    c += 1
                    continue
                end = c
                while (
                    end + 1 < width
                    and cols[end + 1].path[: level + 1] == path[: level + 1]
                    and len(cols[end + 1].path) > level + 1
                ):
                    end += 1
                put(at + level, c, path[level])
                if end > c and layout.group_cells == "merged":
                    grid.merges.append((at + level, c, at + level, end))
                c = end + 1
        for r in range(at, at + depth):
            put(r, 0, grid.rows[r][0] if len(grid.rows) > r and grid.rows[r] else None)
        return at + depth

    r = header(top)
    span = (top, r - 1)
    if layout.column_numbers != "none":
        for c in range(width):
            put(r, c, f"({c + 1})" if layout.column_numbers == "parenthesized" else c + 1)
        r += 1
    cat = catalog(truth.framework)
    rows_of: dict[str, int] = {}
    last_domain = last_aspect = None
    for ind in items:
        aspect = cat["aspect_of"].get(ind.no)
        if aspect is not None and layout.banners != "none":
            if aspect["domain"] != last_domain and layout.banners != "aspect_only":
                if layout.banners == "domain_repeat_header" and last_domain is not None:
                    r = header(r)
                put(r, 0, f"DOMAIN {aspect['domain']} : {cat['domains'][aspect['domain']].upper()}")
                grid.merges.append((r, 0, r, width - 1))
                r += 1
            if aspect["no"] != last_aspect:
                put(r, 0, f"ASPEK {aspect['no']} : {aspect['name'].upper()}")
                grid.merges.append((r, 0, r, width - 1))
                r += 1
            last_domain, last_aspect = aspect["domain"], aspect["no"]
        n = 1 if layout.evidence == "one_cell" else max(1, sub_rows(ind))
        rows_of[ind.id] = r
        for k in range(n):
            for c, col in enumerate(cols):
                if col.per_item:
                    if k == 0 or layout.evidence == "repeated":
                        put(r + k, c, col.value(ind, 0))
                    else:
                        put(r + k, c, None)
                else:
                    put(r + k, c, col.value(ind, k))
        if n > 1 and layout.evidence == "merged":
            for c, col in enumerate(cols):
                if col.per_item:
                    grid.merges.append((r, c, r + n - 1, c))
        r += n
    return span, rows_of


def _agency_sheet_name(agency: str, taken: set[str]) -> str:
    aliases = _aliases(agency)
    short = next((a for a in aliases if a.isupper() or len(a) <= 12), None)
    if short is None:
        words = [w for w in re.split(r"[^A-Za-z]+", agency) if w and w[0].isupper()]
        short = "".join(w[0] for w in words).upper() or "OPD"
    short = re.sub(r"[\[\]:*?/\\]", " ", short)[:28].strip()
    name, i = short.upper(), 2
    while name in taken:
        name, i = f"{short.upper()} {i}", i + 1
    taken.add(name)
    return name


def _grid_for(
    name: str,
    kind: str,
    cols: list[Col],
    items: list[Indicator],
    truth: Truth,
    layout: Layout,
    sub_rows: Any,
    st: _Styler,
    instansi_form: str,
    agency: str | None = None,
) -> tuple[Grid, tuple[int, int], dict[str, int]]:
    grid = Grid(name, [])
    lines = _title_lines(
        truth, layout, "followup" if kind != "self_assessment" else kind, instansi_form
    )
    if agency is not None:
        lines.append(
            f"PERANGKAT DAERAH: {st.agencies(Indicator('', 0, '', None, None, None, [agency]))}"
        )
    width = len(cols)
    for i, line in enumerate(lines):
        grid.rows.append([line] + [None] * (width - 1))
        if st.rng.random() < 0.5:
            grid.merges.append((i, 0, i, width - 1))
    grid.rows.append([None] * width)
    span, rows_of = _draw_table(grid, len(grid.rows), cols, items, layout, truth, sub_rows, st)
    return grid, span, rows_of


def render(truth: Truth, layout: Layout, folder: Path) -> Rendered:
    """Write the self-assessment and the follow-up workbook of ``truth`` in ``layout``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    st = _Styler(layout, truth)
    stem = f"{truth.place.lower().replace(' ', '-')}-{truth.year}"
    sheets: list[RenderedSheet] = []
    paths = []

    pm_cols = _self_columns(layout, truth, st)
    pm_name = _sheet_name(
        st.rng.choice(["PENILAIAN MANDIRI", "PM SPBE", "LKE", "Sheet1"]), truth, layout
    )
    grid, span, rows_of = _grid_for(
        pm_name,
        "self_assessment",
        pm_cols,
        truth.indicators,
        truth,
        layout,
        lambda ind: len(ind.evidence),
        st,
        layout.title_instansi,
    )
    pm_path = folder / f"{stem}-penilaian-mandiri.xlsx"
    save_grids([grid], pm_path)
    paths.append(pm_path)
    sheets.append(
        RenderedSheet(pm_path.name, pm_name, "self_assessment", None, span, pm_cols, rows_of)
    )

    tl_cols = _followup_columns(layout, truth, st)
    sub = (lambda ind: 1) if layout.followup == "flat" else (lambda ind: len(ind.recommended))
    flat = layout.followup == "flat"
    tl_layout = (
        layout
        if not flat
        else _replace(layout, evidence="merged", banners="none", column_numbers="none")
    )
    tl_name = _sheet_name(st.rng.choice(["TL SEMUA", "TINDAK LANJUT", "REKAP TL"]), truth, layout)
    grids = []
    grid, span, rows_of = _grid_for(
        tl_name,
        "followup",
        tl_cols,
        truth.indicators,
        truth,
        tl_layout,
        sub,
        st,
        layout.title_instansi_tl,
    )
    grids.append(grid)
    tl_path = folder / f"{stem}-tindak-lanjut.xlsx"
    sheets.append(RenderedSheet(tl_path.name, tl_name, "followup", None, span, tl_cols, rows_of))
    if layout.agency_sheets == "per_agency":
        order: list[str] = []
        for ind in truth.indicators:
            for a in ind.agencies:
                if a not in order:
                    order.append(a)
        taken = {tl_name.upper()}
        for agency in order:
            mine = [ind for ind in truth.indicators if agency in ind.agencies]
            name = _agency_sheet_name(agency, taken)
            grid, span, rows_of = _grid_for(
                name,
                "agency_followup",
                tl_cols,
                mine,
                truth,
                tl_layout,
                sub,
                st,
                layout.title_instansi_tl,
                agency=agency,
            )
            grids.append(grid)
            sheets.append(
                RenderedSheet(tl_path.name, name, "agency_followup", agency, span, tl_cols, rows_of)
            )
    save_grids(grids, tl_path)
    paths.append(tl_path)
    description = f"seed={layout.seed} truth={truth.source} " + layout.describe()
    return Rendered(paths, sheets, description)


def _replace(layout: Layout, **changes: Any) -> Layout:
    from dataclasses import replace

    return replace(layout, **changes)


def save_grids(grids: list[Grid], path: Path) -> Path:
    """Write grids with openpyxl, with fixed properties and zip timestamps (same bytes)."""
    wb = Workbook()
    wb.remove(wb.active)
    for grid in grids:
        ws = wb.create_sheet(grid.name)
        for r, row in enumerate(grid.rows):
            for c, value in enumerate(row):
                if value is not None:
                    cell = ws.cell(row=r + 1, column=c + 1, value=value)
                    if isinstance(value, str) and value.startswith("="):
                        cell.data_type = "s"
        for r0, c0, r1, c1 in grid.merges:
            if (r0, c0) != (r1, c1):
                ws.merge_cells(
                    f"{get_column_letter(c0 + 1)}{r0 + 1}:{get_column_letter(c1 + 1)}{r1 + 1}"
                )
    props = wb.properties
    props.creator = props.lastModifiedBy = "tests/layouts.py"
    props.created = props.modified = FIXED_TIME
    save(wb, Path(path), FIXED_TIME)  # the samples' reproducible save: same data, same bytes
    return Path(path)


def render_seed(seed: int, folder: Path) -> tuple[Truth, Layout, Rendered]:
    layout = Layout.random(seed)
    truth = truth_for(layout)
    return truth, layout, render(truth, layout, folder)


# --------------------------------------------------------------------------- acceptance


CATEGORIES = [
    "read_error",
    "ids",
    "self_level",
    "evaluator_level",
    "maturity_level",
    "agency",
    "sheet_kind",
    "title",
]


def _read_agencies(book: Any) -> dict[str, list[str]]:
    resp = getattr(book, "responsibilities", None)
    out: dict[str, list[str]] = defaultdict(list)
    if resp is not None and {"indicator_id", "agency"} <= set(resp.columns):
        for row in resp.itertuples(index=False):
            if _text(row.agency):
                out[str(row.indicator_id)].append(str(row.agency))
        return out
    for row in book.indicators.itertuples(index=False):
        if _text(row.responsible_agency):
            out[str(row.indicator_id)].append(str(row.responsible_agency))
    return out


def compare(book: Any, truth: Truth, rendered: Rendered) -> list[str]:
    """What ``book`` (read from ``rendered``) got different from ``truth``."""
    problems: list[str] = []
    frame = book.indicators
    read_ids = [str(i) for i in frame["indicator_id"]]
    want = [ind.id for ind in truth.indicators]
    missing = [i for i in want if i not in read_ids]
    extra = sorted(set(read_ids) - set(want))
    dupes = sorted(i for i, n in Counter(read_ids).items() if n > 1)
    if missing or extra or dupes:
        problems.append(
            f"ids: missing {missing[:8]}{'...' if len(missing) > 8 else ''}, extra {extra[:8]}, duplicated {dupes[:8]}"
        )
    by_id = {str(r.indicator_id): r for r in frame.itertuples(index=False)}
    agencies = _read_agencies(book)
    for column in ("self_level", "evaluator_level", "maturity_level"):
        wrong = []
        for ind in truth.indicators:
            row = by_id.get(ind.id)
            if row is None:
                continue
            got, expected = _level(getattr(row, column)), getattr(ind, column)
            if got != expected:
                wrong.append(f"{ind.id}: {got} != {expected}")
        if wrong:
            problems.append(f"{column}: {len(wrong)} wrong, e.g. {'; '.join(wrong[:3])}")
    wrong = []
    for ind in truth.indicators:
        if ind.id not in by_id:
            continue
        got = sorted(agency_key(a) for a in agencies.get(ind.id, []))
        expected = sorted(agency_key(a) for a in ind.agencies)
        if got != expected:
            wrong.append(f"{ind.id}: {agencies.get(ind.id, [])} != {ind.agencies}")
    if wrong:
        problems.append(f"agency: {len(wrong)} wrong, e.g. {'; '.join(wrong[:2])}")
    errors = book.findings[book.findings["severity"] == "error"]
    read_sheets = {(s.file, s.name): s for s in book.meta.sheets}
    for sheet in rendered.sheets:
        info = read_sheets.get((sheet.file, sheet.name))
        kind = info.kind if info else None
        bad = kind != sheet.kind
        if not bad and sheet.agency is not None and info is not None:
            bad = info.agency is None or agency_key(info.agency) != agency_key(sheet.agency)
        if bad:
            flagged = any(
                sheet.name in str(e.source or "") or sheet.name in str(e.message or "")
                for e in errors.itertuples(index=False)
            )
            if not flagged:
                got = f"{kind} (agency {info.agency!r})" if info and sheet.agency else kind
                problems.append(
                    f"sheet_kind: {sheet.file}!{sheet.name} read as {got}, is {sheet.kind}"
                    f"{f' of {sheet.agency!r}' if sheet.agency else ''}, no error finding"
                )
    instansi = book.meta.instansi or ""
    if truth.place.casefold() not in instansi.casefold() or book.meta.year != truth.year:
        problems.append(
            f"title: read instansi {book.meta.instansi!r} year {book.meta.year}, "
            f"is {truth.instansi!r} {truth.year}"
        )
    return problems


def check_variant(seed: int, folder: Path | None = None) -> list[str]:
    """Render seed ``seed``, read it with spbe_xl.read_workbook, list the problems."""
    import spbe_xl

    with tempfile.TemporaryDirectory(prefix=f"layout-{seed}-") as tmp:
        where = Path(folder) / f"seed-{seed}" if folder else Path(tmp)
        truth, _layout, rendered = render_seed(seed, where)
        try:
            book = spbe_xl.read_workbook(rendered.paths)
        except spbe_xl.ReadError as exc:
            return [f"read_error: {exc}"]
        except Exception as exc:  # a crash is a problem too, not an abort of the run
            return [f"read_error: crash {type(exc).__name__}: {exc}"]
        return compare(book, truth, rendered)


def _parse_seeds(text: str) -> list[int]:
    seeds: list[int] = []
    for part in text.split(","):
        a, _, b = part.partition("-")
        seeds.extend(range(int(a), int(b or a) + 1))
    return seeds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.layouts", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--seeds", default="0-299", help="e.g. 0-299 or 1,5,7-9")
    parser.add_argument(
        "--show-failures",
        type=int,
        default=0,
        metavar="N",
        help="print the problems of the first N failing seeds",
    )
    parser.add_argument("--json", type=Path, default=None, help="write each seed's problems here")
    parser.add_argument(
        "--keep", type=Path, default=None, help="keep the workbooks under this folder"
    )
    args = parser.parse_args(argv)
    seeds = _parse_seeds(args.seeds)
    started = time.monotonic()
    results: dict[int, list[str]] = {}
    layouts: dict[int, Layout] = {}
    for seed in seeds:
        layouts[seed] = Layout.random(seed)
        results[seed] = check_variant(seed, args.keep)
    elapsed = time.monotonic() - started
    passed = [s for s in seeds if not results[s]]
    print(
        f"layout variants: {len(passed)}/{len(seeds)} pass ({100 * len(passed) / len(seeds):.0f} %), "
        f"{elapsed:.0f} s\n"
    )
    short = {
        "read_error": "read",
        "ids": "ids",
        "self_level": "self",
        "evaluator_level": "eval",
        "maturity_level": "mat",
        "agency": "agency",
        "sheet_kind": "kind",
        "title": "title",
    }
    print("per choice: seeds passing; % of its seeds that read; of those, % free of each problem")
    print(
        f"{'dimension':<18} {'choice':<22} {'pass':>8} "
        + " ".join(f"{short[c]:>6}" for c in CATEGORIES)
    )
    for name, options in DIMENSIONS.items():
        for option in options:
            mine = [s for s in seeds if getattr(layouts[s], name) == option]
            if not mine:
                print(f"{name:<18} {option!r:<22} {'-':>8}")
                continue
            ok = sum(1 for s in mine if not results[s])
            read = [s for s in mine if not any(p.startswith("read_error:") for p in results[s])]
            free = [100 * len(read) / len(mine)] + [
                100
                * sum(1 for s in read if not any(p.startswith(c + ":") for p in results[s]))
                / len(read)
                if read
                else float("nan")
                for c in CATEGORIES[1:]
            ]
            print(
                f"{name:<18} {option!r:<22} {f'{ok}/{len(mine)}':>8} "
                + " ".join(f"{f:>5.0f}%" for f in free)
            )
    if args.json:
        import json

        args.json.write_text(
            json.dumps({str(s): results[s] for s in seeds}, indent=1), encoding="utf-8"
        )
    print(f"\n{'problem class':<18} {'seeds':>6}  first seeds")
    for category in CATEGORIES:
        hit = [s for s in seeds if any(p.startswith(category + ":") for p in results[s])]
        print(f"{category:<18} {len(hit):>6}  {hit[:8]}")
    shown = 0
    for seed in seeds:
        if results[seed] and shown < args.show_failures:
            shown += 1
            print(f"\nseed {seed}: {layouts[seed].describe()}")
            for p in results[seed]:
                print(f"  - {p[:400]}")
    return 0 if len(passed) == len(seeds) else 1


if __name__ == "__main__":
    sys.exit(main())
