"""The cross-index: every entry reachable by id, theme, organisation (with former names),
life event, sector and year, and every reference resolved in both directions.

All tables are built in one pass over the entries' references, so the cost is linear in
the number of references, however many entries there are.
"""

from __future__ import annotations

import posixpath
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from ..content.entry_links import entry_links
from ..content.loader import KIND_LABELS, Corpus
from ..content.model import Case, Entry, Event, Recommendation, Ref, Report
from ..content.problems import ProblemLog, Severity, did_you_mean
from ..content.reader import format_path
from ..content.vocabulary import Organisation, closest_item

VOCAB_LABELS: Final = {
    "theme": "tema",
    "organisation": "virksomhet",
    "life_event": "livshendelse",
    "sector": "sektor",
}
#: «… er ikke et kjent tema»: each with its article.
_UNKNOWN: Final = {
    "theme": "et kjent tema",
    "organisation": "en kjent virksomhet",
    "life_event": "en kjent livshendelse",
    "sector": "en kjent sektor",
}
VOCAB_FILES: Final = {
    "theme": "themes.yml",
    "organisation": "organisations.yml",
    "life_event": "life-events.yml",
    "sector": "sectors.yml",
}

_COLLATE: Final = str.maketrans({"æ": "{", "ø": "|", "å": "}"})


@lru_cache(maxsize=65_536)  # every sort by title asks for the same titles again
def collation_key(text: str) -> str:
    """Norwegian alphabetical order: … x y z æ ø å, accents ignored, case ignored."""
    folded = text.casefold().translate(_COLLATE)
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def by_title(entries: Iterable[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (collation_key(e.title), e.id))


def newest_first(entries: Iterable[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.sort_date(), e.id), reverse=True)


@dataclass(frozen=True, slots=True)
class Backlink:
    source: Entry
    relation: str


@dataclass(frozen=True, slots=True)
class OrgMention:
    entry: Entry
    role: str
    via: str  # the organisation id the entry names (a former name, perhaps)


class ReferenceCheck:
    """Every reference checked against the vocabularies and the other entries, and every
    series of events against loops; what is wrong is added to the corpus's problems.

    Drafts are checked too: a draft is still reviewed. (A draft's empty stand-in, such as
    a source report not chosen yet, is skipped.) ``validate`` needs only this, not the
    tables of :class:`CrossIndex`, which runs it first.
    """

    def __init__(self, corpus: Corpus, *, include_drafts: bool) -> None:
        self.corpus = corpus
        self.vocabulary = corpus.vocabulary
        self.settings = corpus.settings
        self.include_drafts = include_drafts
        self.everything = {e.key: e for e in corpus.entries}
        #: Each entry's references (by ``id(entry)``), listed once: the index needs them too.
        self.refs = {id(e): tuple(r for r in e.references() if r.id) for e in corpus.entries}
        for entry in corpus.entries:
            for ref in self.refs[id(entry)]:
                self._check_ref(entry, ref)
            self._check_links(entry)
        for shadow in corpus.shadows:
            for ref in shadow.references():
                if ref.id:
                    self._check_ref(shadow, ref)
            self._check_links(shadow)  # its text is as written, whatever its fields
        self._check_series_loops(corpus.problems)

    def _check_links(self, entry: Entry) -> None:
        """Links in the text to another entry's file (``../cases/altinn.md``)."""
        folders = self.settings.folders
        here = posixpath.dirname(entry.path)
        for link in entry_links(entry.body, entry.path, self.settings.folder_kinds):
            line = entry.body_line + link.offset
            if link.kind is None:
                example = posixpath.relpath(f"{folders['case']}/altinn.md", here)
                self.corpus.problems.add(
                    entry.path,
                    line,
                    None,
                    f"Lenken «{link.target}» går ikke til en oppføring. Lenk til filen til "
                    f"oppføringen der den ligger, for eksempel [Altinn]({example}).",
                )
                continue
            key = (link.kind, link.ident)
            found = self.everything.get(key)
            if found is not None and found.draft and not entry.draft:
                self.corpus.problems.add(
                    entry.path,
                    line,
                    None,
                    f"Lenken «{link.target}» går til et utkast (draft: true), som ikke blir "
                    "publisert; lenken ville blitt brutt.",
                )
                continue
            if key in self.corpus.broken or found is not None:
                continue  # a file with its own problems, or found
            label, folder = KIND_LABELS[link.kind], folders[link.kind]
            current = next(
                (
                    e.id
                    for e in self.everything.values()
                    if e.kind == link.kind and link.ident in e.aliases
                ),
                None,
            )
            best = current or did_you_mean(
                link.ident, [k[1] for k in self.everything if k[0] == link.kind]
            )
            message = f"Lenken «{link.target}» går til en {label} som ikke finnes i {folder}/."
            if best:
                fixed = posixpath.relpath(f"{folder}/{best}.md", here)
                anchor = f"#{link.anchor}" if link.anchor else ""
                message += f" Skriv ({fixed}{anchor}) i stedet."
            self.corpus.problems.add(entry.path, line, None, message)

    def _check_series_loops(self, problems: ProblemLog) -> None:
        """An event may not be (through other events) part of itself."""
        events = [
            e
            for e in self.corpus.entries
            if isinstance(e, Event) and (self.include_drafts or not e.draft)
        ]
        parent = {e.id: e.part_of for e in events}
        for event in events:
            seen = {event.id}
            current = parent.get(event.id)
            while current:
                if current in seen:
                    problems.add(
                        event.path,
                        event.line_of(("part_of",)),
                        "part_of",
                        f"«part_of» går i ring: {event.id} er (via andre) en del av seg selv.",
                    )
                    break
                seen.add(current)
                current = parent.get(current)

    def _check_ref(self, entry: Entry, ref: Ref) -> None:
        everything, problems = self.everything, self.corpus.problems

        def add(message: str, severity: Severity = "error") -> None:
            # Where the reference is, only once it is known to be wrong: nearly all are right.
            line, field = entry.line_of(ref.field), format_path(ref.field)
            problems.add(entry.path, line, field, message, severity)

        if ref.target in VOCAB_LABELS:
            table = self.vocabulary.table(ref.target)
            if ref.id in table or self.vocabulary.reported(ref.target, ref.id):
                return
            file = VOCAB_FILES[ref.target]
            message = f"«{ref.id}» er ikke {_UNKNOWN[ref.target]} i taxonomy/{file}."
            best = closest_item(ref.id, table.values())
            if best:
                message += f" Mente du «{best}»?"
            if 0 < len(table) <= 12:
                message += f" Kjente verdier: {', '.join(sorted(table))}."
            elif ref.target == "organisation":
                message += f" Legg den til i taxonomy/{file} hvis den mangler."
            add(message)
            return
        key = (ref.target, ref.id)
        label = KIND_LABELS[ref.target]
        if ref.target == entry.kind and ref.id == entry.id:
            add(f"En {label} kan ikke vise til seg selv.")
            return
        if key in self.corpus.broken:
            return  # that file's own problems are already reported
        target = everything.get(key)
        if target is None:
            current = next(
                (e.id for e in everything.values() if e.kind == ref.target and ref.id in e.aliases),
                None,
            )
            if current is not None:
                add(
                    f"«{ref.id}» er en gammel id; {label}en heter nå «{current}». Bruk den nye id-en.",
                    "warning",
                )
                return
            # Files with problems of their own are ids too, if not yet entries.
            ids = [k[1] for k in [*everything, *self.corpus.broken] if k[0] == ref.target]
            best = did_you_mean(ref.id, ids)
            hint = f" Mente du «{best}»?" if best else ""
            folder = self.settings.folders[ref.target]
            add(
                f"Finner ingen {label} med id «{ref.id}» i {folder}/.{hint}",
            )
            return
        if target.draft and not entry.draft and not self.include_drafts:
            add(
                f"«{ref.id}» er et utkast (draft: true) og blir ikke publisert; "
                "lenken ville blitt brutt.",
            )


class CrossIndex:
    """Read-only tables over the published entries of a corpus."""

    def __init__(self, corpus: Corpus, *, include_drafts: bool = False) -> None:
        self.corpus = corpus
        self.vocabulary = corpus.vocabulary
        self.settings = corpus.settings
        self.include_drafts = include_drafts
        self.entries: list[Entry] = [e for e in corpus.entries if include_drafts or not e.draft]
        self.by_key: dict[tuple[str, str], Entry] = {e.key: e for e in self.entries}
        self.alias_of: dict[tuple[str, str], str] = {
            (e.kind, alias): e.id for e in self.entries for alias in e.aliases
        }
        self.by_kind: dict[str, list[Entry]] = defaultdict(list)
        self.by_theme: dict[str, list[Entry]] = defaultdict(list)
        self.by_org: dict[str, list[OrgMention]] = defaultdict(list)
        self.by_life_event: dict[str, list[Entry]] = defaultdict(list)
        self.by_sector: dict[str, list[Entry]] = defaultdict(list)
        self.by_year: dict[int, list[Entry]] = defaultdict(list)
        self.backlinks: dict[tuple[str, str], list[Backlink]] = defaultdict(list)
        self.recommendations_of: dict[str, list[Recommendation]] = defaultdict(list)
        self.parts_of: dict[str, list[Event]] = defaultdict(list)
        self.financed_by: dict[str, list[Case]] = defaultdict(list)
        self._sectors: dict[tuple[str, str], tuple[str, ...]] = {}
        self._years: dict[tuple[str, str], tuple[int, ...]] = {}
        #: Entry → the organisations it names (with the publishers of a recommendation's
        #: report), as named: Difi stays Difi (``current`` gives Digdir).
        self._orgs: dict[tuple[str, str], list[str]] = {}
        self._current: dict[str, str] = {}
        self._named_orgs: set[str] | None = None

        refs = ReferenceCheck(corpus, include_drafts=include_drafts).refs

        sector_of = self._org_sector = self._sector_of_org()
        life_event_sector = {
            le.id: sector_of.get(le.ministry) for le in self.vocabulary.life_events.values()
        }
        latest = self._latest_year()
        for entry in self.entries:
            self.by_kind[entry.kind].append(entry)
            sectors = set(entry.sectors)
            for ref in refs[id(entry)]:
                target = self._resolve(ref)
                if ref.target == "theme":
                    self.by_theme[target].append(entry)
                elif ref.target == "life_event":
                    self.by_life_event[target].append(entry)
                    if life_event_sector.get(target):
                        sectors.add(life_event_sector[target] or "")
                elif ref.target == "organisation":
                    self.by_org[target].append(OrgMention(entry, ref.relation, target))
                    self._orgs.setdefault(entry.key, []).append(target)
                    if target in sector_of:
                        sectors.add(sector_of[target])
                elif (ref.target, target) in self.by_key:
                    self.backlinks[(ref.target, target)].append(Backlink(entry, ref.relation))
            sectors.discard("")
            self._sectors[entry.key] = tuple(sorted(sectors))
            for sector in sectors:
                self.by_sector[sector].append(entry)
            if isinstance(entry, Recommendation) and entry.source_report:
                self.recommendations_of[entry.source_report].append(entry)
            if isinstance(entry, Event) and entry.part_of:
                self.parts_of[entry.part_of].append(entry)
            if isinstance(entry, Case):
                for fin in entry.financing:
                    if fin.scheme:
                        self.financed_by[self._alias(("case", fin.scheme))].append(entry)
        # A recommendation is the publisher's too: Difi's page lists the advice of Difi's
        # reports (Digdir's, through its former name).
        for entry in self.entries:
            if isinstance(entry, Recommendation):
                report = self.get("report", entry.source_report)
                for publisher in report.publishers if isinstance(report, Report) else ():
                    self.by_org[publisher].append(OrgMention(entry, "source_report", publisher))
                    self._orgs.setdefault(entry.key, []).append(publisher)
        # Years after the loop: a recommendation takes its report's year.
        for entry in self.entries:
            years = self._entry_years(entry, latest)
            self._years[entry.key] = years
            for year in years:
                self.by_year[year].append(entry)

        for key in list(self.by_kind):
            self.by_kind[key] = self._ordered(key, self.by_kind[key])
        for table in (self.by_theme, self.by_life_event, self.by_sector, self.by_year):
            for key2, items in table.items():
                table[key2] = by_title(items)  # type: ignore[index]
        for report_id, recs in self.recommendations_of.items():
            self.recommendations_of[report_id] = sorted(
                recs, key=lambda r: (r.order or 10_000, collation_key(r.title))
            )
        for event_id, parts in self.parts_of.items():
            self.parts_of[event_id] = sorted(parts, key=lambda e: (e.start.sort_key(), e.id))

    def _alias(self, key: tuple[str, str]) -> str:
        return self.alias_of.get(key, key[1])

    def _resolve(self, ref: Ref) -> str:
        if ref.target in VOCAB_LABELS:
            return ref.id
        return self._alias((ref.target, ref.id))

    # --- derived facts ---------------------------------------------------------------------

    def _sector_of_org(self) -> dict[str, str]:
        ministry_sector = self.vocabulary.sector_of_ministry()
        result: dict[str, str] = {}
        for org in self.vocabulary.organisations.values():
            ministry = org.id if org.org_kind == "departement" else org.ministry
            if ministry and ministry in ministry_sector:
                result[org.id] = ministry_sector[ministry]
        return result

    def _latest_year(self) -> int:
        """The latest year any dated fact mentions: an ongoing case runs up to it.

        Taken from the content rather than the clock, so the same content always builds
        the same year pages. ``published`` is when an entry was added, not a fact.
        """
        years = [0]
        for e in self.entries:
            if isinstance(e, Case):
                years += [e.period.start.year] + ([e.period.end.year] if e.period.end else [])
            elif isinstance(e, Report) and e.date:
                years.append(e.date.year)
            elif isinstance(e, Event):
                years.append(e.start.date.year)
        return max(years)

    def _entry_years(self, entry: Entry, latest: int) -> tuple[int, ...]:
        if isinstance(entry, Case):
            end = (
                entry.period.end.year if entry.period.end else max(latest, entry.period.start.year)
            )
            return tuple(range(entry.period.start.year, end + 1))
        if isinstance(entry, Report):
            return (entry.date.year,) if entry.date else ()
        if isinstance(entry, Recommendation):
            report = self.by_key.get(("report", self._alias(("report", entry.source_report))))
            if isinstance(report, Report) and report.date:
                return (report.date.year,)
            return ()
        if isinstance(entry, Event):
            return (entry.start.date.year,)
        return ()

    def _ordered(self, kind: str, entries: list[Entry]) -> list[Entry]:
        if kind in ("report", "event"):
            return newest_first(entries)
        if kind == "recommendation":
            return sorted(
                entries,
                key=lambda e: (
                    -self._years_of_key(e.key)[0] if self._years_of_key(e.key) else 0,
                    e.source_report if isinstance(e, Recommendation) else "",
                    (e.order or 10_000) if isinstance(e, Recommendation) else 0,
                    collation_key(e.title),
                ),
            )
        return by_title(entries)

    def _years_of_key(self, key: tuple[str, str]) -> tuple[int, ...]:
        return self._years.get(key, ())

    # --- queries used by the renderer ------------------------------------------------------

    def get(self, kind: str, ident: str) -> Entry | None:
        return self.by_key.get((kind, self._alias((kind, ident))))

    def sectors_of(self, entry: Entry) -> tuple[str, ...]:
        return self._sectors.get(entry.key, ())

    def years_of(self, entry: Entry) -> tuple[int, ...]:
        return self._years.get(entry.key, ())

    def backlinks_to(self, entry: Entry) -> list[Backlink]:
        links = self.backlinks.get(entry.key, [])
        return sorted(links, key=lambda b: (b.source.kind, collation_key(b.source.title)))

    def organisation(self, org_id: str) -> Organisation | None:
        return self.vocabulary.organisations.get(org_id)

    def predecessors(self, org_id: str) -> list[Organisation]:
        """Organisations this one took over from, nearest first (Digdir → Difi → …)."""
        orgs = self.vocabulary.organisations
        found: list[Organisation] = []
        queue = [org_id]
        seen = {org_id}
        while queue:
            current = queue.pop(0)
            direct = set(orgs[current].formerly) if current in orgs else set()
            direct |= {o.id for o in orgs.values() if o.succeeded_by == current}
            for former in sorted(direct - seen):
                seen.add(former)
                found.append(orgs[former])
                queue.append(former)
        return found

    def successor(self, org_id: str) -> Organisation | None:
        """The organisation that carries this one on today (following renames to the end)."""
        orgs = self.vocabulary.organisations
        current, seen = orgs.get(org_id), {org_id}
        nxt = current.succeeded_by if current else None
        if nxt is None:
            nxt = next((o.id for o in orgs.values() if org_id in o.formerly), None)
        result = None
        while nxt and nxt not in seen and nxt in orgs:
            seen.add(nxt)
            result = orgs[nxt]
            nxt = result.succeeded_by or next(
                (o.id for o in orgs.values() if result and result.id in o.formerly), None
            )
        return result

    def mentions(self, org_id: str, *, with_former: bool = True) -> list[OrgMention]:
        """Entries that name this organisation (and, by default, its former names)."""
        ids = [org_id] + ([o.id for o in self.predecessors(org_id)] if with_former else [])
        found = [m for i in ids for m in self.by_org.get(i, [])]
        return sorted(found, key=lambda m: (m.entry.kind, collation_key(m.entry.title)))

    def has_entries(self, org_id: str) -> bool:
        """Does any entry name this organisation, by this name or a former one?"""
        if self._named_orgs is None:
            self._named_orgs = {
                o
                for o in self.vocabulary.organisations
                if any(self.by_org.get(p) for p in (o, *(f.id for f in self.predecessors(o))))
            }
        return org_id in self._named_orgs

    def organisations_of(self, entry: Entry) -> list[str]:
        return list(dict.fromkeys(self._orgs.get(entry.key, ())))

    def current(self, org_id: str) -> str:
        """The id an organisation goes by today: Digdir for Difi, itself if not renamed."""
        found = self._current.get(org_id)
        if found is None:
            successor = self.successor(org_id)
            found = self._current[org_id] = successor.id if successor else org_id
        return found

    def org_sector(self, org: Organisation) -> str | None:
        return self._org_sector.get(org.id)

    def kinds(self) -> Sequence[str]:
        return ("case", "report", "recommendation", "event")
