"""Level criteria: the criteria CSV, the lookups, and which level a text describes.

The criteria CSV (named by a framework file's ``[criteria]`` table, see docs/criteria.md)
holds one row per indicator and level.  :class:`CriteriaIndex` answers the per-indicator
questions :class:`~spbe_xl.framework.Framework` asks: a level's criterion, the evidence
guidance, :class:`LevelMatch` (which level's criterion a text copies) and
:class:`LabelCheck` (a level label its own text contradicts).  The scoring itself is in
:mod:`spbe_xl.framework.matching`.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import itertools
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd

from spbe_xl.framework.matching import (
    NEGATIONS,
    IndicatorCriteria,
    Variant,
    criterion_words,
    score_variant,
)
from spbe_xl.framework.model import (
    CRITERIA_COLUMNS,
    CriterionRow,
    Framework,
    FrameworkError,
    as_no,
    make_frame,
    native,
)

#: A text matches a level when its score for that level is at least this ...
MATCH_MIN = 0.8
#: ... and at least this much above every other level's score (else it is ambiguous).
MATCH_MARGIN = 0.03
#: :meth:`Framework.check_label` flags a label when the text's level scores at least this
#: much above the label's level.
LABEL_MARGIN = 0.15
_SCORE_DIGITS = 3
#: How many (indicator, text) matches a framework remembers: a reader asks for the same
#: explanation texts again and again (each sheet, each workbook of a batch), and a match
#: scores the text against every wording of every level.
MATCH_CACHE_SIZE = 16384


@dataclass(frozen=True)
class LevelMatch:
    """Which level's criterion a text describes: :meth:`Framework.match_level`.

    ``scores`` holds every level's score (0-1, 1 = the criterion itself after
    normalisation); ``level`` is the best one, ``runner_up_score`` the best of the others.
    Scores are rounded to 3 decimals.
    """

    level: int
    score: float
    scores: dict[int, float] = field(hash=False)
    runner_up_score: float

    @property
    def runner_up_level(self) -> int | None:
        """The level with the second-best score (None when there is only one level)."""
        others = [(sc, -lv) for lv, sc in self.scores.items() if lv != self.level]
        return -max(others)[1] if others else None


#: The statuses of one criterion (the CSV's ``criterion_status``): its sources ``agree``,
#: ``differ`` (``alt_criterion`` holds the other wording), give a ``single source``, the
#: cell is ``suspect`` (its sources seem to place the text at the wrong level), or it is an
#: office's own text (``custom``: :func:`apply_criteria`).
CRITERION_STATUSES = ("agree", "differ", "single source", "suspect", "custom")
#: The statuses that lower the confidence of a :class:`LabelCheck`, and why.
DOUBTFUL_STATUSES: Mapping[str, str] = MappingProxyType(
    {
        "single source": "rests on a single source",
        "suspect": "is suspect (its sources seem to place it at the wrong level)",
    }
)


@dataclass(frozen=True)
class Criterion:
    """One level's criterion with its provenance: :meth:`Framework.criterion_info`.

    ``text`` is the criterion (:meth:`Framework.criterion`), ``alt_text`` the other source's
    wording where the sources differ (else None), ``status`` one of
    :data:`CRITERION_STATUSES` or None when the file states none.
    """

    indicator_no: int
    level: int
    text: str
    alt_text: str | None
    status: str | None
    source: str
    alt_source: str | None

    @property
    def doubt(self) -> str | None:
        """Why a check resting on this criterion is less sure (None: no doubt stated)."""
        why = DOUBTFUL_STATUSES.get(self.status or "")
        return f"the level-{self.level} criterion {why}" if why else None


@dataclass(frozen=True)
class LabelCheck:
    """A level label contradicted by its text: :meth:`Framework.check_label`.

    The text matches the criterion of ``text_level`` (score ``text_score``) clearly better
    than that of the label's level (``label_score``).  Never change the level on the
    strength of this: the published index follows the labels.  ``doubts`` says why the
    check is less sure (the label's or the text's criterion is suspect or has a single
    source); ``confidence`` is then "low".
    """

    label_level: int
    text_level: int
    label_score: float
    text_score: float
    doubts: tuple[str, ...] = ()

    @property
    def margin(self) -> float:
        """text_score - label_score."""
        return round(self.text_score - self.label_score, _SCORE_DIGITS)

    @property
    def confidence(self) -> str:
        """The confidence: "high", or "low" when a criterion the check rests on is doubtful."""
        return "low" if self.doubts else "high"

    def doubt_note(self) -> str:
        """``""``, or ``"; low confidence: the level-3 criterion is suspect (...)"``."""
        return f"; low confidence: {'; '.join(self.doubts)}" if self.doubts else ""

    def describe(self) -> str:
        """One line for a finding: ``labelled LEVEL 3, but the text is the level-4 ...``."""
        return (
            f"labelled LEVEL {self.label_level}, but the text is the level-{self.text_level} "
            f"criterion (match {self.text_score:.2f}; {self.label_score:.2f} for "
            f"level {self.label_level}){self.doubt_note()}"
        )


def as_level(value: object) -> int | None:
    """A level number from an int, an integral float, "3" or "LEVEL 3"; else None."""
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(?:level\s*)?(\d+)\s*", value, flags=re.IGNORECASE)
        return int(m.group(1)) if m else None
    return as_no(value)


def _rounded(score: float) -> float:
    return round(score, _SCORE_DIGITS)


def _criterion_of(r: Any) -> Criterion:
    """A :class:`Criterion` of a row of the criteria frame."""
    alt, status, alt_source = (
        native(v) for v in (r.alt_criterion, r.criterion_status, r.alt_source)
    )
    return Criterion(
        indicator_no=int(r.indicator_no),
        level=int(r.level),
        text=str(r.criterion),
        alt_text=str(alt) if alt else None,
        status=str(status) if status else None,
        source=str(native(r.source) or ""),
        alt_source=str(alt_source) if alt_source else None,
    )


#: (level, score, scores, runner-up score), rounded: a clear match.
_Found = tuple[int, float, Mapping[int, float], float]


class CriteriaIndex:
    """Lookups into a framework's criteria; the normalised forms are built on first use."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.size = len(frame)
        self.texts: Mapping[tuple[int, int], str] = MappingProxyType(
            {
                (int(r.indicator_no), int(r.level)): str(r.criterion)
                for r in frame.itertuples(index=False)
            }
        )
        guidance: dict[int, str] = {}
        for r in frame.itertuples(index=False):
            text = native(r.evidence_guidance)
            if text and int(r.indicator_no) not in guidance:
                guidance[int(r.indicator_no)] = str(text)
        self.guidance: Mapping[int, str] = MappingProxyType(guidance)
        self.info: Mapping[tuple[int, int], Criterion] = MappingProxyType(
            {
                (int(r.indicator_no), int(r.level)): _criterion_of(r)
                for r in frame.itertuples(index=False)
            }
        )
        self._frame = frame
        self._by_no: dict[int, IndicatorCriteria] | None = None
        self._lock = threading.Lock()
        self.match = lru_cache(maxsize=MATCH_CACHE_SIZE)(self._match)

    # -- what Framework asks --------------------------------------------------------------
    def criterion(self, indicator_no: int, level: object) -> str | None:
        """The criterion of ``level`` (an int or "LEVEL 3"), or None."""
        lv = as_level(level)
        if lv is None:
            return None
        return self.texts.get((indicator_no, lv))

    def criterion_info(self, indicator_no: int, level: object) -> Criterion | None:
        """The criterion of ``level`` with its status and other wording, or None."""
        lv = as_level(level)
        return None if lv is None else self.info.get((indicator_no, lv))

    def level_match(
        self, indicator_no: int, text: object
    ) -> tuple[Mapping[int, float], LevelMatch | None]:
        """(level -> unrounded score, the match or None)."""
        if not isinstance(text, str):
            return {}, None
        raw, found = self.match(indicator_no, text)
        if found is None:
            return raw, None
        level, score, scores, runner_up = found
        # a new object each time: the caller may change its dict without harm to the cache
        return raw, LevelMatch(
            level=level, score=score, scores=dict(scores), runner_up_score=runner_up
        )

    def check_label(
        self, indicator_no: int, label_level: object, text: object
    ) -> LabelCheck | None:
        """The label contradicted by its text (see :meth:`Framework.check_label`), or None."""
        raw, match = self.level_match(indicator_no, text)
        label = as_level(label_level)
        if match is None or label is None or label == match.level or label not in raw:
            return None
        if raw[match.level] - raw[label] < LABEL_MARGIN:
            return None
        cells = (self.info.get((indicator_no, label)), self.info.get((indicator_no, match.level)))
        return LabelCheck(
            label_level=label,
            text_level=match.level,
            label_score=_rounded(raw[label]),
            text_score=match.score,
            doubts=tuple(c.doubt for c in cells if c is not None and c.doubt),
        )

    # -- matching -------------------------------------------------------------------------
    def _match(self, indicator_no: int, text: str) -> tuple[Mapping[int, float], _Found | None]:
        """(level -> unrounded score, (level, score, scores, runner-up score) rounded, or
        None when no level matches well)."""
        raw = self._scores(indicator_no, text)
        if not raw:
            return MappingProxyType({}), None
        ordered = sorted(raw.items(), key=lambda kv: (-kv[1], kv[0]))
        level, best = ordered[0]
        runner_up = ordered[1][1] if len(ordered) > 1 else 0.0
        frozen = MappingProxyType(raw)
        if best < MATCH_MIN or best - runner_up < MATCH_MARGIN:
            return frozen, None
        scores = MappingProxyType({lv: _rounded(sc) for lv, sc in sorted(raw.items())})
        return frozen, (level, _rounded(best), scores, _rounded(runner_up))

    def _indicators(self) -> dict[int, IndicatorCriteria]:
        if self._by_no is None:
            with self._lock:
                if self._by_no is None:
                    self._by_no = self._build()
        return self._by_no

    def _build(self) -> dict[int, IndicatorCriteria]:
        variants: dict[int, list[Variant]] = {}
        for r in self._frame.itertuples(index=False):
            seen: set[tuple[str, ...]] = set()
            for cell in (r.criterion, r.alt_criterion, r.level_explanation):
                text = native(cell)
                words = criterion_words(str(text)) if text else ()
                if words and words not in seen:
                    seen.add(words)
                    variants.setdefault(int(r.indicator_no), []).append(
                        Variant(int(r.level), words)
                    )
        return {no: IndicatorCriteria(vs) for no, vs in variants.items()}

    def _scores(self, indicator_no: int, text: str) -> dict[int, float] | None:
        """Level -> score of ``text`` (unrounded), or None (no criteria, no words)."""
        crit = self._indicators().get(indicator_no)
        if crit is None:
            return None
        words = tuple(crit.fix(w) for w in criterion_words(text))
        if not words:
            return None
        out = dict.fromkeys(crit.levels, 0.0)
        positions: dict[str, list[int]] = {}  # the text's index, built once for all variants
        for j, w in enumerate(words):
            positions.setdefault(w, []).append(j)
        cum = list(itertools.accumulate((len(w) + 1 for w in words), initial=0))
        negative = any(w in NEGATIONS for w in words)
        for variant in crit.variants:
            best = out[variant.level]
            score = score_variant(words, positions, cum, negative, variant)
            if score > best:
                out[variant.level] = score
        return out


# --------------------------------------------------------------------------- the CSV file

_REQUIRED = ("indicator_no", "level", "criterion")
_PER_INDICATOR = ("indicator_explanation", "evidence_guidance")


def read_criteria(
    data: bytes,
    file: str,
    indicator_nos: set[int],
    level_min: int,
    level_max: int,
    default_source: str,
) -> list[CriterionRow]:
    """The rows of a criteria CSV file, checked; errors name the file and the line.

    Columns: indicator_no, level, criterion (required); level_explanation,
    indicator_explanation, evidence_guidance, alt_criterion, source, criterion_status (one
    of :data:`CRITERION_STATUSES`), alt_source (optional); any other column (source notes
    such as seed_agrees) is ignored.
    """
    reader = _dict_reader(data, file)
    rows: list[CriterionRow] = []
    seen: dict[tuple[int, int], int] = {}
    per_indicator: dict[tuple[int, str], tuple[str, int]] = {}
    for raw in reader:
        line = reader.line_num
        where = f"line {line}"
        cells = {k: (v or "").strip() for k, v in raw.items() if isinstance(k, str)}
        if not any(cells.values()):
            continue
        no = _indicator_of(cells, indicator_nos, file, where)
        level = _level_of(cells, no, level_min, level_max, file, where)
        if (no, level) in seen:
            raise FrameworkError(
                f"indicator {no} level {level} is given twice (also on line {seen[no, level]})",
                file=file,
                where=where,
            )
        seen[no, level] = line
        if not cells["criterion"]:
            raise FrameworkError(
                f"indicator {no} level {level} has an empty criterion", file=file, where=where
            )
        _check_per_indicator(cells, no, line, per_indicator, file)
        status = cells.get("criterion_status", "")
        if status and status not in CRITERION_STATUSES:
            raise FrameworkError(
                f"criterion_status {status!r} of indicator {no} level {level} is not one of "
                f"{', '.join(CRITERION_STATUSES)}",
                file=file,
                where=where,
            )
        rows.append(_criterion_row(cells, no, level, default_source))
    rows.sort(key=lambda r: (r["indicator_no"], r["level"]))
    return rows


def _dict_reader(data: bytes, file: str) -> csv.DictReader[str]:
    """A reader of the file's rows, its header checked and stripped."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FrameworkError(f"not UTF-8 text: {exc}", file=file) from exc
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in _REQUIRED if c not in header]
    if missing:
        raise FrameworkError(
            f"the header must name the columns {', '.join(_REQUIRED)} "
            f"(missing: {', '.join(missing)})",
            file=file,
            where="line 1",
        )
    reader.fieldnames = header
    return reader


def _indicator_of(cells: Mapping[str, str], indicator_nos: set[int], file: str, where: str) -> int:
    no = as_no(cells["indicator_no"])
    if no is None or no not in indicator_nos:
        raise FrameworkError(
            f"{cells['indicator_no']!r} is not an indicator of the framework",
            file=file,
            where=where,
        )
    return no


def _level_of(
    cells: Mapping[str, str], no: int, level_min: int, level_max: int, file: str, where: str
) -> int:
    level = as_no(cells["level"])
    if level is None or not level_min <= level <= level_max:
        raise FrameworkError(
            f"level {cells['level']!r} of indicator {no} is outside {level_min}..{level_max}",
            file=file,
            where=where,
        )
    return level


def _check_per_indicator(
    cells: Mapping[str, str],
    no: int,
    line: int,
    first_seen: dict[tuple[int, str], tuple[str, int]],
    file: str,
) -> None:
    """The texts that are one per indicator must be the same on each of its lines."""
    for key in _PER_INDICATOR:
        value = cells.get(key, "")
        if not value:
            continue
        first = first_seen.setdefault((no, key), (value, line))
        if first[0] != value:
            raise FrameworkError(
                f"{key} of indicator {no} differs from the one on line {first[1]} "
                "(it is one text per indicator)",
                file=file,
                where=f"line {line}",
            )


def _criterion_row(
    cells: Mapping[str, str], no: int, level: int, default_source: str
) -> CriterionRow:
    return CriterionRow(
        indicator_no=no,
        level=level,
        criterion=cells["criterion"],
        level_explanation=cells.get("level_explanation") or None,
        indicator_explanation=cells.get("indicator_explanation") or None,
        evidence_guidance=cells.get("evidence_guidance") or None,
        alt_criterion=cells.get("alt_criterion") or None,
        source=cells.get("source") or default_source,
        criterion_status=cells.get("criterion_status") or None,
        alt_source=cells.get("alt_source") or None,
    )


# --------------------------------------------------------------------------- an office's file


def apply_criteria(base: Framework, path: Path) -> Framework:
    """``base`` with the criteria of an office's criteria CSV ``path`` put over its own.

    The file has the columns of a framework's criteria CSV (indicator_no, level, criterion
    required).  Each of its rows replaces that indicator and level's wordings: the
    criterion, and the ``alt_criterion`` the row gives (none when it gives none: to keep
    recognising the replaced text, put it there).  The status becomes ``custom`` and the
    source names the file and line; the explanations and evidence guidance are kept unless
    the row fills them.  Cells the file does not name are unchanged.  Errors name the file
    and line.
    """
    file = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FrameworkError(f"cannot read the criteria file: {exc}", file=file) from exc
    nos = set(base.indicators["indicator_no"].astype(int).tolist())
    given = read_criteria(data, file, nos, base.level_min, base.level_max, "")
    lines = _lines_of(data)
    cells: dict[tuple[int, int], dict[str, Any]] = {
        (int(r["indicator_no"]), int(r["level"])): {k: native(r[k]) for k in CRITERIA_COLUMNS}
        for r in base.criteria.to_dict("records")
    }
    for row in given:
        key = (row["indicator_no"], row["level"])
        old = cells.get(key, {})
        new: dict[str, Any] = {k: old.get(k) for k in CRITERIA_COLUMNS}
        new.update({k: v for k, v in row.items() if v is not None and v != ""})
        if row["alt_criterion"] is None:  # the office's row is the cell's wording
            new["alt_criterion"] = new["alt_source"] = None
        new["criterion_status"] = "custom"
        new["source"] = f"criteria file {file}, line {lines.get(key, '?')}"
        cells[key] = new
    frame = make_frame([cells[k] for k in sorted(cells)], CRITERIA_COLUMNS)
    return dataclasses.replace(
        base,
        criteria_status=base.criteria_status or "custom",
        criteria_source=base.criteria_source or f"criteria file {file}",
        criteria_notes=(
            *base.criteria_notes,
            f"{len(given)} criteria from the office's criteria file {file} (status custom).",
        ),
        _criteria=frame,
        _criteria_index=CriteriaIndex(frame),
    )


def _lines_of(data: bytes) -> dict[tuple[int, int], int]:
    """(indicator, level) -> the line of a (checked) criteria file that gives it."""
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    reader.fieldnames = [h.strip() for h in reader.fieldnames or []]
    out: dict[tuple[int, int], int] = {}
    for raw in reader:
        no, level = (
            as_no((raw.get("indicator_no") or "").strip()),
            as_no((raw.get("level") or "").strip()),
        )
        if no is not None and level is not None:
            out[no, level] = reader.line_num
    return out
