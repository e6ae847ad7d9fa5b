"""Figures: title, caveat badge, legends, the metrics table and the composed figures.

:func:`plot_map` (one architecture), :func:`plot_comparison` (one panel per
architecture, a shared legend and a metrics table) and :func:`plot_tracks` (notional
tracks) return a :class:`matplotlib.figure.Figure` (not registered with pyplot) whose
layout is fixed; every figure carries the caveat badge (DESIGN §1). Save them with
:func:`mdcoverage.plotting.save_figure`.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from cartopy.mpl.geoaxes import GeoAxes
from matplotlib import colors as mcolors
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.gridspec import SubplotSpec
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from .. import map_layers
from ..errors import GeometryError, UnknownNameError
from ..notices import CAVEAT
from .basemap import plot_basemap
from .checks import checked
from .layers import assessment_layers, assessment_styles, plot_track
from .layout import fit_legend, stack_rows, text_height, wrap_to_width
from .marks import finish_style, style_and_size
from .paper import paper_size
from .saving import FIXED_LAYOUT_ATTR
from .sheet import (
    LowerPart,
    badge_height,
    grow_into_slack,
    map_rows,
    panel_width,
    seat_badge,
    seat_legend,
    seat_suptitle,
    taller_view,
    wrap_badge,
)
from .styles import (
    FONT_SMALL,
    MAX_LABEL_CHARS,
    SITE_KINDS,
    SITE_MARKERS,
    SITE_SIZES,
    FigureStyle,
    PartyStyle,
    current_style,
    literal_figure,
    styles_for,
    tint,
    use_style,
    user_text,
)
from .table import metrics_table_rows, plot_metrics_table
from .trackfig import track_legend_handles, track_styles
from .views import DEFAULT_FRAME_BBOX, View, as_view, axes_view, fit_view, frame_points, new_map
from .words import day_text, engage_text, shipped, site_word, subtitle, use_lang, word

if TYPE_CHECKING:
    from ..coverage import Assessment
    from ..tracks import TrackAnalysis

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
    "plot_tracks",
]


def add_badge(
    ax: Axes,
    *,
    as_of: _dt.date | str | Sequence[_dt.date | str],
    projection_name: str | None = None,
    extra: str | None = None,
    lang: str | None = None,
) -> Text:
    """The caveat badge, in a box under the map: the caveat, ``extra`` (optional line),
    projection name, "as of" the date written out and the data credits (Natural Earth,
    GeoNames), in ``lang`` (default: the language in use, :mod:`.words`).

    ``projection_name`` defaults to the axes' view; ``as_of``: a date or an ISO date
    string ('YYYY-MM-DD'; else :class:`~mdcoverage.errors.ScenarioError`), or several.
    Returns the Text artist.
    """
    with use_lang(lang):
        return _badge(ax, as_of, projection_name, extra)


def _badge(ax: Axes, as_of: Any, projection_name: str | None, extra: str | None) -> Text:
    day = day_text(as_of)
    if projection_name is None:
        own = axes_view(ax)
        if own is None:
            raise GeometryError("add_badge: give projection_name= (ax not made by new_map)")
        projection_name = own.projection_name
    lines = [word("notices.caveat")]
    if extra:
        lines.append(user_text(extra, 12 * MAX_LABEL_CHARS))
    place = word("notices.projection", name=projection_name)
    lines.append(f"{place} · {word('notices.as_of', date=day)}")
    lines.append(word("notices.data_credits"))
    text = ax.text(
        0.0,
        -0.015,
        "\n".join(lines),
        transform=ax.transAxes,
        ha="left",
        va="top",
        fontsize=FONT_SMALL,
        color="0.1",
        linespacing=1.35,
        zorder=10,
        parse_math=False,
        bbox={
            "boxstyle": "round,pad=0.45",
            "facecolor": "white",
            "edgecolor": "0.4",
            "linewidth": 0.8,
        },
    )
    text.set_gid("badge")
    return text


def add_title(
    ax: Axes, title: str, subtitle: str | None = None, *, width: float | None = None
) -> list[Text]:
    """Title (14 pt, bold) and an optional subtitle (11 pt) above the map, left-aligned,
    wrapped to ``width`` points (default: the axes' width).

    Returns ``[title]`` or ``[title, subtitle]`` Text artists.
    """
    if width is None:
        fig = ax.get_figure(root=True)
        width = ax.get_position().width * (fig.get_figwidth() if fig else 9.0) * 72.0
    sub_text = (
        wrap_to_width(user_text(subtitle, 2 * MAX_LABEL_CHARS), 11, width) if subtitle else ""
    )
    pad = text_height(sub_text, 11) + 7.0 if subtitle else 6.0
    text = ax.set_title(
        wrap_to_width(user_text(title), 14, width, bold=True),
        loc="left",
        fontsize=14,
        fontweight="bold",
        pad=pad,
    )
    text.set_parse_math(False)
    out = [text]
    if subtitle:
        sub = ax.annotate(
            sub_text,
            (0.0, 1.0),
            xycoords="axes fraction",
            xytext=(0.0, 3.0),
            textcoords="offset points",
            ha="left",
            va="bottom",
            fontsize=11,
            color="0.25",
            annotation_clip=False,
            parse_math=False,
        )
        sub.set_gid("subtitle")
        out.append(sub)
    return out


def title_height(texts: Sequence[Text]) -> float:
    """The height (points) above the axes that :func:`add_title`'s texts take."""
    if not texts:
        return 0.0
    below = text_height(texts[1].get_text(), 11) + 7.0 if len(texts) > 1 else 6.0
    return text_height(texts[0].get_text(), 14) + below


def legend_handles(
    parties: Sequence[str | PartyStyle],
    *,
    kinds: Sequence[str] = SITE_KINDS,
    footprints: bool = True,
    sectors: bool = False,
) -> list[Artist]:
    """Handles for a shared legend: one hatched patch per party (its footprint), one
    marker per site kind (neutral grey), and optionally the sector boundary line.

    Parties given by name other than nato/russia take :func:`party_style` index = their
    position among such parties in ``parties``. Use as ``fig.legend(handles=...)``.
    """
    handles: list[Artist] = []
    for st in styles_for(parties):
        if footprints:
            handles.append(
                Patch(
                    facecolor=mcolors.to_rgba(st.color, 0.25),
                    edgecolor=st.color,
                    hatchcolor=st.hatchcolor or mcolors.to_rgba(st.color, 0.5),
                    hatch=st.hatch,
                    linewidth=1.3,
                    label=word("figures.footprint", party=st.label),
                )
            )
        else:
            handles.append(
                Patch(facecolor=st.color, edgecolor="black", hatch=st.hatch, label=st.label)
            )
    for k in kinds:
        if k not in SITE_KINDS:
            raise UnknownNameError("site kind", k, SITE_KINDS)
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker=SITE_MARKERS[k],
                markersize=math.sqrt(SITE_SIZES[k]),
                markerfacecolor="0.6",
                markeredgecolor="black",
                markeredgewidth=0.8,
                label=site_word(k),
            )
        )
    if sectors:
        handles.append(
            Line2D(
                [],
                [],
                color="0.1",
                linewidth=2.2,
                linestyle=(0, (2.2, 1.4)),  # shorter dashes, so a legend line shows them
                label=word("figures.sector_boundary"),
            )
        )
    return handles


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


def map_legend_handles(styles: Sequence[PartyStyle], *, sectors: bool) -> list[Artist]:
    """Legend entries of an architecture map (:func:`plot_assessment`): per party its
    territory tint, defended area and interceptor reach; sensors; site kinds; the sector
    boundary (with ``sectors``)."""
    handles: list[Artist] = []
    for st in styles:
        handles.append(
            Patch(
                facecolor=tint(st.color, current_style().tint),
                edgecolor="0.6",
                label=word("figures.territory", party=st.label),
            )
        )
        handles.append(
            Patch(
                facecolor=mcolors.to_rgba(st.color, 0.35),
                edgecolor=st.color,
                hatch=st.hatch,
                hatchcolor=st.hatchcolor or mcolors.to_rgba(st.color, 0.7),
                label=word("figures.defended_by", party=st.label),
            )
        )
        handles.append(
            Line2D(
                [],
                [],
                color=st.color,
                linewidth=1.2,
                linestyle=st.reach_linestyle,
                label=word("figures.reach", party=st.label),
            )
        )
    handles.append(
        Line2D(
            [],
            [],
            color="0.3",
            linewidth=1.2,
            linestyle=":",
            label=word("figures.sensor_coverage"),
        )
    )
    handles += legend_handles([], kinds=SITE_KINDS, footprints=False, sectors=sectors)
    return handles


def figure_view(
    view: View | str,
    assessments: Sequence[Assessment] = (),
    analyses: Sequence[TrackAnalysis] = (),
) -> View:
    """The view of a figure, its frame fitted to the content (:func:`~.views.fit_view`):
    the analysis region's box (densified; not for the fixed Europe frame), every site, every
    track and, for a site view, its centre. Every panel of a figure shares this frame."""
    v = as_view(view)
    lons: list[Any] = []
    lats: list[Any] = []
    if v.fit_region:
        boxes = {a.region.bbox for a in assessments} or {DEFAULT_FRAME_BBOX}
        for box in sorted(boxes):
            lon, lat = frame_points(box)
            lons.append(lon)
            lats.append(lat)
    for a in assessments:
        fp = map_layers.footprints(a)
        lons.append(fp["lon"].to_numpy(dtype=float))
        lats.append(fp["lat"].to_numpy(dtype=float))
    for t in analyses:
        lons.append(np.asarray(t.lon, dtype=float))
        lats.append(np.asarray(t.lat, dtype=float))
    if v.name == "site":
        lons.append(np.array([v.centre[0]]))
        lats.append(np.array([v.centre[1]]))
    if not lons:
        return v
    return fit_view(v, np.concatenate(lons), np.concatenate(lats))


def _aspect(v: View) -> float:
    x0, x1, y0, y1 = v.extent
    return (x1 - x0) / (y1 - y0)


def _titles_pt(pairs: Sequence[tuple[str, str]]) -> Any:
    """The height (points) of the tallest of :func:`add_title`'s (title, subtitle) pairs,
    as a function of the wrap width (points)."""

    def height(width: float) -> float:
        return max(
            text_height(wrap_to_width(user_text(t), 14, width, bold=True), 14)
            + text_height(wrap_to_width(user_text(s, 2 * MAX_LABEL_CHARS), 11, width), 11)
            + 7.0
            for t, s in pairs
        )

    return height


def _page(size: str | None) -> tuple[float, float] | None:
    return paper_size(size) if size is not None else None


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
        fig = _map(assessment, view=view, labels=labels, page=_page(size))
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
        extra=_interpretation_line([assessment]),
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
        _aspect(v),
        max_h=8.0,
        titles_pt=_titles_pt([(shipped(assessment.name), subtitle(assessment))]),
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


def _interpretation_line(assessments: Sequence[Assessment]) -> str | None:
    notes: list[str] = []
    for a in assessments:
        text = shipped(a.architecture.spec.interpretation or "")
        text = user_text(text, 2 * MAX_LABEL_CHARS) if text else text
        if text and text not in notes:
            notes.append(text)
    if not notes:
        return None
    return word("figures.interpretations", notes=" | ".join(notes))


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
        fig = _comparison(assessments, view=view, labels=labels, page=_page(size))
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
    head = _finish_figure(
        fig,
        grid[3, :],
        word("figures.comparison_title"),
        dates=[a.as_of for a in assessments],
        view=v,
        extra=_interpretation_line(assessments),
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
        _aspect(v),
        max_h=6.6,
        titles_pt=_titles_pt([(shipped(a.name), subtitle(a)) for a in assessments]),
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


def _finish_figure(
    fig: Figure,
    cell: SubplotSpec,
    title: str,
    *,
    dates: Sequence[_dt.date],
    view: View,
    extra: str | None,
    badge_y: float,
    page: tuple[float, float] | None,
) -> float:
    """The parts every multi-panel figure shares: the caveat badge (with credits,
    projection and the as-of date or dates) in its own grid cell, the title, and the
    fixed-layout mark that :func:`~mdcoverage.plotting.save_figure` reads. The badge and
    the title are wrapped to the figure's width (at a paper size, ``page``, the sheet's:
    the figure is the sheet). Returns the height
    (inches) the title's lines after the first take."""
    badge_ax = fig.add_subplot(cell)
    badge_ax.set_axis_off()
    badge = add_badge(badge_ax, as_of=dates, projection_name=view.projection_name, extra=extra)
    badge.set_position((0.0, badge_y))
    badge.set_verticalalignment("bottom")
    # wrapped to the sheet or the figure: a translation may be longer than the English
    wrap_badge(fig, fig.get_figwidth() * 0.95 * 72.0)
    title = wrap_to_width(title, 15, fig.get_figwidth() * 0.95 * 72.0, bold=True)
    fig.suptitle(title, x=0.02, ha="left", fontsize=15, fontweight="bold")
    setattr(fig, FIXED_LAYOUT_ATTR, True)
    return text_height(title, 15) / 72.0 - text_height("", 15) / 72.0


# --------------------------------------------------------------------------------------
# Notional tracks
# --------------------------------------------------------------------------------------


def plot_tracks(
    analyses: Sequence[TrackAnalysis],
    *,
    view: View | str = "polar",
    assessments: Sequence[Assessment] | None = None,
    style: str | FigureStyle = "screen",
    size: str | None = None,
    lang: str = "en",
) -> Figure:
    """A figure with one panel per architecture showing its tracks (DESIGN §2), with the
    caveat that this is ground-track geometry only.

    ``assessments``: optional assessments of the same architectures (matched by name);
    their maps (defended areas, footprints, sites) are drawn under the tracks. The frame
    fits the region, the sites and the tracks (:func:`figure_view`).
    ``style``, ``size`` and ``lang`` as in :func:`plot_map`.
    """
    analyses = checked(analyses, "TrackAnalysis", "plot_tracks")
    if assessments:
        assessments = checked(assessments, "Assessment", "plot_tracks")
    fs = style_and_size(style, size)
    with use_style(fs), use_lang(lang):
        fig = _tracks(analyses, view=view, assessments=assessments, page=_page(size))
        return finish_style(fig, fs, size)


def _tracks(
    analyses: Sequence[Any],  # TrackAnalysis, as checked() returns them
    *,
    view: View | str,
    assessments: Sequence[Assessment] | None,
    page: tuple[float, float] | None,
) -> Figure:
    # long-function: one straight sequence of rows (maps, legend, badge), then sizes
    v = figure_view(view, list(assessments or ()), analyses)
    archs = list(dict.fromkeys(a.architecture for a in analyses))
    n = len(archs)
    width = page[0] if page else max(6.4 * n + 0.6, 10.0)
    fig = Figure(figsize=(width, 8.6))
    grid = fig.add_gridspec(
        3, n, left=0.03, right=0.97, top=0.86, bottom=0.02, hspace=0.0, wspace=0.05
    )
    styles = track_styles(analyses, assessments)
    under = {a.name: a for a in assessments or ()}
    axes, pairs = [], []
    for i, arch in enumerate(archs):
        axes.append(fig.add_subplot(grid[0, i], projection=v.cartopy_crs))
        new_map(v, ax=axes[-1])
        if arch in under:
            plot_assessment(under[arch], ax=axes[-1], view=v, styles=styles, title=False)
        else:
            plot_basemap(axes[-1], v)
        for a in analyses:
            if a.architecture == arch:
                plot_track(axes[-1], a, view=v, styles=styles)
        rule = engage_text(next(a.rule for a in analyses if a.architecture == arch))
        pairs.append((shipped(arch), word("figures.may_engage", rule=rule)))
    legend, legend_h = fit_legend(
        fig,
        track_legend_handles(styles),
        width=width * 0.94 * 72.0,
        size=FONT_SMALL,
        max_ncol=4,
        loc="upper center",
    )
    head = _finish_figure(
        fig,
        grid[2, :],
        word("figures.tracks_title"),
        dates=[a.as_of for a in analyses],
        view=v,
        extra=word("notices.tracks_caveat"),
        badge_y=0.0,
        page=page,
    )
    badge_h = badge_height(fig) + 6.0
    rows = [(legend_h + 10.0) / 72.0, badge_h / 72.0]
    wrap, map_h, slack = map_rows(
        page,
        panel_width(width, n, margins=0.06),
        _aspect(v),
        max_h=7.0,
        titles_pt=_titles_pt(pairs),
        rest=0.45 + head + sum(rows) + 0.08,
    )
    titles = [add_title(ax, t, sub, width=wrap) for ax, (t, sub) in zip(axes, pairs, strict=True)]
    top = 0.45 + head + slack / 2 + max(title_height(t) for t in titles) / 72.0
    stack_rows(fig, grid, [map_h, *rows], top=top, bottom=0.08 + slack / 2)
    seat_legend(fig, legend, grid, 1)
    seat_badge(fig, badge_h)
    seat_suptitle(fig, slack / 2)
    literal_figure(fig)
    return fig
