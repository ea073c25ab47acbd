"""What the walk of one sheet yields: a record per indicator row, and the sheet's result."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spbe_xl.book import Signature, cell_ref
from spbe_xl.findings import Finding
from spbe_xl.reading.grid import Sheet
from spbe_xl.reading.headers import Columns


@dataclass
class Record:
    """What one sheet says about one indicator instance."""

    indicator_id: str
    indicator_no: int
    file: str
    sheet: str
    kind: str
    row: int
    id_col: int
    fields: dict[str, Any] = field(default_factory=dict)  # field -> value
    cells: dict[str, str] = field(default_factory=dict)  # field -> cell ref
    evidence: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    level_cells: dict[str, str] = field(default_factory=dict)  # level field -> its cell
    banner_domain: tuple[int, str] | None = None  # (domain_no, cell)
    banner_aspect: tuple[int, str] | None = None
    #: level field -> (a decimal typed in its cell, the cell): a score if the book's
    #: framework has scores (Pemdi), else an unreadable level (reading.scores)
    scores: dict[str, tuple[float, str]] = field(default_factory=dict)

    @property
    def source(self) -> str:
        return cell_ref(self.sheet, self.row, self.id_col)


@dataclass
class SheetResult:
    """Everything one sheet holds: its kind, records, findings, title rows, signature, schedule."""

    sheet: Sheet
    kind: str
    header_row: int | None
    records: list[Record]
    findings: list[Finding]
    title: list[str]
    signature: Signature | None = None
    schedule_year: int | None = None
    plan_years: set[int] = field(default_factory=set)
    schedule_actions: list[dict[str, Any]] = field(default_factory=list)
    columns: Columns | None = None  # the sheet's first header
    kind_reason: str | None = None  # why the sheet is of its kind (merge.classify_sheets)
