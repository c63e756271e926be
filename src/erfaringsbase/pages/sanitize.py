"""Second line of defence: the HTML of content pages goes through nh3 (ammonia).

``validate`` already refuses raw HTML in content; this catches whatever markdown itself
can produce (links with odd schemes, attribute lists) and anything a future extension
lets through. The allow-list keeps the markup Material styles: admonitions, definition
lists, tables, heading anchors, footnotes and highlighted code, plus exactly the SVG that
``charts.py`` writes (and nothing that could load or run anything: no ``<script>``,
``<style>``, ``<foreignObject>``, ``<use>``, ``<image>`` or animation; colours only as
``currentColor``, so ``fill="url(https://…)"`` cannot fetch a paint server).
"""

from __future__ import annotations

from typing import Final

import nh3

# No <img>, <map> or <area>: a picture from another host would make every reader's
# browser contact that host (a privacy breach for a public site), and none is needed.
# The SVG elements are the charts'; nh3 matches by name only, so <title> outside an SVG
# passes too, which is harmless (browsers do not display a <title> in the body).
TAGS: Final = (frozenset(nh3.ALLOWED_TAGS) - {"img", "map", "area"}) | {
    "svg",
    "title",
    "desc",
    "g",
    "rect",
    "line",
    "path",
    "circle",
    "text",
    "tspan",
}

ATTRIBUTES: Final = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "scope", "style"},
    "ol": {"start", "type"},
    "details": {"open"},
    # When an event ends: the browser moves it from «Kommende» to «Tidligere» then.
    "time": {"datetime", "data-eb-ends"},
    "code": {"class"},
    # Material leaves a section out of its search index when its heading has this (set on
    # navigation sections: related entries, backlinks, lists); it removes it afterwards.
    "h2": {"data-search-exclude"},
    "h3": {"data-search-exclude"},
    "h4": {"data-search-exclude"},
    # The charts' SVG (charts.py): geometry and accessibility, nothing else.
    "svg": {"viewBox", "width", "role", "aria-labelledby", "font-size"},
    "rect": {"x", "y", "width", "height"},
    "line": {"x1", "y1", "x2", "y2"},
    "path": {"d", "stroke-width"},
    "circle": {"cx", "cy", "r"},
    "text": {"x", "y", "text-anchor"},
    "tspan": {"x", "dy"},
}

# Paint attributes are the charts' fallback colours when charts.css is missing. Only
# these values pass: any other paint could be ``url(…)``, a reference to elsewhere.
_PAINT: Final = frozenset({"currentColor", "none"})
ATTRIBUTE_VALUES: Final = {
    "rect": {"fill": _PAINT},
    "circle": {"fill": _PAINT},
    "text": {"fill": _PAINT},
    "line": {"stroke": _PAINT},
    "path": {"fill": _PAINT, "stroke": _PAINT},
}

URL_SCHEMES: Final = frozenset({"http", "https"})


# One cleaner for the whole build: ``nh3.clean`` would rebuild the allow-lists on every
# call, a third of its time on a typical page.
_CLEANER: Final = nh3.Cleaner(
    tags=set(TAGS),
    attributes={k: set(v) for k, v in ATTRIBUTES.items()},
    tag_attribute_values={
        tag: {name: set(values) for name, values in allowed.items()}
        for tag, allowed in ATTRIBUTE_VALUES.items()
    },
    url_schemes=set(URL_SCHEMES),
    # Only text-align survives in table cells (Python-Markdown writes it as a style).
    filter_style_properties={"text-align"},
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def sanitize(html: str) -> str:
    return _CLEANER.clean(html)
