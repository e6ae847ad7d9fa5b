"""Scenarios: notional systems, sites, parties, architectures and tracks, from Python or TOML.

A scenario is everything one comparison needs::

    [scenario]
    name = "My layout"
    as_of = 2011-06-08            # a TOML date, or "today"
    region = "europe"

    [[systems]]
    name = "notional-interceptor"
    role = "interceptor"          # interceptor | sensor
    radius_km = 1000

    [[sites]]
    name = "Romania (notional)"
    party = "nato"
    kind = "land"                 # land | sea
    lon = 25
    lat = 45
    system = "notional-interceptor"

    [[architectures]]
    type = "independent"
    data_exchange = true

Validation uses pydantic v2 (strict numbers, unknown keys rejected, no NaN or infinity)
and then checks the meaning (known parties, systems and countries; land sites on land and
sea sites at sea within :data:`COAST_TOLERANCE_KM`; no duplicate names). Every problem is
reported at once, one line each, naming the file, the field path and what is allowed:
:class:`~mdcoverage.errors.ScenarioError`.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

from .errors import MdcoverageError, ScenarioError, UnknownNameError

__all__ = [
    "COAST_TOLERANCE_KM",
    "ArchitectureSpec",
    "PartySpec",
    "Scenario",
    "SectorSpec",
    "SiteSpec",
    "SystemSpec",
    "TrackSpec",
    "list_presets",
    "load_preset",
    "preset_names",
    "read_scenario",
    "scenario_from_dict",
]

#: Names that tables use themselves, so no party may take them.
RESERVED_PARTY_NAMES = {"none": "countries in no party", "total": "the total row"}

#: A land site may stand this close to land (ports), a sea site this close to the coast.
COAST_TOLERANCE_KM = 10.0

_STRICT = ConfigDict(strict=True, extra="forbid", allow_inf_nan=False, frozen=True)

Lon = Annotated[float, Field(ge=-180.0, le=180.0, description="longitude, degrees east")]
Lat = Annotated[float, Field(ge=-90.0, le=90.0, description="latitude, degrees north")]
Name = Annotated[str, Field(min_length=1, max_length=120)]


def _list_to_tuple(value):
    return tuple(value) if isinstance(value, list) else value


#: a ``[lon, lat]`` pair (TOML arrays arrive as lists)
LonLat = Annotated[tuple[Lon, Lat], BeforeValidator(_list_to_tuple)]


class SystemSpec(BaseModel):
    """A notional class of system: an interceptor or a sensor with a footprint radius."""

    model_config = _STRICT
    name: Name
    role: Literal["interceptor", "sensor"]
    radius_km: float = Field(gt=0.0, le=20_003.0, description="footprint radius, km")
    bearing_deg: float | None = Field(
        default=None, ge=-360.0, le=360.0, description="sensor sector centre, clockwise from north"
    )
    width_deg: float | None = Field(
        default=None, gt=0.0, le=360.0, description="sensor sector width, degrees"
    )
    label: str | None = None

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
    label: str | None = None


class PartySpec(BaseModel):
    """A user-defined party: a named group of countries (codes or English names)."""

    model_config = _STRICT
    name: Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z][A-Za-z0-9_-]*$")]
    countries: list[Name] = Field(min_length=1)
    label: str | None = None


class SectorSpec(BaseModel):
    """A sector of the ``sectoral`` architecture: countries and/or lon/lat polygons."""

    model_config = _STRICT
    party: Name
    countries: list[Name] = Field(default_factory=list)
    polygons: list[list[LonLat]] = Field(
        default_factory=list, description="rings of [lon, lat] pairs, degrees"
    )
    label: str | None = None


class ArchitectureSpec(BaseModel):
    """An architecture to evaluate: ``type`` names a registered architecture."""

    model_config = _STRICT
    type: Name
    name: str | None = None
    data_exchange: bool | None = None
    default_party: str | None = None
    sectors: list[SectorSpec] | None = None
    interpretation: str | None = None


class TrackSpec(BaseModel):
    """A notional track: a geodesic line between two points ``[lon, lat]``."""

    model_config = _STRICT
    name: Name
    start: LonLat
    end: LonLat
    label: str | None = None


class ScenarioMeta(BaseModel):
    model_config = _STRICT
    name: Name
    as_of: dt.date | Literal["today"]
    region: Name = "europe"
    description: str = ""
    interpretation: str | None = None
    sources: list[str] = Field(default_factory=list)
    notional: bool = True
    base: str | None = None

    @field_validator("as_of", mode="before")
    @classmethod
    def _one_message_for_dates(cls, v):
        # without this, a wrong value gets one line per member of the union, named after
        # pydantic's internals
        if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
            return v
        if v == "today":
            return v
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


@dataclass(frozen=True)
class Scenario:
    """A validated scenario. Build one with :func:`read_scenario`, :func:`load_preset` or
    :func:`scenario_from_dict`; all fields are read-only."""

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
            if a.default_party:
                names.append(a.default_party.lower())
        return tuple(dict.fromkeys(names))

    def replace(self, **changes: Any) -> Scenario:
        """A copy with some fields changed (e.g. ``as_of``), validated again."""
        data = self.to_dict()
        meta = data["scenario"]
        for key in ("name", "as_of", "region", "description", "interpretation", "sources"):
            if key in changes:
                meta[key] = changes.pop(key)
        for key in ("systems", "sites", "parties", "architectures", "tracks"):
            if key in changes:
                data[key] = [
                    v.model_dump(exclude_none=True) if isinstance(v, BaseModel) else v
                    for v in changes.pop(key)
                ]
        if changes:
            raise TypeError(f"Scenario.replace() got unknown fields: {', '.join(changes)}")
        source = self.source if self.source.endswith("(modified)") else f"{self.source} (modified)"
        return scenario_from_dict(data, source=source)

    def to_dict(self) -> dict:
        """The scenario as plain data (the TOML structure)."""
        meta = {
            "name": self.name,
            "as_of": self.as_of,
            "region": self.region,
            "description": self.description,
            "sources": list(self.sources),
        }
        if self.interpretation:
            meta["interpretation"] = self.interpretation
        dump = lambda items: [i.model_dump(exclude_none=True) for i in items]  # noqa: E731
        return {
            "scenario": meta,
            "parties": dump(self.parties),
            "systems": dump(self.systems),
            "sites": dump(self.sites),
            "architectures": dump(self.architectures),
            "tracks": dump(self.tracks),
        }


# --------------------------------------------------------------------------- reading


def read_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario TOML file.

    Raises :class:`~mdcoverage.errors.ScenarioError` listing every problem (one line each:
    file, field path, what is allowed) — for a missing file, bytes that are not UTF-8,
    malformed TOML, wrong types and values, and meaning (unknown names, sites on the wrong
    side of the coast, duplicates).
    """
    path = Path(path)
    data = _read_toml(path, str(path))
    data = _resolve_base(data, path.parent, str(path))
    return scenario_from_dict(data, source=str(path))


def _read_toml(path: Path, label: str) -> dict:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ScenarioError(f"{label}: no such file") from None
    except IsADirectoryError:
        raise ScenarioError(f"{label}: is a folder, not a scenario file") from None
    except OSError as exc:
        raise ScenarioError(f"{label}: cannot read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ScenarioError(
            f"{label}: line {line}: not valid UTF-8 text (byte {exc.start}); "
            "save the file as UTF-8"
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{label}: malformed TOML: {exc}") from None


def _resolve_base(data: dict, folder: Path, label: str) -> dict:
    """Merge ``[scenario] base = "..."``: a preset name or a path relative to the file.

    Top-level tables of the file replace the base's; ``[scenario]`` keys are merged.
    """
    meta = data.get("scenario")
    if not isinstance(meta, dict) or "base" not in meta:
        return data
    base_ref = meta["base"]
    if not isinstance(base_ref, str):
        return data  # reported by validation
    candidate = folder / base_ref
    if candidate.suffix == ".toml" and candidate.is_file():
        base = _read_toml(candidate, str(candidate))
    elif _preset_file(base_ref) is not None:
        base = _read_toml_resource(base_ref)
    else:
        raise ScenarioError(
            f"{label}: scenario.base: {base_ref!r} is neither a .toml file next to this one "
            f"nor a preset layout; choose one of: {', '.join(_layout_names())}"
        )
    merged = {k: v for k, v in base.items() if k != "scenario"}
    merged.update({k: v for k, v in data.items() if k != "scenario"})
    merged_meta = dict(base.get("scenario", {}))
    merged_meta.update(meta)
    merged_meta.pop("base", None)
    merged["scenario"] = merged_meta
    return merged


def scenario_from_dict(data: Mapping[str, Any], *, source: str = "<dict>") -> Scenario:
    """Validate plain data (the TOML structure) into a :class:`Scenario`."""
    if not isinstance(data, Mapping):
        raise ScenarioError(f"{source}: a scenario must be a table (mapping)")
    data = dict(data)
    meta = data.get("scenario")
    if isinstance(meta, dict) and isinstance(meta.get("as_of"), str) and meta["as_of"] != "today":
        # accept ISO strings from Python callers; TOML dates arrive as datetime.date
        try:
            meta = {**meta, "as_of": dt.date.fromisoformat(meta["as_of"])}
            data["scenario"] = meta
        except ValueError:
            pass
    try:
        model = ScenarioModel.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(
            f"{source}: {exc.error_count()} problem(s)",
            [_format_error(e) for e in exc.errors()],
        ) from None
    as_of = dt.date.today() if model.scenario.as_of == "today" else model.scenario.as_of
    scenario = Scenario(
        name=model.scenario.name,
        as_of=as_of,
        region=model.scenario.region.lower(),
        systems=tuple(model.systems),
        sites=tuple(model.sites),
        parties=tuple(model.parties),
        architectures=tuple(model.architectures),
        tracks=tuple(model.tracks),
        description=model.scenario.description,
        interpretation=model.scenario.interpretation,
        sources=tuple(model.scenario.sources),
        source=source,
    )
    problems = _semantic_problems(scenario)
    if problems:
        raise ScenarioError(f"{source}: {len(problems)} problem(s)", problems)
    return scenario


def _loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def _format_error(err: dict) -> str:
    loc = _loc(err["loc"])
    kind = err["type"]
    value = err.get("input")
    if kind == "extra_forbidden":
        return f"{loc}: unknown key (check its spelling and the table it is in)"
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
    shown = repr(value) if not isinstance(value, dict | list) else type(value).__name__
    if isinstance(value, float) and not math.isfinite(value):
        shown = str(value)
    return f"{loc}: {msg[0].lower() + msg[1:]}; got {shown}"


# --------------------------------------------------------------------------- meaning


def _semantic_problems(sc: Scenario) -> list[str]:
    from . import architectures, parties, regions

    problems: list[str] = []
    problems += _duplicates("systems", [s.name for s in sc.systems])
    problems += _duplicates("sites", [s.name for s in sc.sites])
    problems += _duplicates("parties", [p.name for p in sc.parties])
    problems += _duplicates("tracks", [t.name for t in sc.tracks])

    try:
        regions.region(sc.region)
    except UnknownNameError as exc:
        problems.append(f"scenario.region: {exc}")

    # parties: built-ins and user-defined ones
    defined = {p.name.lower() for p in sc.parties}
    for i, p in enumerate(sc.parties):
        if p.name.lower() in parties.PARTY_NAMES:
            problems.append(
                f"parties[{i}].name: {p.name!r} is a built-in party; choose another name"
            )
        elif p.name.lower() in RESERVED_PARTY_NAMES:
            problems.append(
                f"parties[{i}].name: {p.name!r} is reserved (tables use it for "
                f"{RESERVED_PARTY_NAMES[p.name.lower()]}); choose another name"
            )
        for j, code in enumerate(p.countries):
            try:
                parties.resolve_country(code)
            except UnknownNameError as exc:
                problems.append(f"parties[{i}].countries[{j}]: {exc}")
    known_parties = set(parties.PARTY_NAMES) | defined

    def check_party(where: str, name: str) -> None:
        if name.lower() not in known_parties:
            exc = UnknownNameError("party", name, known_parties)
            problems.append(f"{where}: {exc}; define it under [[parties]]")

    systems = {s.name.lower(): s for s in sc.systems}
    for i, s in enumerate(sc.systems):
        if s.role == "interceptor" and s.width_deg is not None and s.width_deg < 360:
            problems.append(
                f"systems[{i}].width_deg: only sensors may have an azimuth sector; "
                f"remove it or set role = 'sensor'"
            )
    for i, site in enumerate(sc.sites):
        check_party(f"sites[{i}].party", site.party)
        if site.system.lower() not in systems:
            exc = UnknownNameError("system", site.system, [s.name for s in sc.systems])
            problems.append(f"sites[{i}].system: {exc}")
    problems += _coast_problems(sc)

    for i, arch in enumerate(sc.architectures):
        where = f"architectures[{i}]"
        try:
            cls = architectures.architecture_class(arch.type)
        except UnknownNameError as exc:
            problems.append(f"{where}.type: {exc}")
            continue
        for line in cls.check_spec(arch):
            problems.append(f"{where}.{line}")
        for j, sector in enumerate(arch.sectors or ()):
            check_party(f"{where}.sectors[{j}].party", sector.party)
            for k, code in enumerate(sector.countries):
                try:
                    parties.resolve_country(code)
                except UnknownNameError as exc:
                    problems.append(f"{where}.sectors[{j}].countries[{k}]: {exc}")
        if arch.default_party:
            check_party(f"{where}.default_party", arch.default_party)
    if not problems:
        problems += _membership_problems(sc)
    names = [a.name or a.type for a in sc.architectures]
    problems += _duplicates("architectures", names, field="name")
    return problems


def _membership_problems(sc: Scenario) -> list[str]:
    """A country may belong to only one party on the scenario's date."""
    from .coverage import scenario_parties
    from .parties import country_party_table

    try:
        country_party_table(scenario_parties(sc), sc.as_of)
    except ScenarioError as exc:
        lines = exc.problems or [str(exc)]
        return [f"parties: {line} (a country may belong to one party only)" for line in lines]
    return []


def _duplicates(table: str, names: list[str], *, field: str = "name") -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, n in enumerate(names):
        key = n.strip().lower()
        if key in seen:
            out.append(
                f"{table}[{i}].{field}: {n!r} duplicates {table}[{seen[key]}] "
                "(names are compared ignoring case); give each a unique name"
            )
        else:
            seen[key] = i
    return out


def _coast_problems(sc: Scenario) -> list[str]:
    """Land sites must be on land and sea sites at sea, within COAST_TOLERANCE_KM."""
    import numpy as np

    lon = np.array([s.lon for s in sc.sites])
    lat = np.array([s.lat for s in sc.sites])
    on_land, near_land = land_status(lon, lat, COAST_TOLERANCE_KM)
    out = []
    for i, s in enumerate(sc.sites):
        if s.kind == "land" and not near_land[i]:
            out.append(
                f"sites[{i}] ({s.name!r}): kind = 'land' but ({s.lon}, {s.lat}) is at sea, more "
                f"than {COAST_TOLERANCE_KM:g} km from land; move it or set kind = 'sea'"
            )
        if s.kind == "sea" and on_land[i]:
            out.append(
                f"sites[{i}] ({s.name!r}): kind = 'sea' but ({s.lon}, {s.lat}) is on land, more "
                f"than {COAST_TOLERANCE_KM:g} km from the sea; move it or set kind = 'land'"
            )
    return out


def land_status(lon, lat, tolerance_km: float = COAST_TOLERANCE_KM):
    """For each point: (deep inland, near or on land).

    *deep inland*: the geodesic disc of ``tolerance_km`` around the point lies wholly on
    land. *near or on land*: that disc touches land. Both use the bundled land layer.
    """
    import numpy as np
    import shapely

    from . import geodesy

    land = _prepared_land()
    discs = geodesy.footprint_polygons(
        np.asarray(lon, float),
        np.asarray(lat, float),
        np.full(np.shape(lon), float(tolerance_km)),
        crs="EPSG:4326",
    )
    near = shapely.intersects(land, discs)
    deep = shapely.contains(land, discs)
    return np.asarray(deep, bool), np.asarray(near, bool)


@functools.cache
def _prepared_land():
    import shapely

    from . import geodata

    geom = geodata._read_gpkg("land.gpkg").geometry.iloc[0]
    shapely.prepare(geom)
    return geom


# --------------------------------------------------------------------------- presets


def _presets_dir():
    return resources.files("mdcoverage") / "presets"


def _preset_file(name: str):
    f = _presets_dir() / f"{name}.toml"
    return f if f.is_file() else None


def _read_toml_resource(name: str) -> dict:
    f = _preset_file(name)
    try:
        return tomllib.loads(f.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:  # a packaging bug
        raise MdcoverageError(f"preset {name!r} is damaged: {exc}") from None


def _layout_names() -> list[str]:
    return sorted(p.name[:-5] for p in _presets_dir().iterdir() if p.name.endswith(".toml"))


def preset_names() -> list[str]:
    """Names of the shipped presets (layout files starting with ``_`` are not listed)."""
    return [n for n in _layout_names() if not n.startswith("_")]


def load_preset(name: str) -> Scenario:
    """A shipped preset scenario by name (see :func:`list_presets`)."""
    key = name.strip().lower()
    if key not in preset_names():
        raise UnknownNameError("preset", name, preset_names())
    data = _read_toml_resource(key)
    data = _resolve_base(data, Path("."), f"preset {key!r}")
    return scenario_from_dict(data, source=f"preset {key!r}")


def list_presets():
    """A DataFrame of the shipped presets: name, title, as-of date, one-line description."""
    import pandas as pd

    rows = []
    for n in preset_names():
        sc = load_preset(n)
        rows.append(
            {
                "preset": n,
                "title": sc.name,
                "as_of": sc.as_of.isoformat(),
                "architectures": ", ".join(a.name or a.type for a in sc.architectures),
                "description": sc.description.strip().splitlines()[0] if sc.description else "",
            }
        )
    return pd.DataFrame(rows)
