"""spbe_xl.writing.metrics: lines and row heights of wrapped text."""

from __future__ import annotations

import openpyxl

from spbe_xl.writers import count_lines, write_followup
from tests.writer_books import column_widths, sheet_xml


def test_count_lines():
    assert count_lines("", 10) == 1
    assert count_lines("pendek", 20) == 1
    long = "Kebijakan internal sebaiknya dilengkapi dengan memuat pengaturan " * 4
    assert count_lines(long, 10) > count_lines(long, 20) > count_lines(long, 40) >= 2
    assert count_lines("a\nb\n\nc", 30) == 4
    assert count_lines("x" * 200, 10) >= 5  # one long word breaks anywhere


def test_rows_are_tall_enough_for_their_text(built_book, tmp_path):
    path = write_followup(built_book, tmp_path / "tl.xlsx")
    widths = column_widths(sheet_xml(path)["TINDAK LANJUT"])
    ws = openpyxl.load_workbook(path)["TINDAK LANJUT"]
    merged = {(m.min_row, m.min_col): m for m in ws.merged_cells.ranges}
    checked = 0
    for row in ws.iter_rows(min_row=6):
        for cell in row:
            if not isinstance(cell.value, str):
                continue
            span = merged.get((cell.row, cell.column))
            rows = range(cell.row, (span.max_row if span else cell.row) + 1)
            cols = range(cell.column, (span.max_col if span else cell.column) + 1)
            width = sum(widths[c] for c in cols) + (len(cols) - 1) * 5 / 7
            have = sum(ws.row_dimensions[r].height or 12.75 for r in rows)
            size = cell.font.sz or 10
            lines = count_lines(cell.value, width, size=size, bold=bool(cell.font.b))
            assert have >= lines * 1.275 * size, (cell.coordinate, cell.value)
            checked += 1
    assert checked > 60
