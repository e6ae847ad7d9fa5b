"""Export footprints, sectors, responsibility and defended areas with their provenance.

Formats by extension: ``.gpkg`` (GeoPackage, one layer per kind, provenance in the
dataset metadata under ``mdcoverage_provenance``) and ``.geojson`` (one FeatureCollection,
a ``layer`` property per feature, provenance in a top-level ``mdcoverage`` member).
Geometries are in EPSG:4326 (lon/lat, as GeoJSON requires); every layer carries the
``architecture`` it belongs to, and areas measured in the region's equal-area CRS.
The same input gives byte-identical files.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from . import __version__
from .coverage import Assessment, _region_land, footprint_geometries
from .output import atomic_write, check_suffix

__all__ = ["EXPORT_FORMATS", "export_layers", "provenance", "write_export"]

EXPORT_FORMATS = ("gpkg", "geojson")
CAVEAT = "Illustrative model — notional parameters, not the performance of any real system"
_FIXED_DATE = "2026-01-01T00:00:00Z"


def provenance(assessments: list[Assessment]) -> dict:
    """What an export carries about itself: tool, scenario, parameters, date, sources."""
    from . import geodata

    first = assessments[0]
    sc = first.scenario
    scenarios = {a.scenario.source: a.scenario for a in assessments}
    return {
        "tool": "mdcoverage",
        "tool_version": __version__,
        "illustrative": True,
        "caveat": CAVEAT,
        "as_of": sorted({a.as_of.isoformat() for a in assessments}),
        "region": first.region.name,
        "analysis_crs": first.region.crs,
        "geometry_crs": "EPSG:4326",
        "scenarios": [
            {
                "name": s.name,
                "source": s.source,
                "as_of": s.as_of.isoformat(),
                "interpretation": s.interpretation,
                "sources": list(s.sources),
                "systems": [x.model_dump(exclude_none=True) for x in s.systems],
                "sites": [x.model_dump(exclude_none=True) for x in s.sites],
            }
            for s in scenarios.values()
        ],
        "architectures": [
            {
                "name": a.name,
                "scenario": a.scenario.name,
                **a.architecture.spec.model_dump(exclude_none=True, mode="json"),
            }
            for a in assessments
        ],
        "data_credits": geodata.CREDITS,
        "data_sources": [
            {k: s[k] for k in ("name", "licence", "credit")}
            for s in geodata.provenance()["sources"]
        ],
        "scenario_sources": list(sc.sources),
    }


def export_layers(assessments: list[Assessment]) -> dict:
    """The export's layers as GeoDataFrames in EPSG:4326: ``sites``, ``footprints``,
    ``sectors``, ``responsibility_areas``, ``defended_areas``."""
    import geopandas as gpd
    import shapely

    layers: dict[str, list] = {
        k: [] for k in ("sites", "footprints", "sectors", "responsibility_areas", "defended_areas")
    }
    for a in assessments:
        crs = a.region.crs
        fp = a.footprints
        # built directly in lon/lat (split at the antimeridian, closed at the poles)
        geoms = footprint_geometries(fp, "EPSG:4326")
        cols = [
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
        base = fp[cols].assign(architecture=a.name)
        layers["footprints"].append(
            gpd.GeoDataFrame(
                base.assign(area_km2=shapely.area(fp.geometry.values) / 1e6),
                geometry=list(geoms),
                crs="EPSG:4326",
            )
        )
        layers["sites"].append(
            gpd.GeoDataFrame(
                base, geometry=gpd.points_from_xy(fp["lon"], fp["lat"]), crs="EPSG:4326"
            )
        )
        sectors = a.sector_areas
        if sectors is not None:
            # the analysis extent (the drawn sectors reach further, to the map's edge), so
            # that areas agree with the metrics and the responsibility areas
            sectors = sectors.assign(
                geometry=shapely.intersection(sectors.geometry.values, _region_land(a.region.name))
            )
        for name, frame in (
            ("sectors", sectors),
            ("responsibility_areas", a.responsibility_areas),
            ("defended_areas", a.defended_areas),
        ):
            if frame is None or frame.empty:
                continue
            g = gpd.GeoDataFrame(
                frame.drop(columns="geometry"), geometry=frame.geometry.values, crs=crs
            )
            g["area_km2"] = shapely.area(g.geometry.values) / 1e6
            g.insert(0, "architecture", a.name)
            layers[name].append(g.to_crs("EPSG:4326"))
    out = {}
    for name, frames in layers.items():
        if frames:
            df = pd.concat(frames, ignore_index=True)
            out[name] = gpd.GeoDataFrame(df, geometry="geometry", crs="EPSG:4326")
    return out


def write_export(assessments: Assessment | list[Assessment], path: str | Path) -> Path:
    """Write the layers and provenance of one or more assessments to ``path``
    (``.gpkg`` or ``.geojson``), atomically."""
    if isinstance(assessments, Assessment):
        assessments = [assessments]
    fmt = check_suffix(path, EXPORT_FORMATS, what="export")
    layers = export_layers(assessments)
    prov = provenance(assessments)
    if fmt == "gpkg":
        return atomic_write(path, lambda tmp: _write_gpkg(layers, prov, tmp))
    return atomic_write(path, lambda tmp: _write_geojson(layers, prov, tmp))


def _write_gpkg(layers: dict, prov: dict, path: Path) -> None:
    import pyogrio

    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": _FIXED_DATE})
    text = json.dumps(prov, ensure_ascii=False, sort_keys=True)
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


def _write_geojson(layers: dict, prov: dict, path: Path) -> None:
    features = []
    for name, gdf in layers.items():
        fc = json.loads(gdf.to_json(drop_id=True, to_wgs84=False))
        for f in fc["features"]:
            f["properties"] = {"layer": name, **_clean(f["properties"])}
            features.append(f)
    doc = {
        "type": "FeatureCollection",
        "name": "mdcoverage export",
        "mdcoverage": prov,
        "features": features,
    }
    text = json.dumps(
        doc, ensure_ascii=False, sort_keys=False, allow_nan=False, separators=(",", ":")
    )
    path.write_text(_round_coords(text), encoding="utf-8")


def _clean(props: dict) -> dict:
    out = {}
    for k, v in props.items():
        if isinstance(v, float) and not np.isfinite(v):
            v = None
        out[k] = v
    return out


def _round_coords(text: str) -> str:
    """Round coordinates to 1e-7 degrees (about 1 cm) to keep files small and stable."""
    import re

    return re.sub(r"(-?\d+\.\d{7})\d+", r"\1", text)
