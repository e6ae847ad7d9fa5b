"""Architectures: who is *responsible* for defending which place (DESIGN §2).

An architecture owns its rules; everything else (defended areas, metrics, tracks, maps)
is generic and asks it:

* :meth:`Architecture.responsibility` splits every country of the region into pieces, each
  with the party responsible for it (``""``: nobody);
* :meth:`Architecture.responsible_for_points` gives the responsible party of each point;
* :attr:`Architecture.pooled_sensors` says whose sensors make up a party's warning picture;
* :meth:`Architecture.track_owner` and :meth:`Architecture.engaging_party` say who is
  responsible along a notional track and who may engage there (:mod:`mdcoverage.tracks`);
* :attr:`Architecture.allowed_options` names the spec fields it takes, checked
  generically by :meth:`Architecture.check_spec`.

Two architectures are registered:

``independent`` — "two independent systems": each party is responsible for its own
territory only; neutral countries are nobody's responsibility. Option ``data_exchange``
(default ``true``): with exchange every party's warning picture is the union of all
parties' sensors, without it only its own.

``sectoral`` — the region is split into sectors, each owned by one party (a sector is a
list of countries and/or lon/lat polygons, land or sea; a sector with ``sea_only`` holds
only the sea under its polygons, so a sea can be given to a party without the coasts
around it; the first sector that contains a place wins; the rest falls to
``default_party``, or to nobody with ``default_party = "none"``). The owner is
responsible for everything in its sector, whoever's territory it is. Sensors are pooled
(joint data centres).

A new architecture is one subclass registered with :func:`register_architecture`: set
``type`` and ``rule``, implement the two responsibility rules, and override the rest only
where it differs from the defaults.
"""

from __future__ import annotations

import functools
from typing import Any, ClassVar

import numpy as np
import pandas as pd
import shapely

from ._memo import Recent
from .crs import polygonal, project_lonlat
from .errors import UnknownNameError
from .parties import resolve_country, with_dependencies
from .regions import Region, region_countries
from .specs import ArchitectureSpec

__all__ = [
    "ARCHITECTURES",
    "Architecture",
    "Independent",
    "Sectoral",
    "architecture_class",
    "dissolve_coverage",
    "make_architecture",
    "register_architecture",
    "unregister_architecture",
]

#: spec fields every architecture takes (the rest are options, see ``allowed_options``)
COMMON_FIELDS = frozenset({"type", "name", "interpretation"})

ARCHITECTURES: dict[str, type[Architecture]] = {}


def register_architecture(cls: type[Architecture]) -> type[Architecture]:
    """Class decorator: make an architecture available by its ``type`` name."""
    ARCHITECTURES[cls.type] = cls
    return cls


def unregister_architecture(name: str) -> None:
    """Remove a registered architecture (e.g. one a test or a notebook added)."""
    ARCHITECTURES.pop(str(name).strip().lower(), None)


def architecture_class(name: str) -> type[Architecture]:
    """The registered architecture class called ``name``."""
    try:
        return ARCHITECTURES[str(name).strip().lower()]
    except KeyError:
        raise UnknownNameError("architecture", name, ARCHITECTURES) from None


def make_architecture(spec: ArchitectureSpec | dict) -> Architecture:
    """An architecture object from its (validated) spec or a plain dict."""
    if isinstance(spec, dict):
        spec = ArchitectureSpec.model_validate(spec)
    return architecture_class(spec.type)(spec)


class Architecture:
    """Base class. Subclasses set :attr:`type` and :attr:`rule`, declare their options in
    :attr:`allowed_options` and implement the two responsibility rules; the track rules
    have defaults."""

    type: ClassVar[str] = ""
    #: human-readable description of the rule, for legends and docs
    rule: ClassVar[str] = ""
    #: the spec fields (beyond :data:`COMMON_FIELDS`) this architecture takes
    allowed_options: ClassVar[frozenset[str]] = frozenset()
    #: who may engage on a track, in words (:meth:`engaging_party`)
    engagement_rule: ClassVar[str] = "only the responsible party, inside its own footprints"

    def __init__(self, spec: ArchitectureSpec) -> None:
        self.spec = spec

    @property
    def name(self) -> str:
        """Display name (``name`` from the spec, else the type)."""
        return self.spec.name or self.type

    @property
    def pooled_sensors(self) -> bool:
        """Whether every party's warning picture is the union of all parties' sensors."""
        return False

    @classmethod
    def check_spec(cls, spec: ArchitectureSpec) -> list[str]:
        """Problems with a spec for this architecture, one line each (``field: message``).

        The base class rejects every option set in the spec that is not one of
        :attr:`allowed_options`; subclasses add their own checks."""
        out = []
        for key in type(spec).model_fields:
            if key in COMMON_FIELDS or getattr(spec, key) is None:
                continue
            if key not in cls.allowed_options:
                allowed = ", ".join(sorted(cls.allowed_options)) or "none"
                out.append(f"{key}: not an option of {cls.type!r} (its options: {allowed})")
        return out

    # -- the two responsibility rules -------------------------------------------------
    def responsibility(self, countries, country_party: pd.Series, *, bbox=None):
        """Split the region's countries into pieces with the responsible party.

        Args:
            countries: GeoDataFrame indexed by ``adm0_a3`` in the region's analysis CRS.
            country_party: Series ``adm0_a3 -> party name`` (``""`` for none) on the date.
            bbox: the region's ``(west, south, east, north)`` box in degrees; lon/lat
                shapes (sector polygons) are clipped to it before they are projected.

        Returns:
            GeoDataFrame with columns ``adm0_a3``, ``responsible``, ``geometry`` (same CRS);
            the pieces of one country partition it.
        """
        raise NotImplementedError

    def responsible_for_points(
        self, lon: Any, lat: Any, adm0_a3: Any, country_party: pd.Series
    ) -> np.ndarray:
        """Responsible party (``""``: none) for each point (degrees; ``adm0_a3``: the key
        of the country below, ``country_party``: ``adm0_a3 -> party``)."""
        raise NotImplementedError

    # -- the track rules ----------------------------------------------------------------
    def track_owner(
        self,
        lon: np.ndarray,
        lat: np.ndarray,
        adm0_a3: np.ndarray,
        country_party: pd.Series,
        region: Region,
    ) -> np.ndarray:
        """The party responsible at each point along a track (degrees; ``adm0_a3``: the
        country below, ``""`` at sea), ``""`` for nobody.

        Default: :meth:`responsible_for_points`, and nobody over open sea."""
        owner = self.responsible_for_points(lon, lat, adm0_a3, country_party)
        return np.where(np.asarray(adm0_a3) == "", "", owner).astype(object)

    def engaging_party(self, owner: np.ndarray, end_party: str) -> np.ndarray:
        """Who may engage on each track segment, if its own interceptor footprints cover
        it (``""``: nobody). ``owner``: :meth:`track_owner` at the segments;
        ``end_party``: the party whose territory the track ends in (``""``: none).

        Default: the owner of the segment. Described in words by :attr:`engagement_rule`."""
        return np.asarray(owner, dtype=object)

    def sector_areas(self, crs, countries=None, *, bbox=None):
        """Sector polygons to draw (GeoDataFrame ``party``, ``label``, ``geometry`` in
        ``crs``; sectors given as country lists take their shapes from ``countries``;
        polygons clipped to ``bbox`` in degrees), or ``None`` without sectors."""
        return None

    def sector_pieces(self, countries, *, bbox=None, land=None):
        """The land each sector holds, as pieces of ``countries`` (GeoDataFrame indexed by
        ``adm0_a3`` in a projected CRS; ``land``: their union, if the caller has it): a
        GeoDataFrame ``sector`` (the row of :meth:`sector_areas`), ``party``, ``label``,
        ``sea_only`` (whether the sector holds only sea: see :meth:`sector_seas`),
        ``geometry`` with at least one row per sector (an empty geometry for a sector
        without land); or ``None`` — the default — and the maps clip
        :meth:`sector_areas` to land instead (the same land, slower)."""
        return None

    def sector_seas(self, crs, land, *, bbox=None):
        """The sea held by sectors that hold only sea (drawn at sea, as they hold no land):
        a GeoDataFrame ``sector`` (the row of :meth:`sector_areas`), ``party``, ``label``,
        ``geometry`` (in ``crs``, outside ``land``, a polygon in ``crs``; clipped to
        ``bbox`` in degrees), one row per such sector; or ``None`` (default: none)."""
        return None

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"


@register_architecture
class Independent(Architecture):
    type = "independent"
    rule = "each party defends its own territory only"
    allowed_options = frozenset({"data_exchange"})
    engagement_rule = "only the party of the end territory, inside its own footprints"

    @property
    def data_exchange(self) -> bool:
        """Whether sensor data are exchanged (default true)."""
        return True if self.spec.data_exchange is None else self.spec.data_exchange

    @property
    def pooled_sensors(self) -> bool:
        return self.data_exchange

    def responsibility(self, countries, country_party, *, bbox=None):
        import geopandas as gpd  # lazy: heavy; only needed when pieces are built

        resp = country_party.reindex(countries.index).fillna("").to_numpy()
        return gpd.GeoDataFrame(
            {"adm0_a3": countries.index.to_numpy(), "responsible": resp},
            geometry=countries.geometry.values,
            crs=countries.crs,
        )

    def responsible_for_points(self, lon, lat, adm0_a3, country_party):
        return country_party.reindex(np.asarray(adm0_a3)).fillna("").to_numpy(dtype=object)

    def engaging_party(self, owner, end_party):
        """Only the party whose territory the track ends in (the one attacked)."""
        return np.full(len(owner), end_party, dtype=object)


@register_architecture
class Sectoral(Architecture):
    type = "sectoral"
    rule = "the owner of a sector defends everything in it"
    allowed_options = frozenset({"default_party", "sectors"})
    engagement_rule = "only the sector owner, inside its own footprints"

    @classmethod
    def check_spec(cls, spec):
        out = super().check_spec(spec)
        if not spec.sectors:
            out.append("sectors: at least one sector is required for 'sectoral'")
        if not spec.default_party:
            out.append(
                "default_party: required for 'sectoral' (the party owning the rest, or "
                '"none": the rest is nobody\'s)'
            )
        for j, s in enumerate(spec.sectors or ()):
            if not s.countries and not s.polygons:
                out.append(f"sectors[{j}]: give countries and/or polygons")
            if s.sea_only and not s.polygons:
                out.append(f"sectors[{j}].sea_only: needs polygons (the sea it holds)")
        return out

    @property
    def pooled_sensors(self) -> bool:
        return True

    @property
    def default_party(self) -> str:
        """The party owning what no sector holds (``""``: nobody, written ``"none"``)."""
        name = (self.spec.default_party or "").lower()
        return "" if name == "none" else name

    def track_owner(self, lon, lat, adm0_a3, country_party, region):
        """The sector owner; nobody outside the region, which the sectors partition: over
        land of a country outside the region, or over sea outside the region's box."""
        owner = self.responsible_for_points(lon, lat, adm0_a3, country_party)
        keys = np.asarray(adm0_a3, dtype=object)
        w, s, e, n = region.bbox
        off_box = (lon < w) | (lon > e) | (lat < s) | (lat > n)
        inside = region_countries(region.name).index.to_numpy()
        foreign = (keys != "") & ~np.isin(keys, inside)
        return np.where(off_box | foreign, "", owner).astype(object)

    @functools.cached_property
    def _sectors(self):
        """Per sector: (party, frozenset of adm0 keys, lon/lat polygon or None)."""
        out = []
        for s in self.spec.sectors or ():
            keys = with_dependencies(resolve_country(c) for c in s.countries)
            rings = tuple(tuple(map(tuple, r)) for r in s.polygons)
            out.append((s.party.lower(), keys, _rings_polygon(rings) if rings else None))
        return out

    @functools.cached_property
    def _sea_only(self) -> list[bool]:
        """Per sector: whether its polygons hold sea only (land under them is not its)."""
        return [bool(s.sea_only) for s in self.spec.sectors or ()]

    def _projected(self, crs, bbox=None):
        """Every sector's lon/lat polygons (``sea_only`` ones too) clipped to ``bbox``
        (degrees), densified, transformed to ``crs`` and snapped to a fine grid (so that
        touching or identical sectors share vertices exactly); None where a sector has no
        polygons. Clipping first keeps the projection within its domain (an equal-area
        projection of Europe cannot hold a hemisphere). Built once per CRS and box."""
        key = ("projected", str(crs), None if bbox is None else tuple(map(float, bbox)))
        if key not in self._built:
            out = []
            for _, _, poly in self._sectors:
                if poly is not None and bbox is not None:
                    poly = shapely.intersection(poly, shapely.box(*bbox))
                out.append(None if poly is None else project_lonlat(poly, crs, snap=True))
            self._built[key] = out
        return self._built[key]

    @functools.cached_property
    def _built(self) -> dict:
        """Geometry built from the spec, by what it depends on (see :meth:`_projected`)."""
        return {}

    def _sector_geoms(self, crs, bbox=None):
        """Sector polygons on land (see :meth:`_projected`; None for a sector of countries
        only and for a ``sea_only`` sector, whose polygons hold no land)."""
        polys = self._projected(crs, bbox)
        return [None if sea else p for p, sea in zip(polys, self._sea_only, strict=True)]

    def _layers(self, crs, bbox=None):
        """:func:`_exclusive` of :meth:`_sector_geoms`, built once per CRS and box."""
        key = ("layers", str(crs), None if bbox is None else tuple(map(float, bbox)))
        if key not in self._built:
            self._built[key] = _exclusive(self._sector_geoms(crs, bbox))
        return self._built[key]

    def _first(self, key) -> int:
        """The first sector listing country ``key``; past the last one if none does."""
        return next((i for i, s in enumerate(self._sectors) if key in s[1]), len(self._sectors))

    def responsibility(self, countries, country_party, *, bbox=None):
        import geopandas as gpd  # lazy: heavy; only needed when pieces are built

        layers = self._layers(str(countries.crs), bbox)
        rows = []
        for key, geom in zip(countries.index, _valid_geometries(countries), strict=True):
            rows += [(key, self._owner(i), piece) for i, piece in self._split(key, geom, layers)]
        keys, parties, pieces = zip(*rows, strict=True) if rows else ((), (), ())
        out = gpd.GeoDataFrame(
            {"adm0_a3": list(keys), "responsible": list(parties)},
            geometry=list(pieces),
            crs=countries.crs,
        )
        return out[shapely.area(out.geometry.values) > 0].reset_index(drop=True)

    def _owner(self, sector: int) -> str:
        """The party of sector number ``sector``; past the last one, the default party."""
        return self._sectors[sector][0] if sector < len(self._sectors) else self.default_party

    def _split(self, key, geom, layers):
        """(sector, piece) pieces of one country: the first sector containing a place wins
        (``layers``: see :func:`_exclusive`), the rest goes to the default party (sector
        number ``len(sectors)``). ``geom``: valid and polygonal
        (:func:`_valid_geometries`); every piece is a valid (Multi)Polygon."""
        own, before = layers
        first = self._first(key)
        idx = [i for i in range(first) if own[i] is not None]
        hits = [i for i in idx if shapely.intersects(geom, own[i])]
        if hits:
            pieces = polygonal(shapely.intersection(geom, np.array([own[i] for i in hits])))
            yield from zip(hits, pieces, strict=True)
        rest = polygonal(shapely.difference(geom, before[first])) if idx else geom
        if not shapely.is_empty(rest):
            yield first, rest

    def sector_pieces(self, countries, *, bbox=None, land=None):
        """The land each sector holds, one row per sector (an empty geometry for a sector
        without land; see :meth:`Architecture.sector_pieces`): the same land
        :meth:`responsibility` gives the sectors (the first sector containing a place
        wins), built per sector rather than per country: the union of the countries its
        polygons reach (those of no earlier sector) cut by its polygons (less earlier
        ones) in one overlay, united with its own countries (less earlier sectors'
        polygons), which that cut overlaps wherever a polygon's edge crosses their
        borders. So each sector's land has no slits where countries cut apart meet, as
        a union of separately cut countries would (a new vertex on one side of a border
        only), and countries away from the polygons are not cut at all. ``land`` is not
        needed."""
        import geopandas as gpd  # lazy: heavy; only needed for maps and exports

        own, before = self._layers(str(countries.crs), bbox)
        geoms = np.asarray(countries.geometry.array, dtype=object)  # not through pandas
        first = np.array([self._first(key) for key in countries.index], dtype=int)
        out = []
        for i in range(len(self._sectors)):
            mine = first == i  # sector i's own countries
            parts = []
            if own[i] is not None and not shapely.is_empty(own[i]):
                shapely.prepare(own[i])
                reach = (first >= i) & shapely.intersects(own[i], geoms)
                if reach.any():
                    cut = shapely.intersection(_dissolved(countries, reach), own[i])
                    parts.append(_areal(cut))
            if mine.any():
                whole = _dissolved(countries, mine)
                if shapely.intersects(whole, before[i]):  # earlier polygons hold part of it
                    whole = _areal(shapely.difference(whole, before[i]))
                parts.append(whole)
            # union, not union_all: much faster for two shapes with long shared coasts
            geom = _areal(shapely.union(*parts)) if len(parts) == 2 else None
            out.append(geom if geom is not None else parts[0] if parts else shapely.Polygon())
        labels = [s.label or f"{s.party.lower()} sector" for s in self.spec.sectors or ()]
        return gpd.GeoDataFrame(
            {
                "sector": np.arange(len(self._sectors)),
                "party": [s[0] for s in self._sectors],
                "label": labels,
                "sea_only": list(self._sea_only),
            },
            geometry=out,
            crs=countries.crs,
        )

    def responsible_for_points(self, lon, lat, adm0_a3, country_party):
        """The first sector holding each point (a ``sea_only`` sector's polygons hold only
        points at sea, ``adm0_a3 == ""``), else the default party (``""``: nobody)."""
        lon, lat = np.asarray(lon, float), np.asarray(lat, float)
        adm0 = np.asarray(adm0_a3, dtype=object)
        out = np.full(lon.shape, "", dtype=object)
        todo = np.ones(lon.shape, bool)
        at_sea = adm0 == ""
        for (party, keys, poly), sea_only in zip(self._sectors, self._sea_only, strict=True):
            hit = np.isin(adm0, list(keys)) if keys else np.zeros(lon.shape, bool)
            if poly is not None:
                shapely.prepare(poly)
                inside = shapely.intersects_xy(poly, lon, lat)  # inside or on the boundary
                hit |= inside & at_sea if sea_only else inside
            hit &= todo
            out[hit] = party
            todo &= ~hit
        out[todo] = self.default_party
        return out

    def sector_seas(self, crs, land, *, bbox=None):
        """The sea each ``sea_only`` sector holds: its polygons less ``land`` and less the
        polygons of earlier sectors (the first sector containing a place wins), or None
        when no sector is ``sea_only`` (see :meth:`Architecture.sector_seas`)."""
        import geopandas as gpd  # lazy: heavy; only needed for maps and exports

        if not any(self._sea_only):
            return None
        rows, taken = [], shapely.Polygon()
        for i, ((party, _, _), geom, sea_only, spec) in enumerate(
            zip(
                self._sectors,
                self._projected(crs, bbox),
                self._sea_only,
                self.spec.sectors or (),
                strict=True,
            )
        ):
            if geom is None:
                continue
            if sea_only:
                # land cut to the sector's frame first: the overlay then sees only its coasts
                near = shapely.clip_by_rect(land, *shapely.bounds(geom))
                sea = shapely.difference(shapely.difference(geom, taken), polygonal(near))
                label = spec.label or f"{party} sector"
                rows.append({"sector": i, "party": party, "label": label, "geometry": sea})
            taken = polygonal(shapely.union(taken, geom))
        frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=crs)
        frame["geometry"] = polygonal(frame.geometry.values)
        return frame

    def sector_areas(self, crs, countries=None, *, bbox=None):
        """Sector outlines, per sector in order: its polygons united with its countries'
        shapes (taken from ``countries``, a GeoDataFrame in ``crs``, if given), less what
        earlier sectors already hold (the first sector containing a place wins). The
        outlines are meant for land: the polygons of a ``sea_only`` sector, which hold no
        land, are left out (its countries, if any, stay)."""
        import geopandas as gpd  # lazy: heavy; only needed for maps and exports

        geoms = self._sector_geoms(crs, bbox)
        rows, taken = [], shapely.Polygon()
        for spec, (party, keys, _), poly in zip(
            self.spec.sectors or (), self._sectors, geoms, strict=True
        ):
            parts = [poly] if poly is not None else []
            if countries is not None and keys:
                parts += list(countries.geometry[countries.index.isin(keys)].values)
            whole = polygonal(shapely.union_all(parts)) if parts else shapely.Polygon()
            geom = polygonal(shapely.difference(whole, taken))
            taken = polygonal(shapely.union(taken, whole))
            rows.append(
                {"party": party, "label": spec.label or f"{party} sector", "geometry": geom}
            )
        return gpd.GeoDataFrame(rows, geometry="geometry", crs=crs)


#: unions of some of a table's countries: (id of the table, their keys) -> (the table, union)
_DISSOLVED: Recent[tuple[Any, shapely.Geometry]] = Recent(32)


def _dissolved(countries, mask: np.ndarray) -> shapely.Geometry:
    """:func:`dissolve_coverage` of the countries ``mask`` selects, remembered for the
    same table (the entry holds the table, so its ``id`` stays its own)."""
    key = (id(countries), frozenset(countries.index[mask]))
    hit = _DISSOLVED.get(key)
    if hit is not None and hit[0] is countries:
        return hit[1]
    geom = dissolve_coverage(np.asarray(countries.geometry.array, dtype=object)[mask])
    _DISSOLVED.put(key, (countries, geom))
    return geom


#: recent tables of countries with their geometries made valid (table id -> (table, array))
_VALID: Recent[tuple[Any, np.ndarray]] = Recent(4)


def _valid_geometries(countries: Any) -> np.ndarray:
    """The countries' geometries valid and polygonal (:func:`~mdcoverage.crs.polygonal`),
    checked once per table object (the region's cached table serves every preset)."""
    hit = _VALID.get(id(countries))
    if hit is None or hit[0] is not countries:
        hit = (countries, polygonal(countries.geometry.values))
        _VALID.put(id(countries), hit)
    return hit[1]


def dissolve_coverage(geoms) -> shapely.Geometry:
    """The union of polygons that form a coverage (countries: they share their borders
    exactly and do not overlap) by ``coverage_union_all``, which only drops the shared
    edges; checked — a valid result with the polygons' summed area — and otherwise united
    by ``union_all``. An empty Polygon for none."""
    geoms = np.asarray(geoms, dtype=object)
    geoms = geoms[~shapely.is_empty(geoms)]
    if not len(geoms):
        return shapely.Polygon()
    if len(geoms) == 1:
        return geoms[0]
    total = float(shapely.area(geoms).sum())
    out = shapely.coverage_union_all(geoms)
    if (
        shapely.get_type_id(out) in _POLYGONAL
        and shapely.is_valid(out)
        and abs(shapely.area(out) - total) <= 1e-9 * total
    ):
        return out
    return polygonal(shapely.union_all(geoms))


_POLYGONAL = (shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON)


def _areal(geom) -> shapely.Geometry:
    """An overlay's result as a (Multi)Polygon: one is returned as is (overlays give
    valid output), anything else through :func:`~mdcoverage.crs.polygonal` (lines and
    points where shapes only touch dropped)."""
    return geom if shapely.get_type_id(geom) in _POLYGONAL else polygonal(geom)


def _exclusive(geoms):
    """Sector polygons less every earlier one, and the union of those before each
    (``before[i]``: sectors ``0..i-1``; ``before[-1]``: all): "the first sector wins" as
    geometry. None (a sector of countries only) stays None."""
    own: list[shapely.Geometry | None] = []
    before: list[shapely.Geometry] = []
    taken = shapely.Polygon()
    for g in geoms:
        before.append(taken)
        if g is None:
            own.append(None)
            continue
        own.append(polygonal(shapely.difference(g, taken)))
        taken = polygonal(shapely.union(taken, g))
    before.append(taken)
    return own, before


@functools.cache
def _rings_polygon(rings: tuple[tuple[tuple[float, float], ...], ...]):
    """Lon/lat rings as one valid (Multi)Polygon whose edges follow lon/lat straight lines
    (meridians and parallels stay meridians and parallels; densified when projected)."""
    polys = [polygonal(shapely.Polygon(r)) for r in rings if len(set(r)) >= 3]
    return polygonal(shapely.union_all(polys)) if polys else shapely.Polygon()
