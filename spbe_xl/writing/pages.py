"""Pages: row heights from what the rows show, print setup, and page breaks between units."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from spbe_xl.writing.layout import EXCEL_MAX_ROW_PT, PAPER_SIZES, Paper
from spbe_xl.writing.metrics import COLUMN_UNIT_PX

if TYPE_CHECKING:  # pragma: no cover
    from xlsxwriter.worksheet import Worksheet


class Heights:
    """Row heights from what each row (and each vertically merged range) must show."""

    def __init__(self, default: float = 12.75) -> None:
        self.default = default
        self.rows: dict[int, float] = {}
        self.fixed: dict[int, float] = {}
        self.spans: list[tuple[int, int, float]] = []

    def need(self, row: int, points: float) -> None:
        """Row ``row`` must be at least ``points`` tall."""
        self.rows[row] = max(self.rows.get(row, 0.0), points)

    def need_span(self, r0: int, r1: int, points: float) -> None:
        """Rows ``r0`` to ``r1`` together must be at least ``points`` tall."""
        if r0 == r1:
            self.need(r0, points)
        else:
            self.spans.append((r0, r1, points))

    def fix(self, row: int, points: float) -> None:
        """Row ``row`` is exactly ``points`` tall."""
        self.fixed[row] = points

    def apply(self, ws: Worksheet) -> dict[int, float]:
        """Set the rows' heights; return them (points, rows without an entry are default)."""
        height = {r: max(self.default, pt) for r, pt in self.rows.items()}
        for r0, r1, points in sorted(self.spans, key=lambda s: s[1] - s[0]):
            rows = range(r0, r1 + 1)
            have = sum(height.get(r, self.default) for r in rows)
            if have < points:
                extra = (points - have) / len(rows)
                for r in rows:
                    height[r] = height.get(r, self.default) + extra
        height.update(self.fixed)
        out: dict[int, float] = {}
        for r, pt in sorted(height.items()):
            out[r] = min(math.ceil(pt * 4) / 4, EXCEL_MAX_ROW_PT)
            ws.set_row(r, out[r])
        return out

    def height(self, applied: Mapping[int, float], r0: int, r1: int) -> float:
        """The height of rows ``r0`` to ``r1`` as applied."""
        return sum(applied.get(r, self.default) for r in range(r0, r1 + 1))


# Landscape page (width, height) in inches, and the margins of print_setup.
_PAGE_INCHES = {"folio": (13.0, 8.5), "a4": (11.69, 8.27)}
_MARGINS = {"left": 0.4, "right": 0.4, "top": 0.55, "bottom": 0.6}


def page_breaks(
    ws: Worksheet,
    heights: Heights,
    applied: Mapping[int, float],
    units: Sequence[tuple[int, int]],
    widths: Sequence[float],
    paper: Paper,
    repeat: tuple[int, int] | None = None,
) -> list[int]:
    """Manual page breaks so that no unit (an indicator with its banners, a signature
    block, a chart) is split over two printed pages; return the rows they precede.

    The sheet prints fit to one page wide, so a page holds the printable height divided by
    the width scale (a whole percent, as Excel computes it, less a little for safety).
    """
    page_w, page_h = _PAGE_INCHES[paper]
    printable_w = (page_w - _MARGINS["left"] - _MARGINS["right"]) * 72
    printable_h = (page_h - _MARGINS["top"] - _MARGINS["bottom"]) * 72
    columns_pt = sum((int(w * COLUMN_UNIT_PX + 0.5) + 5) * 0.75 for w in widths)
    scale = min(100, math.floor(printable_w / columns_pt * 100)) / 100 if columns_pt else 1.0
    capacity = printable_h / scale * 0.97
    repeat_pt = heights.height(applied, *repeat) if repeat else 0.0
    breaks: list[int] = []
    used = 0.0
    for r0, r1 in units:
        size = heights.height(applied, r0, r1)
        if used > 0 and used + size > capacity:
            breaks.append(r0)
            used = repeat_pt
        used += size
        # Rows between units (blank spacers) are part of the next unit's page.
    if breaks:
        ws.set_h_pagebreaks(breaks[:1023])
    return breaks


def print_setup(
    ws: Worksheet,
    paper: Paper,
    *,
    repeat: tuple[int, int] | None = None,
    freeze: int | None = None,
) -> None:
    """Landscape, one page wide, the footer, repeated and frozen header rows."""
    ws.set_landscape()
    ws.set_paper(PAPER_SIZES[paper])
    ws.fit_to_pages(1, 0)
    ws.set_margins(**_MARGINS)
    ws.center_horizontally()
    ws.set_footer("&C&9Halaman &P dari &N", {"margin": 0.25})
    if repeat is not None:
        ws.repeat_rows(*repeat)
    if freeze is not None:
        ws.freeze_panes(freeze, 0)


def finish_sheet(
    ws: Worksheet,
    heights: Heights,
    widths: Sequence[float],
    units: Sequence[tuple[int, int]],
    paper: Paper,
    *,
    repeat: tuple[int, int] | None = None,
    freeze: int | None = None,
) -> None:
    """Column widths, row heights, print setup and page breaks of a finished sheet."""
    for c, width in enumerate(widths):
        ws.set_column(c, c, width)
    applied = heights.apply(ws)
    print_setup(ws, paper, repeat=repeat, freeze=freeze)
    page_breaks(ws, heights, applied, units, widths, paper, repeat)
