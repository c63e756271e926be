"""Second line of defence: the HTML of content pages goes through nh3 (ammonia).

``validate`` already refuses raw HTML in content; this catches whatever markdown itself
can produce (links with odd schemes, attribute lists) and anything a future extension
lets through. The allow-list keeps the markup Material styles: admonitions, definition
lists, tables, heading anchors, footnotes and highlighted code.
"""

from __future__ import annotations

from typing import Final

import nh3

# No <img>, <map> or <area>: a picture from another host would make every reader's
# browser contact that host (a privacy breach for a public site), and none is needed.
TAGS: Final = frozenset(nh3.ALLOWED_TAGS) - {"img", "map", "area"}

ATTRIBUTES: Final = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "scope", "style"},
    "ol": {"start", "type"},
    "details": {"open"},
    "time": {"datetime"},
    "code": {"class"},
}

URL_SCHEMES: Final = frozenset({"http", "https"})


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        # Only text-align survives in table cells (Python-Markdown writes it as a style).
        filter_style_properties={"text-align"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
