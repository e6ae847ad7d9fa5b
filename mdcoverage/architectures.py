"""Architectures: who is *responsible* for defending which place (DESIGN §2).

An architecture answers two questions, for areas and for points:

* :meth:`Architecture.responsibility` splits every country of the region into pieces, each
  with the party responsible for it (``""``: nobody);
* :meth:`Architecture.responsible_for_points` gives the responsible party of each point.

It also says whose sensors make up a party's warning picture (:attr:`pooled_sensors`).
Everything else (defended areas, metrics) is generic and lives in :mod:`mdcoverage.coverage`.

Two architectures are registered:

``independent`` — "two independent systems": each party is responsible for its own
territory only; neutral countries are nobody's responsibility. Option ``data_exchange``
(default ``true``): with exchange every party's warning picture is the union of all
parties' sensors, without it only its own.

``sectoral`` — the region is split into sectors, each owned by one party (a sector is a
list of countries and/or lon/lat polygons; the first sector that contains a place wins;
the rest falls to ``default_party``). The owner is responsible for everything in its
sector, whoever's territory it is. Sensors are pooled (joint data centres).

A new architecture is a subclass registered with :func:`register_architecture`.
"""

from __future__ import annotations

import functools
from typing import ClassVar

import numpy as np

from .errors import UnknownNameError
from .specs import ArchitectureSpec

__all__ = [
    "ARCHITECTURES",
    "Architecture",
    "Independent",
    "Sectoral",
    "architecture_class",
    "make_architecture",
    "register_architecture",
]

ARCHITECTURES: dict[str, type[Architecture]] = {}


def register_architecture(cls: type[Architecture]) -> type[Architecture]:
    """Class decorator: make an architecture available by its ``type`` name."""
    ARCHITECTURES[cls.type] = cls
    return cls


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
    """Base class. Subclasses set :attr:`type` and implement the two responsibility rules."""

    type: ClassVar[str] = ""
    #: human-readable description of the rule, for legends and docs
    rule: ClassVar[str] = ""
    allowed_options: ClassVar[frozenset[str]] = frozenset()

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
        """Problems with a spec for this architecture, one line each (``field: message``)."""
        out = []
        for key in ("data_exchange", "default_party", "sectors"):
            if getattr(spec, key) is not None and key not in cls.allowed_options:
                allowed = ", ".join(sorted(cls.allowed_options)) or "none"
                out.append(f"{key}: not an option of {cls.type!r} (its options: {allowed})")
        return out

    # -- the two rules -------------------------------------------------------------------
    def responsibility(self, countries, country_party, *, bbox=None):
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

    def responsible_for_points(self, lon, lat, adm0_a3, country_party) -> np.ndarray:
        """Responsible party (``""``: none) for each point (degrees; country keys)."""
        raise NotImplementedError

    def sector_areas(self, crs, countries=None, *, bbox=None):
        """Sector polygons to draw (GeoDataFrame ``party``, ``label``, ``geometry`` in
        ``crs``; sectors given as country lists take their shapes from ``countries``;
        polygons clipped to ``bbox`` in degrees), or ``None`` without sectors."""
        return None

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"


@register_architecture
class Independent(Architecture):
    type = "independent"
    rule = "each party defends its own territory only"
    allowed_options = frozenset({"data_exchange"})

    @property
    def data_exchange(self) -> bool:
        return True if self.spec.data_exchange is None else self.spec.data_exchange

    @property
    def pooled_sensors(self) -> bool:
        return self.data_exchange

    def responsibility(self, countries, country_party, *, bbox=None):
        import geopandas as gpd

        resp = country_party.reindex(countries.index).fillna("").to_numpy()
        return gpd.GeoDataFrame(
            {"adm0_a3": countries.index.to_numpy(), "responsible": resp},
            geometry=countries.geometry.values,
            crs=countries.crs,
        )

    def responsible_for_points(self, lon, lat, adm0_a3, country_party):
        return country_party.reindex(np.asarray(adm0_a3)).fillna("").to_numpy(dtype=object)


@register_architecture
class Sectoral(Architecture):
    type = "sectoral"
    rule = "the owner of a sector defends everything in it"
    allowed_options = frozenset({"default_party", "sectors"})

    @classmethod
    def check_spec(cls, spec):
        out = super().check_spec(spec)
        if not spec.sectors:
            out.append("sectors: at least one sector is required for 'sectoral'")
        if not spec.default_party:
            out.append("default_party: required for 'sectoral' (the party owning the rest)")
        for j, s in enumerate(spec.sectors or ()):
            if not s.countries and not s.polygons:
                out.append(f"sectors[{j}]: give countries and/or polygons")
            for k, ring in enumerate(s.polygons):
                lons = [p[0] for p in ring]
                if len(ring) < 3:
                    out.append(f"sectors[{j}].polygons[{k}]: a polygon needs >= 3 points")
                elif max(lons) - min(lons) > 180.0:
                    out.append(
                        f"sectors[{j}].polygons[{k}]: spans more than 180° of longitude, which "
                        "is ambiguous on a sphere; keep a sector polygon within the region"
                    )
                elif (problem := _ring_problem(ring)) is not None:
                    out.append(f"sectors[{j}].polygons[{k}]: {problem}")
        return out

    @property
    def pooled_sensors(self) -> bool:
        return True

    @property
    def default_party(self) -> str:
        """The party owning what no sector holds (``""``: nobody, written ``"none"``)."""
        name = self.spec.default_party.lower()
        return "" if name == "none" else name

    @functools.cached_property
    def _sectors(self):
        """Per sector: (party, frozenset of adm0 keys, lon/lat polygon or None)."""
        from .parties import resolve_country

        out = []
        for s in self.spec.sectors:
            keys = _with_dependencies(frozenset(resolve_country(c) for c in s.countries))
            rings = tuple(tuple(map(tuple, r)) for r in s.polygons)
            out.append((s.party.lower(), keys, _rings_polygon(rings) if rings else None))
        return out

    def _sector_geoms(self, crs, bbox=None):
        """Sector polygons (not country lists) clipped to ``bbox`` (degrees), densified,
        transformed to ``crs`` and snapped to a fine grid (so that touching or identical
        sectors share vertices exactly); None where absent. Clipping first keeps the
        projection within its domain (an equal-area projection of Europe cannot hold a
        hemisphere)."""
        import shapely

        from . import geodesy

        out = []
        for _, _, poly in self._sectors:
            if poly is not None and bbox is not None:
                poly = shapely.intersection(poly, shapely.box(*bbox))
            out.append(None if poly is None else geodesy.project_lonlat(poly, crs, snap=True))
        return out

    def responsibility(self, countries, country_party, *, bbox=None):
        import geopandas as gpd
        import shapely

        layers = _exclusive(self._sector_geoms(str(countries.crs), bbox))
        rows = []
        for key, geom in zip(countries.index, countries.geometry.values, strict=True):
            rows += [(key, party, piece) for party, piece in self._split(key, geom, layers)]
        keys, parties, pieces = zip(*rows, strict=True) if rows else ((), (), ())
        out = gpd.GeoDataFrame(
            {"adm0_a3": list(keys), "responsible": list(parties)},
            geometry=list(pieces),
            crs=countries.crs,
        )
        return out[shapely.area(out.geometry.values) > 0].reset_index(drop=True)

    def _split(self, key, geom, layers):
        """(party, piece) pieces of one country: the first sector containing a place wins
        (``layers``: see :func:`_exclusive`), the rest goes to the default party. Every
        piece is a valid (Multi)Polygon."""
        import shapely

        from .geodesy import polygonal

        own, before = layers
        first = next((i for i, s in enumerate(self._sectors) if key in s[1]), len(own))
        geom = polygonal(geom)
        idx = [i for i in range(first) if own[i] is not None]
        hits = [i for i in idx if shapely.intersects(geom, own[i])]
        if hits:
            pieces = polygonal(shapely.intersection(geom, np.array([own[i] for i in hits])))
            yield from ((self._sectors[i][0], p) for i, p in zip(hits, pieces, strict=True))
        rest = polygonal(shapely.difference(geom, before[first])) if idx else geom
        party = self._sectors[first][0] if first < len(own) else self.default_party
        if not shapely.is_empty(rest):
            yield party, rest

    def responsible_for_points(self, lon, lat, adm0_a3, country_party):
        import shapely

        lon, lat = np.asarray(lon, float), np.asarray(lat, float)
        adm0 = np.asarray(adm0_a3, dtype=object)
        out = np.full(lon.shape, "", dtype=object)
        todo = np.ones(lon.shape, bool)
        pts = None
        for party, keys, poly in self._sectors:
            hit = np.isin(adm0, list(keys)) if keys else np.zeros(lon.shape, bool)
            if poly is not None:
                if pts is None:
                    pts = shapely.points(lon, lat)
                hit |= shapely.contains_xy(poly, lon, lat) | shapely.touches(poly, pts)
            hit &= todo
            out[hit] = party
            todo &= ~hit
        out[todo] = self.default_party
        return out

    def sector_areas(self, crs, countries=None, *, bbox=None):
        """Sector outlines, per sector in order: its polygons united with its countries'
        shapes (taken from ``countries``, a GeoDataFrame in ``crs``, if given), less what
        earlier sectors already hold (the first sector containing a place wins)."""
        import geopandas as gpd
        import shapely

        from .geodesy import polygonal

        geoms = self._sector_geoms(crs, bbox)
        rows, taken = [], shapely.Polygon()
        for spec, (party, keys, _), poly in zip(
            self.spec.sectors, self._sectors, geoms, strict=True
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


def _exclusive(geoms):
    """Sector polygons less every earlier one, and the union of those before each
    (``before[i]``: sectors ``0..i-1``; ``before[-1]``: all): "the first sector wins" as
    geometry. None (a sector of countries only) stays None."""
    import shapely

    from .geodesy import polygonal

    own, before, taken = [], [], shapely.Polygon()
    for g in geoms:
        before.append(taken)
        if g is None:
            own.append(None)
            continue
        own.append(polygonal(shapely.difference(g, taken)))
        taken = polygonal(shapely.union(taken, g))
    before.append(taken)
    return own, before


def _with_dependencies(keys: frozenset[str]) -> frozenset[str]:
    """Country keys plus the units whose sovereign is one of them (Åland with Finland,
    the Faroes with Denmark, …), as party territory counts them."""
    if not keys:
        return keys
    from . import geodata

    c = geodata._countries()
    names = set(c.loc[c.index.isin(keys), "name"])
    extra = c.index[c["sovereign"].isin(names)]
    return keys | frozenset(extra)


def _ring_problem(ring) -> str | None:
    """What is wrong with a lon/lat ring as the user wrote it (before any repair), or None."""
    import shapely

    pts = list(dict.fromkeys(map(tuple, ring)))
    if len(pts) < 3:
        return "a polygon needs >= 3 distinct points"
    poly = shapely.Polygon(ring)
    if not poly.is_valid:
        return "the ring crosses itself"
    if poly.area == 0:
        return "the ring encloses no area"
    return None


@functools.cache
def _rings_polygon(rings: tuple[tuple[tuple[float, float], ...], ...]):
    """Lon/lat rings as one valid (Multi)Polygon whose edges follow lon/lat straight lines
    (meridians and parallels stay meridians and parallels; densified when projected)."""
    import shapely

    from .geodesy import polygonal

    polys = [polygonal(shapely.Polygon(r)) for r in rings if len(set(r)) >= 3]
    return polygonal(shapely.union_all(polys)) if polys else shapely.Polygon()
