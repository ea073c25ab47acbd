"""Which framework a workbook, or a frame of levels, is read, scored and written under.

:func:`resolve_framework` is the one policy every layer uses (readers, rules, writers, the
CLI), so that a workbook is never scored under another framework than it was read under.
:func:`framework_resolution` is the same policy with its reasons: which framework the
evaluation year puts in force, what the indicator numbers and names point to, and whether
the two contradict each other (the reader reports that as a finding).  The years each
packaged framework applies to are data: the ``[rounds]`` table of its file.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache

from spbe_xl.framework.loading import available, load
from spbe_xl.framework.model import Framework, FrameworkError
from spbe_xl.text import match_key, names_alike

__all__ = [
    "DECIMAL_QUORUM",
    "Resolution",
    "framework_for_year",
    "framework_resolution",
    "packaged_rounds",
    "resolve_framework",
    "title_value_type",
]


#: How many level cells with a fractional part (``2,75``) make the values decimal scores:
#: one could be a typo, several are the workbook's value type.
DECIMAL_QUORUM = 2


@cache
def _names_by_number(framework: Framework) -> dict[int, str]:
    """The catalog's indicator names by number (``Framework.indicators`` copies a frame)."""
    return {int(no): row["name"] for no, row in framework._rows.items()}


@dataclass(frozen=True)
class Resolution:
    """The framework chosen, and why.

    ``how``: ``"requested"`` (the caller's ``framework=``), ``"declared"`` (a Book's own),
    ``"year"`` (the framework in force in the evaluation year, the indicators agreeing or
    saying nothing), ``"indicators"`` (the numbers or names decided: no year, a year no
    packaged framework covers, or a year they contradict), ``"default"`` (nothing decided:
    the oldest framework).  ``in_force`` is the packaged framework whose rounds cover
    ``year`` (None: no year, or none packaged for it); ``evidence`` the one the indicator
    numbers or names point to, ``evidence_text`` how (None / "" when they fit several
    alike).  ``contradiction``: the year's framework and the indicators' differ.

    ``"values"``: nothing else decided and the values are decimals (``decimals``, the
    level cells with a fractional part, at least :data:`DECIMAL_QUORUM`), so the score
    framework the numbers fit.  ``candidates``: the packaged frameworks whose catalog holds
    every number read.  ``undecided``: why the framework is not certain (the evidence
    conflicts: decimal values beside a year or names of a whole-level framework; or is thin:
    nothing tells a score framework from a level one); "" when it is.  The framework is
    then the one the policy falls back to, for the indicators' structure only: its values
    must not be scored (the reader leaves them empty, with a finding).
    """

    framework: Framework
    how: str
    year: int | None = None
    in_force: Framework | None = None
    evidence: Framework | None = None
    evidence_text: str = ""
    decimals: int = 0
    candidates: tuple[Framework, ...] = ()
    undecided: str = ""

    @property
    def contradiction(self) -> bool:
        """The year puts one framework in force, the indicators point to another."""
        return (
            self.in_force is not None
            and self.evidence is not None
            and self.in_force.id != self.evidence.id
        )

    @property
    def year_uncovered(self) -> bool:
        """A year was given, no packaged framework applies to it, and the framework was
        not requested or declared (so it was chosen without the year's confirmation)."""
        return (
            self.year is not None
            and self.in_force is None
            and self.how not in ("requested", "declared")
        )

    @property
    def reasons(self) -> tuple[str, ...]:
        """The resolution in words, one reason a line."""
        out: list[str] = []
        if self.how == "requested":
            return (f"{self.framework.id}: requested",)
        if self.how == "declared":
            return (f"{self.framework.id}: the book's own framework",)
        if self.year is not None:
            if self.in_force is not None:
                out.append(
                    f"year {self.year}: {self.in_force.id} "
                    f"(rounds {self.in_force.rounds_label()}, {self.in_force.regulation})"
                )
            else:
                out.append(f"year {self.year}: no packaged framework ({packaged_rounds()})")
        if self.evidence is not None:
            out.append(f"indicators: {self.evidence.id} ({self.evidence_text})")
        if self.how == "values":
            out.append(f"values: {self.framework.id} ({self.evidence_text})")
        if self.undecided:
            out.append(f"undecided: {self.undecided}; values left empty")
        elif self.contradiction:
            out.append(f"contradiction: read under {self.framework.id}, the indicators' framework")
        elif self.how == "default":
            out.append(f"{self.framework.id}: nothing decides, the oldest framework")
        return tuple(out)


def packaged() -> list[Framework]:
    """Every packaged framework, loaded (``load`` caches them)."""
    return [load(framework_id) for framework_id in available()]


def packaged_rounds() -> str:
    """The packaged frameworks with their rounds: ``spbe2018 2018-2020, spbe2020 2021-2025``."""
    frameworks = sorted(
        packaged(),
        key=lambda f: (f.first_round is None, f.first_round or 0, f.id),
    )
    return ", ".join(f"{f.id} {f.rounds_label() or '(no rounds given)'}" for f in frameworks)


def framework_for_year(year: int) -> Framework | None:
    """The packaged framework in force in ``year`` (its ``[rounds]``), None when none is:
    of two whose rounds overlap, the one whose first round is later."""
    dated = [f for f in packaged() if f.applies_to(year)]
    return max(dated, key=lambda f: f.first_round or 0, default=None)


def resolve_framework(
    requested: str | Framework | None = None,
    *,
    declared: str | None = None,
    indicator_numbers: Iterable[int] = (),
    indicator_names: Iterable[tuple[int, str]] = (),
    year: int | None = None,
    decimal_values: int = 0,
    title_lines: Iterable[str] = (),
) -> Framework:
    """The framework a workbook (or a frame of levels) is read, scored and written under:
    ``framework_resolution(...).framework`` (see there for the policy)."""
    return framework_resolution(
        requested,
        declared=declared,
        indicator_numbers=indicator_numbers,
        indicator_names=indicator_names,
        year=year,
        decimal_values=decimal_values,
        title_lines=title_lines,
    ).framework


def framework_resolution(
    requested: str | Framework | None = None,
    *,
    declared: str | None = None,
    indicator_numbers: Iterable[int] = (),
    indicator_names: Iterable[tuple[int, str]] = (),
    year: int | None = None,
    decimal_values: int = 0,
    title_lines: Iterable[str] = (),
) -> Resolution:
    """The framework a workbook (or a frame of levels) is read, scored and written under,
    with the reasons.  The one policy every layer uses, in order:

    1. ``requested`` (the caller's ``framework=``), an id or an object, always wins;
    2. ``declared`` (a Book's own ``meta.framework``), if its catalog holds every number;
    3. the evidence of the indicators: the packaged frameworks whose catalog reaches the
       highest number seen (a number no catalog holds, 0 say, rules none out; a number
       beyond every catalog is evidence for none); of several, the one whose names the
       ``(number, name)`` pairs resemble, when at least half the pairs vote for it and
       more than for any other (each pair alike a catalog's name of that number is one
       vote); else the indicators decide nothing;
    4. the evaluation ``year`` puts in force the packaged framework whose ``[rounds]``
       cover it (:func:`framework_for_year`).  That one is the answer when the evidence
       agrees or says nothing.  When the evidence points to another framework the two
       contradict each other (``Resolution.contradiction``, an error the reader reports):
       the indicators' framework is taken, since their numbers and names are what is read
       and scored;
    5. without a year in force (no year, or one no packaged framework covers: 2017, a
       round not yet packaged), the evidence; when it decides nothing, the latest
       framework whose first round is not after the year, else the oldest (numbers beyond
       every catalog: the largest);
    6. the values (``decimal_values``: level cells with a fractional part) and the
       ``title_lines`` (:func:`title_value_type`: a title naming SPBE or Pemerintah
       Digital), when a score framework (Pemdi) and a whole-level one (SPBE) both hold
       every number: several decimals or a Pemdi title, and nothing pointing to a level
       framework -> the score framework (``how="values"``); these against the one thing
       that points to a level framework (the year, the names or the title), or nothing at
       all deciding -> ``undecided`` (see :class:`Resolution`).  Two things that agree on
       a level framework outweigh the decimals (they are unreadable levels there).
    """
    if isinstance(requested, Framework):
        return Resolution(requested, "requested", year)
    if requested is not None:
        return Resolution(load(requested), "requested", year)
    numbers = set(indicator_numbers)
    own = _declared(declared, numbers)
    if own is not None:
        return Resolution(own, "declared", year)
    frameworks = packaged()
    in_force = framework_for_year(year) if year is not None else None
    evidence, evidence_text, candidates = _evidence(frameworks, numbers, list(indicator_names))
    if in_force is not None:
        chosen = evidence if evidence is not None else in_force
        how = "year" if chosen.id == in_force.id else "indicators"
        found = Resolution(chosen, how, year, in_force, evidence, evidence_text)
    elif evidence is not None:
        found = Resolution(evidence, "indicators", year, None, evidence, evidence_text)
    else:
        found = Resolution(_by_year(candidates, year), "default", year)
    title = title_value_type(title_lines, frameworks)
    return _weigh_values(found, candidates if numbers else [], decimal_values, title)


def title_value_type(
    lines: Iterable[str], frameworks: Iterable[Framework] | None = None
) -> tuple[bool, str] | None:
    """(whether the values are scores, the words) the title rows name, by the frameworks'
    ``title_words`` (packaged ones by default): ``EVALUASI SPBE`` whole levels,
    ``PEMERINTAH DIGITAL`` scores; None when they name neither, or both."""
    if frameworks is None:
        frameworks = packaged()
    words_of = [
        (match_key(words).upper(), fw.is_score) for fw in frameworks for words in fw.title_words
    ]
    found: dict[bool, str] = {}
    for line in lines:
        text = f" {match_key(str(line)).upper()} "
        for words, is_score in words_of:
            if f" {words} " in text:
                found.setdefault(is_score, words)
    if len(found) != 1:
        return None
    ((is_score, words),) = found.items()
    return is_score, words


def _weigh_values(
    found: Resolution,
    candidates: list[Framework],
    decimals: int,
    title: tuple[bool, str] | None,
) -> Resolution:
    """Step 6 of :func:`framework_resolution`: the values' type against the rest."""
    found = replace(found, decimals=decimals, candidates=tuple(candidates))
    scored = [f for f in candidates if f.is_score]
    if not scored or found.framework.is_score or len(scored) == len(candidates):
        return found  # the numbers leave no score framework, or no level one, to weigh
    ids = ", ".join(f.id for f in candidates)
    values = _by_year(scored, found.year)
    for_levels: list[str] = []
    if found.in_force is not None and not found.in_force.is_score:
        for_levels.append(f"the evaluation year {found.year} is a round of {found.in_force.id}")
    if found.evidence is not None and not found.evidence.is_score:
        for_levels.append(f"the indicators are {found.evidence.id}'s ({found.evidence_text})")
    if title is not None and not title[0]:
        for_levels.append(f"the title names {title[1]}")
    for_scores: list[str] = []
    if decimals >= DECIMAL_QUORUM:
        for_scores.append(f"{decimals} values have a decimal part, as {values.id}'s scores do")
    if title is not None and title[0]:
        for_scores.append(f"the title names {title[1]}")
    if for_scores:
        typed = " and ".join(for_scores)
        if not for_levels:
            return replace(found, framework=values, how="values", evidence_text=typed)
        if len(for_levels) == 1:
            return replace(found, undecided=f"{for_levels[0]}, but {typed}")
        return found  # two things agree on a level framework: the decimals are unreadable
    if found.how == "default" and not for_levels:
        year = (
            "no evaluation year"
            if found.year is None
            else f"the evaluation year {found.year} is a round of none of them"
        )
        typed = "one value has a decimal part" if decimals == 1 else "no value has a decimal part"
        return replace(
            found,
            undecided=(
                f"the indicator numbers fit {ids}, and nothing tells them apart: {year}, "
                f"no indicator name alike a catalog's, no title naming SPBE or Pemerintah "
                f"Digital, {typed} (whole values read as {found.framework.id}'s levels "
                f"could be {values.id}'s scores)"
            ),
        )
    return found


def _evidence(
    packaged: list[Framework], numbers: set[int], names: list[tuple[int, str]]
) -> tuple[Framework | None, str, list[Framework]]:
    """(the framework the indicators point to or None, how, the candidates by number)."""
    last = {f.id: max(_names_by_number(f), default=0) for f in packaged}
    highest = max(numbers, default=0)
    candidates = [f for f in packaged if last[f.id] >= highest]
    if not candidates:
        # A number beyond every catalog (a typo, say) is evidence for none: the year
        # decides, else the largest catalog (the reader reports the number).
        return None, "", [max(packaged, key=lambda f: last[f.id])]
    if len(candidates) == 1:
        only = candidates[0]
        # the nearest other catalog: the largest of those the numbers go beyond
        nearest = max((f for f in packaged if f is not only), key=lambda f: last[f.id])
        beyond = f"{nearest.id} has 1-{last[nearest.id]}"
        return only, f"indicator numbers up to {highest}; {beyond}", candidates
    vote = _vote_by_names(candidates, names)
    if vote is None:
        return None, "", candidates
    winner, votes, total, at_least = vote
    text = f"{'at least ' if at_least else ''}{votes} of {total} indicator names are {winner.id}'s"
    larger = [f for f in packaged if last[f.id] > max(highest, last[winner.id])]
    if larger:
        text += f"; no indicator beyond {highest} ({larger[0].id} has 1-{last[larger[0].id]})"
    return winner, text, candidates


def _declared(declared: str | None, numbers: set[int]) -> Framework | None:
    """The book's own framework, when it is a known one and holds every number."""
    if not declared:
        return None
    try:
        own = load(declared)
    except FrameworkError:
        return None
    return own if all(own.has_indicator(n) for n in numbers) else None


def _by_year(candidates: list[Framework], year: int | None) -> Framework:
    """The latest candidate whose first round is not after ``year``; else the oldest; else
    the first (a framework whose file gives no rounds never wins on the year)."""
    dated = [(f.first_round, f) for f in candidates if f.first_round is not None]
    in_force = [(first, f) for first, f in dated if year is not None and first <= year]
    if in_force:
        return max(in_force, key=lambda pair: pair[0])[1]
    if dated:
        return min(dated, key=lambda pair: pair[0])[1]
    return candidates[0]


def _vote_by_names(
    candidates: list[Framework], names: list[tuple[int, str]]
) -> tuple[Framework, int, int, bool] | None:
    """(the candidate with the most names alike its catalog's, its votes, the pairs it was
    compared on, whether the votes are a lower bound: pairs left uncompared once the vote
    was decided), or None on a tie or when it has fewer votes than half its pairs.

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
    totals = dict(high)
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
    if found is None:
        return None
    # A quorum: at least half the pairs (compared against the winner's catalog) alike.
    total = totals[found]
    quorum = math.ceil(total / 2)
    while low[found] < quorum and pending[found]:
        a, b, n = pending[found].pop()
        if names_alike(match_key(a), match_key(b)):
            low[found] += n
    if low[found] < quorum:
        return None
    return by_id[found], low[found], total, bool(pending[found])
