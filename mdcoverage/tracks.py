"""Notional tracks: who would be responsible along a line on the map (DESIGN §2).

A track is the geodesic between two user-given points, sampled every few kilometres. For
each architecture, every segment gets

* ``territory``: the party whose territory lies below (``""``: none, or open sea);
* ``owner``: the party responsible there — the sector owner under ``sectoral`` (nobody
  outside the scenario's region, which the sectors partition: over a country that is not
  in the region, or over sea outside the region's box), the territory owner under
  ``independent`` (nobody over open sea);
* ``overlapping``: the parties whose interceptor footprints overlap it;
* ``may_engage``: who may engage there under the architecture's rule —
  ``sectoral``: only the sector owner, and only inside its own footprints;
  ``independent``: only the party whose territory the track *ends* in, wherever its own
  footprints overlap the track.

For a track that starts in a party's territory, :attr:`TrackAnalysis.others_reach_km`
gives the kilometres inside *another* party's interceptor reach (:mod:`mdcoverage.reach`):
the same under every architecture, since reach does not depend on responsibility.

The rules are the architecture's own (:meth:`~mdcoverage.architectures.Architecture.
track_owner`, :meth:`~mdcoverage.architectures.Architecture.engaging_party`); the
footprint test is the one :func:`~mdcoverage.coverage.assess` uses
(:func:`~mdcoverage.coverage.within_footprints`). :func:`analyse_track` composes the
public blocks :func:`sample_track`, :func:`segment_midpoints`, :func:`point_countries`,
:func:`party_coverage`, :func:`may_engage`, :func:`track_summary` and :func:`handovers`.

This is ground-track geometry only: overlap on a map is not a capability. No timing,
altitude, kinematics or probabilities are modelled, and none may be read into it.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import shapely

from . import geodata, geodesy
from .architectures import Architecture
from .coverage import pick_architecture, scenario_parties, site_table, within_footprints
from .errors import GeometryError, UnknownNameError
from .notices import TRACKS_CAVEAT
from .parties import country_party_table
from .reach import track_reach_km
from .regions import region
from .scenario import Scenario, TrackSpec

__all__ = [
    "CAVEAT",
    "TrackAnalysis",
    "analyse_track",
    "analyse_tracks",
    "handovers",
    "may_engage",
    "party_coverage",
    "point_countries",
    "sample_track",
    "segment_midpoints",
    "track_summary",
]

#: the tracks caveat (one home: :mod:`mdcoverage.notices`)
CAVEAT = TRACKS_CAVEAT

#: default sampling step along a track, km
STEP_KM = 5.0
#: the most samples along one track (about 1 s of analysis per architecture)
MAX_SAMPLES = 20_000


def sample_track(
    start: tuple[float, float], end: tuple[float, float], *, step_km: float = STEP_KM
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Points along the geodesic from ``start`` to ``end`` (``(lon, lat)`` degrees).

    Returns ``(lon, lat, s_km)``: the two endpoints and intermediate points at most
    ``step_km`` apart (equal spacing), longitudes in [-180, 180], ``s_km`` the distance
    from the start. Correct across the antimeridian and near the poles (GeographicLib).
    At most :data:`MAX_SAMPLES` points: a smaller step raises :class:`GeometryError`.
    """
    (lon1, lat1), (lon2, lat2) = start, end
    geodesy.validate_lonlat(np.array([lon1, lon2]), np.array([lat1, lat2]), name="track")
    total_m = float(geodesy.distance_km(lon1, lat1, lon2, lat2)) * 1000.0
    if total_m == 0:
        raise GeometryError(f"a track needs two different points; got {start} twice")
    n = max(1, int(_segments(total_m / 1000.0, step_km)))
    r = geodesy.GEOD.inv_intermediate(
        lon1,
        lat1,
        lon2,
        lat2,
        npts=n + 1,
        initial_idx=0,
        terminus_idx=0,
        return_back_azimuth=False,
    )
    lon = (np.asarray(r.lons) + 180.0) % 360.0 - 180.0
    lat = np.asarray(r.lats)
    s_km = np.arange(n + 1) * (r.del_s / 1000.0)
    return lon, lat, s_km


def _segments(total_km: float, step_km: Any) -> float:
    """The number of segments of ``step_km`` along ``total_km``, within the bounds."""
    smallest = total_km / (MAX_SAMPLES - 1)
    scale = 10.0 ** (2 - int(np.floor(np.log10(smallest))))
    smallest = np.ceil(smallest * scale) / scale  # rounded up to 3 significant digits
    allowed = (
        f"step_km (--step-km) must be a number of km from {smallest:g} "
        f"(at most {MAX_SAMPLES:,} samples along this {total_km:,.4g} km track) upwards"
    )
    try:
        step = float(step_km)
    except (TypeError, ValueError):
        raise GeometryError(f"{allowed}; got {step_km!r}") from None
    if isinstance(step_km, bool) or not (np.isfinite(step) and step > 0):
        raise GeometryError(f"{allowed}; got {step_km!r}")
    n = np.ceil(total_km / step)
    if not n + 1 <= MAX_SAMPLES:
        raise GeometryError(f"{allowed}; got {step_km!r}")
    return n


@dataclass(frozen=True, eq=False)
class TrackAnalysis:
    """One track under one architecture.

    Attributes:
        track: the track spec.
        architecture: its name.
        rule: the engagement rule applied, in words.
        segments: one row per segment (between consecutive samples): ``s0_km``,
            ``s1_km``, ``lon``, ``lat`` (midpoint), ``territory`` (party of the land
            below), ``owner`` (responsible party there), ``responsible`` (who the rule
            lets engage if covered: the owner under ``sectoral``, the end-territory party
            under ``independent``), ``overlapping`` (comma-separated parties whose
            interceptor footprints overlap), ``may_engage`` (``""``: nobody).
        summary: kilometres per ``party`` and ``status`` (``may engage``, ``overlaps,
            not responsible``, ``responsible, no footprint``).
        handovers: where ``may_engage`` changes: ``s_km``, ``lon``, ``lat``, ``from``,
            ``to``.
        length_km: the track's geodesic length.
        end_party: the party whose territory the track ends in (``""``: none).
        lon, lat: the sampled points (degrees), ``as_of``: the scenario's date.
        start_party: the party whose territory the track starts in (``""``: none).
        others_reach_km: for a track starting in a party's territory, km inside another
            party's interceptor reach: ``party -> km`` and ``"any"`` (inside at least
            one; :func:`~mdcoverage.reach.track_reach_km`); empty otherwise. Geometry
            only: overlap on a map is not a capability.
    """

    track: TrackSpec
    architecture: str
    rule: str
    segments: pd.DataFrame
    summary: pd.DataFrame
    handovers: pd.DataFrame
    length_km: float
    end_party: str
    lon: np.ndarray
    lat: np.ndarray
    as_of: dt.date | None = None
    start_party: str = ""
    others_reach_km: dict[str, float] = field(default_factory=dict)


def point_countries(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """The ``adm0_a3`` key of the country below each point (degrees; ``""`` at sea)."""
    tree, keys = _country_tree()
    pi, ci = tree.query(shapely.points(lon, lat), predicate="intersects")
    out = np.full(len(lon), "", dtype=object)
    out[pi] = keys[ci]
    return out


@functools.cache
def _country_tree() -> tuple[shapely.STRtree, np.ndarray]:
    c = geodata.countries()
    return shapely.STRtree(c.geometry.values), c.index.to_numpy()


def segment_midpoints(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The geodesic midpoints of consecutive points (degrees, longitudes in [-180, 180])."""
    az, _, d = geodesy.GEOD.inv(lon[:-1], lat[:-1], lon[1:], lat[1:], return_back_azimuth=False)
    mlon, mlat, _ = geodesy.GEOD.fwd(lon[:-1], lat[:-1], az, np.asarray(d) / 2.0)
    return (np.asarray(mlon) + 180.0) % 360.0 - 180.0, np.asarray(mlat)


def party_coverage(lon: np.ndarray, lat: np.ndarray, sites: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per party with interceptors (sorted by name): whether any of its interceptor
    footprints contains each point (degrees; ``sites``: :func:`~mdcoverage.coverage.
    site_table`)."""
    m, inter = within_footprints(pd.DataFrame({"lon": lon, "lat": lat}), sites, "interceptor")
    site_party = inter["party"].to_numpy(dtype=object) if len(inter) else np.array([], object)
    return {p: m[:, site_party == p].any(axis=1) for p in sorted(set(site_party))}


def may_engage(responsible: np.ndarray, covered: dict[str, np.ndarray]) -> np.ndarray:
    """Who may engage on each segment: the party the rule lets engage (``responsible``,
    :meth:`~mdcoverage.architectures.Architecture.engaging_party`) where its own
    interceptor footprints cover the segment (``covered``: :func:`party_coverage`), else
    ``""``."""
    responsible = np.asarray(responsible, dtype=object)
    may = np.full(len(responsible), "", dtype=object)
    for p, cov in covered.items():
        may[(responsible == p) & cov] = p
    return may


def track_summary(
    s_km: np.ndarray, responsible: np.ndarray, covered: dict[str, np.ndarray], may: np.ndarray
) -> pd.DataFrame:
    """Kilometres per ``party`` and ``status``: ``may engage``, ``overlaps, not
    responsible``, ``responsible, no footprint``, and ``nobody may engage`` (party ``""``).
    ``s_km``: distances of the samples; the other arguments per segment."""
    length = np.diff(s_km)
    none = np.zeros(len(length), bool)
    rows = []
    for p in sorted(set(covered) | {r for r in responsible if r}):
        cov, resp = covered.get(p, none), responsible == p
        rows += [
            {"party": p, "status": "may engage", "km": float(length[may == p].sum())},
            {
                "party": p,
                "status": "overlaps, not responsible",
                "km": float(length[cov & ~resp].sum()),
            },
            {
                "party": p,
                "status": "responsible, no footprint",
                "km": float(length[resp & ~cov].sum()),
            },
        ]
    rows.append({"party": "", "status": "nobody may engage", "km": float(length[may == ""].sum())})
    return pd.DataFrame(rows)


def handovers(lon: np.ndarray, lat: np.ndarray, s_km: np.ndarray, may: np.ndarray) -> pd.DataFrame:
    """Where ``may`` (per segment) changes: ``s_km``, ``lon``, ``lat`` (the sample
    between the two segments), ``from``, ``to``."""
    change = np.flatnonzero(may[1:] != may[:-1]) + 1
    return pd.DataFrame(
        {
            "s_km": s_km[change],
            "lon": lon[change],
            "lat": lat[change],
            "from": may[change - 1],
            "to": may[change],
        }
    )


def analyse_track(
    scenario: Scenario,
    track: TrackSpec | str | int,
    architecture: int | str | Architecture = 0,
    *,
    step_km: float = STEP_KM,
) -> TrackAnalysis:
    """Analyse one track of a scenario under one of its architectures (each segment is
    evaluated at its geodesic midpoint)."""
    spec = _pick_track(scenario, track)
    arch = pick_architecture(scenario, architecture)
    lon, lat, s_km = sample_track(spec.start, spec.end, step_km=step_km)
    mlon, mlat = segment_midpoints(lon, lat)
    table = country_party_table(scenario_parties(scenario), scenario.as_of, dependencies=True)
    keys = point_countries(mlon, mlat)
    territory = np.where(keys == "", "", table.reindex(keys).fillna("").to_numpy(dtype=object))
    owner = arch.track_owner(mlon, mlat, keys, table, region(scenario.region))
    covered = party_coverage(mlon, mlat, site_table(scenario))
    start_key, end_key = point_countries(
        np.array([spec.start[0], spec.end[0]]), np.array([spec.start[1], spec.end[1]])
    )
    start_party = table.get(start_key, "") if start_key else ""
    end_party = table.get(end_key, "") if end_key else ""
    responsible = arch.engaging_party(owner, end_party)
    may = may_engage(responsible, covered)
    overlapping = [",".join(p for p in covered if covered[p][i]) for i in range(len(mlon))]
    seg = pd.DataFrame(
        {
            "s0_km": s_km[:-1],
            "s1_km": s_km[1:],
            "lon": mlon,
            "lat": mlat,
            "territory": territory.astype(object),
            "owner": owner,
            "responsible": responsible,
            "overlapping": np.array(overlapping, dtype=object),
            "may_engage": may,
        }
    )
    return TrackAnalysis(
        track=spec,
        architecture=arch.name,
        rule=arch.engagement_rule,
        segments=seg,
        summary=track_summary(s_km, responsible, covered, may),
        handovers=handovers(lon, lat, s_km, may),
        length_km=float(s_km[-1]),
        end_party=end_party,
        lon=lon,
        lat=lat,
        as_of=scenario.as_of,
        start_party=start_party,
        others_reach_km=track_reach_km(s_km, covered, start_party) if start_party else {},
    )


def analyse_tracks(scenario: Scenario, *, step_km: float = STEP_KM) -> list[TrackAnalysis]:
    """Every track of a scenario under every architecture."""
    return [
        analyse_track(scenario, t, a, step_km=step_km)
        for t in range(len(scenario.tracks))
        for a in range(len(scenario.architectures))
    ]


def _pick_track(scenario: Scenario, which: TrackSpec | str | int) -> TrackSpec:
    if isinstance(which, TrackSpec):
        return which
    if isinstance(which, int):
        if not -len(scenario.tracks) <= which < len(scenario.tracks):
            raise UnknownNameError(
                "track index of this scenario",
                which,
                [str(i) for i in range(len(scenario.tracks))],
            )
        return scenario.tracks[which]
    for t in scenario.tracks:
        if t.name.lower() == str(which).strip().lower():
            return t
    raise UnknownNameError("track", which, [t.name for t in scenario.tracks])
