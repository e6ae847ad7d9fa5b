"""mdcoverage: a conceptual, illustrative missile-defence coverage model for teaching.

Model notional interceptor sites and sensors as geodesic footprints and compare two
architectures from the 2011 NATO–Russia debate ("sectoral" vs "two independent systems")
on maps and in numbers, as of any date. Notional parameters only: nothing here describes
the performance of any real system.

Quick start::

    from mdcoverage import load_preset, assess, compare
    a = assess(load_preset("2011-independent"))
    b = assess(load_preset("2011-sectoral-podvig-2012"))
    compare([a, b])

Plotting lives in :mod:`mdcoverage.plotting` (imported on demand, so the model runs
without a display).
"""

import importlib

__version__ = "0.1.0"

_LAZY = {
    "assess": "coverage",
    "assess_all": "coverage",
    "compare": "coverage",
    "Assessment": "coverage",
    "load_preset": "scenario",
    "read_scenario": "scenario",
    "scenario_from_dict": "scenario",
    "preset_names": "scenario",
    "list_presets": "scenario",
    "Scenario": "scenario",
    "analyse_track": "tracks",
    "analyse_tracks": "tracks",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> object:
    if name in _LAZY:
        module = importlib.import_module(f".{_LAZY[name]}", __name__)
        return getattr(module, name)
    raise AttributeError(f"module 'mdcoverage' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
