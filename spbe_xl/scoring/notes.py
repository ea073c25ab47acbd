"""The notes of a summary: how the index was computed and what it lacks, one function each."""

from __future__ import annotations

import math
from collections.abc import Sequence

from spbe_xl.scoring.catalog import Catalog
from spbe_xl.scoring.levels import WHAT_IF_COLUMN, FrameLevels
from spbe_xl.scoring.results import IndexResult, round_half_up

__all__ = ["COLUMN_LABELS", "ids_text", "summary_notes"]

#: How a level column is named in the notes.
COLUMN_LABELS = {
    "maturity_level": "the follow-up's NILAI TINGKAT KEMATANGAN (maturity_level)",
    "evaluator_level": "the evaluator's HASIL PENILAIAN (evaluator_level)",
    "self_level": "the self-assessment's PENILAIAN MANDIRI (self_level)",
    WHAT_IF_COLUMN: "a what-if change",
}


def ids_text(ids: Sequence[str], limit: int = 12) -> str:
    """Ids comma-joined, the first ``limit`` of them and how many more."""
    ids = list(ids)
    if len(ids) <= limit:
        return ", ".join(ids)
    return ", ".join(ids[:limit]) + f" and {len(ids) - limit} more"


def _framework_note(cat: Catalog) -> str:
    fw = cat.framework
    if fw.is_score or not fw.has_domains:
        return (
            f"Framework {fw.id} ({fw.regulation}); {fw.value_label}s {fw.value_range_text()}. "
            f"Index = Σ weight × {fw.value_label} / 100; aspect index = weighted mean of its "
            "indicators" + ("" if fw.has_domains else "; no domains") + "."
        )
    return (
        f"Framework {fw.id} ({fw.regulation}); levels {fw.level_min}-{fw.level_max}. "
        "Index = Σ aspect weight × aspect index / 100; aspect index = mean of its items; "
        "domain index = aspect-weighted mean of its aspects."
    )


def _level_source_notes(scores: IndexResult) -> list[str]:
    """Which column the official levels came from."""
    by_col: dict[str, list[str]] = {}
    for iid, col in scores.level_columns.items():
        by_col.setdefault(col, []).append(iid)
    if by_col.get("evaluator_level") and by_col.get("maturity_level"):
        return [
            f"Official levels: {COLUMN_LABELS['maturity_level']} for "
            f"{len(by_col['maturity_level'])} indicator(s); "
            f"{COLUMN_LABELS['evaluator_level']} where the follow-up has none: "
            f"{ids_text(by_col['evaluator_level'])}."
        ]
    return [
        f"Official levels: {COLUMN_LABELS.get(col, col)} for all {len(ids)} scored indicator(s)."
        for col, ids in by_col.items()
    ]


def _differ_notes(rows: FrameLevels) -> list[str]:
    """Where the follow-up's level is not the evaluator's."""
    maturity, evaluator = rows.values["maturity_level"], rows.values["evaluator_level"]
    differ = [
        iid
        for iid in rows.ids
        if maturity[iid] is not None
        and evaluator[iid] is not None
        and maturity[iid] != evaluator[iid]
    ]
    if not differ:
        return []
    return [
        f"The follow-up's level differs from the evaluator's for {len(differ)} "
        f"indicator(s) ({ids_text(differ)}); the follow-up's is used."
    ]


def _incomplete_notes(rows: FrameLevels, scores: IndexResult) -> list[str]:
    """What the index lacks: ids without a level, indicators absent from the workbook."""
    if not scores.skipped:
        return []
    present = set(rows.ids)
    absent = [i for i in scores.skipped if i not in present]
    no_level = [i for i in scores.skipped if i in present]
    text = []
    if no_level:
        text.append(f"no official level for {ids_text(no_level)}")
    if absent:
        text.append(f"indicator(s) {ids_text(absent)} absent from the workbook")
    return [
        "Incomplete: "
        + "; ".join(text)
        + ". The index is computed over the other indicators and is not the official figure."
    ]


def _instance_notes(cat: Catalog, rows: FrameLevels, rule: str) -> list[str]:
    """How each multi-instance indicator was folded."""
    by_no: dict[int, list[str]] = {}
    for iid in rows.ids:
        by_no.setdefault(rows.no_of[iid], []).append(iid)
    notes = []
    for no, ids in by_no.items():
        if len(ids) < 2:
            continue
        aspect = cat.aspects[cat.indicators[no].aspect_no]
        if rule == "items":
            how = (
                f"each instance counts as one item in aspect {aspect.number}'s mean and aspect "
                f"{aspect.number} keeps its weight ({aspect.weight:g})"
            )
        else:
            how = f"indicator {no}'s level is the {rule} of its instances"
        notes.append(
            f"Indicator {no} has {len(ids)} instances ({', '.join(ids)}); instances rule "
            f"{rule!r}: {how}."
        )
    return notes


def _predicate_notes(cat: Catalog, scores: IndexResult) -> list[str]:
    """The predicate of the published figure, and bands not seen in an official text."""
    notes = []
    published = round_half_up(scores.total)
    if not math.isnan(published):
        notes.append(
            f"The predicate is that of the index rounded half up to 2 decimals "
            f"({published:.2f} -> {scores.predicate})."
        )
    fw = cat.framework
    open_bands = [str(p.name) for p in fw.predicates.itertuples(index=False) if p.status == "open"]
    if open_bands:
        notes.append(
            f"Predicate bands assumed, not seen in an official text for {fw.id} "
            f"(status 'open'): {', '.join(open_bands)}."
        )
    return notes


def _external_notes(cat: Catalog) -> list[str]:
    """The indicators valued from other national indices: raise them there."""
    ext = cat.framework.externals
    if not len(ext):
        return []
    parts = [
        f"{int(no)} ({name})" for no, name in zip(ext["indicator_no"], ext["index"], strict=True)
    ]
    return [
        "Valued from other national indices, not from the instansi's own evidence: indicator "
        + "; ".join(parts)
        + ". Raise them in those indices (a missing index counts as its missing value)."
    ]


def _self_notes(self_scores: IndexResult | None) -> list[str]:
    if self_scores is None:
        return ["No self-assessment levels: the self-assessed index is not computed."]
    if self_scores.skipped:
        return [
            f"Self-assessment levels missing for {ids_text(self_scores.skipped)}; the "
            "self-assessed index is computed over the others."
        ]
    return []


def summary_notes(
    cat: Catalog,
    rows: FrameLevels,
    scores: IndexResult,
    self_scores: IndexResult | None,
    target: float,
) -> tuple[str, ...]:
    """The notes of :func:`spbe_xl.rules.summarize`, in the order the sheet shows them."""
    return (
        _framework_note(cat),
        *_level_source_notes(scores),
        *_differ_notes(rows),
        *_incomplete_notes(rows, scores),
        *_instance_notes(cat, rows, scores.instances),
        *_predicate_notes(cat, scores),
        *_self_notes(self_scores),
        *_external_notes(cat),
        f"Points to win are counted up to {cat.framework.value_label} "
        + (f"{target:.2f}." if cat.framework.is_score else f"{target}."),
    )
