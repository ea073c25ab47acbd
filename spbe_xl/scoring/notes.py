"""The notes of a summary: how the index was computed and what it lacks, one function each.

The notes are read in the RINGKASAN sheet of an official Indonesian workbook, so they are
written in Indonesian; the column names they quote stay as the API spells them."""

from __future__ import annotations

import math
from collections.abc import Sequence

from spbe_xl.scoring.catalog import Catalog
from spbe_xl.scoring.levels import WHAT_IF_COLUMN, FrameLevels
from spbe_xl.scoring.results import IndexResult, round_half_up

__all__ = ["COLUMN_LABELS", "ids_text", "summary_notes"]

#: How a level column is named in the notes.
COLUMN_LABELS = {
    "maturity_level": "NILAI TINGKAT KEMATANGAN pada tindak lanjut (maturity_level)",
    "evaluator_level": "HASIL PENILAIAN tim evaluator (evaluator_level)",
    "self_level": "PENILAIAN MANDIRI (self_level)",
    WHAT_IF_COLUMN: "perubahan simulasi (what-if)",
}


#: What an indicator's value is called in the notes.
_VALUE_WORDS = {"level": "level", "score": "nilai"}

#: An instances rule as the notes name it.
_RULE_WORDS = {
    "mean": "rata-rata level instansnya",
    "max": "level tertinggi instansnya",
    "min": "level terendah instansnya",
}


def ids_text(ids: Sequence[str], limit: int = 12) -> str:
    """Ids comma-joined, the first ``limit`` of them and how many more ("dan 3 lainnya")."""
    ids = list(ids)
    if len(ids) <= limit:
        return ", ".join(ids)
    return ", ".join(ids[:limit]) + f" dan {len(ids) - limit} lainnya"


def _framework_note(cat: Catalog) -> str:
    fw = cat.framework
    if fw.is_score or not fw.has_domains:
        return (
            f"Kerangka {fw.id} ({fw.regulation}); {_VALUE_WORDS[fw.value_label]} "
            f"{fw.value_range_text()}. Indeks = Σ bobot × {_VALUE_WORDS[fw.value_label]} / 100; "
            "indeks aspek = rata-rata indikatornya, dibobot"
            + ("" if fw.has_domains else "; tanpa domain")
            + "."
        )
    return (
        f"Kerangka {fw.id} ({fw.regulation}); level {fw.level_min}-{fw.level_max}. "
        "Indeks = Σ bobot aspek × indeks aspek / 100; indeks aspek = rata-rata butirnya; "
        "indeks domain = rata-rata indeks aspeknya, dibobot dengan bobot aspek."
    )


def _level_source_notes(scores: IndexResult) -> list[str]:
    """Which column the official levels came from."""
    by_col: dict[str, list[str]] = {}
    for iid, col in scores.level_columns.items():
        by_col.setdefault(col, []).append(iid)
    if by_col.get("evaluator_level") and by_col.get("maturity_level"):
        return [
            f"Level resmi: {COLUMN_LABELS['maturity_level']} untuk "
            f"{len(by_col['maturity_level'])} indikator; "
            f"{COLUMN_LABELS['evaluator_level']} bila tindak lanjut tidak memuatnya: "
            f"{ids_text(by_col['evaluator_level'])}."
        ]
    return [
        f"Level resmi: {COLUMN_LABELS.get(col, col)} untuk seluruh {len(ids)} indikator yang dihitung."
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
        f"Level pada tindak lanjut berbeda dari level evaluator untuk {len(differ)} "
        f"indikator ({ids_text(differ)}); yang dipakai level tindak lanjut."
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
        text.append(f"tanpa level resmi: {ids_text(no_level)}")
    if absent:
        text.append(f"indikator {ids_text(absent)} tidak ada di buku kerja")
    return [
        "Belum lengkap: "
        + "; ".join(text)
        + ". Indeks dihitung dari indikator lainnya dan bukan angka resmi."
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
                f"setiap instans dihitung sebagai satu butir dalam rata-rata aspek {aspect.number}, "
                f"dan aspek {aspect.number} tetap berbobot {aspect.weight:g}"
            )
        else:
            how = f"level indikator {no} = {_RULE_WORDS.get(rule, rule)}"
        notes.append(
            f"Indikator {no} memiliki {len(ids)} instans ({', '.join(ids)}); aturan instans "
            f"{rule!r}: {how}."
        )
    return notes


def _predicate_notes(cat: Catalog, scores: IndexResult) -> list[str]:
    """The predicate of the published figure, and bands not seen in an official text."""
    notes = []
    published = round_half_up(scores.total)
    if not math.isnan(published):
        notes.append(
            f"Predikat diambil dari indeks yang dibulatkan ke 2 desimal (setengah ke atas) "
            f"({published:.2f} -> {scores.predicate})."
        )
    fw = cat.framework
    open_bands = [str(p.name) for p in fw.predicates.itertuples(index=False) if p.status == "open"]
    if open_bands:
        notes.append(
            f"Batas predikat berikut diasumsikan, belum terlihat dalam teks resmi {fw.id} "
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
        "Dinilai dari indeks nasional lain, bukan dari data dukung instansi sendiri: indikator "
        + "; ".join(parts)
        + ". Tingkatkan nilainya pada indeks tersebut (indeks yang tidak ada dihitung dengan "
        "nilai penggantinya)."
    ]


def _self_notes(self_scores: IndexResult | None) -> list[str]:
    if self_scores is None:
        return ["Tidak ada level penilaian mandiri: indeks penilaian mandiri tidak dihitung."]
    if self_scores.skipped:
        return [
            f"Level penilaian mandiri tidak ada untuk {ids_text(self_scores.skipped)}; "
            "indeks penilaian mandiri dihitung dari indikator lainnya."
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
        "Poin yang dapat diraih dihitung sampai "
        + (f"nilai {target:.2f}." if cat.framework.is_score else f"level {target}."),
    )
