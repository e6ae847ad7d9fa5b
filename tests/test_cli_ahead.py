"""Assessing in a background thread while the plotting stack loads (``assess_ahead``)."""

from __future__ import annotations

import argparse
import gc

import pytest

from mdcoverage import map_layers
from mdcoverage.cli import main
from mdcoverage.cli.common import assess_ahead, read_assessments, resume_gc
from mdcoverage.errors import MdcoverageError


def _args(**kw) -> argparse.Namespace:
    base = {"scenario": [], "preset": ["2011-sectoral-east-west"], "as_of": None, "output": None}
    base.update(kw)
    return argparse.Namespace(**base)


def test_the_same_assessments_as_reading_them_in_turn():
    ahead = assess_ahead(_args())()
    direct = read_assessments(_args())
    assert [a.name for a in ahead] == [a.name for a in direct]
    for x, y in zip(ahead, direct, strict=True):
        assert x.countries.equals(y.countries)
        assert x.total.equals(y.total)
        # the maps' geometry was built in the thread and is kept with the assessment
        lines = map_layers.sector_lines(x)
        assert lines is not None and lines.length.sum() > 0


def test_an_error_in_the_thread_is_raised_by_the_wait():
    wait = assess_ahead(_args(architecture="no such architecture"))
    with pytest.raises(MdcoverageError, match="no such architecture"):
        wait()


def test_a_bad_input_is_refused_before_the_thread_starts(tmp_path):
    with pytest.raises(MdcoverageError):
        assess_ahead(_args(preset=[], scenario=[str(tmp_path / "missing.toml")]))


# --------------------------------------------------------------------------- the collector


@pytest.fixture
def collector_on():
    gc.enable()
    yield
    gc.enable()


def test_the_collector_is_paused_while_reading_and_on_after_the_wait(collector_on, monkeypatch):
    import mdcoverage.cli.common as common

    seen: list[bool] = []
    real = common.read_scenarios

    def spy(*args, **kw):
        seen.append(gc.isenabled())
        return real(*args, **kw)

    monkeypatch.setattr(common, "read_scenarios", spy)
    wait = assess_ahead(_args())
    assert seen == [False]  # paused while the big packages load
    assert not gc.isenabled()
    wait()
    assert gc.isenabled()


def test_a_refused_input_leaves_the_collector_on(collector_on, tmp_path):
    with pytest.raises(MdcoverageError):
        assess_ahead(_args(preset=[], scenario=[str(tmp_path / "missing.toml")]))
    assert gc.isenabled()


def test_resume_freezes_only_when_asked(collector_on):
    frozen = gc.get_freeze_count()
    gc.disable()
    resume_gc()  # in a test process: nothing frozen
    assert gc.isenabled() and gc.get_freeze_count() == frozen
    resume_gc()  # already on: nothing happens
    assert gc.isenabled()


@pytest.mark.parametrize("command", ["map", "compare"])
def test_a_command_stopped_while_paused_leaves_the_collector_on(
    collector_on, monkeypatch, command, tmp_path
):
    import mdcoverage.cli.figures as figures

    def stop() -> None:  # the command fails between pausing and resuming
        raise MdcoverageError("stopped here")

    monkeypatch.setattr(figures, "resume_gc", stop)
    code = main([command, "--preset", "2011-independent", "-o", str(tmp_path / "x.png")])
    assert code == 1
    assert gc.isenabled()
    assert not (tmp_path / "x.png").exists()


def test_compare_draws_with_the_collector_on(collector_on, monkeypatch, tmp_path):
    from mdcoverage import plotting

    seen: list[bool] = []
    real = plotting.plot_comparison

    def spy(*args, **kw):
        seen.append(gc.isenabled())
        return real(*args, **kw)

    monkeypatch.setattr(plotting, "plot_comparison", spy)
    assert main(["compare", "--preset", "2011-independent", "-o", str(tmp_path / "c.png")]) == 0
    assert seen == [True]
