"""Footprint boundaries as parameters (private to the footprint engine): the tolerance of
a drawn boundary, how many vertices a first sampling needs, and the closed (azimuth,
distance) sequences of full circles and sectors around their sites.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import numpy.typing as npt

#: Footprint boundaries are refined until every edge is within a ground distance of the
#: exact geodesic circle (:func:`footprint_tolerance_km`): this fraction of the radius,
#: but at least :data:`FOOTPRINT_ABS_TOL_KM` ...
FOOTPRINT_REL_TOL: float = 1e-4
#: ... [km] (100 m: far below the borders' own precision and a drawn line's width), yet
#: never more than :data:`FOOTPRINT_MAX_REL_TOL` of the radius (and at least 1 mm).
FOOTPRINT_ABS_TOL_KM: float = 0.1
FOOTPRINT_MAX_REL_TOL: float = 1e-3

#: Initial vertices of a full circle: at most this many, fewer where the tolerance
#: allows (see :func:`initial_vertices`).
MAX_INITIAL_VERTICES: int = 360
#: A first sampling aims at chords this fraction of the tolerance from the circle, below
#: the 1/2 above which the engine checks an edge exactly: a circle needs no refinement.
FIRST_SAGITTA = 0.375


@dataclasses.dataclass
class Rings:
    """Boundary rings in the (azimuth, distance) parameters of their sites."""

    slon: np.ndarray  # site per ring
    slat: np.ndarray
    polar: np.ndarray  # site at a pole
    radius_km: np.ndarray  # radius per ring (sets the tolerance)
    counts: np.ndarray  # points per ring
    alpha: np.ndarray  # closed sequences of azimuths [deg], ring after ring
    s_km: np.ndarray  # and distances [km]
    # per ring: a full circle whose azimuths are symmetric (alpha[n - j] = 360 - alpha[j])
    # and whose site is not at a pole; None: no such ring
    mirror: np.ndarray | None = None


def mirror_sources(rings: Rings, ring: np.ndarray, counts: np.ndarray):
    """Per point of the first sampling: its mirror point's index (the point at azimuth
    360° - alpha of the same full circle, see the engine's mirrored evaluation)
    or -1; None when no ring is a mirrored full circle."""
    if rings.mirror is None or not rings.mirror.any():
        return None
    start = np.repeat(np.cumsum(counts) - counts, counts)
    pos = np.arange(ring.size) - start
    n = counts[ring] - 1
    use = rings.mirror[ring] & (2 * pos > n)
    return np.where(use, start + n - pos, -1)


def ring_params(r_km, bearing, width, n_vertices, inner_km=0.0):
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


def footprint_tolerance_km(radius_km: npt.ArrayLike) -> np.ndarray:
    """Discretisation tolerance of a drawn footprint boundary [km]: every boundary edge is
    within this ground distance of the exact geodesic circle.

    ``1e-4 * radius`` (:data:`FOOTPRINT_REL_TOL`), but at least 100 m
    (:data:`FOOTPRINT_ABS_TOL_KM`) and at most ``1e-3 * radius``
    (:data:`FOOTPRINT_MAX_REL_TOL`), and >= 1 mm: 100 m for radii of 100-1,000 km,
    ``1e-4 * radius`` above, ``1e-3 * radius`` below. A polygon whose edges are within
    ``t`` of a circle of radius ``r`` misses at most ``2 t / r`` of its area.
    """
    r = np.asarray(radius_km, dtype=float)
    tol = np.minimum(
        np.maximum(FOOTPRINT_REL_TOL * r, FOOTPRINT_ABS_TOL_KM), FOOTPRINT_MAX_REL_TOL * r
    )
    return np.maximum(tol, 1e-6)


def initial_vertices(radius_km: npt.ArrayLike, most: int = MAX_INITIAL_VERTICES) -> np.ndarray:
    """Vertices of a full circle's first sampling: the chords of a circle of radius ``r``
    through ``n`` equally spaced azimuths are within ``r (1 - cos(pi / n)) <= r pi^2 /
    (2 n^2)`` of it, so ``n = pi sqrt(r / (2 q t))`` keeps them within ``q t``
    (tolerance ``t``, ``q`` = 3/8, under the screening's 1/2: no refinement needed where
    the target CRS does not bend the circle). At most ``most``, at least 16."""
    r = np.asarray(radius_km, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        n = np.pi * np.sqrt(r / (2.0 * FIRST_SAGITTA * footprint_tolerance_km(r)))
    return np.clip(np.ceil(np.nan_to_num(n, nan=most, posinf=most)), 16, most).astype(int)


def circle_azimuths(n: int) -> np.ndarray:
    """Azimuths of a full circle of ``n`` edges, exactly symmetric (alpha[n - j] = 360 -
    alpha[j]) for the mirrored evaluation."""
    circle = np.linspace(0.0, 360.0, n + 1)
    half = (n + 1) // 2
    circle[n + 1 - half :] = 360.0 - circle[:half][::-1]
    return circle


def rings_of(lon, lat, polar, r, bearing, width, inner, todo, nv: np.ndarray) -> Rings:
    """The boundary parameters of the footprints ``todo`` (``nv``: initial vertices of a
    full circle, per site)."""
    full = width[todo] >= 360.0
    pieces = {}
    for k in np.flatnonzero(~full):  # sectors, one by one
        i = todo[k]
        pieces[k] = ring_params(r[i], bearing[i], width[i], int(nv[i]), inner[i])
    counts = np.where(full, nv[todo] + 1, 0)
    for k, (a, _) in pieces.items():
        counts[k] = a.size
    starts = np.cumsum(counts) - counts
    ring = np.repeat(np.arange(todo.size), counts)
    pos = np.arange(ring.size) - starts[ring]
    alpha = np.empty(ring.size)
    s_km = np.repeat(r[todo], counts)
    for n in np.unique(nv[todo][full]):  # full circles, by vertex count
        pts = np.flatnonzero(full[ring] & (nv[todo][ring] == n))
        alpha[pts] = circle_azimuths(int(n))[pos[pts]]
    for k, (a, sk) in pieces.items():
        alpha[starts[k] : starts[k] + a.size] = a
        s_km[starts[k] : starts[k] + a.size] = sk
    return Rings(
        slon=lon[todo],
        slat=lat[todo],
        polar=polar[todo],
        radius_km=r[todo],
        counts=counts,
        alpha=alpha,
        s_km=s_km,
        mirror=full & ~polar[todo],
    )
