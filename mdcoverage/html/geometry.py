"""Shapes for the web map: from the analysis CRS to GeoJSON in lon/lat degrees.

Display only: each shape is simplified in its (equal-area, metric) analysis CRS with a
tolerance in metres, then transformed vertex by vertex to lon/lat, split at the
antimeridian and rounded to a fixed number of decimals (deterministic bytes). The
metrics are never computed from these shapes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import shapely
from shapely import affinity
from shapely.geometry import mapping

from ..crs import LONLAT, as_crs, crs_transformer

__all__ = ["COORD_DECIMALS", "feature", "line_features", "lonlat_geometry", "split_lonlat_line"]

#: decimals of every exported coordinate (0.001° ≈ 110 m, far below what a screen shows)
COORD_DECIMALS = 3

#: Leaflet's Web Mercator ends at ±85.05°; shapes beyond are clamped there
MAX_LAT = 85.0


def lonlat_geometry(geom: Any, crs: object, tolerance_m: float) -> shapely.Geometry | None:
    """``geom`` (a polygonal shape in ``crs``) simplified by ``tolerance_m`` metres, in
    lon/lat rounded to :data:`COORD_DECIMALS`, split at the antimeridian; None when
    nothing is left."""
    if geom is None or shapely.is_empty(geom):
        return None
    if tolerance_m > 0:  # display only: the metrics are not touched
        simple = shapely.simplify(geom, tolerance_m, preserve_topology=False)
        geom = geom if shapely.is_empty(simple) else simple  # a micro-state stays as it is
    to_ll = crs_transformer(as_crs(crs), LONLAT)

    def project(xy: np.ndarray) -> np.ndarray:
        lon, lat = to_ll.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([np.asarray(lon, float), np.clip(np.asarray(lat), -90, 90)])

    ll = shapely.transform(geom, project)
    lon = shapely.get_coordinates(ll)[:, 0]
    if len(lon) and lon.max() - lon.min() > 180.0:  # may cross the antimeridian
        polys: list[shapely.Polygon] = []
        for poly in _polygons(ll):
            rings = [np.asarray(poly.exterior.coords)]
            rings += [np.asarray(r.coords) for r in poly.interiors]
            polys += _split_polygon(rings)
        ll = shapely.MultiPolygon(polys) if polys else shapely.Polygon()
    ll = shapely.transform(ll, _round_xy)
    polys = [p for p in _polygons(ll) if not p.is_empty and p.area > 0]
    if not polys:
        return None
    return polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)


def _round_xy(xy: np.ndarray) -> np.ndarray:
    return np.round(
        np.column_stack([xy[:, 0], np.clip(xy[:, 1], -MAX_LAT, MAX_LAT)]), COORD_DECIMALS
    )


def _polygons(geom: Any) -> list[shapely.Polygon]:
    if isinstance(geom, shapely.Polygon):
        return [geom]
    if isinstance(geom, shapely.MultiPolygon | shapely.GeometryCollection):
        return [p for g in geom.geoms for p in _polygons(g)]
    return []


def _unwrap(lon: np.ndarray) -> np.ndarray:
    """Longitudes made continuous (no jump over 180° between neighbours)."""
    d = np.diff(lon)
    d = (d + 180.0) % 360.0 - 180.0
    return np.concatenate([[lon[0]], lon[0] + np.cumsum(d)])


def _split_polygon(rings: Sequence[np.ndarray]) -> list[shapely.Polygon]:
    """A lon/lat polygon (exterior, holes) cut at the antimeridian into pieces whose
    longitudes lie in [-180, 180]; a ring around a pole is closed along that pole."""
    ext = rings[0]
    lon = _unwrap(ext[:, 0])
    if abs(lon[-1] - lon[0]) <= 1e-6 and lon.min() >= -180.0 and lon.max() <= 180.0:
        return [shapely.Polygon(ext, [r for r in rings[1:]])]  # the usual case
    lat = ext[:, 1]
    if abs(lon[-1] - lon[0]) > 1e-6:  # encircles a pole: close it along the pole
        pole = 90.0 if lat.mean() > 0 else -90.0
        lon = np.concatenate([lon, [lon[-1], lon[0]]])
        lat = np.concatenate([lat, [pole, pole]])
    shell = np.column_stack([lon, lat])
    holes = []
    for r in rings[1:]:
        h = _unwrap(r[:, 0])
        h += 360.0 * np.round((lon.mean() - h.mean()) / 360.0)
        holes.append(np.column_stack([h, r[:, 1]]))
    poly = shapely.make_valid(shapely.Polygon(shell, holes))
    out: list[shapely.Polygon] = []
    for k in (-2, -1, 0, 1, 2):
        piece = shapely.intersection(poly, shapely.box(-180 + 360 * k, -90, 180 + 360 * k, 90))
        if not piece.is_empty:
            piece = affinity.translate(piece, xoff=-360.0 * k)
            out += _polygons(piece)
    return out


def split_lonlat_line(lon: np.ndarray, lat: np.ndarray) -> list[list[list[float]]]:
    """A lon/lat line (longitudes in [-180, 180]) cut where it crosses the antimeridian:
    a list of parts, each a list of ``[lon, lat]``."""
    cuts = np.flatnonzero(np.abs(np.diff(lon)) > 180.0) + 1
    parts = []
    for seg_lon, seg_lat in zip(np.split(lon, cuts), np.split(lat, cuts), strict=True):
        if len(seg_lon) >= 2:
            parts.append(_rounded(np.column_stack([seg_lon, seg_lat])))
    return parts


def _rounded(xy: np.ndarray) -> list[list[float]]:
    xy = np.column_stack([xy[:, 0], np.clip(xy[:, 1], -MAX_LAT, MAX_LAT)])
    return np.round(xy, COORD_DECIMALS).tolist()


def feature(geom: shapely.Geometry, properties: dict[str, Any]) -> dict[str, Any]:
    """A GeoJSON feature of a lon/lat shape (from :func:`lonlat_geometry`: rounded)."""
    g = mapping(geom)
    return {"type": "Feature", "properties": properties, "geometry": g}


def line_features(
    lines: Iterable[tuple[np.ndarray, np.ndarray]], properties: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """GeoJSON MultiLineString features of lon/lat lines, cut at the antimeridian."""
    out = []
    for (lon, lat), props in zip(lines, properties, strict=True):
        parts = split_lonlat_line(np.asarray(lon, float), np.asarray(lat, float))
        out.append(
            {
                "type": "Feature",
                "properties": props,
                "geometry": {"type": "MultiLineString", "coordinates": parts},
            }
        )
    return out
