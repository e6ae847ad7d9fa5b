"""Large batches of geodesic problems split over threads (private to the geodesy engine).

GeographicLib runs without the GIL in pyproj: each point is computed exactly as by one
``Geod.fwd`` / ``Geod.inv`` call on the WGS84 ellipsoid, so the numbers are identical.
"""

from __future__ import annotations

import functools
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pyproj

__all__ = ["GEOD", "parallel_fwd", "parallel_inv"]

#: the WGS84 ellipsoid every geodesic computation of the package uses
GEOD = pyproj.Geod(ellps="WGS84")

#: GeographicLib runs without the GIL in pyproj: large batches of direct and inverse
#: problems are split over this many threads (each point is computed exactly as by one
#: ``GEOD.fwd`` / ``GEOD.inv`` call: identical numbers).
_THREADS = max(1, min(4, os.cpu_count() or 1))
_MIN_SPLIT = 50_000  # points below which one call is cheaper than the threads


@functools.cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(_THREADS, thread_name_prefix="mdcoverage-geod")


def _split(fn, arrays: tuple) -> tuple[np.ndarray, ...]:
    n = max(np.size(a) for a in arrays)
    flat = [np.broadcast_to(np.asarray(a, dtype=float), (n,)) for a in arrays]
    if _THREADS == 1 or n < _MIN_SPLIT:
        return tuple(np.asarray(r, dtype=float) for r in fn(*flat))
    cut = np.linspace(0, n, _THREADS + 1).astype(int)
    parts = list(
        _pool().map(lambda k: fn(*(a[cut[k] : cut[k + 1]] for a in flat)), range(_THREADS))
    )
    return tuple(np.concatenate([np.asarray(p[i], dtype=float) for p in parts]) for i in range(3))


def parallel_fwd(lon, lat, azimuth_deg, distance_m) -> tuple[np.ndarray, ...]:
    """``GEOD.fwd`` on 1-d arrays (broadcast), in parallel for large batches."""
    return _split(GEOD.fwd, (lon, lat, azimuth_deg, distance_m))


def parallel_inv(lon1, lat1, lon2, lat2) -> tuple[np.ndarray, ...]:
    """``GEOD.inv`` on 1-d arrays (broadcast), in parallel for large batches."""
    return _split(GEOD.inv, (lon1, lat1, lon2, lat2))
