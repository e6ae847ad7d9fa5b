"""The ``gallery`` command: every view and style of the comparison, and the tracks
figure, as PNG images with one Markdown page showing them (``docs/gallery``)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from ..errors import OutputError
from ..i18n import t
from ..output import atomic_write
from .common import DEFAULT_PRESETS, FIGURE_STYLES, add_lang, command, dpi_arg, say, text_arg

#: The views of the gallery: (file name part, view name, keywords of plotting.view, title).
GALLERY_VIEWS: tuple[tuple[str, str, dict[str, Any], str], ...] = (
    ("europe", "europe", {}, "Europe (equal-area)"),
    ("polar", "polar", {}, "Polar (north polar stereographic)"),
    ("site", "site", {"lon": 25.0, "lat": 45.0, "radius_km": 3000.0}, "Site view (25° E, 45° N)"),
)
#: The presets of the tracks figure.
TRACK_PRESETS = ("2011-independent", "2011-sectoral-podvig-2012")


def gallery_entries() -> list[tuple[str, str]]:
    """(file name, caption) of every image of the gallery, in page order."""
    out = [
        (f"comparison-{key}-{style}.png", f"{title}, {style} style")
        for key, _name, _kw, title in GALLERY_VIEWS
        for style in FIGURE_STYLES
    ]
    out.append(("tracks-polar-screen.png", "Notional tracks (polar view), screen style"))
    return out


def cmd_gallery(args: argparse.Namespace) -> int:
    from .. import plotting  # lazy: matplotlib and cartopy, only for figures
    from ..coverage import assess, assess_all  # lazy: the model (geodesy, geopandas)
    from ..scenario import load_preset  # lazy: the model
    from ..tracks import analyse_track  # lazy: the model

    folder = _folder(args.output)
    assessments = [a for p in DEFAULT_PRESETS for a in assess_all(load_preset(p))]
    for key, name, kw, _title in GALLERY_VIEWS:
        v = plotting.view(name, **kw)
        for style in FIGURE_STYLES:
            fig = plotting.plot_comparison(assessments, view=v, style=style, lang=args.lang)
            _save(plotting, fig, folder / f"comparison-{key}-{style}.png", args.dpi)
    analyses, under = [], []
    for preset in TRACK_PRESETS:
        sc = load_preset(preset)
        under.append(assess(sc, 0))
        analyses += [analyse_track(sc, t.name, 0) for t in sc.tracks]
    fig = plotting.plot_tracks(analyses, view="polar", assessments=under, lang=args.lang)
    _save(plotting, fig, folder / "tracks-polar-screen.png", args.dpi)
    page = folder / "README.md"

    def write(tmp: Path) -> None:
        tmp.write_text(gallery_page(args.lang), encoding="utf-8")

    atomic_write(page, write)
    say(f"wrote {page}")
    return 0


def _save(plotting: Any, fig: Any, path: Path, dpi: int) -> None:
    """Save a gallery image, then make it a 256-colour palette PNG (a third of the bytes
    of the full-colour image, for a folder kept in the repository)."""
    from PIL import Image  # lazy: only the gallery re-encodes images

    plotting.save_figure(fig, path, dpi=dpi)
    with Image.open(path) as im:
        small = im.convert("RGB").quantize(256, dither=Image.Dither.NONE)

    def write(tmp: Path) -> None:
        small.save(tmp, format="PNG", optimize=True)

    atomic_write(path, write)
    say(f"wrote {path}")


def gallery_page(lang: str = "en") -> str:
    """The Markdown page of the gallery (English documentation; with another ``lang`` it
    says which language the figures are in)."""
    lines = [
        "# Gallery",
        "",
        "Every view and style of `mdcoverage compare` (the three 2011 presets) and the",
        "tracks figure. Illustrative only: notional parameters, not the performance of any",
        "real system. The *print* style is greyscale-safe: the parties differ in lightness,",
        "hatch direction and density, the line style of their reach, and carry labels on",
        "their areas. Regenerate every image and this page with",
        "",
        "```",
        "uv run mdcoverage gallery -o docs/gallery",
        "```",
        "",
        *(
            [f"The figures' text is in {t('language.name', lang)} (`--lang {lang}`).", ""]
            if lang != "en"
            else []
        ),
        "For a handout: `uv run mdcoverage compare --style print --size a4-landscape -o "
        "handout.pdf`.",
        "",
    ]
    for file, caption in gallery_entries():
        lines += [f"## {caption}", "", f"![{caption}]({file})", ""]
    return "\n".join(lines)


def _folder(output: str) -> Path:
    """The gallery's folder: made if missing (its parent must exist)."""
    path = Path(output)
    try:
        if not path.is_dir():
            os.mkdir(path)
    except OSError as exc:
        raise OutputError(f"cannot make the folder {output!r}: {exc.strerror or exc}") from None
    return path


def register(sub: Any) -> None:
    p = command(
        sub,
        "gallery",
        cmd_gallery,
        "draw every view and style of the comparison and the tracks figure into a folder",
    )
    p.add_argument(
        "-o",
        "--output",
        default="gallery",
        type=text_arg,
        metavar="FOLDER",
        help="the folder of the images and README.md (made if missing; default: gallery)",
    )
    p.add_argument("--dpi", type=dpi_arg, default=80, help="resolution of the images (default 80)")
    add_lang(p)
