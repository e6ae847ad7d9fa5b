"""The metrics in plain sentences, for a class: per party, per country, and the largest
differences between two architectures.

Every sentence is built from a template of the message catalogue (:mod:`mdcoverage.i18n`,
section ``sentences``: English, German, Russian) by :func:`message`. Shares are written
in whole percent (:func:`mdcoverage.i18n.percent`: never a misleading 0 % or 100 %).

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

from ._memo import per_object
from .errors import UnknownNameError
from .i18n import country_name, number, party_name, percent, t
from .parties import scenario_parties

if TYPE_CHECKING:
    from .coverage import Assessment

__all__ = [
    "COUNTRIES_OF_INTEREST",
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


def message(key: str, lang: str = "en", /, **values: object) -> str:
    """The catalogue's template ``key`` (``sentences.…``) in ``lang``, filled."""
    return t(key, lang, **values)


def caveats(lang: str = "en") -> list[str]:
    """The notices that go with every output of these sentences."""
    return [t("notices.caveat", lang) + ".", t("notices.reach_caveat", lang)]


def party_label(a: Assessment, party: str, lang: str = "en") -> str:
    """A party's display name in ``a``'s scenario (``"none"``: countries in no party);
    the shipped parties in ``lang``, a scenario's own parties by their label."""
    if party in ("", "none"):
        return message("sentences.none_label", lang)
    labels = {p.name: p.label for p in scenario_parties(a.scenario)}
    return party_name(party, lang, default=labels.get(party, party))


def _people(n: float, lang: str) -> str:
    if abs(n) >= 1e6:
        return message("sentences.people_millions", lang, value=number(abs(n) / 1e6, lang, 1))
    return number(round(abs(n), -3) or abs(n), lang)


def _country(a: Assessment, code: str, lang: str) -> str:
    return country_name(code, lang, default=str(a.countries.loc[code, "name"]))


def party_sentences(a: Assessment, lang: str = "en") -> list[str]:
    """Per party of ``a`` (its own parties first, then countries in no party): what is
    defended and by whom, then what lies inside another party's reach."""
    out = []
    order = sorted(a.parties.index, key=lambda p: (p == "none", p))
    for p in order:
        r = a.parties.loc[p]
        label = party_label(a, p, lang)
        if p != "none":
            if r["urban_pop_defended"] == 0:
                by = ""
            elif r["dependency_pop"] == 0:
                by = message("sentences.party_by_own", lang)
            else:
                by = message(
                    "sentences.party_by_other",
                    lang,
                    dependency=percent(r["dependency_pop_share"], lang),
                )
            out.append(
                message(
                    "sentences.party_defended",
                    lang,
                    party=label,
                    defended=percent(r["urban_pop_defended_share"], lang),
                    by=by,
                )
            )
        else:
            defended = percent(r["urban_pop_defended_share"], lang)
            out.append(
                message("sentences.party_defended_none", lang, party=label, defended=defended)
            )
        out.append(
            message(
                "sentences.party_reach_none" if p == "none" else "sentences.party_reach",
                lang,
                party=label,
                pop=percent(r["in_others_reach_pop_share"], lang),
                area=percent(r["in_others_reach_area_share"], lang),
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


def _by_country(a: Assessment) -> tuple[set[str], dict[str, list[tuple[str, float]]]]:
    """The countries with a place some party is responsible for, and per country the
    people of its defended places per responsible party, largest first (ties in party
    order) — grouped once per assessment (an Assessment hashes by identity), so that the
    sentences of every country cost one pass over the places."""
    return per_object(a, "sentences", "by_country", lambda: _group_by_country(a))


def _group_by_country(a: Assessment) -> tuple[set[str], dict[str, list[tuple[str, float]]]]:
    pl = a.places
    code = pl["adm0_a3"].astype(object).to_numpy()
    resp = pl["responsible"].astype(object).to_numpy()
    defended = pl["defended"].to_numpy(bool)
    frame = pd.DataFrame(
        {
            "code": code[defended],
            "party": resp[defended],
            "people": pl["population"].to_numpy()[defended],
        }
    )
    sums = frame.groupby(["code", "party"], sort=True)["people"].sum()
    out: dict[str, list[tuple[str, float]]] = {}
    for (c, party), people in sums.items():
        out.setdefault(str(c), []).append((str(party), float(people)))
    for rows in out.values():
        rows.sort(key=lambda r: -r[1])  # stable: ties stay in party order
    return {str(c) for c in code[resp != ""]}, out


def _defenders(a: Assessment, code: str) -> list[tuple[str, float]]:
    """People of a country's defended places per responsible party, largest first."""
    return _by_country(a)[1].get(code, [])


def country_sentences(a: Assessment, country: str, lang: str = "en") -> list[str]:
    """What ``a`` says about one country (ADM0_A3 code or name): how much of its urban
    population is defended and by whose notional sites, and how much of it lies inside
    another party's reach."""
    code = find_country(a, country)
    r = a.countries.loc[code]
    name = _country(a, code, lang)
    reach = message(
        "sentences.country_reach_none" if r["party"] == "none" else "sentences.country_reach",
        lang,
        country=name,
        pop=percent(r["in_others_reach_pop_share"], lang),
        area=percent(r["in_others_reach_area_share"], lang),
    )
    if r["urban_pop"] == 0:
        return [message("sentences.country_no_places", lang, country=name), reach]
    if code not in _by_country(a)[0]:  # nobody is responsible for any of its places
        return [message("sentences.country_nobody", lang, country=name), reach]
    by = ""
    defenders = _defenders(a, code)
    if len(defenders) == 1:
        by = message("sentences.country_by_all", lang, who=party_label(a, defenders[0][0], lang))
    elif len(defenders) > 1:
        total = sum(v for _, v in defenders)
        parts = [(party_label(a, p, lang), percent(v / total, lang)) for p, v in defenders]
        by = message("sentences.country_by_some", lang, who=parts[0][0], share=parts[0][1])
        by += "".join(
            message("sentences.country_by_and", lang, who=w, share=s) for w, s in parts[1:]
        )
    defended = percent(r["urban_pop_defended_share"], lang)
    return [
        message("sentences.country_defended", lang, country=name, defended=defended, by=by),
        reach,
    ]


def difference_sentences(a: Assessment, b: Assessment, n: int = 3, lang: str = "en") -> list[str]:
    """The ``n`` largest differences between two architectures, per country, in people:
    the urban population defended, and the urban population defended by another party
    (each country at most once, by its largest difference)."""
    ca, cb = a.countries, b.countries.reindex(a.countries.index)
    cand = []
    for key, col in (
        ("sentences.diff_defended", "urban_pop_defended"),
        ("sentences.diff_dependency", "dependency_pop"),
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
                lang,
                name=_country(a, code, lang),
                a=a.name,
                b=b.name,
                va=percent(ca.loc[code, col] / pop_a if pop_a else 0.0, lang),
                vb=percent(cb.loc[code, col] / pop_b if pop_b else 0.0, lang),
                people=_people(people, lang),
            )
        )
        if len(out) == n:
            break
    return out or [message("sentences.diff_none", lang, a=a.name, b=b.name)]
