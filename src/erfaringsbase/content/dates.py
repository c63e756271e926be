"""Dates as contributors write them: does one exist, and what is it in the form we use?

The schemas say which form each date field takes (``format``: ``date``, ``partial-date``
or ``local-datetime``) and which years may be used at all; ``schema`` checks with these
functions and words the messages. A date outside those years is refused whether it is
written with quotes or without: years 0 and 9999 are not dates anyone means, and they
make the standard library overflow (or a year page for every year up to them).

Norwegian official style writes ``01.03.2019`` and ``2025-03-12 11.30``; instead of a
generic "wrong format", ``iso_form`` gives the same date in the form the field takes, to
paste in.
"""

from __future__ import annotations

import calendar
import re
from typing import Final

from .model import MONTHS_NB

DATE: Final = "date"
PARTIAL_DATE: Final = "partial-date"
LOCAL_DATETIME: Final = "local-datetime"
FORMATS: Final = (DATE, PARTIAL_DATE, LOCAL_DATETIME)

_PARTIAL: Final = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")
_DATETIME: Final = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?\Z")


def calendar_problem(value: object, years: range) -> str | None:
    """Why a date-like value does not exist (or is outside ``years``), or None if it does
    (or is not date-like: the schema's pattern reports that)."""
    if not isinstance(value, str):
        return None
    m = _DATETIME.match(value) or _PARTIAL.match(value)
    if m is None:
        return None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.lastindex and m.lastindex >= 3 and m.group(3) else None
    if year not in years:
        return f"«{value}»: året {m.group(1)} kan ikke brukes her. {year_advice(years)}"
    if month is not None and not 1 <= month <= 12:
        return f"«{value}» er ikke en gyldig dato: måneden må være mellom 01 og 12."
    if month is not None and day is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            return f"«{value}» finnes ikke i kalenderen: {MONTHS_NB[month - 1]} {year} har {last} dager."
    if m.re is _DATETIME and m.group(4) is not None:
        hour, minute = int(m.group(4)), int(m.group(5))
        second = int(m.group(6) or 0)
        if hour > 23 or minute > 59 or second > 59:
            return f"«{value}» har et klokkeslett som ikke finnes (TT:MM, 00:00–23:59)."
    return None


def year_advice(years: range) -> str:
    """What to write instead of a year outside ``years``."""
    return f"Skriv et årstall fra {years.start} til {years.stop - 1}."


# --- Norwegian styles --------------------------------------------------------------------

_MONTH_NUMBERS: Final = {name: number for number, name in enumerate(MONTHS_NB, 1)}
_NUMERIC: Final = re.compile(r"(?:(\d{1,2})\.)?(\d{1,2})\.(\d{4})")  # 1.3.2019, 03.2019
_WORDS: Final = re.compile(r"(?:(\d{1,2})\.?\s+)?([a-zæøå]+)\.?\s+(\d{4})")  # 1. mars 2019
_ISO_DATE: Final = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")
_TIME: Final = re.compile(r"(?:kl\.?\s*)?(\d{1,2})(?:[.:](\d{2}))?")


def _month(word: str) -> int | None:
    """``mars``, ``mar`` or ``mar.`` → 3 (at least three letters, so nothing is guessed)."""
    if len(word) < 3:
        return None
    return next((n for name, n in _MONTH_NUMBERS.items() if name.startswith(word)), None)


def _date_part(text: str) -> tuple[int, int | None, int | None] | None:
    """Year, month and day of a date in a Norwegian or ISO-like style."""
    if m := _NUMERIC.fullmatch(text):
        return int(m.group(3)), int(m.group(2)), int(m.group(1)) if m.group(1) else None
    if m := _WORDS.fullmatch(text.lower()):
        month = _month(m.group(2))
        return (int(m.group(3)), month, int(m.group(1)) if m.group(1) else None) if month else None
    if m := _ISO_DATE.fullmatch(text):
        return int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None
    return None


def _split_time(text: str) -> tuple[str, tuple[int, int] | None]:
    """``"12.03.2025 kl. 11.30"`` → (``"12.03.2025"``, (11, 30)); no time: (text, None)."""
    for cut in (" kl.", " kl ", "T", " "):
        date_text, found, time_text = text.rpartition(cut)
        if not found or not date_text:
            continue
        time_text = time_text.strip()
        m = _TIME.fullmatch(time_text)
        # A bare number after a space is a year or a day, not an hour, unless "kl" says so.
        if m and (m.group(2) is not None or cut.startswith(" kl")):
            return date_text.strip().rstrip(","), (int(m.group(1)), int(m.group(2) or 0))
    return text, None


def iso_form(value: str, date_format: str) -> str | None:
    """``value`` (a date in another style) in the form ``date_format`` takes, as it is
    to be written in YAML; None if it cannot be read as a date of that form."""
    text = " ".join(value.split())
    text, time = _split_time(text) if date_format == LOCAL_DATETIME else (text, None)
    parts = _date_part(text)
    if parts is None:
        return None
    year, month, day = parts
    if day is None and date_format != PARTIAL_DATE:
        return None  # a month where a day is needed: no date to suggest
    iso = f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day is not None else "")
    if time is not None:
        return f'"{iso} {time[0]:02d}:{time[1]:02d}"'
    return iso if iso != value else None
