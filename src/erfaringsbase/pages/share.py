"""The share box of an entry page: permanent link, suggested citation, QR code.

Made at build time by the core; the theme shows it after the content, outside the search
index and the markdown export (it describes the page, it is not the content).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import Final

import zxingcpp

from ..content.config import Settings
from ..content.model import Entry, Report
from ..content.urls import absolute
from .figures import and_list


@dataclass(frozen=True, slots=True)
class Share:
    permalink: str
    #: The citation without the reading date, which belongs to the reader, not the build.
    citation: str
    qr_svg: str


#: Light modules around the code (the "quiet zone"; readers need some, the page gives more).
BORDER: Final = 2
#: The mask laid over every code (zxing-cpp's ``dataMask``, 0–7). Any of the eight makes a
#: valid code, which a reader must decode; an encoder left to choose tries all eight and
#: scores each, which was five sixths of the time a code took (0.24 ms against 0.04 ms,
#: 2 s of a 10,000-entry build). Mask 2 was chosen by reading codes back after making them
#: harder to read (noise; too few pixels per module), ``scripts/qr_masks.py``: about as
#: often as codes with a mask of their own, 428 times against 430 for 300 made-up
#: addresses, and 406 against 388 for 318 not used to choose it (240 of a generated
#: site's, and this site's 78). Shrunk to 56 pixels, it was read most often of the eight.
MASK: Final = 2

#: The bitmap's rows (zxing-cpp: one byte a module, 0 dark, 255 light) joined by a line
#: break, cut into the pieces the path is drawn with: a run of dark modules; the light
#: modules from the last dark one of a row to the first of a later row; a run of light
#: modules inside a row.
_PIECE: Final = re.compile(rb"\x00+|\xff*\n[\xff\n]*|\xff+")


class _Strokes(dict[bytes, str]):
    """The path command of each piece of the rows of codes ``width`` modules wide, made
    the first time a piece is met: a code has about 400 pieces, and few kinds of them."""

    def __init__(self, width: int) -> None:
        super().__init__()
        self.width = width

    def __missing__(self, piece: bytes) -> str:
        if piece[0] == 0:  # dark: a stroke
            command = f"h{len(piece)}"
        elif b"\n" in piece:  # from the end of a stroke to the start of one on a later row
            ends, starts = piece.index(b"\n"), len(piece) - piece.rindex(b"\n") - 1
            rows = piece.count(b"\n")
            command = f"m{ends + starts - self.width} {rows}"
        else:  # light, in the same row: a move
            command = f"m{len(piece)} 0"
        self[piece] = command
        return command


_STROKES: dict[int, _Strokes] = {}


@lru_cache(maxsize=20_000)  # `mkdocs serve` asks again for every page it rebuilds
def qr_svg(url: str, label: str) -> str:
    """A QR code as inline SVG: black on white in every palette, so phones can read it.

    zxing-cpp makes the code (in C++, 0.04 ms with the one ``MASK``; segno, in pure
    Python, took 0.75 ms with one mask, and the build makes one for every entry). Its own
    SVG draws every module as a rectangle, so the SVG is written here: one path, a stroke
    for each run of dark modules in a row, 40 % smaller (``tests/test_share_and_jsonld.py``
    draws the path back into a bitmap and reads the code from it). The rows are cut into
    pieces and each piece looked up (``_Strokes``) in C: formatting each run of each code
    in Python took longer than making the code.
    """
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M", data_mask=MASK)
    bitmap = code.to_image(scale=1, add_quiet_zones=False)
    height, width = bitmap.shape
    modules = bytes(memoryview(bitmap))  # type: ignore[arg-type]  # a buffer; the stubs omit it
    rows = b"\n".join([modules[at : at + width] for at in range(0, height * width, width)])
    strokes = _STROKES.get(width)
    if strokes is None:  # not ``or``: a table with no pieces yet is empty, so false
        strokes = _STROKES[width] = _Strokes(width)
    # A code's first module is dark (the corner of a finder pattern): the pen starts
    # there, and what follows the last dark module moves nothing.
    pieces = _PIECE.findall(rows.rstrip(b"\xff\n"))
    side = width + 2 * BORDER
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" class="eb-qr">'
        f"<title>QR-kode til {escape(label, quote=False)}</title>"
        f"<desc>{escape(url, quote=False)}</desc>"
        f'<path fill="#fff" d="M0 0h{side}v{side}h-{side}z"/>'
        f'<path class="eb-qr-line" stroke="#000" '
        f'd="M{BORDER} {BORDER}.5{"".join(map(strokes.__getitem__, pieces))}"/></svg>'
    )


def citation(
    entry: Entry, settings: Settings, permalink: str, publishers: Sequence[str] = ()
) -> str:
    """What to cite (+ «lest …», the reader's own date, added in the browser).

    An entry is our page: ``Altinn. Erfaringsbasen, 2026. https://…/erfaringer/altinn/``.
    A report is its publisher's document, which our page presents:
    ``Difi (2019). Digitaliseringsrådets erfaringsrapport 2019. Omtalt i Erfaringsbasen:
    https://…/rapporter/…/``.
    """
    title = entry.title.rstrip(".")
    # A title that ends in a question or exclamation mark ends its own sentence: no «?.».
    stop = "" if title.endswith(("?", "!")) else "."
    if isinstance(entry, Report) and publishers:
        year = str(entry.date.year) if entry.date else "u.å."
        return f"{and_list(list(publishers))} ({year}). {title}{stop} Omtalt i {settings.site_name}: {permalink}"
    return f"{title}{stop} {settings.site_name}, {(entry.updated or entry.published).year}. {permalink}"


def permalink(entry: Entry, settings: Settings) -> str:
    return absolute(settings.site_url, settings.urls.page(entry.kind, entry.id))


def share_for(entry: Entry, settings: Settings, publishers: Sequence[str] = ()) -> Share:
    """``publishers``: the names of a report's publishers, for its citation."""
    link = permalink(entry, settings)
    return Share(link, citation(entry, settings, link, publishers), qr_svg(link, entry.title))
