"""The examples each ``mdcoverage COMMAND --help`` ends with (kept apart from the parser so
that the command modules stay a short read)."""

__all__ = ["EXAMPLES"]

EXAMPLES = {
    "compare": """examples:
  mdcoverage compare                                  # the 2011 presets -> comparison.png
  mdcoverage compare -o slides/comparison.svg         # SVG for slides (PNG, SVG or PDF)
  mdcoverage compare --preset 2011-independent --preset today-independent
  mdcoverage compare my_layout.toml --as-of 2024-12-31
  mdcoverage compare --view polar --labels
  mdcoverage compare --style print --size a4-landscape -o handout.pdf  # black-and-white""",
    "map": """examples:
  mdcoverage map --preset 2011-sectoral-podvig-2012 -o podvig.png
  mdcoverage map my_layout.toml --architecture sectoral --view polar
  mdcoverage map --preset 2011-independent --view site --center 25,45 --radius-km 2500""",
    "metrics": """examples:
  mdcoverage metrics --preset 2011-independent
  mdcoverage metrics --preset 2011-independent --preset 2011-sectoral-podvig-2012
  mdcoverage metrics my_layout.toml --level countries --format csv -o metrics.csv
  mdcoverage metrics --preset today-independent --format markdown""",
    "presets": """examples:
  mdcoverage presets
  mdcoverage presets --format csv""",
    "validate": """examples:
  mdcoverage validate my_layout.toml
  mdcoverage validate lesson1.toml lesson2.toml""",
    "export": """examples:
  mdcoverage export --preset 2011-sectoral-podvig-2012 -o podvig.gpkg
  mdcoverage export my_layout.toml -o layout.geojson""",
    "tracks": """examples:
  mdcoverage tracks --preset 2011-sectoral-podvig-2012
  mdcoverage tracks --preset 2011-independent --preset 2011-sectoral-podvig-2012 -o tracks.png
  mdcoverage tracks my_layout.toml --track "my axis" --format csv
note: ground-track geometry only; overlap on a map is not a capability.""",
    "gallery": """examples:
  mdcoverage gallery -o docs/gallery        # every view x style, and the tracks figure""",
    "data": """examples:
  mdcoverage data""",
}
