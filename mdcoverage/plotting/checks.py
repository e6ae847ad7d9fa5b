"""Argument checks shared by the plotting modules (not part of the public API)."""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import MdcoverageError

__all__ = ["checked", "is_number"]


def is_number(x: object) -> bool:
    """A real number (Python or numpy), not a bool."""
    return isinstance(x, numbers.Real) and not isinstance(x, bool | np.bool_)


def checked(objs: Any, kind: str, what: str, *, single: bool = False) -> list[Any]:
    """``objs`` (one object, or a non-empty sequence) as a list of ``kind`` objects (a class
    of :mod:`mdcoverage.coverage` or :mod:`mdcoverage.tracks`).

    Raises:
        MdcoverageError: ``objs`` is not such an object or a non-empty sequence of them.
    """
    from .. import coverage, tracks  # lazy: plotting is the edge; the core loads on use

    cls = {"Assessment": coverage.Assessment, "TrackAnalysis": tracks.TrackAnalysis}[kind]
    items = [objs] if single or isinstance(objs, cls) else objs
    if isinstance(items, str | bytes) or not isinstance(items, Sequence):
        raise MdcoverageError(f"{what}: expected a list of {kind}, not {type(objs).__name__}")
    if not items:
        raise MdcoverageError(f"{what} needs at least one {kind}")
    for i, x in enumerate(items):
        if not isinstance(x, cls):
            where = "" if single else f"item {i}: "
            an = "an" if kind[0] in "AEIOU" else "a"
            raise MdcoverageError(f"{what}: {where}expected {an} {kind}, not {type(x).__name__}")
    return list(items)
