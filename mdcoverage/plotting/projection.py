"""Projection of geometries to a view, and shapely geometries as matplotlib paths.

Pre-projection (DESIGN §5): geometries are projected with pyproj and clipped to the view
*before* matplotlib sees them, then drawn as plain patches/collections in projected
coordinates. Results are cached (bounded) by the geometries' values, the view and the
CRS, so re-drawing the same layers is cheap.
"""

from __future__ import annotations

import functools
import itertools
from typing import Any

import numpy as np
import pyproj
import shapely
from matplotlib.path import Path as MplPath
from shapely import GeometryType

from ..crs import LONLAT, as_crs, crs_transformer, pipeline_transformer
from ..errors import GeometryError
from .views import View, as_view, lonlat_region

_LINEAR = (GeometryType.LINESTRING, GeometryType.LINEARRING)
_MULTI = (GeometryType.MULTIPOINT, GeometryType.MULTILINESTRING, GeometryType.MULTIPOLYGON)

__all__ = [
    "as_geometry_array",
    "line_path",
    "linework",
    "polygon_path",
    "polygon_paths",
    "project_geometries",
    "project_to_view",
    "readonly",
    "view_fill_paths",
]


def as_geometry_array(geoms: Any) -> tuple[np.ndarray, pyproj.CRS | None]:
    """Geometries (a shapely geometry, a sequence, a GeoSeries or GeoDataFrame) as an
    object array, with the CRS they carry (or None)."""
    crs = getattr(geoms, "crs", None)
    if hasattr(geoms, "geometry") and not isinstance(geoms, shapely.Geometry):
        geoms = geoms.geometry
    if isinstance(geoms, shapely.Geometry):
        geoms = [geoms]
    arr = np.asarray(list(geoms), dtype=object)
    if arr.ndim != 1 or not all(g is None or isinstance(g, shapely.Geometry) for g in arr):
        raise GeometryError("geometries must be shapely geometries (or a GeoSeries)")
    arr = np.where(shapely.is_missing(arr), shapely.Polygon(), arr)
    return arr, (None if crs is None else pyproj.CRS(crs))


def _apply(tr: pyproj.Transformer, geoms: np.ndarray) -> np.ndarray:
    def fn(xy: np.ndarray) -> np.ndarray:
        x, y = tr.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geoms, fn)


def _repair(geoms: np.ndarray) -> np.ndarray:
    bad = ~shapely.is_valid(geoms)
    if bad.any():
        geoms = geoms.copy()
        geoms[bad] = shapely.make_valid(geoms[bad])
    return geoms


def _finish(geoms: np.ndarray, v: View, dims: np.ndarray) -> np.ndarray:
    """Drop unprojectable geometries, repair, clip to the view bounds, keep only parts of
    the input's dimension (``dims``: 0 points, 1 lines, 2 polygons)."""
    out = geoms.copy()
    for i, g in enumerate(out):
        if not g.is_empty and not np.isfinite(shapely.get_coordinates(g)).all():
            out[i] = shapely.Polygon()  # beyond the projection's horizon
    out = _repair(out)  # a projected ring may cross itself; the clip needs valid input
    x0, x1, y0, y1 = v.bounds
    b = shapely.bounds(out)
    inside = (b[:, 0] >= x0) & (b[:, 2] <= x1) & (b[:, 1] >= y0) & (b[:, 3] <= y1)
    out = shapely.clip_by_rect(out, x0, y0, x1, y1)
    cut = ~inside  # what the clip left whole is valid already; what it cut may not be
    if cut.any():
        out[cut] = _repair(out[cut])
    for j in np.flatnonzero(shapely.get_type_id(out) == GeometryType.GEOMETRYCOLLECTION):
        parts = _flat_parts(out[j])
        keep = parts[shapely.get_dimensions(parts) == dims[j]]
        out[j] = shapely.union_all(keep) if len(keep) else _EMPTY[int(dims[j])]
    return out


def _join_at_seam(geom):
    """Join the parts of a lon/lat polygon split at ±180° into single polygons.

    The western parts are shifted by +360° so that both sides of the seam lie on the same
    line x = 180, where the overlay is exact even if the two sides have different
    vertices; the result (longitudes up to 540°) projects normally.
    """
    polys = _polygons(geom)
    if len(polys) < 2:
        return geom
    b = shapely.bounds(polys)
    west = (b[:, 0] <= -179.999) & (b[:, 2] < 179.999)
    east = (b[:, 2] >= 179.999) & (b[:, 0] > -179.999)
    if not (west.any() and east.any()):
        return geom

    def snap(xy: np.ndarray, shift: float) -> np.ndarray:
        # seam vertices may sit a few ulp off ±180° (e.g. -179.99999999999991)
        x = np.where(np.abs(np.abs(xy[:, 0]) - 180.0) < 1e-7, np.sign(xy[:, 0]) * 180.0, xy[:, 0])
        return np.column_stack([x + shift, xy[:, 1]])

    parts = np.concatenate(
        [
            shapely.transform(polys[east], lambda xy: snap(xy, 0.0)),
            shapely.transform(polys[west], lambda xy: snap(xy, 360.0)),
        ]
    )
    joined = _polygons(shapely.union_all(_repair(parts)))
    return shapely.multipolygons(np.concatenate([polys[~(west | east)], joined]))


def project_to_view(geoms: Any, view: View | str, *, crs: Any = None) -> np.ndarray:
    """Project geometries to a view's CRS and clip them to its bounds.

    ``geoms``: a shapely geometry, a sequence of them, or a GeoSeries/GeoDataFrame.
    ``crs``: their CRS (anything pyproj accepts); default: the GeoSeries' CRS, else
    EPSG:4326 (lon/lat degrees). Lon/lat input is repaired with ``make_valid``, cut to the
    region the view can show (away from the projection's singular antipode), densified to
    0.5° and projected; polygons split at the antimeridian (parts on both sides of ±180°)
    are merged again so that no seam is drawn. Returns an object array of shapely
    geometries in view coordinates (metres), one per input (empty when outside the view).

    Results are cached (bounded) by the input geometries' values, the view and the CRS, so
    re-drawing the same layers is cheap; shapely geometries are immutable and every call
    returns a new array.
    """
    v = as_view(view)
    key = _projection_key(geoms, v, crs)
    out = np.empty(len(key[0]), dtype=object)
    out[:] = _project_cached(*key)
    return out


def _projection_key(geoms, v: View, crs) -> tuple:
    arr, own_crs = as_geometry_array(geoms)
    src = as_crs(crs) if crs is not None else own_crs or LONLAT
    return tuple(arr), v, src


def view_fill_paths(geoms: Any, v: View, crs: Any) -> tuple[MplPath, ...]:
    """Fill paths of ``geoms`` projected to the view, one per geometry (read-only and
    shared: cached like :func:`project_to_view`)."""
    return _fill_paths_cached(*_projection_key(geoms, v, crs))


@functools.lru_cache(maxsize=64)
def _fill_paths_cached(geoms: tuple, v: View, src: pyproj.CRS) -> tuple[MplPath, ...]:
    arr = np.empty(len(geoms), dtype=object)
    arr[:] = _project_cached(geoms, v, src)
    return tuple(polygon_paths(arr))


@functools.lru_cache(maxsize=64)
def _project_cached(geoms: tuple, v: View, src: pyproj.CRS) -> tuple:
    arr = np.empty(len(geoms), dtype=object)
    arr[:] = geoms
    return tuple(project_geometries(arr, v, src))


def project_geometries(
    arr: np.ndarray, v: View, src: pyproj.CRS, *, valid: bool = False
) -> np.ndarray:
    """:func:`project_to_view` without the cache (``arr``: an object array of geometries
    in ``src``). ``valid``: the input is known to be valid (the bundled layers: made
    valid by the geodata build, checked by its tests), so it is not checked again."""
    dims = np.maximum(shapely.get_dimensions(arr), 0)
    if src.equals(v.pyproj_crs, ignore_axis_order=True):
        return _finish(arr, v, dims)
    if src.is_geographic:
        tr = pipeline_transformer(v.proj)
        region = lonlat_region(v)
        # repair only what can reach the region: the rest is cut away whole below
        rx0, ry0, rx1, ry1 = region.bounds
        arr = _parts_near(arr, region.bounds)
        b = shapely.bounds(arr)
        away = (b[:, 2] < rx0) | (b[:, 0] > rx1) | (b[:, 3] < ry0) | (b[:, 1] > ry1)
        if valid:
            pass
        elif away.any():
            arr = arr.copy()
            arr[~away] = _repair(arr[~away])
        else:
            arr = _repair(arr)
        b = shapely.bounds(arr)
        seam = (b[:, 0] <= -179.999) & (b[:, 2] >= 179.999)
        arr = _cut_to(arr, region)
        for i in np.flatnonzero(seam):
            arr[i] = _join_at_seam(arr[i])
        return _finish(_apply(tr, shapely.segmentize(arr, 0.5)), v, dims)
    tr = crs_transformer(src, v.pyproj_crs)
    arr = arr if valid else _repair(arr)
    return _finish(_apply(tr, shapely.segmentize(arr, 10_000.0)), v, dims)


def _cut_to(arr: np.ndarray, region: shapely.Geometry) -> np.ndarray:
    """``arr`` ∩ ``region``; a rectangular region (most views: a lon/lat box) by the
    rectangle clip, ~10x cheaper than the general overlay (its rare invalid output is
    repaired after projecting, with everything else)."""
    x0, y0, x1, y1 = region.bounds
    box = isinstance(region, shapely.Polygon) and not region.interiors
    if (
        box
        and shapely.get_num_coordinates(region) == 5
        and region.equals(shapely.box(x0, y0, x1, y1))
    ):
        return shapely.clip_by_rect(arr, x0, y0, x1, y1)
    return shapely.intersection(arr, region)


def _parts_near(arr: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    """Multi-part geometries without the parts whose bounds miss ``box`` (such parts
    lie wholly outside it). The world's land is one multipolygon of ~4000 islands and
    continents: checking and cutting only the parts near a view is ~3x cheaper."""
    x0, y0, x1, y1 = box
    out = arr
    for i in np.flatnonzero(np.isin(shapely.get_type_id(arr), _MULTI)):
        parts = shapely.get_parts(arr[i])
        b = shapely.bounds(parts)
        keep = (b[:, 2] >= x0) & (b[:, 0] <= x1) & (b[:, 3] >= y0) & (b[:, 1] <= y1)
        if not keep.all():
            if out is arr:
                out = arr.copy()
            out[i] = type(arr[i])(list(parts[keep])) if keep.any() else _EMPTY[2]
    return out


_EMPTY_PATH = MplPath(np.zeros((0, 2)), np.zeros(0, dtype=MplPath.code_type))
_EMPTY_READONLY = MplPath(np.zeros((0, 2)), np.zeros(0, dtype=MplPath.code_type), readonly=True)
_EMPTY = (shapely.Point(), shapely.LineString(), shapely.Polygon())


def _rings_path(rings: np.ndarray, *, closed: bool) -> MplPath:
    """One compound path of linear rings / line strings."""
    if len(rings) == 0:
        return _EMPTY_PATH
    coords, idx = shapely.get_coordinates(rings, return_index=True)
    if len(coords) == 0:
        return _EMPTY_PATH
    codes = np.full(len(coords), MplPath.LINETO, dtype=MplPath.code_type)
    starts = np.r_[0, np.flatnonzero(np.diff(idx)) + 1]
    codes[starts] = MplPath.MOVETO
    if closed:
        ends = np.r_[starts[1:] - 1, len(coords) - 1]
        codes[ends] = MplPath.CLOSEPOLY
    return MplPath(coords, codes)


def _flat_parts(geom) -> np.ndarray:
    """Single-part geometries of a geometry (nested collections flattened)."""
    parts = shapely.get_parts(np.atleast_1d(geom))
    while True:
        coll = shapely.get_type_id(parts) == GeometryType.GEOMETRYCOLLECTION
        if not coll.any():
            return parts[~shapely.is_empty(parts)]
        parts = np.concatenate([parts[~coll], shapely.get_parts(parts[coll])])


def _polygons(geom) -> np.ndarray:
    parts = _flat_parts(geom)
    return parts[shapely.get_type_id(parts) == GeometryType.POLYGON]


def polygon_path(geom: Any) -> MplPath:
    """A fillable path: exteriors counter-clockwise, holes clockwise."""
    polys = _polygons(geom)
    if len(polys) == 0:
        return _EMPTY_PATH
    polys = shapely.orient_polygons(polys)
    return _rings_path(shapely.get_rings(polys), closed=True)


def polygon_paths(geoms: np.ndarray) -> list[MplPath]:
    """:func:`polygon_path` of each geometry (read-only paths), worked out for all at
    once: one call per step instead of one per geometry (a base map has ~250 countries)."""
    parts, pidx = shapely.get_parts(geoms, return_index=True)
    if (shapely.get_type_id(parts) == GeometryType.GEOMETRYCOLLECTION).any():
        return [readonly(polygon_path(g)) for g in geoms]  # nested: one by one
    poly = (shapely.get_type_id(parts) == GeometryType.POLYGON) & ~shapely.is_empty(parts)
    parts, pidx = shapely.orient_polygons(parts[poly]), pidx[poly]
    rings, ridx = shapely.get_rings(parts, return_index=True)
    coords, cidx = shapely.get_coordinates(rings, return_index=True)
    codes = np.full(len(coords), MplPath.LINETO, dtype=MplPath.code_type)
    starts = np.r_[0, np.flatnonzero(np.diff(cidx)) + 1] if len(coords) else np.empty(0, int)
    codes[starts] = MplPath.MOVETO
    codes[np.r_[starts[1:] - 1, len(coords) - 1] if len(coords) else starts] = MplPath.CLOSEPOLY
    owner = pidx[ridx[cidx]]  # the geometry of each vertex (non-decreasing)
    bounds = np.searchsorted(owner, np.arange(len(geoms) + 1))
    out = []
    for a, b in itertools.pairwise(bounds):
        if a == b:
            out.append(_EMPTY_READONLY)
        else:
            out.append(MplPath(coords[a:b], codes[a:b], readonly=True))
    return out


def linework(geom: Any) -> np.ndarray:
    """The lines of a geometry: polygon rings and line strings (points dropped)."""
    parts = _flat_parts(geom)
    polys = parts[shapely.get_type_id(parts) == GeometryType.POLYGON]
    rings = shapely.get_rings(polys) if len(polys) else np.empty(0, object)
    lines = parts[np.isin(shapely.get_type_id(parts), _LINEAR)]
    out = np.concatenate([rings, lines])
    return out[~shapely.is_empty(out)]


def line_path(geom: Any) -> MplPath:
    """A stroke path of the linework of any geometry (polygon boundaries included)."""
    return _rings_path(linework(geom), closed=False)


def readonly(path: MplPath) -> MplPath:
    """A read-only copy of a path (cached paths are shared by every figure)."""
    codes = None if path.codes is None else np.array(path.codes)
    return MplPath(np.array(path.vertices), codes, readonly=True)
