"""How much the conclusions depend on the notional numbers: every interceptor radius
times a factor.

The radii of the presets are round notional numbers. :func:`sensitivity` assesses each
architecture again with every interceptor radius multiplied by the same factor (sensors
unchanged; by default 0.5, 0.75, 1, 1.25 and 1.5) and returns its key metrics against
the factor, so that a class sees which conclusions survive other notional numbers and
which do not. A larger radius only adds footprint, and responsibility does not depend on
the radii: the defended shares never decrease as the factor grows.

Still illustrative: scaling a notional number gives another notional number, not the
performance of any real system.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import pandas as pd

from .coverage import assess
from .errors import ScenarioError
from .geodesy import MAX_RADIUS_KM
from .notices import CAVEAT, REACH_CAVEAT
from .scenario import Scenario

__all__ = [
    "DEFAULT_FACTORS",
    "SENSITIVITY_CAVEAT",
    "SENSITIVITY_METRICS",
    "scale_interceptors",
    "sensitivity",
]

#: the factors of :func:`sensitivity` by default
DEFAULT_FACTORS = (0.5, 0.75, 1.0, 1.25, 1.5)
#: the metrics :func:`sensitivity` returns per architecture, party and factor
SENSITIVITY_METRICS = [
    "urban_pop_defended_share",
    "defended_area_share",
    "dependency_pop_share",
    "in_others_reach_pop_share",
    "in_others_reach_area_share",
]
#: what goes with every output of a sensitivity table or figure
SENSITIVITY_CAVEAT = (
    f"{CAVEAT}: every interceptor radius times the same factor gives other notional "
    f"numbers, not another real system. {REACH_CAVEAT}"
)


def _check_factor(factor: object) -> float:
    try:
        f = float(factor)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        f = math.nan
    if isinstance(factor, bool) or not (math.isfinite(f) and f > 0):
        raise ScenarioError(f"a radius factor must be a number above 0; got {factor!r}")
    return f


def scale_interceptors(scenario: Scenario, factor: float) -> Scenario:
    """A copy of ``scenario`` with every interceptor system's ``radius_km`` times
    ``factor`` (a number above 0; a radius never beyond half the Earth's circumference,
    :data:`~mdcoverage.geodesy.MAX_RADIUS_KM`). Sensors keep their radii. Factor 1 gives
    the scenario itself."""
    f = _check_factor(factor)
    if f == 1.0:
        return scenario
    systems = [
        s.model_copy(update={"radius_km": min(s.radius_km * f, MAX_RADIUS_KM)})
        if s.role == "interceptor"
        else s
        for s in scenario.systems
    ]
    return scenario.replace(systems=systems)


def sensitivity(
    scenarios: Scenario | Sequence[Scenario],
    factors: Iterable[float] = DEFAULT_FACTORS,
    *,
    architecture: int | str | None = None,
    level: str = "parties",
) -> pd.DataFrame:
    """Each architecture's key metrics against the interceptor radius factor.

    Args:
        scenarios: one scenario or several (every architecture of each is assessed).
        factors: the radius factors (numbers above 0; sorted, each once).
        architecture: only this architecture of each scenario (name, type or position).
        level: ``"parties"`` (default) or ``"total"``: rows per party or in total.

    Returns:
        A tidy DataFrame: ``architecture``, ``as_of`` (ISO date), ``factor``, ``party``
        (``"total"`` for ``level="total"``) and :data:`SENSITIVITY_METRICS` (shares 0..1).
    """
    if isinstance(scenarios, Scenario):
        scenarios = [scenarios]
    if level not in ("parties", "total"):
        raise ScenarioError(f"level must be 'parties' or 'total'; got {level!r}")
    fs = sorted({_check_factor(f) for f in factors})
    if not fs:
        raise ScenarioError("give at least one radius factor")
    frames = []
    for sc in scenarios:
        archs = [architecture] if architecture is not None else range(len(sc.architectures))
        for f in fs:
            scaled = scale_interceptors(sc, f)
            for arch in archs:
                a = assess(scaled, arch)
                tbl = getattr(a, level)[SENSITIVITY_METRICS].reset_index(names="party")
                tbl.insert(0, "factor", f)
                tbl.insert(0, "as_of", a.as_of.isoformat())
                tbl.insert(0, "architecture", a.name)
                frames.append(tbl)
    return pd.concat(frames, ignore_index=True)
