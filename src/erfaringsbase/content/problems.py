"""Problems found in content, and the three ways of printing them.

Every stage collects problems instead of raising, so a contributor sees *all* mistakes in
a file at once. A problem always names a file and, where it can be known, the line of
the offending key and the field's path (``organisations[1].role``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from difflib import get_close_matches
from typing import Final, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    path: str
    line: int | None
    field: str | None
    message: str
    severity: Severity = "error"

    def format_text(self) -> str:
        location = f"{self.path}:{self.line}" if self.line else self.path
        where = f"{self.field}: " if self.field else ""
        return _one_line(f"{location}: {self.severity}: {where}{self.message}")

    def format_github(self) -> str:
        # GitHub Actions workflow command; the message may not contain raw newlines.
        props = [f"file={_gh_escape_property(self.path)}"]
        if self.line:
            props.append(f"line={self.line}")
        title = f"Erfaringsbasen: {self.field}" if self.field else "Erfaringsbasen"
        props.append(f"title={_gh_escape_property(title)}")
        return f"::{self.severity} {','.join(props)}::{_gh_escape_data(self.message)}"


#: Line breaks and other control characters, which a field name or value quoted in a
#: message may contain: shown escaped (``\\r``), so that one problem stays one line.
_CONTROL: Final = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def _one_line(text: str) -> str:
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


def _gh_escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_escape_property(value: str) -> str:
    return _gh_escape_data(value).replace(":", "%3A").replace(",", "%2C")


def did_you_mean(value: object, candidates: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The closest candidate to a misspelt value, or None."""
    if not isinstance(value, str):
        return None
    pool = list(candidates)
    matches = get_close_matches(value, pool, n=1, cutoff=cutoff)
    if not matches:
        # "samarbeid" for "samarbeid-pa-tvers": a prefix is a strong hint too.
        prefixed = [c for c in pool if value and (c.startswith(value) or value.startswith(c))]
        if len(prefixed) == 1:
            return prefixed[0]
        return None
    return matches[0]


def suggestion(value: object, candidates: Iterable[str]) -> str:
    """`` Mente du «x»?`` or the empty string."""
    best = did_you_mean(value, candidates)
    return f" Mente du «{best}»?" if best else ""


class ProblemLog:
    """Collects problems from every stage, in order, without duplicates."""

    def __init__(self) -> None:
        self._items: list[Problem] = []
        self._seen: set[Problem] = set()

    def add(
        self,
        path: str,
        line: int | None,
        field: str | None,
        message: str,
        severity: Severity = "error",
    ) -> None:
        problem = Problem(path, line, field, message, severity)
        if problem not in self._seen:
            self._seen.add(problem)
            self._items.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        for p in problems:
            self.add(p.path, p.line, p.field, p.message, p.severity)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.sorted())

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self._items if p.severity == "error"]

    def sorted(self) -> list[Problem]:
        return sorted(self._items, key=lambda p: (p.path, p.line or 0, p.field or "", p.message))

    def for_path(self, path: str) -> list[Problem]:
        return [p for p in self.sorted() if p.path == path]


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def summary_line(files_checked: int, problems: Sequence[Problem]) -> str:
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    checked = _count(files_checked, "fil", "filer") + " sjekket"
    if not problems:
        return f"{checked}: ingen problemer."
    parts = [_count(errors, "feil", "feil")] if errors else []
    if warnings:
        parts.append(_count(warnings, "advarsel", "advarsler"))
    files_with = _count(len({p.path for p in problems}), "fil", "filer")
    tail = "" if errors else " (ingen feil)"
    return f"{checked}: {' og '.join(parts)} i {files_with}{tail}."


def format_report(
    problems: Sequence[Problem], files_checked: int, fmt: Literal["text", "github", "json"]
) -> str:
    if fmt == "json":
        return json.dumps(
            {
                "files_checked": files_checked,
                "problem_count": len(problems),
                "error_count": sum(1 for p in problems if p.severity == "error"),
                "problems": [asdict(p) for p in problems],
            },
            ensure_ascii=False,
            indent=2,
        )
    lines = [p.format_github() if fmt == "github" else p.format_text() for p in problems]
    lines.append(summary_line(files_checked, problems))
    return "\n".join(lines)
