"""The parts every figure shares: the caveat badge, titles, legends and the frame.

:func:`add_badge`, :func:`add_title`, :func:`legend_handles`, :func:`map_legend_handles`,
:func:`figure_view` (the frame every panel of a figure shares) and
:func:`finish_figure` (badge, title and fixed-layout mark of a multi-panel figure), used
by :mod:`.figures` (maps of assessments) and :mod:`.trackfig` (the tracks figure).
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
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
from .layout import text_height, wrap_to_width
from .paper import paper_size
from .saving import FIXED_LAYOUT_ATTR
from .sheet import (
    wrap_badge,
)
from .styles import (
    FONT_SMALL,
    MAX_LABEL_CHARS,
    SITE_KINDS,
    SITE_MARKERS,
    SITE_SIZES,
    PartyStyle,
    current_style,
    hatch_only,
    styles_for,
    tint,
    user_text,
)
from .views import DEFAULT_FRAME_BBOX, View, as_view, axes_view, fit_view, frame_points
from .words import day_text, shipped, site_word, use_lang, word

if TYPE_CHECKING:
    from ..coverage import Assessment
    from ..tracks import TrackAnalysis

__all__ = [
    "add_badge",
    "add_title",
    "figure_view",
    "finish_figure",
    "interpretation_line",
    "legend_handles",
    "map_legend_handles",
    "page_of",
    "title_height",
    "titles_height",
    "view_aspect",
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
        handles += sector_handles()
    return handles


def sector_handles() -> list[Artist]:
    """Legend entries of the sectors: the dashed boundary and the light hatch every
    sector gets in its owner's colour, on land and at sea."""
    boundary = Line2D(
        [],
        [],
        color="0.1",
        linewidth=2.2,
        linestyle=(0, (2.2, 1.4)),  # shorter dashes, so a legend line shows them
        label=word("figures.sector_boundary"),
    )
    area = Patch(
        facecolor="none",
        hatch="////",  # denser than on the map: a legend box is small
        hatchcolor=(0.25, 0.25, 0.25, 1.0),
        label=word("figures.sector_area"),
    )
    area.set_hatch_linewidth(0.8)  # the print style's default hatch lines are hairlines
    return [boundary, hatch_only(area)]


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


def view_aspect(v: View) -> float:
    """The width-to-height ratio of a view's extent."""
    x0, x1, y0, y1 = v.extent
    return (x1 - x0) / (y1 - y0)


def titles_height(pairs: Sequence[tuple[str, str]]) -> Any:
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


def page_of(size: str | None) -> tuple[float, float] | None:
    """The sheet (inches) of a paper size, or None for the figure's own size."""
    return paper_size(size) if size is not None else None


def interpretation_line(assessments: Sequence[Assessment]) -> str | None:
    """The badge's extra line: the architectures' interpretations (each once), or None."""
    notes: list[str] = []
    for a in assessments:
        text = shipped(a.architecture.spec.interpretation or "")
        text = user_text(text, 2 * MAX_LABEL_CHARS) if text else text
        if text and text not in notes:
            notes.append(text)
    if not notes:
        return None
    return word("figures.interpretations", notes=" | ".join(notes))


def finish_figure(
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
