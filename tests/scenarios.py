"""Small scenarios the tests build (one home, so that the test files do not repeat them).

Plain helpers, not fixtures: a test module imports what it needs
(``from scenarios import scenario, site``), as ``hostile`` is imported.
"""

import datetime as dt

import numpy as np
from geographiclib.geodesic import Geodesic

from mdcoverage.scenario import scenario_from_dict

D2011 = dt.date(2011, 6, 8)


def site(name, party, lon, lat, radius_km, kind="land"):
    """A site dict for :func:`scenario`; its system is ``r<radius_km>`` (made there)."""
    return {
        "name": name,
        "party": party,
        "kind": kind,
        "lon": float(lon),
        "lat": float(lat),
        "system": f"r{radius_km}",
        "_radius": radius_km,
    }


def scenario(sites, *, as_of=D2011, architectures=None, parties=(), tracks=(), name="test"):
    """A Europe scenario of ``sites`` with one interceptor system per radius in use
    (a site without ``_radius`` gets 1,000 km); the site dicts are left unchanged."""
    systems = sorted({(s["system"], s.get("_radius") or 1000) for s in sites})
    return scenario_from_dict(
        {
            "scenario": {"name": name, "as_of": as_of, "region": "europe"},
            "systems": [
                {"name": n, "role": "interceptor", "radius_km": float(r)} for n, r in systems
            ],
            "sites": [{k: v for k, v in s.items() if k != "_radius"} for s in sites],
            "parties": list(parties),
            "tracks": list(tracks),
            "architectures": architectures or [{"type": "independent"}],
        }
    )


def geodesic_circle_area_km2(lon, lat, radius_km, n=3600):
    """Area of a densely sampled geodesic circle, with GeographicLib only."""
    g = Geodesic.WGS84
    poly = g.Polygon()
    for az in np.linspace(0, 360, n, endpoint=False):
        d = g.Direct(lat, lon, az, radius_km * 1000.0)
        poly.AddPoint(d["lat2"], d["lon2"])
    _, _, area = poly.Compute(False, True)
    return abs(area) / 1e6


def two_site_layout(name="Classroom layout", *, architecture_name=None, track=False):
    """TOML text: one notional 800 km interceptor for NATO (Romania) and one for Russia
    (Moscow region), the independent architecture (optionally named), optionally a
    Moscow → Romania track."""
    text = f"""
[scenario]
name = "{name}"
as_of = 2011-06-08

[[systems]]
name = "notional-int"
role = "interceptor"
radius_km = 800

[[sites]]
name = "Romania (notional)"
party = "nato"
kind = "land"
lon = 25
lat = 45
system = "notional-int"

[[sites]]
name = "Moscow region (notional)"
party = "russia"
kind = "land"
lon = 37
lat = 56
system = "notional-int"

[[architectures]]
type = "independent"
"""
    if architecture_name is not None:
        text += f'name = "{architecture_name}"\n'
    if track:
        text += '\n[[tracks]]\nname = "axis"\nstart = [37, 56]\nend = [25, 45]\n'
    return text
