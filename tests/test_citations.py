"""The repository carries what it cites (issue 12).

* Every repository path cited in the docs, the notebooks' text, the presets and the seeds
  exists in the repository.
* Every quotation (text in double quotation marks) in ``seeds/README.md``,
  ``docs/teachers-guide.md`` and the notebooks' text is listed in ``docs/sources.md`` with
  its speaker, date and source. Words in quotation marks that are nobody's words (terms,
  labels, headings, scare quotes) are listed in :data:`NOT_QUOTATIONS` with the reason.
* The NATO accession table of ``docs/sources.md`` is the one the package computes with.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "docs" / "sources.md"
NOTEBOOKS = sorted((ROOT / "examples").glob("*.ipynb"))
PRESETS = sorted((ROOT / "mdcoverage" / "presets").glob("*.toml"))

#: Words in double quotation marks that are not anyone's words: the term or label itself
#: is meant (compare a term in italics). Lower-case; everything else quoted is a quotation.
NOT_QUOTATIONS = {
    # the names of the two proposals, as terms
    "sectoral",
    "two independent systems",
    # the model's own terms and labels
    "none",
    "nobody",
    "another party",
    "defended by another party",
    "dependency",
    "mean layers",
    "as of",
    "today",
    "presets",
    "architectures",
    "land",
    "may engage",
    "may",
    "could",
    "guarantees",
    "being defended",
    "responsible",
    "in another party's reach",
    "reach",
    "illustrative",
    # words of the optimisation lesson (notebook 07)
    "complete",
    "where people live",
    # words of the geometry lesson (notebook 05)
    "flat",
    "flat square",
    "due east",
    "1,000 km due east",
    "inside out",
    # headings of the notebooks and of this guide, named as places to look
    "two perspectives",
    "what the model cannot tell",
    "things to try",
    # a question put to students
    "what can a map of missile defence show, and what can it never show?",
    "the model cannot show it",
}

QUOTED = re.compile(r'"([^"\n]+?)"|“([^”]+?)”')
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)


def _markdown_cells(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def _teaching_texts() -> dict[str, str]:
    texts = {
        "seeds/README.md": (ROOT / "seeds" / "README.md").read_text(encoding="utf-8"),
        "docs/teachers-guide.md": (ROOT / "docs" / "teachers-guide.md").read_text(
            encoding="utf-8"
        ),
    }
    for nb in NOTEBOOKS:
        texts[f"examples/{nb.name}"] = _markdown_cells(nb)
    return texts


def _quotations(text: str) -> list[str]:
    """Spans in double quotation marks (straight or curly) outside code, one line each."""
    text = CODE.sub(" ", text)
    out = []
    for m in QUOTED.finditer(text):
        span = " ".join((m.group(1) or m.group(2)).split())
        if span:
            out.append(span)
    return out


def _norm(text: str) -> str:
    return " ".join(text.replace("“", '"').replace("”", '"').replace("’", "'").split()).lower()


def _source_rows() -> list[dict[str, str]]:
    """The rows of the quotations table of docs/sources.md."""
    section = SOURCES.read_text(encoding="utf-8").split("## Quotations", 1)[1].split("\n## ")[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].startswith('"'):
            rows.append(dict(zip(("quotation", "speaker", "date", "source"), cells, strict=True)))
    return rows


def test_the_quotations_table_gives_speaker_date_and_source_for_each_row():
    rows = _source_rows()
    assert len(rows) >= 8
    for row in rows:
        assert row["speaker"] and row["source"], row
        assert re.search(r"\b(19|20)\d\d\b", row["date"]), row


@pytest.mark.parametrize("name", sorted(_teaching_texts()))
def test_every_quotation_is_in_the_source_notes(name):
    rows = [_norm(r["quotation"]) for r in _source_rows()]
    missing = []
    for span in _quotations(_teaching_texts()[name]):
        key = _norm(span)
        if key in NOT_QUOTATIONS:
            continue
        if not any(key in row for row in rows):
            missing.append(span)
    assert not missing, f"{name}: quoted but not in docs/sources.md: {missing}"


def test_the_quotation_check_catches_an_unsourced_quote():
    # "outsource" was once quoted as NATO's word: it is a paraphrase, and must fail here
    rows = [_norm(r["quotation"]) for r in _source_rows()]
    spans = _quotations('NATO would not "outsource" its security; "with one goal".')
    assert spans == ["outsource", "with one goal"]
    assert not any(_norm("outsource") in row for row in rows)
    assert any(_norm("with one goal") in row for row in rows)


def test_paraphrases_are_not_quoted_as_anyones_words():
    for name, text in _teaching_texts().items():
        spans = {_norm(s) for s in _quotations(text)}
        for wrong in (
            "outsource",
            "from the east",
            "from the west",
            "two independent systems with one common purpose",
            "two independent systems but with one common purpose",
        ):
            assert wrong not in spans, f"{name} quotes {wrong!r}, which is not verbatim"


# ------------------------------------------------------------------------- cited paths

#: bare file names (no folder) count as citations for these kinds of document only; a
#: bare ``a.toml`` or ``m.csv`` in a command line is a file the reader creates
CITED_BARE = (".md", ".txt", ".ipynb")

PATH = re.compile(
    r"(?<![\w./:-])((?:\.\./|\./)?(?:[\w.-]+/)*[\w.-]+\.(?:md|txt|toml|ipynb|py|csv|gpkg|json))"
    r"(?![\w/])"
)


def _citing_files() -> list[Path]:
    return [
        *sorted((ROOT / "docs").glob("*.md")),
        ROOT / "README.md",
        ROOT / "examples" / "README.md",
        *sorted((ROOT / "seeds").glob("*.md")),
        *PRESETS,
        *NOTEBOOKS,
    ]


def _cited_paths(path: Path) -> list[str]:
    text = _markdown_cells(path) if path.suffix == ".ipynb" else path.read_text(encoding="utf-8")
    out = []
    for m in PATH.finditer(text):
        token = m.group(1)
        first = token.split("/")[0]
        if "/" in token and re.search(r"\.[a-z]{2,}$", first) and not first.startswith("."):
            continue  # a web address (nato.int/..., sputnikglobe.com/...)
        if "/" in token or token.endswith(CITED_BARE):
            out.append(token)
    return out


def _exists(token: str, citing: Path) -> bool:
    for base in (citing.parent, ROOT, ROOT / "mdcoverage"):
        if (base / token).resolve().is_file():
            return (base / token).resolve().is_relative_to(ROOT)
    if "/" not in token:  # a bare file name: somewhere in the repository
        return any(p.name == token for p in ROOT.rglob(token) if ".venv" not in p.parts)
    return False


@pytest.mark.parametrize("path", _citing_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_cited_repository_path_exists(path):
    missing = [t for t in _cited_paths(path) if not _exists(t, path)]
    assert not missing, f"{path.relative_to(ROOT)} cites files not in the repository: {missing}"


def test_the_path_check_catches_a_missing_file(tmp_path):
    doc = ROOT / "seeds" / "README.md"
    assert not _exists("seed/article.txt", doc)
    assert not _exists("REFERENCE.md", doc)
    assert not _exists("../shared/REFERENCE.md", doc)
    assert _exists("docs/sources.md", doc) and _exists("../docs/sources.md", doc)
    assert _cited_paths(Path(__file__)) is not None


# --------------------------------------------------------------- NATO accession table


def test_accession_table_matches_the_package():
    from mdcoverage.parties import party, resolve_country

    text = SOURCES.read_text(encoding="utf-8").split("## NATO membership by date of accession")[1]
    rows = re.findall(r"^\| (\d{4}-\d\d-\d\d)[^|]*\| ([^|]+) \|$", text, flags=re.M)
    assert len(rows) == 11
    nato = party("nato")
    seen: set[str] = set()
    for day, states in rows:
        date = dt.date.fromisoformat(day)
        joined = {resolve_country(s.strip()) for s in states.split(",")}
        before = set(nato.members(date - dt.timedelta(days=1)))
        assert set(nato.members(date)) - before == joined, day
        seen |= joined
    assert len(seen) == 32 == len(nato.members(dt.date(2024, 3, 7)))
