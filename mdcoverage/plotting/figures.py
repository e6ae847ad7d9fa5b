"""The maps of assessments: :func:`plot_assessment` (one architecture on an axes),
:func:`plot_map` (a one-panel figure) and :func:`plot_comparison` (one panel per
architecture, a shared legend and a metrics table).

The figures are :class:`matplotlib.figure.Figure` objects (not registered with pyplot)
whose layout is fixed; every figure carries the caveat badge (DESIGN §1, :mod:`.decor`).
Save them with :func:`mdcoverage.plotting.save_figure`; the tracks figure is
:func:`.trackfig.plot_tracks`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from cartopy.mpl.geoaxes import GeoAxes
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.text import Text

from ..notices import CAVEAT
from .checks import checked
from .decor import (
    add_badge,
    add_title,
    figure_view,
    finish_figure,
    interpretation_line,
    legend_handles,
    map_legend_handles,
    page_of,
    title_height,
    titles_height,
    view_aspect,
)
from .layers import assessment_layers, assessment_styles
from .layout import fit_legend, stack_rows
from .marks import finish_style, style_and_size
from .saving import FIXED_LAYOUT_ATTR
from .sheet import (
    LowerPart,
    badge_height,
    grow_into_slack,
    map_rows,
    panel_width,
    seat_badge,
    seat_suptitle,
    taller_view,
    wrap_badge,
)
from .styles import (
    FONT_SMALL,
    FigureStyle,
    PartyStyle,
    literal_figure,
    use_style,
)
from .table import metrics_table_rows, plot_metrics_table
from .views import View, as_view, axes_view, new_map
from .words import shipped, subtitle, use_lang, word

if TYPE_CHECKING:
    from ..coverage import Assessment

__all__ = [
    "CAVEAT",
    "add_badge",
    "add_title",
    "figure_view",
    "legend_handles",
    "map_legend_handles",
    "metrics_table_rows",
    "plot_assessment",
    "plot_comparison",
    "plot_map",
    "plot_metrics_table",
]


def plot_assessment(
    assessment: Assessment,
    *,
    ax: GeoAxes | None = None,
    view: View | str = "europe",
    labels: bool = False,
    styles: Sequence[PartyStyle] | None = None,
    title: bool = True,
    lang: str | None = None,
) -> dict[str, list[Artist]]:
    """Draw one architecture of an :class:`~mdcoverage.coverage.Assessment` on a map.

    The layers of :func:`~mdcoverage.plotting.layers.assessment_layers` (countries tinted
    by party membership on the as-of date; sectors; the **defended areas** in the colour
    of the party responsible for them; interceptor and sensor footprints as outlines;
    sites), then the title and subtitle, in ``lang`` (default: the language in use).

    Returns a dict of artist lists: ``basemap``, ``sectors``, ``defended``,
    ``footprints``, ``sensors``, ``sites``, ``title``. No badge or legend (see
    :func:`plot_map` and :func:`plot_comparison`, which add them once per figure).
    """
    checked(assessment, "Assessment", "plot_assessment", single=True)
    v = as_view(view)
    ax = new_map(v, ax=ax) if ax is None or axes_view(ax) != v else ax
    with use_lang(lang):
        styles = list(styles) if styles is not None else assessment_styles([assessment])
        out: dict[str, list[Artist]] = dict(
            assessment_layers(ax, assessment, view=v, styles=styles, labels=labels)
        )
        out["title"] = (
            list(add_title(ax, shipped(assessment.name), subtitle(assessment))) if title else []
        )
    return out


def _panel_titles(ax: GeoAxes, a: Assessment, width: float) -> list[Text]:
    return add_title(ax, shipped(a.name), subtitle(a), width=width)


def plot_map(
    assessment: Assessment,
    *,
    view: View | str = "europe",
    labels: bool = False,
    style: str | FigureStyle = "screen",
    size: str | None = None,
    lang: str = "en",
) -> Figure:
    """A one-panel figure of one architecture: map, legend and the caveat badge. The
    frame fits the region, the sites and the tracks (:func:`figure_view`).

    ``style``: "screen" (default) or "print" (greyscale-safe, :data:`~.styles.STYLES`);
    ``size``: a paper size of :data:`~.paper.PAPER_SIZES` (the figure is that sheet,
    every text at least 8 pt) or None (the figure's own size); ``lang``: the language of
    every text ("en", "de" or "ru", :mod:`mdcoverage.i18n`)."""
    checked(assessment, "Assessment", "plot_map", single=True)
    fs = style_and_size(style, size)
    with use_style(fs), use_lang(lang):
        fig = _map(assessment, view=view, labels=labels, page=page_of(size))
        return finish_style(fig, fs, size)


def _map(
    assessment: Assessment, *, view: View | str, labels: bool, page: tuple[float, float] | None
) -> Figure:
    # long-function: one straight sequence of rows (map, legend, badge), then sizes
    v = figure_view(view, [assessment])
    width = page[0] if page else 10.0
    fig = Figure(figsize=(width, 10.0))
    grid = fig.add_gridspec(3, 1, left=0.04, right=0.96, top=0.9, bottom=0.02, hspace=0.0)
    big = taller_view(v, page, panel_width(width, 1, margins=0.08))
    ax = fig.add_subplot(grid[0], projection=big.cartopy_crs)
    new_map(big, ax=ax).set_extent(v.extent, crs=ax.projection)
    styles = assessment_styles([assessment])
    arts = plot_assessment(assessment, ax=ax, view=big, labels=labels, styles=styles, title=False)
    badge_ax = fig.add_subplot(grid[1])
    badge_ax.set_axis_off()
    add_badge(
        badge_ax,
        as_of=assessment.as_of,
        projection_name=v.projection_name,
        extra=interpretation_line([assessment]),
    )
    wrap_badge(fig, width * 0.92 * 72.0)
    legend_ax = fig.add_subplot(grid[2])
    legend_ax.set_axis_off()
    handles = map_legend_handles(styles, sectors=bool(arts["sectors"]))
    _, legend_h = fit_legend(
        legend_ax, handles, width=width * 0.92 * 72.0, size=FONT_SMALL, max_ncol=3, loc="center"
    )
    badge_h = badge_height(fig) + 8.0
    rows = [badge_h / 72.0, (legend_h + 6.0) / 72.0]
    wrap, map_h, slack = map_rows(
        page,
        panel_width(width, 1, margins=0.08),
        view_aspect(v),
        max_h=8.0,
        titles_pt=titles_height([(shipped(assessment.name), subtitle(assessment))]),
        rest=0.2 + sum(rows) + 0.1,
    )
    titles = _panel_titles(ax, assessment, wrap)
    map_h, slack = grow_into_slack([ax], v, big, wrap / 72.0, map_h, slack)
    top = 0.2 + slack / 2 + title_height(titles) / 72.0
    stack_rows(fig, grid, [map_h, *rows], top=top, bottom=0.1 + slack / 2)
    seat_badge(fig, badge_h)
    setattr(fig, FIXED_LAYOUT_ATTR, True)
    literal_figure(fig)
    return fig


def plot_comparison(
    assessments: Sequence[Assessment],
    *,
    view: View | str = "europe",
    labels: bool = False,
    style: str | FigureStyle = "screen",
    size: str | None = None,
    lang: str = "en",
) -> Figure:
    """The comparison figure: one map panel per architecture, a shared legend, a compact
    metrics table (urban population defended and defended by another party, per party;
    largest undefended places) and the caveat badge with credits, projection and date.

    Every panel shares one frame, fitted to the region, the sites and the tracks
    (:func:`figure_view`); the legend and the table are fitted to the figure's width
    (columns, wrapping, font size down to 8 pt) and the figure's height to its rows.
    ``style``, ``size`` and ``lang`` as in :func:`plot_map`.
    """
    assessments = checked(assessments, "Assessment", "plot_comparison")
    fs = style_and_size(style, size)
    with use_style(fs), use_lang(lang):
        fig = _comparison(assessments, view=view, labels=labels, page=page_of(size))
        return finish_style(fig, fs, size)


def _comparison(
    assessments: Sequence[Assessment],
    *,
    view: View | str,
    labels: bool,
    page: tuple[float, float] | None,
) -> Figure:
    # long-function: one straight sequence of rows (maps, legend, table, badge), then sizes
    v = figure_view(view, assessments)
    n = len(assessments)
    styles = assessment_styles(assessments)
    # one or two panels: a wider figure than the maps need, so the shared legend and the
    # table fit (they are as wide for one panel as for three)
    width = page[0] if page else max(6.2 * n + 0.6, 14.5)
    fig = Figure(figsize=(width, 10.0))
    grid = fig.add_gridspec(
        4, n, left=0.02, right=0.98, top=0.9, bottom=0.01, hspace=0.0, wspace=0.04
    )
    any_sectors = False
    axes = []
    big = taller_view(v, page, panel_width(width, n, margins=0.04), share=0.6)
    for i, a in enumerate(assessments):
        axes.append(fig.add_subplot(grid[0, i], projection=big.cartopy_crs))
        new_map(big, ax=axes[-1]).set_extent(v.extent, crs=axes[-1].projection)
        arts = plot_assessment(a, ax=axes[-1], view=big, labels=labels, styles=styles, title=False)
        any_sectors |= bool(arts["sectors"])
    table_ax = fig.add_subplot(grid[2, :])
    head = finish_figure(
        fig,
        grid[3, :],
        word("figures.comparison_title"),
        dates=[a.as_of for a in assessments],
        view=v,
        extra=interpretation_line(assessments),
        badge_y=0.1,
        page=page,
    )
    lower = LowerPart(
        fig,
        grid,
        handles=map_legend_handles(styles, sectors=any_sectors),
        max_ncol=4 if n < 3 else 6,
        table_ax=table_ax,
        make_table=lambda side: plot_metrics_table(
            table_ax, assessments, styles=styles, wrap=side or n < 3
        ),
    )
    wrap, map_h, slack = lower.fit(
        page,
        panel_width(width, n, margins=0.04),
        view_aspect(v),
        max_h=6.6,
        titles_pt=titles_height([(shipped(a.name), subtitle(a)) for a in assessments]),
        rest=0.45 + head + 0.08,
    )
    titles = [_panel_titles(ax, a, wrap) for ax, a in zip(axes, assessments, strict=True)]
    map_h, slack = grow_into_slack(axes, v, big, wrap / 72.0, map_h, slack)
    top = 0.45 + head + slack / 2 + max(title_height(t) for t in titles) / 72.0
    stack_rows(fig, grid, [map_h, *lower.rows], top=top, bottom=0.08 + slack / 2)
    lower.seat()
    seat_suptitle(fig, slack / 2)
    literal_figure(fig)
    return fig
