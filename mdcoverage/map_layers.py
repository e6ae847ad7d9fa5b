"""Geometry that only maps and exports need, built from an :class:`Assessment`.

An :class:`~mdcoverage.coverage.Assessment` holds the metrics; the shapes behind them are
built here on demand, from the same public blocks of :mod:`mdcoverage.coverage` that
:func:`~mdcoverage.coverage.assess` composes (so they are the same geometry), and cached
per assessment:

* :func:`footprints` — one footprint polygon per site;
* :func:`pieces` — the responsibility pieces with what each defends;
* :func:`responsibility_areas`, :func:`defended_areas` — those dissolved per party;
* :func:`sector_areas`, :func:`sector_lines` — sectors and their boundaries on land.

Every geometry is in the assessment's analysis CRS (``a.region.crs``).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

import geopandas as gpd
import shapely

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

__all__ = [
    "DRAW_MARGIN_DEG",
    "defended_areas",
    "footprints",
    "pieces",
    "responsibility_areas",
    "sector_areas",
    "sector_lines",
]

#: how far (degrees) drawn sectors reach beyond the region's box, so that a sector on a
#: map does not end at the box's edge (e.g. Russia at 60°E) inside the view
DRAW_MARGIN_DEG = 30.0

_CACHE: weakref.WeakKeyDictionary[Assessment, dict[str, Any]] = weakref.WeakKeyDictionary()


def _cached(a: Assessment, name: str, build: Callable[[Assessment], Any]) -> Any:
    """``build(a)``, once per assessment (an Assessment hashes by identity)."""
    store = _CACHE.setdefault(a, {})
    if name not in store:
        store[name] = build(a)
    return store[name]


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
        rows.append({"party": party, "geometry": union_polygons(grp[geom_col].values)})
    return gpd.GeoDataFrame(rows, columns=["party", "geometry"], geometry="geometry", crs=crs)


def responsibility_areas(a: Assessment) -> gpd.GeoDataFrame:
    """``party``, ``geometry``: where each party is responsible (pieces dissolved)."""
    return _cached(a, "responsibility", lambda a: _dissolve(pieces(a), "geometry", a.region.crs))


def defended_areas(a: Assessment) -> gpd.GeoDataFrame:
    """``party``, ``geometry``: what each responsible party defends (dissolved)."""
    return _cached(
        a, "defended", lambda a: _dissolve(pieces(a), "defended_geometry", a.region.crs)
    )


def _sector_areas(a: Assessment) -> gpd.GeoDataFrame | None:
    countries = region_countries_cached(a.region.name, DRAW_MARGIN_DEG)
    w, s, e, n = a.region.bbox
    m = DRAW_MARGIN_DEG
    box = (max(w - m, -180.0), max(s - m, -90.0), min(e + m, 180.0), min(n + m, 90.0))
    sectors = a.architecture.sector_areas(a.region.crs, countries=countries, bbox=box)
    if sectors is None:
        return None
    land = region_land(a.region.name, DRAW_MARGIN_DEG)
    sectors = sectors.copy()
    sectors["geometry"] = shapely.intersection(sectors.geometry.values, land)
    return sectors


def sector_areas(a: Assessment) -> gpd.GeoDataFrame | None:
    """Sectors on land for drawing and export (``party``, ``label``, ``geometry``: each
    sector clipped to the region's countries, widened by :data:`DRAW_MARGIN_DEG`), or
    None when the architecture has no sectors."""
    return _cached(a, "sector_areas", _sector_areas)


def _sector_lines(a: Assessment) -> gpd.GeoDataFrame | None:
    sectors = sector_areas(a)
    if sectors is None:
        return None
    land = region_land(a.region.name, DRAW_MARGIN_DEG)
    lines = []
    for geom in sectors.geometry.values:
        others = shapely.buffer(shapely.difference(land, geom), 1000.0)  # metres
        lines.append(shapely.intersection(shapely.boundary(geom), others))
    return gpd.GeoDataFrame({"party": sectors["party"]}, geometry=lines, crs=a.region.crs)


def sector_lines(a: Assessment) -> gpd.GeoDataFrame | None:
    """Sector boundaries on land (``party``, ``geometry`` lines): where a sector meets land
    of the region outside it — not coasts or the region's edge — or None without sectors."""
    return _cached(a, "sector_lines", _sector_lines)
