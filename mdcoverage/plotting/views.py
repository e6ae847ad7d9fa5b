"""Map views: projection, visible frame and label; the axes a map is drawn on.

A :class:`View` names its CRS and the PROJ operation from lon/lat degrees; the named CRSs
and the (cached, fast pipeline) transformers come from :mod:`mdcoverage.crs`.
:func:`new_map` makes a cartopy ``GeoAxes`` in a view's projection; every layer function
finds the view of its axes with :func:`resolve`.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass
from typing import Any

import cartopy.crs as ccrs
import numpy as np
import pyproj
import shapely
from cartopy.mpl.geoaxes import GeoAxes
from matplotlib.figure import Figure

from .. import i18n
from ..crs import EUROPE_PROJ, NORTH_POLAR_PROJ, as_crs, pipeline_transformer
from ..errors import GeometryError, UnknownNameError
from .checks import is_number
from .styles import current_style
from .words import projection_words

__all__ = [
    "VIEWS",
    "VIEW_ATTR",
    "View",
    "ViewProjection",
    "as_view",
    "axes_view",
    "fit_view",
    "frame_points",
    "lonlat_region",
    "new_map",
    "resolve",
    "view",
]

#: Margin around a view's extent inside which layers are kept (share of width/height):
#: clipping artefacts (outlines along the cut) then fall outside the visible frame.
MARGIN = 0.03


@dataclass(frozen=True)
class View:
    """A map view: projection, visible extent and the label printed on the map.

    ``crs`` is anything :class:`pyproj.CRS` accepts (``"EPSG:3035"`` or a PROJ string);
    ``proj`` is the equivalent PROJ operation from lon/lat degrees (used to build a fast
    pipeline transformer); ``extent`` is ``(x_min, x_max, y_min, y_max)`` in metres of the
    view CRS; ``projection_en`` the projection's description in English (the badge shows
    :attr:`projection_name`, the same in the figure's language); ``centre`` the
    projection centre ``(lon, lat)`` in degrees. ``keep``: an
    extent (metres) that :func:`fit_view` always keeps inside the frame (None: the frame
    fits the content alone); ``fit_region``: whether a figure's frame includes the whole
    analysis region (False for the fixed Europe frame, which shows the mainland region
    and leaves the Azores and the Arctic archipelagos out by design).
    Make one with :func:`view`.
    """

    name: str
    crs: str
    proj: str
    extent: tuple[float, float, float, float]
    projection_en: str
    centre: tuple[float, float]
    keep: tuple[float, float, float, float] | None = None
    fit_region: bool = True

    @property
    def projection_name(self) -> str:
        """The projection's description in the language in use (:func:`.words.use_lang`;
        EPSG codes stay)."""
        return projection_words(self.projection_en)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """The extent plus a small margin: layers are clipped here (metres)."""
        x0, x1, y0, y1 = self.extent
        dx, dy = (x1 - x0) * MARGIN, (y1 - y0) * MARGIN
        return (x0 - dx, x1 + dx, y0 - dy, y1 + dy)

    @property
    def pyproj_crs(self) -> pyproj.CRS:
        """The view CRS as a :class:`pyproj.CRS` (cached)."""
        return as_crs(self.crs)

    @property
    def cartopy_crs(self) -> ccrs.Projection:
        """The view CRS as a cartopy projection whose boundary is :attr:`bounds` (cached)."""
        return _cartopy_crs(self)


class ViewProjection(ccrs.Projection):
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


@functools.lru_cache(maxsize=32)
def _cartopy_crs(v: View) -> ViewProjection:
    return ViewProjection(v.pyproj_crs, v.bounds)


def _europe() -> View:
    extent = (2_350_000.0, 8_150_000.0, 1_250_000.0, 5_650_000.0)
    return View(
        name="europe",
        crs="EPSG:3035",
        proj=EUROPE_PROJ,
        extent=extent,
        projection_en=i18n.t("projections.europe"),
        centre=(10.0, 52.0),
        keep=extent,
        fit_region=False,
    )


#: The lon/lat box a polar or site view frames when it has nothing else to fit (the
#: Europe analysis region's box, :mod:`mdcoverage.regions`).
DEFAULT_FRAME_BBOX = (-32.0, 34.0, 60.0, 82.0)

#: The margin around a fitted frame, as a share of its larger side.
FIT_MARGIN = 0.03


@functools.lru_cache(maxsize=1)
def _polar() -> View:
    v = View(
        name="polar",
        crs=NORTH_POLAR_PROJ + " +units=m +no_defs +type=crs",
        proj=NORTH_POLAR_PROJ,
        extent=(-5_900_000.0, 5_900_000.0, -5_900_000.0, 5_900_000.0),
        projection_en=i18n.t("projections.polar"),
        centre=(10.0, 90.0),
    )
    return fit_view(v, *frame_points(DEFAULT_FRAME_BBOX))


def frame_points(
    bbox: tuple[float, float, float, float], step_deg: float = 0.5
) -> tuple[np.ndarray, np.ndarray]:
    """The outline of a lon/lat box ``(west, south, east, north)``, densified to
    ``step_deg`` so that its projection follows the curved edges: ``(lon, lat)`` arrays."""
    ring = shapely.segmentize(shapely.box(*bbox).exterior, step_deg)
    xy = shapely.get_coordinates(ring)
    return xy[:, 0], xy[:, 1]


def fit_view(v: View, lon: Any, lat: Any, *, margin: float = FIT_MARGIN) -> View:
    """``v`` with its extent framing the points ``lon``, ``lat`` (degrees; densify lines
    and boxes first, e.g. with :func:`frame_points`) and its ``keep`` extent, plus
    ``margin`` × the larger side on every side. Points the projection cannot show are
    ignored; with none left, ``v`` itself."""
    lon = np.asarray(lon, dtype=float).ravel()
    lat = np.asarray(lat, dtype=float).ravel()
    x, y = pipeline_transformer(v.proj).transform(lon, lat)
    ok = np.isfinite(x) & np.isfinite(y)
    x, y = x[ok], y[ok]
    if v.keep is not None:
        k0, k1, k2, k3 = v.keep
        inside = (x >= k0) & (x <= k1) & (y >= k2) & (y <= k3)
        if inside.all():  # nothing outside the frame to keep: the view as designed
            return v if v.extent == v.keep else dataclasses.replace(v, extent=v.keep)
        x, y = np.r_[x, k0, k1], np.r_[y, k2, k3]
    if not len(x):
        return v
    x0, x1, y0, y1 = float(x.min()), float(x.max()), float(y.min()), float(y.max())
    pad = margin * max(x1 - x0, y1 - y0, 1_000.0)
    extent = (round(x0 - pad, 1), round(x1 + pad, 1), round(y0 - pad, 1), round(y1 + pad, 1))
    return dataclasses.replace(v, extent=extent)


def _site(lon: float, lat: float, radius_km: float, keep: bool) -> View:
    for field, value, lo, hi in (("lon", lon, -180.0, 180.0), ("lat", lat, -90.0, 90.0)):
        if not is_number(value) or not lo <= value <= hi:
            raise GeometryError(f"site view: {field} must be a number in [{lo:g}, {hi:g}]")
    if not is_number(radius_km) or not 0 < radius_km <= 10_000:
        raise GeometryError("site view: radius_km must be a number in (0, 10000] km")
    lon, lat, radius_km = float(lon), float(lat), float(radius_km)
    proj = f"+proj=aeqd +lat_0={lat!r} +lon_0={lon!r} +x_0=0 +y_0=0 +ellps=WGS84"
    r = radius_km * 1000.0
    return View(
        name="site",
        crs=proj + " +units=m +no_defs +type=crs",
        proj=proj,
        extent=(-r, r, -r, r),
        projection_en=i18n.site_projection(lon, lat),
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
    - ``"polar"``: north polar Lambert azimuthal equal-area, framing the Europe region's
      box (Atlantic to the Urals, 34°N to 82°N);
    - ``"site"``: azimuthal equidistant centred on ``lon``, ``lat`` (degrees; required),
      showing ``radius_km`` (default 3,000 km, at most 10,000 km) around the centre.

    The figures (:func:`~mdcoverage.plotting.plot_comparison` and the others) fit the
    frame to their content with :func:`fit_view`: the analysis region (polar and site
    views), the sites and the tracks; a site view given ``radius_km`` also keeps that
    square around its centre, without it the figure frames the content alone.
    """
    if name not in VIEWS:
        raise UnknownNameError("view", name, VIEWS)
    if name == "site":
        if lon is None or lat is None:
            raise GeometryError("site view: give the centre as lon=..., lat=... (degrees)")
        return _site(lon, lat, 3000.0 if radius_km is None else radius_km, radius_km is not None)
    if lon is not None or lat is not None or radius_km is not None:
        raise GeometryError(
            f"the {name!r} view is fixed; lon, lat and radius_km apply to the 'site' view"
        )
    return _europe() if name == "europe" else _polar()


def as_view(v: View | str) -> View:
    """``v`` itself, or the view of that name (:func:`view`)."""
    return v if isinstance(v, View) else view(v)


def _box(lon0: float, lat0: float, lon1: float, lat1: float) -> shapely.Polygon:
    return shapely.box(max(lon0, -180.0), max(lat0, -90.0), min(lon1, 180.0), min(lat1, 90.0))


@functools.lru_cache(maxsize=32)
def lonlat_region(v: View) -> shapely.Geometry:
    """The lon/lat region to keep before projecting: covers the view's bounds, avoids the
    antimeridian seam and the projection's singular antipode."""
    tr = pipeline_transformer(v.proj)
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


# --------------------------------------------------------------------------------------
# Axes and base map
# --------------------------------------------------------------------------------------

#: The attribute of a GeoAxes made by :func:`new_map` that holds its view.
VIEW_ATTR = "_mdcoverage_view"


def new_map(
    view: View | str = "europe",
    *,
    ax: GeoAxes | None = None,
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
    v = as_view(view)
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
    setattr(ax, VIEW_ATTR, v)
    ax.set_extent(v.extent, crs=proj)
    ax.set_facecolor(current_style().ocean)
    ax.spines["geo"].set_edgecolor("0.35")
    ax.spines["geo"].set_linewidth(0.8)
    return ax


def resolve(ax: GeoAxes | None, v: View | str | None) -> tuple[GeoAxes, View]:
    """The axes to draw on and its view: ``ax`` (made by :func:`new_map`, or prepared
    for ``v`` here) or a new map of ``v``."""
    if v is not None:
        v = as_view(v)
    if ax is None:
        if v is None:
            raise GeometryError("give ax= (from new_map) or view=")
        return new_map(v), v
    own = axes_view(ax)
    if own is None:
        if v is None:
            raise GeometryError("ax was not made by new_map(); give view= too")
        new_map(v, ax=ax)
        return ax, v
    if v is not None and v != own:
        raise GeometryError(f"ax shows the {own.name!r} view, not {v.name!r}")
    return ax, own


def axes_view(ax: Any) -> View | None:
    """The view of an axes made by :func:`new_map` (None for other axes)."""
    return getattr(ax, VIEW_ATTR, None)
