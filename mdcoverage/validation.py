"""The meaning of a scenario: every check beyond its form (DESIGN §3, one validation room).

:func:`scenario_problems` runs small named checks, one per concern, and returns one line
per problem (``field path: what is wrong; what is allowed``):

* names: no duplicates (ignoring case and Unicode form);
* region: a known region;
* parties: defined parties neither built in nor reserved, with known countries; every
  party named by a site or sector is built in, registered
  (:func:`mdcoverage.parties.register_party`) or defined under ``[[parties]]``;
* systems: azimuth sectors for sensors only;
* sites: known systems; land sites on land and sea sites at sea within
  :data:`COAST_TOLERANCE_KM`;
* architectures: a registered type whose own rules accept the spec, sector polygons that
  are plain rings (:func:`ring_problem`);
* tracks: two different points that are not antipodes;
* membership: a country in one party only on the scenario's date (checked last, when all
  else is right).

The form (types, ranges, unknown keys) is checked before, by :mod:`mdcoverage.specs`.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable, Sequence

import numpy as np
import numpy.typing as npt
import shapely

from . import architectures, geodata, geodesy, parties, regions
from .errors import ScenarioError, UnknownNameError
from .specs import NO_PARTY, ArchitectureSpec, ScenarioData, name_key

__all__ = [
    "COAST_TOLERANCE_KM",
    "RESERVED_PARTY_NAMES",
    "land_status",
    "ring_problem",
    "scenario_problems",
]

#: Names that tables use themselves, so no party may take them.
RESERVED_PARTY_NAMES = {"none": "countries in no party", "total": "the total row"}

#: A land site may stand this close to land (ports), a sea site this close to the coast.
COAST_TOLERANCE_KM = 10.0


def scenario_problems(scenario: ScenarioData) -> list[str]:
    """Every problem of meaning in ``scenario``, one line each (empty: none).

    The membership check (a country in two parties) runs only when everything else is
    right, since it needs known parties and countries."""
    problems: list[str] = []
    for check in _CHECKS:
        problems += check(scenario)
    if not problems:
        problems += _membership_problems(scenario)
    return problems


def _duplicate_problems(sc: ScenarioData) -> list[str]:
    return (
        _duplicates("systems", [s.name for s in sc.systems])
        + _duplicates("sites", [s.name for s in sc.sites])
        + _duplicates("parties", [p.name for p in sc.parties])
        + _duplicates("tracks", [t.name for t in sc.tracks])
        + _duplicates("architectures", [a.name or a.type for a in sc.architectures])
    )


def _region_problems(sc: ScenarioData) -> list[str]:
    try:
        regions.region(sc.region)
    except UnknownNameError as exc:
        return [f"scenario.region: {exc}"]
    return []


def _country_problems(where: str, codes: Iterable[str]) -> list[str]:
    out = []
    for k, code in enumerate(codes):
        try:
            parties.resolve_country(code)
        except UnknownNameError as exc:
            out.append(f"{where}[{k}]: {exc}")
    return out


def _party_problems(sc: ScenarioData) -> list[str]:
    """User-defined parties: not a built-in or reserved name, known countries."""
    out = []
    for i, p in enumerate(sc.parties):
        if p.name.lower() in parties.PARTY_NAMES:
            out.append(f"parties[{i}].name: {p.name!r} is a built-in party; choose another name")
        elif p.name.lower() in RESERVED_PARTY_NAMES:
            out.append(
                f"parties[{i}].name: {p.name!r} is reserved (tables use it for "
                f"{RESERVED_PARTY_NAMES[p.name.lower()]}); choose another name"
            )
        out += _country_problems(f"parties[{i}].countries", p.countries)
    return out


def _known_parties(sc: ScenarioData) -> set[str]:
    """Built-in and registered parties, and the scenario's own."""
    return set(parties.party_names()) | {p.name.lower() for p in sc.parties}


def _party_ref(known: set[str], where: str, name: str) -> list[str]:
    if name.lower() in known:
        return []
    return [f"{where}: {UnknownNameError('party', name, known)}; define it under [[parties]]"]


def _system_problems(sc: ScenarioData) -> list[str]:
    """Azimuth sectors: sensors only (DESIGN §2), and a bearing needs a width."""
    out = []
    for i, s in enumerate(sc.systems):
        has_sector = s.bearing_deg is not None or (s.width_deg is not None and s.width_deg < 360)
        if s.role == "interceptor" and has_sector:
            field = "width_deg" if s.width_deg is not None else "bearing_deg"
            out.append(
                f"systems[{i}].{field}: only sensors may have an azimuth sector; "
                f"remove bearing_deg and width_deg or set role = 'sensor'"
            )
        elif s.bearing_deg is not None and s.width_deg is None:
            out.append(
                f"systems[{i}].bearing_deg: needs width_deg (the sector's width, degrees in "
                "(0, 360]); or remove bearing_deg for a full circle"
            )
    return out


def _site_problems(sc: ScenarioData) -> list[str]:
    systems = {s.name.lower() for s in sc.systems}
    known = _known_parties(sc)
    out = []
    for i, site in enumerate(sc.sites):
        out += _party_ref(known, f"sites[{i}].party", site.party)
        if site.system.lower() not in systems:
            exc = UnknownNameError("system", site.system, [s.name for s in sc.systems])
            out.append(f"sites[{i}].system: {exc}")
    return out


def _architecture_problems(sc: ScenarioData) -> list[str]:
    """A registered type whose rules accept the spec; plain rings; known sector parties
    and countries; a known ``default_party`` (or ``"none"``: the rest is nobody's)."""
    known = _known_parties(sc)
    out = []
    for i, arch in enumerate(sc.architectures):
        where = f"architectures[{i}]"
        try:
            cls = architectures.architecture_class(arch.type)
        except UnknownNameError as exc:
            out.append(f"{where}.type: {exc}")
            continue
        out += _ring_problems(where, arch)
        out += [f"{where}.{line}" for line in cls.check_spec(arch)]
        for j, sector in enumerate(arch.sectors or ()):
            out += _party_ref(known, f"{where}.sectors[{j}].party", sector.party)
            out += _country_problems(f"{where}.sectors[{j}].countries", sector.countries)
        if arch.default_party and arch.default_party.lower() != NO_PARTY:
            out += _party_ref(known, f"{where}.default_party", arch.default_party)
    return out


def _ring_problems(where: str, arch: ArchitectureSpec) -> list[str]:
    out = []
    for j, sector in enumerate(arch.sectors or ()):
        for k, ring in enumerate(sector.polygons):
            problem = ring_problem(ring)
            if problem:
                out.append(f"{where}.sectors[{j}].polygons[{k}]: {problem}")
    return out


def ring_problem(ring: Iterable[Sequence[float]]) -> str | None:
    """What is wrong with a lon/lat ring as written (before any densification or repair),
    or None: fewer than 3 distinct points, more than 180° of longitude, no area, or a
    ring that crosses or touches itself. An open ring is closed (last point = first)."""
    points = [(float(p[0]), float(p[1])) for p in ring]
    if len(set(points)) < 3:
        return f"a polygon needs at least 3 distinct [lon, lat] points; got {len(set(points))}"
    lons = [p[0] for p in points]
    if max(lons) - min(lons) > 180.0:
        return (
            "spans more than 180° of longitude, which is ambiguous on a sphere; keep a "
            "sector polygon within the region"
        )
    poly = shapely.Polygon(points)
    if poly.convex_hull.area == 0:
        return "has zero area (all its points lie on one line); give an outline with an inside"
    reason = shapely.is_valid_reason(poly)
    if reason != "Valid Geometry":
        at = re.search(r"\[(\S+) (\S+)\]", reason)
        where = f" at ({at.group(1)}, {at.group(2)})" if at else ""
        return (
            f"the ring self-intersects (crosses or touches itself){where}; draw its outline "
            "without crossing (split a figure-eight into two polygons)"
        )
    return None


def _track_problems(sc: ScenarioData) -> list[str]:
    """The rule of :func:`mdcoverage.tracks.sample_track`: two different points, and not
    antipodes (where the geodesic is not unique)."""
    out = []
    for i, t in enumerate(sc.tracks):
        (lon1, lat1), (lon2, lat2) = t.start, t.end
        if float(geodesy.distance_km(lon1, lat1, lon2, lat2)) == 0.0:
            out.append(
                f"tracks[{i}].end: the same point as start ({lon1:g}, {lat1:g}); "
                "a track needs two different points"
            )
        elif _antipodal(lon1, lat1, lon2, lat2):
            out.append(
                f"tracks[{i}].end: antipodal to start; the shortest line between them is not "
                "unique, move one point"
            )
    return out


def _antipodal(lon1: float, lat1: float, lon2: float, lat2: float) -> bool:
    """Whether two points are antipodes (within about a metre)."""

    def unit(lon, lat):
        lo, la = math.radians(lon), math.radians(lat)
        return (math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la))

    dot = sum(a * b for a, b in zip(unit(lon1, lat1), unit(lon2, lat2), strict=True))
    return 1.0 + dot < 1e-13


def _membership_problems(sc: ScenarioData) -> list[str]:
    """A country may belong to only one party on the scenario's date."""
    try:
        parties.country_party_table(parties.scenario_parties(sc), sc.as_of)
    except ScenarioError as exc:
        lines = exc.problems or [str(exc)]
        return [f"parties: {line} (a country may belong to one party only)" for line in lines]
    return []


def _duplicates(table: str, names: list[str], *, field: str = "name") -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, n in enumerate(names):
        key = name_key(n)
        if key in seen:
            out.append(
                f"{table}[{i}].{field}: {n!r} duplicates {table}[{seen[key]}] "
                "(names are compared ignoring case and Unicode form); give each a unique name"
            )
        else:
            seen[key] = i
    return out


def _coast_problems(sc: ScenarioData) -> list[str]:
    """Land sites must be on land and sea sites at sea, within COAST_TOLERANCE_KM."""
    lon = np.array([s.lon for s in sc.sites])
    lat = np.array([s.lat for s in sc.sites])
    on_land, near_land = land_status(lon, lat, COAST_TOLERANCE_KM)
    out = []
    for i in np.flatnonzero(_wrong_side(sc, on_land, near_land)):
        s = sc.sites[i]
        if s.kind == "land":
            out.append(
                f"sites[{i}] ({s.name!r}): kind = 'land' but ({s.lon}, {s.lat}) is at sea, more "
                f"than {COAST_TOLERANCE_KM:g} km from land; move it or set kind = 'sea'"
            )
        else:
            out.append(
                f"sites[{i}] ({s.name!r}): kind = 'sea' but ({s.lon}, {s.lat}) is on land, more "
                f"than {COAST_TOLERANCE_KM:g} km from the sea; move it or set kind = 'land'"
            )
    return out


def _wrong_side(sc: ScenarioData, on_land: np.ndarray, near_land: np.ndarray) -> np.ndarray:
    land = np.array([s.kind == "land" for s in sc.sites])
    return (land & ~near_land) | (~land & on_land)


def land_status(
    lon: npt.ArrayLike, lat: npt.ArrayLike, tolerance_km: float = COAST_TOLERANCE_KM
) -> tuple[np.ndarray, np.ndarray]:
    """For each point: (deep inland, near or on land).

    *deep inland*: the geodesic disc of ``tolerance_km`` around the point lies wholly on
    land. *near or on land*: that disc touches land. Both use the bundled land layer; all
    points are tested at once (10,000 sites in well under a second).
    """
    lon, lat = np.broadcast_arrays(np.asarray(lon, float), np.asarray(lat, float))
    x, y = lon.ravel(), lat.ravel()
    discs = _discs_lonlat(x, y, float(tolerance_km))
    land = _prepared_land()
    # a disc around a point on land touches land, one around a point at sea is not wholly
    # on land: one polygon test per point decides the other flag
    inside = shapely.intersects_xy(land, x, y)
    deep, near = np.zeros(x.shape, bool), inside.copy()
    deep[inside] = shapely.contains(land, discs[inside])
    near[~inside] = shapely.intersects(land, discs[~inside])
    return deep.reshape(lon.shape), near.reshape(lon.shape)


#: vertices of the small discs of :func:`land_status` (a 10 km disc: within 12 m)
_DISC_VERTICES = 64


def _discs_lonlat(lon: np.ndarray, lat: np.ndarray, radius_km: float) -> np.ndarray:
    """Geodesic discs as lon/lat polygons: one vectorised ``Geod.fwd`` for discs that
    neither reach a pole nor cross the antimeridian, the footprint engine for the rest."""
    out = np.empty(lon.shape, dtype=object)
    reach_deg = radius_km / 100.0  # > the disc's extent in latitude (111 km per degree)
    cos_lat = np.cos(np.radians(np.minimum(np.abs(lat) + reach_deg, 90.0)))
    with np.errstate(divide="ignore"):
        lon_reach = np.where(cos_lat > 0, reach_deg / np.maximum(cos_lat, 1e-12), np.inf)
    simple = (
        (0 < radius_km <= 100.0)
        & (np.abs(lat) + reach_deg < 89.0)
        & (np.abs(lon) + lon_reach < 180.0)
    )
    if simple.any():
        az = np.linspace(0.0, 360.0, _DISC_VERTICES, endpoint=False)
        n = int(simple.sum())
        x, y, _ = geodesy.GEOD.fwd(
            np.repeat(lon[simple], az.size),
            np.repeat(lat[simple], az.size),
            np.tile(az, n),
            np.full(n * az.size, radius_km * 1000.0),
        )
        coords = np.stack([x, y], axis=-1).reshape(n, az.size, 2)
        out[simple] = shapely.polygons(coords)
    rest = ~simple
    if rest.any():
        out[rest] = geodesy.footprint_polygons(
            lon[rest], lat[rest], np.full(int(rest.sum()), radius_km), crs="EPSG:4326"
        )
    return out


@functools.cache
def _prepared_land() -> shapely.Geometry:
    geom = geodata.land(copy=False).geometry.iloc[0]
    shapely.prepare(geom)
    return geom


#: the checks of :func:`scenario_problems`, in the order their lines are reported
_CHECKS: tuple[Callable[[ScenarioData], list[str]], ...] = (
    _duplicate_problems,
    _region_problems,
    _party_problems,
    _system_problems,
    _site_problems,
    _coast_problems,
    _architecture_problems,
    _track_problems,
)
