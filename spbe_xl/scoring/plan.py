"""The cheapest path to a target: the fewest level steps that raise the index to it.

A *step* raises one indicator id by the framework's increment (one level today).  Under
the ``items`` and ``mean`` instances rules every step of an id adds the same index points
(its effective weight × the increment / the catalog total), so:

1. the fewest steps is found exactly by taking the largest gains first;
2. among the plans of that size, the one chosen spreads the steps most evenly over the
   agencies (the smallest sum over agencies of their steps squared; a shared indicator's
   step counts for each of its agencies), then has the lowest indicator ids (the sorted
   list of the steps' ids, compared in indicator order).  This tie-break is found by a
   branch-and-bound search over groups of interchangeable ids.

Every index figure comes from :mod:`spbe_xl.scoring.engine` (through
:class:`~spbe_xl.scoring.deltas.OfficialLevels`): the gains, the index after each step and
the final index.  The target counts as reached when the *published* figure (rounded half up
to 2 decimals) reaches it, as predicates are given (``rules``).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from spbe_xl.book import indicator_agencies
from spbe_xl.scoring.catalog import Catalog
from spbe_xl.scoring.deltas import OfficialLevels, official_levels
from spbe_xl.scoring.plans import PLAN_STEP_COLUMNS, Plan
from spbe_xl.scoring.results import round_half_up
from spbe_xl.scoring.rollup import NO_AGENCY
from spbe_xl.text import indicator_sort_key

if TYPE_CHECKING:  # pragma: no cover
    from spbe_xl.book import Book
    from spbe_xl.framework import Framework

__all__ = [
    "PLAN_INSTANCE_RULES",
    "SEARCH_BUDGET",
    "StepPolicy",
    "external_indicators",
    "make_plan",
    "parse_target",
    "step_policy",
]

#: The instances rules under which a step's gain does not depend on the other steps.
PLAN_INSTANCE_RULES = ("items", "mean")
#: Search nodes allowed for the tie-break; beyond it the best plan found is kept (its
#: number of steps is still minimal) and ``Plan.tie_break_exact`` is False.
SEARCH_BUDGET = 400_000
_EPS = 1e-9


# --------------------------------------------------------------------------- the framework's steps


@dataclass(frozen=True)
class StepPolicy:
    """How far and by how much a level can be raised in one round."""

    increment: float
    level_min: float
    level_max: float

    def steps_left(self, level: float) -> int:
        """How many increments separate ``level`` from the cap (the last one may be
        shorter: a score of 4.26 is one step of 1.00 from 5.00)."""
        return max(0, math.ceil((self.level_max - level) / self.increment - _EPS))

    def raised(self, level: float, steps: int = 1) -> Any:
        """``level`` raised by ``steps`` increments, never past the cap (a whole level
        stays an int)."""
        if isinstance(level, int) and float(self.increment).is_integer():
            return min(level + steps * int(self.increment), int(self.level_max))
        return round(min(level + steps * self.increment, self.level_max), 6)

    def criterion_level(self, level: float) -> int:
        """The level whose criterion a raised level must meet (a decimal 2.5 works
        towards level 3's)."""
        return math.ceil(level - _EPS)


def step_policy(framework: Framework, increment: float | None = None) -> StepPolicy:
    """The step size and level cap of a framework: one whole level up to its top level;
    under a decimal-score framework (Pemdi) ``increment`` when given (0.25, 0.5), else
    one level of its scale (1.00), the last step stopping at the cap."""
    if increment is not None and not (0 < increment <= framework.level_max - framework.level_min):
        raise ValueError(f"the increment must be above 0 and within the scale, not {increment!r}")
    if increment is not None and not framework.is_score and not float(increment).is_integer():
        raise ValueError(
            f"{framework.id} has whole levels: a step is a whole number of levels, not {increment!r}"
        )
    if increment is None:
        increment = 1.0 if framework.is_score else 1
    return StepPolicy(
        increment=increment, level_min=framework.level_min, level_max=framework.level_max
    )


def external_indicators(framework: Framework) -> frozenset[int]:
    """The indicator numbers a framework values from other national indices (the office
    cannot raise them itself: Pemdi's Satu Data, geospatial and statistics indicators)."""
    return frozenset(int(no) for no in framework.externals["indicator_no"])


def parse_target(framework: Framework, target: str | float) -> tuple[float, str]:
    """(the index to reach, its label): a predicate name (any case) gives its lower edge."""
    if isinstance(target, str):
        bands = framework.predicates
        wanted = " ".join(target.split()).casefold()
        for name, lower in zip(bands["name"], bands["lower"], strict=True):
            if str(name).casefold() == wanted:
                return float(lower), str(name)
        try:
            value = float(target.replace(",", "."))
        except ValueError:
            names = ", ".join(str(n) for n in bands["name"])
            raise ValueError(
                f"target {target!r} is neither a number nor a predicate of {framework.id} ({names})"
            ) from None
        return parse_target(framework, value)
    if isinstance(target, bool) or not isinstance(target, (int, float)) or math.isnan(target):
        raise ValueError(f"target must be a predicate or a number, not {target!r}")
    if not 0 <= float(target) <= framework.level_max:
        raise ValueError(
            f"target {target} is outside {framework.id}'s index range 0-{framework.level_max}"
        )
    return float(target), f"{float(target):.2f}"


# --------------------------------------------------------------------------- state


def _state(cat: Catalog, indicators: pd.DataFrame, level: str, instances: str) -> OfficialLevels:
    """The chosen levels of a frame and their index, ready for ``total_with``."""
    return official_levels(cat, indicators, instances, level)


def _agencies(state: OfficialLevels, book: Book) -> dict[str, tuple[str, ...]]:
    """Id -> its agencies, the lead first; (NO_AGENCY,) for an id without one."""
    listed = indicator_agencies(book)
    out: dict[str, tuple[str, ...]] = {}
    for iid in state.ids:
        lead = state.rows.agencies.get(iid)
        names = [lead] if lead else []
        names += [a for a in listed.get(iid, []) if a not in names]
        out[iid] = tuple(names) or (NO_AGENCY,)
    return out


# --------------------------------------------------------------------------- the search


@dataclass(frozen=True)
class _Group:
    """Ids with the same agencies, gains and room: interchangeable but for their order."""

    ids: tuple[str, ...]  # in indicator order
    agencies: tuple[int, ...]  # agency indices
    gains: tuple[float, ...]  # the gain of each step of one id
    cap: int  # steps allowed per id

    @property
    def size(self) -> int:
        return len(self.ids) * self.cap

    def gain(self, t: int) -> float:
        """The gain of ``t`` steps filled into the ids in order."""
        full, rest = divmod(t, self.cap)
        return full * math.fsum(self.gains) + math.fsum(self.gains[:rest])

    def counts(self, t: int) -> list[tuple[str, int]]:
        full, rest = divmod(t, self.cap)
        out = [(iid, self.cap) for iid in self.ids[:full]]
        if rest:
            out.append((self.ids[full], rest))
        return out


@dataclass
class _Search:
    groups: list[_Group]
    need: float
    k: int
    n_agencies: int
    # suffix p -> prefix sums of its step gains, largest first
    top: list[list[float]]
    # suffix p -> the agencies its groups touch
    reach: list[frozenset[int]]
    best_cost: float = math.inf
    best_key: tuple[Any, ...] = ()
    best: list[int] | None = None
    nodes: int = 0
    exhausted: bool = False

    def run(self) -> None:
        self._visit(0, [], [0] * self.n_agencies, 0.0, 0, 0)

    def _lower_bound(self, loads: Sequence[int], p: int, r: int) -> int:
        """The least the remaining ``r`` steps can add to the cost."""
        heap = [loads[a] for a in self.reach[p]]
        if not heap:
            return 0
        heapq.heapify(heap)
        add = 0
        for _ in range(r):
            low = heapq.heappop(heap)
            add += 2 * low + 1
            heapq.heappush(heap, low + 1)
        return add

    def _visit(
        self, p: int, chosen: list[int], loads: list[int], gain: float, used: int, cost: int
    ) -> None:
        self.nodes += 1
        if self.nodes > SEARCH_BUDGET:
            self.exhausted = True
            return
        r = self.k - used
        if r == 0 or p == len(self.groups):
            if r == 0 and gain >= self.need - _EPS:
                self._offer(chosen, cost)
            return
        top = self.top[p]
        if r > len(top) - 1 or gain + top[r] < self.need - _EPS:
            return  # too few steps left, or too little gain
        if cost + self._lower_bound(loads, p, r) > self.best_cost:
            return
        group = self.groups[p]
        for t in range(min(group.size, r), -1, -1):
            added = 0
            for a in group.agencies:
                added += t * (2 * loads[a] + t)
                loads[a] += t
            chosen.append(t)
            self._visit(p + 1, chosen, loads, gain + group.gain(t), used + t, cost + added)
            chosen.pop()
            for a in group.agencies:
                loads[a] -= t
            if self.exhausted:
                return

    def _offer(self, chosen: list[int], cost: int) -> None:
        counts = list(chosen) + [0] * (len(self.groups) - len(chosen))
        key = _ids_key(self.groups, counts)
        if cost < self.best_cost or (cost == self.best_cost and key < self.best_key):
            self.best_cost, self.best_key, self.best = cost, key, counts


def _ids_key(groups: Sequence[_Group], counts: Sequence[int]) -> tuple[Any, ...]:
    ids = [
        iid
        for g, t in zip(groups, counts, strict=False)
        for iid, n in g.counts(t)
        for _ in range(n)
    ]
    return tuple(sorted(indicator_sort_key(i) for i in ids))


def _suffix_tops(groups: Sequence[_Group]) -> list[list[float]]:
    tops: list[list[float]] = []
    for p in range(len(groups) + 1):
        gains = sorted((g for grp in groups[p:] for _ in grp.ids for g in grp.gains), reverse=True)
        sums = [0.0]
        for g in gains:
            sums.append(sums[-1] + g)
        tops.append(sums)
    return tops


def _fewest_steps(gains: Sequence[float], need: float) -> int | None:
    """The fewest steps whose gains reach ``need`` (largest first), None if all do not."""
    if need <= _EPS:
        return 0
    total = 0.0
    for k, g in enumerate(sorted(gains, reverse=True), start=1):
        total += g
        if total >= need - _EPS:
            return k
    return None


# --------------------------------------------------------------------------- the plan


@dataclass
class _Candidate:
    iid: str
    level: Any
    cap: int
    gains: tuple[float, ...]
    agencies: tuple[str, ...]


def _apart_record(
    iid: str, agencies: Sequence[str], level: Any, reason: str, note: str | None
) -> dict[str, Any]:
    return {
        "indicator_id": iid,
        "agencies": "; ".join(agencies),
        "level": level,
        "reason": reason,
        "note": note,
    }


def _candidates(
    state: OfficialLevels,
    policy: StepPolicy,
    agencies: Mapping[str, tuple[str, ...]],
    *,
    max_step: int,
    exclude: Mapping[str, str | None],
    external: frozenset[int],
) -> tuple[list[_Candidate], list[dict[str, Any]]]:
    """The ids that can take steps, and those set apart (with why)."""
    out: list[_Candidate] = []
    apart: list[dict[str, Any]] = []
    for iid in state.ids:
        lv = state.levels[iid]
        names = agencies[iid]
        if iid in exclude or str(state.no_of[iid]) in exclude:
            note = exclude.get(iid, exclude.get(str(state.no_of[iid])))
            apart.append(_apart_record(iid, names, lv, "excluded", note))
            continue
        if state.no_of[iid] in external:
            apart.append(_apart_record(iid, names, lv, "external", None))
            continue
        if lv is None:
            apart.append(_apart_record(iid, names, lv, "no level", None))
            continue
        cap = min(max_step, policy.steps_left(lv))
        if cap == 0:
            apart.append(_apart_record(iid, names, lv, "top level", None))
            continue
        totals = [state.total_with({iid: policy.raised(lv, j)}) for j in range(cap + 1)]
        totals[0] = state.base
        gains = tuple(totals[j] - totals[j - 1] for j in range(1, cap + 1))
        out.append(_Candidate(iid, lv, cap, gains, names))
    return out, apart


def _groups(cands: Sequence[_Candidate], agency_no: Mapping[str, int]) -> list[_Group]:
    keyed: dict[tuple[Any, ...], list[_Candidate]] = {}
    for c in cands:
        key = (
            tuple(sorted(agency_no[a] for a in c.agencies)),
            tuple(round(g, 12) for g in c.gains),
            c.cap,
        )
        keyed.setdefault(key, []).append(c)
    groups = [
        _Group(
            ids=tuple(c.iid for c in members),
            agencies=key[0],
            gains=members[0].gains,
            cap=key[2],
        )
        for key, members in keyed.items()
    ]
    groups.sort(key=lambda g: indicator_sort_key(g.ids[0]))
    return groups


def _choose(cands: Sequence[_Candidate], need: float) -> tuple[dict[str, int], bool, bool]:
    """id -> steps of the chosen plan, whether the target is reachable, whether the
    tie-break search finished."""
    all_gains = [g for c in cands for g in c.gains]
    k = _fewest_steps(all_gains, need)
    if k is None:  # unreachable: every available step
        return {c.iid: c.cap for c in cands}, False, True
    if k == 0:
        return {}, True, True
    names = sorted({a for c in cands for a in c.agencies})
    agency_no = {a: i for i, a in enumerate(names)}
    groups = _groups(cands, agency_no)
    search = _Search(
        groups=groups,
        need=need,
        k=k,
        n_agencies=len(names),
        top=_suffix_tops(groups),
        reach=[
            frozenset(a for g in groups[p:] for a in g.agencies) for p in range(len(groups) + 1)
        ],
    )
    search.run()
    if search.best is None:  # pragma: no cover - a plan of k steps exists (the largest gains)
        raise AssertionError("no plan found although one of the fewest steps exists")
    counts = {iid: n for g, t in zip(groups, search.best, strict=True) for iid, n in g.counts(t)}
    return counts, True, not search.exhausted


def _evidence(book: Book) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Id -> the evidence texts the office lists (self) and the ones recommended."""
    now: dict[str, list[str]] = {}
    recommended: dict[str, list[str]] = {}
    ev = book.evidence
    if not len(ev) or not {"indicator_id", "kind", "text"} <= set(ev.columns):
        return now, recommended
    for iid, kind, text in zip(ev["indicator_id"], ev["kind"], ev["text"], strict=True):
        if pd.isna(iid) or pd.isna(text) or not str(text).strip():
            continue
        target = {"self": now, "recommended": recommended}.get(str(kind).strip().lower())
        if target is not None:
            target.setdefault(str(iid).strip(), []).append(" ".join(str(text).split()))
    return now, recommended


def _step_rows(
    state: OfficialLevels,
    policy: StepPolicy,
    cands: Mapping[str, _Candidate],
    counts: Mapping[str, int],
    book: Book,
) -> list[dict[str, Any]]:
    cat = state.cat
    fw = cat.framework
    now, recommended = _evidence(book)
    raw = [
        (c.gains[j], iid, j) for iid, n in counts.items() for c in [cands[iid]] for j in range(n)
    ]
    raw.sort(key=lambda s: (-round(s[0], 12), indicator_sort_key(s[1]), s[2]))
    changes: dict[str, Any] = {}
    rows: list[dict[str, Any]] = []
    for order, (gain, iid, j) in enumerate(raw, start=1):
        c = cands[iid]
        entry = cat.indicators[state.no_of[iid]]
        level_to = policy.raised(c.level, j + 1)
        changes[iid] = level_to
        rows.append(
            {
                "order": order,
                "indicator_id": iid,
                "indicator_no": entry.number,
                "name": state.rows.names.get(iid) or entry.name,
                "aspect_no": entry.aspect_no,
                "domain_no": entry.domain_no,
                "agencies": "; ".join(c.agencies),
                "level_from": float(policy.raised(c.level, j)),
                "level_to": float(level_to),
                "points": gain,
                "index_after": state.total_with(dict(changes)),
                "criterion": fw.criterion(entry.number, policy.criterion_level(level_to)),
                "evidence_now": "\n".join(now.get(iid, [])) or None,
                "evidence_recommended": "\n".join(recommended.get(iid, [])) or None,
            }
        )
    return rows


def _by_agency(steps: pd.DataFrame) -> pd.DataFrame:
    loads: dict[str, list[Any]] = {}
    for iid, names, pts in zip(
        steps["indicator_id"], steps["agencies"], steps["points"], strict=True
    ):
        for agency in str(names).split("; "):
            entry = loads.setdefault(agency, [0, 0.0, []])
            entry[0] += 1
            entry[1] += float(pts)
            if iid not in entry[2]:
                entry[2].append(iid)
    records = [
        {"agency": a, "n_steps": n, "points": pts, "indicator_ids": ", ".join(ids)}
        for a, (n, pts, ids) in loads.items()
    ]
    frame = pd.DataFrame.from_records(
        records, columns=["agency", "n_steps", "points", "indicator_ids"]
    ).astype(
        {"agency": "string", "n_steps": "Int64", "points": "float64", "indicator_ids": "string"}
    )
    return frame.sort_values(
        ["n_steps", "agency"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)


def _notes(
    plan_size: int,
    reached: bool,
    target_label: str,
    best: float,
    apart: pd.DataFrame,
    exact: bool,
    max_step: int,
) -> tuple[str, ...]:
    notes = []
    if not reached and math.isnan(best):
        notes.append(
            f"Target {target_label} tidak dapat direncanakan: tidak ada indikator yang memiliki level."
        )
    elif not reached:
        notes.append(
            f"Target {target_label} tidak dapat dicapai dengan batasan ini (paling banyak "
            f"{max_step} langkah per indikator, indikator yang dikecualikan dan indikator "
            f"eksternal di bawah): indeks tertinggi yang dapat dicapai {round_half_up(best):.2f}."
        )
    elif plan_size == 0:
        notes.append(f"Indeks sudah mencapai {target_label}: tidak perlu langkah.")
    for reason, text in (
        ("excluded", "dikecualikan oleh pengguna"),
        (
            "external",
            "dinilai dari indeks nasional lain: tidak dapat dinaikkan oleh instansi sendiri, "
            "tingkatkan pada indeks tersebut",
        ),
        ("no level", "belum memiliki level: nilai dahulu (tidak direncanakan)"),
    ):
        ids = apart.loc[apart["reason"] == reason, "indicator_id"].tolist()
        if ids:
            notes.append(f"Indikator {', '.join(ids)}: {text}.")
    if not exact:
        notes.append(
            "Jumlah langkah sudah minimal; pencarian sebaran paling merata antar perangkat "
            "daerah berhenti pada batasnya, jadi rencana lain dengan jumlah langkah yang sama "
            "mungkin lebih merata."
        )
    return tuple(notes)


def _exclusions(exclude: Mapping[str, str | None] | Iterable[str] | None) -> dict[str, str | None]:
    if exclude is None:
        return {}
    if isinstance(exclude, Mapping):
        return {str(k).strip(): (None if v is None else str(v)) for k, v in exclude.items()}
    return {str(k).strip(): None for k in exclude}


def make_plan(
    cat: Catalog,
    book: Book,
    *,
    target: str | float,
    max_step: int = 1,
    exclude: Mapping[str, str | None] | Iterable[str] | None = None,
    external: Iterable[int | str] = (),
    level: str = "official",
    instances: str = "items",
    increment: float | None = None,
) -> Plan:
    """The plan of ``book`` under ``cat`` (see ``rules.plan``)."""
    if instances not in PLAN_INSTANCE_RULES:
        raise ValueError(
            f"plan needs an instances rule under which a step's gain does not depend on the "
            f"others ({', '.join(PLAN_INSTANCE_RULES)}), not {instances!r}"
        )
    if isinstance(max_step, bool) or not isinstance(max_step, int) or max_step < 1:
        raise ValueError(f"max_step must be a whole number of at least 1, not {max_step!r}")
    fw = cat.framework
    goal, label = parse_target(fw, target)
    policy = step_policy(fw, increment)
    state = _state(cat, book.indicators, level, instances)
    agencies = _agencies(state, book)
    outside = external_indicators(fw) | {int(str(n).partition("-")[0]) for n in external}
    cands, apart_records = _candidates(
        state, policy, agencies, max_step=max_step, exclude=_exclusions(exclude), external=outside
    )
    base = state.base
    # the published figure rounds half up: base + gain >= goal - 0.005 reaches the goal
    need = (goal - 0.005) - (0.0 if math.isnan(base) else base)
    counts, _, exact = _choose(cands, need)
    by_iid = {c.iid: c for c in cands}
    rows = _step_rows(state, policy, by_iid, counts, book)
    steps = pd.DataFrame.from_records(rows, columns=list(PLAN_STEP_COLUMNS)).astype(
        PLAN_STEP_COLUMNS
    )
    after = float(steps["index_after"].iloc[-1]) if len(steps) else base
    best = (
        state.total_with({c.iid: policy.raised(c.level, c.cap) for c in cands}) if cands else base
    )
    reached = not math.isnan(after) and round_half_up(after) >= goal - _EPS
    apart = pd.DataFrame.from_records(
        apart_records, columns=["indicator_id", "agencies", "level", "reason", "note"]
    ).astype(
        {
            "indicator_id": "string",
            "agencies": "string",
            "level": "float64",
            "reason": "string",
            "note": "string",
        }
    )

    def predicate(value: float) -> str:
        return "" if math.isnan(value) else fw.predicate(round_half_up(value))

    return Plan(
        framework=cat.id,
        instansi=book.meta.instansi,
        year=book.meta.year,
        level=level,
        instances=instances,
        target=goal,
        target_label=label,
        max_step=max_step,
        increment=float(policy.increment),
        decimal=fw.is_score,
        index_before=base,
        predicate_before=predicate(base),
        index_after=after,
        predicate_after=predicate(after),
        reached=reached,
        best_reachable=best,
        steps=steps,
        by_agency=_by_agency(steps),
        apart=apart,
        tie_break_exact=exact,
        notes=_notes(len(steps), reached, label, best, apart, exact, max_step),
    )
