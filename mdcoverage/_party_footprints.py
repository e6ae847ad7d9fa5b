"""Sites' footprints and their unions per party (the geometry blocks of an assessment).

Public through :mod:`mdcoverage.coverage` (:func:`footprint_geometries`,
:func:`footprint_table`, :func:`footprint_unions`, :class:`FootprintUnions`,
:func:`union_polygons`); private here so that the assessment's module stays short.

Both are remembered by content, so that an edit of one site costs one footprint and its
party's unions: a footprint is a function of its site's parameters and the CRS alone
(the engine builds each ring on its own), and a union of the same geometry objects is
the same union. Whole sets of footprints are remembered as well (an export after an
assessment, the presets of one layout).
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from . import geodesy
from ._memo import Recent

__all__ = [
    "FootprintUnions",
    "footprint_geometries",
    "footprint_table",
    "footprint_unions",
    "piece_covers",
    "union_polygons",
]


def union_polygons(geoms) -> shapely.Geometry:
    """``shapely.union_all`` of polygons, fast when they form a polygonal coverage.

    Countries share their borders exactly, and so do the pieces an architecture cuts them
    into (mostly): such a coverage's union is the same geometry as ``union_all`` (the same
    rings, in another vertex order) at a fraction of the cost. Checked first
    (``coverage_is_valid``); anything else goes through ``union_all``.
    """
    geoms = np.asarray(geoms, dtype=object)
    polygonal_kinds = (shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON)
    if (
        len(geoms)
        and np.isin(shapely.get_type_id(geoms), polygonal_kinds).all()
        and not shapely.is_empty(geoms).all()
        and shapely.coverage_is_valid(geoms)
    ):
        return shapely.coverage_union_all(geoms)
    return shapely.union_all(geoms)


# --------------------------------------------------------------------------- footprints


def _footprints_build(lon, lat, r, b, w, crs: str) -> np.ndarray:
    """The footprints of the sites; a large set in halves, built in two threads (each
    footprint is built from its own site alone: the same polygons, and the engine's
    projections, geodesics, array and GEOS work run without the GIL)."""
    n = len(lon)
    if n < _SPLIT_SITES or _SPLIT_THREADS < 2:
        return _footprints_chunk(lon, lat, r, b, w, crs=crs)
    cut = np.linspace(0, n, _SPLIT_THREADS + 1).astype(int)
    chunks = [
        tuple(a[cut[k] : cut[k + 1]] for a in (lon, lat, r, b, w)) for k in range(_SPLIT_THREADS)
    ]
    parts = list(_build_pool().map(lambda c: _footprints_chunk(*c, crs=crs), chunks))
    return np.concatenate(parts)


_SPLIT_SITES = 2000  # sites from which a set is built in threads
_SPLIT_THREADS = max(1, min(2, os.cpu_count() or 1))


@functools.cache
def _build_pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(_SPLIT_THREADS, "mdcoverage-footprints")


def _footprints_chunk(lon, lat, r, b, w, *, crs: str) -> np.ndarray:
    return geodesy.footprint_polygons(
        lon,
        lat,
        r,
        crs=crs,
        bearing_deg=np.where(np.isnan(b), 0.0, b) if np.isfinite(b).any() else None,
        width_deg=np.where(np.isnan(w), 360.0, w) if np.isfinite(w).any() else None,
    )


#: footprint_geometries' recent results: key (digest of the parameters, CRS) -> polygons
_FOOTPRINTS: Recent[np.ndarray] = Recent(64)
#: single footprints of small sets: (the site's parameter bytes, CRS) -> polygon
_SINGLE: Recent[shapely.Geometry] = Recent(4096)
_SINGLE_MAX_SITES = 1024  # larger sets are remembered whole only


def footprint_geometries(sites: pd.DataFrame, crs: object) -> np.ndarray:
    """Footprint polygons of a site table (:func:`~mdcoverage.coverage.site_table`) in
    ``crs`` (cached by parameters; a new array each call)."""
    if sites.empty:
        return np.array([], dtype=object)
    cols = ("lon", "lat", "radius_km", "bearing_deg", "width_deg")
    values = np.stack([sites[c].to_numpy(dtype=float) for c in cols])
    # one NaN bit pattern (full circles have no bearing or width), then the exact bytes
    # of the parameters as the key: equal parameters, equal key
    values[np.isnan(values)] = np.nan
    values = np.ascontiguousarray(values)
    key = (
        hashlib.blake2b(values.tobytes(), digest_size=32).digest()
        + values.shape[1].to_bytes(8, "little"),
        str(crs),
    )
    hit = _FOOTPRINTS.get(key)
    if hit is None:
        hit = _build_missing(values, str(crs))
        _FOOTPRINTS.put(key, hit)
    # a new array each time: the cached one must not be changed by a caller
    return hit.copy()


def _build_missing(values: np.ndarray, crs: str) -> np.ndarray:
    """The footprints of the sites (columns of ``values``), building only those not
    remembered one by one (:data:`_SINGLE`, for sets of up to
    :data:`_SINGLE_MAX_SITES` sites)."""
    n = values.shape[1]
    if n > _SINGLE_MAX_SITES:
        lon, lat, r, b, w = values
        return _footprints_build(lon, lat, r, b, w, crs)
    per_site = np.ascontiguousarray(values.T)
    keys = [(row.tobytes(), crs) for row in per_site]
    out = np.empty(n, dtype=object)
    for k, key in enumerate(keys):
        out[k] = _SINGLE.get(key)
    miss = np.flatnonzero(np.array([g is None for g in out], dtype=bool))
    if len(miss):
        lon, lat, r, b, w = values[:, miss]
        out[miss] = _footprints_build(lon, lat, r, b, w, crs)
        for k in miss.tolist():
            _SINGLE.put(keys[k], out[k])
    return out


def footprint_table(sites: pd.DataFrame, crs: object):
    """The site table with each site's footprint polygon (``geometry``, in ``crs``): a
    GeoDataFrame, one row per site."""
    import geopandas as gpd  # lazy: heavy; the model's other blocks work on arrays

    return gpd.GeoDataFrame(sites, geometry=footprint_geometries(sites, crs), crs=crs)


# --------------------------------------------------------------------------- unions


@dataclass(frozen=True)
class FootprintUnions:
    """Per party, the union of its footprints (polygons in the footprints' CRS).

    Attributes:
        interceptors: ``party -> union`` of its interceptor footprints.
        sensors: ``party -> union`` of its sensor footprints.
        all_sensors: the union of every party's sensor footprints.
    """

    interceptors: dict[str, shapely.Geometry]
    sensors: dict[str, shapely.Geometry]
    all_sensors: shapely.Geometry


def footprint_unions(footprints: pd.DataFrame, parties: Iterable[str] = ()) -> FootprintUnions:
    """Unite the footprints (:func:`footprint_table`) per party and role.

    Every party of ``footprints`` and of ``parties`` (``""`` ignored) gets an entry, an
    empty geometry where it has no footprint of that role.
    """
    names = sorted(({p for p in parties if p} | set(footprints["party"])) - {""})
    roles = footprints["role"].to_numpy(dtype=object)
    owner = footprints["party"].to_numpy(dtype=object)
    geoms = np.asarray(footprints["geometry"].values, dtype=object)
    return _unite(geoms, roles, owner, names)


#: recent unions: (kind, the ids of the united geometries) -> (the geometries, union);
#: the same geometry objects (shapely's are immutable; the remembered footprints of
#: footprint_geometries) give the same union, and keeping them keeps their ids in use
_UNIONS: Recent[tuple[np.ndarray, shapely.Geometry]] = Recent(64)


@functools.cache
def _union_pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max(1, min(4, os.cpu_count() or 1)), "mdcoverage-union")


def _unite(geoms: np.ndarray, roles: np.ndarray, owner: np.ndarray, names) -> FootprintUnions:
    # each union is independent of the others and GEOS runs without the GIL: large ones
    # run in threads (the same union_all calls on the same inputs: the same geometries)
    groups = [geoms[(roles == role) & (owner == p)] for role in _ROLES for p in names]
    groups.append(geoms[roles == "sensor"])
    # a party without footprints of a role: union_all's empty collection; nobody's
    # sensors at all: an empty polygon (as before the threads)
    last = len(groups) - 1
    keys = [(k == last, tuple(map(id, g))) for k, g in enumerate(groups)]
    united: list[shapely.Geometry | None] = []
    for key in keys:
        hit = _UNIONS.get(key)
        united.append(None if hit is None else hit[1])
    todo = [k for k, u in enumerate(united) if u is None]
    jobs = [(groups[k], k == last) for k in todo]
    if sum(len(g) for g, _ in jobs) >= _THREADED_UNION:
        done = list(_union_pool().map(_union_job, jobs))
    else:
        done = [_union_job(j) for j in jobs]
    for k, u in zip(todo, done, strict=True):
        united[k] = u
        _UNIONS.put(keys[k], (groups[k], u))
    k = len(names)
    return FootprintUnions(
        interceptors=dict(zip(names, united[:k], strict=True)),
        sensors=dict(zip(names, united[k : 2 * k], strict=True)),
        all_sensors=united[-1],
    )


#: the roles of a footprint, in the order _unite unites them
_ROLES = ("interceptor", "sensor")
_THREADED_UNION = 500  # footprints below which the threads cost more than they save


def _union_job(job: tuple[np.ndarray, bool]) -> shapely.Geometry:
    geoms, all_sensors = job
    return shapely.Polygon() if all_sensors and not len(geoms) else shapely.union_all(geoms)


#: parties with at most this many interceptor footprints get per-piece covers
_LOCAL_MAX_SITES = 64
_EMPTY = shapely.Polygon()


def piece_covers(geoms: np.ndarray, resp: np.ndarray, footprints, unions: FootprintUnions):
    """Per piece (``geoms``, responsible party ``resp``): the union of the responsible
    party's interceptor footprints whose boxes meet the piece's box. As a set, its part
    inside the piece is the party's whole union's (the other footprints do not reach
    the piece); being made of the footprints near the piece alone, it stays the same
    object when a site far away moves, so that the piece's overlay is remembered
    (:mod:`mdcoverage._overlay`). A party whose footprints all meet the piece's box, or
    with many footprints, gets its whole union."""
    roles = footprints["role"].to_numpy(dtype=object)
    owner = footprints["party"].to_numpy(dtype=object)
    fgeoms = np.asarray(footprints["geometry"].values, dtype=object)
    whole = unions.interceptors
    out = np.array([whole.get(r, _EMPTY) for r in resp], dtype=object)
    pb = shapely.bounds(geoms)
    for party in sorted(set(resp.tolist()) & set(whole)):
        own = fgeoms[(roles == "interceptor") & (owner == party)]
        if not 0 < len(own) <= _LOCAL_MAX_SITES:
            continue
        fb = shapely.bounds(own)
        for k in np.flatnonzero(resp == party).tolist():
            near = (
                (fb[:, 0] <= pb[k, 2])
                & (fb[:, 2] >= pb[k, 0])
                & (fb[:, 1] <= pb[k, 3])
                & (fb[:, 3] >= pb[k, 1])
            )
            if near.all():
                continue
            out[k] = _near_union(own[near]) if near.any() else _EMPTY
    return out


def _near_union(geoms: np.ndarray) -> shapely.Geometry:
    key = ("near", tuple(map(id, geoms)))
    hit = _UNIONS.get(key)
    if hit is None:
        hit = (geoms, shapely.union_all(geoms))
        _UNIONS.put(key, hit)
    return hit[1]
