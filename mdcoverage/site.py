"""An offline folder a teacher copies to a USB stick or a learning platform.

:func:`build_site` writes ``index.html`` linking the web map (:mod:`mdcoverage.html`) of
every shipped preset and of the default comparison, the comparison figures (PNG), and the
background handout on the 2011 debate (``seeds/README.md``, rendered to HTML) when the
source tree is at hand. Every page works from disk without a network.

The folder is built in a temporary folder beside the target and renamed into place at
the end: a failure leaves nothing half-written. An existing non-empty folder is refused
unless ``force=True``, which replaces it as a whole (only after the new one is complete).
"""

from __future__ import annotations

import html
import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from . import plotting
from .coverage import assess_all
from .errors import MdcoverageError, OutputError
from .handout import DEFAULT_PRESETS as HANDOUT_PRESETS
from .handout import write_handout
from .html import write_html_map
from .i18n import check_lang
from .notices import CAVEAT, DATA_CREDITS
from .output import atomic_write
from .scenario import load_preset, preset_names

__all__ = ["SEEDS_README", "build_site", "markdown_page"]

#: the background handout, in the source tree (absent from an installed wheel)
SEEDS_README = Path(__file__).resolve().parents[1] / "seeds" / "README.md"

#: the comparison figures: (file name, view, description)
FIGURES = (
    ("comparison.png", "europe", "Comparison map, Europe (equal-area)"),
    ("comparison-polar.png", "polar", "Comparison map, polar view"),
)


def _check_target(folder: Path, force: bool) -> None:
    shown = str(folder)
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise OutputError(f"cannot write the site to {shown!r}: it exists and is not a folder")
    if folder.is_dir():
        try:
            empty = not any(folder.iterdir())
        except OSError as exc:
            raise OutputError(f"cannot read the folder {shown!r}: {exc.strerror}") from None
        if not empty and not force:
            raise OutputError(
                f"the folder {shown!r} exists and is not empty; choose a new folder or add "
                "--force to replace it"
            )
    parent = folder.parent
    if not parent.is_dir():
        raise OutputError(f"cannot write the site to {shown!r}: no folder {str(parent)!r}")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write the site to {shown!r}: {str(parent)!r} is not writable")


def _write_text(path: Path, text: str) -> None:
    def write(tmp: Path) -> None:
        tmp.write_bytes(text.encode("utf-8"))

    atomic_write(path, write)


def _page(title: str, body: str) -> str:
    e = html.escape
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)}</title><style>"
        "body{font:15px/1.45 system-ui,sans-serif;max-width:52em;margin:1em auto;padding:0 1em;"
        "color:#222}.badge{background:#fff3cd;border:1px solid #c9a227;padding:1px 6px;"
        "border-radius:3px;font-weight:600}table{border-collapse:collapse}"
        "td,th{border:1px solid #bbb;padding:2px 6px;vertical-align:top;font-size:13px}"
        "img{max-width:100%}</style></head><body>\n"
        f'<p><span class="badge">{e(CAVEAT)}</span></p>\n{body}\n'
        f"<hr><p><small>{e(CAVEAT)}. {e(DATA_CREDITS)}.</small></p></body></html>\n"
    )


def _inline(text: str) -> str:
    out = html.escape(text)
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)
    return re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<em>\1</em>", out)


_BULLET = re.compile(r"^\s*([-*]|\d+\.)\s+")


def markdown_page(text: str, title: str) -> str:
    """A small Markdown subset (headings, paragraphs, lists, pipe tables, bold, italics)
    as an HTML page; links stay text (the page works offline)."""
    blocks = re.split(r"\n\s*\n", text.strip())
    out = []
    for block in blocks:
        lines = block.splitlines()
        head = re.match(r"^(#{1,4})\s+(.*)$", lines[0])
        if head and len(lines) == 1:
            n = len(head.group(1))
            out.append(f"<h{n}>{_inline(head.group(2))}</h{n}>")
        elif all(ln.lstrip().startswith("|") for ln in lines):
            rows = [
                [c.strip() for c in ln.strip().strip("|").split("|")]
                for ln in lines
                if not re.fullmatch(r"\s*\|[\s:|-]+\|?\s*", ln)
            ]
            cells = [
                "<tr>" + "".join(f"<{t}>{_inline(c)}</{t}>" for c in r) + "</tr>"
                for t, r in (("th" if i == 0 else "td", r) for i, r in enumerate(rows))
            ]
            out.append("<table>" + "".join(cells) + "</table>")
        elif all(re.match(r"^\s*([-*]|\d+\.)\s+", ln) or ln.startswith("  ") for ln in lines):
            items = re.split(r"\n(?=\s*(?:[-*]|\d+\.)\s+)", block)
            lis = "".join(f"<li>{_inline(_BULLET.sub('', it))}</li>" for it in items)
            out.append(f"<ul>{lis}</ul>")
        else:
            out.append(f"<p>{_inline(' '.join(ln.strip() for ln in lines))}</p>")
    return _page(title, "\n".join(out))


def _build(tmp: Path, comparison: Sequence[str], lang: str) -> list[tuple[str, str]]:
    """Write every file of the site into ``tmp``; return the index's (file, text) links."""
    links: list[tuple[str, str]] = []
    comp = [a for p in comparison for a in assess_all(load_preset(p))]
    write_html_map(comp, tmp / "comparison.html", lang=lang)
    links.append(
        ("comparison.html", "Web map: the default comparison (" + ", ".join(comparison) + ")")
    )
    for name, view, text in FIGURES:
        fig = plotting.plot_comparison(comp, view=view)
        plotting.save_figure(fig, tmp / name, dpi=110)
        links.append((name, text))
    for preset in preset_names():
        write_html_map(assess_all(load_preset(preset)), tmp / f"map-{preset}.html", lang=lang)
        links.append((f"map-{preset}.html", f"Web map: preset {preset}"))
    pair = [assess_all(load_preset(p))[0] for p in HANDOUT_PRESETS]
    write_handout(pair, tmp / "worksheet.pdf", lang=lang)
    links.append(
        (
            "worksheet.pdf",
            "Worksheet to print (PDF; the teacher's version with "
            "answers: mdcoverage handout --answers)",
        )
    )
    if SEEDS_README.is_file():
        text = SEEDS_README.read_text(encoding="utf-8")
        _write_text(tmp / "background.html", markdown_page(text, "The 2011 debate"))
        links.append(("background.html", "Background: the 2011 debate, in our words"))
    return links


def _index(links: Sequence[tuple[str, str]], as_of: str) -> str:
    e = html.escape
    items = "".join(f'<li><a href="{e(href)}">{e(text)}</a></li>' for href, text in links)
    return _page(
        "mdcoverage: maps for the lesson",
        "<h1>Missile-defence architectures: maps for the lesson</h1>"
        "<p>Every page here opens from this folder without an internet connection. "
        f"Dates of the shipped presets: {e(as_of)}.</p><ul>{items}</ul>"
        '<p><img src="comparison.png" alt="The default comparison map"></p>',
    )


def build_site(
    folder: str | os.PathLike[str],
    *,
    comparison: Sequence[str],
    force: bool = False,
    lang: str = "en",
) -> Path:
    """Write the offline site into ``folder`` (see the module's documentation);
    ``comparison``: the presets of the default comparison. Returns the folder."""
    target = Path(os.fspath(folder))
    _check_target(target, force)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    except OSError as exc:
        raise OutputError(f"cannot write the site to {str(target)!r}: {exc.strerror}") from None
    try:
        links = _build(tmp, comparison, check_lang(lang))
        dates = sorted({load_preset(p).as_of.isoformat() for p in preset_names()})
        _write_text(tmp / "index.html", _index(links, ", ".join(dates)))
        os.chmod(tmp, 0o777 & ~_umask())
        _move_into_place(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _move_into_place(tmp: Path, target: Path) -> None:
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
        os.rmdir(old)
        os.rename(target, old)
    try:
        os.rename(tmp, target)
    except OSError as exc:
        if old is not None:
            os.rename(old, target)
        raise MdcoverageError(
            f"cannot write the site to {str(target)!r}: {exc.strerror}"
        ) from None
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
