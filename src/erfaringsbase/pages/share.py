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


#: Dark modules in zxing-cpp's bitmap of a code (one byte a module: 0 dark, 255 light).
_DARK: Final = re.compile(b"\x00+")

#: Light modules around the code (the "quiet zone"; readers need some, the page gives more).
BORDER: Final = 2


@lru_cache(maxsize=20_000)  # `mkdocs serve` asks again for every page it rebuilds
def qr_svg(url: str, label: str) -> str:
    """A QR code as inline SVG: black on white in every palette, so phones can read it.

    zxing-cpp makes the code (in C++, 0.25 ms; segno, in pure Python, took 0.75 ms with
    one fixed mask, and the build makes one for every entry). Its own SVG draws every
    module as a rectangle, so the SVG is written here: one path, a stroke for each run of
    dark modules in a row, 40 % smaller (``tests/test_share_and_jsonld.py`` draws the
    path back into a bitmap and reads the code from it).
    """
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    bitmap = code.to_image(scale=1, add_quiet_zones=False)
    height, width = bitmap.shape
    modules = bytes(memoryview(bitmap))  # type: ignore[arg-type]  # a buffer; the stubs omit it
    runs: list[str] = []
    x = y = -1  # where the pen is: the end of the last run
    for row in range(height):
        for run in _DARK.finditer(modules, row * width, (row + 1) * width):
            start, length = run.start() - row * width + BORDER, run.end() - run.start()
            if x < 0:
                runs.append(f"M{start} {row + BORDER}.5h{length}")
            else:
                runs.append(f"m{start - x} {row + BORDER - y}h{length}")
            x, y = start + length, row + BORDER
    side = width + 2 * BORDER
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" class="eb-qr">'
        f"<title>QR-kode til {escape(label, quote=False)}</title>"
        f"<desc>{escape(url, quote=False)}</desc>"
        f'<path fill="#fff" d="M0 0h{side}v{side}h-{side}z"/>'
        f'<path class="eb-qr-line" stroke="#000" d="{"".join(runs)}"/></svg>'
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
