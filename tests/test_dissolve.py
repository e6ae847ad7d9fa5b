"""Each party's areas dissolved from its pieces (map_layers.defended_areas and
responsibility_areas): the same shapes as shapely's own union of the pieces, whether the
pieces form a coverage (the fast union) or overlap (the general union)."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from mdcoverage import map_layers
from mdcoverage.coverage import assess
from mdcoverage.map_layers import _union_of_pieces
from mdcoverage.scenario import load_preset


@pytest.mark.parametrize("preset", ["2011-independent", "2011-sectoral-east-west"])
def test_dissolved_areas_are_the_union_of_the_pieces(preset):
    a = assess(load_preset(preset))
    pieces = map_layers.pieces(a)
    for column, areas in (
        ("defended_geometry", map_layers.defended_areas(a)),
        ("geometry", map_layers.responsibility_areas(a)),
    ):
        assert set(areas["party"]) == set(pieces["responsible"]) - {""}
        for party, geom in zip(areas["party"], areas.geometry, strict=True):
            own = pieces.loc[pieces["responsible"] == party, column].to_numpy()
            reference = shapely.union_all(own)  # the general overlay, independently
            assert geom.is_valid
            assert shapely.symmetric_difference(geom, reference).area <= 1e-9 * reference.area


def test_overlapping_pieces_take_the_general_union():
    a = shapely.box(0, 0, 2, 2)
    b = shapely.box(1, 0, 3, 2)  # overlaps a: not a coverage
    c = shapely.box(3, 0, 4, 2)  # shares an edge with b
    got = _union_of_pieces(np.array([a, b, c, None, shapely.Polygon()], dtype=object))
    assert got.is_valid and got.area == pytest.approx(8.0)
    assert got.equals(shapely.box(0, 0, 4, 2))


def test_coverage_pieces_and_empty_input():
    cells = [shapely.box(x, y, x + 1, y + 1) for x in range(3) for y in range(2)]
    got = _union_of_pieces(np.array(cells, dtype=object))
    assert got.equals(shapely.box(0, 0, 3, 2)) and got.area == pytest.approx(6.0)
    assert _union_of_pieces(np.array([], dtype=object)).is_empty
