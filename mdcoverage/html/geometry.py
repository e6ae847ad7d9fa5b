"""Shapes for the web map: from the analysis CRS to GeoJSON in lon/lat degrees.

Display only: shapes are simplified in their (equal-area, metric) analysis CRS with a
tolerance in metres, then transformed to lon/lat — all the shapes of a layer in one
vectorised call of the CRS's cached transformer —, split at the antimeridian and rounded
numerically to :data:`COORD_DECIMALS` decimals (deterministic bytes). GEOS writes the
GeoJSON text of the shapes (:func:`feature_texts`). The metrics are never computed from
these shapes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import shapely
from shapely import affinity

from ..crs import LONLAT, as_crs, crs_transformer

__all__ = [
    "COORD_DECIMALS",
    "RawJSON",
    "dumps",
    "feature_texts",
    "line_features",
    "lonlat_geometries",
    "lonlat_geometry",
    "round_lonlat",
    "split_lonlat_line",
]

#: decimals of every coordinate in the page: 0.001° is about 110 m, far below the display
#: simplification (1.5-3 km) and what a screen shows at the page's zoom levels
COORD_DECIMALS = 3

#: Leaflet's Web Mercator ends at ±85.05°; shapes beyond are clamped there
MAX_LAT = 85.0

#: GEOS type ids of the polygonal shapes
_POLYGON, _MULTIPOLYGON = 3, 6

_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def dumps(obj: Any) -> str:
    """Compact, key-sorted JSON (the page's encoding of every value)."""
    return _ENCODER.encode(obj)


class RawJSON:
    """JSON text already encoded (by :func:`dumps` or GEOS), spliced into the page's data
    as it is (:func:`mdcoverage.html.page.encode_data`)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    @classmethod
    def array(cls, items: Iterable[str]) -> RawJSON:
        """A JSON array of encoded ``items``."""
        return cls("[" + ",".join(items) + "]")


def round_lonlat(xy: np.ndarray) -> np.ndarray:
    """Lon/lat coordinates as the page writes them: latitude clamped to ±:data:`MAX_LAT`,
    both rounded numerically to :data:`COORD_DECIMALS` (``-0.0`` written as ``0.0``)."""
    out = np.column_stack([xy[:, 0], np.clip(xy[:, 1], -MAX_LAT, MAX_LAT)])
    return np.round(out, COORD_DECIMALS) + 0.0


def lonlat_geometries(
    geoms: Sequence[Any] | np.ndarray, crs: object, tolerance_m: float
) -> list[shapely.Geometry | None]:
    """Polygonal shapes in ``crs``, each simplified by ``tolerance_m`` metres, in lon/lat
    rounded by :func:`round_lonlat`, split at the antimeridian; None for a shape of
    which nothing is left."""
    arr = np.asarray(list(geoms) if not isinstance(geoms, np.ndarray) else geoms, dtype=object)
    missing = np.array([g is None for g in arr], dtype=bool)
    arr = np.where(missing, shapely.Polygon(), arr)
    if tolerance_m > 0:  # display only: the metrics are not touched
        simple = shapely.simplify(arr, tolerance_m, preserve_topology=False)
        arr = np.where(shapely.is_empty(simple), arr, simple)  # a micro-state stays as it is
    to_ll = crs_transformer(as_crs(crs), LONLAT)

    def project(xy: np.ndarray) -> np.ndarray:
        lon, lat = to_ll.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([np.asarray(lon, float), np.clip(np.asarray(lat), -90, 90)])

    ll = shapely.transform(arr, project)  # every vertex of the layer in one call
    bounds = shapely.bounds(ll)
    for i in np.flatnonzero(bounds[:, 2] - bounds[:, 0] > 180.0):  # may cross the antimeridian
        ll[i] = _split_at_antimeridian(ll[i])
    return _polygonal_parts(shapely.transform(ll, round_lonlat))


def lonlat_geometry(geom: Any, crs: object, tolerance_m: float) -> shapely.Geometry | None:
    """One shape by :func:`lonlat_geometries`."""
    return lonlat_geometries([geom], crs, tolerance_m)[0]


def _polygonal_parts(geoms: np.ndarray) -> list[shapely.Geometry | None]:
    """Each shape's polygons of non-zero area (rounding may flatten a small one), as a
    Polygon or MultiPolygon, or None when there is none."""
    types = shapely.get_type_id(geoms)
    out: list[shapely.Geometry | None] = []
    for g, kind in zip(geoms, types, strict=True):
        if kind == _POLYGON and shapely.area(g) > 0:
            out.append(g)
            continue
        polys = [p for p in _polygons(g) if not p.is_empty and p.area > 0]
        if not polys:
            out.append(None)
        elif kind == _MULTIPOLYGON and len(polys) == len(g.geoms):
            out.append(g)
        else:
            out.append(polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys))
    return out


def _polygons(geom: Any) -> list[shapely.Polygon]:
    if isinstance(geom, shapely.Polygon):
        return [geom]
    if isinstance(geom, shapely.MultiPolygon | shapely.GeometryCollection):
        return [p for g in geom.geoms for p in _polygons(g)]
    return []


def _split_at_antimeridian(geom: Any) -> shapely.Geometry:
    polys: list[shapely.Polygon] = []
    for poly in _polygons(geom):
        rings = [np.asarray(poly.exterior.coords)]
        rings += [np.asarray(r.coords) for r in poly.interiors]
        polys += _split_polygon(rings)
    return shapely.MultiPolygon(polys) if polys else shapely.Polygon()


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
            parts.append(round_lonlat(np.column_stack([seg_lon, seg_lat])).tolist())
    return parts


def feature_texts(
    geoms: Sequence[shapely.Geometry], properties: Sequence[dict[str, Any]]
) -> list[str]:
    """GeoJSON features (JSON text, keys sorted) of lon/lat shapes from
    :func:`lonlat_geometries`; GEOS writes the coordinates (already rounded)."""
    texts = shapely.to_geojson(np.asarray(geoms, dtype=object)) if len(geoms) else []
    return [
        f'{{"geometry":{g},"properties":{dumps(p)},"type":"Feature"}}'
        for g, p in zip(texts, properties, strict=True)
    ]


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
