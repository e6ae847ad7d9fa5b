"""Layout without drawing: text sizes, wrapping to a width, legends that fit, rows in inches.

The figures' layout is fixed (saved without cropping), so everything must be known to fit
before a pixel is drawn. Text widths come from the glyph advances of the font matplotlib
draws with (cached per character, a few per cent generous: no kerning), which is much
faster than laying the text out; the figure-lint test checks the real extents.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Sequence
from typing import Any

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont, get_font
from matplotlib.ft2font import LoadFlags
from matplotlib.gridspec import GridSpec
from matplotlib.legend import Legend

__all__ = [
    "MIN_FONT",
    "fit_legend",
    "legend_size",
    "stack_rows",
    "text_height",
    "text_width",
    "wrap_to_width",
]

#: The smallest font size used when something has to shrink to fit (points).
MIN_FONT = 8.0
#: Widths are estimated this much generously (no kerning, hinting or shaping).
_SAFETY = 1.04
#: Line height of a text as a multiple of its size (matplotlib's default spacing).
LINE = 1.2


@functools.lru_cache(maxsize=4)
def _font(bold: bool) -> Any:
    return findfont(FontProperties(weight="bold" if bold else "normal"))


@functools.lru_cache(maxsize=8192)
def _advance(char: str, bold: bool) -> float:
    """The advance of one character in em (1 em = the font size)."""
    font = get_font(_font(bold))
    font.set_size(100.0, 72.0)
    try:
        with warnings.catch_warnings():  # a missing glyph is measured as a generous em
            warnings.filterwarnings("ignore", r"Glyph .* missing from", UserWarning)
            glyph = font.load_char(ord(char), flags=LoadFlags.NO_HINTING)
    except (RuntimeError, ValueError):
        return 1.0  # no glyph: a generous em
    return max(glyph.linearHoriAdvance / 65536.0 / 100.0, 0.25 if char.strip() else 0.0)


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The width of ``text`` at ``size`` points, in points (its longest line)."""
    lines = str(text).split("\n") or [""]
    return max(sum(_advance(c, bold) for c in line) for line in lines) * size * _SAFETY


def text_height(text: str, size: float, linespacing: float = LINE) -> float:
    """The height of ``text`` at ``size`` points, in points."""
    return (str(text).count("\n") + 1) * size * linespacing


def wrap_to_width(text: str, size: float, width: float, *, bold: bool = False) -> str:
    """``text`` wrapped at spaces (and inside over-long words) into lines of at most
    ``width`` points at ``size`` points."""
    out: list[str] = []
    for para in str(text).split("\n"):
        line = ""
        for word in para.split(" "):
            trial = f"{line} {word}" if line else word
            if text_width(trial, size, bold=bold) <= width:
                line = trial
                continue
            if line:
                out.append(line)
            line = ""
            for c in word:  # a word longer than the width is cut where it must be
                if line and text_width(line + c, size, bold=bold) > width:
                    out.append(line)
                    line = ""
                line += c
        out.append(line)
    return "\n".join(out)


def legend_size(labels: Sequence[str], ncol: int, size: float) -> tuple[float, float]:
    """Width and height (points) of a frameless legend of these labels in ``ncol``
    columns (matplotlib fills columns first; default spacings, in em of ``size``)."""
    # matplotlib's columns: the first ``extra`` one entry longer than the others
    rows, extra = divmod(len(labels), ncol)
    starts = [i * rows + min(i, extra) for i in range(ncol + 1)]
    cols = [labels[starts[i] : starts[i + 1]] for i in range(ncol)]
    rows += 1 if extra else 0
    widths = [max((text_width(t, size) for t in col), default=0.0) for col in cols if col]
    # handle 2.0 em + pad 0.8 em per column, 2.0 em between columns, 0.4 em border
    width = sum(widths) + len(widths) * 2.8 * size + (len(widths) - 1) * 2.0 * size
    height = rows * size * (LINE + 0.5) + 2 * 0.4 * size
    return width + 0.8 * size, height


def fit_legend(
    parent: Figure | Axes,
    handles: Sequence[Artist],
    *,
    width: float,
    size: float,
    max_ncol: int,
    **kw: Any,
) -> tuple[Legend, float]:
    """A legend of ``handles`` on ``parent`` (a figure or an axes) with as many columns (up to ``max_ncol``) as fit in
    ``width`` points, its font shrunk (not below :data:`MIN_FONT`) and long labels wrapped
    when even one column is too wide. Returns the legend and its height (points)."""
    labels = [str(h.get_label()) for h in handles]
    ncol = max(1, min(max_ncol, len(labels)))
    while True:
        w, h = legend_size(labels, ncol, size)
        if w <= width:
            break
        if ncol > 1:
            ncol -= 1
        elif size > MIN_FONT:
            size = max(MIN_FONT, size - 0.5)
        else:
            labels = [wrap_to_width(t, size, width - 4.0 * size) for t in labels]
            w, h = legend_size(labels, 1, size)
            break
    for handle, label in zip(handles, labels, strict=True):
        handle.set_label(label)
    legend = parent.legend(handles=list(handles), ncol=ncol, fontsize=size, frameon=False, **kw)
    return legend, h


def stack_rows(
    fig: Figure, grid: GridSpec, rows: Sequence[float], *, top: float, bottom: float
) -> None:
    """Give the figure the height its rows need: ``rows`` are the heights (inches) of the
    grid's rows from the top, ``top`` and ``bottom`` the margins (inches). The width and
    the grid's row count stay; the rows get exactly these heights (no vertical spacing)."""
    height = top + sum(rows) + bottom
    fig.set_size_inches(fig.get_figwidth(), height, forward=False)
    grid.set_height_ratios(list(rows))
    grid.update(top=1.0 - top / height, bottom=bottom / height, hspace=0.0)
    for ax in fig.axes:  # GridSpec.update moves only the axes of pyplot's figures
        spec = ax.get_subplotspec()
        if spec is not None and spec.get_gridspec() is grid:
            ax.set_position(spec.get_position(fig))
