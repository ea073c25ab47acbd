"""Headers: which column holds what, found from the header texts (never from positions).

A header text gets a role (``header_role``), a header row's roles give a layout
(``layout``: a :class:`Columns`), and ``find_columns`` reads a sheet's header row (with the
ADA / BELUM ADA or year sub-header row under it).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import accumulate
from typing import Any

from spbe_xl.reading.grid import Sheet, merge_parent, row_merges
from spbe_xl.text import match_key, ratio_at_least

LEVEL_FIELD = {"self": "self_level", "evaluator": "evaluator_level", "maturity": "maturity_level"}
EXPLANATION_FIELD = {
    "self": "self_explanation",
    "evaluator": "evaluator_explanation",
    "maturity": "maturity_explanation",
}


def _word_like(word: str, candidates: Sequence[str]) -> bool:
    if word in candidates:
        return True
    if len(word) < 5:
        return False
    # The ratio is at most 2 * min(len) / (len + len) (difflib's real_quick_ratio), and at
    # most 2 * (len(word) - d) / (len + len) where d letters of the word are not in the
    # candidate at all (each leaves at least one character unmatched): pairs these bounds
    # reject are skipped before the (cached) comparison, which would reject them too.
    n = len(word)
    letters = set(word)
    for c in candidates:
        if (
            len(c) >= 5
            and 2.0 * min(n, len(c)) / (n + len(c)) >= 0.8
            and 2.0 * (n - len(letters.difference(c))) / (n + len(c)) >= 0.8
            and ratio_at_least(word, c, 0.8)
        ):
            return True
    return False


def _has(norm_text: str, phrase: str) -> bool:
    """True when every word of ``phrase`` is in ``norm_text``, allowing small typos."""
    words = norm_text.split()
    # A loop, not all(<generator>): header classification runs this often, cold.
    for w in phrase.split():  # noqa: SIM110
        if not _word_like(w, words):
            return False
    return True


# Column roles: ("id",), ("name",), ("question",), ("level", kind), ("explanation",),
# ("recommendation",), ("evidence", kind), ("status", "ada"|"belum ada"),
# ("action", year|None), ("agency",), ("note",)


Role = tuple[Any, ...]


# Cached: the same header texts come back on every sheet and workbook of a batch, and each
# classification runs dozens of fuzzy word comparisons.
@lru_cache(maxsize=2048)
def header_role(text: str) -> Role | None:
    """The role of a header text (see above), or None for a text that names no field.

    The tests run in order, the first that recognises the text gives its role: the order
    matters ("DATA DUKUNG REKOMENDASI" is evidence, not the recommendation).
    """
    t = match_key(text)
    if not t:
        return None
    words = t.split()
    for test in _ROLE_TESTS:
        role = test(t, words)
        if role is not None:
            return role
    return None


def _status_role(t: str, words: list[str]) -> Role | None:
    """ADA / BELUM ADA / KELENGKAPAN … ADA: the columns an evidence item's status is marked in."""
    if words[-1] == "ADA":
        if words[-2:-1] in (["BELUM"], ["TIDAK"]):
            return ("status", "belum ada")
        if len(words) == 1 or _has(t, "KELENGKAPAN") or _has(t, "SAAT INI") or "SUDAH" in words:
            return ("status", "ada")
    return None


def _action_role(t: str, words: list[str]) -> Role | None:
    """RENCANA AKSI / RENCANA TINDAK LANJUT [TAHUN 2019]: an action plan, by year."""
    if _has(t, "RENCANA AKSI") or _has(t, "RENCANA TINDAK"):
        years = re.findall(r"\b(20\d\d)\b", t)
        return ("action", int(years[-1]) if years else None)
    return None


def _evidence_role(t: str, words: list[str]) -> Role | None:
    """DATA DUKUNG and the like: evidence of a kind, or its status (KELENGKAPAN …)."""
    if _has(t, "DATA DUKUNG") or _has(t, "BUKTI DUKUNG") or _has(t, "DOKUMEN PENDUKUNG"):
        if _has(t, "KELENGKAPAN") or _has(t, "SAAT INI"):
            return ("status", None)
        if _has(t, "OPTIMAL"):
            return ("evidence", "optimal")
        if _has(t, "REKOMENDASI"):
            return ("evidence", "recommended")
        return ("evidence", "self")
    return None


def _level_role(t: str, words: list[str]) -> Role | None:
    """A level column (self, maturity, evaluator) or a level's explanation."""
    if _has(t, "PENJELASAN") or _has(t, "KETERANGAN LEVEL") or _has(t, "DESKRIPSI LEVEL"):
        return ("explanation",)
    if _has(t, "MANDIRI"):
        return ("level", "self")
    if _has(t, "KEMATANGAN") or _has(t, "NILAI INDIKATOR"):
        return ("level", "maturity")
    if (
        _has(t, "EVALUATOR")
        or _has(t, "HASIL PENILAIAN")
        or _has(t, "VERIFIKASI")
        or (_has(t, "NILAI") and len(words) <= 3)
    ):
        return ("level", "evaluator")
    return None


def _text_role(t: str, words: list[str]) -> Role | None:
    """The recommendation, the responsible agency, the question or the indicator's name."""
    if _has(t, "REKOMENDASI"):
        return ("recommendation",)
    if (
        _has(t, "PENANGGUNG JAWAB")
        or _has(t, "PERANGKAT DAERAH")
        or t in ("OPD", "PD", "UNIT KERJA")
    ):
        return ("agency",)
    if _has(t, "PERTANYAAN"):
        return ("question",)
    if words[0] == "URAIAN" or _has(t, "NAMA INDIKATOR"):
        return ("name",)
    return None


def _id_role(t: str, words: list[str]) -> Role | None:
    """The indicator id, a NO column (an evidence item's number), a KETERANGAN note."""
    if t in ("INDIKATOR", "NO INDIKATOR", "NOMOR INDIKATOR", "KODE INDIKATOR", "KODE", "ID") or (
        words[0] == "INDIKATOR" and len(words) <= 2
    ):
        return ("id",)
    if t in ("NO", "NOMOR"):
        return ("number",)
    if t == "KETERANGAN":
        return ("note",)
    return None


_ROLE_TESTS = (_status_role, _action_role, _evidence_role, _level_role, _text_role, _id_role)


# The words of a header row (any case): a row holding none of them is no header.
_HINT_WORDS = ("INDIKATOR", "URAIAN", "PERTANYAAN", "KEMATANGAN", "MANDIRI")


# The characters other than ASCII letters that a case-insensitive search takes for a letter
# of a header word: "İ" and "ı" for I, the Kelvin sign for K (found over all code points:
# re.findall(letter, every_character, re.IGNORECASE)).
_HINT_LOOKALIKES = {0x130: "I", 0x131: "I", 0x212A: "K"}
_HINT_WORDS_BYTES = tuple(word.encode() for word in _HINT_WORDS)


def header_word_rows(sheet: Sheet) -> set[int]:
    """The rows of the sheet whose texts hold a header word, found once per sheet."""
    if sheet.header_word_rows_found is None:
        sheet.header_word_rows_found = rows_with_header_word(sheet.all_row_texts())
    return sheet.header_word_rows_found


def rows_with_header_word(rows: list[list[str | None]]) -> set[int]:
    """The indexes of the rows (lists of texts) with a text holding a header word in any
    case (as ``re.search("|".join(_HINT_WORDS), text, re.IGNORECASE)``), in one search.

    Nearly every row is tested, and testing rows one by one costs more in calls than in
    scanning.  Each row's texts are joined by a character no word contains (no match spans
    two cells), the rows are encoded and joined, and each word is searched in the
    upper-cased whole.  ``bytes.upper`` changes only ASCII letters and every byte of a
    non-ASCII character is >= 0x80, so once the few look-alike letters the regex also takes
    are made ASCII, the words match in the bytes exactly where that search matches.
    """
    joined = ["\0".join(filter(None, texts)) for texts in rows]
    if not all(map(str.isascii, joined)):
        joined = [
            text.translate(_HINT_LOOKALIKES)
            if "\u0130" in text or "\u0131" in text or "\u212a" in text
            else text
            for text in joined
        ]
    encoded = [text.encode("utf-8", "surrogatepass") for text in joined]
    data = b"\n".join(encoded).upper()
    # ends[i]: the offset just after row i and its separator (a word holds neither).
    ends = list(accumulate(len(row) + 1 for row in encoded))
    found: set[int] = set()
    for word in _HINT_WORDS_BYTES:
        at = data.find(word)
        while at >= 0:
            row = bisect_right(ends, at)
            found.add(row)
            at = data.find(word, ends[row])  # on from the next row
    return found


@dataclass
class Columns:
    """Where each field of a table lives on a sheet (0-based columns)."""

    id: int
    header_row: int
    n_header_rows: int
    name: int | None = None
    question: int | None = None
    levels: dict[str, int] = field(default_factory=dict)  # kind -> column
    explanations: dict[str, int] = field(default_factory=dict)  # level kind -> column
    recommendation: int | None = None
    evidence: dict[str, tuple[int | None, int]] = field(default_factory=dict)  # kind -> (no, text)
    status: dict[str, int] = field(default_factory=dict)  # "ada"/"belum ada" -> column
    actions: dict[int | None, int] = field(default_factory=dict)  # year -> column
    agency: int | None = None
    headers: dict[int, str] = field(default_factory=dict)
    # The text fields rows.read_row copies, as (field name, column): set by layout.
    text_plan: list[tuple[str, int]] = field(default_factory=list, repr=False, compare=False)
    explanation_plan: list[tuple[str, int]] = field(default_factory=list, repr=False, compare=False)

    @property
    def kind(self) -> str:
        if "maturity" in self.levels or self.recommendation is not None:
            return "followup"
        return "self_assessment"


def _header_texts(sheet: Sheet, r: int) -> dict[int, str]:
    """Header text of each column of row r, with merged headers spread over their span."""
    if r >= len(sheet.rows):
        return {}
    # Most header rows have no merged range (spans == []): no lookup for their empty cells.
    spans = row_merges(sheet, r)
    out: dict[int, str] = {}
    for c, text in enumerate(sheet.row_texts(r)):
        if text is None and spans != []:
            parent = merge_parent(sheet, r, c)
            if parent is not None:
                text = sheet.text(*parent)
        if text:
            out[c] = text
    return out


_SUBHEADER_TEXTS = ("ADA", "BELUM ADA", "TIDAK ADA", "SUDAH ADA")
_YEAR_RE = re.compile(r"20\d\d")


def _is_subheader_row(sheet: Sheet, r: int) -> bool:
    """Whether row r's own texts include ADA / BELUM ADA … or a year (a sub-header)."""
    return any(
        match_key(t) in _SUBHEADER_TEXTS or _YEAR_RE.fullmatch(match_key(t))
        for t in sheet.row_texts(r)
        if t
    )


#: The layout of each header seen in one read, by its texts (see find_columns).
LayoutCache = dict[tuple[int, tuple[tuple[int, str], ...]], "Columns | None"]


def find_columns(sheet: Sheet, r: int, layouts: LayoutCache | None = None) -> Columns | None:
    """Read a header row (and a sub-header row under it); None if row r is no header.

    ``layouts`` keeps, for one read, the layout of each header text seen (see below).
    """
    # The row's texts (computed once per row, the parser needs them anyway) hold the header
    # words exactly where its raw values do: converting a value strips spaces and turns
    # "\r" into "\n", which neither makes nor breaks a word, and numbers, dates and
    # booleans hold none of the words.
    if r not in header_word_rows(sheet):
        return None
    texts = _header_texts(sheet, r)
    n_rows = 1
    if r + 1 < len(sheet.rows) and _is_subheader_row(sheet, r + 1):
        n_rows = 2
        below = sheet.row_texts(r + 1)
        for c, sub in _header_texts(sheet, r + 1).items():
            if below[c] is None:
                continue  # a vertical merge from the row above
            texts[c] = f"{texts.get(c, '')} {sub}".strip()
    # The layout follows from the header texts alone: a header seen before in this read
    # (a follow-up repeats its header on every agency sheet) is not classified again.
    key = (n_rows, tuple(texts.items()))
    if layouts is None or key not in layouts:
        found = layout(texts, n_rows)
        if layouts is not None:
            layouts[key] = found
    else:
        found = layouts[key]
    if found is None:
        return None
    cols = replace(found, header_row=r, evidence=dict(found.evidence))  # (the rest is read only)
    # An evidence header over one column followed by an unlabelled column: number + text.
    for kind, (number_col, text_col) in list(cols.evidence.items()):
        if (
            number_col is None
            and text_col + 1 not in texts
            and column_has_text(sheet, r + n_rows, text_col + 1)
        ):
            cols.evidence[kind] = (text_col, text_col + 1)
    return cols


def layout(texts: dict[int, str], n_rows: int) -> Columns | None:
    """The columns a header's texts name (``header_row`` left to the caller), or None when
    the texts are no indicator table's header."""
    roles = {c: header_role(t) for c, t in texts.items()}
    found = {role[0] for role in roles.values() if role}
    if (
        "id" not in found
        or len(found & {"name", "question", "level", "recommendation", "evidence"}) < 2
    ):
        return None
    cols = Columns(
        id=min(c for c, role in roles.items() if role == ("id",)),
        header_row=-1,
        n_header_rows=n_rows,
    )
    cols.headers = texts
    ordered = sorted(roles.items())
    _place_roles(cols, roles, ordered)
    # KELENGKAPAN DATA DUKUNG over two columns without an ADA / BELUM ADA row.
    if not cols.status:
        span = [c for c, role in ordered if role == ("status", None)]
        if len(span) >= 2:
            cols.status = {"ada": span[0], "belum ada": span[1]}
    _plan_text_fields(cols)
    return cols


# The roles whose first column is the field's (a later column of the role is ignored).
_SINGLE_COLUMN_ROLES = ("name", "question", "recommendation", "agency")


def _place_roles(
    cols: Columns, roles: dict[int, Role | None], ordered: list[tuple[int, Role | None]]
) -> None:
    """Give each column's role its place in ``cols``, left to right."""
    last_level: str | None = None
    for i, (c, role) in enumerate(ordered):
        if role is None:
            continue
        kind = role[0]
        if kind in _SINGLE_COLUMN_ROLES:
            if getattr(cols, kind) is None:
                setattr(cols, kind, c)
        elif kind == "level":
            cols.levels.setdefault(role[1], c)
            last_level = role[1]
        elif kind == "explanation":
            target = last_level
            if target is None:  # explanation left of its level: take the next level
                target = next((r_[1] for _, r_ in ordered[i:] if r_ and r_[0] == "level"), None)
            if target is not None:
                cols.explanations.setdefault(target, c)
        elif kind == "evidence":
            _place_evidence(cols, roles, c, role[1])
        elif kind == "status" and role[1] is not None:
            cols.status.setdefault(role[1], c)
            # (a KELENGKAPAN header without sub-header, ("status", None), is resolved by layout)
        elif kind == "action":
            cols.actions.setdefault(role[1], c)


def _place_evidence(cols: Columns, roles: dict[int, Role | None], c: int, kind: str) -> None:
    """An evidence column of a kind: with the NO column left of it, if there is one."""
    previous = cols.evidence.get(kind)
    if previous is None:
        number_col = c - 1 if c > 0 and roles.get(c - 1) == ("number",) else None
        cols.evidence[kind] = (number_col, c)
    elif previous[0] is None and previous[1] == c - 1:
        cols.evidence[kind] = (c - 1, c)  # a header merged over number and text


def _plan_text_fields(cols: Columns) -> None:
    """The (field, column) lists rows.read_row copies texts by, worked out once per layout."""
    cols.text_plan = [
        (field_name, c)
        for field_name, c in (
            ("name", cols.name),
            ("question", cols.question),
            ("recommendation", cols.recommendation),
            ("responsible_agency_raw", cols.agency),
        )
        if c is not None
    ]
    cols.explanation_plan = [(EXPLANATION_FIELD[k], c) for k, c in cols.explanations.items()]


_NUMBER_LIKE_RE = re.compile(r"[\d\s.,]+")


def column_has_text(sheet: Sheet, start: int, c: int, rows: int = 60) -> bool:
    return any(
        (t := sheet.text(r, c)) is not None and not _NUMBER_LIKE_RE.fullmatch(t)
        for r in range(start, min(start + rows, len(sheet.rows)))
    )
