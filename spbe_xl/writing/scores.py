"""Decimal indicator values (Pemdi, 1.00-5.00) in the written workbooks.

A framework whose values are scores (``Framework.is_score``) is written with a number cell,
``0.00``, where SPBE writes ``LEVEL 3``; its template has a decimal dropdown-free value cell
whose input message and note give the level scale and the predicate bands, and a note on
the indicators valued from other national indices.  Level names are shown only where the
framework is sure of them (pemdi2026's are disputed: the number and the predicate only).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from spbe_xl.framework import Framework
from spbe_xl.writing.table import Block, Col
from spbe_xl.writing.values import is_missing, level_text

__all__ = [
    "SCORE_FORMAT",
    "TITLE_FOLLOWUP_PEMDI",
    "decimal_text",
    "external_note",
    "index_name",
    "level_cell",
    "number",
    "scale_line",
    "scale_note",
    "schedule_title",
    "score_block",
    "score_columns",
    "score_validation",
    "summary_title",
    "title_followup",
    "value_cell",
]

#: The number format of a decimal value cell.
SCORE_FORMAT = "0.00"
TITLE_FOLLOWUP_PEMDI = (
    "TINDAK LANJUT HASIL EVALUASI KINERJA PEMERINTAH DIGITAL (INDEKS PEMERINTAH DIGITAL)"
)


def title_followup(catalog: Framework, spbe_title: str) -> str:
    """The follow-up title of a framework: the Pemdi one for a framework without domains
    whose values are scores, else the SPBE one given."""
    return TITLE_FOLLOWUP_PEMDI if catalog.is_score else spbe_title


def summary_title(catalog: Framework, spbe_title: str) -> tuple[str, str]:
    """(the summary sheet's title, the evaluation's name before the year) of a framework."""
    if catalog.is_score:
        return (
            "RINGKASAN HASIL EVALUASI KINERJA PEMERINTAH DIGITAL (INDEKS PEMERINTAH DIGITAL)",
            "EVALUASI KINERJA PEMERINTAH DIGITAL",
        )
    return spbe_title, "EVALUASI SPBE"


def schedule_title(framework: str, spbe_title: str) -> str:
    """The JADWAL sheet's title for a book's framework (an id or a framework file's path)."""
    from spbe_xl.framework import FrameworkError, load

    try:
        score = load(framework).is_score
    except FrameworkError:
        score = False
    if score:
        return (
            "JADWAL PELAKSANAAN RENCANA AKSI TINDAK LANJUT HASIL EVALUASI KINERJA PEMERINTAH "
            "DIGITAL"
        )
    return spbe_title


def index_name(catalog: Framework) -> str:
    """The index's name on a card or in a table: INDEKS PEMDI or INDEKS SPBE."""
    return "INDEKS PEMDI" if catalog.is_score else "INDEKS SPBE"


def decimal_text(value: float, decimals: int = 2) -> str:
    """``1.5`` -> ``"1,50"``: a figure as Indonesian text shows it (decimal comma)."""
    return f"{value:.{decimals}f}".replace(".", ",")


def _sure_names(catalog: Framework) -> dict[int, str]:
    """Level -> name, for the names the framework is sure of (not open or disputed)."""
    lm = catalog.level_meanings
    sure = lm[(lm["family"] == "all") & ~lm["status"].isin(["open", "disputed"])]
    return {int(lv): str(name) for lv, name in zip(sure["level"], sure["meaning"], strict=True)}


def scale_note(catalog: Framework) -> str:
    """The level scale and the predicate bands, for the value cell's note."""
    d = catalog.value_decimals
    names = _sure_names(catalog)
    levels = ", ".join(
        f"{lv}" + (f" {names[lv]}" if lv in names else "")
        for lv in range(catalog.level_min, catalog.level_max + 1)
    )
    bands = []
    rows = list(catalog.predicates.itertuples(index=False))
    for i, p in enumerate(rows):
        upper = "" if i == len(rows) - 1 else "<"
        bands.append(f"{p.name} {decimal_text(p.lower, d)}-{upper}{decimal_text(p.upper, d)}")
    return (
        f"Nilai indikator {decimal_text(catalog.level_min, d)} sampai "
        f"{decimal_text(catalog.level_max, d)} (tingkat {levels}). "
        f"Predikat: {'; '.join(bands)}."
    )


def external_note(catalog: Framework, indicator_no: int) -> str | None:
    """For an indicator valued from another index: where its value comes from."""
    ext = catalog.external(indicator_no)
    if ext is None:
        return None
    missing = ext.get("missing_value")
    tail = (
        f" Tanpa nilai indeks itu dihitung {decimal_text(float(missing))}."
        if missing is not None
        else ""
    )
    return (
        f"Nilai diambil dari {ext['index']} ({ext['agency']}), konversi: {ext['conversion']}. "
        f"Naikkan nilainya di indeks itu.{tail}"
    )


def score_columns(columns: list[Col], catalog: Framework) -> list[Col]:
    """The table's columns with the value column headed with its range under a score
    framework (``NILAI INDIKATOR (1,00-5,00)``); unchanged otherwise."""
    if not catalog.is_score:
        return columns
    header = (
        f"NILAI INDIKATOR ({decimal_text(catalog.level_min)}-{decimal_text(catalog.level_max)})"
    )
    return [
        replace(c, header=header, num_format=SCORE_FORMAT) if c.key == "level" else c
        for c in columns
    ]


def scale_line(catalog: Framework) -> str:
    """The title line under a score framework's table title: the value scale and the
    predicate bands (printed, so the scale is beside the values on paper too)."""
    return "KETERANGAN: " + scale_note(catalog)


def score_validation(catalog: Framework) -> dict[str, Any]:
    """The template's value cell check: a decimal from level_min to level_max."""
    low, high = decimal_text(catalog.level_min), decimal_text(catalog.level_max)
    return {
        "validate": "decimal",
        "criteria": "between",
        "minimum": float(catalog.level_min),
        "maximum": float(catalog.level_max),
        "input_title": "Nilai indikator",
        "input_message": f"Isi nilai {low} sampai {high} (dua desimal).",
        "error_title": "Nilai di luar rentang",
        "error_message": f"Nilai indikator adalah angka {low} sampai {high}.",
    }


def level_cell(value: Any) -> str | float | None:
    """A level field as its cell shows it: ``LEVEL 3`` for a whole level (an int: SPBE's
    Int64 columns), the number for a decimal score (a float: Pemdi's Float64 columns)."""
    if is_missing(value):
        return None
    if isinstance(value, float):
        return round(value, 4)
    return level_text(int(value))


def number(value: Any) -> int | float | None:
    """A level (an int, SPBE) as an int, a decimal (a float, Pemdi) as the float rounded to
    4 decimals; None when missing.  Never cuts a decimal to a whole level."""
    if is_missing(value):
        return None
    if isinstance(value, float):
        return round(value, 4)
    return int(value)


def score_block(block: Block, value: Any) -> Block:
    """A follow-up block whose value cell holds the decimal ``value`` (Pemdi): the number,
    never a ``LEVEL n`` cut from it."""
    block.merged["level"] = None if is_missing(value) else round(float(value), 4)
    return block


def value_cell(catalog: Framework, value: float | None) -> float | None:
    """A score as its cell holds it: the number rounded to the framework's decimals."""
    if value is None:
        return None
    return round(float(value), catalog.value_decimals)
