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

This module reads: files (with input limits), bases (layering), presets. The objects and
their schema are :mod:`mdcoverage.specs`; the checks of meaning
:mod:`mdcoverage.validation`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel, ValidationError

from .dates import DATE_HINT, looks_like_loose_date
from .errors import MdcoverageError, ScenarioError, UnknownNameError
from .specs import (
    MAX_BASE_DEPTH,
    MAX_FILE_BYTES,
    ArchitectureSpec,
    PartySpec,
    ScenarioData,
    ScenarioModel,
    SectorSpec,
    SiteSpec,
    SystemSpec,
    TrackSpec,
    name_key,
    schema_problems,
)
from .validation import COAST_TOLERANCE_KM, ring_problem, scenario_problems

__all__ = [
    "COAST_TOLERANCE_KM",
    "MAX_FILE_BYTES",
    "ArchitectureSpec",
    "PartySpec",
    "Scenario",
    "SectorSpec",
    "SiteSpec",
    "SystemSpec",
    "TrackSpec",
    "list_presets",
    "load_preset",
    "name_key",
    "preset_names",
    "read_scenario",
    "ring_problem",
    "scenario_files",
    "scenario_from_dict",
]


@dataclass(frozen=True)
class Scenario(ScenarioData):
    """A validated scenario. Build one with :func:`read_scenario`, :func:`load_preset` or
    :func:`scenario_from_dict`; all fields are read-only (see
    :class:`~mdcoverage.specs.ScenarioData`)."""

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


# --------------------------------------------------------------------------- reading


def read_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario TOML file.

    Raises :class:`~mdcoverage.errors.ScenarioError` listing every problem (one line each:
    file, field path, what is allowed) — for a missing file, something that is not a
    regular file or is larger than :data:`MAX_FILE_BYTES`, bytes that are not UTF-8,
    malformed TOML, a base that is not allowed or bases in a cycle, wrong types and
    values, and meaning (unknown names, sites on the wrong side of the coast, duplicates).
    """
    path = Path(path)
    origin = _file_origin(path)
    data = _read_toml(path, origin.label)
    data, layering = _resolve_layers(data, origin, ())
    return _validated(data, origin.label, layering)


def scenario_files(path: str | Path) -> list[Path]:
    """The scenario file ``path`` and the files of its chain of bases, in order (the
    files :func:`read_scenario` reads; shipped layouts and presets are not files).

    Follows the rule of :func:`read_scenario` — a base is a plain file name next to the
    scenario, or a shipped layout — and raises :class:`~mdcoverage.errors.ScenarioError`
    where it would."""
    origin = _file_origin(Path(path))
    data = _read_toml(Path(path), origin.label)
    files, seen = [Path(path)], {origin.key}
    while len(files) <= MAX_BASE_DEPTH:
        meta = data.get("scenario")
        if not isinstance(meta, dict) or "base" not in meta:
            break
        origin, data = _load_base(meta["base"], origin)
        if origin.path is None or origin.key in seen:
            break
        files.append(origin.path)
        seen.add(origin.key)
    return files


def _file_origin(path: Path) -> _Origin:
    return _Origin(str(path), path.parent, _file_key(path), path)


def _read_toml(path: Path, label: str) -> dict:
    return _parse_toml(_decode(_read_limited(path, label), label), label)


def _read_limited(path: Path, label: str) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES. Pipes and devices are
    refused before they are opened (opening a FIFO blocks, /dev/zero never ends)."""
    try:
        _check_stat(os.stat(path), label)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "rb") as f:
            _check_stat(os.fstat(f.fileno()), label)  # the same file, opened
            raw = f.read(MAX_FILE_BYTES + 1)
    except (FileNotFoundError, NotADirectoryError):
        raise ScenarioError(f"{label}: no such file") from None
    except IsADirectoryError:
        raise ScenarioError(f"{label}: is a folder, not a scenario file") from None
    except OSError as exc:
        raise ScenarioError(f"{label}: cannot read ({exc.strerror or exc})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise ScenarioError(_too_large(label, len(raw)))
    return raw


def _check_stat(st: os.stat_result, label: str) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise ScenarioError(f"{label}: is a folder, not a scenario file")
    if not stat.S_ISREG(st.st_mode):
        raise ScenarioError(
            f"{label}: not a regular file (a pipe, socket or device); give a scenario .toml file"
        )
    if st.st_size > MAX_FILE_BYTES:
        raise ScenarioError(_too_large(label, st.st_size))


def _too_large(label: str, size: int) -> str:
    more = "more than " if size == MAX_FILE_BYTES + 1 else ""
    return (
        f"{label}: {more}{size:,} bytes; a scenario file may be at most "
        f"{MAX_FILE_BYTES:,} bytes (2 MB)"
    )


def _decode(raw: bytes, label: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ScenarioError(
            f"{label}: line {line}: not valid UTF-8 text (byte {exc.start}); "
            "save the file as UTF-8"
        ) from None
    return text.removeprefix("\ufeff")  # a byte-order mark, as some editors write


def _parse_toml(text: str, label: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(
            f"{label}: malformed TOML: {exc}{_toml_hint(text, str(exc))}"
        ) from None
    except (RecursionError, MemoryError):
        raise ScenarioError(
            f"{label}: nested too deeply to read (arrays or tables inside each other); "
            "a scenario needs at most four levels"
        ) from None


_TOML_POSITION = re.compile(r"at line (\d+), column \d+")
_DATE_LIKE = re.compile(r"(?<![\w.])\d{1,4}-\d{1,2}-\d{1,2}(?![\w:.])")


def _toml_hint(text: str, message: str) -> str:
    """A hint for a TOML error on a line holding something like a badly written date."""
    where = _TOML_POSITION.search(message)
    if not where:
        return ""
    lines = text.splitlines()
    number = int(where.group(1))
    line = lines[number - 1] if 0 < number <= len(lines) else ""
    if any(looks_like_loose_date(token) for token in _DATE_LIKE.findall(line)):
        return f"; {DATE_HINT}"
    return ""


# --------------------------------------------------------------------------- bases

#: the tables a scenario layers on its base by name
_LAYERED = ("sites", "systems", "parties", "architectures", "tracks")
_KIND = {
    "systems": "system",
    "sites": "site",
    "parties": "party",
    "architectures": "architecture",
    "tracks": "track",
}


@dataclass(frozen=True)
class _Origin:
    """Where scenario data came from: its label in messages, the folder its bases are
    looked up in (None: shipped layouts and presets only) and an identity for cycles."""

    label: str
    folder: Path | None
    key: str
    #: the file read (None: a shipped layout or preset, or data)
    path: Path | None = None


def _file_key(path: Path) -> str:
    return os.path.normcase(os.path.realpath(path))


def _resolve_layers(data: dict, origin: _Origin, chain: tuple[_Origin, ...]):
    """Layer ``data`` on its ``[scenario] base`` (recursively: bases may have bases).

    Returns the merged data and one line per base saying what the layering did.
    """
    meta = data.get("scenario")
    if not isinstance(meta, dict) or not ({"base", "remove", "replace"} & meta.keys()):
        return data, ()
    chain = (*chain, origin)
    if "base" not in meta:
        key = "remove" if "remove" in meta else "replace"
        raise ScenarioError(
            f"{origin.label}: scenario.{key}: needs scenario.base (the scenario to {key} from)"
        )
    base_origin, base = _load_base(meta["base"], origin)
    if base_origin.key in {o.key for o in chain}:
        names = " -> ".join(o.label for o in (*chain, base_origin))
        raise ScenarioError(f"{origin.label}: scenario.base: the bases form a cycle: {names}")
    if len(chain) > MAX_BASE_DEPTH:
        raise ScenarioError(
            f"{origin.label}: scenario.base: more than {MAX_BASE_DEPTH} bases in a chain"
        )
    base, notes = _resolve_layers(base, base_origin, chain)
    merged, lines = _merge_layer(base, data, origin, base_origin)
    return merged, (*notes, *lines)


def _plain_name(ref: str) -> bool:
    """A bare file or layout name: no folders, no '..', nothing hidden or absolute."""
    return bool(ref) and not re.search(r"[/\\:\x00]", ref) and not ref.startswith(".")


def _load_base(ref: object, origin: _Origin) -> tuple[_Origin, dict]:
    where = f"{origin.label}: scenario.base"
    allowed = (
        "a base is a .toml file next to this scenario (a plain file name: no folders, "
        f"no '..') or a shipped layout or preset: {', '.join(_layout_names())}"
    )
    if not isinstance(ref, str):
        raise ScenarioError(f"{where}: must be a string; {allowed}")
    if not _plain_name(ref):
        raise ScenarioError(f"{where}: {ref!r} is not allowed; {allowed}")
    if origin.folder is not None and ref.lower().endswith(".toml"):
        path = origin.folder / ref
        if not os.path.lexists(path):
            raise ScenarioError(f"{where}: no file {ref!r} next to this scenario; {allowed}")
        return _Origin(str(path), origin.folder, _file_key(path), path), _read_toml(
            path, str(path)
        )
    name = ref[:-5] if ref.lower().endswith(".toml") else ref
    if _preset_file(name) is None:
        raise ScenarioError(f"{where}: {ref!r} is not a shipped layout or preset; {allowed}")
    return _Origin(f"preset {name!r}", None, f"preset:{name}"), _read_toml_resource(name)


def _merge_layer(base: dict, data: dict, origin: _Origin, base_origin: _Origin):
    """``data`` on top of ``base``: ``[scenario]`` keys merged, the tables of
    :data:`_LAYERED` merged by name (``remove`` first), other keys replaced.

    Returns the merged data and the lines saying what the layering did: a header, then
    one line per table (sites and systems always, other tables when they changed).
    """
    meta = dict(data["scenario"])
    del meta["base"]
    removals = _name_lists(meta.pop("remove", None), origin.label, "remove")
    replacements = _name_lists(meta.pop("replace", None), origin.label, "replace")
    merged = dict(base)
    merged.update({k: v for k, v in data.items() if k not in _LAYERED})
    base_meta = base.get("scenario")
    merged["scenario"] = {**(base_meta if isinstance(base_meta, dict) else {}), **meta}
    problems, lines = [], [f"{origin.label} on base {base_origin.label}:"]
    for table in _LAYERED:
        names = (removals.get(table, []), replacements.get(table, []))
        items, count, missing = _merge_table(table, base.get(table), data.get(table), *names)
        if items is not None:
            merged[table] = items
        problems += missing
        if count is not None and (table in ("sites", "systems") or any(count[1:])):
            lines.append("  " + _count_line(table, count))
    if problems:
        raise ScenarioError.listing(origin.label, problems)
    return merged, tuple(lines)


def _count_line(table: str, count: tuple[int, int, int, int]) -> str:
    """A line such as "18 sites from base, 1 added, 0 replaced, 0 removed"."""
    base_n, added, replaced, removed = count
    what = _KIND[table] if base_n == 1 else table
    return f"{base_n} {what} from base, {added} added, {replaced} replaced, {removed} removed"


def _item_key(table: str, item: object) -> str | None:
    if not isinstance(item, dict):
        return None
    name = item.get("name") or (item.get("type") if table == "architectures" else None)
    return name_key(name) if isinstance(name, str) else None


def _merge_table(table: str, base_items, own_items, removals: list, replacements: list):
    """(items, (from base, added, replaced, removed), problems): own items replace the
    base's of the same name (see :func:`name_key`), new names are added, ``remove`` names
    dropped first; a name in ``replace`` must be in the base and have an entry here."""
    if base_items is None and own_items is None:
        return None, None, []
    base_items = [] if base_items is None else base_items
    if not isinstance(base_items, list) or not isinstance(own_items, list | None):
        return (base_items if own_items is None else own_items), None, []  # validation reports
    keys = [_item_key(table, it) for it in base_items]
    valid = [it.get("name") or it.get("type") for it in base_items if _item_key(table, it)]
    drop, problems = set(), []
    for name in removals:
        if name_key(name) in keys:
            drop.add(name_key(name))
        else:
            exc = UnknownNameError(f"{_KIND[table]} of the base", name, valid)
            problems.append(f"scenario.remove.{table}: {exc}")
    own_keys = {_item_key(table, it) for it in own_items or ()}
    for name in replacements:
        where = f"scenario.replace.{table}"
        if name_key(name) in drop:
            problems.append(f"{where}: {name!r} is also in scenario.remove.{table}; keep one")
        elif name_key(name) not in keys:
            exc = UnknownNameError(f"{_KIND[table]} of the base", name, valid)
            problems.append(f"{where}: {exc}")
        elif name_key(name) not in own_keys:
            problems.append(
                f"{where}: {name!r} has no [[{table}]] entry of that name in this file "
                "to replace it with"
            )
    items = [it for it, k in zip(base_items, keys, strict=True) if k not in drop]
    position = {k: i for i, k in enumerate(k for k in keys if k not in drop) if k is not None}
    replaced = added = 0
    for item in own_items or ():
        key = _item_key(table, item)
        i = None if key is None else position.pop(key, None)
        if i is None:
            items.append(item)
            added += 1
        else:
            items[i] = item
            replaced += 1
    return items, (len(base_items), added, replaced, len(drop)), problems


def _name_lists(value: object, label: str, key: str) -> dict[str, list[str]]:
    """``remove`` or ``replace`` = { sites = ["name", ...], ... } checked: tables and
    lists of names."""
    if value is None:
        return {}
    where = f"scenario.{key}"
    if not isinstance(value, dict):
        raise ScenarioError(
            f'{label}: {where}: must be a table such as {{ sites = ["a site name"] }}'
        )
    problems = []
    for table, names in value.items():
        if table not in _LAYERED:
            exc = UnknownNameError("table", table, _LAYERED)
            problems.append(f"{where}.{table}: {exc}")
        elif not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            problems.append(f"{where}.{table}: must be a list of names (strings)")
    if problems:
        raise ScenarioError.listing(label, problems)
    return value


# --------------------------------------------------------------------------- validation


def scenario_from_dict(data: Mapping[str, Any], *, source: str = "<dict>") -> Scenario:
    """Validate plain data (the TOML structure) into a :class:`Scenario`.

    numpy numbers are taken as Python numbers; a ``base`` may name a shipped layout or
    preset only (files are looked up next to a scenario file, see :func:`read_scenario`).
    """
    if not isinstance(data, Mapping):
        raise ScenarioError(f"{source}: a scenario must be a table (mapping)")
    try:
        plain: dict[str, Any] = _plain(data)
    except (RecursionError, MemoryError):
        raise ScenarioError(
            f"{source}: nested too deeply (lists or tables inside each other)"
        ) from None
    merged, layering = _resolve_layers(plain, _Origin(source, None, f"data:{source}"), ())
    return _validated(merged, source, layering)


_PLAIN_TYPES = frozenset({str, int, float, bool, type(None), dt.date})


def _plain(value: Any) -> Any:
    """``value`` with numpy scalars and arrays as Python numbers and lists (recursively);
    strings and booleans stay what they are, so strict validation still refuses them."""
    if type(value) in _PLAIN_TYPES:
        return value
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_plain(v) for v in value)
    np = sys.modules.get("numpy")
    if np is not None and isinstance(value, np.ndarray):
        return _plain(value.tolist())
    if np is not None and isinstance(value, np.generic) and not isinstance(value, np.str_):
        return value.item()
    return value


def _validated(data: dict, source: str, layering: tuple[str, ...] = ()) -> Scenario:
    if not data:
        raise ScenarioError(
            f"{source}: empty: a scenario needs [scenario], [[systems]], [[sites]] and "
            "[[architectures]] (see docs/scenarios.md)"
        )
    try:
        model = ScenarioModel.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError.listing(source, schema_problems(exc)) from None
    scenario = _scenario(model, source, layering)
    problems = scenario_problems(scenario)
    if problems:
        raise ScenarioError.listing(source, problems)
    return scenario


def _scenario(model: ScenarioModel, source: str, layering: tuple[str, ...]) -> Scenario:
    return Scenario(
        name=model.scenario.name,
        as_of=model.scenario.as_of,
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
        layering=layering,
    )


# --------------------------------------------------------------------------- presets


def _presets_dir() -> Traversable:
    return resources.files("mdcoverage") / "presets"


def _preset_file(name: str) -> Traversable | None:
    if not _plain_name(name):  # no way out of the presets folder
        return None
    f = _presets_dir() / f"{name}.toml"
    return f if f.is_file() else None


def _read_toml_resource(name: str) -> dict[str, Any]:
    f = _preset_file(name)
    if f is None:  # callers check the name first
        raise UnknownNameError("preset", name, _layout_names())
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
    origin = _Origin(f"preset {key!r}", None, f"preset:{key}")
    data, layering = _resolve_layers(_read_toml_resource(key), origin, ())
    return _validated(data, origin.label, layering)


def list_presets() -> pd.DataFrame:
    """A DataFrame of the shipped presets: name, title, as-of date, one-line description."""
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
