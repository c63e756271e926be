"""The explorer («Utforsk»): every entry, filterable on several facets at once.

The page is generated markdown that lists everything with links, so it works without
JavaScript; ``explorer.js`` (in the theme layer) turns it into a faceted explorer, reading
a compact JSON written beside the page. Facet values are listed once and referred to by
position, so the data grows with the entries, not with entries × facet labels.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Final

from markupsafe import Markup

from ..content.model import Case, Entry, Recommendation, Report
from ..content.urls import public_path, relative
from ..content.vocabulary import Organisation
from ..index.cross import CrossIndex, collation_key
from ..pages import html
from ..pages.figures import and_list
from ..pages.labels import plural
from ..pages.render import Asset, Page, Renderer, Section
from ..search import vocabulary_names, words

DATA_FILE: Final = "data.json"
SUMMARY_LENGTH: Final = 220
#: Bump when the JSON's shape changes, so explorer.js can refuse what it cannot read.
FORMAT: Final = 1


@dataclass(frozen=True, slots=True)
class Facet:
    key: str  # the URL parameter: ?tema=fornyelse
    label: str
    values: list[tuple[str, str, str]]  # (value, label, search words)
    of: Callable[[Entry], Sequence[str]]


def _facets(renderer: Renderer) -> list[Facet]:
    ix, t = renderer.ix, renderer.t
    vocab = ix.vocabulary

    def org_values(entry: Entry) -> list[str]:
        # A renamed organisation is one: an entry that names Difi counts for Digdir, as on
        # Digdir's page, and Difi is found by its name in Digdir's box.
        return list(dict.fromkeys(ix.current(o) for o in ix.organisations_of(entry)))

    def org_label(org: Organisation) -> str:
        name = org.short_name or org.name
        former = [p.short_name or p.name for p in ix.predecessors(org.id)]
        return t["formerly_named"].format(name=name, former=and_list(former)) if former else name

    def joined(names: Sequence[str]) -> str:
        return " ".join(dict.fromkeys(w for n in names for w in words(n)))

    kinds = [(k, t[k], "") for k in ix.kinds() if ix.by_kind.get(k)]
    themes = [(i.id, i.label, joined(vocabulary_names(i, ix))) for i in vocab.themes.values()]
    orgs = sorted(
        (
            (o.id, org_label(o), joined(vocabulary_names(o, ix)))
            for o in vocab.organisations.values()
            if ix.current(o.id) == o.id
        ),
        key=lambda v: collation_key(v[1]),
    )
    life_events = [
        (i.id, i.label, joined(vocabulary_names(i, ix))) for i in vocab.life_events.values()
    ]
    sectors = sorted(
        ((i.id, i.label, joined(vocabulary_names(i, ix))) for i in vocab.sectors.values()),
        key=lambda v: collation_key(v[1]),
    )
    years = [(str(y), str(y), "") for y in sorted(ix.by_year, reverse=True)]
    statuses = sorted({e.status for e in ix.by_kind.get("case", []) if isinstance(e, Case)})
    return [
        Facet("type", t["kind"], kinds, lambda e: [e.kind]),
        Facet("tema", t["theme"], themes, lambda e: list(e.themes)),
        Facet("virksomhet", t["organisation"], orgs, org_values),
        Facet("livshendelse", t["life_event"], life_events, lambda e: list(e.life_events)),
        Facet("sektor", t["sector"], sectors, lambda e: list(ix.sectors_of(e))),
        Facet("ar", t["year"], years, lambda e: [str(y) for y in ix.years_of(e)]),
        Facet(
            "status",
            t["status"],
            [(s, s.capitalize(), "") for s in statuses],
            lambda e: [e.status] if isinstance(e, Case) else [],
        ),
    ]


def _summary(entry: Entry) -> str:
    text = entry.recommendation if isinstance(entry, Recommendation) else entry.summary or ""
    text = " ".join(text.split())
    if len(text) <= SUMMARY_LENGTH:
        return text
    return text[: SUMMARY_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def _when(entry: Entry, ix: CrossIndex) -> dt.date:
    """What the explorer sorts by «dato»: when it happened, not when it was added here.
    A recommendation is as old as its report; an undated report goes last."""
    if isinstance(entry, Recommendation):
        report = ix.get("report", entry.source_report)
        if report is not None:
            entry = report
    if isinstance(entry, Report) and entry.date is None:
        return dt.date.min
    return entry.sort_date()


def explorer_data(renderer: Renderer) -> dict[str, Any]:
    """The compact JSON the explorer reads: facets once, items referring to them by index."""
    ix: CrossIndex = renderer.ix
    page = renderer.urls.section("explore")
    facets = _facets(renderer)
    positions = [{value: n for n, (value, _, _) in enumerate(f.values)} for f in facets]
    items = []
    for entry in sorted(ix.entries, key=lambda e: (e.kind, e.id)):
        target = renderer.urls.page(entry.kind, entry.id)
        link = relative(public_path(page), public_path(target)) + "/"
        refs = [
            sorted({pos[v] for v in facet.of(entry) if v in pos})
            for facet, pos in zip(facets, positions, strict=True)
        ]
        items.append(
            {
                "u": link.replace("//", "/"),
                "t": entry.title,
                "s": _summary(entry),
                "d": _when(entry, renderer.ix).isoformat(),
                # When, as the entry's page says it: an ongoing case has no end year.
                "w": renderer.when(entry),
                # Facet values carry their search names (Difi for Digdir), so free text finds
                # an entry by the names of its organisations without repeating them here.
                "f": refs,
            }
        )
    return {
        "format": FORMAT,
        "ui": {k.removeprefix("ui_"): v for k, v in renderer.t.items() if k.startswith("ui_")}
        | {"kinds": {k: renderer.t[k] for k in ix.kinds()}},
        "facets": [
            {"key": f.key, "label": f.label, "values": [list(v) for v in f.values]} for f in facets
        ],
        "items": items,
    }


def produce_explorer_data(renderer: Renderer) -> Iterator[Asset]:
    def make() -> bytes:
        data = explorer_data(renderer)
        # Compact on purpose: every reader who opens the explorer downloads it.
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        return payload.encode("utf-8")

    yield Asset.later(renderer.urls.asset("explore", DATA_FILE), make, "application/json")


def produce_explorer(renderer: Renderer) -> Iterator[Page]:
    # One item per entry in the data (``explorer_data``), which may be made later.
    yield explorer_page(renderer, len(renderer.ix.entries))


def explorer_page(renderer: Renderer, count: int) -> Page:
    t = renderer.t
    renderer.here = renderer.urls.section("explore")
    intro = [
        html.paragraph(t["explore_intro"]),
        # The explorer is built here by explorer.js; without JavaScript the list below is it.
        Markup('<div id="eb-explorer" class="eb-explorer"></div>'),
    ]
    count_text = html.text(plural(t, "count", count))
    sections = [Section(t["explore_all"], anchor="alle-oppforinger", intro=count_text)]
    for kind in renderer.ix.kinds():
        entries = renderer.ix.by_kind.get(kind, [])
        if entries:
            lines = [renderer.line(e) for e in entries]
            sections.append(Section(t[kind + "s"], lines, level=3))
    markdown = renderer.listing(t["explore"], intro, [], sections)
    page = renderer.page("overview", t["explore"], markdown, None, t["explore_description"])
    # Every entry is listed here: the search index gets them from their own pages.
    return Page(
        page.src_uri,
        page.body,
        # The headings below are the no-JavaScript list, hidden by the explorer: no TOC.
        {**page.meta, "search": {"exclude": True}, "hide": ["toc"]},
        page.title,
        page.kind,
        page.source,
        page.description,
        fragments=page.fragments,
    )
