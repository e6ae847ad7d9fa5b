"""Paper sizes: a figure made the size of a sheet of paper, every text at least 8 pt.

At a paper size the figure *is* the sheet, so font sizes are real points on the printed
page (a 19-inch-wide figure printed on A4 would shrink its 9 pt badge to 5 pt).
"""

from __future__ import annotations

import textwrap

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.table import Table
from matplotlib.text import Text

from ..errors import UnknownNameError

__all__ = ["MIN_FONT_PT", "PAPER_SIZES", "fit_to_paper", "paper_size"]

#: Paper sizes (width, height) in inches: ISO A4 (210 × 297 mm) and US Letter (8.5 × 11 in).
PAPER_SIZES: dict[str, tuple[float, float]] = {
    "a4-landscape": (297 / 25.4, 210 / 25.4),
    "a4-portrait": (210 / 25.4, 297 / 25.4),
    "letter-landscape": (11.0, 8.5),
    "letter-portrait": (8.5, 11.0),
}

#: The smallest text on a figure at a paper size (points).
MIN_FONT_PT = 8.0

#: The margin kept free at each side of the sheet for text that is re-wrapped (inches).
_MARGIN_IN = 0.25


def paper_size(name: str) -> tuple[float, float]:
    """(width, height) in inches of a paper size in :data:`PAPER_SIZES`."""
    if not isinstance(name, str) or name.lower() not in PAPER_SIZES:
        raise UnknownNameError("paper size", str(name)[:40], PAPER_SIZES)
    return PAPER_SIZES[name.lower()]


def fit_to_paper(fig: Figure, size: str, *, min_font: float = MIN_FONT_PT) -> Figure:
    """Make ``fig`` the size of the sheet ``size``: the layout (grid cells, axes) scales
    with the figure; every text scales with it too but never below ``min_font`` points;
    the caveat badge is re-wrapped to the sheet's width. Returns ``fig``."""
    w, h = paper_size(size)
    w0, h0 = (float(x) for x in fig.get_size_inches())
    scale = min(w / w0, h / h0)
    fig.set_size_inches(w, h)
    for t in _texts(fig):
        t.set_fontsize(max(min_font, float(t.get_fontsize()) * scale))
    for ax in fig.axes:
        for table in ax.tables:
            size_pt = max(min_font, _table_font(table) * scale)
            table.set_fontsize(size_pt)
            table.auto_set_column_width(list(range(_n_columns(table))))
    for t in _texts(fig):
        if t.get_gid() == "badge":
            _rewrap(t, w - 2 * _MARGIN_IN)
        elif t.get_gid() == "subtitle" and t.axes is not None:
            _rewrap(t, t.axes.get_position().width * w)
    _fit_widths(fig, (w - 2 * _MARGIN_IN) * fig.dpi)
    return fig


def _fit_widths(fig: Figure, width_px: float) -> None:
    """Legends and tables no wider than ``width_px``: fewer legend columns; long table
    cells (names, the list of places) on more lines."""
    renderer = FigureCanvasAgg(fig).get_renderer()
    legends = list(fig.legends) + [ax.get_legend() for ax in fig.axes]
    for legend in legends:
        if legend is None:
            continue
        ncols = int(getattr(legend, "_ncols", 1))
        while ncols > 1 and legend.get_window_extent(renderer).width > width_px:
            ncols -= 1
            legend.set_ncols(ncols)
    for ax in fig.axes:
        for table in ax.tables:
            for chars in (30, 22, 16):
                if table.get_window_extent(renderer).width <= width_px:
                    break
                _wrap_table(table, chars)


def _wrap_table(table: Table, chars: int) -> None:
    """Put the long body cells of a table on lines of at most ``chars`` characters (the
    rows as tall as their tallest cell) and fit the columns to the text."""
    cells = table.get_celld()
    rows = {r for r, _c in cells if r > 0}
    for r in rows:
        row = [cell for (rr, _c), cell in cells.items() if rr == r]
        before = max(_n_lines(cell) for cell in row)
        for cell in row:
            text = cell.get_text()
            flat = " ".join(text.get_text().split())
            if len(flat) > chars:
                text.set_text(textwrap.fill(flat, chars))
        after = max(_n_lines(cell) for cell in row)
        for cell in row:
            cell.set_height(cell.get_height() * after / before)
    table.auto_set_column_width(list(range(_n_columns(table))))


def _n_lines(cell) -> int:
    return cell.get_text().get_text().count("\n") + 1


def _texts(fig: Figure) -> list[Text]:
    return [t for t in fig.findobj(Text) if isinstance(t, Text)]


def _table_font(table) -> float:
    cells = list(table.get_celld().values())
    return float(cells[0].get_text().get_fontsize()) if cells else MIN_FONT_PT


def _n_columns(table) -> int:
    return 1 + max((c for _r, c in table.get_celld()), default=-1)


def _rewrap(text: Text, width_in: float) -> None:
    """Re-wrap a text's lines to ``width_in`` inches (an average glyph is ~0.55 em)."""
    chars = max(20, int(width_in * 72.0 / (0.55 * float(text.get_fontsize()))))
    lines = []
    for line in text.get_text().split("\n"):
        lines += textwrap.wrap(line, chars) or [""]
    text.set_text("\n".join(lines))
