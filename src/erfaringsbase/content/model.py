"""Domain objects: entries (case, report, recommendation, event) and vocabulary items.

Objects are built only from data that passed its schema, so constructors convert rather
than check. Each entry lists its own references (``references()``), which lets the index
resolve, check and back-link every kind of reference with one mechanism.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Final, Literal
from zoneinfo import ZoneInfo

from .reader import FieldPath, LineMap
from .vocabulary import strings

OSLO: Final = ZoneInfo("Europe/Oslo")

EntryKind = Literal["case", "report", "recommendation", "event"]

MONTHS_NB: Final = [
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
]


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A year, a month or a day, as precise as the source is."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: str | int) -> PartialDate:
        if isinstance(value, int):
            return cls(value)
        parts = [int(p) for p in value.split("-")]
        return cls(*parts)

    def __str__(self) -> str:
        out = f"{self.year:04d}"
        if self.month is not None:
            out += f"-{self.month:02d}"
        if self.day is not None:
            out += f"-{self.day:02d}"
        return out

    def human(self) -> str:
        """``25. oktober 2017``, ``oktober 2021`` or ``2004``."""
        if self.month is None:
            return str(self.year)
        month = MONTHS_NB[self.month - 1]
        if self.day is None:
            return f"{month} {self.year}"
        return f"{self.day}. {month} {self.year}"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def before(self, other: PartialDate) -> bool:
        """Certainly earlier, at the precision both have: 2005 is not before 2005-03.

        (``<`` cannot order 2005 against 2005-03: it would compare None with 3.)
        """
        mine = (self.year, self.month, self.day)
        theirs = (other.year, other.month, other.day)
        for a, b in zip(mine, theirs, strict=True):
            if a is None or b is None:
                return False
            if a != b:
                return a < b
        return False


@dataclass(frozen=True, slots=True)
class EventTime:
    """A point in Norwegian time, or a whole day when the time is not known."""

    value: dt.datetime | dt.date

    @classmethod
    def parse(cls, text: str) -> EventTime:
        if len(text) == 10:
            return cls(dt.date.fromisoformat(text))
        naive = dt.datetime.fromisoformat(text.replace(" ", "T"))
        return cls(naive.replace(tzinfo=OSLO))

    @property
    def all_day(self) -> bool:
        return not isinstance(self.value, dt.datetime)

    @property
    def date(self) -> dt.date:
        return self.value.date() if isinstance(self.value, dt.datetime) else self.value

    def sort_key(self) -> dt.datetime:
        if isinstance(self.value, dt.datetime):
            return self.value
        return dt.datetime.combine(self.value, dt.time(0, 0), tzinfo=OSLO)

    def human_date(self) -> str:
        d = self.date
        return f"{d.day}. {MONTHS_NB[d.month - 1]} {d.year}"

    def human_time(self) -> str | None:
        if isinstance(self.value, dt.datetime):
            return self.value.strftime("%H.%M")
        return None

    def iso(self) -> str:
        return self.value.isoformat()


@dataclass(frozen=True, slots=True)
class Ref:
    """One reference from an entry's field to a vocabulary item or another entry."""

    field: FieldPath
    target: str  # an EntryKind or a VocabKind
    id: str
    relation: str  # a key into labels ("rel_<key>", or "role_<key>" for organisations)


@dataclass(frozen=True, slots=True)
class Source:
    title: str
    publisher: str
    date: PartialDate | None = None
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class OrgRole:
    id: str
    role: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Financing:
    description: str
    scheme: str | None = None
    funder: str | None = None
    amount_nok: int | None = None
    share_percent: float | None = None
    year: int | None = None


@dataclass(frozen=True, slots=True)
class Period:
    start: PartialDate
    end: PartialDate | None = None

    def human(self) -> str:
        if self.end is None:
            return f"{self.start.human()} –"
        return f"{self.start.human()} – {self.end.human()}"


@dataclass(frozen=True, kw_only=True)
class Entry:
    """What every kind of entry has."""

    kind: ClassVar[EntryKind]
    id: str
    title: str
    summary: str | None
    themes: tuple[str, ...]
    life_events: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    published: dt.date
    updated: dt.date | None = None
    aliases: tuple[str, ...] = ()
    draft: bool = False
    body: str = ""
    path: str = field(default="", compare=False)
    body_line: int = field(default=1, compare=False, repr=False)
    lines: LineMap = field(default_factory=LineMap, compare=False, repr=False)
    #: The front matter exactly as validated against the kind's schema (for data exports).
    data: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    #: Fields a draft has not filled in yet (shown in the preview; a draft is never published).
    incomplete: tuple[str, ...] = field(default=(), compare=False)

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.id)

    def references(self) -> Iterator[Ref]:
        for i, theme in enumerate(self.themes):
            yield Ref(("themes", i), "theme", theme, "tema")
        for i, life_event in enumerate(self.life_events):
            yield Ref(("life_events", i), "life_event", life_event, "livshendelse")
        for i, sector in enumerate(self.sectors):
            yield Ref(("sectors", i), "sector", sector, "sektor")

    def organisation_ids(self) -> Sequence[str]:
        return ()

    def sort_date(self) -> dt.date:
        """The date that places this entry in time (for sorting and year pages)."""
        return self.published

    def line_of(self, path: FieldPath) -> int:
        return self.lines.line(path)


@dataclass(frozen=True, kw_only=True)
class Case(Entry):
    kind: ClassVar[EntryKind] = "case"
    organisations: tuple[OrgRole, ...]
    period: Period
    status: str
    #: When the status was last known (the sources are from then), if not today.
    status_as_of: PartialDate | None = None
    financing: tuple[Financing, ...] = ()
    reports: tuple[str, ...] = ()
    recommendations: tuple[str, ...] = ()

    def references(self) -> Iterator[Ref]:
        yield from super().references()
        for i, org in enumerate(self.organisations):
            yield Ref(("organisations", i, "id"), "organisation", org.id, org.role)
        for i, fin in enumerate(self.financing):
            if fin.scheme:
                yield Ref(("financing", i, "scheme"), "case", fin.scheme, "financed_by_scheme")
            if fin.funder:
                yield Ref(("financing", i, "funder"), "organisation", fin.funder, "finansierer")
        for i, report in enumerate(self.reports):
            yield Ref(("reports", i), "report", report, "case_in_report")
        for i, rec in enumerate(self.recommendations):
            yield Ref(("recommendations", i), "recommendation", rec, "case_behind_recommendation")

    def organisation_ids(self) -> Sequence[str]:
        return [o.id for o in self.organisations]

    def sort_date(self) -> dt.date:
        return (self.period.end or self.period.start).first_day()


@dataclass(frozen=True, kw_only=True)
class Report(Entry):
    kind: ClassVar[EntryKind] = "report"
    publishers: tuple[str, ...]
    date: PartialDate | None
    report_kind: str
    url: str | None = None
    cases: tuple[str, ...] = ()

    def references(self) -> Iterator[Ref]:
        yield from super().references()
        field_name = "publisher"
        for i, org in enumerate(self.publishers):
            at: FieldPath = (field_name, i) if len(self.publishers) > 1 else (field_name,)
            yield Ref(at, "organisation", org, "utgiver")
        for i, case in enumerate(self.cases):
            yield Ref(("cases", i), "case", case, "report_covers_case")

    def organisation_ids(self) -> Sequence[str]:
        return self.publishers

    def sort_date(self) -> dt.date:
        return self.date.first_day() if self.date else self.published


@dataclass(frozen=True, kw_only=True)
class Recommendation(Entry):
    kind: ClassVar[EntryKind] = "recommendation"
    recommendation: str
    audience: tuple[str, ...]
    source_report: str
    section: str | None = None
    order: int | None = None
    supporting_cases: tuple[str, ...] = ()
    follows_up: tuple[str, ...] = ()

    def references(self) -> Iterator[Ref]:
        yield from super().references()
        yield Ref(("source_report",), "report", self.source_report, "recommendation_in_report")
        for i, case in enumerate(self.supporting_cases):
            yield Ref(("supporting_cases", i), "case", case, "recommendation_supported_by_case")
        for i, rec in enumerate(self.follows_up):
            yield Ref(("follows_up", i), "recommendation", rec, "follows_up")


@dataclass(frozen=True, kw_only=True)
class Event(Entry):
    kind: ClassVar[EntryKind] = "event"
    organisers: tuple[str, ...]
    start: EventTime
    end: EventTime | None = None
    place: str | None = None
    part_of: str | None = None
    registration_deadline: EventTime | None = None
    registration_url: str | None = None
    cases: tuple[str, ...] = ()
    reports: tuple[str, ...] = ()

    @property
    def online(self) -> bool:
        place = (self.place or "").strip().lower()
        return place in {"digitalt", "digital", "nett", "på nett", "webinar"}

    def references(self) -> Iterator[Ref]:
        yield from super().references()
        for i, org in enumerate(self.organisers):
            at: FieldPath = ("organiser", i) if len(self.organisers) > 1 else ("organiser",)
            yield Ref(at, "organisation", org, "arrangør")
        if self.part_of:
            yield Ref(("part_of",), "event", self.part_of, "part_of_series")
        for i, case in enumerate(self.cases):
            yield Ref(("cases", i), "case", case, "event_presented_case")
        for i, report in enumerate(self.reports):
            yield Ref(("reports", i), "report", report, "event_presented_report")

    def organisation_ids(self) -> Sequence[str]:
        return self.organisers

    def sort_date(self) -> dt.date:
        return self.start.date


ENTRY_CLASSES: Final[Mapping[str, type[Entry]]] = {
    "case": Case,
    "report": Report,
    "recommendation": Recommendation,
    "event": Event,
}


# --- construction from schema-valid data ---------------------------------------------------


def _source(d: Mapping[str, Any]) -> Source:
    date = d.get("date")
    return Source(
        title=d["title"],
        publisher=d["publisher"],
        date=PartialDate.parse(date) if date is not None else None,
        url=d.get("url"),
        note=d.get("note"),
    )


def _common(data: Mapping[str, Any]) -> dict[str, Any]:
    updated = data.get("updated")
    return {
        "id": data["id"],
        "title": data["title"],
        "summary": data.get("summary"),
        "themes": strings(data, "themes"),
        "life_events": strings(data, "life_events"),
        "sectors": strings(data, "sectors"),
        "sources": tuple(_source(s) for s in data.get("sources", ())),
        "published": dt.date.fromisoformat(data["published"]),
        "updated": dt.date.fromisoformat(updated) if updated else None,
        "aliases": strings(data, "aliases"),
        "draft": bool(data.get("draft", False)),
    }


def build_entry(
    kind: str, data: Mapping[str, Any], *, path: str, body: str, body_line: int, lines: LineMap
) -> Entry:
    common = _common(data) | {
        "path": path,
        "body": body,
        "body_line": body_line,
        "lines": lines,
        "data": data,
    }
    if kind == "case":
        period = data["period"]
        return Case(
            **common,
            organisations=tuple(
                OrgRole(o["id"], o["role"], o.get("note")) for o in data["organisations"]
            ),
            period=Period(
                PartialDate.parse(period["start"]),
                PartialDate.parse(period["end"]) if period.get("end") is not None else None,
            ),
            status=data["status"],
            status_as_of=(
                PartialDate.parse(data["status_as_of"]) if data.get("status_as_of") else None
            ),
            financing=tuple(
                Financing(
                    description=f["description"],
                    scheme=f.get("scheme"),
                    funder=f.get("funder"),
                    amount_nok=f.get("amount_nok"),
                    share_percent=f.get("share_percent"),
                    year=f.get("year"),
                )
                for f in data.get("financing", ())
            ),
            reports=strings(data, "reports"),
            recommendations=strings(data, "recommendations"),
        )
    if kind == "report":
        date = data.get("date")
        return Report(
            **common,
            publishers=strings(data, "publisher"),
            date=PartialDate.parse(date) if date is not None else None,
            report_kind=data["kind"],
            url=data.get("url"),
            cases=strings(data, "cases"),
        )
    if kind == "recommendation":
        return Recommendation(
            **common,
            recommendation=data["recommendation"],
            audience=strings(data, "audience"),
            source_report=data["source_report"],
            section=data.get("section"),
            order=data.get("order"),
            supporting_cases=strings(data, "supporting_cases"),
            follows_up=strings(data, "follows_up"),
        )
    if kind == "event":
        end, deadline = data.get("end"), data.get("registration_deadline")
        return Event(
            **common,
            organisers=strings(data, "organiser"),
            start=EventTime.parse(data["start"]),
            end=EventTime.parse(end) if end else None,
            place=data.get("place"),
            part_of=data.get("part_of"),
            registration_deadline=EventTime.parse(deadline) if deadline else None,
            registration_url=data.get("registration_url"),
            cases=strings(data, "cases"),
            reports=strings(data, "reports"),
        )
    raise ValueError(f"unknown kind {kind!r}")
