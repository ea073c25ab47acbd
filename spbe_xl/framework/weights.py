"""The custom weights CSV: indicator weights that replace a framework's.

``load(..., weights="weights.csv")`` (see the package docstring and docs/frameworks.md for
the file) gives the indicators the file's weights, with the status ``custom`` and a source
naming the file and line; aspect and domain weights are re-derived as the sums of their
indicators' weights (status ``derived``).  Errors name the file and the line.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, cast

import pandas as pd

from spbe_xl.framework.checks import check_weights
from spbe_xl.framework.model import (
    ASPECT_COLUMNS,
    CRITERIA_COLUMNS,
    CUSTOM_STATUS,
    DOMAIN_COLUMNS,
    EXTERNAL_COLUMNS,
    INDICATOR_COLUMNS,
    WEIGHT_TOLERANCE,
    WEIGHT_TOTAL,
    AspectRow,
    CriterionRow,
    DomainRow,
    ExternalRow,
    Framework,
    FrameworkError,
    FrameworkMeta,
    IndicatorRow,
    LevelMeaningRow,
    PredicateRow,
    as_no,
    native,
    ranges,
)
from spbe_xl.framework.schema import build_framework

#: indicator_no -> (its weight, the line of the file that gives it)
Weights = dict[int, tuple[float, int]]


def apply_weights(base: Framework, path: Path) -> Framework:
    """``base`` with the indicator weights of the weights file ``path``."""
    weights = read_weights(path, base)
    file = str(path)
    indicators = {
        int(r["indicator_no"]): cast(IndicatorRow, r)
        for r in _records(base._indicators, INDICATOR_COLUMNS)
    }
    for no, row in indicators.items():
        weight, line = weights[no]
        row["weight"] = weight
        row["status"] = CUSTOM_STATUS
        row["source"] = f"weights file {file}, line {line}"
    domains = {
        int(r["domain_no"]): cast(DomainRow, r) for r in _records(base._domains, DOMAIN_COLUMNS)
    }
    aspects = {
        int(r["aspect_no"]): cast(AspectRow, r) for r in _records(base._aspects, ASPECT_COLUMNS)
    }
    for table in (domains, aspects):
        for group in table.values():
            group["status"] = "derived"
            group["source"] = f"sum of its indicators' weights from the weights file {file}"
    check_weights(file, domains, aspects, indicators, stored=False)
    return build_framework(
        _meta(base, file),
        domains=domains,
        aspects=aspects,
        indicators=indicators,
        predicates=cast(list[PredicateRow], base._predicates.to_dict("records")),
        meanings=cast(list[LevelMeaningRow], base._level_meanings.to_dict("records")),
        criteria=cast(list[CriterionRow], _records(base._criteria, CRITERIA_COLUMNS)),
        externals=cast(list[ExternalRow], _records(base._externals, EXTERNAL_COLUMNS)),
        aliases=base._aliases,
    )


def _records(frame: pd.DataFrame, columns: Mapping[str, str]) -> list[dict[str, Any]]:
    """The rows of one of a Framework's frames, as plain values (the frame's columns)."""
    return [{key: native(r[key]) for key in columns} for r in frame.to_dict("records")]


def _meta(base: Framework, file: str) -> FrameworkMeta:
    return FrameworkMeta(
        id=base.id,
        title=base.title,
        regulation=base.regulation,
        level_min=base.level_min,
        level_max=base.level_max,
        notes=(
            *base.notes,
            f"Indicator weights from the custom weights file {file}; aspect and domain "
            "weights re-derived from them.",
        ),
        level_status=base.level_status,
        level_source=base.level_source,
        first_round=base.first_round,
        rounds_status=base.rounds_status,
        rounds_source=base.rounds_source,
        last_round=base.last_round,
        last_round_status=base.last_round_status,
        last_round_source=base.last_round_source,
        source_file=base.source_file,
        weights_file=file,
        criteria_status=base.criteria_status,
        criteria_source=base.criteria_source,
        criteria_file=base.criteria_file,
        criteria_notes=base.criteria_notes,
        title_words=base.title_words,
        value_type=base.value_type,
        value_decimals=base.value_decimals,
        rounding=base.rounding,
        value_status=base.value_status,
        value_source=base.value_source,
    )


# --------------------------------------------------------------------------- the file


def read_weights(path: Path, framework: Framework) -> Weights:
    """indicator_no -> (weight, line) from a custom weights CSV."""
    file = str(path)
    text = _read_text(path)
    delimiter = _delimiter(text, file)
    rows = _rows(text, delimiter)
    header = next(rows, None)
    if header is None:  # pragma: no cover - a non-blank line always exists here
        raise FrameworkError("the weights file has no header", file=file)
    col_no, col_w = _columns(header, file)
    weights: Weights = {}
    for line, row in rows:
        where = f"line {line}"
        if len(row) <= max(col_no, col_w):
            raise FrameworkError(
                f"expected indicator_no and weight, found {delimiter.join(row)!r}",
                file=file,
                where=where,
            )
        no = _indicator(row[col_no].strip(), framework, weights, file, where)
        weights[no] = (_weight(row[col_w].strip(), no, file, where), line)
    _check_complete(weights, framework, file)
    return weights


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FrameworkError(f"cannot read the weights file: {exc}", file=str(path)) from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FrameworkError(f"not UTF-8 text: {exc}", file=str(path)) from exc


def _delimiter(text: str, file: str) -> str:
    """``;`` or ``,``: the one the header line (the first non-blank line) uses more."""
    header_line = next((line for line in text.splitlines() if line.strip()), None)
    if header_line is None:
        raise FrameworkError("the weights file is empty", file=file)
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) of the rows with a non-blank cell."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    for row in reader:
        if any(cell.strip() for cell in row):
            yield reader.line_num, row


def _columns(header: tuple[int, list[str]], file: str) -> tuple[int, int]:
    """The positions of the indicator_no and weight columns in the header row."""
    line, row = header
    names = [cell.strip().lower() for cell in row]
    if "indicator_no" not in names or "weight" not in names:
        raise FrameworkError(
            f"the header must name the columns indicator_no and weight "
            f"(found {', '.join(repr(c) for c in row)})",
            file=file,
            where=f"line {line}",
        )
    return names.index("indicator_no"), names.index("weight")


def _indicator(text: str, framework: Framework, weights: Weights, file: str, where: str) -> int:
    """The indicator number of a row: one of the framework's, not given before."""
    no = _indicator_no(text)
    if no is None:
        hint = ""
        if "-" in text:
            hint = " (give the indicator number: the instances of an indicator share its weight)"
        raise FrameworkError(f"{text!r} is not an indicator number{hint}", file=file, where=where)
    if not framework.has_indicator(no):
        raise FrameworkError(f"{framework.id} has no indicator {no}", file=file, where=where)
    if no in weights:
        raise FrameworkError(
            f"indicator {no} is given twice (also on line {weights[no][1]})",
            file=file,
            where=where,
        )
    return no


def _indicator_no(text: str) -> int | None:
    """``"7"``, and ``"7.0"`` / ``"7,0"`` as a spreadsheet may export it; else None."""
    no = as_no(text)
    if no is not None:
        return no
    try:
        as_float = _parse_decimal(text)
    except ValueError:
        return None
    return int(as_float) if as_float.is_integer() else None


def _weight(text: str, no: int, file: str, where: str) -> float:
    try:
        weight = _parse_decimal(text)
    except ValueError:
        raise FrameworkError(
            f"weight {text!r} of indicator {no} is not a number", file=file, where=where
        ) from None
    if weight < 0:
        raise FrameworkError(f"weight {text} of indicator {no} is negative", file=file, where=where)
    return weight


def _parse_decimal(text: str) -> float:
    """A number with ``.`` or ``,`` as the decimal mark and an optional trailing ``%``."""
    value = text.strip().replace("\u00a0", "").replace(" ", "")
    value = value.removesuffix("%")
    if "," in value:
        if "." in value or value.count(",") > 1:
            raise ValueError(text)
        value = value.replace(",", ".")
    result = float(value)  # ValueError for junk
    if not math.isfinite(result):
        raise ValueError(text)
    return result


def _check_complete(weights: Weights, framework: Framework, file: str) -> None:
    """Every indicator of the framework once, the weights summing to 100."""
    missing = [no for no, _ in framework._weights if no not in weights]
    if missing:
        raise FrameworkError(
            f"indicator(s) {ranges(missing)} missing: the file must give every indicator "
            f"of {framework.id} exactly once",
            file=file,
        )
    total = math.fsum(w for w, _ in weights.values())
    if abs(total - WEIGHT_TOTAL) > WEIGHT_TOLERANCE:
        raise FrameworkError(
            f"weights sum to {total:.6g}, not {WEIGHT_TOTAL:g} (+- {WEIGHT_TOLERANCE:g})",
            file=file,
        )
