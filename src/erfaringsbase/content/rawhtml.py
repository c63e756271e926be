"""Raw HTML in content is refused: contributors write markdown, and HTML is how a page
would be made to run script or load things from other hosts. (The built pages are also
sanitised; this is the first line, with a message at the right line.)

Python-Markdown itself decides what is raw HTML: it sets every raw fragment aside in its
``htmlStash`` while converting, so what is refused is exactly what it would have passed
through. Entities (``&amp;``) are stashed too, and are fine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, Final

from .reader import FieldPath

#: The extensions the site uses, so the check sees the markdown as the site does.
EXTENSIONS: Final = ["admonition", "attr_list", "def_list", "footnotes", "tables"]
_TAG: Final = re.compile(r"<\s*/?\s*[a-zA-Z!?]")
_FENCE: Final = re.compile(
    r"^([ \t]*)(`{3,}|~{3,})[^\n]*\n.*?^\1\2[ \t]*$", re.MULTILINE | re.DOTALL
)


def _without_code_blocks(body: str) -> str:
    """Fenced code is shown as code, never as HTML: blank it out, keeping the line count."""
    return _FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), body)


def html_in_body(body: str) -> Iterator[tuple[int, str]]:
    """(line offset within the body, fragment) of every raw HTML fragment."""
    if "<" not in body:  # the common case costs nothing
        return
    import markdown  # only for a body with a «<» in it: validate stays quick to start

    body = _without_code_blocks(body)
    md = markdown.Markdown(extensions=EXTENSIONS)
    md.convert(body)
    claimed: set[int] = set()
    found = []
    # Block HTML is stashed before inline HTML, so find each fragment from the start,
    # taking the first occurrence not already claimed by an identical fragment.
    for fragment in md.htmlStash.rawHtmlBlocks:
        text = str(fragment).strip()
        if not _TAG.search(text):
            continue  # an entity such as &amp;
        needle = text[:40]
        position = body.find(needle)
        while position in claimed and position >= 0:
            position = body.find(needle, position + 1)
        claimed.add(position)
        found.append((position, body.count("\n", 0, max(position, 0)), text))
    for _, line, text in sorted(found):
        yield line, text


# A markdown link or image whose target is a script or data URL, inline or as a
# reference definition. Not HTML, but just as able to run script when clicked.
_SCRIPT_LINK: Final = re.compile(
    r"\]\(\s*<?\s*((?:javascript|vbscript|data)\s*:[^)\n]{0,40})"
    r"|^[ ]{0,3}\[[^\]\n]+\]:\s*<?\s*((?:javascript|vbscript|data)\s*:\S{0,40})",
    re.IGNORECASE | re.MULTILINE,
)


_CODE_SPAN: Final = re.compile(r"(`+)[^`\n].*?\1")


def without_code(body: str) -> str:
    """The text with fenced blocks and code spans blanked out, character for character
    (line breaks kept): whatever is found in it is where it is in the text."""

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    return _CODE_SPAN.sub(blank, _FENCE.sub(blank, body))


def script_links_in_body(body: str) -> Iterator[tuple[int, str]]:
    """(line offset within the body, target) of every javascript:, vbscript: or data: link."""
    if ":" not in body:
        return
    body = _CODE_SPAN.sub("", _without_code_blocks(body))
    for match in _SCRIPT_LINK.finditer(body):
        yield body.count("\n", 0, match.start()), match.group(1) or match.group(2)


#: An attribute list (Python-Markdown's attr_list: ``{: #id .class key=value }``), and one
#: of its attributes.
_ATTR_LIST: Final = re.compile(r"\{:?[ ]*([^}\n ][^}\n]*)[ ]*\}")
_ATTRIBUTE: Final = re.compile(r"""([#.])([^\s}]+)|([\w-]+)=("[^"]*"|'[^']*'|[^\s}]+)""")


def theme_owned(attribute: str, value: str) -> bool:
    """Is this id or class the theme's (Material's ``__search``, ``md-header``)? Text that
    takes one looks like, or takes the place of, a part of every page."""
    if attribute == "id":
        return value.startswith(("__", "md-"))
    return attribute == "class" and any(c.startswith("md-") for c in value.split())


def theme_attributes_in_body(body: str) -> Iterator[tuple[int, str, list[str]]]:
    """(line offset within the body, attribute list, what in it is the theme's) of every
    attribute list in the text that sets an id or class of the theme."""
    if "{" not in body:
        return
    body = without_code(body)
    for match in _ATTR_LIST.finditer(body):
        owned = [
            token
            for attribute, value, token in _attributes(match.group(1))
            if theme_owned(attribute, value)
        ]
        if owned:
            yield body.count("\n", 0, match.start()), match.group(0), owned


def without_theme_attributes(body: str) -> str:
    """The text with the theme's ids and classes taken out of its attribute lists (what a
    preview shows of a text ``validate`` refuses; the rest of each list is kept)."""
    if "{" not in body:
        return body

    pieces, at = [], 0
    for match in _ATTR_LIST.finditer(without_code(body)):  # the same positions, code blank
        tokens = _attributes(match.group(1))
        if not any(theme_owned(attribute, value) for attribute, value, _ in tokens):
            continue
        kept = [token for attribute, value, token in tokens if not theme_owned(attribute, value)]
        pieces += [body[at : match.start()], "{: " + " ".join(kept) + " }" if kept else ""]
        at = match.end()
    return "".join(pieces) + body[at:]


def _attributes(text: str) -> list[tuple[str, str, str]]:
    """(attribute, value, as written) of each attribute in an attribute list."""
    found = []
    for match in _ATTRIBUTE.finditer(text):
        if match.group(1):
            attribute = "id" if match.group(1) == "#" else "class"
            found.append((attribute, match.group(2), match.group(0)))
        else:
            found.append((match.group(3).lower(), match.group(4).strip("\"'"), match.group(0)))
    return found


def html_in_fields(data: Mapping[str, Any], at: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Front-matter strings that contain an HTML tag."""
    for key, value in data.items():
        path: FieldPath = (*at, key)
        if isinstance(value, str) and _TAG.search(value):
            yield path, value
        elif isinstance(value, Mapping):
            yield from html_in_fields(value, path)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, Mapping):
                    yield from html_in_fields(item, (*path, index))
                elif isinstance(item, str) and _TAG.search(item):
                    yield (*path, index), item
