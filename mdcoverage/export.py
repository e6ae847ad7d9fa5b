"""Export footprints, sectors, responsibility and defended areas with their provenance.

Formats by extension: ``.gpkg`` (GeoPackage, one layer per kind, provenance in the
dataset metadata under ``mdcoverage_provenance``) and ``.geojson`` (one FeatureCollection,
a ``layer`` property per feature, provenance in a top-level ``mdcoverage`` member).
Geometries are in EPSG:4326 (lon/lat, as GeoJSON requires); every layer carries the
``architecture`` it belongs to, and areas measured in the region's equal-area CRS.
GeoJSON coordinates are rounded to 1e-7 degrees (about 1 cm); properties and provenance
are written exactly. The same input gives byte-identical files.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

from . import __version__, geodesy, map_layers
from .coverage import (
    Assessment,
    footprint_geometries,
    footprint_unions,
    region_countries_cached,
    region_land,
)
from .errors import OutputError, ScenarioError
from .notices import CAVEAT, DATA_CREDITS, REACH_CAVEAT
from .output import atomic_write, check_suffix
from .reach import reach_areas

__all__ = ["EXPORT_FORMATS", "export_layers", "provenance", "write_export"]

EXPORT_FORMATS = ("gpkg", "geojson")
_FIXED_DATE = "2026-01-01T00:00:00Z"
#: GeoJSON coordinates are rounded to this many decimals of a degree (about 1 cm).
COORDINATE_DECIMALS = 7


def _checked(assessments, what: str) -> list[Assessment]:
    """``assessments`` as a non-empty list of :class:`Assessment`, else ScenarioError."""
    if isinstance(assessments, Assessment):
        return [assessments]
    if isinstance(assessments, str | bytes) or not hasattr(assessments, "__iter__"):
        raise ScenarioError(
            f"{what}: expected an Assessment or a list of them (from mdcoverage.assess), "
            f"not {type(assessments).__name__}"
        )
    out = list(assessments)
    if not out:
        raise ScenarioError(f"{what}: nothing to export; give at least one Assessment")
    for i, a in enumerate(out):
        if not isinstance(a, Assessment):
            raise ScenarioError(
                f"{what}: item {i} is a {type(a).__name__}, not an Assessment "
                "(from mdcoverage.assess)"
            )
    return out


def provenance(assessments: list[Assessment]) -> dict:
    """What an export carries about itself: tool, scenario, parameters, date, sources.

    Every scenario of the assessments is listed once (scenarios with the same content are
    listed once, even if they are different objects or share a source label)."""
    from . import geodata  # lazy: the data layer loads only when provenance is asked for

    assessments = _checked(assessments, "provenance")
    first = assessments[0]
    scenarios = list({id(a.scenario): a.scenario for a in assessments}.values())
    entries = _unique([_scenario_entry(s) for s in scenarios])
    return {
        "tool": "mdcoverage",
        "tool_version": __version__,
        "illustrative": True,
        "caveat": CAVEAT,
        "as_of": sorted({a.as_of.isoformat() for a in assessments}),
        "region": first.region.name,
        "analysis_crs": first.region.crs,
        "geometry_crs": "EPSG:4326",
        "scenarios": entries,
        "architectures": [
            {
                "name": a.name,
                "scenario": a.scenario.name,
                **a.architecture.spec.model_dump(exclude_none=True, mode="json"),
            }
            for a in assessments
        ],
        "data_credits": DATA_CREDITS,
        "data_sources": [
            {k: s[k] for k in ("name", "licence", "credit")}
            for s in geodata.provenance()["sources"]
        ],
        "scenario_sources": list(dict.fromkeys(x for s in scenarios for x in s.sources)),
    }


def _scenario_entry(s) -> dict:
    return {
        "name": s.name,
        "source": s.source,
        "as_of": s.as_of.isoformat(),
        "interpretation": s.interpretation,
        "sources": list(s.sources),
        "systems": [x.model_dump(exclude_none=True) for x in s.systems],
        "sites": [x.model_dump(exclude_none=True) for x in s.sites],
    }


def _unique(entries: list[dict]) -> list[dict]:
    """``entries`` in order, each content once."""
    seen: dict[str, dict] = {}
    for e in entries:
        seen.setdefault(json.dumps(e, sort_keys=True, default=str), e)
    return list(seen.values())


def export_layers(assessments: list[Assessment]) -> dict:
    """The export's layers as GeoDataFrames in EPSG:4326: ``sites``, ``footprints``,
    ``sectors``, ``responsibility_areas``, ``defended_areas``, ``in_others_reach`` (per
    own party: its land inside another party's interceptor reach, with the party's
    ``in_others_reach_area_share``, ``in_others_reach_pop_share`` and the ``note``
    :data:`~mdcoverage.notices.REACH_CAVEAT`)."""
    import geopandas as gpd  # lazy: heavy, only needed when exporting
    import shapely  # lazy: heavy, only needed when exporting

    assessments = _checked(assessments, "export")

    layers: dict[str, list] = {
        k: []
        for k in (
            "sites",
            "footprints",
            "sectors",
            "responsibility_areas",
            "defended_areas",
            "in_others_reach",
        )
    }
    for a in assessments:
        crs = a.region.crs
        for name, g in _site_layers(a).items():
            layers[name].append(g)
        sectors = map_layers.sector_areas(a)
        if sectors is not None:
            # the analysis extent (the drawn sectors reach further, to the map's edge), so
            # that areas agree with the metrics and the responsibility areas
            sectors = sectors.assign(
                geometry=shapely.intersection(sectors.geometry.values, region_land(a.region.name))
            )
        for name, frame in (
            ("sectors", sectors),
            ("responsibility_areas", map_layers.responsibility_areas(a)),
            ("defended_areas", map_layers.defended_areas(a)),
            ("in_others_reach", _reach_layer(a)),
        ):
            if frame is None or frame.empty:
                continue
            g = gpd.GeoDataFrame(
                frame.drop(columns="geometry"), geometry=frame.geometry.values, crs=crs
            )
            g["area_km2"] = geodesy.area_km2(g.geometry.values, crs)
            g.insert(0, "architecture", a.name)
            layers[name].append(g.to_crs("EPSG:4326"))
    out = {}
    for name, frames in layers.items():
        if frames:
            df = pd.concat(frames, ignore_index=True)
            out[name] = gpd.GeoDataFrame(df, geometry="geometry", crs="EPSG:4326")
    return out


def _reach_layer(a: Assessment) -> pd.DataFrame:
    """Per own party: its land in another party's reach and the party's reach shares."""
    unions = footprint_unions(map_layers.footprints(a), parties=a.country_party)
    countries = region_countries_cached(a.region.name)
    frame = reach_areas(countries, unions.interceptors, a.country_party)
    for col in ("in_others_reach_area_share", "in_others_reach_pop_share"):
        frame[col] = a.parties[col].reindex(frame["party"]).to_numpy(dtype=float)
    frame["note"] = REACH_CAVEAT
    return frame


_SITE_COLUMNS = [
    "site",
    "party",
    "kind",
    "role",
    "system",
    "radius_km",
    "bearing_deg",
    "width_deg",
    "lon",
    "lat",
]


def _site_layers(a: Assessment) -> dict:
    """The ``footprints`` and ``sites`` layers of one assessment, in EPSG:4326."""
    import geopandas as gpd  # lazy: heavy, only needed when exporting

    fp = map_layers.footprints(a)
    # built directly in lon/lat (split at the antimeridian, closed at the poles)
    geoms = footprint_geometries(fp, "EPSG:4326")
    base = fp[_SITE_COLUMNS].assign(architecture=a.name)
    return {
        "footprints": gpd.GeoDataFrame(
            base.assign(area_km2=geodesy.area_km2(fp.geometry.values, a.region.crs)),
            geometry=list(geoms),
            crs="EPSG:4326",
        ),
        "sites": gpd.GeoDataFrame(
            base, geometry=gpd.points_from_xy(fp["lon"], fp["lat"]), crs="EPSG:4326"
        ),
    }


def write_export(assessments: Assessment | list[Assessment], path: str | Path) -> Path:
    """Write the layers and provenance of one or more assessments to ``path``
    (``.gpkg`` or ``.geojson``), atomically."""
    if not isinstance(path, str | os.PathLike):
        raise OutputError(f"the output path must be a string or a Path, not {type(path).__name__}")
    fmt = check_suffix(path, EXPORT_FORMATS, what="export")
    assessments = _checked(assessments, "export")
    layers = export_layers(assessments)
    prov = provenance(assessments)
    if fmt == "gpkg":
        return atomic_write(path, lambda tmp: _write_gpkg(layers, prov, tmp))
    return atomic_write(path, lambda tmp: _write_geojson(layers, prov, tmp))


def _write_gpkg(layers: dict, prov: dict, path: Path) -> None:
    import pyogrio  # lazy: heavy, only needed when exporting
    import pyogrio.errors  # lazy: heavy, only needed when exporting

    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": _FIXED_DATE})
    text = json.dumps(prov, ensure_ascii=False, sort_keys=True)
    try:
        for i, (name, gdf) in enumerate(layers.items()):
            pyogrio.write_dataframe(
                gdf,
                path,
                layer=name,
                driver="GPKG",
                append=i > 0,
                dataset_metadata={"mdcoverage_provenance": text} if i == 0 else None,
                layer_metadata={"mdcoverage_illustrative": "true", "mdcoverage_caveat": CAVEAT},
            )
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        # GDAL's errors (read-only folder, full disk, ...) as an OSError: atomic_write
        # turns it into one OutputError line naming the path and removes the partial file
        raise OSError(
            str(exc).strip().splitlines()[0] if str(exc).strip() else "GDAL error"
        ) from None


def _write_geojson(layers: dict, prov: dict, path: Path) -> None:
    """One FeatureCollection, written feature by feature: coordinates rounded numerically
    (GEOS writes the geometries), properties and provenance exactly as they are."""
    head = _dumps({"type": "FeatureCollection", "name": "mdcoverage export", "mdcoverage": prov})
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(head[:-1] + ',"features":[')
        sep = ""
        for name, gdf in layers.items():
            for feature in _features(name, gdf):
                fh.write(sep + feature)
                sep = ","
        fh.write("]}")


def _features(name: str, gdf) -> Iterator[str]:
    """The layer's features as GeoJSON text, in row order."""

    texts = _geojson_texts(np.asarray(gdf.geometry.values, dtype=object))
    props = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    columns = {"layer": [name] * len(props)}
    columns.update({str(c): _json_values(props[c]) for c in props.columns})
    # each property as JSON text, column by column, then joined per feature: the same
    # text as encoding each feature's properties as one dict, without 10,000 encoder runs
    keys = [_dumps(k) + ":" for k in columns]
    cells = [
        [k + v for v in _json_texts(values)]
        for k, values in zip(keys, columns.values(), strict=True)
    ]
    for row, geom in zip(zip(*cells, strict=True), texts, strict=True):
        body = "{" + ",".join(row) + "}"
        yield f'{{"type":"Feature","properties":{body},"geometry":{geom or "null"}}}'


def _geojson_texts(geoms: np.ndarray) -> list:
    """GEOS's GeoJSON of each geometry, coordinates rounded; large layers in parts in
    threads (GEOS writes without the GIL; the same texts, in order)."""
    import shapely  # lazy: heavy, only needed when exporting

    def texts(part: np.ndarray) -> list:
        return list(shapely.to_geojson(shapely.transform(part, _round)))

    if len(geoms) < _SPLIT_FEATURES:
        return texts(geoms)
    parts = np.array_split(geoms, _SPLIT_THREADS)
    return [t for done in _writer_pool().map(texts, parts) for t in done]


_SPLIT_FEATURES = 1000  # geometries from which a layer is written in threads
_SPLIT_THREADS = max(1, min(2, os.cpu_count() or 1))


@functools.cache
def _writer_pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(_SPLIT_THREADS, "mdcoverage-geojson")


def _json_texts(values: list) -> list[str]:
    """Each value as JSON text, exactly as :func:`_dumps` writes it (finite floats by
    ``float.__repr__``, as the JSON encoder does; repeated values encoded once)."""
    if values and all(type(v) is float for v in values):  # a column of finite floats
        return list(map(float.__repr__, values))
    if values and all(type(v) is float or v is None for v in values):  # ... with gaps
        return ["null" if v is None else float.__repr__(v) for v in values]
    seen: dict = {}
    out = []
    for v in values:
        if type(v) is float:
            out.append(float.__repr__(v))
            continue
        key = (type(v), v) if isinstance(v, str | int | bool | None) else None
        text = seen.get(key) if key is not None else None
        if text is None:
            text = _dumps(v)
            if key is not None:
                seen[key] = text
        out.append(text)
    return out


def _json_values(column: pd.Series) -> list:
    """A column as Python values for JSON: missing and non-finite numbers as None."""
    values = column.to_numpy(dtype=object, copy=True)
    ok = column.notna().to_numpy()
    if pd.api.types.is_float_dtype(column.dtype):
        ok = ok & np.isfinite(column.to_numpy(dtype=float))
    values[~ok] = None
    return values.tolist()


def _round(xy: np.ndarray) -> np.ndarray:
    # + 0.0 turns -0.0 into 0.0, so that equal points are written the same way
    return np.round(xy, COORDINATE_DECIMALS) + 0.0


_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _dumps(obj) -> str:
    return _ENCODER.encode(obj)
