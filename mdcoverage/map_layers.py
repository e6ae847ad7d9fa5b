"""Geometry that only maps need, computed from an assessment (TEMPORARY STAND-IN).

Stand-in on the plotting branch: it returns the :class:`~mdcoverage.coverage.Assessment`
attributes of today. The model branch's ``map_layers`` (which computes these and removes
the attributes from ``Assessment``) replaces this file at the merge.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "defended_areas",
    "footprints",
    "pieces",
    "responsibility_areas",
    "sector_areas",
    "sector_lines",
]


def footprints(a: Any) -> Any:
    """One row per site: ``site``, ``party``, ``kind``, ``role``, ..., ``geometry``."""
    return a.footprints


def pieces(a: Any) -> Any:
    """Responsibility pieces: ``adm0_a3``, ``responsible``, ``defended_geometry``, ..."""
    return a.pieces


def responsibility_areas(a: Any) -> Any:
    """``party``, ``geometry``: where each party is responsible."""
    return a.responsibility_areas


def defended_areas(a: Any) -> Any:
    """``party``, ``geometry``: what each responsible party defends."""
    return a.defended_areas


def sector_areas(a: Any) -> Any:
    """Sectors on land (``party``, ``label``, ``geometry``), or None without sectors."""
    return a.sector_areas


def sector_lines(a: Any) -> Any:
    """Sector boundaries on land (``party``, ``geometry`` lines), or None."""
    return a.sector_lines
