"""A printable worksheet: the comparison map in print style, a short table, questions
with space to write (or the teacher's answers), a glossary, the caveat, sources and
credits — typeset by Typst (the ``typst`` package) with its bundled fonts only.

Every text comes from the message catalogue (:mod:`mdcoverage.i18n`), so the worksheet
exists in each shipped language. The PDF is byte-identical for the same input: fixed
timestamp, no system fonts, text passed to Typst as data (never parsed as markup).
Typst's warnings are errors: nothing overflows silently.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .errors import MdcoverageError
from .i18n import (
    check_lang,
    country_name,
    long_date,
    party_name,
    percent,
    preset_text,
    projection_text,
    t,
)
from .output import atomic_write, check_suffix

if TYPE_CHECKING:
    from .coverage import Assessment

__all__ = ["DEFAULT_PRESETS", "PAPERS", "handout_data", "write_handout"]

#: the two architectures a worksheet compares by default
DEFAULT_PRESETS = ("2011-independent", "2011-sectoral-east-west")
#: paper sizes, as ``--paper`` names them, and Typst's names for them
PAPERS = {"a4": "a4", "letter": "us-letter"}
#: the countries of the first question (the debate's Baltic assertion)
BALTIC = ("EST", "LVA", "LTU")
#: fixed creation time of every worksheet (byte-identical output)
TIMESTAMP = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
#: the glossary: (term, explanation) catalogue keys, in order
GLOSSARY = (
    ("glossary.sector", "glossary.sector_text"),
    ("glossary.footprint", "glossary.footprint_text"),
    ("glossary.geodesic", "glossary.geodesic_text"),
    ("glossary.article5", "glossary.article5_text"),
    ("glossary.data_exchange", "glossary.data_exchange_text"),
    ("glossary.handover", "glossary.handover_text"),
    ("glossary.dependency", "glossary.dependency_text"),
    ("glossary.reach", "glossary.reach_text"),
)
#: texts printed as they are, by their name in the template's data
_PLAIN = {
    "title": "handout.title",
    "name_line": "handout.name_line",
    "class_line": "handout.class_line",
    "date_line": "handout.date_line",
    "intro": "handout.intro",
    "table_title": "handout.table_title",
    "questions_title": "handout.questions_title",
    "answer": "handout.answer",
    "glossary_title": "handout.glossary_title",
    "sources_title": "handout.sources_title",
}


class HandoutError(MdcoverageError):
    """A worksheet that cannot be made (Typst failed or warned)."""


def _responsible(a: Assessment, code: str, lang: str) -> str:
    """The party responsible for most of a country's urban population (or nobody)."""
    places = a.places[a.places["adm0_a3"] == code]
    if places.empty:
        return t("handout.no_party", lang)
    by_party = places.groupby("responsible", dropna=False)["population"].sum()
    key = by_party.idxmax()
    if not isinstance(key, str) or not key or key == "none":
        return t("handout.no_party", lang)
    return party_name(key, lang)


def _name(a: Assessment, lang: str) -> str:
    """An architecture's name in ``lang`` (the shipped presets'; a user's own unchanged)."""
    return preset_text(a.name, lang)


def _share(a: Assessment, party: str, column: str) -> float:
    return float(a.parties.loc[party, column]) if party in a.parties.index else 0.0


def _questions(a: Assessment, b: Assessment, lang: str) -> list[dict[str, Any]]:
    def baltic(x: Assessment) -> str:
        countries = "; ".join(
            t(
                "handout.a1_country",
                lang,
                country=country_name(c, lang),
                party=_responsible(x, c, lang),
            )
            for c in BALTIC
        )
        return t("handout.a1", lang, architecture=_name(x, lang), countries=countries)

    dep = "dependency_pop_share"
    left, right = (float(x.total["urban_pop_defended_share"].iloc[0]) for x in (a, b))
    points = abs(left - right) * 100
    a3 = t(
        "handout.a3",
        lang,
        left=_name(a, lang),
        left_share=percent(left, lang),
        right=_name(b, lang),
        right_share=percent(right, lang),
    )
    a3 += " " + (
        t("handout.a3_close", lang)
        if points < 5
        else t("handout.a3_apart", lang, points=f"{points:.0f}")
    )
    return [
        {"q": t("handout.q1", lang), "a": baltic(a) + " " + baltic(b), "lines": 2},
        {
            "q": t("handout.q2", lang, architecture=_name(b, lang)),
            "a": t(
                "handout.a2",
                lang,
                nato=percent(_share(b, "nato", dep), lang),
                russia=percent(_share(b, "russia", dep), lang),
            ),
            "lines": 3,
        },
        {"q": t("handout.q3", lang), "a": a3, "lines": 3},
        {"q": t("handout.q4", lang), "a": t("handout.a4", lang), "lines": 4},
        {"q": t("handout.q5", lang), "a": t("handout.a5", lang), "lines": 3},
    ]


def _table(assessments: Sequence[Assessment], lang: str) -> dict[str, Any]:
    headers = [
        t(k, lang)
        for k in (
            "handout.table_architecture",
            "handout.table_party",
            "handout.table_defended",
            "handout.table_dependency",
            "handout.table_area",
            "handout.table_reach",
        )
    ]
    rows = []
    for a in assessments:
        for key in ("nato", "russia"):
            if key not in a.parties.index:
                continue
            row = a.parties.loc[key]
            rows.append(
                [
                    _name(a, lang),
                    party_name(key, lang),
                    percent(float(row["urban_pop_defended_share"]), lang),
                    percent(float(row["dependency_pop_share"]), lang),
                    percent(float(row["defended_area_share"]), lang),
                    percent(float(row["in_others_reach_pop_share"]), lang),
                ]
            )
    return {"headers": headers, "rows": rows}


def handout_data(
    assessments: Sequence[Assessment],
    *,
    lang: str = "en",
    answers: bool = False,
    paper: str = "a4",
    map_file: str = "map.png",
    projection: str = "",
) -> dict[str, Any]:
    """Everything the worksheet prints, as the JSON the Typst template reads."""
    lang = check_lang(lang)
    if len(assessments) != 2:
        raise HandoutError(
            f"a worksheet compares two architectures; the input has {len(assessments)} "
            "(give two --preset options or a scenario with two architectures)"
        )
    if paper not in PAPERS:
        raise HandoutError(f"unknown paper {paper!r}; choose one of {', '.join(PAPERS)}")
    a, b = assessments
    day = long_date(a.as_of, lang)
    badge = " · ".join(
        [
            t("notices.as_of", lang, date=day),
            t("notices.projection", lang, name=projection_text(projection, lang))
            if projection
            else "",
            t("notices.data_credits", lang),
        ]
    ).replace(" ·  · ", " · ")
    messages = {name: t(key, lang) for name, key in _PLAIN.items()}
    return messages | {
        "lang": lang,
        "paper": PAPERS[paper],
        "answers": bool(answers),
        "subtitle": t("handout.subtitle_answers" if answers else "handout.subtitle", lang),
        "map": map_file,
        "caption": t(
            "handout.map_caption", lang, left=_name(a, lang), right=_name(b, lang), date=day
        ),
        "caveat": t("notices.caveat", lang),
        "badge": badge,
        "footer": t("notices.caveat", lang),
        "table": _table(assessments, lang),
        "questions": _questions(a, b, lang),
        "glossary": [{"term": t(term, lang), "text": t(text, lang)} for term, text in GLOSSARY],
        "sources": [
            t("handout.source_article", lang),
            t("handout.source_podvig", lang),
            t(
                "handout.source_model",
                lang,
                version=__version__,
                credits=t("notices.data_credits", lang),
            ),
        ],
    }


def _draw_map(assessments: Sequence[Assessment], folder: Path, lang: str) -> tuple[str, str]:
    """The comparison map as a PNG in ``folder``; returns its file name and projection."""
    from . import plotting  # lazy: matplotlib and cartopy, only when a worksheet is drawn
    from .plotting.worksheet import worksheet_maps  # lazy: as above

    # the maps and their legend at the page's text width: every text prints at its size
    fig = worksheet_maps(list(assessments), style="print", lang=lang)
    try:
        path = plotting.save_figure(fig, folder / "map.png", dpi=200)
    finally:
        import matplotlib.pyplot as plt  # lazy: loaded by plotting above already

        plt.close(fig)
    return path.name, plotting.view("europe").projection_en


def compile_typst(folder: Path) -> bytes:
    """Compile ``folder/main.typ`` with Typst's bundled fonts; warnings are errors."""
    import typst  # lazy: the typesetter loads only when a worksheet is made

    fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True)
    try:
        compiler = typst.Compiler(
            folder / "main.typ", root=folder, font_paths=fonts, ignore_system_fonts=True
        )
        pdf, warnings = compiler.compile_with_warnings(format="pdf", timestamp=TIMESTAMP)
    except typst.TypstError as exc:
        raise HandoutError(f"Typst could not typeset the worksheet: {exc.message}") from None
    if warnings:
        raise HandoutError(f"Typst warned while typesetting the worksheet: {warnings[0].message}")
    if not isinstance(pdf, bytes):
        raise HandoutError("Typst returned no PDF")
    return pdf


def write_handout(
    assessments: Sequence[Assessment],
    path: str | Path,
    *,
    lang: str = "en",
    answers: bool = False,
    paper: str = "a4",
) -> Path:
    """Typeset the worksheet of two assessments into the PDF ``path`` (written
    atomically: a failure leaves no file). Returns the path."""
    check_suffix(path, ["pdf"], what="worksheet")
    lang = check_lang(lang)
    with tempfile.TemporaryDirectory(prefix="mdcoverage-handout-") as tmp:
        folder = Path(tmp)
        map_file, projection = _draw_map(assessments, folder, lang)
        data = handout_data(
            assessments,
            lang=lang,
            answers=answers,
            paper=paper,
            map_file=map_file,
            projection=projection,
        )
        (folder / "data.json").write_text(
            json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8"
        )
        template = resources.files("mdcoverage") / "worksheet.typ"
        (folder / "main.typ").write_text(template.read_text(encoding="utf-8"), encoding="utf-8")
        pdf = compile_typst(folder)

    def write(tmp_path: Path) -> None:
        tmp_path.write_bytes(pdf)

    return atomic_write(path, write)
