"""The figures of notebook 05 (why footprints on maps are not circles), one call each."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import geodata, geodesy, plotting

__all__ = ["distance_table", "four_projections", "plate_carree_vs_polar"]

#: colour-blind-safe colours (Okabe–Ito) for up to three footprints
COLOURS = ("#0072B2", "#D55E00", "#009E73")


_COUNT = {1: "one", 2: "two", 3: "three"}


def _plate_carree(ax, geoms, colours, bounds) -> None:
    """Land and footprints with longitude and latitude used directly as x and y."""
    ax.set_facecolor(plotting.OCEAN)
    land = geodata.land(copy=False).clip(bounds)
    land.plot(ax=ax, color=plotting.LAND, edgecolor=plotting.COAST, linewidth=0.4)
    for geom, colour in zip(geoms, colours, strict=False):
        for part in getattr(geom, "geoms", [geom]):
            ax.fill(*part.exterior.xy, facecolor=colour, alpha=0.3, edgecolor=colour, linewidth=2)


def _footprints_on(ax, geoms, colours, alpha=0.3) -> None:
    plotting.plot_basemap(ax)
    for geom, colour in zip(geoms, colours, strict=False):
        style = plotting.PartyStyle("footprint", "Footprint", colour, "", "-")
        plotting.plot_footprints(ax, [geom], party=style, hatch=False, alpha=alpha)


def four_projections(lons, lats, radius_km: float, colours=COLOURS) -> Figure:
    """The same footprints on plate carrée, Mercator, equal-area and azimuthal maps."""
    fig = Figure(figsize=(14, 11))
    lonlat = geodesy.footprint_polygons(lons, lats, radius_km, crs="EPSG:4326")
    ax = fig.add_subplot(2, 2, 1)
    _plate_carree(ax, lonlat, colours, (-40, 25, 80, 85))
    ax.set(
        xlim=(-30, 75),
        ylim=(28, 84),
        aspect=1,
        xlabel="longitude (°)",
        ylabel="latitude (°)",
        title="Plate carrée: longitude and latitude as x and y",
    )
    ax = fig.add_subplot(2, 2, 2)
    ax.set_facecolor(plotting.OCEAN)
    geodata.land(copy=False).clip((-40, 25, 80, 84)).to_crs("EPSG:3857").plot(
        ax=ax, color=plotting.LAND, edgecolor=plotting.COAST, linewidth=0.4
    )
    merc = geodesy.footprint_polygons(lons, lats, radius_km, crs="EPSG:3857")
    for geom, colour in zip(merc, colours, strict=False):
        ax.fill(*geom.exterior.xy, facecolor=colour, alpha=0.3, edgecolor=colour, linewidth=2)
    ax.set(
        xlim=(-3.3e6, 8.3e6),
        ylim=(3.3e6, 1.9e7),
        aspect=1,
        xticks=[],
        yticks=[],
        xlabel="",
        ylabel="",
        title="Mercator: shapes kept, sizes inflated in the north",
    )
    titles = {
        3: "Equal-area (EPSG:3035): true areas",
        4: "Azimuthal equidistant around 25°E 60°N: true distances from the centre",
    }
    views = {3: plotting.view("europe"), 4: plotting.view("site", lon=25, lat=60, radius_km=2200)}
    for i, v in views.items():
        ax = plotting.new_map(v, fig=fig, subplot=(2, 2, i))
        _footprints_on(ax, lonlat, colours)
        ax.set_title(titles[i], fontsize=11)
    plotting.add_badge(ax, as_of="2011-06-08", projection_name="four projections (see titles)")
    fig.subplots_adjust(hspace=0.25)
    north = ", ".join(f"{lat:g}°N" for lat in lats)
    fig.suptitle(
        f"The same {_COUNT.get(len(lats), len(lats))} {radius_km:,.0f} km footprints ({north}) on four maps",
        fontsize=14,
        fontweight="bold",
    )
    return fig


def plate_carree_vs_polar(geoms, colours=("#D55E00", "#0072B2")) -> Figure:
    """Footprints in longitude/latitude (above) and on the polar equal-area view."""
    fig = Figure(figsize=(12, 13))
    grid = fig.add_gridspec(2, 1, height_ratios=[1, 2.4], hspace=0.15)
    ax = fig.add_subplot(grid[0])
    _plate_carree(ax, geoms, colours, (-180, 30, 180, 90))
    ax.set(
        xlim=(-180, 180),
        ylim=(30, 90),
        aspect=1,
        xlabel="longitude (°)",
        ylabel="latitude (°)",
        title="Plate carrée: the Bering footprint (orange) in two "
        "pieces, the polar one (blue) as a band",
    )
    polar = plotting.view("polar")
    ax = plotting.new_map(polar, ax=fig.add_subplot(grid[1], projection=polar.cartopy_crs))
    _footprints_on(ax, geoms, colours, alpha=0.35)
    ax.set_title("Polar equal-area view: both are single shapes", fontsize=11)
    plotting.add_badge(ax, as_of="2011-06-08")
    return fig


def _city(cities: pd.DataFrame, name: str, country: str) -> tuple[float, float]:
    row = cities[(cities["name"] == name) & (cities["adm0_a3"] == country)]
    row = row.sort_values("population", ascending=False).iloc[0]
    return float(row["lon"]), float(row["lat"])


def distance_table(pairs) -> pd.DataFrame:
    """True (geodesic) distances between pairs of cities ``(name, ADM0_A3, name,
    ADM0_A3)`` beside a "flat" estimate that takes degrees as 111.32 km."""
    cities = geodata.cities(copy=False)
    rows = []
    for a, ca, b, cb in pairs:
        (lon1, lat1), (lon2, lat2) = _city(cities, a, ca), _city(cities, b, cb)
        true_km = float(geodesy.distance_km(lon1, lat1, lon2, lat2))
        flat_km = 111.32 * float(np.hypot(lon2 - lon1, lat2 - lat1))
        rows.append(
            {
                "from": a,
                "to": b,
                "true distance (km)": round(true_km),
                "flat plate carrée estimate (km)": round(flat_km),
                "error of the flat estimate (%)": round(100 * (flat_km / true_km - 1)),
            }
        )
    return pd.DataFrame(rows)
