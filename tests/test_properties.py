"""Property tests over random scenarios, sectors included (issue 9).

Random sites and sector layouts (touching, overlapping, identical and checkerboard
rectangles, random simple polygons, country lists): assessing never raises anything but
the package's own errors, and the results keep their invariants. Derandomized under CI
(profile "ci" in conftest.py); examples are few so that the file runs in well under a
minute.
"""

import math
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mdcoverage import geodata, map_layers
from mdcoverage.coverage import METRIC_COLUMNS, assess
from mdcoverage.errors import MdcoverageError
from mdcoverage.parties import party
from mdcoverage.scenario import scenario_from_dict

AS_OF = "2011-06-08"
PARTIES = ("nato", "russia")
SETTINGS = settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_LAND = shapely.union_all(geodata.land().geometry.values)
shapely.prepare(_LAND)


def _site(i, lon, lat, p, system):
    kind = "land" if _LAND.contains(shapely.Point(lon, lat)) else "sea"
    return {"name": f"s{i}", "party": p, "kind": kind, "lon": lon, "lat": lat, "system": system}


sites_st = st.lists(
    st.tuples(
        st.integers(-10, 50),
        st.integers(36, 68),
        st.sampled_from(PARTIES),
        st.sampled_from(["i300", "i1000", "radar"]),
    ),
    min_size=1,
    max_size=4,
)


def rect(w, s, e, n):
    return [[w, s], [e, s], [e, n], [w, n], [w, s]]


rect_sector = st.builds(
    lambda p, i, j, w, h: {
        "party": p,
        "polygons": [rect(5 + 5 * i, 40 + 5 * j, 5 + 5 * (i + w), 40 + 5 * (j + h))],
    },
    st.sampled_from(PARTIES),
    st.integers(0, 2),
    st.integers(0, 1),
    st.integers(1, 2),
    st.integers(1, 2),
)


@st.composite
def star_polygon(draw):
    """A random simple polygon: points at sorted angles around a centre."""
    cx, cy = draw(st.integers(-5, 45)), draw(st.integers(38, 65))
    n = draw(st.integers(3, 7))
    angles = sorted(
        draw(st.lists(st.floats(0, 2 * math.pi - 0.01), min_size=n, max_size=n, unique=True))
    )
    radii = draw(st.lists(st.floats(0.5, 8.0), min_size=n, max_size=n))
    ring = [
        [round(cx + r * math.cos(a), 3), round(cy + r * math.sin(a), 3)]
        for a, r in zip(angles, radii, strict=True)
    ]
    ring.append(ring[0])
    return ring


poly_sector = st.builds(
    lambda p, ring: {"party": p, "polygons": [ring]}, st.sampled_from(PARTIES), star_polygon()
)
country_sector = st.builds(
    lambda p, c: {"party": p, "countries": c},
    st.sampled_from(PARTIES),
    st.lists(
        st.sampled_from(["DEU", "POL", "UKR", "BLR", "FIN", "TUR", "RUS"]),
        min_size=1,
        max_size=3,
        unique=True,
    ),
)
sectors_st = st.lists(st.one_of(rect_sector, poly_sector, country_sector), min_size=1, max_size=5)


def checkerboard(step, w=5, s=40, e=20, n=50):
    return [
        {"party": PARTIES[(i + j) % 2], "polygons": [rect(x, y, x + step, y + step)]}
        for i, x in enumerate(range(w, e, step))
        for j, y in enumerate(range(s, n, step))
    ]


def scenario(sites, architectures):
    return scenario_from_dict(
        {
            "scenario": {"name": "random", "as_of": AS_OF, "region": "europe"},
            "systems": [
                {"name": "i300", "role": "interceptor", "radius_km": 300},
                {"name": "i1000", "role": "interceptor", "radius_km": 1000},
                {
                    "name": "radar",
                    "role": "sensor",
                    "radius_km": 2000,
                    "bearing_deg": 90,
                    "width_deg": 120,
                },
            ],
            "sites": [
                _site(k, float(x), float(y), p, sy) for k, (x, y, p, sy) in enumerate(sites)
            ],
            "architectures": architectures,
        }
    )


def sectoral(sectors, default="nato"):
    return {"type": "sectoral", "default_party": default, "sectors": sectors}


def check_invariants(a):
    for tbl in (a.countries, a.parties, a.total):
        shares = tbl[[c for c in METRIC_COLUMNS if "share" in c]].to_numpy(float)
        assert np.isfinite(shares).all()
        assert ((shares >= 0) & (shares <= 1 + 1e-12)).all()
        assert (tbl["defended_area_km2"] <= tbl["area_km2"] * (1 + 1e-9) + 1e-6).all()
        assert (tbl["dependency_area_km2"] <= tbl["defended_area_km2"] * (1 + 1e-9) + 1e-6).all()
        assert (tbl["urban_pop_defended"] <= tbl["urban_pop"]).all()
    # the pieces partition the region's countries
    pieces_area = (
        map_layers.pieces(a)
        .groupby("adm0_a3")
        .geometry.apply(lambda g: shapely.area(g.values).sum())
    )
    area = a.countries["area_km2"] * 1e6
    assert np.allclose(pieces_area.reindex(area.index).fillna(0.0), area, rtol=1e-6, atol=1.0)


def assess_or_own_error(sc, which=0):
    try:
        return assess(sc, which)
    except MdcoverageError:
        return None


@SETTINGS
@given(sites=sites_st, sectors=sectors_st)
def test_random_sectoral_scenarios_hold_their_invariants(sites, sectors):
    try:
        sc = scenario(sites, [sectoral(sectors)])
    except MdcoverageError:
        return
    a = assess_or_own_error(sc)
    if a is not None:
        check_invariants(a)


@pytest.mark.parametrize(
    "sectors",
    [
        checkerboard(5),
        checkerboard(1, w=5, s=40, e=11, n=46),
        [
            {"party": "russia", "polygons": [rect(5, 40, 20, 50)]},
            {"party": "nato", "polygons": [rect(5, 40, 20, 50)]},
        ],
        [
            {"party": "russia", "polygons": [rect(5, 40, 20, 50)]},
            {"party": "nato", "polygons": [rect(8, 42, 12, 48)]},
        ],
        [
            {"party": "nato", "polygons": [rect(8, 42, 12, 48)]},
            {"party": "russia", "polygons": [rect(5, 40, 20, 50)]},
        ],
        [
            {"party": "russia", "polygons": [rect(5, 40, 10, 45)]},
            {"party": "nato", "polygons": [rect(10, 40, 15, 45)]},
        ],
    ],
    ids=[
        "checkerboard-5deg",
        "checkerboard-1deg",
        "identical",
        "nested",
        "nested-first",
        "touching",
    ],
)
def test_touching_identical_nested_and_checkerboard_sectors(sectors):
    sites = [(10, 50, "nato", "i1000"), (15, 45, "russia", "i1000"), (12, 47, "nato", "radar")]
    a = assess(scenario(sites, [sectoral(sectors)]))
    check_invariants(a)
    assert map_layers.sector_areas(a) is not None
    assert map_layers.sector_lines(a) is not None


def test_identical_sectors_the_first_wins():
    box = rect(5, 40, 20, 50)
    sites = [(10, 50, "nato", "i1000"), (15, 45, "russia", "i1000")]
    first = [{"party": "russia", "polygons": [box]}]
    both = [*first, {"party": "nato", "polygons": [box]}]
    a = assess(scenario(sites, [sectoral(first)]))
    b = assess(scenario(sites, [sectoral(both)]))
    pd.testing.assert_frame_equal(a.countries, b.countries)
    drawn = map_layers.sector_areas(b)
    assert drawn.geometry.values[1].is_empty


@SETTINGS
@given(sites=sites_st)
def test_independent_has_no_dependency(sites):
    a = assess(scenario(sites, [{"type": "independent"}]))
    check_invariants(a)
    assert (a.countries["dependency_area_km2"] == 0).all()
    assert (a.countries["dependency_pop"] == 0).all()


@SETTINGS
@given(
    sites=sites_st,
    extra=sites_st,
    sectors=sectors_st,
    kind=st.sampled_from(["independent", "sectoral"]),
)
def test_adding_a_site_never_lowers_its_partys_defended_share(sites, extra, sectors, kind):
    arch = {"type": "independent"} if kind == "independent" else sectoral(sectors)
    new = (*extra[0][:3], "i1000")
    try:
        before = assess(scenario(sites, [arch]))
        after = assess(scenario([*sites, new], [arch]))
    except MdcoverageError:
        return
    p = new[2]
    for col in ("defended_area_share", "urban_pop_defended_share"):
        assert after.parties.loc[p, col] >= before.parties.loc[p, col] - 1e-9


@SETTINGS
@given(sites=sites_st, sectors=st.lists(st.one_of(rect_sector, poly_sector), max_size=3))
def test_a_sector_of_all_nato_countries_equals_independent_for_them(sites, sectors):
    nato = list(party("nato").members(AS_OF))
    arch = sectoral([{"party": "nato", "countries": nato}, *sectors], default="russia")
    try:
        sc = scenario(sites, [{"type": "independent"}, arch])
    except MdcoverageError:  # e.g. a random polygon the validation refuses
        return
    ind, sec = assess(sc, 0), assess(sc, 1)
    keys = ind.countries.index[ind.countries["party"].isin(["nato"])]
    cols = [c for c in METRIC_COLUMNS if "warning" not in c]
    pd.testing.assert_frame_equal(
        sec.countries.loc[keys, cols], ind.countries.loc[keys, cols], check_exact=False, rtol=1e-9
    )
    if not sectors:
        pd.testing.assert_frame_equal(
            sec.parties.loc[list(PARTIES), cols], ind.parties.loc[list(PARTIES), cols], rtol=1e-9
        )


@SETTINGS
@given(sites=sites_st, sectors=sectors_st)
def test_identical_results_twice(sites, sectors):
    try:
        sc = scenario(sites, [sectoral(sectors), {"type": "independent"}])
    except MdcoverageError:
        return
    for which in (0, 1):
        a, b = assess_or_own_error(sc, which), assess_or_own_error(sc, which)
        if a is None:
            assert b is None
            continue
        pd.testing.assert_frame_equal(a.countries, b.countries, check_exact=True)
        pd.testing.assert_frame_equal(a.places, b.places, check_exact=True)


_AKROTIRI = """
from mdcoverage.coverage import assess
from mdcoverage.scenario import load_preset
a = assess(load_preset("2011-independent"))
row = a.countries.loc["WSB"]
print(row["party"], round(float(row["area_km2"])), round(float(row["defended_area_share"]), 9))
print(a.countries.to_csv(float_format="%.12g"))
"""


@pytest.mark.slow
def test_results_do_not_depend_on_the_hash_seed():
    # once, in one of 61 fresh runs, Akrotiri (WSB, a UK dependency) came out 0 % defended
    outs = []
    for seed in ("0", "1", "7", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", _AKROTIRI], env=env, capture_output=True, text=True, check=True
        )
        outs.append(run.stdout)
    first = outs[0].splitlines()[0]
    assert first == "nato 149 1.0"
    assert all(o == outs[0] for o in outs)
