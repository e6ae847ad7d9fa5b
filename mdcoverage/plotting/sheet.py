"""Seating the rows of a figure, and the figure the size of a sheet of paper.

The figures (:mod:`.figures`) are laid out in inches: rows of maps, legend, table and
badge stacked from the top. At a paper size the figure's width is the sheet's, the legend,
the table and the badge are fitted to that width and the maps take the height that is
left (:func:`map_rows`), so every text keeps its size (at least 8 pt) on the printed page.
"""

from __future__ import annotations

from collections.abc import Callable

from matplotlib.figure import Figure
from matplotlib.gridspec import GridSpec
from matplotlib.legend import Legend
from matplotlib.text import Text

from .layout import text_height, wrap_to_width

__all__ = [
    "badge_height",
    "map_rows",
    "panel_width",
    "seat_badge",
    "seat_legend",
    "seat_suptitle",
    "wrap_badge",
]

#: The smallest map row at a paper size (inches), however much text the sheet must hold.
_MIN_MAP_H = 0.5


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
