"""Optimal placement: how many notional sites does a party need under each architecture?

Two classic location models, solved exactly with :func:`scipy.optimize.milp` (HiGHS):

* **maximal covering** (:func:`maximal_covering`): the best ``p`` sites, the ones that
  defend the largest urban population the party is responsible for;
* **set covering** (:func:`set_covering`): the fewest sites that defend at least a
  target share of that population.

The blocks, each usable alone:

* :func:`candidate_grid`: a lon/lat lattice (whole degrees by default) in the region;
* :func:`placement_candidates`: that lattice filtered by the placement rules
  (:func:`placement_problems`): a land site on the party's own territory (and on land in
  the sense of :func:`mdcoverage.validation.land_status`), a sea site at sea and more than
  :data:`TERRITORIAL_SEA_KM` (12 nautical miles) from any foreign country;
* :func:`coverage_matrix`: which candidate covers which place, from the exact geodesic
  :func:`mdcoverage.geodesy.within_radius`, as a ``scipy.sparse`` matrix;
* :func:`merge_demand`: identical demand rows merged (weights summed), empty rows and
  candidates that cover nothing (or the same as an earlier one) dropped — the models'
  optimum is unchanged and HiGHS gets a much smaller problem;
* :func:`party_instance`: all of the above for one party of one scenario under one
  architecture (demand: the bundled places, population-weighted, that the architecture
  makes the party responsible for; existing interceptor sites kept or not);
* :func:`optimize_party`, :func:`sites_curve`, :func:`comparison`: the teaching
  comparison (sites against defended share, per architecture and party);
* :mod:`mdcoverage.layout_file`: the optimal layout as a scenario
  every other command accepts.

Everything is illustrative: the radius is notional (a system of the scenario or a round
number), the demand is where people live, not what anyone would defend; the model counts
sites, not cost, politics or autonomy.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, milp

from . import geodesy
from .architectures import Architecture
from .candidates import (
    MAX_CANDIDATES,
    TERRITORIAL_SEA_KM,
    OptimizeError,
    candidate_grid,
    country_party_on,
    lattice_candidates,
    placement_candidates,
    placement_problems,
)
from .coverage import pick_architecture, region_places, site_table, within_footprints
from .errors import MdcoverageError
from .parties import scenario_parties
from .regions import region
from .scenario import Scenario

__all__ = [
    "MAX_CANDIDATES",
    "TERRITORIAL_SEA_KM",
    "CoverInstance",
    "CoverSolution",
    "OptimizeError",
    "PartyOptimum",
    "candidate_grid",
    "comparison",
    "coverage_matrix",
    "lp_bound",
    "maximal_covering",
    "merge_demand",
    "optimize_party",
    "party_instance",
    "placement_candidates",
    "placement_problems",
    "set_covering",
    "sites_curve",
]

# --------------------------------------------------------------------------- the matrix


def coverage_matrix(point_lon, point_lat, site_lon, site_lat, radius_km: float) -> sp.csr_matrix:
    """``A[i, j] = 1`` when place ``i`` lies within ``radius_km`` of candidate ``j``
    (geodesic, :func:`mdcoverage.geodesy.within_radius`): a sparse boolean matrix."""
    dense = geodesy.within_radius(point_lon, point_lat, site_lon, site_lat, radius_km)
    return sp.csr_matrix(dense)


@dataclass(frozen=True)
class CoverInstance:
    """A covering problem after :func:`merge_demand`.

    Attributes:
        cover: merged demand rows × kept candidates (sparse, 0/1).
        weight: the weight of each merged row (the sum of its places' weights).
        columns: the original index of each kept candidate.
        total: the whole demand (every place, coverable or not, already covered or not).
        base: the demand already covered (by kept existing sites).
        raw_shape: the shape of the matrix before merging.
    """

    cover: sp.csr_matrix
    weight: np.ndarray
    columns: np.ndarray
    total: float
    base: float = 0.0
    raw_shape: tuple[int, int] = (0, 0)

    @property
    def reachable(self) -> float:
        """The largest share any number of candidates can reach."""
        return (self.base + float(self.weight.sum())) / self.total if self.total else 0.0


def merge_demand(cover, weight, *, total: float | None = None, base: float = 0.0) -> CoverInstance:
    """Merge identical demand rows (weights summed), drop rows no candidate covers and
    candidates that cover nothing or exactly what an earlier candidate covers.

    ``cover``: places × candidates (dense or sparse, nonzero = covered); ``weight``: per
    place; ``total``: the demand to measure shares against (default: ``weight``'s sum);
    ``base``: the demand already covered (not in ``cover``). Deterministic: the kept
    candidate of a group of identical ones is the first.
    """
    a = cover.toarray() if sp.issparse(cover) else np.asarray(cover)
    a = a != 0
    w = np.asarray(weight, dtype=float)
    if a.ndim != 2 or w.shape != (a.shape[0],):
        raise OptimizeError(
            f"cover must be places × candidates with one weight per place; got {a.shape} and {w.shape}"
        )
    if (w < 0).any() or not np.isfinite(w).all():
        raise OptimizeError("weights must be finite and not negative")
    tot = float(w.sum()) + base if total is None else float(total)
    cols = np.flatnonzero(a.any(axis=0))
    if cols.size:
        packed_cols = np.packbits(a[:, cols], axis=0).T
        _, first = np.unique(packed_cols, axis=0, return_index=True)
        cols = cols[np.sort(first)]
    sub = a[:, cols]
    keep = sub.any(axis=1) & (w > 0)
    sub, w = sub[keep], w[keep]
    merged_w, sub = _merge_rows(sub, w)
    if sub.shape[1] > 1:
        dominated = _dominated(sp.csc_matrix(sub.astype(np.float64)))
        sub, cols = sub[:, ~dominated], cols[~dominated]
        merged_w, sub = _merge_rows(sub, merged_w)
    return CoverInstance(
        cover=sp.csr_matrix(sub.astype(np.int8)),
        weight=merged_w,
        columns=cols,
        total=tot,
        base=float(base),
        raw_shape=a.shape,
    )


def _merge_rows(a: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Identical rows of ``a`` merged (weights summed), in a fixed order."""
    if not a.shape[0]:
        return np.zeros(0), a
    _, first, inverse = np.unique(
        np.packbits(a, axis=1), axis=0, return_index=True, return_inverse=True
    )
    return np.bincount(inverse.ravel(), weights=w), a[first]


def _dominated(a: sp.csc_matrix) -> np.ndarray:
    """Candidates whose covered rows are a proper subset of another candidate's: never
    needed (swapping one for its dominator loses nothing), in both models."""
    size = np.asarray(a.sum(axis=0)).ravel()
    both = (a.T @ a).tocoo()
    sub = (
        (both.row != both.col) & (both.data >= size[both.row]) & (size[both.col] > size[both.row])
    )
    out = np.zeros(a.shape[1], bool)
    out[both.row[sub]] = True
    return out


# --------------------------------------------------------------------------- the models


@dataclass(frozen=True)
class CoverSolution:
    """The answer of :func:`maximal_covering` or :func:`set_covering`.

    Attributes:
        chosen: the original indices of the chosen candidates (sorted).
        covered: the demand defended (``base`` included).
        share: ``covered / total``.
        gap: HiGHS's relative optimality gap at the end (0: proven optimal).
        bound: the dual bound, in the objective's own units (share for maximal covering,
            sites for set covering).
        seconds: the solver's wall time.
    """

    chosen: np.ndarray
    covered: float
    share: float
    gap: float
    bound: float
    seconds: float = 0.0


def _model(inst: CoverInstance):
    """Variables ``x`` (candidates, binary) then ``y`` (merged rows, in [0, 1]);
    rows ``y_i - sum_j a_ij x_j <= 0``."""
    m, n = inst.cover.shape
    link = sp.hstack([-inst.cover.astype(float), sp.identity(m, format="csr")], format="csr")
    integrality = np.concatenate([np.ones(n), np.zeros(m)])
    return m, n, LinearConstraint(link, -np.inf, 0.0), integrality


def _solve(c, constraints, integrality, time_limit: float | None):
    options: dict = {"mip_rel_gap": 0.0, "presolve": True}
    if time_limit is not None:
        options["time_limit"] = float(time_limit)
    t0 = time.perf_counter()
    res = milp(
        c, constraints=constraints, integrality=integrality, bounds=Bounds(0, 1), options=options
    )
    seconds = time.perf_counter() - t0
    if res.x is None:
        raise OptimizeError(f"the solver found no solution: {res.message}")
    return res, seconds


def _solution(inst: CoverInstance, res, seconds: float, n: int, bound: float) -> CoverSolution:
    x = res.x[:n] > 0.5
    chosen = np.sort(inst.columns[x])
    hit = np.asarray(inst.cover[:, np.flatnonzero(x)].sum(axis=1)).ravel() > 0
    covered = inst.base + float(inst.weight[hit].sum())
    gap = float(getattr(res, "mip_gap", 0.0) or 0.0)
    return CoverSolution(
        chosen, covered, covered / inst.total if inst.total else 0.0, gap, bound, seconds
    )


def maximal_covering(
    inst: CoverInstance, p: int, *, relax: bool = False, time_limit: float | None = 60.0
) -> CoverSolution:
    """The ``p`` candidates (at most) that cover the largest demand.

    ``relax=True`` solves the LP relaxation (fractional sites): its ``share`` is an upper
    bound of the integer optimum (:func:`lp_bound`)."""
    # long-function: the checks, the two shortcuts and the fallback, each a few lines
    if isinstance(p, bool) or int(p) != p or p <= 0:
        raise OptimizeError(f"the number of sites must be a whole number above 0; got {p!r}")
    p = int(p)
    if inst.total <= 0:
        raise OptimizeError("there is no demand to cover (no place this party is responsible for)")
    m, n, link, integrality = _model(inst)
    if n == 0:
        return CoverSolution(
            np.zeros(0, int), inst.base, inst.base / inst.total, 0.0, inst.base / inst.total
        )
    scale = 1.0 / inst.total
    if p == 1 and not relax:  # one site: the candidate covering the most, no search
        t0 = time.perf_counter()
        j = int(np.argmax(inst.cover.T @ inst.weight))
        one = _one_site(inst, j)
        return CoverSolution(
            np.array([inst.columns[j]]),
            one,
            one * scale,
            0.0,
            one * scale,
            time.perf_counter() - t0,
        )
    c = np.concatenate([np.zeros(n), -inst.weight * scale])
    count = LinearConstraint(sp.csr_matrix(np.concatenate([np.ones(n), np.zeros(m)])), 0, p)
    constraints = [link, count]
    if relax:
        integrality = np.zeros_like(integrality)
    else:
        # a good answer found fast (greedy, then swaps): when it covers everything it is
        # optimal; when the exact search stops at the time limit with something worse,
        # it is returned instead (with the gap to the solver's bound)
        heur, got = _greedy_swap(inst, p)
        if got >= inst.weight.sum() * (1 - 1e-12):
            return _chosen_solution(inst, heur)
    try:
        res, seconds = _solve(c, constraints, integrality, time_limit)
    except OptimizeError:
        if relax:
            raise
        mine = _chosen_solution(inst, heur)  # the time ran out before any answer
        return CoverSolution(mine.chosen, mine.covered, mine.share, math.nan, math.nan)
    if relax:
        share = inst.base * scale - float(res.fun)
        return CoverSolution(
            np.flatnonzero(res.x[:n] > 1e-9), share * inst.total, share, 0.0, share, seconds
        )
    dual = getattr(res, "mip_dual_bound", None)
    bound = inst.base * scale - float(dual if dual is not None else res.fun)
    sol = _solution(inst, res, seconds, n, bound)
    fallback = (inst.base + got) * scale
    if sol.gap > 0 and fallback > sol.share:
        gap = max(0.0, (bound - fallback) / bound) if bound > 0 else 0.0
        mine = _chosen_solution(inst, heur)
        return CoverSolution(mine.chosen, mine.covered, mine.share, gap, bound, seconds)
    return sol


def _greedy_swap(inst: CoverInstance, p: int) -> tuple[np.ndarray, float]:
    """At most ``p`` columns: greedy, then single swaps while one improves (a fallback
    for the exact search, not the answer). Returns the columns and the weight they cover."""
    a = inst.cover.tocsc().astype(np.float64)
    w = inst.weight
    n = a.shape[1]
    chosen: list[int] = []
    hits = np.zeros(a.shape[0])
    for _ in range(min(p, n)):
        gain = a.T @ (w * (hits == 0))
        gain[chosen] = -1.0
        j = int(np.argmax(gain))
        if gain[j] <= 0:
            break
        chosen.append(j)
        hits += a[:, j].toarray().ravel()
    best = float(w[hits > 0].sum())
    for _ in range(20):  # rounds of swaps; each round tries every chosen site
        improved = False
        for k, j in enumerate(list(chosen)):
            rest = hits - a[:, j].toarray().ravel()
            gain = a.T @ (w * (rest == 0))
            gain[chosen] = -1.0
            q = int(np.argmax(gain))
            value = float(w[rest > 0].sum()) + float(gain[q])
            if value > best * (1 + 1e-12):
                chosen[k], hits, best, improved = q, rest + a[:, q].toarray().ravel(), value, True
        if not improved:
            break
    return np.array(sorted(chosen), dtype=int), best


def _chosen_solution(inst: CoverInstance, cols: np.ndarray) -> CoverSolution:
    """The solution of the columns ``cols`` of ``inst`` (gap 0 unless changed)."""
    hit = np.asarray(inst.cover[:, cols].sum(axis=1)).ravel() > 0
    covered = inst.base + float(inst.weight[hit].sum())
    share = covered / inst.total
    return CoverSolution(np.sort(inst.columns[cols]), covered, share, 0.0, share)


def _one_site(inst: CoverInstance, j: int) -> float:
    col = np.asarray(inst.cover[:, j].todense()).ravel() != 0
    return inst.base + float(inst.weight[col].sum())


#: set covering first tries p = 1, 2, ... up to this many sites (see _by_growing_p)
GROWING_P_LIMIT = 12


def _by_growing_p(inst: CoverInstance, target: float, time_limit) -> CoverSolution | None:
    """The fewest sites as the first ``p`` whose maximal covering reaches ``target``: the
    answer is minimal because ``p - 1`` sites were proven (gap 0) not to reach it; a
    quick greedy-and-swap answer with ``p`` sites is taken when it reaches the target.
    None when some step is not proven or ``p`` passes :data:`GROWING_P_LIMIT`; the
    caller then solves the set covering model itself. Often much faster."""
    need = target * inst.total * (1 - 1e-12)
    for p in range(1, min(GROWING_P_LIMIT, inst.cover.shape[1]) + 1):
        cols, got = _greedy_swap(inst, p)
        if inst.base + got >= need:
            return _chosen_solution(inst, cols)
        sol = maximal_covering(inst, p, time_limit=time_limit)
        if sol.covered >= need:
            return sol
        if not sol.gap <= 1e-9:  # not proven (NaN included): no proof of minimality
            return None
    return None


def lp_bound(inst: CoverInstance, p: int) -> float:
    """The LP relaxation's share: no integer choice of ``p`` sites defends more."""
    return maximal_covering(inst, p, relax=True).share


def set_covering(
    inst: CoverInstance, target: float, *, time_limit: float | None = 60.0
) -> CoverSolution:
    """The fewest candidates that defend at least ``target`` (a share in (0, 1]) of the
    demand. Raises :class:`OptimizeError` when no number of candidates reaches it."""
    if not (isinstance(target, int | float) and math.isfinite(target) and 0 < target <= 1):
        raise OptimizeError(
            f"the target share must be above 0 and at most 1 (100 %); got {target!r}"
        )
    if inst.total <= 0:
        raise OptimizeError("there is no demand to cover (no place this party is responsible for)")
    need = target * inst.total - inst.base
    tol = 1e-9 * inst.total
    if need <= tol:
        return CoverSolution(np.zeros(0, int), inst.base, inst.base / inst.total, 0.0, 0.0)
    if inst.base + inst.weight.sum() < target * inst.total - tol:
        raise OptimizeError(
            f"no number of sites reaches {100 * target:.4g} % of the population: these "
            f"candidates reach at most {100 * inst.reachable:.4g} % (a larger radius, more "
            "candidate kinds or a lower target)"
        )
    found = _by_growing_p(inst, target, time_limit)
    if found is not None:
        return found
    m, n, link, integrality = _model(inst)
    c = np.concatenate([np.ones(n), np.zeros(m)])
    scale = 1.0 / inst.total
    demand = LinearConstraint(
        sp.csr_matrix(np.concatenate([np.zeros(n), inst.weight * scale])),
        need * scale - 1e-12,
        np.inf,
    )
    res, seconds = _solve(c, [link, demand], integrality, time_limit)
    dual = getattr(res, "mip_dual_bound", None)
    return _solution(inst, res, seconds, n, float(dual if dual is not None else res.fun))


# --------------------------------------------------------------------------- a party


@dataclass(frozen=True)
class PartyProblem:
    """One party's placement problem under one architecture (:func:`party_instance`).

    Attributes:
        scenario, architecture, party: what is optimised.
        system: the scenario's system whose radius is used (the chosen sites' system).
        radius_km: the notional radius of every candidate.
        candidates: ``lon``, ``lat``, ``kind`` (:func:`placement_candidates`).
        existing: the party's interceptor sites in the scenario (site table rows).
        keep_existing: whether they stay (their coverage is the ``base``) or go.
        instance: the merged covering problem (:func:`merge_demand`).
        responsible_pop: the population of the places the party is responsible for.
        places: those places (``name``, ``adm0_a3``, ``lon``, ``lat``, ``population``).
    """

    scenario: Scenario
    architecture: Architecture
    party: str
    system: str
    radius_km: float
    candidates: pd.DataFrame
    existing: pd.DataFrame
    keep_existing: bool
    instance: CoverInstance
    responsible_pop: float
    places: pd.DataFrame = field(repr=False)

    @property
    def n_existing(self) -> int:
        """Existing sites counted in the total (0 unless kept)."""
        return len(self.existing) if self.keep_existing else 0


def _pick_system(scenario: Scenario, party: str, system: str | None) -> str:
    if system:
        sysm = scenario.system(system)
        if sysm.role != "interceptor":
            raise OptimizeError(f"system {sysm.name!r} is a sensor; give an interceptor system")
        return sysm.name
    sites = site_table(scenario)
    if len(sites):
        own = sites[(sites["party"] == party) & (sites["role"] == "interceptor")]
        if len(own):
            return str(own["system"].value_counts(sort=True).index[0])
    for s in scenario.systems:
        if s.role == "interceptor":
            return s.name
    raise OptimizeError("the scenario has no interceptor system; add one under [[systems]]")


def party_instance(
    scenario: Scenario,
    party: str,
    architecture: int | str | Architecture = 0,
    *,
    system: str | None = None,
    radius_km: float | None = None,
    spacing_deg: float = 1.0,
    kinds: Sequence[str] = ("land", "sea"),
    keep_existing: bool = False,
) -> PartyProblem:
    """The covering problem of ``party`` under one of the scenario's architectures.

    Demand: the region's places (population-weighted) the architecture makes ``party``
    responsible for. Candidates: :func:`placement_candidates`. Radius: ``radius_km``
    (notional) or ``system``'s (default: the interceptor system the party uses most).
    With ``keep_existing`` the party's interceptor sites stay and what they defend counts
    as already covered; without, the party starts from nothing."""
    # long-function: mostly its docstring and the check of each argument
    party = str(party).strip().lower()
    arch = pick_architecture(scenario, architecture)
    known = {p.name for p in scenario_parties(scenario)}
    if party not in known:
        raise OptimizeError(
            f"unknown party {party!r} in this scenario; its parties: {', '.join(sorted(known))}"
        )
    sysname = _pick_system(scenario, party, system)
    r = float(scenario.system(sysname).radius_km if radius_km is None else radius_km)
    try:
        geodesy.validate_radius_km(r, name="radius_km")
    except MdcoverageError as exc:
        raise OptimizeError(str(exc)) from None
    table = country_party_on(scenario)
    reg = region(scenario.region)
    cands = lattice_candidates(reg.bbox, float(spacing_deg), tuple(kinds), party, table)
    if cands.empty:
        raise OptimizeError(
            f"no candidate site for {party!r}: no lattice point keeps the placement rules "
            f"(spacing {spacing_deg:g}°, kinds {', '.join(kinds)}); try a smaller spacing"
        )
    mine = _responsible_places(reg.name, arch, party, table)
    existing = _interceptors(scenario, party)
    pop = mine["population"].to_numpy(dtype=float)
    done = np.zeros(len(mine), bool)
    if keep_existing and len(existing):
        done = within_footprints(mine, existing, "interceptor")[0].any(axis=1)
    cover = coverage_matrix(mine["lon"], mine["lat"], cands["lon"], cands["lat"], r)
    inst = merge_demand(
        cover[np.flatnonzero(~done)],
        pop[~done],
        total=float(pop.sum()),
        base=float(pop[done].sum()),
    )
    return PartyProblem(
        scenario,
        arch,
        party,
        sysname,
        r,
        cands,
        existing.reset_index(drop=True),
        bool(keep_existing),
        inst,
        float(pop.sum()),
        mine,
    )


def _responsible_places(name: str, arch: Architecture, party: str, table: pd.Series):
    """The region's places the architecture makes ``party`` responsible for."""
    places = region_places(name)
    resp = arch.responsible_for_points(places["lon"], places["lat"], places["adm0_a3"], table)
    return places[resp == party].reset_index(drop=True)


def _interceptors(scenario: Scenario, party: str) -> pd.DataFrame:
    sites = site_table(scenario)
    if sites.empty:
        return sites
    return sites[(sites["party"] == party) & (sites["role"] == "interceptor")]


@dataclass(frozen=True)
class PartyOptimum:
    """A solved :class:`PartyProblem`: ``chosen`` (``lon``, ``lat``, ``kind`` of the new
    sites), the :class:`CoverSolution`, and what was asked (``sites`` or ``target``)."""

    problem: PartyProblem
    chosen: pd.DataFrame
    solution: CoverSolution
    sites: int | None = None
    target: float | None = None


def optimize_party(
    problem: PartyProblem, *, sites: int | None = None, target: float | None = None
) -> PartyOptimum:
    """Maximal covering with ``sites`` new sites, or set covering of ``target`` (a share
    in (0, 1]); exactly one of the two."""
    if (sites is None) == (target is None):
        raise OptimizeError("give either a number of sites or a target share, not both")
    if sites is not None:
        sol = maximal_covering(problem.instance, sites)
    else:
        sol = set_covering(problem.instance, float(target))  # type: ignore[arg-type]
    chosen = problem.candidates.iloc[sol.chosen].reset_index(drop=True)
    return PartyOptimum(problem, chosen, sol, sites, target)


def sites_curve(problem: PartyProblem, max_sites: int) -> pd.DataFrame:
    """The defended share with the best ``p`` new sites, ``p = 0 .. max_sites`` (stops
    early once every coverable place is covered). Columns ``new_sites``, ``sites``
    (kept existing + new), ``share``, ``gap``."""
    if isinstance(max_sites, bool) or int(max_sites) != max_sites or max_sites <= 0:
        raise OptimizeError(
            f"the number of sites must be a whole number above 0; got {max_sites!r}"
        )
    inst = problem.instance
    base = inst.base / inst.total if inst.total else 0.0
    rows = [{"new_sites": 0, "share": base, "gap": 0.0}]
    for p in range(1, int(max_sites) + 1):
        if rows[-1]["share"] >= inst.reachable - 1e-12:
            break
        sol = maximal_covering(inst, p)
        rows.append({"new_sites": p, "share": sol.share, "gap": sol.gap})
    out = pd.DataFrame(rows)
    out.insert(1, "sites", out["new_sites"] + problem.n_existing)
    return out


def comparison(
    scenarios: Sequence[Scenario],
    parties: Sequence[str] = (),
    *,
    target: float = 0.9,
    max_sites: int = 10,
    **options,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The teaching comparison: for every architecture of every scenario and each party
    (default: every party owning a site), the fewest sites for ``target`` (set covering)
    and the curve of :func:`sites_curve`. ``options``: those of :func:`party_instance`.

    Returns ``(table, curve)``: the table has ``architecture``, ``party``,
    ``responsible_pop``, ``existing_kept``, ``new_sites`` (None when the target is out of
    reach), ``sites``, ``share``, ``reachable_share``, ``gap``; the curve
    ``architecture``, ``party`` and the columns of :func:`sites_curve`."""
    rows, curves = [], []
    for sc in scenarios:
        names = [p.lower() for p in parties] or sorted({s.party.lower() for s in sc.sites})
        for i in range(len(sc.architectures)):
            for party in names:
                prob = party_instance(sc, party, i, **options)
                rows.append(_table_row(prob, target))
                c = sites_curve(prob, max_sites)
                c.insert(0, "party", party)
                c.insert(0, "architecture", prob.architecture.name)
                curves.append(c)
    return pd.DataFrame(rows), pd.concat(curves, ignore_index=True)


def _table_row(prob: PartyProblem, target: float) -> dict:
    inst = prob.instance
    row = {
        "architecture": prob.architecture.name,
        "party": prob.party,
        "responsible_pop": prob.responsible_pop,
        "existing_kept": prob.n_existing,
        "radius_km": prob.radius_km,
        "candidates": len(prob.candidates),
        "target_share": target,
        "reachable_share": inst.reachable,
    }
    if inst.total <= 0 or inst.reachable < target - 1e-9:
        return row | {"new_sites": None, "sites": None, "share": inst.reachable, "gap": None}
    sol = set_covering(inst, target)
    n = len(sol.chosen)
    return row | {"new_sites": n, "sites": n + prob.n_existing, "share": sol.share, "gap": sol.gap}
