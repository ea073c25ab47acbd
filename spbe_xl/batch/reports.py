"""The batch's reports: summary.csv (every instansi) and errors.csv (the failures)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from spbe_xl.batch.outputs import FORMULA_STARTS, Outcome

_REPORT_COLUMNS = (
    "files",
    "instansi",
    "year",
    "index",
    "predicate",
    "findings",
    "errors",
    "status",
    "message",
    "output",
    "grouped",
)


def write_reports(out_dir: Path, outcomes: Sequence[Outcome]) -> tuple[Path, Path]:
    """``summary.csv`` (one row per outcome) and ``errors.csv`` (the failed ones) in
    ``out_dir``; returns their paths."""
    import csv

    from spbe_xl.files import atomic_output

    summary, errors = out_dir / "summary.csv", out_dir / "errors.csv"
    with (
        atomic_output(summary) as tmp,
        open(tmp, "w", newline="", encoding="utf-8-sig") as handle,
    ):
        writer = csv.writer(handle)
        writer.writerow(_REPORT_COLUMNS)
        for o in outcomes:
            writer.writerow([_csv_cell(getattr(o, c)) for c in _REPORT_COLUMNS])
    with (
        atomic_output(errors) as tmp,
        open(tmp, "w", newline="", encoding="utf-8-sig") as handle,
    ):
        writer = csv.writer(handle)
        writer.writerow(["file", "error"])
        for o in outcomes:
            if o.status == "failed":
                writer.writerow([_csv_cell(o.files), _csv_cell(o.message)])
    return summary, errors


def _csv_cell(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return "" if value is None else value
