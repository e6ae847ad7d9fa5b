"""A student's layout as editable rows: sites snapped to land or sea, saved as TOML.

Nothing here draws; :mod:`mdcoverage.classroom.editor` shows the layout on a map.
Everything is notional: students place imaginary sites with round radii.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.ops import nearest_points

from .. import geodata
from ..crs import aeqd_crs, lonlat_transformer
from ..output import atomic_write
from ..scenario import Scenario, load_preset
from ..validation import COAST_TOLERANCE_KM, land_status

__all__ = [
    "ARCHITECTURE_PRESETS",
    "build_scenario",
    "save_scenario",
    "scenario_toml",
    "scenario_with_all_architectures",
    "site_rows",
    "snap_to_kind",
]

#: The presets whose architectures the editor offers (the sites come from the first).
ARCHITECTURE_PRESETS = (
    "2011-independent",
    "2011-sectoral-east-west",
    "2011-sectoral-podvig-2012",
)

#: how far past the coast a snapped site is placed (km): half the coastal tolerance, so
#: the point is valid for its kind even where the coast bends
SNAP_PAST_COAST_KM = COAST_TOLERANCE_KM / 2


def scenario_with_all_architectures(presets=ARCHITECTURE_PRESETS) -> Scenario:
    """The first preset's scenario, with the architectures of all the given presets."""
    scenarios = [load_preset(p) for p in presets]
    archs = [a for sc in scenarios for a in sc.architectures]
    mine = scenarios[0].replace(architectures=archs, name="Student layout (notional)")
    # error messages name the scenario's source: say "your layout", not the preset's name
    return dataclasses.replace(mine, source="your layout")


def site_rows(scenario: Scenario) -> list[dict]:
    """The scenario's sites as editable dicts, each with its system's radius and role."""
    rows = []
    for s in scenario.sites:
        system = scenario.system(s.system)
        rows.append(
            {
                "name": s.name,
                "party": s.party,
                "kind": s.kind,
                "lon": float(s.lon),
                "lat": float(s.lat),
                "role": system.role,
                "radius_km": float(system.radius_km),
                "bearing_deg": system.bearing_deg,
                "width_deg": system.width_deg,
            }
        )
    return rows


def _system_name(row: dict) -> str:
    name = f"notional-{row['role']}-{row['radius_km']:g}km"
    if row.get("width_deg") is not None and row["width_deg"] < 360:
        name += f"-{row['width_deg']:g}deg-facing-{row['bearing_deg']:g}"
    return name


def build_scenario(base: Scenario, rows: list[dict]) -> Scenario:
    """A scenario with the edited sites: one notional system per (role, radius, sector)."""
    systems: dict[str, dict] = {}
    sites = []
    for row in rows:
        sname = _system_name(row)
        if sname not in systems:
            spec = {"name": sname, "role": row["role"], "radius_km": float(row["radius_km"])}
            if row.get("width_deg") is not None:
                spec["bearing_deg"] = float(row["bearing_deg"])
                spec["width_deg"] = float(row["width_deg"])
            systems[sname] = spec
        sites.append(
            {
                "name": row["name"],
                "party": row["party"],
                "kind": row["kind"],
                "lon": float(row["lon"]),
                "lat": float(row["lat"]),
                "system": sname,
            }
        )
    return base.replace(systems=list(systems.values()), sites=sites)


# --------------------------------------------------------------------------- snapping


def snap_to_kind(lon: float, lat: float, kind: str) -> tuple[float, float]:
    """The nearest point to ``(lon, lat)`` where a site of ``kind`` ("land" or "sea") is
    valid: the point itself if it already is, else the geodesically nearest point of the
    coast, moved :data:`SNAP_PAST_COAST_KM` further onto land or out to sea.

    Distances are true (geodesic) distances: the coast near the point is projected onto
    an azimuthal-equidistant map centred on the point, where the distance from the centre
    is the geodesic distance. Returns rounded degrees (0.01°, about 1 km).
    """
    if kind not in ("land", "sea"):
        raise ValueError(f"kind must be 'land' or 'sea', not {kind!r}")
    deep, near = land_status(lon, lat)
    if (kind == "land" and bool(near)) or (kind == "sea" and not bool(deep)):
        return float(lon), float(lat)
    for search_km in (250.0, 1000.0, 4000.0):
        hit = _nearest_coast(float(lon), float(lat), kind, search_km)
        if hit is not None:
            return hit
    raise ValueError(f"no {kind} within 4,000 km of {lon:g}°E {lat:g}°N")


def _nearest_coast(lon: float, lat: float, kind: str, search_km: float):
    """The snapped point within ``search_km``, or None if there is no such coast."""
    dlat = search_km / 110.0 + 0.5
    dlon = min(180.0, dlat / max(math.cos(math.radians(min(abs(lat) + dlat, 89.0))), 0.02))
    box = shapely.box(lon - dlon, max(lat - dlat, -90.0), lon + dlon, min(lat + dlat, 90.0))
    land = shapely.intersection(geodata.land(copy=False).geometry.iloc[0], box)
    # the target area: land for a land site, the sea in the box for a sea site
    target = land if kind == "land" else shapely.difference(box, land)
    if target.is_empty:
        return None
    to_local = lonlat_transformer(aeqd_crs(lon, lat))
    projected = shapely.transform(
        shapely.segmentize(target, 0.05), to_local.transform, interleaved=False
    )
    # distances from the centre are geodesic; only trust hits nearer than the box's edge
    _, nearest = nearest_points(shapely.Point(0.0, 0.0), projected)
    d = math.hypot(nearest.x, nearest.y)
    if d > 1000.0 * search_km:
        return None
    reach = d + 1000.0 * SNAP_PAST_COAST_KM
    x, y = nearest.x * reach / d, nearest.y * reach / d
    out_lon, out_lat = to_local.transform(x, y, direction="INVERSE")
    return round(float(out_lon), 2), round(float(out_lat), 2)


# --------------------------------------------------------------------------- saving


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        if not math.isfinite(float(value)):
            raise ValueError(f"cannot write {value!r} in TOML")
        return repr(float(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # JSON's escapes are TOML's
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write a {type(value).__name__} in TOML")


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def _toml_table(header: str, table: dict, out: list[str]) -> None:
    """One [table] or [[array.of.tables]] entry, nested arrays of tables after it."""
    out.append(header)
    nested = []
    for key, value in table.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            nested.append((key, value))
        elif value is not None:
            out.append(f"{_toml_key(key)} = {_toml_value(value)}")
    name = header.strip("[]")
    for key, items in nested:
        for item in items:
            out.append("")
            _toml_table(f"[[{name}.{key}]]", item, out)


def scenario_toml(scenario: Scenario) -> str:
    """The scenario as the text of a TOML file that :func:`~mdcoverage.read_scenario`
    reads back to the same scenario."""
    data = scenario.to_dict()
    out = [
        f"# {scenario.name}: saved by mdcoverage (illustrative, notional layout)",
        "",
    ]
    _toml_table("[scenario]", data["scenario"], out)
    for table in ("parties", "systems", "sites", "architectures", "tracks"):
        for item in data[table]:
            out.append("")
            _toml_table(f"[[{table}]]", item, out)
    return "\n".join(out) + "\n"


def save_scenario(scenario: Scenario, path: str | Path) -> Path:
    """Write the scenario as a TOML file (safely: a temporary file moved into place, see
    :func:`mdcoverage.output.atomic_write`). Returns the path."""
    text = scenario_toml(scenario)

    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    return atomic_write(path, write)
