"""Calendars: every event's ``.ics`` and the subscribable calendar, parsed back with icalendar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from icalendar import Event as VEvent

from erfaringsbase.content.model import EventTime
from erfaringsbase.content.urls import UrlScheme
from erfaringsbase.outputs.calendar import produce_calendars, span
from erfaringsbase.site import Asset
from producer_support import renderer_for, write
from support import edit

OSLO = ZoneInfo("Europe/Oslo")
URLS = UrlScheme()

WINTER = """
---
id: vintermote
title: "Møte; del 1, «Ærlig talt»"
summary: Et møte om vinteren.
organiser: [difi, kmd]
start: "2024-01-16 09:00"
end: "2024-01-16 12:00"
place: Grev Wedels plass 9, Oslo
themes: [fornyelse, gevinstrealisering]
sources:
  - title: Invitasjon
    publisher: Difi
published: 2026-11-23
updated: 2026-12-01
---
"""

ALL_DAY = """
---
id: samling
title: Samling over to dager
summary: To hele dager, klokkeslett ukjent.
organiser: difi
start: "2017-11-08"
end: "2017-11-09"
themes: [fornyelse]
sources:
  - title: Invitasjon
    publisher: Difi
published: 2026-11-23
---
"""


@pytest.fixture
def calendars(mini: Path) -> dict[str, Asset]:
    write(mini / "events" / "vintermote.md", WINTER)
    write(mini / "events" / "samling.md", ALL_DAY)
    return {a.path: a for a in produce_calendars(renderer_for(mini))}


def parse(asset: Asset) -> Calendar:
    return Calendar.from_ical(asset.content)


def events_in(asset: Asset) -> dict[str, VEvent]:
    return {str(e["UID"]): e for e in parse(asset).walk("VEVENT")}


def only_event(asset: Asset) -> VEvent:
    (event,) = parse(asset).walk("VEVENT")
    return event


def test_one_file_per_event_and_one_to_subscribe_to(calendars: dict[str, Asset]) -> None:
    ids = ["arena", "arena-webinar-1", "vintermote", "samling"]
    assert set(calendars) == {URLS.calendar(i) for i in ids} | {URLS.calendar()}
    for asset in calendars.values():
        assert asset.media_type == "text/calendar"
        assert asset.content.startswith(b"BEGIN:VCALENDAR\r\n")
        calendar = parse(asset)
        assert calendar["METHOD"] == "PUBLISH"
        assert calendar["VERSION"] == "2.0"
        assert str(calendar["PRODID"]).startswith("-//Erfaringsbasen//")
        assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
        assert calendar.refresh_interval == dt.timedelta(days=1)
    everything = parse(calendars[URLS.calendar()])
    assert everything["X-WR-CALNAME"] == "Mini: arrangementer"
    assert everything["URL"] == "https://example.org/base/arrangementer/"
    assert everything["SOURCE"] == "https://example.org/base/arrangementer/kalender.ics"
    assert parse(calendars[URLS.calendar("vintermote")])["X-WR-CALNAME"] == (
        "Møte; del 1, «Ærlig talt»"
    )


def test_timed_event_in_summer_time(calendars: dict[str, Asset]) -> None:
    event = only_event(calendars[URLS.calendar("arena-webinar-1")])
    assert event["UID"] == "arena-webinar-1@example.org"
    assert event["SUMMARY"] == "Webinar 1: Svakheter"
    assert event["DTSTART"].params["TZID"] == "Europe/Oslo"
    assert event.start == dt.datetime(2023, 9, 14, 10, 0, tzinfo=OSLO)
    assert event.start.utcoffset() == dt.timedelta(hours=2)  # CEST
    assert event.end == dt.datetime(2023, 9, 14, 11, 30, tzinfo=OSLO)
    assert event.end.astimezone(dt.UTC) == dt.datetime(2023, 9, 14, 9, 30, tzinfo=dt.UTC)
    url = "https://example.org/base/arrangementer/arena-webinar-1/"
    assert event["URL"] == url
    assert event["LOCATION"] == "Digitalt"  # place: digitalt
    assert event.categories == ["Samarbeid på tvers"]
    description = str(event["DESCRIPTION"])
    assert description.startswith("Første webinar.")
    assert "Arrangør: NORSTELLA" in description
    assert "Del av: Samhandlingsarena" in description
    assert description.endswith(url)
    # published 2026-11-23: midnight in Oslo is 23:00 UTC the day before (winter time).
    midnight = dt.datetime(2026, 11, 22, 23, 0, tzinfo=dt.UTC)
    assert event["DTSTAMP"].dt == midnight
    assert event["LAST-MODIFIED"].dt == midnight


def test_organizer_is_a_name_and_a_page_never_an_email(calendars: dict[str, Asset]) -> None:
    event = only_event(calendars[URLS.calendar("arena-webinar-1")])
    organizer = event["ORGANIZER"]
    assert organizer.params["CN"] == "NORSTELLA"
    assert str(organizer) == "https://example.org/base/virksomheter/norstella/"
    for asset in calendars.values():
        assert b"mailto:" not in asset.content.lower()


def test_timed_event_in_winter_time(calendars: dict[str, Asset]) -> None:
    event = only_event(calendars[URLS.calendar("vintermote")])
    assert event["SUMMARY"] == "Møte; del 1, «Ærlig talt»"  # escaped in the file, not lost
    assert event.start == dt.datetime(2024, 1, 16, 9, 0, tzinfo=OSLO)
    assert event.start.utcoffset() == dt.timedelta(hours=1)  # CET
    assert event.end.astimezone(dt.UTC) == dt.datetime(2024, 1, 16, 11, 0, tzinfo=dt.UTC)
    assert event["LOCATION"] == "Grev Wedels plass 9, Oslo"
    assert event.categories == ["Fornyelse", "Gevinstrealisering"]
    # Two organisers: no ORGANIZER (there can be only one), both named in the text.
    assert "ORGANIZER" not in event
    assert (
        "Arrangør: Direktoratet for forvaltning og IKT, "
        "Kommunal- og moderniseringsdepartementet" in str(event["DESCRIPTION"])
    )
    # updated wins over published.
    assert event["LAST-MODIFIED"].dt == dt.datetime(2026, 11, 30, 23, 0, tzinfo=dt.UTC)


def test_all_day_event_uses_dates_with_an_exclusive_end(calendars: dict[str, Asset]) -> None:
    event = only_event(calendars[URLS.calendar("samling")])
    assert event["DTSTART"].params.get("VALUE") == "DATE"
    assert type(event.start) is dt.date and event.start == dt.date(2017, 11, 8)
    # Two days, 8 and 9 November: DTEND is the day after the last one.
    assert type(event.end) is dt.date and event.end == dt.date(2017, 11, 10)
    assert "LOCATION" not in event  # the place is not known
    assert "TZID" not in event["DTSTART"].params


def test_the_file_carries_a_working_vtimezone(calendars: dict[str, Asset]) -> None:
    calendar = parse(calendars[URLS.calendar()])
    (timezone,) = calendar.timezones
    assert timezone["TZID"] == "Europe/Oslo"
    assert calendar.get_missing_tzids() == set()
    # A client that reads only the file's own VTIMEZONE gets Oslo's offsets right.
    own = timezone.to_tz()
    assert dt.datetime(2023, 9, 14, 10, tzinfo=own).utcoffset() == dt.timedelta(hours=2)
    assert dt.datetime(2024, 1, 16, 9, tzinfo=own).utcoffset() == dt.timedelta(hours=1)
    # An all-day-only file needs no time zone at all.
    assert parse(calendars[URLS.calendar("samling")]).timezones == []


def test_a_series_is_its_parts(calendars: dict[str, Asset]) -> None:
    series = events_in(calendars[URLS.calendar("arena")])
    assert set(series) == {"arena-webinar-1@example.org"}
    everything = events_in(calendars[URLS.calendar()])
    # The series is left out where its parts are: nobody attends two weeks of "series".
    assert set(everything) == {
        "arena-webinar-1@example.org",
        "vintermote@example.org",
        "samling@example.org",
    }
    starts = [e.start for e in parse(calendars[URLS.calendar()]).walk("VEVENT")]
    as_dates = [s if type(s) is dt.date else s.date() for s in starts]
    assert as_dates == sorted(as_dates)


def test_a_series_without_parts_stands_for_itself(mini: Path) -> None:
    (mini / "events" / "arena-webinar-1.md").unlink()
    assets = {a.path: a for a in produce_calendars(renderer_for(mini))}
    assert set(events_in(assets[URLS.calendar("arena")])) == {"arena@example.org"}
    assert set(events_in(assets[URLS.calendar()])) == {"arena@example.org"}


def test_builds_are_byte_for_byte_identical(mini: Path) -> None:
    write(mini / "events" / "vintermote.md", WINTER)
    first = [(a.path, a.content) for a in produce_calendars(renderer_for(mini))]
    second = [(a.path, a.content) for a in produce_calendars(renderer_for(mini))]
    assert first == second


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # A timed start with a date-only end ends at the following midnight.
        (
            "2024-03-30 10:00",
            "2024-03-31",
            (dt.datetime(2024, 3, 30, 10, tzinfo=OSLO), dt.datetime(2024, 4, 1, tzinfo=OSLO)),
        ),
        # A date-only start is all-day, through the day of a timed end.
        ("2024-03-30", "2024-03-31 12:00", (dt.date(2024, 3, 30), dt.date(2024, 4, 1))),
        ("2024-03-30", None, (dt.date(2024, 3, 30), dt.date(2024, 3, 31))),
        # No end, no invented duration.
        ("2024-03-30 10:00", None, (dt.datetime(2024, 3, 30, 10, tzinfo=OSLO), None)),
    ],
)
def test_span(start: str, end: str | None, expected: tuple[object, object]) -> None:
    got = span(EventTime.parse(start), EventTime.parse(end) if end else None)
    assert got == expected
    assert [type(v) for v in got] == [type(v) for v in expected]


def test_timed_event_without_an_end_gets_no_invented_one(mini: Path) -> None:
    edit(mini / "events" / "arena-webinar-1.md", 'end: "2023-09-14 11:30"\n', "")
    assets = {a.path: a for a in produce_calendars(renderer_for(mini))}
    event = only_event(assets[URLS.calendar("arena-webinar-1")])
    assert event.start == dt.datetime(2023, 9, 14, 10, 0, tzinfo=OSLO)
    assert "DTEND" not in event and "DURATION" not in event
