"""The notices every output carries: the caveat, the tracks caveat and the data credits.

Figures put :data:`CAVEAT` and :data:`DATA_CREDITS` in their badge; exports write them
into their provenance; the tracks table and figure add :data:`TRACKS_CAVEAT` (DESIGN §1),
every output of the reach metrics :data:`REACH_CAVEAT`. The texts live in the message
catalogue (:mod:`mdcoverage.i18n`); these are the English ones.
"""

from __future__ import annotations

from .i18n import t

__all__ = ["CAVEAT", "DATA_CREDITS", "REACH_CAVEAT", "TRACKS_CAVEAT"]

#: The caveat every figure and export carries (DESIGN §1).
CAVEAT = t("notices.caveat")

#: What tracks show and do not show, under every tracks table and figure.
TRACKS_CAVEAT = t("notices.tracks_caveat")

#: What "in another party's reach" shows and does not show, with every output of it
#: (:mod:`mdcoverage.reach`): metric tables, sentences, figures, exports.
REACH_CAVEAT = t("notices.reach_caveat")

#: Short credit line of the bundled data, for maps and exports.
DATA_CREDITS = t("notices.data_credits")
