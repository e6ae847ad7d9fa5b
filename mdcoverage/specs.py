"""The objects of a scenario and their schema: systems, sites, parties, sectors,
architectures, tracks, and the scenario that holds them.

Each table of a scenario file is a pydantic v2 model (strict numbers, unknown keys
rejected, no NaN or infinity, read-only); :class:`ScenarioModel` is a whole file.
:class:`ScenarioData` is the validated scenario's content (a frozen dataclass); the
:class:`~mdcoverage.scenario.Scenario` users get adds :meth:`~mdcoverage.scenario.Scenario.replace`.
The limits of what a scenario may hold are stated here (``MAX_*``).

This module checks form only. Meaning (known names, sites on the right side of the
coast, ...) is checked by :mod:`mdcoverage.validation`; reading files, bases and presets
is :mod:`mdcoverage.scenario`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)
from pydantic_core import ErrorDetails

from .dates import parse_date
from .errors import ScenarioError, UnknownNameError, suggest
from .geodesy import MAX_RADIUS_KM

__all__ = [
    "MAX_BASE_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_LABEL_CHARS",
    "MAX_NAME_CHARS",
    "MAX_RING_POINTS",
    "MAX_SOURCES",
    "MAX_SOURCE_CHARS",
    "MAX_TEXT_CHARS",
    "NO_PARTY",
    "TABLE_MODELS",
    "ArchitectureSpec",
    "PartySpec",
    "ScenarioData",
    "ScenarioMeta",
    "ScenarioModel",
    "SectorSpec",
    "SiteSpec",
    "SystemSpec",
    "TrackSpec",
    "name_key",
    "schema_problems",
]

#: A sectoral architecture's ``default_party`` that gives the rest of the region to
#: nobody (DESIGN §2).
NO_PARTY = "none"

#: Largest scenario file read (bytes): a scenario of 10,000 sites takes about 1.5 MB.
MAX_FILE_BYTES = 2_000_000
#: Longest name, label and free text (description, interpretation), characters.
MAX_NAME_CHARS, MAX_LABEL_CHARS, MAX_TEXT_CHARS = 120, 200, 2_000
#: Longest ``sources`` entry and most entries.
MAX_SOURCE_CHARS, MAX_SOURCES = 500, 50
#: Most points in one sector polygon ring.
MAX_RING_POINTS = 10_000
#: Longest chain of bases (``base`` of a ``base`` of ...).
MAX_BASE_DEPTH = 16

_STRICT = ConfigDict(strict=True, extra="forbid", allow_inf_nan=False, frozen=True)

# control characters (C0, DEL, C1) and the Unicode line/paragraph separators; free text may
# hold tabs and line breaks, names may not
_NAME_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


def _no_control(pattern: re.Pattern, what: str):
    def check(value: str) -> str:
        bad = pattern.search(value)
        if bad:
            raise ValueError(
                f"must not contain control characters ({what}); found {bad.group()!r} "
                f"at character {bad.start() + 1}"
            )
        return value

    return check


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank (spaces only)")
    return value


Lon = Annotated[float, Field(ge=-180.0, le=180.0, description="longitude, degrees east")]
Lat = Annotated[float, Field(ge=-90.0, le=90.0, description="latitude, degrees north")]
Name = Annotated[
    str,
    Field(min_length=1, max_length=MAX_NAME_CHARS),
    AfterValidator(_no_control(_NAME_CONTROL, "no line breaks or tabs in names")),
    AfterValidator(_not_blank),
]
Label = Annotated[
    str,
    Field(max_length=MAX_LABEL_CHARS),
    AfterValidator(_no_control(_TEXT_CONTROL, "tabs and line breaks are allowed")),
]
Text = Annotated[
    str,
    Field(max_length=MAX_TEXT_CHARS),
    AfterValidator(_no_control(_TEXT_CONTROL, "tabs and line breaks are allowed")),
]
Source = Annotated[
    str,
    Field(max_length=MAX_SOURCE_CHARS),
    AfterValidator(_no_control(_TEXT_CONTROL, "tabs and line breaks are allowed")),
]


def name_key(name: str) -> str:
    """The form in which two names count as the same: Unicode NFC, case-folded, trimmed
    ("STRASSE" and "straße", composed and decomposed "é" are one name)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold()).strip()


def _list_to_tuple(value):
    return tuple(value) if isinstance(value, list) else value


#: a ``[lon, lat]`` pair (TOML arrays arrive as lists)
LonLat = Annotated[tuple[Lon, Lat], BeforeValidator(_list_to_tuple)]


class SystemSpec(BaseModel):
    """A notional class of system: an interceptor or a sensor with a footprint radius."""

    model_config = _STRICT
    name: Name
    role: Literal["interceptor", "sensor"]
    radius_km: float = Field(gt=0.0, le=MAX_RADIUS_KM, description="footprint radius, km")
    bearing_deg: float | None = Field(
        default=None, ge=-360.0, le=360.0, description="sensor sector centre, clockwise from north"
    )
    width_deg: float | None = Field(
        default=None, gt=0.0, le=360.0, description="sensor sector width, degrees"
    )
    label: Label | None = None

    @field_validator("width_deg")
    @classmethod
    def _width_needs_bearing(cls, v, info):
        if v is not None and v < 360.0 and info.data.get("bearing_deg") is None:
            raise ValueError("width_deg needs bearing_deg (the sector's centre azimuth)")
        return v


class SiteSpec(BaseModel):
    """A notional site: where one system stands, and which party owns it."""

    model_config = _STRICT
    name: Name
    party: Name
    kind: Literal["land", "sea"]
    lon: Lon
    lat: Lat
    system: Name
    label: Label | None = None


class PartySpec(BaseModel):
    """A user-defined party: a named group of countries (codes or English names)."""

    model_config = _STRICT
    name: Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z][A-Za-z0-9_-]*$")]
    countries: list[Name] = Field(min_length=1)
    label: Label | None = None


class SectorSpec(BaseModel):
    """A sector of the ``sectoral`` architecture: countries and/or lon/lat polygons."""

    model_config = _STRICT
    party: Name
    countries: list[Name] = Field(default_factory=list)
    polygons: list[Annotated[list[LonLat], Field(max_length=MAX_RING_POINTS)]] = Field(
        default_factory=list, description="rings of [lon, lat] pairs, degrees"
    )
    sea_only: bool = Field(
        default=False,
        description="the polygons hold sea only (points in no country): land under them "
        "follows the other sectors; the sector's countries, if any, count as usual",
    )
    label: Label | None = None


class ArchitectureSpec(BaseModel):
    """An architecture to evaluate: ``type`` names a registered architecture."""

    model_config = _STRICT
    type: Name
    name: Name | None = None
    data_exchange: bool | None = None
    default_party: Name | None = None
    sectors: list[SectorSpec] | None = None
    interpretation: Text | None = None


class TrackSpec(BaseModel):
    """A notional track: a geodesic line between two points ``[lon, lat]``."""

    model_config = _STRICT
    name: Name
    start: LonLat
    end: LonLat
    label: Label | None = None


class ScenarioMeta(BaseModel):
    model_config = _STRICT
    name: Name
    as_of: dt.date  # "today" and ISO strings are read by mdcoverage.dates.parse_date
    region: Name = "europe"
    description: Text = ""
    interpretation: Text | None = None
    sources: list[Source] = Field(default_factory=list, max_length=MAX_SOURCES)
    notional: bool = True

    @field_validator("as_of", mode="before")
    @classmethod
    def _one_message_for_dates(cls, v: object) -> object:
        # one message for every wrong value; TOML dates arrive as datetime.date, "today"
        # and ISO strings (from Python callers) are read by the package's date parser
        if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
            return v
        if isinstance(v, str):
            try:
                return parse_date(v)
            except ScenarioError:
                pass
        raise ValueError(
            'must be a date such as 2011-06-08 (no quotes, no time of day) or "today"'
        )


class ScenarioModel(BaseModel):
    model_config = _STRICT
    scenario: ScenarioMeta
    parties: list[PartySpec] = Field(default_factory=list)
    systems: list[SystemSpec] = Field(min_length=1)
    sites: list[SiteSpec] = Field(min_length=1)
    architectures: list[ArchitectureSpec] = Field(min_length=1)
    tracks: list[TrackSpec] = Field(default_factory=list)


#: The model of each table, by the key it is found under (for "did you mean")
TABLE_MODELS: dict[str, type[BaseModel]] = {
    "": ScenarioModel,
    "scenario": ScenarioMeta,
    "systems": SystemSpec,
    "sites": SiteSpec,
    "parties": PartySpec,
    "architectures": ArchitectureSpec,
    "sectors": SectorSpec,
    "tracks": TrackSpec,
}


@dataclass(frozen=True)
class ScenarioData:
    """The content of a validated scenario; all fields are read-only.

    Users get a :class:`~mdcoverage.scenario.Scenario` (this, and ``replace``) from
    :func:`~mdcoverage.scenario.read_scenario`, :func:`~mdcoverage.scenario.load_preset`
    or :func:`~mdcoverage.scenario.scenario_from_dict`.
    """

    name: str
    as_of: dt.date
    region: str
    systems: tuple[SystemSpec, ...]
    sites: tuple[SiteSpec, ...]
    parties: tuple[PartySpec, ...]
    architectures: tuple[ArchitectureSpec, ...]
    tracks: tuple[TrackSpec, ...] = ()
    description: str = ""
    interpretation: str | None = None
    sources: tuple[str, ...] = ()
    source: str = "<dict>"
    #: what the layering on bases did: per base a header line, then one indented line per
    #: table ("18 sites from base, 1 added, 0 replaced, 0 removed"); empty without a base
    layering: tuple[str, ...] = ()

    def system(self, name: str) -> SystemSpec:
        """The system called ``name`` (case-insensitive)."""
        for s in self.systems:
            if s.name.lower() == name.lower():
                return s
        raise UnknownNameError("system", name, [s.name for s in self.systems])

    def party_names(self) -> tuple[str, ...]:
        """Parties of the scenario: those owning sites, those defined, and sector owners."""
        names = [s.party.lower() for s in self.sites] + [p.name.lower() for p in self.parties]
        for a in self.architectures:
            names += [s.party.lower() for s in a.sectors or ()]
            if a.default_party and a.default_party.lower() != NO_PARTY:
                names.append(a.default_party.lower())
        return tuple(dict.fromkeys(names))

    def to_dict(self) -> dict[str, Any]:
        """The scenario as plain data (the TOML structure)."""
        meta: dict[str, Any] = {
            "name": self.name,
            "as_of": self.as_of,
            "region": self.region,
            "description": self.description,
            "sources": list(self.sources),
        }
        if self.interpretation:
            meta["interpretation"] = self.interpretation
        return {
            "scenario": meta,
            "parties": _dump(self.parties),
            "systems": _dump(self.systems),
            "sites": _dump(self.sites),
            "architectures": _dump(self.architectures),
            "tracks": _dump(self.tracks),
        }


def _dump(items: tuple[BaseModel, ...]) -> list[dict[str, Any]]:
    return [i.model_dump(exclude_none=True) for i in items]


def schema_problems(error: ValidationError) -> list[str]:
    """One line per problem of a pydantic validation error: the field path, what is
    allowed and the value given (short), with "did you mean" for unknown keys."""
    return [_format_error(e) for e in error.errors()]


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def _format_error(err: ErrorDetails) -> str:
    loc = _loc(err["loc"])
    kind = err["type"]
    value = err.get("input")
    if kind == "extra_forbidden":
        return f"{loc}: unknown key{_key_hint(err['loc'])}"
    if kind == "missing":
        return f"{loc}: required, missing"
    ctx = err.get("ctx") or {}
    msg = err["msg"]
    if kind == "literal_error" and "expected" in ctx:
        msg = f"must be one of {ctx['expected']}"
    elif kind == "finite_number":
        msg = "must be a finite number (not NaN or infinity)"
    elif kind == "value_error":
        msg = msg.removeprefix("Value error, ")
    return f"{loc}: {msg[0].lower() + msg[1:]}; got {_shown(value)}"


def _shown(value: object) -> str:
    """A value for a message: short, one line."""
    if isinstance(value, dict | list):
        return type(value).__name__
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    text = repr(value)
    if len(text) > 60:
        size = f", {len(value):,} characters" if isinstance(value, str) else ""
        text = f"{text[:50]}... ({type(value).__name__}{size})"
    return text


def _key_hint(loc: tuple[int | str, ...]) -> str:
    """'did you mean' for an unknown key, from the fields of the table it is in."""
    *parents, key = loc
    table = next((p for p in reversed(parents) if isinstance(p, str)), "")
    model = TABLE_MODELS.get(table)
    fields = list(model.model_fields) if model is not None else []
    close = suggest(key, fields)
    if close:
        return "; did you mean " + " or ".join(repr(c) for c in close) + "?"
    return f" (check its spelling and the table it is in); allowed here: {', '.join(fields)}"
