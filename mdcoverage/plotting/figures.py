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
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cartopy.mpl.geoaxes import GeoAxes
from matplotlib import colors as mcolors
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.gridspec import SubplotSpec
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.table import Table
from matplotlib.text import Text

from ..dates import parse_date
from ..errors import GeometryError, UnknownNameError
from ..notices import CAVEAT, DATA_CREDITS, TRACKS_CAVEAT
from .basemap import plot_basemap
from .checks import checked
from .layers import assessment_layers, assessment_styles, plot_track
from .marks import finish_style, style_and_size
from .saving import FIXED_LAYOUT_ATTR
from .styles import (
    FONT_SMALL,
    MAX_LABEL_CHARS,
    SITE_KINDS,
    SITE_LABELS,
    SITE_MARKERS,
    SITE_SIZES,
    FigureStyle,
    PartyStyle,
    current_style,
    literal,
    literal_figure,
    styles_for,
    tint,
    use_style,
    user_text,
)
from .views import View, as_view, axes_view, new_map

if TYPE_CHECKING:
    from ..coverage import Assessment
    from ..tracks import TrackAnalysis

__all__ = [
    "CAVEAT",
    "add_badge",
    "add_title",
    "legend_handles",
    "map_legend_handles",
    "metrics_table_rows",
    "plot_assessment",
    "plot_comparison",
    "plot_map",
    "plot_metrics_table",
    "plot_tracks",
]

#: The caveat every figure carries (DESIGN §1).


def add_badge(
    ax: Axes,
    *,
    as_of: _dt.date | str,
    projection_name: str | None = None,
    extra: str | None = None,
) -> Text:
    """The caveat badge, in a box under the map: the caveat, ``extra`` (optional line),
    projection name, "as of YYYY-MM-DD" and the data credits (Natural Earth, GeoNames).

    ``projection_name`` defaults to the axes' view; ``as_of``: a date or an ISO date
    string ('YYYY-MM-DD'; else :class:`~mdcoverage.errors.ScenarioError`). Returns the
    Text artist.
    """
    day = parse_date(as_of, name="as_of").isoformat()
    if projection_name is None:
        own = axes_view(ax)
        if own is None:
            raise GeometryError("add_badge: give projection_name= (ax not made by new_map)")
        projection_name = own.projection_name
    lines = [CAVEAT]
    if extra:
        lines.append(user_text(extra, 12 * MAX_LABEL_CHARS))
    lines.append(f"Projection: {projection_name} · as of {day}")
    lines.append(DATA_CREDITS)
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


def add_title(ax: Axes, title: str, subtitle: str | None = None) -> list[Text]:
    """Title (14 pt, bold) and an optional subtitle (11 pt) above the map, left-aligned.

    Returns ``[title]`` or ``[title, subtitle]`` Text artists.
    """
    text = ax.set_title(
        user_text(title), loc="left", fontsize=14, fontweight="bold", pad=24 if subtitle else 8
    )
    text.set_parse_math(False)
    out = [text]
    if subtitle:
        sub = ax.text(
            0.0,
            1.012,
            user_text(subtitle, 2 * MAX_LABEL_CHARS),
            transform=ax.transAxes,
            ha="left",
            va="bottom",
            fontsize=11,
            color="0.25",
            parse_math=False,
        )
        sub.set_gid("subtitle")
        out.append(sub)
    return out


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
                    label=f"{st.label} footprint (notional)",
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
                label=SITE_LABELS[k],
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
                label="Sector boundary (interpretation)",
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
) -> dict[str, list[Artist]]:
    """Draw one architecture of an :class:`~mdcoverage.coverage.Assessment` on a map.

    The layers of :func:`~mdcoverage.plotting.layers.assessment_layers` (countries tinted
    by party membership on the as-of date; sectors; the **defended areas** in the colour
    of the party responsible for them; interceptor and sensor footprints as outlines;
    sites), then the title and subtitle.

    Returns a dict of artist lists: ``basemap``, ``sectors``, ``defended``,
    ``footprints``, ``sensors``, ``sites``, ``title``. No badge or legend (see
    :func:`plot_map` and :func:`plot_comparison`, which add them once per figure).
    """
    checked(assessment, "Assessment", "plot_assessment", single=True)
    v = as_view(view)
    ax = new_map(v, ax=ax) if ax is None or axes_view(ax) != v else ax
    styles = list(styles) if styles is not None else assessment_styles([assessment])
    out: dict[str, list[Artist]] = dict(
        assessment_layers(ax, assessment, view=v, styles=styles, labels=labels)
    )
    out["title"] = []
    if title:
        rule, day = assessment.architecture.rule, assessment.scenario.as_of.isoformat()
        out["title"] = list(add_title(ax, assessment.name, f"{rule} · as of {day}"))
    return out


def _legend(
    fig: Figure, styles: Sequence[PartyStyle], *, sectors: bool, ncol: int, **kw: Any
) -> Legend:
    handles = map_legend_handles(styles, sectors=sectors)
    legend = fig.legend(handles=handles, ncol=ncol, fontsize=FONT_SMALL, frameon=False, **kw)
    literal(legend.get_texts())
    return legend


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
                label=f"{st.label} territory (as of date)",
            )
        )
        handles.append(
            Patch(
                facecolor=mcolors.to_rgba(st.color, 0.35),
                edgecolor=st.color,
                hatch=st.hatch,
                hatchcolor=st.hatchcolor or mcolors.to_rgba(st.color, 0.7),
                label=f"Defended by {st.label}",
            )
        )
        handles.append(
            Line2D(
                [],
                [],
                color=st.color,
                linewidth=1.2,
                linestyle=st.reach_linestyle,
                label=f"{st.label} interceptor reach (notional)",
            )
        )
    handles.append(
        Line2D(
            [], [], color="0.3", linewidth=1.2, linestyle=":", label="Sensor coverage (notional)"
        )
    )
    handles += legend_handles([], kinds=SITE_KINDS, footprints=False, sectors=sectors)
    return handles


def plot_map(
    assessment: Assessment,
    *,
    view: View | str = "europe",
    labels: bool = False,
    style: str | FigureStyle = "screen",
    size: str | None = None,
) -> Figure:
    """A one-panel figure of one architecture: map, legend and the caveat badge.

    ``style``: "screen" (default) or "print" (greyscale-safe, :data:`~.styles.STYLES`);
    ``size``: a paper size of :data:`~.paper.PAPER_SIZES` (the figure is that sheet,
    every text at least 8 pt) or None (the figure's own size)."""
    checked(assessment, "Assessment", "plot_map", single=True)
    fs = style_and_size(style, size)
    with use_style(fs):
        fig = _map(assessment, view=view, labels=labels)
    return finish_style(fig, fs, size)


def _map(assessment: Assessment, *, view: View | str, labels: bool) -> Figure:
    v = as_view(view)
    x0, x1, y0, y1 = v.extent
    wide = (x1 - x0) > 1.15 * (y1 - y0)  # Europe is wider than tall; polar and site square
    fig = Figure(figsize=(10.0, 9.6 if wide else 11.0))
    grid = fig.add_gridspec(
        3,
        1,
        height_ratios=[6.2 if wide else 7.4, 0.8, 1.1],
        left=0.04,
        right=0.96,
        top=0.91,
        bottom=0.01,
        hspace=0.06,
    )
    ax = fig.add_subplot(grid[0], projection=v.cartopy_crs)
    new_map(v, ax=ax)
    styles = assessment_styles([assessment])
    arts = plot_assessment(assessment, ax=ax, view=v, labels=labels, styles=styles)
    badge_ax = fig.add_subplot(grid[1])
    badge_ax.set_axis_off()
    badge = add_badge(
        badge_ax,
        as_of=assessment.as_of,
        projection_name=v.projection_name,
        extra=_interpretation_line([assessment]),
    )
    badge.set_position((0.0, 0.95))
    legend_ax = fig.add_subplot(grid[2])
    legend_ax.set_axis_off()
    handles = map_legend_handles(styles, sectors=bool(arts["sectors"]))
    legend_ax.legend(handles=handles, ncol=3, loc="center", fontsize=FONT_SMALL, frameon=False)
    setattr(fig, FIXED_LAYOUT_ATTR, True)
    literal_figure(fig)
    return fig


def _interpretation_line(assessments: Sequence[Assessment]) -> str | None:
    notes: list[str] = []
    for a in assessments:
        text = a.architecture.spec.interpretation
        text = user_text(text, 2 * MAX_LABEL_CHARS) if text else text
        if text and text not in notes:
            notes.append(text)
    if not notes:
        return None
    return "Interpretations (not agreed maps): " + " | ".join(notes)


def _pct(x: float) -> str:
    return f"{100.0 * x:.0f} %"


def metrics_table_rows(
    assessments: Sequence[Assessment], styles: Sequence[PartyStyle]
) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the comparison's metrics panel (one row per architecture)."""
    header = ["Architecture"]
    for st in styles:
        header += [f"{st.label}: urban pop. defended", f"{st.label}: defended by another party"]
    header += ["Largest undefended places"]
    rows = []
    for a in assessments:
        row = [user_text(a.name)]
        for st in styles:
            if st.name in a.parties.index:
                r = a.parties.loc[st.name]
                row += [_pct(r["urban_pop_defended_share"]), _pct(r["dependency_pop_share"])]
            else:
                row += ["–", "–"]
        gaps = a.gaps(3)
        gaps = gaps[gaps["party"] != "none"].sort_values("population", ascending=False).head(3)
        row.append(
            ", ".join(
                f"{user_text(n)} ({c})" for n, c in zip(gaps["name"], gaps["adm0_a3"], strict=True)
            )
            or "–"
        )
        rows.append(row)
    return header, rows


def plot_metrics_table(
    ax: Axes,
    assessments: Assessment | Sequence[Assessment],
    *,
    styles: Sequence[PartyStyle] | None = None,
    wrap: bool = False,
) -> Table:
    """The compact metrics panel: a table, one row per architecture. Returns the Table.

    ``wrap`` puts long cells (architecture names, the places) on two lines, for narrow
    figures."""
    assessments = checked(assessments, "Assessment", "plot_metrics_table")
    styles = list(styles) if styles is not None else assessment_styles(assessments)
    header, rows = metrics_table_rows(assessments, styles)
    ax.set_axis_off()
    wrapped = [h.replace(": ", ":\n") for h in header]
    if wrap:  # long cells on two lines: architecture names and the list of places
        rows = [
            [textwrap.fill(c, {0: 26, len(r) - 1: 36}.get(j, 999)) for j, c in enumerate(r)]
            for r in rows
        ]
    table = ax.table(
        cellText=rows, colLabels=wrapped, loc="upper center", cellLoc="center", colLoc="center"
    )
    table.auto_set_font_size(False)
    table.set_fontsize(10)
    table.scale(1.0, 1.9)
    two_lines = any("\n" in c for r in rows for c in r)
    for (r, _c), cell in table.get_celld().items():
        cell.set_edgecolor("0.6")
        if r == 0:
            cell.set_facecolor("0.92")
            cell.set_text_props(fontweight="bold")
            cell.set_height(cell.get_height() * 1.6)
        elif two_lines:
            cell.set_height(cell.get_height() * 1.5)
    table.auto_set_column_width(list(range(len(header))))
    table.set_gid("metrics-table")
    literal(cell.get_text() for cell in table.get_celld().values())
    return table


def plot_comparison(
    assessments: Sequence[Assessment],
    *,
    view: View | str = "europe",
    labels: bool = False,
    style: str | FigureStyle = "screen",
    size: str | None = None,
) -> Figure:
    """The comparison figure: one map panel per architecture, a shared legend, a compact
    metrics table (urban population defended and defended by another party, per party;
    largest undefended places) and the caveat badge with credits, projection and date.

    ``style`` and ``size`` as in :func:`plot_map`."""
    assessments = checked(assessments, "Assessment", "plot_comparison")
    fs = style_and_size(style, size)
    with use_style(fs):
        fig = _comparison(assessments, view=view, labels=labels)
    return finish_style(fig, fs, size)


def _comparison(assessments: Sequence[Assessment], *, view: View | str, labels: bool) -> Figure:
    v = as_view(view)
    n = len(assessments)
    styles = assessment_styles(assessments)
    # one or two panels: a wider figure than the maps need, so the shared legend and the
    # table fit (they are as wide for one panel as for three)
    width = max(6.2 * n + 0.6, 14.5)
    fig = Figure(figsize=(width, 10.0))
    grid = fig.add_gridspec(
        3,
        n,
        height_ratios=[5.2, 1.35, 0.55],
        left=0.02,
        right=0.98,
        top=0.9,
        bottom=0.01,
        hspace=0.28,
        wspace=0.04,
    )
    any_sectors = False
    for i, a in enumerate(assessments):
        ax = fig.add_subplot(grid[0, i], projection=v.cartopy_crs)
        new_map(v, ax=ax)
        arts = plot_assessment(a, ax=ax, view=v, labels=labels, styles=styles)
        any_sectors |= bool(arts["sectors"])
    table_ax = fig.add_subplot(grid[1, :])
    plot_metrics_table(table_ax, assessments, styles=styles, wrap=n < 3)
    _legend(
        fig,
        styles,
        sectors=any_sectors,
        ncol=min(4 if n < 3 else 6, 3 * len(styles) + 1),
        loc="upper center",
        bbox_to_anchor=(0.5, 0.345 if n > 2 else 0.36),
    )
    _finish_figure(
        fig,
        grid[2, :],
        "Missile-defence architectures compared (illustrative, notional parameters)",
        dates=[a.as_of for a in assessments],
        view=v,
        extra=_interpretation_line(assessments),
        badge_y=0.1,
    )
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
) -> None:
    """The parts every multi-panel figure shares: the caveat badge (with credits,
    projection and the as-of date or dates) in its own grid cell, the title, and the
    fixed-layout mark that :func:`~mdcoverage.plotting.save_figure` reads."""
    days = sorted({d.isoformat() for d in dates})
    badge_ax = fig.add_subplot(cell)
    badge_ax.set_axis_off()
    badge = add_badge(badge_ax, as_of=days[0], projection_name=view.projection_name, extra=extra)
    if len(days) > 1:
        badge.set_text(badge.get_text().replace(f"as of {days[0]}", "as of " + ", ".join(days)))
    badge.set_position((0.0, badge_y))
    badge.set_verticalalignment("bottom")
    fig.suptitle(title, x=0.02, ha="left", fontsize=15, fontweight="bold")
    setattr(fig, FIXED_LAYOUT_ATTR, True)


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
) -> Figure:
    """A figure with one panel per architecture showing its tracks (DESIGN §2), with the
    caveat that this is ground-track geometry only.

    ``assessments``: optional assessments of the same architectures (matched by name);
    their maps (defended areas, footprints, sites) are drawn under the tracks.
    ``style`` and ``size`` as in :func:`plot_map`.
    """

    analyses = checked(analyses, "TrackAnalysis", "plot_tracks")
    if assessments:
        assessments = checked(assessments, "Assessment", "plot_tracks")
    fs = style_and_size(style, size)
    with use_style(fs):
        fig = _tracks(analyses, view=view, assessments=assessments)
    return finish_style(fig, fs, size)


def _tracks(
    analyses: Sequence[Any],  # TrackAnalysis, as checked() returns them
    *,
    view: View | str,
    assessments: Sequence[Assessment] | None,
) -> Figure:
    v = as_view(view)
    archs = list(dict.fromkeys(a.architecture for a in analyses))
    n = len(archs)
    fig = Figure(figsize=(6.4 * n + 0.6, 8.6))
    grid = fig.add_gridspec(
        2,
        n,
        height_ratios=[6.0, 1.2],
        left=0.03,
        right=0.97,
        top=0.86,
        bottom=0.02,
        hspace=0.14,
        wspace=0.05,
    )
    styles = _track_styles(analyses, assessments)
    under = {a.name: a for a in assessments or ()}
    for i, arch in enumerate(archs):
        ax = fig.add_subplot(grid[0, i], projection=v.cartopy_crs)
        new_map(v, ax=ax)
        if arch in under:
            plot_assessment(under[arch], ax=ax, view=v, styles=styles, title=False)
        else:
            plot_basemap(ax, v)
        for a in analyses:
            if a.architecture == arch:
                plot_track(ax, a, view=v, styles=styles)
        rule = next(a.rule for a in analyses if a.architecture == arch)
        add_title(ax, arch, "May engage: " + rule)
    _track_legend(fig, styles)
    _finish_figure(
        fig,
        grid[1, :],
        "Notional tracks: who may engage along the way (illustrative)",
        dates=[a.as_of for a in analyses],
        view=v,
        extra=TRACKS_CAVEAT,
        badge_y=0.0,
    )
    literal_figure(fig)
    return fig


def _track_styles(
    analyses: Sequence[TrackAnalysis], assessments: Sequence[Assessment] | None
) -> list[PartyStyle]:
    """The parties' styles of a tracks figure: those of the assessments drawn under the
    tracks, else of the parties responsible along the tracks (nato, russia first)."""
    if assessments:
        return assessment_styles(assessments)
    parties = sorted({p for a in analyses for p in a.segments["responsible"] if p})
    return styles_for(
        [p for p in ("nato", "russia") if p in parties]
        + [p for p in parties if p not in ("nato", "russia")]
    )


def _track_legend(fig: Figure, styles: Sequence[PartyStyle]) -> Legend:
    handles = [
        Line2D([], [], color=s.color, linewidth=3.2, label=f"{s.label} may engage") for s in styles
    ]
    handles.append(Line2D([], [], color="0.45", linewidth=1.6, label="Nobody may engage"))
    handles.append(
        Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markerfacecolor="white",
            markeredgecolor="black",
            label="Hand-over point",
        )
    )
    return fig.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.175),
        ncol=4,
        fontsize=FONT_SMALL,
        frameon=False,
    )
