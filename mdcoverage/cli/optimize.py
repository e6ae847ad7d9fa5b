"""The ``optimize`` command: how many notional sites each party needs, per architecture."""

from __future__ import annotations

import argparse
from typing import Any

from ..errors import MdcoverageError
from ..i18n import t
from ..output import check_output, check_suffix
from .common import (
    add_format,
    add_inputs,
    add_lang,
    command,
    exists,
    format_table,
    km_arg,
    number_arg,
    read_scenarios,
    say,
    text_arg,
)

#: the presets of the teaching comparison (NATO's 2011 position and Russia's, as Podvig
#: described it)
OPTIMIZE_PRESETS = ("2011-independent", "2011-sectoral-podvig-2012")


def cmd_optimize(args: argparse.Namespace) -> int:
    from .. import optimize  # lazy: the model (scipy, geodesy, geopandas)

    scenarios = read_scenarios(args, default=OPTIMIZE_PRESETS)
    if args.write_scenario:  # before any work: a .toml that is none of the inputs
        check_suffix(args.write_scenario, (".toml",), what="--write-scenario")
        check_output(args.write_scenario, _input_files(args))
    options = _options(args)
    table, curve = _comparison(optimize, scenarios, args, options)
    text = format_table(_shown(table), args.format, args.lang)
    if args.format == "table":
        text += f"\n{t('tables.optimize_note', args.lang)}\n"
    if args.output:
        from .. import plotting  # lazy: matplotlib, only for figures
        from ..plotting.optimize import plot_sites_curve  # lazy: matplotlib

        fig = plot_sites_curve(
            curve, target=args.target / 100.0, as_of=scenarios[0].as_of, lang=args.lang
        )
        text += f"wrote {plotting.save_figure(fig, args.output, dpi=args.dpi)}\n"
    if args.write_scenario:
        text += f"wrote {_write_layout(optimize, scenarios[0], args, options)}\n"
    say(text, end="")
    return 0


def _input_files(args: argparse.Namespace) -> list:
    """The scenario files read (and their bases)."""
    from ..scenario import scenario_files  # lazy: loads pandas and the geodata

    files: list = []
    for ref in getattr(args, "scenario", None) or ():
        if exists(ref):
            files += scenario_files(ref)
    return files


def _options(args: argparse.Namespace) -> dict[str, Any]:
    kinds = tuple(k.strip().lower() for k in args.kinds.split(",") if k.strip())
    bad = [k for k in kinds if k not in ("land", "sea")]
    if bad or not kinds:
        raise MdcoverageError(f"--kinds takes land, sea or land,sea; got {args.kinds!r}")
    return {
        "system": args.system,
        "radius_km": args.radius_km,
        "spacing_deg": args.spacing_deg,
        "kinds": kinds,
        "keep_existing": args.keep_existing,
    }


def _comparison(optimize: Any, scenarios: list, args: argparse.Namespace, options: dict):
    if args.sites is not None:  # maximal covering with a fixed number of sites
        return _best_p(optimize, scenarios, args, options)
    return optimize.comparison(
        _chosen_architecture(scenarios, args),
        args.party or (),
        target=args.target / 100.0,
        max_sites=args.max_sites,
        **options,
    )


def _chosen_architecture(scenarios: list, args: argparse.Namespace) -> list:
    """With --architecture, each scenario with only that architecture."""
    if not args.architecture:
        return scenarios
    from ..coverage import pick_architecture  # lazy: the model

    out = []
    for sc in scenarios:
        arch = pick_architecture(sc, args.architecture)
        out.append(sc.replace(architectures=[arch.spec]))
    return out


def _best_p(optimize: Any, scenarios: list, args: argparse.Namespace, options: dict):
    import pandas as pd  # lazy: not needed for --help

    rows, curves = [], []
    for sc in _chosen_architecture(scenarios, args):
        parties = [p.lower() for p in args.party or ()] or sorted(
            {s.party.lower() for s in sc.sites}
        )
        for i in range(len(sc.architectures)):
            for party in parties:
                prob = optimize.party_instance(sc, party, i, **options)
                opt = optimize.optimize_party(prob, sites=args.sites)
                rows.append(
                    {
                        "architecture": prob.architecture.name,
                        "party": party,
                        "responsible_pop": prob.responsible_pop,
                        "existing_kept": prob.n_existing,
                        "radius_km": prob.radius_km,
                        "candidates": len(prob.candidates),
                        "new_sites": len(opt.chosen),
                        "sites": len(opt.chosen) + prob.n_existing,
                        "share": opt.solution.share,
                        "lp_bound_share": optimize.lp_bound(prob.instance, args.sites),
                        "gap": opt.solution.gap,
                    }
                )
                c = optimize.sites_curve(prob, args.sites)
                c.insert(0, "party", party)
                c.insert(0, "architecture", prob.architecture.name)
                curves.append(c)
    return pd.DataFrame(rows), pd.concat(curves, ignore_index=True)


def _shown(table):
    out = table.copy()
    for col in ("share", "reachable_share", "target_share", "lp_bound_share"):
        if col in out:
            out[col] = (100.0 * out[col].astype(float)).round(1)
            out = out.rename(
                columns={
                    col: col.replace("_share", "").replace("share", "") + "_pct"
                    if col != "share"
                    else "share_pct"
                }
            )
    return out


def _write_layout(optimize: Any, scenario: Any, args: argparse.Namespace, options: dict):
    """The optimal layout of the first scenario's chosen (or first) architecture, every
    party optimised, as a scenario file."""
    from ..layout_file import optimal_scenario, write_scenario  # lazy: the model

    arch = args.architecture or 0
    parties = [p.lower() for p in args.party or ()] or sorted(
        {s.party.lower() for s in scenario.sites}
    )
    optima = []
    for party in parties:
        prob = optimize.party_instance(scenario, party, arch, **options)
        if args.sites is not None:
            optima.append(optimize.optimize_party(prob, sites=args.sites))
        else:
            optima.append(optimize.optimize_party(prob, target=args.target / 100.0))
    return write_scenario(optimal_scenario(optima), args.write_scenario)


def _sites_arg(value: str) -> int:
    return number_arg(value, lo=1, hi=200, integer=True, what="of sites from 1 to 200")


def _target_arg(value: str) -> float:
    return number_arg(value, lo=1e-9, hi=100, what="percent above 0 and at most 100")


def _spacing_arg(value: str) -> float:
    return number_arg(value, lo=0.25, hi=30, what="of degrees from 0.25 to 30")


def register(sub: Any) -> None:
    p = command(
        sub,
        "optimize",
        cmd_optimize,
        "how many notional sites each party needs under each architecture (optimal placement)",
    )
    add_inputs(p)
    _add_options(p)


def _add_options(p: argparse.ArgumentParser) -> None:
    # long-function: one add_argument per option, a flat list
    p.add_argument(
        "--party",
        action="append",
        type=text_arg,
        metavar="NAME",
        help="only this party (repeatable; default: every party with sites)",
    )
    goal = p.add_mutually_exclusive_group()
    goal.add_argument(
        "--target",
        type=_target_arg,
        default=90.0,
        metavar="PCT",
        help="defend at least this percentage of the urban population the party is responsible for, with the fewest sites (default 90)",
    )
    goal.add_argument(
        "--sites",
        type=_sites_arg,
        metavar="P",
        help="instead: the best P new sites (maximal covering)",
    )
    p.add_argument(
        "--max-sites",
        type=_sites_arg,
        default=6,
        metavar="N",
        help="the curve runs from 0 to N new sites (default 6)",
    )
    p.add_argument(
        "--system",
        type=text_arg,
        metavar="NAME",
        help="the scenario's interceptor system whose radius is used (default: the one the party uses most)",
    )
    p.add_argument(
        "--radius-km",
        type=km_arg,
        metavar="KM",
        help="a notional radius instead of the system's, km (at most 20003.9)",
    )
    p.add_argument(
        "--spacing-deg",
        type=_spacing_arg,
        default=2.0,
        metavar="DEG",
        help="candidate lattice spacing, degrees (default 2; 1 = whole degrees, slower)",
    )
    p.add_argument(
        "--kinds",
        type=text_arg,
        default="land,sea",
        help="candidate kinds: land, sea or land,sea (default)",
    )
    p.add_argument(
        "--keep-existing",
        action="store_true",
        help="keep the party's existing interceptor sites (counted as sites) and add new ones",
    )
    add_format(p)
    p.add_argument(
        "-o",
        "--output",
        type=text_arg,
        help="draw the curve (sites against defended share) to this .png, .svg or .pdf",
    )
    p.add_argument("--dpi", type=int, default=150, help=argparse.SUPPRESS)
    add_lang(p)
    p.add_argument(
        "--write-scenario",
        type=text_arg,
        metavar="FILE.toml",
        help="write the optimal layout (first scenario, chosen or first architecture) as a scenario file",
    )
