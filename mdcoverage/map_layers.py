"""Geometry that only maps and exports need, built from an :class:`Assessment`.

An :class:`~mdcoverage.coverage.Assessment` holds the metrics; the shapes behind them are
built here on demand, from the same public blocks of :mod:`mdcoverage.coverage` that
:func:`~mdcoverage.coverage.assess` composes (so they are the same geometry), and cached
per assessment:

* :func:`footprints` — one footprint polygon per site;
* :func:`pieces` — the responsibility pieces with what each defends;
* :func:`responsibility_areas`, :func:`defended_areas` — those dissolved per party;
* :func:`sector_areas`, :func:`sector_lines` — sectors and their boundaries on land;
* :func:`sector_seas` — the sea of the sectors that hold sea only.

Every geometry is in the assessment's analysis CRS (``a.region.crs``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, NamedTuple

import geopandas as gpd
import numpy as np
import shapely

from . import sector_store
from ._memo import per_object
from .architectures import Architecture, dissolve_coverage
from .coverage import (
    Assessment,
    assessed_geometry,
    defended_pieces,
    footprint_table,
    footprint_unions,
    region_countries_cached,
    region_pieces,
    site_table,
    union_polygons,
)
from .crs import polygonal, snap_grid
from .regions import region

__all__ = [
    "DRAW_MARGIN_DEG",
    "SIDE_OFFSET_M",
    "EdgeIndex",
    "boundary_on_land",
    "defended_areas",
    "edge_index",
    "footprints",
    "pieces",
    "responsibility_areas",
    "sector_areas",
    "sector_lines",
    "sector_seas",
]

#: how far (degrees) drawn sectors reach beyond the region's box, so that a sector on a
#: map does not end at the box's edge (e.g. Russia at 60°E) inside the view
DRAW_MARGIN_DEG = 30.0


def _cached(a: Assessment, name: str, build: Callable[[Assessment], Any]) -> Any:
    """``build(a)``, once per assessment (an Assessment hashes by identity)."""
    return per_object(a, "map_layers", name, lambda: build(a))


def footprints(a: Assessment) -> gpd.GeoDataFrame:
    """One row per site: ``site``, ``label``, ``party``, ``kind``, ``system``, ``role``,
    ``radius_km``, ``bearing_deg``, ``width_deg``, ``lon``, ``lat`` and its footprint
    polygon ``geometry`` (in ``a.region.crs``)."""
    return _cached(a, "footprints", _footprints)


def _footprints(a: Assessment) -> gpd.GeoDataFrame:
    shared = assessed_geometry(a, "footprints")
    if shared is not None:  # what assess built (the same rows and polygons)
        return shared
    return footprint_table(site_table(a.scenario), a.region.crs)


def _pieces(a: Assessment) -> gpd.GeoDataFrame:
    shared = assessed_geometry(a, "pieces")
    if shared is not None:  # what assess measured (the same pieces)
        return shared
    unions = footprint_unions(footprints(a), parties=a.country_party)
    return defended_pieces(region_pieces(a.architecture, a.region, a.country_party), unions)


def pieces(a: Assessment) -> gpd.GeoDataFrame:
    """The responsibility pieces of the region's countries: ``adm0_a3``, ``responsible``
    (``""``: nobody), ``geometry`` and ``defended_geometry`` (the part inside the
    responsible party's interceptor footprints), as :func:`~mdcoverage.coverage.assess`
    measured them."""
    return _cached(a, "pieces", _pieces)


def _dissolve(frame: gpd.GeoDataFrame, geom_col: str, crs: object) -> gpd.GeoDataFrame:
    rows = []
    for party, grp in frame[frame["responsible"] != ""].groupby("responsible", sort=True):
        rows.append({"party": party, "geometry": _union_of_pieces(grp[geom_col].values)})
    return gpd.GeoDataFrame(rows, columns=["party", "geometry"], geometry="geometry", crs=crs)


def _union_of_pieces(geoms: object) -> shapely.Geometry:
    """The union of a party's pieces: :func:`~mdcoverage.coverage.union_polygons`, with
    the check that they form a coverage made after the fast union instead of before.

    Pieces cut from countries mostly form a coverage, whose union ``coverage_union_all``
    gives directly; checking that first (``coverage_is_valid``) costs more than the union
    itself. Here the union comes first and is kept when it is a valid geometry with the
    pieces' total area (overlapping pieces would make it invalid or count the overlap
    twice); otherwise ``union_all`` redoes it."""
    arr = np.asarray(geoms, dtype=object)
    arr = arr[~shapely.is_missing(arr)]
    arr = arr[~shapely.is_empty(arr)]
    polygonal = (shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON)
    if len(arr) == 0 or not np.isin(shapely.get_type_id(arr), polygonal).all():
        return union_polygons(geoms)
    union = shapely.coverage_union_all(arr)
    total = float(shapely.area(arr).sum())
    if union.is_valid and np.isclose(union.area, total, rtol=1e-9, atol=1e-9):
        return union
    return shapely.union_all(arr)


def responsibility_areas(a: Assessment) -> gpd.GeoDataFrame:
    """``party``, ``geometry``: where each party is responsible (pieces dissolved)."""
    return _cached(a, "responsibility", lambda a: _dissolve(pieces(a), "geometry", a.region.crs))


def defended_areas(a: Assessment) -> gpd.GeoDataFrame:
    """``party``, ``geometry``: what each responsible party defends (dissolved)."""
    return _cached(
        a, "defended", lambda a: _dissolve(pieces(a), "defended_geometry", a.region.crs)
    )


def _drawing_box(a: Assessment) -> tuple[float, float, float, float]:
    """The region's box widened by :data:`DRAW_MARGIN_DEG` (degrees)."""
    w, s, e, n = a.region.bbox
    m = DRAW_MARGIN_DEG
    return (max(w - m, -180.0), max(s - m, -90.0), min(e + m, 180.0), min(n + m, 90.0))


@functools.lru_cache(maxsize=4)
def _drawing_countries(name: str) -> gpd.GeoDataFrame:
    """The region's countries widened by :data:`DRAW_MARGIN_DEG`, their vertices rounded
    to the CRS's :func:`~mdcoverage.crs.snap_grid` (1 mm): two countries' copies of a
    border vertex may differ in the last bit (each densified from its own end), which
    leaves slits between them in a union; rounded, they share their borders exactly."""
    countries = region_countries_cached(name, DRAW_MARGIN_DEG).copy()
    grid = snap_grid(region(name).crs)
    geoms = np.asarray(countries.geometry.array, dtype=object)
    # valid still: no two edges of the (0.05°-simplified) data come within 1 mm
    countries.geometry = shapely.set_precision(geoms, grid, mode="pointwise")
    return countries


@functools.lru_cache(maxsize=4)
def _drawing_land(name: str) -> tuple[shapely.Geometry, EdgeIndex]:
    """The land of :func:`_drawing_countries` (their union, prepared) and their
    :func:`edge_index` (cached)."""
    geoms = np.asarray(_drawing_countries(name).geometry.array, dtype=object)
    land = dissolve_coverage(geoms)
    shapely.prepare(land)
    return land, edge_index(geoms, snap_grid(region(name).crs))


def _stored(a: Assessment, layer: str) -> Any:
    """The shipped preset's stored sector ``layer`` (:mod:`mdcoverage.sector_store`):
    a GeoDataFrame, ``False`` for "no such layer", None when not stored."""
    return sector_store.lookup(a.architecture, a.region, DRAW_MARGIN_DEG, layer)


def _keeps_base(architecture: Architecture, *methods: str) -> bool:
    """Whether the architecture's class keeps the base class's ``methods``, which return
    None (no sectors) whatever they are given: then the drawing land
    (:func:`_drawing_land`) need not be built to learn that (~0.1 s of a first map of
    an 'independent' architecture)."""
    cls = type(architecture)
    return all(getattr(cls, m) is getattr(Architecture, m) for m in methods)


def _sector_areas(a: Assessment) -> gpd.GeoDataFrame | None:
    stored = _stored(a, "areas")
    if stored is not None:
        return None if stored is False else stored
    if _keeps_base(a.architecture, "sector_areas", "sector_pieces"):
        return None
    countries = _drawing_countries(a.region.name)
    land, _ = _drawing_land(a.region.name)
    box = _drawing_box(a)
    pieces = a.architecture.sector_pieces(countries, bbox=box, land=land)
    if pieces is not None:  # the land each sector holds, united per sector
        rows = []
        for _, grp in pieces.groupby("sector", sort=True):
            geoms = grp.geometry.values[~shapely.is_empty(grp.geometry.values)]
            geom = polygonal(geoms[0] if len(geoms) == 1 else union_polygons(geoms))
            first = grp.iloc[0]
            sea_only = bool(first["sea_only"]) if "sea_only" in grp else False
            rows.append({"party": first["party"], "label": first["label"], "sea_only": sea_only})
            rows[-1]["geometry"] = geom
        return gpd.GeoDataFrame(rows, geometry="geometry", crs=a.region.crs)
    sectors = a.architecture.sector_areas(a.region.crs, countries=countries, bbox=box)
    if sectors is None:
        return None
    sectors = sectors.copy()
    # polygonal: an overlay may leave a GeometryCollection with slivers of lines
    sectors["geometry"] = polygonal(shapely.intersection(sectors.geometry.values, land))
    if "sea_only" not in sectors:
        sectors["sea_only"] = False
    return sectors


def sector_areas(a: Assessment) -> gpd.GeoDataFrame | None:
    """Sectors on land for drawing and export (``party``, ``label``, ``sea_only``,
    ``geometry``: each sector clipped to the region's countries, widened by
    :data:`DRAW_MARGIN_DEG`; empty for a sector that holds sea only, whose sea is
    :func:`sector_seas`), or None when the architecture has no sectors."""
    return _cached(a, "sector_areas", _sector_areas)


def _sector_seas(a: Assessment) -> gpd.GeoDataFrame | None:
    stored = _stored(a, "seas")
    if stored is not None:
        return None if stored is False else stored
    if _keeps_base(a.architecture, "sector_seas"):
        return None
    land, _ = _drawing_land(a.region.name)
    return a.architecture.sector_seas(a.region.crs, land, bbox=_drawing_box(a))


def sector_seas(a: Assessment) -> gpd.GeoDataFrame | None:
    """The sea of the sectors that hold sea only (``sea_only``), which
    :func:`sector_areas` (land) leaves empty: ``sector`` (its row in
    :func:`sector_areas`), ``party``, ``label``, ``geometry`` (the sector's polygons at sea,
    less earlier sectors' polygons, clipped to the region's box widened by
    :data:`DRAW_MARGIN_DEG`); None when no sector holds sea only."""
    return _cached(a, "sector_seas", _sector_seas)


def _sector_lines(a: Assessment) -> gpd.GeoDataFrame | None:
    stored = _stored(a, "lines")
    if stored is not None:
        return None if stored is False else stored
    sectors = sector_areas(a)
    if sectors is None:
        return None
    land, known = _drawing_land(a.region.name)
    lines = [boundary_on_land(geom, land, known=known) for geom in sectors.geometry.values]
    return gpd.GeoDataFrame({"party": sectors["party"]}, geometry=lines, crs=a.region.crs)


#: how far [m] to each side of a boundary edge :func:`boundary_on_land` looks for land:
#: far above the snapping grid (1 mm) and the overlay's rounding, far below the width of
#: any land or sea the bundled (0.05°-simplified) coastlines resolve
SIDE_OFFSET_M = 30.0


class EdgeIndex(NamedTuple):
    """Every edge of some polygons (see :func:`edge_index`)."""

    keys: np.ndarray  #: each edge as a key (:func:`_edge_keys`), sorted
    counts: np.ndarray  #: the number of polygons each edge bounds
    grid: float  #: the grid the endpoints are rounded to for the keys (CRS units)


def edge_index(polygons: Any, grid: float) -> EdgeIndex:
    """Every edge of the rings of ``polygons`` (e.g. countries, which share their
    borders) with the number of polygons it bounds: 1 for a coast or the edge of a
    clipping box, 2 for a border between two. Endpoints are matched on a ``grid`` (CRS
    units, e.g. :func:`~mdcoverage.crs.snap_grid`): two countries' copies of a border
    vertex may differ in the last bit (densified from opposite ends). For
    :func:`boundary_on_land`."""
    a, b = _edges(shapely.boundary(np.asarray(polygons, dtype=object)))
    keys, counts = np.unique(_edge_keys(a, b, grid), return_counts=True)
    return EdgeIndex(keys, counts, grid)


def boundary_on_land(
    piece: shapely.Geometry,
    land: shapely.Geometry,
    offset: float = SIDE_OFFSET_M,
    *,
    known: EdgeIndex | None = None,
) -> shapely.Geometry:
    """The part of ``piece``'s boundary with ``land`` on both sides: where a piece of land
    (e.g. a sector's land) meets land outside it, not where it meets the sea or ends at
    the edge of ``land`` (a box the land is clipped to). Both in one projected CRS.

    ``piece`` must lie in ``land``, be noded with its boundary (as an intersection with
    ``land`` is, so that each edge of its boundary runs either along ``land``'s boundary
    or inside it) and have no slits (each edge with the piece on one side only: one
    overlay result, as :meth:`~mdcoverage.architectures.Sectoral.sector_pieces` gives).
    An edge is kept iff there is land ``offset`` (CRS units) to the left and to the right
    of its midpoint. ``known``: the :func:`edge_index` of the polygons ``land`` is made
    of; an edge found there is decided by it (one polygon: coast or box edge, dropped;
    two: a border between them, kept), the others by the side test.
    Returns a (Multi)LineString, the kept edges merged (empty when none).
    """
    shapely.prepare(land)
    a, b = _edges(shapely.boundary(shapely.get_parts(piece)))
    count = np.zeros(len(a), dtype=int) if known is None else _edge_counts(known, a, b)
    keep = count >= 2
    test = count == 0
    keep[test] = _sides_in(land, a[test], b[test], offset).all(axis=1)
    if not keep.any():
        return shapely.MultiLineString()
    segs = shapely.linestrings(np.stack([a[keep], b[keep]], axis=1))
    return shapely.line_merge(shapely.multilinestrings(segs))


def _edges(lines: Any) -> tuple[np.ndarray, np.ndarray]:
    """Start and end points of every non-degenerate edge of ``lines``."""
    xy, ring = shapely.get_coordinates(shapely.get_parts(lines), return_index=True)
    same = ring[1:] == ring[:-1]
    a, b = xy[:-1][same], xy[1:][same]
    ok = np.hypot(*(b - a).T) > 0
    return a[ok], b[ok]


def _edge_keys(a: np.ndarray, b: np.ndarray, grid: float) -> np.ndarray:
    """Each edge a→b as one comparable value, the same either way round: its endpoints
    rounded to ``grid``, the smaller first, as 32 bytes."""
    qa = np.round(a / grid).astype(np.int64)
    qb = np.round(b / grid).astype(np.int64)
    swap = (qa[:, 0] > qb[:, 0]) | ((qa[:, 0] == qb[:, 0]) & (qa[:, 1] > qb[:, 1]))
    rows = np.ascontiguousarray(
        np.hstack([np.where(swap[:, None], qb, qa), np.where(swap[:, None], qa, qb)])
    )
    return rows.view(np.dtype((np.void, rows.itemsize * 4))).ravel()


def _edge_counts(known: EdgeIndex, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """How many of the indexed polygons each edge a→b bounds (0: not an indexed edge)."""
    if not len(known.keys) or not len(a):
        return np.zeros(len(a), dtype=int)
    k = _edge_keys(a, b, known.grid)
    at = np.minimum(np.searchsorted(known.keys, k), len(known.keys) - 1)
    return np.where(known.keys[at] == k, known.counts[at], 0)


def _sides_in(area: Any, a: np.ndarray, b: np.ndarray, offset: float) -> np.ndarray:
    """Whether ``area`` holds the points ``offset`` to the left and to the right of each
    edge's midpoint (two columns)."""
    d = b - a
    mid = (a + b) / 2.0
    normal = np.column_stack([-d[:, 1], d[:, 0]]) / np.hypot(*d.T)[:, None] * offset
    left, right = mid + normal, mid - normal
    return np.column_stack(
        [
            shapely.contains_xy(area, left[:, 0], left[:, 1]),
            shapely.contains_xy(area, right[:, 0], right[:, 1]),
        ]
    )


def sector_lines(a: Assessment) -> gpd.GeoDataFrame | None:
    """Sector boundaries on land (``party``, ``geometry`` lines): where a sector meets land
    of the region outside it — not coasts or the region's edge — or None without sectors."""
    return _cached(a, "sector_lines", _sector_lines)
