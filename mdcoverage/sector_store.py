"""The shipped presets' sector geometry, built once and stored with the package.

Drawing a sectoral architecture needs its sectors on land, their boundary lines and the
sea of its sea-only sectors (:mod:`mdcoverage.map_layers`): about a second of geometry
for each of the two shipped sectoral presets, every time a comparison is drawn. Assessing
one cuts the region's countries into its sectors' pieces
(:meth:`~mdcoverage.architectures.Architecture.responsibility`: 0.05-0.09 s each, every
time a shipped sectoral preset is assessed). Those layers depend only on the preset's
sector definitions, the bundled country data and the code that builds them, so
``geodata/build_sector_layers.py`` builds them once into the package data and
:func:`lookup` reads them back:

* ``mdcoverage/data/sector_layers.bin`` — the map layers (:data:`LAYERS`), keyed with
  the drawing margin and the source of :data:`SOURCES`;
* ``mdcoverage/data/sector_pieces.bin`` — the responsibility pieces (:data:`PIECES`),
  keyed with margin 0 (the region's own box) and the source of :data:`PIECE_SOURCES`
  only (a change in the map code leaves them found). Its own file, so that rebuilding
  one store after a change of code does not rewrite the other.

Every entry is keyed by a digest of everything the layers depend on: the architecture's
class and full specification, the region (name, CRS, box), the margin, the bundled data
(``provenance.json``, which holds the sha256 of every data file) and the source of the
modules that compute the layers. Change any of them and the stored entry is simply not
found (the layers are computed as for any scenario); a test finds the shipped presets
missing from the store and names the command that rebuilds it. A scenario of a user is
always computed.

File format: ``zlib`` of a 4-byte big-endian header length, a JSON header
``{key: {layer: {"columns": [[name, values], ...], "wkb": [[offset, length], ...]}}}`` and the WKB of
every geometry, one after the other.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import threading
import zlib
from collections.abc import Iterator, Mapping
from importlib import resources
from typing import Any

import numpy as np
import shapely

__all__ = [
    "LAYERS",
    "PIECES",
    "PIECES_STORE_NAME",
    "PIECE_SOURCES",
    "SOURCES",
    "STORE_NAME",
    "disabled",
    "entry_key",
    "lookup",
    "pack",
]

#: the stored map layers (the names of map_layers' functions without ``sector_``)
LAYERS = ("areas", "lines", "seas")
#: the stored responsibility pieces of a sectoral architecture in its region (``adm0_a3``,
#: ``responsible``, ``geometry``: :func:`mdcoverage.coverage.region_pieces`), margin 0
PIECES = "pieces"
#: the package data file of :data:`LAYERS`
STORE_NAME = "sector_layers.bin"
#: the package data file of :data:`PIECES`
PIECES_STORE_NAME = "sector_pieces.bin"
#: the modules whose source decides the map layers (a change in any of them: not found)
SOURCES = ("architectures.py", "map_layers.py", "regions.py", "crs.py", "geodata.py")
#: the modules whose source decides the pieces: the architectures' rules and the
#: region's countries
PIECE_SOURCES = ("architectures.py", "regions.py", "crs.py", "geodata.py")

_OFF = threading.local()


def _family(layer: str) -> tuple[str, tuple[str, ...]]:
    """The package data file that holds ``layer`` and the modules whose source keys it."""
    return (PIECES_STORE_NAME, PIECE_SOURCES) if layer == PIECES else (STORE_NAME, SOURCES)


@contextlib.contextmanager
def disabled() -> Iterator[None]:
    """Within this block (in this thread), :func:`lookup` finds nothing: the layers are
    computed (to build the store, or to check it)."""
    before = getattr(_OFF, "on", False)
    _OFF.on = True
    try:
        yield
    finally:
        _OFF.on = before


@functools.cache
def _inputs_digest(sources: tuple[str, ...] = SOURCES) -> bytes:
    """The digest of the bundled data's provenance and of the source of ``sources``."""
    pkg = resources.files("mdcoverage")
    h = hashlib.blake2b(digest_size=20)
    h.update((pkg / "data" / "provenance.json").read_bytes())
    for name in sources:
        h.update(name.encode())
        h.update((pkg / name).read_bytes())
    return h.digest()


def entry_key(
    architecture: Any, region: Any, margin_deg: float, *, layer: str = LAYERS[0]
) -> str | None:
    """The store's key of an architecture's ``layer`` in ``region`` (the same for every
    one of :data:`LAYERS`; :data:`PIECES` has keys of its own), or None for an
    architecture of a class the package does not ship: its layers are never stored."""
    cls = type(architecture)
    if cls.__module__ != "mdcoverage.architectures":
        return None
    h = hashlib.blake2b(_inputs_digest(_family(layer)[1]), digest_size=20)
    parts = (
        cls.__name__,
        architecture.spec.model_dump_json(),
        region.name,
        str(region.crs),
        repr(tuple(float(v) for v in region.bbox)),
        repr(float(margin_deg)),
    )
    for part in parts:
        h.update(part.encode() + b"\0")
    return h.hexdigest()


@functools.cache
def _store(name: str = STORE_NAME) -> tuple[dict[str, Any], bytes]:
    """The stored header and WKB bytes of the package data file ``name`` (empty when the
    package has no such file)."""
    path = resources.files("mdcoverage") / "data" / name
    if not path.is_file():
        return {}, b""
    raw = zlib.decompress(path.read_bytes())
    n = int.from_bytes(raw[:4], "big")
    return json.loads(raw[4 : 4 + n].decode("utf-8")), raw[4 + n :]


def lookup(architecture: Any, region: Any, margin_deg: float, layer: str) -> Any:
    """The stored ``layer`` (one of :data:`LAYERS`, or :data:`PIECES`) of an architecture
    in ``region`` as a GeoDataFrame in the region's CRS; ``False`` when the architecture
    has no such layer (map_layers' None); None when nothing is stored for it."""
    if getattr(_OFF, "on", False):
        return None
    key = entry_key(architecture, region, margin_deg, layer=layer)
    header, blob = _store(_family(layer)[0])
    entry = header.get(key or "", {}).get(layer) if key else None
    if entry is None:
        return None
    if entry == "none":
        return False
    import geopandas as gpd  # lazy: heavy; only needed when a stored layer is used

    geoms = shapely.from_wkb([blob[o : o + n] for o, n in entry["wkb"]])
    columns = {name: values for name, values in entry["columns"]}
    return gpd.GeoDataFrame(columns, geometry=list(geoms), crs=region.crs)


def pack(entries: Mapping[str, Mapping[str, Any]]) -> bytes:
    """The store's bytes for ``{key: {layer: GeoDataFrame or None}}`` (the format in the
    module's docstring; deterministic: keys and layers sorted, WKB in order, zlib level 9).
    """
    header: dict[str, dict[str, Any]] = {}
    blob = bytearray()
    for key in sorted(entries):
        header[key] = {}
        for layer in sorted(entries[key]):
            frame = entries[key][layer]
            if frame is None:
                header[key][layer] = "none"
                continue
            wkbs = shapely.to_wkb(np.asarray(frame.geometry.values, dtype=object))
            spans = []
            for w in wkbs:
                spans.append([len(blob), len(w)])
                blob += w
            # a list of pairs: the columns keep their order (the header's keys are sorted)
            columns = [[c, _plain(frame[c])] for c in frame.columns if c != frame.geometry.name]
            header[key][layer] = {"columns": columns, "wkb": spans}
    head = json.dumps(header, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return zlib.compress(len(head).to_bytes(4, "big") + head + bytes(blob), 9)


def _plain(column: Any) -> list:
    """A column's values as JSON values (numpy scalars as Python ones)."""
    return [v.item() if isinstance(v, np.generic) else v for v in column.tolist()]
