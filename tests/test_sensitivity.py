"""Sensitivity to the notional radii: factor 1 is the plain assessment, defended shares
never decrease as the factor grows, scaled radii are the radii times the factor."""

import numpy as np
import pytest
from hostile import assert_refused, run_cli

from mdcoverage import sensitivity as sens
from mdcoverage.coverage import assess
from mdcoverage.errors import ScenarioError
from mdcoverage.scenario import load_preset

FACTORS = (0.5, 1.0, 1.5)


@pytest.fixture(scope="module")
def table():
    return sens.sensitivity(
        [load_preset("2011-independent"), load_preset("2011-sectoral-podvig-2012")], FACTORS
    )


def test_scaled_radii_are_the_radii_times_the_factor():
    sc = load_preset("2011-independent")
    scaled = sens.scale_interceptors(sc, 1.25)
    for old, new in zip(sc.systems, scaled.systems, strict=True):
        want = old.radius_km * 1.25 if old.role == "interceptor" else old.radius_km
        assert new.radius_km == pytest.approx(want)
    assert sens.scale_interceptors(sc, 1) is sc
    for bad in (0, -1, float("nan"), "x", True):
        with pytest.raises(ScenarioError):
            sens.scale_interceptors(sc, bad)


def test_factor_one_equals_the_plain_assessment(table):
    for preset in ("2011-independent", "2011-sectoral-podvig-2012"):
        a = assess(load_preset(preset))
        rows = table[(table["architecture"] == a.name) & (table["factor"] == 1.0)]
        got = rows.set_index("party")[sens.SENSITIVITY_METRICS]
        want = a.parties[sens.SENSITIVITY_METRICS].loc[got.index]
        np.testing.assert_allclose(got.to_numpy(float), want.to_numpy(float), rtol=1e-12)


def test_defended_shares_never_decrease_as_the_factor_grows(table):
    for (_arch, _party), grp in table.groupby(["architecture", "party"]):
        grp = grp.sort_values("factor")
        for col in ("urban_pop_defended_share", "defended_area_share"):
            assert (np.diff(grp[col].to_numpy()) >= -1e-9).all(), (_arch, _party, col)
    # and the numbers do move: half the radii defend less of NATO's people
    nato = table[(table["party"] == "nato") & (table["architecture"] == table["architecture"][0])]
    assert nato["urban_pop_defended_share"].iloc[0] < nato["urban_pop_defended_share"].iloc[1]


def test_reach_is_the_same_for_both_architectures_at_every_factor(table):
    a, b = dict.fromkeys(table["architecture"])
    ra = table[table["architecture"] == a].set_index(["factor", "party"])
    rb = table[table["architecture"] == b].set_index(["factor", "party"])
    cols = ["in_others_reach_pop_share", "in_others_reach_area_share"]
    np.testing.assert_allclose(ra[cols].to_numpy(float), rb.loc[ra.index, cols].to_numpy(float))


def test_plot_carries_the_caveats(table):
    from mdcoverage.plotting.sensitivity import plot_sensitivity

    fig = plot_sensitivity(table)
    badge = next(t for t in fig.texts if t.get_gid() == "badge").get_text()
    assert "Illustrative" in badge and "geometry only" in badge and "8 June 2011" in badge
    assert len(fig.axes) == 3


def test_sensitivity_command(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = ["sensitivity", "--preset", "2011-independent", "--factor", "0.5", "--factor", "1"]
    res = run_cli([*args, "-o", "s.png"])
    assert res.code == 0, res.err
    assert (tmp_path / "s.png").stat().st_size > 10_000
    a = assess(load_preset("2011-independent"))
    assert f"{100 * a.parties.loc['nato', 'urban_pop_defended_share']:.1f} %" in res.out
    assert "x 0.5" in res.out and "Illustrative" in res.out
    assert_refused([*args, "-o", "s.txt"], "extension", folder=tmp_path)
    assert_refused(["sensitivity", "--factor", "0"], "factor", folder=tmp_path)
