"""Headers: which column holds what, found from the header texts (never from positions).

A header text gets a role (``header_role``), a header row's roles give a layout
(``layout``: a :class:`Columns`), and ``find_columns`` reads a sheet's header row (with the
ADA / BELUM ADA or year sub-header row under it).
"""

from __future__ import annotations

import copy
import difflib
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, pairwise
from typing import Any

from spbe_xl.reading.grid import Sheet, row_merges, texts_of
from spbe_xl.reading.values import parse_indicator_id, parse_level
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


# The words the role tests below look for: those of every _has phrase (matched allowing a
# typo) and those compared exactly (KETERANGAN, ADA, TAHUN, LEVEL, OPD, KODE, NO …).  A text
# none of whose words is one of them, or like one, names no field and no group: the tests
# are skipped (speed: most texts tried as a header are titles, banners and data, and each
# runs dozens of fuzzy comparisons otherwise).  tests/reading/test_headers.py checks that
# every _has phrase's words are here.
_PHRASE_WORDS = frozenset([
    "BUKTI", "DUKUNG", "DATA", "DESKRIPSI", "LEVEL", "DOKUMEN", "PENDUKUNG", "EVALUATOR",
    "HASIL", "EVALUASI", "PENILAIAN", "KELENGKAPAN", "KEMATANGAN", "KETERANGAN", "MANDIRI",
    "NAMA", "INDIKATOR", "NILAI", "OPTIMAL", "PENANGGUNG", "JAWAB", "PENGAMPU", "PENJELASAN",
    "PERANGKAT", "DAERAH", "PERTANYAAN", "REKOMENDASI", "RENCANA", "AKSI", "TINDAK", "SAAT",
    "INI", "LANJUT", "UNIT", "KERJA", "VERIFIKASI", "LEADING", "SECTOR", "PELAKSANA",
])  # fmt: skip
_EXACT_WORDS = _PHRASE_WORDS | frozenset([
    "KETERANGAN", "CATATAN", "ADA", "TAHUN", "TARGET", "WAKTU", "PELAKSANAAN", "LEVEL", "HASIL",
    "NILAI", "SKOR", "OPD", "PD", "SKPD", "URAIAN", "KODE", "ID", "NO", "IND", "NOMOR", "URUT",
    "INDIKATOR", "PIC",
])  # fmt: skip
_LONG_PHRASE_WORDS = tuple(sorted(w for w in _PHRASE_WORDS if len(w) >= 5))


def _may_name_a_field(words: list[str]) -> bool:
    """Whether a header text's words could pass a role test: one of them is a word the
    tests look for, or like one (as _word_like judges it, either way round)."""
    for word in words:
        if word in _EXACT_WORDS or (len(word) >= 5 and _like_a_phrase_word(word)):
            return True
    return False


@lru_cache(maxsize=2048)
def _like_a_phrase_word(word: str) -> bool:
    """_word_like(phrase word, [word]) for some phrase word, or _word_like(word,
    ["INDIKATOR"]) (the one test that takes the text's word first)."""
    if _word_like(word, ("INDIKATOR",)):
        return True
    # _word_like(phrase_word, (word,)) for each phrase word, its bounds inlined (a call each
    # costs more than most bounds take to reject the pair).
    n = len(word)
    letters = set(word)
    for phrase_word, length, phrase_letters in _LONG_PHRASE_WORD_SETS:
        if phrase_word == word or (
            2.0 * min(n, length) / (n + length) >= 0.8
            and 2.0 * (length - len(phrase_letters.difference(letters))) / (n + length) >= 0.8
            and ratio_at_least(phrase_word, word, 0.8)
        ):
            return True
    return False


_LONG_PHRASE_WORD_SETS = tuple((w, len(w), frozenset(w)) for w in _LONG_PHRASE_WORDS)


# Column roles: ("id",) an indicator-number header (NO INDIKATOR, KODE); ("indicator",)
# INDIKATOR, the number or the name (decided by the column's content); ("number",) NO /
# NOMOR, the indicator number or an evidence item's number; ("name",), ("question",),
# ("level", kind), ("explanation",) or ("explanation", kind), ("recommendation",),
# ("evidence", kind), ("evidence_no", kind), ("status", "ada"|"belum ada"|None),
# ("action", year|None), ("target",) the year an action is planned for, ("agency",),
# ("note",).


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
    if not _may_name_a_field(words):
        return None
    for test in _ROLE_TESTS:
        role = test(t, words)
        if role is not None:
            return role
    return None


def _note_role(t: str, words: list[str]) -> Role | None:
    """KETERANGAN / CATATAN: a note, not read (KETERANGAN is no typo of KEMATANGAN)."""
    if words[0] in ("KETERANGAN", "CATATAN") and "LEVEL" not in words:
        return ("note",)
    return None


def _status_role(t: str, words: list[str]) -> Role | None:
    """ADA / BELUM ADA / KELENGKAPAN … ADA: the columns an evidence item's status is marked in."""
    if words[-1] == "ADA":
        if words[-2:-1] in (["BELUM"], ["TIDAK"]):
            return ("status", "belum ada")
        if len(words) == 1 or _has(t, "KELENGKAPAN") or _has(t, "SAAT INI") or "SUDAH" in words:
            return ("status", "ada")
    return None


_TARGET_TEXTS = ("TAHUN", "TARGET", "WAKTU", "TARGET WAKTU", "TARGET TAHUN", "WAKTU PELAKSANAAN")


def _action_role(t: str, words: list[str]) -> Role | None:
    """RENCANA AKSI / RENCANA TINDAK LANJUT / TINDAK LANJUT [TAHUN 2019]: an action plan,
    by year; TARGET (WAKTU) / TAHUN: the year an action is planned for."""
    if t in _TARGET_TEXTS:
        return ("target",)
    if (
        _has(t, "RENCANA AKSI")
        or _has(t, "RENCANA TINDAK")
        or (_has(t, "TINDAK LANJUT") and "REKOMENDASI" not in words)
    ):
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


# Level headers that name no kind of their own: their group's kind (PENILAIAN MANDIRI over
# LEVEL); alone, not read.
_GENERIC_LEVEL_TEXTS = ("LEVEL", "HASIL", "NILAI LEVEL", "SKOR")


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
        or _has(t, "HASIL EVALUASI")
        or _has(t, "VERIFIKASI")
        or (_has(t, "NILAI") and len(words) <= 3)
    ):
        return ("level", "evaluator")
    if t in _GENERIC_LEVEL_TEXTS:
        return ("level", None)
    return None


def _text_role(t: str, words: list[str]) -> Role | None:
    """The recommendation, the responsible agency, the question or the indicator's name."""
    if _has(t, "REKOMENDASI"):
        return ("recommendation",)
    if (
        _has(t, "PENANGGUNG JAWAB")
        or _has(t, "PERANGKAT DAERAH")
        or words[0] in ("OPD", "PD", "SKPD")
        or _has(t, "UNIT KERJA")
        or _has(t, "PENGAMPU")
        or _has(t, "LEADING SECTOR")
        or any(_names_the_implementer(w) for w in words)
        or "PIC" in words
    ):
        return ("agency",)
    if _has(t, "PERTANYAAN"):
        return ("question",)
    if words[0] == "URAIAN" or _has(t, "NAMA INDIKATOR"):
        return ("name",)
    return None


def _names_the_implementer(word: str) -> bool:
    """PELAKSANA (who carries it out: UNIT PELAKSANA, OPD PELAKSANA), allowing a typo, but
    not PELAKSANAAN (when it is carried out: a time) nor a typo nearer to that word."""
    if len(word) < 5 or not ratio_at_least(word, "PELAKSANA", 0.8):
        return False
    if ratio_at_least(word, "PELAKSANAAN", 0.8):
        agent, act = (difflib.SequenceMatcher(None, word, w).ratio() for w in _IMPLEMENTER)
        return agent > act
    return True


_IMPLEMENTER = ("PELAKSANA", "PELAKSANAAN")


def _id_role(t: str, words: list[str]) -> Role | None:
    """The indicator number (by header), INDIKATOR (number or name), NO (a number)."""
    if t in ("KODE", "ID", "NO IND") or (
        len(words) == 2
        and words[0] in ("NO", "NOMOR", "KODE")
        and _word_like(words[1], ("INDIKATOR",))
    ):
        return ("id",)
    if len(words) <= 2 and _word_like(words[0], ("INDIKATOR",)):
        return ("indicator",)
    if t in ("NO", "NOMOR", "NO URUT"):
        return ("number",)
    return None


_ROLE_TESTS = (
    _note_role,
    _status_role,
    _action_role,
    _evidence_role,
    _level_role,
    _text_role,
    _id_role,
)


@lru_cache(maxsize=1024)
def group_role(text: str) -> Role | None:
    """What a group header (a cell over several sub-columns) says about its sub-columns:
    ("status", None) KELENGKAPAN …, ("evidence", kind) DATA DUKUNG …, ("action", year)
    TINDAK LANJUT / RENCANA AKSI …, ("level", kind) PENILAIAN MANDIRI / HASIL EVALUASI /
    HASIL PENILAIAN (TIM) EVALUATOR / NILAI (TINGKAT) KEMATANGAN; None otherwise."""
    t = match_key(text)
    if not t:
        return None
    words = t.split()
    if not _may_name_a_field(words):
        return None
    if _has(t, "KELENGKAPAN"):
        return ("status", None)
    role = _evidence_role(t, words)
    if role is not None:
        return role
    if _has(t, "RENCANA AKSI") or _has(t, "RENCANA TINDAK") or _has(t, "TINDAK LANJUT"):
        years = re.findall(r"\b(20\d\d)\b", t)
        return ("action", int(years[-1]) if years else None)
    if _has(t, "MANDIRI"):
        return ("level", "self")
    if (
        _has(t, "EVALUATOR")
        or _has(t, "HASIL EVALUASI")
        or _has(t, "HASIL PENILAIAN")
        or _has(t, "VERIFIKASI")
    ):
        return ("level", "evaluator")
    if _has(t, "KEMATANGAN"):
        return ("level", "maturity")
    return None


# Roles a sub-header keeps under any group: the column says what it holds by itself.
_OWN_ROLES = ("id", "indicator", "name", "question", "recommendation", "agency", "note")
_YEAR_IN_TEXT_RE = re.compile(r"\b(20\d\d)\b")


@lru_cache(maxsize=2048)
def column_role(path: tuple[str, ...]) -> Role | None:
    """The role of a column whose header is ``path``: its group headers, outermost first,
    then its own header (the sub-header).  A column under a group takes its role from the
    group and its sub-header together: TINGKAT KEMATANGAN under PENILAIAN MANDIRI is the
    self level, under HASIL EVALUASI the evaluator's; NO / URAIAN under DATA DUKUNG the
    evidence's number / text; 2022 or URAIAN under RENCANA AKSI an action."""
    leaf = path[-1]
    own = header_role(leaf)
    if len(path) == 1:
        return own
    leaf_key = match_key(leaf)
    generic = leaf_key in ("URAIAN", "NO", "NOMOR", "JUMLAH") or _YEAR_IN_TEXT_RE.fullmatch(
        leaf_key
    )
    if own is not None and own[0] in _OWN_ROLES and not generic:
        return own
    if own is not None and own[0] == "status" and own[1] is not None:
        return own  # ADA / BELUM ADA
    for group in reversed(path[:-1]):  # the innermost group with a meaning decides
        role = group_role(group)
        if role is None:
            continue
        kind = role[0]
        if kind == "level":
            if own is not None and own[0] == "level":
                if role[1] == "maturity" and own[1] in ("self", "evaluator"):
                    # TINGKAT KEMATANGAN over MANDIRI | EVALUATOR: a group of levels whose
                    # sub-headers say whose (not the follow-up's maturity level)
                    return own
                return ("level", role[1])
            if own is not None and own[0] == "explanation":
                return ("explanation", role[1])
            if own is None and _YEAR_IN_TEXT_RE.fullmatch(leaf_key):
                # NILAI TINGKAT KEMATANGAN over 2021 | 2022 (a monitoring report's table):
                # each year's level; layout reads the latest year's (_latest_year_levels)
                return ("level", role[1])
            return own
        if kind == "evidence":
            if own is not None and own[0] in ("level", "explanation", "action", "target"):
                return own  # a column of its own beside the group (an unmerged group)
            if own == ("number",):
                return ("evidence_no", role[1])
            return ("evidence", role[1])
        if kind == "status":
            return own if own is not None and own[0] == "status" else ("status", None)
        if kind == "action":
            if own is not None and own[0] in ("level", "explanation", "evidence", "status"):
                return own
            if own == ("target",):
                return own
            years = _YEAR_IN_TEXT_RE.findall(leaf_key)
            if years:
                return ("action", int(years[-1]))
            if own is None or leaf_key == "URAIAN" or own[0] in ("action", "name"):
                return ("action", role[1])
            return own
    return own


# The words of a header row (any case): a row holding none of them is no header.  The
# title search (readers.peek_title) stops at the first row holding one.
_HINT_WORDS = ("INDIKATOR", "URAIAN", "PERTANYAAN", "KEMATANGAN", "MANDIRI")
# The walk tries more rows: the top row of a group header may hold only group words
# (DATA DUKUNG …, RENCANA AKSI, TINDAK LANJUT, HASIL EVALUASI over their sub-columns).
_WALK_HINT_WORDS = (*_HINT_WORDS, "DUKUNG", "RENCANA", "TINDAK", "EVALUA")


# The characters other than ASCII letters that a case-insensitive search takes for a letter
# of a header word: "İ" and "ı" for I, the Kelvin sign for K (found over all code points:
# re.findall(letter, every_character, re.IGNORECASE)).
_HINT_LOOKALIKES = {0x130: "I", 0x131: "I", 0x212A: "K"}
_HINT_WORDS_BYTES = tuple(word.encode() for word in _HINT_WORDS)
_WALK_HINT_WORDS_BYTES = tuple(word.encode() for word in _WALK_HINT_WORDS)


def header_word_rows(sheet: Sheet) -> set[int]:
    """The rows of the sheet whose texts hold a header word (of the walk's), found once
    per sheet."""
    if sheet.header_word_rows_found is None:
        sheet.header_word_rows_found = rows_with_header_word(
            sheet.all_row_texts(), _WALK_HINT_WORDS_BYTES
        )
    return sheet.header_word_rows_found


def rows_with_header_word(
    rows: list[list[str | None]], words: tuple[bytes, ...] = _HINT_WORDS_BYTES
) -> set[int]:
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
    for word in words:
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
    n_header_rows: int  # the header's rows, with a column-number row under them
    name: int | None = None
    question: int | None = None
    levels: dict[str, int] = field(default_factory=dict)  # kind -> column
    explanations: dict[str, int] = field(default_factory=dict)  # level kind -> column
    recommendation: int | None = None
    evidence: dict[str, tuple[int | None, int]] = field(default_factory=dict)  # kind -> (no, text)
    status: dict[str, int] = field(default_factory=dict)  # "ada"/"belum ada" -> column
    actions: dict[int | None, int] = field(default_factory=dict)  # year -> column
    action_target: int | None = None  # TARGET (WAKTU) / TAHUN: the year of an action
    agency: int | None = None
    headers: dict[int, str] = field(default_factory=dict)
    # The columns that may hold the indicator number, best header first (content decides:
    # find_columns), and the INDIKATOR columns that are the name when they hold texts.
    id_candidates: tuple[int, ...] = ()
    # The groups (PENILAIAN MANDIRI, HASIL EVALUASI …) the header has.
    groups: tuple[str, ...] = ()
    # The text fields rows.read_row copies, as (field name, column): set by layout.
    text_plan: list[tuple[str, int]] = field(default_factory=list, repr=False, compare=False)
    explanation_plan: list[tuple[str, int]] = field(default_factory=list, repr=False, compare=False)
    # role of each headed column, as layout gave it
    roles: dict[int, Role | None] = field(default_factory=dict, repr=False, compare=False)

    def read_columns(self) -> set[int]:
        """The columns the table's rows are read from."""
        used = {self.id, *self.levels.values(), *self.explanations.values()}
        used.update(
            c for c in (self.name, self.question, self.recommendation, self.agency) if c is not None
        )
        for number_col, text_col in self.evidence.values():
            used.add(text_col)
            if number_col is not None:
                used.add(number_col)
        used.update(self.status.values())
        used.update(self.actions.values())
        if self.action_target is not None and self.actions:
            used.add(self.action_target)
        return used

    def ignored(self) -> dict[int, str]:
        """The headed columns the table's rows are not read from: column -> header."""
        used = self.read_columns()
        return {c: text for c, text in sorted(self.headers.items()) if c not in used}

    def evidence_for_kind(self) -> tuple[list[str], list[str]]:
        """What the columns say of the sheet's kind: (self-assessment signs, follow-up
        signs), each a header text.  A self level alone says neither (a follow-up table may
        carry it too)."""
        own: list[str] = []
        followup: list[str] = []
        for kind, c in self.levels.items():
            if kind == "evaluator":
                own.append(self.headers.get(c, "?"))
            elif kind == "maturity":
                followup.append(self.headers.get(c, "?"))
        for kind, (_, c) in self.evidence.items():
            (followup if kind == "recommended" else own).append(self.headers.get(c, "?"))
        if self.recommendation is not None:
            followup.append(self.headers.get(self.recommendation, "?"))
        for c in self.actions.values():
            followup.append(self.headers.get(c, "?"))
        return own, followup

    @property
    def kind(self) -> str:
        """The kind the columns alone say: "followup", "self_assessment" or "unclear"."""
        own, followup = self.evidence_for_kind()
        if followup and not own:
            return "followup"
        if own and not followup:
            return "self_assessment"
        if not own and not followup and "self" in self.levels:
            return "self_assessment"
        return "unclear"


def _row_own_texts(sheet: Sheet, r: int) -> list[tuple[int, str]]:
    return [(c, t) for c, t in enumerate(sheet.row_texts(r)) if t]


_SUBHEADER_TEXTS = frozenset(
    (
        "ADA",
        "BELUM ADA",
        "TIDAK ADA",
        "SUDAH ADA",
        "NO",
        "NOMOR",
        "URAIAN",
        "TAHUN",
        "TARGET",
        "TARGET WAKTU",
        "WAKTU",
        "KEGIATAN",
        "LEVEL",
        "NILAI",
        "HASIL",
    )
)
_YEAR_RE = re.compile(r"(?:TAHUN )?20\d\d")


def _is_header_text(text: str) -> bool:
    """A text a header row holds: a header's or a group's words, a year, ADA …"""
    key = match_key(text)
    if not key:
        return False
    if key in _SUBHEADER_TEXTS or _YEAR_RE.fullmatch(key):
        return True
    if len(text) > 120:
        return False
    return header_role(text) is not None or group_role(text) is not None


def _is_subheader_row(sheet: Sheet, r: int) -> bool:
    """Whether row r continues the header above, by its texts: none is data (an indicator
    number, a level, a number other than a year, a paragraph) and most are a header's (a
    sub-header, a group, ADA / BELUM ADA, a year; a typo may leave one unknown).  One
    number in a data row (a target year typed as 2019) never makes it a sub-header."""
    # Sub-header cache (speed): each title row above a header is tried as a header's start,
    # and each such try asks again of the rows under it (~15% of these classifications).
    found = sheet.subheader_rows.get(r)
    if found is None:
        found = sheet.subheader_rows[r] = _continues_header(sheet, r)
    return found


def _continues_header(sheet: Sheet, r: int) -> bool:
    if r >= len(sheet.rows):
        return False
    # Row cache (speed): the answer follows from the row's values alone, and the title and
    # header rows tried come back on every agency sheet of a follow-up.  The values' types
    # are part of the key: 1, 1.0 and True are equal keys, but not the same cell.
    row = sheet.rows[r]
    return _row_continues_header(tuple(row), tuple(map(type, row)))


@lru_cache(maxsize=1024)
def _row_continues_header(values: tuple[Any, ...], types: tuple[type, ...]) -> bool:
    """_continues_header of a row holding these values (of these types)."""
    if _holds_data(values):
        return False
    texts = [(c, t) for c, t in enumerate(texts_of(values)) if t]
    if not texts:
        return False
    known = 0
    for c, text in texts:
        raw = values[c]
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            known += 1  # a year typed as a number (_is_data_row let it through)
            continue
        if _is_header_text(text):
            known += 1
        elif parse_indicator_id(text) is not None or _is_level_text(text):
            return False
    return 2 * known > len(texts)


def _is_level_text(text: str) -> bool:
    """A level as typed in a cell (3, LEVEL 3, LEVEL III), not a year."""
    try:
        level = parse_level(text)
    except ValueError:
        return False
    return level is not None and level < 10


_COLUMN_NUMBER_RE = re.compile(r"\(?(\d{1,2})\)?\.?")


def is_column_number_row(sheet: Sheet, r: int) -> bool:
    """A row of column numbers under a header: (1) (2) (3) … or 1 2 3 …, rising by one."""
    if r >= len(sheet.rows):
        return False
    texts = _row_own_texts(sheet, r)
    if len(texts) < 3:
        return False
    numbers = []
    for _, text in texts:
        match = _COLUMN_NUMBER_RE.fullmatch(text.strip())
        if match is None:
            return False
        numbers.append(int(match.group(1)))
    return all(b == a + 1 for a, b in pairwise(numbers))


def _header_paths(sheet: Sheet, rows: list[int]) -> dict[int, tuple[str, ...]]:
    """Each column's header path over the header rows: its groups, outermost first, then
    its own header.  A group merged over sub-columns covers them wherever its merge starts;
    a group cell not merged covers the columns to its right that have no header of their
    own at its row or above (and have one below), up to the next such cell."""
    # Header-paths cache (speed): the paths follow from the rows' texts and the merged
    # ranges over them (placed relative to the first row) alone, and a follow-up repeats
    # its header on every agency sheet.
    first = rows[0]
    spans_by_row = []
    for r in rows:
        spans = row_merges(sheet, r)
        if spans is None:  # (a sheet with too many merged rows to index: as merge_parent scans)
            spans = [(r0, c0, c1) for r0, c0, r1, c1 in sheet.merges if r0 <= r <= r1]
        spans_by_row.append(tuple((r0 - first, c0, c1) for r0, c0, c1 in spans))
    texts = tuple(tuple(sheet.row_texts(r)) for r in rows)
    return dict(_paths_of(texts, tuple(spans_by_row)))


def _text_at(texts_by_row: tuple[tuple[str | None, ...], ...], k: int, c: int) -> str | None:
    texts = texts_by_row[k]
    return texts[c] if 0 <= c < len(texts) else None


@lru_cache(maxsize=512)
def _paths_of(
    texts_by_row: tuple[tuple[str | None, ...], ...],
    spans_by_row: tuple[tuple[tuple[int, int, int], ...], ...],
) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """_header_paths of header rows holding these texts, with these merged ranges over
    each row as (first row relative to the header's, first column, last column), each
    row's in the sheet's order."""
    grid: list[dict[int, str]] = []
    for texts, spans in zip(texts_by_row, spans_by_row, strict=True):
        out: dict[int, str] = {}
        for c, text in enumerate(texts):
            if text is None and spans:
                # the first merged range holding the cell (merge_parent), if it starts
                # within the header
                parent = next(((k0, c0) for k0, c0, c1 in spans if c0 <= c <= c1), None)
                if parent is not None and parent[0] >= 0:
                    text = _text_at(texts_by_row, *parent)
            if text:
                out[c] = text
        # merged ranges reaching beyond the row's last cell
        for k0, c0, c1 in spans:
            if k0 >= 0 and c1 >= len(texts):
                parent_text = _text_at(texts_by_row, k0, c0)
                if parent_text:
                    for c in range(max(c0, len(texts)), c1 + 1):
                        out.setdefault(c, parent_text)
        grid.append(out)
    width = max((max(row) + 1 for row in grid if row), default=0)
    depth = len(grid)
    written = [set(row) for row in grid]  # the cells with a text, before groups spread
    for k in range(depth - 1):
        row = grid[k]
        for c in range(1, width):
            if c in row or (c - 1) not in row:
                continue
            if any(c in written[j] for j in range(k)):
                continue  # a header of its own above: no group of the left's reaches it
            if not any(c in grid[j] for j in range(k + 1, depth)):
                continue  # nothing below: no sub-column
            if not any((c - 1) in grid[j] for j in range(k + 1, depth)):
                continue  # the left cell is a header of its own, not a group
            if k > 0 and grid[k - 1].get(c) != grid[k - 1].get(c - 1):
                continue  # another group above
            row[c] = row[c - 1]
    paths: list[tuple[int, tuple[str, ...]]] = []
    for c in range(width):
        path: list[str] = []
        for row in grid:
            text = row.get(c)
            if text and (not path or path[-1] != text):
                path.append(text)
        if path:
            paths.append((c, tuple(path)))
    return tuple(paths)


#: The layout of each header seen in one read, by its texts (see find_columns).
LayoutCache = dict[tuple[tuple[int, tuple[str, ...]], ...], "Columns | None"]

_MAX_HEADER_ROWS = 4


def find_columns(
    sheet: Sheet, r: int, layouts: LayoutCache | None = None, *, hinted: bool = True
) -> Columns | None:
    """Read a header starting at row r (its group and sub-header rows under it, and a
    column-number row under those); None if row r starts no header.

    ``layouts`` keeps, for one read, the layout of each header text seen (see below).
    ``hinted=False`` tries a row that holds no header word (a header with typos).
    """
    # The row's texts (computed once per row, the parser needs them anyway) hold the header
    # words exactly where its raw values do: converting a value strips spaces and turns
    # "\r" into "\n", which neither makes nor breaks a word, and numbers, dates and
    # booleans hold none of the words.
    if (
        (hinted and r not in header_word_rows(sheet))
        or _is_data_row(sheet, r)
        or not _row_own_texts(sheet, r)
    ):
        return None
    rows = [r]
    while len(rows) < _MAX_HEADER_ROWS and _is_subheader_row(sheet, rows[-1] + 1):
        rows.append(rows[-1] + 1)
    if len(rows) > 1 and _is_title_over_header(sheet, r, rows[1]):
        return None  # a title line right above the header: the header starts below
    if not _names_an_id_column(sheet, rows):
        return None
    paths = _header_paths(sheet, rows)
    # The layout follows from the header texts alone: a header seen before in this read
    # (a follow-up repeats its header on every agency sheet) is not classified again.
    key = tuple(paths.items())
    if layouts is None or key not in layouts:
        found = layout(paths, len(rows))
        if layouts is not None:
            layouts[key] = found
    else:
        found = layouts[key]
    if found is None:
        return None
    data_start = r + len(rows)
    n_rows = len(rows)
    if is_column_number_row(sheet, data_start):
        n_rows += 1
        data_start += 1
    # dataclasses.replace(found, header_row=…, n_header_rows=…, evidence=…), as a shallow
    # copy (the same values; replace costs more than the rest of a repeated header's find):
    # the rest is read only, but what _choose_id changes.
    cols = copy.copy(found)
    cols.header_row, cols.n_header_rows, cols.evidence = r, n_rows, dict(found.evidence)
    if len(cols.id_candidates) > 1:
        _choose_id(sheet, data_start, cols)
    # An evidence header over one column followed by an unlabelled column: number + text.
    for kind, (number_col, text_col) in list(cols.evidence.items()):
        if (
            number_col is None
            and text_col + 1 not in cols.headers
            and column_has_text(sheet, data_start, text_col + 1)
        ):
            cols.evidence[kind] = (text_col, text_col + 1)
    return cols


_ID_ROLES = (("id",), ("indicator",), ("number",))


def _names_an_id_column(sheet: Sheet, rows: list[int]) -> bool:
    """Whether a text of the header rows is an indicator-number header (NO INDIKATOR,
    INDIKATOR, NO): layout finds no table without one."""
    # Header-id pre-test (speed): layout's id candidates are the columns whose own header
    # text (a cell of these rows, or the merge it lies in) has one of these roles, so a
    # title block without one is no header; this skips the header paths, their merges and
    # the layout of each title row tried above the first header (~15% of a read).
    return any(
        header_role(text) in _ID_ROLES for rr in rows for text in sheet.row_texts(rr) if text
    )


_LONGEST_HEADER = 150


def _is_data_row(sheet: Sheet, r: int) -> bool:
    """A row no header is: it holds a number other than a year, an indicator number or a
    level as text, or a paragraph (and a data row whose text holds a header word is not
    classified: speed)."""
    # Data-row cache (speed): a row is asked by find_columns and by _is_subheader_row
    # (the row under a header candidate), each asking parses every cell as an id and a level.
    found = sheet.data_rows.get(r)
    if found is None:
        found = sheet.data_rows[r] = _holds_data(sheet.rows[r])
    return found


def _holds_data(row: Sequence[Any]) -> bool:
    for value in row:
        if isinstance(value, int | float) and not isinstance(value, bool):
            if not 2000 <= value <= 2100:
                return True
        elif isinstance(value, str) and _is_data_text(value):
            return True
    return False


# Data-text cache (speed): the header, title and banner texts tried come back on every
# agency sheet of a follow-up; each is parsed as an indicator number and a level once.
@lru_cache(maxsize=4096)
def _is_data_text(value: str) -> bool:
    return (
        len(value) > _LONGEST_HEADER
        or parse_indicator_id(value) is not None
        or _is_level_text(value)
    )


def _is_title_over_header(sheet: Sheet, r: int, below: int) -> bool:
    """Row r holds one text, in the table's first column or merged over all of it: a title
    line right above the header, not a group."""
    texts = _row_own_texts(sheet, r)
    if len(texts) != 1:
        return False
    c = texts[0][0]
    under = [cc for cc, _ in _row_own_texts(sheet, below)]
    if not under:
        return False
    if c <= min(under):
        return True
    spans = row_merges(sheet, r)
    if spans:
        for r0, c0, c1 in spans:
            if r0 == r and c0 == c and c1 >= max(under):
                return True
    return False


_ID_SCAN_ROWS = 60


def _choose_id(sheet: Sheet, start: int, cols: Columns) -> None:
    """The indicator number's column, by content: of the candidates, the one whose cells
    are mostly indicator numbers (1, 35-2, 12.), the best header first (NO INDIKATOR /
    KODE, then INDIKATOR, then NO); an INDIKATOR column of texts is the name.  With no
    rows to judge by, the header decides (layout's choice stands)."""
    counts = {c: _id_counts(sheet, start, c) for c in cols.id_candidates}
    rank = {("id",): 0, ("indicator",): 1, ("number",): 2}
    holding_ids = [c for c in cols.id_candidates if counts[c][0] > counts[c][1]]
    if not holding_ids:
        return
    chosen = min(holding_ids, key=lambda c: (rank.get(cols.roles.get(c) or (), 3), c))
    if chosen == cols.id:
        return
    cols.id = chosen
    if cols.name is None or cols.name == chosen:
        names = [
            c
            for c in cols.id_candidates
            if c != chosen and cols.roles.get(c) == ("indicator",) and counts[c][1] > 0
        ]
        cols.name = names[0] if names else None
    _plan_text_fields(cols)


def _id_counts(sheet: Sheet, start: int, c: int) -> tuple[int, int]:
    """(indicator numbers, other texts) in column c over the rows from ``start``; a text
    alone in its row (a banner's name) and DOMAIN / ASPEK banners are not counted."""
    ids = texts = 0
    for r in range(start, min(start + _ID_SCAN_ROWS, len(sheet.rows))):
        raw = sheet.raw(r, c)
        if raw is None or raw == "":
            continue
        if parse_indicator_id(raw) is not None:
            ids += 1
            continue
        text = sheet.text(r, c)
        if text is None:
            continue
        row = sheet.row_texts(r)
        if len(row) - row.count(None) <= 1 or _BANNER_START_RE.match(text):
            continue
        texts += 1
    return ids, texts


_BANNER_START_RE = re.compile(r"^(DOMAIN|ASPEK)\s*[:.]?\s*\d", re.IGNORECASE)


def _latest_year_levels(paths: dict[int, tuple[str, ...]], roles: dict[int, Role | None]) -> None:
    """Of one kind's level columns headed by years (NILAI TINGKAT KEMATANGAN over 2021 |
    2022, EVALUATOR 2023 | EVALUATOR 2024), only the latest year's is read: the table's
    current value, the others being the years before it for comparison.  The others lose
    their role, so that each is reported as a column not read (``ignored_column``, naming
    its header with the year)."""
    by_kind: dict[Any, list[tuple[int, int]]] = {}
    for c, role in roles.items():
        if role is not None and role[0] == "level" and role[1] is not None:
            year = _YEAR_IN_TEXT_RE.search(match_key(paths[c][-1]))
            if year is not None:
                by_kind.setdefault(role[1], []).append((int(year.group(1)), c))
    for columns in by_kind.values():
        latest = max(columns)[1]
        for _, c in columns:
            if c != latest:
                roles[c] = None


def layout(texts: dict[int, Any], n_rows: int) -> Columns | None:
    """The columns a header names (``header_row`` left to the caller), or None when it is
    no indicator table's header.  ``texts``: each column's header text, or its header path
    (groups first, see ``_header_paths``)."""
    paths = {c: (t,) if isinstance(t, str) else tuple(t) for c, t in texts.items()}
    roles = {c: column_role(path) for c, path in paths.items()}
    _latest_year_levels(paths, roles)
    # (a LEVEL header without a group saying whose level is no field)
    kinds = {role[0] for role in roles.values() if role and role != ("level", None)}
    explicit = [c for c, role in sorted(roles.items()) if role == ("id",)]
    indicator = [c for c, role in sorted(roles.items()) if role == ("indicator",)]
    numbers = [
        c
        for c, role in sorted(roles.items())
        if role == ("number",) and (roles.get(c + 1) or ("",))[0] != "evidence"
    ]
    has_name = "name" in kinds or "question" in kinds
    # NO is the indicator number only in a table that also names its indicators (INDIKATOR,
    # NAMA / URAIAN INDIKATOR): a summary's "No." column is no indicator table's.
    number_ok = numbers if (indicator or has_name) else []
    # Best header first: NO INDIKATOR / KODE, then NO (beside an INDIKATOR column, which is
    # then the name), then INDIKATOR.
    if indicator and number_ok and not explicit:
        candidates = [*number_ok[:1], *indicator]
    else:
        candidates = [*explicit, *indicator, *number_ok[:1]]
    if not candidates:
        return None
    id_col = candidates[0]
    name_like = {"name", "question", "level", "recommendation", "evidence"}
    fields = kinds & name_like
    if any(c != id_col for c in indicator):
        fields.add("name")
    if len(fields) < 2:
        return None
    cols = Columns(id=id_col, header_row=-1, n_header_rows=n_rows)
    cols.headers = {c: " ".join(path) for c, path in paths.items()}
    cols.roles = roles
    cols.id_candidates = tuple(dict.fromkeys(candidates))
    cols.groups = tuple(
        dict.fromkeys(g for path in paths.values() for g in path[:-1] if group_role(g))
    )
    ordered = sorted(roles.items())
    _place_roles(cols, roles, ordered)
    if cols.name is None:
        names = [c for c in indicator if c != id_col]
        if names:
            cols.name = names[0]
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
            if role[1] is None:
                continue  # LEVEL / HASIL without a group saying whose: not read
            cols.levels.setdefault(role[1], c)
            last_level = role[1]
        elif kind == "explanation":
            target = role[1] if len(role) > 1 else last_level
            if target is None:  # explanation left of its level: take the next level
                target = next(
                    (r_[1] for _, r_ in ordered[i:] if r_ and r_[0] == "level" and r_[1]), None
                )
            if target is not None:
                cols.explanations.setdefault(target, c)
        elif kind == "evidence":
            _place_evidence(cols, roles, c, role[1])
        elif kind == "evidence_no":
            if role[1] not in cols.evidence:
                text_col = next(
                    (cc for cc, r_ in ordered[i + 1 :] if r_ == ("evidence", role[1])), None
                )
                if text_col is not None:
                    cols.evidence[role[1]] = (c, text_col)
        elif kind == "status" and role[1] is not None:
            cols.status.setdefault(role[1], c)
            # (a KELENGKAPAN header without sub-header, ("status", None), is resolved by layout)
        elif kind == "action":
            cols.actions.setdefault(role[1], c)
        elif kind == "target" and cols.action_target is None:
            cols.action_target = c


def _place_evidence(cols: Columns, roles: dict[int, Role | None], c: int, kind: str) -> None:
    """An evidence column of a kind: with the NO column left of it, if there is one."""
    previous = cols.evidence.get(kind)
    if previous is None:
        number_col = (
            c - 1
            if c > 0
            and roles.get(c - 1) in (("number",), ("evidence_no", kind))
            and c - 1 != cols.id
            else None
        )
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
        if c is not None and c != cols.id
    ]
    cols.explanation_plan = [(EXPLANATION_FIELD[k], c) for k, c in cols.explanations.items()]


_NUMBER_LIKE_RE = re.compile(r"[\d\s.,]+")


def column_has_text(sheet: Sheet, start: int, c: int, rows: int = 60) -> bool:
    return any(
        (t := sheet.text(r, c)) is not None and not _NUMBER_LIKE_RE.fullmatch(t)
        for r in range(start, min(start + rows, len(sheet.rows)))
    )
