"""Build Kota Bontang's 2018 SPBE workbooks "as they arrived" from the transcribed seed.

Usage::

    python samples/build_samples.py [DATA_JSON] [OUT_DIR]

``DATA_JSON`` defaults to ``bontang-2018.json`` next to this script (format:
``samples/SCHEMA.md``), ``OUT_DIR`` to this script's folder.  Two workbooks are written:

``bontang-2018-penilaian-mandiri.xlsx``
    one sheet, ``PENILAIAN MANDIRI`` (the self-assessment with the evaluator's result,
    layout.md section 1): columns A-L, DOMAIN / ASPEK banners with the column header
    repeated under each domain banner, one sub-row per evidence item, the indicator's
    single-valued cells merged down over its sub-rows.

``bontang-2018-tindak-lanjut.xlsx``
    the follow-up workbook (layout.md section 2): ``TL SEMUA`` (all indicators), then one
    sheet per responsible agency in the data's order; two-row header with KELENGKAPAN DATA
    DUKUNG SAAT INI over ADA | BELUM ADA; the schedule grid (TAHUN 2020 over the months)
    and the signature block under the table of the last agency sheet.

The workbooks are written with openpyxl only (never with spbe_xl: the project's readers
are tested against workbooks they did not produce) and deterministically: fixed document
properties and fixed zip timestamps, so a rebuild from the same data gives the same bytes.

Texts are written exactly as transcribed (typos, line breaks, doubled spaces).  Plain
indicator ids are numbers, ``35-1`` style ids text; levels are written as printed
(``LEVEL 3``).  Evidence items flagged ``typed_in_one_cell`` share one cell: the numbers
as ``1 2 3`` and the texts joined with line breaks.  Kept quirks of hand-made sheets: the
header typos, "URAIAN INDIKATOR" on a sheet's first header and "URAIAN" on the pages after
it where the seed prints it so (``PAGE_HEADERS``), the tables starting on different rows.

Fields the printout lost (``null`` and named in the record's ``lost`` list) are filled from
the same indicator on another sheet of the same workbook (agency sheet <-> TL SEMUA) when
the data has them there, and the indicator id, name and question also from the
self-assessment record; anything else stays empty; a value the printout cut but partly shows
is kept as printed.  Nothing is invented.  The script prints every reconstruction; with
``samples/bontang-2018.json`` as merged by the lead they are (51 cells):

TL SEMUA, rows whose left-hand columns the printout lost:
    3, 4, 5, 14 from DKIS; 12 from BKPSDM; 15 from HUKUM: URAIAN INDIKATOR, PERTANYAAN,
    NILAI TINGKAT KEMATANGAN, PENJELASAN LEVEL, REKOMENDASI MENPAN and all the DATA
    DUKUNG REKOMENDASI MENPAN items (no agency sheet prints RENCANA AKSI 2018: left empty).
    13 (on no agency sheet): URAIAN INDIKATOR and PERTANYAAN from PENILAIAN MANDIRI only;
    its level, explanation, recommendation and evidence stay empty.
BAG ORGANISASI, the two DOMAIN 3 / ASPEK 6 rows whose left-hand columns were lost:
    25 from TL SEMUA: INDIKATOR, URAIAN INDIKATOR, PERTANYAAN, NILAI TINGKAT KEMATANGAN,
    PENJELASAN LEVEL, REKOMENDASI MENPAN, DATA DUKUNG REKOMENDASI MENPAN (3 items).
    26 from TL SEMUA: INDIKATOR, URAIAN INDIKATOR, PERTANYAAN, NILAI TINGKAT KEMATANGAN,
    REKOMENDASI MENPAN, DATA DUKUNG item 1 (items 2-3 are printed, typed in one cell);
    its PENJELASAN LEVEL keeps the printed tail "pengajuan dan dokumen pegawai, …".
PENILAIAN MANDIRI (no other sheet in its workbook): nothing; the evaluator's columns of
    1 and 2, the optimal-evidence item 1 of 2 and the evaluator's explanation of 35-3
    stay empty.

The schedule grid is written as layout.md describes it: TAHUN 2020 over all twelve months
(the printout shows only PEB-MEI, its page cut the rest) and KETERANGAN, with the cells
the data gives (one "7" under KETERANGAN).  The signature keeps the NIP placeholder.
"""

from __future__ import annotations

import json
import math
import re
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent))
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from reproducible import save, set_properties

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE / "bontang-2018.json"

PM_FILE = "bontang-2018-penilaian-mandiri.xlsx"
TL_FILE = "bontang-2018-tindak-lanjut.xlsx"

CREATOR = "Pemerintah Kota Bontang"
FIXED_TIME = datetime(2018, 10, 29, 8, 0, 0)  # the date of the signature block

CHECK = "✓"  # the mark under ADA / BELUM ADA

# Sheet names of the follow-up workbook, by data key (fallback: the key's tail, upper case).
SHEET_NAMES = {
    "tl": "TL SEMUA",
    "tl-organisasi": "BAG ORGANISASI",
    "tl-dkis": "DKIS",
    "tl-bkpsdm": "BKPSDM",
    "tl-bpkad": "BPKAD",
    "tl-inspektorat": "INSPEKTORAT",
    "tl-hukum": "HUKUM",
    "tl-pengadaan": "PENGADAAN",
    "tl-koperasi": "KOPERASI-DUKCAPIL",
    "tl-kelurahan": "KELURAHAN",
}

# Where the title and the table start, per sheet key: (first title row, first table row).
# Hand-made sheets are not uniform; default for agency sheets: DEFAULT_START.
SHEET_START = {
    "pm": (1, 4),
    "tl": (2, 6),
    "tl-bkpsdm": (1, 5),
    "tl-hukum": (2, 5),
    "tl-kelurahan": (1, 5),
}
DEFAULT_START = (1, 4)

# The header row repeated under each domain banner is not always typed the same way.  The
# seed shows, page by page (one page per banner), which header B text was printed and
# whether the KELENGKAPAN / ADA / BELUM ADA cells were filled.  Used only where a banner of
# the data has no "headers" of its own; pages not listed use the sheet's "headers".
# (sheet key -> {banner index: overrides}; the first page is index 0)
_LATER_PAGES_URAIAN: dict[str, Any] = {"B": "URAIAN"}
_LATER_PAGES_TL: dict[str, Any] = {"B": "URAIAN", "kelengkapan": False}
PAGE_HEADERS: dict[str, dict[int, dict[str, Any]]] = {
    # seed lines 8 / 30, 61, 81, 98, 115, 149
    "pm": {i: _LATER_PAGES_URAIAN for i in range(1, 7)},
    # seed lines 319-320 / 339, 368, 385, 399, 417, 454
    "tl": {i: _LATER_PAGES_TL for i in range(1, 7)},
    # seed lines 559 / 569, 575, 578, 587, 594
    "tl-dkis": {i: _LATER_PAGES_URAIAN for i in range(1, 6)},
    # seed lines 766 ("URAIAN", the sheet's headers) / 770, 775
    "tl-bkpsdm": {i: {"B": "URAIAN INDIKATOR"} for i in range(1, 3)},
    # seed lines 862 / 865
    "tl-bpkad": {1: _LATER_PAGES_URAIAN},
    # seed lines 1058-1059 / 1068, 1079, 1092
    "tl-organisasi": {i: _LATER_PAGES_TL for i in range(1, 4)},
}

# SPBE 2018: aspect of each indicator number (domain: from the sheet's banners).
ASPECT_OF = {
    **{i: 1 for i in range(1, 8)},
    **dict.fromkeys(range(8, 18), 2),
    **dict.fromkeys(range(18, 20), 3),
    **dict.fromkeys(range(20, 22), 4),
    **dict.fromkeys(range(22, 25), 5),
    **dict.fromkeys(range(25, 32), 6),
    **dict.fromkeys(range(32, 36), 7),
}

MONTHS = ["JAN", "PEB", "MAR", "APR", "MEI", "JUN", "JUL", "AGS", "SEP", "OKT", "NOP", "DES"]

# ---------------------------------------------------------------------------- styles

FONT_NAME = "Arial"
F_TITLE = Font(name=FONT_NAME, size=12, bold=True)
F_BOLD = Font(name=FONT_NAME, size=10, bold=True)
F_CELL = Font(name=FONT_NAME, size=10)
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FILL_HEADER = PatternFill("solid", fgColor="D9E1F2")
FILL_BANNER = PatternFill("solid", fgColor="F2F2F2")
A_TITLE = Alignment(horizontal="center", vertical="center", wrap_text=True)
A_HEADER = Alignment(horizontal="center", vertical="center", wrap_text=True)
A_BANNER = Alignment(horizontal="left", vertical="center", wrap_text=False)
A_TEXT = Alignment(horizontal="left", vertical="top", wrap_text=True)
A_CENTER_TOP = Alignment(horizontal="center", vertical="top", wrap_text=True)
A_SIGN = Alignment(horizontal="center", vertical="center", wrap_text=False)

LINE_PT = 12.75  # row height of one line of 10 pt Arial

# ---------------------------------------------------------------------------- columns


@dataclass(frozen=True)
class Col:
    """One column of a table: letter, width, and whether it holds short centred values."""

    letter: str
    width: float
    centered: bool = False


PM_COLS = [
    Col("A", 10, True),  # INDIKATOR
    Col("B", 30),  # URAIAN INDIKATOR
    Col("C", 36),  # PERTANYAAN
    Col("D", 15, True),  # PENILAIAN MANDIRI
    Col("E", 40),  # PENJELASAN LEVEL
    Col("F", 5, True),  # DATA DUKUNG: no.
    Col("G", 42),  # DATA DUKUNG: text
    Col("H", 15, True),  # HASIL PENILAIAN TIM EVALUATOR
    Col("I", 40),  # PENJELASAN LEVEL
    Col("J", 5, True),  # DATA DUKUNG PENCAPAIAN LEVEL OPTIMAL: no.
    Col("K", 42),  # … text
    Col("L", 30),  # PERANGKAT DAERAH PENAGGUNG JAWAB
]
TL_COLS = [
    Col("A", 10, True),  # INDIKATOR
    Col("B", 30),  # URAIAN INDIKATOR
    Col("C", 36),  # PERTANYAAN
    Col("D", 14, True),  # NILAI TINGKAT KEMATANGAN
    Col("E", 40),  # PENJELASAN LEVEL
    Col("F", 42),  # REKOMENDASI MENPAN
    Col("G", 5, True),  # DATA DUKUNG REKOMENDASI MENPAN: no.
    Col("H", 42),  # … text
    Col("I", 8, True),  # ADA
    Col("J", 8, True),  # BELUM ADA
    Col("K", 30),  # RENCANA AKSI TAHUN 2018
    Col("L", 30),  # RENCANA AKSI TAHUN 2019
    Col("M", 30),  # RENCANA AKSI TAHUN 2020
    Col("N", 30),  # PERANGKAT DAERAH PENAGGUNG JAWAB
]

# Header slots, left to right: the columns each header of the data's "headers" covers.
PM_SLOTS = [["A"], ["B"], ["C"], ["D"], ["E"], ["F", "G"], ["H"], ["I"], ["J", "K"], ["L"]]
TL_SLOTS = [
    ["A"],
    ["B"],
    ["C"],
    ["D"],
    ["E"],
    ["F"],
    ["G", "H"],
    ["I", "J"],
    ["K"],
    ["L"],
    ["M"],
    ["N"],
]
KELENGKAPAN = ["I", "J"]


def col_index(letter: str) -> int:
    return ord(letter) - ord("A") + 1


# ---------------------------------------------------------------------------- data helpers


def indicator_value(indicator_id: str) -> int | str:
    """Plain ids are numbers in the sheets (1, 2, …); ids like 35-1 stay text."""
    return int(indicator_id) if indicator_id.isdigit() else indicator_id


_REASON_ITEM_RE = re.compile(r"\s*item\s+(\d+)(?:\s+([a-z_]+))?\s*:")
_LOST_RE = re.compile(r"^\s*([a-z_]+(?:\.\d{4})?)(?:\s+item\s+(\d+))?(?:\s+([a-z_]+))?\s*(?::|$)")


@dataclass(frozen=True)
class Lost:
    """One entry of a record's ``lost`` list: a field, or an evidence item, or its part."""

    field: str
    item: int | None = None
    part: str | None = None  # e.g. "item_no" of an evidence item


def parse_lost(entries: list[Any] | None) -> list[Lost]:
    """Read ``lost`` entries: ``"field: reason"``, ``"field item 2: …"``, or
    ``{"field": …, "reason": …}`` (a reason starting ``item 1:`` names the lost item)."""
    out: list[Lost] = []
    for entry in entries or []:
        text = entry.get("field", "") if isinstance(entry, dict) else str(entry)
        m = _LOST_RE.match(text)
        if not m:
            raise ValueError(f"cannot read lost entry {entry!r}")
        item = int(m.group(2)) if m.group(2) else None
        part = m.group(3)
        if item is None and isinstance(entry, dict):
            if entry.get("item") is not None:
                item, part = int(entry["item"]), entry.get("part")
            elif m.group(1).endswith("_evidence"):
                r = _REASON_ITEM_RE.match(entry.get("reason") or "")
                if r:
                    item, part = int(r.group(1)), r.group(2)
        out.append(Lost(m.group(1), item, part))
    return out


def lost_fields(record: dict[str, Any]) -> set[str]:
    """Whole fields (not evidence items) the record says were lost."""
    return {lo.field for lo in parse_lost(record.get("lost")) if lo.item is None}


def get_field(record: dict[str, Any] | None, name: str) -> Any:
    """A field of a record; ``actions.2018`` reads the nested action."""
    if record is None:
        return None
    if "." in name:
        head, tail = name.split(".", 1)
        return (record.get(head) or {}).get(tail)
    return record.get(name)


def evidence_cells(items: list[dict[str, Any]] | None, lost_items: set[int]) -> list[Any]:
    """The evidence list as cells, one per sub-row: ``(number, text, status)`` or ``None``.

    Items typed into one cell (consecutive ``typed_in_one_cell`` items, or items sharing a
    ``cell_group``) become one cell.  A lost item keeps its sub-row empty.
    """
    cells: list[Any] = []
    group: list[dict[str, Any]] = []

    def flush() -> None:
        if group:
            numbers = " ".join(
                "" if it.get("item_no") is None else str(it["item_no"]) for it in group
            ).strip()
            texts = "\n".join(it.get("text") or "" for it in group)
            statuses = {it.get("status") for it in group} - {None}
            status = statuses.pop() if len(statuses) == 1 else None
            cells.append((numbers or None, texts or None, status))
            group.clear()

    prev_group = None
    for it in items or []:
        if it.get("typed_in_one_cell"):
            key = it.get("cell_group", "typed")
            if group and key != prev_group:
                flush()
            group.append(it)
            prev_group = key
            continue
        flush()
        prev_group = None
        cells.append((it.get("item_no"), it.get("text"), it.get("status")))
    flush()
    for n in sorted(lost_items):
        if n - 1 <= len(cells):
            cells.insert(n - 1, None)
    return cells


# ---------------------------------------------------------------------------- reconstruction


@dataclass
class Reconstructions:
    """Every cell filled from another sheet; printed and put into the docstring."""

    lines: list[str] = field(default_factory=list)

    def add(self, sheet: str, indicator_id: str, what: str, source: str, value: Any) -> None:
        shown = str(value).replace("\n", "\\n")
        if len(shown) > 60:
            shown = shown[:57] + "..."
        self.lines.append(f"{sheet} {indicator_id}: {what} <- {source}: {shown!r}")


# What the reconstruction list calls a field (the column header, then the data's name).
FIELD_LABELS = {
    "indicator_id": "INDIKATOR",
    "name": "URAIAN INDIKATOR",
    "question": "PERTANYAAN",
    "maturity_level_text": "NILAI TINGKAT KEMATANGAN",
    "maturity_explanation": "PENJELASAN LEVEL",
    "recommendation": "REKOMENDASI MENPAN",
    "recommended_evidence": "DATA DUKUNG REKOMENDASI MENPAN",
    "actions.2018": "RENCANA AKSI TAHUN 2018",
    "actions.2019": "RENCANA AKSI TAHUN 2019",
    "actions.2020": "RENCANA AKSI TAHUN 2020",
    "responsible_agency": "PERANGKAT DAERAH PENAGGUNG JAWAB",
}
# Fields that may also come from the self-assessment record (other workbook).
FROM_SELF = ("indicator_id", "name", "question")
EMPTY: tuple[Any, ...] = (None, "", [])


def resolve_followup(
    indicator: dict[str, Any],
    sheet_key: str,
    sheet_names: dict[str, str],
    sheet_order: list[str],
    recon: Reconstructions,
) -> dict[str, Any]:
    """The record of ``indicator`` on follow-up sheet ``sheet_key``, lost fields filled.

    A field the record names in ``lost`` and holds as null is taken from the same indicator
    on the other kind of follow-up sheet (TL SEMUA for an agency sheet; the agency sheets,
    in the data's order, for TL SEMUA); the id, name and question then also from the
    self-assessment record.  A lost evidence item is taken, by its number, from the same
    places; otherwise its sub-row stays empty.  Partly printed values are kept as printed.
    Adds ``_id`` (the INDIKATOR cell) and ``_lost_items`` to the returned copy.
    """
    own = indicator["followup"] if sheet_key == "tl" else indicator["agency_sheets"][sheet_key]
    rec = json.loads(json.dumps(own))  # deep copy
    rec["indicator_id"] = indicator["indicator_id"]
    if sheet_key == "tl":
        agency = indicator.get("agency_sheets") or {}
        others = [(sheet_names[k], agency[k]) for k in sheet_order if k in agency]
    else:
        others = [(sheet_names["tl"], indicator["followup"])] if indicator.get("followup") else []
    sa = indicator.get("self_assessment")
    if sa is not None:
        others.append(("PENILAIAN MANDIRI (other workbook)", sa))
    me = sheet_names[sheet_key]
    iid = indicator["indicator_id"]
    lost = parse_lost(own.get("lost"))

    def source_of(name: str) -> tuple[str, Any] | None:
        for label, other in others:
            if other is sa and name not in FROM_SELF:
                continue
            alias = "maturity_level" if name == "maturity_level_text" else name
            if {name, alias} & lost_fields(other):
                continue
            value = iid if name == "indicator_id" else get_field(other, name)
            if value not in EMPTY:
                return label, value
        return None

    done: set[str] = set()
    for lo in lost:
        if lo.item is not None:
            continue
        # a level is one cell, its printed text (the integer only restates it)
        name = "maturity_level_text" if lo.field == "maturity_level" else lo.field
        if name in done:
            continue
        done.add(name)
        if name != "indicator_id" and get_field(rec, name) not in EMPTY:
            continue  # partly printed: kept as printed
        found = source_of(name)
        if name == "indicator_id":
            rec["_id"] = indicator_value(iid) if found else None
        if found is None:
            continue
        label, value = found
        if "." in name:
            head, tail = name.split(".", 1)
            rec.setdefault(head, {})[tail] = value
        elif name != "indicator_id":
            rec[name] = value
        shown = f"{len(value)} item(s)" if isinstance(value, list) else value
        recon.add(me, iid, f"{FIELD_LABELS.get(name, name)} ({name})", label, shown)
    rec.setdefault("_id", indicator_value(iid))

    rec["_lost_items"] = set()
    for lo in lost:
        if lo.item is None or lo.field != "recommended_evidence" or lo.part is not None:
            continue  # a lost number of a printed item stays empty
        found_item = None
        for label, other in others:
            if other is sa:
                continue
            for it in other.get("recommended_evidence") or []:
                if it.get("item_no") == lo.item and it.get("text"):
                    found_item = (label, it)
                    break
            if found_item:
                break
        if found_item is None:
            rec["_lost_items"].add(lo.item)
            continue
        label, it = found_item
        items = rec.get("recommended_evidence") or []
        items.insert(min(lo.item - 1, len(items)), {**it, "typed_in_one_cell": False})
        rec["recommended_evidence"] = items
        field_name = f"recommended_evidence item {lo.item}"
        recon.add(
            me, iid, f"{FIELD_LABELS['recommended_evidence']} ({field_name})", label, it["text"]
        )
    return rec


# ---------------------------------------------------------------------------- sheet writer


class SheetWriter:
    """Writes a table sheet top to bottom, keeping the styles in one place."""

    def __init__(self, ws: Worksheet, cols: list[Col]) -> None:
        self.ws = ws
        self.cols = {c.letter: c for c in cols}
        self.first = cols[0].letter
        self.last = cols[-1].letter
        self.row = 1
        for c in cols:
            ws.column_dimensions[c.letter].width = c.width

    # -- primitives

    def put(
        self,
        letter: str,
        row: int,
        value: Any,
        font: Font = F_CELL,
        align: Alignment | None = None,
        border: bool = True,
        fill: PatternFill | None = None,
    ) -> None:
        cell = self.ws[f"{letter}{row}"]
        if value is not None:
            cell.value = value
        cell.font = font
        if align is None:
            col = self.cols.get(letter)
            align = A_CENTER_TOP if col is not None and col.centered else A_TEXT
        cell.alignment = align
        if border:
            cell.border = BORDER
        if fill is not None:
            cell.fill = fill

    def merge(self, first: str, row1: int, last: str, row2: int, **style: Any) -> None:
        """Style every cell of the range (so borders print whole), then merge it."""
        for c in range(col_index(first), col_index(last) + 1):
            for r in range(row1, row2 + 1):
                self.put(get_column_letter(c), r, None, **style)
        if (first, row1) != (last, row2):
            self.ws.merge_cells(f"{first}{row1}:{last}{row2}")

    def height(self, row: int, points: float) -> None:
        self.ws.row_dimensions[row].height = round(points, 2)

    # -- blocks

    def title(self, lines: list[str], first_row: int, table_row: int) -> None:
        row = first_row
        for text in lines:
            self.ws[f"{self.first}{row}"] = text
            self.merge(self.first, row, self.last, row, font=F_TITLE, align=A_TITLE, border=False)
            self.height(row, 18)
            row += 1
        self.row = max(row, table_row)

    def banner(self, label: str, text: str | None) -> None:
        for value in (label, text):
            self.ws[f"{self.first}{self.row}"] = value
            self.merge(
                self.first,
                self.row,
                self.last,
                self.row,
                font=F_BOLD,
                align=A_BANNER,
                fill=FILL_BANNER,
            )
            self.height(self.row, 15)
            self.row += 1

    def header(
        self,
        texts: dict[str, str | None],
        spans: list[list[str]],
        sub: dict[str, str | None] | None = None,
    ) -> None:
        """A header row; ``sub`` (letter -> text) makes it two rows, the others merged down."""
        two = sub is not None
        r1, r2 = self.row, self.row + (1 if two else 0)
        style = {"font": F_BOLD, "align": A_HEADER, "fill": FILL_HEADER}
        for span in spans:
            text = texts.get(span[0])
            if two and span == KELENGKAPAN and sub:
                if text is None and not any(sub.values()):
                    for letter in span:  # printed empty: plain empty cells
                        self.merge(letter, r1, letter, r2, **style)
                    continue
                self.ws[f"{span[0]}{r1}"] = text
                self.merge(span[0], r1, span[-1], r1, **style)
                for letter in span:
                    self.ws[f"{letter}{r2}"] = sub.get(letter)
                    self.put(letter, r2, None, **style)
                continue
            self.ws[f"{span[0]}{r1}"] = text
            self.merge(span[0], r1, span[-1], r2, **style)
        if two:
            self.height(r1, 30)
            self.height(r2, 30)
        else:
            self.height(r1, 54)
        self.row = r2 + 1

    def block(
        self,
        single: dict[str, Any],
        lists: list[tuple[str, str, list[Any]]],
        marks: tuple[str, str] | None = None,
    ) -> int:
        """One indicator: ``single`` (letter -> value) merged down over the sub-rows,
        ``lists`` of (number letter, text letter, cells) side by side, one cell a sub-row;
        ``marks`` (ADA letter, BELUM ADA letter) gets a check mark from each cell's status.
        Returns the number of sub-rows."""
        n = max([len(cells) for _, _, cells in lists] + [1])
        top, bottom = self.row, self.row + n - 1
        need = [1.0] * n
        for num_letter, text_letter, cells in lists:
            for i in range(n):
                cell = cells[i] if i < len(cells) else None
                number, text, status = cell if cell is not None else (None, None, None)
                self.put(num_letter, top + i, number)
                self.put(text_letter, top + i, text)
                need[i] = max(need[i], lines_needed(text, self.cols[text_letter].width))
                if marks:
                    self.put(marks[0], top + i, CHECK if status == "ada" else None)
                    self.put(marks[1], top + i, CHECK if status == "belum ada" else None)
        block_need = 1.0
        for letter, value in single.items():
            self.ws[f"{letter}{top}"] = value
            self.merge(letter, top, letter, bottom)
            block_need = max(block_need, lines_needed(value, self.cols[letter].width))
        extra = max(0.0, block_need - sum(need)) / n
        for i in range(n):
            self.height(top + i, (need[i] + extra) * LINE_PT + 3)
        self.row = bottom + 1
        return n


def lines_needed(value: Any, width: float) -> float:
    """Rough number of wrapped lines a 10 pt text needs in a column ``width`` wide."""
    if value is None:
        return 1.0
    per_line = max(1.0, width * 1.2)
    return float(sum(max(1, math.ceil(len(part) / per_line)) for part in str(value).split("\n")))


def page_setup(ws: Worksheet, paper: int) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = paper
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.print_options.horizontalCentered = True
    ws.sheet_view.zoomScale = 80


PAPER_A4 = 9
PAPER_FOLIO = 14  # 8.5 x 13 in, "F4" in Indonesian offices


def header_texts(
    sheet: dict[str, Any], banner: dict[str, Any], index: int, slots: list[list[str]]
) -> tuple[dict[str, str | None], list[list[str]], dict[str, str | None] | None]:
    """Header texts by column letter for the page of ``banner`` (the ``index``-th)."""
    headers = list(banner.get("headers") or sheet["headers"])
    subheaders = list(banner.get("subheaders", sheet.get("subheaders")) or [])
    for i, text in enumerate(headers):  # ADA / BELUM ADA listed as headers of their own
        if "KELENGKAPAN" in (text or "") and headers[i + 1 : i + 3] == ["ADA", "BELUM ADA"]:
            del headers[i + 1 : i + 3]
            subheaders.append({"under": text, "headers": ["ADA", "BELUM ADA"]})
            break
    spans = list(slots)
    if slots is TL_SLOTS and not any("KELENGKAPAN" in (h or "") for h in headers):
        spans.remove(KELENGKAPAN)  # printed without these headers: the columns stay empty
    if len(headers) != len(spans):
        raise ValueError(
            f"sheet {sheet['key']}: {len(headers)} headers for {len(spans)} slots: {headers}"
        )
    texts = {span[0]: text for span, text in zip(spans, headers, strict=True)}
    sub: dict[str, str | None] | None = None
    if slots is TL_SLOTS:
        sub = {"I": None, "J": None}
        for sh in subheaders:
            if "KELENGKAPAN" in (sh.get("under") or ""):
                sub = dict(zip(KELENGKAPAN, sh["headers"], strict=True))
        spans = list(TL_SLOTS)
    override = {} if banner.get("headers") else PAGE_HEADERS.get(sheet["key"], {}).get(index, {})
    if "B" in override:
        texts["B"] = override["B"]
    if override.get("kelengkapan") is False:
        texts["I"] = None
        sub = {"I": None, "J": None}
    return texts, spans, sub


def pages(
    sheet: dict[str, Any], indicators: list[dict[str, Any]], on_sheet: Any
) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Banners of the sheet with the indicators printed under each (by aspect, or by the
    banner's own ``indicator_ids``).  An indicator whose aspect has no banner raises."""
    mine = [ind for ind in indicators if on_sheet(ind)]
    out: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
    placed: set[str] = set()
    for banner in sheet.get("banners") or []:
        if banner.get("indicator_ids") is not None:
            ids = set(banner["indicator_ids"])
            rows = [i for i in mine if i["indicator_id"] in ids]
        else:
            rows = [
                i
                for i in mine
                if ASPECT_OF[i["indicator_no"]] == banner.get("aspect_no")
                and i["indicator_id"] not in placed
            ]
        placed |= {i["indicator_id"] for i in rows}
        out.append((banner, rows))
    missing = [i["indicator_id"] for i in mine if i["indicator_id"] not in placed]
    if missing:
        raise ValueError(f"sheet {sheet['key']}: no banner for the aspect of {missing}")
    return out


# ---------------------------------------------------------------------------- workbooks


def build_penilaian_mandiri(data: dict[str, Any], recon: Reconstructions) -> Workbook:
    sheet = next(s for s in data["sheets"] if s["kind"] == "self_assessment")
    wb = Workbook()
    ws = wb.active
    ws.title = "PENILAIAN MANDIRI"
    w = SheetWriter(ws, PM_COLS)
    first, table = SHEET_START.get(sheet["key"], DEFAULT_START)
    w.title(sheet["title"], first, table)
    for index, (banner, rows) in enumerate(
        pages(sheet, data["indicators"], lambda i: i.get("self_assessment") is not None)
    ):
        w.banner(f"DOMAIN {banner['domain_no']}", banner.get("domain_text"))
        texts, spans, _ = header_texts(sheet, banner, index, PM_SLOTS)
        w.header(texts, spans)
        w.banner(f"ASPEK {banner['aspect_no']}", banner.get("aspect_text"))
        for ind in rows:
            sa = ind["self_assessment"]
            lost = parse_lost(sa.get("lost"))
            lost_self = {
                lo.item
                for lo in lost
                if lo.field == "self_evidence" and lo.item and lo.part is None
            }
            lost_opt = {
                lo.item
                for lo in lost
                if lo.field == "optimal_evidence" and lo.item and lo.part is None
            }
            # the workbook has no other sheet: lost fields stay empty
            w.block(
                {
                    "A": indicator_value(ind["indicator_id"]),
                    "B": sa.get("name"),
                    "C": sa.get("question"),
                    "D": sa.get("self_level_text"),
                    "E": sa.get("self_explanation"),
                    "H": sa.get("evaluator_level_text"),
                    "I": sa.get("evaluator_explanation"),
                    "L": sa.get("responsible_agency"),
                },
                [
                    ("F", "G", evidence_cells(sa.get("self_evidence"), lost_self)),
                    ("J", "K", evidence_cells(sa.get("optimal_evidence"), lost_opt)),
                ],
            )
    page_setup(ws, PAPER_A4)
    return wb


def build_tindak_lanjut(data: dict[str, Any], recon: Reconstructions) -> Workbook:
    tl_sheets = [s for s in data["sheets"] if s["workbook"] == "tindak-lanjut"]
    tl_sheets.sort(key=lambda s: 0 if s["kind"] == "followup" else 1)  # stable
    names = {s["key"]: sheet_name(s["key"]) for s in tl_sheets}
    agency_order = [s["key"] for s in tl_sheets if s["kind"] == "agency_followup"]
    schedule_sheet = (data.get("schedule") or {}).get("sheet") or (
        agency_order[-1] if agency_order else "tl"
    )
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in tl_sheets:
        key = sheet["key"]
        ws = wb.create_sheet(names[key])
        w = SheetWriter(ws, TL_COLS)
        first, table = SHEET_START.get(key, DEFAULT_START)
        w.title(sheet["title"], first, table)

        def on_sheet(ind: dict[str, Any], key: str = key) -> bool:
            if key == "tl":
                return ind.get("followup") is not None
            return key in (ind.get("agency_sheets") or {})

        for index, (banner, rows) in enumerate(pages(sheet, data["indicators"], on_sheet)):
            w.banner(f"DOMAIN {banner['domain_no']}", banner.get("domain_text"))
            texts, spans, sub = header_texts(sheet, banner, index, TL_SLOTS)
            w.header(texts, spans, sub)
            w.banner(f"ASPEK {banner['aspect_no']}", banner.get("aspect_text"))
            for ind in rows:
                rec = resolve_followup(ind, key, names, agency_order, recon)
                actions = rec.get("actions") or {}
                w.block(
                    {
                        "A": rec["_id"],
                        "B": rec.get("name"),
                        "C": rec.get("question"),
                        "D": rec.get("maturity_level_text"),
                        "E": rec.get("maturity_explanation"),
                        "F": rec.get("recommendation"),
                        "K": actions.get("2018"),
                        "L": actions.get("2019"),
                        "M": actions.get("2020"),
                        "N": rec.get("responsible_agency"),
                    },
                    [
                        (
                            "G",
                            "H",
                            evidence_cells(rec.get("recommended_evidence"), rec["_lost_items"]),
                        )
                    ],
                    marks=("I", "J"),
                )
        if key == schedule_sheet:
            write_schedule(w, data.get("schedule"))
            write_signature(w, data.get("signature"))
        page_setup(ws, PAPER_FOLIO)
    return wb


def sheet_name(key: str) -> str:
    name = SHEET_NAMES.get(key) or key.removeprefix("tl-").upper()
    return re.sub(r"[\[\]:*?/\\]", "-", name)[:31]


def write_schedule(w: SheetWriter, schedule: dict[str, Any] | None) -> None:
    """The monthly grid: TAHUN <year> over the twelve months (B-M), KETERANGAN (N)."""
    if not schedule:
        return
    w.row += 2
    r1, r2 = w.row, w.row + 1
    style = {"font": F_BOLD, "align": A_HEADER, "fill": FILL_HEADER}
    month_cols = [get_column_letter(2 + i) for i in range(12)]
    w.ws[f"B{r1}"] = f"TAHUN {schedule.get('year')}"
    w.merge("B", r1, "M", r1, **style)
    for letter, month in zip(month_cols, MONTHS, strict=True):
        w.ws[f"{letter}{r2}"] = month
        w.put(letter, r2, None, **style)
    w.ws[f"N{r1}"] = schedule.get("keterangan_header") or "KETERANGAN"
    w.merge("N", r1, "N", r2, **style)
    w.height(r1, 15)
    w.height(r2, 15)
    # data rows: one per row label, in order of appearance
    labels: list[Any] = []
    for cell in schedule.get("cells") or []:
        if cell.get("row_label") not in labels:
            labels.append(cell.get("row_label"))
    row = r2 + 1
    for label in labels or [None]:
        w.put("A", row, label)
        for letter in [*month_cols, "N"]:
            w.put(letter, row, None, align=A_CENTER_TOP)
        for cell in schedule.get("cells") or []:
            if cell.get("row_label") != label:
                continue
            month = (cell.get("month") or "").upper()
            letter = month_cols[MONTHS.index(month)] if month in MONTHS else "N"
            w.ws[f"{letter}{row}"] = cell.get("text")
        w.height(row, 15)
        row += 1
    w.row = row


def write_signature(w: SheetWriter, sig: dict[str, Any] | None) -> None:
    """Place and date, MENGETAHUI, role, TTD, name, NIP: one row each, columns L-N."""
    if not sig:
        return
    w.row += 2
    place_date = ", ".join(p for p in (sig.get("place"), sig.get("date")) if p) or None
    lines = [
        place_date,
        sig.get("label"),
        sig.get("role"),
        None,
        sig.get("ttd"),
        None,
        sig.get("name"),
        sig.get("nip"),
    ]
    for i, text in enumerate(lines):
        row = w.row + i
        w.ws[f"L{row}"] = text
        bold = i == 6
        w.merge("L", row, "N", row, font=F_BOLD if bold else F_CELL, align=A_SIGN, border=False)
        w.height(row, 15)
    w.row += len(lines)


# ---------------------------------------------------------------------------- saving


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 2 or any(a in ("-h", "--help") for a in args):
        print("\n\n".join((__doc__ or "").split("\n\n")[1:4]))
        return 0 if args and args[0] in ("-h", "--help") else 2
    data_path = Path(args[0]) if args else DEFAULT_DATA
    out_dir = Path(args[1]) if len(args) > 1 else HERE
    data = json.loads(data_path.read_text(encoding="utf-8"))
    out_dir.mkdir(parents=True, exist_ok=True)
    recon = Reconstructions()

    pm = build_penilaian_mandiri(data, recon)
    set_properties(
        pm,
        when=FIXED_TIME,
        creator=CREATOR,
        title="Evaluasi SPBE Kota Bontang 2018: penilaian mandiri",
    )
    save(pm, out_dir / PM_FILE, FIXED_TIME)

    tl = build_tindak_lanjut(data, recon)
    set_properties(
        tl,
        when=FIXED_TIME,
        creator=CREATOR,
        title="Tindak lanjut hasil indeks SPBE Kota Bontang 2018",
    )
    save(tl, out_dir / TL_FILE, FIXED_TIME)

    print(f"wrote {out_dir / PM_FILE}")
    print(f"wrote {out_dir / TL_FILE}")
    print(
        f"{len(recon.lines)} cell(s) filled from another sheet of the same workbook "
        "(or id/name/question from the self-assessment):"
    )
    for line in recon.lines:
        print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
