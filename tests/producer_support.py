"""Helpers for the producer tests (calendars, feeds, open data): build a renderer as the
build does (``site.py``), for a content tree and a given ``site_url``."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from erfaringsbase.content.config import find_settings
from erfaringsbase.pages.render import Renderer
from erfaringsbase.site import check

#: Under a path, so every absolute URL must keep the base.
SITE_URL = "https://example.org/base/"
#: Not the default, so a test sees that names come from the settings.
SITE_NAME = "Mini"


def renderer_for(root: Path, site_url: str = SITE_URL, *, allow_errors: bool = False) -> Renderer:
    """The renderer the producers receive: published entries only, no content errors.

    ``allow_errors`` renders content that validate refuses, to test a second line of
    defence (escaping) with input the first line (validate) would have stopped.
    """
    settings = dataclasses.replace(find_settings(root), site_url=site_url, site_name=SITE_NAME)
    site = check(settings, include_drafts=False)
    if not allow_errors:
        assert not site.errors, [p.format_text() for p in site.errors]
    return Renderer(site.index)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.lstrip("\n"), "utf-8")
    return path
