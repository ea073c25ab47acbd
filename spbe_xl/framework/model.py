"""The framework model: the read-only :class:`Framework`, its errors, statuses and tables.

Nothing here reads a file: :mod:`spbe_xl.framework.schema` builds a Framework from a
framework TOML file, :mod:`spbe_xl.framework.weights` from a custom weights CSV.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, NotRequired, SupportsIndex, TypedDict, cast

import pandas as pd

if TYPE_CHECKING:
    from spbe_xl.framework.criteria import CriteriaIndex, Criterion, LabelCheck, LevelMatch

#: The status marks a framework file may give a number.
STATUSES = ("confirmed", "from data", "derived", "open", "disputed")
#: The status of an indicator weight taken from a custom weights file.
CUSTOM_STATUS = "custom"

WEIGHT_TOTAL = 100.0
WEIGHT_TOLERANCE = 1e-6
#: Scores within this distance of a predicate band edge count as on the edge, so that float
#: sums such as 2.5999999999999996 get the predicate of 2.6.
SCORE_TOLERANCE = 1e-9

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
    "domain_no": "Int64",  # <NA> in a framework without domains (aspects at the top)
    "weight": "float64",
    "n_indicators": "int64",
    "status": "string",
    "source": "string",
}
INDICATOR_COLUMNS: dict[str, str] = {
    "indicator_no": "int64",
    "name": "string",
    "question": "string",
    "domain_no": "Int64",  # <NA> in a framework without domains
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
#: The columns of :attr:`Framework.externals` (one row per indicator valued from another
#: national index: Satu Data, geospatial, statistics ...).
EXTERNAL_COLUMNS: dict[str, str] = {
    "indicator_no": "int64",
    "index": "string",  # the other index, e.g. "Indeks Satu Data Indonesia (SDI)"
    "agency": "string",  # who publishes it, e.g. "Bappenas"
    "conversion": "string",  # the conversion in words, e.g. "1 + SDI/25"
    "offset": "float64",  # value = offset + factor * index (NaN: the conversion is not known)
    "factor": "float64",
    "missing_value": "float64",  # the value when the other index is missing (NaN: not known)
    "status": "string",
    "source": "string",
}
#: The value types of a framework: whole ``level``s (SPBE) or decimal ``score``s (Pemdi).
VALUE_TYPES = ("level", "score")
#: How published figures are rounded to two decimals.
ROUNDINGS = ("half-up", "half-even")

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
    # agree / differ / single source / suspect (criteria.CRITERION_STATUSES); <NA>: not stated
    "criterion_status": "string",
    "alt_source": "string",  # where alt_criterion comes from (<NA>: not stated)
}


# The rows of the tables above, as the schema and the weights file build them.
class DomainRow(TypedDict):
    domain_no: int
    name: str
    weight: float
    n_indicators: NotRequired[int]  # filled by the weight check
    status: str
    source: str


class AspectRow(TypedDict):
    aspect_no: int
    name: str
    domain_no: int | None
    weight: float
    n_indicators: NotRequired[int]  # filled by the weight check
    status: str
    source: str


class IndicatorRow(TypedDict):
    indicator_no: int
    name: str
    question: str
    domain_no: int | None
    aspect_no: int
    weight: float
    multi_instance: bool
    family: str | None
    status: str
    source: str


class ExternalRow(TypedDict):
    indicator_no: int
    index: str
    agency: str
    conversion: str
    offset: float
    factor: float
    missing_value: float
    status: str
    source: str


class PredicateRow(TypedDict):
    name: str
    lower: float
    upper: float
    status: str
    source: str


class LevelMeaningRow(TypedDict):
    family: str
    level: int
    meaning: str
    status: str
    source: str


class CriterionRow(TypedDict):
    indicator_no: int
    level: int
    criterion: str
    level_explanation: str | None
    indicator_explanation: str | None
    evidence_guidance: str | None
    alt_criterion: str | None
    source: str
    criterion_status: str | None
    alt_source: str | None


class FrameworkMeta(TypedDict):
    """The public fields of a :class:`Framework` (all but its tables)."""

    id: str
    title: str
    regulation: str
    level_min: int
    level_max: int
    notes: tuple[str, ...]
    level_status: str
    level_source: str
    first_round: int | None
    rounds_status: str
    rounds_source: str
    last_round: int | None
    last_round_status: str
    last_round_source: str
    source_file: str
    weights_file: str | None
    criteria_status: str
    criteria_source: str
    criteria_file: str | None
    criteria_notes: tuple[str, ...]
    value_type: NotRequired[str]
    value_decimals: NotRequired[int]
    rounding: NotRequired[str]
    value_status: NotRequired[str]
    value_source: NotRequired[str]
    title_words: NotRequired[tuple[str, ...]]


class ScaleMeta(TypedDict):
    """The value keys of ``[levels]`` (``value``, ``decimals``, ``rounding``), as
    :class:`Framework` fields."""

    value_type: str
    value_decimals: int
    rounding: str
    value_status: str
    value_source: str


#: A framework file whose ``[levels]`` names no value type: whole levels, half-up rounding.
LEVEL_SCALE = ScaleMeta(
    value_type="level", value_decimals=0, rounding="half-up", value_status="", value_source=""
)


class RoundsMeta(TypedDict):
    """The ``[rounds]`` table of a framework file, as :class:`Framework` fields."""

    first_round: int | None
    rounds_status: str
    rounds_source: str
    last_round: int | None
    last_round_status: str
    last_round_source: str


class CriteriaMeta(TypedDict):
    """The ``[criteria]`` table of a framework file, as :class:`Framework` fields."""

    criteria_status: str
    criteria_source: str
    criteria_file: str | None
    criteria_notes: tuple[str, ...]


#: A framework file without ``[rounds]``: it never wins on the year.
NO_ROUNDS = RoundsMeta(
    first_round=None,
    rounds_status="",
    rounds_source="",
    last_round=None,
    last_round_status="",
    last_round_source="",
)
#: A framework file without ``[criteria]``.
NO_CRITERIA = CriteriaMeta(
    criteria_status="", criteria_source="", criteria_file=None, criteria_notes=()
)


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


# --------------------------------------------------------------------------- values


def make_frame(records: Sequence[Mapping[str, Any]], columns: Mapping[str, str]) -> pd.DataFrame:
    """A frame of ``records`` with exactly ``columns`` (name -> dtype), indexed 0..n-1."""
    frame = pd.DataFrame.from_records(records, columns=list(columns))
    return frame.astype(columns).reset_index(drop=True)


def native(value: Any) -> Any:
    """A frame cell as a plain Python value: None for a missing one, int for a numpy int."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


def as_no(value: object) -> int | None:
    """``value`` as an indicator number, or None if it is not one."""
    if isinstance(value, bool):
        return None
    try:
        return operator.index(cast(SupportsIndex, value))
    except TypeError:
        pass
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _empty_externals() -> pd.DataFrame:
    return make_frame([], EXTERNAL_COLUMNS)


def ranges(numbers: Iterable[int]) -> str:
    """``[1, 2, 3, 5]`` -> ``"1-3, 5"``."""
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


# --------------------------------------------------------------------------- the object


@dataclass(frozen=True)
class Framework:
    """One evaluation framework, read-only.  Build it with :func:`spbe_xl.framework.load`.

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
    #: The year of the first evaluation round the framework applies to (the ``[rounds]``
    #: table), None when its file does not say: then it never wins on the year.
    first_round: int | None = field(default=None, kw_only=True)
    rounds_status: str = field(default="", kw_only=True)
    rounds_source: str = field(default="", kw_only=True)
    #: The year of the last evaluation round it applies to (``[rounds].last``), None when
    #: its file names none: then it applies to every year from its first round on.
    last_round: int | None = field(default=None, kw_only=True)
    last_round_status: str = field(default="", kw_only=True)
    last_round_source: str = field(default="", kw_only=True)
    source_file: str = field(default="", kw_only=True)
    weights_file: str | None = field(default=None, kw_only=True)
    #: The level criteria: where they come from ("" / None when the framework has none).
    criteria_status: str = field(default="", kw_only=True)
    criteria_source: str = field(default="", kw_only=True)
    criteria_file: str | None = field(default=None, kw_only=True)
    criteria_notes: tuple[str, ...] = field(default=(), kw_only=True)
    #: ``"level"``: an indicator's value is a whole level (SPBE); ``"score"``: a decimal
    #: from level_min to level_max with ``value_decimals`` decimals (Pemdi: 1.00-5.00).
    value_type: str = field(default="level", kw_only=True)
    value_decimals: int = field(default=0, kw_only=True)
    #: How published figures (index, aspect indices) are rounded: "half-up" or "half-even".
    rounding: str = field(default="half-up", kw_only=True)
    value_status: str = field(default="", kw_only=True)
    value_source: str = field(default="", kw_only=True)
    #: Words of a workbook title that name this framework's evaluation ("SPBE",
    #: "PEMERINTAH DIGITAL"): with no year, they tell a whole-level framework from a
    #: decimal one whose indicator numbers overlap (``framework.resolve``).
    title_words: tuple[str, ...] = field(default=(), kw_only=True)
    # (indicator_no, weight) pairs: makes two frameworks with different weights unequal
    _weights: tuple[tuple[int, float], ...] = field(kw_only=True, repr=False)
    _domains: pd.DataFrame = field(kw_only=True, repr=False, compare=False)
    _aspects: pd.DataFrame = field(kw_only=True, repr=False, compare=False)
    _indicators: pd.DataFrame = field(kw_only=True, repr=False, compare=False)
    _predicates: pd.DataFrame = field(kw_only=True, repr=False, compare=False)
    _level_meanings: pd.DataFrame = field(kw_only=True, repr=False, compare=False)
    # indicator_no -> its row as plain values: the per-indicator lookups, without pandas
    _rows: Mapping[int, Mapping[str, Any]] = field(kw_only=True, repr=False, compare=False)
    _criteria: pd.DataFrame = field(kw_only=True, repr=False, compare=False)
    _criteria_index: CriteriaIndex = field(kw_only=True, repr=False, compare=False)
    _externals: pd.DataFrame = field(
        kw_only=True, repr=False, compare=False, default_factory=lambda: _empty_externals()
    )
    _aliases: Mapping[int, tuple[str, ...]] = field(
        kw_only=True, repr=False, compare=False, default_factory=dict
    )

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

    @property
    def externals(self) -> pd.DataFrame:
        """indicator_no, index, agency, conversion, offset, factor, missing_value, status,
        source -- one row per indicator valued from another national index (empty for
        SPBE)."""
        return self._externals.copy()

    # -- the value scale -----------------------------------------------------------------
    @property
    def has_domains(self) -> bool:
        """Whether indicators are grouped in domains (SPBE) or aspects are the top (Pemdi)."""
        return len(self._domains) > 0

    @property
    def is_score(self) -> bool:
        """Whether indicator values are decimal scores (Pemdi) rather than whole levels."""
        return self.value_type == "score"

    @property
    def value_label(self) -> str:
        """What an indicator's value is called: "level" or "score"."""
        return "score" if self.is_score else "level"

    def value_range_text(self) -> str:
        """The value range as text: ``0-5`` (levels), ``1.00-5.00`` (scores)."""
        if self.is_score:
            d = self.value_decimals
            return f"{self.level_min:.{d}f}-{self.level_max:.{d}f}"
        return f"{self.level_min}-{self.level_max}"

    def publish(self, value: float | None) -> float:
        """``value`` rounded to two decimals as the framework's results are published
        (:attr:`rounding`); float noise below 1e-9 is removed first.  NaN / None give NaN."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return math.nan
        cleaned = Decimal(repr(round(float(value), 9)))
        mode = ROUND_HALF_EVEN if self.rounding == "half-even" else ROUND_HALF_UP
        return float(cleaned.quantize(Decimal("0.01"), rounding=mode))

    def external(self, indicator_no: int) -> dict[str, Any] | None:
        """The other index an indicator is valued from (a row of :attr:`externals` as plain
        values), None when it is assessed on its own evidence."""
        no = self._no(indicator_no)
        hit = self._externals[self._externals["indicator_no"] == no]
        if not len(hit):
            return None
        return {key: native(value) for key, value in hit.iloc[0].items()}

    def convert_external(self, indicator_no: int, index_value: float | None) -> float | None:
        """The indicator value of another index's value (``offset + factor * value``,
        clipped to the value range); its ``missing_value`` when ``index_value`` is None.
        None when the framework does not state the conversion (or the missing value)."""
        ext = self.external(indicator_no)
        if ext is None:
            raise ValueError(f"{self.id} indicator {indicator_no} is not valued from another index")
        if index_value is None:
            missing = ext["missing_value"]
            return None if missing is None else float(missing)
        if ext["offset"] is None or ext["factor"] is None:
            return None
        value = float(ext["offset"]) + float(ext["factor"]) * float(index_value)
        return min(max(value, float(self.level_min)), float(self.level_max))

    def aliases(self, indicator_no: int) -> tuple[str, ...]:
        """Other names an indicator goes by (longer official wordings), possibly none."""
        return tuple(self._aliases.get(self._no(indicator_no), ()))

    # -- lookups ------------------------------------------------------------------------
    def _row(self, indicator_no: object) -> Mapping[str, Any]:
        no = as_no(indicator_no)
        if no is None or no not in self._rows:
            raise UnknownIndicatorError(
                f"{self.id} has no indicator {indicator_no!r} "
                f"(indicators are numbered {min(self._rows)}-{max(self._rows)})"
            )
        return self._rows[no]

    def _no(self, indicator_no: object) -> int:
        """The indicator's number; :class:`UnknownIndicatorError` if there is none."""
        return int(self._row(indicator_no)["indicator_no"])

    def has_indicator(self, indicator_no: object) -> bool:
        """Whether the framework has indicator ``indicator_no``."""
        no = as_no(indicator_no)
        return no is not None and no in self._rows

    def multi_instance_indicators(self) -> list[tuple[int, str]]:
        """(number, name) of each indicator assessed once per system (35-1, 35-2, ...)."""
        return [(no, str(row["name"])) for no, row in self._rows.items() if row["multi_instance"]]

    @property
    def highest_indicator(self) -> int:
        """The highest indicator number of the catalog."""
        return max(self._rows)

    def indicator(self, indicator_no: int) -> dict[str, Any]:
        """One row of :attr:`indicators` as a dict of plain Python values."""
        return dict(self._row(indicator_no))

    def weight(self, indicator_no: int) -> float:
        """The weight (in %) of an indicator; :class:`UnknownIndicatorError` if there is none."""
        return float(self._row(indicator_no)["weight"])

    def predicate(self, score: float) -> str:
        """The predicate ("Kurang" … "Memuaskan") of an index score in the bands' range
        (0 .. level_max for SPBE, 1 .. 5 for Pemdi).

        Band edges belong to the band above them (2.6 is "Baik"); the top band includes
        ``level_max``.  Raises ValueError for a score outside the range or not a number.
        """
        try:
            value = float(score)
        except (TypeError, ValueError):
            raise ValueError(f"score {score!r} is not a number") from None
        bottom = float(self._predicates["lower"].iloc[0])
        if math.isnan(value) or not (
            bottom - SCORE_TOLERANCE <= value <= self.level_max + SCORE_TOLERANCE
        ):
            raise ValueError(f"score {score!r} is outside {bottom:g}..{self.level_max}")
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
        """Whether the framework has level criteria (the packaged spbe2018 and spbe2020 have)."""
        return self._criteria_index.size > 0

    @property
    def criteria(self) -> pd.DataFrame:
        """indicator_no, level, criterion, level_explanation, indicator_explanation,
        evidence_guidance, alt_criterion, source, criterion_status, alt_source -- one row per
        indicator and level, in that order; empty (with these columns) when the framework
        has no criteria."""
        return self._criteria.copy()

    def criterion(self, indicator_no: int, level: int) -> str | None:
        """The official criterion of ``level`` for an indicator, or None when the framework
        states none (no criteria, or none for that level).  Raises
        :class:`UnknownIndicatorError` for an indicator the framework does not have."""
        return self._criteria_index.criterion(self._no(indicator_no), level)

    def criterion_info(self, indicator_no: int, level: object) -> Criterion | None:
        """The criterion of ``level`` (an int or "LEVEL 3") with its provenance: the text,
        the other source's wording, the cell's status (agree / differ / single source /
        suspect) and sources; None as for :meth:`criterion`."""
        return self._criteria_index.criterion_info(self._no(indicator_no), level)

    def evidence_guidance(self, indicator_no: int) -> str | None:
        """What evidence (data dukung) the indicator asks for, or None when not stated."""
        return self._criteria_index.guidance.get(self._no(indicator_no))

    def match_level(self, indicator_no: int, text: object) -> LevelMatch | None:
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
        return self._criteria_index.level_match(self._no(indicator_no), text)[1]

    def check_label(
        self, indicator_no: int, label_level: object, text: object
    ) -> LabelCheck | None:
        """A level label that its own text contradicts: the text matches another level's
        criterion (:meth:`match_level`) by at least :data:`LABEL_MARGIN` more than the
        label's.  None when they agree, or when it cannot be decided (no criteria, blank
        text, no clear match, a label that is not a level with a criterion).
        ``label_level`` is an int or a text such as ``"LEVEL 3"``."""
        return self._criteria_index.check_label(self._no(indicator_no), label_level, text)

    # -- text ---------------------------------------------------------------------------
    def describe(self) -> str:
        """A short human-readable account: levels, weights, predicates, statuses, sources."""
        out = self._describe_header()
        out.append("")
        out.extend(self._describe_weights())
        out.append("")
        out.extend(self._describe_predicates())
        out.append("")
        out.extend(self._describe_level_meanings())
        if len(self._externals):
            out.append("")
            out.extend(self._describe_externals())
        if self.has_criteria:
            out.append("")
            out.extend(self._describe_criteria())
        if self.notes:
            out.append("")
            out.append("Notes:")
            out.extend(f"  - {note}" for note in self.notes)
        return "\n".join(out)

    def _describe_header(self) -> list[str]:
        out: list[str] = [f"{self.id}: {self.title} ({self.regulation})"]
        if self.source_file:
            out.append(f"  file: {self.source_file}")
        if self.weights_file:
            out.append(f"  custom weights: {self.weights_file}")
        levels = f"Levels {self.level_min}-{self.level_max}"
        if self.is_score:
            levels = (
                f"Values: decimal scores {self.value_range_text()} (levels "
                f"{self.level_min}-{self.level_max}; published figures rounded {self.rounding})"
            )
        if self.level_status:
            levels += f" [{self.level_status}]"
        out.append(levels + (f" -- {self.level_source}" if self.level_source else ""))
        if self.is_score and self.value_source:
            out.append(f"  values [{self.value_status}] -- {self.value_source}")
        if self.first_round is not None:
            out.append(
                f"Rounds {self.rounds_label()} [{self.rounds_status}] -- {self.rounds_source}"
            )
            if self.last_round is not None and self.last_round_source != self.rounds_source:
                out.append(
                    f"  last round {self.last_round} [{self.last_round_status}] -- "
                    f"{self.last_round_source}"
                )
        return out

    # -- rounds -------------------------------------------------------------------------
    def applies_to(self, year: int) -> bool:
        """Whether the framework is the one of the evaluation round of ``year`` (its
        ``[rounds]`` table: from ``first`` to ``last``, open-ended without ``last``).  A
        framework whose file gives no rounds applies to no year."""
        if self.first_round is None or year < self.first_round:
            return False
        return self.last_round is None or year <= self.last_round

    def rounds_label(self) -> str:
        """The rounds as text: ``2018-2019``, ``2026-`` (open-ended), ``""`` (none given)."""
        if self.first_round is None:
            return ""
        if self.last_round is None:
            return f"{self.first_round}-"
        if self.last_round == self.first_round:
            return str(self.first_round)
        return f"{self.first_round}-{self.last_round}"

    def _describe_weights(self) -> list[str]:
        out = [f"Weights (% of the index; index = sum(weight_i * {self.value_label}_i) / 100):"]
        if not self.has_domains:
            out.extend(self._describe_aspects(None, "  "))
        for d in self._domains.itertuples(index=False):
            out.append(
                f"  Domain {d.domain_no} {d.name}: {d.weight:g} "
                f"({d.n_indicators} indicators) [{d.status}] -- {d.source}"
            )
            out.extend(self._describe_aspects(int(d.domain_no), "    "))
        out.append("  Indicators:")
        for nos, weight, status, source in _weight_groups(self._indicators):
            each = "" if len(nos) == 1 else " each"
            out.append(f"    {ranges(nos)}: {weight:g}{each} [{status}] -- {source}")
        multi = self._indicators.loc[self._indicators["multi_instance"], "indicator_no"]
        if len(multi):
            out.append(
                f"  Multi-instance indicators (assessed once per system, e.g. "
                f"{int(multi.iloc[0])}-1, {int(multi.iloc[0])}-2): {ranges(multi.tolist())}"
            )
        return out

    def _describe_aspects(self, domain_no: int | None, indent: str) -> list[str]:
        """The aspects of a domain (all of them when ``domain_no`` is None)."""
        out = []
        aspects = self._aspects
        if domain_no is not None:
            aspects = aspects[aspects["domain_no"] == domain_no]
        for a in aspects.itertuples(index=False):
            nos = self._indicators.loc[
                self._indicators["aspect_no"] == a.aspect_no, "indicator_no"
            ].tolist()
            out.append(
                f"{indent}Aspect {a.aspect_no} {a.name}: {a.weight:g} "
                f"(indicators {ranges(nos)}) [{a.status}]"
            )
        return out

    def _describe_externals(self) -> list[str]:
        out = ["Indicators valued from other national indices (raise them there):"]
        for e in self._externals.itertuples(index=False):
            missing = "" if pd.isna(e.missing_value) else f"; missing -> {e.missing_value:g}"
            out.append(
                f"  {e.indicator_no}: {e.index} ({e.agency}); conversion {e.conversion}"
                f"{missing} [{e.status}] -- {e.source}"
            )
        return out

    def _describe_predicates(self) -> list[str]:
        out = ["Predicates (lower edge inclusive):"]
        top = len(self._predicates) - 1
        for i, p in enumerate(self._predicates.itertuples(index=False)):
            upper = f"<={p.upper:g}" if i == top else f"<{p.upper:g}"
            out.append(f"  {p.name}: {p.lower:g} .. {upper} [{p.status}] -- {p.source}")
        return out

    def _describe_level_meanings(self) -> list[str]:
        out = ["Level meanings:"]
        for fam, group in self._level_meanings.groupby("family", sort=False):
            text = "; ".join(f"{r.level} {r.meaning}" for r in group.itertuples(index=False))
            statuses = "/".join(dict.fromkeys(group["status"].tolist()))
            out.append(f"  {fam}: {text} [{statuses}]")
        return out

    def _describe_criteria(self) -> list[str]:
        crit = self._criteria
        out = [
            f"Level criteria: {len(crit)} (indicators "
            f"{ranges(crit['indicator_no'].unique().tolist())}, levels "
            f"{int(crit['level'].min())}-{int(crit['level'].max())}) "
            f"[{self.criteria_status}] -- {self.criteria_source}"
        ]
        out.extend(f"  - {note}" for note in self.criteria_notes)
        return out


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
