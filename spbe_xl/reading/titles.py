"""The title rows above a table: the instansi and the evaluation year.

Offices word their titles in many ways; each variant read here names one instansi and one
year the same way:

- the instansi: ``PEMERINTAH KABUPATEN X`` / ``PEMERINTAH KOTA X`` / ``PEMERINTAH PROVINSI
  X`` (also ``PEMERINTAH DAERAH ...``, ``PEMKAB`` / ``PEMKOT`` / ``PEMPROV X``), with or
  without ``DI LINGKUNGAN`` before it, or the bare ``KABUPATEN X`` / ``KAB. X`` / ``KOTA X``
  / ``PROVINSI X``, anywhere in a line; else whatever follows ``DI LINGKUNGAN`` (a
  ministry, say).  A regional instansi is always written ``Pemerintah Kabupaten X`` /
  ``Pemerintah Kota X`` / ``Pemerintah Provinsi X``, so two spellings of one instansi
  compare equal (:func:`instansi_key`);
- the year: ``TAHUN 2023``, ``TAHUN PENILAIAN: 2021``, ``EVALUASI SPBE 2023``, ``SPBE
  TAHUN 2023`` in a title line (not a regulation's ``NOMOR 59 TAHUN 2020``), else a year in
  the name of a sheet holding the table (``TL SPBE 2021``).

What was read comes with the text it was read from (:class:`TitleInfo`), so a batch can say
why it put two files together and a finding can name the line a year came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from spbe_xl.text import fold

__all__ = ["TitleInfo", "instansi_key", "normalize_instansi", "read_title", "title_meta"]


@dataclass(frozen=True)
class TitleInfo:
    """The instansi and year a workbook's (or a book's) titles name, and where from.

    ``instansi`` is the normalised name (``Pemerintah Kabupaten Badung``); ``instansi_text``
    the title text it was read from; ``year_text`` the title text the year was read from, or
    ``sheet name 'TL SPBE 2021'``.  Plain values only: it crosses process boundaries.
    """

    instansi: str | None = None
    year: int | None = None
    instansi_text: str | None = None
    year_text: str | None = None

    @property
    def key(self) -> str | None:
        """The instansi as compared (:func:`instansi_key`), None without one."""
        return instansi_key(self.instansi) if self.instansi else None


# --------------------------------------------------------------------------- instansi

_KINDS = {
    "KABUPATEN": "Kabupaten",
    "KAB": "Kabupaten",
    "KOTA": "Kota",
    "KOTAMADYA": "Kota",
    "PROVINSI": "Provinsi",
    "PROV": "Provinsi",
}
_KIND = r"(KABUPATEN|KAB|KOTAMADYA|KOTA|PROVINSI|PROV)\b\.?"
# PEMERINTAH [DAERAH] KOTA X; PEMKOT X / PEMKAB X / PEMPROV X.
_GOVERNMENT_RE = re.compile(r"\bPEMERINTAH\s+(?:DAERAH\s+)?" + _KIND + r"\s*(.*)$")
_SHORT_GOVERNMENT_RE = re.compile(r"\bPEM(KAB|KOT|PROV)\b\.?\s*(.*)$")
_SHORT_KINDS = {"KAB": "Kabupaten", "KOT": "Kota", "PROV": "Provinsi"}
_BARE_RE = re.compile(r"(?<![\w.])" + _KIND + r"\s*(.*)$")
_SURROUNDINGS_RE = re.compile(r"\bDI\s+LINGKUNGAN\s+(.+)$")
# A place name ends before these words, a year, or a punctuation mark.
_PLACE_STOP = frozenset(
    {
        "TAHUN", "EVALUASI", "SPBE", "INDEKS", "PENILAIAN", "TINDAK", "HASIL", "PERIODE",
        "SEMESTER", "TA", "DAN", "DALAM", "PADA", "UNTUK", "TENTANG", "DI", "SISTEM",
        "PEMERINTAHAN", "LEMBAR", "KERJA", "MONITORING", "PEMANTAUAN", "RENCANA", "AKSI",
        "DINAS", "BADAN", "SEKRETARIAT", "SETDA", "BAGIAN", "KANTOR", "INSPEKTORAT",
        "PERANGKAT", "BERDASARKAN", "SESUAI", "OLEH", "KE", "DARI", "NO", "NOMOR",
    }
)  # fmt: skip
# A place word: letters (a number such as "CONTOH 01" kept too), but not a year.
_PLACE_WORD_RE = re.compile(r"(?!(?:19|20)\d\d\b)[A-Z0-9][A-Z0-9'’\-]*\.?$")
_MAX_PLACE_WORDS = 8
_ACRONYMS = frozenset({"DKI", "DIY", "D.I."})
# Looser words before a place that are not part of it ("KOTA: BONTANG").
_PLACE_LEAD_RE = re.compile(r"^[:\-–—\s]+")


def _place(rest: str) -> str | None:
    """The place name at the start of ``rest`` (upper case), None when there is none."""
    words: list[str] = []
    for raw in _PLACE_LEAD_RE.sub("", rest).split():
        word = raw.rstrip(",;:)")
        if not word or word in _PLACE_STOP or not _PLACE_WORD_RE.match(word):
            break
        words.append(word)
        if word != raw or len(words) == _MAX_PLACE_WORDS:
            break  # a comma or the like ends the name
    return " ".join(words) or None


def _capitalised(words: str) -> str:
    """Words written all upper or all lower case capitalised (acronyms kept), ``Dan`` ->
    ``dan``, others as written."""
    out = []
    for w in words.split():
        if w.upper() in _ACRONYMS:
            out.append(w.upper())
        elif w.isupper() or w.islower():
            out.append("-".join(part.capitalize() for part in w.split("-")))
        else:
            out.append(w)
    return re.sub(r"\bDan\b", "dan", " ".join(out))


def _regional(kind: str, place: str) -> str:
    return f"Pemerintah {kind} {_capitalised(place)}"


def _instansi_in(line: str) -> tuple[int, str] | None:
    """(rank, normalised instansi) a title line names, None when it names none.  Rank 0:
    ``PEMERINTAH <kind> X`` (with or without DI LINGKUNGAN); 1: ``DI LINGKUNGAN <other>``;
    2: a bare ``<kind> X``."""
    upper = fold(line).upper()
    for pattern, kinds in ((_GOVERNMENT_RE, _KINDS), (_SHORT_GOVERNMENT_RE, _SHORT_KINDS)):
        found = pattern.search(upper)
        if found:
            place = _place(found.group(2))
            if place:
                return 0, _regional(kinds[found.group(1)], place)
    surroundings = _SURROUNDINGS_RE.search(upper)
    if surroundings:
        start = surroundings.start(1)
        text = re.sub(r"\s+TAHUN\s+\d{4}.*$", "", fold(line)[start:], flags=re.IGNORECASE)
        if text.strip():
            return 1, _capitalised(text.strip())
    for found in _BARE_RE.finditer(upper):
        place = _place(found.group(2))
        if place:
            return 2, _regional(_KINDS[found.group(1)], place)
    return None


def normalize_instansi(text: str) -> str | None:
    """The instansi a text names, normalised (``KAB. BADUNG`` -> ``Pemerintah Kabupaten
    Badung``); None when it names none."""
    found = _instansi_in(text)
    return found[1] if found else None


def instansi_key(name: str) -> str:
    """An instansi name as compared: lower-case letters and digits, single spaces
    (``Pemerintah Kota Bontang`` and ``PEMERINTAH KOTA BONTANG`` are equal)."""
    return re.sub(r"[^0-9a-z]+", " ", name.lower()).strip()


# --------------------------------------------------------------------------- year

_YEAR = r"(20\d\d)(?!\d)"
_YEAR_RES = (
    # TAHUN 2023, TAHUN PENILAIAN: 2021, TAHUN EVALUASI 2021
    re.compile(r"\bTAHUN\s*(?:PENILAIAN|EVALUASI|PELAKSANAAN)?\s*[:\-]?\s*" + _YEAR),
    # EVALUASI SPBE 2023, (SPBE) 2023, INDEKS SPBE 2023
    re.compile(r"\bSPBE\)?\s*[:\-]?\s*" + _YEAR),
    # EVALUASI 2023, PENILAIAN MANDIRI 2023, PEMANTAUAN 2025
    re.compile(r"\b(?:EVALUASI|PENILAIAN(?:\s+MANDIRI)?|PEMANTAUAN)\s*[:\-]?\s*" + _YEAR),
    # EVALUASI SPBE PROVINSI DKI JAKARTA 2023, KOTA BONTANG 2018: an evaluation's or an
    # instansi's line ending in a year
    re.compile(
        r"\b(?:EVALUASI|SPBE|INDEKS|PENILAIAN|PEMANTAUAN|TINDAK\s+LANJUT|PEMERINTAH|KABUPATEN"
        r"|KAB|KOTA|PROVINSI|PROV)\b.*?\b" + _YEAR + r"\W*$"
    ),
)
# A regulation's number and year ("NOMOR 59 TAHUN 2020", "NO. 5 TAHUN 2018"): not the
# evaluation's year.
_REGULATION_RE = re.compile(r"\b(?:NO|NOMOR|NOMER)\s*\.?\s*\d+\s*(?:TAHUN\s*)?$")
_SHEET_YEAR_RE = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def _year_in(line: str) -> int | None:
    upper = fold(line).upper()
    for pattern in _YEAR_RES:
        for found in pattern.finditer(upper):
            if _REGULATION_RE.search(upper[: found.start(1)]):
                continue
            return int(found.group(1))
    return None


# --------------------------------------------------------------------------- together


def read_title(lines: Iterable[str], sheet_names: Iterable[str] = ()) -> TitleInfo:
    """The instansi and year named in title ``lines`` (the year, failing them, in
    ``sheet_names``: the names of the sheets holding the table), each with its text."""
    best: tuple[int, str, str] | None = None  # (rank, instansi, line)
    year = year_text = None
    for line in lines:
        if not line:
            continue
        if best is None or best[0] > 0:
            found = _instansi_in(line)
            if found is not None and (best is None or found[0] < best[0]):
                best = (found[0], found[1], fold(line))
        if year is None:
            year = _year_in(line)
            year_text = fold(line) if year is not None else None
        if year is not None and best is not None and best[0] == 0:
            break  # both found, the instansi in its best form: later lines change neither
    if year is None:
        for name in sheet_names:
            found_year = _SHEET_YEAR_RE.search(name)
            if found_year:
                year, year_text = int(found_year.group(1)), f"sheet name {name!r}"
                break
    return TitleInfo(
        instansi=best[1] if best else None,
        year=year,
        instansi_text=best[2] if best else None,
        year_text=year_text,
    )


def title_meta(titles: list[str]) -> tuple[str | None, int | None]:
    """(instansi, year) named in the title lines; None for what they do not name."""
    info = read_title(titles)
    return info.instansi, info.year
