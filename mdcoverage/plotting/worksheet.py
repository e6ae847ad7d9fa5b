"""The maps of a printed worksheet (:mod:`mdcoverage.handout`): the panels and their legend.

A worksheet page prints the comparison's maps across its text width, with its own table
of the numbers and the caveat badge (credits, projection, date) right under the maps.
The comparison figure (:func:`.figures.plot_comparison`) carries a table and a badge of
its own and is about twice as wide as a page's text: scaled down to it, its legend came
out at about 4 pt. :func:`worksheet_maps` draws only what the page does not print, at
the page's own width, so that every text on the map prints at its size (legend 9 pt).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from matplotlib.figure import Figure

from .checks import checked
from .decor import add_title, figure_view, map_legend_handles, title_height, view_aspect
from .figures import plot_assessment
from .layers import assessment_styles
from .layout import MIN_FONT, fit_legend, legend_size, stack_rows
from .marks import finish_style, style_and_size
from .sheet import panel_width, seat_legend
from .styles import FONT_SMALL, FigureStyle, literal_figure, use_style
from .views import new_map
from .words import shipped, subtitle, use_lang

if TYPE_CHECKING:
    from ..coverage import Assessment

__all__ = ["WORKSHEET_WIDTH_IN", "worksheet_maps"]

#: the text width of a worksheet page (inches): A4 less 2 x 1.7 cm margins
WORKSHEET_WIDTH_IN = (21.0 - 2 * 1.7) / 2.54
#: the share of the figure's width outside the panels
_MARGINS = 0.02


def worksheet_maps(
    assessments: Sequence[Assessment],
    *,
    width: float = WORKSHEET_WIDTH_IN,
    style: str | FigureStyle = "print",
    lang: str = "en",
) -> Figure:
    """One map panel per architecture, side by side, with their titles and the shared
    legend, ``width`` inches wide: a worksheet prints it at that width, under the
    caveat badge's credits, projection and date and beside its own table of the numbers
    (which this figure therefore leaves out; on its own, use
    :func:`.figures.plot_comparison`)."""
    assessments = checked(assessments, "Assessment", "worksheet_maps")
    fs = style_and_size(style, None)
    with use_style(fs), use_lang(lang):
        fig = _worksheet_maps(list(assessments), width)
        return finish_style(fig, fs, None)


def _worksheet_maps(assessments: list[Assessment], width: float) -> Figure:
    v = figure_view("europe", assessments)
    n = len(assessments)
    styles = assessment_styles(assessments)
    fig = Figure(figsize=(width, 6.0))
    grid = fig.add_gridspec(
        2, n, left=_MARGINS / 2, right=1 - _MARGINS / 2, top=0.9, bottom=0.01, wspace=0.04
    )
    panel = panel_width(width, n, margins=_MARGINS)
    axes, any_sectors = [], False
    for i, a in enumerate(assessments):
        axes.append(fig.add_subplot(grid[0, i], projection=v.cartopy_crs))
        new_map(v, ax=axes[-1])
        arts = plot_assessment(a, ax=axes[-1], view=v, styles=styles, title=False)
        any_sectors |= bool(arts["sectors"])
    handles = map_legend_handles(styles, sectors=any_sectors)
    room = width * 72.0  # the whole width: the page around it is white
    # two columns at the smallest size rather than one (a legend twice as tall: a page
    # of longer words, e.g. Russian, would have to shrink the maps to fit it)
    labels = [str(h.get_label()) for h in handles]
    two_fit = legend_size(labels, 2, FONT_SMALL)[0] <= room
    size = FONT_SMALL if two_fit else MIN_FONT
    legend, legend_h = fit_legend(
        fig, handles, width=room, size=size, max_ncol=3, loc="upper center"
    )
    titles = [
        add_title(ax, shipped(a.name), subtitle(a), width=panel * 72.0)
        for ax, a in zip(axes, assessments, strict=True)
    ]
    top = 0.05 + max(title_height(t) for t in titles) / 72.0
    map_h = panel / view_aspect(v)
    stack_rows(fig, grid, [map_h, (legend_h + 8.0) / 72.0], top=top, bottom=0.04)
    seat_legend(fig, legend, grid, 1)
    literal_figure(fig)
    return fig
