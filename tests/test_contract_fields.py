"""Issue 22, the fields: what ``validate`` refuses in a single field, and how it says so.

Each table holds the mistake (an edit of the small fixture site), the line it is reported
on and the words the message must have: line breaks and invisible characters in one-line
text, dates outside the years the schema allows (quoted or not), dates in Norwegian style
(the message gives the value to paste, and pasting it validates), length limits, ids that
end in a line break, and names the build uses for files of its own. Then the second line
of defence: a calendar cannot be broken by a title, whatever let it through, and a very
long name costs linear time where charts shorten it.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, Final

import pytest
from icalendar import Calendar

from erfaringsbase.content.config import find_settings
from erfaringsbase.content.model import Event
from erfaringsbase.content.schema import SCHEMA_FILES, load_schema, resolve_with_base, year_range
from erfaringsbase.content.urls import DEFAULT_PREFIXES, RESERVED_IDS, is_valid_id
from erfaringsbase.outputs.calendar import produce_calendars
from erfaringsbase.pages.charts import truncate
from erfaringsbase.site import build
from producer_support import renderer_for
from support import edit, mkdocs_build

CASE: Final = "cases/samspill.md"
EVENT: Final = "events/arena-webinar-1.md"
THEMES: Final = "taxonomy/themes.yml"
ORGS: Final = "taxonomy/organisations.yml"
TITLE: Final = 'title: "Webinar 1: Svakheter"'

RunCli = Callable[..., tuple[int, str, str]]


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def refused(mini: Path, run_cli: RunCli, file: str, marker: str, words: list[str]) -> str:
    """Validate, expect an error at the line with ``marker`` having all ``words``; the
    line of output that says so."""
    code, out, err = run_cli("-C", str(mini), "validate")
    assert code == 1, out
    assert "Traceback" not in out + err and "intern feil" not in out + err, out + err
    prefix = f"{file}:{line_of(mini / file, marker)}: error: "
    found = [line for line in out.splitlines() if line.startswith(prefix)]
    matching = [line for line in found if all(w in line for w in words)]
    assert matching, f"no line {prefix}… with {words} in:\n{out}"
    return matching[0]


def accepted(mini: Path, run_cli: RunCli) -> None:
    code, out, err = run_cli("-C", str(mini), "validate")
    assert code == 0, out + err


# --- 1. line breaks and invisible characters ----------------------------------------------

CONTROL = [
    pytest.param(
        EVENT,
        TITLE,
        r'title: "Webinar 1\nATTENDEE:mailto:x@example.org\nBEGIN:VALARM"',
        "title:",
        ["title: ", "et linjeskift etter «Webinar 1»", "på én linje", "uten \\n"],
        id="LF-in-title",
    ),
    pytest.param(
        EVENT, TITLE, r'title: "Bare\rCR"', "title:", ["et linjeskift (CR)"], id="CR-in-title"
    ),
    pytest.param(
        CASE,
        "title: Samspill om jobb",
        "title: |\n  Samspill\n  om jobb",
        "title:",
        ["title: ", "et linjeskift etter «Samspill»", "uten | eller > foran"],
        id="block-scalar-title",
    ),
    pytest.param(
        CASE,
        "title: Samspill om jobb",
        r'title: "Samspill\u200bom jobb"',
        "title:",
        ["et usynlig tegn U+200B etter «Samspill»", "skriv dem på nytt"],
        id="zero-width-space",
    ),
    pytest.param(
        CASE,
        "title: Samspill om jobb",
        r'title: "Samspill \u202eboj mo"',
        "title:",
        ["et usynlig retningstegn U+202E"],
        id="bidi-override",
    ),
    pytest.param(
        CASE,
        "title: Samspill om jobb",
        r'title: "Samspill\tom jobb"',
        "title:",
        ["et tabulatortegn", "vanlig mellomrom"],
        id="tab",
    ),
    pytest.param(
        CASE,
        "    note: Veiledning",
        r'    note: "Veiledning\e[31m"',
        "note:",
        ["organisations[1].note", "et kontrolltegn U+001B"],
        id="escape-in-note",
    ),
    pytest.param(
        CASE,
        "  - title: Sluttrapport fra prosjektet",
        r'  - title: "Slutt\u2066rapport"',
        "- title:",
        ["sources[0].title", "U+2066"],
        id="isolate-in-source-title",
    ),
    pytest.param(
        EVENT,
        "place: digitalt",
        r'place: "digitalt\u2028Oslo"',
        "place:",
        ["place", "et linjeskift (U+2028)"],
        id="line-separator-in-place",
    ),
    pytest.param(
        THEMES,
        "  title: Fornyelse",
        r'  title: "Forny\u200delse"',
        "Forny",
        ["[2].title", "et usynlig tegn U+200D"],
        id="vocabulary-title",
    ),
    pytest.param(
        ORGS,
        "  short_name: KMD",
        r'  short_name: "KMD\ufeff"',
        "short_name:",
        ["[0].short_name", "U+FEFF"],
        id="vocabulary-label",
    ),
    pytest.param(
        THEMES,
        "  synonyms: [innovasjon, fornying]",
        r'  synonyms: [innovasjon, "forny\ning"]',
        "synonyms: [innovasjon",
        ["[2].synonyms[1]", "et linjeskift"],
        id="vocabulary-synonym",
    ),
    pytest.param(
        CASE,
        "summary: NAV og Digdir",
        r'summary: "NAV\u200b og Digdir',
        "summary:",
        ["summary", "U+200B"],
        id="invisible-in-multi-line-field",
    ),
    pytest.param(
        CASE,
        "summary: NAV og Digdir",
        r'summary: "NAV\r og Digdir',
        "summary:",
        ["summary", "et linjeskift (CR)", "vanlige linjeskift"],
        id="CR-in-multi-line-field",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "marker", "words"), CONTROL)
def test_control_and_invisible_characters_are_named(
    mini: Path, run_cli: RunCli, file: str, old: str, new: str, marker: str, words: list[str]
) -> None:
    if new.startswith('summary: "'):
        text = (mini / file).read_text("utf-8")
        summary = next(line for line in text.splitlines() if line.startswith("summary:"))
        edit(mini / file, summary, new + summary.removeprefix("summary: NAV og Digdir") + '"')
    else:
        edit(mini / file, old, new)
    line = refused(mini, run_cli, file, marker, words)
    assert "\n" not in line and "\u200b" not in line  # the value is quoted with escapes


def test_multi_line_fields_keep_their_line_breaks(mini: Path, run_cli: RunCli) -> None:
    edit(
        mini / CASE,
        "summary: NAV og Digdir prøvde ut en felles tjeneste for folk som mister jobben.",
        "summary: |\n  NAV og Digdir prøvde ut en felles tjeneste.\n  For folk som mister jobben.",
    )
    edit(
        mini / THEMES,
        "  description: Å ta ut gevinstene som prosjektene lover.",
        "  description: >\n    Å ta ut gevinstene\n    som prosjektene lover.",
    )
    edit(
        mini / "events/arena.md", "summary: En serie på to webinarer.", r'summary: "To\n\tfra tre"'
    )
    accepted(mini, run_cli)


# --- the calendar, whatever got through ---------------------------------------------------

INJECTED: Final = "Linje\r\nATTENDEE:mailto:x@example.org\r\nBEGIN:VALARM\nBare\rCR\u2028"


def calendars_with_title(mini: Path, title: str) -> dict[str, bytes]:
    """The calendars made for an event whose title validate would refuse (put straight
    into the index, as a lenient build or a future bug could)."""
    renderer = renderer_for(mini)
    for events in [renderer.ix.by_kind["event"], *renderer.ix.parts_of.values()]:
        events[:] = [
            dataclasses.replace(e, title=title, place=title) if isinstance(e, Event) else e
            for e in events
        ]
    return {a.path: a.content for a in produce_calendars(renderer)}


def test_a_title_cannot_add_properties_to_a_calendar(mini: Path) -> None:
    made = calendars_with_title(mini, INJECTED)
    for path, content in made.items():
        parsed = Calendar.from_ical(content)
        lines = content.split(b"\r\n")
        assert not [line for line in lines if line.startswith((b"ATTENDEE", b"BEGIN:VALARM"))]
        assert not parsed.walk("VALARM"), path
        for event in parsed.walk("VEVENT"):
            assert "ATTENDEE" not in event
            assert str(event["SUMMARY"]).startswith("Linje ATTENDEE:mailto:x@example.org")
            assert "\r" not in str(event["SUMMARY"]) and "\n" not in str(event["LOCATION"])
        assert "\n" not in str(parsed["X-WR-CALNAME"]), path


def test_the_calendar_defence_is_no_assert(mini: Path) -> None:
    """Under ``python -O`` (asserts removed, icalendar's own check with them) a title
    with line breaks still adds nothing to the calendar."""
    script = (
        "import sys\n"
        "sys.path[:0] = [sys.argv[2]]\n"
        "from pathlib import Path\n"
        "from test_contract_fields import INJECTED, calendars_with_title\n"
        "made = calendars_with_title(Path(sys.argv[1]), INJECTED)\n"
        "lines = {p: c.split(b'\\r\\n') for p, c in made.items()}\n"
        "bad = [p for p, ls in lines.items() if any(l.startswith((b'ATTENDEE', b'BEGIN:VALARM')) for l in ls)]\n"
        "print(len(made), bad)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-O", "-c", script, str(mini), str(Path(__file__).parent)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.split() == ["3", "[]"], proc.stdout


# --- 2. dates inside the years the schema allows ------------------------------------------

YEARS = f"fra {year_range().start} til {year_range().stop - 1}"

OUT_OF_RANGE = [
    pytest.param(
        EVENT,
        'start: "2023-09-14 10:00"',
        'start: "9999-12-31"',
        "start:",
        ["start", "året 9999", YEARS],
        id="event-start-9999-quoted",
    ),
    pytest.param(
        EVENT,
        'end: "2023-09-14 11:30"',
        "end: 9999-12-31",
        "end:",
        ["end", "året 9999"],
        id="event-end-9999",
    ),
    pytest.param(
        CASE,
        "published: 2026-11-23",
        "published: 0001-01-01",
        "published:",
        ["published", "året 0001", YEARS],
        id="published-year-1",
    ),
    pytest.param(
        CASE,
        "published: 2026-11-23",
        "published: 0000-01-01",
        "published:",
        ["published", "året 0000"],
        id="published-year-0-no-internal-error",
    ),
    pytest.param(
        CASE,
        "start: 2018",
        'start: "0000"',
        "start:",
        ["period.start", "året 0000"],
        id="period-start-0000-quoted",
    ),
    pytest.param(
        CASE,
        "start: 2018",
        "start: 9999",
        "start:",
        ["period.start", "Året 9999", YEARS],
        id="period-start-9999-unquoted",
    ),
    pytest.param(
        CASE,
        'end: "2019-06"',
        'end: "9999-12"',
        "end:",
        ["period.end", "året 9999"],
        id="period-end-9999-12",
    ),
    pytest.param(
        CASE,
        "    date: 2019-06",
        '    date: "1813-12"',
        "    date:",
        ["sources[0].date", "året 1813"],
        id="source-date-1813",
    ),
    pytest.param(
        CASE,
        "    year: 2018",
        "    year: 2201",
        "year:",
        ["financing[0].year", "Året 2201", YEARS],
        id="financing-year",
    ),
    pytest.param(
        ORGS,
        "  founded: 2022",
        "  founded: 20222",
        "founded:",
        ["[1].founded", "Året 20222"],
        id="organisation-founded",
    ),
    pytest.param(
        EVENT,
        'registration_deadline: "2023-09-12"',
        'registration_deadline: "2201-01-01 10:00"',
        "registration_deadline:",
        ["registration_deadline", "året 2201"],
        id="deadline-2201",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "marker", "words"), OUT_OF_RANGE)
def test_every_date_and_year_is_inside_the_schema_s_years(
    mini: Path, run_cli: RunCli, file: str, old: str, new: str, marker: str, words: list[str]
) -> None:
    edit(mini / file, old, new)
    refused(mini, run_cli, file, marker, words)


def test_the_edge_years_validate_and_build(mini: Path, run_cli: RunCli, tmp_path: Path) -> None:
    first, last = year_range().start, year_range().stop - 1
    edit(mini / EVENT, 'start: "2023-09-14 10:00"', f'start: "{first}-01-01 00:00"')
    edit(mini / EVENT, 'end: "2023-09-14 11:30"', f"end: {last}-12-31")
    edit(
        mini / EVENT,
        'registration_deadline: "2023-09-12"',
        f'registration_deadline: "{first}-01-01"',
    )
    edit(mini / EVENT, "published: 2026-11-23", f"published: {first}-01-01")
    edit(mini / CASE, 'start: 2018\n  end: "2019-06"', f'start: "{first}"\n  end: {last}')
    edit(mini / CASE, "published: 2026-11-23", f'published: "{last}-12-31"')
    accepted(mini, run_cli)
    site = tmp_path / "site"
    proc = mkdocs_build(site, mini / "mkdocs.yml")
    assert proc.returncode == 0, proc.stderr[-3000:]
    years = [p for p in (site / DEFAULT_PREFIXES["year"]).iterdir() if p.is_dir()]
    assert years and len(years) <= len(year_range())  # one page per year at most
    events = site / DEFAULT_PREFIXES["event"]
    for calendar in events.glob("*.ics"):
        assert Calendar.from_ical(calendar.read_bytes()).walk("VEVENT"), calendar


# --- 3. Norwegian date styles: the value to paste -----------------------------------------

NORWEGIAN = [
    pytest.param(
        CASE, "published: 2026-11-23", "published: 01.03.2019", "Skriv datoen som ", id="dd.mm.yyyy"
    ),
    pytest.param(
        CASE,
        "published: 2026-11-23",
        "published: 23. november 2026",
        "Skriv datoen som ",
        id="day-month-name",
    ),
    pytest.param(CASE, 'end: "2019-06"', "end: 06.2019", "Skriv datoen som ", id="mm.yyyy"),
    pytest.param(
        CASE, "    date: 2019-06", "    date: juni 2019", "Skriv datoen som ", id="month-name"
    ),
    pytest.param(
        EVENT,
        'start: "2023-09-14 10:00"',
        "start: 2023-09-14 10.00",
        "Skriv tidspunktet som ",
        id="iso-date-time-with-dot",
    ),
    pytest.param(
        EVENT,
        'start: "2023-09-14 10:00"',
        "start: 14.09.2023 kl. 10.00",
        "Skriv tidspunktet som ",
        id="dd.mm.yyyy-kl",
    ),
    pytest.param(
        EVENT,
        'registration_deadline: "2023-09-12"',
        "registration_deadline: 12.09.2023",
        "Skriv tidspunktet som ",
        id="date-only-time",
    ),
]
EXPECTED_PASTE: Final = {
    "published: 01.03.2019": "2019-03-01",
    "published: 23. november 2026": "2026-11-23",
    "end: 06.2019": "2019-06",
    "    date: juni 2019": "2019-06",
    "start: 2023-09-14 10.00": '"2023-09-14 10:00"',
    "start: 14.09.2023 kl. 10.00": '"2023-09-14 10:00"',
    "registration_deadline: 12.09.2023": "2023-09-12",
}


@pytest.mark.parametrize(("file", "old", "new", "says"), NORWEGIAN)
def test_a_norwegian_date_is_given_back_in_iso_form_that_works_when_pasted(
    mini: Path, run_cli: RunCli, file: str, old: str, new: str, says: str
) -> None:
    edit(mini / file, old, new)
    key = new.partition(":")[0]
    line = refused(mini, run_cli, file, new, [says])
    value = line.split(says, 1)[1].split(". ", 1)[0].removesuffix(".")
    assert value == EXPECTED_PASTE[new]
    edit(mini / file, new, f"{key}: {value}")
    accepted(mini, run_cli)


def test_a_norwegian_date_that_does_not_exist_is_told_so(mini: Path, run_cli: RunCli) -> None:
    edit(mini / CASE, "published: 2026-11-23", "published: 31.02.2019")
    refused(mini, run_cli, CASE, "published:", ["2019-02-31", "februar 2019 har 28 dager"])


# --- 4. length limits ---------------------------------------------------------------------

LONG = [
    pytest.param(CASE, "title: Samspill om jobb", "title: ", 161, 160, "title:", id="case-title"),
    pytest.param(EVENT, TITLE, "title: ", 201, 200, "title:", id="event-title"),
    pytest.param(
        CASE,
        "summary: NAV og Digdir prøvde ut en felles tjeneste for folk som mister jobben.",
        "summary: ",
        601,
        600,
        "summary:",
        id="summary",
    ),
    pytest.param(
        CASE,
        "  - title: Sluttrapport fra prosjektet",
        "  - title: ",
        201,
        200,
        "- title:",
        id="source-title",
    ),
    pytest.param(
        CASE, "    note: Veiledning", "    note: ", 201, 200, "note:", id="organisation-note"
    ),
    pytest.param(EVENT, "place: digitalt", "place: ", 201, 200, "place:", id="place"),
    pytest.param(
        ORGS,
        "  name: Kommunal- og moderniseringsdepartementet",
        "  name: ",
        100_000,
        200,
        "  name: x",
        id="organisation-name-100000",
    ),
    pytest.param(ORGS, "  short_name: KMD", "  short_name: ", 61, 60, "short_name:", id="label"),
    pytest.param(
        THEMES,
        "  description: Å ta ut gevinstene som prosjektene lover.",
        "  description: ",
        1001,
        1000,
        "  description: x",
        id="theme-description",
    ),
    pytest.param(
        THEMES,
        "  synonyms: [gevinstuttak, gevinstar]",
        "  synonyms: [gevinstuttak, ",
        121,
        120,
        "synonyms: [gevinstuttak",
        id="synonym",
    ),
]


@pytest.mark.parametrize(("file", "old", "start", "length", "limit", "marker"), LONG)
def test_text_fields_have_a_length_limit_and_say_it(
    mini: Path,
    run_cli: RunCli,
    file: str,
    old: str,
    start: str,
    length: int,
    limit: int,
    marker: str,
) -> None:
    close = "]" if start.endswith(", ") else ""
    edit(mini / file, old, start + "x" * length + close)
    began = time.perf_counter()
    line = refused(mini, run_cli, file, marker, [f"{length} tegn", f"høyst {limit}"])
    assert time.perf_counter() - began < 30
    assert line.count("høyst") == 1  # the limit that applies, not also text's in general


def text_fields() -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    """Every text field of every schema: (schema, field, its merged schema)."""

    def walk(base: str, node: Any, at: str) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
        spec, base = resolve_with_base(node, base)
        if spec.get("type") == "string":
            yield base, at, spec
        for key, sub in spec.get("properties", {}).items():
            yield from walk(base, sub, f"{at}.{key}")
        if "items" in spec:
            yield from walk(base, spec["items"], f"{at}[]")
        for branch in spec.get("oneOf", ()):
            yield from walk(base, branch, at)

    for name in SCHEMA_FILES:
        schema = load_schema(name)
        for key, definition in schema.get("$defs", {}).items():
            yield from walk(name, definition, f"{name}#{key}")
        yield from walk(name, schema, name)


#: Formats whose pattern fixes the length.
DATE_FORMATS: Final = ("date", "partial-date", "local-datetime")


def test_every_text_field_has_a_length_limit_and_a_character_rule() -> None:
    fields = list(text_fields())
    assert len(fields) > 50
    for name, at, spec in fields:
        assert "maxLength" in spec or spec.get("format") in DATE_FORMATS, (name, at)
        assert "format" in spec or "pattern" in spec, (name, at)


def test_shortening_a_long_label_takes_linear_time() -> None:
    began = time.perf_counter()
    short = truncate("Ø" * 200_000, 300)
    assert time.perf_counter() - began < 2  # it took minutes at 100,000 letters
    assert short.endswith("…") and len(short) < 60


# --- 5. no id that ends in a line break ---------------------------------------------------

NEWLINE = [
    pytest.param(
        EVENT,
        "id: arena-webinar-1",
        r'id: "arena-webinar-1\n"',
        ["id", "ikke en gyldig id", "Mente du «arena-webinar-1»"],
        id="id",
    ),
    pytest.param(
        CASE, "reports: [rapport-2019]", r'aliases: ["gammel\n"]', ["aliases[0]"], id="alias"
    ),
    pytest.param(
        CASE, "  - id: nav\n", '  - id: "nav\\n"\n', ["organisations[0].id"], id="reference"
    ),
    pytest.param(THEMES, "- id: fornyelse", r'- id: "fornyelse\n"', ["[2].id"], id="vocabulary"),
    pytest.param(
        CASE,
        "    url: https://www.nav.no/",
        r'    url: "https://www.nav.no/\n"',
        ["sources[0].url"],
        id="url",
    ),
    pytest.param(
        CASE, "published: 2026-11-23", r'published: "2026-11-23\n"', ["published"], id="date"
    ),
    pytest.param(
        EVENT, 'start: "2023-09-14 10:00"', r'start: "2023-09-14 10:00\n"', ["start"], id="time"
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "words"), NEWLINE)
def test_a_value_with_a_final_line_break_does_not_match_its_pattern(
    mini: Path, run_cli: RunCli, file: str, old: str, new: str, words: list[str]
) -> None:
    edit(mini / file, old, new + ("\nreports: [rapport-2019]" if new.startswith("aliases") else ""))
    line = refused(mini, run_cli, file, new.strip(), words)
    assert "\\n" in line  # shown as it is written, on one line


def test_an_id_with_a_final_line_break_is_no_id() -> None:
    assert is_valid_id("altinn")
    assert not is_valid_id("altinn\n")


# --- 6. names the build writes files under ------------------------------------------------


def copy_entry(mini: Path, source: str, ident: str) -> str:
    """``source`` again, under the id ``ident`` (file name and id)."""
    folder, _, name = source.partition("/")
    text = (mini / source).read_text("utf-8").replace(f"id: {Path(name).stem}\n", f"id: {ident}\n")
    target = f"{folder}/{ident}.md"
    (mini / target).write_text(text, "utf-8")
    return target


@pytest.mark.parametrize(
    ("source", "ident", "suggested"),
    [
        pytest.param(EVENT, "kalender", "kalender-2023", id="event-kalender"),
        pytest.param(CASE, "index", "index-2019", id="case-index"),
        pytest.param(EVENT, "feed", "feed-2023", id="event-feed"),
        pytest.param("reports/rapport-2019.md", "data", "data-2019", id="report-data"),
    ],
)
def test_an_entry_cannot_take_a_generated_name(
    mini: Path, run_cli: RunCli, source: str, ident: str, suggested: str
) -> None:
    target = copy_entry(mini, source, ident)
    line = refused(mini, run_cli, target, f"id: {ident}", [f"«{ident}» er reservert"])
    assert f'for eksempel "{suggested}" (og gi filen navnet {suggested}.md)' in line
    (mini / target).unlink()
    copy_entry(mini, source, suggested)  # the suggestion, applied as written, is valid
    accepted(mini, run_cli)


@pytest.mark.parametrize(
    ("file", "old", "new", "marker", "words"),
    [
        pytest.param(
            THEMES,
            "- id: fornyelse",
            "- id: index",
            "- id: index",
            ["[2].id", "«index» er reservert", 'for eksempel "fornyelse"'],
            id="theme-index",
        ),
        pytest.param(
            ORGS,
            "- id: kdd",
            "- id: kalender",
            "- id: kalender",
            ["[1].id", "«kalender» er reservert", 'for eksempel "kommunal-og-distrikts'],
            id="organisation-kalender",
        ),
        pytest.param(
            EVENT,
            "reports: [rapport-2019]",
            "reports: [rapport-2019]\naliases: [gammel, kalender]",
            "aliases:",
            ["aliases[1]", "«kalender» er reservert", "Fjern «kalender» fra aliases"],
            id="event-alias-kalender",
        ),
        pytest.param(
            CASE,
            "reports: [rapport-2019]",
            "reports: [rapport-2019]\naliases: [index]",
            "aliases:",
            ["aliases[0]", "«index» er reservert"],
            id="case-alias-index",
        ),
    ],
)
def test_no_vocabulary_item_or_alias_can_take_a_generated_name(
    mini: Path, run_cli: RunCli, file: str, old: str, new: str, marker: str, words: list[str]
) -> None:
    edit(mini / file, old, new)
    refused(mini, run_cli, file, marker, words)


#: Sections whose folders hold a page (or a feed) for each id.
ID_SECTIONS: Final = {
    "case": "case",
    "report": "report",
    "recommendation": "recommendation",
    "event": "event",
    "theme": "theme",
    "organisation": "organisation",
    "life_event": "life_event",
    "sector": "sector",
}


def test_every_file_in_a_folder_of_ids_is_an_id_or_a_reserved_name(
    mini: Path, tmp_path: Path
) -> None:
    """A built site's files in the folders that hold pages by id (and their feeds) are
    named by an id or alias of that kind, or by a reserved name: nothing the build writes
    there can be replaced by a page."""
    edit(mini / CASE, "reports: [rapport-2019]", "reports: [rapport-2019]\naliases: [samspel]")
    edit(mini / EVENT, "reports: [rapport-2019]", "reports: [rapport-2019]\naliases: [webinar]")
    site = tmp_path / "site"
    proc = mkdocs_build(site, mini / "mkdocs.yml")
    assert proc.returncode == 0, proc.stderr[-3000:]
    built = build(find_settings(mini))
    names: dict[str, set[str]] = {kind: set() for kind in ID_SECTIONS}
    for entry in built.index.entries:
        names[entry.kind] |= {entry.id, *entry.aliases}
    vocabulary = built.index.vocabulary
    for kind in ("theme", "organisation", "life_event", "sector"):
        names[kind] |= set(vocabulary.table(kind))
    folders = {DEFAULT_PREFIXES[kind]: kind for kind in ID_SECTIONS}
    feeds = DEFAULT_PREFIXES["feed"]
    checked = 0
    for file in site.rglob("*"):
        if not file.is_file():
            continue
        parts = file.relative_to(site).parts
        if parts[0] == feeds and len(parts) > 2:
            parts = parts[1:]  # feed/tema/fornyelse.xml: a theme's feed
        if parts[0] not in folders or len(parts) < 2:
            continue
        name = re.sub(r"\.[a-z]+$", "", parts[1])
        checked += 1
        assert name in names[folders[parts[0]]] or name in RESERVED_IDS, file
    assert checked > 20
    assert {"index", "kalender", "alle"} <= RESERVED_IDS
