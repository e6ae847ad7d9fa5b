"""Parties: named groups of countries, their membership on a date, and their territory.

A party is a frozen :class:`Party` holding dated :class:`Membership` records. Two parties
are built in:

- ``nato``: the member states with the accession dates of ``docs/sources.md``;
- ``russia``: the Russian Federation alone.

Users define others (a group of neutrals, a hypothetical alliance) with
:func:`define_party` and may add them to the registry with :func:`register_party`.

Countries are the admin-0 units of the bundled Natural Earth layer, keyed by ``adm0_a3``
(see :func:`mdcoverage.geodata.countries`); :func:`resolve_country` turns codes and English
names into that key. A member is a sovereign state's main unit only: dependent units that
the layer draws separately (Greenland ``GRL``, the Faroe Islands ``FRO``, Åland ``ALD``,
Gibraltar ``GIB``, ...) are not members unless a party lists them.

Dates are ``datetime.date`` objects, ISO strings (``"2011-06-08"``) or ``"today"``
(:func:`mdcoverage.dates.parse_date`). Membership intervals include the day of accession
and exclude the day of leaving.

Dependent units count as their sovereign's territory in the model (never as members):
:func:`with_dependencies` is that rule's one implementation.
"""

from __future__ import annotations

import datetime as _dt
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
import pyproj
import shapely
from pyproj.exceptions import CRSError
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from . import geodata
from .dates import DateLike, parse_date
from .errors import ScenarioError, UnknownNameError
from .specs import ScenarioData

__all__ = [
    "PARTY_NAMES",
    "Caveat",
    "Membership",
    "Party",
    "country_party_table",
    "define_party",
    "parse_date",
    "party",
    "party_names",
    "register_party",
    "resolve_countries",
    "resolve_country",
    "scenario_parties",
    "territory",
    "with_dependencies",
]

# ---------------------------------------------------------------------------------------
# Countries
# ---------------------------------------------------------------------------------------

#: Common English names that are not in the data's ``name``/``name_long``/``sovereign``.
_ALIASES = {
    "czech republic": "CZE",
    "macedonia": "MKD",
    "republic of north macedonia": "MKD",
    "former yugoslav republic of macedonia": "MKD",
    "fyrom": "MKD",
    "turkiye": "TUR",
    "republic of turkiye": "TUR",
    "uk": "GBR",
    "great britain": "GBR",
    "britain": "GBR",
    "united states of america": "USA",
    "russian federation": "RUS",
    "holy see": "VAT",
    "vatican city": "VAT",
}


def _normalize(text: str) -> str:
    """Case-, accent-, punctuation- and whitespace-insensitive form of a code or name."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch if ch.isalnum() else " " for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class _CountryIndex:
    lookup: dict[str, str]  # normalized code or name -> adm0_a3
    ambiguous: dict[str, tuple[str, ...]]  # normalized ISO code -> candidate adm0_a3 keys
    valid: tuple[str, ...]  # display forms for suggestions
    names: dict[str, str]  # adm0_a3 -> display name


@functools.cache
def _country_index() -> _CountryIndex:
    df = geodata.countries(copy=False)
    keys = df["adm0_a3"].tolist()
    lookup: dict[str, str] = {}
    ambiguous: dict[str, tuple[str, ...]] = {}
    valid: set[str] = set(keys)

    def add(label: str, key: str) -> None:
        if label:
            lookup.setdefault(_normalize(label), key)

    # 1. the ADM0_A3 keys themselves win over everything else
    for key in keys:
        add(key, key)
    # 2. ISO-3 then ISO-2 codes; a code shared by several units goes to the unit whose key
    #    equals its ISO-3 (ISO "FR" is both France and Clipperton I. in the data)
    for col in ("iso_a3", "iso_a2"):
        groups: dict[str, list[str]] = {}
        for key, code in zip(keys, df[col], strict=True):
            if code:  # empty where the source has -99 (Kosovo's ISO-3, ...)
                groups.setdefault(code, []).append(key)
                valid.add(code)
        for code, cands in groups.items():
            main = [k for k in cands if k == df.at[k, "iso_a3"]]
            if len(cands) == 1:
                add(code, cands[0])
            elif len(main) == 1:
                add(code, main[0])
            elif _normalize(code) not in lookup:
                ambiguous[_normalize(code)] = tuple(sorted(cands))
    # 3. English names, then a few common aliases
    for col in ("name", "name_long"):
        for key, label in zip(keys, df[col], strict=True):
            add(label, key)
            valid.add(label)
    for alias, key in _ALIASES.items():
        if key in df.index:
            add(alias, key)
            valid.add(alias)
    # 4. a sovereign state's formal name ("United States of America", "Republic of
    #    Serbia") -> its most populous unit, unless it is already some unit's name
    by_sovereign = df.sort_values(["pop_est", "adm0_a3"], ascending=[False, True])
    for sov, key in zip(by_sovereign["sovereign"], by_sovereign["adm0_a3"], strict=True):
        add(sov, key)
        valid.add(sov)
    names = dict(zip(keys, df["name"], strict=True))
    return _CountryIndex(lookup, ambiguous, tuple(sorted(valid)), names)


def _lookup_country(value: str) -> str | None:
    index = _country_index()
    norm = _normalize(value)
    if norm in index.ambiguous:
        cands = index.ambiguous[norm]
        raise ScenarioError(
            f"{value!r} is the ISO code of several units: "
            + ", ".join(f"{k} ({index.names[k]})" for k in cands)
            + "; use one of these ADM0_A3 keys"
        )
    key = index.lookup.get(norm)
    if key is None and norm.startswith("the "):
        key = index.lookup.get(norm[4:])
    return key


def _check_country_value(value: object) -> str:
    if not isinstance(value, str):
        raise ScenarioError(
            f"a country must be given as a code or an English name (a string), got {value!r}"
        )
    return value


def _unknown_countries_error(unknown: list[str]) -> UnknownNameError:
    """One :class:`UnknownNameError` naming every unknown country (with suggestions)."""
    valid = _country_index().valid
    if len(unknown) == 1:
        return UnknownNameError("country", unknown[0], valid)
    lines = [str(UnknownNameError("country", u, valid)) for u in unknown]
    err = UnknownNameError("country", tuple(unknown), valid)
    err.args = (f"{len(unknown)} unknown countries:\n" + "\n".join(f"  - {s}" for s in lines),)
    return err


def resolve_country(code_or_name: str) -> str:
    """The ``adm0_a3`` key of a country given by code or English name.

    Accepts (ignoring case, accents, punctuation and extra spaces) an ADM0_A3 key (``"FRA"``,
    ``"KOS"``), an ISO 3166 alpha-3 or alpha-2 code (``"FR"``, ``"NO"``), or an English name
    as in the data (``"France"``, ``"north macedonia"``, ``"Czechia"``), the sovereign
    state's formal name (``"United States of America"``) or a common alias
    (``"Czech Republic"``, ``"UK"``). Order of precedence: ADM0_A3 key, ISO-3, ISO-2, name.

    ISO codes are empty for a few units (Kosovo's ISO-3, Akrotiri, ...), so the key is
    always ``adm0_a3``. An ISO code shared by several units (``"FR"`` is also Clipperton
    I., ``"AU"`` also the Coral Sea Is.) goes to the unit whose ``adm0_a3`` equals its
    ISO-3 code.

    Raises :class:`~mdcoverage.errors.UnknownNameError` with close matches (codes and
    names), e.g. ``'FRX' is not a known country; did you mean 'FRA' or ...?``.
    """
    value = _check_country_value(code_or_name)
    key = _lookup_country(value)
    if key is None:
        raise _unknown_countries_error([value])
    return key


def resolve_countries(codes_or_names: Iterable[str]) -> tuple[str, ...]:
    """:func:`resolve_country` for each item, in order (one key per item, duplicates kept).

    Every unknown item is reported at once, in one
    :class:`~mdcoverage.errors.UnknownNameError` listing each with its suggestions.
    A single string is refused (it would otherwise be read letter by letter).
    """
    if isinstance(codes_or_names, str):
        raise ScenarioError(
            f"expected a list of countries, got the single string {codes_or_names!r}; "
            f"write [{codes_or_names!r}]"
        )
    keys: list[str] = []
    unknown: list[str] = []
    for value in codes_or_names:
        value = _check_country_value(value)
        key = _lookup_country(value)
        if key is None:
            unknown.append(value)
        else:
            keys.append(key)
    if unknown:
        raise _unknown_countries_error(unknown)
    return tuple(keys)


# ---------------------------------------------------------------------------------------
# Parties
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Membership:
    """One country's membership of a party from ``joined`` (inclusive) to ``left`` (exclusive).

    ``adm0_a3`` is the country key of :func:`mdcoverage.geodata.countries` (upper case);
    ``left`` is the first day the country is no longer a member, or ``None`` (still a
    member). Dates may be given as ISO strings.
    """

    adm0_a3: str
    joined: _dt.date
    left: _dt.date | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.adm0_a3, str) or not self.adm0_a3.strip():
            raise ScenarioError(f"membership: adm0_a3 must be a country key, got {self.adm0_a3!r}")
        object.__setattr__(self, "adm0_a3", self.adm0_a3.strip().upper())
        object.__setattr__(self, "joined", parse_date(self.joined, name="joined"))
        if self.left is not None:
            object.__setattr__(self, "left", parse_date(self.left, name="left"))
            if self.left <= self.joined:
                raise ScenarioError(
                    f"membership of {self.adm0_a3}: left ({self.left}) must be after "
                    f"joined ({self.joined})"
                )

    def active(self, as_of: DateLike) -> bool:
        """Whether the country is a member on ``as_of`` (accession day included)."""
        day = parse_date(as_of)
        return self.joined <= day and (self.left is None or day < self.left)


@dataclass(frozen=True)
class Caveat:
    """A note that applies from ``start`` (inclusive) to ``end`` (exclusive); ``None`` = open."""

    text: str
    start: _dt.date | None = None
    end: _dt.date | None = None

    def __post_init__(self) -> None:
        if self.start is not None:
            object.__setattr__(self, "start", parse_date(self.start, name="start"))
        if self.end is not None:
            object.__setattr__(self, "end", parse_date(self.end, name="end"))

    def applies(self, as_of: DateLike) -> bool:
        """Whether the caveat applies on ``as_of``."""
        day = parse_date(as_of)
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


_NAME_RE = re.compile(r"[a-z][a-z0-9_-]*")


@dataclass(frozen=True)
class Party:
    """A named group of countries with dated membership.

    ``name`` is the registry key (lower case: ``"nato"``), ``label`` the display name
    (``"NATO"``), ``membership`` the :class:`Membership` records (a country may have
    several, non-overlapping ones), ``caveats`` dated notes for maps and reports.
    """

    name: str
    label: str
    membership: tuple[Membership, ...]
    caveats: tuple[Caveat, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not _NAME_RE.fullmatch(self.name):
            raise ScenarioError(
                f"party name {self.name!r} is not allowed; use lower-case letters, digits, "
                "'_' or '-', starting with a letter (e.g. 'nato', 'neutrals')"
            )
        if not isinstance(self.label, str) or not self.label.strip():
            raise ScenarioError(f"party {self.name!r}: label must be a non-empty string")
        object.__setattr__(self, "membership", tuple(self.membership))
        object.__setattr__(self, "caveats", tuple(self.caveats))
        for m in self.membership:
            if not isinstance(m, Membership):
                raise ScenarioError(f"party {self.name!r}: {m!r} is not a Membership")
        for c in self.caveats:
            if not isinstance(c, Caveat):
                raise ScenarioError(f"party {self.name!r}: {c!r} is not a Caveat")
        by_country: dict[str, list[Membership]] = {}
        for m in self.membership:
            by_country.setdefault(m.adm0_a3, []).append(m)
        for code, ms in by_country.items():
            ms.sort(key=lambda m: m.joined)
            for a, b in itertools.pairwise(ms):
                if a.left is None or b.joined < a.left:
                    raise ScenarioError(
                        f"party {self.name!r}: the memberships of {code} overlap "
                        f"({a.joined}–{a.left or 'open'} and {b.joined}–{b.left or 'open'})"
                    )

    def members(self, as_of: DateLike) -> tuple[str, ...]:
        """Sorted ``adm0_a3`` keys of the members on ``as_of`` (accession day included)."""
        day = parse_date(as_of)
        return tuple(sorted({m.adm0_a3 for m in self.membership if m.active(day)}))

    def is_member(self, code: str, as_of: DateLike) -> bool:
        """Whether the country ``code`` (any form :func:`resolve_country` accepts) is a member."""
        key = resolve_country(code)
        day = parse_date(as_of)
        return any(m.adm0_a3 == key and m.active(day) for m in self.membership)

    def notes(self, as_of: DateLike) -> tuple[str, ...]:
        """Caveats that apply on ``as_of`` (for map footnotes and reports)."""
        day = parse_date(as_of)
        return tuple(c.text for c in self.caveats if c.applies(day))


#: NATO accessions (docs/sources.md): date of entry into force -> the new members
_NATO_ACCESSIONS: dict[_dt.date, tuple[str, ...]] = {
    _dt.date(1949, 8, 24): (
        "BEL",  # Belgium
        "CAN",  # Canada
        "DNK",  # Denmark
        "FRA",  # France
        "ISL",  # Iceland
        "ITA",  # Italy
        "LUX",  # Luxembourg
        "NLD",  # Netherlands
        "NOR",  # Norway
        "PRT",  # Portugal
        "GBR",  # United Kingdom
        "USA",  # United States
    ),
    _dt.date(1952, 2, 18): ("GRC", "TUR"),  # Greece, Turkey
    _dt.date(1955, 5, 6): ("DEU",),  # Federal Republic of Germany
    _dt.date(1982, 5, 30): ("ESP",),  # Spain
    _dt.date(1999, 3, 12): ("CZE", "HUN", "POL"),  # Czech Republic, Hungary, Poland
    _dt.date(2004, 3, 29): (
        "BGR",  # Bulgaria
        "EST",  # Estonia
        "LVA",  # Latvia
        "LTU",  # Lithuania
        "ROU",  # Romania
        "SVK",  # Slovakia
        "SVN",  # Slovenia
    ),
    _dt.date(2009, 4, 1): ("ALB", "HRV"),  # Albania, Croatia
    _dt.date(2017, 6, 5): ("MNE",),  # Montenegro
    _dt.date(2020, 3, 27): ("MKD",),  # North Macedonia
    _dt.date(2023, 4, 4): ("FIN",),  # Finland
    _dt.date(2024, 3, 7): ("SWE",),  # Sweden
}


def _nato() -> Party:
    """NATO with the accession dates of docs/sources.md.

    The North Atlantic Treaty was signed on 4 Apr 1949 and entered into force on
    24 Aug 1949; the twelve founders are members from the in-force date, so NATO has no
    members on 23 Aug 1949. Germany (``DEU``, present-day boundaries in the data) is a
    member from 6 May 1955, the accession of the Federal Republic; a caveat says so for
    dates before reunification (3 Oct 1990), which was no new accession.
    """
    d = _dt.date
    membership = tuple(
        Membership(code, joined) for joined, codes in _NATO_ACCESSIONS.items() for code in codes
    )
    caveats = (
        Caveat(
            "The North Atlantic Treaty entered into force on 24 Aug 1949 "
            "(signed 4 Apr 1949); NATO has no members before that date",
            end=d(1949, 8, 24),
        ),
        Caveat(
            "Germany's territory is drawn with present-day boundaries; before 3 Oct 1990 "
            "only the Federal Republic (West Germany) was a member",
            start=d(1955, 5, 6),
            end=d(1990, 10, 3),
        ),
    )
    return Party("nato", "NATO", membership, caveats)


def _russia() -> Party:
    """The Russian Federation alone (``RUS``), from 25 Dec 1991.

    Decision: before 25 Dec 1991 (the RSFSR became the Russian Federation as the Soviet
    Union dissolved) the party has no members and an empty territory, and :meth:`notes`
    says so; drawing present-day Russia for a Soviet-era date would mislead.
    """
    return Party(
        "russia",
        "Russia",
        (Membership("RUS", _dt.date(1991, 12, 25)),),
        (
            Caveat(
                "Before 25 Dec 1991 Russia was part of the Soviet Union; the 'russia' "
                "party has no territory before that date",
                end=_dt.date(1991, 12, 25),
            ),
        ),
    )


#: Names of the built-in parties (always registered, cannot be replaced).
PARTY_NAMES: tuple[str, ...] = ("nato", "russia")

_REGISTRY: dict[str, Party] = {"nato": _nato(), "russia": _russia()}


def party_names() -> tuple[str, ...]:
    """Names of all registered parties (built-in and user-registered), sorted."""
    return tuple(sorted(_REGISTRY))


def party(name: str) -> Party:
    """The registered party called ``name`` (case-insensitive).

    Raises :class:`~mdcoverage.errors.UnknownNameError` listing the valid names, e.g.
    ``'natto' is not a known party; did you mean 'nato'?``.
    """
    if isinstance(name, str):
        found = _REGISTRY.get(name.strip().lower())
        if found is not None:
            return found
    raise UnknownNameError("party", name, _REGISTRY)


def register_party(new: Party, *, replace: bool = False) -> Party:
    """Add ``new`` to the registry under ``new.name`` and return it.

    Every member key must be a country of the data. A name already registered is refused
    unless ``replace=True``; the built-in parties (:data:`PARTY_NAMES`) are never replaced.
    """
    if not isinstance(new, Party):
        raise ScenarioError(f"register_party expects a Party, got {new!r}")
    if new.name in PARTY_NAMES:
        raise ScenarioError(
            f"party {new.name!r} is built in and cannot be replaced; choose another name"
        )
    if new.name in _REGISTRY and not replace:
        raise ScenarioError(
            f"party {new.name!r} is already registered; pass replace=True to replace it"
        )
    _check_keys(m.adm0_a3 for m in new.membership)
    _REGISTRY[new.name] = new
    return new


def define_party(
    name: str,
    countries: Iterable[str],
    *,
    label: str | None = None,
    since: DateLike | None = None,
) -> Party:
    """A user-defined party of ``countries`` (codes or names, see :func:`resolve_country`).

    ``name`` is lower-cased for the registry key; ``label`` defaults to ``name`` as
    written. All countries are members from ``since`` (inclusive); without ``since`` they
    are members on every date. Every unknown country is reported at once. The party is not
    registered: pass it to :func:`register_party` to look it up by name later.
    """
    if not isinstance(name, str):
        raise ScenarioError(f"party name must be a string, got {name!r}")
    keys = tuple(dict.fromkeys(resolve_countries(countries)))
    joined = _dt.date.min if since is None else parse_date(since, name="since")
    return Party(
        name.strip().lower(),
        name.strip() if label is None else label,
        tuple(Membership(k, joined) for k in keys),
    )


def _as_party(value: Party | str) -> Party:
    return value if isinstance(value, Party) else party(value)


def _check_keys(keys: Iterable[str]) -> None:
    index = geodata.countries(copy=False).index
    unknown = [k for k in dict.fromkeys(keys) if k not in index]
    if unknown:
        raise _unknown_countries_error(unknown)


# ---------------------------------------------------------------------------------------
# Territory
# ---------------------------------------------------------------------------------------


def _crs_key(crs: object) -> str:
    try:
        return pyproj.CRS.from_user_input(crs).to_wkt()
    except CRSError as exc:
        raise ScenarioError(f"crs: {crs!r} is not a coordinate reference system ({exc})") from None


def _polygonal(geom: BaseGeometry) -> Polygon | MultiPolygon:
    """Keep only the polygon parts of ``geom`` (valid)."""
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    if isinstance(geom, Polygon | MultiPolygon):
        return geom
    parts = [g for g in shapely.get_parts(geom) if isinstance(g, Polygon | MultiPolygon)]
    if not parts:
        return Polygon()
    merged = shapely.union_all(parts)
    return merged if isinstance(merged, Polygon | MultiPolygon) else Polygon()


@functools.lru_cache(maxsize=64)
def _territory(members: tuple[str, ...], crs_wkt: str) -> Polygon | MultiPolygon:
    if not members:
        return Polygon()
    gdf = geodata.countries(copy=False).loc[list(members)]
    target = pyproj.CRS.from_wkt(crs_wkt)
    if not target.equals(gdf.crs):
        gdf = gdf.to_crs(target)
    return _polygonal(shapely.union_all(gdf.geometry.values))


def territory(
    party_or_members: Party | str | Iterable[str],
    as_of: DateLike | None = None,
    *,
    crs: object = "EPSG:4326",
) -> Polygon | MultiPolygon:
    """Union of the member countries' polygons, as a shapely (Multi)Polygon in ``crs``.

    ``party_or_members`` is a :class:`Party`, a registered party name (``"nato"``) or a
    list of countries (codes or names); ``as_of`` is required for a party and ignored for a
    list. Geometries are transformed with GeoPandas ``to_crs`` (vertices only, no
    densification). An empty membership gives an empty Polygon. Results are cached by
    (members, crs); shapely geometries are immutable, so sharing them is safe.
    """
    if isinstance(party_or_members, Party | str):
        p = _as_party(party_or_members)
        if as_of is None:
            raise ScenarioError(f"territory of party {p.name!r}: as_of (a date) is required")
        members = p.members(as_of)
        _check_keys(members)
    else:
        members = tuple(sorted(set(resolve_countries(party_or_members))))
    return _territory(members, _crs_key(crs))


def country_party_table(
    parties: Iterable[Party | str], as_of: DateLike, *, dependencies: bool = False
) -> pd.Series:
    """The party of every country of the data on ``as_of``.

    With ``dependencies=True``, a unit that belongs to no party itself but whose
    ``sovereign`` is a member (Åland → Finland, the Faroes and Greenland → Denmark,
    Gibraltar and the Channel Islands → United Kingdom) takes its sovereign's party: the
    model's territory. Membership counts (:meth:`Party.members`) never include them.

    A Series named ``"party"`` indexed by every ``adm0_a3`` key of
    :func:`mdcoverage.geodata.countries`, holding the party name or ``""`` (none).
    Raises :class:`~mdcoverage.errors.ScenarioError` (an
    :class:`~mdcoverage.errors.MdcoverageError`) when a country belongs to two of the
    parties on that date, e.g. ``'FIN' belongs to both 'nato' and 'neutrals' on
    2024-12-31``, listing every such country.
    """
    day = parse_date(as_of)
    if isinstance(parties, Party | str):
        parties = [parties]
    plist = [_as_party(p) for p in parties]
    seen: set[str] = set()
    for p in plist:
        if p.name in seen:
            raise ScenarioError(f"party {p.name!r} is given twice")
        seen.add(p.name)
    owner: dict[str, str] = {}
    conflicts: list[str] = []
    for p in plist:
        members = p.members(day)
        _check_keys(members)
        for key in members:
            if key in owner:
                conflicts.append(
                    f"{key!r} belongs to both {owner[key]!r} and {p.name!r} on {day.isoformat()}"
                )
            else:
                owner[key] = p.name
    if len(conflicts) == 1:
        raise ScenarioError(conflicts[0])
    if conflicts:
        raise ScenarioError(
            f"{len(conflicts)} countries belong to more than one party on {day.isoformat()}",
            conflicts,
        )
    if dependencies:
        assigned = dict(owner)
        for p in plist:
            own = with_dependencies(k for k, name in assigned.items() if name == p.name)
            for key in sorted(own):
                owner.setdefault(key, p.name)
    index = geodata.countries(copy=False).index
    return pd.Series([owner.get(k, "") for k in index], index=index, name="party")


@functools.cache
def _sovereign_units() -> dict[str, str]:
    """Dependent unit -> the unit named as its sovereign (``ALD`` -> ``FIN``, ``FRO`` and
    ``GRL`` -> ``DNK``, ``GIB`` -> ``GBR``), for every unit whose sovereign's name is
    another unit's name."""
    c = geodata.countries(copy=False)
    main_unit = dict(zip(c["name"], c.index, strict=True))
    return {
        key: main_unit[sov]
        for key, sov in zip(c.index, c["sovereign"], strict=True)
        if sov in main_unit and main_unit[sov] != key
    }


def with_dependencies(keys: Iterable[str]) -> frozenset[str]:
    """Country keys plus the dependent units whose sovereign is one of them (Åland with
    Finland, the Faroes and Greenland with Denmark, Gibraltar with the United Kingdom):
    the model's rule that dependencies count as their sovereign's territory.

    A unit's sovereign is the unit whose ``name`` is its ``sovereign`` field in the data;
    membership (:meth:`Party.members`) never includes dependencies."""
    keys = frozenset(keys)
    if not keys:
        return keys
    return keys | {unit for unit, sov in _sovereign_units().items() if sov in keys}


def scenario_parties(scenario: ScenarioData) -> list[Party]:
    """The :class:`Party` objects of a scenario, in a stable order: the built-in parties
    (always: NATO and Russia keep their territory even when a scenario has no sites of
    theirs), then the scenario's own: those defined under ``[[parties]]`` (which win over
    a registered party of the same name), else registered ones (:func:`register_party`)."""
    defined = {p.name.lower(): p for p in scenario.parties}
    out = []
    for name in dict.fromkeys([*PARTY_NAMES, *scenario.party_names()]):
        if name in defined:
            spec = defined[name]
            out.append(define_party(name, spec.countries, label=spec.label))
        else:
            out.append(party(name))
    return out
