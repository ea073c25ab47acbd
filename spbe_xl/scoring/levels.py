"""The levels of an indicators frame, read once, and the level chosen for each id."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from spbe_xl.scoring.catalog import Catalog
from spbe_xl.text import indicator_sort_key

__all__ = [
    "LEVELS",
    "LEVEL_COLUMNS",
    "WHAT_IF_COLUMN",
    "FrameLevels",
    "as_level",
    "check_level",
    "pick",
    "read_levels",
]

#: level option -> the frame columns it reads, in order of preference.
LEVELS: dict[str, tuple[str, ...]] = {
    "official": ("maturity_level", "evaluator_level"),
    "self": ("self_level",),
    "evaluator": ("evaluator_level",),
    "maturity": ("maturity_level",),
}
#: The level columns of an indicators frame.
LEVEL_COLUMNS = ("self_level", "evaluator_level", "maturity_level")
#: Level column shown for an indicator whose level was set by ``what_if``.
WHAT_IF_COLUMN = "what_if"


def as_level(value: Any, indicator_id: str, column: str, *, score: bool = False) -> float | None:
    """A frame cell as a whole level (an int), None when empty; ValueError for anything else.
    With ``score`` (a framework whose values are decimal scores, Pemdi) any number is a
    value (a float)."""
    if value is None or value is pd.NA:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, bool):
        raise ValueError(f"indicator {indicator_id}: {column} {value!r} is not a level")
    try:
        as_float = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"indicator {indicator_id}: {column} {value!r} is not a level") from None
    if score:
        if not math.isfinite(as_float):
            raise ValueError(f"indicator {indicator_id}: {column} {value!r} is not a score")
        return as_float
    if not as_float.is_integer():
        raise ValueError(f"indicator {indicator_id}: {column} {value!r} is not a whole level")
    return int(as_float)


@dataclass
class FrameLevels:
    """The frame read once: indicator ids in order and their fields."""

    ids: list[str] = field(default_factory=list)
    no_of: dict[str, int] = field(default_factory=dict)
    #: level column -> id -> level (a float score in a score framework)
    values: dict[str, dict[str, float | None]] = field(
        default_factory=lambda: {c: {} for c in LEVEL_COLUMNS}
    )
    names: dict[str, str | None] = field(default_factory=dict)
    agencies: dict[str, str | None] = field(default_factory=dict)


def _check_frame(frame: pd.DataFrame) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"expected an indicators DataFrame, not {type(frame).__name__}")
    if "indicator_id" not in frame.columns and "indicator_no" not in frame.columns:
        raise ValueError("the frame has neither an indicator_id nor an indicator_no column")


def _row_id(row: int, raw_id: Any, raw_no: Any, cat: Catalog) -> tuple[str, int]:
    """The id and number of row ``row``, checked against each other and the catalog."""
    id_text = None if raw_id is None or pd.isna(raw_id) else str(raw_id).strip() or None
    number: int | None = None
    if raw_no is not None and not pd.isna(raw_no):
        number = int(raw_no)
    if id_text is None:
        if number is None:
            raise ValueError(f"row {row} has neither an indicator id nor a number")
        id_text = str(number)
    head = id_text.partition("-")[0]
    if not head.isdigit():
        raise ValueError(f"indicator id {id_text!r} (row {row}) does not start with a number")
    if number is None:
        number = int(head)
    elif int(head) != number:
        raise ValueError(f"indicator id {id_text!r} (row {row}) does not match its number {number}")
    if not cat.framework.has_indicator(number):
        raise ValueError(
            f"indicator {id_text} is not in framework {cat.id} "
            f"(indicators {min(cat.indicators)}-{max(cat.indicators)})"
        )
    return id_text, number


def _text(value: Any) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def read_levels(frame: pd.DataFrame, cat: Catalog) -> FrameLevels:
    """Every row's id, number, levels, name and agency; ValueError for a bad row."""
    _check_frame(frame)
    n = len(frame)

    # plain lists: the rows are walked once, without pandas per-cell lookups
    def column(name: str) -> list[Any]:
        return frame[name].tolist() if name in frame.columns else [None] * n

    raw_ids, raw_nos = column("indicator_id"), column("indicator_no")
    names, agencies = column("name"), column("responsible_agency")
    levels = {c: column(c) for c in LEVEL_COLUMNS}
    rows = FrameLevels()
    score = cat.framework.is_score
    for i in range(n):
        id_text, number = _row_id(i, raw_ids[i], raw_nos[i], cat)
        if id_text in rows.no_of:
            raise ValueError(f"indicator id {id_text} appears more than once in the frame")
        rows.ids.append(id_text)
        rows.no_of[id_text] = number
        for c in LEVEL_COLUMNS:
            rows.values[c][id_text] = as_level(levels[c][i], id_text, c, score=score)
        rows.names[id_text] = _text(names[i])
        agency = _text(agencies[i])
        rows.agencies[id_text] = None if agency is None else " ".join(agency.split())
    rows.ids.sort(key=indicator_sort_key)
    return rows


def check_level(cat: Catalog, level: float, indicator_id: str, column: str) -> None:
    """ValueError when ``level`` is outside the framework's level (or score) range."""
    fw = cat.framework
    if not fw.level_min <= level <= fw.level_max:
        raise ValueError(
            f"indicator {indicator_id}: {column} {level} is outside {fw.id}'s "
            f"{fw.value_label} range {fw.value_range_text()}"
        )


def pick(
    rows: FrameLevels, cat: Catalog, level: str
) -> tuple[dict[str, float | None], dict[str, str | None]]:
    """id -> level and id -> column used, for a level option."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    chosen: dict[str, float | None] = {}
    used: dict[str, str | None] = {}
    for iid in rows.ids:
        chosen[iid], used[iid] = None, None
        for c in LEVELS[level]:
            value = rows.values[c][iid]
            if value is not None:
                check_level(cat, value, iid, c)
                chosen[iid], used[iid] = value, c
                break
    return chosen, used
