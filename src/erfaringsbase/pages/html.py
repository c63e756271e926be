"""Escaping, and the few HTML shapes every generated page is made of.

Everything the core writes on a page is HTML written here, except the headings (markdown,
so that the toc extension gives them their anchors and the table of contents) and an
entry's own text (markdown by design). Contributor text is always escaped on the way in:
a title can never become a tag, a link or an attribute.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Final

from markupsafe import Markup

_WHITESPACE: Final = re.compile(r"\s+")

#: HTML's three, and markdown's inline specials backslashed, in one pass: for the few
#: texts that stand in markdown (a page's title, a heading).
_MD_ESCAPES: Final = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;"} | {c: "\\" + c for c in "\\`*_{}[]|#"}
)


def _escaped(value: object) -> str:
    """``text`` as a plain string, to be written into a larger piece of HTML: the writer
    calls these a million times at 10,000 entries, and each ``Markup`` made (and each of
    its methods, which escape their arguments) costs more than the escaping itself."""
    if isinstance(value, Markup):
        return value
    plain = str(value)
    # Only a string with two spaces in a row or another kind of space (every one of
    # which ``isprintable`` refuses) can change: the rest skip the regular expression.
    if "  " in plain or not plain.isprintable():
        plain = _WHITESPACE.sub(" ", plain)
    return plain.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def text(value: object) -> Markup:
    """Escaped text (``&``, ``<``, ``>``; quotes stay), whitespace as one space. Markup
    passes as it is."""
    if isinstance(value, Markup):
        return value
    return Markup(_escaped(value))


def attribute(value: str) -> str:
    """An attribute's value (``"`` escaped too)."""
    return str.replace(_escaped(value), '"', "&quot;")


def md_text(value: object) -> Markup:
    """Text for a markdown heading or title: nothing in it can become markup."""
    if isinstance(value, Markup):
        return value
    escaped = _WHITESPACE.sub(" ", str(value)).strip().translate(_MD_ESCAPES)
    if escaped.startswith(":"):
        escaped = "&#58;" + escaped[1:]
    return Markup(escaped)


def join(parts: Iterable[object], sep: str = ", ") -> Markup:
    return Markup(sep.join(map(_escaped, parts)))


def a(href: str, label: object) -> Markup:
    return Markup(f'<a href="{attribute(href)}">{_escaped(label)}</a>')


def external_url(url: str) -> str:
    """A link destination as written (spaces and parentheses encoded)."""
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def paragraph(content: object, css_class: str | None = None) -> Markup:
    cls = f' class="{attribute(css_class)}"' if css_class else ""
    return Markup(f"<p{cls}>{_escaped(content).strip()}</p>")


def item_list(items: Sequence[Markup], tag: str = "ul", css_class: str | None = None) -> Markup:
    rows = "\n".join(f"<li>{item}</li>" for item in items)
    opening = f'<{tag} class="{attribute(css_class)}">' if css_class else f"<{tag}>"
    return Markup(f"{opening}\n{rows}\n</{tag}>")


def fact_box(title: str, rows: Sequence[tuple[str, Markup]]) -> Markup:
    """The box of facts at the top of a page (Material's ``admonition info``), rows without
    a value left out; empty without rows. (The site search takes its values as the page's
    facts: ``search.fact_box_for_keywords``.)"""
    shown = [(term, value) for term, value in rows if value]
    if not shown:
        return Markup("")
    body = "\n".join(f"<dt>{_escaped(term)}</dt>\n<dd>{value}</dd>" for term, value in shown)
    return Markup(
        f'<div class="admonition info">\n<p class="admonition-title">{_escaped(title)}</p>\n'
        f"<dl>\n{body}\n</dl>\n</div>"
    )


def quote(content: Markup) -> Markup:
    return Markup(f"<blockquote>\n{content}\n</blockquote>")


def nok(amount: int) -> str:
    """``120000000`` → ``120 000 000 kr`` with no-break spaces."""
    return f"{amount:,}".replace(",", "\u00a0") + "\u00a0kr"
