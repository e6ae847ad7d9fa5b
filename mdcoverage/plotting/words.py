"""The words of the figures in the language in use: titles, legends, table, badge.

Every figure function takes ``lang=`` ("en" default, "de", "ru"; :mod:`mdcoverage.i18n`)
and draws inside :func:`use_lang`; the functions that make text read the language in use
(:func:`current_lang`), as the party styles read the figure style in use. The messages
are the ``figures`` section of the catalogue; dates, percentages, party and rule names
come from :mod:`mdcoverage.i18n` too. The default font (DejaVu Sans) has the Latin and
Cyrillic glyphs of every language shipped.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as _dt
from collections.abc import Iterable, Iterator
from typing import Any

from .. import i18n
from ..architectures import ARCHITECTURES
from ..dates import parse_date

__all__ = [
    "current_lang",
    "day_text",
    "engage_text",
    "party_text",
    "pct_text",
    "projection_words",
    "rule_words",
    "shipped",
    "site_word",
    "subtitle",
    "use_lang",
    "word",
]

_LANG: contextvars.ContextVar[str] = contextvars.ContextVar(
    "mdcoverage_figure_lang", default=i18n.DEFAULT_LANGUAGE
)

#: catalogue keys of the shipped architectures' engagement rules (tracks figure)
_ENGAGE_KEYS = {"independent": "figures.engage_independent", "sectoral": "figures.engage_sectoral"}


def current_lang() -> str:
    """The language of the figure being drawn (set by :func:`use_lang`; default "en")."""
    return _LANG.get()


@contextlib.contextmanager
def use_lang(lang: str | None) -> Iterator[str]:
    """Draw in this language inside the ``with`` block (``None``: unchanged); an unknown
    language is one clear :class:`~mdcoverage.errors.MdcoverageError`."""
    code = current_lang() if lang is None else i18n.check_lang(lang)
    token = _LANG.set(code)
    try:
        yield code
    finally:
        _LANG.reset(token)


def word(key: str, **values: object) -> str:
    """The message ``key`` in the language in use."""
    return i18n.t(key, current_lang(), **values)


def pct_text(share: float) -> str:
    """A share (0–1) in percent, in the language's number format ("92 %")."""
    return i18n.percent(share, current_lang())


def day_text(days: _dt.date | str | Iterable[_dt.date | str]) -> str:
    """A date (or several, comma-separated) written out in the language in use."""
    if isinstance(days, (_dt.date, str)):
        days = [days]
    parsed = sorted({parse_date(d, name="as_of") for d in days})
    return ", ".join(i18n.long_date(d, current_lang()) for d in parsed)


def party_text(name: str, label: str) -> str:
    """A party's name on a figure: a scenario's own ``label`` in English; the catalogue's
    name of a shipped party (nato, russia) in the other languages."""
    lang = current_lang()
    return label if lang == "en" else i18n.party_name(str(name).lower(), lang, default=label)


def shipped(text: str) -> str:
    """A text of a shipped preset (architecture name, interpretation, track label) in the
    language in use (:func:`mdcoverage.i18n.preset_text`); a user's text unchanged."""
    return i18n.preset_text(text, current_lang())


def projection_words(name: str) -> str:
    """A map's projection description (a view's ``projection_name``) in the language in
    use (:func:`mdcoverage.i18n.projection_text`); a user's own description unchanged."""
    return i18n.projection_text(name, current_lang())


def rule_words(architecture: Any) -> str:
    """An architecture's rule in words, in the language in use for the shipped types."""
    return i18n.rule_text(str(architecture.type), str(architecture.rule), current_lang())


def subtitle(assessment: Any) -> str:
    """The subtitle of an architecture's map: its rule and date, in the language in use."""
    return word(
        "figures.subtitle",
        rule=rule_words(assessment.architecture),
        date=day_text(assessment.as_of),
    )


def engage_text(rule: str) -> str:
    """Who may engage under an architecture (the ``rule`` of a track analysis), in the
    language in use for the shipped types; a user's architecture keeps its own words."""
    for kind, key in _ENGAGE_KEYS.items():
        cls = ARCHITECTURES.get(kind)
        if cls is not None and cls.engagement_rule == rule:
            return word(key)
    return rule


#: catalogue keys of the site kinds' legend labels
_SITE_KEYS = {
    "land": "figures.site_land",
    "sea": "figures.site_sea",
    "sensor": "figures.site_sensor",
}


def site_word(kind: str) -> str:
    """The legend label of a site kind ("land", "sea", "sensor") in the language in use."""
    return word(_SITE_KEYS[kind])
