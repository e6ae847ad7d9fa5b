"""Coordinate reference systems: the one home of named CRSs and lon/lat transformers.

Named CRSs (:func:`named_crs`):

========================  ==================================================================
``"europe"``              ETRS89-LAEA Europe, EPSG:3035 (Lambert azimuthal equal-area, centre
                          52°N 10°E): the analysis and default map CRS.
``"north-polar"``         Lambert azimuthal equal-area on the North Pole, 10°E up
                          (alias ``"arctic"``).
``"south-polar"``         Lambert azimuthal equal-area on the South Pole (alias
                          ``"antarctic"``).
========================  ==================================================================

and :func:`aeqd_crs`, an azimuthal-equidistant CRS centred on a site (distances and
azimuths from the site are true).

Transformers from WGS84 lon/lat degrees are built once per CRS and cached
(:func:`lonlat_transformer`). A PROJ-string CRS on WGS84 (the polar and site CRSs) gets
``Transformer.from_pipeline``: about 0.05 ms instead of the ~90 ms that
``Transformer.from_crs`` costs for a custom CRS, with identical numbers (DESIGN §5).

Lon/lat geometries are densified before they are projected (:func:`project_lonlat`): a
straight lon/lat edge (a meridian or a parallel) is not straight on the map, and an
undensified box edge along 60°E becomes a 2,050 km chord in EPSG:3035.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np
import pyproj
import shapely
from shapely import GeometryType

from .errors import GeometryError, UnknownNameError

__all__ = [
    "DENSIFY_DEG",
    "LONLAT",
    "SNAP_GRID_M",
    "aeqd_crs",
    "as_crs",
    "crs_transformer",
    "is_equal_area",
    "lonlat_transformer",
    "named_crs",
    "pipeline_transformer",
    "polygonal",
    "project_lonlat",
    "snap_grid",
]

#: WGS84 longitude/latitude in degrees (x = longitude).
LONLAT = pyproj.CRS.from_epsg(4326)

#: Lon/lat edges are split so that no piece is longer than this [degrees] before they are
#: projected (0.1° of a meridian is 11 km; the chord error of such a piece in EPSG:3035 is
#: well under a metre).
DENSIFY_DEG = 0.1

#: Grid [m] that user-given shapes (sector polygons) are snapped to in a projected CRS by
#: ``project_lonlat(..., snap=True)``, so that touching and identical shapes share their
#: vertices exactly.
SNAP_GRID_M = 0.001

#: The PROJ definitions of the named CRSs. ``europe`` is EPSG:3035 itself; its operation
#: (GRS80, no datum shift from WGS84 at this scale) is :data:`EUROPE_PROJ`.
_NAMED = {
    "europe": "EPSG:3035",
    "north-polar": "+proj=laea +lat_0=90 +lon_0=10 +datum=WGS84 +units=m +no_defs +type=crs",
    "south-polar": "+proj=laea +lat_0=-90 +lon_0=0 +datum=WGS84 +units=m +no_defs +type=crs",
}
_ALIASES = {"arctic": "north-polar", "antarctic": "south-polar"}

#: PROJ operations (from lon/lat radians) of the map views' CRSs, for pipeline transformers.
EUROPE_PROJ = "+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80"
NORTH_POLAR_PROJ = "+proj=laea +lat_0=90 +lon_0=10 +x_0=0 +y_0=0 +ellps=WGS84"


def named_crs(name: str = "europe") -> pyproj.CRS:
    """A named CRS: ``"europe"`` (EPSG:3035), ``"north-polar"`` / ``"arctic"``,
    ``"south-polar"`` / ``"antarctic"`` (equal-area, centred on the pole).

    Raises:
        UnknownNameError: listing the valid names.
    """
    key = str(name).strip().lower()
    key = _ALIASES.get(key, key)
    if key not in _NAMED:
        raise UnknownNameError("named CRS", name, [*_NAMED, *_ALIASES])
    return _from_string(_NAMED[key])


def aeqd_crs(lon: float, lat: float) -> pyproj.CRS:
    """Azimuthal-equidistant CRS centred on ``(lon, lat)`` degrees (WGS84, metres).

    The point at geodesic distance ``s`` and azimuth ``a`` from the centre has
    ``x = s sin a``, ``y = s cos a``.
    """
    for what, value, limit in (("lon", lon, 180.0), ("lat", lat, 90.0)):
        v = np.asarray(value, dtype=float) if _is_number(value) else None
        if v is None or v.size != 1 or not math.isfinite(float(v)) or abs(float(v)) > limit:
            raise GeometryError(
                f"aeqd centre: {what} must be one number in [-{limit:g}, {limit:g}]; got {value!r}"
            )
    return _from_string(
        f"+proj=aeqd +lat_0={float(lat)!r} +lon_0={float(lon)!r} +datum=WGS84 "
        "+units=m +no_defs +type=crs"
    )


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | np.number | np.ndarray) and not isinstance(value, bool)


def as_crs(crs: object) -> pyproj.CRS:
    """``crs`` as a :class:`pyproj.CRS` (a CRS, ``"EPSG:3035"``, a PROJ string, an EPSG
    number, or a named CRS such as ``"europe"``).

    Raises:
        GeometryError: if pyproj does not understand it.
    """
    if isinstance(crs, pyproj.CRS):
        return crs
    if isinstance(crs, str) and crs.strip().lower() in {*_NAMED, *_ALIASES}:
        return named_crs(crs)
    text = f"EPSG:{crs}" if isinstance(crs, int) and not isinstance(crs, bool) else crs
    try:
        if isinstance(text, str):
            return _from_string(text)
        return pyproj.CRS.from_user_input(text)
    except pyproj.exceptions.CRSError as exc:
        raise GeometryError(f"crs {crs!r} is not a CRS pyproj understands: {exc}") from None


@functools.lru_cache(maxsize=64)
def _from_string(text: str) -> pyproj.CRS:
    return pyproj.CRS.from_user_input(text)


_WGS84_TOKENS = {"+datum=WGS84": "+ellps=WGS84", "+ellps=WGS84": "+ellps=WGS84"}
_NOT_IN_PIPELINE = ("+type=crs", "+no_defs", "+wktext")
_NO_PIPELINE = ("+towgs84", "+nadgrids", "+geoidgrids", "+R=", "+a=", "+b=", "+pm=", "+axis=")


def _pipeline_operation(srs: str) -> str | None:
    """The PROJ operation of a PROJ-string CRS on WGS84 (``+proj=... +ellps=WGS84``), or
    None when the CRS is not such a string (then a transformer needs ``from_crs``)."""
    tokens = srs.split()
    if not tokens or not tokens[0].startswith("+proj=") or tokens[0] == "+proj=longlat":
        return None
    step, datum = [], None
    for tok in tokens:
        if tok in _NOT_IN_PIPELINE:
            continue
        if tok.startswith(("+datum=", "+ellps=")):
            datum = _WGS84_TOKENS.get(tok)
            if datum is None:
                return None
        elif tok.startswith(_NO_PIPELINE):
            return None
        else:
            step.append(tok)
    return None if datum is None else " ".join([*step, datum])


@functools.lru_cache(maxsize=128)
def pipeline_transformer(operation: str) -> pyproj.Transformer:
    """WGS84 lon/lat degrees -> the projection ``operation`` (a PROJ string such as
    :data:`EUROPE_PROJ`), as a pipeline transformer (cached)."""
    return pyproj.Transformer.from_pipeline(
        f"+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad +step {operation}"
    )


@functools.lru_cache(maxsize=128)
def lonlat_transformer(crs: pyproj.CRS | str) -> pyproj.Transformer:
    """WGS84 (lon, lat) degrees -> ``crs`` (x, y), cached per CRS (a name such as
    ``"EPSG:3035"`` and its CRS object share one transformer).

    PROJ-string CRSs on WGS84 (e.g. :func:`aeqd_crs`) get the fast pipeline; others
    ``Transformer.from_crs`` once (a few to ~400 ms, then cached).
    """
    return _lonlat_transformer(as_crs(crs))


@functools.lru_cache(maxsize=128)
def _lonlat_transformer(crs: pyproj.CRS) -> pyproj.Transformer:
    operation = _pipeline_operation(crs.srs or "")
    if operation is None:
        operation = _KNOWN_OPERATIONS.get((crs.srs or "").strip().upper())
    if operation is not None:
        return pipeline_transformer(operation)
    return pyproj.Transformer.from_crs(LONLAT, crs, always_xy=True)


#: EPSG CRSs whose transformation from WGS84 lon/lat is their projection alone (PROJ
#: takes ETRS89 = WGS84 at this scale): the same coordinates as ``from_crs`` (tested), and
#: no search of PROJ's database (~200 ms) in a fresh process
_KNOWN_OPERATIONS = {"EPSG:3035": EUROPE_PROJ}


@functools.lru_cache(maxsize=64)
def crs_transformer(src: pyproj.CRS, dst: pyproj.CRS) -> pyproj.Transformer:
    """``src`` -> ``dst`` (x, y order), cached; lon/lat sources use
    :func:`lonlat_transformer`."""
    if src.equals(LONLAT, ignore_axis_order=True):
        return lonlat_transformer(dst)
    return pyproj.Transformer.from_crs(src, dst, always_xy=True)


def project_lonlat(
    geoms: Any, crs: object, *, densify_deg: float | None = DENSIFY_DEG, snap: bool = False
) -> Any:
    """Project lon/lat geometries (a geometry or an array of them) to ``crs``: polygonal
    output (see :func:`polygonal`).

    Every edge is first split into pieces of at most ``densify_deg`` degrees (None: not
    densified, for geometries that are already dense, such as footprints), so that the
    projected shape follows the lon/lat lines it describes. ``snap``: also snap the result
    to a :data:`SNAP_GRID_M` grid (for user-given shapes that may touch or repeat each
    other, so that they share their vertices exactly).
    """
    tr = lonlat_transformer(crs)
    if densify_deg is not None:
        geoms = shapely.segmentize(geoms, densify_deg)

    def forward(xy: np.ndarray) -> np.ndarray:
        x, y = tr.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    out = shapely.transform(geoms, forward)
    if snap:
        out = shapely.set_precision(polygonal(out), snap_grid(crs))
    return polygonal(out)


def snap_grid(crs: object) -> float:
    """:data:`SNAP_GRID_M` in the units of ``crs`` (1e-8 degrees if geographic)."""
    crs = as_crs(crs)
    if crs.is_geographic:
        return 1e-8
    return SNAP_GRID_M / (crs.axis_info[0].unit_conversion_factor if crs.axis_info else 1.0)


_POLYGONAL = (GeometryType.POLYGON, GeometryType.MULTIPOLYGON)


def polygonal(geoms: Any) -> Any:
    """The polygonal part of each geometry, valid (a geometry or an array, as given):
    invalid ones are repaired, lines and points of GeometryCollections dropped, so that
    overlays never meet mixed dimensions (GEOS: "Unable to determine overlay result
    geometry dimension"). None and empty geometries become an empty Polygon.
    """
    if geoms is None or isinstance(geoms, shapely.Geometry):
        return _polygonal_one(geoms)
    arr = np.asarray(geoms, dtype=object)
    flat = arr.ravel().copy()
    for k, g in enumerate(flat):
        flat[k] = _polygonal_one(g)
    return flat.reshape(arr.shape)


def _polygonal_one(geom: shapely.Geometry | None) -> shapely.Geometry:
    if geom is None or shapely.is_empty(geom):
        return shapely.Polygon()
    if not shapely.is_valid(geom):
        geom = shapely.make_valid(geom, method="structure", keep_collapsed=False)
    if shapely.get_type_id(geom) in _POLYGONAL:
        return geom
    parts = shapely.get_parts(geom)
    while (shapely.get_type_id(parts) == GeometryType.GEOMETRYCOLLECTION).any():
        parts = shapely.get_parts(parts)  # nested GeometryCollections
    parts = shapely.get_parts(parts[np.isin(shapely.get_type_id(parts), _POLYGONAL)])
    if not len(parts):
        return shapely.Polygon()
    return parts[0] if len(parts) == 1 else shapely.union_all(parts)


def is_equal_area(crs: object) -> bool:
    """Whether ``crs`` is a projected equal-area CRS (areas measured in it are exact)."""
    crs = as_crs(crs)
    if not crs.is_projected or crs.coordinate_operation is None:
        return False
    method = crs.coordinate_operation.method_name
    return any(word in method for word in _EQUAL_AREA_WORDS)


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
