"""Optimal placement (mdcoverage.optimize): exact against brute force, bounded by the LP
relaxation, placement rules kept, deterministic, a hand-built instance with a known
answer, the layout written as a scenario, and bad input refused in one line."""

from __future__ import annotations

import itertools
import tomllib

import numpy as np
import pytest
import scipy.sparse as sp
from hostile import assert_refused, run_cli
from pyproj import Geod

from mdcoverage import optimize
from mdcoverage.errors import MdcoverageError
from mdcoverage.geodesy import MAX_RADIUS_KM
from mdcoverage.layout_file import optimal_scenario, scenario_toml, write_scenario
from mdcoverage.scenario import load_preset, read_scenario
from mdcoverage.tracks import point_countries
from mdcoverage.validation import land_status

GEOD = Geod(ellps="WGS84")


def brute_max(a: np.ndarray, w: np.ndarray, p: int) -> float:
    best = 0.0
    for k in range(1, p + 1):
        for cols in itertools.combinations(range(a.shape[1]), k):
            best = max(best, float(w[a[:, cols].any(axis=1)].sum()))
    return best


def brute_min(a: np.ndarray, w: np.ndarray, need: float) -> int | None:
    for k in range(1, a.shape[1] + 1):
        for cols in itertools.combinations(range(a.shape[1]), k):
            if w[a[:, cols].any(axis=1)].sum() >= need - 1e-9:
                return k
    return None


def random_instance(seed: int):
    rng = np.random.default_rng(seed)
    m, n = int(rng.integers(5, 30)), int(rng.integers(3, 9))
    a = rng.random((m, n)) < rng.uniform(0.1, 0.5)
    a[rng.integers(0, m, 3)] = a[0]  # some identical rows, for the merging
    w = rng.integers(1, 1000, m).astype(float)
    return a, w


@pytest.mark.parametrize("seed", range(24))
def test_maximal_covering_equals_brute_force(seed):
    a, w = random_instance(seed)
    inst = optimize.merge_demand(a, w)
    for p in (1, 2, 3):
        sol = optimize.maximal_covering(inst, p)
        assert sol.covered == pytest.approx(brute_max(a, w, p), rel=1e-9)
        assert len(sol.chosen) <= p
        # the chosen columns, applied to the raw matrix, cover what is reported
        assert w[a[:, sol.chosen].any(axis=1)].sum() == pytest.approx(sol.covered)
        assert sol.gap <= 1e-9
        assert optimize.lp_bound(inst, p) >= sol.share - 1e-9


@pytest.mark.parametrize("growing", [True, False], ids=["growing-p", "milp"])
@pytest.mark.parametrize("seed", range(24))
def test_set_covering_equals_brute_force(seed, growing, monkeypatch):
    if not growing:  # the set covering model itself, not the search over p
        monkeypatch.setattr(optimize, "GROWING_P_LIMIT", 0)
    a, w = random_instance(seed)
    inst = optimize.merge_demand(a, w)
    target = 0.6
    expect = brute_min(a, w, target * w.sum())
    if expect is None:
        with pytest.raises(MdcoverageError, match="no number of sites reaches"):
            optimize.set_covering(inst, target)
        return
    sol = optimize.set_covering(inst, target)
    assert len(sol.chosen) == expect
    assert w[a[:, sol.chosen].any(axis=1)].sum() >= target * w.sum() - 1e-6


def test_merging_keeps_the_optimum_and_shrinks_the_problem():
    rng = np.random.default_rng(7)
    a = rng.random((80, 10)) < 0.3
    a = np.repeat(a, 5, axis=0)  # every row five times
    w = rng.random(400)
    inst = optimize.merge_demand(sp.csr_matrix(a), w)
    assert inst.cover.shape[0] <= 80
    assert inst.weight.sum() == pytest.approx(w[a.any(axis=1)].sum())
    raw = optimize.CoverInstance(
        sp.csr_matrix(a.astype(np.int8)), w, np.arange(10), float(w.sum()), raw_shape=a.shape
    )
    assert optimize.maximal_covering(inst, 3).covered == pytest.approx(
        optimize.maximal_covering(raw, 3).covered, rel=1e-9
    )


def test_three_clusters_need_three_sites():
    """Three clusters of places 2,000 km apart; candidates at each cluster's centre and in
    between; a 300 km radius covers one cluster each: p = 3 covers all, p = 2 cannot."""
    centres = [(0.0, 45.0), (25.0, 45.0), (12.0, 60.0)]
    plon, plat, pop = [], [], []
    for k, (lo, la) in enumerate(centres):
        for az in range(0, 360, 45):
            x, y, _ = GEOD.fwd(lo, la, az, 100_000.0)  # 100 km from the centre
            plon.append(x)
            plat.append(y)
            pop.append(1000.0 * (k + 1))
    clon = [c[0] for c in centres] + [12.0, 6.0]
    clat = [c[1] for c in centres] + [50.0, 52.0]
    cover = optimize.coverage_matrix(plon, plat, clon, clat, 300.0)
    inst = optimize.merge_demand(cover, pop)
    three = optimize.maximal_covering(inst, 3)
    assert three.share == pytest.approx(1.0)
    assert sorted(three.chosen.tolist()) == [0, 1, 2]
    two = optimize.maximal_covering(inst, 2)
    assert two.share == pytest.approx((2000 + 3000) * 8 / (6000 * 8))  # the two heaviest
    assert len(optimize.set_covering(inst, 1.0).chosen) == 3
    assert len(optimize.set_covering(inst, 0.5).chosen) == 1  # the 3,000 cluster alone


@pytest.fixture(scope="module")
def problem():
    sc = load_preset("2011-independent")
    return optimize.party_instance(sc, "russia", spacing_deg=3.0, kinds=("land",))


def test_candidates_keep_the_placement_rules():
    sc = load_preset("2011-independent")
    cands = optimize.placement_candidates(sc, "nato", spacing_deg=3.0)
    assert set(cands["kind"]) == {"land", "sea"}
    land = cands[cands["kind"] == "land"]
    sea = cands[cands["kind"] == "sea"]
    # independent checks: land sites in a NATO country (2011), sea sites in no country and
    # not deep inland; sea sites at least 12 nautical miles from every foreign vertex
    from mdcoverage.parties import country_party_table, scenario_parties

    owner = country_party_table(scenario_parties(sc), sc.as_of, dependencies=True)
    below = point_countries(land["lon"].to_numpy(), land["lat"].to_numpy())
    assert (owner.reindex(below).to_numpy() == "nato").all()
    assert (point_countries(sea["lon"].to_numpy(), sea["lat"].to_numpy()) == "").all()
    deep, near = land_status(sea["lon"], sea["lat"])
    assert not deep.any()
    assert near[:0].size == 0
    assert optimize.placement_problems(land["lon"], land["lat"], "land", "nato", owner) == [
        None
    ] * len(land)
    # a lattice point in Moscow is not NATO's, and one in the Alps is not at sea
    bad = optimize.placement_problems([37.0, 10.0], [56.0, 47.0], ["land", "sea"], "nato", owner)
    assert bad[0] and "territory" in bad[0]
    assert bad[1] and "sea" in bad[1]


def test_party_problem_is_deterministic_and_chosen_sites_keep_the_rules(problem):
    sc = problem.scenario
    again = optimize.party_instance(sc, "russia", spacing_deg=3.0, kinds=("land",))
    a = optimize.optimize_party(problem, sites=3)
    b = optimize.optimize_party(again, sites=3)
    assert a.chosen.equals(b.chosen)
    assert a.solution.share == b.solution.share
    from mdcoverage.parties import country_party_table, scenario_parties

    owner = country_party_table(scenario_parties(sc), sc.as_of, dependencies=True)
    assert optimize.placement_problems(
        a.chosen["lon"], a.chosen["lat"], a.chosen["kind"], "russia", owner
    ) == [None] * len(a.chosen)
    # the reported share, recomputed independently with GeographicLib distances
    places = problem.places
    covered = np.zeros(len(places), bool)
    for lo, la in zip(a.chosen["lon"], a.chosen["lat"], strict=True):
        _, _, d = GEOD.inv(
            np.full(len(places), lo), np.full(len(places), la), places["lon"], places["lat"]
        )
        covered |= d <= problem.radius_km * 1000.0
    assert places["population"][covered].sum() / places["population"].sum() == pytest.approx(
        a.solution.share, rel=1e-9
    )


def test_sites_curve_rises_to_the_reachable_share(problem):
    curve = optimize.sites_curve(problem, 4)
    assert curve["share"].is_monotonic_increasing
    assert curve["share"].iloc[0] == 0.0
    assert (curve["share"] <= problem.instance.reachable + 1e-12).all()


def test_optimal_layout_is_a_scenario_every_command_accepts(problem, tmp_path):
    opt = optimize.optimize_party(problem, sites=2)
    sc = optimal_scenario([opt])
    russian = [s for s in sc.sites if s.party == "russia" and "optimal" in s.name]
    assert len(russian) == 2
    assert not [s for s in sc.sites if s.party == "russia" and "Moscow" in s.name]
    text = scenario_toml(sc)
    tomllib.loads(text)
    path = write_scenario(sc, tmp_path / "optimal.toml")
    back = read_scenario(path)
    assert back.to_dict()["sites"] == sc.to_dict()["sites"]
    assert run_cli(["validate", str(path)]).code == 0
    res = run_cli(["metrics", str(path), "--format", "csv"])
    assert res.code == 0, res.err


def test_cli_table_curve_and_scenario(tmp_path):
    out = tmp_path / "opt.toml"
    res = run_cli(
        [
            "optimize",
            "--preset",
            "2011-independent",
            "--party",
            "russia",
            "--kinds",
            "land",
            "--spacing-deg",
            "4",
            "--target",
            "50",
            "--max-sites",
            "2",
            "--format",
            "csv",
            "--write-scenario",
            str(out),
        ]
    )
    assert res.code == 0, res.err
    assert "new_sites" in res.out
    assert run_cli(["validate", str(out)]).code == 0


@pytest.mark.parametrize(
    ("extra", "expect"),
    [
        (["--sites", "0"], "sites"),
        (["--sites", "-2"], "sites"),
        (["--target", "150"], "target"),
        (
            ["--target", "99.99", "--radius-km", "50", "--write-scenario", "x.toml"],
            "no number of sites reaches",
        ),
        (["--radius-km", str(MAX_RADIUS_KM + 1)], "radius"),
        (["--party", "nobody"], "party"),
    ],
)
def test_cli_refuses_bad_input(tmp_path, monkeypatch, extra, expect):
    monkeypatch.chdir(tmp_path)
    base = ["optimize", "--preset", "2011-independent", "--party", "russia", "--kinds", "land"]
    base += ["--spacing-deg", "4"]
    if "--party" in extra:
        base = base[:4] + base[6:]
    assert_refused(base + extra, expect, folder=tmp_path)


def test_the_layout_never_overwrites_its_input(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    src = tmp_path / "mine.toml"
    write_scenario(load_preset("2011-independent"), src)
    argv = ["optimize", str(src), "--party", "russia", "--kinds", "land", "--spacing-deg", "4"]
    assert_refused(
        [*argv, "--write-scenario", str(src)],
        "input of this command",
        folder=tmp_path,
        inputs=[src],
    )


def test_no_candidates_is_refused(tmp_path, monkeypatch):
    """A 30° lattice has no point on NATO land in Europe ((0, 60) is the North Sea)."""
    monkeypatch.chdir(tmp_path)
    argv = ["optimize", "--preset", "2011-independent", "--party", "nato", "--kinds", "land"]
    assert_refused([*argv, "--spacing-deg", "30"], "no candidate", folder=tmp_path)


def test_api_refuses_bad_input():
    inst = optimize.merge_demand(np.eye(3, dtype=bool), [1.0, 1.0, 1.0])
    for p in (0, -1, 1.5, True):
        with pytest.raises(MdcoverageError):
            optimize.maximal_covering(inst, p)
    with pytest.raises(MdcoverageError):
        optimize.set_covering(inst, 0.0)
    unreachable = optimize.merge_demand(np.array([[1], [0]], bool), [1.0, 1.0])
    with pytest.raises(MdcoverageError, match="at most 50 %"):
        optimize.set_covering(unreachable, 0.9)
