"""The bundled, offline geodata layers: countries, land and cities.

The files live in ``mdcoverage/data/`` and are rebuilt by ``geodata/build.py`` (see
``geodata/README.md`` and ``mdcoverage/data/provenance.json``). Nothing here touches the
network. Every loader caches its result; it returns a copy, so callers may modify it.

Credits: Natural Earth (public domain); GeoNames (CC BY 4.0).
"""

from __future__ import annotations

import functools
import json
from importlib import resources

import geopandas as gpd
import pandas as pd

from .errors import DataError
from .notices import DATA_CREDITS

__all__ = ["CREDITS", "cities", "countries", "data_path", "land", "provenance", "summary"]

#: Short credit line for maps and exports (its home is :data:`mdcoverage.notices.DATA_CREDITS`).
CREDITS = DATA_CREDITS


def data_path(name: str):
    """Path of a bundled data file (works from a checkout and from an installed wheel)."""
    path = resources.files("mdcoverage") / "data" / name
    if not path.is_file():
        raise DataError(
            f"bundled data file {name!r} is missing from the mdcoverage package; "
            "reinstall mdcoverage or rebuild with 'uv run python geodata/build.py'"
        )
    return path


@functools.cache
def _read_gpkg(name: str) -> gpd.GeoDataFrame:
    import pyogrio  # lazy: the GDAL reader loads only when a layer is first read

    with resources.as_file(data_path(name)) as p:
        return pyogrio.read_dataframe(p)


@functools.cache
def _countries() -> gpd.GeoDataFrame:
    df = _read_gpkg("countries.gpkg")
    return df.set_index("adm0_a3", drop=False).rename_axis(None)


@functools.cache
def _cities() -> pd.DataFrame:
    with resources.as_file(data_path("cities.csv")) as p:
        return pd.read_csv(
            p,
            keep_default_na=False,
            dtype={
                "geonameid": "int64",
                "name": "string",
                "country_code": "string",
                "adm0_a3": "string",
                "lon": "float64",
                "lat": "float64",
                "population": "int64",
            },
            engine="c",
        )


def countries(*, copy: bool = True) -> gpd.GeoDataFrame:
    """Countries (Natural Earth admin-0 units) in EPSG:4326, indexed by ``adm0_a3``.

    Columns: ``adm0_a3`` (the key; ISO codes are missing for a few units such as France's
    ``ISO_A3`` in the source), ``name``, ``name_long``, ``sovereign``, ``iso_a2``, ``iso_a3``,
    ``pop_est`` (people) and ``pop_year``, ``continent``, ``region_un``, ``subregion``,
    ``geometry`` (coverage-simplified at 0.05°, valid, no overlaps).

    ``copy=False`` returns the shared cached frame, for callers that only read it (do not
    modify it).
    """
    return _countries().copy() if copy else _countries()


def land(*, copy: bool = True) -> gpd.GeoDataFrame:
    """All land as one multipolygon (the union of the country polygons), EPSG:4326.

    ``copy=False`` returns the shared cached frame (read it, do not modify it)."""
    frame = _read_gpkg("land.gpkg")
    return frame.copy() if copy else frame


def cities(*, copy: bool = True) -> pd.DataFrame:
    """GeoNames places with at least 15,000 inhabitants.

    Columns: ``geonameid``, ``name``, ``country_code`` (GeoNames ISO-2), ``adm0_a3`` (the
    country key of :func:`countries`), ``lon``, ``lat`` (degrees), ``population``.
    A plain DataFrame (points as lon/lat columns): fast to load and to test against.
    ``copy=False`` returns the shared cached frame (read it, do not modify it).
    """
    return _cities().copy() if copy else _cities()


@functools.cache
def provenance() -> dict:
    """The provenance record of the bundled files (sources, licences, sha256, command)."""
    return json.loads(data_path("provenance.json").read_text(encoding="utf-8"))


def summary() -> str:
    """A short human-readable summary of the bundled layers."""
    c, ci, prov = _countries(), _cities(), provenance()
    lines = [
        f"countries: {len(c)} units, population {int(c['pop_est'].sum()):,} "
        f"(POP_EST, years {c['pop_year'].min()}-{c['pop_year'].max()})",
        f"cities:    {len(ci):,} places >= 15,000 people, "
        f"urban population {int(ci['population'].sum()):,}",
        "land:      1 multipolygon (union of the countries)",
        "borders:   Natural Earth's German point-of-view edition (Crimea with Ukraine, "
        "Northern Cyprus with Cyprus)",
    ]
    for src in prov["sources"]:
        lines.append(f"source:    {src['name']} — {src['licence']}")
    return "\n".join(lines)
