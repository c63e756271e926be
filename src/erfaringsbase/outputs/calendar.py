"""Calendars for the events (iCalendar, RFC 5545): one file per event and one to subscribe to.

``arrangementer/<id>.ics`` adds one event to a calendar; ``arrangementer/kalender.ics`` is
the calendar of all events that a reader subscribes to and the client refreshes.

A *series* (an event that others are ``part_of``) is not something anyone attends: its
parts are. So a series' own file holds its parts, and the subscribable calendar lists the
parts and leaves the series out; a series without parts (yet) stands for itself.

Everything is derived from the content, never from the clock, so two builds of the same
content give the same bytes: DTSTAMP and LAST-MODIFIED are midnight (Oslo) of the day the
entry was last changed (``updated`` or ``published``), and UIDs are the event id at the
site's host, so a client that refreshes recognises an event it already has.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache, partial
from typing import Final
from urllib.parse import urlsplit

from icalendar import Calendar, Timezone, vCalAddress, vDuration
from icalendar import Event as VEvent

from ..content.model import OSLO, Event, EventTime
from ..content.text import block, one_line
from ..content.urls import absolute, absolute_file
from ..pages.render import Asset, Renderer

MEDIA_TYPE: Final = "text/calendar"
#: Identifies the software that wrote the file (RFC 5545 §3.7.3), not the content.
PRODID: Final = "-//Erfaringsbasen//erfaringsbase//NB"
#: How often a subscribed client should fetch the calendar again. Events are added a few
#: times a month; once a day is plenty and spares the server.
REFRESH: Final = dt.timedelta(days=1)
_DAY: Final = dt.timedelta(days=1)

Moment = dt.date | dt.datetime


def _events(renderer: Renderer) -> list[Event]:
    return [e for e in renderer.ix.by_kind.get("event", []) if isinstance(e, Event)]


def produce_calendars(renderer: Renderer) -> Iterator[Asset]:
    """One ``.ics`` per event, then the subscribable calendar of all events."""
    events = _events(renderer)
    site_name = renderer.ix.settings.site_name
    for event in events:
        page = renderer.urls.page("event", event.id)
        path = renderer.urls.calendar(event.id)
        # Made when written (``Asset.later``): bound now, not to the loop's last event.
        make = partial(_ical, renderer, path, event.title, page, [event])
        yield Asset.later(path, make, MEDIA_TYPE)
    name = f"{site_name}: {renderer.t['events'].lower()}"
    overview, path = renderer.urls.section("event"), renderer.urls.calendar()
    yield Asset.later(path, lambda: _ical(renderer, path, name, overview, events), MEDIA_TYPE)


def attended(renderer: Renderer, events: Iterable[Event]) -> list[Event]:
    """The events people attend: each series replaced by its parts (if it has any).

    Ordered by start, then id; each event once, even if it is listed both on its own and
    as a part of its series. A ``part_of`` cycle (which the index does not forbid) ends
    where it meets an event already seen.
    """
    found: dict[str, Event] = {}
    seen: set[str] = set()

    def visit(event: Event) -> None:
        if event.id in seen:
            return
        seen.add(event.id)
        parts = renderer.ix.parts_of.get(event.id)
        if not parts:
            found[event.id] = event
        for part in parts or ():
            visit(part)

    for event in events:
        visit(event)
    return sorted(found.values(), key=lambda e: (e.start.sort_key(), e.id))


def _ical(renderer: Renderer, path: str, name: str, page: str, events: Sequence[Event]) -> bytes:
    settings = renderer.ix.settings
    calendar = Calendar()
    calendar.prodid = PRODID
    calendar.version = "2.0"
    calendar.method = "PUBLISH"
    # NAME (RFC 7986) and X-WR-CALNAME (most clients). icalendar writes these as they
    # are, unescaped (which clients expect of the name), so the name is made one line.
    calendar.calendar_name = one_line(name)
    calendar.url = absolute(settings.site_url, page)
    calendar.source = absolute_file(settings.site_url, path)
    # RFC 7986 requires VALUE=DURATION here, which the property setter leaves out.
    calendar.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
    # Outlook reads its own name for the refresh interval.
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    shown = attended(renderer, events)
    for event in shown:
        calendar.add_component(vevent(renderer, event))
    # A VTIMEZONE for Europe/Oslo, from zoneinfo (tzdata is pinned, so this is stable),
    # covering just the years the events fall in: a file that works in every client
    # without one that lists every transition since 1970.
    zones = b"".join(
        _vtimezone(tzid, *_years(shown)) for tzid in sorted(calendar.get_missing_tzids())
    )
    lines = calendar.content_lines()
    _one_property_per_line(lines, path)
    text: bytes = lines.to_ical()
    if zones:
        # Where ``Calendar.add_missing_timezones`` puts them: before the first event. (A
        # line can only begin with BEGIN: where a component begins; values are escaped.)
        at = text.find(b"\r\nBEGIN:VEVENT\r\n") + 2
        text = text[:at] + zones + text[at:]
    return text


def _one_property_per_line(lines: Iterable[str], path: str) -> None:
    """Refuse to write a calendar in which a value has a line break of its own.

    Every value is made one line (``one_line``) or escaped (vText) before this, so the
    check fails only if that is undone; then a title could add an attendee or an alarm
    to every subscriber's calendar. icalendar's own check is an ``assert``, which
    ``python -O`` removes; this one stays.
    """
    for line in lines:
        if "\r" in line or "\n" in line:
            raise ValueError(f"{path}: a calendar value has a line break: {line[:80]!r}")


@lru_cache(maxsize=256)
def _vtimezone(tzid: str, first: dt.date, last: dt.date) -> bytes:
    """A VTIMEZONE, written once per span of years: made afresh for each of a thousand
    event files, the time zones were half the time of all the calendars (0.8 s of 1.7 s
    at 1,000 events), for the same few blocks of text."""
    try:
        return bytes(Timezone.from_tzid(tzid, first_date=first, last_date=last).to_ical())
    except ValueError:
        return b""  # a zone zoneinfo does not know: left out, as icalendar leaves it out


def _years(events: Sequence[Event]) -> tuple[dt.date, dt.date]:
    """From 1 January of the first event's year to 1 January after the last one ends."""
    if not events:
        return dt.date(2000, 1, 1), dt.date(2001, 1, 1)  # no events: nothing to cover
    first = min(e.start.date for e in events)
    last = max((e.end or e.start).date for e in events)
    return dt.date(first.year, 1, 1), dt.date(last.year + 1, 1, 1)


def vevent(renderer: Renderer, event: Event) -> VEvent:
    """One event as a VEVENT, with everything a reader needs in the calendar itself."""
    settings = renderer.ix.settings
    url = absolute(settings.site_url, renderer.urls.page("event", event.id))
    changed = stamp(event.updated or event.published)
    start, end = span(event.start, event.end)
    themes = renderer.ix.vocabulary.themes
    item = VEvent.new(
        uid=f"{event.id}@{host(settings.site_url)}",
        stamp=changed,
        last_modified=changed,
        start=start,
        end=end,
        summary=one_line(event.title),
        description=block(description(renderer, event, url)),
        url=url,
        location=location(renderer, event),
        categories=[one_line(themes[t].title) if t in themes else t for t in event.themes],
    )
    organiser = organizer(renderer, event)
    if organiser is not None:
        item.add("ORGANIZER", organiser)
    return item


def host(site_url: str) -> str:
    """The host part of ``site_url``, which makes event UIDs unique beyond this site."""
    return urlsplit(site_url).hostname or "localhost"


def stamp(day: dt.date) -> dt.datetime:
    """Midnight in Oslo on ``day``, in UTC, as DTSTAMP and LAST-MODIFIED require."""
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=OSLO).astimezone(dt.UTC)


def span(start: EventTime, end: EventTime | None) -> tuple[Moment, Moment | None]:
    """DTSTART and DTEND, which RFC 5545 requires to be of the same type.

    * All-day (a date without a time): DATE values, and DTEND is the day *after* the last
      day, because DTEND is exclusive.
    * Timed: date-times in Europe/Oslo. Without an end there is no DTEND (the event ends
      when it starts, per RFC 5545); we do not invent a duration.
    * A timed start with a date-only end: the event ends some time that day, so it ends
      at the following midnight. A date-only start with a timed end is all-day to the end's
      date.
    """
    if start.all_day:
        last = end.date if end is not None else start.date
        return start.date, last + _DAY
    if end is None:
        return start.value, None
    if end.all_day:
        return start.value, dt.datetime.combine(end.date + _DAY, dt.time(0, 0), tzinfo=OSLO)
    return start.value, end.value


def location(renderer: Renderer, event: Event) -> str | None:
    """The place as written, «Digitalt» for an online event, or nothing if unknown."""
    if event.online:
        return renderer.t["online"]
    return one_line(event.place) if event.place else None


def organizer(renderer: Renderer, event: Event) -> vCalAddress | None:
    """ORGANIZER with the organiser's name (CN), when there is exactly one.

    RFC 5546 wants an ORGANIZER in a published event and RFC 5545 makes its value a URI.
    Content has no e-mail addresses and we invent none, so the URI is the organisation's
    page on this site. A VEVENT holds one ORGANIZER only: with several organisers, picking
    one would misattribute the event, so there is none, and the description names them all.
    """
    if len(event.organisers) != 1:
        return None
    org = renderer.ix.organisation(event.organisers[0])
    if org is None:
        return None
    page = renderer.urls.page("organisation", org.id)
    address = vCalAddress(absolute(renderer.ix.settings.site_url, page))
    address.params["CN"] = one_line(org.name)
    return address


def description(renderer: Renderer, event: Event, url: str) -> str:
    """Summary, organisers, series and registration, then the permanent address."""
    t = renderer.t
    lines = [event.summary] if event.summary else []
    facts: list[str] = []
    names = [_org_name(renderer, o) for o in event.organisers]
    if names:
        facts.append(f"{t['organiser']}: {', '.join(names)}")
    series = renderer.ix.get("event", event.part_of) if event.part_of else None
    if series is not None:
        facts.append(f"{t['part_of']}: {series.title}")
    if event.registration_deadline is not None:
        deadline = renderer.event_time(event.registration_deadline, None)
        facts.append(f"{t['registration_deadline']}: {deadline}")
    if event.registration_url:
        facts.append(f"{t['registration']}: {event.registration_url}")
    if facts:
        lines += ["", *facts] if lines else facts
    lines += ["", url] if lines else [url]
    return "\n".join(lines)


def _org_name(renderer: Renderer, ident: str) -> str:
    org = renderer.ix.organisation(ident)
    return org.name if org else ident
