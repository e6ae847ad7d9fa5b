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
  mdcoverage compare --style print --size a4-landscape -o handout.pdf  # black-and-white
  mdcoverage compare --lang de -o vergleich.png       # German (or --lang ru: Russian)""",
    "map": """examples:
  mdcoverage map --preset 2011-sectoral-podvig-2012 -o podvig.png
  mdcoverage map my_layout.toml --architecture sectoral --view polar
  mdcoverage map --preset 2011-independent --view site --center 25,45 --radius-km 2500""",
    "metrics": """examples:
  mdcoverage metrics --preset 2011-independent
  mdcoverage metrics --preset 2011-independent --preset 2011-sectoral-podvig-2012
  mdcoverage metrics my_layout.toml --level countries --format csv -o metrics.csv
  mdcoverage metrics --preset today-independent --format markdown""",
    "explain": """examples:
  mdcoverage explain                                  # the 2011 presets, in sentences
  mdcoverage explain --preset 2011-independent --preset 2011-sectoral-podvig-2012
  mdcoverage explain --preset 2011-sectoral-east-west --country EST --country Romania
  mdcoverage explain my_layout.toml -o sentences.txt
note: "in another party's reach" is geometry only; overlap on a map is not a capability.""",
    "sensitivity": """examples:
  mdcoverage sensitivity                              # the 2011 presets -> sensitivity.png
  mdcoverage sensitivity --preset 2011-independent --preset 2011-sectoral-podvig-2012
  mdcoverage sensitivity my_layout.toml --factor 0.5 --factor 1 --factor 2 -o s.svg
  mdcoverage sensitivity --preset today-independent --format csv
note: every interceptor radius times the same factor; notional numbers, not real systems.""",
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
    "optimize": """examples:
  mdcoverage optimize                                 # 2011: independent vs sectoral, 90 %
  mdcoverage optimize --target 75 -o sites_curve.png  # the curve: sites against share
  mdcoverage optimize --preset 2011-independent --party russia --sites 3 --kinds land
  mdcoverage optimize my_layout.toml --keep-existing --write-scenario optimal.toml
note: notional radii on a lon/lat lattice; the numbers count sites, not autonomy.""",
    "gallery": """examples:
  mdcoverage gallery -o docs/gallery        # every view x style, and the tracks figure""",
    "data": """examples:
  mdcoverage data""",
    "handout": """examples:
  mdcoverage handout                                   # the 2011 comparison -> worksheet.pdf
  mdcoverage handout --answers -o teacher.pdf          # the teacher's version
  mdcoverage handout --lang de --paper letter -o arbeitsblatt.pdf
  mdcoverage handout --preset 2011-independent --preset 2011-sectoral-podvig-2012""",
    "html": """examples:
  mdcoverage html                                     # the 2011 presets -> map.html
  mdcoverage html --preset 2011-independent --preset 2011-sectoral-podvig-2012 -o map.html
  mdcoverage html my_layout.toml -o my_layout.html
note: one file that opens offline in any current browser (no tiles, no downloads).""",
    "site": """examples:
  mdcoverage site -o lesson-site/                     # maps, figures and background
  mdcoverage site -o lesson-site/ --force             # replace an earlier folder
note: copy the folder to a USB stick or a learning platform and open index.html.""",
}
