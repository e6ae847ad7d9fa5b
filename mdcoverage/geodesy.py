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
:func:`footprint_tolerance_km` (a ground distance) of the true curve: ``1e-4 x radius``
(:data:`FOOTPRINT_REL_TOL`), but at least 100 m (:data:`FOOTPRINT_ABS_TOL_KM`) and at most
``1e-3 x radius`` (:data:`FOOTPRINT_MAX_REL_TOL`). So the drawn boundary is within 100 m
of the exact circle for radii of 100-1,000 km, within 300 m for 3,000 km; the area missed
is below ``2 x tolerance / radius`` (0.02 % from 1,000 km up, 0.2 % at most). A full
circle starts with as few vertices as that tolerance needs (:func:`initial_vertices`, at
most :data:`MAX_INITIAL_VERTICES`): a 300 km footprint 199, a 50 km one 115.

Target CRSs:

- geographic (EPSG:4326 and other lon/lat CRSs; x = longitude): the boundary is unwrapped
  in longitude; a footprint across the antimeridian becomes a MultiPolygon split at
  +-180; one that contains a pole is closed along the pole edge (latitude +-90), so the
  pole tests as inside; one larger than a hemisphere (containing both poles) is the world
  minus the hole, never an inverted ring.
- azimuthal projections centred on a point ``P`` (Lambert azimuthal equal-area, e.g.
  EPSG:3035 and the polar views of :func:`mdcoverage.crs.named_crs`; azimuthal
  equidistant, e.g. :func:`mdcoverage.crs.aeqd_crs`; stereographic; orthographic): the usable domain is every point
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

Transformers and CRSs
---------------------
No per-site transformer is needed: vertices come from ``GEOD.fwd`` and go through one
cached WGS84 lon/lat -> target transformer per CRS (:func:`mdcoverage.crs.lonlat_transformer`;
named and site-centred CRSs: :func:`mdcoverage.crs.named_crs`,
:func:`mdcoverage.crs.aeqd_crs`). The polygons are built by the private engine
``mdcoverage._footprint``; this module checks the arguments and states the limits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import shapely

from ._footprint import (
    DOMAIN_MARGIN_KM,
    EARTH_AREA_KM2,
    GEOD,
    MAX_RADIUS_KM,
    build_footprints,
    parallel_inv,
)
from ._rings import (
    FOOTPRINT_ABS_TOL_KM,
    FOOTPRINT_MAX_REL_TOL,
    FOOTPRINT_REL_TOL,
    MAX_INITIAL_VERTICES,
    footprint_tolerance_km,
    initial_vertices,
)
from .crs import as_crs, is_equal_area
from .errors import GeometryError

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = [
    "DOMAIN_MARGIN_KM",
    "EARTH_AREA_KM2",
    "FOOTPRINT_ABS_TOL_KM",
    "FOOTPRINT_MAX_REL_TOL",
    "FOOTPRINT_REL_TOL",
    "GEOD",
    "MAX_INITIAL_VERTICES",
    "MAX_RADIUS_KM",
    "area_km2",
    "count_within",
    "destination",
    "distance_km",
    "footprint_polygon",
    "footprint_polygons",
    "footprint_tolerance_km",
    "geodesic_area_km2",
    "initial_vertices",
    "validate_lonlat",
    "validate_radius_km",
    "within_radius",
]


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


def validate_lonlat(
    lon: ArrayLike, lat: ArrayLike, *, name: str = "site"
) -> tuple[np.ndarray, np.ndarray]:
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


def validate_radius_km(radius_km: ArrayLike, *, name: str = "radius_km") -> np.ndarray:
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


def distance_km(lon1: ArrayLike, lat1: ArrayLike, lon2: ArrayLike, lat2: ArrayLike) -> np.ndarray:
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
    a, b, c, e = _f64(lon1, lat1, lon2, lat2)
    _, _, d = GEOD.inv(a, b, c, e)
    return (np.asarray(d) / 1000.0).reshape(shape)


def destination(
    lon: ArrayLike, lat: ArrayLike, azimuth_deg: ArrayLike, distance_km: ArrayLike
) -> tuple[np.ndarray, np.ndarray]:
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
    a, b, c, e = _f64(lon, lat, az, dist * 1000.0)
    lon2, lat2, _ = GEOD.fwd(a, b, c, e)
    return np.asarray(lon2).reshape(shape), np.asarray(lat2).reshape(shape)


# --------------------------------------------------------------------------- within radius


def _unit_vectors(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Unit vectors on the auxiliary sphere (parametric latitude), shape (n, 3)."""
    sb, cb = _reduced_sin_cos(lat)
    lam = np.radians(lon)
    return np.stack([cb * np.cos(lam), cb * np.sin(lam), sb], axis=-1)


def _per_site(value: np.ndarray, n_sites: np.ndarray, names: str) -> np.ndarray:
    """``value`` (scalar or one per site) as a contiguous float array per site."""
    flat = value.ravel() if value.ndim else value
    return np.ascontiguousarray(_broadcast(flat, n_sites, names=names)[0], dtype=float)


def _sector_args(
    bearing_deg: ArrayLike | None, width_deg: ArrayLike | None
) -> tuple[np.ndarray, np.ndarray] | None:
    """Checked ``(bearing, width)`` or None (full circles); both or neither must be given."""
    if (bearing_deg is None) != (width_deg is None):
        raise GeometryError(
            "bearing_deg and width_deg go together: give both (a sector) or neither "
            "(a full circle)"
        )
    if width_deg is None:
        return None
    return _validate_sector(bearing_deg, width_deg)


def within_radius(
    point_lon: ArrayLike,
    point_lat: ArrayLike,
    site_lon: ArrayLike,
    site_lat: ArrayLike,
    radius_km: ArrayLike,
    *,
    bearing_deg: ArrayLike | None = None,
    width_deg: ArrayLike | None = None,
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
    Sectors: the geodesic's azimuth at the site is the azimuth of a great circle on the
    auxiliary sphere, towards a longitude that differs from the point's by at most
    ``f * sigma``; so the azimuth on the sphere is within ``2 f sigma / sin sigma`` of the
    geodesic one, and only pairs that close to a sector edge (or near the site, its
    antipode or a pole) are decided with ``GEOD.inv``.

    Args:
        point_lon, point_lat: points [deg], any shape (flattened), n points.
        site_lon, site_lat: sites [deg], m sites.
        radius_km: radius per site [km] (scalar or m values).
        bearing_deg, width_deg: optional sectors (scalars or m values, both or neither):
            a wedge of ``width_deg`` centred on ``bearing_deg`` (clockwise from north);
            width 360 = full circle (bearing ignored, may be NaN).
        chunk_rows: points per block (memory/cache trade-off).

    Returns:
        Boolean array of shape ``(n_points, n_sites)``.
    """
    plon, plat = (a.ravel() for a in validate_lonlat(point_lon, point_lat, name="point"))
    slon, slat = (a.ravel() for a in validate_lonlat(site_lon, site_lat, name="site"))
    r_m = _per_site(validate_radius_km(radius_km), slon, "radius_km and the sites") * 1000.0
    sector = _sector_args(bearing_deg, width_deg)
    if sector is not None:
        bearing, width = (_per_site(a, slon, "sector and the sites") for a in sector)
    out = np.zeros((plon.size, slon.size), dtype=bool)
    if out.size == 0:
        return out
    up, us = _unit_vectors(plon, plat), _unit_vectors(slon, slat)
    _distance_test(out, up, us, r_m, (plon, plat, slon, slat), max(1, int(chunk_rows)))
    if sector is not None:
        _sector_test(out, (plon, plat, slon, slat), bearing, width)
    return out


def _sector_test(out: np.ndarray, lonlat, bearing: np.ndarray, width: np.ndarray) -> None:
    """Clear ``out[i, j]`` where point i is outside site j's sector."""
    sec = np.flatnonzero(width < 360.0)
    if sec.size:
        i, jj = np.nonzero(out if sec.size == out.shape[1] else out[:, sec])
        j = sec[jj]
        ok = _in_sector(lonlat, i, j, bearing[j], width[j])
        out[i[~ok], j[~ok]] = False


def _distance_test(out, up, us, r_m, lonlat, chunk: int) -> None:
    """Set ``out[i, j]`` where point i is within ``r_m[j]`` of site j (see within_radius)."""
    plon, plat, slon, slat = lonlat
    n, m = out.shape
    c_in = np.cos(np.minimum(r_m / GEOD.a, np.pi))  # sigma <= r/a: surely inside
    c_out = np.cos(np.minimum(r_m / GEOD.b, np.pi))  # sigma > r/b: surely outside
    # float32 stage: |dot32 - dot| <= ~3e-7 (inputs rounded to float32, 3-term sums)
    c_in32 = (c_in + 2e-6).astype(np.float32)
    c_out32 = (c_out - 2e-6).astype(np.float32)
    up32 = up.astype(np.float32)
    us32 = np.ascontiguousarray(us.T, dtype=np.float32)
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
        i, j = np.divmod(np.flatnonzero(maybe[:k]), m)
        cand_i.append(i + start)
        cand_j.append(j)
    i, j = np.concatenate(cand_i), np.concatenate(cand_j)
    d64 = np.einsum("ij,ij->i", up[i], us[j])
    sure = d64 >= c_in[j] + 1e-13
    out[i[sure], j[sure]] = True
    check = ~sure & (d64 >= c_out[j] - 1e-13)
    i, j = i[check], j[check]
    if i.size:
        _, _, d = parallel_inv(slon[j], slat[j], plon[i], plat[i])
        out[i, j] = d <= r_m[j]


def _in_sector(lonlat, i, j, bearing, width) -> np.ndarray:
    """Whether the azimuth from site j to point i lies in the sector (pairs i, j)."""
    plon, plat, slon, slat = lonlat
    ok = np.zeros(i.size, dtype=bool)
    if i.size == 0:
        return ok
    (sp, cp), (ss, cs) = _reduced_sin_cos(plat), _reduced_sin_cos(slat)
    dlam = np.radians(plon)[i] - np.radians(slon)[j]
    cos_dlam = np.cos(dlam)
    pe = cp[i] * np.sin(dlam)  # the point's east and north components at the site
    pn = cs[j] * sp[i] - ss[j] * cp[i] * cos_dlam
    sin_sigma = np.hypot(pe, pn)
    sigma = np.arctan2(sin_sigma, ss[j] * sp[i] + cs[j] * cp[i] * cos_dlam)
    off = np.abs((np.degrees(np.arctan2(pe, pn)) - bearing + 180.0) % 360.0 - 180.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        margin = np.degrees(2.0 * GEOD.f * sigma / sin_sigma + 1e-8)
    # decided on the sphere unless at the site, near its antipode or at a pole
    sure = (sigma > 1e-6) & (sigma < np.pi - 0.05) & (np.abs(slat[j]) < 89.9)
    ok[sure] = off[sure] <= width[sure] / 2.0 - margin[sure]
    k = np.flatnonzero(~sure | (np.abs(off - width / 2.0) <= margin))
    if k.size:
        az, _, d = parallel_inv(slon[j[k]], slat[j[k]], plon[i[k]], plat[i[k]])
        diff = (az - bearing[k] + 180.0) % 360.0 - 180.0
        ok[k] = (np.abs(diff) <= width[k] / 2.0) | (d == 0.0)
    return ok


def _reduced_sin_cos(lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sine and cosine of the parametric latitude (as in :func:`_unit_vectors`)."""
    beta = np.arctan((1.0 - GEOD.f) * np.tan(np.radians(lat)))
    beta = np.where(np.abs(lat) == 90.0, np.radians(lat), beta)
    return np.sin(beta), np.cos(beta)


def count_within(
    point_lon: ArrayLike,
    point_lat: ArrayLike,
    site_lon: ArrayLike,
    site_lat: ArrayLike,
    radius_km: ArrayLike,
    *,
    bearing_deg: ArrayLike | None = None,
    width_deg: ArrayLike | None = None,
) -> np.ndarray:
    """Number of sites whose footprint contains each point (see :func:`within_radius`).

    Returns:
        Integer array of shape ``(n_points,)``.
    """
    m = within_radius(
        point_lon,
        point_lat,
        site_lon,
        site_lat,
        radius_km,
        bearing_deg=bearing_deg,
        width_deg=width_deg,
    )
    return m.sum(axis=1)


def footprint_polygons(
    lons: ArrayLike,
    lats: ArrayLike,
    radii_km: ArrayLike,
    *,
    crs: object = "EPSG:4326",
    bearing_deg: ArrayLike | None = None,
    width_deg: ArrayLike | None = None,
    n_vertices: int | None = None,
) -> np.ndarray:
    """Footprint polygons of many sites (vectorised; see the module notes).

    Args:
        lons, lats: sites [deg] (broadcast with the radii).
        radii_km: footprint radii [km], > 0 and <= :data:`MAX_RADIUS_KM`.
        crs: target CRS (anything :func:`mdcoverage.crs.as_crs` takes). Geographic:
            x = longitude, y = latitude.
        bearing_deg, width_deg: optional sectors (scalars or one per site, both or
            neither): centres [deg clockwise from north] and widths [deg] in (0, 360];
            None or width 360 = full circle.
        n_vertices: initial vertices on a full circle; default None: as few as the
            tolerance allows (:func:`initial_vertices`: 360 for radii from 1,000 km, fewer
            below, e.g. 199 for 300 km, 115 under 100 km). The boundary is then refined
            where the target CRS bends it until every edge is within
            :func:`footprint_tolerance_km` of the exact curve. An edge of EPSG:4326
            output read as a geodesic (as :func:`geodesic_area_km2` does) is within the
            tolerance too: the two differ by about ``L^2 tan(lat) / (8 R)`` for an edge of
            length ``L``, a few metres at most for the default count.

    Returns:
        Object array of valid shapely (Multi)Polygons, exteriors counter-clockwise, in the
        target CRS units; empty polygons for footprints wholly outside a projected
        target's usable domain.

    Raises:
        GeometryError: bad coordinates, radii or sector parameters.
    """
    lon, lat = validate_lonlat(lons, lats, name="site")
    r = validate_radius_km(radii_km)
    sector = _sector_args(bearing_deg, width_deg)
    bearing, width = (np.zeros(()), np.full((), 360.0)) if sector is None else sector
    lon, lat, r, bearing, width = _broadcast(
        lon, lat, r, bearing, width, names="sites, radii and sectors"
    )
    if n_vertices is not None:
        n_vertices = int(n_vertices)
        if n_vertices < 8:
            raise GeometryError(f"n_vertices must be an integer >= 8; got {n_vertices}")
    out = build_footprints(lon, lat, r, bearing, width, crs, n_vertices)
    return out.reshape(lon.shape)


def footprint_polygon(
    lon: float,
    lat: float,
    radius_km: float,
    *,
    crs: object = "EPSG:4326",
    bearing_deg: float | None = None,
    width_deg: float | None = None,
    n_vertices: int | None = None,
) -> shapely.Geometry:
    """Footprint polygon of one site: a geodesic circle or azimuth sector.

    See :func:`footprint_polygons` (this is its single-site form).
    """
    if np.size(lon) != 1 or np.size(lat) != 1 or np.size(radius_km) != 1:
        raise GeometryError("footprint_polygon takes one site; use footprint_polygons")
    _sector_args(bearing_deg, width_deg)
    return footprint_polygons(
        np.atleast_1d(lon),
        np.atleast_1d(lat),
        np.atleast_1d(radius_km),
        crs=crs,
        bearing_deg=None if bearing_deg is None else np.atleast_1d(bearing_deg),
        width_deg=None if width_deg is None else np.atleast_1d(width_deg),
        n_vertices=n_vertices,
    )[0]


# --------------------------------------------------------------------------- areas


def area_km2(geoms: ArrayLike | shapely.Geometry, crs: object) -> np.ndarray:
    """Planar area [km^2] of geometries given in an equal-area projected CRS.

    Args:
        geoms: shapely geometry or array of them, coordinates in ``crs``.
        crs: an equal-area projected CRS (Lambert azimuthal equal-area such as
            EPSG:3035 and :func:`mdcoverage.crs.named_crs`, Albers, Equal Earth, Mollweide, ...).

    Raises:
        GeometryError: if ``crs`` is geographic or not equal-area (areas would be wrong).
    """
    crs = as_crs(crs)
    op = crs.coordinate_operation if crs.is_projected else None
    method = op.method_name if op is not None else ""
    if not is_equal_area(crs):
        raise GeometryError(
            f"crs {crs.name!r} ({method or 'not projected'}) is not an equal-area "
            "projection; use crs.named_crs(...), EPSG:3035 or another equal-area CRS, or "
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


def geodesic_area_km2(geoms_lonlat: ArrayLike | shapely.Geometry) -> np.ndarray:
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
