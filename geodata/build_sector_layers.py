"""Build the shipped presets' sector geometry into the package (``mdcoverage/data``).

Run after ``geodata/build.py``, and whenever the code that builds sector layers changes
(``mdcoverage.sector_store.SOURCES`` and ``PIECE_SOURCES``; the test suite says so when
a store is stale)::

    uv run python geodata/build_sector_layers.py          # (re)write the stores
    uv run python geodata/build_sector_layers.py --check  # compare with the bundled ones

Every shipped preset's architectures are assessed; for each sectoral one the layers of
:mod:`mdcoverage.map_layers` (``sector_areas``, ``sector_lines``, ``sector_seas``) and its
responsibility pieces (:func:`mdcoverage.coverage.region_pieces`) are computed with the
stores disabled and written under their keys (:func:`mdcoverage.sector_store.entry_key`):
the map layers to ``sector_layers.bin``, the pieces to ``sector_pieces.bin``. A file whose
bytes would not change is left alone. The bytes are the same from build to build.
"""

from __future__ import annotations

import argparse
import sys
from importlib import resources
from pathlib import Path

from mdcoverage import map_layers, sector_store
from mdcoverage.coverage import assess_all, region_pieces
from mdcoverage.output import atomic_write
from mdcoverage.scenario import load_preset, preset_names


def build_all() -> dict[str, bytes]:
    """``{file name: bytes}`` of both stores."""
    layers: dict[str, dict] = {}
    pieces: dict[str, dict] = {}
    with sector_store.disabled():
        for name in preset_names():
            for a in assess_all(load_preset(name)):
                key = sector_store.entry_key(a.architecture, a.region, map_layers.DRAW_MARGIN_DEG)
                if key is None or key in layers:
                    continue
                areas = map_layers.sector_areas(a)
                if areas is None:  # no sectors: nothing to store
                    continue
                layers[key] = {
                    "areas": areas,
                    "lines": map_layers.sector_lines(a),
                    "seas": map_layers.sector_seas(a),
                }
                pieces_key = sector_store.entry_key(
                    a.architecture, a.region, 0.0, layer=sector_store.PIECES
                )
                assert pieces_key is not None  # a shipped class, as above
                pieces[pieces_key] = {
                    sector_store.PIECES: region_pieces(a.architecture, a.region, a.country_party)
                }
                print(f"{name}: {a.name}", file=sys.stderr)
    return {
        sector_store.STORE_NAME: sector_store.pack(layers),
        sector_store.PIECES_STORE_NAME: sector_store.pack(pieces),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the bundled stores")
    args = parser.parse_args()
    stale = 0
    for name, data in build_all().items():
        target = Path(str(resources.files("mdcoverage") / "data" / name))
        same = target.is_file() and target.read_bytes() == data
        if args.check:
            print(f"{name}: up to date" if same else f"{name}: STALE (rebuild it)")
            stale += not same
            continue
        if same:
            print(f"{name}: unchanged")
            continue

        def write(tmp: Path, data: bytes = data) -> None:
            tmp.write_bytes(data)

        atomic_write(target, write)
        print(f"wrote {name} ({len(data) / 1e3:.0f} kB)")
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
