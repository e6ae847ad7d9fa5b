"""Analysis regions: which countries are measured, clipped to what, in which equal-area CRS.

A region's metrics count only the parts of its countries inside its lon/lat bounding box
(so France's overseas departments and Russia east of the Urals are left out), measured in
an equal-area projection so that areas are exact.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import geopandas as gpd
import shapely

from . import geodata
from .crs import project_lonlat
from .errors import UnknownNameError

__all__ = ["REGION_NAMES", "Region", "region", "region_countries"]


@dataclass(frozen=True)
class Region:
    """An analysis region.

    Attributes:
        name: registry key.
        label: for figures and tables.
        crs: the equal-area analysis CRS (areas in km² are computed there).
        bbox: ``(west, south, east, north)`` in degrees; parts of countries outside are
            not counted.
        continents: Natural Earth ``continent`` values whose countries belong here.
        extra: further ``adm0_a3`` keys (Natural Earth files Turkey, Cyprus and the
            Caucasus under Asia).
    """

    name: str
    label: str
    crs: str
    bbox: tuple[float, float, float, float]
    continents: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()


_REGIONS = {
    "europe": Region(
        name="europe",
        label="Europe, Turkey and the Caucasus, Russia to the Urals (60°E)",
        crs="EPSG:3035",
        bbox=(-32.0, 34.0, 60.0, 82.0),
        continents=("Europe",),
        extra=("TUR", "CYP", "GEO", "ARM", "AZE", "ESB", "WSB"),
    ),
}

REGION_NAMES = tuple(_REGIONS)


def region(name: str | Region) -> Region:
    """Look up a region by name (``"europe"``)."""
    if isinstance(name, Region):
        return name
    try:
        return _REGIONS[str(name).strip().lower()]
    except KeyError:
        raise UnknownNameError("region", name, REGION_NAMES) from None


def region_countries(
    name: str | Region, *, margin_deg: float = 0.0, copy: bool = True
) -> gpd.GeoDataFrame:
    """Countries of a region clipped to its box, in its analysis CRS (a GeoDataFrame
    indexed by ``adm0_a3`` with ``name``, ``pop_est`` and ``geometry``).

    ``margin_deg`` widens the box on every side (for drawing, so that shapes do not end
    at the analysis box inside the map view); metrics always use ``margin_deg=0``.
    The table is built once per region and margin; ``copy=True`` (default) returns a copy
    that callers may modify, ``copy=False`` the shared table itself (read-only by
    convention: faster for callers that only read it).
    """
    table = _region_countries(name, margin_deg=margin_deg)
    return table.copy() if copy else table


@functools.lru_cache(maxsize=16)
def _region_countries(name: str | Region, *, margin_deg: float = 0.0) -> gpd.GeoDataFrame:
    """The cached table behind :func:`region_countries` (internal: do not modify)."""
    reg = region(name)
    w, s, e, n = reg.bbox
    box = (
        max(w - margin_deg, -180),
        max(s - margin_deg, -90),
        min(e + margin_deg, 180),
        min(n + margin_deg, 90),
    )
    c = geodata.countries()
    keep = c["continent"].isin(reg.continents) | c["adm0_a3"].isin(reg.extra)
    sub = c.loc[keep, ["adm0_a3", "name", "pop_est", "geometry"]]
    clipped = shapely.intersection(sub.geometry.values, shapely.box(*box))
    out = gpd.GeoDataFrame(sub.drop(columns="geometry"), geometry=clipped, crs=c.crs)
    out = out[~out.geometry.is_empty]
    # densified first: the box's 60°E edge must stay a meridian (a straight chord across
    # EPSG:3035 would cut 40,000 km² off Russia)
    projected = project_lonlat(out.geometry.values, reg.crs)
    return gpd.GeoDataFrame(out.drop(columns="geometry"), geometry=projected, crs=reg.crs)
