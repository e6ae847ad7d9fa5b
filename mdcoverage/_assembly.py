"""Polygon assembly for the footprint engine (private): closed boundary rings in the
target CRS -> valid shapely polygons (duplicate vertices, self-contact, antimeridian cuts,
rings around a pole), one ring at a time or, for the common simple rings, all at once.
"""

from __future__ import annotations

import math

import numpy as np
import shapely

#: Sample flags: moved onto the projection's domain edge; dropped (beyond the cut locus).
PUSHED, DROPPED = 1, 2

#: The whole lon/lat plane.
WORLD = shapely.box(-180.0, -90.0, 180.0, 90.0)


def _winding(xr: np.ndarray, yr: np.ndarray, px: np.ndarray, py: np.ndarray) -> np.ndarray:
    """Winding numbers of the closed polyline (xr, yr) around points (px, py)."""
    x0, y0 = xr[:-1, None], yr[:-1, None]
    x1, y1 = xr[1:, None], yr[1:, None]
    cross = (x1 - x0) * (py - y0) - (px - x0) * (y1 - y0)
    up = (y0 <= py) & (y1 > py) & (cross > 0)
    down = (y0 > py) & (y1 <= py) & (cross < 0)
    return up.sum(axis=0) - down.sum(axis=0)


def enclosed(xr: np.ndarray, yr: np.ndarray):
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


#: vertices closer than this (in the ring's units: degrees or metres) are one vertex
_SAME = 1e-9


def closed_ring(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The ring without repeated vertices, closed exactly. A last vertex within
    :data:`_SAME` of the first (the circle's 0° and 360° points, computed apart) becomes
    the first: otherwise the ring would end in a spike of ~1e-14 degrees, a
    self-intersection that turned some footprints around a pole into nothing."""
    keep = np.ones(x.size, dtype=bool)
    keep[1:] = (x[1:] != x[:-1]) | (y[1:] != y[:-1])
    x, y = x[keep], y[keep]
    if x.size > 1 and abs(x[0] - x[-1]) <= _SAME and abs(y[0] - y[-1]) <= _SAME:
        x, y = x.copy(), y.copy()
        x[-1], y[-1] = x[0], y[0]
    elif x.size and (x[0] != x[-1] or y[0] != y[-1]):
        x, y = np.append(x, x[0]), np.append(y, y[0])
    return x, y


def polygonal_part(geom):
    """Polygonal part of a geometry (after make_valid, the last resort)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def valid_polygon(shell: np.ndarray, holes=()) -> shapely.Geometry:
    poly = shapely.Polygon(shell, holes)
    if shapely.is_valid(poly):
        return poly
    if not holes:
        return enclosed(shell[:, 0], shell[:, 1])
    outer = enclosed(shell[:, 0], shell[:, 1])
    for h in holes:
        outer = shapely.difference(outer, enclosed(h[:, 0], h[:, 1]))
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
    pieces: list[shapely.Geometry] = []
    for j in range(lo, hi + 1):
        piece = shapely.intersection(
            poly, shapely.box(-180.0 + 360.0 * j, -90.0, 180.0 + 360.0 * j, 90.0)
        )
        if j:
            piece = shapely.transform(piece, lambda c, j=j: c - np.array([360.0 * j, 0.0]))
        pieces.extend(p for p in shapely.get_parts(piece) if p.geom_type == "Polygon")
    return shapely.union_all(pieces) if pieces else shapely.Polygon()


def assemble_lonlat(lon: np.ndarray, lat: np.ndarray) -> shapely.Geometry:
    """Closed ring in lon/lat (clockwise around the footprint) -> valid lon/lat geometry."""
    lon, lat = closed_ring(lon, lat)
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
        inside = _wrap_pieces(valid_polygon(np.column_stack([u, lat])))
        if signed2 <= 0:  # clockwise: the footprint is the enclosed region
            return inside
        return shapely.difference(WORLD, inside)  # contains both poles
    if abs(k) != 1:  # not a simple ring around one pole; should not happen
        return polygonal_part(shapely.make_valid(shapely.Polygon(np.column_stack([lon, lat]))))
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
    poly = valid_polygon(np.column_stack([xs, ys]))
    return _wrap_pieces(poly)


# --------------------------------------------------------------------------- fast assembly

_PAD_LIMIT = 4096  # rings longer than this take the per-ring path
_CHUNK_RINGS = 1024  # rings padded together


def _closed_rings(rid: np.ndarray, x: np.ndarray, y: np.ndarray):
    """:func:`closed_ring` for every ring at once (``rid`` sorted)."""
    keep = np.ones(x.size, dtype=bool)
    keep[1:] = (rid[1:] != rid[:-1]) | (x[1:] != x[:-1]) | (y[1:] != y[:-1])
    rid, x, y = rid[keep], x[keep], y[keep]
    first = np.flatnonzero(np.r_[True, rid[1:] != rid[:-1]]) if rid.size else rid
    last = np.r_[first[1:], rid.size] - 1
    open_ = (x[first] != x[last]) | (y[first] != y[last])
    at = last[open_] + 1
    return (
        np.insert(rid, at, rid[first[open_]]),
        np.insert(x, at, x[first[open_]]),
        np.insert(y, at, y[first[open_]]),
    )


def _unwrap_chunk(x, y, row, col, count):
    """Unwrapped longitudes of consecutive rings' points and whether each ring is simple."""
    width = int(count.max())
    lon2, lat2 = np.zeros((count.size, width)), np.zeros((count.size, width))
    lon2[row, col], lat2[row, col] = x, y
    u, good = _unwrapped(lon2, lat2, count)
    return u[row, col], good


def _unwrapped(lon2: np.ndarray, lat2: np.ndarray, count: np.ndarray):
    """Per padded row (as in :func:`assemble_lonlat`): unwrapped longitudes, whether the
    ring is a simple clockwise one inside [-180, 180] (no antimeridian, no pole)."""
    cols = np.arange(lon2.shape[1])
    inside = cols[None, :] < count[:, None]
    d = (np.diff(lon2, axis=1) + 180.0) % 360.0 - 180.0
    d[~inside[:, 1:]] = 0.0
    u = np.concatenate([lon2[:, :1], lon2[:, :1] + np.cumsum(d, axis=1)], axis=1)
    rows = np.arange(u.shape[0])
    k = np.round((u[rows, count - 1] - u[:, 0]) / 360.0)
    u[rows, count - 1] = u[:, 0]  # closed: as assemble_lonlat does for k == 0
    term = u[:, :-1] * lat2[:, 1:] - u[:, 1:] * lat2[:, :-1]
    term[~inside[:, 1:]] = 0.0
    signed2 = term.sum(axis=1)
    scale = np.abs(term).sum(axis=1)
    lo = np.floor((np.where(inside, u, np.inf).min(axis=1) + 180.0) / 360.0)
    hi = np.floor((np.where(inside, u, -np.inf).max(axis=1) + 180.0 - 1e-9) / 360.0)
    ok = (k == 0) & (signed2 < -1e-9 * scale) & (lo == 0) & (hi == 0)
    return u, ok


def assemble_simple(
    rid: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    flags: np.ndarray,
    n: int,
    geographic: bool,
    skip: np.ndarray,
) -> np.ndarray:
    """Polygons of the rings that need no cutting, all at once (None for the others,
    which the per-ring assembly handles): exactly the polygons the per-ring path builds.

    Geographic: closed clockwise rings inside [-180, 180] around no pole; azimuthal:
    rings with no point pushed onto the domain edge (``skip``: rings that contain the
    projection's antipode or cross the cut locus)."""
    out = np.full(n, None, dtype=object)
    if rid.size == 0:
        return out
    pushed = np.bincount(rid, weights=(flags & PUSHED) != 0, minlength=n) > 0
    rid, x, y = _closed_rings(rid, x, y)
    if geographic:
        on_cut = np.abs(np.abs(x) - 180.0) < 1e-9
        x = np.where(on_cut, np.copysign(180.0 - 1e-9, x), x)
    count = np.bincount(rid, minlength=n)
    ok = (count >= 4) & (count <= _PAD_LIMIT) & ~np.asarray(skip, dtype=bool) & ~pushed
    rows = np.flatnonzero(ok)
    if rows.size == 0:
        return out
    sel = ok[rid]
    rid, x, y = rid[sel], x[sel], y[sel]
    start = np.searchsorted(rid, rows)
    col = np.arange(rid.size) - np.repeat(start, count[rows])
    row = np.repeat(np.arange(rows.size), count[rows])
    if geographic:
        good = np.zeros(rows.size, dtype=bool)
        x = x.copy()
        for lo in range(0, rows.size, _CHUNK_RINGS):  # bounded memory for the padding
            hi = min(rows.size, lo + _CHUNK_RINGS)
            pts = slice(start[lo], start[hi] if hi < rows.size else rid.size)
            x[pts], good[lo:hi] = _unwrap_chunk(
                x[pts], y[pts], row[pts] - lo, col[pts], count[rows[lo:hi]]
            )
        rows, keep_pts = rows[good], good[row]
        x, y, row = x[keep_pts], y[keep_pts], row[keep_pts]
        row = np.cumsum(np.r_[0, row[1:] != row[:-1]]) if row.size else row
    polys = shapely.polygons(shapely.linearrings(np.column_stack([x, y]), indices=row))
    valid = shapely.is_valid(polys)
    out[rows[valid]] = polys[valid]
    return out
