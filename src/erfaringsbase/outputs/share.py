"""The share box of an entry page: permanent link, suggested citation, QR code.

Made at build time by the core; the theme shows it after the content, outside the search
index and the markdown export (it describes the page, it is not the content).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import Final

import zxingcpp

from ..content.config import Settings
from ..content.model import Entry
from ..content.urls import absolute
from ..parallel.workers import NICE_LATER, Child, read_request, second_core, send_frame


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


def citation(entry: Entry, settings: Settings, permalink: str) -> str:
    """``Altinn. Erfaringsbasen, 2026. https://…/erfaringer/altinn/`` (+ «lest …» by the reader)."""
    year = (entry.updated or entry.published).year
    title = entry.title.rstrip(".")
    return f"{title}. {settings.site_name}, {year}. {permalink}"


def permalink(entry: Entry, settings: Settings) -> str:
    return absolute(settings.site_url, settings.urls.page(entry.kind, entry.id))


def share_for(entry: Entry, settings: Settings, codes: QrCodes | None = None) -> Share:
    link = permalink(entry, settings)
    svg = codes.svg(link, entry.title) if codes is not None else qr_svg(link, entry.title)
    return Share(link, citation(entry, settings, link), svg)


#: Below this many codes a second process costs more to start (~0.2 s) than it saves.
MIN_FOR_WORKER: Final = 300

QrKey = tuple[str, str]  # (url, label)


#: Codes per frame from the worker. The pages that show them come in the same order, and
#: the first of them should not wait for the last code: at 10,000 entries, waiting for all
#: of them in one frame cost the build 8.7 s.
CHUNK: Final = 200


def _worker() -> None:
    """``python -c …``: read [chunk, [[url, label], …]] as JSON, answer with the SVGs as
    JSON, ``chunk`` to a frame."""
    size, keys = json.loads(read_request())
    for start in range(0, len(keys), size):
        chunk = keys[start : start + size]
        send_frame(json.dumps([qr_svg(url, label) for url, label in chunk]).encode())


class _Batch:
    """The codes one build asked for, and the worker making them. Each build has its own:
    a worker still running from the previous build cannot hand its codes to this one."""

    def __init__(self, keys: list[QrKey]) -> None:
        self.positions = {key: position for position, key in enumerate(keys)}
        self.chunk = CHUNK
        self.child = Child(
            "from erfaringsbase.outputs.share import _worker; _worker()",
            json.dumps([self.chunk, keys]).encode(),
            nice=NICE_LATER,
        )
        #: Frame number → its codes (None: it did not come, or not whole).
        self._chunks: dict[int, list[str] | None] = {}

    def get(self, key: QrKey) -> str | None:
        position = self.positions.get(key)
        if position is None:
            return None
        number, offset = divmod(position, self.chunk)
        if number not in self._chunks:
            answer = self.child.frame(number)
            try:
                codes = json.loads(answer) if answer is not None else None
            except ValueError:
                codes = None
            expected = min(self.chunk, len(self.positions) - number * self.chunk)
            self._chunks[number] = (
                codes if isinstance(codes, list) and len(codes) == expected else None
            )
        codes = self._chunks[number]
        return codes[offset] if codes is not None else None


class QrCodes:
    """The QR codes of one build, made in a second process while MkDocs renders pages.

    A code costs 0.4 ms (4 s for 10,000 entries), and MkDocs itself is single-threaded,
    so on a machine with two cores the codes come almost for free if they are made
    alongside. The worker yields to the one
    making the pages (``NICE_LATER``), whose pages MkDocs needs first, and sends the codes
    in frames of ``CHUNK``, in the order of the
    pages, so a page waits at most for its own frame. Whatever goes wrong with the worker,
    the code is made here instead: the output is the same either way
    (``tests/test_parallel.py``).

    The worker is a plain subprocess (see ``workers``).
    """

    def __init__(self, min_for_worker: int = MIN_FOR_WORKER, keep: bool = False) -> None:
        self.min_for_worker = min_for_worker
        self._batch: _Batch | None = None
        #: Codes already made, kept across rebuilds (``mkdocs serve``) when ``keep``.
        self._made: dict[QrKey, str] | None = {} if keep else None
        #: How many codes came from the worker (the benchmark and the tests read it).
        self.from_worker = 0

    def prepare(self, keys: Iterable[QrKey]) -> None:
        """Start making the codes for ``keys`` in a second process, if there are enough."""
        self.close()
        made = self._made or {}
        todo = [key for key in dict.fromkeys(keys) if key not in made]
        if len(todo) >= self.min_for_worker and second_core():
            self._batch = _Batch(todo)
        # Otherwise they are made on demand, in this process.

    def svg(self, url: str, label: str) -> str:
        key = (url, label)
        if self._made is not None and key in self._made:
            return self._made[key]
        made = self._batch.get(key) if self._batch is not None else None
        if made is None:
            made = qr_svg(url, label)
        else:
            self.from_worker += 1
        if self._made is not None:
            self._made[key] = made
        return made

    def close(self) -> None:
        """Forget this build's batch (the worker, if still running, finishes on its own)."""
        self._batch = None
