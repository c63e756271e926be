"""Limits on the shape of an entry's text, checked before any markdown is converted.

Python-Markdown is fine with anything a person writes, but some shapes make it slow or
make it fail. Brackets with no end (``[[[[…``) are processed in quadratic time per
paragraph: 1,000 take 0.2 s, the 1 MB a file may hold would take hours. Every level of
lists or quotes inside each other is a level of recursion: 500 levels of list fail with
a RecursionError after 2 s, 1,000 after 20 s. One such file, by accident or on purpose,
would hang or crash every build and every preview. The limits are far above anything a
real text needs (the content has no indented lines at all), and a text past them is
refused with the line where it happens, like any other error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

#: Leading spaces on a line (a tab counts as four): 16 levels of list at four spaces.
MAX_INDENT: Final = 64
#: Quote markers (``>``) at the start of one line, and list markers (``- - -``).
MAX_QUOTES: Final = 16
MAX_MARKERS: Final = 16
#: ``[`` in one paragraph, and in the whole text (100 links is already a long list).
MAX_BRACKETS_PER_PARAGRAPH: Final = 200
MAX_BRACKETS: Final = 2_000

_FENCE: Final = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_QUOTES: Final = re.compile(r"^(?:[ \t]*>)+")
_MARKERS: Final = re.compile(r"^[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)+")
_MARKER: Final = re.compile(r"[-*+]|\d{1,9}[.)]")
#: A ``[`` that could open a link (``\\[`` is shown as a bracket and opens nothing).
_OPENING: Final = re.compile(r"(?<!\\)\[")
#: Cheap looks for text that may be past a limit; only then are the lines walked. (Fewer
#: than 16 whitespace characters cannot reach MAX_INDENT columns.) Each begins with a
#: newline rather than ``^`` and MULTILINE: a literal start lets the regex engine jump
#: from line to line, five times faster on a typical text.
_MAYBE_DEEP: Final = re.compile(r"\n[ \t]{16}")
_MANY_MARKERS: Final = re.compile(
    rf"\n[ \t]*(?:(?:[-*+]|\d{{1,9}}[.)])[ \t]+){{{MAX_MARKERS + 1}}}"
)
_MANY_QUOTES: Final = re.compile(rf"\n(?:[ \t]*>){{{MAX_QUOTES + 1}}}")


def body_limits(body: str) -> Iterator[tuple[int, str]]:
    """(line offset within the body, message) for the first line past each limit."""
    lines = "\n" + body
    if not (
        body.count("[") > MAX_BRACKETS_PER_PARAGRAPH
        or _MAYBE_DEEP.search(lines)
        or _MANY_MARKERS.search(lines)
        or (">" in body and _MANY_QUOTES.search(lines))
    ):
        return  # the common case: a few quick looks, no walk over the lines
    reported: set[str] = set()

    def once(limit: str, offset: int, message: str) -> Iterator[tuple[int, str]]:
        if limit not in reported:
            reported.add(limit)
            yield offset, message

    fence: str | None = None
    in_paragraph = total = 0
    for offset, line in enumerate(body.split("\n")):
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1).startswith(fence):
                fence = None
            continue  # code is shown as it is written
        if opened:
            fence = opened.group(1)
            continue
        if not line.strip():
            in_paragraph = 0
            continue
        expanded = line.expandtabs(4)
        width = len(expanded) - len(expanded.lstrip(" "))
        if width > MAX_INDENT:
            yield from once(
                "indent",
                offset,
                f"Linjen er rykket inn {width} mellomrom, grensen er {MAX_INDENT}. Teksten "
                "har for mange nivåer av lister inne i hverandre. Bruk færre nivåer.",
            )
        markers = _MARKERS.match(line)
        count = len(_MARKER.findall(markers.group(0))) if markers else 0
        if count > MAX_MARKERS:
            yield from once(
                "markers",
                offset,
                f"Linjen begynner med {count} listetegn etter hverandre. Teksten har for mange "
                f"nivåer av lister inne i hverandre (grensen er {MAX_MARKERS}). Bruk færre "
                "nivåer.",
            )
        quotes = _QUOTES.match(line)
        depth = quotes.group(0).count(">") if quotes else 0
        if depth > MAX_QUOTES:
            yield from once(
                "quotes",
                offset,
                f"Linjen har {depth} sitatnivåer (>) inne i hverandre. Teksten har for mange "
                f"nivåer av sitater (grensen er {MAX_QUOTES}). Bruk færre nivåer.",
            )
        brackets = len(_OPENING.findall(line))
        in_paragraph += brackets
        total += brackets
        if in_paragraph > MAX_BRACKETS_PER_PARAGRAPH:
            yield from once(
                "paragraph",
                offset,
                f"Avsnittet har mer enn {MAX_BRACKETS_PER_PARAGRAPH} klammer ([). Del det "
                "opp, eller skriv klammene som \\[ hvis de skal vises som tekst.",
            )
        if total > MAX_BRACKETS:
            yield from once(
                "total",
                offset,
                f"Teksten har mer enn {MAX_BRACKETS} klammer ([), mer enn en lang tekst med "
                "mange lenker trenger. Del den opp i flere oppføringer.",
            )
