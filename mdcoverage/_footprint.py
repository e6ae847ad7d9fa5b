"""The footprint engine (private): exact geodesic footprints in any target CRS.

:mod:`mdcoverage.geodesy` is the public face (validation, the documented limits); this
module builds the polygons. See the geodesy module notes for the method and the
guarantees: boundary vertices ``GEOD.fwd(site, azimuth, distance)``, projected to the
target CRS through one cached transformer, refined adaptively until every edge is within
:func:`~mdcoverage._rings.footprint_tolerance_km` of the exact curve, then assembled into valid
polygons (antimeridian cuts, poles, projection antipodes).

Its public names (no leading underscore) are the Earth constants shared with
:mod:`~mdcoverage.geodesy` and :func:`build_footprints`; the boundary parameters (tolerance,
vertex counts, rings) come from :mod:`mdcoverage._rings`.
"""

from __future__ import annotations

import collections
import dataclasses
import functools
import hashlib
import math
import threading

import numpy as np
import pyproj
import shapely

from ._assembly import (
    DROPPED,
    PUSHED,
    WORLD,
    assemble_lonlat,
    assemble_simple,
    closed_ring,
    enclosed,
    polygonal_part,
    valid_polygon,
)
from ._parallel import GEOD, parallel_fwd, parallel_inv
from ._rings import (
    Rings,
    footprint_tolerance_km,
    initial_vertices,
    mirror_sources,
    rings_of,
)
from .crs import LONLAT, as_crs, lonlat_transformer
from .errors import GeometryError

#: Largest allowed radius [km]: the geodesic pole-to-pole distance along a meridian
#: (20,003.93 km). On WGS84 no two points are farther apart, so a footprint of this
#: radius covers the whole Earth.
MAX_RADIUS_KM: float = float(GEOD.inv(0.0, 90.0, 0.0, -90.0)[2]) / 1000.0

_A_KM = GEOD.a / 1000.0  # equatorial radius
_B_KM = GEOD.b / 1000.0  # polar semi-axis
_E = math.sqrt(GEOD.es)

#: Surface area of the WGS84 ellipsoid [km^2] (510,065,621.7 km^2).
EARTH_AREA_KM2: float = 2.0 * math.pi * _A_KM**2 * (1.0 + (1.0 - GEOD.es) / _E * math.atanh(_E))

_AUTHALIC_KM = math.sqrt(EARTH_AREA_KM2 / (4.0 * math.pi))

#: Equal-area and equidistant azimuthal targets: footprints are clipped to the points
#: farther than this [km] from the antipode of the projection centre (that antipode maps
#: onto the whole rim of the map).
DOMAIN_MARGIN_KM: float = 100.0

# Geodesics from any site are shortest paths up to at least pi*b (the equatorial case).
_CUT_LOCUS_KM = math.pi * _B_KM - 1.0
# Radii this close to MAX_RADIUS_KM cover the whole Earth.
_WHOLE_EARTH_KM = MAX_RADIUS_KM - 1e-6
# Sites this close to a pole [deg] are treated as at the pole.
_POLE_SNAP_DEG = 1e-9

# --------------------------------------------------------------------------- targets

_AZIMUTHAL = {
    "Lambert Azimuthal Equal Area": "margin",
    "Lambert Azimuthal Equal Area (Spherical)": "margin",
    "Azimuthal Equidistant": "margin",
    "Modified Azimuthal Equidistant": "margin",
    "Stereographic": "hemisphere",
    "Oblique Stereographic": "hemisphere",
    "Polar Stereographic (variant A)": "hemisphere",
    "Polar Stereographic (variant B)": "hemisphere",
    "Polar Stereographic (variant C)": "hemisphere",
    "Orthographic": "visible",
}


@dataclasses.dataclass(frozen=True, eq=False)
class _Target:
    crs: pyproj.CRS
    kind: str  # "geographic" | "azimuthal" | "other"
    transformer: pyproj.Transformer | None  # WGS84 lon/lat -> target (None: identity)
    unit_km: float = 1.0  # target units -> km
    centre: tuple[float, float] = (0.0, 0.0)  # azimuthal: projection centre (lon, lat)
    antipode: tuple[float, float] = (180.0, 0.0)  # azimuthal: its antipode
    z_km: float = 0.0  # radius of the excluded zone around the antipode
    method: str = ""  # projection method name

    def project(self, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if self.transformer is None:
            return lon, lat
        x, y = self.transformer.transform(lon, lat)
        return np.asarray(x, dtype=float), np.asarray(y, dtype=float)

    def unproject(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if self.transformer is None:
            return x, y
        lon, lat = self.transformer.transform(x, y, direction="INVERSE")
        return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)

    @functools.cached_property
    def centre_xy(self) -> tuple[float, float]:
        x, y = self.project(np.array([self.centre[0]]), np.array([self.centre[1]]))
        return float(x[0]), float(y[0])

    def min_scale(self, x: np.ndarray, y: np.ndarray) -> np.ndarray | float:
        """Smallest local scale factor of the projection (map length / ground length).

        Equal-area azimuthal maps squeeze radial lengths by cos(c/2) towards the rim (c =
        angle from the centre), orthographic ones by cos(c); the others do not shrink.
        """
        if self.kind != "azimuthal" or not self.method.startswith(
            ("Lambert Azimuthal", "Orthographic")
        ):
            return 1.0
        x0, y0 = self.centre_xy
        rho = np.hypot(x - x0, y - y0) * self.unit_km
        if self.method.startswith("Lambert Azimuthal"):
            q = rho / (2.0 * _AUTHALIC_KM)
        else:
            q = rho / _A_KM
        return np.sqrt(np.clip(1.0 - q * q, 1e-12, 1.0))

    @functools.cached_property
    def domain(self) -> shapely.Polygon:
        """Azimuthal targets: the usable domain as a polygon in the target CRS."""
        lon0, lat0 = self.antipode
        alpha = np.linspace(0.0, 360.0, 257)
        rings = Rings(
            slon=np.array([lon0]),
            slat=np.array([lat0]),
            polar=np.array([abs(lat0) == 90.0]),
            radius_km=np.array([self.z_km]),
            counts=np.array([alpha.size]),
            alpha=alpha,
            s_km=np.full(alpha.size, self.z_km),
        )
        # the clip line is an artefact of the map: drawn to within 1 km
        _, x, y, _ = _sample(rings, self, push=None, lens=None, tol_km=np.array([1.0]))
        return shapely.Polygon(np.column_stack([x, y]))


def _param(op, *names: str) -> float | None:
    for p in op.params:
        if p.name in names:
            return float(p.value)
    return None


@functools.lru_cache(maxsize=128)
def _target(crs: pyproj.CRS) -> _Target:
    if crs.is_geographic:
        same = crs.equals(LONLAT, ignore_axis_order=True)
        tr = None if same else pyproj.Transformer.from_crs(LONLAT, crs, always_xy=True)
        return _Target(crs=crs, kind="geographic", transformer=tr)
    if not crs.is_projected:
        raise GeometryError(
            f"crs {crs.name!r} is neither geographic nor projected; footprints need a "
            "lon/lat or a projected CRS"
        )
    unit_km = crs.axis_info[0].unit_conversion_factor / 1000.0 if crs.axis_info else 1e-3
    op = crs.coordinate_operation
    method = op.method_name if op is not None else ""
    tr = lonlat_transformer(crs)
    family = _AZIMUTHAL.get(method)
    if family is not None:
        lat0 = _param(op, "Latitude of natural origin", "Latitude of projection centre")
        lon0 = _param(op, "Longitude of natural origin", "Longitude of projection centre")
        if method.startswith("Polar Stereographic") and lat0 is None:
            ts = _param(op, "Latitude of standard parallel", "Latitude of false origin")
            lat0 = 90.0 if (ts is None or ts >= 0) else -90.0
            lon0 = _param(op, "Longitude of origin") if lon0 is None else lon0
        if lat0 is not None and lon0 is not None:
            lon0 = (lon0 + 180.0) % 360.0 - 180.0
            alon = lon0 + 180.0 if lon0 <= 0 else lon0 - 180.0
            z = {
                "margin": DOMAIN_MARGIN_KM,
                "hemisphere": MAX_RADIUS_KM / 2.0,
                "visible": MAX_RADIUS_KM / 2.0 + DOMAIN_MARGIN_KM,
            }[family]
            return _Target(
                crs=crs,
                kind="azimuthal",
                transformer=tr,
                unit_km=unit_km,
                centre=(lon0, lat0),
                antipode=(alon, -lat0),
                z_km=z,
                method=method,
            )
    return _Target(crs=crs, kind="other", transformer=tr, unit_km=unit_km)


# --------------------------------------------------------------------------- sampling


def _evaluate(rings: Rings, ring: np.ndarray, alpha: np.ndarray, s_km: np.ndarray, src=None):
    """Lon/lat of parameter points (exact: GEOD.fwd = inverse site-centred aeqd).

    ``src`` (optional, per point): the index of the point at the mirrored azimuth
    (360° - alpha, same site and distance), or -1. A geodesic circle is symmetric about
    its site's meridian (the ellipsoid is one of revolution), so such a point is that
    point reflected in the meridian: only half of a full circle needs ``GEOD.fwd``.
    """
    polar = rings.polar[ring]
    s_m = s_km * 1000.0
    apex = polar & (s_m == 0.0)
    s_m = np.where(apex, 1e-3, s_m)  # at a pole the azimuth fixes the longitude
    if src is None:
        lon, lat, _ = parallel_fwd(rings.slon[ring], rings.slat[ring], alpha, s_m)
    else:
        lon, lat = _evaluate_mirrored(rings.slon[ring], rings.slat[ring], alpha, s_m, src)
    lon = np.asarray(lon, dtype=float)
    lat = np.where(apex, np.sign(rings.slat[ring]) * 90.0, np.asarray(lat, dtype=float))
    at_site = (s_m == 0.0) & ~polar  # exactly the site (no rounding noise at the apex)
    lon = np.where(at_site, rings.slon[ring], lon)
    lat = np.where(at_site, rings.slat[ring], lat)
    return lon, lat


#: lon/lat of recent first samplings (key: digest of their parameters), so that the
#: footprints of the same sites in another CRS (an export after an assessment) need no
#: second GEOD.fwd: key -> (lon, lat), read-only arrays
_FIRST: collections.OrderedDict[bytes, tuple[np.ndarray, np.ndarray]] = collections.OrderedDict()
_FIRST_LOCK = threading.Lock()
_FIRST_MIN_POINTS = 20_000  # smaller samplings are cheap to redo
_FIRST_KEEP = 2


def _evaluate_first(rings: Rings, ring, alpha, s_km, src):
    """:func:`_evaluate` of a first sampling, remembered for the same sites in another
    CRS (:data:`_FIRST`)."""
    if alpha.size < _FIRST_MIN_POINTS:
        return _evaluate(rings, ring, alpha, s_km, src)
    h = hashlib.blake2b(digest_size=20)
    for a in (rings.slon, rings.slat, rings.polar, rings.counts, alpha, s_km):
        h.update(np.ascontiguousarray(a).tobytes())
    key = h.digest()
    with _FIRST_LOCK:
        hit = _FIRST.get(key)
        if hit is not None:
            _FIRST.move_to_end(key)
            return hit
    lon, lat = _evaluate(rings, ring, alpha, s_km, src)
    lon.setflags(write=False)
    lat.setflags(write=False)
    with _FIRST_LOCK:
        _FIRST[key] = (lon, lat)
        while len(_FIRST) > _FIRST_KEEP:
            _FIRST.popitem(last=False)
    return lon, lat


def _evaluate_mirrored(slon, slat, alpha, s_m, src):
    """``GEOD.fwd`` of the points with ``src < 0``; the others reflect point ``src``."""
    direct = src < 0
    lon, lat = np.empty(alpha.size), np.empty(alpha.size)
    d = np.flatnonzero(direct)
    lon[d], lat[d], _ = parallel_fwd(slon[d], slat[d], alpha[d], s_m[d])
    m = np.flatnonzero(~direct)
    k = src[m]
    dlon = (lon[k] - slon[m] + 180.0) % 360.0 - 180.0
    mlon = slon[m] - dlon
    lon[m] = np.where(mlon > 180.0, mlon - 360.0, np.where(mlon < -180.0, mlon + 360.0, mlon))
    lat[m] = lat[k]
    return lon, lat


def _sample(
    rings: Rings,
    target: _Target,
    *,
    push: np.ndarray | None,
    lens: np.ndarray | None,
    tol_km: np.ndarray | None = None,
    max_iter: int = 40,
):
    """Sample the rings and refine them adaptively in the target CRS.

    ``push`` (bool per ring): move points within ``target.z_km`` of the projection
    antipode onto that circle (along geodesics from the antipode). ``lens`` (bool per
    ring): flag points whose geodesic from the site is no longer a shortest path.
    ``tol_km``: tolerance per ring (default :func:`footprint_tolerance_km`), a ground
    distance: an edge passes when the ground distance between its midpoint (in the
    target CRS) and the curve's midpoint is within it.

    Returns ``(ring_id, x, y, flags)`` sorted by ring and position.
    """
    # long-function: one refinement loop whose state (8 parallel arrays) stays together
    counts = rings.counts
    ring = np.repeat(np.arange(counts.size), counts)
    alpha, s = rings.alpha, rings.s_km
    key = (np.arange(alpha.size) - np.repeat(np.cumsum(counts) - counts, counts)).astype(float)
    tol = footprint_tolerance_km(rings.radius_km) if tol_km is None else tol_km
    src = mirror_sources(rings, ring, counts)
    x, y, flags, _, _ = _evaluate_flagged(
        rings, target, push, lens, ring, alpha, s, src, first=True
    )
    refined = False
    budget = 64 * alpha.size + 100_000  # safety net against runaway refinement
    ia, ib = _edges_to_check(rings, target, ring, alpha, x, y, tol)
    for _ in range(max_iter):
        if ia.size == 0:
            break
        rm = ring[ia]
        am = 0.5 * (alpha[ia] + alpha[ib])
        sm = 0.5 * (s[ia] + s[ib])
        xm, ym, fm, lon_m, lat_m = _evaluate_flagged(rings, target, push, lens, rm, am, sm)
        dev, dlon = _midpoint_deviation(target, x, y, ia, ib, xm, ym, lon_m, lat_m)
        bad = ~(dev <= tol[rm])
        if dlon is not None:
            bad |= np.abs(dlon) > 20.0
        # around a pole apex the azimuth is the only guide to the longitude
        bad |= rings.polar[rm] & (np.abs(alpha[ib] - alpha[ia]) > 5.0)
        bad &= ((flags[ia] | flags[ib] | fm) & DROPPED) == 0
        bad &= (np.abs(alpha[ib] - alpha[ia]) > 1e-11) | (np.abs(s[ib] - s[ia]) > 1e-12)
        if not bad.any() or alpha.size > budget:
            break
        new = np.arange(alpha.size, alpha.size + int(bad.sum()))
        ring = np.concatenate([ring, rm[bad]])
        alpha = np.concatenate([alpha, am[bad]])
        s = np.concatenate([s, sm[bad]])
        key = np.concatenate([key, 0.5 * (key[ia] + key[ib])[bad]])
        x = np.concatenate([x, xm[bad]])
        y = np.concatenate([y, ym[bad]])
        flags = np.concatenate([flags, fm[bad]])
        ia, ib = np.concatenate([ia[bad], new]), np.concatenate([new, ib[bad]])
        refined = True
    if not refined:  # the first sampling is in ring and position order already
        return ring, x, y, flags
    order = np.lexsort((key, ring))
    return ring[order], x[order], y[order], flags[order]


def _evaluate_flagged(
    rings: Rings, target: _Target, push, lens, rg, al, sk, src=None, first=False
):
    """Projected points of parameters (rg, al, sk), their flags and lon/lat (``src``:
    see :func:`_evaluate`; ``first``: the first sampling, see :func:`_evaluate_first`)."""
    if first:
        lon, lat = _evaluate_first(rings, rg, al, sk, src)
    else:
        lon, lat = _evaluate(rings, rg, al, sk, src)
    flags = np.zeros(lon.size, dtype=np.int8)
    if lens is not None:
        m = lens[rg]
        if m.any():
            _, _, d = GEOD.inv(rings.slon[rg[m]], rings.slat[rg[m]], lon[m], lat[m])
            flags[np.flatnonzero(m)[np.asarray(d) < sk[m] * 1000.0 - 1e-3]] |= DROPPED
    if push is not None and push[rg].any():
        lon, lat = lon.copy(), lat.copy()  # (a first sampling's may be shared)
        _push_off_antipode(target, np.flatnonzero(push[rg]), lon, lat, flags)
    x, y = target.project(lon, lat)
    return x, y, flags, lon, lat


def _push_off_antipode(target: _Target, idx, lon, lat, flags) -> None:
    """Move points ``idx`` closer than ``z_km`` to the projection antipode onto that
    circle (in place), flagging them PUSHED."""
    alon, alat = target.antipode
    a_lon = np.full(idx.size, alon)
    a_lat = np.full(idx.size, alat)
    az, _, d = GEOD.inv(a_lon, a_lat, lon[idx], lat[idx])
    inz = np.asarray(d) < target.z_km * 1000.0
    if inz.any():
        plon, plat, _ = GEOD.fwd(
            a_lon[inz],
            a_lat[inz],
            np.asarray(az)[inz],
            np.full(int(inz.sum()), target.z_km * 1000.0),
        )
        lon[idx[inz]] = plon
        lat[idx[inz]] = plat
        flags[idx[inz]] |= PUSHED


def _edges_to_check(rings: Rings, target: _Target, ring, alpha, x, y, tol):
    """Edges (ia, ib) of the first sampling that need the exact midpoint test.

    Screening: where the curve is smooth at the sampling step, the sagitta of a chord
    is ~1/8 of the second difference of the samples. Segments estimated well below
    the tolerance are accepted; the others get the exact midpoint test.
    """
    geographic = target.kind == "geographic"
    ia = np.flatnonzero(ring[:-1] == ring[1:])
    ib = ia + 1
    est = _second_difference_km(x, y, ring, geographic, target.unit_km)
    est = est / target.min_scale(x, y)
    seg_est = np.maximum(est[ia], est[ib])
    check = ~(seg_est < 0.5 * tol[ring[ia]])
    check |= rings.polar[ring[ia]] & (np.abs(alpha[ib] - alpha[ia]) > 5.0)
    if geographic:
        check |= np.abs((x[ib] - x[ia] + 180.0) % 360.0 - 180.0) > 20.0
    return ia[check], ib[check]


def _midpoint_deviation(target: _Target, x, y, ia, ib, xm, ym, lon_m, lat_m):
    """Ground distance [km] between each edge's midpoint (a point of the target CRS) and
    the curve's midpoint; and, for lon/lat targets, the edges' longitude spans."""
    dlon = None
    if target.kind == "geographic":
        dlon = (x[ib] - x[ia] + 180.0) % 360.0 - 180.0
        c_lon, c_lat = x[ia] + 0.5 * dlon, 0.5 * (y[ia] + y[ib])
    else:
        c_lon, c_lat = target.unproject(0.5 * (x[ia] + x[ib]), 0.5 * (y[ia] + y[ib]))
    with np.errstate(invalid="ignore"):
        _, _, dev = parallel_inv(c_lon, np.clip(c_lat, -90.0, 90.0), lon_m, lat_m)
    dev = np.asarray(dev) / 1000.0
    if dlon is None:  # where the inverse projection fails: map distance / scale
        lost = ~np.isfinite(dev)
        if lost.any():
            cx, cy = 0.5 * (x[ia] + x[ib]), 0.5 * (y[ia] + y[ib])
            approx = np.hypot(xm - cx, ym - cy) * target.unit_km
            approx = approx / target.min_scale(cx, cy)
            dev = np.where(lost, approx, dev)
    return dev, dlon


def _second_difference_km(x, y, ring, geographic: bool, unit_km: float) -> np.ndarray:
    """|P[i-1] - 2 P[i] + P[i+1]| / 8 [km] per sample (inf at ring ends)."""
    est = np.full(x.size, np.inf)
    if x.size < 3:
        return est
    dx1, dx2 = x[1:-1] - x[:-2], x[2:] - x[1:-1]
    dy1, dy2 = y[1:-1] - y[:-2], y[2:] - y[1:-1]
    if geographic:
        dx1 = (dx1 + 180.0) % 360.0 - 180.0
        dx2 = (dx2 + 180.0) % 360.0 - 180.0
        kx = np.cos(np.radians(y[1:-1])) * 111.32
        dd = np.hypot((dx2 - dx1) * kx, (dy2 - dy1) * 110.57)
    else:
        dd = np.hypot(dx2 - dx1, dy2 - dy1) * unit_km
    same = (ring[:-2] == ring[1:-1]) & (ring[1:-1] == ring[2:])
    est[1:-1] = np.where(same & np.isfinite(dd), dd / 8.0, np.inf)
    return est


def _assemble_azimuthal(target: _Target, x, y, flags, contains_antipode: bool) -> shapely.Geometry:
    x, y = closed_ring(x, y)
    if x.size < 4:
        return target.domain if contains_antipode else shapely.Polygon()
    ring = np.column_stack([x, y])
    if not (flags & PUSHED).any():
        if contains_antipode:
            shell = np.asarray(target.domain.exterior.coords)
            return valid_polygon(shell, [ring])
        return valid_polygon(ring)
    inside = enclosed(x, y)
    if contains_antipode:
        return shapely.difference(target.domain, inside)
    return shapely.intersection(inside, target.domain)


def _build(lon, lat, r, bearing, width, target: _Target, n_vertices: int | None) -> np.ndarray:
    """Footprints of 1-d site arrays in a geographic or azimuthal target (``n_vertices``:
    the initial vertices of a full circle, None: :func:`initial_vertices`)."""
    n = lon.size
    out = np.empty(n, dtype=object)
    if n == 0:
        return out
    polar = np.abs(lat) > 90.0 - _POLE_SNAP_DEG
    lat = np.where(polar, np.sign(lat) * 90.0, lat)
    sector = width < 360.0
    r = np.where(sector, np.minimum(r, MAX_RADIUS_KM - 1e-3), r)
    whole = ~sector & (r >= _WHOLE_EARTH_KM)
    r, d_anti = _widen_singular(lon, lat, r, whole, target)
    todo, contains = _trivial_footprints(out, lon, lat, r, bearing, width, whole, d_anti, target)
    if todo.size == 0:
        return _finish(out, target)
    inner = np.zeros(n)
    if target.kind == "azimuthal":
        # a sector whose apex is the projection's antipode: cut it at the zone's edge
        apex_anti = sector & (d_anti < 1e-6)
        inner[apex_anti] = target.z_km
        contains &= ~apex_anti
    nv = initial_vertices(r) if n_vertices is None else np.full(n, n_vertices)
    rings = rings_of(lon, lat, polar, r, bearing, width, inner, todo, nv)
    lens = r[todo] >= _CUT_LOCUS_KM
    push = None
    if target.kind == "azimuthal":
        margin = target.z_km + max(1.0, 0.01 * target.z_km) + 1e-4 * r[todo]
        near_z = np.abs(d_anti[todo] - r[todo]) <= margin
        near_z |= sector[todo] & (d_anti[todo] <= r[todo] + margin)
        near_z &= inner[todo] == 0.0
        push = near_z if near_z.any() else None
    sampled = _sample(rings, target, push=push, lens=lens if lens.any() else None)
    checked = _assemble(out, todo, sampled, target, lens, contains)
    return _finish(out, target, checked=checked)


def _widen_singular(lon, lat, r, whole, target: _Target):
    """A boundary exactly through a pole (geographic) or through the projection's
    antipode (azimuthal) is singular: widen such a radius by 2 mm. Returns the radii and
    (azimuthal) the distances [km] from the sites to the antipode."""
    n = lon.size
    singular, d_anti = [], None
    if target.kind == "geographic":
        for plat in (90.0, -90.0):
            _, _, d = GEOD.inv(lon, lat, lon, np.full(n, plat))
            singular.append(np.asarray(d) / 1000.0)
    else:
        alon, alat = target.antipode
        _, _, d = GEOD.inv(lon, lat, np.full(n, alon), np.full(n, alat))
        d_anti = np.asarray(d) / 1000.0
        singular.append(d_anti)
    for d in singular:
        near = np.abs(d - r) < 1e-6
        r = np.where(near & ~whole, r + 2e-6, r)
    return r, d_anti


def _trivial_footprints(out, lon, lat, r, bearing, width, whole, d_anti, target: _Target):
    """Fill the whole-Earth (and, azimuthal, wholly excluded) footprints into ``out``;
    return the indices still to build and (azimuthal) whether each contains the
    projection's antipode."""
    if target.kind == "geographic":
        out[whole] = WORLD
        return np.flatnonzero(~whole), None
    n, sector = lon.size, width < 360.0
    for i in np.flatnonzero(whole):
        out[i] = target.domain
    # antipode inside the footprint? (sectors: also within the wedge)
    contains = d_anti <= r
    if sector.any():
        alon, alat = target.antipode
        az, _, _ = GEOD.inv(lon, lat, np.full(n, alon), np.full(n, alat))
        diff = (np.asarray(az) - bearing + 180.0) % 360.0 - 180.0
        contains &= ~sector | (np.abs(diff) <= width / 2.0) | (d_anti == 0.0)
    empty = (d_anti + r <= target.z_km) & ~whole
    for i in np.flatnonzero(empty):
        out[i] = shapely.Polygon()
    return np.flatnonzero(~whole & ~empty), contains


def _assemble(out, todo, sampled, target: _Target, lens, contains) -> np.ndarray:
    """Polygons of the sampled rings into ``out[todo]``: the simple ones all at once, the
    others one by one. Returns the indices whose polygons are known to be valid."""
    ring_id, x, y, flags = sampled
    keep = (flags & DROPPED) == 0
    ring_id, x, y, flags = ring_id[keep], x[keep], y[keep], flags[keep]
    geographic = target.kind == "geographic"
    skip = lens if geographic else lens | contains[todo]
    simple = assemble_simple(ring_id, x, y, flags, todo.size, geographic, skip)
    done = np.array([g is not None for g in simple], dtype=bool)
    out[todo[done]] = simple[done]
    bounds = np.searchsorted(ring_id, np.arange(todo.size + 1))
    for k in np.flatnonzero(~done):
        i = todo[k]
        sl = slice(bounds[k], bounds[k + 1])
        xs, ys, fs = x[sl], y[sl], flags[sl]
        if geographic:
            out[i] = WORLD if lens[k] and xs.size < 4 else assemble_lonlat(xs, ys)
        elif lens[k] and xs.size < 4:
            out[i] = target.domain
        else:
            out[i] = _assemble_azimuthal(target, xs, ys, fs, bool(contains[i]))
    return todo[done]


def _finish(out: np.ndarray, target: _Target, checked: np.ndarray | None = None) -> np.ndarray:
    """Repair (not expected), orient counter-clockwise, transform geographic targets.
    ``checked``: indices already known to be valid."""
    bad = np.zeros(out.size, dtype=bool)
    rest = np.ones(out.size, dtype=bool)
    if checked is not None:
        rest[checked] = False
    bad[rest] = ~shapely.is_valid(out[rest])
    for i in np.flatnonzero(bad):  # last resort; not expected
        out[i] = polygonal_part(shapely.make_valid(out[i]))
    out = shapely.orient_polygons(out, exterior_cw=False)
    if target.kind == "geographic" and target.transformer is not None:
        tr = target.transformer
        out = shapely.transform(out, lambda c: np.column_stack(tr.transform(c[:, 0], c[:, 1])))
    return np.asarray(out, dtype=object)


def _to_other(geo: np.ndarray, target: _Target) -> np.ndarray:
    """Lon/lat footprints -> a non-azimuthal projected CRS (clip to its area of use)."""
    aou = target.crs.area_of_use
    if aou is not None:
        w, s, e, n = aou.bounds
        if w <= e:
            clip = shapely.box(w, s, e, n)
        else:
            clip = shapely.union(shapely.box(w, s, 180.0, n), shapely.box(-180.0, s, e, n))
        geo = shapely.intersection(geo, clip)
    geo = shapely.segmentize(geo, 0.25)
    tr = target.transformer
    assert tr is not None  # "other" targets are projected

    def fwd(c):
        x, y = tr.transform(c[:, 0], c[:, 1])
        return np.column_stack([x, y])

    out = shapely.transform(geo, fwd)
    coords = shapely.get_coordinates(out)
    if not np.isfinite(coords).all():
        raise GeometryError(
            f"a footprint cannot be represented in CRS {target.crs.name!r} (it reaches "
            "where the projection is undefined); use EPSG:4326, crs.named_crs(...) or "
            "crs.aeqd_crs(...)"
        )
    bad = ~shapely.is_valid(out)
    for i in np.flatnonzero(bad):
        out[i] = polygonal_part(shapely.make_valid(out[i]))
    return np.asarray(shapely.orient_polygons(out, exterior_cw=False), dtype=object)


def build_footprints(
    lon: np.ndarray,
    lat: np.ndarray,
    radius_km: np.ndarray,
    bearing_deg: np.ndarray,
    width_deg: np.ndarray,
    crs: object,
    n_vertices: int | None,
) -> np.ndarray:
    """Footprint polygons of validated, broadcast 1-d site arrays in ``crs`` (see
    :func:`mdcoverage.geodesy.footprint_polygons`, which checks the arguments)."""
    target = _target(as_crs(crs))
    lon, lat, radius_km, bearing_deg, width_deg = (
        np.array(a, dtype=float).ravel() for a in (lon, lat, radius_km, bearing_deg, width_deg)
    )
    sites = (lon, lat, radius_km, bearing_deg, width_deg)
    if target.kind == "other":
        return _to_other(_build(*sites, _target(LONLAT), n_vertices), target)
    return _build(*sites, target, n_vertices)
