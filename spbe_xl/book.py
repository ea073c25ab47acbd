"""The tidy frames that flow from readers to rules and writers.

A :class:`Book` is everything spbe-xl knows about one instansi's workbooks for one
evaluation round.  Readers build it, rules compute on it, writers print it.  The column
lists below are the contract between those modules: readers produce exactly these columns
(in this order, with these dtypes), everything else may rely on them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

__all__ = [
    "ACTION_COLUMNS",
    "EVIDENCE_COLUMNS",
    "FINDING_COLUMNS",
    "INDICATOR_COLUMNS",
    "RESPONSIBILITY_COLUMNS",
    "Book",
    "BookMeta",
    "ReadError",
    "SheetInfo",
    "Signature",
    "cell_ref",
    "empty_frame",
    "frame_from_records",
    "indicator_agencies",
]

# name -> pandas dtype.  Levels are nullable integers: a level may be missing.
INDICATOR_COLUMNS: dict[str, str] = {
    "indicator_id": "string",  # "1" … "35", "35-1" for the instances of indicator 35
    "indicator_no": "Int64",
    "domain_no": "Int64",
    "domain": "string",
    "aspect_no": "Int64",
    "aspect": "string",
    "name": "string",
    "question": "string",
    "self_level": "Int64",  # PENILAIAN MANDIRI
    "self_explanation": "string",
    "self_level_by_text": "Int64",  # the level whose criterion the explanation quotes
    "evaluator_level": "Int64",  # HASIL PENILAIAN TIM EVALUATOR
    "evaluator_explanation": "string",
    "evaluator_level_by_text": "Int64",
    "maturity_level": "Int64",  # NILAI TINGKAT KEMATANGAN (follow-up sheet)
    "maturity_explanation": "string",
    "maturity_level_by_text": "Int64",
    "recommendation": "string",  # REKOMENDASI MENPAN
    "responsible_agency": "string",  # normalised PERANGKAT DAERAH PENANGGUNG JAWAB
    "responsible_agency_raw": "string",  # as typed in the cell
    "file": "string",
    "source": "string",  # the cell of the indicator id, e.g. "TL!A12"
}

EVIDENCE_COLUMNS: dict[str, str] = {
    "indicator_id": "string",
    "kind": "string",  # "self" | "optimal" | "recommended"
    "item_no": "Int64",
    "text": "string",
    "status": "string",  # "ada" | "belum ada" | <NA>
    "file": "string",
    "source": "string",
}

ACTION_COLUMNS: dict[str, str] = {
    "indicator_id": "string",
    "year": "Int64",
    "month": "Int64",  # 1-12 where a schedule grid marks one, else <NA>
    "text": "string",
    "file": "string",
    "source": "string",
}

# Every agency responsible for an indicator: one row per (indicator, agency), the lead
# (order 1) being the indicators frame's responsible_agency.  An indicator is shared when
# it has more than one row.
RESPONSIBILITY_COLUMNS: dict[str, str] = {
    "indicator_id": "string",
    "agency": "string",  # normalised, as responsible_agency
    "order": "Int64",  # 1 = the lead (the first named), 2, 3 … the others
    "agency_raw": "string",  # the part of the cell that names it, as typed
    "file": "string",
    "source": "string",  # the cell that names it, e.g. "TL!N12"
}

FINDING_COLUMNS: dict[str, str] = {
    "severity": "string",  # "error" | "warning" | "info"
    "code": "string",
    "message": "string",
    "indicator_id": "string",
    "file": "string",
    "source": "string",
}

EVIDENCE_STATUSES = ("ada", "belum ada")


def empty_frame(columns: dict[str, str]) -> pd.DataFrame:
    """An empty frame with the given columns and dtypes."""
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in columns.items()})


def frame_from_records(records: list[dict[str, Any]], columns: dict[str, str]) -> pd.DataFrame:
    """Build a frame with exactly ``columns`` (missing keys become <NA>), typed."""
    if not records:
        return empty_frame(columns)
    frame = pd.DataFrame.from_records(records, columns=list(columns))
    return frame.astype(columns)


_PLAIN_SHEET_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")


def cell_ref(sheet: str, row: int, col: int) -> str:
    """Excel reference of a 0-based (row, col) cell: ``cell_ref("TL", 11, 0) == "TL!A12"``.

    Sheet names with spaces or punctuation are quoted the way Excel writes them.
    """
    letters = ""
    n = col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    if _PLAIN_SHEET_NAME.match(sheet) and not re.match(r"^[A-Za-z]{1,3}[0-9]+$", sheet):
        prefix = sheet
    else:
        prefix = "'" + sheet.replace("'", "''") + "'"
    return f"{prefix}!{letters}{row + 1}"


class ReadError(Exception):
    """A workbook could not be read as an SPBE workbook.

    The message names the file (and the sheet and cell where there is one) and says
    what was expected.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        sheet: str | None = None,
        cell: str | None = None,
    ) -> None:
        self.file = file
        self.sheet = sheet
        self.cell = cell
        where = ", ".join(
            part
            for part in (
                file,
                f"sheet {sheet!r}" if sheet else None,
                f"cell {cell}" if cell else None,
            )
            if part
        )
        super().__init__(f"{where}: {message}" if where else message)


@dataclass(frozen=True)
class Signature:
    """The signature block under a follow-up table (place, date, role, name, NIP)."""

    place: str | None = None
    date: str | None = None
    label: str | None = None  # e.g. "MENGETAHUI :"
    role: str | None = None  # e.g. "KEPALA BAGIAN ORGANISASI,"
    name: str | None = None
    nip: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class SheetInfo:
    """What a reader found on one sheet."""

    file: str
    name: str
    # "self_assessment" | "followup" | "agency_followup" | "schedule" | "ambiguous" | "ignored"
    kind: str
    header_row: int | None = None  # 1-based row of the first header
    n_indicators: int = 0
    agency: str | None = None  # for agency_followup sheets
    reason: str | None = None  # why the sheet is of its kind (titles, groups, columns)


@dataclass(frozen=True)
class BookMeta:
    instansi: str | None = None  # e.g. "Pemerintah Kota Bontang"
    year: int | None = None  # evaluation year, from the title
    framework: str = "spbe2018"
    files: tuple[str, ...] = ()
    sheets: tuple[SheetInfo, ...] = ()
    signature: Signature | None = None
    plan_years: tuple[int, ...] = ()  # RENCANA AKSI TAHUN … columns seen
    schedule_year: int | None = None
    criteria_file: str | None = None  # an office's level criteria CSV the book was read with


@dataclass(frozen=True)
class Book:
    """One instansi's SPBE workbooks as tidy frames (see the *_COLUMNS contracts)."""

    indicators: pd.DataFrame
    evidence: pd.DataFrame
    actions: pd.DataFrame
    findings: pd.DataFrame
    meta: BookMeta = field(default_factory=BookMeta)
    responsibilities: pd.DataFrame = field(
        default_factory=lambda: empty_frame(RESPONSIBILITY_COLUMNS)
    )

    @property
    def errors(self) -> pd.DataFrame:
        """Findings of severity ``error``."""
        return self.findings[self.findings["severity"] == "error"]


def indicator_agencies(book: Book) -> dict[str, list[str]]:
    """Indicator id -> its responsible agencies, the lead first: the indicators frame's
    ``responsible_agency``, then the other agencies the ``responsibilities`` frame lists for
    it (in their order).  Names are whitespace-folded; an id without any has no entry."""
    out: dict[str, list[str]] = {}

    def add(iid: Any, agency: Any) -> None:
        if iid is None or agency is None or pd.isna(iid) or pd.isna(agency):
            return
        name = " ".join(str(agency).split())
        if name:
            names = out.setdefault(str(iid).strip(), [])
            if name not in names:
                names.append(name)

    frame = book.indicators
    if {"indicator_id", "responsible_agency"} <= set(frame.columns):
        for iid, agency in zip(frame["indicator_id"], frame["responsible_agency"], strict=True):
            add(iid, agency)
    shared = getattr(book, "responsibilities", None)
    if shared is not None and len(shared) and {"indicator_id", "agency"} <= set(shared.columns):
        if "order" in shared.columns:
            shared = shared.sort_values("order", kind="stable")
        for iid, agency in zip(shared["indicator_id"], shared["agency"], strict=True):
            add(iid, agency)
    return out


def indicator_numbers(frame: pd.DataFrame) -> list[int]:
    """The indicator numbers a frame names: its ``indicator_no`` values and the numbers its
    ``indicator_id`` values start with (what frameworks are resolved by)."""
    numbers: list[int] = []
    if "indicator_no" in frame.columns:
        numbers = [int(v) for v in frame["indicator_no"].dropna()]
    if "indicator_id" in frame.columns:
        for v in frame["indicator_id"].dropna():
            head = str(v).strip().partition("-")[0]
            if head.isdecimal():
                numbers.append(int(head))
    return numbers
