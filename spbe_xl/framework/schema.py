"""The framework TOML format (docs/frameworks.md): one parse function per section.

:func:`parse_framework` reads a framework file into a :class:`Framework`, raising
:class:`FrameworkError` (naming the file and the key or row) for anything it does not
accept.  Unknown keys are errors, so that a typo does not pass silently.  The checks come
in the order of the file's sections; the weight and band checks are in
:mod:`spbe_xl.framework.checks`.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

from spbe_xl.framework.checks import check_predicates, check_weights
from spbe_xl.framework.criteria import CriteriaIndex, read_criteria
from spbe_xl.framework.model import (
    ASPECT_COLUMNS,
    CRITERIA_COLUMNS,
    DOMAIN_COLUMNS,
    EXTERNAL_COLUMNS,
    INDICATOR_COLUMNS,
    LEVEL_MEANING_COLUMNS,
    LEVEL_SCALE,
    NO_CRITERIA,
    NO_ROUNDS,
    PREDICATE_COLUMNS,
    ROUNDINGS,
    STATUSES,
    VALUE_TYPES,
    AspectRow,
    CriteriaMeta,
    CriterionRow,
    DomainRow,
    ExternalRow,
    Framework,
    FrameworkError,
    FrameworkMeta,
    IndicatorRow,
    LevelMeaningRow,
    PredicateRow,
    RoundsMeta,
    ScaleMeta,
    make_frame,
    native,
    ranges,
)

FORMAT_VERSION = 1

#: Reads a file a framework file names (its criteria CSV): name -> (its path, its bytes).
Sibling = Callable[[str], tuple[str, bytes]]
#: A TOML table as tomllib gives it: the values are whatever the file holds.
Table = dict[str, Any]

_TOP_REQUIRED = (
    "id",
    "title",
    "regulation",
    "levels",
    "level_meanings",
    "predicates",
    "aspects",
    "indicators",
)
# A framework without [[domains]] has its aspects at the top (Pemdi).
_TOP_OPTIONAL = ("format", "notes", "rounds", "criteria", "domains", "externals", "title_words")


class _Reader:
    """Typed access to a TOML table, with errors naming the file and key."""

    def __init__(self, file: str) -> None:
        self.file = file

    def error(self, where: str | None, message: str) -> FrameworkError:
        return FrameworkError(message, file=self.file, where=where)

    def table(
        self,
        obj: object,
        where: str,
        required: Iterable[str],
        optional: Iterable[str] = (),
    ) -> Table:
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

    def str_(self, obj: Table, key: str, where: str, *, empty: bool = False) -> str:
        value = obj[key]
        if not isinstance(value, str):
            raise self.error(f"{where}.{key}", f"expected a string, found {value!r}")
        if not empty and not value.strip():
            raise self.error(f"{where}.{key}", "must not be empty")
        return value

    def int_(self, obj: Table, key: str, where: str) -> int:
        value = obj[key]
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(f"{where}.{key}", f"expected an integer, found {value!r}")
        return value

    def num(self, obj: Table, key: str, where: str) -> float:
        value = obj[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error(f"{where}.{key}", f"expected a number, found {value!r}")
        value = float(value)
        if not math.isfinite(value):
            raise self.error(f"{where}.{key}", f"expected a finite number, found {value!r}")
        return value

    def status(self, obj: Table, where: str) -> str:
        value = self.str_(obj, "status", where)
        if value not in STATUSES:
            raise self.error(
                f"{where}.status",
                f"{value!r} is not a status (one of: {', '.join(STATUSES)})",
            )
        return value

    def strings(self, obj: Table, key: str, where: str) -> tuple[str, ...]:
        """An optional array of strings (``notes``)."""
        value = obj.get(key, [])
        if not isinstance(value, list) or not all(isinstance(n, str) for n in value):
            raise self.error(where, "expected an array of strings")
        return tuple(value)

    def array(self, obj: Table, key: str) -> list[Any]:
        value = obj.get(key)
        if not isinstance(value, list) or not value:
            raise self.error(key, f"expected a non-empty array of tables [[{key}]]")
        return value


def _number_list(reader: _Reader, value: object, where: str) -> list[int]:
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


# --------------------------------------------------------------------------- the file


def parse_framework(
    data: bytes,
    file: str,
    expected_id: str | None,
    *,
    sibling: Sibling | None = None,
) -> Framework:
    """Parse a framework TOML file; ``sibling(name)`` reads a file it names (the criteria)."""
    rd = _Reader(file)
    doc = _parse_toml(rd, data)
    fw_id, notes = _parse_top(rd, doc, expected_id)
    level_min, level_max, level_status, level_source = _parse_levels(rd, doc["levels"])
    scale = _parse_scale(rd, doc["levels"])
    rounds = _parse_rounds(rd, doc["rounds"]) if "rounds" in doc else NO_ROUNDS
    meanings = _parse_level_meanings(rd, doc, level_min, level_max)
    families = {m["family"] for m in meanings} - {"all"}
    predicates = check_predicates(file, _parse_predicates(rd, doc), level_max, level_min)
    domains = _parse_domains(rd, doc)
    aspects, listed_in = _parse_aspects(rd, doc, domains)
    indicators, aliases = _parse_indicators(rd, doc, aspects, listed_in, families)
    never = sorted(set(listed_in) - set(indicators))
    if never:
        raise rd.error(
            "aspects",
            f"indicator(s) {ranges(never)} listed by an aspect are not defined in [[indicators]]",
        )
    check_weights(file, domains, aspects, indicators, stored=True)
    externals = _parse_externals(rd, doc, set(indicators)) if "externals" in doc else []
    criteria: list[CriterionRow] = []
    criteria_meta = NO_CRITERIA
    if "criteria" in doc:
        criteria, criteria_meta = _parse_criteria(
            rd, doc["criteria"], sibling, set(indicators), level_min, level_max
        )
    meta = FrameworkMeta(
        id=fw_id,
        title=rd.str_(doc, "title", "top level"),
        regulation=rd.str_(doc, "regulation", "top level"),
        level_min=level_min,
        level_max=level_max,
        notes=notes,
        level_status=level_status,
        level_source=level_source,
        source_file=file,
        weights_file=None,
        **rounds,
        **criteria_meta,
        **scale,
        title_words=tuple(rd.strings(doc, "title_words", "title_words")),
    )
    return build_framework(
        meta,
        domains=domains,
        aspects=aspects,
        indicators=indicators,
        predicates=predicates,
        meanings=meanings,
        criteria=criteria,
        externals=externals,
        aliases=aliases,
    )


def _parse_toml(rd: _Reader, data: bytes) -> Table:
    try:
        return tomllib.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise rd.error(None, f"not UTF-8 text: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise rd.error(None, f"not valid TOML: {exc}") from exc


def _parse_top(rd: _Reader, doc: Table, expected_id: str | None) -> tuple[str, tuple[str, ...]]:
    """The top level's keys, format, id and notes: (id, notes)."""
    rd.table(doc, "top level", required=_TOP_REQUIRED, optional=_TOP_OPTIONAL)
    fmt = doc.get("format", FORMAT_VERSION)
    if fmt != FORMAT_VERSION:
        raise rd.error("format", f"format {fmt!r} is not supported (expected {FORMAT_VERSION})")
    fw_id = rd.str_(doc, "id", "top level")
    if expected_id is not None and fw_id != expected_id:
        raise rd.error("id", f"id {fw_id!r} does not match the file name {expected_id!r}")
    return fw_id, rd.strings(doc, "notes", "notes")


def _parse_levels(rd: _Reader, raw: object) -> tuple[int, int, str, str]:
    """``[levels]``: (min, max, status, source)."""
    lv = rd.table(
        raw,
        "levels",
        required=("min", "max", "status", "source"),
        optional=_SCALE_KEYS,
    )
    level_min = rd.int_(lv, "min", "levels")
    level_max = rd.int_(lv, "max", "levels")
    if not (0 <= level_min < level_max <= 100):
        raise rd.error(
            "levels",
            f"level range {level_min}..{level_max} is not sane (need 0 <= min < max <= 100)",
        )
    return level_min, level_max, rd.status(lv, "levels"), rd.str_(lv, "source", "levels")


_SCALE_KEYS = ("value", "decimals", "rounding", "value_status", "value_source")


def _parse_scale(rd: _Reader, lv: Table) -> ScaleMeta:
    """The value keys of ``[levels]`` (all optional): ``value`` ("level", the default: whole
    levels; "score": decimals, Pemdi), ``decimals`` (of a score, default 2), ``rounding``
    of the published figures ("half-up", the default, or "half-even"), and the status and
    source of these (``value_status`` / ``value_source``, default ``status`` / ``source``)."""
    if not any(key in lv for key in _SCALE_KEYS):
        return LEVEL_SCALE
    value_type = rd.str_(lv, "value", "levels") if "value" in lv else "level"
    if value_type not in VALUE_TYPES:
        raise rd.error("levels.value", f"{value_type!r} is not one of {', '.join(VALUE_TYPES)}")
    decimals = rd.int_(lv, "decimals", "levels") if "decimals" in lv else 2
    if value_type == "level":
        if "decimals" in lv:
            raise rd.error("levels.decimals", 'only a value = "score" has decimals')
        decimals = 0
    elif not 1 <= decimals <= 4:
        raise rd.error("levels.decimals", f"{decimals} decimals: give 1 to 4")
    rounding = rd.str_(lv, "rounding", "levels") if "rounding" in lv else "half-up"
    if rounding not in ROUNDINGS:
        raise rd.error("levels.rounding", f"{rounding!r} is not one of {', '.join(ROUNDINGS)}")
    status = (
        rd.status({"status": lv["value_status"]}, "levels.value_status")
        if "value_status" in lv
        else rd.status(lv, "levels")
    )
    source = (
        rd.str_(lv, "value_source", "levels")
        if "value_source" in lv
        else rd.str_(lv, "source", "levels")
    )
    return ScaleMeta(
        value_type=value_type,
        value_decimals=decimals,
        rounding=rounding,
        value_status=status,
        value_source=source,
    )


def _parse_rounds(rd: _Reader, raw: object) -> RoundsMeta:
    """``[rounds]`` (optional): the years of the evaluation rounds the framework applies to,
    ``first`` to ``last`` (``last`` optional: still in force), each with its status and
    source (``last_status`` / ``last_source`` default to ``status`` / ``source``).  The
    year of a workbook picks its framework by them (``resolve_framework``)."""
    obj = rd.table(
        raw,
        "rounds",
        required=("first", "status", "source"),
        optional=("last", "last_status", "last_source"),
    )
    first = rd.int_(obj, "first", "rounds")
    if not 1000 <= first <= 9999:
        raise rd.error("rounds.first", f"{first} is not a year")
    status, source = rd.status(obj, "rounds"), rd.str_(obj, "source", "rounds")
    last = rd.int_(obj, "last", "rounds") if "last" in obj else None
    if last is not None and not first <= last <= 9999:
        raise rd.error("rounds.last", f"{last} is not a year from rounds.first ({first}) on")
    for key in ("last_status", "last_source"):
        if key in obj and last is None:
            raise rd.error(f"rounds.{key}", "given without rounds.last")
    last_status = status
    if "last_status" in obj:
        last_status = rd.status({"status": obj["last_status"]}, "rounds.last")
    return RoundsMeta(
        first_round=first,
        rounds_status=status,
        rounds_source=source,
        last_round=last,
        last_round_status=last_status if last is not None else "",
        last_round_source=(
            rd.str_(obj, "last_source", "rounds") if "last_source" in obj else source
        )
        if last is not None
        else "",
    )


def _parse_level_meanings(
    rd: _Reader, doc: Table, level_min: int, level_max: int
) -> list[LevelMeaningRow]:
    """``[[level_meanings]]``: one row per (family, level)."""
    meanings: list[LevelMeaningRow] = []
    seen: dict[tuple[str, int], str] = {}
    for i, raw in enumerate(rd.array(doc, "level_meanings")):
        where = f"level_meanings[{i}]"
        obj = rd.table(raw, where, required=("family", "level", "meaning", "status", "source"))
        family = rd.str_(obj, "family", where)
        level = rd.int_(obj, "level", where)
        if not level_min <= level <= level_max:
            raise rd.error(f"{where}.level", f"level {level} is outside {level_min}..{level_max}")
        if (family, level) in seen:
            raise rd.error(
                where,
                f"family {family!r} level {level} is given twice (also {seen[family, level]})",
            )
        seen[family, level] = where
        meanings.append(
            LevelMeaningRow(
                family=family,
                level=level,
                meaning=rd.str_(obj, "meaning", where),
                status=rd.status(obj, where),
                source=rd.str_(obj, "source", where),
            )
        )
    return meanings


def _parse_predicates(rd: _Reader, doc: Table) -> list[PredicateRow]:
    """``[[predicates]]``, in the file's order (checks.check_predicates orders them)."""
    predicates: list[PredicateRow] = []
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
            PredicateRow(
                name=name,
                lower=lower,
                upper=upper,
                status=rd.status(obj, where),
                source=rd.str_(obj, "source", where),
            )
        )
    return predicates


def _parse_domains(rd: _Reader, doc: Table) -> dict[int, DomainRow]:
    """``[[domains]]`` by number; none when the file has no ``[[domains]]`` (Pemdi)."""
    domains: dict[int, DomainRow] = {}
    if "domains" not in doc:
        return domains
    for i, raw in enumerate(rd.array(doc, "domains")):
        where = f"domains[{i}]"
        obj = rd.table(raw, where, required=("no", "name", "weight", "status", "source"))
        no = rd.int_(obj, "no", where)
        where = f"domains[{i}] (domain {no})"
        if no in domains:
            raise rd.error(where, f"domain number {no} is used twice")
        domains[no] = DomainRow(
            domain_no=no,
            name=rd.str_(obj, "name", where),
            weight=rd.num(obj, "weight", where),
            status=rd.status(obj, where),
            source=rd.str_(obj, "source", where),
        )
    return domains


def _parse_aspects(
    rd: _Reader, doc: Table, domains: dict[int, DomainRow]
) -> tuple[dict[int, AspectRow], dict[int, int]]:
    """``[[aspects]]`` by number, and indicator -> the aspect listing it."""
    aspects: dict[int, AspectRow] = {}
    listed_in: dict[int, int] = {}
    for i, raw in enumerate(rd.array(doc, "aspects")):
        where = f"aspects[{i}]"
        required = ("no", "name", "indicators", "weight", "status", "source")
        obj = rd.table(raw, where, required=(*required, "domain") if domains else required)
        no = rd.int_(obj, "no", where)
        where = f"aspects[{i}] (aspect {no})"
        if no in aspects:
            raise rd.error(where, f"aspect number {no} is used twice")
        domain = rd.int_(obj, "domain", where) if domains else None
        if domain is not None and domain not in domains:
            raise rd.error(f"{where}.domain", f"domain {domain} is not defined in [[domains]]")
        for ind in _number_list(rd, obj["indicators"], f"{where}.indicators"):
            if ind in listed_in:
                raise rd.error(
                    f"{where}.indicators",
                    f"indicator {ind} is listed in aspect {listed_in[ind]} and in aspect {no}: "
                    "an indicator belongs to exactly one aspect",
                )
            listed_in[ind] = no
        aspects[no] = AspectRow(
            aspect_no=no,
            name=rd.str_(obj, "name", where),
            domain_no=domain,
            weight=rd.num(obj, "weight", where),
            status=rd.status(obj, where),
            source=rd.str_(obj, "source", where),
        )
    return aspects, listed_in


_INDICATOR_REQUIRED = ("no", "name", "question", "aspect", "weight", "status", "source")


def _parse_indicators(
    rd: _Reader,
    doc: Table,
    aspects: dict[int, AspectRow],
    listed_in: dict[int, int],
    families: set[str],
) -> tuple[dict[int, IndicatorRow], dict[int, tuple[str, ...]]]:
    """``[[indicators]]`` by number, each in the aspect that lists it and in its domain (a
    ``domain`` key exactly when the file has domains), and their ``aliases`` (optional:
    other wordings of the name)."""
    indicators: dict[int, IndicatorRow] = {}
    aliases: dict[int, tuple[str, ...]] = {}
    has_domains = any(a["domain_no"] is not None for a in aspects.values())
    required = (*_INDICATOR_REQUIRED, "domain") if has_domains else _INDICATOR_REQUIRED
    for i, raw in enumerate(rd.array(doc, "indicators")):
        where = f"indicators[{i}]"
        obj = rd.table(
            raw, where, required=required, optional=("family", "multi_instance", "aliases")
        )
        no = rd.int_(obj, "no", where)
        where = f"indicators[{i}] (indicator {no})"
        if no in indicators:
            raise rd.error(where, f"indicator number {no} is used twice")
        if no < 1:
            raise rd.error(f"{where}.no", "indicator numbers start at 1")
        aspect, domain = _indicator_place(rd, obj, where, no, aspects, listed_in)
        weight = rd.num(obj, "weight", where)
        if weight < 0:
            raise rd.error(f"{where}.weight", f"weight {weight:g} is negative")
        family = _indicator_family(rd, obj, where, families)
        multi = obj.get("multi_instance", False)
        if not isinstance(multi, bool):
            raise rd.error(f"{where}.multi_instance", f"expected true or false, found {multi!r}")
        indicators[no] = IndicatorRow(
            indicator_no=no,
            name=rd.str_(obj, "name", where),
            question=rd.str_(obj, "question", where, empty=True),
            domain_no=domain,
            aspect_no=aspect,
            weight=weight,
            multi_instance=multi,
            family=family,
            status=rd.status(obj, where),
            source=rd.str_(obj, "source", where),
        )
        if "aliases" in obj:
            aliases[no] = rd.strings(obj, "aliases", f"{where}.aliases")
    return indicators, aliases


def _indicator_place(
    rd: _Reader,
    obj: Table,
    where: str,
    no: int,
    aspects: dict[int, AspectRow],
    listed_in: dict[int, int],
) -> tuple[int, int | None]:
    """(aspect, domain) of an indicator row: the aspect that lists it, and that aspect's
    domain (None in a framework without domains)."""
    aspect = rd.int_(obj, "aspect", where)
    domain = rd.int_(obj, "domain", where) if "domain" in obj else None
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
    return aspect, domain


def _indicator_family(rd: _Reader, obj: Table, where: str, families: set[str]) -> str | None:
    """An indicator row's family (None without one); it must have level meanings."""
    if "family" not in obj:
        return None
    family = rd.str_(obj, "family", where)
    if family not in families:
        raise rd.error(
            f"{where}.family",
            f"family {family!r} has no [[level_meanings]]"
            + (f" (families: {', '.join(sorted(families))})" if families else ""),
        )
    return family


_EXTERNAL_REQUIRED = ("indicator", "index", "agency", "conversion", "status", "source")


def _parse_externals(rd: _Reader, doc: Table, indicator_nos: set[int]) -> list[ExternalRow]:
    """``[[externals]]``: the indicators valued from another national index, with the
    conversion (``offset`` + ``factor`` x the index, both optional: unknown) and the value
    a missing index counts as (``missing_value``, optional)."""
    rows: list[ExternalRow] = []
    seen: set[int] = set()
    for i, raw in enumerate(rd.array(doc, "externals")):
        where = f"externals[{i}]"
        obj = rd.table(
            raw, where, required=_EXTERNAL_REQUIRED, optional=("offset", "factor", "missing_value")
        )
        no = rd.int_(obj, "indicator", where)
        where = f"externals[{i}] (indicator {no})"
        if no not in indicator_nos:
            raise rd.error(where, f"indicator {no} is not defined in [[indicators]]")
        if no in seen:
            raise rd.error(where, f"indicator {no} is given twice")
        seen.add(no)
        if ("offset" in obj) != ("factor" in obj):
            raise rd.error(where, "give both offset and factor (value = offset + factor x index)")
        rows.append(
            ExternalRow(
                indicator_no=no,
                index=rd.str_(obj, "index", where),
                agency=rd.str_(obj, "agency", where),
                conversion=rd.str_(obj, "conversion", where),
                offset=rd.num(obj, "offset", where) if "offset" in obj else math.nan,
                factor=rd.num(obj, "factor", where) if "factor" in obj else math.nan,
                missing_value=(
                    rd.num(obj, "missing_value", where) if "missing_value" in obj else math.nan
                ),
                status=rd.status(obj, where),
                source=rd.str_(obj, "source", where),
            )
        )
    return sorted(rows, key=lambda r: r["indicator_no"])


def _parse_criteria(
    rd: _Reader,
    raw: object,
    sibling: Sibling | None,
    indicator_nos: set[int],
    level_min: int,
    level_max: int,
) -> tuple[list[CriterionRow], CriteriaMeta]:
    """The ``[criteria]`` table and the CSV file it names: (rows, Framework fields)."""
    obj = rd.table(raw, "criteria", required=("file", "status", "source"), optional=("notes",))
    name = rd.str_(obj, "file", "criteria")
    status = rd.status(obj, "criteria")
    source = rd.str_(obj, "source", "criteria")
    notes = rd.strings(obj, "notes", "criteria.notes")
    if sibling is None:
        raise rd.error("criteria.file", f"cannot read {name!r}: the framework has no folder")
    try:
        csv_file, data = sibling(name)
    except OSError as exc:
        raise rd.error("criteria.file", f"cannot read the criteria file {name!r}: {exc}") from exc
    rows = read_criteria(data, csv_file, indicator_nos, level_min, level_max, source)
    meta = CriteriaMeta(
        criteria_status=status,
        criteria_source=source,
        criteria_file=csv_file,
        criteria_notes=notes,
    )
    return rows, meta


# --------------------------------------------------------------------------- the object


def build_framework(
    meta: FrameworkMeta,
    *,
    domains: dict[int, DomainRow],
    aspects: dict[int, AspectRow],
    indicators: dict[int, IndicatorRow],
    predicates: list[PredicateRow],
    meanings: list[LevelMeaningRow],
    criteria: list[CriterionRow],
    externals: Sequence[ExternalRow] = (),
    aliases: Mapping[int, tuple[str, ...]] | None = None,
) -> Framework:
    """The Framework of checked rows: its frames, per-indicator rows and criteria index."""
    ind_rows = [indicators[no] for no in sorted(indicators)]
    criteria_frame = make_frame(criteria, CRITERIA_COLUMNS)
    rows = MappingProxyType({r["indicator_no"]: _plain(r) for r in ind_rows})
    return Framework(
        **meta,
        _weights=tuple((int(r["indicator_no"]), float(r["weight"])) for r in ind_rows),
        _domains=make_frame([domains[no] for no in sorted(domains)], DOMAIN_COLUMNS),
        _aspects=make_frame([aspects[no] for no in sorted(aspects)], ASPECT_COLUMNS),
        _indicators=make_frame(ind_rows, INDICATOR_COLUMNS),
        _predicates=make_frame(predicates, PREDICATE_COLUMNS),
        _level_meanings=make_frame(meanings, LEVEL_MEANING_COLUMNS),
        _rows=rows,
        _criteria=criteria_frame,
        _criteria_index=CriteriaIndex(criteria_frame),
        _externals=make_frame(list(externals), EXTERNAL_COLUMNS),
        _aliases=MappingProxyType(dict(aliases or {})),
    )


def _plain(row: Mapping[str, object]) -> Mapping[str, Any]:
    """An indicator row as a read-only mapping of plain values, in the frame's column order."""
    return MappingProxyType({key: native(row[key]) for key in INDICATOR_COLUMNS})
