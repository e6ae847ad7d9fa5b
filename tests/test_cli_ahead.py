"""Assessing in a background thread while the plotting stack loads (``assess_ahead``)."""

from __future__ import annotations

import argparse

import pytest

from mdcoverage import map_layers
from mdcoverage.cli.common import assess_ahead, read_assessments
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
