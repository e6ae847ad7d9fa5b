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

from collections.abc import Callable
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

from ._memo import per_object
from .coverage import (
    Assessment,
    assessed_geometry,
    defended_pieces,
    footprint_table,
    footprint_unions,
    region_countries_cached,
    region_land,
    responsibility_pieces,
    site_table,
    union_polygons,
)
from .crs import polygonal

__all__ = [
    "DRAW_MARGIN_DEG",
    "SIDE_OFFSET_M",
    "boundary_on_land",
    "defended_areas",
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
    countries = region_countries_cached(a.region.name)
    unions = footprint_unions(footprints(a), parties=a.country_party)
    resp = responsibility_pieces(a.architecture, countries, a.country_party, a.region.bbox)
    return defended_pieces(resp, unions)


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


def _sector_areas(a: Assessment) -> gpd.GeoDataFrame | None:
    countries = region_countries_cached(a.region.name, DRAW_MARGIN_DEG)
    box = _drawing_box(a)
    pieces = a.architecture.sector_pieces(countries, bbox=box)
    if pieces is not None:  # the countries cut into sectors: each sector's land united
        rows = []
        for _, grp in pieces.groupby("sector", sort=True):
            geom = union_polygons(grp.geometry.values[~shapely.is_empty(grp.geometry.values)])
            first = grp.iloc[0]
            sea_only = bool(first["sea_only"]) if "sea_only" in grp else False
            rows.append({"party": first["party"], "label": first["label"], "sea_only": sea_only})
            rows[-1]["geometry"] = polygonal(geom)
        return gpd.GeoDataFrame(rows, geometry="geometry", crs=a.region.crs)
    sectors = a.architecture.sector_areas(a.region.crs, countries=countries, bbox=box)
    if sectors is None:
        return None
    land = region_land(a.region.name, DRAW_MARGIN_DEG)
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
    land = region_land(a.region.name, DRAW_MARGIN_DEG)
    return a.architecture.sector_seas(a.region.crs, land, bbox=_drawing_box(a))


def sector_seas(a: Assessment) -> gpd.GeoDataFrame | None:
    """The sea of the sectors that hold sea only (``sea_only``), which
    :func:`sector_areas` (land) leaves empty: ``sector`` (its row in
    :func:`sector_areas`), ``party``, ``label``, ``geometry`` (the sector's polygons at sea,
    less earlier sectors' polygons, clipped to the region's box widened by
    :data:`DRAW_MARGIN_DEG`); None when no sector holds sea only."""
    return _cached(a, "sector_seas", _sector_seas)


def _sector_lines(a: Assessment) -> gpd.GeoDataFrame | None:
    sectors = sector_areas(a)
    if sectors is None:
        return None
    land = region_land(a.region.name, DRAW_MARGIN_DEG)
    lines = [boundary_on_land(geom, land) for geom in sectors.geometry.values]
    return gpd.GeoDataFrame({"party": sectors["party"]}, geometry=lines, crs=a.region.crs)


#: how far [m] to each side of a boundary segment :func:`boundary_on_land` looks for land:
#: far above the snapping grid (1 mm) and the overlay's rounding, far below the width of
#: any land or sea the bundled (0.05°-simplified) coastlines resolve
SIDE_OFFSET_M = 30.0
#: the longest edge the side test judges as one (metres): longer edges are split first
SIDE_STEP_M = 250.0


def boundary_on_land(
    piece: shapely.Geometry, land: shapely.Geometry, offset: float = SIDE_OFFSET_M
) -> shapely.Geometry:
    """The part of ``piece``'s boundary with ``land`` on both sides: where a piece of land
    (e.g. a sector's land) meets land outside it, not where it meets the sea or ends at
    the edge of ``land`` (a box the land is clipped to). Both in one projected CRS.

    ``piece`` must lie in ``land`` and be noded with its boundary (as an intersection with
    ``land`` is), so that each edge of its boundary runs either along ``land``'s boundary
    or inside ``land``. An edge with land ``offset`` (CRS units) to the left and to the
    right of its midpoint runs inland; it is split into steps of at most
    :data:`SIDE_STEP_M`, and a step is kept iff ``piece`` lies on exactly one side of it
    (a slit inside the piece, where two countries of one sector do not quite meet, has
    the piece on both sides, and may run on into a real boundary within one edge).
    Returns a (Multi)LineString, the kept steps merged (empty when none).
    """
    shapely.prepare(land)
    shapely.prepare(piece)
    a, b = _edges(shapely.boundary(shapely.get_parts(piece)))
    inland = _sides_in(land, a, b, offset).all(axis=1)  # coasts and box edges drop out
    a, b = _steps(a[inland], b[inland], SIDE_STEP_M)
    sides = _sides_in(piece, a, b, offset)
    keep = sides[:, 0] != sides[:, 1]
    if not keep.any():
        return shapely.MultiLineString()
    segs = shapely.linestrings(np.stack([a[keep], b[keep]], axis=1))
    merged = shapely.line_merge(shapely.MultiLineString(list(segs)))
    return shapely.simplify(merged, 1e-3)  # the steps' own vertices go (1 mm: the grid)


def _edges(lines: Any) -> tuple[np.ndarray, np.ndarray]:
    """Start and end points of every non-degenerate edge of ``lines``."""
    xy, ring = shapely.get_coordinates(shapely.get_parts(lines), return_index=True)
    same = ring[1:] == ring[:-1]
    a, b = xy[:-1][same], xy[1:][same]
    ok = np.hypot(*(b - a).T) > 0
    return a[ok], b[ok]


def _steps(a: np.ndarray, b: np.ndarray, step: float) -> tuple[np.ndarray, np.ndarray]:
    """The edges a→b cut into equal steps of at most ``step``."""
    n = np.maximum(np.ceil(np.hypot(*(b - a).T) / step), 1).astype(int)
    edge = np.repeat(np.arange(len(n)), n)
    k = np.arange(len(edge)) - np.repeat(np.cumsum(n) - n, n)
    t0, t1 = (k / n[edge])[:, None], ((k + 1) / n[edge])[:, None]
    d = b[edge] - a[edge]
    return a[edge] + t0 * d, a[edge] + t1 * d


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
