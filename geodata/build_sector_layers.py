"""Build the shipped presets' sector layers into the package (``mdcoverage/data``).

Run after ``geodata/build.py``, and whenever the code that builds sector layers changes
(``mdcoverage.sector_store.SOURCES``; the test suite says so when the store is stale)::

    uv run python geodata/build_sector_layers.py          # (re)write the store
    uv run python geodata/build_sector_layers.py --check  # compare with the bundled store

Every shipped preset's architectures are assessed; for each sectoral one the layers of
:mod:`mdcoverage.map_layers` (``sector_areas``, ``sector_lines``, ``sector_seas``) are
computed with the store disabled and written under their key
(:func:`mdcoverage.sector_store.entry_key`). The bytes are the same from build to build.
"""

from __future__ import annotations

import argparse
import sys
from importlib import resources
from pathlib import Path

from mdcoverage import map_layers, sector_store
from mdcoverage.coverage import assess_all
from mdcoverage.output import atomic_write
from mdcoverage.scenario import load_preset, preset_names


def build() -> bytes:
    entries: dict[str, dict] = {}
    with sector_store.disabled():
        for name in preset_names():
            for a in assess_all(load_preset(name)):
                key = sector_store.entry_key(a.architecture, a.region, map_layers.DRAW_MARGIN_DEG)
                if key is None or key in entries:
                    continue
                areas = map_layers.sector_areas(a)
                if areas is None:  # no sectors: nothing to store
                    continue
                entries[key] = {
                    "areas": areas,
                    "lines": map_layers.sector_lines(a),
                    "seas": map_layers.sector_seas(a),
                }
                print(f"{name}: {a.name}", file=sys.stderr)
    return sector_store.pack(entries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the bundled store")
    args = parser.parse_args()
    data = build()
    target = Path(str(resources.files("mdcoverage") / "data" / sector_store.STORE_NAME))
    if args.check:
        same = target.is_file() and target.read_bytes() == data
        print("sector store: up to date" if same else "sector store: STALE (rebuild it)")
        return 0 if same else 1

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    atomic_write(target, write)
    print(f"wrote {target.name} ({len(data) / 1e3:.0f} kB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
