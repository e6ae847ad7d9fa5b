"""Intersections of geometries, remembered by content (private to the assessment).

An assessment intersects each responsibility piece with its responsible party's union of
footprints (defended area), with the sensor unions (warning picture) and with the other
parties' reach. When a student moves one site, or when the presets of one layout are
assessed in turn, most of these pairs are the same geometries as before: the same
piece (the same WKB) meeting the same union (the same WKB). GEOS computes an overlay from
the coordinates alone, so the remembered result is exactly the one it would compute
again; only pairs not seen before are computed.

Of those, most need no overlay at all: a piece wholly inside the union (``covers``) is
its own intersection, a piece apart from it (not ``intersects``) has none. Both are
decided by GEOS's prepared predicates (exact, a fraction of an overlay's cost); only the
pieces the union's boundary crosses are overlaid.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import numpy as np
import shapely

from ._memo import Recent

__all__ = ["digests", "intersections"]

#: recent results: (digest of a, digest of b) -> intersection(a, b)
_PAIRS: Recent[shapely.Geometry] = Recent(2048)  # pieces x unions of a few assessments


#: digests of recently seen geometry objects: id -> (the geometry, its digest); the
#: geometry is kept so that its id is not reused (shapely geometries are immutable)
_SEEN: Recent[tuple[shapely.Geometry, bytes]] = Recent(4096)


def digests(geoms: np.ndarray, *, remember: bool = True) -> list[bytes]:
    """A content key of each geometry: a digest of its WKB (equal WKB, equal key).
    ``remember``: keep the geometries and their digests for the next call (the pieces,
    met again and again; not the unions, new after every change and large)."""
    geoms = np.asarray(geoms, dtype=object)
    known = [_SEEN.get(id(g)) for g in geoms] if remember else [None] * len(geoms)
    out = [k[1] if k is not None and k[0] is g else b"" for k, g in zip(known, geoms, strict=True)]
    todo = [i for i, d in enumerate(out) if not d]
    if todo:
        wkb = shapely.to_wkb(geoms[todo], include_srid=False)
        for i, w in zip(todo, wkb, strict=True):
            out[i] = hashlib.blake2b(w, digest_size=20).digest()
            if remember:
                _SEEN.put(id(geoms[i]), (geoms[i], out[i]))
    return out


def intersections(a: np.ndarray, b: np.ndarray, post: Callable | None = None) -> np.ndarray:
    """``shapely.intersection(a, b)`` element-wise (1-d object arrays of equal length),
    then ``post`` of the array if given, each pair computed once: a pair met before
    (same WKB on both sides, same ``post``) gives the remembered result, the same
    geometry GEOS would compute again."""
    a = np.asarray(a, dtype=object)
    b = np.asarray(b, dtype=object)
    out = np.empty(len(a), dtype=object)
    if not len(a) or any(g is None for g in a) or any(g is None for g in b):
        return (post or _same)(shapely.intersection(a, b)) if len(a) else out
    # b is mostly a handful of unions repeated: hash each object once
    first = {id(g): g for g in b}
    uniq = dict(
        zip(
            first,
            digests(np.array(list(first.values()), dtype=object), remember=False),
            strict=True,
        )
    )
    tag = b"" if post is None else f"{post.__module__}.{post.__qualname__}".encode()
    keys = [(da, db + tag) for da, db in zip(digests(a), (uniq[id(g)] for g in b), strict=True)]
    for k, key in enumerate(keys):
        out[k] = _PAIRS.get(key)
    miss = np.flatnonzero(np.array([o is None for o in out], dtype=bool))
    if len(miss):
        out[miss] = _computed(a[miss], b[miss], post)
        for k in miss.tolist():
            _PAIRS.put(keys[k], out[k])
    return out


def _computed(a: np.ndarray, b: np.ndarray, post: Callable | None) -> np.ndarray:
    """``post(intersection(a, b))`` for valid polygonal ``a`` (the pieces) and ``b`` (the
    unions): ``a`` where ``b`` covers it, an empty polygon where they do not meet (what
    the overlay and ``post`` would give, as sets), the overlay elsewhere."""
    out = np.empty(len(a), dtype=object)
    cut = np.ones(len(a), dtype=bool)
    polygonal = np.isin(shapely.get_type_id(a), _POLYGONAL) & np.isin(
        shapely.get_type_id(b), _POLYGONAL
    )
    groups: dict[int, list[int]] = {}
    for k in np.flatnonzero(polygonal).tolist():
        groups.setdefault(id(b[k]), []).append(k)
    for idx in groups.values():
        union = b[idx[0]]
        if shapely.is_empty(union):
            continue
        shapely.prepare(union)  # a union meets many pieces: its index pays at once
        rows = np.asarray(idx)
        inside = shapely.covers(union, a[rows])
        apart = ~shapely.intersects(union, a[rows])
        out[rows[inside]] = a[rows[inside]]
        out[rows[apart]] = _EMPTY
        cut[rows[inside | apart]] = False
    if cut.any():
        out[cut] = (post or _same)(shapely.intersection(a[cut], b[cut]))
    return out


_POLYGONAL = (shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON)
_EMPTY = shapely.Polygon()


def _same(x: np.ndarray) -> np.ndarray:
    return x
