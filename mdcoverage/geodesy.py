"""Geodesy on the WGS84 ellipsoid: distances, destinations, footprints, coverage tests.

Arrays in, arrays out; longitude before latitude everywhere; angles in degrees, distances
in kilometres (``_km``), areas in square kilometres (``_km2``). One Earth model for
everything: the WGS84 ellipsoid through :data:`GEOD` (``pyproj.Geod``, i.e.
GeographicLib), so a point that :func:`within_radius` counts as covered also lies inside
the polygon :func:`footprint_polygons` draws, up to the documented discretisation
tolerance.

Footprints
----------
A footprint is the set of points within ``radius_km`` (geodesic distance) of a site,
optionally limited to an azimuth sector (a wedge of ``width_deg`` centred on
``bearing_deg``, clockwise from north, apex at the site). Its boundary is built exactly
in the site's azimuthal-equidistant frame: the vertex at azimuth ``a`` and distance ``s``
is ``GEOD.fwd(site, a, s)``, which is the inverse of PROJ's ellipsoidal ``aeqd``
projection centred on the site (PROJ evaluates that inverse with the same GeographicLib
direct problem). The vertices are then projected to the target CRS, and the boundary is
refined adaptively *in the target CRS* until the midpoint of every edge lies within
:data:`FOOTPRINT_REL_TOL` x ``radius_km`` (ground distance) of the true curve. With the
default ``1e-4`` the drawn boundary is within 100 m of the exact circle for a 1,000 km
radius, and the area error is below 0.02 %.

Target CRSs:

- geographic (EPSG:4326 and other lon/lat CRSs; x = longitude): the boundary is unwrapped
  in longitude; a footprint across the antimeridian becomes a MultiPolygon split at
  +-180; one that contains a pole is closed along the pole edge (latitude +-90), so the
  pole tests as inside; one larger than a hemisphere (containing both poles) is the world
  minus the hole, never an inverted ring.
- azimuthal projections centred on a point ``P`` (Lambert azimuthal equal-area, e.g.
  EPSG:3035 and the polar views of :func:`analysis_crs`; azimuthal equidistant, e.g.
  :func:`aeqd_crs`; stereographic; orthographic): the usable domain is every point
  farther than a margin from the antipode of ``P`` (:data:`DOMAIN_MARGIN_KM`, 100 km,
  for equal-area and equidistant projections, which map that antipode onto the whole rim
  of the map; about a hemisphere around ``P`` for stereographic and orthographic ones). A
  footprint is clipped to that domain: a cap containing the antipode of ``P`` becomes the
  domain minus the uncovered part (a polygon with a hole), never an inverted shape.
- other projected CRSs: best effort; the lon/lat footprint is clipped to the CRS's area
  of use (EPSG database), densified and projected; a footprint that cannot be represented
  raises :class:`~mdcoverage.errors.GeometryError`.

Ellipsoid subtleties: geodesics from a site stop being shortest paths at its cut locus, a
short segment of the antipodal parallel at least ``pi * b`` = 19,970 km away. Below that
radius the aeqd circle *is* the boundary of the footprint. Between 19,970 km and
:data:`MAX_RADIUS_KM` the uncovered remainder is a lens of a few tens of kilometres around
the antipode; vertices whose geodesic is no longer the shortest path are dropped.
Degenerate inputs are nudged far below the tolerance: a boundary exactly through a pole
(or through a projection's antipode) is widened by 2 mm, a sector side exactly along a
meridian is turned by 2e-7 degrees, a site within 1e-9 degrees of a pole is put on it.

Transformers
------------
No per-site transformer is needed: vertices come from ``GEOD.fwd`` and go through one
cached WGS84 lon/lat -> target transformer per CRS. PROJ-string CRSs on WGS84 (such as
:func:`aeqd_crs` and the polar views of :func:`analysis_crs`) get
``Transformer.from_pipeline`` (~0.05 ms, identical output); others ``from_crs`` once.
Measured here: ``Transformer.from_crs(custom aeqd, "EPSG:3035")`` ~90 ms per site.
"""

from __future__ import annotations

import dataclasses
import functools
import math

import numpy as np
import pyproj
import shapely

from .errors import GeometryError, UnknownNameError

__all__ = [
    "DOMAIN_MARGIN_KM",
    "EARTH_AREA_KM2",
    "FOOTPRINT_REL_TOL",
    "GEOD",
    "MAX_RADIUS_KM",
    "aeqd_crs",
    "analysis_crs",
    "area_km2",
    "count_within",
    "destination",
    "distance_km",
    "footprint_polygon",
    "footprint_polygons",
    "footprint_tolerance_km",
    "geodesic_area_km2",
    "validate_lonlat",
    "validate_radius_km",
    "within_radius",
]

#: The Earth model: WGS84 ellipsoid, geodesics by GeographicLib.
GEOD = pyproj.Geod(ellps="WGS84")

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

#: Footprint boundaries are refined until every edge is within this fraction of the
#: radius (ground distance) of the exact geodesic circle (but at least 1 mm).
FOOTPRINT_REL_TOL: float = 1e-4

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
_WGS84 = pyproj.CRS.from_epsg(4326)
_WORLD = shapely.box(-180.0, -90.0, 180.0, 90.0)

# --------------------------------------------------------------------------- validation


def _fmt(value: float) -> str:
    return f"{float(value):.10g}"


def _as_float(value, what: str) -> np.ndarray:
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise GeometryError(
            f"{what} must be a number or an array of numbers; got {value!r}"
        ) from None


def _first_bad(arr: np.ndarray, bad: np.ndarray) -> str:
    idx = int(np.flatnonzero(bad.ravel())[0])
    where = f" (at position {idx})" if arr.size > 1 else ""
    return _fmt(arr.ravel()[idx]) + where


def _broadcast(*arrays: np.ndarray, names: str) -> list[np.ndarray]:
    try:
        return list(np.broadcast_arrays(*arrays))
    except ValueError:
        shapes = ", ".join(str(np.shape(a)) for a in arrays)
        raise GeometryError(
            f"{names} must have the same length or be single numbers; got shapes {shapes}"
        ) from None


def validate_lonlat(lon, lat, *, name: str = "site") -> tuple[np.ndarray, np.ndarray]:
    """Check longitudes and latitudes and return them as float arrays (broadcast).

    Args:
        lon: longitude(s) [deg], finite, in [-180, 180].
        lat: latitude(s) [deg], finite, in [-90, 90].
        name: what the coordinates are, used in the error message.

    Returns:
        ``(lon, lat)`` as float arrays of the broadcast shape.

    Raises:
        GeometryError: naming the first bad value and what is allowed.
    """
    lon = _as_float(lon, f"{name} longitude")
    lat = _as_float(lat, f"{name} latitude")
    lon, lat = _broadcast(lon, lat, names=f"{name} longitude and latitude")
    bad = ~np.isfinite(lon) | (np.abs(lon) > 180.0)
    if bad.any():
        raise GeometryError(
            f"{name} longitude must be a finite number of degrees in [-180, 180]; "
            f"got {_first_bad(lon, bad)}"
        )
    bad = ~np.isfinite(lat) | (np.abs(lat) > 90.0)
    if bad.any():
        raise GeometryError(
            f"{name} latitude must be a finite number of degrees in [-90, 90]; "
            f"got {_first_bad(lat, bad)}"
        )
    return lon, lat


def validate_radius_km(radius_km, *, name: str = "radius_km") -> np.ndarray:
    """Check footprint radii [km] and return them as a float array.

    A radius must be finite, > 0 and <= :data:`MAX_RADIUS_KM` (half the meridian
    circumference, 20,003.9 km).

    Raises:
        GeometryError: e.g. ``radius_km must be > 0 and <= 20003.9 km (half the Earth's
            circumference); got -5``.
    """
    r = _as_float(radius_km, name)
    bad = ~np.isfinite(r) | (r <= 0.0) | (r > MAX_RADIUS_KM * (1.0 + 1e-12))
    if bad.any():
        raise GeometryError(
            f"{name} must be > 0 and <= {MAX_RADIUS_KM:.1f} km (half the Earth's "
            f"circumference); got {_first_bad(r, bad)}"
        )
    return r


def _validate_sector(bearing, width, *, bname="bearing_deg", wname="width_deg"):
    w = _as_float(width, wname)
    bad = ~np.isfinite(w) | (w <= 0.0) | (w > 360.0)
    if bad.any():
        raise GeometryError(
            f"{wname} (sector width) must be > 0 and <= 360 degrees (360 = full circle); "
            f"got {_first_bad(w, bad)}"
        )
    b = _as_float(bearing, bname)
    b, w = _broadcast(b, w, names=f"{bname} and {wname}")
    bad = ~np.isfinite(b) & (w < 360.0)
    if bad.any():
        raise GeometryError(
            f"{bname} (sector centre, degrees clockwise from north) must be a finite "
            f"number; got {_first_bad(b, bad)}"
        )
    return np.where(np.isfinite(b), b, 0.0), w


# --------------------------------------------------------------------------- distances


def _f64(*arrays) -> list[np.ndarray]:
    return [np.ascontiguousarray(a, dtype=float).ravel() for a in arrays]


def distance_km(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Geodesic distance [km] on WGS84 between points 1 and 2 (broadcast).

    Args:
        lon1, lat1: first point(s) [deg].
        lon2, lat2: second point(s) [deg].

    Returns:
        Distances [km], array of the broadcast shape (0-d for scalars).
    """
    lon1, lat1 = validate_lonlat(lon1, lat1, name="first point")
    lon2, lat2 = validate_lonlat(lon2, lat2, name="second point")
    lon1, lat1, lon2, lat2 = _broadcast(lon1, lat1, lon2, lat2, names="the coordinates")
    shape = lon1.shape
    _, _, d = GEOD.inv(*_f64(lon1, lat1, lon2, lat2))
    return (np.asarray(d) / 1000.0).reshape(shape)


def destination(lon, lat, azimuth_deg, distance_km) -> tuple[np.ndarray, np.ndarray]:
    """Point reached from ``(lon, lat)`` along a geodesic (broadcast).

    Args:
        lon, lat: start point(s) [deg].
        azimuth_deg: initial azimuth [deg clockwise from north].
        distance_km: distance along the geodesic [km] (negative goes backwards).

    Returns:
        ``(lon, lat)`` [deg] of the destination(s), longitudes in [-180, 180].
    """
    lon, lat = validate_lonlat(lon, lat, name="start point")
    az = _as_float(azimuth_deg, "azimuth_deg")
    dist = _as_float(distance_km, "distance_km")
    for arr, what in ((az, "azimuth_deg"), (dist, "distance_km")):
        bad = ~np.isfinite(arr)
        if bad.any():
            raise GeometryError(f"{what} must be a finite number; got {_first_bad(arr, bad)}")
    lon, lat, az, dist = _broadcast(lon, lat, az, dist, names="the arguments")
    shape = lon.shape
    lon2, lat2, _ = GEOD.fwd(*_f64(lon, lat, az, dist * 1000.0))
    return np.asarray(lon2).reshape(shape), np.asarray(lat2).reshape(shape)


# --------------------------------------------------------------------------- within radius


def _unit_vectors(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Unit vectors on the auxiliary sphere (parametric latitude), shape (n, 3)."""
    beta = np.arctan((1.0 - GEOD.f) * np.tan(np.radians(lat)))
    beta = np.where(np.abs(lat) == 90.0, np.radians(lat), beta)
    cb = np.cos(beta)
    lam = np.radians(lon)
    return np.stack([cb * np.cos(lam), cb * np.sin(lam), np.sin(beta)], axis=-1)


def within_radius(
    point_lon,
    point_lat,
    site_lon,
    site_lat,
    radius_km,
    *,
    sector: tuple | None = None,
    chunk_rows: int = 2048,
) -> np.ndarray:
    """Which points lie within each site's footprint: a boolean matrix.

    Exactly consistent with ``GEOD.inv``: ``result[i, j]`` is true when
    ``GEOD.inv(site_lon[j], site_lat[j], point_lon[i], point_lat[i])`` gives a distance
    [m] ``<= radius_km[j] * 1000`` (and, for a sector, the azimuth from the site lies in
    the sector; a point at the site itself is inside).

    Method: on the auxiliary sphere (parametric latitude) every geodesic distance ``s``
    satisfies ``b * sigma <= s <= a * sigma`` (``sigma`` = central angle, ``a``/``b`` the
    semi-axes), because the WGS84 metric in those coordinates is squeezed between ``b^2``
    and ``a^2`` times the unit sphere's. So ``sigma <= r / a`` is surely inside and
    ``sigma > r / b`` surely outside; only the borderline band (0.34 % of the radius) is
    decided with ``GEOD.inv``. The central angles come from unit-vector dot products, first
    in float32 with a margin that covers its rounding, then in float64 for the candidates.

    Args:
        point_lon, point_lat: points [deg], any shape (flattened), n points.
        site_lon, site_lat: sites [deg], m sites.
        radius_km: radius per site [km] (scalar or m values).
        sector: optional ``(bearing_deg, width_deg)`` per site (scalars or m values):
            a wedge of ``width_deg`` centred on ``bearing_deg`` (clockwise from north);
            width 360 = full circle (bearing ignored, may be NaN).
        chunk_rows: points per block (memory/cache trade-off).

    Returns:
        Boolean array of shape ``(n_points, n_sites)``.
    """
    plon, plat = (a.ravel() for a in validate_lonlat(point_lon, point_lat, name="point"))
    slon, slat = (a.ravel() for a in validate_lonlat(site_lon, site_lat, name="site"))
    n, m = plon.size, slon.size
    r = validate_radius_km(radius_km)
    r = _broadcast(r.ravel() if r.ndim else r, slon, names="radius_km and the sites")[0]
    r = np.ascontiguousarray(r, dtype=float)
    if sector is not None:
        bearing, width = _validate_sector(*sector)
        bearing, width, _ = (
            np.ascontiguousarray(a, dtype=float)
            for a in _broadcast(
                bearing.ravel() if bearing.ndim else bearing,
                width.ravel() if width.ndim else width,
                slon,
                names="sector and the sites",
            )
        )
    out = np.zeros((n, m), dtype=bool)
    if n == 0 or m == 0:
        return out

    up = _unit_vectors(plon, plat)
    us = _unit_vectors(slon, slat)
    r_m = r * 1000.0
    c_in = np.cos(np.minimum(r_m / GEOD.a, np.pi))  # sigma <= r/a: surely inside
    c_out = np.cos(np.minimum(r_m / GEOD.b, np.pi))  # sigma > r/b: surely outside
    # float32 stage: |dot32 - dot| <= ~3e-7 (inputs rounded to float32, 3-term sums)
    c_in32 = (c_in + 2e-6).astype(np.float32)
    c_out32 = (c_out - 2e-6).astype(np.float32)
    up32 = up.astype(np.float32)
    us32 = np.ascontiguousarray(us.T, dtype=np.float32)
    chunk = max(1, int(chunk_rows))
    dot = np.empty((min(chunk, n), m), dtype=np.float32)
    maybe = np.empty((min(chunk, n), m), dtype=bool)
    cand_i, cand_j = [], []
    for start in range(0, n, chunk):
        stop = min(n, start + chunk)
        k = stop - start
        # numpy's own loops: a k=3 product gains nothing from BLAS, whose threads stall
        # badly when the machine is busy
        np.einsum("ik,kj->ij", up32[start:stop], us32, out=dot[:k], optimize=False)
        block = out[start:stop]
        np.greater_equal(dot[:k], c_in32, out=block)
        np.greater_equal(dot[:k], c_out32, out=maybe[:k])
        maybe[:k] ^= block
        flat = np.flatnonzero(maybe[:k])
        if flat.size:
            i, j = np.divmod(flat, m)
            cand_i.append(i + start)
            cand_j.append(j)
    if cand_i:
        i = np.concatenate(cand_i)
        j = np.concatenate(cand_j)
        d64 = np.einsum("ij,ij->i", up[i], us[j])
        sure = d64 >= c_in[j] + 1e-13
        out[i[sure], j[sure]] = True
        check = ~sure & (d64 >= c_out[j] - 1e-13)
        i, j = i[check], j[check]
        if i.size:
            _, _, d = GEOD.inv(slon[j], slat[j], plon[i], plat[i])
            out[i, j] = np.asarray(d) <= r_m[j]
    if sector is not None:
        sec = np.flatnonzero(width < 360.0)
        if sec.size:
            i, jj = np.nonzero(out[:, sec])
            j = sec[jj]
            if i.size:
                az, _, d = GEOD.inv(slon[j], slat[j], plon[i], plat[i])
                diff = (np.asarray(az) - bearing[j] + 180.0) % 360.0 - 180.0
                ok = (np.abs(diff) <= width[j] / 2.0) | (np.asarray(d) == 0.0)
                out[i[~ok], j[~ok]] = False
    return out


def count_within(
    point_lon, point_lat, site_lon, site_lat, radius_km, *, sector: tuple | None = None
) -> np.ndarray:
    """Number of sites whose footprint contains each point (see :func:`within_radius`).

    Returns:
        Integer array of shape ``(n_points,)``.
    """
    m = within_radius(point_lon, point_lat, site_lon, site_lat, radius_km, sector=sector)
    return m.sum(axis=1)


# --------------------------------------------------------------------------- CRSs

_REGIONS = {
    "europe": "EPSG:3035",
    "arctic": "+proj=laea +lat_0=90 +lon_0=10 +datum=WGS84 +units=m +no_defs +type=crs",
    "north-polar": "+proj=laea +lat_0=90 +lon_0=10 +datum=WGS84 +units=m +no_defs +type=crs",
    "south-polar": "+proj=laea +lat_0=-90 +lon_0=0 +datum=WGS84 +units=m +no_defs +type=crs",
    "antarctic": "+proj=laea +lat_0=-90 +lon_0=0 +datum=WGS84 +units=m +no_defs +type=crs",
}


def analysis_crs(region: str = "europe") -> pyproj.CRS:
    """The equal-area analysis CRS of a region.

    ``"europe"``: EPSG:3035 (ETRS89 LAEA Europe, centre 52N 10E). ``"arctic"`` /
    ``"north-polar"``: LAEA centred on the North Pole (``+proj=laea +lat_0=90 +lon_0=10
    +datum=WGS84``). ``"south-polar"`` / ``"antarctic"``: LAEA centred on the South Pole.

    Raises:
        UnknownNameError: listing the valid names.
    """
    key = str(region).strip().lower()
    if key not in _REGIONS:
        raise UnknownNameError("analysis region", region, _REGIONS)
    return _crs_from_string(_REGIONS[key])


@functools.lru_cache(maxsize=64)
def _crs_from_string(text: str) -> pyproj.CRS:
    return pyproj.CRS.from_user_input(text)


def aeqd_crs(lon: float, lat: float) -> pyproj.CRS:
    """Azimuthal-equidistant CRS centred on a site (WGS84, metres).

    Distances and azimuths from the site are true in it: the point at geodesic distance
    ``s`` and azimuth ``a`` from the site has ``x = s sin a``, ``y = s cos a``.
    """
    lon, lat = validate_lonlat(lon, lat, name="aeqd centre")
    if lon.size != 1:
        raise GeometryError("aeqd_crs takes one centre (a single lon and lat)")
    return _crs_from_string(
        f"+proj=aeqd +lat_0={float(lat)!r} +lon_0={float(lon)!r} +datum=WGS84 "
        "+units=m +no_defs +type=crs"
    )


def _to_crs(crs) -> pyproj.CRS:
    if isinstance(crs, pyproj.CRS):
        return crs
    if isinstance(crs, str | int):
        try:
            return _crs_from_string(str(crs) if isinstance(crs, str) else f"EPSG:{crs}")
        except pyproj.exceptions.CRSError as exc:
            raise GeometryError(f"crs {crs!r} is not a CRS pyproj understands: {exc}") from None
    try:
        return pyproj.CRS.from_user_input(crs)
    except pyproj.exceptions.CRSError as exc:
        raise GeometryError(f"crs {crs!r} is not a CRS pyproj understands: {exc}") from None


_WGS84_PROJ_TOKENS = {"+datum=WGS84": "+ellps=WGS84", "+ellps=WGS84": "+ellps=WGS84"}


def _pipeline_from_proj_string(srs: str) -> str | None:
    """A lon/lat(deg, WGS84) -> CRS pipeline for a PROJ-string CRS on WGS84, else None."""
    tokens = srs.split()
    if not tokens or not tokens[0].startswith("+proj=") or tokens[0] in ("+proj=longlat",):
        return None
    step, datum = [], None
    for tok in tokens:
        if tok in ("+type=crs", "+no_defs", "+wktext"):
            continue
        if tok.startswith(("+datum=", "+ellps=")):
            datum = _WGS84_PROJ_TOKENS.get(tok)
            if datum is None:
                return None
            continue
        if tok.startswith(("+towgs84", "+nadgrids", "+geoidgrids", "+R=", "+a=", "+b=", "+pm=")):
            return None
        if tok.startswith("+axis="):
            return None
        step.append(tok)
    if datum is None:
        return None
    return "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad +step " + " ".join(
        [*step, datum]
    )


@functools.lru_cache(maxsize=128)
def _lonlat_transformer(crs: pyproj.CRS) -> pyproj.Transformer:
    """WGS84 (lon, lat) [deg] -> ``crs`` (x, y). Cached per CRS.

    PROJ-string CRSs on WGS84 (e.g. :func:`aeqd_crs`) get ``Transformer.from_pipeline``
    (~0.05 ms); others ``Transformer.from_crs`` once (a few to ~100 ms, then cached).
    """
    pipeline = _pipeline_from_proj_string(crs.srs or "")
    if pipeline is not None:
        return pyproj.Transformer.from_pipeline(pipeline)
    return pyproj.Transformer.from_crs(_WGS84, crs, always_xy=True)


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
    centre: tuple[float, float] | None = None  # azimuthal: projection centre (lon, lat)
    antipode: tuple[float, float] | None = None
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
        rings = _Rings(
            slon=np.array([lon0]),
            slat=np.array([lat0]),
            polar=np.array([abs(lat0) == 90.0]),
            radius_km=np.array([self.z_km]),
            alpha=[alpha],
            s_km=[np.full(alpha.size, self.z_km)],
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
        same = crs.equals(_WGS84, ignore_axis_order=True)
        tr = None if same else pyproj.Transformer.from_crs(_WGS84, crs, always_xy=True)
        return _Target(crs=crs, kind="geographic", transformer=tr)
    if not crs.is_projected:
        raise GeometryError(
            f"crs {crs.name!r} is neither geographic nor projected; footprints need a "
            "lon/lat or a projected CRS"
        )
    unit_km = crs.axis_info[0].unit_conversion_factor / 1000.0 if crs.axis_info else 1e-3
    op = crs.coordinate_operation
    method = op.method_name if op is not None else ""
    tr = _lonlat_transformer(crs)
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


@dataclasses.dataclass
class _Rings:
    """Boundary rings in the (azimuth, distance) parameters of their sites."""

    slon: np.ndarray  # site per ring
    slat: np.ndarray
    polar: np.ndarray  # site at a pole
    radius_km: np.ndarray  # radius per ring (sets the tolerance)
    alpha: list[np.ndarray]  # closed sequences of azimuths [deg]
    s_km: list[np.ndarray]  # and distances [km]


_PUSHED, _DROPPED = 1, 2


def _evaluate(rings: _Rings, ring: np.ndarray, alpha: np.ndarray, s_km: np.ndarray):
    """Lon/lat of parameter points (exact: GEOD.fwd = inverse site-centred aeqd)."""
    polar = rings.polar[ring]
    s_m = s_km * 1000.0
    apex = polar & (s_m == 0.0)
    s_m = np.where(apex, 1e-3, s_m)  # at a pole the azimuth fixes the longitude
    lon, lat, _ = GEOD.fwd(rings.slon[ring], rings.slat[ring], alpha, s_m)
    lon = np.asarray(lon, dtype=float)
    lat = np.where(apex, np.sign(rings.slat[ring]) * 90.0, np.asarray(lat, dtype=float))
    at_site = (s_m == 0.0) & ~polar  # exactly the site (no rounding noise at the apex)
    lon = np.where(at_site, rings.slon[ring], lon)
    lat = np.where(at_site, rings.slat[ring], lat)
    return lon, lat


def _sample(
    rings: _Rings,
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
    counts = np.array([a.size for a in rings.alpha])
    ring = np.repeat(np.arange(counts.size), counts)
    alpha = np.concatenate(rings.alpha)
    s = np.concatenate(rings.s_km)
    key = np.concatenate([np.arange(c, dtype=float) for c in counts])
    tol = footprint_tolerance_km(rings.radius_km) if tol_km is None else tol_km
    geographic = target.kind == "geographic"

    def evaluate(rg, al, sk):
        lon, lat = _evaluate(rings, rg, al, sk)
        flags = np.zeros(lon.size, dtype=np.int8)
        if lens is not None:
            m = lens[rg]
            if m.any():
                _, _, d = GEOD.inv(rings.slon[rg[m]], rings.slat[rg[m]], lon[m], lat[m])
                flags[np.flatnonzero(m)[np.asarray(d) < sk[m] * 1000.0 - 1e-3]] |= _DROPPED
        if push is not None:
            m = push[rg]
            if m.any():
                alon, alat = target.antipode
                idx = np.flatnonzero(m)
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
                    flags[idx[inz]] |= _PUSHED
        x, y = target.project(lon, lat)
        return x, y, flags, lon, lat

    x, y, flags, _, _ = evaluate(ring, alpha, s)
    budget = 64 * alpha.size + 100_000  # safety net against runaway refinement
    ia = np.flatnonzero(ring[:-1] == ring[1:])
    ib = ia + 1
    # Screening: where the curve is smooth at the sampling step, the sagitta of a chord
    # is ~1/8 of the second difference of the samples. Segments estimated well below
    # the tolerance are accepted; the others get the exact midpoint test below.
    est = _second_difference_km(x, y, ring, geographic, target.unit_km)
    est = est / target.min_scale(x, y)
    seg_est = np.maximum(est[ia], est[ib])
    check = ~(seg_est < 0.5 * tol[ring[ia]])
    check |= rings.polar[ring[ia]] & (np.abs(alpha[ib] - alpha[ia]) > 5.0)
    if geographic:
        check |= np.abs((x[ib] - x[ia] + 180.0) % 360.0 - 180.0) > 20.0
    ia, ib = ia[check], ib[check]
    for _ in range(max_iter):
        if ia.size == 0:
            break
        rm = ring[ia]
        am = 0.5 * (alpha[ia] + alpha[ib])
        sm = 0.5 * (s[ia] + s[ib])
        xm, ym, fm, lon_m, lat_m = evaluate(rm, am, sm)
        # ground distance between the edge's midpoint (a point of the target CRS) and
        # the curve's midpoint
        if geographic:
            dlon = (x[ib] - x[ia] + 180.0) % 360.0 - 180.0
            c_lon, c_lat = x[ia] + 0.5 * dlon, 0.5 * (y[ia] + y[ib])
        else:
            c_lon, c_lat = target.unproject(0.5 * (x[ia] + x[ib]), 0.5 * (y[ia] + y[ib]))
        with np.errstate(invalid="ignore"):
            _, _, dev = GEOD.inv(c_lon, np.clip(c_lat, -90.0, 90.0), lon_m, lat_m)
        dev = np.asarray(dev) / 1000.0
        if not geographic:  # where the inverse projection fails: map distance / scale
            lost = ~np.isfinite(dev)
            if lost.any():
                cx, cy = 0.5 * (x[ia] + x[ib]), 0.5 * (y[ia] + y[ib])
                approx = np.hypot(xm - cx, ym - cy) * target.unit_km
                approx = approx / target.min_scale(cx, cy)
                dev = np.where(lost, approx, dev)
        bad = ~(dev <= tol[rm])
        if geographic:
            bad |= np.abs(dlon) > 20.0
        # around a pole apex the azimuth is the only guide to the longitude
        bad |= rings.polar[rm] & (np.abs(alpha[ib] - alpha[ia]) > 5.0)
        bad &= ((flags[ia] | flags[ib] | fm) & _DROPPED) == 0
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
    order = np.lexsort((key, ring))
    return ring[order], x[order], y[order], flags[order]


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


# --------------------------------------------------------------------------- assembly


def _winding(xr: np.ndarray, yr: np.ndarray, px: np.ndarray, py: np.ndarray) -> np.ndarray:
    """Winding numbers of the closed polyline (xr, yr) around points (px, py)."""
    x0, y0 = xr[:-1, None], yr[:-1, None]
    x1, y1 = xr[1:, None], yr[1:, None]
    cross = (x1 - x0) * (py - y0) - (px - x0) * (y1 - y0)
    up = (y0 <= py) & (y1 > py) & (cross > 0)
    down = (y0 > py) & (y1 <= py) & (cross < 0)
    return up.sum(axis=0) - down.sum(axis=0)


def _enclosed(xr: np.ndarray, yr: np.ndarray):
    """Region with non-zero winding number of a closed polyline (robust to self-contact)."""
    line = shapely.linestrings(np.column_stack([xr, yr]))
    noded = shapely.get_parts(shapely.union_all(line))
    faces = shapely.get_parts(shapely.polygonize(noded))
    faces = faces[~shapely.is_empty(faces)]
    if faces.size == 0:
        return shapely.Polygon()
    pts = shapely.get_coordinates(shapely.point_on_surface(faces))
    w = _winding(xr, yr, pts[:, 0], pts[:, 1])
    keep = faces[w != 0]
    return shapely.union_all(keep) if keep.size else shapely.Polygon()


def _closed_ring(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    keep = np.ones(x.size, dtype=bool)
    keep[1:] = (x[1:] != x[:-1]) | (y[1:] != y[:-1])
    x, y = x[keep], y[keep]
    if x.size and (x[0] != x[-1] or y[0] != y[-1]):
        x, y = np.append(x, x[0]), np.append(y, y[0])
    return x, y


def _polygonal(geom):
    """Polygonal part of a geometry (after make_valid, the last resort)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def _valid_polygon(shell: np.ndarray, holes=()) -> shapely.Geometry:
    poly = shapely.Polygon(shell, holes)
    if shapely.is_valid(poly):
        return poly
    if not holes:
        return _enclosed(shell[:, 0], shell[:, 1])
    outer = _enclosed(shell[:, 0], shell[:, 1])
    for h in holes:
        outer = shapely.difference(outer, _enclosed(h[:, 0], h[:, 1]))
    return outer


def _wrap_pieces(poly) -> shapely.Geometry:
    """A polygon in unwrapped longitudes -> its parts inside [-180, 180] (shifted)."""
    if poly.is_empty:
        return poly
    minx, _, maxx, _ = poly.bounds
    lo = math.floor((minx + 180.0) / 360.0)
    hi = math.floor((maxx + 180.0 - 1e-9) / 360.0)
    if lo == hi == 0:
        return poly
    pieces = []
    for j in range(lo, hi + 1):
        piece = shapely.intersection(
            poly, shapely.box(-180.0 + 360.0 * j, -90.0, 180.0 + 360.0 * j, 90.0)
        )
        if j:
            piece = shapely.transform(piece, lambda c, j=j: c - np.array([360.0 * j, 0.0]))
        pieces.extend(p for p in shapely.get_parts(piece) if p.geom_type == "Polygon")
    return shapely.union_all(pieces) if pieces else shapely.Polygon()


def _assemble_lonlat(lon: np.ndarray, lat: np.ndarray) -> shapely.Geometry:
    """Closed ring in lon/lat (clockwise around the footprint) -> valid lon/lat geometry."""
    lon, lat = _closed_ring(lon, lat)
    # a vertex exactly on the antimeridian makes the cut below degenerate (a crossing at
    # t = 0 or 1): move it off the line by 1e-9 degrees (0.1 mm), far below the tolerance
    on_cut = np.abs(np.abs(lon) - 180.0) < 1e-9
    lon = np.where(on_cut, np.copysign(180.0 - 1e-9, lon), lon)
    if lon.size < 4:
        return shapely.Polygon()
    d = (np.diff(lon) + 180.0) % 360.0 - 180.0
    u = np.concatenate([[lon[0]], lon[0] + np.cumsum(d)])
    k = round((u[-1] - u[0]) / 360.0)
    u[-1] = u[0] + 360.0 * k  # the ring is closed: remove the rounding of the sum
    if k == 0:
        signed2 = np.sum(u[:-1] * lat[1:] - u[1:] * lat[:-1])
        inside = _wrap_pieces(_valid_polygon(np.column_stack([u, lat])))
        if signed2 <= 0:  # clockwise: the footprint is the enclosed region
            return inside
        return shapely.difference(_WORLD, inside)  # contains both poles
    if abs(k) != 1:  # not a simple ring around one pole; should not happen
        return _polygonal(shapely.make_valid(shapely.Polygon(np.column_stack([lon, lat]))))
    # winds once around a pole: clockwise around the footprint means westward around the
    # North Pole (k = -1) or eastward around the South Pole (k = +1)
    pole = 90.0 if k == -1 else -90.0
    n = u.size - 1
    band = np.floor((u + 180.0) / 360.0)
    seg = np.flatnonzero(band[:-1] != band[1:])
    line = -180.0 + 360.0 * np.maximum(band[seg], band[seg + 1])
    t = (line - u[seg]) / (u[seg + 1] - u[seg])
    latc = lat[seg] + t * (lat[seg + 1] - lat[seg])
    best = int(np.argmax(latc)) if pole > 0 else int(np.argmin(latc))
    i, big_l, lat0 = int(seg[best]), float(line[best]), float(latc[best])
    uu = np.concatenate([u, u[1:] + 360.0 * k])
    ll = np.concatenate([lat, lat[1:]])
    start = 180.0 if k == -1 else -180.0
    shift = start - big_l
    body_u = uu[i + 1 : i + 1 + n] + shift
    body_l = ll[i + 1 : i + 1 + n]
    end = start + 360.0 * k
    xs = np.concatenate([[start], body_u, [end, end, start]])
    ys = np.concatenate([[lat0], body_l, [lat0, pole, pole]])
    poly = _valid_polygon(np.column_stack([xs, ys]))
    return _wrap_pieces(poly)


def _ring_params(r_km, bearing, width, n_vertices, inner_km=0.0):
    """Closed (azimuth, distance) sequences of one footprint boundary, clockwise.

    ``inner_km > 0`` (sectors only): cut the wedge at that distance from the apex (an
    annular sector), used when the apex is a projection's singular point.
    """
    if width >= 360.0:
        alpha = np.linspace(0.0, 360.0, n_vertices + 1)
        return alpha, np.full(alpha.size, r_km)
    a1 = bearing - width / 2.0
    a2 = bearing + width / 2.0
    # a side exactly along a meridian would pass through a pole: turn it by 2e-7 deg
    for_side = []
    for a, sign in ((a1, 1.0), (a2, -1.0)):
        if abs(a - 180.0 * round(a / 180.0)) < 1e-7:
            a += sign * 2e-7
        for_side.append(a)
    a1, a2 = for_side
    n_arc = max(2, math.ceil(n_vertices * width / 360.0))
    n_side = 8
    side = np.linspace(inner_km, r_km, n_side + 1)
    if inner_km > 0.0:
        closing_a = np.linspace(a2, a1, n_arc + 1)[1:]
        closing_s = np.full(n_arc, inner_km)
    else:
        closing_a, closing_s = np.array([a1]), np.array([0.0])
    alpha = np.concatenate(
        [np.full(n_side, a1), np.linspace(a1, a2, n_arc + 1), np.full(n_side, a2), closing_a]
    )
    s = np.concatenate([side[:-1], np.full(n_arc + 1, r_km), side[::-1][1:], closing_s])
    return alpha, s


def _assemble_azimuthal(target: _Target, x, y, flags, contains_antipode: bool) -> shapely.Geometry:
    x, y = _closed_ring(x, y)
    if x.size < 4:
        return target.domain if contains_antipode else shapely.Polygon()
    ring = np.column_stack([x, y])
    if not (flags & _PUSHED).any():
        if contains_antipode:
            shell = np.asarray(target.domain.exterior.coords)
            return _valid_polygon(shell, [ring])
        return _valid_polygon(ring)
    inside = _enclosed(x, y)
    if contains_antipode:
        return shapely.difference(target.domain, inside)
    return shapely.intersection(inside, target.domain)


def footprint_tolerance_km(radius_km) -> np.ndarray:
    """Discretisation tolerance of a drawn footprint boundary [km]: every boundary edge is
    within this ground distance of the exact geodesic circle (``1e-4 * radius``, >= 1 mm).
    """
    return np.maximum(FOOTPRINT_REL_TOL * np.asarray(radius_km, dtype=float), 1e-6)


def footprint_polygons(
    lons,
    lats,
    radii_km,
    *,
    crs="EPSG:4326",
    bearings_deg=None,
    widths_deg=None,
    n_vertices: int = 360,
) -> np.ndarray:
    """Footprint polygons of many sites (vectorised; see the module notes).

    Args:
        lons, lats: sites [deg] (broadcast with the radii).
        radii_km: footprint radii [km], > 0 and <= :data:`MAX_RADIUS_KM`.
        crs: target CRS (anything ``pyproj.CRS.from_user_input`` takes). Geographic:
            x = longitude, y = latitude.
        bearings_deg: sector centres [deg clockwise from north] or None.
        widths_deg: sector widths [deg] in (0, 360]; None or 360 = full circle.
        n_vertices: initial vertices on a full circle (default 360: one per degree of
            azimuth); the boundary is then refined where the target CRS bends it until
            every edge is within :func:`footprint_tolerance_km` of the exact curve. Keep
            >= 256 for EPSG:4326 output whose edges may also be read as geodesics (as
            :func:`geodesic_area_km2` does): then those are within tolerance too.

    Returns:
        Object array of valid shapely (Multi)Polygons, exteriors counter-clockwise, in the
        target CRS units; empty polygons for footprints wholly outside a projected
        target's usable domain.

    Raises:
        GeometryError: bad coordinates, radii or sector parameters.
    """
    lon, lat = validate_lonlat(lons, lats, name="site")
    r = validate_radius_km(radii_km)
    if (bearings_deg is None) != (widths_deg is None):
        raise GeometryError(
            "bearings_deg and widths_deg go together: give both (a sector) or neither "
            "(full circles)"
        )
    if widths_deg is None:
        bearing, width = np.zeros(()), np.full((), 360.0)
    else:
        bearing, width = _validate_sector(bearings_deg, widths_deg)
    lon, lat, r, bearing, width = _broadcast(
        lon, lat, r, bearing, width, names="sites, radii and sectors"
    )
    shape = lon.shape
    n_vertices = int(n_vertices)
    if n_vertices < 8:
        raise GeometryError(f"n_vertices must be an integer >= 8; got {n_vertices}")
    target = _target(_to_crs(crs))
    flat = [np.array(a, dtype=float).ravel() for a in (lon, lat, r, bearing, width)]
    if target.kind == "other":
        geo = _build(*flat, _target(_WGS84), n_vertices)
        out = _to_other(geo, target)
    else:
        out = _build(*flat, target, n_vertices)
    return out.reshape(shape)


def footprint_polygon(
    lon: float,
    lat: float,
    radius_km: float,
    *,
    crs="EPSG:4326",
    bearing_deg: float | None = None,
    width_deg: float | None = None,
    n_vertices: int = 360,
) -> shapely.Geometry:
    """Footprint polygon of one site: a geodesic circle or azimuth sector.

    See :func:`footprint_polygons` (this is its single-site form).
    """
    if np.size(lon) != 1 or np.size(lat) != 1 or np.size(radius_km) != 1:
        raise GeometryError("footprint_polygon takes one site; use footprint_polygons")
    if (bearing_deg is None) != (width_deg is None):
        raise GeometryError(
            "bearing_deg and width_deg go together: give both (a sector) or neither "
            "(a full circle)"
        )
    return footprint_polygons(
        np.atleast_1d(lon),
        np.atleast_1d(lat),
        np.atleast_1d(radius_km),
        crs=crs,
        bearings_deg=None if bearing_deg is None else np.atleast_1d(bearing_deg),
        widths_deg=None if width_deg is None else np.atleast_1d(width_deg),
        n_vertices=n_vertices,
    )[0]


def _build(lon, lat, r, bearing, width, target: _Target, n_vertices: int) -> np.ndarray:
    n = lon.size
    out = np.empty(n, dtype=object)
    if n == 0:
        return out
    polar = np.abs(lat) > 90.0 - _POLE_SNAP_DEG
    lat = np.where(polar, np.sign(lat) * 90.0, lat)
    sector = width < 360.0
    r = np.where(sector, np.minimum(r, MAX_RADIUS_KM - 1e-3), r)
    whole = ~sector & (r >= _WHOLE_EARTH_KM)

    # a boundary exactly through a pole (geographic) or through the projection's
    # antipode (azimuthal) is singular: widen such a radius by 2 mm
    singular = []
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

    todo = np.flatnonzero(~whole)
    if target.kind == "geographic":
        out[whole] = _WORLD
    else:
        for i in np.flatnonzero(whole):
            out[i] = target.domain
        # antipode inside the footprint? (sectors: also within the wedge)
        contains = d_anti <= r
        if sector.any():
            alon, alat = target.antipode
            az, _, _ = GEOD.inv(lon, lat, np.full(n, alon), np.full(n, alat))
            diff = (np.asarray(az) - bearing + 180.0) % 360.0 - 180.0
            contains &= ~sector | (np.abs(diff) <= width / 2.0) | (d_anti == 0.0)
        z = target.z_km
        empty = (d_anti + r <= z) & ~whole
        for i in np.flatnonzero(empty):
            out[i] = shapely.Polygon()
        todo = np.flatnonzero(~whole & ~empty)
    if todo.size == 0:
        return _finish(out, target)

    inner = np.zeros(n)
    if target.kind == "azimuthal":
        # a sector whose apex is the projection's antipode: cut it at the zone's edge
        apex_anti = sector & (d_anti < 1e-6)
        inner[apex_anti] = target.z_km
        contains &= ~apex_anti
    alphas, ss = [], []
    for i in todo:
        a, s = _ring_params(r[i], bearing[i], width[i], n_vertices, inner[i])
        alphas.append(a)
        ss.append(s)
    rings = _Rings(
        slon=lon[todo],
        slat=lat[todo],
        polar=polar[todo],
        radius_km=r[todo],
        alpha=alphas,
        s_km=ss,
    )
    lens = r[todo] >= _CUT_LOCUS_KM
    push = None
    if target.kind == "azimuthal":
        margin = target.z_km + max(1.0, 0.01 * target.z_km) + 1e-4 * r[todo]
        near_z = np.abs(d_anti[todo] - r[todo]) <= margin
        near_z |= sector[todo] & (d_anti[todo] <= r[todo] + margin)
        near_z &= inner[todo] == 0.0
        push = near_z if near_z.any() else None
    ring_id, x, y, flags = _sample(rings, target, push=push, lens=lens if lens.any() else None)
    bounds = np.searchsorted(ring_id, np.arange(todo.size + 1))
    for k, i in enumerate(todo):
        sl = slice(bounds[k], bounds[k + 1])
        keep = (flags[sl] & _DROPPED) == 0
        xs, ys, fs = x[sl][keep], y[sl][keep], flags[sl][keep]
        if target.kind == "geographic":
            if lens[k] and xs.size < 4:
                out[i] = _WORLD
            else:
                out[i] = _assemble_lonlat(xs, ys)
        else:
            if lens[k] and xs.size < 4:
                out[i] = target.domain
            else:
                out[i] = _assemble_azimuthal(target, xs, ys, fs, bool(contains[i]))
    return _finish(out, target)


def _finish(out: np.ndarray, target: _Target) -> np.ndarray:
    bad = ~shapely.is_valid(out)
    for i in np.flatnonzero(bad):  # last resort; not expected
        out[i] = _polygonal(shapely.make_valid(out[i]))
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

    def fwd(c):
        x, y = tr.transform(c[:, 0], c[:, 1])
        return np.column_stack([x, y])

    out = shapely.transform(geo, fwd)
    coords = shapely.get_coordinates(out)
    if not np.isfinite(coords).all():
        raise GeometryError(
            f"a footprint cannot be represented in CRS {target.crs.name!r} (it reaches "
            "where the projection is undefined); use EPSG:4326, analysis_crs(...) or "
            "aeqd_crs(...)"
        )
    bad = ~shapely.is_valid(out)
    for i in np.flatnonzero(bad):
        out[i] = _polygonal(shapely.make_valid(out[i]))
    return np.asarray(shapely.orient_polygons(out, exterior_cw=False), dtype=object)


# --------------------------------------------------------------------------- areas

_EQUAL_AREA_WORDS = (
    "Equal Area",
    "Equal Earth",
    "Mollweide",
    "Sinusoidal",
    "Eckert IV",
    "Eckert VI",
    "Goode Homolosine",
    "Hammer",
    "Quartic Authalic",
    "Behrmann",
    "Interrupted Goode",
)


def area_km2(geoms, crs) -> np.ndarray:
    """Planar area [km^2] of geometries given in an equal-area projected CRS.

    Args:
        geoms: shapely geometry or array of them, coordinates in ``crs``.
        crs: an equal-area projected CRS (Lambert azimuthal equal-area such as
            EPSG:3035 and :func:`analysis_crs`, Albers, Equal Earth, Mollweide, ...).

    Raises:
        GeometryError: if ``crs`` is geographic or not equal-area (areas would be wrong).
    """
    crs = _to_crs(crs)
    op = crs.coordinate_operation if crs.is_projected else None
    method = op.method_name if op is not None else ""
    if not crs.is_projected or not any(w in method for w in _EQUAL_AREA_WORDS):
        raise GeometryError(
            f"crs {crs.name!r} ({method or 'not projected'}) is not an equal-area "
            "projection; use analysis_crs(...), EPSG:3035 or another equal-area CRS, or "
            "geodesic_area_km2 for lon/lat geometries"
        )
    unit = crs.axis_info[0].unit_conversion_factor if crs.axis_info else 1.0
    return np.asarray(shapely.area(geoms), dtype=float) * unit * unit / 1e6


_OCTANTS = np.array(
    [
        shapely.box(w, s, w + 90.0, s + 90.0)
        for w in (-180.0, -90.0, 0.0, 90.0)
        for s in (-90.0, 0.0)
    ]
)


def geodesic_area_km2(geoms_lonlat) -> np.ndarray:
    """Area [km^2] on the WGS84 ellipsoid of lon/lat geometries (x = longitude).

    Edges are geodesics between the vertices (as in ``GEOD.geometry_area_perimeter``).
    Each geometry is cut into the eight octants bounded by the equator and the meridians
    -180, -90, 0, 90 (all geodesics), so that polygons closed along a pole edge or covering
    more than a hemisphere are measured without ambiguity.
    """
    geoms = np.asarray(geoms_lonlat, dtype=object)
    shape = geoms.shape
    flat = geoms.ravel()
    out = np.zeros(flat.size, dtype=float)
    for k, g in enumerate(flat):
        if g is None or shapely.is_empty(g):
            continue
        pieces = shapely.intersection(g, _OCTANTS)
        total = 0.0
        for piece in pieces:
            for part in shapely.get_parts(piece):
                if part.geom_type != "Polygon" or part.is_empty:
                    continue
                part = shapely.orient_polygons(part, exterior_cw=False)
                a, _ = GEOD.geometry_area_perimeter(part)
                total += a
        out[k] = total / 1e6
    return out.reshape(shape)


# --------------------------------------------------------------------------- lon/lat shapes

#: Longest edge [deg] of a lon/lat geometry before it is projected: an edge is meant as a
#: straight line in lon/lat (a meridian stays a meridian); projected undensified it
#: becomes a chord (the 60°E edge of Europe's box: 2,050 km straight across EPSG:3035).
LONLAT_DENSIFY_DEG = 0.1

#: Grid [m] that user-given shapes (sector polygons) are snapped to in a projected CRS, so
#: that touching and identical shapes share their vertices exactly.
SNAP_GRID_M = 0.001


def polygonal(geoms):
    """The polygonal part of each geometry, valid (a geometry or an array, as given):
    invalid ones are repaired, lines and points of GeometryCollections dropped, so that
    overlays never meet mixed dimensions (GEOS: "Unable to determine overlay result
    geometry dimension").
    """
    if geoms is None or isinstance(geoms, shapely.Geometry):
        return _polygonal_one(geoms)
    arr = np.asarray(geoms, dtype=object)
    flat = arr.ravel().copy()
    for k, g in enumerate(flat):
        flat[k] = _polygonal_one(g)
    return flat.reshape(arr.shape)


def _polygonal_one(geom):
    if geom is None or shapely.is_empty(geom):
        return shapely.Polygon()
    if not shapely.is_valid(geom):
        geom = shapely.make_valid(geom, method="structure", keep_collapsed=False)
    if shapely.get_type_id(geom) in (3, 6):
        return geom
    parts = shapely.get_parts(geom)
    while (shapely.get_type_id(parts) == 7).any():  # nested GeometryCollections
        parts = shapely.get_parts(parts)
    parts = shapely.get_parts(parts[np.isin(shapely.get_type_id(parts), (3, 6))])
    if not len(parts):
        return shapely.Polygon()
    return parts[0] if len(parts) == 1 else shapely.union_all(parts)


def project_lonlat(geoms, crs, *, snap: bool = False):
    """Lon/lat geometries -> ``crs``, edges densified first (every
    :data:`LONLAT_DENSIFY_DEG`) so that they keep their lon/lat shape; polygonal output.

    ``snap``: also snap to a :data:`SNAP_GRID_M` grid (for user-given shapes that may
    touch or repeat each other).
    """
    dense = shapely.segmentize(geoms, LONLAT_DENSIFY_DEG)
    tr = _lonlat_transformer(_to_crs(crs))
    out = shapely.transform(dense, lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1])))
    if snap:
        out = shapely.set_precision(polygonal(out), _snap_grid(crs))
    return polygonal(out)


def _snap_grid(crs) -> float:
    """:data:`SNAP_GRID_M` in the units of ``crs`` (about 1e-8 degrees if geographic)."""
    crs = _to_crs(crs)
    if crs.is_geographic:
        return 1e-8
    return SNAP_GRID_M / (crs.axis_info[0].unit_conversion_factor if crs.axis_info else 1.0)
