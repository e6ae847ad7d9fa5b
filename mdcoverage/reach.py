"""Russia's concern in numbers: a party's territory inside *another* party's reach.

The defended metrics answer NATO's objection (who defends whom). Their geometric
counterpart answers Russia's: how much of a party's territory, and of its urban
population, lies inside the interceptor footprints of another party — and how many
kilometres of a notional track leaving a party's territory do.

* **reach** of a party: the union of its interceptor footprints (the same footprints
  :func:`~mdcoverage.coverage.assess` uses). Reach does not depend on responsibility:
  it is the same under ``independent`` and ``sectoral``.
* **in another party's reach**: for a country whose own party is *P*, inside the union of
  the interceptor footprints of every party other than *P*. A country in no party
  (``"none"``) counts every party's footprints as another's.

Columns added to the metric tables (:data:`REACH_COLUMNS`):

==================================  =====================================================
``in_others_reach_area_km2``        area of the country (the same area as ``area_km2``)
                                    inside another party's reach
``in_others_reach_area_share``      ... as a fraction of ``area_km2``
``in_others_reach_pop``             urban people (the same places as ``urban_pop``)
                                    inside another party's reach (geodesic distance test)
``in_others_reach_pop_share``       ... as a fraction of ``urban_pop``
==================================  =====================================================

:data:`~mdcoverage.notices.REACH_CAVEAT` goes with every output of these figures:
geometry only — overlap on a map is not a capability (no timing, altitude, kinematics or
probabilities; it says nothing about what any system could or would do).

This module sits below :mod:`mdcoverage.coverage`: it takes the outputs of its public
blocks (:func:`~mdcoverage.coverage.footprint_unions`,
:func:`~mdcoverage.coverage.place_layers`, :func:`~mdcoverage.coverage.within_footprints`)
as arguments, and :func:`~mdcoverage.coverage.assess` passes them in.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import shapely

from . import geodesy
from ._memo import Recent
from ._overlay import intersections
from .crs import polygonal
from .notices import REACH_CAVEAT

__all__ = [
    "REACH_CAVEAT",
    "REACH_COLUMNS",
    "REACH_SUMS",
    "others_reach",
    "reach_area_sums",
    "reach_areas",
    "reach_place_sums",
    "reach_sums",
    "track_reach_km",
]

#: the columns :func:`reach_sums` adds to the metric tables, in order
REACH_COLUMNS = [
    "in_others_reach_area_km2",
    "in_others_reach_area_share",
    "in_others_reach_pop",
    "in_others_reach_pop_share",
]
#: the sums behind them (per country: km², people)
REACH_SUMS = ["in_others_reach_area_km2", "in_others_reach_pop"]

_EMPTY = shapely.Polygon()


def _own(party: str) -> str:
    """The party name as the footprints spell it (``""`` and ``"none"``: no party)."""
    return "" if party in ("", "none") else party


def others_reach(interceptors: Mapping[str, shapely.Geometry], party: str) -> shapely.Geometry:
    """The union of the interceptor footprints (``interceptors``: ``party -> union``, as
    :attr:`~mdcoverage.coverage.FootprintUnions.interceptors`) of every party other than
    ``party`` (``""`` or ``"none"``: every party's)."""
    own = _own(party)
    geoms = [g for p, g in interceptors.items() if p != own and g is not None]
    if not geoms:
        return _EMPTY
    # the same union objects (an edit moves one party's sites: the others' unions are
    # the remembered ones), the same union; kept with it, so that their ids stay in use
    key = tuple(map(id, geoms))
    hit = _REACHES.get(key)
    if hit is None:
        hit = (geoms, polygonal(shapely.union_all(geoms)))
        _REACHES.put(key, hit)
    return hit[1]


#: others_reach's recent unions: ids of the united geometries -> (them, their union)
_REACHES: Recent[tuple[list, shapely.Geometry]] = Recent(16)


def reach_area_sums(
    countries, interceptors: Mapping[str, shapely.Geometry], country_party: pd.Series, crs: object
) -> pd.DataFrame:
    """Per country (``countries``: GeoDataFrame indexed by ``adm0_a3`` in the equal-area
    ``crs``, the region's countries as :func:`~mdcoverage.coverage.assess` measures
    them): ``adm0_a3`` and ``in_others_reach_area_km2``. ``country_party``:
    ``adm0_a3 -> party`` (``""`` for none)."""
    own = country_party.reindex(countries.index).fillna("").to_numpy(dtype=object)
    reach = {p: others_reach(interceptors, p) for p in sorted(set(own))}
    for g in reach.values():
        shapely.prepare(g)
    cover = np.array([reach[p] for p in own], dtype=object)
    geoms = np.asarray(countries.geometry.values, dtype=object)
    # a country wholly inside or wholly outside needs no overlay (the same areas, faster)
    whole = shapely.contains(cover, geoms)
    part = ~whole & shapely.intersects(cover, geoms)
    km2 = np.zeros(len(geoms))
    km2[whole] = geodesy.area_km2(geoms[whole], crs)
    km2[part] = geodesy.area_km2(intersections(geoms[part], cover[part], polygonal), crs)
    return pd.DataFrame({"adm0_a3": countries.index.to_numpy(), "in_others_reach_area_km2": km2})


def reach_areas(
    countries, interceptors: Mapping[str, shapely.Geometry], country_party: pd.Series
) -> pd.DataFrame:
    """Per own party (``"none"`` for countries in no party, sorted): ``party`` and
    ``geometry``, its countries' land inside another party's reach (for maps and
    exports; the areas of :func:`reach_area_sums`). Parties with none are left out."""
    own = country_party.reindex(countries.index).fillna("").to_numpy(dtype=object)
    geoms = np.asarray(countries.geometry.values, dtype=object)
    rows = []
    for p in sorted(set(own)):
        land = shapely.union_all(geoms[own == p])
        inside = polygonal(shapely.intersection(land, others_reach(interceptors, p)))
        if not inside.is_empty:
            rows.append({"party": p or "none", "geometry": inside})
    return pd.DataFrame(rows, columns=["party", "geometry"])


def reach_place_sums(
    places: pd.DataFrame, inside: np.ndarray, site_parties: np.ndarray
) -> pd.DataFrame:
    """Per place: ``adm0_a3`` and ``in_others_reach_pop`` (its population if another
    party's interceptor footprint contains it, else 0).

    ``places``: ``adm0_a3``, ``population`` and ``party`` (own; ``"none"`` for no party;
    :func:`~mdcoverage.coverage.place_layers`); ``inside``: the ``(n_places, n_sites)``
    matrix of which interceptor footprints contain which place and ``site_parties``
    those sites' parties (:func:`~mdcoverage.coverage.within_footprints`).
    """
    own = places["party"].to_numpy(dtype=object)
    own = np.where((own == "") | (own == "none"), "", own).astype(object)  # as _own
    site_parties = np.asarray(site_parties, dtype=object)
    hit = np.zeros(len(places), bool)
    if inside.shape[1]:
        # per own party (a handful), not per (place, site) pair of Python strings
        for p in set(own.tolist()):
            rows = np.flatnonzero(own == p)
            hit[rows] = inside[rows][:, site_parties != p].any(axis=1)
    return pd.DataFrame(
        {
            "adm0_a3": places["adm0_a3"].to_numpy(),
            "in_others_reach_pop": places["population"].to_numpy(dtype=float) * hit,
        }
    )


def reach_sums(
    countries,
    interceptors: Mapping[str, shapely.Geometry],
    places: pd.DataFrame,
    within: tuple[np.ndarray, pd.DataFrame],
    country_party: pd.Series,
    crs: object,
) -> pd.DataFrame:
    """Per country: ``adm0_a3`` and :data:`REACH_SUMS` (:func:`reach_area_sums` and
    :func:`reach_place_sums` summed), for :func:`~mdcoverage.metrics.aggregate_metrics`.
    ``within``: :func:`~mdcoverage.coverage.within_footprints` of the places for the
    interceptor role."""
    m, sites = within
    area = reach_area_sums(countries, interceptors, country_party, crs)
    pop = reach_place_sums(places, m, sites["party"].to_numpy(dtype=object))
    # per country of the area table: the sum of its places (places elsewhere left out)
    pos = pd.Index(area["adm0_a3"]).get_indexer(pop["adm0_a3"].to_numpy(dtype=object))
    ok = pos >= 0
    w = pop["in_others_reach_pop"].to_numpy(dtype=float)[ok]
    area["in_others_reach_pop"] = np.bincount(
        pos[ok], weights=np.where(np.isnan(w), 0.0, w), minlength=len(area)
    )
    return area


def track_reach_km(
    s_km: np.ndarray, covered: Mapping[str, np.ndarray], start_party: str
) -> dict[str, float]:
    """Kilometres of a track inside another party's reach, for a track that starts in
    ``start_party``'s territory (``""``: none, every party counts as another).

    ``s_km``: distances of the samples; ``covered``: per party, whether its interceptor
    footprints contain each segment (:func:`~mdcoverage.tracks.party_coverage`). Returns
    ``party -> km`` for each other party with footprints on the track, and ``"any"``: the
    km inside at least one other party's reach (not the sum: reaches overlap).
    """
    length = np.diff(np.asarray(s_km, dtype=float))
    own = _own(start_party)
    out: dict[str, float] = {}
    anyone = np.zeros(len(length), bool)
    for p in sorted(covered):
        if p == own:
            continue
        cov = np.asarray(covered[p], bool)
        anyone |= cov
        out[p] = float(length[cov].sum())
    out["any"] = float(length[anyone].sum())
    return out
