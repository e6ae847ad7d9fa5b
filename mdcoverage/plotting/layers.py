"""Map layers: functions that take ``ax=`` and return the artists they added.

Footprints, sites, sector boundaries and tracks (the base map is in :mod:`.basemap`).
Geometries are projected to the view before matplotlib sees them (:mod:`.projection`)
and drawn in projected coordinates (``transform=ax.projection``, which cartopy passes
through unchanged). :func:`assessment_layers` draws everything a map of one assessment
has; the figures (:mod:`.figures`) and the notebook layout editor both use it.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import shapely
from cartopy.mpl.geoaxes import GeoAxes
from matplotlib import colors as mcolors
from matplotlib import patheffects
from matplotlib.artist import Artist
from matplotlib.collections import LineCollection
from matplotlib.markers import MarkerStyle
from matplotlib.patches import PathPatch

from .. import map_layers
from ..crs import pipeline_transformer
from ..errors import GeometryError, MdcoverageError, UnknownNameError
from ..parties import scenario_parties
from .basemap import add_patch_without_limits, has_vertices, plot_basemap, without_coast
from .checks import checked
from .projection import linework, polygon_path, project_to_view, view_fill_paths
from .styles import (
    FONT_SMALL,
    SITE_KINDS,
    SITE_LABELS,
    SITE_MARKERS,
    SITE_SIZES,
    PartyStyle,
    as_style,
    current_style,
    hatch_only,
    party_style,
    styles_for,
    user_text,
)
from .views import View, resolve
from .words import party_text, shipped, word

if TYPE_CHECKING:
    from ..coverage import Assessment
    from ..tracks import TrackAnalysis

__all__ = [
    "ASSESSMENT_LAYERS",
    "NOBODY_COLOUR",
    "NOBODY_DASHES",
    "TRACK_MARKERS",
    "assessment_layers",
    "assessment_styles",
    "plot_footprints",
    "plot_sector_boundaries",
    "plot_sites",
    "plot_track",
]


# --------------------------------------------------------------------------------------
# Footprints, sites, sectors
# --------------------------------------------------------------------------------------


def plot_footprints(
    ax: GeoAxes | None,
    geoms: Any,
    *,
    party: str | PartyStyle,
    view: View | str | None = None,
    crs: Any = None,
    alpha: float = 0.25,
    hatch: bool | str = True,
    label: str | None = None,
) -> list[PathPatch]:
    """Footprints of one party: semi-transparent fill, solid outline, party hatch.

    One :class:`~matplotlib.patches.PathPatch` per geometry (empty when outside the view),
    ``gid="footprint:<party>:<i>"``; the first carries ``label`` (default
    "<Party> footprint (notional)") for legends. ``geoms`` as in :func:`project_to_view`
    (``crs`` default EPSG:4326). ``party``: a name or a :class:`PartyStyle` (with several
    parties besides nato/russia, pass ``party_style(name, i)`` so colours match
    :func:`legend_handles`). ``hatch``: True = the party's hatch, False = none, or a
    matplotlib hatch string.
    """
    ax, v = resolve(ax, view)
    style = as_style(party)
    if not 0.0 <= alpha <= 1.0:
        raise MdcoverageError("plot_footprints: alpha must be in [0, 1]")
    hatch_str = style.hatch if hatch is True else (hatch or None)
    label = user_text(label) if label is not None else word("figures.footprint", party=style.label)
    patches = []
    for i, path in enumerate(view_fill_paths(geoms, v, crs)):
        p = PathPatch(
            path,
            facecolor=mcolors.to_rgba(style.color, alpha),
            edgecolor=style.color,
            linewidth=1.3,
            hatch=hatch_str,
            hatchcolor=style.hatchcolor or mcolors.to_rgba(style.color, min(1.0, 2 * alpha)),
            transform=ax.projection,
            zorder=2.0,
            gid=f"footprint:{style.name}:{i}",
            label=label if i == 0 else f"_{label}",
        )
        p.set_hatch_linewidth(style.hatch_linewidth)
        patches.append(add_patch_without_limits(ax, p))
    return patches


def plot_sites(
    ax: GeoAxes | None,
    lon: Any,
    lat: Any,
    *,
    kinds: str | Sequence[str],
    party: str | PartyStyle,
    labels: Sequence[str] | None = None,
    view: View | str | None = None,
) -> list[Artist]:
    """Site markers in the party colour: land "^", sea a ship silhouette, sensor a diamond.

    ``lon``, ``lat``: degrees (arrays or scalars); ``kinds``: one of ``land``, ``sea``,
    ``sensor`` per site (or one for all); ``labels``: optional text next to each site
    (only for sites inside the view). Returns one PathCollection per kind present
    (``gid="sites:<party>:<kind>"``), then the label texts.
    """
    ax, v = resolve(ax, view)
    style = as_style(party)
    lon, lat, kinds_arr = _site_arrays(lon, lat, kinds, labels)
    x, y = pipeline_transformer(v.proj).transform(lon, lat)
    artists: list[Artist] = []
    for kind in SITE_KINDS:
        sel = kinds_arr == kind
        if not sel.any():
            continue
        coll = ax.scatter(
            x[sel],
            y[sel],
            s=SITE_SIZES[kind],
            marker=SITE_MARKERS[kind],
            facecolors=style.color,
            edgecolors="black",
            linewidths=0.8,
            transform=ax.projection,
            zorder=4.0,
            label=f"{style.label}: {SITE_LABELS[kind].lower()}",
        )
        coll.set_gid(f"sites:{style.name}:{kind}")
        artists.append(coll)
    if labels is not None:
        artists += _site_labels(ax, x, y, labels, style, v)
    return artists


def _site_arrays(
    lon: Any, lat: Any, kinds: str | Sequence[str], labels: Sequence[str] | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``lon``, ``lat`` and ``kinds`` of :func:`plot_sites` as checked 1-d arrays."""
    try:
        lon = np.atleast_1d(np.asarray(lon, dtype=float))
        lat = np.atleast_1d(np.asarray(lat, dtype=float))
    except (TypeError, ValueError):
        raise GeometryError("plot_sites: lon and lat must be numbers (degrees)") from None
    n = len(lon)
    kinds_arr = np.array([kinds] * n if isinstance(kinds, str) else list(kinds), dtype=object)
    if lon.shape != lat.shape or lon.ndim != 1 or len(kinds_arr) != n:
        raise GeometryError("plot_sites: lon, lat and kinds must have the same length")
    if labels is not None and len(labels) != n:
        raise GeometryError("plot_sites: labels must have one entry per site")
    if not (np.isfinite(lon).all() and np.isfinite(lat).all()):
        raise GeometryError("plot_sites: lon and lat must be finite numbers")
    if ((np.abs(lon) > 180) | (np.abs(lat) > 90)).any():
        raise GeometryError("plot_sites: lon must be in [-180, 180] and lat in [-90, 90]")
    for k in kinds_arr:
        if k not in SITE_KINDS:
            raise UnknownNameError("site kind", k, SITE_KINDS)
    return lon, lat, kinds_arr


def _site_labels(
    ax: GeoAxes, x: np.ndarray, y: np.ndarray, labels: Sequence[str], style: PartyStyle, v: View
) -> list[Artist]:
    """Labels next to the sites inside the view (literal text, cut to MAX_LABEL_CHARS)."""
    x0, x1, y0, y1 = v.extent
    halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    out = []
    for xi, yi, text in zip(x, y, labels, strict=True):
        if not text or not (x0 <= xi <= x1 and y0 <= yi <= y1):
            continue
        t = ax.annotate(
            user_text(text),
            (xi, yi),
            xytext=(6, 4),
            textcoords="offset points",
            fontsize=FONT_SMALL,
            color="0.1",
            zorder=4.5,
            path_effects=halo,
            parse_math=False,
        )
        t.set_gid(f"site-label:{style.name}")
        out.append(t)
    return out


def plot_sector_boundaries(
    ax: GeoAxes | None,
    geoms: Any,
    *,
    view: View | str | None = None,
    crs: Any = None,
    parties: Sequence[str | PartyStyle] | None = None,
    hatch: bool | str = True,
    omit_coast: bool = True,
    label: str = "Sector boundary (interpretation)",
    lines: Any = None,
) -> list[Artist]:
    """Sector boundaries as bold dashed lines over a light hatch of each sector.

    ``geoms``: sector polygons (or lines), as in :func:`project_to_view`. The boundaries
    are merged so a shared edge is drawn once; with ``omit_coast`` the parts that run along
    the coast are dropped (the sector *line* remains). ``parties``: optional owner per
    sector, which colours its hatch. ``hatch``: True = a light single-density hatch (the
    owner's direction), False = none, or a hatch string. Returns the hatch patches, then
    the boundary :class:`~matplotlib.collections.LineCollection` (``gid="sector-boundary"``).
    """
    ax, v = resolve(ax, view)
    projected = project_to_view(geoms, v, crs=crs)
    if parties is not None and len(parties) != len(projected):
        raise GeometryError("plot_sector_boundaries: give one party per sector geometry")
    artists: list[Artist] = _sector_hatches(ax, projected, parties, hatch) if hatch else []
    outlines = projected if lines is None else project_to_view(lines, v, crs=crs)
    segs = [s.copy() for s in _boundary_runs(tuple(outlines), v, bool(omit_coast))]
    coll = LineCollection(
        segs,
        colors="0.1",
        linewidths=2.2,
        linestyles=(0, (6, 3)),
        transform=ax.projection,
        zorder=3.0,
        label=label,
    )
    coll.set_gid("sector-boundary")
    artists.append(ax.add_collection(coll, autolim=False))
    return artists


def _sector_hatches(
    ax: GeoAxes,
    projected: np.ndarray,
    parties: Sequence[str | PartyStyle] | None,
    hatch: bool | str,
) -> list[Artist]:
    """The light hatch of each sector of :func:`plot_sector_boundaries`."""
    artists: list[Artist] = []
    styles = styles_for(parties) if parties is not None else None
    for i, g in enumerate(projected):
        path = polygon_path(g)
        if styles is None:
            colour, pattern = "0.35", "/"
        else:
            colour, pattern = styles[i].color, styles[i].hatch[0]
        if isinstance(hatch, str):
            pattern = hatch
        if not has_vertices(path):
            continue
        p = PathPatch(
            path,
            facecolor="none",
            hatch=pattern,
            hatchcolor=mcolors.to_rgba(colour, 0.4),
            transform=ax.projection,
            zorder=1.8,
            gid=f"sector-hatch:{i}",
        )
        p.set_hatch_linewidth(0.5)
        artists.append(add_patch_without_limits(ax, hatch_only(p)))
    return artists


@functools.lru_cache(maxsize=32)
def _boundary_runs(outlines: tuple, v: View, omit_coast: bool) -> tuple[np.ndarray, ...]:
    """The dashed runs of :func:`plot_sector_boundaries` for projected ``outlines``: vertex
    arrays (read-only; cached by the outlines' values and the view)."""
    lines = np.concatenate([linework(g) for g in outlines] or [np.empty(0, object)])
    # Node the sectors' outlines on a 1 m grid so that shared edges (equal up to overlay
    # round-off) become one line, then merge into long lines (dashes run on).
    merged = shapely.union_all(lines, grid_size=1.0) if len(lines) else shapely.LineString()
    pieces = linework(shapely.line_merge(merged) if not merged.is_empty else merged)
    segs = without_coast(pieces, v) if omit_coast else [shapely.get_coordinates(p) for p in pieces]
    lengths = [np.hypot(*np.diff(s, axis=0).T).sum() for s in segs]
    segs = [s for s, n in zip(segs, lengths, strict=True) if n >= 3_000.0]  # crumbs
    for s in segs:
        s.flags.writeable = False
    return tuple(segs)


# --------------------------------------------------------------------------------------
# One assessment
# --------------------------------------------------------------------------------------

#: The layers of :func:`assessment_layers`, bottom to top.
ASSESSMENT_LAYERS = ("basemap", "sectors", "defended", "footprints", "sites")


def assessment_styles(assessments: Sequence[Assessment]) -> list[PartyStyle]:
    """One style per party across all panels (nato, russia first, then the others), each
    with the party's label from its scenario (``[[parties]]`` ``label``)."""
    names: list[str] = []
    labels: dict[str, str] = {}
    for a in assessments:
        for party in scenario_parties(a.scenario):
            labels.setdefault(party.name, party.label)
        for p in list(map_layers.footprints(a)["party"]) + [p for p in a.country_party if p]:
            if p not in names:
                names.append(p)
    fixed: list[str] = [n for n in ("nato", "russia") if n in names]
    styles = styles_for(fixed + sorted(n for n in names if n not in fixed))
    return [
        dataclasses.replace(s, label=user_text(party_text(s.name, labels[s.name])))
        if s.name in labels
        else s
        for s in styles
    ]


def assessment_layers(
    ax: GeoAxes | None,
    assessment: Assessment,
    *,
    view: View | str | None = None,
    styles: Sequence[PartyStyle] | None = None,
    labels: bool = False,
    layers: Collection[str] = ASSESSMENT_LAYERS,
    defended: Sequence[tuple[str, shapely.Geometry]] | None = None,
) -> dict[str, list[Artist]]:
    """Draw everything a map of one assessment has (no title, legend or badge).

    Layers (``layers``: which of :data:`ASSESSMENT_LAYERS` to draw), bottom to top:

    - ``basemap``: land, borders and each party's territory (its countries on the as-of
      date, tinted);
    - ``sectors``: the sectors of a sectoral architecture (light hatch in the responsible
      party's colour, bold dashed boundary);
    - ``defended``: the defended areas (where a party is responsible and its own
      interceptors reach), filled and hatched in that party's colour;
    - ``footprints``: each interceptor footprint's reach as a thin outline, sensors' as
      dotted outlines;
    - ``sites``: land ▲, sea ship, sensor ◆ (``labels``: with their names).

    ``styles``: the figure's party styles (default :func:`assessment_styles`).
    ``defended``: ``(party, geometry)`` pairs in the region's CRS to draw instead of
    :func:`mdcoverage.map_layers.defended_areas` (e.g. the same areas worked out faster).
    Returns a dict of artist lists: ``basemap``, ``sectors``, ``defended``, ``footprints``,
    ``sensors``, ``sites`` (empty for layers not drawn).
    """
    checked(assessment, "Assessment", "assessment_layers", single=True)
    for name in layers:
        if name not in ASSESSMENT_LAYERS:
            raise UnknownNameError("map layer", name, ASSESSMENT_LAYERS)
    ax, v = resolve(ax, view)
    styles = list(styles) if styles is not None else assessment_styles([assessment])
    by_name = {s.name: s for s in styles}
    out: dict[str, list[Artist]] = {
        k: [] for k in ("basemap", "sectors", "defended", "footprints", "sensors", "sites")
    }
    if "basemap" in layers:
        fill = {k: by_name[p].color for k, p in assessment.country_party.items() if p in by_name}
        out["basemap"] = plot_basemap(ax, v, country_fill=fill, tint=current_style().tint)
    if "sectors" in layers:
        out["sectors"] = _sector_layer(ax, v, assessment, by_name)
    if "defended" in layers:
        if defended is None:
            areas = map_layers.defended_areas(assessment)
            defended = list(zip(areas["party"], areas.geometry.values, strict=True))
        out["defended"] = _defended_layer(ax, v, assessment, by_name, defended)
    if "footprints" in layers:
        out["footprints"], out["sensors"] = _footprint_layer(ax, v, assessment, by_name)
    if "sites" in layers:
        out["sites"] = _site_layer(ax, v, assessment, by_name, labels)
    return out


def _sector_layer(
    ax: GeoAxes, v: View, a: Assessment, by_name: Mapping[str, PartyStyle]
) -> list[Artist]:
    sectors = map_layers.sector_areas(a)
    if sectors is None or not len(sectors):
        return []
    lines = map_layers.sector_lines(a)
    geoms, parties = list(sectors.geometry.values), list(sectors["party"])
    seas = map_layers.sector_seas(a)  # sectors holding sea only: hatched at sea
    if seas is not None:
        geoms += list(seas.geometry.values)
        parties += list(seas["party"])
    return plot_sector_boundaries(
        ax,
        geoms,
        view=v,
        crs=a.region.crs,
        parties=[by_name[p] for p in parties],
        lines=None if lines is None else lines.geometry.values,
    )


def _defended_layer(
    ax: GeoAxes,
    v: View,
    a: Assessment,
    by_name: Mapping[str, PartyStyle],
    defended: Sequence[tuple[str, shapely.Geometry]],
) -> list[Artist]:
    out: list[PathPatch] = []
    for party, geom in defended:
        patches = plot_footprints(
            ax,
            [geom],
            party=by_name[party],
            view=v,
            crs=a.region.crs,
            alpha=0.35,
            label=word("figures.defended_by", party=by_name[party].label),
        )
        for p in patches:
            p.set_gid(str(p.get_gid()).replace("footprint:", "defended:"))
            # the party's name as the figure shows it (a scenario's own label), for the
            # print style's direct labels on the areas (marks.area_labels)
            setattr(p, AREA_LABEL_ATTR, by_name[party].label)
        out += patches
    return list(out)


#: the attribute of a defended area's patch holding its party's display name
AREA_LABEL_ATTR = "mdcoverage_party_label"


def view_footprints(fp: Any, v: View) -> np.ndarray:
    """Footprint polygons of a site table built directly in the view's CRS (geodesically
    exact there; cached by the sites' parameters and the CRS, shared with
    :mod:`mdcoverage.coverage`)."""
    from ..coverage import footprint_geometries  # lazy: plotting is the edge

    return footprint_geometries(fp, v.crs)


def _footprint_layer(
    ax: GeoAxes, v: View, a: Assessment, by_name: Mapping[str, PartyStyle]
) -> tuple[list[Artist], list[Artist]]:
    """Interceptor reach (solid) and sensor coverage (dotted) outlines."""
    fp = map_layers.footprints(a)
    geoms = view_footprints(fp, v)
    out: dict[str, list[Artist]] = {"interceptor": [], "sensor": []}
    roles: tuple[tuple[str, Literal["-", ":"]], ...] = (("interceptor", "-"), ("sensor", ":"))
    for role, ls in roles:
        for party in sorted(set(fp["party"])):
            sel = ((fp["party"] == party) & (fp["role"] == role)).to_numpy()
            if not sel.any():
                continue
            patches = plot_footprints(
                ax, geoms[sel], party=by_name[party], view=v, crs=v.crs, alpha=0.0, hatch=False
            )
            for p in patches:
                p.set_linestyle(by_name[party].reach_linestyle if role == "interceptor" else ls)
                p.set_linewidth(0.9 if role == "interceptor" else 1.1)
                p.set_zorder(2.5)
                if role == "sensor":
                    p.set_gid(str(p.get_gid()).replace("footprint:", "sensor:"))
            out[role] += patches
    return out["interceptor"], out["sensor"]


def _site_layer(
    ax: GeoAxes, v: View, a: Assessment, by_name: Mapping[str, PartyStyle], labels: bool
) -> list[Artist]:
    fp = map_layers.footprints(a)
    out: list[Artist] = []
    kinds = np.where(fp["role"] == "sensor", "sensor", fp["kind"]).astype(object)
    for party in sorted(set(fp["party"])):
        sel = (fp["party"] == party).to_numpy()
        out += plot_sites(
            ax,
            fp["lon"].to_numpy()[sel],
            fp["lat"].to_numpy()[sel],
            kinds=kinds[sel],
            party=by_name[party],
            view=v,
            labels=list(fp["label"].to_numpy()[sel]) if labels else None,
        )
    return out


# --------------------------------------------------------------------------------------
# Notional tracks
# --------------------------------------------------------------------------------------


#: The point markers of a track: (marker, face colour, size in points², legend label).
TRACK_MARKERS = (
    ("o", "white", 36.0, "Hand-over point"),
    ("s", "white", 46.0, "Track start"),
    ("X", "black", 70.0, "Track end"),
)
#: A track's line where nobody may engage: thin, grey and dashed (the dashes in
#: line widths, so the legend's line shows the same pattern)
NOBODY_COLOUR = "0.45"
NOBODY_DASHES = (0.0, (3.0, 2.0))


def plot_track(
    ax: GeoAxes | None,
    analysis: TrackAnalysis,
    *,
    view: View | str | None = None,
    styles: Sequence[PartyStyle] | None = None,
) -> list[Artist]:
    """Draw a :class:`~mdcoverage.tracks.TrackAnalysis` on a map: the ground track coloured
    by who may engage along it (grey where nobody may), hand-over points as white circles,
    start (white square) and end (black cross) markers (:data:`TRACK_MARKERS`), and the
    track's name. Returns the artists."""
    checked(analysis, "TrackAnalysis", "plot_track", single=True)
    ax, v = resolve(ax, view)
    names = [p for p in dict.fromkeys(analysis.segments["may_engage"]) if p]
    by_name = {s.name: s for s in (styles or styles_for(names))}
    x, y = pipeline_transformer(v.proj).transform(analysis.lon, analysis.lat)
    artists: list[Artist] = [_track_line(ax, analysis, v, by_name, x, y)]
    if len(analysis.handovers):
        artists.append(_handovers(ax, analysis, v))
    return artists + _track_ends(ax, analysis, v, x, y)


def _track_line(
    ax: GeoAxes,
    analysis: TrackAnalysis,
    v: View,
    by_name: Mapping[str, PartyStyle],
    x: np.ndarray,
    y: np.ndarray,
) -> Artist:
    """The ground track coloured by who may engage: one line per run of sample steps
    with the same party, bold in the party's colour, thin, grey and dashed where nobody
    may (told apart from a party's line in greyscale too)."""
    may = list(analysis.segments["may_engage"])
    pts = np.column_stack([x, y])
    ok = np.isfinite(pts).all(axis=1)
    # break segments that jump across the map (a seam of the projection)
    x0, x1, y0, y1 = v.extent
    span = max(x1 - x0, y1 - y0)
    runs: list[list[int]] = []  # runs of consecutive drawable steps of one party
    for i in range(len(may)):
        if not (ok[i] and ok[i + 1]) or np.hypot(*(pts[i + 1] - pts[i])) >= span / 4:
            continue
        if runs and runs[-1][-1] == i - 1 and may[runs[-1][0]] == may[i]:
            runs[-1].append(i)
        else:
            runs.append([i])
    parties = [may[r[0]] for r in runs]
    coll = LineCollection(
        [pts[r[0] : r[-1] + 2] for r in runs],
        colors=[
            by_name[p].color if p in by_name else (party_style(p).color if p else NOBODY_COLOUR)
            for p in parties
        ],
        linewidths=[3.2 if p else 1.6 for p in parties],
        linestyles=["solid" if p else NOBODY_DASHES for p in parties],
        transform=ax.projection,
        zorder=5.0,
        capstyle="round",
    )
    coll.set_gid(f"track:{analysis.track.name}")
    return ax.add_collection(coll, autolim=False)


def _handovers(ax: GeoAxes, analysis: TrackAnalysis, v: View) -> Artist:
    hx, hy = pipeline_transformer(v.proj).transform(
        analysis.handovers["lon"].to_numpy(), analysis.handovers["lat"].to_numpy()
    )
    h = ax.scatter(
        hx,
        hy,
        s=36,
        facecolors="white",
        edgecolors="black",
        linewidths=1.0,
        zorder=6.0,
        transform=ax.projection,
        label=word("figures.handover"),
    )
    h.set_gid("handovers")
    return h


def _track_ends(
    ax: GeoAxes, analysis: TrackAnalysis, v: View, x: np.ndarray, y: np.ndarray
) -> list[Artist]:
    """Start and end markers, and the track's name next to its start (inside the view)."""
    ends = ax.scatter(
        x[[0, -1]],
        y[[0, -1]],
        s=[TRACK_MARKERS[1][2], TRACK_MARKERS[2][2]],
        marker=MarkerStyle(TRACK_MARKERS[1][0]),
        facecolors=[TRACK_MARKERS[1][1], TRACK_MARKERS[2][1]],
        edgecolors=["black", "white"],
        linewidths=[1.0, 0.6],
        zorder=6.0,
        transform=ax.projection,
    )
    markers = [MarkerStyle(m[0]) for m in TRACK_MARKERS[1:]]
    ends.set_paths([m.get_path().transformed(m.get_transform()) for m in markers])
    ends.set_gid("track-ends")
    artists: list[Artist] = [ends]
    x0, x1, y0, y1 = v.extent
    halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    label = user_text(shipped(analysis.track.label or analysis.track.name))
    if np.isfinite(x[0]) and x0 <= x[0] <= x1 and y0 <= y[0] <= y1:
        t = ax.annotate(
            label,
            (x[0], y[0]),
            xytext=(6, 4),
            textcoords="offset points",
            fontsize=FONT_SMALL,
            color="0.1",
            zorder=7.0,
            path_effects=halo,
            parse_math=False,
        )
        t.set_gid(f"track-label:{analysis.track.name}")
        artists.append(t)
    return artists
