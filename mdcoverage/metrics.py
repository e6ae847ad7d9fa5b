"""Metrics of an assessment: per-piece and per-place sums, and the tables built from them.

A place *p* is **defended** under an architecture when some interceptor footprint of the
party responsible for *p* contains it; ``n_layers(p)`` counts those footprints. Metrics
are computed per country, per party (a country's own party on the ``as_of`` date,
``"none"`` for countries in no party) and in total, from the bundled data:

========================================  =====================================================
column                                    meaning
========================================  =====================================================
``area_km2``                              area inside the region (equal-area CRS)
``defended_area_km2`` / ``_share``        area defended, and its fraction of ``area_km2``
``dependency_area_km2`` / ``_share``      defended area whose responsible party is not the
                                          country's own, and its fraction of the defended area
                                          (0 where nothing is defended)
``urban_pop``                             people in GeoNames places >= 15,000 inhabitants
``urban_pop_defended`` / ``_share``       of those, people in defended places
``dependency_pop`` / ``_share``           people defended by a party other than their own
``mean_layers_pop``                       population-weighted mean ``n_layers`` (all places)
``pop_share_2plus_layers``                fraction of urban people under >= 2 layers
``warning_area_share`` / ``_pop_share``   fraction inside the responsible party's warning
                                          picture as the architecture sets it
``..._without_exchange`` / ``_with_...``  the same with own sensors only / all sensors
``in_others_reach_area_km2`` / ``_share`` area inside another party's interceptor reach
                                          (:mod:`mdcoverage.reach`), and its fraction of
                                          ``area_km2``
``in_others_reach_pop`` / ``_share``      urban people inside another party's reach, and
                                          their fraction of ``urban_pop``
========================================  =====================================================

A place that no party is responsible for (a neutral country under ``independent``) has
no warning picture by definition: its warning shares are 0 with and without exchange.

Shares are fractions between 0 and 1. Areas are exact in the region's equal-area CRS up
to the polygon discretisation of the footprints; population figures use the same geodesic
distance test (:func:`mdcoverage.geodesy.within_radius`) as the drawn footprints.

The sums come from :func:`mdcoverage.coverage.piece_metrics` (areas) and
:func:`place_metrics` (people); :func:`aggregate_metrics` turns them into the tables. A
new metric is a new sum column there and one line in :func:`_finish`.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

__all__ = [
    "METRIC_COLUMNS",
    "NO_PARTY",
    "PIECE_SUMS",
    "PLACE_SUMS",
    "REACH_SUMS",
    "Metrics",
    "aggregate_metrics",
    "place_metrics",
]

#: columns of the per-country, per-party and total tables, in order
METRIC_COLUMNS = [
    "area_km2",
    "defended_area_km2",
    "defended_area_share",
    "dependency_area_km2",
    "dependency_area_share",
    "urban_pop",
    "urban_pop_defended",
    "urban_pop_defended_share",
    "dependency_pop",
    "dependency_pop_share",
    "mean_layers_pop",
    "pop_share_2plus_layers",
    "warning_area_share",
    "warning_area_share_without_exchange",
    "warning_area_share_with_exchange",
    "warning_pop_share",
    "warning_pop_share_without_exchange",
    "warning_pop_share_with_exchange",
    "in_others_reach_area_km2",
    "in_others_reach_area_share",
    "in_others_reach_pop",
    "in_others_reach_pop_share",
]
#: per-piece sums (:func:`piece_metrics`), km²; ``_warn_area``: inside the warning
#: picture the architecture sets, ``_own``/``_all``: own sensors only / all sensors
PIECE_SUMS = [
    "area_km2",
    "defended_area_km2",
    "dependency_area_km2",
    "_warn_area",
    "_warn_area_own",
    "_warn_area_all",
]
#: per-place sums (:func:`place_metrics`), people (``_layers_pop``: people x layers)
PLACE_SUMS = [
    "urban_pop",
    "urban_pop_defended",
    "dependency_pop",
    "_layers_pop",
    "_pop_2plus",
    "_warn_pop",
    "_warn_pop_own",
    "_warn_pop_all",
]
#: per-country sums of :func:`mdcoverage.reach.reach_sums` (km², people)
REACH_SUMS = ["in_others_reach_area_km2", "in_others_reach_pop"]
_SUMS = [*PIECE_SUMS, *PLACE_SUMS, *REACH_SUMS]

#: the party of countries in no party, in the tables
NO_PARTY = "none"


def place_metrics(places: pd.DataFrame) -> pd.DataFrame:
    """People per place (:func:`place_layers`): ``adm0_a3`` and :data:`PLACE_SUMS` —
    the population, defended, defended by a party other than its own, times layers,
    under two or more layers, and warned (as set / own sensors / all sensors)."""
    pop = places["population"].to_numpy(dtype=float)
    n_layers = places["n_layers"].to_numpy()
    resp = places["responsible"].to_numpy(dtype=object)
    other = (resp != "") & (resp != places["party"].to_numpy(dtype=object))
    return pd.DataFrame(
        {
            "adm0_a3": places["adm0_a3"].to_numpy(),
            "urban_pop": pop,
            "urban_pop_defended": pop * (n_layers > 0),
            "dependency_pop": pop * ((n_layers > 0) & other),
            "_layers_pop": pop * n_layers,
            "_pop_2plus": pop * (n_layers >= 2),
            "_warn_pop": pop * places["warned"].to_numpy(),
            "_warn_pop_own": pop * places["warned_without_exchange"].to_numpy(),
            "_warn_pop_all": pop * places["warned_with_exchange"].to_numpy(),
        }
    )


class Metrics(NamedTuple):
    """The three metric tables of an :class:`Assessment`."""

    countries: pd.DataFrame
    parties: pd.DataFrame
    total: pd.DataFrame


def aggregate_metrics(
    piece_table: pd.DataFrame,
    place_table: pd.DataFrame,
    countries,
    country_party: pd.Series,
    reach_table: pd.DataFrame | None = None,
) -> Metrics:
    """Sum the per-piece (:func:`piece_metrics`) and per-place (:func:`place_metrics`)
    figures per country, per party and in total, and turn them into
    :data:`METRIC_COLUMNS` (areas km², people, shares 0..1).

    ``countries``: the region's countries (index ``adm0_a3``, column ``name``);
    ``country_party``: ``adm0_a3 -> party`` (``""`` for none); ``reach_table``: per
    country ``adm0_a3`` and :data:`REACH_SUMS` (:func:`mdcoverage.reach.reach_sums`;
    without it the reach columns are NaN: not computed).
    """
    keys = countries.index
    # per country: the sums of its pieces and places (rows of other keys left out;
    # missing values count as 0, as pandas' sum skips them), as arrays
    cols: dict[str, np.ndarray] = {}
    cols.update(_sums_by_key(piece_table, keys, PIECE_SUMS))
    cols.update(_sums_by_key(place_table, keys, PLACE_SUMS))
    if reach_table is None:
        cols.update({c: np.full(len(keys), np.nan) for c in REACH_SUMS})
    else:
        cols.update(_sums_by_key(reach_table, keys, REACH_SUMS))
    party = country_party.reindex(keys).fillna("").replace("", NO_PARTY)
    country_tbl = _finish(cols, keys)
    country_tbl.insert(0, "party", party)
    country_tbl.insert(0, "name", countries["name"])
    names, code = np.unique(party.to_numpy(dtype=object), return_inverse=True)
    by_party = {c: _sum_groups(v, code, len(names)) for c, v in cols.items()}
    party_tbl = _finish(by_party, pd.Index(names, dtype=party.dtype, name="party"))
    total = {c: _sum_groups(v, np.zeros(len(v), np.intp), 1) for c, v in cols.items()}
    total_tbl = _finish(total, pd.Index(["total"], dtype=keys.dtype))
    return Metrics(country_tbl, party_tbl, total_tbl)


def _sums_by_key(table: pd.DataFrame, keys: pd.Index, cols: list[str]) -> dict[str, np.ndarray]:
    """Per key of ``keys`` (unique), the sum of each column over the rows of
    ``table`` whose ``adm0_a3`` is that key (0 without rows; NaN values skipped)."""
    pos = keys.get_indexer(table["adm0_a3"].to_numpy(dtype=object))
    ok = pos >= 0
    out = {}
    for c in cols:
        w = table[c].to_numpy(dtype=float)[ok]
        out[c] = np.bincount(pos[ok], weights=np.where(np.isnan(w), 0.0, w), minlength=len(keys))
    return out


def _sum_groups(values: np.ndarray, code: np.ndarray, n: int) -> np.ndarray:
    """Per group, the sum of its values (NaN where all its values are NaN)."""
    nan = np.isnan(values)
    out = np.bincount(code, weights=np.where(nan, 0.0, values), minlength=n)
    if nan.any():
        seen = np.bincount(code, weights=~nan, minlength=n)
        out[seen == 0] = np.nan
    return out


def _ratio(num, den) -> np.ndarray:
    num, den = np.asarray(num, float), np.asarray(den, float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)


def _finish(c: dict[str, np.ndarray], index: pd.Index) -> pd.DataFrame:
    # the columns gathered first and made into a frame at once (inserting them one by
    # one into a frame costs more than computing them)

    def pop(col: str) -> np.ndarray:
        return np.round(c[col]).astype("int64")

    area, pop_all = c["area_km2"], c["urban_pop"]
    reach_pop = np.round(c["in_others_reach_pop"])
    out = {
        "area_km2": c["area_km2"],
        "defended_area_km2": c["defended_area_km2"],
        "defended_area_share": _ratio(c["defended_area_km2"], area),
        "dependency_area_km2": c["dependency_area_km2"],
        "dependency_area_share": _ratio(c["dependency_area_km2"], c["defended_area_km2"]),
        "urban_pop": pop("urban_pop"),
        "urban_pop_defended": pop("urban_pop_defended"),
        "urban_pop_defended_share": _ratio(c["urban_pop_defended"], pop_all),
        "dependency_pop": pop("dependency_pop"),
        "dependency_pop_share": _ratio(c["dependency_pop"], c["urban_pop_defended"]),
        "mean_layers_pop": _ratio(c["_layers_pop"], pop_all),
        "pop_share_2plus_layers": _ratio(c["_pop_2plus"], pop_all),
        "warning_area_share": _ratio(c["_warn_area"], area),
        "warning_area_share_without_exchange": _ratio(c["_warn_area_own"], area),
        "warning_area_share_with_exchange": _ratio(c["_warn_area_all"], area),
        "warning_pop_share": _ratio(c["_warn_pop"], pop_all),
        "warning_pop_share_without_exchange": _ratio(c["_warn_pop_own"], pop_all),
        "warning_pop_share_with_exchange": _ratio(c["_warn_pop_all"], pop_all),
        "in_others_reach_area_km2": c["in_others_reach_area_km2"],
        "in_others_reach_area_share": _reach_ratio(c["in_others_reach_area_km2"], area),
        "in_others_reach_pop": reach_pop
        if np.isnan(reach_pop).any()
        else reach_pop.astype("int64"),
        "in_others_reach_pop_share": _reach_ratio(c["in_others_reach_pop"], pop_all),
    }
    return pd.DataFrame(out, index=index)


def _reach_ratio(num, den) -> np.ndarray:
    """:func:`_ratio`, NaN where the reach was not computed."""
    return np.where(np.isnan(np.asarray(num, float)), np.nan, _ratio(num, den))
