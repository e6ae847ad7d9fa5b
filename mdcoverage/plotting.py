"""Maps: views, the bundled base layers, footprints, sites, sectors, badge and saving.

The edge of the package (nothing in the core imports this module). Every drawing function
takes ``ax=`` (a cartopy ``GeoAxes`` made by :func:`new_map`; one is created when it is
``None``) and returns the matplotlib artists it added; nothing calls ``plt.show()``.

Pre-projection (DESIGN §5): geometries are projected with pyproj and clipped to the view
*before* matplotlib sees them, then drawn as plain patches/collections in projected
coordinates (``transform=ax.projection``, which cartopy passes through unchanged). Cartopy
never projects a raw layer, so drawing is fast and never downloads anything: the land and
country layers come from :mod:`mdcoverage.geodata`, never from cartopy's Natural Earth
features. The projected base layers are cached per :class:`View`.

Colours are Okabe–Ito (colour-blind safe); each party also has its own hatch, so printed
greyscale handouts stay readable.
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
import numbers
import os
import textwrap
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import cartopy.crs as ccrs
import matplotlib as mpl
import numpy as np
import pyproj
import shapely
from cartopy.mpl.geoaxes import GeoAxes
from matplotlib import colors as mcolors
from matplotlib import patheffects
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.text import Text

from . import geodata, map_layers
from .errors import GeometryError, OutputError, ScenarioError, UnknownNameError
from .output import atomic_write, check_suffix

__all__ = [
    "BORDER",
    "CAVEAT",
    "COAST",
    "HATCHES",
    "LAND",
    "LINESTYLES",
    "MAX_LABEL_CHARS",
    "MAX_PIXELS",
    "OCEAN",
    "OKABE_ITO",
    "PALETTE",
    "SITE_KINDS",
    "SITE_MARKERS",
    "VIEWS",
    "PartyStyle",
    "View",
    "add_badge",
    "add_title",
    "legend_handles",
    "new_map",
    "party_label",
    "party_style",
    "plot_basemap",
    "plot_footprints",
    "plot_sector_boundaries",
    "plot_sites",
    "project_to_view",
    "save_figure",
    "view",
]

#: The caveat every figure carries (DESIGN §1).
CAVEAT = "Illustrative model — notional parameters, not the performance of any real system"

#: The longest user text drawn (labels, names in titles, legends and tables; DESIGN §7):
#: longer text is cut and ends in "…".
MAX_LABEL_CHARS = 80
#: The largest figure :func:`save_figure` writes, in pixels (width × height at ``dpi``).
MAX_PIXELS = 50_000_000


def _user_text(text, limit: int = MAX_LABEL_CHARS) -> str:
    """User text as drawn: a string of at most ``limit`` characters."""
    s = str(text)
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _literal(texts) -> None:
    """Draw these Text artists literally: ``$`` in user text is not mathtext."""
    for t in texts:
        t.set_parse_math(False)


def _literal_figure(fig) -> None:
    """Every text of one of this module's figures drawn literally (legends, tables)."""
    _literal(fig.findobj(Text))
    for ax in fig.axes:
        for table in ax.tables:
            _literal(cell.get_text() for cell in table.get_celld().values())


def _checked(objs, kind: str, what: str, *, single: bool = False) -> list:
    """``objs`` (one object, or a non-empty sequence) as a list of ``kind`` objects (a class
    of :mod:`mdcoverage.coverage` or :mod:`mdcoverage.tracks`), else ScenarioError."""
    from . import coverage, tracks  # lazy: plotting is the edge; the core loads on use

    cls = {"Assessment": coverage.Assessment, "TrackAnalysis": tracks.TrackAnalysis}[kind]
    items = [objs] if single or isinstance(objs, cls) else objs
    if isinstance(items, str | bytes) or not isinstance(items, Sequence):
        raise ScenarioError(f"{what}: expected a list of {kind}, not {type(objs).__name__}")
    if not items:
        raise GeometryError(f"{what} needs at least one {kind}")
    for i, x in enumerate(items):
        if not isinstance(x, cls):
            where = "" if single else f"item {i}: "
            an = "an" if kind[0] in "AEIOU" else "a"
            raise ScenarioError(f"{what}: {where}expected {an} {kind}, not {type(x).__name__}")
    return list(items)


def _is_number(x) -> bool:
    """A real number (Python or numpy), not a bool."""
    return isinstance(x, numbers.Real) and not isinstance(x, bool | np.bool_)


# --------------------------------------------------------------------------------------
# Views
# --------------------------------------------------------------------------------------

#: Margin around a view's extent inside which layers are kept (share of width/height):
#: clipping artefacts (outlines along the cut) then fall outside the visible frame.
_MARGIN = 0.03

_EUROPE_PROJ = "+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80"
_POLAR_PROJ = "+proj=laea +lat_0=90 +lon_0=10 +x_0=0 +y_0=0 +ellps=WGS84"


@dataclass(frozen=True)
class View:
    """A map view: projection, visible extent and the label printed on the map.

    ``crs`` is anything :class:`pyproj.CRS` accepts (``"EPSG:3035"`` or a PROJ string);
    ``proj`` is the equivalent PROJ operation from lon/lat degrees (used to build a fast
    pipeline transformer); ``extent`` is ``(x_min, x_max, y_min, y_max)`` in metres of the
    view CRS; ``centre`` the projection centre ``(lon, lat)`` in degrees.
    Make one with :func:`view`.
    """

    name: str
    crs: str
    proj: str
    extent: tuple[float, float, float, float]
    projection_name: str
    centre: tuple[float, float]

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """The extent plus a small margin: layers are clipped here (metres)."""
        x0, x1, y0, y1 = self.extent
        dx, dy = (x1 - x0) * _MARGIN, (y1 - y0) * _MARGIN
        return (x0 - dx, x1 + dx, y0 - dy, y1 + dy)

    @property
    def pyproj_crs(self) -> pyproj.CRS:
        """The view CRS as a :class:`pyproj.CRS` (cached)."""
        return _pyproj_crs(self.crs)

    @property
    def cartopy_crs(self) -> ccrs.Projection:
        """The view CRS as a cartopy projection whose boundary is :attr:`bounds` (cached)."""
        return _cartopy_crs(self)


class _ViewProjection(ccrs.Projection):
    """A cartopy projection built from a pyproj CRS, with a rectangular boundary.

    Cartopy derives generic projections' bounds from the CRS's area of use (for EPSG:3035
    that would cut off the Urals); here the boundary is the view's clipping rectangle.
    """

    def __init__(self, crs: pyproj.CRS, bounds: tuple[float, float, float, float]):
        super().__init__(crs)
        self.bounds = tuple(float(b) for b in bounds)
        x0, x1, y0, y1 = self.bounds
        self.threshold = min(x1 - x0, y1 - y0) / 1000.0

    def __eq__(self, other):
        return super().__eq__(other) and getattr(other, "bounds", None) == self.bounds

    def __hash__(self):
        return hash((self.proj4_init, self.bounds))


@functools.lru_cache(maxsize=64)
def _pyproj_crs(crs: str) -> pyproj.CRS:
    return pyproj.CRS(crs)


@functools.lru_cache(maxsize=32)
def _cartopy_crs(v: View) -> _ViewProjection:
    return _ViewProjection(v.pyproj_crs, v.bounds)


def _europe() -> View:
    return View(
        name="europe",
        crs="EPSG:3035",
        proj=_EUROPE_PROJ,
        extent=(2_350_000.0, 8_150_000.0, 1_250_000.0, 5_650_000.0),
        projection_name="ETRS89-LAEA Europe (EPSG:3035), equal-area",
        centre=(10.0, 52.0),
    )


def _polar() -> View:
    # Latitude 35° lies 2R·sin(27.5°) ≈ 5,890 km from the pole in this projection.
    half = 5_900_000.0
    return View(
        name="polar",
        crs=_POLAR_PROJ + " +units=m +no_defs +type=crs",
        proj=_POLAR_PROJ,
        extent=(-half, half, -half, half),
        projection_name="North polar Lambert azimuthal equal-area (90°N, 10°E), equal-area",
        centre=(10.0, 90.0),
    )


def _fmt_lon(lon: float) -> str:
    return f"{abs(lon):g}°{'E' if lon >= 0 else 'W'}"


def _fmt_lat(lat: float) -> str:
    return f"{abs(lat):g}°{'N' if lat >= 0 else 'S'}"


def _site(lon: float, lat: float, radius_km: float) -> View:
    for field, value, lo, hi in (("lon", lon, -180.0, 180.0), ("lat", lat, -90.0, 90.0)):
        if not _is_number(value) or not lo <= value <= hi:
            raise GeometryError(f"site view: {field} must be a number in [{lo:g}, {hi:g}]")
    if not _is_number(radius_km) or not 0 < radius_km <= 10_000:
        raise GeometryError("site view: radius_km must be a number in (0, 10000] km")
    lon, lat, radius_km = float(lon), float(lat), float(radius_km)
    proj = f"+proj=aeqd +lat_0={lat!r} +lon_0={lon!r} +x_0=0 +y_0=0 +ellps=WGS84"
    r = radius_km * 1000.0
    return View(
        name="site",
        crs=proj + " +units=m +no_defs +type=crs",
        proj=proj,
        extent=(-r, r, -r, r),
        projection_name=(
            f"Azimuthal equidistant centred on {_fmt_lon(lon)}, {_fmt_lat(lat)}: "
            "distances from the centre are true"
        ),
        centre=(lon, lat),
    )


#: The view names :func:`view` knows.
VIEWS = ("europe", "polar", "site")


def view(
    name: str = "europe",
    *,
    lon: float | None = None,
    lat: float | None = None,
    radius_km: float | None = None,
) -> View:
    """A map view by name.

    - ``"europe"`` (default): ETRS89-LAEA (EPSG:3035, equal-area), Iceland and Portugal to
      the Urals and the Caspian, including Turkey, the Caucasus and western Russia;
    - ``"polar"``: north polar Lambert azimuthal equal-area, to about 35°N;
    - ``"site"``: azimuthal equidistant centred on ``lon``, ``lat`` (degrees; required),
      showing ``radius_km`` (default 3,000 km, at most 10,000 km) around the centre.
    """
    if name not in VIEWS:
        raise UnknownNameError("view", name, VIEWS)
    if name == "site":
        if lon is None or lat is None:
            raise GeometryError("site view: give the centre as lon=..., lat=... (degrees)")
        return _site(lon, lat, 3000.0 if radius_km is None else radius_km)
    if lon is not None or lat is not None or radius_km is not None:
        raise GeometryError(
            f"the {name!r} view is fixed; lon, lat and radius_km apply to the 'site' view"
        )
    return _europe() if name == "europe" else _polar()


def _as_view(v: View | str) -> View:
    return v if isinstance(v, View) else view(v)


# --------------------------------------------------------------------------------------
# Projection of geometries to a view (pyproj + shapely; cached for the base layers)
# --------------------------------------------------------------------------------------

_LONLAT = pyproj.CRS("EPSG:4326")


@functools.lru_cache(maxsize=32)
def _lonlat_transformer(proj: str) -> pyproj.Transformer:
    # A pipeline is ~1000x faster to build than Transformer.from_crs for custom CRSs
    # (DESIGN §5) and gives the same numbers.
    return pyproj.Transformer.from_pipeline(
        f"+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad +step {proj}"
    )


@functools.lru_cache(maxsize=32)
def _crs_transformer(src: pyproj.CRS, dst: pyproj.CRS) -> pyproj.Transformer:
    return pyproj.Transformer.from_crs(src, dst, always_xy=True)


def _box(lon0: float, lat0: float, lon1: float, lat1: float) -> shapely.Polygon:
    return shapely.box(max(lon0, -180.0), max(lat0, -90.0), min(lon1, 180.0), min(lat1, 90.0))


@functools.lru_cache(maxsize=32)
def _lonlat_region(v: View):
    """The lon/lat region to keep before projecting: covers the view's bounds, avoids the
    antimeridian seam and the projection's singular antipode."""
    tr = _lonlat_transformer(v.proj)
    x0, x1, y0, y1 = v.bounds
    t = np.linspace(0.0, 1.0, 257)[:-1]
    xs = np.concatenate(
        [x0 + (x1 - x0) * t, np.full_like(t, x1), x1 - (x1 - x0) * t, np.full_like(t, x0)]
    )
    ys = np.concatenate(
        [np.full_like(t, y0), y0 + (y1 - y0) * t, np.full_like(t, y1), y1 - (y1 - y0) * t]
    )
    lon, lat = tr.transform(xs, ys, direction="INVERSE")
    pad = 2.0

    def inside(lon_: float, lat_: float) -> bool:
        px, py = tr.transform(lon_, lat_)
        return bool(np.isfinite(px) and x0 <= px <= x1 and y0 <= py <= y1)

    if inside(0.0, 90.0):
        region = _box(-180, float(lat.min()) - pad, 180, 90)
    elif inside(0.0, -90.0):
        region = _box(-180, -90, 180, float(lat.max()) + pad)
    elif np.any(np.abs(np.diff(np.r_[lon, lon[0]])) > 180.0):
        # The frame crosses the antimeridian: two boxes, one either side.
        lon360 = np.mod(lon, 360.0)
        lat0, lat1 = float(lat.min()) - pad, float(lat.max()) + pad
        region = shapely.union(
            _box(float(lon360.min()) - pad, lat0, 180, lat1),
            _box(-180, lat0, float(lon360.max()) - 360.0 + pad, lat1),
        )
    else:
        region = _box(
            float(lon.min()) - pad,
            float(lat.min()) - pad,
            float(lon.max()) + pad,
            float(lat.max()) + pad,
        )
    # Cut out a neighbourhood of the antipode (where azimuthal projections are singular).
    alon = (v.centre[0] + 360.0) % 360.0 - 180.0
    alat = -v.centre[1]
    if abs(alat) > 80.0:
        hole = _box(-180, 80, 180, 90) if alat > 0 else _box(-180, -90, 180, -80)
    else:
        half_lon = min(180.0, 10.0 / math.cos(math.radians(alat)))
        hole = shapely.union_all(
            [
                _box(alon - half_lon + k, alat - 10, alon + half_lon + k, alat + 10)
                for k in (-360, 0, 360)
            ]
        )
    return shapely.difference(region, hole)


def _as_geometry_array(geoms) -> tuple[np.ndarray, pyproj.CRS | None]:
    """Geometries (a shapely geometry, a sequence, a GeoSeries or GeoDataFrame) as an
    object array, with the CRS they carry (or None)."""
    crs = getattr(geoms, "crs", None)
    if hasattr(geoms, "geometry") and not isinstance(geoms, shapely.Geometry):
        geoms = geoms.geometry
    if isinstance(geoms, shapely.Geometry):
        geoms = [geoms]
    arr = np.asarray(list(geoms), dtype=object)
    if arr.ndim != 1 or not all(g is None or isinstance(g, shapely.Geometry) for g in arr):
        raise GeometryError("geometries must be shapely geometries (or a GeoSeries)")
    arr = np.where(shapely.is_missing(arr), shapely.Polygon(), arr)
    return arr, (None if crs is None else pyproj.CRS(crs))


def _apply(tr: pyproj.Transformer, geoms: np.ndarray) -> np.ndarray:
    def fn(xy: np.ndarray) -> np.ndarray:
        x, y = tr.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geoms, fn)


def _repair(geoms: np.ndarray) -> np.ndarray:
    bad = ~shapely.is_valid(geoms)
    if bad.any():
        geoms = geoms.copy()
        geoms[bad] = shapely.make_valid(geoms[bad])
    return geoms


def _finish(geoms: np.ndarray, v: View, dims: np.ndarray) -> np.ndarray:
    """Drop unprojectable geometries, repair, clip to the view bounds, keep only parts of
    the input's dimension (``dims``: 0 points, 1 lines, 2 polygons)."""
    out = geoms.copy()
    for i, g in enumerate(out):
        if not g.is_empty and not np.isfinite(shapely.get_coordinates(g)).all():
            out[i] = shapely.Polygon()  # beyond the projection's horizon
    out = _repair(out)
    x0, x1, y0, y1 = v.bounds
    out = _repair(shapely.clip_by_rect(out, x0, y0, x1, y1))
    for i in np.flatnonzero(shapely.get_type_id(out) == 7):
        parts = _flat_parts(out[i])
        keep = parts[shapely.get_dimensions(parts) == dims[i]]
        out[i] = shapely.union_all(keep) if len(keep) else _EMPTY[int(dims[i])]
    return out


def _join_at_seam(geom):
    """Join the parts of a lon/lat polygon split at ±180° into single polygons.

    The western parts are shifted by +360° so that both sides of the seam lie on the same
    line x = 180, where the overlay is exact even if the two sides have different
    vertices; the result (longitudes up to 540°) projects normally.
    """
    polys = _polygons(geom)
    if len(polys) < 2:
        return geom
    b = shapely.bounds(polys)
    west = (b[:, 0] <= -179.999) & (b[:, 2] < 179.999)
    east = (b[:, 2] >= 179.999) & (b[:, 0] > -179.999)
    if not (west.any() and east.any()):
        return geom

    def snap(xy: np.ndarray, shift: float) -> np.ndarray:
        # seam vertices may sit a few ulp off ±180° (e.g. -179.99999999999991)
        x = np.where(np.abs(np.abs(xy[:, 0]) - 180.0) < 1e-7, np.sign(xy[:, 0]) * 180.0, xy[:, 0])
        return np.column_stack([x + shift, xy[:, 1]])

    parts = np.concatenate(
        [
            shapely.transform(polys[east], lambda xy: snap(xy, 0.0)),
            shapely.transform(polys[west], lambda xy: snap(xy, 360.0)),
        ]
    )
    joined = _polygons(shapely.union_all(_repair(parts)))
    return shapely.multipolygons(np.concatenate([polys[~(west | east)], joined]))


def project_to_view(geoms, view: View | str, *, crs=None) -> np.ndarray:
    """Project geometries to a view's CRS and clip them to its bounds.

    ``geoms``: a shapely geometry, a sequence of them, or a GeoSeries/GeoDataFrame.
    ``crs``: their CRS (anything pyproj accepts); default: the GeoSeries' CRS, else
    EPSG:4326 (lon/lat degrees). Lon/lat input is repaired with ``make_valid``, cut to the
    region the view can show (away from the projection's singular antipode), densified to
    0.5° and projected; polygons split at the antimeridian (parts on both sides of ±180°)
    are merged again so that no seam is drawn. Returns an object array of shapely
    geometries in view coordinates (metres), one per input (empty when outside the view).

    Results are cached (bounded) by the input geometries' values, the view and the CRS, so
    re-drawing the same layers is cheap; shapely geometries are immutable and every call
    returns a new array.
    """
    v = _as_view(view)
    key = _projection_key(geoms, v, crs)
    out = np.empty(len(key[0]), dtype=object)
    out[:] = _project_cached(*key)
    return out


def _projection_key(geoms, v: View, crs) -> tuple:
    arr, own_crs = _as_geometry_array(geoms)
    src = _as_crs(crs) if crs is not None else own_crs or _LONLAT
    return tuple(arr), v, src


def _view_fill_paths(geoms, v: View, crs) -> tuple[MplPath, ...]:
    """Fill paths of ``geoms`` projected to the view, one per geometry (read-only and
    shared: cached like :func:`project_to_view`)."""
    return _fill_paths_cached(*_projection_key(geoms, v, crs))


@functools.lru_cache(maxsize=64)
def _fill_paths_cached(geoms: tuple, v: View, src: pyproj.CRS) -> tuple[MplPath, ...]:
    return tuple(_readonly(_polygon_path(g)) for g in _project_cached(geoms, v, src))


def _as_crs(crs) -> pyproj.CRS:
    if isinstance(crs, pyproj.CRS):
        return crs
    if isinstance(crs, str):
        return _pyproj_crs(crs)
    return pyproj.CRS(crs)


@functools.lru_cache(maxsize=64)
def _project_cached(geoms: tuple, v: View, src: pyproj.CRS) -> tuple:
    arr = np.empty(len(geoms), dtype=object)
    arr[:] = geoms
    return tuple(_project(arr, v, src))


def _project(arr: np.ndarray, v: View, src: pyproj.CRS) -> np.ndarray:
    """:func:`project_to_view` without the cache (``arr``: an object array of geometries)."""
    dims = np.maximum(shapely.get_dimensions(arr), 0)
    if src.equals(v.pyproj_crs, ignore_axis_order=True):
        return _finish(arr, v, dims)
    if src.is_geographic:
        tr = _lonlat_transformer(v.proj)
        region = _lonlat_region(v)
        # repair only what can reach the region: the rest is cut away whole below
        b = shapely.bounds(arr)
        rx0, ry0, rx1, ry1 = region.bounds
        away = (b[:, 2] < rx0) | (b[:, 0] > rx1) | (b[:, 3] < ry0) | (b[:, 1] > ry1)
        if away.any():
            arr = arr.copy()
            arr[~away] = _repair(arr[~away])
        else:
            arr = _repair(arr)
        b = shapely.bounds(arr)
        seam = (b[:, 0] <= -179.999) & (b[:, 2] >= 179.999)
        arr = shapely.intersection(arr, region)
        for i in np.flatnonzero(seam):
            arr[i] = _join_at_seam(arr[i])
        return _finish(_apply(tr, shapely.segmentize(arr, 0.5)), v, dims)
    tr = _crs_transformer(src, v.pyproj_crs)
    return _finish(_apply(tr, shapely.segmentize(_repair(arr), 10_000.0)), v, dims)


# --------------------------------------------------------------------------------------
# Shapely -> matplotlib paths
# --------------------------------------------------------------------------------------

_EMPTY_PATH = MplPath(np.zeros((0, 2)), np.zeros(0, dtype=MplPath.code_type))
_EMPTY = (shapely.Point(), shapely.LineString(), shapely.Polygon())


def _rings_path(rings: np.ndarray, *, closed: bool) -> MplPath:
    """One compound path of linear rings / line strings."""
    if len(rings) == 0:
        return _EMPTY_PATH
    coords, idx = shapely.get_coordinates(rings, return_index=True)
    if len(coords) == 0:
        return _EMPTY_PATH
    codes = np.full(len(coords), MplPath.LINETO, dtype=MplPath.code_type)
    starts = np.r_[0, np.flatnonzero(np.diff(idx)) + 1]
    codes[starts] = MplPath.MOVETO
    if closed:
        ends = np.r_[starts[1:] - 1, len(coords) - 1]
        codes[ends] = MplPath.CLOSEPOLY
    return MplPath(coords, codes)


def _flat_parts(geom) -> np.ndarray:
    """Single-part geometries of a geometry (nested collections flattened)."""
    parts = shapely.get_parts(np.atleast_1d(geom))
    while True:
        coll = shapely.get_type_id(parts) == 7
        if not coll.any():
            return parts[~shapely.is_empty(parts)]
        parts = np.concatenate([parts[~coll], shapely.get_parts(parts[coll])])


def _polygons(geom) -> np.ndarray:
    parts = _flat_parts(geom)
    return parts[shapely.get_type_id(parts) == 3]


def _polygon_path(geom) -> MplPath:
    """A fillable path: exteriors counter-clockwise, holes clockwise."""
    polys = _polygons(geom)
    if len(polys) == 0:
        return _EMPTY_PATH
    polys = shapely.orient_polygons(polys)
    return _rings_path(shapely.get_rings(polys), closed=True)


def _linework(geom) -> np.ndarray:
    """The lines of a geometry: polygon rings and line strings (points dropped)."""
    parts = _flat_parts(geom)
    polys = parts[shapely.get_type_id(parts) == 3]
    rings = shapely.get_rings(polys) if len(polys) else np.empty(0, object)
    lines = parts[np.isin(shapely.get_type_id(parts), (1, 2))]
    out = np.concatenate([rings, lines])
    return out[~shapely.is_empty(out)]


def _line_path(geom) -> MplPath:
    """A stroke path of the linework of any geometry (polygon boundaries included)."""
    return _rings_path(_linework(geom), closed=False)


# --------------------------------------------------------------------------------------
# Palette and styles
# --------------------------------------------------------------------------------------

#: The Okabe–Ito colour-blind-safe palette.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: Fixed party colours; other parties cycle through ``PALETTE["others"]``.
PALETTE = {
    "nato": OKABE_ITO["blue"],
    "russia": OKABE_ITO["vermillion"],
    "others": (
        OKABE_ITO["bluish_green"],
        OKABE_ITO["reddish_purple"],
        OKABE_ITO["orange"],
        OKABE_ITO["sky_blue"],
        OKABE_ITO["black"],
        OKABE_ITO["yellow"],
    ),
}
#: Hatches per party (greyscale prints); other parties cycle through ``HATCHES["others"]``.
HATCHES = {"nato": "//", "russia": "\\\\", "others": ("..", "xx", "oo", "++", "||", "--")}
#: Line styles per party; other parties cycle through ``LINESTYLES["others"]``.
LINESTYLES = {"nato": "-", "russia": "--", "others": (":", "-.", (0, (5, 2, 1, 2)))}
_PARTY_LABELS = {"nato": "NATO", "russia": "Russia"}

OCEAN = "#F5F8FA"
LAND = "#E4E2DC"
BORDER = "#8C8C8C"
COAST = "#5F6B73"


@dataclass(frozen=True)
class PartyStyle:
    """How a party is drawn: colour, hatch, line style and legend label."""

    name: str
    label: str
    color: str
    hatch: str
    linestyle: str | tuple


def party_label(name: str) -> str:
    """The display name of a party ("nato" → "NATO")."""
    return _user_text(_PARTY_LABELS.get(str(name).lower(), name))


def party_style(name: str, index: int = 0) -> PartyStyle:
    """The style of party ``name``.

    ``nato`` and ``russia`` (any case) have fixed styles; any other party takes colour,
    hatch and line style number ``index`` (cycling) among the non-fixed styles — pass the
    party's position among the *other* parties of the figure so that every panel and the
    legend agree (:func:`legend_handles` counts this way).
    """
    key = name.lower()
    if key in PALETTE and key != "others":
        return PartyStyle(name, party_label(name), PALETTE[key], HATCHES[key], LINESTYLES[key])
    if not isinstance(index, numbers.Integral) or isinstance(index, bool) or index < 0:
        raise GeometryError("party_style: index must be an integer >= 0")

    def pick(seq):
        return seq[index % len(seq)]

    return PartyStyle(
        name,
        party_label(name),
        pick(PALETTE["others"]),
        pick(HATCHES["others"]),
        pick(LINESTYLES["others"]),
    )


def _style(party: str | PartyStyle) -> PartyStyle:
    return party if isinstance(party, PartyStyle) else party_style(party)


def _styles(parties: Sequence[str | PartyStyle]) -> list[PartyStyle]:
    """Styles of a figure's parties; names other than nato/russia are numbered in order."""
    out, n_other = [], 0
    for p in parties:
        if isinstance(p, PartyStyle):
            out.append(p)
        else:
            out.append(party_style(p, n_other))
            n_other += p.lower() not in ("nato", "russia")
    return out


#: Site kinds and their markers.
SITE_KINDS = ("land", "sea", "sensor")
_SHIP = MplPath(
    [
        (-1.0, 0.05),
        (-0.4, 0.05),
        (-0.4, 0.6),
        (0.35, 0.6),
        (0.35, 0.05),
        (1.0, 0.05),
        (0.6, -0.55),
        (-0.6, -0.55),
        (-1.0, 0.05),
    ],
    [MplPath.MOVETO] + [MplPath.LINETO] * 7 + [MplPath.CLOSEPOLY],
)
#: Markers: land "^", sea a ship silhouette, sensor a diamond.
SITE_MARKERS = {"land": "^", "sea": MarkerStyle(_SHIP), "sensor": "D"}
_SITE_SIZES = {"land": 75.0, "sea": 190.0, "sensor": 50.0}
_SITE_LABELS = {"land": "Land site", "sea": "Sea-based site", "sensor": "Sensor"}

_FONT_SMALL = 9.0


def _tint(color, amount: float) -> tuple[float, float, float]:
    """Mix ``color`` with white (amount 0: unchanged; 1: white)."""
    r, g, b = mcolors.to_rgb(color)
    return (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)


# --------------------------------------------------------------------------------------
# Axes and base map
# --------------------------------------------------------------------------------------

_VIEW_ATTR = "_mdcoverage_view"


def new_map(
    view: View | str = "europe",
    *,
    ax=None,
    fig: Figure | None = None,
    subplot: tuple[int, int, int] = (1, 1, 1),
) -> GeoAxes:
    """A GeoAxes in the view's projection, extent set, ocean background.

    With neither ``ax`` nor ``fig``, a new :class:`matplotlib.figure.Figure` (9 × 7.5 in,
    not registered with pyplot — pass ``fig=plt.figure()`` to have pyplot show it) with one
    map. With ``fig``, the map is added as subplot ``subplot`` = (rows, columns, index),
    e.g. ``(1, 2, 2)`` for the right panel of two. With ``ax`` (a GeoAxes in this view's
    projection, e.g. from ``fig.subplots(..., subplot_kw={"projection":
    view.cartopy_crs})``), that axes is prepared.
    """
    v = _as_view(view)
    proj = v.cartopy_crs
    if ax is None:
        if fig is None:
            fig = Figure(figsize=(9.0, 7.5))
        ax = fig.add_subplot(*subplot, projection=proj)
    elif not isinstance(ax, GeoAxes) or ax.projection != proj:
        raise GeometryError(
            f"ax must be a cartopy GeoAxes in the projection of the {v.name!r} view; "
            "make it with new_map()"
        )
    setattr(ax, _VIEW_ATTR, v)
    ax.set_extent(v.extent, crs=proj)
    ax.set_facecolor(OCEAN)
    ax.spines["geo"].set_edgecolor("0.35")
    ax.spines["geo"].set_linewidth(0.8)
    return ax


def _resolve(ax, v: View | str | None) -> tuple[GeoAxes, View]:
    if v is not None:
        v = _as_view(v)
    if ax is None:
        if v is None:
            raise GeometryError("give ax= (from new_map) or view=")
        return new_map(v), v
    own = getattr(ax, _VIEW_ATTR, None)
    if own is None:
        if v is None:
            raise GeometryError("ax was not made by new_map(); give view= too")
        new_map(v, ax=ax)
        return ax, v
    if v is not None and v != own:
        raise GeometryError(f"ax shows the {own.name!r} view, not {v.name!r}")
    return ax, own


def _add(ax, patch: PathPatch) -> PathPatch:
    """Add a patch without ``add_patch``'s data-limit update (which walks every vertex
    as a Bézier segment: ~20 ms per country-sized path); the view sets the limits."""
    return ax.add_artist(patch)


@dataclass(frozen=True)
class _BaseLayers:
    land: MplPath
    coast: MplPath
    land_geom: shapely.Geometry  # projected, prepared
    codes: tuple[str, ...]
    countries: tuple[MplPath, ...]  # fill paths, in ``codes`` order (empty when not shown)


@functools.lru_cache(maxsize=8)
def _base_layers(v: View) -> _BaseLayers:
    # not through project_to_view's cache: these are cached here, once per view
    land = _project(_as_geometry_array(geodata._read_gpkg("land.gpkg").geometry)[0], v, _LONLAT)
    c = geodata._countries()
    cgeoms = _project(_as_geometry_array(c.geometry)[0], v, _LONLAT)
    # the land layer is one valid (multi)polygon: its union would only re-node it
    land_geom = land[0] if len(land) == 1 else shapely.union_all(land)
    shapely.prepare(land_geom)
    return _BaseLayers(
        land=_readonly(_polygon_path(land)),
        coast=_readonly(_line_path(land)),
        land_geom=land_geom,
        codes=tuple(c.index),
        countries=tuple(_readonly(_polygon_path(g)) for g in cgeoms),
    )


def _readonly(path: MplPath) -> MplPath:
    """A read-only copy of a path (cached paths are shared by every figure)."""
    return MplPath(
        path.vertices.copy(), None if path.codes is None else path.codes.copy(), readonly=True
    )


def _without_coast(lines: np.ndarray, v: View) -> list[np.ndarray]:
    """The parts of ``lines`` (projected) that do not run along the coast.

    A segment runs along the coast when land lies on one side of it and sea on the other
    (tested 50 m either side of its midpoint); land borders (land both sides) and lines
    at sea (sea both sides) stay. Returns the kept runs as vertex arrays.
    """
    land = _base_layers(v).land_geom
    out = []
    for line in lines:
        xy = shapely.get_coordinates(line)
        d = np.diff(xy, axis=0)
        length = np.hypot(d[:, 0], d[:, 1])
        normal = np.column_stack([-d[:, 1], d[:, 0]]) / np.where(length > 0, length, 1.0)[:, None]
        mid = (xy[:-1] + xy[1:]) / 2.0
        left = shapely.contains_xy(land, *(mid + 50.0 * normal).T)
        right = shapely.contains_xy(land, *(mid - 50.0 * normal).T)
        keep = left == right
        edges = np.flatnonzero(np.diff(np.r_[0, keep.astype(np.int8), 0]))
        out.extend(xy[s : e + 1] for s, e in edges.reshape(-1, 2))
    return out


def plot_basemap(
    ax=None,
    view: View | str | None = None,
    *,
    country_fill: Mapping[str, object] | None = None,
    tint: float = 0.8,
) -> list:
    """Land, coastline and country borders from the bundled layers (no download).

    ``country_fill``: optional mapping ``adm0_a3`` → colour, e.g. to shade countries by
    party as of a date; colours are mixed with white by ``tint`` (0 = as given) so that
    footprints drawn on top stay readable. Returns ``[land, fills?, borders, coast]``.
    """
    ax, v = _resolve(ax, view)
    layers = _base_layers(v)
    tr = ax.projection
    artists = []
    land = PathPatch(
        layers.land, facecolor=LAND, edgecolor="none", transform=tr, zorder=1.0, gid="land"
    )
    artists.append(_add(ax, land))
    if country_fill:
        index = {code: i for i, code in enumerate(layers.codes)}
        paths, colours = [], []
        for code, colour in country_fill.items():
            if code not in index:
                raise UnknownNameError("country code (adm0_a3)", code, layers.codes)
            if len(layers.countries[index[code]].vertices):
                paths.append(layers.countries[index[code]])
                colours.append(_tint(colour, tint))
        fills = PathCollection(
            paths, facecolors=colours, edgecolors="none", transform=tr, zorder=1.1
        )
        fills.set_gid("country-fill")
        artists.append(ax.add_collection(fills, autolim=False))
    shown = [p for p in layers.countries if len(p.vertices)]
    borders = PathCollection(
        shown, facecolors="none", edgecolors=BORDER, linewidths=0.45, transform=tr, zorder=1.5
    )
    borders.set_gid("borders")
    artists.append(ax.add_collection(borders, autolim=False))
    coast = PathPatch(
        layers.coast,
        facecolor="none",
        edgecolor=COAST,
        linewidth=0.6,
        transform=tr,
        zorder=1.6,
        gid="coast",
    )
    artists.append(_add(ax, coast))
    return artists


# --------------------------------------------------------------------------------------
# Footprints, sites, sectors
# --------------------------------------------------------------------------------------


def plot_footprints(
    ax,
    geoms,
    *,
    party: str | PartyStyle,
    view: View | str | None = None,
    crs=None,
    alpha: float = 0.25,
    hatch: bool | str = True,
    label: str | None = None,
) -> list[PathPatch]:
    """Footprints of one party: semi-transparent fill, solid outline, party hatch.

    One :class:`~matplotlib.patches.PathPatch` per geometry (empty when outside the view),
    ``gid="footprint:<party>:<i>"``; the first carries ``label`` (default
    "<Party> footprint (notional)") for legends. ``geoms`` as in :func:`project_to_view`
    (``crs`` default EPSG:4326). ``party``: a name or a :class:`PartyStyle` (with several
    parties besides nato/russia, pass ``party_style(name, i)`` so colours match
    :func:`legend_handles`). ``hatch``: True = the party's hatch, False = none, or a
    matplotlib hatch string.
    """
    ax, v = _resolve(ax, view)
    style = _style(party)
    if not 0.0 <= alpha <= 1.0:
        raise GeometryError("plot_footprints: alpha must be in [0, 1]")
    hatch_str = style.hatch if hatch is True else (hatch or None)
    label = _user_text(label) if label is not None else f"{style.label} footprint (notional)"
    patches = []
    for i, path in enumerate(_view_fill_paths(geoms, v, crs)):
        p = PathPatch(
            path,
            facecolor=mcolors.to_rgba(style.color, alpha),
            edgecolor=style.color,
            linewidth=1.3,
            hatch=hatch_str,
            hatchcolor=mcolors.to_rgba(style.color, min(1.0, 2 * alpha)),
            transform=ax.projection,
            zorder=2.0,
            gid=f"footprint:{style.name}:{i}",
            label=label if i == 0 else f"_{label}",
        )
        p.set_hatch_linewidth(0.6)
        patches.append(_add(ax, p))
    return patches


def plot_sites(
    ax,
    lon,
    lat,
    *,
    kinds: str | Sequence[str],
    party: str | PartyStyle,
    labels: Sequence[str] | None = None,
    view: View | str | None = None,
) -> list:
    """Site markers in the party colour: land "^", sea a ship silhouette, sensor a diamond.

    ``lon``, ``lat``: degrees (arrays or scalars); ``kinds``: one of ``land``, ``sea``,
    ``sensor`` per site (or one for all); ``labels``: optional text next to each site
    (only for sites inside the view). Returns one PathCollection per kind present
    (``gid="sites:<party>:<kind>"``), then the label texts.
    """
    ax, v = _resolve(ax, view)
    style = _style(party)
    try:
        lon = np.atleast_1d(np.asarray(lon, dtype=float))
        lat = np.atleast_1d(np.asarray(lat, dtype=float))
    except (TypeError, ValueError):
        raise GeometryError("plot_sites: lon and lat must be numbers (degrees)") from None
    n = len(lon)
    kinds_arr = np.array([kinds] * n if isinstance(kinds, str) else list(kinds), dtype=object)
    if lon.shape != lat.shape or lon.ndim != 1 or len(kinds_arr) != n:
        raise GeometryError("plot_sites: lon, lat and kinds must have the same length")
    if labels is not None and len(labels) != n:
        raise GeometryError("plot_sites: labels must have one entry per site")
    if not (np.isfinite(lon).all() and np.isfinite(lat).all()):
        raise GeometryError("plot_sites: lon and lat must be finite numbers")
    if ((np.abs(lon) > 180) | (np.abs(lat) > 90)).any():
        raise GeometryError("plot_sites: lon must be in [-180, 180] and lat in [-90, 90]")
    for k in kinds_arr:
        if k not in SITE_KINDS:
            raise UnknownNameError("site kind", k, SITE_KINDS)
    x, y = _lonlat_transformer(v.proj).transform(lon, lat)
    artists: list = []
    for kind in SITE_KINDS:
        sel = kinds_arr == kind
        if not sel.any():
            continue
        coll = ax.scatter(
            x[sel],
            y[sel],
            s=_SITE_SIZES[kind],
            marker=SITE_MARKERS[kind],
            facecolors=style.color,
            edgecolors="black",
            linewidths=0.8,
            transform=ax.projection,
            zorder=4.0,
            label=f"{style.label}: {_SITE_LABELS[kind].lower()}",
        )
        coll.set_gid(f"sites:{style.name}:{kind}")
        artists.append(coll)
    if labels is not None:
        artists += _site_labels(ax, x, y, labels, style, v)
    return artists


def _site_labels(ax, x, y, labels, style: PartyStyle, v: View) -> list:
    """Labels next to the sites inside the view (literal text, cut to MAX_LABEL_CHARS)."""
    x0, x1, y0, y1 = v.extent
    halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    out = []
    for xi, yi, text in zip(x, y, labels, strict=True):
        if not text or not (x0 <= xi <= x1 and y0 <= yi <= y1):
            continue
        t = ax.annotate(
            _user_text(text),
            (xi, yi),
            xytext=(6, 4),
            textcoords="offset points",
            fontsize=_FONT_SMALL,
            color="0.1",
            zorder=4.5,
            path_effects=halo,
            parse_math=False,
        )
        t.set_gid(f"site-label:{style.name}")
        out.append(t)
    return out


def plot_sector_boundaries(
    ax,
    geoms,
    *,
    view: View | str | None = None,
    crs=None,
    parties: Sequence[str | PartyStyle] | None = None,
    hatch: bool | str = True,
    omit_coast: bool = True,
    label: str = "Sector boundary (interpretation)",
    lines=None,
) -> list:
    """Sector boundaries as bold dashed lines over a light hatch of each sector.

    ``geoms``: sector polygons (or lines), as in :func:`project_to_view`. The boundaries
    are merged so a shared edge is drawn once; with ``omit_coast`` the parts that run along
    the coast are dropped (the sector *line* remains). ``parties``: optional owner per
    sector, which colours its hatch. ``hatch``: True = a light single-density hatch (the
    owner's direction), False = none, or a hatch string. Returns the hatch patches, then
    the boundary :class:`~matplotlib.collections.LineCollection` (``gid="sector-boundary"``).
    """
    ax, v = _resolve(ax, view)
    projected = project_to_view(geoms, v, crs=crs)
    if parties is not None and len(parties) != len(projected):
        raise GeometryError("plot_sector_boundaries: give one party per sector geometry")
    artists: list = []
    if hatch:
        styles = _styles(parties) if parties is not None else None
        for i, g in enumerate(projected):
            path = _polygon_path(g)
            if styles is None:
                colour, pattern = "0.35", "/"
            else:
                colour, pattern = styles[i].color, styles[i].hatch[0]
            if isinstance(hatch, str):
                pattern = hatch
            if not len(path.vertices):
                continue
            p = PathPatch(
                path,
                facecolor="none",
                edgecolor="none",
                hatch=pattern,
                hatchcolor=mcolors.to_rgba(colour, 0.4),
                transform=ax.projection,
                zorder=1.8,
                gid=f"sector-hatch:{i}",
            )
            p.set_hatch_linewidth(0.5)
            artists.append(_add(ax, p))
    outlines = projected if lines is None else project_to_view(lines, v, crs=crs)
    segs = [s.copy() for s in _boundary_runs(tuple(outlines), v, bool(omit_coast))]
    coll = LineCollection(
        segs,
        colors="0.1",
        linewidths=2.2,
        linestyles=(0, (6, 3)),
        transform=ax.projection,
        zorder=3.0,
        label=label,
    )
    coll.set_gid("sector-boundary")
    artists.append(ax.add_collection(coll, autolim=False))
    return artists


@functools.lru_cache(maxsize=32)
def _boundary_runs(outlines: tuple, v: View, omit_coast: bool) -> tuple[np.ndarray, ...]:
    """The dashed runs of :func:`plot_sector_boundaries` for projected ``outlines``: vertex
    arrays (read-only; cached by the outlines' values and the view)."""
    lines = np.concatenate([_linework(g) for g in outlines] or [np.empty(0, object)])
    # Node the sectors' outlines on a 1 m grid so that shared edges (equal up to overlay
    # round-off) become one line, then merge into long lines (dashes run on).
    merged = shapely.union_all(lines, grid_size=1.0) if len(lines) else shapely.LineString()
    pieces = _linework(shapely.line_merge(merged) if not merged.is_empty else merged)
    if omit_coast:
        segs = _without_coast(pieces, v)
    else:
        segs = [shapely.get_coordinates(p) for p in pieces]
    lengths = [np.hypot(*np.diff(s, axis=0).T).sum() for s in segs]
    segs = [s for s, n in zip(segs, lengths, strict=True) if n >= 3_000.0]  # crumbs
    for s in segs:
        s.flags.writeable = False
    return tuple(segs)


# --------------------------------------------------------------------------------------
# Badge, title, legend
# --------------------------------------------------------------------------------------


def _iso_date(as_of) -> str:
    if isinstance(as_of, _dt.datetime):
        return as_of.date().isoformat()
    if isinstance(as_of, _dt.date):
        return as_of.isoformat()
    if isinstance(as_of, str):
        try:
            return _dt.date.fromisoformat(as_of).isoformat()
        except ValueError:
            pass
    raise ScenarioError(f"as_of must be a date or a 'YYYY-MM-DD' string, got {as_of!r}")


def add_badge(
    ax,
    *,
    as_of,
    projection_name: str | None = None,
    extra: str | None = None,
):
    """The caveat badge, in a box under the map: the caveat, ``extra`` (optional line),
    projection name, "as of YYYY-MM-DD" and the data credits (Natural Earth, GeoNames).

    ``projection_name`` defaults to the axes' view. Returns the Text artist.
    """
    if projection_name is None:
        own = getattr(ax, _VIEW_ATTR, None)
        if own is None:
            raise GeometryError("add_badge: give projection_name= (ax not made by new_map)")
        projection_name = own.projection_name
    lines = [CAVEAT]
    if extra:
        lines.append(_user_text(extra, 12 * MAX_LABEL_CHARS))
    lines.append(f"Projection: {projection_name} · as of {_iso_date(as_of)}")
    lines.append(geodata.CREDITS)
    text = ax.text(
        0.0,
        -0.015,
        "\n".join(lines),
        transform=ax.transAxes,
        ha="left",
        va="top",
        fontsize=_FONT_SMALL,
        color="0.1",
        linespacing=1.35,
        zorder=10,
        parse_math=False,
        bbox={
            "boxstyle": "round,pad=0.45",
            "facecolor": "white",
            "edgecolor": "0.4",
            "linewidth": 0.8,
        },
    )
    text.set_gid("badge")
    return text


def add_title(ax, title: str, subtitle: str | None = None) -> list:
    """Title (14 pt, bold) and an optional subtitle (11 pt) above the map, left-aligned.

    Returns ``[title]`` or ``[title, subtitle]`` Text artists.
    """
    title = ax.set_title(
        _user_text(title), loc="left", fontsize=14, fontweight="bold", pad=24 if subtitle else 8
    )
    title.set_parse_math(False)
    out = [title]
    if subtitle:
        sub = ax.text(
            0.0,
            1.012,
            _user_text(subtitle, 2 * MAX_LABEL_CHARS),
            transform=ax.transAxes,
            ha="left",
            va="bottom",
            fontsize=11,
            color="0.25",
            parse_math=False,
        )
        sub.set_gid("subtitle")
        out.append(sub)
    return out


def legend_handles(
    parties: Sequence[str | PartyStyle],
    *,
    kinds: Sequence[str] = SITE_KINDS,
    footprints: bool = True,
    sectors: bool = False,
) -> list:
    """Handles for a shared legend: one hatched patch per party (its footprint), one
    marker per site kind (neutral grey), and optionally the sector boundary line.

    Parties given by name other than nato/russia take :func:`party_style` index = their
    position among such parties in ``parties``. Use as ``fig.legend(handles=...)``.
    """
    handles: list = []
    for st in _styles(parties):
        if footprints:
            handles.append(
                Patch(
                    facecolor=mcolors.to_rgba(st.color, 0.25),
                    edgecolor=st.color,
                    hatchcolor=mcolors.to_rgba(st.color, 0.5),
                    hatch=st.hatch,
                    linewidth=1.3,
                    label=f"{st.label} footprint (notional)",
                )
            )
        else:
            handles.append(
                Patch(facecolor=st.color, edgecolor="black", hatch=st.hatch, label=st.label)
            )
    for k in kinds:
        if k not in SITE_KINDS:
            raise UnknownNameError("site kind", k, SITE_KINDS)
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker=SITE_MARKERS[k],
                markersize=math.sqrt(_SITE_SIZES[k]),
                markerfacecolor="0.6",
                markeredgecolor="black",
                markeredgewidth=0.8,
                label=_SITE_LABELS[k],
            )
        )
    if sectors:
        handles.append(
            Line2D(
                [],
                [],
                color="0.1",
                linewidth=2.2,
                linestyle=(0, (2.2, 1.4)),  # shorter dashes, so a legend line shows them
                label="Sector boundary (interpretation)",
            )
        )
    return handles


# --------------------------------------------------------------------------------------
# Saving
# --------------------------------------------------------------------------------------

_FORMATS = {
    ".png": {"Software": None},
    ".svg": {"Date": None, "Creator": None},
    ".pdf": {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None},
}
_SVG_SALT = "mdcoverage"


def save_figure(fig: Figure, path, *, dpi: float = 200.0, tight: bool | None = None) -> Path:
    """Write ``fig`` to ``path`` (PNG, SVG or PDF by extension), byte-identical for the
    same figure: no dates or software versions in the metadata, fixed SVG id salt.

    ``tight`` crops the figure to its content (an extra draw); the default is True except
    for figures made by :func:`plot_map` and :func:`plot_comparison`, whose layout is
    fixed already. ``dpi``: a number in [10, 2000] (Python or numpy) that keeps the image
    within :data:`MAX_PIXELS`. Warnings about glyphs missing from the font (exotic
    characters in user text) are not raised: such characters are drawn as boxes.

    The file is written to a temporary file in the same folder and then moved into
    place (:func:`mdcoverage.output.atomic_write`), so a failed save leaves no partial
    file. Errors: :class:`OutputError` with one line naming the path. Returns the path.
    """
    path = _output_path(path)
    ext = "." + check_suffix(path, [e.lstrip(".") for e in _FORMATS], what="figure")
    if not isinstance(fig, Figure):
        raise OutputError(
            f"cannot write {str(path)!r}: fig must be a matplotlib Figure, "
            f"not {type(fig).__name__}"
        )
    dpi = _check_dpi(fig, dpi, path)
    if tight is None:
        tight = not getattr(fig, "_mdcoverage_fixed_layout", False)

    extra = {"pil_kwargs": {"compress_level": 3}} if ext == ".png" else {}

    def write(tmp: Path) -> None:
        with (
            open(tmp, "wb") as fh,
            mpl.rc_context({"svg.hashsalt": _SVG_SALT}),
            warnings.catch_warnings(),
        ):
            warnings.filterwarnings("ignore", r"Glyph .* missing from", UserWarning)
            fig.savefig(
                fh,
                format=ext[1:],
                dpi=dpi,
                metadata=dict(_FORMATS[ext]),
                bbox_inches="tight" if tight else None,
                pad_inches=0.15,
                facecolor="white",
                **extra,
            )

    return atomic_write(path, write)


def _output_path(path) -> Path:
    if not isinstance(path, str | os.PathLike):
        raise OutputError(f"the output path must be a string or a Path, not {type(path).__name__}")
    return Path(os.fspath(path))


def _check_dpi(fig: Figure, dpi, path: Path) -> float:
    """``dpi`` as a float, or OutputError: not a number in [10, 2000], or an image larger
    than :data:`MAX_PIXELS` (the message gives the largest dpi for this figure)."""
    name = repr(str(path))
    if not _is_number(dpi) or not 10 <= dpi <= 2000:
        raise OutputError(
            f"cannot write {name}: dpi must be a number in [10, 2000], not {dpi!r:.40}"
        )
    dpi = float(dpi)
    w, h = (float(x) for x in fig.get_size_inches())
    if w * h * dpi * dpi > MAX_PIXELS:
        most = math.floor(math.sqrt(MAX_PIXELS / (w * h)))
        raise OutputError(
            f"cannot write {name}: dpi {dpi:g} would make a {w * dpi:.0f} x {h * dpi:.0f} "
            f"pixel image (at most {MAX_PIXELS / 1e6:g} megapixels); "
            f"use dpi <= {most} for this {w:g} x {h:g} in figure"
        )
    return dpi


# --------------------------------------------------------------------------------------
# Architecture maps and the comparison figure
# --------------------------------------------------------------------------------------


def _figure_parties(assessments) -> list[PartyStyle]:
    """One style per party across all panels (nato, russia first, then the others)."""
    names: list[str] = []
    for a in assessments:
        for p in list(map_layers.footprints(a)["party"]) + [p for p in a.country_party if p]:
            if p not in names:
                names.append(p)
    fixed = [n for n in ("nato", "russia") if n in names]
    return _styles(fixed + sorted(n for n in names if n not in fixed))


def _view_footprints(fp, v: View):
    """Footprint polygons built directly in the view's CRS (geodesically exact there; cached
    by the sites' parameters and the CRS, shared with :mod:`mdcoverage.coverage`)."""
    from .coverage import footprint_geometries

    return footprint_geometries(fp, v.crs)


def plot_assessment(
    assessment,
    *,
    ax=None,
    view: View | str = "europe",
    labels: bool = False,
    styles: Sequence[PartyStyle] | None = None,
    title: bool = True,
) -> dict:
    """Draw one architecture of an :class:`~mdcoverage.coverage.Assessment` on a map.

    Layers, bottom to top: countries tinted by party membership on the as-of date;
    sectors (light hatch, bold dashed boundary) for sectoral architectures; the
    **defended areas** filled and hatched in the colour of the party responsible for them;
    each interceptor footprint's reach as a thin outline, sensors' as dotted outlines;
    sites (land ▲, sea ship, sensor ◆); title and subtitle.

    Returns a dict of artist lists: ``basemap``, ``sectors``, ``defended``,
    ``footprints``, ``sensors``, ``sites``, ``title``. No badge or legend (see
    :func:`plot_map` and :func:`plot_comparison`, which add them once per figure).
    """
    _checked(assessment, "Assessment", "plot_assessment", single=True)
    v = _as_view(view)
    ax = new_map(v, ax=ax) if ax is None or getattr(ax, _VIEW_ATTR, None) != v else ax
    styles = list(styles) if styles is not None else _figure_parties([assessment])
    by_name = {s.name: s for s in styles}
    fill = {k: by_name[p].color for k, p in assessment.country_party.items() if p in by_name}
    out: dict[str, list] = {"basemap": plot_basemap(ax, v, country_fill=fill, tint=0.82)}

    sectors = map_layers.sector_areas(assessment)
    out["sectors"] = []
    if sectors is not None and len(sectors):
        out["sectors"] = plot_sector_boundaries(
            ax,
            sectors.geometry.values,
            view=v,
            crs=assessment.region.crs,
            parties=[by_name[p] for p in sectors["party"]],
            lines=map_layers.sector_lines(assessment).geometry.values,
        )

    out["defended"] = []
    defended = map_layers.defended_areas(assessment)
    for party, geom in zip(defended["party"], defended.geometry.values, strict=True):
        out["defended"] += plot_footprints(
            ax,
            [geom],
            party=by_name[party],
            view=v,
            crs=assessment.region.crs,
            alpha=0.35,
            label=f"Defended by {by_name[party].label}",
        )
    for p in out["defended"]:
        p.set_gid(p.get_gid().replace("footprint:", "defended:"))

    fp = map_layers.footprints(assessment)
    geoms = _view_footprints(fp, v)
    out["footprints"], out["sensors"] = [], []
    for role, key, ls in (("interceptor", "footprints", "-"), ("sensor", "sensors", ":")):
        for party in sorted(set(fp["party"])):
            sel = ((fp["party"] == party) & (fp["role"] == role)).to_numpy()
            if not sel.any():
                continue
            patches = plot_footprints(
                ax, geoms[sel], party=by_name[party], view=v, crs=v.crs, alpha=0.0, hatch=False
            )
            for p in patches:
                p.set_linestyle(ls)
                p.set_linewidth(0.9 if role == "interceptor" else 1.1)
                p.set_zorder(2.5)
                if role == "sensor":
                    p.set_gid(p.get_gid().replace("footprint:", "sensor:"))
            out[key] += patches

    out["sites"] = []
    kinds = np.where(fp["role"] == "sensor", "sensor", fp["kind"]).astype(object)
    for party in sorted(set(fp["party"])):
        sel = (fp["party"] == party).to_numpy()
        out["sites"] += plot_sites(
            ax,
            fp["lon"].to_numpy()[sel],
            fp["lat"].to_numpy()[sel],
            kinds=kinds[sel],
            party=by_name[party],
            view=v,
            labels=list(fp["label"].to_numpy()[sel]) if labels else None,
        )
    out["title"] = []
    if title:
        sc = assessment.scenario
        out["title"] = add_title(
            ax, assessment.name, f"{assessment.architecture.rule} · as of {sc.as_of.isoformat()}"
        )
    return out


def _legend(fig, styles, *, sectors: bool, ncol: int, **kw):
    handles = _legend_handles(styles, sectors=sectors)
    legend = fig.legend(handles=handles, ncol=ncol, fontsize=_FONT_SMALL, frameon=False, **kw)
    _literal(legend.get_texts())
    return legend


def _legend_handles(styles, *, sectors: bool) -> list:
    """Legend entries of an architecture map: per party its territory tint, defended
    area and interceptor reach; sensors; site kinds; the sector boundary."""
    handles = []
    for st in styles:
        handles.append(
            Patch(
                facecolor=_tint(st.color, 0.82),
                edgecolor="0.6",
                label=f"{st.label} territory (as of date)",
            )
        )
        handles.append(
            Patch(
                facecolor=mcolors.to_rgba(st.color, 0.35),
                edgecolor=st.color,
                hatch=st.hatch,
                hatchcolor=mcolors.to_rgba(st.color, 0.7),
                label=f"Defended by {st.label}",
            )
        )
        handles.append(
            Line2D(
                [],
                [],
                color=st.color,
                linewidth=1.2,
                label=f"{st.label} interceptor reach (notional)",
            )
        )
    handles.append(
        Line2D(
            [], [], color="0.3", linewidth=1.2, linestyle=":", label="Sensor coverage (notional)"
        )
    )
    handles += legend_handles([], kinds=SITE_KINDS, footprints=False, sectors=sectors)
    return handles


def plot_map(assessment, *, view: View | str = "europe", labels: bool = False) -> Figure:
    """A one-panel figure of one architecture: map, legend and the caveat badge."""
    _checked(assessment, "Assessment", "plot_map", single=True)
    v = _as_view(view)
    x0, x1, y0, y1 = v.extent
    wide = (x1 - x0) > 1.15 * (y1 - y0)  # Europe is wider than tall; polar and site square
    fig = Figure(figsize=(10.0, 9.6 if wide else 11.0))
    grid = fig.add_gridspec(
        3,
        1,
        height_ratios=[6.2 if wide else 7.4, 0.8, 1.1],
        left=0.04,
        right=0.96,
        top=0.91,
        bottom=0.01,
        hspace=0.06,
    )
    ax = fig.add_subplot(grid[0], projection=v.cartopy_crs)
    new_map(v, ax=ax)
    styles = _figure_parties([assessment])
    arts = plot_assessment(assessment, ax=ax, view=v, labels=labels, styles=styles)
    badge_ax = fig.add_subplot(grid[1])
    badge_ax.set_axis_off()
    badge = add_badge(
        badge_ax,
        as_of=assessment.as_of,
        projection_name=v.projection_name,
        extra=_interpretation_line([assessment]),
    )
    badge.set_position((0.0, 0.95))
    legend_ax = fig.add_subplot(grid[2])
    legend_ax.set_axis_off()
    handles = _legend_handles(styles, sectors=bool(arts["sectors"]))
    legend_ax.legend(handles=handles, ncol=3, loc="center", fontsize=_FONT_SMALL, frameon=False)
    fig._mdcoverage_fixed_layout = True
    _literal_figure(fig)
    return fig


def _interpretation_line(assessments) -> str | None:
    notes = []
    for a in assessments:
        text = a.architecture.spec.interpretation
        text = _user_text(text, 2 * MAX_LABEL_CHARS) if text else text
        if text and text not in notes:
            notes.append(text)
    if not notes:
        return None
    return "Interpretations (not agreed maps): " + " | ".join(notes)


def _pct(x: float) -> str:
    return f"{100.0 * x:.0f} %"


def metrics_table_rows(assessments, styles) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the comparison's metrics panel (one row per architecture)."""
    header = ["Architecture"]
    for st in styles:
        header += [f"{st.label}: urban pop. defended", f"{st.label}: defended by another party"]
    header += ["Largest undefended places"]
    rows = []
    for a in assessments:
        row = [_user_text(a.name)]
        for st in styles:
            if st.name in a.parties.index:
                r = a.parties.loc[st.name]
                row += [_pct(r["urban_pop_defended_share"]), _pct(r["dependency_pop_share"])]
            else:
                row += ["–", "–"]
        gaps = a.gaps(3)
        gaps = gaps[gaps["party"] != "none"].sort_values("population", ascending=False).head(3)
        row.append(
            ", ".join(
                f"{_user_text(n)} ({c})"
                for n, c in zip(gaps["name"], gaps["adm0_a3"], strict=True)
            )
            or "–"
        )
        rows.append(row)
    return header, rows


def plot_metrics_table(ax, assessments, *, styles=None, wrap: bool = False):
    """The compact metrics panel: a table, one row per architecture. Returns the Table.

    ``wrap`` puts long cells (architecture names, the places) on two lines, for narrow
    figures."""
    assessments = _checked(assessments, "Assessment", "plot_metrics_table")
    styles = list(styles) if styles is not None else _figure_parties(assessments)
    header, rows = metrics_table_rows(assessments, styles)
    ax.set_axis_off()
    wrapped = [h.replace(": ", ":\n") for h in header]
    if wrap:  # long cells on two lines: architecture names and the list of places
        rows = [
            [textwrap.fill(c, {0: 26, len(r) - 1: 36}.get(j, 999)) for j, c in enumerate(r)]
            for r in rows
        ]
    table = ax.table(
        cellText=rows, colLabels=wrapped, loc="upper center", cellLoc="center", colLoc="center"
    )
    table.auto_set_font_size(False)
    table.set_fontsize(10)
    table.scale(1.0, 1.9)
    two_lines = any("\n" in c for r in rows for c in r)
    for (r, _c), cell in table.get_celld().items():
        cell.set_edgecolor("0.6")
        if r == 0:
            cell.set_facecolor("0.92")
            cell.set_text_props(fontweight="bold")
            cell.set_height(cell.get_height() * 1.6)
        elif two_lines:
            cell.set_height(cell.get_height() * 1.5)
    table.auto_set_column_width(list(range(len(header))))
    table.set_gid("metrics-table")
    _literal(cell.get_text() for cell in table.get_celld().values())
    return table


def plot_comparison(assessments, *, view: View | str = "europe", labels: bool = False) -> Figure:
    """The comparison figure: one map panel per architecture, a shared legend, a compact
    metrics table (urban population defended and defended by another party, per party;
    largest undefended places) and the caveat badge with credits, projection and date."""
    assessments = _checked(assessments, "Assessment", "plot_comparison")
    v = _as_view(view)
    n = len(assessments)
    styles = _figure_parties(assessments)
    # one or two panels: a wider figure than the maps need, so the shared legend and the
    # table fit (they are as wide for one panel as for three)
    width = max(6.2 * n + 0.6, 14.5)
    fig = Figure(figsize=(width, 10.0))
    grid = fig.add_gridspec(
        3,
        n,
        height_ratios=[5.2, 1.35, 0.55],
        left=0.02,
        right=0.98,
        top=0.9,
        bottom=0.01,
        hspace=0.28,
        wspace=0.04,
    )
    any_sectors = False
    for i, a in enumerate(assessments):
        ax = fig.add_subplot(grid[0, i], projection=v.cartopy_crs)
        new_map(v, ax=ax)
        arts = plot_assessment(a, ax=ax, view=v, labels=labels, styles=styles)
        any_sectors |= bool(arts["sectors"])
    table_ax = fig.add_subplot(grid[1, :])
    plot_metrics_table(table_ax, assessments, styles=styles, wrap=n < 3)
    _legend(
        fig,
        styles,
        sectors=any_sectors,
        ncol=min(4 if n < 3 else 6, 3 * len(styles) + 1),
        loc="upper center",
        bbox_to_anchor=(0.5, 0.345 if n > 2 else 0.36),
    )
    _finish_figure(
        fig,
        grid[2, :],
        "Missile-defence architectures compared (illustrative, notional parameters)",
        dates=[a.as_of for a in assessments],
        view=v,
        extra=_interpretation_line(assessments),
        badge_y=0.1,
    )
    _literal_figure(fig)
    return fig


def _finish_figure(fig, cell, title: str, *, dates, view: View, extra, badge_y: float) -> None:
    """The parts every multi-panel figure shares: the caveat badge (with credits,
    projection and the as-of date or dates) in its own grid cell, the title, and the
    fixed-layout mark that :func:`save_figure` reads."""
    days = sorted({_iso_date(d) for d in dates})
    badge_ax = fig.add_subplot(cell)
    badge_ax.set_axis_off()
    badge = add_badge(badge_ax, as_of=days[0], projection_name=view.projection_name, extra=extra)
    if len(days) > 1:
        badge.set_text(badge.get_text().replace(f"as of {days[0]}", "as of " + ", ".join(days)))
    badge.set_position((0.0, badge_y))
    badge.set_verticalalignment("bottom")
    fig.suptitle(title, x=0.02, ha="left", fontsize=15, fontweight="bold")
    fig._mdcoverage_fixed_layout = True


# --------------------------------------------------------------------------------------
# Notional tracks
# --------------------------------------------------------------------------------------


def plot_track(ax, analysis, *, view: View | str | None = None, styles=None) -> list:
    """Draw a :class:`~mdcoverage.tracks.TrackAnalysis` on a map: the ground track coloured
    by who may engage along it (grey where nobody may), hand-over points as white circles,
    start (○) and end (■) markers, and the track's name. Returns the artists."""
    _checked(analysis, "TrackAnalysis", "plot_track", single=True)
    ax, v = _resolve(ax, view)
    seg = analysis.segments
    names = [p for p in dict.fromkeys(seg["may_engage"]) if p]
    by_name = {s.name: s for s in (styles or _styles(names))}
    x, y = _lonlat_transformer(v.proj).transform(analysis.lon, analysis.lat)
    pts = np.column_stack([x, y])
    ok = np.isfinite(pts).all(axis=1)
    colours = [
        by_name[p].color if p in by_name else (party_style(p).color if p else "0.45")
        for p in seg["may_engage"]
    ]
    widths = [3.2 if p else 1.6 for p in seg["may_engage"]]
    segments = [pts[i : i + 2] for i in range(len(seg)) if ok[i] and ok[i + 1]]
    keep = [i for i in range(len(seg)) if ok[i] and ok[i + 1]]
    # break segments that jump across the map (a seam of the projection)
    x0, x1, y0, y1 = v.extent
    span = max(x1 - x0, y1 - y0)
    keep = [
        i
        for i, s in zip(keep, segments, strict=True)
        if np.hypot(*np.diff(s, axis=0)[0]) < span / 4
    ]
    coll = LineCollection(
        [pts[i : i + 2] for i in keep],
        colors=[colours[i] for i in keep],
        linewidths=[widths[i] for i in keep],
        transform=ax.projection,
        zorder=5.0,
        capstyle="round",
    )
    coll.set_gid(f"track:{analysis.track.name}")
    artists: list = [ax.add_collection(coll, autolim=False)]
    if len(analysis.handovers):
        hx, hy = _lonlat_transformer(v.proj).transform(
            analysis.handovers["lon"].to_numpy(), analysis.handovers["lat"].to_numpy()
        )
        h = ax.scatter(
            hx,
            hy,
            s=36,
            facecolors="white",
            edgecolors="black",
            linewidths=1.0,
            zorder=6.0,
            transform=ax.projection,
            label="Hand-over point",
        )
        h.set_gid("handovers")
        artists.append(h)
    ends = ax.scatter(
        x[[0, -1]],
        y[[0, -1]],
        s=[50, 50],
        marker="o",
        facecolors=["white", "black"],
        edgecolors="black",
        zorder=6.0,
        transform=ax.projection,
    )
    ends.set_gid("track-ends")
    artists.append(ends)
    halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    label = _user_text(analysis.track.label or analysis.track.name)
    if np.isfinite(x[0]) and x0 <= x[0] <= x1 and y0 <= y[0] <= y1:
        right = x[0] > (x0 + x1) / 2
        t = ax.text(
            x[0],
            y[0],
            (label + "  ") if right else ("  " + label),
            fontsize=_FONT_SMALL,
            ha="right" if right else "left",
            va="center",
            transform=ax.projection,
            zorder=7.0,
            path_effects=halo,
            parse_math=False,
        )
        artists.append(t)
    return artists


def plot_tracks(analyses, *, view: View | str = "polar", assessments=None) -> Figure:
    """A figure with one panel per architecture showing its tracks (DESIGN §2), with the
    caveat that this is ground-track geometry only.

    ``assessments``: optional assessments of the same architectures (matched by name);
    their maps (defended areas, footprints, sites) are drawn under the tracks.
    """
    from .tracks import CAVEAT as TRACK_CAVEAT

    analyses = _checked(analyses, "TrackAnalysis", "plot_tracks")
    if assessments:
        assessments = _checked(assessments, "Assessment", "plot_tracks")
    v = _as_view(view)
    archs = list(dict.fromkeys(a.architecture for a in analyses))
    n = len(archs)
    fig = Figure(figsize=(6.4 * n + 0.6, 8.6))
    grid = fig.add_gridspec(
        2,
        n,
        height_ratios=[6.0, 1.2],
        left=0.03,
        right=0.97,
        top=0.86,
        bottom=0.02,
        hspace=0.14,
        wspace=0.05,
    )
    parties = sorted({p for a in analyses for p in a.segments["responsible"] if p})
    if assessments:
        styles = _figure_parties(assessments)
    else:
        styles = _styles(
            [p for p in ("nato", "russia") if p in parties]
            + [p for p in parties if p not in ("nato", "russia")]
        )
    under = {a.name: a for a in assessments or ()}
    for i, arch in enumerate(archs):
        ax = fig.add_subplot(grid[0, i], projection=v.cartopy_crs)
        new_map(v, ax=ax)
        if arch in under:
            plot_assessment(under[arch], ax=ax, view=v, styles=styles, title=False)
        else:
            plot_basemap(ax, v)
        for a in analyses:
            if a.architecture == arch:
                plot_track(ax, a, view=v, styles=styles)
        rule = next(a.rule for a in analyses if a.architecture == arch)
        add_title(ax, arch, "May engage: " + rule)
    handles = [
        Line2D([], [], color=s.color, linewidth=3.2, label=f"{s.label} may engage") for s in styles
    ]
    handles.append(Line2D([], [], color="0.45", linewidth=1.6, label="Nobody may engage"))
    handles.append(
        Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markerfacecolor="white",
            markeredgecolor="black",
            label="Hand-over point",
        )
    )
    fig.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.175),
        ncol=4,
        fontsize=_FONT_SMALL,
        frameon=False,
    )
    _finish_figure(
        fig,
        grid[1, :],
        "Notional tracks: who may engage along the way (illustrative)",
        dates=[a.as_of for a in analyses],
        view=v,
        extra=TRACK_CAVEAT,
        badge_y=0.0,
    )
    _literal_figure(fig)
    return fig
