"""The page of an entry: title, lead and fact box, the contributor's text, then what the
index knows about it (related entries, sources, backlinks; a report's recommendations, a
series' parts, the cases a scheme financed)."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Final

from markupsafe import Markup

from ..content.entry_links import EntryLink, rewrite_entry_links
from ..content.model import Case, Entry, Event, Financing, Recommendation, Report
from ..content.rawhtml import without_theme_attributes
from ..content.urls import relative
from ..index.cross import CrossIndex, by_title
from ..index.related import RelatedIndex
from . import html
from .jsonld import entry_ld, script_text
from .page import Page
from .share import share_for
from .writer import Heading, PageWriter, Section

#: A footnote's text (``[^1]: …``), and where Python-Markdown's footnotes extension puts
#: the footnotes when a page has this line (its ``PLACE_MARKER``, as documented).
_FOOTNOTE: Final = re.compile(r"^\[\^[^\]\n]+\]:", re.MULTILINE)
FOOTNOTES_HERE: Final = "///Footnotes Go Here///"

#: A title that carries its own number: «Trinn 1: …», «Steg 2 …», «3. …».
_NUMBERED: Final = re.compile(r"(?i)(trinn|steg|del|fase)\s*\d|\d+[.):]")


def publisher_names(entry: Entry, ix: CrossIndex) -> list[str]:
    """A report's publishers by their full names (for its citation)."""
    if not isinstance(entry, Report):
        return []
    orgs = [ix.organisation(o) for o in entry.publishers]
    return [org.name if org else ident for org, ident in zip(orgs, entry.publishers, strict=True)]


def text_with_links(w: PageWriter, entry: Entry) -> str:
    """The contributor's text, its links to other entries' files (``../cases/altinn.md``)
    pointing at their pages, for MkDocs to resolve (and check, under --strict)."""
    ix = w.ix

    def address(link: EntryLink) -> str | None:
        target = ix.get(link.kind, link.ident) if link.kind else None
        if target is None:
            return None  # validate has said so, with the line
        return relative(w.here, w.urls.page(target.kind, target.id), link.anchor)

    # The theme's ids and classes out of attribute lists: validate refuses them; a preview
    # of a text with errors shows it without them.
    body = without_theme_attributes(entry.body.strip())
    return rewrite_entry_links(body, entry.path, ix.settings.folder_kinds, address)


class EntryPages:
    def __init__(self, writer: PageWriter) -> None:
        self.w = writer
        self.ix = writer.ix
        self.t = writer.t

    @cached_property
    def related_index(self) -> RelatedIndex:
        return RelatedIndex(self.ix)

    def page(self, entry: Entry) -> Page:
        w = self.w
        w.here = w.urls.page(entry.kind, entry.id)
        facts: list[tuple[str, Markup]] = [(self.t["kind"], html.text(self.kind_name(entry)))]
        sections: list[Section] = []
        if isinstance(entry, Case):
            facts += self.case_facts(entry)
            financed = self.ix.financed_by.get(entry.id)
            if financed:
                lines = [w.line(c) for c in by_title(financed)]
                sections.append(Section(self.t["financed_cases"], lines, searchable=False))
        elif isinstance(entry, Report):
            facts += self.report_facts(entry)
            recommendations = self.ix.recommendations_of.get(entry.id, [])
            if recommendations:
                sections.append(self.report_recommendations(recommendations))
        elif isinstance(entry, Recommendation):
            facts += self.recommendation_facts(entry)
        elif isinstance(entry, Event):
            facts += self.event_facts(entry)
            parts = self.ix.parts_of.get(entry.id)
            if parts:
                lines = [self.event_part(p) for p in parts]
                sections.append(Section(self.t["parts"], lines, searchable=False))
        facts += self.vocab_rows(entry)
        if entry.incomplete:
            # A draft's stand-in (status «planlagt», say) is not shown as if it were written.
            fields = {f.split(".")[0].split("[")[0] for f in entry.incomplete} - {"kind"}
            missing = {self.t[f] for f in fields if f in self.t}
            not_filled = html.text(self.t["draft_not_filled"])
            facts = [(label, not_filled if label in missing else value) for label, value in facts]
        for optional in (self.related(entry), self.sources(entry), self.backlinks(entry)):
            if optional is not None:
                sections.append(optional)
        blocks = [w.heading_line(1, entry.title)]
        if entry.draft:
            blocks.append(self.draft_warning(entry))
        opening = [*self.lead(entry), html.fact_box(self.t["facts"], facts)]
        if any(opening):
            blocks.append(w.place("\n".join(p for p in opening if p)))
        if entry.body.strip():
            blocks.append(text_with_links(w, entry))
            if _FOOTNOTE.search(entry.body):
                # The text's footnotes (its sources, sentence by sentence) right after it,
                # not after the related entries and backlinks below.
                blocks.append(FOOTNOTES_HERE)
        for section in sections:
            blocks += w.section(section)
        description = entry.summary or getattr(entry, "recommendation", None)
        markdown = "\n\n".join(blocks) + "\n"
        # Made with the page (on a large site by the helper process): the QR code took a
        # tenth of the build's own time at 10,000 entries.
        context = {
            "share": share_for(entry, self.ix.settings, publisher_names(entry, self.ix)),
            "jsonld": script_text(entry_ld(entry, self.ix)),
        }
        return w.page(
            entry.kind,
            entry.title,
            markdown,
            entry.path,
            description,
            entry.draft,
            context=context,
            updated=entry.updated or entry.published,
        )

    def draft_warning(self, entry: Entry) -> str:
        """What `mkdocs serve` shows on a draft: that it is one, and what is missing."""
        notice = html.paragraph(self.t["draft_notice"])
        missing = ", ".join(sorted(set(entry.incomplete)))
        if missing:
            notice += Markup("\n") + html.paragraph(f"{self.t['draft_missing']}: {missing}")
        return self.w.place(
            '<div class="admonition warning">\n<p class="admonition-title">Utkast</p>\n'
            f"{notice}\n</div>"
        )

    def lead(self, entry: Entry) -> list[Markup]:
        """The paragraphs that open the page: a recommendation's text, the summary."""
        paragraphs = []
        if isinstance(entry, Recommendation):
            label = html.text(self.t["recommendation_text"])
            paragraphs.append(
                html.quote(
                    Markup(f"<p><strong>{label}:</strong> ")
                    + html.text(entry.recommendation).strip()
                    + Markup("</p>")
                )
            )
        if entry.summary:
            paragraphs.append(html.paragraph(entry.summary))
        return paragraphs

    def kind_name(self, entry: Entry) -> str:
        if isinstance(entry, Report):
            return f"{self.t['report']} ({entry.report_kind})"
        return self.t[entry.kind]

    def vocab_rows(self, entry: Entry) -> list[tuple[str, Markup]]:
        w, t = self.w, self.t
        rows = [(t["themes"], html.join(w.vocab_link("theme", i) for i in entry.themes))]
        if entry.life_events:
            links = html.join(w.vocab_link("life_event", i) for i in entry.life_events)
            rows.append((t["life_events"], links))
        sectors = self.ix.sectors_of(entry)
        if sectors:
            rows.append((t["sectors"], html.join(w.vocab_link("sector", i) for i in sectors)))
        return rows

    # --- facts per kind ------------------------------------------------------------------

    def case_facts(self, case: Case) -> list[tuple[str, Markup]]:
        w, t = self.w, self.t
        orgs = html.join(
            w.org_link(o.id) + html.text(f" ({t.get('role_' + o.role, o.role)})")
            for o in case.organisations
        )
        period = w.period(case.period)
        # «(pågår)» only when that is known now; a status last known years ago says so
        # itself («Pågående (per 2017)»).
        if case.period.end is None and case.status == "pågående" and case.status_as_of is None:
            period += f" ({t['ongoing']})"
        return [
            (t["organisations"], orgs),
            (t["period"], html.text(period)),
            (t["status"], html.text(w.status(case))),
            (t["financing"], html.join((self.financing(f) for f in case.financing), "; ")),
            (t["reports"], w.refs("report", case.reports)),
            (t["recommendations"], w.refs("recommendation", case.recommendations)),
        ]

    def financing(self, fin: Financing) -> Markup:
        extra: list[Markup] = []
        if fin.amount_nok is not None:
            extra.append(
                html.text(html.nok(fin.amount_nok) + (f" ({fin.year})" if fin.year else ""))
            )
        elif fin.year:
            extra.append(html.text(str(fin.year)))
        if fin.share_percent is not None:
            share = f"{fin.share_percent:g}".replace(".", ",")
            extra.append(html.text(self.t["share"].format(p=share)))
        if fin.scheme:
            extra.append(self.w.ref_link("case", fin.scheme))
        if fin.funder:
            extra.append(self.w.org_link(fin.funder))
        text = html.text(fin.description)
        return text + (Markup(" (") + html.join(extra) + Markup(")") if extra else Markup(""))

    def report_facts(self, report: Report) -> list[tuple[str, Markup]]:
        w, t = self.w, self.t
        return [
            (t["publisher"], html.join(w.org_link(o) for o in report.publishers)),
            (t["date"], html.text(report.date.human() if report.date else t["unknown_date"])),
            (t["link"], w.external(report.url) if report.url else Markup("")),
            (t["cases_covered"], w.refs("case", report.cases)),
        ]

    def report_recommendations(self, recs: list[Recommendation]) -> Section:
        """Each recommendation under a heading whose anchor is its id (where its own page
        links to), with its text and a link to its page. Left out of the search index:
        each recommendation has its own page."""
        section = Section(self.t["recommendations_in_report"], searchable=False)
        current: str | None = None
        for rec in recs:
            if rec.section and rec.section != current:
                current = rec.section
                section.blocks.append(Heading(3, rec.section))
            # «Trinn 1: …» is numbered already: not «1. Trinn 1: …».
            numbered = rec.order and not _NUMBERED.match(rec.title)
            section.blocks.append(
                Heading(4, f"{rec.order}. {rec.title}" if numbered else rec.title, rec.id)
            )
            section.blocks.append(
                html.paragraph(rec.recommendation) + Markup("\n") + self.rec_links(rec)
            )
        return section

    def rec_links(self, rec: Recommendation) -> Markup:
        """Under a recommendation on its report's page: whom it is for, what it follows up,
        what followed it, and its own page (with sources and cases), named once."""
        t, w = self.t, self.w
        parts = [html.text(f"{t['audience']}: {', '.join(rec.audience)}")]
        if rec.follows_up:
            parts.append(
                html.text(f"{t['follows_up']}: ") + w.refs("recommendation", rec.follows_up)
            )
        followed = [b.source for b in self.ix.backlinks_to(rec) if b.relation == "follows_up"]
        if followed:
            links = html.join(w.entry_link(r) for r in by_title(followed))
            parts.append(html.text(f"{t['followed_up_by']}: ") + links)
        parts.append(w.link(w.urls.page("recommendation", rec.id), t["rec_page"]))
        return html.paragraph(html.join(parts, " · "))

    def recommendation_facts(self, rec: Recommendation) -> list[tuple[str, Markup]]:
        w, t = self.w, self.t
        report = self.ix.get("report", rec.source_report)
        source = html.text(rec.source_report)
        if isinstance(report, Report):
            source = w.link(w.urls.page("report", report.id), report.title, anchor=rec.id)
            who = ", ".join(w.org_short(o) for o in report.publishers)
            year = str(report.date.year) if report.date else ""
            when = f", {year}" if year and year not in report.title else ""
            source += html.text(f" ({who}{when})")
        followed_by = [b.source for b in self.ix.backlinks_to(rec) if b.relation == "follows_up"]
        return [
            (t["source_report"], source),
            (t["section"], html.text(rec.section) if rec.section else Markup("")),
            (t["audience"], html.text(", ".join(rec.audience))),
            (t["supporting_cases"], w.refs("case", rec.supporting_cases)),
            (t["follows_up"], w.refs("recommendation", rec.follows_up)),
            (t["followed_up_by"], html.join(w.entry_link(r) for r in by_title(followed_by))),
        ]

    def event_facts(self, event: Event) -> list[tuple[str, Markup]]:
        w, t = self.w, self.t
        deadline = event.registration_deadline
        registration = event.registration_url
        return [
            (t["time"], html.text(self.w.event_time(event.start, event.end))),
            (t["place"], html.text(t["online"] if event.online else event.place or "")),
            (t["organiser"], html.join(w.org_link(o) for o in event.organisers)),
            (
                t["registration_deadline"],
                html.text(self.w.event_time(deadline, None)) if deadline else Markup(""),
            ),
            (t["registration"], w.external(registration) if registration else Markup("")),
            (t["part_of"], w.ref_link("event", event.part_of) if event.part_of else Markup("")),
            (t["calendar"], w.link(w.urls.calendar(event.id), t["add_to_calendar"])),
            (t["presented_cases"], w.refs("case", event.cases)),
            (t["presented_reports"], w.refs("report", event.reports)),
        ]

    def event_part(self, part: Event) -> Markup:
        return (
            html.text(self.w.event_time(part.start, part.end))
            + Markup(": ")
            + self.w.entry_link(part)
        )

    # --- what the index knows ----------------------------------------------------------

    def sources(self, entry: Entry) -> Section | None:
        """Citations, left out of the search index like related entries and backlinks: the
        cited reports have pages of their own, or are elsewhere."""
        if not entry.sources:
            return None
        section = Section(self.t["sources"], searchable=False, list_tag="ol")
        for source in entry.sources:
            text = self.w.emphasis(source.title) + Markup(". ") + html.text(source.publisher)
            if source.date:
                text += html.text(f", {source.date.human()}")
            text += Markup(".")
            if source.note:
                text += Markup(" ") + html.text(source.note)
                if not source.note.endswith("."):
                    text += Markup(".")
            if source.url:
                text += Markup(" ") + self.w.external(source.url, self.t["link"])
            section.items.append(text)
        return section

    def related(self, entry: Entry) -> Section | None:
        related = self.related_index.related(entry)
        if not related:
            return None
        section = Section(self.t["related"], searchable=False)
        for item in related:
            kind = html.text(self.t[item.entry.kind].lower())
            reason = html.text(item.reason)
            section.items.append(Markup(f"{self.w.entry_link(item.entry)} ({kind}) – {reason}"))
        return section

    def backlinks(self, entry: Entry) -> Section | None:
        links = self.ix.backlinks_to(entry)
        if not links:
            return None
        intro = html.text(self.t["backlinks_intro"])
        section = Section(self.t["backlinks"], intro=intro, searchable=False)
        for backlink in links:
            relation = html.text(self.t.get(f"rel_{backlink.relation}", backlink.relation))
            section.items.append(Markup(f"{self.w.entry_link(backlink.source)} – {relation}"))
        return section
