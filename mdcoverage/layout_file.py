"""An optimal layout as a scenario file (:mod:`mdcoverage.optimize`): the scenario with
each optimised party's interceptor sites replaced by the chosen ones, written as TOML that
:func:`mdcoverage.scenario.read_scenario` (and so every command) reads back.

The TOML writer covers the scenario's own structure (tables, arrays of tables, strings,
numbers, booleans, dates and nested lists); it is tested by reading its output back.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import MdcoverageError
from .output import atomic_write
from .scenario import Scenario, scenario_from_dict

if TYPE_CHECKING:
    from .optimize import PartyOptimum

__all__ = ["optimal_scenario", "scenario_toml", "write_scenario"]

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def optimal_scenario(optima: Sequence[PartyOptimum], *, name: str | None = None) -> Scenario:
    """The scenario of the optima (all of one scenario and one architecture) with each
    optimised party's interceptor sites replaced by its chosen ones (its existing ones
    stay in front when they were kept). The new sites use the problem's system, or a new
    notional system when the radius was given apart from it. Validated on the way."""
    if not optima:
        raise MdcoverageError("no optimum to write")
    first = optima[0].problem
    data = first.scenario.to_dict()
    for o in optima[1:]:
        if (
            o.problem.scenario is not first.scenario
            or o.problem.architecture.name != first.architecture.name
        ):
            raise MdcoverageError(
                "one scenario file holds the optima of one scenario and architecture"
            )
    systems = {s["name"].lower(): s for s in data["systems"]}
    sites = list(data["sites"])
    for o in optima:
        prob = o.problem
        sysname = _system_for(prob.system, prob.radius_km, systems, data["systems"])
        gone = {n.lower() for n in prob.existing["site"]} if not prob.keep_existing else set()
        sites = [
            s
            for s in sites
            if not (s["party"].lower() == prob.party and s["name"].lower() in gone)
        ]
        for r in o.chosen.itertuples(index=False):
            sites.append(
                {
                    "name": f"{prob.party} optimal {r.kind} ({_deg(r.lon, 'E', 'W')}, {_deg(r.lat, 'N', 'S')}, notional)",
                    "party": prob.party,
                    "kind": r.kind,
                    "lon": float(r.lon),
                    "lat": float(r.lat),
                    "system": sysname,
                }
            )
    data["sites"] = sites
    meta = data["scenario"]
    parties = ", ".join(o.problem.party for o in optima)
    meta["name"] = name or f"{meta['name']} — optimal {parties} sites ({first.architecture.name})"
    meta["description"] = (
        f"Illustrative optimum computed by 'mdcoverage optimize' for {parties} under "
        f"'{first.architecture.name}': notional sites on a lon/lat lattice, notional radii; "
        "not a recommendation and not the performance of any real system.\n"
        + (meta.get("description") or "")
    ).strip()
    return scenario_from_dict(data, source=f"{first.scenario.source} (optimised)")


def _system_for(name: str, radius_km: float, systems: dict, rows: list) -> str:
    own = systems[name.lower()]
    if float(own["radius_km"]) == float(radius_km):
        return own["name"]
    new = f"notional-optimal-{radius_km:g}-km"
    if new.lower() not in systems:
        row = {
            "name": new,
            "role": "interceptor",
            "radius_km": float(radius_km),
            "label": f"Notional interceptor, {radius_km:,.0f} km footprint (optimisation radius)",
        }
        rows.append(row)
        systems[new.lower()] = row
    return new


def _deg(x: float, pos: str, neg: str) -> str:
    return f"{abs(x):g}°{pos if x >= 0 else neg}"


def write_scenario(scenario: Scenario, path: str | Path) -> Path:
    """Write ``scenario`` as TOML to ``path`` (through :func:`mdcoverage.output.atomic_write`:
    nothing half-written)."""
    text = scenario_toml(scenario)

    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    return atomic_write(path, write)


def scenario_toml(scenario: Scenario) -> str:
    """The scenario as TOML text (read back by :func:`mdcoverage.scenario.read_scenario`
    to the same scenario)."""
    data = scenario.to_dict()
    lines = ["# Written by mdcoverage. Illustrative only: notional sites and radii.", ""]
    lines += _table("scenario", data["scenario"])
    for key in ("parties", "systems", "sites", "architectures", "tracks"):
        for item in data.get(key) or ():
            lines += _table(key, item, array=True)
    return "\n".join(lines) + "\n"


def _table(path: str, table: dict[str, Any], *, array: bool = False) -> list[str]:
    head = f"[[{path}]]" if array else f"[{path}]"
    lines, nested = [head], []
    for k, v in table.items():
        if v is None:
            continue
        if isinstance(v, list | tuple) and v and all(isinstance(i, dict) for i in v):
            nested.append((k, v))
        else:
            lines.append(f"{_key(k)} = {_value(v)}")
    lines.append("")
    for k, items in nested:
        for item in items:
            lines += _table(f"{path}.{_key(k)}", item, array=True)
    return lines


def _key(k: str) -> str:
    return k if _BARE_KEY.match(k) else _string(k)


def _string(s: str) -> str:
    return json.dumps(s, ensure_ascii=False).replace("\x7f", "\\u007f")


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            raise MdcoverageError(f"cannot write {v!r} to a scenario file")
        return repr(v)
    if isinstance(v, str):
        return _string(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, list | tuple):
        return "[" + ", ".join(_value(i) for i in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{_key(k)} = {_value(x)}" for k, x in v.items()) + "}"
    raise MdcoverageError(f"cannot write a {type(v).__name__} to a scenario file")
