"""Defended areas and metrics of an architecture (DESIGN §2).

A place *p* is **defended** under an architecture when some interceptor footprint of the
party responsible for *p* contains it; ``n_layers(p)`` counts those footprints. Metrics
are computed per country, per party (a country's own party on the ``as_of`` date,
``"none"`` for countries in no party) and in total, from the bundled data:

========================================  =====================================================
column                                    meaning
========================================  =====================================================
``area_km2``                              area inside the region (equal-area CRS)
``defended_area_km2`` / ``_share``        area defended, and its fraction of ``area_km2``
``dependency_area_km2`` / ``_share``      defended area whose responsible party is not the
                                          country's own, and its fraction of the defended area
                                          (0 where nothing is defended)
``urban_pop``                             people in GeoNames places >= 15,000 inhabitants
``urban_pop_defended`` / ``_share``       of those, people in defended places
``dependency_pop`` / ``_share``           people defended by a party other than their own
``mean_layers_pop``                       population-weighted mean ``n_layers`` (all places)
``pop_share_2plus_layers``                fraction of urban people under >= 2 layers
``warning_area_share`` / ``_pop_share``   fraction inside the responsible party's warning
                                          picture as the architecture sets it
``..._without_exchange`` / ``_with_...``  the same with own sensors only / all sensors
========================================  =====================================================

A place that no party is responsible for (a neutral country under ``independent``) has
no warning picture by definition: its warning shares are 0 with and without exchange.

Shares are fractions between 0 and 1. Areas are exact in the region's equal-area CRS up
to the polygon discretisation of the footprints; population figures use the same geodesic
distance test (:func:`mdcoverage.geodesy.within_radius`) as the drawn footprints.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import geodesy
from .architectures import Architecture, make_architecture
from .errors import UnknownNameError
from .regions import Region, _region_countries, region
from .scenario import Scenario

__all__ = [
    "Assessment",
    "assess",
    "assess_all",
    "compare",
    "scenario_parties",
    "site_table",
]

#: columns of the per-country, per-party and total tables, in order
METRIC_COLUMNS = [
    "area_km2",
    "defended_area_km2",
    "defended_area_share",
    "dependency_area_km2",
    "dependency_area_share",
    "urban_pop",
    "urban_pop_defended",
    "urban_pop_defended_share",
    "dependency_pop",
    "dependency_pop_share",
    "mean_layers_pop",
    "pop_share_2plus_layers",
    "warning_area_share",
    "warning_area_share_without_exchange",
    "warning_area_share_with_exchange",
    "warning_pop_share",
    "warning_pop_share_without_exchange",
    "warning_pop_share_with_exchange",
]
_SUMS = [
    "area_km2",
    "defended_area_km2",
    "dependency_area_km2",
    "urban_pop",
    "urban_pop_defended",
    "dependency_pop",
    "_layers_pop",
    "_pop_2plus",
    "_warn_area",
    "_warn_area_own",
    "_warn_area_all",
    "_warn_pop",
    "_warn_pop_own",
    "_warn_pop_all",
]

NO_PARTY = "none"


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
            ``party`` (own), ``responsible``, ``n_layers``, ``defended``, ``warned``.
        pieces: responsibility pieces with ``adm0_a3``, ``responsible``,
            ``defended_geometry`` and ``geometry``.
        footprints: one row per site: ``site``, ``party``, ``kind``, ``role``,
            ``system``, ``radius_km``, ``lon``, ``lat``, ``geometry``.
    """

    scenario: Scenario
    architecture: Architecture
    region: Region
    country_party: pd.Series
    countries: pd.DataFrame
    parties: pd.DataFrame
    total: pd.DataFrame
    places: pd.DataFrame
    pieces: object = field(repr=False)
    footprints: object = field(repr=False)

    @property
    def name(self) -> str:
        """The architecture's display name."""
        return self.architecture.name

    @property
    def as_of(self):
        return self.scenario.as_of

    def gaps(self, n: int = 10) -> pd.DataFrame:
        """The ``n`` largest undefended places of each party (by own party), largest first."""
        und = self.places[~self.places["defended"]]
        und = und.sort_values(["party", "population"], ascending=[True, False], kind="stable")
        cols = ["party", "name", "adm0_a3", "population", "responsible", "lon", "lat"]
        return und.groupby("party", sort=True).head(n)[cols].reset_index(drop=True)

    @functools.cached_property
    def responsibility_areas(self):
        """GeoDataFrame ``party``, ``geometry``: where each party is responsible."""
        return _dissolve(self.pieces, "responsible", "geometry", self.region.crs)

    @functools.cached_property
    def defended_areas(self):
        """GeoDataFrame ``party``, ``geometry``: what each responsible party defends."""
        return _dissolve(self.pieces, "responsible", "defended_geometry", self.region.crs)

    @functools.cached_property
    def sector_areas(self):
        """Sectors on land for drawing and export (``party``, ``label``, ``geometry``:
        the sector clipped to the region's countries), or None without sectors."""
        import shapely

        # a wider box than the analysis box, so that a sector drawn on a map does not
        # end at the box's edge (e.g. Russia at 60°E) inside the view
        countries = _region_countries(self.region.name, margin_deg=_DRAW_MARGIN_DEG)
        w, s, e, n = self.region.bbox
        m = _DRAW_MARGIN_DEG
        box = (max(w - m, -180.0), max(s - m, -90.0), min(e + m, 180.0), min(n + m, 90.0))
        sectors = self.architecture.sector_areas(self.region.crs, countries=countries, bbox=box)
        if sectors is None:
            return None
        land = _region_land(self.region.name, _DRAW_MARGIN_DEG)
        sectors = sectors.copy()
        sectors["geometry"] = shapely.intersection(sectors.geometry.values, land)
        return sectors

    @functools.cached_property
    def sector_lines(self):
        """Sector boundaries on land (``party``, ``geometry`` lines): where a sector meets
        land of the region that is outside it — not coasts or the region's edge — or None."""
        import geopandas as gpd
        import shapely

        sectors = self.sector_areas
        if sectors is None:
            return None
        land = _region_land(self.region.name, _DRAW_MARGIN_DEG)
        lines = []
        for geom in sectors.geometry.values:
            others = shapely.buffer(shapely.difference(land, geom), 1000.0)  # metres
            lines.append(shapely.intersection(shapely.boundary(geom), others))
        return gpd.GeoDataFrame({"party": sectors["party"]}, geometry=lines, crs=self.region.crs)

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


_DRAW_MARGIN_DEG = 30.0


@functools.lru_cache(maxsize=8)
def _region_land(name: str, margin_deg: float = 0.0):
    return _union(_region_countries(name, margin_deg=margin_deg).geometry.values)


def _union(geoms):
    """``shapely.union_all`` of polygons, fast when they form a polygonal coverage.

    Countries share their borders exactly, and so do the pieces an architecture cuts them
    into (mostly): such a coverage's union is the same geometry as ``union_all`` (the same
    rings, in another vertex order) at a fraction of the cost. Checked first
    (``coverage_is_valid``); anything else goes through ``union_all``.
    """
    import shapely

    geoms = np.asarray(geoms, dtype=object)
    if (
        len(geoms)
        and np.isin(shapely.get_type_id(geoms), (3, 6)).all()
        and not shapely.is_empty(geoms).all()
        and shapely.coverage_is_valid(geoms)
    ):
        return shapely.coverage_union_all(geoms)
    return shapely.union_all(geoms)


def _dissolve(pieces, by: str, geom_col: str, crs):
    import geopandas as gpd

    rows = []
    for party, grp in pieces[pieces[by] != ""].groupby(by, sort=True):
        rows.append({"party": party, "geometry": _union(grp[geom_col].values)})
    return gpd.GeoDataFrame(rows, columns=["party", "geometry"], geometry="geometry", crs=crs)


# --------------------------------------------------------------------------- building blocks


def scenario_parties(scenario: Scenario):
    """The :class:`~mdcoverage.parties.Party` objects of a scenario, in a stable order:
    the built-in parties (always: NATO and Russia keep their territory even when a
    scenario has no sites of theirs), then the scenario's own."""
    from . import parties

    defined = {p.name.lower(): p for p in scenario.parties}
    out = []
    for name in dict.fromkeys([*parties.PARTY_NAMES, *scenario.party_names()]):
        if name in defined:
            spec = defined[name]
            out.append(parties.define_party(name, spec.countries, label=spec.label))
        else:
            out.append(parties.party(name))
    return out


def site_table(scenario: Scenario) -> pd.DataFrame:
    """One row per site with its system's parameters (radius, role, sector)."""
    rows = []
    for s in scenario.sites:
        sysm = scenario.system(s.system)
        full = sysm.width_deg is None or sysm.width_deg >= 360
        rows.append(
            {
                "site": s.name,
                "label": s.label or s.name,
                "party": s.party.lower(),
                "kind": s.kind,
                "system": sysm.name,
                "role": sysm.role,
                "radius_km": float(sysm.radius_km),
                "bearing_deg": np.nan if full else float(sysm.bearing_deg),
                "width_deg": np.nan if full else float(sysm.width_deg),
                "lon": float(s.lon),
                "lat": float(s.lat),
            }
        )
    return pd.DataFrame(rows)


@functools.lru_cache(maxsize=64)
def _footprints_cached(key: tuple, crs: str):
    # None (NaN in the key, see footprint_geometries) becomes NaN again here
    lon, lat, r, b, w = (np.array(v, dtype=float) for v in zip(*key, strict=True))
    return geodesy.footprint_polygons(
        lon,
        lat,
        r,
        crs=crs,
        bearing_deg=np.where(np.isnan(b), 0.0, b) if np.isfinite(b).any() else None,
        width_deg=np.where(np.isnan(w), 360.0, w) if np.isfinite(w).any() else None,
    )


def footprint_geometries(sites: pd.DataFrame, crs: str) -> np.ndarray:
    """Footprint polygons of a site table in ``crs`` (cached by parameters)."""
    if sites.empty:
        return np.array([], dtype=object)
    cols = ("lon", "lat", "radius_km", "bearing_deg", "width_deg")
    values = [sites[c].to_numpy(dtype=float) for c in cols]
    # NaN (full circles have no bearing or width) as None: NaN != NaN would make every
    # lookup a miss
    key = tuple(
        tuple(None if math.isnan(x) else x for x in row)
        for row in zip(*(v.tolist() for v in values), strict=True)
    )
    # a new array each time: the cached one must not be changed by a caller
    return _footprints_cached(key, str(crs)).copy()


@functools.cache
def _region_places(name: str) -> pd.DataFrame:
    """Places (cities) of the region: in its countries and inside its box."""
    from . import geodata

    reg = region(name)
    keys = set(_region_countries(name).index)
    c = geodata._cities()
    w, s, e, n = reg.bbox
    keep = c["adm0_a3"].isin(keys) & c["lon"].between(w, e) & c["lat"].between(s, n)
    out = c.loc[keep, ["name", "adm0_a3", "lon", "lat", "population"]].reset_index(drop=True)
    return out


def _within(places, sites, role):
    """(n_places, n_sites_of_role) boolean matrix and the sites' rows."""
    sub = sites[sites["role"] == role]
    if sub.empty:
        return np.zeros((len(places), 0), bool), sub
    sector = None
    if sub["width_deg"].notna().any():
        sector = (
            sub["bearing_deg"].fillna(0.0).to_numpy(),
            sub["width_deg"].fillna(360.0).to_numpy(),
        )
    m = geodesy.within_radius(
        places["lon"].to_numpy(),
        places["lat"].to_numpy(),
        sub["lon"].to_numpy(),
        sub["lat"].to_numpy(),
        sub["radius_km"].to_numpy(),
        bearing_deg=None if sector is None else sector[0],
        width_deg=None if sector is None else sector[1],
    )
    return m, sub


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
    import shapely

    from .parties import country_party_table

    arch = _pick_architecture(scenario, architecture)
    reg = region(scenario.region)
    crs = reg.crs
    countries = _region_countries(reg.name)
    party_objs = scenario_parties(scenario)
    table = country_party_table(party_objs, scenario.as_of, dependencies=True)
    own = table.reindex(countries.index).fillna("")

    # footprints
    sites = site_table(scenario)
    geoms = footprint_geometries(sites, crs)
    fp = sites.assign(geometry=geoms)
    inter = fp[fp["role"] == "interceptor"]
    sens = fp[fp["role"] == "sensor"]
    party_names = sorted(set(table[table != ""]) | set(sites["party"]))
    u_int = {
        p: shapely.union_all(inter.loc[inter["party"] == p, "geometry"].values)
        for p in party_names
    }
    u_sens = {
        p: shapely.union_all(sens.loc[sens["party"] == p, "geometry"].values) for p in party_names
    }
    u_sens_all = shapely.union_all(sens["geometry"].values) if len(sens) else shapely.Polygon()
    empty = shapely.Polygon()

    # areas
    pieces = arch.responsibility(countries, own, bbox=reg.bbox).copy()
    resp = pieces["responsible"].to_numpy(dtype=object)
    pg = np.asarray(pieces.geometry.values, dtype=object)
    defended_geom = geodesy.polygonal(
        shapely.intersection(pg, np.array([u_int.get(r, empty) for r in resp]))
    )
    warn_own_geom = np.array([u_sens.get(r, empty) for r in resp], dtype=object)
    warn_all_geom = np.array([u_sens_all if r else empty for r in resp], dtype=object)
    pieces["defended_geometry"] = defended_geom
    a_piece = shapely.area(pg) / 1e6
    a_def = shapely.area(defended_geom) / 1e6
    a_warn_own = shapely.area(shapely.intersection(pg, warn_own_geom)) / 1e6
    a_warn_all = shapely.area(shapely.intersection(pg, warn_all_geom)) / 1e6
    own_of_piece = own.reindex(pieces["adm0_a3"]).to_numpy(dtype=object)
    other = resp != own_of_piece
    pooled = arch.pooled_sensors
    piece_df = pd.DataFrame(
        {
            "adm0_a3": pieces["adm0_a3"].to_numpy(),
            "area_km2": a_piece,
            "defended_area_km2": a_def,
            "dependency_area_km2": np.where(other, a_def, 0.0),
            "_warn_area": a_warn_all if pooled else a_warn_own,
            "_warn_area_own": a_warn_own,
            "_warn_area_all": a_warn_all,
        }
    )
    by_country = piece_df.groupby("adm0_a3").sum()

    # places
    places = _region_places(reg.name).copy()
    places["party"] = (
        own.reindex(places["adm0_a3"]).fillna("").replace("", NO_PARTY).to_numpy(dtype=object)
    )
    p_resp = arch.responsible_for_points(places["lon"], places["lat"], places["adm0_a3"], own)
    places["responsible"] = p_resp
    m_int, s_int = _within(places, sites, "interceptor")
    mask = s_int["party"].to_numpy(dtype=object)[None, :] == p_resp[:, None]
    n_layers = (m_int & mask).sum(axis=1)
    m_sen, s_sen = _within(places, sites, "sensor")
    sen_party = s_sen["party"].to_numpy(dtype=object)
    has_resp = p_resp != ""
    warned_own = (m_sen & (sen_party[None, :] == p_resp[:, None])).any(axis=1) & has_resp
    warned_all = m_sen.any(axis=1) & has_resp
    places["n_layers"] = n_layers
    places["defended"] = n_layers > 0
    places["warned"] = warned_all if pooled else warned_own
    pop = places["population"].to_numpy(dtype=float)
    p_other = has_resp & (p_resp != places["party"].to_numpy(dtype=object))
    place_df = pd.DataFrame(
        {
            "adm0_a3": places["adm0_a3"].to_numpy(),
            "urban_pop": pop,
            "urban_pop_defended": pop * (n_layers > 0),
            "dependency_pop": pop * ((n_layers > 0) & p_other),
            "_layers_pop": pop * n_layers,
            "_pop_2plus": pop * (n_layers >= 2),
            "_warn_pop": pop * places["warned"].to_numpy(),
            "_warn_pop_own": pop * warned_own,
            "_warn_pop_all": pop * warned_all,
        }
    )
    pop_by_country = place_df.groupby("adm0_a3").sum()

    sums = pd.DataFrame(index=countries.index)
    sums = sums.join(by_country).join(pop_by_country).fillna(0.0)
    sums["party"] = own.replace("", NO_PARTY)
    country_tbl = _finish(sums.drop(columns="party"))
    country_tbl.insert(0, "party", sums["party"])
    country_tbl.insert(0, "name", countries["name"])
    party_tbl = _finish(sums.groupby("party").sum(numeric_only=True))
    party_tbl.index.name = "party"
    total_tbl = _finish(sums[_SUMS].sum().to_frame("total").T)

    return Assessment(
        scenario=scenario,
        architecture=arch,
        region=reg,
        country_party=table,
        countries=country_tbl,
        parties=party_tbl,
        total=total_tbl,
        places=places,
        pieces=pieces,
        footprints=fp,
    )


def _ratio(num, den):
    num, den = np.asarray(num, float), np.asarray(den, float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)


def _finish(s: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(index=s.index)
    out["area_km2"] = s["area_km2"]
    out["defended_area_km2"] = s["defended_area_km2"]
    out["defended_area_share"] = _ratio(s["defended_area_km2"], s["area_km2"])
    out["dependency_area_km2"] = s["dependency_area_km2"]
    out["dependency_area_share"] = _ratio(s["dependency_area_km2"], s["defended_area_km2"])
    out["urban_pop"] = s["urban_pop"].round().astype("int64")
    out["urban_pop_defended"] = s["urban_pop_defended"].round().astype("int64")
    out["urban_pop_defended_share"] = _ratio(s["urban_pop_defended"], s["urban_pop"])
    out["dependency_pop"] = s["dependency_pop"].round().astype("int64")
    out["dependency_pop_share"] = _ratio(s["dependency_pop"], s["urban_pop_defended"])
    out["mean_layers_pop"] = _ratio(s["_layers_pop"], s["urban_pop"])
    out["pop_share_2plus_layers"] = _ratio(s["_pop_2plus"], s["urban_pop"])
    out["warning_area_share"] = _ratio(s["_warn_area"], s["area_km2"])
    out["warning_area_share_without_exchange"] = _ratio(s["_warn_area_own"], s["area_km2"])
    out["warning_area_share_with_exchange"] = _ratio(s["_warn_area_all"], s["area_km2"])
    out["warning_pop_share"] = _ratio(s["_warn_pop"], s["urban_pop"])
    out["warning_pop_share_without_exchange"] = _ratio(s["_warn_pop_own"], s["urban_pop"])
    out["warning_pop_share_with_exchange"] = _ratio(s["_warn_pop_all"], s["urban_pop"])
    return out


def _pick_architecture(scenario: Scenario, which) -> Architecture:
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
        raise ValueError("compare() needs at least two assessments")
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
