"""The base map: land, coastline, country borders and country fills of a view.

The layers come from the bundled files of :mod:`mdcoverage.geodata` (never from
cartopy's Natural Earth features: nothing is downloaded), projected once per view and
cached; every figure shares the read-only paths.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from cartopy.mpl.geoaxes import GeoAxes
from matplotlib.artist import Artist
from matplotlib.collections import PathCollection
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath

from .. import geodata
from ..crs import LONLAT
from ..errors import UnknownNameError
from .projection import (
    as_geometry_array,
    line_path,
    polygon_path,
    polygon_paths,
    project_geometries,
    readonly,
)
from .styles import current_style
from .styles import tint as tint_colour
from .views import View, resolve

__all__ = [
    "BaseLayers",
    "add_patch_without_limits",
    "base_layers",
    "has_vertices",
    "plot_basemap",
    "without_coast",
]


def has_vertices(path: MplPath) -> bool:
    """Whether a path has vertices (an empty one stands for a geometry outside the view)."""
    return len(np.asarray(path.vertices)) > 0


def add_patch_without_limits(ax: GeoAxes, patch: PathPatch) -> PathPatch:
    """Add a patch without ``add_patch``'s data-limit update (which walks every vertex
    as a Bézier segment: ~20 ms per country-sized path); the view sets the limits."""
    return ax.add_artist(patch)


@dataclass(frozen=True)
class BaseLayers:
    """The projected base layers of a view (paths shared by every figure: read-only)."""

    land: MplPath
    coast: MplPath
    land_geom: shapely.Geometry  # projected, prepared
    codes: tuple[str, ...]
    countries: tuple[MplPath, ...]  # fill paths, in ``codes`` order (empty when not shown)


@functools.lru_cache(maxsize=8)
def base_layers(v: View) -> BaseLayers:
    """Land, coast and country paths of the bundled layers in view ``v`` (cached)."""
    # not through project_to_view's cache: these are cached here, once per view
    # the bundled layers are valid (geodata build and tests): not checked again
    land = project_geometries(as_geometry_array(geodata.land().geometry)[0], v, LONLAT, valid=True)
    c = geodata.countries()
    cgeoms = project_geometries(as_geometry_array(c.geometry)[0], v, LONLAT, valid=True)
    # the land layer is one valid (multi)polygon: its union would only re-node it
    land_geom = land[0] if len(land) == 1 else shapely.union_all(land)
    shapely.prepare(land_geom)
    return BaseLayers(
        land=readonly(polygon_path(land)),
        coast=readonly(line_path(land)),
        land_geom=land_geom,
        codes=tuple(c.index),
        countries=tuple(polygon_paths(cgeoms)),
    )


def without_coast(lines: np.ndarray, v: View) -> list[np.ndarray]:
    """The parts of ``lines`` (projected) that do not run along the coast.

    A segment runs along the coast when land lies on one side of it and sea on the other
    (tested 50 m either side of its midpoint); land borders (land both sides) and lines
    at sea (sea both sides) stay. Returns the kept runs as vertex arrays.
    """
    land = base_layers(v).land_geom
    if len(lines) == 0:
        return []
    # every segment of every line at once (one containment test for all midpoints)
    xy, idx = shapely.get_coordinates(lines, return_index=True)
    d = np.diff(xy, axis=0)
    same = idx[1:] == idx[:-1]  # segments inside one line (not joining two lines)
    length = np.hypot(d[:, 0], d[:, 1])
    normal = np.column_stack([-d[:, 1], d[:, 0]]) / np.where(length > 0, length, 1.0)[:, None]
    mid = (xy[:-1] + xy[1:]) / 2.0
    left = shapely.contains_xy(land, *(mid + 50.0 * normal).T)
    right = shapely.contains_xy(land, *(mid - 50.0 * normal).T)
    keep = (left == right) & same
    edges = np.flatnonzero(np.diff(np.r_[0, keep.astype(np.int8), 0]))
    return [xy[s : e + 1] for s, e in edges.reshape(-1, 2)]


def plot_basemap(
    ax: GeoAxes | None = None,
    view: View | str | None = None,
    *,
    country_fill: Mapping[str, Any] | None = None,
    tint: float = 0.8,
) -> list[Artist]:
    """Land, coastline and country borders from the bundled layers (no download).

    ``country_fill``: optional mapping ``adm0_a3`` → colour, e.g. to shade countries by
    party as of a date; colours are mixed with white by ``tint`` (0 = as given) so that
    footprints drawn on top stay readable. Returns ``[land, fills?, borders, coast]``.
    """
    ax, v = resolve(ax, view)
    layers = base_layers(v)
    tr = ax.projection
    fs = current_style()
    artists: list[Artist] = []
    land = PathPatch(
        layers.land, facecolor=fs.land, edgecolor="none", transform=tr, zorder=1.0, gid="land"
    )
    artists.append(add_patch_without_limits(ax, land))
    if country_fill:
        index = {code: i for i, code in enumerate(layers.codes)}
        paths: list[MplPath] = []
        colours: list[tuple[float, float, float]] = []
        for code, colour in country_fill.items():
            if code not in index:
                raise UnknownNameError("country code (adm0_a3)", code, layers.codes)
            if has_vertices(layers.countries[index[code]]):
                paths.append(layers.countries[index[code]])
                colours.append(tint_colour(colour, tint))
        fills = PathCollection(
            paths, facecolors=colours, edgecolors="none", transform=tr, zorder=1.1
        )
        fills.set_gid("country-fill")
        artists.append(ax.add_collection(fills, autolim=False))
    shown = [p for p in layers.countries if has_vertices(p)]
    borders = PathCollection(
        shown, facecolors="none", edgecolors=fs.border, linewidths=0.45, transform=tr, zorder=1.5
    )
    borders.set_gid("borders")
    artists.append(ax.add_collection(borders, autolim=False))
    coast = PathPatch(
        layers.coast,
        facecolor="none",
        edgecolor=fs.coast,
        linewidth=0.6,
        transform=tr,
        zorder=1.6,
        gid="coast",
    )
    artists.append(add_patch_without_limits(ax, coast))
    return artists
