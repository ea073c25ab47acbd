"""The catalog of SPBE evaluation frameworks: domains, aspects, indicators, weights, predicates.

Frameworks are data, not code: one TOML file per framework in ``spbe_xl/data/``
(``spbe2018.toml`` for PermenPANRB No. 5 Tahun 2018, ``spbe2020.toml`` for PermenPANRB
No. 59 Tahun 2020).  Every number in them carries a ``status`` -- ``confirmed`` (seen in an
official or published text), ``from data`` (seen only in other projects' data or code),
``derived`` (arithmetic on the above) or ``open`` (not established) -- and a ``source`` note,
so that a user can see how sure each number is and override it.

    >>> import spbe_xl.framework as fw
    >>> fw.available()
    ['spbe2018', 'spbe2020']
    >>> f = fw.load("spbe2018")
    >>> f.weight(35), f.predicate(2.72)
    (5.0, 'Baik')

``load()`` checks a framework when it reads it and raises :class:`FrameworkError` (naming the
file and the key or row) unless: indicator weights sum to 100; every domain's and aspect's
stored weight equals the sum of its indicators' weights; every indicator belongs to exactly one
aspect, and that aspect to the indicator's domain; the predicate bands cover
0 .. ``level_max`` with no gap and no overlap; numbers are unique; the level range is sane.
The TOML format is described in ``docs/frameworks.md``.

Custom weights file
-------------------
``load(..., weights="weights.csv")`` replaces the indicator weights with those of a CSV file
(for instance when the ministry publishes a correction); aspect and domain weights are then
re-derived as the sums of their indicators' weights.  The file::

    indicator_no,weight
    1,1.0
    2,1.0
    ...

- a header row naming the columns ``indicator_no`` and ``weight`` (any case; other columns,
  such as a ``name`` column for the reader, are ignored);
- ``,`` or ``;`` as the delimiter (the one in the header row is used) and ``.`` or ``,`` as
  the decimal mark (``1,5`` -- quote it when the delimiter is ``,``), as Indonesian Excel
  exports write them; a trailing ``%`` is ignored;
- UTF-8, with or without a byte-order mark; blank lines are skipped;
- every indicator of the framework exactly once (by number: the instances of a multi-instance
  indicator such as ``35-1`` share indicator 35's weight), weights >= 0, summing to
  100 (+- 1e-6).

Errors name the file and the line.  Indicators whose weight comes from such a file get the
status ``custom`` and a source naming the file and line; re-derived aspect and domain weights
get the status ``derived``.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import operator
import os
import re
import threading
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd

from spbe_xl.text import match_key, names_alike

__all__ = [
    "CRITERIA_COLUMNS",
    "STATUSES",
    "Framework",
    "FrameworkError",
    "LabelCheck",
    "LevelMatch",
    "UnknownIndicatorError",
    "available",
    "load",
    "resolve_framework",
]

#: The status marks a framework file may give a number.
STATUSES = ("confirmed", "from data", "derived", "open")
#: The status of an indicator weight taken from a custom weights file.
CUSTOM_STATUS = "custom"

WEIGHT_TOTAL = 100.0
WEIGHT_TOLERANCE = 1e-6
#: Scores within this distance of a predicate band edge count as on the edge, so that float
#: sums such as 2.5999999999999996 get the predicate of 2.6.
SCORE_TOLERANCE = 1e-9
FORMAT_VERSION = 1

DOMAIN_COLUMNS: dict[str, str] = {
    "domain_no": "int64",
    "name": "string",
    "weight": "float64",
    "n_indicators": "int64",
    "status": "string",
    "source": "string",
}
ASPECT_COLUMNS: dict[str, str] = {
    "aspect_no": "int64",
    "name": "string",
    "domain_no": "int64",
    "weight": "float64",
    "n_indicators": "int64",
    "status": "string",
    "source": "string",
}
INDICATOR_COLUMNS: dict[str, str] = {
    "indicator_no": "int64",
    "name": "string",
    "question": "string",
    "domain_no": "int64",
    "aspect_no": "int64",
    "weight": "float64",
    "multi_instance": "bool",
    "family": "string",  # <NA> when the indicator has no family: family "all" meanings apply
    "status": "string",
    "source": "string",
}
PREDICATE_COLUMNS: dict[str, str] = {
    "name": "string",
    "lower": "float64",
    "upper": "float64",
    "status": "string",
    "source": "string",
}
LEVEL_MEANING_COLUMNS: dict[str, str] = {
    "family": "string",  # a family name, or "all"
    "level": "int64",
    "meaning": "string",
    "status": "string",
    "source": "string",
}
#: The columns of :attr:`Framework.criteria` (one row per indicator and level).
CRITERIA_COLUMNS: dict[str, str] = {
    "indicator_no": "int64",
    "level": "int64",
    "criterion": "string",  # what the instansi must have for this level
    "level_explanation": "string",  # the per-level explanation of the criterion
    "indicator_explanation": "string",  # what the indicator is about (same on every level)
    "evidence_guidance": "string",  # which evidence (data dukung) to give (same on every level)
    "alt_criterion": "string",  # <NA> unless a second source words the criterion differently
    "source": "string",
}

_DATA_PACKAGE = "spbe_xl"
_DATA_DIR = "data"


class FrameworkError(ValueError):
    """A framework or weights file is unusable, or a framework id / indicator is unknown.

    The message names the file and, where there is one, the key, row or line.
    """

    def __init__(self, message: str, *, file: str | None = None, where: str | None = None):
        self.file = file
        self.where = where
        prefix = ", ".join(part for part in (file, where) if part)
        super().__init__(f"{prefix}: {message}" if prefix else message)


class UnknownIndicatorError(FrameworkError, KeyError):
    """An indicator number the framework does not have (also a :class:`KeyError`)."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


# --------------------------------------------------------------------------- catalog


def _data_files() -> dict[str, Any]:
    folder = resources.files(_DATA_PACKAGE).joinpath(_DATA_DIR)
    return {
        entry.name[: -len(".toml")]: entry
        for entry in folder.iterdir()
        if entry.name.endswith(".toml") and entry.is_file()
    }


def available() -> list[str]:
    """The ids of the frameworks shipped with spbe-xl, sorted: ``["spbe2018", "spbe2020"]``."""
    return sorted(_data_files())


def load(
    framework: str | os.PathLike[str] = "spbe2018",
    *,
    weights: str | os.PathLike[str] | None = None,
) -> Framework:
    """Load a framework: an id from :func:`available`, or the path of a framework TOML file.

    ``weights`` names a custom weights CSV (see the module docstring) that replaces the
    indicator weights; aspect and domain weights are re-derived from them.
    Raises :class:`FrameworkError` for an unknown id, an unreadable or inconsistent file.
    """
    if isinstance(framework, str) and framework.strip().lower() in _data_files():
        base = _load_builtin(framework.strip().lower())
    elif isinstance(framework, (str, os.PathLike)):
        path = Path(framework)
        if not path.is_file():
            raise FrameworkError(
                f"unknown framework {os.fspath(framework)!r}: neither one of "
                f"{', '.join(available())} nor an existing file"
            )
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise FrameworkError(f"cannot read the file: {exc}", file=str(path)) from exc
        base = _parse_framework(
            data, str(path), expected_id=None, sibling=lambda name: _read_sibling(path, name)
        )
    else:
        raise TypeError(f"framework must be an id or a path, not {type(framework).__name__}")
    if weights is None:
        return base
    return _apply_weights(base, Path(weights))


@cache
def _load_builtin(framework_id: str) -> Framework:
    entry = _data_files()[framework_id]
    folder = resources.files(_DATA_PACKAGE).joinpath(_DATA_DIR)
    return _parse_framework(
        entry.read_bytes(),
        str(entry),
        expected_id=framework_id,
        sibling=lambda name: (str(folder.joinpath(name)), folder.joinpath(name).read_bytes()),
    )


def _read_sibling(toml_path: Path, name: str) -> tuple[str, bytes]:
    """A file named in a framework TOML file, relative to that file: (its name, its bytes)."""
    path = Path(name) if Path(name).is_absolute() else toml_path.parent / name
    return str(path), path.read_bytes()


# --------------------------------------------------------------------------- the object


def _frame(records: list[dict[str, Any]], columns: dict[str, str]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=list(columns))
    return frame.astype(columns).reset_index(drop=True)


def _native(value: Any) -> Any:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


def _as_no(value: Any) -> int | None:
    """``value`` as an indicator number, or None if it is not one."""
    if isinstance(value, bool):
        return None
    try:
        return operator.index(value)
    except TypeError:
        pass
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


@dataclass(frozen=True)
class Framework:
    """One evaluation framework, read-only.  Build it with :func:`load`.

    The DataFrame properties return copies: changing them does not change the catalog.
    """

    id: str
    title: str
    regulation: str
    level_min: int
    level_max: int
    notes: tuple[str, ...] = ()
    level_status: str = field(default="", kw_only=True)
    level_source: str = field(default="", kw_only=True)
    source_file: str = field(default="", kw_only=True)
    weights_file: str | None = field(default=None, kw_only=True)
    # (indicator_no, weight) pairs: makes two frameworks with different weights unequal
    _weights: tuple[tuple[int, float], ...] = field(default=(), kw_only=True, repr=False)
    _domains: pd.DataFrame = field(default=None, kw_only=True, repr=False, compare=False)  # type: ignore[assignment]
    _aspects: pd.DataFrame = field(default=None, kw_only=True, repr=False, compare=False)  # type: ignore[assignment]
    _indicators: pd.DataFrame = field(default=None, kw_only=True, repr=False, compare=False)  # type: ignore[assignment]
    _predicates: pd.DataFrame = field(default=None, kw_only=True, repr=False, compare=False)  # type: ignore[assignment]
    _level_meanings: pd.DataFrame = field(
        default=None,  # type: ignore[arg-type]
        kw_only=True,
        repr=False,
        compare=False,
    )
    _rows: Mapping[int, Mapping[str, Any]] = field(
        default_factory=dict, kw_only=True, repr=False, compare=False
    )
    #: The level criteria: where they come from ("" / None when the framework has none).
    criteria_status: str = field(default="", kw_only=True)
    criteria_source: str = field(default="", kw_only=True)
    criteria_file: str | None = field(default=None, kw_only=True)
    criteria_notes: tuple[str, ...] = field(default=(), kw_only=True)
    _criteria: pd.DataFrame = field(default=None, kw_only=True, repr=False, compare=False)  # type: ignore[assignment]
    _criteria_index: _CriteriaIndex = field(default=None, kw_only=True, repr=False, compare=False)  # type: ignore[assignment]

    # -- frames -------------------------------------------------------------------------
    @property
    def domains(self) -> pd.DataFrame:
        """domain_no, name, weight, n_indicators, status, source."""
        return self._domains.copy()

    @property
    def aspects(self) -> pd.DataFrame:
        """aspect_no, name, domain_no, weight, n_indicators, status, source."""
        return self._aspects.copy()

    @property
    def indicators(self) -> pd.DataFrame:
        """indicator_no, name, question, domain_no, aspect_no, weight, multi_instance,
        family, status, source."""
        return self._indicators.copy()

    @property
    def predicates(self) -> pd.DataFrame:
        """name, lower (inclusive), upper (exclusive; the top band includes it), status,
        source -- ordered from the lowest band up."""
        return self._predicates.copy()

    @property
    def level_meanings(self) -> pd.DataFrame:
        """family (or "all"), level, meaning, status, source."""
        return self._level_meanings.copy()

    # -- lookups ------------------------------------------------------------------------
    def _row(self, indicator_no: Any) -> Mapping[str, Any]:
        no = _as_no(indicator_no)
        if no is None or no not in self._rows:
            raise UnknownIndicatorError(
                f"{self.id} has no indicator {indicator_no!r} "
                f"(indicators are numbered {min(self._rows)}-{max(self._rows)})"
            )
        return self._rows[no]

    def has_indicator(self, indicator_no: Any) -> bool:
        """Whether the framework has indicator ``indicator_no``."""
        no = _as_no(indicator_no)
        return no is not None and no in self._rows

    def indicator(self, indicator_no: int) -> dict[str, Any]:
        """One row of :attr:`indicators` as a dict of plain Python values."""
        return dict(self._row(indicator_no))

    def weight(self, indicator_no: int) -> float:
        """The weight (in %) of an indicator; :class:`UnknownIndicatorError` if there is none."""
        return float(self._row(indicator_no)["weight"])

    def predicate(self, score: float) -> str:
        """The predicate ("Kurang" … "Memuaskan") of an index score in 0 .. level_max.

        Band edges belong to the band above them (2.6 is "Baik"); the top band includes
        ``level_max``.  Raises ValueError for a score outside the range or not a number.
        """
        try:
            value = float(score)
        except (TypeError, ValueError):
            raise ValueError(f"score {score!r} is not a number") from None
        if math.isnan(value) or not (-SCORE_TOLERANCE <= value <= self.level_max + SCORE_TOLERANCE):
            raise ValueError(f"score {score!r} is outside 0..{self.level_max}")
        names = self._predicates["name"].tolist()
        lowers = self._predicates["lower"].tolist()
        for name, lower in zip(reversed(names), reversed(lowers), strict=True):
            if value >= lower - SCORE_TOLERANCE:
                return str(name)
        return str(names[0])  # pragma: no cover - the lowest band starts at 0

    def level_meaning(self, indicator_no: int, level: int) -> str | None:
        """What ``level`` means for an indicator (its family's meaning, else the "all" one),
        or None when the framework states none."""
        family = self._row(indicator_no)["family"]
        lm = self._level_meanings
        for fam in (family, "all"):
            if fam is None:
                continue
            hit = lm[(lm["family"] == fam) & (lm["level"] == level)]
            if len(hit):
                return str(hit["meaning"].iloc[0])
        return None

    # -- level criteria -------------------------------------------------------------------
    @property
    def has_criteria(self) -> bool:
        """Whether the framework has level criteria (spbe2018 has; spbe2020 has none yet)."""
        return self._criteria_index is not None and self._criteria_index.size > 0

    @property
    def criteria(self) -> pd.DataFrame:
        """indicator_no, level, criterion, level_explanation, indicator_explanation,
        evidence_guidance, alt_criterion, source -- one row per indicator and level, in that
        order; empty (with these columns) when the framework has no criteria."""
        if self._criteria is None:
            return _frame([], CRITERIA_COLUMNS)
        return self._criteria.copy()

    def criterion(self, indicator_no: int, level: int) -> str | None:
        """The official criterion of ``level`` for an indicator, or None when the framework
        states none (no criteria, or none for that level).  Raises
        :class:`UnknownIndicatorError` for an indicator the framework does not have."""
        no = int(self._row(indicator_no)["indicator_no"])
        lv = _as_level(level)
        if lv is None or self._criteria_index is None:
            return None
        return self._criteria_index.texts.get((no, lv))

    def evidence_guidance(self, indicator_no: int) -> str | None:
        """What evidence (data dukung) the indicator asks for, or None when not stated."""
        no = int(self._row(indicator_no)["indicator_no"])
        if self._criteria_index is None:
            return None
        return self._criteria_index.guidance.get(no)

    def match_level(self, indicator_no: int, text: Any) -> LevelMatch | None:
        """Which level's criterion ``text`` describes (see ``docs/criteria.md``).

        The text is compared with every level's criterion, the second source's wording
        (``alt_criterion``) and the level's explanation (``level_explanation``), after
        normalising case, spacing, punctuation, accents, "Saudara", words repeated by
        mistake and small typos; a text cut short (a page or cell wrap) is also compared
        with the start of each.  A level's score is its best wording's.  Returns None when the
        framework has no criteria for the indicator, the text is blank, or no level matches
        well: the best score is below :data:`MATCH_MIN`, or another level scores within
        :data:`MATCH_MARGIN` of it (the text does not tell the two apart).  A text that
        negates a criterion ("Belum ...") does not match it.  Raises
        :class:`UnknownIndicatorError` for an indicator the framework does not have.
        """
        return self._match(indicator_no, text)[1]

    def check_label(self, indicator_no: int, label_level: Any, text: Any) -> LabelCheck | None:
        """A level label that its own text contradicts: the text matches another level's
        criterion (:meth:`match_level`) by at least :data:`LABEL_MARGIN` more than the
        label's.  None when they agree, or when it cannot be decided (no criteria, blank
        text, no clear match, a label that is not a level with a criterion).
        ``label_level`` is an int or a text such as ``"LEVEL 3"``."""
        raw, match = self._match(indicator_no, text)
        label = _as_level(label_level)
        if match is None or label is None or label == match.level or label not in raw:
            return None
        if raw[match.level] - raw[label] < LABEL_MARGIN:
            return None
        return LabelCheck(
            label_level=label,
            text_level=match.level,
            label_score=_rounded(raw[label]),
            text_score=match.score,
        )

    def _match(self, indicator_no: Any, text: Any) -> tuple[Mapping[int, float], LevelMatch | None]:
        """(level -> unrounded score, the match or None)."""
        no = int(self._row(indicator_no)["indicator_no"])
        if self._criteria_index is None or not isinstance(text, str):
            return {}, None
        raw, found = self._criteria_index.match(no, text)
        if found is None:
            return raw, None
        level, score, scores, runner_up = found
        # a new object each time: the caller may change its dict without harm to the cache
        return raw, LevelMatch(
            level=level, score=score, scores=dict(scores), runner_up_score=runner_up
        )

    # -- text ---------------------------------------------------------------------------
    def describe(self) -> str:
        """A short human-readable account: levels, weights, predicates, statuses, sources."""
        out: list[str] = [f"{self.id}: {self.title} ({self.regulation})"]
        if self.source_file:
            out.append(f"  file: {self.source_file}")
        if self.weights_file:
            out.append(f"  custom weights: {self.weights_file}")
        levels = f"Levels {self.level_min}-{self.level_max}"
        if self.level_status:
            levels += f" [{self.level_status}]"
        out.append(levels + (f" -- {self.level_source}" if self.level_source else ""))

        out.append("")
        out.append("Weights (% of the index; index = sum(weight_i * level_i) / 100):")
        for d in self._domains.itertuples(index=False):
            out.append(
                f"  Domain {d.domain_no} {d.name}: {d.weight:g} "
                f"({d.n_indicators} indicators) [{d.status}] -- {d.source}"
            )
            for a in self._aspects[self._aspects["domain_no"] == d.domain_no].itertuples(
                index=False
            ):
                nos = self._indicators.loc[
                    self._indicators["aspect_no"] == a.aspect_no, "indicator_no"
                ].tolist()
                out.append(
                    f"    Aspect {a.aspect_no} {a.name}: {a.weight:g} "
                    f"(indicators {_ranges(nos)}) [{a.status}]"
                )
        out.append("  Indicators:")
        for nos, weight, status, source in _weight_groups(self._indicators):
            each = "" if len(nos) == 1 else " each"
            out.append(f"    {_ranges(nos)}: {weight:g}{each} [{status}] -- {source}")
        multi = self._indicators.loc[self._indicators["multi_instance"], "indicator_no"]
        if len(multi):
            out.append(
                f"  Multi-instance indicators (assessed once per system, e.g. "
                f"{int(multi.iloc[0])}-1, {int(multi.iloc[0])}-2): {_ranges(multi.tolist())}"
            )

        out.append("")
        out.append("Predicates (lower edge inclusive):")
        top = len(self._predicates) - 1
        for i, p in enumerate(self._predicates.itertuples(index=False)):
            upper = f"<={p.upper:g}" if i == top else f"<{p.upper:g}"
            out.append(f"  {p.name}: {p.lower:g} .. {upper} [{p.status}] -- {p.source}")

        out.append("")
        out.append("Level meanings:")
        for fam, group in self._level_meanings.groupby("family", sort=False):
            text = "; ".join(f"{r.level} {r.meaning}" for r in group.itertuples(index=False))
            statuses = "/".join(dict.fromkeys(group["status"].tolist()))
            out.append(f"  {fam}: {text} [{statuses}]")

        if self.has_criteria:
            crit = self._criteria
            out.append("")
            out.append(
                f"Level criteria: {len(crit)} (indicators "
                f"{_ranges(crit['indicator_no'].unique().tolist())}, levels "
                f"{int(crit['level'].min())}-{int(crit['level'].max())}) "
                f"[{self.criteria_status}] -- {self.criteria_source}"
            )
            out.extend(f"  - {note}" for note in self.criteria_notes)

        if self.notes:
            out.append("")
            out.append("Notes:")
            out.extend(f"  - {note}" for note in self.notes)
        return "\n".join(out)


def _ranges(numbers: Iterable[int]) -> str:
    nums = sorted(int(n) for n in numbers)
    parts: list[str] = []
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        parts.append(str(nums[i]) if i == j else f"{nums[i]}-{nums[j]}")
        i = j + 1
    return ", ".join(parts)


def _weight_groups(
    indicators: pd.DataFrame,
) -> list[tuple[list[int], float, str, str]]:
    """Consecutive indicators with the same weight and status, for describe()."""
    groups: list[tuple[list[int], float, str, str]] = []
    for r in indicators.itertuples(index=False):
        weight_source = str(r.source).split("; ")[0]
        if (
            groups
            and groups[-1][1] == r.weight
            and groups[-1][2] == r.status
            and groups[-1][0][-1] + 1 == r.indicator_no
            and groups[-1][3] == weight_source
        ):
            groups[-1][0].append(int(r.indicator_no))
        else:
            groups.append(([int(r.indicator_no)], float(r.weight), str(r.status), weight_source))
    return groups


# --------------------------------------------------------------------------- level criteria
#
# How a text is matched with the criteria, and why the thresholds are what they are:
# docs/criteria.md (measured on the Bontang 2018 seed and on ~7,400 perturbed criteria).

#: A text matches a level when its score for that level is at least this ...
MATCH_MIN = 0.8
#: ... and at least this much above every other level's score (else it is ambiguous).
MATCH_MARGIN = 0.03
#: :meth:`Framework.check_label` flags a label when the text's level scores at least this
#: much above the label's level.
LABEL_MARGIN = 0.15
#: A text cut short (it ends inside a criterion) is also scored against the criterion's
#: start, when that start is at least this share of the criterion ...
CUT_MIN_COVERAGE = 0.3
#: ... less this: a complete copy of one criterion outscores the start of a longer one.
CUT_PENALTY = 0.05
#: A text and a criterion of opposite polarity (one says "belum"/"tidak", the other not)
#: have their score multiplied by this: "Belum dilakukan X" is a reason, not criterion X.
NEGATION_FACTOR = 0.5
#: The words that make a text negative.
NEGATIONS = frozenset({"belum", "tidak", "tak", "bukan", "tanpa", "blm", "tdk"})
#: Words dropped before comparing ("Saudara" ends many criteria and is often left out).
_DROPPED = frozenset({"saudara"})
_WORD = re.compile(r"[0-9a-z]+")
_SCORE_DIGITS = 3
_CACHE_SIZE = 16384


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


@dataclass(frozen=True)
class LabelCheck:
    """A level label contradicted by its text: :meth:`Framework.check_label`.

    The text matches the criterion of ``text_level`` (score ``text_score``) clearly better
    than that of the label's level (``label_score``).  Never change the level on the
    strength of this: the published index follows the labels.
    """

    label_level: int
    text_level: int
    label_score: float
    text_score: float

    @property
    def margin(self) -> float:
        """text_score - label_score."""
        return round(self.text_score - self.label_score, _SCORE_DIGITS)

    def describe(self) -> str:
        """One line for a finding: ``labelled LEVEL 3, but the text is the level-4 ...``."""
        return (
            f"labelled LEVEL {self.label_level}, but the text is the level-{self.text_level} "
            f"criterion (match {self.text_score:.2f}; {self.label_score:.2f} for "
            f"level {self.label_level})"
        )


def _as_level(value: Any) -> int | None:
    """A level number from an int, an integral float, "3" or "LEVEL 3"; else None."""
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(?:level\s*)?(\d+)\s*", value, flags=re.IGNORECASE)
        return int(m.group(1)) if m else None
    return _as_no(value)


def _rounded(score: float) -> float:
    return round(score, _SCORE_DIGITS)


def _drop_repeats(words: list[str]) -> list[str]:
    """Words or phrases (up to 4 words) typed twice in a row, kept once: "SPBE SPBE",
    "dalam rencana kerja tahunan dalam rencana kerja tahunan"."""
    for n in (4, 3, 2, 1):
        if len(words) < 2 * n:
            continue
        i = 0
        while i + 2 * n <= len(words):
            if words[i : i + n] == words[i + n : i + 2 * n]:
                del words[i + n : i + 2 * n]
            else:
                i += 1
    return words


def _criterion_words(text: str) -> tuple[str, ...]:
    """``text`` normalised for comparison with criteria: the words, lower-cased and without
    accents, punctuation or "Saudara", with words typed twice in a row kept once."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    words = [w for w in _WORD.findall(plain) if w not in _DROPPED]
    return tuple(_drop_repeats(words))


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (a swap of neighbours counts 1), or limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


class _Variant:
    """One wording of one level's criterion, normalised once."""

    __slots__ = ("cum", "level", "neg_at", "total", "words")

    def __init__(self, level: int, words: tuple[str, ...]) -> None:
        self.level = level
        self.words = words
        self.cum = list(itertools.accumulate((len(w) + 1 for w in words), initial=0))
        self.total = self.cum[-1]
        # index of the first negation word (len(words) + 1 when there is none)
        self.neg_at = next((i for i, w in enumerate(words) if w in NEGATIONS), len(words) + 1)


class _IndicatorCriteria:
    """The normalised criteria of one indicator."""

    __slots__ = ("candidates", "levels", "typos", "variants", "vocabulary")

    def __init__(self, variants: list[_Variant]) -> None:
        self.variants = variants
        self.levels = sorted({v.level for v in variants})
        self.vocabulary = frozenset(w for v in variants for w in v.words) | (
            NEGATIONS - {"tak", "blm", "tdk"}
        )
        # typo candidates: (word, its letters), sorted so that ties resolve the same way
        self.candidates = [(w, frozenset(w)) for w in sorted(self.vocabulary) if len(w) >= 4]
        self.typos: dict[str, str] = {}

    def fix(self, word: str) -> str:
        """``word``, or the criteria's word it is a small typo of (one edit; two for words of
        8 letters or more)."""
        if word in self.vocabulary or len(word) < 4 or word.isdigit():
            return word
        hit = self.typos.get(word)
        if hit is None:
            limit = 1 if len(word) < 8 else 2
            letters = frozenset(word)
            best = (limit + 1, word)
            for cand, cand_letters in self.candidates:
                # each edit changes at most two letters of the set: a cheap first sieve
                if abs(len(cand) - len(word)) <= limit and len(letters ^ cand_letters) <= 2 * limit:
                    dist = _edit_distance(word, cand, limit)
                    best = min(best, (dist, cand))
            hit = best[1] if best[0] <= limit else word
            if len(self.typos) < _CACHE_SIZE:
                self.typos[word] = hit
        return hit


class _CriteriaIndex:
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
            text = _native(r.evidence_guidance)
            if text and int(r.indicator_no) not in guidance:
                guidance[int(r.indicator_no)] = str(text)
        self.guidance: Mapping[int, str] = MappingProxyType(guidance)
        self._frame = frame
        self._by_no: dict[int, _IndicatorCriteria] | None = None
        self._lock = threading.Lock()
        self.match = lru_cache(maxsize=_CACHE_SIZE)(self._match)

    def _match(
        self, indicator_no: int, text: str
    ) -> tuple[Mapping[int, float], tuple[int, float, Mapping[int, float], float] | None]:
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

    def _indicators(self) -> dict[int, _IndicatorCriteria]:
        if self._by_no is None:
            with self._lock:
                if self._by_no is None:
                    self._by_no = self._build()
        return self._by_no

    def _build(self) -> dict[int, _IndicatorCriteria]:
        variants: dict[int, list[_Variant]] = {}
        for r in self._frame.itertuples(index=False):
            seen: set[tuple[str, ...]] = set()
            for text in (r.criterion, r.alt_criterion, r.level_explanation):
                text = _native(text)
                words = _criterion_words(str(text)) if text else ()
                if words and words not in seen:
                    seen.add(words)
                    variants.setdefault(int(r.indicator_no), []).append(
                        _Variant(int(r.level), words)
                    )
        return {no: _IndicatorCriteria(vs) for no, vs in variants.items()}

    def _scores(self, indicator_no: int, text: str) -> dict[int, float] | None:
        """Level -> score of ``text`` (unrounded), or None (no criteria, no words)."""
        crit = self._indicators().get(indicator_no)
        if crit is None:
            return None
        words = tuple(crit.fix(w) for w in _criterion_words(text))
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
            score = _score(words, positions, cum, negative, variant)
            if score > best:
                out[variant.level] = score
        return out


def _matching_blocks(
    a: tuple[str, ...], positions: Mapping[str, list[int]], n_b: int
) -> list[tuple[int, int, int]]:
    """The matching blocks (i, j, size) of ``a`` and a word sequence ``b`` given by the
    positions of its words, in order: :meth:`difflib.SequenceMatcher.get_matching_blocks`
    without junk (the same blocks), without its overhead."""
    occurrences = [positions.get(w) for w in a]
    blocks: list[tuple[int, int, int]] = []
    todo = [(0, len(a), 0, n_b)]
    while todo:
        alo, ahi, blo, bhi = todo.pop()
        besti, bestj, best = alo, blo, 0
        run: dict[int, int] = {}
        for i in range(alo, ahi):
            js = occurrences[i]
            if js is None:
                run = {}
                continue
            new_run: dict[int, int] = {}
            for j in js:
                if j < blo:
                    continue
                if j >= bhi:
                    break
                k = new_run[j] = run.get(j - 1, 0) + 1
                if k > best:
                    besti, bestj, best = i - k + 1, j - k + 1, k
            run = new_run
        if best:
            blocks.append((besti, bestj, best))
            if alo < besti and blo < bestj:
                todo.append((alo, besti, blo, bestj))
            if besti + best < ahi and bestj + best < bhi:
                todo.append((besti + best, ahi, bestj + best, bhi))
    blocks.sort()
    return blocks


def _score(
    words: tuple[str, ...],
    positions: Mapping[str, list[int]],
    cum: list[int],
    negative: bool,
    variant: _Variant,
) -> float:
    """How well the text (``words``; ``positions`` indexes them) copies one criterion wording.

    Dice similarity of the word sequences, each word weighing its length + 1:
    2 * matched / (text + criterion).  When the text ends inside the criterion (a cut)
    and covers at least CUT_MIN_COVERAGE of it, it is also compared with the criterion's
    start up to that point, less CUT_PENALTY; the better of the two counts.  Opposite
    polarity multiplies by NEGATION_FACTOR.
    """
    if variant.words == words:
        return 1.0
    matched = 0
    last_a = last_b = -1
    for a, b, size in _matching_blocks(variant.words, positions, len(words)):
        matched += cum[b + size] - cum[b]
        last_a, last_b = a + size, b + size
    if last_a < 0:
        return 0.0
    n, crit = len(words), variant.words
    full = 2 * matched / (cum[-1] + variant.total)
    if negative != (variant.neg_at < len(crit)):
        full *= NEGATION_FACTOR
    # the text's last word cut inside a word of the criterion: "... pusat data nasio"
    if last_b == n - 1 and last_a < len(crit) and crit[last_a].startswith(words[-1]):
        matched += cum[n] - cum[n - 1]
        last_a, last_b = last_a + 1, n
    if last_b != n or last_a >= len(crit):
        return full
    covered = variant.cum[last_a]
    if covered < CUT_MIN_COVERAGE * variant.total:
        return full
    cut = 2 * matched / (cum[-1] + covered) - CUT_PENALTY
    if negative != (variant.neg_at < last_a):
        cut *= NEGATION_FACTOR
    return max(full, cut)


# --------------------------------------------------------------------------- parsing


class _Reader:
    """Typed access to a TOML table, with errors naming the file and key."""

    def __init__(self, file: str) -> None:
        self.file = file

    def error(self, where: str | None, message: str) -> FrameworkError:
        return FrameworkError(message, file=self.file, where=where)

    def table(
        self,
        obj: Any,
        where: str,
        required: Iterable[str],
        optional: Iterable[str] = (),
    ) -> dict[str, Any]:
        if not isinstance(obj, dict):
            raise self.error(where, f"expected a table, found {type(obj).__name__}")
        required = list(required)
        allowed = set(required) | set(optional)
        unknown = sorted(set(obj) - allowed)
        if unknown:  # first: a misspelt key also shows up as a missing one
            raise self.error(
                where,
                f"unknown key(s): {', '.join(unknown)} (allowed: {', '.join(sorted(allowed))})",
            )
        missing = [key for key in required if key not in obj]
        if missing:
            raise self.error(where, f"missing key(s): {', '.join(missing)}")
        return obj

    def str_(self, obj: dict[str, Any], key: str, where: str, *, empty: bool = False) -> str:
        value = obj[key]
        if not isinstance(value, str):
            raise self.error(f"{where}.{key}", f"expected a string, found {value!r}")
        if not empty and not value.strip():
            raise self.error(f"{where}.{key}", "must not be empty")
        return value

    def int_(self, obj: dict[str, Any], key: str, where: str) -> int:
        value = obj[key]
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(f"{where}.{key}", f"expected an integer, found {value!r}")
        return value

    def num(self, obj: dict[str, Any], key: str, where: str) -> float:
        value = obj[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error(f"{where}.{key}", f"expected a number, found {value!r}")
        value = float(value)
        if not math.isfinite(value):
            raise self.error(f"{where}.{key}", f"expected a finite number, found {value!r}")
        return value

    def status(self, obj: dict[str, Any], where: str) -> str:
        value = self.str_(obj, "status", where)
        if value not in STATUSES:
            raise self.error(
                f"{where}.status",
                f"{value!r} is not a status (one of: {', '.join(STATUSES)})",
            )
        return value

    def array(self, obj: dict[str, Any], key: str) -> list[Any]:
        value = obj.get(key)
        if not isinstance(value, list) or not value:
            raise self.error(key, f"expected a non-empty array of tables [[{key}]]")
        return value


def _number_list(reader: _Reader, value: Any, where: str) -> list[int]:
    """``"1-7"``, ``7``, ``[1, 2, "5-7"]`` -> the listed numbers, in order."""
    items = value if isinstance(value, list) else [value]
    numbers: list[int] = []
    for item in items:
        if isinstance(item, int) and not isinstance(item, bool):
            numbers.append(item)
            continue
        if isinstance(item, str):
            text = item.replace("–", "-").strip()
            lo, sep, hi = text.partition("-")
            if lo.strip().isdigit() and (not sep or hi.strip().isdigit()):
                a = int(lo)
                b = int(hi) if sep else a
                if b >= a:
                    numbers.extend(range(a, b + 1))
                    continue
        raise reader.error(where, f'{item!r} is not an indicator number or a range such as "1-7"')
    return numbers


def _parse_framework(
    data: bytes,
    file: str,
    expected_id: str | None,
    *,
    sibling: Callable[[str], tuple[str, bytes]] | None = None,
) -> Framework:
    """Parse a framework TOML file; ``sibling(name)`` reads a file it names (the criteria)."""
    rd = _Reader(file)
    try:
        doc = tomllib.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise rd.error(None, f"not UTF-8 text: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise rd.error(None, f"not valid TOML: {exc}") from exc

    rd.table(
        doc,
        "top level",
        required=(
            "id",
            "title",
            "regulation",
            "levels",
            "level_meanings",
            "predicates",
            "domains",
            "aspects",
            "indicators",
        ),
        optional=("format", "notes", "criteria"),
    )
    fmt = doc.get("format", FORMAT_VERSION)
    if fmt != FORMAT_VERSION:
        raise rd.error("format", f"format {fmt!r} is not supported (expected {FORMAT_VERSION})")
    fw_id = rd.str_(doc, "id", "top level")
    if expected_id is not None and fw_id != expected_id:
        raise rd.error("id", f"id {fw_id!r} does not match the file name {expected_id!r}")
    notes = doc.get("notes", [])
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        raise rd.error("notes", "expected an array of strings")

    # -- levels
    lv = rd.table(doc["levels"], "levels", required=("min", "max", "status", "source"))
    level_min = rd.int_(lv, "min", "levels")
    level_max = rd.int_(lv, "max", "levels")
    if not (0 <= level_min < level_max <= 100):
        raise rd.error(
            "levels",
            f"level range {level_min}..{level_max} is not sane (need 0 <= min < max <= 100)",
        )
    level_status = rd.status(lv, "levels")
    level_source = rd.str_(lv, "source", "levels")

    # -- level meanings
    meanings: list[dict[str, Any]] = []
    seen_meaning: dict[tuple[str, int], str] = {}
    for i, raw in enumerate(rd.array(doc, "level_meanings")):
        where = f"level_meanings[{i}]"
        obj = rd.table(raw, where, required=("family", "level", "meaning", "status", "source"))
        family = rd.str_(obj, "family", where)
        level = rd.int_(obj, "level", where)
        if not level_min <= level <= level_max:
            raise rd.error(f"{where}.level", f"level {level} is outside {level_min}..{level_max}")
        if (family, level) in seen_meaning:
            raise rd.error(
                where,
                f"family {family!r} level {level} is given twice "
                f"(also {seen_meaning[family, level]})",
            )
        seen_meaning[family, level] = where
        meanings.append(
            {
                "family": family,
                "level": level,
                "meaning": rd.str_(obj, "meaning", where),
                "status": rd.status(obj, where),
                "source": rd.str_(obj, "source", where),
            }
        )
    families = {m["family"] for m in meanings} - {"all"}

    # -- predicates
    predicates: list[dict[str, Any]] = []
    for i, raw in enumerate(rd.array(doc, "predicates")):
        where = f"predicates[{i}]"
        obj = rd.table(raw, where, required=("name", "lower", "upper", "status", "source"))
        name = rd.str_(obj, "name", where)
        where = f"predicates[{i}] ({name})"
        lower = rd.num(obj, "lower", where)
        upper = rd.num(obj, "upper", where)
        if not lower < upper:
            raise rd.error(where, f"lower edge {lower:g} is not below upper edge {upper:g}")
        predicates.append(
            {
                "name": name,
                "lower": lower,
                "upper": upper,
                "status": rd.status(obj, where),
                "source": rd.str_(obj, "source", where),
            }
        )
    _check_predicates(rd, predicates, level_max)

    # -- domains
    domains: dict[int, dict[str, Any]] = {}
    for i, raw in enumerate(rd.array(doc, "domains")):
        where = f"domains[{i}]"
        obj = rd.table(raw, where, required=("no", "name", "weight", "status", "source"))
        no = rd.int_(obj, "no", where)
        where = f"domains[{i}] (domain {no})"
        if no in domains:
            raise rd.error(where, f"domain number {no} is used twice")
        domains[no] = {
            "domain_no": no,
            "name": rd.str_(obj, "name", where),
            "weight": rd.num(obj, "weight", where),
            "status": rd.status(obj, where),
            "source": rd.str_(obj, "source", where),
        }

    # -- aspects
    aspects: dict[int, dict[str, Any]] = {}
    listed_in: dict[int, int] = {}  # indicator -> the aspect listing it
    for i, raw in enumerate(rd.array(doc, "aspects")):
        where = f"aspects[{i}]"
        obj = rd.table(
            raw,
            where,
            required=("no", "name", "domain", "indicators", "weight", "status", "source"),
        )
        no = rd.int_(obj, "no", where)
        where = f"aspects[{i}] (aspect {no})"
        if no in aspects:
            raise rd.error(where, f"aspect number {no} is used twice")
        domain = rd.int_(obj, "domain", where)
        if domain not in domains:
            raise rd.error(f"{where}.domain", f"domain {domain} is not defined in [[domains]]")
        for ind in _number_list(rd, obj["indicators"], f"{where}.indicators"):
            if ind in listed_in:
                other = listed_in[ind]
                raise rd.error(
                    f"{where}.indicators",
                    f"indicator {ind} is listed in aspect {other} and in aspect {no}: "
                    "an indicator belongs to exactly one aspect",
                )
            listed_in[ind] = no
        aspects[no] = {
            "aspect_no": no,
            "name": rd.str_(obj, "name", where),
            "domain_no": domain,
            "weight": rd.num(obj, "weight", where),
            "status": rd.status(obj, where),
            "source": rd.str_(obj, "source", where),
        }

    # -- indicators
    indicators: dict[int, dict[str, Any]] = {}
    for i, raw in enumerate(rd.array(doc, "indicators")):
        where = f"indicators[{i}]"
        obj = rd.table(
            raw,
            where,
            required=(
                "no",
                "name",
                "question",
                "domain",
                "aspect",
                "weight",
                "status",
                "source",
            ),
            optional=("family", "multi_instance"),
        )
        no = rd.int_(obj, "no", where)
        where = f"indicators[{i}] (indicator {no})"
        if no in indicators:
            raise rd.error(where, f"indicator number {no} is used twice")
        if no < 1:
            raise rd.error(f"{where}.no", "indicator numbers start at 1")
        aspect = rd.int_(obj, "aspect", where)
        domain = rd.int_(obj, "domain", where)
        if aspect not in aspects:
            raise rd.error(f"{where}.aspect", f"aspect {aspect} is not defined in [[aspects]]")
        if listed_in.get(no) != aspect:
            listed = (
                f"aspect {listed_in[no]} lists it"
                if no in listed_in
                else "no aspect lists it in its `indicators`"
            )
            raise rd.error(f"{where}.aspect", f"says aspect {aspect}, but {listed}")
        if aspects[aspect]["domain_no"] != domain:
            raise rd.error(
                f"{where}.domain",
                f"says domain {domain}, but its aspect {aspect} belongs to domain "
                f"{aspects[aspect]['domain_no']}",
            )
        weight = rd.num(obj, "weight", where)
        if weight < 0:
            raise rd.error(f"{where}.weight", f"weight {weight:g} is negative")
        family = None
        if "family" in obj:
            family = rd.str_(obj, "family", where)
            if family not in families:
                raise rd.error(
                    f"{where}.family",
                    f"family {family!r} has no [[level_meanings]]"
                    + (f" (families: {', '.join(sorted(families))})" if families else ""),
                )
        multi = obj.get("multi_instance", False)
        if not isinstance(multi, bool):
            raise rd.error(f"{where}.multi_instance", f"expected true or false, found {multi!r}")
        indicators[no] = {
            "indicator_no": no,
            "name": rd.str_(obj, "name", where),
            "question": rd.str_(obj, "question", where, empty=True),
            "domain_no": domain,
            "aspect_no": aspect,
            "weight": weight,
            "multi_instance": multi,
            "family": family,
            "status": rd.status(obj, where),
            "source": rd.str_(obj, "source", where),
        }
    never = sorted(set(listed_in) - set(indicators))
    if never:
        raise rd.error(
            "aspects",
            f"indicator(s) {_ranges(never)} listed by an aspect are not defined in [[indicators]]",
        )

    _check_weights(rd, domains, aspects, indicators, stored=True)
    criteria: list[dict[str, Any]] = []
    criteria_fields: dict[str, Any] = {}
    if "criteria" in doc:
        criteria, criteria_fields = _parse_criteria(
            rd, doc["criteria"], sibling, set(indicators), level_min, level_max
        )
    return _build(
        id=fw_id,
        title=rd.str_(doc, "title", "top level"),
        regulation=rd.str_(doc, "regulation", "top level"),
        level_min=level_min,
        level_max=level_max,
        notes=tuple(notes),
        level_status=level_status,
        level_source=level_source,
        source_file=file,
        weights_file=None,
        domains=domains,
        aspects=aspects,
        indicators=indicators,
        predicates=predicates,
        meanings=meanings,
        criteria=criteria,
        **criteria_fields,
    )


_CRITERIA_REQUIRED = ("indicator_no", "level", "criterion")
_CRITERIA_PER_INDICATOR = ("indicator_explanation", "evidence_guidance")


def _parse_criteria(
    rd: _Reader,
    raw: Any,
    sibling: Callable[[str], tuple[str, bytes]] | None,
    indicator_nos: set[int],
    level_min: int,
    level_max: int,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The ``[criteria]`` table and the CSV file it names: (rows, Framework fields)."""
    obj = rd.table(raw, "criteria", required=("file", "status", "source"), optional=("notes",))
    name = rd.str_(obj, "file", "criteria")
    status = rd.status(obj, "criteria")
    source = rd.str_(obj, "source", "criteria")
    notes = obj.get("notes", [])
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        raise rd.error("criteria.notes", "expected an array of strings")
    if sibling is None:
        raise rd.error("criteria.file", f"cannot read {name!r}: the framework has no folder")
    try:
        csv_file, data = sibling(name)
    except OSError as exc:
        raise rd.error("criteria.file", f"cannot read the criteria file {name!r}: {exc}") from exc
    rows = _read_criteria(data, csv_file, indicator_nos, level_min, level_max, source)
    fields = {
        "criteria_status": status,
        "criteria_source": source,
        "criteria_file": csv_file,
        "criteria_notes": tuple(notes),
    }
    return rows, fields


def _read_criteria(
    data: bytes,
    file: str,
    indicator_nos: set[int],
    level_min: int,
    level_max: int,
    default_source: str,
) -> list[dict[str, Any]]:
    """The rows of a criteria CSV file, checked; errors name the file and the line.

    Columns: indicator_no, level, criterion (required); level_explanation,
    indicator_explanation, evidence_guidance, alt_criterion, source (optional); any other
    column (source notes such as seed_agrees) is ignored.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FrameworkError(f"not UTF-8 text: {exc}", file=file) from exc
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in _CRITERIA_REQUIRED if c not in header]
    if missing:
        raise FrameworkError(
            f"the header must name the columns {', '.join(_CRITERIA_REQUIRED)} "
            f"(missing: {', '.join(missing)})",
            file=file,
            where="line 1",
        )
    reader.fieldnames = header
    rows: list[dict[str, Any]] = []
    seen: dict[tuple[int, int], int] = {}
    per_indicator: dict[tuple[int, str], tuple[str, int]] = {}
    for raw in reader:
        line = reader.line_num
        where = f"line {line}"
        cells = {k: (v or "").strip() for k, v in raw.items() if isinstance(k, str)}
        if not any(cells.values()):
            continue
        no = _as_no(cells["indicator_no"])
        if no is None or no not in indicator_nos:
            raise FrameworkError(
                f"{cells['indicator_no']!r} is not an indicator of the framework",
                file=file,
                where=where,
            )
        level = _as_no(cells["level"])
        if level is None or not level_min <= level <= level_max:
            raise FrameworkError(
                f"level {cells['level']!r} of indicator {no} is outside {level_min}..{level_max}",
                file=file,
                where=where,
            )
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
        for key in _CRITERIA_PER_INDICATOR:
            value = cells.get(key, "")
            if not value:
                continue
            first = per_indicator.setdefault((no, key), (value, line))
            if first[0] != value:
                raise FrameworkError(
                    f"{key} of indicator {no} differs from the one on line {first[1]} "
                    "(it is one text per indicator)",
                    file=file,
                    where=where,
                )
        row: dict[str, Any] = {key: (cells.get(key) or None) for key in CRITERIA_COLUMNS}
        row.update(indicator_no=no, level=level, criterion=cells["criterion"])
        row["source"] = row["source"] or default_source
        rows.append(row)
    rows.sort(key=lambda r: (r["indicator_no"], r["level"]))
    return rows


def _check_predicates(rd: _Reader, bands: list[dict[str, Any]], level_max: int) -> None:
    names = [b["name"] for b in bands]
    for name in names:
        if names.count(name) > 1:
            raise rd.error("predicates", f"predicate {name!r} is given twice")
    ordered = sorted(bands, key=lambda b: (b["lower"], b["upper"]))
    eps = SCORE_TOLERANCE
    if abs(ordered[0]["lower"]) > eps:
        raise rd.error(
            "predicates",
            f"predicate bands leave a gap: 0 .. {ordered[0]['lower']:g} is in no band "
            f"(the lowest, {ordered[0]['name']!r}, starts at {ordered[0]['lower']:g})",
        )
    for below, above in itertools.pairwise(ordered):
        if above["lower"] > below["upper"] + eps:
            raise rd.error(
                "predicates",
                f"predicate bands leave a gap between {below['upper']:g} "
                f"(end of {below['name']!r}) and {above['lower']:g} "
                f"(start of {above['name']!r})",
            )
        if above["lower"] < below["upper"] - eps:
            raise rd.error(
                "predicates",
                f"predicate bands {below['name']!r} ({below['lower']:g}-{below['upper']:g}) "
                f"and {above['name']!r} ({above['lower']:g}-{above['upper']:g}) overlap",
            )
    if abs(ordered[-1]["upper"] - level_max) > eps:
        raise rd.error(
            "predicates",
            f"predicate bands must end at the top level {level_max}; the highest, "
            f"{ordered[-1]['name']!r}, ends at {ordered[-1]['upper']:g}",
        )
    bands[:] = ordered


def _check_weights(
    rd: _Reader,
    domains: dict[int, dict[str, Any]],
    aspects: dict[int, dict[str, Any]],
    indicators: dict[int, dict[str, Any]],
    *,
    stored: bool,
) -> None:
    """Fill n_indicators; check (stored=True) or set (False) aspect and domain weights."""
    total = math.fsum(ind["weight"] for ind in indicators.values())
    if abs(total - WEIGHT_TOTAL) > WEIGHT_TOLERANCE:
        raise rd.error("indicators", f"indicator weights sum to {total:.6g}, not {WEIGHT_TOTAL:g}")
    for kind, table, key in (("aspect", aspects, "aspect_no"), ("domain", domains, "domain_no")):
        for no, row in table.items():
            members = [ind for ind in indicators.values() if ind[key] == no]
            if not members:
                raise rd.error(f"{kind} {no}", f"{kind} {no} has no indicators")
            row["n_indicators"] = len(members)
            summed = math.fsum(ind["weight"] for ind in members)
            if not stored:
                row["weight"] = summed
            elif abs(row["weight"] - summed) > WEIGHT_TOLERANCE:
                raise rd.error(
                    f"{kind} {no}",
                    f"{kind} weight {row['weight']:g} is not the sum of its indicators' "
                    f"weights ({summed:.6g}, indicators "
                    f"{_ranges(ind['indicator_no'] for ind in members)})",
                )


def _build(
    *,
    domains: dict[int, dict[str, Any]],
    aspects: dict[int, dict[str, Any]],
    indicators: dict[int, dict[str, Any]],
    predicates: list[dict[str, Any]],
    meanings: list[dict[str, Any]],
    criteria: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> Framework:
    ind_rows = [indicators[no] for no in sorted(indicators)]
    ind_frame = _frame(ind_rows, INDICATOR_COLUMNS)
    criteria_frame = _frame(criteria or [], CRITERIA_COLUMNS)
    rows = MappingProxyType(
        {
            int(r["indicator_no"]): MappingProxyType(
                {key: _native(r[key]) for key in INDICATOR_COLUMNS}
            )
            for r in ind_rows
        }
    )
    return Framework(
        **fields,
        _weights=tuple((int(r["indicator_no"]), float(r["weight"])) for r in ind_rows),
        _domains=_frame([domains[no] for no in sorted(domains)], DOMAIN_COLUMNS),
        _aspects=_frame([aspects[no] for no in sorted(aspects)], ASPECT_COLUMNS),
        _indicators=ind_frame,
        _predicates=_frame(predicates, PREDICATE_COLUMNS),
        _level_meanings=_frame(meanings, LEVEL_MEANING_COLUMNS),
        _rows=rows,
        _criteria=criteria_frame,
        _criteria_index=_CriteriaIndex(criteria_frame),
    )


# --------------------------------------------------------------------------- weights CSV


def _parse_decimal(text: str) -> float:
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


def _read_weights(path: Path, framework: Framework) -> dict[int, tuple[float, int]]:
    """indicator_no -> (weight, line) from a custom weights CSV."""
    file = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FrameworkError(f"cannot read the weights file: {exc}", file=file) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FrameworkError(f"not UTF-8 text: {exc}", file=file) from exc
    lines = text.splitlines()
    header_idx = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_idx is None:
        raise FrameworkError("the weights file is empty", file=file)
    header_line = lines[header_idx]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    weights: dict[int, tuple[float, int]] = {}
    col_no = col_w = -1
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if col_no < 0:  # the header
            names = [cell.strip().lower() for cell in row]
            if "indicator_no" not in names or "weight" not in names:
                raise FrameworkError(
                    f"the header must name the columns indicator_no and weight "
                    f"(found {', '.join(repr(c) for c in row)})",
                    file=file,
                    where=f"line {line}",
                )
            col_no, col_w = names.index("indicator_no"), names.index("weight")
            continue
        where = f"line {line}"
        if len(row) <= max(col_no, col_w):
            raise FrameworkError(
                f"expected indicator_no and weight, found {delimiter.join(row)!r}",
                file=file,
                where=where,
            )
        no_text, w_text = row[col_no].strip(), row[col_w].strip()
        no = _as_no(no_text)
        if no is None:
            try:
                as_float = _parse_decimal(no_text)
            except ValueError:
                as_float = math.nan
            no = int(as_float) if as_float.is_integer() else None
        if no is None:
            hint = ""
            if "-" in no_text:
                hint = (
                    " (give the indicator number: the instances of an indicator share its weight)"
                )
            raise FrameworkError(
                f"{no_text!r} is not an indicator number{hint}", file=file, where=where
            )
        if not framework.has_indicator(no):
            raise FrameworkError(f"{framework.id} has no indicator {no}", file=file, where=where)
        if no in weights:
            raise FrameworkError(
                f"indicator {no} is given twice (also on line {weights[no][1]})",
                file=file,
                where=where,
            )
        try:
            weight = _parse_decimal(w_text)
        except ValueError:
            raise FrameworkError(
                f"weight {w_text!r} of indicator {no} is not a number", file=file, where=where
            ) from None
        if weight < 0:
            raise FrameworkError(
                f"weight {w_text} of indicator {no} is negative", file=file, where=where
            )
        weights[no] = (weight, line)
    if col_no < 0:  # pragma: no cover - a non-blank line always exists here
        raise FrameworkError("the weights file has no header", file=file)
    missing = [no for no, _ in framework._weights if no not in weights]
    if missing:
        raise FrameworkError(
            f"indicator(s) {_ranges(missing)} missing: the file must give every indicator "
            f"of {framework.id} exactly once",
            file=file,
        )
    total = math.fsum(w for w, _ in weights.values())
    if abs(total - WEIGHT_TOTAL) > WEIGHT_TOLERANCE:
        raise FrameworkError(
            f"weights sum to {total:.6g}, not {WEIGHT_TOTAL:g} (+- {WEIGHT_TOLERANCE:g})",
            file=file,
        )
    return weights


def _apply_weights(base: Framework, path: Path) -> Framework:
    weights = _read_weights(path, base)
    file = str(path)
    indicators = {
        int(r["indicator_no"]): {key: _native(r[key]) for key in INDICATOR_COLUMNS}
        for r in base._indicators.to_dict("records")
    }
    for no, row in indicators.items():
        weight, line = weights[no]
        row["weight"] = weight
        row["status"] = CUSTOM_STATUS
        row["source"] = f"weights file {file}, line {line}"
    domains = {
        int(r["domain_no"]): {key: _native(r[key]) for key in DOMAIN_COLUMNS}
        for r in base._domains.to_dict("records")
    }
    aspects = {
        int(r["aspect_no"]): {key: _native(r[key]) for key in ASPECT_COLUMNS}
        for r in base._aspects.to_dict("records")
    }
    for table in (domains, aspects):
        for row in table.values():
            row["status"] = "derived"
            row["source"] = f"sum of its indicators' weights from the weights file {file}"
    _check_weights(_Reader(file), domains, aspects, indicators, stored=False)
    return _build(
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
        source_file=base.source_file,
        weights_file=file,
        domains=domains,
        aspects=aspects,
        indicators=indicators,
        predicates=base._predicates.to_dict("records"),
        meanings=base._level_meanings.to_dict("records"),
        criteria=[
            {key: _native(r[key]) for key in CRITERIA_COLUMNS}
            for r in base._criteria.to_dict("records")
        ],
        criteria_status=base.criteria_status,
        criteria_source=base.criteria_source,
        criteria_file=base.criteria_file,
        criteria_notes=base.criteria_notes,
    )


# --------------------------------------------------------------------------- resolution

#: The year from which each packaged framework applies, for the last tie-break.
#: (Issue 14 moves this into each framework's data file, with its sources.)
_FIRST_YEAR = {"spbe2018": 2018, "spbe2020": 2021}


@cache
def _names_by_number(framework: Framework) -> dict[int, str]:
    """The catalog's indicator names by number (``Framework.indicators`` copies a frame)."""
    return {int(no): row["name"] for no, row in framework._rows.items()}


def resolve_framework(
    requested: str | Framework | None = None,
    *,
    declared: str | None = None,
    indicator_numbers: Iterable[int] = (),
    indicator_names: Iterable[tuple[int, str]] = (),
    year: int | None = None,
) -> Framework:
    """The framework a workbook (or a frame of levels) is read, scored and written under.

    The one policy every layer uses, in order:

    1. ``requested`` (the caller's ``framework=``), an id or an object, always wins;
    2. ``declared`` (a Book's own ``meta.framework``), if its catalog holds every number;
    3. the packaged frameworks whose catalog holds every indicator number: one is the answer
       (none: the one with the most indicators);
    4. among several, the one whose indicator names the ``(number, name)`` pairs resemble
       most (each pair a vote; a tie decides nothing);
    5. the evaluation ``year``: the latest framework that applies from that year;
       without a year, the oldest.
    """
    if isinstance(requested, Framework):
        return requested
    if requested is not None:
        return load(requested)
    numbers = set(indicator_numbers)
    if declared:
        try:
            own = load(declared)
        except FrameworkError:
            own = None
        if own is not None and all(own.has_indicator(n) for n in numbers):
            return own
    packaged = [load(framework_id) for framework_id in available()]
    candidates = [f for f in packaged if all(n in _names_by_number(f) for n in numbers)]
    if not candidates:
        return max(packaged, key=lambda f: max(_names_by_number(f), default=0))
    if len(candidates) == 1:
        return candidates[0]
    by_names = _vote_by_names(candidates, list(indicator_names))
    if by_names is not None:
        return by_names
    in_force = [f for f in candidates if year is not None and _FIRST_YEAR.get(f.id, 0) <= year]
    if in_force:
        return max(in_force, key=lambda f: _FIRST_YEAR.get(f.id, 0))
    return min(candidates, key=lambda f: _FIRST_YEAR.get(f.id, 0))


def _vote_by_names(candidates: list[Framework], names: list[tuple[int, str]]) -> Framework | None:
    """The candidate with the most names alike its catalog's, or None on a tie.

    Each framework gets one vote per pair whose name is like the catalog's name of that
    indicator.  Only which has most votes matters, so the votes are bounded first by the
    cheap exact matches (each distinct pair counted once, weighted by how often it occurs)
    and the fuzzy comparisons are made only until the bounds decide: the same answer as
    counting every vote, at a fraction of the comparisons.
    """
    low: dict[str, int] = {}  # votes certain so far
    pending: dict[str, list[tuple[str, str, int]]] = {}  # pairs still to compare
    by_id = {f.id: f for f in candidates}
    for f in candidates:
        known = _names_by_number(f)
        pairs: Counter[tuple[str, str]] = Counter()
        for number, name in names:
            catalog_name = known.get(number)
            if name and catalog_name:
                pairs[(name, catalog_name)] += 1
        low[f.id] = sum(n for (a, b), n in pairs.items() if a == b)
        pending[f.id] = [(a, b, n) for (a, b), n in pairs.items() if a != b]
    high = {k: low[k] + sum(n for _, _, n in pending[k]) for k in low}
    order = {f.id: i for i, f in enumerate(candidates)}

    def winner() -> str | None:
        for k in low:
            if all(low[k] > high[j] for j in low if j != k):
                return k
        return None

    while winner() is None:
        # Undecided: compare one more pair, of the framework with the widest bounds.
        framework_id = max(pending, key=lambda k: (high[k] - low[k], -order[k]))
        if not pending[framework_id]:
            break  # every pair compared: low == high
        a, b, n = pending[framework_id].pop()
        if names_alike(match_key(a), match_key(b)):
            low[framework_id] += n
        else:
            high[framework_id] -= n
    found = winner()
    return by_id[found] if found is not None else None
