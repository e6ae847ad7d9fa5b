"""Paper sizes: a figure made the size of a sheet of paper, every text at least 8 pt.

At a paper size the figure *is* the sheet, so font sizes are real points on the printed
page (a 19-inch-wide figure printed on A4 would shrink its 9 pt badge to 5 pt).
"""

from __future__ import annotations

import textwrap
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.table import Table
from matplotlib.text import Text

from ..errors import UnknownNameError
from .views import axes_view

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
    _restack(fig)
    return fig


def _restack(fig: Figure) -> None:
    """The blocks under the maps (legends, table, badge) keep their order but take their
    measured heights, stacked from the bottom of the sheet up; the maps (top-aligned, with
    their titles) get the height that is left."""
    renderer = FigureCanvasAgg(fig).get_renderer()
    dpi, height = fig.dpi, fig.bbox.height
    gap = 0.1 * dpi
    blocks = [b for b in _blocks(fig, renderer) if b[1] > 0]
    y = _MARGIN_IN * dpi
    for _centre, h, place in sorted(blocks, key=lambda b: b[0]):
        place(y, h)
        y += h + gap
    maps = [ax for ax in fig.axes if axes_view(ax) is not None]
    suptitle = [t for t in fig.texts if t.get_text() and t.get_verticalalignment() == "top"]
    top = height - _MARGIN_IN * dpi
    if suptitle:
        top -= suptitle[0].get_window_extent(renderer).height + gap
    for ax in maps:
        titles = [ax.title, *(t for t in ax.texts if t.get_gid() == "subtitle")]
        above = sum(t.get_window_extent(renderer).height for t in titles if t.get_text())
        pos = ax.get_position()
        box_h = max(0.05 * height, top - above - 0.12 * dpi - y)
        ax.set_anchor("N")
        ax.set_position((pos.x0, y / height, pos.width, box_h / height))


def _blocks(fig: Figure, renderer: Any) -> list[tuple[float, float, Any]]:
    """(current vertical centre, needed height in pixels, place(y0, h)) of every block
    that is not a map: the badge, the metrics table, legends."""
    height = fig.bbox.height
    out: list[tuple[float, float, Any]] = []

    def axes_placer(ax: Any, after: Any = None) -> Any:
        def place(y0: float, h: float) -> None:
            pos = ax.get_position()
            ax.set_position((pos.x0, y0 / height, pos.width, h / height))
            if after is not None:
                after(h)

        return place

    for ax in fig.axes:
        if axes_view(ax) is not None:
            continue
        centre = ax.get_position().y0 + ax.get_position().height / 2
        for t in ax.texts:
            if t.get_gid() == "badge":
                pad = 2 * 0.45 * float(t.get_fontsize()) * fig.dpi / 72.0
                t.set_position((0.0, 0.0))
                t.set_verticalalignment("bottom")
                h = t.get_window_extent(renderer).height + pad
                out.append((centre, h, axes_placer(ax, _badge_pad(t, pad / 2))))
        for table in ax.tables:
            rows = _row_heights(table, fig.dpi)
            out.append((centre, sum(rows.values()), axes_placer(ax, _table_rows(table, rows))))
        legend = ax.get_legend()
        if legend is not None:
            out.append((centre, legend.get_window_extent(renderer).height, axes_placer(ax)))
    for legend in fig.legends:
        ext = legend.get_window_extent(renderer)
        out.append(((ext.y0 + ext.y1) / 2 / height, ext.height, _legend_placer(legend, height)))
    return out


def _badge_pad(text: Text, pad: float) -> Any:
    return lambda h: text.set_position((0.0, pad / h))


def _legend_placer(legend: Legend, height: float) -> Any:
    def place(y0: float, h: float) -> None:
        legend.set_loc("center")
        legend.set_bbox_to_anchor(
            (0.5, (y0 + h / 2) / height), transform=legend.figure.transFigure
        )

    return place


def _row_heights(table: Table, dpi: float) -> dict[int, float]:
    """Pixel height of each row of a table: its lines of text plus padding."""
    rows: dict[int, float] = {}
    for (r, _c), cell in table.get_celld().items():
        size = float(cell.get_text().get_fontsize()) * dpi / 72.0
        rows[r] = max(rows.get(r, 0.0), size * (1.25 * _n_lines(cell) + 0.9))
    return rows


def _table_rows(table: Table, rows: dict[int, float]) -> Any:
    def after(h: float) -> None:
        for (r, _c), cell in table.get_celld().items():
            cell.set_height(rows[r] / h)

    return after


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
            legend = _relaid(legend, ncols)
    for ax in fig.axes:
        for table in ax.tables:
            for chars in (30, 22, 16):
                if table.get_window_extent(renderer).width <= width_px:
                    break
                _wrap_table(table, chars)


def _relaid(legend: Legend, ncols: int) -> Legend:
    """The same legend in ``ncols`` columns (a legend lays out its columns once)."""
    texts = legend.get_texts()
    new = legend.parent.legend(
        handles=legend.legend_handles,
        labels=[t.get_text() for t in texts],
        ncols=ncols,
        loc=getattr(legend, "_loc", "upper center"),
        bbox_to_anchor=legend.get_bbox_to_anchor(),
        fontsize=texts[0].get_fontsize() if texts else MIN_FONT_PT,
        frameon=legend.get_frame_on(),
    )
    for t in new.get_texts():
        t.set_parse_math(False)
    if new is not legend and legend in getattr(legend.parent, "legends", []):
        legend.remove()
    return new


def _wrap_table(table: Table, chars: int) -> None:
    """Put the long body cells of a table on lines of at most ``chars`` characters (the
    rows as tall as their tallest cell) and fit the columns to the text."""
    cells = table.get_celld()
    rows = {r for r, _c in cells}
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
