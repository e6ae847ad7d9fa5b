"""Saving figures: PNG, SVG or PDF, byte-identical for the same figure, bounded in pixels."""

from __future__ import annotations

import math
import os
import warnings
from pathlib import Path
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..errors import OutputError
from ..output import atomic_write, check_suffix
from .checks import is_number
from .pngenc import drop_alpha, encode_png
from .styles import hatches_on_top

__all__ = ["FIXED_LAYOUT_ATTR", "MAX_PIXELS", "save_figure"]

#: The largest figure :func:`save_figure` writes, in pixels (width × height at ``dpi``).
MAX_PIXELS = 50_000_000

#: A figure with this attribute set (by :mod:`.figures`) has its layout fixed already:
#: :func:`save_figure` does not crop it by default.
FIXED_LAYOUT_ATTR = "_mdcoverage_fixed_layout"

_FORMATS: dict[str, dict[str, None]] = {
    ".png": {"Software": None},
    ".svg": {"Date": None, "Creator": None},
    ".pdf": {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None},
}
_SVG_SALT = "mdcoverage"
# alpha 255: the top byte of an RGBA pixel read as a little-endian 32-bit word
_OPAQUE = np.uint32(0xFF000000)


def save_figure(
    fig: Figure, path: str | os.PathLike[str], *, dpi: float = 200.0, tight: bool | None = None
) -> Path:
    """Write ``fig`` to ``path`` (PNG, SVG or PDF by extension), byte-identical for the
    same figure: no dates or software versions in the metadata, fixed SVG id salt.

    ``tight`` crops the figure to its content (an extra draw); the default is True except
    for figures made by :func:`plot_map` and :func:`plot_comparison`, whose layout is
    fixed already. ``dpi``: a number in [10, 2000] (Python or numpy) that keeps the image
    within :data:`MAX_PIXELS`. Warnings about glyphs missing from the font (exotic
    characters in user text) are not raised: such characters are drawn as boxes.

    The file is written to a temporary file in the same folder and then moved into
    place (:func:`mdcoverage.output.atomic_write`), so a failed save leaves no partial
    file. Errors: :class:`OutputError` with one line naming the path. Returns the path.
    """
    path = _output_path(path)
    ext = "." + check_suffix(path, [e.lstrip(".") for e in _FORMATS], what="figure")
    if not isinstance(fig, Figure):
        raise OutputError(
            f"cannot write {str(path)!r}: fig must be a matplotlib Figure, "
            f"not {type(fig).__name__}"
        )
    dpi = _check_dpi(fig, dpi, path)
    if tight is None:
        tight = not getattr(fig, FIXED_LAYOUT_ATTR, False)

    options: dict[str, Any] = {
        "format": ext[1:],
        "dpi": dpi,
        "metadata": dict(_FORMATS[ext]),
        "bbox_inches": "tight" if tight else None,
        "pad_inches": 0.15,
        "facecolor": "white",
    }

    def write(tmp: Path) -> None:
        with (
            open(tmp, "wb") as fh,
            mpl.rc_context({"svg.hashsalt": _SVG_SALT}),
            warnings.catch_warnings(),
        ):
            warnings.filterwarnings("ignore", r"Glyph .* missing from", UserWarning)
            if ext == ".png":
                _print_png(fig, fh, options)
            else:
                with hatches_on_top(fig):  # as strong as PNG's (vector formats only)
                    fig.savefig(fh, **options)

    return atomic_write(path, write)


class _PngCanvas(FigureCanvasAgg):
    """Agg, with the PNG encoded lean (:func:`.pngenc.encode_png`): RGB when every pixel
    is opaque (the figure is drawn on white, so it is), one "Up" filter, zlib level 1 in
    parallel pieces. A fraction of Pillow's encoding time; the file is a little larger."""

    def print_png(self, filename_or_obj: Any, *, metadata: Any = None, **_: Any) -> None:
        FigureCanvasAgg.draw(self)
        rgba = np.asarray(self.buffer_rgba())
        opaque = bool((rgba.reshape(-1).view("<u4") >= _OPAQUE).all())
        text = {k: v for k, v in (metadata or {}).items() if v is not None}
        pixels = drop_alpha(rgba) if opaque else rgba
        data = encode_png(pixels, dpi=self.figure.dpi, text=text)
        if hasattr(filename_or_obj, "write"):
            filename_or_obj.write(data)
        else:
            Path(filename_or_obj).write_bytes(data)


def _print_png(fig: Figure, fh: Any, options: dict[str, Any]) -> None:
    """``fig.savefig(fh, **options)`` through :class:`_PngCanvas` (the figure's own
    canvas is put back afterwards, as matplotlib does when saving with another backend)."""
    own = fig.canvas
    try:
        _PngCanvas(fig).print_figure(fh, **options)
    finally:
        fig.set_canvas(own)


def _output_path(path: object) -> Path:
    if not isinstance(path, str | os.PathLike):
        raise OutputError(f"the output path must be a string or a Path, not {type(path).__name__}")
    return Path(os.fspath(path))


def _check_dpi(fig: Figure, dpi: Any, path: Path) -> float:
    """``dpi`` as a float, or OutputError: not a number in [10, 2000], or an image larger
    than :data:`MAX_PIXELS` (the message gives the largest dpi for this figure)."""
    name = repr(str(path))
    if not is_number(dpi) or not 10 <= dpi <= 2000:
        raise OutputError(
            f"cannot write {name}: dpi must be a number in [10, 2000], not {dpi!r:.40}"
        )
    dpi = float(dpi)
    w, h = (float(x) for x in fig.get_size_inches())
    if w * h * dpi * dpi > MAX_PIXELS:
        most = math.floor(math.sqrt(MAX_PIXELS / (w * h)))
        raise OutputError(
            f"cannot write {name}: dpi {dpi:g} would make a {w * dpi:.0f} x {h * dpi:.0f} "
            f"pixel image (at most {MAX_PIXELS / 1e6:g} megapixels); "
            f"use dpi <= {most} for this {w:g} x {h:g} in figure"
        )
    return dpi
