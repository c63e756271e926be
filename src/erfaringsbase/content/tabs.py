"""Tabs in the fields: found, told with one fix, and read past.

Tabs are refused wherever they are in the fields. YAML takes some (after a colon, inside a
value) and stumbles over others (in the indentation, after a dash), and an editor shows
them as 2, 4 or 8 spaces; one rule, with one fix, works for all of them. Where YAML
stumbles, the fields are read again as if the tab were spaces (``readings``), so that the
rest of the file is checked in the same round.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from typing import Final

from .problems import Problem

#: Line → (column of its first tab, whether the tab is in the indentation).
TabLines = dict[int, tuple[int, bool]]

#: At most this many readings of a file with tabs are tried (``readings``).
MAX_READINGS: Final = 32


def tab_lines(text: str, offset: int) -> TabLines:
    """Every line of ``text`` with a tab (numbered in its file: ``offset`` lines before)."""
    found: TabLines = {}
    at = text.find("\t")
    while at != -1:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end == -1 else end
        indent = not text[start:at].strip(" \t-")
        found[offset + text.count("\n", 0, at) + 1] = (at - start + 1, indent)
        at = text.find("\t", end)
    return found


def tab_problems(tabs: TabLines, path: str, fields: Mapping[int, str]) -> list[Problem]:
    """One problem per line with a tab; ``fields``: line → the field it holds, if known."""
    problems = []
    for line, (column, indent) in sorted(tabs.items()):
        where = "i innrykket" if indent else f"i tegn nr. {column}"
        problems.append(
            Problem(
                path,
                line,
                fields.get(line),
                f"Linjen har en tabulator {where}, og feltene kan ikke ha tabulatorer. "
                "Bytt tabulatoren ut med mellomrom"
                + (" (to mellomrom per nivå)." if indent else "."),
            )
        )
    return problems


def readings(text: str, tabs: TabLines, offset: int) -> Iterator[str]:
    """The text with its tabs in the indentation read as spaces, in the likeliest ways
    first: a tab after a dash as one space; one that indents a line as the indentation of
    a line above it (the nearest first), or none."""
    rows = text.split("\n")
    numbers = sorted(n for n, (_, indent) in tabs.items() if indent)
    choices = [_choices(rows, n - offset - 1) for n in numbers]
    for reading in itertools.islice(itertools.product(*choices), MAX_READINGS):
        for number, row in zip(numbers, reading, strict=True):
            rows[number - offset - 1] = row
        yield "\n".join(rows)


def _choices(rows: list[str], at: int) -> list[str]:
    row = rows[at]
    stripped = row.lstrip(" \t")
    lead = row[: len(row) - len(stripped)]
    if stripped.startswith("-"):
        after = stripped[1:].lstrip(" \t")
        if "\t" in stripped[1 : len(stripped) - len(after)]:
            stripped = "- " + after
    if "\t" not in lead:
        return [lead + stripped]
    widths = []
    for earlier in reversed(rows[:at]):
        if earlier.strip() and "\t" not in earlier:
            widths.append(len(earlier) - len(earlier.lstrip(" ")))
            widths.append(len(earlier) - len(earlier.lstrip(" -")))
    order = dict.fromkeys([*widths[:4], 0, *widths[4:]])
    return [" " * width + stripped for width in order]
