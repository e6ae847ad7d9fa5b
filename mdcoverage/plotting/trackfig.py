"""The notional-tracks figure (:func:`plot_tracks`): its parties' styles, legend and layout."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .basemap import plot_basemap
from .checks import checked
from .decor import (
    add_title,
    figure_view,
    finish_figure,
    map_legend_handles,
    page_of,
    title_height,
    titles_height,
    view_aspect,
)
from .figures import plot_assessment
from .layers import (
    NOBODY_COLOUR,
    NOBODY_DASHES,
    TRACK_MARKERS,
    assessment_styles,
    plot_track,
)
from .layout import fit_legend, stack_rows
from .marks import finish_style, style_and_size
from .sheet import (
    badge_height,
    map_rows,
    panel_width,
    seat_badge,
    seat_legend,
    seat_suptitle,
)
from .styles import (
    FONT_SMALL,
    FigureStyle,
    PartyStyle,
    literal_figure,
    styles_for,
    use_style,
)
from .views import View, new_map
from .words import engage_text, shipped, use_lang, word

if TYPE_CHECKING:
    from ..coverage import Assessment
    from ..tracks import TrackAnalysis

__all__ = ["plot_tracks", "track_legend_handles", "track_styles"]


def track_styles(
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


def track_legend_handles(styles: Sequence[PartyStyle]) -> list[Artist]:
    """Legend entries of the tracks figure: who may engage, nobody, hand-over points,
    track start and end (the markers of :func:`~.layers.plot_track`)."""
    handles: list[Artist] = [
        Line2D(
            [],
            [],
            color=s.color,
            linewidth=3.2,
            label=word("figures.party_may_engage", party=s.label),
        )
        for s in styles
    ]
    nobody = word("figures.nobody_may_engage")
    handles.append(
        Line2D([], [], color=NOBODY_COLOUR, linewidth=1.6, linestyle=NOBODY_DASHES, label=nobody)
    )
    keys = ("figures.handover", "figures.track_start", "figures.track_end")
    for (marker, face, size, _label), key in zip(TRACK_MARKERS, keys, strict=True):
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker=marker,
                markersize=math.sqrt(size),
                markerfacecolor=face,
                markeredgecolor="black",
                label=word(key),
            )
        )
    return handles


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
        fig = _tracks(analyses, view=view, assessments=assessments, page=page_of(size))
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
    drawn: list[bool] = []  # per map drawn under the tracks: whether it has sectors
    for i, arch in enumerate(archs):
        axes.append(fig.add_subplot(grid[0, i], projection=v.cartopy_crs))
        new_map(v, ax=axes[-1])
        if arch in under:
            arts = plot_assessment(under[arch], ax=axes[-1], view=v, styles=styles, title=False)
            drawn.append(bool(arts["sectors"]))
        else:
            plot_basemap(axes[-1], v)
        for a in analyses:
            if a.architecture == arch:
                plot_track(axes[-1], a, view=v, styles=styles)
        rule = engage_text(next(a.rule for a in analyses if a.architecture == arch))
        pairs.append((shipped(arch), word("figures.may_engage", rule=rule)))
    handles = track_legend_handles(styles)
    if drawn:  # and what the maps under the tracks show, as on the comparison
        handles += map_legend_handles(styles, sectors=any(drawn))
    legend, legend_h = fit_legend(
        fig, handles, width=width * 0.94 * 72.0, size=FONT_SMALL, max_ncol=4, loc="upper center"
    )
    head = finish_figure(
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
        view_aspect(v),
        max_h=7.0,
        titles_pt=titles_height(pairs),
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
