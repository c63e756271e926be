"""«Tall og oversikt»: figures computed from the cross-index, drawn by ``charts``.

Each figure is three things with the same numbers: a sentence or two that says what the
numbers show (computed, never written by hand, so it cannot go stale), the chart as
inline SVG, and a markdown table beneath for anyone who cannot or will not read the
picture. The counting lives in small functions that return plain data (``*_figures``),
so the tests can check the numbers against the content without parsing markup.

``produce_stats`` is a producer (see ``outputs.producers``). The small block at the end of
a theme, organisation or life-event page is ``pages.figures.mini_chart``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Final, TypeVar

from markupsafe import Markup

from ..content.model import Case, Entry, PartialDate, Recommendation, Report
from ..content.urls import relative_public
from ..index.cross import CrossIndex, collation_key
from ..pages import charts, html
from ..pages.figures import Cell, and_list, counted, leaders, table
from ..pages.render import Heading, Page, Renderer, Section

TITLE: Final = "Tall og oversikt"
DESCRIPTION: Final = (
    "Figurer og tabeller over anbefalinger, erfaringer og samarbeid i Erfaringsbasen, "
    "laget av innholdet når nettstedet bygges."
)
INTRO: Final = (
    "Tallene er hentet fra innholdet i Erfaringsbasen hver gang nettstedet bygges. "
    "Under hver figur står de samme tallene i en tabell."
)
NO_CASES_NOTE: Final = "ingen erfaringer ennå"
#: The most sources (bars under each theme, columns of the table) and cases (rows of the
#: timeline) a figure draws. The real content has a handful of each; with thousands of
#: entries the page drew a column per report and a row per case (2.8 MB at 10,000
#: entries, charts 100,000 pixels tall) that no reader could take in. Beyond these the
#: figures show the sources with the most recommendations and the cases that began last,
#: and say so; the sentences above them still count everything.
MAX_SOURCES: Final = 12
MAX_CASES: Final = 40

K = TypeVar("K")


def chart_section(
    heading: str, anchor: str, summary: str, chart: str | None, tables: Sequence[Markup] = ()
) -> Section:
    """Heading, computed summary, the chart (a block of its own) and its tables."""
    blocks: list[Heading | Markup] = [Markup(chart + "\n")] if chart else []
    blocks += tables
    return Section(heading, intro=html.text(summary), anchor=anchor, blocks=blocks)


def fractional_year(date: PartialDate, *, end: bool = False) -> float:
    """A date as a year with a fraction; as an end, the end of the month or year it names."""
    if date.month is None:
        return date.year + (1.0 if end else 0.0)
    if date.day is None:
        return date.year + (date.month if end else date.month - 1) / 12
    return date.year + (date.month - 1) / 12 + (date.day if end else date.day - 1) / 372


# --- 1. recommendations per theme and source -----------------------------------------------


@dataclass(frozen=True, slots=True)
class RecommendationFigures:
    sources: list[Report]  # oldest first
    themes: list[str]  # most recommendations first
    counts: dict[tuple[str, str], int]  # (theme id, report id) → recommendations

    def count(self, theme: str, report: str) -> int:
        return self.counts.get((theme, report), 0)

    def total(self, theme: str) -> int:
        return sum(self.count(theme, r.id) for r in self.sources)


def recommendation_figures(ix: CrossIndex) -> RecommendationFigures:
    counts: Counter[tuple[str, str]] = Counter()
    sources: dict[str, Report] = {}
    for rec in ix.by_kind.get("recommendation", []):
        assert isinstance(rec, Recommendation)
        report = ix.get("report", rec.source_report)
        if not isinstance(report, Report):
            continue
        sources[report.id] = report
        for theme in rec.themes:
            # A theme missing from themes.yml is an error; `mkdocs serve` still renders.
            if theme in ix.vocabulary.themes:
                counts[(theme, report.id)] += 1
    ordered = sorted(sources.values(), key=lambda r: (r.sort_date(), r.id))
    names = {t: ix.vocabulary.themes[t].title for t in ix.vocabulary.themes}
    totals: Counter[str] = Counter(dict.fromkeys(names, 0))
    for (theme, _), n in counts.items():
        totals[theme] += n
    themes = sorted(totals, key=lambda t: (-totals[t], collation_key(names.get(t) or t), t))
    return RecommendationFigures(ordered, themes, dict(counts))


def source_labels(ix: CrossIndex, reports: Sequence[Report]) -> dict[str, str]:
    """``Digitaliseringsrådet 2017``, ``OECD 2017``: publisher and year, told apart by title
    only when two sources would otherwise look the same."""

    def short(org_id: str) -> str:
        org = ix.organisation(org_id)
        return (org.short_name or org.name) if org else org_id

    labels = {}
    for report in reports:
        year = f" {report.date.year}" if report.date else ""
        labels[report.id] = and_list([short(o) for o in report.publishers]) + year
    seen = Counter(labels.values())
    return {
        rid: (f"{label}: {r.title}" if seen[label] > 1 else label)
        for rid, label, r in ((r.id, labels[r.id], r) for r in reports)
    }


def recommendation_summary(
    ix: CrossIndex, fig: RecommendationFigures, names: Mapping[str, str]
) -> str:
    """Where the recommendations come from, which theme leads where, what recurs."""
    title = {t: ix.vocabulary.themes[t].title for t in fig.themes}
    years = [r.date.year for r in fig.sources if r.date]
    span = f", fra {min(years)} til {max(years)}" if years else ""
    text = f"Anbefalingene kommer fra {counted(len(fig.sources), 'kilde', 'kilder')}{span}."
    top = {r.id: leaders({t: fig.count(t, r.id) for t in fig.themes}) for r in fig.sources}
    led = {t: [r for r in fig.sources if t in top[r.id]] for t in fig.themes}
    main = max(fig.themes, key=lambda t: len(led[t]))  # first of equals: most in total
    if led[main]:
        where = (
            "alle kildene"
            if len(led[main]) == len(fig.sources)
            else (f"{len(led[main])} av {len(fig.sources)} kilder")
        )
        named = led[main][:MAX_SOURCES]
        detail = ", ".join(f"{names[r.id]} ({fig.count(main, r.id)})" for r in named)
        if len(led[main]) > len(named):
            detail += f" og {counted(len(led[main]) - len(named), 'kilde', 'kilder')} til"
        text += f" {title[main]} har flest anbefalinger i {where}: {detail}."
    others = [
        f"i {names[r.id]} har {and_list([title[t] for t in top[r.id]])} flest"
        f" ({fig.count(top[r.id][0], r.id)}{' hver' if len(top[r.id]) > 1 else ''})"
        for r in fig.sources
        if top[r.id] and main not in top[r.id]
    ]
    if others:
        joined = "; ".join(others[:MAX_SOURCES])
        if len(others) > MAX_SOURCES:
            more = counted(len(others) - MAX_SOURCES, "kilde", "kilder")
            joined += f"; og slik i {more} til"
        text += f" {joined[0].upper()}{joined[1:]}."
    everywhere = [title[t] for t in fig.themes if all(fig.count(t, r.id) for r in fig.sources)]
    if len(fig.sources) > 1 and everywhere:
        text += f" {and_list(everywhere)} går igjen i hver eneste kilde."
    return text + " En anbefaling kan høre til flere tema."


def recommendations_section(r: Renderer) -> Section:
    heading, anchor = "Anbefalinger per tema og kilde", "anbefalinger"
    fig = recommendation_figures(r.ix)
    if not fig.sources:
        return chart_section(heading, anchor, "Ingen anbefalinger ennå.", None)
    names = source_labels(r.ix, fig.sources)
    summary = recommendation_summary(r.ix, fig, names)
    shown, rest = largest_sources(fig)
    if rest:
        summary += (
            f" Figuren og tabellen viser de {len(shown)} kildene med flest anbefalinger;"
            f" de {len(rest)} andre står samlet."
        )
    other = f"Andre kilder ({len(rest)})"

    def others(theme: str) -> list[int]:
        return [sum(fig.count(theme, s.id) for s in rest)] if rest else []

    themes = r.ix.vocabulary.themes
    groups = [
        charts.BarGroup(
            themes[t].title,
            tuple(charts.Bar(names[s.id], fig.count(t, s.id), i) for i, s in enumerate(shown))
            + tuple(charts.Bar(other, n, len(shown)) for n in others(t)),
        )
        for t in fig.themes
    ]
    svg = charts.grouped_bar_chart(anchor, heading, summary, groups)
    header: list[Cell] = [r.t["theme"]]
    header += [r.link(r.urls.page("report", s.id), names[s.id]) for s in shown]
    header += [other] if rest else []
    header.append("Totalt")
    rows: list[list[Cell]] = [
        [
            r.vocab_link("theme", t),
            *(fig.count(t, s.id) for s in shown),
            *others(t),
            fig.total(t),
        ]
        for t in fig.themes
    ]
    numeric = range(1, len(header))
    return chart_section(
        heading, anchor, summary, charts.block(svg, "bars"), [table(header, rows, numeric)]
    )


def largest_sources(fig: RecommendationFigures) -> tuple[list[Report], list[Report]]:
    """The sources a figure draws (at most ``MAX_SOURCES``, those with the most
    recommendations, oldest first) and the rest, which it draws as one."""
    if len(fig.sources) <= MAX_SOURCES:
        return list(fig.sources), []
    total = {s.id: sum(fig.count(t, s.id) for t in fig.themes) for s in fig.sources}
    # Most recommendations first, the older source first of equals; then oldest first.
    order = sorted(range(len(fig.sources)), key=lambda i: (-total[fig.sources[i].id], i))
    chosen = set(order[:MAX_SOURCES])
    shown = [s for i, s in enumerate(fig.sources) if i in chosen]
    return shown, [s for i, s in enumerate(fig.sources) if i not in chosen]


# --- 2. cases per sector and per life event ------------------------------------------------


def _cases(entries: Iterable[Entry]) -> list[Case]:
    return [e for e in entries if isinstance(e, Case)]


def sector_figures(ix: CrossIndex) -> tuple[list[tuple[str, int]], int]:
    """Cases per sector (most first, then by title) and the number of cases with no sector."""
    titles = {s.id: s.title for s in ix.vocabulary.sectors.values()}
    counts = {s: len(_cases(ix.by_sector.get(s, []))) for s in titles}
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], collation_key(titles[kv[0]]), kv[0]))
    without = sum(1 for c in _cases(ix.by_kind.get("case", [])) if not ix.sectors_of(c))
    return ordered, without


def life_event_figures(ix: CrossIndex) -> list[tuple[str, int]]:
    """Cases per life event, most first; the ones with none come last: the gaps."""
    titles = {le.id: le.title for le in ix.vocabulary.life_events.values()}
    counts = {le: len(_cases(ix.by_life_event.get(le, []))) for le in titles}
    return sorted(counts.items(), key=lambda kv: (-kv[1], collation_key(titles[kv[0]]), kv[0]))


def _count_bars(figures: Sequence[tuple[str, int]], titles: Mapping[str, str]) -> list[charts.Bar]:
    return [charts.Bar(titles[i], n, note=None if n else NO_CASES_NOTE) for i, n in figures]


def sectors_section(r: Renderer) -> Section:
    heading, anchor = "Erfaringer per sektor", "sektorer"
    figures, without = sector_figures(r.ix)
    titles = {s.id: s.title for s in r.ix.vocabulary.sectors.values()}
    if not figures:
        return chart_section(heading, anchor, "Ingen sektorer er definert ennå.", None)
    summary = gap_summary(figures, titles, SECTOR_WORDS)
    if without:
        summary += f" {counted(without, 'erfaring', 'erfaringer')} hører ikke til noen sektor."
    summary += (
        " En erfaring hører til sektorene til virksomhetene og livshendelsene sine,"
        " og kan høre til flere."
    )
    bars = _count_bars(figures, titles)
    if without:
        bars.append(charts.Bar("Uten sektor", without, series=5))
    svg = charts.bar_chart(anchor, heading, summary, bars)
    rows: list[list[Cell]] = [[r.vocab_link("sector", s), n] for s, n in figures]
    if without:
        rows.append(["Uten sektor", without])
    tab = table([r.t["sector"], r.t["cases"]], rows, [1])
    return chart_section(heading, anchor, summary, charts.block(svg, "bars"), [tab])


@dataclass(frozen=True, slots=True)
class Words:
    """How the summary names a vocabulary: «sektorer», «sektoren», «sektorene», «i»."""

    plural: str
    the_one: str
    the_many: str
    preposition: str


SECTOR_WORDS: Final = Words("sektorer", "sektoren", "sektorene", "i")
LIFE_EVENT_WORDS: Final = Words("livshendelser", "livshendelsen", "livshendelsene", "for")


def gap_summary(figures: Sequence[tuple[str, int]], titles: Mapping[str, str], words: Words) -> str:
    """«3 av 7 livshendelser har minst én erfaring. Flest … Ingen erfaringer er registrert …»"""
    counts = dict(figures)
    with_cases = sum(1 for _, n in figures if n)
    text = f"{with_cases} av {len(figures)} {words.plural} har minst én erfaring."
    top = leaders(counts)
    if top:
        which = words.the_one if len(top) == 1 else words.the_many
        each = " hver" if len(top) > 1 else ""
        names = and_list([titles[t] for t in top])
        text += f" Flest erfaringer {words.preposition} {which} {names} ({counts[top[0]]}{each})."
    gaps = [titles[i] for i, n in figures if n == 0]
    if gaps:
        which = words.the_one if len(gaps) == 1 else words.the_many
        text += f" Ingen erfaringer er registrert {words.preposition} {which} {and_list(gaps)}."
    return text


def life_events_section(r: Renderer) -> Section:
    heading, anchor = "Erfaringer per livshendelse", "livshendelser"
    figures = life_event_figures(r.ix)
    titles = {le.id: le.title for le in r.ix.vocabulary.life_events.values()}
    if not figures:
        return chart_section(heading, anchor, "Ingen livshendelser er definert ennå.", None)
    summary = gap_summary(figures, titles, LIFE_EVENT_WORDS)
    svg = charts.bar_chart(anchor, heading, summary, _count_bars(figures, titles))
    rows: list[list[Cell]] = [[r.vocab_link("life_event", le), n] for le, n in figures]
    tab = table([r.t["life_event"], r.t["cases"]], rows, [1])
    return chart_section(heading, anchor, summary, charts.block(svg, "bars"), [tab])


# --- 3. cases over time --------------------------------------------------------------------


def timeline_figures(ix: CrossIndex) -> tuple[list[Case], int, int]:
    """Cases by start (then end, title), and the first and last year of the axis.

    The axis ends with the last year any case covers: an ongoing case runs to the latest
    year the content mentions (as on the year pages), never to the build date.
    """
    cases = _cases(ix.by_kind.get("case", []))
    # PartialDate cannot order 2016 against 2016-01 (None against 1); fractions can.
    cases.sort(
        key=lambda c: (
            fractional_year(c.period.start),
            fractional_year(c.period.end, end=True) if c.period.end else float("inf"),
            collation_key(c.title),
            c.id,
        )
    )
    years = [y for c in cases for y in (ix.years_of(c) or (c.period.start.year,))]
    return cases, min(years, default=0), max(years, default=0)


def period_text(case: Case, ongoing: str) -> str:
    if case.period.end is None and case.status_as_of is not None:
        # Ongoing when last heard of, which was long ago: not «pågår» today.
        return f"{case.period.start.human()} – (pågikk per {case.status_as_of.human()})"
    if case.period.end is None:
        return f"{case.period.start.human()} – {ongoing}"
    return case.period.human()


def timeline_summary(ix: CrossIndex, cases: Sequence[Case], first: int, last: int) -> str:
    open_ended = [c for c in cases if c.period.end is None]
    running = [c for c in open_ended if c.status_as_of is None]
    text = (
        f"{counted(len(cases), 'erfaring', 'erfaringer')} fra {first} til {last}; "
        f"{len(running)} av dem pågår fortsatt"
    )
    if len(open_ended) > len(running):
        unknown = len(open_ended) - len(running)
        text += f", og om {unknown} vet vi bare at de pågikk da kildene ble skrevet"
    text += "."
    per_year = Counter(y for c in cases for y in ix.years_of(c))
    busiest = leaders(dict(sorted(per_year.items())))
    if busiest:
        years = and_list([str(y) for y in busiest])
        text += f" Flest erfaringer pågikk samtidig i {years} ({per_year[busiest[0]]})."
    return text + " En pil i figuren og ordet «pågår» viser at en erfaring ikke er avsluttet."


def timeline_section(r: Renderer) -> Section:
    heading, anchor = "Erfaringer over tid", "tidslinje"
    cases, first, last = timeline_figures(r.ix)
    if not cases:
        return chart_section(heading, anchor, "Ingen erfaringer ennå.", None)
    ongoing = r.t["ongoing"]
    summary = timeline_summary(r.ix, cases, first, last)
    if len(cases) > MAX_CASES:
        # The cases that began last (the list is by start); the axis fits them.
        cases = cases[-MAX_CASES:]
        first = min(y for c in cases for y in (r.ix.years_of(c) or (c.period.start.year,)))
        summary += (
            f" Figuren og tabellen viser de {MAX_CASES} som begynte sist; alle står under"
            " Erfaringer og på sidene for hvert år."
        )
    spans = [
        charts.Span(
            c.title,
            fractional_year(c.period.start),
            fractional_year(c.period.end, end=True) if c.period.end else None,
            period_text(c, ongoing),
        )
        for c in cases
    ]
    legend = f"{ongoing} fortsatt"
    svg = charts.timeline_chart(
        anchor, heading, summary, spans, first=first, last=last, ongoing=legend
    )
    rows = [
        [
            r.entry_link(c),
            c.period.start.human(),
            c.period.end.human() if c.period.end else ongoing,
        ]
        for c in cases
    ]
    tab = table([r.t["case"], "Fra", "Til"], rows, [])
    return chart_section(heading, anchor, summary, charts.block(svg, "timeline"), [tab])


# --- 4. the collaboration network ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NetworkFigures:
    cases_of: dict[str, int]  # organisation id (as the case names it) → cases
    shared: dict[tuple[str, str], int]  # sorted pair of organisation ids → cases together

    def partners(self, org_id: str) -> dict[str, int]:
        found = {}
        for (a, b), n in self.shared.items():
            if org_id in (a, b):
                found[b if a == org_id else a] = n
        return found


def network_figures(ix: CrossIndex) -> NetworkFigures:
    """Who took part in which case, and which pairs took part in the same one.

    A renamed organisation is one (Difi counts as Digdir, whose page gathers both): a
    case that names Difi and Digdir is not a pair working with itself. Financing alone is
    not taking part, so only ``organisations`` of a case count.
    """
    cases_of: Counter[str] = Counter()
    shared: Counter[tuple[str, str]] = Counter()
    for case in _cases(ix.by_kind.get("case", [])):
        orgs = sorted({ix.current(o.id) for o in case.organisations})
        cases_of.update(orgs)
        shared.update(combinations(orgs, 2))
    return NetworkFigures(dict(cases_of), dict(shared))


def _org_label(ix: CrossIndex, org_id: str) -> str:
    org = ix.organisation(org_id)
    return (org.short_name or org.name) if org else org_id


def network_summary(ix: CrossIndex, fig: NetworkFigures) -> str:
    label = {o: _org_label(ix, o) for o in fig.cases_of}
    cases = len(_cases(ix.by_kind.get("case", [])))
    text = (
        f"{counted(len(fig.cases_of), 'virksomhet', 'virksomheter')} deltar i "
        f"{counted(cases, 'erfaring', 'erfaringer')}, og "
        f"{counted(len(fig.shared), 'par', 'par')} av dem har deltatt i samme erfaring."
    )
    degree = {
        o: len(fig.partners(o)) for o in sorted(fig.cases_of, key=lambda o: collation_key(label[o]))
    }
    most = leaders(degree)
    if most:
        text += (
            f" Flest samarbeidspartnere har {and_list([label[o] for o in most])} "
            f"({degree[most[0]]}{' hver' if len(most) > 1 else ''})."
        )
    text += _strongest_pairs(fig, label)
    return text + (
        " Hver virksomhet står på sin egen linje med antall erfaringer i parentes og lenker"
        " til siden sin; en bue binder sammen to virksomheter som deltar i samme erfaring,"
        " og jo tykkere buen er, desto flere erfaringer deler de."
    )


def _strongest_pairs(fig: NetworkFigures, label: Mapping[str, str]) -> str:
    """«Flest erfaringer sammen har Difi og Digdir (3).», when some pair shares more than one."""
    ordered = sorted(fig.shared.items(), key=lambda kv: [collation_key(label[o]) for o in kv[0]])
    strongest = leaders(dict(ordered))
    if not strongest or fig.shared[strongest[0]] < 2:
        return ""
    n = fig.shared[strongest[0]]
    if len(strongest) == 1:
        a, b = strongest[0]
        return f" Flest erfaringer sammen har {label[a]} og {label[b]} ({n})."
    if len(strongest) <= 4:
        pairs = and_list([f"{label[a]}–{label[b]}" for a, b in strongest])
        return f" Flest erfaringer sammen har parene {pairs} ({n} hver)."
    return f" {len(strongest)} par har {n} erfaringer sammen; ingen par har flere."


def network_section(r: Renderer) -> Section:
    heading, anchor = "Samarbeid mellom virksomheter", "samarbeid"
    fig = network_figures(r.ix)
    if not fig.cases_of:
        return chart_section(heading, anchor, "Ingen erfaringer ennå.", None)
    summary = network_summary(r.ix, fig)
    known = r.ix.vocabulary.organisations
    nodes = [
        charts.Node(
            o,
            _org_label(r.ix, o),
            n,
            relative_public(r.here, r.urls.page("organisation", o)) if o in known else None,
        )
        for o, n in fig.cases_of.items()
    ]
    links = [charts.Link(a, b, n) for (a, b), n in fig.shared.items()]
    svg = charts.network_chart(anchor, heading, summary, nodes, links)
    rows: list[list[Cell]] = []
    for o in charts.network_order(nodes, links):
        partners = fig.partners(o)
        names = sorted(
            partners, key=lambda p: (-partners[p], collation_key(_org_label(r.ix, p)), p)
        )
        together = ", ".join(f"{_org_label(r.ix, p)} ({partners[p]})" for p in names)
        rows.append([r.org_link(o), fig.cases_of[o], together or "–"])
    tab = table([r.t["organisation"], r.t["cases"], "Deltar sammen med (erfaringer)"], rows, [1])
    return chart_section(heading, anchor, summary, charts.block(svg, "network"), [tab])


# --- the page ------------------------------------------------------------------------------


SECTIONS: Final = (
    recommendations_section,
    sectors_section,
    life_events_section,
    timeline_section,
    network_section,
)


def produce_stats(renderer: Renderer) -> Iterator[Page]:
    """The «Tall og oversikt» page (``tall/index.md``): every figure with its table."""
    renderer.here = renderer.urls.section("stats")
    sections = [make(renderer) for make in SECTIONS]
    markdown = renderer.listing(TITLE, [html.paragraph(INTRO)], [], sections)
    yield renderer.page("stats", TITLE, markdown, None, DESCRIPTION, uri=renderer.here)
