"""The share box of an entry page: permanent link, suggested citation, QR code.

Made at build time by the core; the theme shows it after the content, outside the search
index and the markdown export (it describes the page, it is not the content).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

import segno

from .config import Settings
from .model import Entry
from .urls import UrlScheme, absolute


@dataclass(frozen=True, slots=True)
class Share:
    permalink: str
    #: The citation without the reading date, which belongs to the reader, not the build.
    citation: str
    qr_svg: str


@lru_cache(maxsize=20_000)  # `mkdocs serve` asks again for every page it rebuilds
def qr_svg(url: str, label: str) -> str:
    """A QR code as inline SVG: black on white in every palette, so phones can read it."""
    # A fixed mask: choosing the "best" of eight costs five times as much (4 ms a page, 40 s
    # for 10,000 pages) and every mask makes a valid, readable code (a test decodes them).
    code = segno.make(url, error="m", mask=2, micro=False)
    out = io.BytesIO()
    code.save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=True,
        title=f"QR-kode til {label}",
        desc=url,
        svgclass="eb-qr",
        lineclass="eb-qr-line",
        omitsize=True,
        border=2,
        dark="#000",
        light="#fff",
        nl=False,
    )
    return out.getvalue().decode("utf-8")


def citation(entry: Entry, settings: Settings, permalink: str) -> str:
    """``Altinn. Erfaringsbasen, 2026. https://…/erfaringer/altinn/`` (+ «lest …» by the reader)."""
    year = (entry.updated or entry.published).year
    title = entry.title.rstrip(".")
    return f"{title}. {settings.site_name}, {year}. {permalink}"


def share_for(entry: Entry, settings: Settings) -> Share:
    permalink = absolute(settings.site_url, UrlScheme(settings.prefixes).page(entry.kind, entry.id))
    return Share(permalink, citation(entry, settings, permalink), qr_svg(permalink, entry.title))
