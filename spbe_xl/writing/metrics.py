"""Font metrics: how wide a text is in Arial 10 and how many lines it wraps to in a column.

The estimates are calibrated against LibreOffice's rendering, never short of it, so a row
sized from them shows all of its text in LibreOffice and in Excel.  Everything here is a pure
function of its arguments, cached: the same texts are measured again per agency sheet.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Advance widths of Arial / Liberation Sans / Helvetica, 1/1000 em (the AFM metrics).
_CHAR_WIDTHS: dict[str, int] = {
    " ": 278, "!": 278, '"': 355, "#": 556, "$": 556, "%": 889, "&": 667, "'": 191,
    "(": 333, ")": 333, "*": 389, "+": 584, ",": 278, "-": 333, ".": 278, "/": 278,
    ":": 278, ";": 278, "<": 584, "=": 584, ">": 584, "?": 556, "@": 1015,
    "A": 667, "B": 667, "C": 722, "D": 722, "E": 667, "F": 611, "G": 778, "H": 722,
    "I": 278, "J": 500, "K": 667, "L": 556, "M": 833, "N": 722, "O": 778, "P": 667,
    "Q": 778, "R": 722, "S": 667, "T": 611, "U": 722, "V": 667, "W": 944, "X": 667,
    "Y": 667, "Z": 611, "[": 278, "\\": 278, "]": 278, "^": 469, "_": 556, "`": 333,
    "a": 556, "b": 556, "c": 500, "d": 556, "e": 556, "f": 278, "g": 556, "h": 556,
    "i": 222, "j": 222, "k": 500, "l": 222, "m": 833, "n": 556, "o": 556, "p": 556,
    "q": 556, "r": 333, "s": 500, "t": 278, "u": 556, "v": 500, "w": 722, "x": 500,
    "y": 500, "z": 500, "{": 334, "|": 260, "}": 334, "~": 584,
}  # fmt: skip
_DIGIT_WIDTH = 556
_OTHER_WIDTH = 720  # letters outside ASCII, symbols: on the wide side, so text is never cut
_PX_PER_PT = 96 / 72
COLUMN_UNIT_PX = 7  # Excel column width unit: the default font's digit width
CELL_PADDING_PX = 7  # left + right inner margins, and a little slack
# Calibrated against LibreOffice's rendering (Liberation Sans, metric-compatible with Arial):
# with these the estimate is never short of the lines rendered and ~12 % above on average,
# which leaves room for Excel, whose columns are a few pixels narrower than LibreOffice's.
_WRAP_SLACK = 1.0


def _char_width(ch: str) -> int:
    if ch.isdigit():
        return _DIGIT_WIDTH
    width = _CHAR_WIDTHS.get(ch)
    if width is not None:
        return width
    if unicodedata.combining(ch):
        return 0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1000
    return _OTHER_WIDTH


class _CharTable(dict[str, int]):
    """:func:`_char_width` per character, looked up by ``sum(map(table.__getitem__, text))``
    (one C loop per text instead of a Python call per character).  Printable ASCII is
    filled in advance; other characters are added on first use, at most ``_LIMIT`` of them
    (a pure function of the character, so the table stays valid across workbooks)."""

    _LIMIT = 4096

    def __missing__(self, ch: str) -> int:
        width = _char_width(ch)
        if len(self) < self._LIMIT:
            self[ch] = width
        return width


_CHAR_TABLE = _CharTable({chr(i): _char_width(chr(i)) for i in range(32, 127)})


def _em_sum(text: str) -> int:
    """Width of ``text`` in thousandths of an em, not cached (see :func:`_milli_em`)."""
    return sum(map(_CHAR_TABLE.__getitem__, text))


@lru_cache(maxsize=8192)  # caches bounded: a batch's memory must not grow with N
def _milli_em(text: str) -> int:
    """Width of ``text`` in thousandths of an em (a pure function of the text: cached)."""
    return _em_sum(text)


def text_px(text: str, size: float, bold: bool) -> float:
    """Width of ``text`` in pixels at ``size`` points (bold is 8 % wider)."""
    em = _milli_em(text) / 1000
    return em * size * _PX_PER_PT * (1.08 if bold else 1.0)


@lru_cache(maxsize=8192)
def _word_pieces(word: str) -> tuple[int, ...]:
    """A word's widths (thousandths of an em) in the pieces Excel may break it into."""
    if "-" not in word:  # one piece (what the pattern below finds for it), without a regex
        return (_em_sum(word),)
    return tuple(_milli_em(piece) for piece in (re.findall(r"[^-]*-+|[^-]+", word) or [""]))


def _column_px(width: float) -> float:
    return width * COLUMN_UNIT_PX + 5


def one_line_width(text: str, *, size: float = 10, bold: bool = False) -> float:
    """The narrowest column width (Excel units) that :func:`count_lines` holds ``text`` on
    one line in (what a table column is widened to, so that its row heights match)."""
    px = text_px(text, size, bold) / (_WRAP_SLACK * _FITS)
    return (px + CELL_PADDING_PX - 5) / COLUMN_UNIT_PX + 0.1


def count_lines(text: str, width: float, *, size: float = 10, bold: bool = False) -> int:
    """How many lines ``text`` wraps to in a cell ``width`` Excel units wide (word wrap).

    Lines break at spaces and after hyphens, as Excel and LibreOffice break them; a word
    longer than the line breaks anywhere.
    """
    return _count_lines(str(text), width, size, bold)


# A paragraph narrower than the line by this fraction is one line without the word loop: the
# loop only adds the same widths (rounded per word, far less than this) over fewer characters.
_FITS = 1 - 1e-6
# The narrowest character but combining marks ("'"): a paragraph of more characters than the
# line holds of it is not measured as a whole first (it is wider than the line, or nearly so).
_NARROWEST = min(w for w in _CHAR_WIDTHS.values())


@lru_cache(maxsize=4096)
def _count_lines(text: str, width: float, size: float, bold: bool) -> int:
    avail = max(_column_px(width) - CELL_PADDING_PX, 8) * _WRAP_SLACK
    space = text_px(" ", size, bold)
    scale = 1.08 if bold else 1.0
    fits = avail * _FITS
    most = fits / (_NARROWEST / 1000 * size * _PX_PER_PT * scale)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        if len(paragraph) < most and _em_sum(paragraph) / 1000 * size * _PX_PER_PT * scale < fits:
            continue
        current = 0.0
        for word in paragraph.split(" "):
            for k, milli_em in enumerate(_word_pieces(word)):
                w = milli_em / 1000 * size * _PX_PER_PT * scale  # text_px(piece, size, bold)
                gap = space if k == 0 and current > 0 else 0.0
                need = current + gap + w
                if need <= avail:
                    current = need
                    continue
                if current > 0:
                    lines += 1
                while w > avail:  # longer than a line: breaks anywhere
                    lines += 1
                    w -= avail
                current = w
    return max(lines, 1)


def _line_pt(size: float) -> float:
    return size * 1.275  # Excel: 12.75 pt per line of Arial 10


def text_height(text: str | None, width: float, *, size: float = 10, bold: bool = False) -> float:
    """Row height (points) that shows all of ``text`` wrapped in a column ``width`` wide."""
    if not text:
        return 0.0
    return cached_text_height(str(text), width, size, bold)


@lru_cache(maxsize=4096)
def cached_text_height(text: str, width: float, size: float, bold: bool) -> float:
    """:func:`text_height` of a non-empty text, cached: a cell's height is asked for when its
    block is sized and again when it is written, and per agency sheet it is on."""
    return _count_lines(text, width, size, bold) * _line_pt(size) + 3
