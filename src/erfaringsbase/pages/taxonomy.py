"""Pages that list entries: one per theme, organisation (with its former names), life
event, sector and year, and the overviews of each kind."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cached_property
from typing import Final

from markupsafe import Markup

from ..content.config import build_date
from ..content.model import Case, Entry, Event, EventTime, Recommendation, Report
from ..content.vocabulary import VocabItem
from ..index.cross import collation_key
from . import html
from .entries import EntryPages
from .figures import and_list, mini_chart
from .jsonld import page_ld, script_text
from .labels import plural
from .page import Page
from .writer import PageWriter, Section

#: The lists of upcoming and past events, as erfaringsbase.js finds them.
UPCOMING: Final = "eb-events-upcoming"
PAST: Final = "eb-events-past"


class TaxonomyPages:
    def __init__(self, writer: PageWriter, entries: EntryPages) -> None:
        self.w = writer
        self.ix = writer.ix
        self.t = writer.t
        self.entries = entries

    def grouped_by_kind(
        self, entries: Iterable[Entry], note: Callable[[Entry], str] | None = None
    ) -> list[Section]:
        groups: dict[str, list[Entry]] = defaultdict(list)
        for entry in entries:
            groups[entry.kind].append(entry)
        sections = []
        order = self._order_in_kind
        for kind in self.ix.kinds():
            if kind not in groups:
                continue
            lines = []
            for e in sorted(groups[kind], key=lambda e: order.get(e.key, 0)):
                extra = note(e) if note else ""
                lines.append(self.w.line(e) + (html.text(f" ({extra})") if extra else Markup("")))
            sections.append(Section(self.t[kind + "s"], lines))
        return sections

    @cached_property
    def _order_in_kind(self) -> dict[tuple[str, str], int]:
        """Each entry's place in the index's list of its kind, the order lists follow
        (taken once: asked for by every one of the hundreds of taxonomy pages)."""
        return {e.key: i for entries in self.ix.by_kind.values() for i, e in enumerate(entries)}

    def _with_chart(self, markdown: str, kind: str, ident: str) -> str:
        """A theme, organisation or life-event page ends with a small chart of its figures."""
        blocks = mini_chart(self.w, kind, ident)
        return markdown.rstrip() + "\n\n" + "\n\n".join(blocks) + "\n" if blocks else markdown

    def theme(self, theme_id: str) -> Page:
        w = self.w
        theme = self.ix.vocabulary.themes[theme_id]
        w.here = w.urls.page("theme", theme_id)
        entries = self.ix.by_theme.get(theme_id, [])
        recs = [e for e in entries if isinstance(e, Recommendation)]
        sections: list[Section] = []
        if recs:
            sections.append(Section(self.t["recommendations"], level=2))
            sections += self.recommendations_by_source(recs, level=3)
        sections += self.grouped_by_kind(e for e in entries if not isinstance(e, Recommendation))
        intro = [html.paragraph(theme.description), w.feed_link("theme", theme_id)]
        markdown = w.listing(theme.title, intro, [], sections)
        markdown = self._with_chart(markdown, "theme", theme_id)
        return w.page("theme", theme.title, markdown, theme.path, theme.description)

    def recommendations_by_source(
        self, recs: Sequence[Recommendation], level: int
    ) -> list[Section]:
        """Recommendations grouped under their report, oldest report first (2017 before 2019)."""
        groups: dict[str, list[Recommendation]] = defaultdict(list)
        for rec in recs:
            groups[rec.source_report].append(rec)

        def report_key(report_id: str) -> tuple[int, str]:
            report = self.ix.get("report", report_id)
            year = report.date.year if isinstance(report, Report) and report.date else 9999
            return (year, report_id)

        sections = []
        for report_id in sorted(groups, key=report_key):
            report = self.ix.get("report", report_id)
            heading = report.title if report else report_id
            if isinstance(report, Report) and report.date:
                heading += f" ({report.date.year})"
            ordered = sorted(
                groups[report_id], key=lambda r: (r.order or 10_000, collation_key(r.title))
            )
            intro = None
            if report is not None:
                intro = html.text(self.t["from_report"].capitalize() + " ") + self.w.entry_link(
                    report
                )
            lines = [self.w.line(r) for r in ordered]
            sections.append(Section(heading, lines, intro=intro, level=level))
        return sections

    def organisation(self, org_id: str) -> Page:
        w, t = self.w, self.t
        org = self.ix.vocabulary.organisations[org_id]
        w.here = w.urls.page("organisation", org_id)
        predecessors = self.ix.predecessors(org_id)
        successor = self.ix.successor(org_id)
        sector = self.ix.org_sector(org)
        facts = [
            (t["short_name"], html.text(org.short_name) if org.short_name else Markup("")),
            (t["org_kind"], html.text(org.org_kind)),
            (t["ministry"], w.org_link(org.ministry) if org.ministry else Markup("")),
            (t["sector"], w.vocab_link("sector", sector) if sector else Markup("")),
            (t["formerly"], html.join(self._former(o.id) for o in predecessors)),
            (t["succeeded_by"], w.org_link(successor.id) if successor else Markup("")),
            (t["website"], w.external(org.url) if org.url else Markup("")),
        ]
        intro: list[Markup] = []
        if successor is not None:
            year = f" i {org.ended + 1}" if org.ended else ""
            note = html.text(t["renamed_note"].format(old=org.display, new="\x00", year=year))
            intro.append(html.paragraph(note.replace("\x00", w.org_link(successor.id))))
        mentions = self.ix.mentions(org_id)
        # Entry → role → the names it gave the organisation in that role (Digdir, Difi).
        roles: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for m in mentions:
            if m.via not in roles[m.entry.key][m.role]:
                roles[m.entry.key][m.role].append(m.via)
        notes = {key: self._mention_note(by_role, org_id) for key, by_role in roles.items()}
        if predecessors and any(m.via != org_id for m in mentions):
            names = ", ".join(p.short_name or p.name for p in predecessors)
            intro.append(html.paragraph(t["includes_former"].format(names=names)))
        sections = self.grouped_by_kind(
            {m.entry.key: m.entry for m in mentions}.values(), lambda e: notes.get(e.key, "")
        )
        if not sections:
            intro.append(html.paragraph(t["none_yet"]))
        intro.append(w.feed_link("organisation", org_id))
        markdown = self._with_chart(
            w.listing(org.display, intro, facts, sections), "organisation", org_id
        )
        context = {"jsonld": script_text(page_ld(org, self.ix.settings))}
        return w.page("organisation", org.display, markdown, org.path, None, context=context)

    def _former(self, org_id: str) -> Markup:
        org = self.ix.organisation(org_id)
        link = self.w.org_link(org_id)
        if org and org.ended:
            return link + html.text(f" (til {org.ended})")
        return link

    def _mention_note(self, roles: dict[str, list[str]], org_id: str) -> str:
        """«deltaker og finansierer», «deltaker, som Difi», «i rapport fra Difi»: the roles
        an entry gives the organisation, by the names it used for it."""
        by_names: dict[tuple[str, ...], list[str]] = defaultdict(list)
        for role, named in roles.items():
            by_names[tuple(named)].append(role)
        notes = []
        for vias, keys in by_names.items():
            names = and_list([self.w.org_short(v) for v in vias])
            former = [self.w.org_short(v) for v in vias if v != org_id]
            labels = [self.t.get(f"role_{k}", k) for k in keys if k != "source_report"]
            if labels:
                note = and_list(labels)
                if former:
                    note += ", " + self.t["as_org"].format(name=and_list(former))
                notes.append(note)
            if "source_report" in keys:
                notes.append(f"{self.t['role_source_report']} {names}")
        return "; ".join(notes)

    def life_event(self, le_id: str) -> Page:
        w, t = self.w, self.t
        life_event = self.ix.vocabulary.life_events[le_id]
        w.here = w.urls.page("life_event", le_id)
        entries = self.ix.by_life_event.get(le_id, [])
        rows = [(t["responsible_ministry"], w.org_link(life_event.ministry))]
        if life_event.title_nn and life_event.title_nn != life_event.title:
            rows.append(("Nynorsk", html.text(life_event.title_nn)))
        intro = [html.paragraph(life_event.description)]
        if not any(isinstance(e, Case) for e in entries):
            intro.append(html.paragraph(Markup(f"<strong>{html.text(t['no_cases_gap'])}</strong>")))
        markdown = w.listing(life_event.title, intro, rows, self.grouped_by_kind(entries))
        markdown = self._with_chart(markdown, "life_event", le_id)
        description = life_event.description
        return w.page("life_event", life_event.title, markdown, life_event.path, description)

    def sector(self, sector_id: str) -> Page:
        w = self.w
        sector = self.ix.vocabulary.sectors[sector_id]
        w.here = w.urls.page("sector", sector_id)
        entries = self.ix.by_sector.get(sector_id, [])
        facts = [(self.t["ministries"], html.join(w.org_link(m) for m in sector.ministries))]
        intro = [html.paragraph(sector.description)] if sector.description else []
        if not entries:
            intro.append(html.paragraph(self.t["none_yet"]))
        markdown = w.listing(sector.title, intro, facts, self.grouped_by_kind(entries))
        return w.page("sector", sector.title, markdown, sector.path, sector.description)

    def year(self, year: int) -> Page:
        w = self.w
        w.here = w.urls.page("year", year)
        entries = self.ix.by_year.get(year, [])
        intro = [html.paragraph(plural(self.t, "count", len(entries)))]
        markdown = w.listing(str(year), intro, [], self.grouped_by_kind(entries))
        return w.page("year", str(year), markdown, None, None)

    # --- overviews -----------------------------------------------------------------------

    def kind_overview(self, kind: str) -> Page:
        w = self.w
        w.here = w.urls.section(kind)
        entries = self.ix.by_kind.get(kind, [])
        title = self.t[kind + "s"]
        intro = [html.paragraph(plural(self.t, "count", len(entries)))]
        if kind == "recommendation":
            recs = [e for e in entries if isinstance(e, Recommendation)]
            sections = self.recommendations_by_source(recs, level=2)
        elif kind == "event":
            sections = self.events_by_time([e for e in entries if isinstance(e, Event)])
            subscribe = w.link(w.urls.calendar(), self.t["subscribe"])
            intro.append(html.paragraph(html.text(self.t["subscribe_intro"] + " ") + subscribe))
        elif entries:
            sections = [Section(title, [w.line(e) for e in entries], level=2)]
        else:
            sections = []
        markdown = w.listing(title, intro, [], sections)
        return w.page("overview", title, markdown, None, None, uri=w.here)

    def events_by_time(self, events: Sequence[Event]) -> list[Section]:
        """Upcoming (soonest first) and past (newest first), as of the build date.

        The build date comes from SOURCE_DATE_EPOCH when set, so a rebuild of the same
        content on another day can still be byte-identical.
        """
        today = build_date()
        upcoming = sorted(
            (e for e in events if (e.end or e.start).date >= today),
            key=lambda e: e.start.sort_key(),
        )
        past = [e for e in events if (e.end or e.start).date < today]  # already newest first
        # The browser moves what has ended since the build (erfaringsbase.js).
        sections = [
            Section(self.t["upcoming"], [self.w.line(e) for e in upcoming], list_class=UPCOMING),
            Section(self.t["past"], [self.w.line(e) for e in past], list_class=PAST),
        ]
        if not upcoming:
            when = self.w.event_time(EventTime(today), None)
            sections[0].intro = html.text(self.t["no_upcoming"].format(date=when))
        return sections

    def vocab_overview(self, kind: str) -> Page:
        w = self.w
        w.here = w.urls.section(kind)
        title = self.t[kind + "s"]
        table = w.vocab_tables[kind]
        counts = self._vocab_counts(kind)
        sections: list[Section] = []
        if kind == "organisation":
            groups: dict[str, list[VocabItem]] = defaultdict(list)
            for item in table.values():
                groups[getattr(item, "org_kind", "annet")].append(item)
            for group in sorted(groups, key=collation_key):
                items = sorted(groups[group], key=lambda i: collation_key(i.label))
                lines = [w.vocab_item(kind, i, counts.get(i.id, 0)) for i in items]
                sections.append(Section(group.capitalize(), lines))
        else:
            items = sorted(table.values(), key=lambda i: collation_key(i.label))
            lines = [w.vocab_item(kind, i, counts.get(i.id, 0)) for i in items]
            sections.append(Section(title, lines))
        markdown = w.listing(title, [], [], sections)
        return w.page("overview", title, markdown, None, None, uri=w.here)

    def _vocab_counts(self, kind: str) -> Mapping[str, int]:
        if kind == "theme":
            return {k: len(v) for k, v in self.ix.by_theme.items()}
        if kind == "life_event":
            return {k: len(v) for k, v in self.ix.by_life_event.items()}
        if kind == "sector":
            return {k: len(v) for k, v in self.ix.by_sector.items()}
        return {
            k: len({m.entry.key for m in self.ix.mentions(k)}) for k in self.w.vocab_tables[kind]
        }

    def year_overview(self) -> Page:
        w = self.w
        w.here = w.urls.section("year")
        title = self.t["years"]
        items = [
            w.link(w.urls.page("year", y), str(y))
            + Markup(" – ")
            + html.text(plural(self.t, "count", len(self.ix.by_year[y])))
            for y in sorted(self.ix.by_year, reverse=True)
        ]
        markdown = w.listing(title, [], [], [Section(title, items)])
        return w.page("overview", title, markdown, None, None, uri=w.here)
