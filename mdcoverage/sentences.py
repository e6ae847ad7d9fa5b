"""The metrics in plain sentences, for a class: per party, per country, and the largest
differences between two architectures.

Every sentence is built from a template of :data:`MESSAGES` (one place: a translation is a
second dict with the same keys and placeholders) by :func:`message`. Shares are written
in whole percent (:func:`mdcoverage.tables.percent`: never a misleading 0 % or 100 %).

* :func:`party_sentences` — one sentence per party of an assessment;
* :func:`country_sentences` — the sentences about one country (code or name);
* :func:`difference_sentences` — the ``n`` largest differences between two assessments.

The sentences about "another party's reach" carry ``(geometry only)``; an output that
shows them also shows :data:`~mdcoverage.notices.REACH_CAVEAT` (:func:`caveats`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .errors import UnknownNameError
from .notices import CAVEAT, REACH_CAVEAT
from .parties import scenario_parties
from .tables import percent

if TYPE_CHECKING:
    from .coverage import Assessment

__all__ = [
    "COUNTRIES_OF_INTEREST",
    "MESSAGES",
    "caveats",
    "country_sentences",
    "difference_sentences",
    "find_country",
    "message",
    "party_label",
    "party_sentences",
]

#: the default countries of ``mdcoverage explain``: where the 2011 debate was sharpest
COUNTRIES_OF_INTEREST = ("EST", "LVA", "LTU", "POL", "ROU", "TUR", "RUS", "BLR")

#: every template of this module, by message key (placeholders in braces)
MESSAGES: dict[str, str] = {
    "party.defended": "{party}: {defended} of its urban population defended{by}.",
    "party.by_own": ", all of it by its own notional sites",
    "party.by_other": ", {dependency} of those by another party's notional sites",
    "party.reach": (
        "{party}: {pop} of its urban population and {area} of its territory lie inside "
        "another party's interceptor reach (geometry only)."
    ),
    "party.reach_none": (
        "{party}: {pop} of their urban population and {area} of their territory lie "
        "inside some party's interceptor reach (geometry only)."
    ),
    "party.defended_none": "{party}: {defended} of their urban population defended.",
    "none.label": "Countries in no party",
    "country.defended": "{country}: {defended} of its urban population defended{by}.",
    "country.no_places": "{country}: no place of 15,000 or more inhabitants in the region.",
    "country.nobody": (
        "{country}: not defended: no party is responsible for it under this architecture."
    ),
    "country.by_all": ", all of it by {who}'s notional sites",
    "country.by_some": ", {share} of it by {who}'s notional sites",
    "country.by_and": " and {share} by {who}'s",
    "country.reach": (
        "{country}: {pop} of its urban population and {area} of its territory lie inside "
        "another party's interceptor reach (geometry only)."
    ),
    "country.reach_none": (
        "{country}: {pop} of its urban population and {area} of its territory lie inside "
        "some party's interceptor reach (geometry only)."
    ),
    "diff.defended": (
        "{name}: urban population defended {va} under {a}, {vb} under {b} (about {people} people)."
    ),
    "diff.dependency": (
        "{name}: urban population defended by another party {va} under {a}, {vb} under "
        "{b} (about {people} people)."
    ),
    "diff.none": "No difference between {a} and {b} in who is defended or by whom.",
    "people.millions": "{value:.1f} million",
    "people.thousands": "{value:,.0f}",
}


def message(key: str, **values: object) -> str:
    """The template ``key`` of :data:`MESSAGES` filled with ``values``."""
    return MESSAGES[key].format(**values)


def caveats() -> list[str]:
    """The notices that go with every output of these sentences."""
    return [CAVEAT + ".", REACH_CAVEAT]


def party_label(a: Assessment, party: str) -> str:
    """A party's display name in ``a``'s scenario (``"none"``: countries in no party)."""
    if party in ("", "none"):
        return message("none.label")
    labels = {p.name: p.label for p in scenario_parties(a.scenario)}
    return labels.get(party, party)


def _people(n: float) -> str:
    if abs(n) >= 1e6:
        return message("people.millions", value=abs(n) / 1e6)
    return message("people.thousands", value=round(abs(n), -3) or abs(n))


def party_sentences(a: Assessment) -> list[str]:
    """Per party of ``a`` (its own parties first, then countries in no party): what is
    defended and by whom, then what lies inside another party's reach."""
    out = []
    order = sorted(a.parties.index, key=lambda p: (p == "none", p))
    for p in order:
        r = a.parties.loc[p]
        label = party_label(a, p)
        if p != "none":
            if r["urban_pop_defended"] == 0:
                by = ""
            elif r["dependency_pop"] == 0:
                by = message("party.by_own")
            else:
                by = message("party.by_other", dependency=percent(r["dependency_pop_share"]))
            out.append(
                message(
                    "party.defended",
                    party=label,
                    defended=percent(r["urban_pop_defended_share"]),
                    by=by,
                )
            )
        else:
            defended = percent(r["urban_pop_defended_share"])
            out.append(message("party.defended_none", party=label, defended=defended))
        out.append(
            message(
                "party.reach_none" if p == "none" else "party.reach",
                party=label,
                pop=percent(r["in_others_reach_pop_share"]),
                area=percent(r["in_others_reach_area_share"]),
            )
        )
    return out


def find_country(a: Assessment, country: str) -> str:
    """The ``adm0_a3`` code of a country of ``a``'s region, given its code or its name
    (case-insensitive); :class:`~mdcoverage.errors.UnknownNameError` otherwise."""
    key = str(country).strip()
    if key.upper() in a.countries.index:
        return key.upper()
    names = {str(n).casefold(): code for code, n in a.countries["name"].items()}
    if key.casefold() in names:
        return names[key.casefold()]
    raise UnknownNameError("country of the region", country, list(a.countries["name"]))


def _defenders(a: Assessment, code: str) -> pd.Series:
    """People of a country's defended places per responsible party, largest first."""
    pl = a.places[(a.places["adm0_a3"] == code) & a.places["defended"]]
    return pl.groupby("responsible")["population"].sum().sort_values(ascending=False)


def country_sentences(a: Assessment, country: str) -> list[str]:
    """What ``a`` says about one country (ADM0_A3 code or name): how much of its urban
    population is defended and by whose notional sites, and how much of it lies inside
    another party's reach."""
    code = find_country(a, country)
    r = a.countries.loc[code]
    name = str(r["name"])
    reach = message(
        "country.reach_none" if r["party"] == "none" else "country.reach",
        country=name,
        pop=percent(r["in_others_reach_pop_share"]),
        area=percent(r["in_others_reach_area_share"]),
    )
    if r["urban_pop"] == 0:
        return [message("country.no_places", country=name), reach]
    places = a.places[a.places["adm0_a3"] == code]
    if (places["responsible"] == "").all():
        return [message("country.nobody", country=name), reach]
    by = ""
    defenders = _defenders(a, code)
    if len(defenders) == 1:
        by = message("country.by_all", who=party_label(a, defenders.index[0]))
    elif len(defenders) > 1:
        total = defenders.sum()
        parts = [(party_label(a, p), percent(v / total)) for p, v in defenders.items()]
        by = message("country.by_some", who=parts[0][0], share=parts[0][1])
        by += "".join(message("country.by_and", who=w, share=s) for w, s in parts[1:])
    defended = percent(r["urban_pop_defended_share"])
    return [message("country.defended", country=name, defended=defended, by=by), reach]


def difference_sentences(a: Assessment, b: Assessment, n: int = 3) -> list[str]:
    """The ``n`` largest differences between two architectures, per country, in people:
    the urban population defended, and the urban population defended by another party
    (each country at most once, by its largest difference)."""
    ca, cb = a.countries, b.countries.reindex(a.countries.index)
    cand = []
    for key, col in (
        ("diff.defended", "urban_pop_defended"),
        ("diff.dependency", "dependency_pop"),
    ):
        delta = (cb[col].astype(float) - ca[col].astype(float)).to_numpy()
        for code, d in zip(ca.index, delta, strict=True):
            if np.isfinite(d) and d != 0:
                cand.append((abs(d), code, key, col))
    cand.sort(key=lambda t: (-t[0], t[1], t[2]))
    out, seen = [], set()
    for people, code, key, col in cand:
        if code in seen:
            continue
        seen.add(code)
        pop_a, pop_b = ca.loc[code, "urban_pop"], cb.loc[code, "urban_pop"]
        out.append(
            message(
                key,
                name=ca.loc[code, "name"],
                a=a.name,
                b=b.name,
                va=percent(ca.loc[code, col] / pop_a if pop_a else 0.0),
                vb=percent(cb.loc[code, col] / pop_b if pop_b else 0.0),
                people=_people(people),
            )
        )
        if len(out) == n:
            break
    return out or [message("diff.none", a=a.name, b=b.name)]
