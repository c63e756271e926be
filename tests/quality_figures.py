"""The quality figures (issue 7): what the gates checked and what they found.

Tests record counts here; ``pytest_terminal_summary`` in ``conftest.py`` prints them under
"Kvalitetstall" at the end of the run, and writes them as JSON to the file named by
``ERFARINGSBASE_QUALITY_JSON`` (``scripts/quality.py`` turns that into docs/kvalitet.md).
A figure is recorded by the test that measured it, so a figure only appears when its
test ran: the page never shows a number that was not measured.
"""

from __future__ import annotations

FIGURES: dict[str, int | str] = {}


def record(label: str, value: int | str) -> None:
    """Set a figure (the last measurement wins)."""
    FIGURES[label] = value


def add(label: str, amount: int = 1) -> None:
    """Count into a figure (several tests may add to the same one)."""
    current = FIGURES.get(label, 0)
    assert isinstance(current, int), label
    FIGURES[label] = current + amount
