"""The real published results of tests/data/published as data and as workbooks: the levels
of a case, its printed figures, and KemenPANRB's report table ("Perolehan Nilai Tingkat
Kematangan Indikator") typed into Excel with openpyxl, as an office does."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl

DATA = Path(__file__).resolve().parent / "data" / "published"


def levels(case: str) -> list[dict[str, str]]:
    """The case's rows: indicator_id, maturity_level, indicator_name (as printed)."""
    with (DATA / f"{case}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def printed(case: str) -> dict[tuple[str, str], float]:
    """The case's printed figures: (scope, no) -> value; scope index / domain / aspect."""
    with (DATA / "published.csv").open(encoding="utf-8", newline="") as f:
        return {
            (row["scope"], row["no"]): float(row["value"])
            for row in csv.DictReader(f)
            if row["case"] == case
        }


def printed_predicate(case: str) -> str:
    with (DATA / "published.csv").open(encoding="utf-8", newline="") as f:
        return next(
            row["predicate"] for row in csv.DictReader(f)
            if row["case"] == case and row["scope"] == "index"
        )  # fmt: skip


def report_table(
    case: str, path: Path, *, title: str | None = None, year: int | None = None
) -> Path:
    """The report's level table of one year (No | Indikator | Nilai Tingkat Kematangan
    <year>) under an optional title line, saved at ``path``."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Nilai Indikator"
    ws.append([title or "Perolehan Nilai Tingkat Kematangan Indikator"])
    ws.append(["Target nilai tingkat kematangan untuk setiap indikator adalah minimal 3 (tiga)"])
    ws.append(
        [
            "No",
            "Indikator",
            f"Nilai Tingkat Kematangan {year}" if year else "Nilai Tingkat Kematangan",
        ]
    )
    for row in levels(case):
        ws.append([int(row["indicator_id"]), row["indicator_name"], int(row["maturity_level"])])
    wb.save(path)
    return path
