"""The theme layer: the package's template overrides, styles and scripts, put between a
site's own ``custom_dir`` and Material through MkDocs' documented theme configuration.

Every knowledge base then gets the privacy fix (no api.github.com), the completed
translations, the front page and «not found» templates, breadcrumbs, link previews, the
share box, the search box and the look (Designsystemet's tokens, vendored), while a
site's own ``custom_dir`` still wins. A partial of the site's own may write something of
the page where the theme draws a folder's header, tabs and footer once for all its pages,
so with one every page is drawn for itself (``navigation.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from mkdocs.config.defaults import MkDocsConfig

THEME_DIR: Final = Path(__file__).parent / "theme"
# Designsystemet's tokens first (custom properties only), then the look made of them,
# then the parts' own styles, which use Material's variables and so follow the look.
# The tokens are vendored (vendor/designsystemet/README.md: version, checksum, licence),
# not linked from a CDN: the site fetches nothing from another host.
STYLESHEETS: Final = (
    "assets/erfaringsbase/vendor/designsystemet/digdir.css",
    "assets/erfaringsbase/look.css",
    "assets/erfaringsbase/erfaringsbase.css",
    "assets/erfaringsbase/charts.css",
    "assets/erfaringsbase/explorer.css",
    "assets/erfaringsbase/search.css",
)
SCRIPTS: Final = (
    "assets/erfaringsbase/erfaringsbase.js",
    "assets/erfaringsbase/explorer.js",
    "assets/erfaringsbase/search.js",
)


def add_theme_layer(config: MkDocsConfig) -> None:
    dirs: list[str] = config.theme.dirs
    if str(THEME_DIR) not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
    for position, sheet in enumerate(STYLESHEETS):
        if sheet not in config.extra_css:
            config.extra_css.insert(position, sheet)
    present = [str(s) for s in config.extra_javascript]
    for script in SCRIPTS:
        if script not in present:
            config.extra_javascript.append(script)
