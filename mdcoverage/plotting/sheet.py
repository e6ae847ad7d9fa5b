"""Seating the rows of a figure, and the figure the size of a sheet of paper.

The figures (:mod:`.figures`) are laid out in inches: rows of maps, legend, table and
badge stacked from the top. At a paper size the figure's width is the sheet's, the legend,
the table and the badge are fitted to that width and the maps take the height that is
left (:func:`map_rows`), so every text keeps its size (at least 8 pt) on the printed page.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.gridspec import GridSpec
from matplotlib.legend import Legend
from matplotlib.table import Table
from matplotlib.text import Text

from .layout import fit_legend, text_height, wrap_to_width
from .styles import FONT_SMALL
from .table import size_table, table_height
from .views import View

__all__ = [
    "LowerPart",
    "badge_height",
    "grow_into_slack",
    "map_rows",
    "panel_width",
    "seat_badge",
    "seat_legend",
    "seat_suptitle",
    "taller_view",
    "wrap_badge",
]

#: The smallest map row at a paper size (inches), however much text the sheet must hold.
_MIN_MAP_H = 0.5
#: Side by side under the maps: the legend and badge column's share of the width, the gap's.
_RIGHT, _GAP = 0.4, 0.02
#: The height (inches) of an empty grid row.
_NONE = 1e-4


def panel_width(width: float, n: int, *, margins: float) -> float:
    """The width (inches) of each of ``n`` map panels side by side in a figure ``width``
    inches wide (``margins``: the share of the width outside the grid; panels 4 % of a
    panel apart)."""
    return width * (1.0 - margins) / (n + 0.04 * (n - 1))


def map_rows(
    page: tuple[float, float] | None,
    panel: float,
    aspect: float,
    *,
    max_h: float,
    titles_pt: Callable[[float], float],
    rest: float,
) -> tuple[float, float, float]:
    """The titles' wrap width (points), the maps' height (inches) and the height left
    over (inches) of a row of map panels ``panel`` inches wide (frame ``aspect``, width
    over height).

    ``page`` None: the maps are as wide as the panel, at most ``max_h`` tall, nothing is
    left over. ``page`` (width, height) of a sheet: the maps take the height ``rest``
    (inches: every other row and the margins) and their titles (``titles_pt``: their
    height in points for a wrap width in points) leave, at most the panel's width; the
    titles are wrapped to the maps' width, never wider."""
    if page is None:
        h = min(panel / aspect, max_h)
        return h * aspect * 72.0, h, 0.0
    wrap = panel * 72.0
    for _ in range(6):  # narrower maps wrap their titles onto more lines: a few rounds
        h = min(panel / aspect, page[1] - rest - titles_pt(wrap) / 72.0)
        if h * aspect * 72.0 >= wrap - 0.5:
            break
        wrap = max(h * aspect * 72.0, 72.0)
    left = page[1] - rest - titles_pt(wrap) / 72.0
    h = max(_MIN_MAP_H, min(panel / aspect, left, wrap / 72.0 / aspect))
    return wrap, h, max(0.0, left - h)


#: How tall a map may grow on a sheet: its frame's height at most this share of the sheet's.
_MAX_SHEET_SHARE = 0.75


def taller_view(
    v: View, page: tuple[float, float] | None, panel: float, *, share: float = _MAX_SHEET_SHARE
) -> View:
    """``v`` with its frame grown north and south as far as a map ``panel`` inches wide
    could use on the sheet ``page`` (at most ``share`` of its height, at most 1.5 times
    as tall as before): the
    layers are drawn for this frame, and :func:`grow_into_slack` shows as much of it as
    the sheet leaves room for (a portrait sheet: no white band above and below the map).
    ``v`` itself when ``page`` is None or the sheet leaves no such room."""
    if page is None:
        return v
    x0, x1, y0, y1 = v.extent
    # at most half as tall again: the frame stays well inside the projection's domain
    h = min((x1 - x0) * share * page[1] / panel, 1.5 * (y1 - y0))
    if h <= (y1 - y0) * 1.01:
        return v
    yc = (y0 + y1) / 2.0
    return dataclasses.replace(v, extent=(x0, x1, yc - h / 2.0, yc + h / 2.0))


def grow_into_slack(
    axes: Sequence[Axes], v: View, big: View, panel: float, map_h: float, slack: float
) -> tuple[float, float]:
    """Maps ``panel`` inches wide and ``map_h`` tall showing the frame of ``v``, with
    ``slack`` inches of the sheet unused: their frame grown north and south (up to
    ``big``'s, :func:`taller_view`) so that the maps take that height. Sets the axes'
    extents; returns the maps' new height and the slack left (inches)."""
    x0, x1, y0, y1 = v.extent
    top = big.extent[3] - big.extent[2]
    h = min(map_h + slack, panel * top / (x1 - x0))
    if h <= map_h + 0.01:
        return map_h, slack
    yc, half = (y0 + y1) / 2.0, (x1 - x0) * h / panel / 2.0
    for ax in axes:
        ax.set_extent((x0, x1, yc - half, yc + half), crs=ax.projection)  # type: ignore[attr-defined]
    return h, slack - (h - map_h)


def wrap_badge(fig: Figure, width: float) -> None:
    """The lines of the figure's badge wrapped to ``width`` points (its box included)."""
    badge = _badge(fig)
    size = float(badge.get_fontsize())
    inner = width - 2 * 0.45 * size - 2.0
    lines = [wrap_to_width(line, size, inner) for line in badge.get_text().split("\n")]
    badge.set_text("\n".join(lines))


def badge_height(fig: Figure) -> float:
    """The height (points) of the figure's badge box."""
    badge = _badge(fig)
    size = float(badge.get_fontsize())
    return text_height(badge.get_text(), size, float(badge.get_linespacing() or 1.35)) + 1.6 * size


def seat_badge(fig: Figure, row: float) -> None:
    """The badge box at the bottom of its row (``row``: the row's height in points), its
    padding inside the row."""
    badge = _badge(fig)
    badge.set_verticalalignment("bottom")
    badge.set_position((0.0, (0.6 * float(badge.get_fontsize()) + 1.0) / row))


def seat_legend(fig: Figure, legend: Legend, grid: GridSpec, row: int) -> None:
    """A figure legend at the top centre of row ``row`` of ``grid``."""
    top = grid[row, :].get_position(fig).y1
    legend.set_bbox_to_anchor((0.5, top), transform=fig.transFigure)


def seat_suptitle(fig: Figure, below: float = 0.0) -> None:
    """The figure title 0.12 in (plus ``below`` inches) below the top edge, whatever the
    figure's height."""
    for t in fig.texts:
        if t is getattr(fig, "_suptitle", None):
            t.set_y(1.0 - (0.12 + below) / fig.get_figheight())
            t.set_verticalalignment("top")


def _badge(fig: Figure) -> Text:
    return next(t for ax in fig.axes for t in ax.texts if t.get_gid() == "badge")


class LowerPart:
    """The legend, the metrics table and the badge under the maps of a comparison.

    Stacked (the default): three rows as wide as the figure. Side by side: the table on
    the left, the legend over the badge on the right (:data:`_RIGHT` of the width), chosen
    on a sheet where the stacked rows would squeeze the maps (a landscape sheet with three
    panels and three parties: the maps get the height the rows leave, and the side-by-side
    part is about half as tall). The legend, the table (``make_table(narrow)``: a table on
    ``table_ax``, ``narrow`` in the side-by-side form) and the badge are made for the
    form's widths; grid rows 1, 2, 3 of ``grid`` hold them."""

    def __init__(
        self,
        fig: Figure,
        grid: GridSpec,
        *,
        handles: Sequence[Artist],
        max_ncol: int,
        table_ax: Axes,
        make_table: Callable[[bool], Table],
    ) -> None:
        self.fig, self.grid, self.table_ax, self.make_table = fig, grid, table_ax, make_table
        self.handles, self.max_ncol = list(handles), max_ncol
        self.labels = [str(h.get_label()) for h in self.handles]
        self.badge = _badge(fig)
        self.badge_text = self.badge.get_text()
        self.legend: Legend | None = None
        self.table: Table | None = None
        self.legend_h = 0.0
        self.side = False
        self.build(side=False)

    def _widths(self) -> tuple[float, float]:
        """The widths (inches) of the table and of the legend column."""
        inner = self.fig.get_figwidth() * 0.96
        if not self.side:
            return inner, inner
        return inner * (1.0 - _RIGHT - _GAP), inner * _RIGHT

    def build(self, *, side: bool) -> None:
        """(Re)make the legend, the table and the badge's lines for one form."""
        if self.legend is not None:
            self.legend.remove()
        if self.table is not None:
            self.table.remove()
        self.side = side
        fig, (table_w, legend_w) = self.fig, self._widths()
        cell = self.grid[2, :].get_position(fig)
        self.table_ax.set_position((cell.x0, cell.y0, table_w / fig.get_figwidth(), cell.height))
        for handle, label in zip(self.handles, self.labels, strict=True):
            handle.set_label(label)
        self.legend, self.legend_h = fit_legend(
            fig,
            self.handles,
            width=legend_w * 72.0,
            size=FONT_SMALL,
            max_ncol=2 if side else self.max_ncol,
            loc="upper center",
        )
        self.table = self.make_table(side)
        self.badge.set_text(self.badge_text)
        if side:
            wrap_badge(fig, legend_w * 72.0)

    @property
    def rows(self) -> list[float]:
        """The heights (inches) of grid rows 1, 2, 3 (legend, table, badge)."""
        assert self.table is not None
        legend = (self.legend_h + 10.0) / 72.0
        table = (table_height(self.table) + 16.0) / 72.0
        badge = (badge_height(self.fig) + 6.0) / 72.0
        if self.side:
            return [_NONE, max(table, legend + badge), _NONE]
        return [legend, table, badge]

    def fit(
        self,
        page: tuple[float, float] | None,
        panel: float,
        aspect: float,
        *,
        max_h: float,
        titles_pt: Callable[[float], float],
        rest: float,
    ) -> tuple[float, float, float]:
        """:func:`map_rows` for this part under the maps (``rest``: every other height,
        inches), in the form that gives the maps more height on the sheet."""
        got = map_rows(
            page, panel, aspect, max_h=max_h, titles_pt=titles_pt, rest=rest + sum(self.rows)
        )
        if page is None or got[2] > 0.0 or got[1] >= panel / aspect - 0.01:
            return got  # the maps are not squeezed
        self.build(side=True)
        other = map_rows(
            page, panel, aspect, max_h=max_h, titles_pt=titles_pt, rest=rest + sum(self.rows)
        )
        if other[1] > got[1] + 0.01:
            return other
        self.build(side=False)
        return got

    def seat(self) -> None:
        """Seat the legend, the table and the badge in their rows (after
        :func:`~.layout.stack_rows`)."""
        assert self.table is not None and self.legend is not None
        fig, grid = self.fig, self.grid
        badge_pt = badge_height(fig) + 6.0
        if not self.side:
            size_table(self.table, self.table_ax)
            seat_legend(fig, self.legend, grid, 1)
            seat_badge(fig, badge_pt)
            return
        w, h = fig.get_size_inches()
        table_w, legend_w = self._widths()
        cell = grid[2, :].get_position(fig)
        self.table_ax.set_position((cell.x0, cell.y0, table_w / w, cell.height))
        size_table(self.table, self.table_ax)
        x0 = cell.x1 - legend_w / w
        self.legend.set_bbox_to_anchor((x0 + legend_w / w / 2, cell.y1), transform=fig.transFigure)
        badge_ax = self.badge.axes
        assert badge_ax is not None
        badge_ax.set_position((x0, cell.y0, legend_w / w, badge_pt / 72.0 / h))
        seat_badge(fig, badge_pt)
