"""Candidate sites for :mod:`mdcoverage.optimize`: a lon/lat lattice in the analysis
region, filtered by the placement rules of a scenario: a land site on the party's own
territory (and on land in the sense of :func:`mdcoverage.validation.land_status`), a sea
site at sea and more than :data:`TERRITORIAL_SEA_KM` (12 nautical miles) from any
foreign country."""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
import shapely

from . import geodata, geodesy
from .errors import MdcoverageError
from .parties import country_party_table, scenario_parties
from .regions import region
from .scenario import Scenario
from .tracks import point_countries
from .validation import COAST_TOLERANCE_KM, land_status

__all__ = [
    "MAX_CANDIDATES",
    "TERRITORIAL_SEA_KM",
    "OptimizeError",
    "candidate_grid",
    "country_party_on",
    "lattice_candidates",
    "placement_candidates",
    "placement_problems",
]

#: A sea candidate keeps this far from any foreign coast (12 nautical miles, km).
TERRITORIAL_SEA_KM = 22.224

#: Most candidate sites a problem may have (a 0.25° lattice over Europe is ~70,000).
MAX_CANDIDATES = 20_000


class OptimizeError(MdcoverageError, ValueError):
    """A placement problem that cannot be posed or solved (one clear line)."""


# --------------------------------------------------------------------------- candidates


def candidate_grid(
    bbox: tuple[float, float, float, float], spacing_deg: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """The lon/lat lattice of multiples of ``spacing_deg`` inside ``bbox``
    (``west, south, east, north``, degrees), ordered by latitude then longitude."""
    s = float(spacing_deg)
    if not (math.isfinite(s) and 0.05 <= s <= 30.0):
        raise OptimizeError(f"spacing must be from 0.05 to 30 degrees; got {spacing_deg!r}")
    w, so, e, n = bbox
    lons = np.arange(math.ceil(w / s - 1e-9), math.floor(e / s + 1e-9) + 1) * s
    lats = np.arange(math.ceil(so / s - 1e-9), math.floor(n / s + 1e-9) + 1) * s
    lats = lats[np.abs(lats) < 90.0]
    lon, lat = np.meshgrid(np.round(lons, 6), np.round(lats, 6))
    return lon.ravel(), lat.ravel()


def placement_problems(lon, lat, kind, party: str, country_party: pd.Series) -> list[str | None]:
    """Why each site breaks the placement rules (``None``: it keeps them).

    A land site stands on the party's own territory (``country_party``: ``adm0_a3 ->
    party`` on the date, dependencies included) and on land within
    :data:`~mdcoverage.validation.COAST_TOLERANCE_KM`; a sea site is not deep inland
    (the scenario's own rule), not inside any country, and more than
    :data:`TERRITORIAL_SEA_KM` from every country that is not the party's."""
    lon, lat = np.asarray(lon, float), np.asarray(lat, float)
    kind = np.broadcast_to(np.asarray(kind, dtype=object), lon.shape)
    deep, near = land_status(lon, lat, COAST_TOLERANCE_KM)
    below = point_countries(lon, lat)
    own = country_party.reindex(below).fillna("").to_numpy(dtype=object) == party
    at_sea = (kind == "sea") & ~deep & (below == "")
    foreign = np.zeros(lon.shape, bool)
    foreign[at_sea] = _near_foreign(lon[at_sea], lat[at_sea], party, country_party)
    out: list[str | None] = []
    for i in range(lon.size):
        if kind[i] == "land":
            bad = (not near[i] and "not on land") or (not own[i] and f"not {party}'s territory")
        elif kind[i] == "sea":
            bad = ((deep[i] or below[i] != "") and "not at sea") or (
                foreign[i] and "within 12 nautical miles of a foreign country"
            )
        else:
            bad = f"unknown kind {kind[i]!r}"
        out.append(bad or None)
    return out


def _near_foreign(lon: np.ndarray, lat: np.ndarray, party: str, country_party: pd.Series):
    """Whether a geodesic disc of TERRITORIAL_SEA_KM around each point touches a country
    not of ``party``. A box of a generous width in degrees only picks the countries worth
    testing; the test itself is the geodesic disc."""
    out = np.zeros(lon.shape, bool)
    if not lon.size:
        return out
    c = geodata.countries(copy=False)
    owner = country_party.reindex(c.index).fillna("").to_numpy(dtype=object)
    tree = shapely.STRtree(c.geometry.values[owner != party])
    dlat = 2.0 * TERRITORIAL_SEA_KM / 110.0
    dlon = dlat / np.maximum(np.cos(np.radians(np.minimum(np.abs(lat) + dlat, 89.9))), 1e-3)
    boxes = shapely.box(lon - dlon, lat - dlat, lon + dlon, lat + dlat)
    near = np.unique(tree.query(boxes, predicate="intersects")[0])
    if near.size:
        discs = geodesy.footprint_polygons(
            lon[near], lat[near], np.full(near.size, TERRITORIAL_SEA_KM), crs="EPSG:4326"
        )
        hit, _ = tree.query(discs, predicate="intersects")
        out[near[np.unique(hit)]] = True
    return out


def placement_candidates(
    scenario: Scenario,
    party: str,
    *,
    spacing_deg: float = 1.0,
    kinds: Sequence[str] = ("land", "sea"),
) -> pd.DataFrame:
    """Candidate sites of ``party``: the region's lattice (:func:`candidate_grid`) for
    each of ``kinds``, keeping the points that satisfy :func:`placement_problems` on the
    scenario's date. Columns ``lon``, ``lat``, ``kind``; land candidates first."""
    reg = region(scenario.region)
    table = country_party_on(scenario)
    return lattice_candidates(reg.bbox, float(spacing_deg), tuple(kinds), party.lower(), table)


def country_party_on(scenario: Scenario) -> pd.Series:
    """``adm0_a3 -> party`` on the scenario's date, dependencies with their sovereign."""
    return country_party_table(scenario_parties(scenario), scenario.as_of, dependencies=True)


def lattice_candidates(bbox, spacing, kinds, party, table) -> pd.DataFrame:
    key = (bbox, spacing, kinds, party, tuple(table.index), tuple(table.to_numpy()))
    return _candidates_cached(key).copy()


@functools.lru_cache(maxsize=16)
def _candidates_cached(key) -> pd.DataFrame:
    bbox, spacing, kinds, party, index, values = key
    table = pd.Series(values, index=index)
    lon, lat = candidate_grid(bbox, spacing)
    if lon.size * len(kinds) > 4 * MAX_CANDIDATES:
        raise OptimizeError(
            f"a {spacing:g}° lattice has {lon.size:,} points in the region; use a larger spacing"
        )
    frames = []
    for kind in kinds:
        if kind not in ("land", "sea"):
            raise OptimizeError(f"candidate kinds are 'land' and 'sea'; got {kind!r}")
        ok = np.array([p is None for p in placement_problems(lon, lat, kind, party, table)])
        frames.append(pd.DataFrame({"lon": lon[ok], "lat": lat[ok], "kind": kind}))
    order = {k: i for i, k in enumerate(("land", "sea"))}
    frames.sort(key=lambda f: order[f["kind"].iloc[0]] if len(f) else 9)
    return pd.concat(frames, ignore_index=True)
