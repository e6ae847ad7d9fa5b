"""Tests of mdcoverage.crs: named CRSs, transformers, projecting lon/lat shapes."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from mdcoverage import crs as mcrs
from mdcoverage import geodesy
from mdcoverage.errors import GeometryError, UnknownNameError


def test_named_and_aliases():
    assert mcrs.named_crs("europe").to_epsg() == 3035
    assert mcrs.named_crs("arctic") == mcrs.named_crs("north-polar")
    assert mcrs.named_crs("antarctic") == mcrs.named_crs("south-polar")
    with pytest.raises(UnknownNameError):
        mcrs.named_crs("atlantis")


def test_aeqd_refuses_bad_centre():
    with pytest.raises(GeometryError):
        mcrs.aeqd_crs(200.0, 0.0)


def test_lonlat_transformer_is_cached():
    crs = mcrs.aeqd_crs(10.0, 50.0)
    assert mcrs.lonlat_transformer(crs) is mcrs.lonlat_transformer(crs)


def test_project_lonlat_keeps_meridians_and_returns_polygons():
    box = shapely.box(50.0, 40.0, 60.0, 70.0)
    dense = mcrs.project_lonlat(box, "EPSG:3035")
    chord = mcrs.project_lonlat(box, "EPSG:3035", densify_deg=None)
    assert dense.geom_type == "Polygon" and dense.is_valid
    assert dense.area != pytest.approx(chord.area, rel=1e-4)
    arr = mcrs.project_lonlat(np.array([box, None]), "EPSG:3035")
    assert arr[1].is_empty


def test_project_lonlat_snap():
    box = shapely.box(10.123456789, 50.0, 11.0, 51.0)
    out = mcrs.project_lonlat(box, "EPSG:3035", snap=True)
    xy = shapely.get_coordinates(out)
    np.testing.assert_allclose(xy, np.round(xy / 0.001) * 0.001, atol=1e-9)


def test_polygonal_drops_lines_and_repairs():
    mixed = shapely.GeometryCollection(
        [shapely.box(0, 0, 1, 1), shapely.LineString([(0, 0), (5, 5)]), shapely.Point(9, 9)]
    )
    assert mcrs.polygonal(mixed).equals(shapely.box(0, 0, 1, 1))
    bowtie = shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])
    fixed = mcrs.polygonal(bowtie)
    assert fixed.is_valid and fixed.area == pytest.approx(0.5)
    assert not hasattr(geodesy, "polygonal")  # one home: crs


def test_is_equal_area():
    assert mcrs.is_equal_area("EPSG:3035")
    assert mcrs.is_equal_area(mcrs.named_crs("north-polar"))
    assert not mcrs.is_equal_area("EPSG:4326")
    assert not mcrs.is_equal_area("EPSG:3857")
