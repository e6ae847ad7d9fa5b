"""The notices every output carries: the caveat, the tracks caveat and the data credits.

Figures put :data:`CAVEAT` and :data:`DATA_CREDITS` in their badge; exports write them
into their provenance; the tracks table and figure add :data:`TRACKS_CAVEAT` (DESIGN §1),
every output of the reach metrics :data:`REACH_CAVEAT`.
"""

from __future__ import annotations

__all__ = ["CAVEAT", "DATA_CREDITS", "REACH_CAVEAT", "TRACKS_CAVEAT"]

#: The caveat every figure and export carries (DESIGN §1).
CAVEAT = "Illustrative model — notional parameters, not the performance of any real system"

#: What tracks show and do not show, under every tracks table and figure.
TRACKS_CAVEAT = (
    "Ground-track geometry only: overlap on a map is not a capability "
    "(no timing, altitude or probabilities)."
)

#: What "in another party's reach" shows and does not show, with every output of it
#: (:mod:`mdcoverage.reach`): metric tables, sentences, figures, exports.
REACH_CAVEAT = (
    "In another party's reach: geometry only: overlap on a map is not a capability "
    "(notional footprints; no timing, altitude, intent or probabilities)."
)

#: Short credit line of the bundled data, for maps and exports.
DATA_CREDITS = "Data: Natural Earth (public domain); GeoNames (CC BY 4.0)"
