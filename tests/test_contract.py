"""The contract (issue 22): what ``validate`` accepts builds without error and with every
output right; what it refuses, it refuses with a file and a line.

Hypothesis writes an event or a case near the edges the issue found: reserved ids and
aliases (``kalender``, ``index`` …), titles with line breaks, bidi and zero-width
characters or 100,000 letters, and dates quoted and unquoted from year 0 to 9999, in
Norwegian styles too. For each one, either validate refuses it (every error with a file
and a line or a file-wide message), or the whole site is built from it: every page made,
no two outputs at one path, every calendar readable with one event per event, and no
more files than the content calls for.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from typing import Final

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from erfaringsbase.content.config import Settings, find_settings
from erfaringsbase.site import build, validate
from support import FIXTURES

CONTRACT: Final = settings(
    deadline=None,
    derandomize=True,
    database=None,
    max_examples=120,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

IDS: Final = st.sampled_from(
    ["generert", "kalender", "index", "feed", "data", "alle", "sok", "a" * 120, "generert\n"]
)
TITLES: Final = st.sampled_from(
    [
        "Et vanlig navn",
        "Linje\r\nATTENDEE:mailto:x@example.org",
        "Bare\rCR",
        "Bare\nLF",
        "Tabulator\ttegn",
        "Snudd \u202etekst",
        "Usynlig\u200bmellomrom",
        "Null\x00tegn",
        "Lang " + "tittel " * 60,
        "Ø" * 100_000,
    ]
)
DATES: Final = st.sampled_from(
    [
        "2019-03-01",
        "0000-01-01",
        "0001-01-01",
        "1813-12-31",
        "1814-01-01",
        "2200-12-31",
        "2201-01-01",
        "9999-12-31",
        "01.03.2019",
        "2019-02-30",
    ]
)
TIMES: Final = st.sampled_from(
    [
        "2023-09-14 10:00",
        "2025-03-12 11.30",
        "9999-12-31",
        "9999-12",
        "0000-01-01",
        "2023-09-14T25:00",
        "2023-09-28 11:30",
    ]
)
YEARS: Final = st.sampled_from(["2018", "0000", "0", "1813", "1814", "2200", "2201", "9999"])
QUOTED: Final = st.booleans()


def scalar(value: str, quoted: bool) -> str:
    """As YAML: in double quotes (escapes and all, as JSON writes them), or plain."""
    return json.dumps(value, ensure_ascii=False) if quoted or "\n" in value else value


@st.composite
def event(draw: st.DrawFn) -> tuple[str, str]:
    ident = draw(IDS)
    lines = [
        f"id: {scalar(ident, draw(QUOTED))}",
        f"title: {scalar(draw(TITLES), True)}",
        "summary: Et arrangement.",
        "organiser: norstella",
        f"start: {scalar(draw(TIMES), draw(QUOTED))}",
    ]
    if draw(st.booleans()):
        lines.append(f"end: {scalar(draw(TIMES), draw(QUOTED))}")
    if draw(st.booleans()):
        lines.append(f"aliases: [{draw(IDS).strip()}]")
    lines += [
        "themes: [samarbeid-pa-tvers]",
        "sources:\n  - title: Invitasjon\n    publisher: NORSTELLA\n    date: 2023",
        f"published: {scalar(draw(DATES), draw(QUOTED))}",
    ]
    return "events", _file(ident, lines)


@st.composite
def case(draw: st.DrawFn) -> tuple[str, str]:
    ident = draw(IDS)
    lines = [
        f"id: {scalar(ident, draw(QUOTED))}",
        f"title: {scalar(draw(TITLES), True)}",
        "summary: En erfaring.",
        "organisations:\n  - id: nav\n    role: eier",
        f"period:\n  start: {scalar(draw(YEARS), draw(QUOTED))}",
    ]
    if draw(st.booleans()):
        lines.append(f"  end: {scalar(draw(YEARS), draw(QUOTED))}")
    lines += [
        "status: avsluttet",
        "themes: [fornyelse]",
        "sources:\n  - title: Rapport\n    publisher: NAV\n    date: 2019",
        f"published: {scalar(draw(DATES), draw(QUOTED))}",
    ]
    return "cases", _file(ident, lines)


def _file(ident: str, lines: list[str]) -> str:
    return ident + "\0---\n" + "\n".join(lines) + "\n---\n\nTekst.\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    root = tmp_path_factory.mktemp("contract") / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    yield find_settings(root)


CALENDAR: Final = "arrangementer/kalender.ics"


def calendar_events(settings: Settings) -> int:
    built = build(settings)
    calendar = next(a for a in built.assets if a.path == CALENDAR)
    return len(icalendar.Calendar.from_ical(calendar.content).walk("VEVENT"))


@CONTRACT
@given(st.one_of(event(), case()))
def test_what_validate_accepts_builds_right(site: Settings, entry: tuple[str, str]) -> None:
    folder, text = entry
    ident, _, source = text.partition("\0")
    stem = ident if ident.strip() and "/" not in ident and len(ident) < 100 else "generert"
    path = site.root / folder / f"{stem.strip()}.md"
    path.write_text(source, "utf-8")
    try:
        corpus = validate(site)
        errors = corpus.problems.errors
        if errors:
            for problem in errors:
                assert problem.path.endswith(".md") or problem.path.endswith(".yml"), problem
                assert problem.line or "Filen" in problem.message or problem.field is None, problem
            return
        built = build(site)
        assert not built.errors, built.errors
        pages = [page.src_uri for page in built.pages()]  # every page made, none failing
        paths = pages + [asset.path for asset in built.assets]
        doubled = {p for p in paths if paths.count(p) > 1}
        assert not doubled, f"two outputs at {sorted(doubled)}"
        # A case may run through every year a date may have (1814–2200: 387 year pages);
        # before the bounds, one event ending "9999-12" made 16,490 files.
        assert len(paths) < 700, f"{len(paths)} files from one more entry"
        calendars = [a for a in built.assets if a.path.endswith(".ics")]
        assert calendars
        for asset in calendars:
            parsed = icalendar.Calendar.from_ical(asset.content)
            for component in parsed.walk("VEVENT"):
                assert not component.get("ATTENDEE") and not component.walk("VALARM"), asset.path
        everything = next(a for a in calendars if a.path == CALENDAR)
        events = icalendar.Calendar.from_ical(everything.content).walk("VEVENT")
        path.unlink()
        assert len(events) == calendar_events(site) + (folder == "events"), "an event lost"
    finally:
        path.unlink(missing_ok=True)
