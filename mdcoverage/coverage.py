"""Defended areas and metrics of an architecture (DESIGN §2).

A place *p* is **defended** under an architecture when some interceptor footprint of the
party responsible for *p* contains it; ``n_layers(p)`` counts those footprints. The
metrics (per country, per party and in total) are listed in :mod:`mdcoverage.metrics`.

:func:`assess` is a short composition of public building blocks, each usable and tested
alone: :func:`site_table` and :func:`footprint_table` (the sites and their footprints),
:func:`footprint_unions` (per party), :func:`responsibility_pieces` (the architecture's
rule), :func:`defended_pieces`, :func:`piece_metrics` (areas), :func:`place_layers`
and :func:`place_metrics` (people), and :func:`aggregate_metrics` (the tables). Geometry
only the maps need (dissolved areas, sectors) lives in :mod:`mdcoverage.map_layers`.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import shapely

from . import geodata, geodesy, sector_store
from ._memo import Recent, recall, remember
from ._overlay import intersections
from ._party_footprints import (
    FootprintUnions,
    footprint_geometries,
    footprint_table,
    footprint_unions,
    piece_covers,
    union_polygons,
)
from .architectures import Architecture, make_architecture
from .crs import polygonal
from .errors import ComparisonError, UnknownNameError
from .metrics import (
    METRIC_COLUMNS,
    NO_PARTY,
    Metrics,
    aggregate_metrics,
    place_metrics,
)
from .parties import country_party_table, scenario_parties
from .reach import reach_sums
from .regions import Region, region, region_countries
from .scenario import Scenario

__all__ = [
    "METRIC_COLUMNS",
    "NO_PARTY",
    "Assessment",
    "FootprintUnions",
    "Metrics",
    "aggregate_metrics",
    "assess",
    "assess_all",
    "assessed_geometry",
    "compare",
    "defended_pieces",
    "footprint_geometries",
    "footprint_table",
    "footprint_unions",
    "pick_architecture",
    "piece_metrics",
    "place_layers",
    "place_metrics",
    "region_countries_cached",
    "region_land",
    "region_pieces",
    "region_places",
    "responsibility_pieces",
    "scenario_parties",
    "site_table",
    "union_polygons",
    "within_footprints",
]

_EMPTY = shapely.Polygon()


@dataclass(frozen=True, eq=False)
class Assessment:
    """The result of :func:`assess`: one architecture of one scenario on its date.

    Attributes:
        scenario: the scenario assessed.
        architecture: the architecture object.
        region: the analysis region (its ``crs`` is the CRS of every geometry here).
        country_party: ``adm0_a3 -> party`` on ``scenario.as_of`` (``""`` for none).
        countries: per-country metrics (index ``adm0_a3``; columns ``name``, ``party``,
            then :data:`METRIC_COLUMNS`).
        parties: per-party metrics (index: party name, ``"none"`` for unaligned).
        total: one row, ``"total"``.
        places: per place: ``name``, ``adm0_a3``, ``lon``, ``lat``, ``population``,
            ``party`` (own), ``responsible``, ``n_layers``, ``defended``, ``warned``,
            ``warned_without_exchange``, ``warned_with_exchange`` (see
            :func:`place_layers`).

    The geometry that only maps and exports need (footprints, responsibility pieces,
    defended areas, sectors) comes from :mod:`mdcoverage.map_layers`.
    """

    scenario: Scenario
    architecture: Architecture
    region: Region
    country_party: pd.Series
    countries: pd.DataFrame
    parties: pd.DataFrame
    total: pd.DataFrame
    places: pd.DataFrame

    @property
    def name(self) -> str:
        """The architecture's display name."""
        return self.architecture.name

    @property
    def as_of(self) -> dt.date:
        """The scenario's date."""
        return self.scenario.as_of

    def gaps(self, n: int = 10) -> pd.DataFrame:
        """The ``n`` largest undefended places of each party (by own party), largest first."""
        und = self.places[~self.places["defended"]]
        und = und.sort_values(["party", "population"], ascending=[True, False], kind="stable")
        cols = ["party", "name", "adm0_a3", "population", "responsible", "lon", "lat"]
        return und.groupby("party", sort=True).head(n)[cols].reset_index(drop=True)

    def summary(self) -> pd.DataFrame:
        """Per-party headline figures (a small table for figures and the terminal)."""
        cols = [
            "urban_pop_defended_share",
            "defended_area_share",
            "dependency_pop_share",
            "mean_layers_pop",
            "warning_pop_share",
        ]
        return pd.concat([self.parties[cols], self.total[cols]])


# --------------------------------------------------------------------------- region data


@functools.lru_cache(maxsize=16)
def region_countries_cached(name: str, margin_deg: float = 0.0):
    """:func:`mdcoverage.regions.region_countries`, cached: shared, do not modify it."""
    return region_countries(name, margin_deg=margin_deg, copy=False)


@functools.lru_cache(maxsize=8)
def region_land(name: str, margin_deg: float = 0.0) -> shapely.Geometry:
    """The region's land as one (Multi)Polygon in its CRS: the union of its countries
    clipped to its box widened by ``margin_deg`` degrees (cached)."""
    return union_polygons(region_countries_cached(name, margin_deg).geometry.values)


@functools.cache
def _region_places(name: str) -> pd.DataFrame:
    reg = region(name)
    keys = set(region_countries_cached(name).index)
    c = geodata.cities()
    w, s, e, n = reg.bbox
    keep = c["adm0_a3"].isin(keys) & c["lon"].between(w, e) & c["lat"].between(s, n)
    return c.loc[keep, ["name", "adm0_a3", "lon", "lat", "population"]].reset_index(drop=True)


def region_places(name: str) -> pd.DataFrame:
    """Places (GeoNames cities) of a region: in its countries and inside its box.

    Columns ``name``, ``adm0_a3``, ``lon``, ``lat`` (degrees), ``population`` (people).
    A copy: the caller may modify it.
    """
    return _region_places(name).copy()


# --------------------------------------------------------------------------- sites


# --------------------------------------------------------------------------- building blocks


def site_table(scenario: Scenario) -> pd.DataFrame:
    """One row per site with its system's parameters: ``site``, ``label``, ``party``,
    ``kind``, ``system``, ``role``, ``radius_km``, ``bearing_deg`` and ``width_deg`` (NaN
    for a full circle), ``lon``, ``lat`` (degrees)."""
    rows = []
    for s in scenario.sites:
        sysm = scenario.system(s.system)
        width, bearing = sysm.width_deg, sysm.bearing_deg
        full = width is None or width >= 360
        rows.append(
            {
                "site": s.name,
                "label": s.label or s.name,
                "party": s.party.lower(),
                "kind": s.kind,
                "system": sysm.name,
                "role": sysm.role,
                "radius_km": float(sysm.radius_km),
                "bearing_deg": np.nan if full or bearing is None else float(bearing),
                "width_deg": np.nan if full or width is None else float(width),
                "lon": float(s.lon),
                "lat": float(s.lat),
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- areas


def responsibility_pieces(
    architecture: Architecture,
    countries,
    country_party: pd.Series,
    bbox: tuple[float, float, float, float],
):
    """The architecture's responsibility rule as geometry: the region's countries (a
    GeoDataFrame indexed by ``adm0_a3`` in the analysis CRS) cut into pieces, each with
    its ``responsible`` party (``""``: nobody). ``country_party``: ``adm0_a3 -> party``
    (``""`` for none) on the date; ``bbox``: the region's box in degrees.

    Returns a GeoDataFrame ``adm0_a3``, ``responsible``, ``geometry`` (the countries' CRS).
    """
    own = country_party.reindex(countries.index).fillna("")
    cls = type(architecture)
    if cls.__module__ != Architecture.__module__:  # another's class: state unknown
        return architecture.responsibility(countries, own, bbox=bbox).copy()
    # the shipped architectures are functions of their spec: the same spec, countries
    # (the same object, kept alive by the entry), parties and box, the same pieces
    spec = architecture.spec.model_dump_json()
    key = (cls.__name__, spec, id(countries), tuple(own.index), tuple(own), tuple(bbox))
    hit = _PIECES.get(key)
    if hit is None:
        hit = (countries, architecture.responsibility(countries, own, bbox=bbox))
        _PIECES.put(key, hit)
    return hit[1].copy()


def region_pieces(architecture: Architecture, reg: Region, country_party: pd.Series):
    """:func:`responsibility_pieces` of the region's own countries
    (:func:`region_countries_cached`) and box. A shipped preset's sectoral pieces are read
    from the package's store (:mod:`mdcoverage.sector_store`, built by this function with
    the store off): a sectoral architecture's pieces follow from its sectors and the
    countries, whatever the date (a test compares them on two dates)."""
    stored = sector_store.lookup(architecture, reg, 0.0, sector_store.PIECES)
    if stored is not None and stored is not False:
        return stored
    countries = region_countries_cached(reg.name)
    return responsibility_pieces(architecture, countries, country_party, reg.bbox)


#: responsibility_pieces' recent results: key -> (the countries, the pieces)
_PIECES: Recent[tuple[Any, Any]] = Recent(16)


def defended_pieces(pieces, unions: FootprintUnions, footprints=None):
    """The pieces (:func:`responsibility_pieces`) with ``defended_geometry``: the part of
    each piece inside its responsible party's interceptor footprints (valid polygons).
    ``footprints`` (:func:`footprint_table`, optional): the footprints of ``unions``;
    then each piece meets only the footprints near it (the same area; an edit far from
    a piece leaves its overlay remembered)."""
    resp = pieces["responsible"].to_numpy(dtype=object)
    pg = np.asarray(pieces.geometry.values, dtype=object)
    if footprints is None:
        cover = np.array([unions.interceptors.get(r, _EMPTY) for r in resp], dtype=object)
    else:
        cover = piece_covers(pg, resp, footprints, unions)
    out = pieces.copy()
    out["defended_geometry"] = intersections(pg, cover, polygonal)
    return out


def piece_metrics(
    pieces, unions: FootprintUnions, country_party: pd.Series, *, pooled: bool, crs: object
) -> pd.DataFrame:
    """Areas per piece (:func:`defended_pieces`), km² in the equal-area ``crs``.

    Columns ``adm0_a3`` and :data:`~mdcoverage.metrics.PIECE_SUMS`: the piece's area, its defended area, the
    part of that defended by a party other than the country's own (``country_party``:
    ``adm0_a3 -> party``, ``""`` for none), and its area inside the responsible party's
    warning picture (``pooled``: all parties' sensors, else its own; ``_own``/``_all``:
    both). A piece nobody is responsible for has no warning picture.
    """
    resp = pieces["responsible"].to_numpy(dtype=object)
    pg = np.asarray(pieces.geometry.values, dtype=object)
    warn_own = np.array([unions.sensors.get(r, _EMPTY) for r in resp], dtype=object)
    warn_all = np.array([unions.all_sensors if r else _EMPTY for r in resp], dtype=object)
    a_def = geodesy.area_km2(np.asarray(pieces["defended_geometry"].values, dtype=object), crs)
    a_warn_own = geodesy.area_km2(intersections(pg, warn_own), crs)
    a_warn_all = geodesy.area_km2(intersections(pg, warn_all), crs)
    other = resp != country_party.reindex(pieces["adm0_a3"]).fillna("").to_numpy(dtype=object)
    return pd.DataFrame(
        {
            "adm0_a3": pieces["adm0_a3"].to_numpy(),
            "area_km2": geodesy.area_km2(pg, crs),
            "defended_area_km2": a_def,
            "dependency_area_km2": np.where(other, a_def, 0.0),
            "_warn_area": a_warn_all if pooled else a_warn_own,
            "_warn_area_own": a_warn_own,
            "_warn_area_all": a_warn_all,
        }
    )


# --------------------------------------------------------------------------- places


def within_footprints(points: pd.DataFrame, sites: pd.DataFrame, role: str):
    """Which footprints of the sites of one ``role`` contain which points.

    ``points``: ``lon``, ``lat`` (degrees); ``sites``: the site table (:func:`site_table`).
    Returns the ``(n_points, n_sites_of_role)`` boolean matrix (the geodesic test of
    :func:`mdcoverage.geodesy.within_radius`, sectors included) and those sites' rows.
    """
    sub = sites[sites["role"] == role]
    if sub.empty:
        return np.zeros((len(points), 0), bool), sub
    sector = None
    if sub["width_deg"].notna().any():
        sector = (
            sub["bearing_deg"].fillna(0.0).to_numpy(),
            sub["width_deg"].fillna(360.0).to_numpy(),
        )
    m = geodesy.within_radius(
        points["lon"].to_numpy(),
        points["lat"].to_numpy(),
        sub["lon"].to_numpy(),
        sub["lat"].to_numpy(),
        sub["radius_km"].to_numpy(),
        bearing_deg=None if sector is None else sector[0],
        width_deg=None if sector is None else sector[1],
    )
    return m, sub


def _party_counts(plon, plat, sites: pd.DataFrame, role: str):
    """Per point and party: how many footprints of that party's sites of ``role``
    contain the point (the test of :func:`within_footprints`, summed per party). Returns
    the ``(n_points, n_parties)`` counts and the parties (sorted)."""
    pick = sites["role"].to_numpy(dtype=object) == role
    party = sites["party"].to_numpy(dtype=object)[pick]
    names = np.array(sorted(set(party)), dtype=object)
    if not pick.any():
        return np.zeros((len(plon), 0), np.int64), names
    # the sites grouped by party: each party's columns of the matrix are one slice
    order = np.argsort(np.searchsorted(names, party), kind="stable")
    params = np.stack([sites[c].to_numpy(dtype=float)[pick][order] for c in _SITE_PARAMS])
    m = _within_columns(plon, plat, params)
    bounds = [*np.searchsorted(party[order], names).tolist(), len(party)]
    # per party, the sum over its contiguous columns (faster than np.add.reduceat)
    counts = [m[:, a:b].sum(axis=1) for a, b in itertools.pairwise(bounds)]
    return np.stack(counts, axis=1), names


_SITE_PARAMS = ("lon", "lat", "radius_km", "bearing_deg", "width_deg")
#: recent columns of within_radius: (digest of the points, the site's parameter bytes)
#: -> which points its footprint contains (read-only); for small sets of sites
_COLUMNS: Recent[np.ndarray] = Recent(512)
_COLUMNS_MAX_SITES = 64


def _within_columns(plon: np.ndarray, plat: np.ndarray, params: np.ndarray) -> np.ndarray:
    """:func:`mdcoverage.geodesy.within_radius` of the points and the sites (rows of
    ``params``: :data:`_SITE_PARAMS`, NaN bearing and width for full circles); each
    pair is decided alone, so that columns of sites seen before are remembered."""
    params = np.ascontiguousarray(params)
    params[np.isnan(params)] = np.nan  # one NaN bit pattern in the keys
    if params.shape[1] > _COLUMNS_MAX_SITES:
        return _within(plon, plat, params)
    pkey = hashlib.blake2b(plon.tobytes() + plat.tobytes(), digest_size=20).digest()
    keys = [(pkey, row.tobytes()) for row in params.T]
    cols: list[Any] = [_COLUMNS.get(k) for k in keys]
    miss = [k for k, c in enumerate(cols) if c is None]
    if miss:
        m = _within(plon, plat, params[:, miss])
        for j, k in enumerate(miss):
            col = m[:, j].copy()
            col.setflags(write=False)
            cols[k] = col
            _COLUMNS.put(keys[k], col)
    return np.stack(cols, axis=1)


def _within(plon, plat, params: np.ndarray) -> np.ndarray:
    lon, lat, r, b, w = params
    sector = bool(np.isfinite(w).any())
    return geodesy.within_radius(
        plon,
        plat,
        lon,
        lat,
        r,
        bearing_deg=np.where(np.isnan(b), 0.0, b) if sector else None,
        width_deg=np.where(np.isnan(w), 360.0, w) if sector else None,
    )


def _place_layers(places, sites, architecture, country_party):
    """:func:`place_layers`, and the per-party interceptor counts it used
    (:func:`_party_counts`) for the reach metrics."""
    out = places.copy()
    own = country_party.reindex(out["adm0_a3"]).fillna("").to_numpy(dtype=object)
    out["party"] = np.where(own == "", NO_PARTY, own).astype(object)
    plon = np.ascontiguousarray(out["lon"].to_numpy(dtype=float))
    plat = np.ascontiguousarray(out["lat"].to_numpy(dtype=float))
    resp = _responsible_for_points(architecture, out, country_party)
    out["responsible"] = resp
    c_int, p_int = _party_counts(plon, plat, sites, "interceptor")
    c_sen, p_sen = _party_counts(plon, plat, sites, "sensor")
    n_layers = _own_column(c_int, p_int, resp)
    has_resp = resp != ""
    warned_own = (_own_column(c_sen, p_sen, resp) > 0) & has_resp
    warned_all = (c_sen.sum(axis=1) > 0) & has_resp
    out["n_layers"] = n_layers
    out["defended"] = n_layers > 0
    out["warned"] = warned_all if architecture.pooled_sensors else warned_own
    out["warned_without_exchange"] = warned_own
    out["warned_with_exchange"] = warned_all
    return out, (c_int, p_int)


def _responsible_for_points(architecture: Architecture, places, country_party):
    """``architecture.responsible_for_points`` of the places, remembered for the shipped
    architectures (functions of their spec): the same spec, places and parties, the
    same answer."""
    lon, lat, adm0 = places["lon"], places["lat"], places["adm0_a3"]
    cls = type(architecture)
    if cls.__module__ != Architecture.__module__:  # another's class: state unknown
        return architecture.responsible_for_points(lon, lat, adm0, country_party)
    keys = adm0.to_numpy(dtype=object)
    plon, plat = lon.to_numpy(dtype=float), lat.to_numpy(dtype=float)
    h = hashlib.blake2b(plon.tobytes() + plat.tobytes(), digest_size=20)
    h.update("\0".join(map(str, keys.tolist())).encode())
    key = (
        cls.__name__,
        architecture.spec.model_dump_json(),
        h.digest(),
        tuple(country_party.index),
        tuple(country_party),
    )
    hit = _RESPONSIBLE.get(key)
    if hit is None:
        hit = np.asarray(
            architecture.responsible_for_points(lon, lat, adm0, country_party), dtype=object
        )
        hit.setflags(write=False)
        _RESPONSIBLE.put(key, hit)
    return hit.copy()


#: _responsible_for_points' recent answers
_RESPONSIBLE: Recent[np.ndarray] = Recent(16)


def _own_column(counts: np.ndarray, names: np.ndarray, party: np.ndarray) -> np.ndarray:
    """Per row, the count of the column of its ``party`` (0 where it has none)."""
    party = np.asarray(party, dtype=object)
    out = np.zeros(len(party), np.int64)
    for k, name in enumerate(names.tolist()):  # a handful of parties
        rows = party == name
        out[rows] = counts[rows, k]
    return out


def place_layers(
    places: pd.DataFrame,
    sites: pd.DataFrame,
    architecture: Architecture,
    country_party: pd.Series,
) -> pd.DataFrame:
    """Who is responsible for each place, and how it is covered.

    Args:
        places: ``name``, ``adm0_a3``, ``lon``, ``lat`` (degrees), ``population``
            (:func:`region_places`).
        sites: the site table (:func:`site_table`).
        architecture: decides the responsible party of each place.
        country_party: ``adm0_a3 -> party`` (``""`` for none) on the date.

    Returns:
        A copy of ``places`` with ``party`` (own, ``"none"``), ``responsible`` (``""``:
        nobody), ``n_layers`` (interceptor footprints of the responsible party containing
        the place), ``defended`` (``n_layers > 0``), ``warned`` (inside the responsible
        party's warning picture as the architecture sets it), ``warned_without_exchange``
        and ``warned_with_exchange`` (own sensors only / all sensors).
    """
    return _place_layers(places, sites, architecture, country_party)[0]


# --------------------------------------------------------------------------- assess


def assess(scenario: Scenario, architecture: int | str | Architecture = 0) -> Assessment:
    """Assess one architecture of a scenario: defended areas, places and all metrics.

    Args:
        scenario: a validated scenario (:func:`~mdcoverage.scenario.load_preset`,
            :func:`~mdcoverage.scenario.read_scenario`).
        architecture: which of the scenario's architectures: its position, its name or
            type, or an :class:`~mdcoverage.architectures.Architecture` object.

    Returns:
        An :class:`Assessment`.
    """
    arch = pick_architecture(scenario, architecture)
    reg = region(scenario.region)
    countries = region_countries_cached(reg.name)
    table = country_party_table(scenario_parties(scenario), scenario.as_of, dependencies=True)
    sites = site_table(scenario)
    footprints = footprint_table(sites, reg.crs)
    unions = footprint_unions(footprints, parties=table)
    pieces = defended_pieces(region_pieces(arch, reg, table), unions, footprints)
    piece_tbl = piece_metrics(pieces, unions, table, pooled=arch.pooled_sensors, crs=reg.crs)
    places, (counts, names) = _place_layers(region_places(reg.name), sites, arch, table)
    # the reach metrics need only whether a party's footprints contain a place: the
    # per-party counts place_layers computed (one party per column)
    within = (counts > 0, pd.DataFrame({"party": names}))
    reach = reach_sums(countries, unions.interceptors, places, within, table, reg.crs)
    metrics = aggregate_metrics(piece_tbl, place_metrics(places), countries, table, reach)
    result = Assessment(
        scenario=scenario,
        architecture=arch,
        region=reg,
        country_party=table,
        countries=metrics.countries,
        parties=metrics.parties,
        total=metrics.total,
        places=places,
    )
    remember(result, "assess", "footprints", footprints)
    remember(result, "assess", "pieces", pieces)
    return result


def assessed_geometry(a: Assessment, name: str) -> Any:
    """The ``"footprints"`` table or the defended ``"pieces"`` that :func:`assess`
    built for ``a`` (shared, do not modify them), or None for an assessment made
    otherwise."""
    return recall(a, "assess", name)


def pick_architecture(scenario: Scenario, which: int | str | Architecture) -> Architecture:
    """One of a scenario's architectures: by position, by name or type (case-insensitive),
    or an :class:`~mdcoverage.architectures.Architecture` object as given."""
    if isinstance(which, Architecture):
        return which
    specs = scenario.architectures
    if isinstance(which, int):
        if not -len(specs) <= which < len(specs):
            raise UnknownNameError(
                "architecture index of this scenario", which, [str(i) for i in range(len(specs))]
            )
        return make_architecture(specs[which])
    names = {(s.name or s.type).lower(): s for s in specs}
    types = {s.type.lower(): s for s in specs}
    key = str(which).strip().lower()
    spec = names.get(key) or types.get(key)
    if spec is None:
        raise UnknownNameError("architecture of this scenario", which, list(names))
    return make_architecture(spec)


def assess_all(scenario: Scenario) -> list[Assessment]:
    """Assess every architecture of a scenario, in order."""
    return [assess(scenario, i) for i in range(len(scenario.architectures))]


# --------------------------------------------------------------------------- comparison


def compare(assessments: list[Assessment], *, level: str = "parties") -> pd.DataFrame:
    """Put two or more assessments side by side.

    Args:
        assessments: the assessments (their names label the columns; repeated names get a
            suffix).
        level: ``"parties"`` (default), ``"countries"`` or ``"total"``.

    Returns:
        A tidy DataFrame with columns ``level``, ``name``, ``metric``, one column per
        assessment, and ``diff: B - A`` columns against the first assessment.
    """
    if len(assessments) < 2:
        raise ComparisonError("compare() needs at least two assessments")
    if level not in ("parties", "countries", "total"):
        raise UnknownNameError("comparison level", level, ["parties", "countries", "total"])
    labels = _unique_labels([a.name for a in assessments])
    frames = []
    for a, label in zip(assessments, labels, strict=True):
        tbl = getattr(a, level)[METRIC_COLUMNS]
        long = tbl.stack().rename(label)
        frames.append(long)
    wide = pd.concat(frames, axis=1)
    wide.index.names = ["name", "metric"]
    wide = wide.reset_index()
    wide.insert(0, "level", level)
    base = labels[0]
    for lab in labels[1:]:
        wide[f"diff: {lab} - {base}"] = wide[lab] - wide[base]
    return wide


def _unique_labels(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        seen[n] = seen.get(n, 0) + 1
        out.append(n if seen[n] == 1 else f"{n} ({seen[n]})")
    return out
