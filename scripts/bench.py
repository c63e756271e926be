#!/usr/bin/env python3
"""Benchmark: a synthetic corpus of N entries, built by Erfaringsbasen and by two baselines.

    .venv/bin/python scripts/bench.py                   # N = 1 000 and 10 000
    .venv/bin/python scripts/bench.py --quick           # N = 200, to try it out
    .venv/bin/python scripts/bench.py --write-docs      # also regenerate docs/ytelse.md

For each N it writes cases, reports, recommendations and events (in the proportions of the
real content, valid against the schemas, with cross-references) next to a copy of the real
``taxonomy/`` and a ``mkdocs.yml`` like the real one, then times our own steps in this
process, the whole ``mkdocs build`` (a separate process), and two baselines built by plain
MkDocs + Material with the same small navigation: (a) the pages ``erfaringsbase render
--out`` writes for the corpus, (b) N plain pages with the same body text. At the smallest N
it also times a contributor's preview under ``mkdocs serve --dirty``. It prints one
markdown table; the figures on docs/ytelse.md are this table and are never edited by hand.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import functools
import gzip
import http.client
import json
import os
import platform
import random
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final, TypeVar

import yaml

import erfaringsbase
from bench_search import OURS, SearchFigures, first_results
from erfaringsbase.cli.starter import NAV
from erfaringsbase.content.config import DEFAULT_FOLDERS
from erfaringsbase.pages.render import Asset, Page

REPO: Final = Path(__file__).resolve().parent.parent
DOCS_PAGE: Final = REPO / "docs" / "ytelse.md"
SEED: Final = 8
#: Share of each kind, as in the real content (about 16 cases, 7 reports, 37
#: recommendations and 14 events: recommendations dominate).
PROPORTIONS: Final = (("case", 0.25), ("report", 0.10), ("recommendation", 0.55), ("event", 0.10))
FOLDERS: Final = DEFAULT_FOLDERS
TIME_BIN: Final = Path("/usr/bin/time")

# --- targets (issue 21, and issue 20 for the search) ------------------------------------------

#: At N = 10 000, against the plain baseline (b): MkDocs + Material, one page per entry,
#: with Pagefind as its search. CPU of all processes; wall time without and with --load.
TARGET_CPU: Final = 1.8
TARGET_WALL: Final = 1.3
TARGET_WALL_LOADED: Final = 1.6
#: What a reader's browser downloads from opening a page to the first result of a query,
#: and the time from the page's load to that result, at N = 10 000 (issue 20).
TARGET_SEARCH_BYTES: Final = 500_000
TARGET_SEARCH_SECONDS: Final = 1.5
#: Typed into each site's search box, each in a fresh browser (an empty cache): words of
#: the synthetic text, common and rare, two-word queries, a typo, an organisation.
SEARCH_QUERIES: Final = (
    "gevinstrealisering", "tjenesteplattform kommunene", "samarbeid på tvers",
    "gevinstrealisring", "Nav",
)  # fmt: skip
TARGET_LINEAR: Final = 11.0  # t(10 000) / t(1 000)
TARGET_VALIDATE: Final = 1.3  # validate / read + parse front matter, in CPU time
#: Runs of validate and of the parse-only baseline per size (the fastest of each counts).
#: Five, not three: in one run of the benchmark the parse-only baseline took 2.4 s to 4.3 s
#: at 10,000 entries, and validate, which needs both cores, is hit twice as hard by a
#: machine that lends them out.
VALIDATE_RUNS: Final = 5
#: Runs of the related entries' step per size (the fastest counts).
RELATED_RUNS: Final = 3
TARGET_MEMORY_MB: Final = 1024.0  # all processes of the build together
TARGET_PREVIEW: Final = 1 / 3  # reload after one edit / full build

# --- Norwegian-like text ---------------------------------------------------------------------

PREFIXES: Final = (
    "tjeneste", "gevinst", "samarbeids", "styrings", "bruker", "data", "prosjekt", "felles",
    "kommune", "etats", "digitaliserings", "informasjons", "forvaltnings", "innbygger",
    "nærings", "saks", "arkiv", "helse", "skatte", "velferds", "plattform", "sikkerhets",
    "kompetanse", "innovasjons", "leverandør", "anskaffelses", "portefølje", "endrings",
    "kvalitets", "risiko", "virksomhets", "journal", "melding", "register", "bestillings",
)  # fmt: skip
#: (suffix, its definite form, neuter?): «en plattform, plattformen», «et register, registeret».
SUFFIXES: Final = (
    ("utvikling", "utviklingen", False), ("realisering", "realiseringen", False),
    ("modell", "modellen", False), ("plattform", "plattformen", False),
    ("løsning", "løsningen", False), ("avtale", "avtalen", False), ("gruppe", "gruppen", False),
    ("ansvar", "ansvaret", True), ("behov", "behovet", True), ("strategi", "strategien", False),
    ("arbeid", "arbeidet", True), ("prosess", "prosessen", False), ("styring", "styringen", False),
    ("deling", "delingen", False), ("kultur", "kulturen", False),
    ("forvaltning", "forvaltningen", False), ("portal", "portalen", False),
    ("register", "registeret", True), ("tjeneste", "tjenesten", False),
    ("kartlegging", "kartleggingen", False), ("analyse", "analysen", False),
    ("plan", "planen", False), ("nettverk", "nettverket", True), ("rutine", "rutinen", False),
    ("oppfølging", "oppfølgingen", False), ("kjede", "kjeden", False), ("flyt", "flyten", False),
    ("grunnlag", "grunnlaget", True), ("system", "systemet", True),
    ("kompetanse", "kompetansen", False),
)  # fmt: skip
SUBJECTS: Final = (
    "virksomheten", "etaten", "departementet", "kommunen", "prosjektgruppen",
    "styringsgruppen", "leverandøren", "ledelsen", "sekretariatet", "partene", "direktoratet",
    "programmet", "fagmiljøet", "arbeidsgruppen",
)  # fmt: skip
VERBS: Final = (
    "utviklet", "etablerte", "vurderte", "prioriterte", "beskrev", "målte", "forankret",
    "finansierte", "samordnet", "forenklet", "digitaliserte", "evaluerte", "testet",
    "innførte", "delte", "kartla", "planla",
)  # fmt: skip
INFINITIVES: Final = (
    "forenkle", "samordne", "styrke", "måle", "dele", "forankre", "finansiere", "utvikle",
    "forbedre", "gjenbruke", "avklare", "prioritere", "følge opp", "teste", "beskrive",
)  # fmt: skip
#: (common gender, neuter): «en nasjonal plattform», «et nasjonalt register».
ADJECTIVES: Final = (
    ("felles", "felles"), ("tydelig", "tydelig"), ("nasjonal", "nasjonalt"),
    ("digital", "digitalt"), ("tverrgående", "tverrgående"),
    ("kostnadseffektiv", "kostnadseffektivt"), ("sammenhengende", "sammenhengende"),
    ("brukervennlig", "brukervennlig"), ("forpliktende", "forpliktende"),
    ("helhetlig", "helhetlig"), ("trinnvis", "trinnvis"), ("smidig", "smidig"),
    ("robust", "robust"), ("åpen", "åpent"), ("ny", "nytt"), ("lokal", "lokalt"),
)  # fmt: skip
COMPARATIVES: Final = (
    "enklere", "tydeligere", "bedre", "raskere", "billigere", "tryggere", "mer robust",
    "mer helhetlig",
)  # fmt: skip
GROUPS: Final = (
    "innbyggerne", "næringslivet", "kommunene", "saksbehandlerne", "pasientene", "brukerne",
    "arbeidsgiverne", "studentene", "familiene", "ledere i staten",
)  # fmt: skip
CONNECTIVES: Final = (
    "Derfor", "Samtidig", "Etter hvert", "I tillegg", "Underveis", "Til slutt", "Likevel",
    "Først", "Senere", "I praksis",
)  # fmt: skip
PLACES: Final = (
    "digitalt", "Oslo kongressenter, Oslo", "Grev Wedels plass 9, Oslo", "Bergen rådhus",
    "Trondheim, Scandic Lerkendal", "Tromsø, Kulturhuset",
)  # fmt: skip
HEADINGS: Final = {
    "case": ("Bakgrunn", "Mål", "Organisering og styring", "Gjennomføring", "Erfaringer",
             "Hva andre kan lære"),
    "report": ("Om rapporten", "Hovedfunn", "Metode", "Anbefalingene"),
    "recommendation": ("Om anbefalingen",),
    "event": ("Om arrangementet", "Program"),
}  # fmt: skip
#: Body length in words (about what the real content has).
BODY_WORDS: Final = {"case": (250, 450), "report": (200, 380), "recommendation": (50, 110),
                     "event": (40, 100)}  # fmt: skip
ROLES: Final = ("eier", "deltaker", "leverandør", "finansierer")
STATUSES_OPEN: Final = ("planlagt", "pågående", "i drift")
STATUSES_CLOSED: Final = ("avsluttet", "stanset", "i drift")
REPORT_KINDS: Final = (
    "erfaringsrapport", "evaluering", "gjennomgang", "undersøkelse", "veileder",
    "presentasjon", "strategi",
)  # fmt: skip
AUDIENCES: Final = (
    "virksomheter", "departementer", "regjeringen", "ledere", "prosjekter", "kommuner",
    "leverandører",
)  # fmt: skip
EVENT_KINDS: Final = ("Frokostseminar", "Webinar", "Fagseminar", "Erfaringssamling", "Dialogmøte")

T = TypeVar("T")


class Text:
    """Deterministic Norwegian-like text from a seeded random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pick(self, items: Sequence[T]) -> T:
        return items[self.rng.randrange(len(items))]

    def _word(self) -> tuple[str, str, bool]:
        prefix = self.pick(PREFIXES)
        suffix, definite, neuter = self.pick(SUFFIXES)
        while suffix.startswith(prefix.rstrip("s")) or prefix.startswith(suffix):
            suffix, definite, neuter = self.pick(SUFFIXES)
        return prefix + suffix, prefix + definite, neuter

    def compound(self) -> str:
        """A compound noun, as Norwegian makes them: «gevinst» + «realisering»."""
        return self._word()[0]

    def definite(self) -> str:
        return self._word()[1]

    def indefinite(self) -> str:
        """«en felles tjenesteplattform», «et nasjonalt dataregister»."""
        word, _, neuter = self._word()
        common, neuter_form = self.pick(ADJECTIVES)
        return f"et {neuter_form} {word}" if neuter else f"en {common} {word}"

    def sentence(self) -> str:
        r = self.rng.randrange(6)
        if r == 0:
            return (
                f"{self.pick(SUBJECTS).capitalize()} {self.pick(VERBS)} "
                f"{self.indefinite()} for {self.pick(GROUPS)}."
            )
        if r == 1:
            return (
                f"{self.pick(CONNECTIVES)} {self.pick(VERBS)} {self.pick(SUBJECTS)} "
                f"{self.definite()} for å {self.pick(INFINITIVES)} {self.definite()}."
            )
        if r == 2:
            return (
                f"Målet var å {self.pick(INFINITIVES)} {self.definite()} og "
                f"{self.pick(INFINITIVES)} {self.definite()} på tvers av sektorene."
            )
        if r == 3:
            return (
                f"Erfaringen viser at {self.pick(SUBJECTS)} må {self.pick(INFINITIVES)} "
                f"{self.definite()} tidlig, før {self.definite()} er på plass."
            )
        if r == 4:
            return (
                f"{self.definite().capitalize()} ble {self.pick(COMPARATIVES)} da "
                f"{self.pick(SUBJECTS)} {self.pick(VERBS)} {self.definite()} sammen med "
                f"{self.pick(GROUPS)}."
            )
        return (
            f"{self.pick(CONNECTIVES)} ga {self.definite()} {self.pick(SUBJECTS)} "
            f"{self.indefinite()} som andre kan gjenbruke."
        )

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def body(self, kind: str) -> str:
        low, high = BODY_WORDS[kind]
        target = self.rng.randint(low, high)
        parts: list[str] = []
        words = 0
        for heading in HEADINGS[kind]:
            if words >= target:
                break
            parts.append(f"## {heading}")
            if self.rng.random() < 0.2:
                items = [self.sentence() for _ in range(self.rng.randint(3, 5))]
                parts.append("\n".join(f"- {item}" for item in items))
                words += sum(len(item.split()) for item in items)
            paragraph = self.paragraph(self.rng.randint(2, 5))
            parts.append(paragraph)
            words += len(paragraph.split())
        while words < target:
            paragraph = self.paragraph(self.rng.randint(2, 5))
            parts.append(paragraph)
            words += len(paragraph.split())
        return "\n\n".join(parts) + "\n"


# --- the synthetic corpus --------------------------------------------------------------------


@dataclass
class CorpusInfo:
    root: Path
    counts: dict[str, int]
    ids: dict[str, list[str]]
    bodies: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # title, body
    references: dict[str, int] = field(default_factory=dict)


def split_counts(n: int) -> dict[str, int]:
    counts = {kind: max(1, round(n * share)) for kind, share in PROPORTIONS}
    counts["recommendation"] += n - sum(counts.values())
    return counts


def _slug(title: str, number: int) -> str:
    from erfaringsbase.content.urls import slugify

    return f"{slugify(title, 50)}-{number}"


def _write_entry(folder: Path, data: dict[str, Any], body: str) -> None:
    front = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=10_000)
    (folder / f"{data['id']}.md").write_text(f"---\n{front}---\n\n{body}", "utf-8")


_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _source(text: Text, publisher: str, year: int) -> dict[str, Any]:
    source: dict[str, Any] = {
        "title": f"{text.definite().capitalize()} i {text.pick(GROUPS)}",
        "publisher": publisher,
        "date": year,
    }
    if text.rng.random() < 0.5:
        source["url"] = f"https://www.example.no/{text.compound()}/{year}"
    return source


def mkdocs_config(nav: str, plugins: str) -> str:
    """The real mkdocs.yml with other plugins and another (small) navigation."""
    head = _real_head()
    start = head.index("\nplugins:\n")
    end = head.index("\nmarkdown_extensions:")
    return head[:start] + "\n" + plugins + head[end:] + "\nnav:\n" + nav


def _real_head() -> str:
    return (REPO / "mkdocs.yml").read_text("utf-8").partition("\nnav:\n")[0]


def _real_plugins() -> str:
    """The real site's plugins block, so the benchmark measures the search configuration
    (separator, extra fields) that the site actually publishes."""
    head = _real_head()
    block = head[head.index("\nplugins:\n") + 1 : head.index("\nmarkdown_extensions:")]
    return block.rstrip("\n") + "\n"


OUR_PLUGINS: Final = _real_plugins()
assert "  - erfaringsbase\n" in OUR_PLUGINS, "the real mkdocs.yml lists the plugin"
#: The plain site: MkDocs + Material, with Pagefind run on the built site as its search
#: (the same search engine as ours; its indexing counted in the plain build).
PLAIN_PLUGINS: Final = "plugins: []\n"
#: The real site's navigation without the hand-written pages: sections and overviews only
#: (the menu ``erfaringsbase init`` gives a new site).
SMALL_NAV: Final = NAV
HOME: Final = "# Erfaringsbasen\n\nEn syntetisk erfaringsbase for ytelsesmålinger.\n"


def generate(root: Path, n: int, seed: int = SEED) -> CorpusInfo:
    """Write a valid corpus of ``n`` entries (and its site configuration) into ``root``."""
    rng = random.Random(seed)
    text = Text(rng)
    counts = split_counts(n)
    shutil.copytree(REPO / "taxonomy", root / "taxonomy", dirs_exist_ok=True)
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "index.md").write_text(HOME, "utf-8")
    (root / "mkdocs.yml").write_text(mkdocs_config(SMALL_NAV, OUR_PLUGINS), "utf-8")
    orgs: list[dict[str, Any]] = yaml.safe_load(
        (root / "taxonomy" / "organisations.yml").read_text("utf-8")
    )
    themes = [
        t["id"] for t in yaml.safe_load((root / "taxonomy" / "themes.yml").read_text("utf-8"))
    ]
    life_events = [
        le["id"]
        for le in yaml.safe_load((root / "taxonomy" / "life-events.yml").read_text("utf-8"))
    ]
    org_ids = [o["id"] for o in orgs]
    # A few organisations carry most of the work, as in reality (NAV, Skatteetaten, Digdir).
    org_weights = [1.0 / (1 + i % 17) for i in range(len(org_ids))]
    org_name = {o["id"]: o.get("short_name") or o["name"] for o in orgs}
    for folder in FOLDERS.values():
        (root / folder).mkdir(parents=True, exist_ok=True)

    def some_orgs(k: int) -> list[str]:
        chosen: list[str] = []
        while len(chosen) < k:
            org = rng.choices(org_ids, org_weights)[0]
            if org not in chosen:
                chosen.append(org)
        return chosen

    def some_themes() -> list[str]:
        return rng.sample(themes, rng.choice((1, 1, 2, 2, 3)))

    def published() -> str:
        return (dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(900))).isoformat()

    ids: dict[str, list[str]] = {kind: [] for kind in FOLDERS}
    titles: dict[str, list[str]] = {kind: [] for kind in FOLDERS}
    number = 0
    for kind in FOLDERS:
        for _ in range(counts[kind]):
            number += 1
            if kind == "case":
                title = f"{text.compound().capitalize()} for {text.pick(GROUPS)}"
            elif kind == "report":
                title = f"{text.pick(REPORT_KINDS).capitalize()} av {text.definite()}"
            elif kind == "recommendation":
                title = f"{text.pick(INFINITIVES).capitalize()} {text.definite()} tidlig"
            else:
                title = f"{text.pick(EVENT_KINDS)}: {text.compound()} i praksis"
            ids[kind].append(_slug(title, number))
            titles[kind].append(title)

    info = CorpusInfo(root, counts, ids)
    refs = {"case_orgs": 0, "rec_source_report": 0, "rec_supporting_cases": 0}
    cases, reports = ids["case"], ids["report"]
    # Every report covers a handful of cases; cases list their reports back.
    report_cases = {
        r: sorted(set(rng.sample(cases, min(len(cases), rng.randint(2, 6))))) for r in reports
    }
    case_reports: dict[str, list[str]] = {c: [] for c in cases}
    for report, covered in report_cases.items():
        for case in covered:
            case_reports[case].append(report)
    report_year = {r: rng.randint(2005, 2025) for r in reports}
    # Recommendations come from reports (several per report, in order, in sections).
    rec_report = {rec: rng.choice(reports) for rec in ids["recommendation"]}
    rec_order: dict[str, int] = {}
    seen_per_report: dict[str, int] = {}
    for rec, report in rec_report.items():
        seen_per_report[report] = seen_per_report.get(report, 0) + 1
        rec_order[rec] = seen_per_report[report]
    rec_cases: dict[str, list[str]] = {}
    case_recs: dict[str, list[str]] = {c: [] for c in cases}
    for rec, report in rec_report.items():
        pool = report_cases[report]
        supporting = sorted(set(rng.sample(pool, min(len(pool), rng.randint(0, 3)))))
        rec_cases[rec] = supporting
        for case in supporting:
            if rng.random() < 0.5:
                case_recs[case].append(rec)
    schemes = cases[: max(1, len(cases) // 50)]  # financing schemes (medfinansieringsordningen)

    for i, ident in enumerate(cases):
        title = titles["case"][i]
        start = rng.randint(2000, 2024)
        ended = rng.random() < 0.7
        period: dict[str, Any] = {
            "start": start if rng.random() < 0.5 else f"{start}-{rng.randint(1, 12):02d}"
        }
        if ended:
            period["end"] = min(2025, start + rng.randint(0, 6))
        k = rng.choice((1, 2, 2, 3, 3, 4))
        organisations = [
            {"id": org, "role": "eier" if j == 0 else rng.choice(ROLES)}
            for j, org in enumerate(some_orgs(k))
        ]
        if rng.random() < 0.3:
            organisations[-1]["note"] = text.sentence()
        refs["case_orgs"] += len(organisations)
        data: dict[str, Any] = {
            "id": ident,
            "title": title,
            "summary": text.paragraph(2),
            "organisations": organisations,
            "period": period,
            "status": rng.choice(STATUSES_CLOSED if ended else STATUSES_OPEN),
            "themes": some_themes(),
        }
        if rng.random() < 0.35:
            data["life_events"] = rng.sample(life_events, rng.randint(1, 2))
        if rng.random() < 0.3 and ident not in schemes:
            financing: dict[str, Any] = {"description": text.sentence()}
            if rng.random() < 0.6:
                financing["scheme"] = rng.choice(schemes)
                financing["funder"] = rng.choice(org_ids)
                financing["share_percent"] = rng.choice((25, 50, 75))
            else:
                financing["amount_nok"] = rng.randrange(1, 400) * 500_000
                financing["year"] = start
            data["financing"] = [financing]
        data["sources"] = [
            _source(text, org_name[organisations[0]["id"]], start) for _ in range(rng.randint(1, 2))
        ]
        if case_reports[ident]:
            data["reports"] = case_reports[ident]
        if case_recs[ident]:
            data["recommendations"] = sorted(set(case_recs[ident]))
        data["published"] = published()
        if rng.random() < 0.02:
            data["aliases"] = [f"gammel-{ident}"]
        body = text.body("case")
        info.bodies[("case", ident)] = (title, body)
        _write_entry(root / "cases", data, body)

    for i, ident in enumerate(reports):
        title = titles["report"][i]
        year = report_year[ident]
        publishers = some_orgs(rng.choice((1, 1, 1, 2)))
        data = {
            "id": ident,
            "title": title,
            "summary": text.paragraph(2),
            "publisher": publishers[0] if len(publishers) == 1 else publishers,
            "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "kind": rng.choice(REPORT_KINDS),
            "url": f"https://www.example.no/rapporter/{ident}",
            "cases": report_cases[ident],
            "themes": some_themes(),
            "sources": [_source(text, org_name[publishers[0]], year)],
            "published": published(),
        }
        body = text.body("report")
        info.bodies[("report", ident)] = (title, body)
        _write_entry(root / "reports", data, body)

    recs = ids["recommendation"]
    for i, ident in enumerate(recs):
        title = titles["recommendation"][i]
        report = rec_report[ident]
        data = {
            "id": ident,
            "title": title,
            "recommendation": f"{text.pick(INFINITIVES).capitalize()} {text.definite()} sammen med {text.pick(GROUPS)}.",
            "themes": some_themes(),
            "audience": sorted(rng.sample(AUDIENCES, rng.randint(1, 2))),
            "source_report": report,
            "section": f"{text.definite().capitalize()}",
            "order": rec_order[ident],
        }
        refs["rec_source_report"] += 1
        if rng.random() < 0.5:
            data["summary"] = text.paragraph(1)
        if rec_cases[ident]:
            data["supporting_cases"] = rec_cases[ident]
            refs["rec_supporting_cases"] += len(rec_cases[ident])
        if i > 10 and rng.random() < 0.1:
            data["follows_up"] = sorted(set(rng.sample(recs[:i], rng.randint(1, 2))))
        if rng.random() < 0.15:
            data["life_events"] = rng.sample(life_events, 1)
        data["sources"] = [_source(text, "Rapportens utgiver", report_year[report])]
        data["published"] = published()
        body = text.body("recommendation")
        info.bodies[("recommendation", ident)] = (title, body)
        _write_entry(root / "recommendations", data, body)

    events = ids["event"]
    for i, ident in enumerate(events):
        title = titles["event"][i]
        day = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(4300))
        hour = rng.choice((8, 9, 10, 13))
        organisers = some_orgs(rng.choice((1, 1, 2)))
        data = {
            "id": ident,
            "title": title,
            "summary": text.paragraph(1),
            "organiser": organisers[0] if len(organisers) == 1 else organisers,
            "start": f"{day.isoformat()} {hour:02d}:00",
            "end": f"{day.isoformat()} {hour + 2:02d}:30",
            "place": text.pick(PLACES),
        }
        if i > 0 and rng.random() < 0.3:
            data["part_of"] = rng.choice(events[max(0, i - 20) : i])  # an earlier one
        if rng.random() < 0.3:
            data["registration_deadline"] = (day - dt.timedelta(days=3)).isoformat()
        if rng.random() < 0.5:
            data["cases"] = sorted(set(rng.sample(cases, rng.randint(1, 2))))
        if rng.random() < 0.3:
            data["reports"] = [rng.choice(reports)]
        data["themes"] = some_themes()
        data["sources"] = [_source(text, org_name[organisers[0]], day.year)]
        data["published"] = published()
        body = text.body("event")
        info.bodies[("event", ident)] = (title, body)
        _write_entry(root / "events", data, body)
    info.references = refs
    return info


def write_plain_pages(info: CorpusInfo, site_root: Path) -> None:
    """Baseline (b): one page per entry with only its title and body, the same home, and
    the same small navigation as the other two sites (its overview pages each just a
    title): the menu is drawn on every page, and the cost of a richer entry is what is
    measured against (b), not the cost of the menu."""
    docs = site_root / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text(HOME, "utf-8")
    for (kind, ident), (title, body) in info.bodies.items():
        folder = docs / FOLDERS[kind]
        folder.mkdir(exist_ok=True)
        (folder / f"{ident}.md").write_text(f"# {title}\n\n{body}", "utf-8")
    for title, path in NAV_PAGES.findall(SMALL_NAV):
        page = docs / path
        if not page.exists():
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(f"# {title}\n", "utf-8")
    (site_root / "mkdocs.yml").write_text(mkdocs_config(SMALL_NAV, PLAIN_PLUGINS), "utf-8")


#: A page in the navigation: ``  - Tema: tema/index.md``.
NAV_PAGES: Final = re.compile(r"^\s*- ([^:\n]+): (\S+\.md)$", re.MULTILINE)


def write_rendered_pages(corpus_root: Path, site_root: Path) -> None:
    """Baseline (a): what ``erfaringsbase render --out`` writes, built without our plugin."""
    docs = site_root / "docs"
    run(
        [
            sys.executable,
            "-m",
            "erfaringsbase",
            "-C",
            str(corpus_root),
            "render",
            "--out",
            str(docs),
        ]
    )
    (docs / "index.md").write_text(HOME, "utf-8")
    (site_root / "mkdocs.yml").write_text(mkdocs_config(SMALL_NAV, PLAIN_PLUGINS), "utf-8")


# --- measuring -------------------------------------------------------------------------------

ENV: Final = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


@dataclass
class Run:
    seconds: float
    peak_mb: float | None
    output: str
    #: CPU time (user + system) of the command and every process it started: unlike the
    #: wall time, hardly affected by other work on the machine.
    cpu_seconds: float | None = None
    #: The part of it spent in the kernel for the processes (memory they touch for the
    #: first time, files): it varies with the machine's state more than the rest.
    system_seconds: float | None = None
    #: Pagefind's own peak (its resident high-water mark), as part of ``peak_mb``.
    pagefind_mb: float | None = None

    def then(self, other: Run) -> Run:
        """This run followed by ``other`` (a build, then its search indexing)."""
        cpu = (self.cpu_seconds or 0.0) + (other.cpu_seconds or 0.0)
        return Run(
            self.seconds + other.seconds,
            _largest(self.peak_mb, other.peak_mb),
            self.output + other.output,
            cpu or None,
            (self.system_seconds or 0.0) + (other.system_seconds or 0.0) or None,
            _largest(self.pagefind_mb, other.pagefind_mb),
        )


def _largest(*peaks: float | None) -> float | None:
    known = [p for p in peaks if p is not None]
    return max(known) if known else None


def run(command: Sequence[str], cwd: Path | None = None) -> Run:
    """Run a command: its wall time, the CPU time of it and every process it started, and
    the peak memory of all of them together.

    The CPU time is this process's ``RUSAGE_CHILDREN`` before and after: the kernel adds a
    process's time to its parent's when the parent waits for it, so it counts every
    process of the tree that was waited for (the build's helper, Pagefind). The samples of
    ``/proc`` (``TreeMemory``) count the others too, as long as they were seen running: the
    larger of the two is taken."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as stats:
        wrapped = list(command)
        if TIME_BIN.exists():
            wrapped = [str(TIME_BIN), "-f", "%M %U %S", "-o", stats.name, *command]
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        before = usage.ru_maxrss
        cpu_before = usage.ru_utime + usage.ru_stime
        system_before = usage.ru_stime
        start = time.perf_counter()
        process = subprocess.Popen(
            wrapped, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        sampler = TreeMemory(process.pid)
        stdout, stderr = process.communicate()
        seconds = time.perf_counter() - start
        sampler.stop()
        done = subprocess.CompletedProcess(wrapped, process.returncode, stdout, stderr)
        if done.returncode != 0:
            raise SystemExit(
                f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
            )
        peak: float | None = None
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu: float | None = usage.ru_utime + usage.ru_stime - cpu_before
        system = usage.ru_stime - system_before
        if sampler.cpu_seconds:
            cpu = max(cpu or 0.0, sampler.cpu_seconds)
        if TIME_BIN.exists():
            found = re.findall(
                r"^(\d+) ([\d.]+) ([\d.]+)$", Path(stats.name).read_text(), re.MULTILINE
            )
            if found:
                peak = int(found[-1][0]) / 1024
        else:
            after = usage.ru_maxrss
            peak = after / 1024 if after > before else None  # the largest child so far
    if sampler.peak_mb is not None:
        # A helper process runs alongside the build: what counts is their sum.
        peak = max(peak or 0.0, sampler.peak_mb)
    return Run(seconds, peak, done.stdout + done.stderr, cpu, system, sampler.pagefind_mb)


def _shm_used() -> int:
    """Bytes held by files in /dev/shm, the memory file system (0 where there is none)."""
    try:
        room = os.statvfs("/dev/shm")
    except (OSError, AttributeError):
        return 0
    return (room.f_blocks - room.f_bfree) * room.f_frsize


class TreeMemory:
    """Peak memory of a process and all its descendants together, sampled from /proc
    (``time -f %M`` gives only the largest single process), and the CPU time each used.

    Memory is the proportional set size (``Pss`` in ``smaps_rollup``): a page two
    processes share (a forked helper shares most of the build's) counts half in each, so
    the sum is what the tree takes from the machine. Resident size where there is no Pss.
    Files written to ``/dev/shm`` meanwhile are memory too (our build writes Pagefind's
    input there): what it holds beyond what it held at the start is added. None where
    there is no /proc.

    Pagefind's own peak is kept apart (``pagefind_mb``): the largest part of the sum, and
    one no change to our build can lower. It is the kernel's high-water mark of the
    program's resident memory, not a sample, so a short peak is not missed."""

    def __init__(self, pid: int, every: float = 0.5, refresh: float = 2.0) -> None:
        """Memory every ``every`` seconds; the processes every ``refresh`` seconds (the
        build's workers start and end; each lives longer than that)."""
        self.pid, self.every, self.refresh = pid, every, refresh
        self._members: set[int] = {pid}
        self._found_at = -refresh
        self.peak_mb: float | None = None
        self.pagefind_mb: float | None = None
        #: CPU seconds of each process seen (its last sample).
        self._cpu: dict[int, float] = {}
        self._ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
        self._done = threading.Event()
        self._page = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
        self._shm_at_start = _shm_used()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        if Path("/proc/self/statm").exists():
            self._thread.start()

    def _watch(self) -> None:
        while not self._done.wait(self.every):
            total = self._sample()
            if total is not None:
                self.peak_mb = max(self.peak_mb or 0.0, total)

    def _sample(self) -> float | None:
        # Finding the tree means reading every process in /proc, which every 0.2 s took 5 %
        # of a core (felt most by our build, the only one of the three with worker
        # processes): find it every `refresh` seconds, read the members' memory every time.
        now = time.monotonic()
        if now - self._found_at >= self.refresh:
            self._members, self._found_at = self._tree(), now
        total = 0
        for pid in self._members:
            try:
                total += self._memory(pid)
                # Read each time: a process may become Pagefind (``exec``) while watched.
                if Path(f"/proc/{pid}/comm").read_text().startswith("pagefind"):
                    high = self._high_water_mb(pid)
                    self.pagefind_mb = max(self.pagefind_mb or 0.0, high)
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                self._cpu[pid] = (int(fields[11]) + int(fields[12])) / self._ticks
            except (OSError, ValueError, IndexError):
                continue  # ended meanwhile
        if total:
            total += max(0, _shm_used() - self._shm_at_start)
        return total / 1024 / 1024 if total else None

    def _memory(self, pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            pass
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * self._page

    @staticmethod
    def _high_water_mb(pid: int) -> float:
        """The largest resident size the process has had (``VmHWM``), in MB."""
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0

    @property
    def cpu_seconds(self) -> float:
        """The CPU time of every process seen, as last sampled."""
        return sum(self._cpu.values())

    def _tree(self) -> set[int]:
        """The process and its descendants."""
        parents: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            # The name is in parentheses and may contain spaces: the fields follow the last ")".
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
        tree = {self.pid}
        grew = True
        while grew:
            more = {pid for pid, parent in parents.items() if parent in tree} - tree
            grew = bool(more)
            tree |= more
        return tree

    def stop(self) -> None:
        self._done.set()
        if self._thread.is_alive():
            self._thread.join()


def mkdocs_build(site_root: Path, site: Path) -> Run:
    """``site_root`` built into ``site``, a folder that does not exist yet.

    Into a new folder, as a CI job builds a fresh clone, and none is removed until every
    build of the size is done (the next size's builds begin minutes later): over a site
    built before, MkDocs first removes its 30,000 files and folders, and ext4 passes over
    inodes freed in the last minute when it makes new ones. Our build over the site it had
    just built took 7 to 18 s of system time (eight builds in a row), into a new folder
    5.5 to 6 s; the plain build is slowed the same way."""
    # No -q or -v: they change what MkDocs does (see the README), and we time the real thing.
    assert not site.exists(), site
    return run([sys.executable, "-m", "mkdocs", "build", "-d", str(site)], site_root)


def plain_build(site_root: Path, site: Path) -> Run:
    """A plain site as its owner would build it with the same search as ours: MkDocs and
    Material, then Pagefind's indexer over the built site (its Python package's command
    line; Norwegian stemming from the pages' ``lang="nb"``)."""
    built = mkdocs_build(site_root, site)
    return built.then(run([sys.executable, "-m", "pagefind", "--site", str(site)], site_root))


class Load:
    """``--load``: one core kept busy by another process at the same (normal) priority
    while the sites are built, as on a CI runner or a shared build host."""

    def __init__(self, on: bool) -> None:
        self.on = on
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Load:
        if self.on:
            self._process = subprocess.Popen([sys.executable, "-c", "while True: pass"])
        return self

    def __exit__(self, *exc: object) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._process = None


def timed(steps: dict[str, float], name: str, action: Callable[[], T]) -> T:
    start = time.perf_counter()
    result = action()
    steps[name] = steps.get(name, 0.0) + time.perf_counter() - start
    return result


STEP_LABELS: Final = {
    "read": "Lese og tolke filene (bare reader)",
    "load": "Laste inn og validere (load: reader + skjema + kontroller)",
    "index": "Kryssindeks (index)",
    "related": "Relaterte oppføringer (indeks + oppslag for alle)",
    "render": "Sider (render; slår opp relaterte igjen)",
    "produce_redirects": "Omdirigeringer",
    "produce_calendars": "Kalendere",
    "produce_feeds": "Nyhetsstrømmer",
    "produce_data": "Åpne data (eksport)",
    "produce_data_page": "Åpne data: siden",
    "produce_stats": "Tall og oversikt",
    "produce_explorer_data": "Utforsk: dataene",
    "produce_explorer": "Utforsk: siden",
}


def core_steps(root: Path) -> tuple[dict[str, float], int, int]:
    """Our steps, in this process, each timed: (seconds per step, pages, assets)."""
    from erfaringsbase.content.config import find_settings
    from erfaringsbase.content.loader import entry_files, load
    from erfaringsbase.content.reader import read_markdown
    from erfaringsbase.index.cross import CrossIndex
    from erfaringsbase.outputs.producers import PRODUCERS
    from erfaringsbase.pages.render import Renderer

    settings = find_settings(root)
    steps: dict[str, float] = {}

    def read_all() -> None:
        for _, file in entry_files(settings):
            read_markdown(file, settings.relpath(file))

    timed(steps, "read", read_all)
    corpus = timed(steps, "load", lambda: load(settings))
    if corpus.problems.errors:
        raise SystemExit(f"the synthetic corpus has {len(corpus.problems.errors)} errors")
    ix = timed(steps, "index", lambda: CrossIndex(corpus))

    def related(renderer: Renderer) -> None:
        # The renderer's own index, which the pages then look up again.
        related_index = renderer.related_index
        for entry in ix.entries:
            related_index.related(entry)

    # The fastest of a few, each with a new renderer (its index made again): at 1,000
    # entries this takes a quarter of a second, and one slow moment of the machine decided
    # the ratio of its linearity target (11.03 in one run, 7.9 and 8.5 in the two before).
    tries: list[dict[str, float]] = []
    for _ in range(RELATED_RUNS):
        renderer = Renderer(ix)
        tries.append({})
        timed(tries[-1], "related", functools.partial(related, renderer))
    steps["related"] = min(t["related"] for t in tries)
    pages = timed(steps, "render", lambda: list(renderer.pages()))
    assets = 0
    for produce in PRODUCERS:
        # Each file made, too: some are made only when first asked for (``Asset.later``).
        made = timed(steps, produce.__name__, lambda p=produce: _made(p(renderer)))  # type: ignore[misc]
        assets += sum(isinstance(item, Asset) for item in made)
        pages += [item for item in made if not isinstance(item, Asset)]
    return steps, len(pages), assets


def _made(items: Iterable[Page | Asset]) -> list[Page | Asset]:
    made = list(items)
    for item in made:
        if isinstance(item, Asset):
            item.content  # noqa: B018  # its bytes, made now if made later
    return made


PARSE_ONLY: Final = """
import sys, pathlib, re, yaml
boundary = re.compile(r"^-{3,}\\s*$", re.MULTILINE)
loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
n = 0
for folder in ("cases", "reports", "recommendations", "events"):
    for path in sorted(pathlib.Path(sys.argv[1], folder).rglob("*.md")):
        text = path.read_text("utf-8")
        first = boundary.match(text)
        closing = boundary.search(text, first.end())
        yaml.load(text[first.end():closing.start()], Loader=loader)
        n += 1
print(n)
"""


#: The same files read and parsed by our own reader (``content.reader.read_markdown``):
#: each field's line kept, dates as written, aliases and tags refused; nothing checked. It
#: shows how much of ``validate`` is reading and how much is checking.
READER_ONLY: Final = """
import sys, pathlib
from erfaringsbase.content.reader import read_markdown
root = pathlib.Path(sys.argv[1])
n = 0
for folder in ("cases", "reports", "recommendations", "events"):
    for path in sorted(root.joinpath(folder).rglob("*.md")):
        read_markdown(path, path.relative_to(root).as_posix())
        n += 1
print(n)
"""


def tree_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) under a folder: what would be uploaded."""
    total = files = 0
    for dirpath, _, names in os.walk(folder):
        for name in names:
            total += (Path(dirpath) / name).stat().st_size
            files += 1
    return total, files


def search_sizes(site: Path) -> tuple[int, int]:
    """(raw, gzipped) size of a site's whole search index: Material's one file, or every
    file of Pagefind's (of which a reader fetches only the chunks a query needs)."""
    material = site / "search" / "search_index.json"
    if material.is_file():
        return sizes(material)
    files = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    found = [sizes(p) for p in files]
    return sum(r for r, _ in found), sum(g for _, g in found)


def search_in_browser(info: CorpusInfo, sites: dict[str, Path]) -> dict[str, SearchFigures]:
    """``SEARCH_QUERIES`` typed into our site's box on an entry's page; nothing without
    Chromium (said so)."""
    case = info.ids["case"][0]
    found: dict[str, SearchFigures] = {}
    for name, page, box in (("ours", f"/erfaringer/{case}/", OURS),):
        say(f"  search in Chromium ({name}): {len(SEARCH_QUERIES)} queries")
        figures = first_results(sites[name], page, SEARCH_QUERIES, box)
        if figures is None:
            say("  no Chromium: the search in the browser is not measured")
            return {}
        found[name] = figures
    return found


INDEX_LOGGED: Final = re.compile(r"søkeindeksen har \d+ sider \(([\d.]+) s[,)]")


def index_seconds(output: str) -> float | None:
    """The search index's time, as our build logs it."""
    found = INDEX_LOGGED.search(output)
    return float(found.group(1)) if found else None


def sizes(path: Path) -> tuple[int, int]:
    """(raw, gzipped) size of one file; what a reader downloads is the gzipped one."""
    raw = path.read_bytes()
    return len(raw), len(gzip.compress(raw, 6))


@dataclass
class Preview:
    first_build: float
    #: The median of ``reloads``.
    reload: float
    rebuild_logged: float | None
    #: Each edit's time until the page showed it. It varies from edit to edit (MkDocs
    #: polls the folders every 0.5 s): the median of a few counts.
    reloads: tuple[float, ...] = ()
    #: The median time until the site search had the edit too (its index is written after
    #: the page, see ``SearchIndexer.write_soon``).
    search: float | None = None


#: Edits timed under `mkdocs serve`, one after another.
PREVIEW_EDITS: Final = 3


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def fetch(port: int, path: str) -> str:
    """The page, or "" while the server is busy rebuilding (it answers after the build)."""
    return fetched(port, path)[1]


def fetched(port: int, path: str) -> tuple[int, str]:
    """The server's status and answer (a page that is not there is MkDocs' 404 page), or
    (0, "") while the server is busy rebuilding."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):
        return 0, ""
    finally:
        conn.close()


def search_index_written(port: int, before: str) -> bool:
    """Is a new search index there, other than ``before`` (Pagefind's entry file)?

    The entry file names each language's index by a hash of what it holds. Not the old
    one and not a 404 page: while an index is written, the last one is removed first.
    And the index it names can be fetched, whole."""
    status, entry = fetched(port, "/pagefind/pagefind-entry.json")
    if status != 200 or entry == before:
        return False
    try:
        hashes = [language["hash"] for language in json.loads(entry)["languages"].values()]
    except (ValueError, KeyError, TypeError):
        return False  # written as we read it
    return all(fetched(port, f"/pagefind/pagefind.{h}.pf_meta")[0] == 200 for h in hashes)


def preview(info: CorpusInfo, timeout: float = 900) -> Preview:
    """``mkdocs serve --dirty``: time from editing one case until the page shows the edit."""
    port = free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"]
    lines: list[tuple[float, str]] = []
    start = time.perf_counter()
    server = subprocess.Popen(
        command, cwd=info.root, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )

    def reader() -> None:
        assert server.stdout is not None
        for line in server.stdout:
            lines.append((time.perf_counter(), line.rstrip()))

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()

    def wait_for(predicate: Callable[[], bool], what: str) -> None:
        deadline = time.perf_counter() + timeout
        while not predicate():
            if server.poll() is not None or time.perf_counter() > deadline:
                log = "\n".join(line for _, line in lines[-30:])
                raise SystemExit(f"mkdocs serve: no {what}:\n{log}")
            time.sleep(0.05)

    try:
        wait_for(lambda: any("Serving on" in line for _, line in lines), "first build")
        first_build = next(t for t, line in lines if "Serving on" in line) - start
        case = info.ids["case"][0]
        page = f"/erfaringer/{case}/"
        wait_for(lambda: "<html" in fetch(port, page), "page")
        path = info.root / "cases" / f"{case}.md"
        reloads: list[float] = []
        searched: list[float] = []
        built: list[float] = []
        entry = "/pagefind/pagefind-entry.json"
        for _ in range(PREVIEW_EDITS):
            time.sleep(1.5)  # let the watcher settle; the edit must be a new event
            wait_for(lambda: search_index_written(port, ""), "search index")
            index_before = fetch(port, entry)
            token = f"ytelsesmålingendret{random.Random().randrange(10**9)}"
            seen = len(lines)
            edited = time.perf_counter()
            with path.open("a", encoding="utf-8") as file:
                file.write(f"\nEndret i ytelsesmålingen: {token}.\n")
            wait_for(lambda: token in fetch(port, page), "reload")  # noqa: B023
            reloads.append(time.perf_counter() - edited)
            wait_for(
                lambda: search_index_written(port, index_before),  # noqa: B023
                "search index with the edit",
            )
            searched.append(time.perf_counter() - edited)
            built += [
                float(m.group(1))
                for _, line in lines[seen:]
                if (m := re.search(r"Documentation built in ([\d.]+) seconds", line))
            ][:1]
        return Preview(
            first_build,
            statistics.median(reloads),
            statistics.median(built) if built else None,
            tuple(reloads),
            statistics.median(searched),
        )
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@dataclass
class Result:
    n: int
    counts: dict[str, int]
    references: dict[str, int]
    steps: dict[str, float]
    pages: int
    assets: int
    ours: Run
    plain_a: Run
    plain_b: Run
    validate: Run
    parse_only: Run
    #: Our reader alone over the same files (``READER_ONLY``).
    reader_only: Run
    output: dict[str, tuple[int, int]]  # site → (bytes, files)
    search: dict[str, tuple[int, int]]  # site → (raw, gzipped)
    #: The first result of each query in Chromium, on our site.
    first_result: dict[str, SearchFigures]
    #: Our build's time for the search index (keywords, Pagefind, word lists).
    index_seconds: float | None
    explorer: tuple[int, int]
    html_pages: dict[str, int]
    preview: Preview | None = None
    load_average: float = 0.0
    #: With ``--load``, at the largest N: our build and (b) again, each while another
    #: process keeps one core busy.
    loaded: dict[str, Run] = field(default_factory=dict)
    #: Wall times of every build, when each was repeated (ours, a, b).
    spread: dict[str, list[float]] = field(default_factory=dict)


def explorer_file(site: Path) -> Path:
    from erfaringsbase.content.urls import UrlScheme
    from erfaringsbase.outputs.explore import DATA_FILE

    return site / UrlScheme().asset("explore", DATA_FILE)


def best_of(runs: Sequence[Run]) -> Run:
    """The fastest of repeated runs (what the code costs, with the least interference from
    the rest of the machine), with the highest peak memory any of them reached."""
    fastest = min(runs, key=lambda r: r.seconds)
    return replace(
        fastest,
        peak_mb=_largest(*(r.peak_mb for r in runs)),
        pagefind_mb=_largest(*(r.pagefind_mb for r in runs)),
    )


def measure(
    n: int, work: Path, seed: int, with_preview: bool, repeat: int = 1, load: bool = False
) -> Result:
    base = work / f"n{n}"
    corpus_root = base / "ours"
    say(f"N = {n}: generating the corpus in {base}")
    info = generate(corpus_root, n, seed)
    say("  validate (CLI), the parse-only baseline and our reader alone, taking turns")
    checks: dict[str, list[Run]] = {"validate": [], "parse": [], "reader": []}
    # Each takes seconds, so each runs a few times whatever --repeat says: one slow
    # second of the machine would otherwise decide the ratio.
    for _ in range(max(repeat, VALIDATE_RUNS)):
        done = run([sys.executable, "-m", "erfaringsbase", "-C", str(corpus_root), "validate"])
        if "0 feil" not in done.output and " feil" in done.output:
            raise SystemExit(f"erfaringsbase validate found problems:\n{done.output[-2000:]}")
        checks["validate"].append(done)
        checks["parse"].append(run([sys.executable, "-c", PARSE_ONLY, str(corpus_root)]))
        checks["reader"].append(run([sys.executable, "-c", READER_ONLY, str(corpus_root)]))
    validate, parse_only = best_of(checks["validate"]), best_of(checks["parse"])
    reader_only = best_of(checks["reader"])
    say("  our steps, in this process")
    steps, pages, assets = core_steps(corpus_root)
    say("  baseline (a): render --out; baseline (b): N plain pages of the same text")
    write_rendered_pages(corpus_root, base / "a")
    write_plain_pages(info, base / "b")
    # The three builds take turns, so that a slow spell of the machine (a shared virtual
    # machine's speed varies by 10-15 % from minute to minute) hits all of them alike.
    runs: dict[str, list[Run]] = {"ours": [], "a": [], "b": []}
    roots = {"ours": corpus_root, "a": base / "a", "b": base / "b"}
    built: list[Path] = []  # every site folder, removed when the size is measured

    def build(name: str, label: str) -> Run:
        site = roots[name] / f"site-{label}"
        built.append(site)
        return mkdocs_build(roots[name], site) if name == "ours" else plain_build(roots[name], site)

    for turn in range(repeat):
        for name in ("ours", "a", "b"):
            say(f"  mkdocs build ({name}), {turn + 1} of {repeat}")
            runs[name].append(build(name, str(turn + 1)))
    sites = {name: roots[name] / f"site-{repeat}" for name in roots}
    loaded: dict[str, list[Run]] = {"ours": [], "b": []}
    if load:
        with Load(True):
            for turn in range(repeat):
                for name in ("ours", "b"):
                    say(f"  with one core busy: build ({name}), {turn + 1} of {repeat}")
                    loaded[name].append(build(name, f"loaded-{turn + 1}"))
    ours, plain_a, plain_b = (best_of(runs[name]) for name in ("ours", "a", "b"))
    result = Result(
        n=n,
        counts=info.counts,
        references=info.references,
        steps=steps,
        pages=pages,
        assets=assets,
        ours=ours,
        plain_a=plain_a,
        plain_b=plain_b,
        validate=validate,
        parse_only=parse_only,
        reader_only=reader_only,
        output={k: tree_size(v) for k, v in sites.items()},
        search={k: search_sizes(v) for k, v in sites.items()},
        first_result=search_in_browser(info, sites),
        index_seconds=index_seconds(ours.output),
        explorer=sizes(explorer_file(sites["ours"])),
        html_pages={k: sum(1 for _ in v.rglob("*.html")) for k, v in sites.items()},
        load_average=os.getloadavg()[0],
        loaded={name: best_of(found) for name, found in loaded.items() if found},
        spread={name: [r.seconds for r in found] for name, found in {**runs, **checks}.items()},
    )
    if with_preview:
        say("  mkdocs serve --dirty: edit one case, wait for the page")
        try:
            result.preview = preview(info)
        except (SystemExit, OSError) as exc:  # report the rest rather than nothing
            say(f"  mkdocs serve could not be timed: {exc}")
    for site in built:
        shutil.rmtree(site, ignore_errors=True)
    return result


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- the table -------------------------------------------------------------------------------


def num(value: float, decimals: int = 2) -> str:
    """Norwegian number: 1 234,56 (no-break space between thousands)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u00a0").replace(".", ",")


def secs(value: float) -> str:
    return f"{num(value)} s"


def cpu(run: Run) -> str:
    return secs(run.cpu_seconds) if run.cpu_seconds is not None else "?"


def mb(value: float) -> str:
    return f"{num(value / 1_000_000, 1)} MB" if value >= 1_000_000 else f"{num(value / 1000, 0)} kB"


@dataclass
class Verdict:
    name: str
    value: float
    target: float
    at_n: int
    below: bool = True  # met when value <= target (or < for strict)
    strict: bool = False

    @property
    def met(self) -> bool:
        if self.below:
            return self.value < self.target if self.strict else self.value <= self.target
        return self.value >= self.target


def verdicts(results: Sequence[Result]) -> dict[str, Verdict]:
    """Each target, judged at the N the issue names (or the largest N measured); the two
    it names no N for (richness, search), at every N measured, by the worst."""
    big = results[-1]
    small = results[0]
    found = {
        "cpu": Verdict(
            "cpu", (big.ours.cpu_seconds or 0) / (big.plain_b.cpu_seconds or 1), TARGET_CPU, big.n
        ),
        "wall": Verdict("wall", big.ours.seconds / big.plain_b.seconds, TARGET_WALL, big.n),
        "validate": Verdict(
            "validate",
            (big.validate.cpu_seconds or 0) / (big.parse_only.cpu_seconds or 1),
            TARGET_VALIDATE,
            big.n,
        ),
        "memory": Verdict("memory", big.ours.peak_mb or 0.0, TARGET_MEMORY_MB, big.n),
    }
    if big.loaded:
        ratio = big.loaded["ours"].seconds / big.loaded["b"].seconds
        found["wall_loaded"] = Verdict("wall_loaded", ratio, TARGET_WALL_LOADED, big.n)
    if len(results) > 1 and big.n >= 10 * small.n:
        factor = big.n / small.n
        found["linear"] = Verdict(
            "linear", big.ours.seconds / small.ours.seconds, TARGET_LINEAR * factor / 10, big.n
        )
        found["related_linear"] = Verdict(
            "related_linear",
            big.steps["related"] / small.steps["related"],
            TARGET_LINEAR * factor / 10,
            big.n,
        )
    if "ours" in big.first_result:
        ours = big.first_result["ours"]
        found["search_bytes"] = Verdict("search_bytes", ours.most_bytes, TARGET_SEARCH_BYTES, big.n)
        found["search_time"] = Verdict(
            "search_time", ours.median_seconds, TARGET_SEARCH_SECONDS, big.n
        )
    previewed = [r for r in results if r.preview is not None]
    if previewed:
        r = previewed[0]
        assert r.preview is not None
        found["preview"] = Verdict(
            "preview", r.preview.reload / r.ours.seconds, TARGET_PREVIEW, r.n, strict=True
        )
        if r.preview.search is not None:
            found["preview_search"] = Verdict(
                "preview_search",
                r.preview.search / r.ours.seconds,
                TARGET_PREVIEW,
                r.n,
                strict=True,
            )
    return found


def met_text(verdict: Verdict | None) -> str:
    if verdict is None:
        return "ikke målt"
    return "nådd" if verdict.met else "**IKKE NÅDD**"


def table(results: Sequence[Result]) -> str:
    heads = ["Måling"] + [f"N = {num(r.n, 0)}" for r in results] + ["Mål", "Resultat"]
    rows: list[list[str]] = []
    judged = verdicts(results)

    def row(label: str, values: Sequence[str], target: str = "", verdict: str = "") -> None:
        rows.append([label, *values, target, verdict])

    def each(fn: Callable[[Result], str]) -> list[str]:
        return [fn(r) for r in results]

    row(
        "Oppføringer (erfaringer / rapporter / anbefalinger / arrangementer)",
        each(lambda r: " / ".join(str(r.counts[k]) for k in FOLDERS)),
    )
    row(
        "Kryssreferanser (virksomheter i erfaringer / kilderapport / støttende erfaringer)",
        each(lambda r: " / ".join(str(v) for v in r.references.values())),
    )
    row("Genererte sider / andre filer (kjernen)", each(lambda r: f"{r.pages} / {r.assets}"))
    for key, label in STEP_LABELS.items():
        row(f"Kjernen: {label}", each(lambda r, k=key: secs(r.steps.get(k, 0.0))))  # type: ignore[misc]
    row(
        "Kjernen: sum (uten «bare reader»)",
        each(lambda r: secs(sum(v for k, v in r.steps.items() if k != "read"))),
    )
    row("`mkdocs build`, Erfaringsbasen", each(lambda r: secs(r.ours.seconds)))
    row(
        "`mkdocs build` + Pagefind, grunnlinje (a): sidene fra `render --out`",
        each(lambda r: secs(r.plain_a.seconds)),
    )
    row(
        "`mkdocs build` + Pagefind, grunnlinje (b): N rene sider",
        each(lambda r: secs(r.plain_b.seconds)),
    )
    if any(len(r.spread.get("ours", ())) > 1 for r in results):
        row(
            "Gjentatte bygg, raskeste – tregeste (Erfaringsbasen / a / b); tabellen bruker det "
            "raskeste",
            each(
                lambda r: " / ".join(
                    f"{secs(min(r.spread[k]))} – {secs(max(r.spread[k]))}"
                    for k in ("ours", "a", "b")
                )
            ),
        )
    row(
        "CPU-tid for byggene, alle prosessene (Erfaringsbasen / a / b)",
        each(lambda r: " / ".join(cpu(x) for x in (r.ours, r.plain_a, r.plain_b))),
    )
    row(
        "Av dette systemtid, i kjernen (Erfaringsbasen / a / b)",
        each(
            lambda r: " / ".join(
                secs(x.system_seconds) if x.system_seconds is not None else "?"
                for x in (r.ours, r.plain_a, r.plain_b)
            )
        ),
    )
    row(
        "Erfaringsbasen / (b), CPU-tid for alle prosessene",
        each(
            lambda r: (
                num(r.ours.cpu_seconds / r.plain_b.cpu_seconds)
                if r.ours.cpu_seconds and r.plain_b.cpu_seconds
                else "?"
            )
        ),
        f"≤ {num(TARGET_CPU, 1)} ved N = 10 000",
        met_text(judged.get("cpu")),
    )
    row(
        "Erfaringsbasen / (b), veggklokke",
        each(lambda r: num(r.ours.seconds / r.plain_b.seconds)),
        f"≤ {num(TARGET_WALL, 1)} ved N = 10 000",
        met_text(judged.get("wall")),
    )
    row(
        "Med en annen prosess som holder én kjerne opptatt (`--load`): Erfaringsbasen / (b), "
        "veggklokke (sekunder)",
        each(
            lambda r: (
                f"{num(r.loaded['ours'].seconds / r.loaded['b'].seconds)} "
                f"({secs(r.loaded['ours'].seconds)} / {secs(r.loaded['b'].seconds)})"
                if r.loaded
                else "–"
            )
        ),
        f"≤ {num(TARGET_WALL_LOADED, 1)} ved N = 10 000",
        met_text(judged.get("wall_loaded")),
    )
    row(
        "Erfaringsbasen / (a), veggklokke og CPU-tid: prisen for kjernen og tillegget",
        each(
            lambda r: (
                f"{num(r.ours.seconds / r.plain_a.seconds)} og "
                f"{num(r.ours.cpu_seconds / r.plain_a.cpu_seconds)}"
                if r.ours.cpu_seconds and r.plain_a.cpu_seconds
                else "?"
            )
        ),
    )
    if "linear" in judged:
        row(
            "Lineært: t(10 000) / t(1 000), hele bygget",
            [""] * (len(results) - 1) + [num(judged["linear"].value)],
            f"≤ {num(judged['linear'].target, 0)}",
            met_text(judged["linear"]),
        )
        row(
            "Lineært: relaterte oppføringer t(10 000) / t(1 000)",
            [""] * (len(results) - 1) + [num(judged["related_linear"].value)],
            f"≤ {num(judged['related_linear'].target, 0)}",
            met_text(judged["related_linear"]),
        )
    row(
        "HTML-sider bygget (Erfaringsbasen / a / b)",
        each(lambda r: " / ".join(str(r.html_pages[k]) for k in ("ours", "a", "b"))),
    )

    def megabytes(r: Result, of: Callable[[Run], float | None], unknown: str) -> str:
        """A figure of each of the three builds, in MB."""
        found = (of(x) for x in (r.ours, r.plain_a, r.plain_b))
        return " / ".join(f"{num(mb, 0)} MB" if mb else unknown for mb in found)

    row(
        "Toppminne under bygget, alle prosessene sammen (Erfaringsbasen / a / b)",
        each(lambda r: megabytes(r, lambda x: x.peak_mb, "?")),
        "≤ 1 GB ved N = 10 000",
        met_text(judged.get("memory")),
    )
    row(
        "Av det: Pagefind alene, toppminne (Erfaringsbasen / a / b)",
        each(lambda r: megabytes(r, lambda x: x.pagefind_mb, "–")),
    )
    row(
        "Utdata (Erfaringsbasen / a / b)",
        each(lambda r: " / ".join(mb(r.output[k][0]) for k in ("ours", "a", "b"))),
    )
    row(
        "Søkeindeks på disk, Pagefind (i biter), gzip: Erfaringsbasen / (b)",
        each(lambda r: f"{mb(r.search['ours'][1])} / {mb(r.search['b'][1])}"),
    )
    row(
        "Søkeindeksen bygget (nøkkelord, Pagefind, ordlister), i bygget over",
        each(lambda r: secs(r.index_seconds) if r.index_seconds is not None else "–"),
    )

    def browser(r: Result, name: str, value: Callable[[SearchFigures], str]) -> str:
        figures = r.first_result.get(name)
        return value(figures) if figures else "ikke målt"

    row(
        f"Søk i Chromium, {len(SEARCH_QUERIES)} søk: lastet ned fra siden åpnes til første "
        "treff, mest (gzip)",
        each(lambda r: browser(r, "ours", lambda f: mb(f.most_bytes))),
        f"≤ {num(TARGET_SEARCH_BYTES / 1000, 0)} kB",
        met_text(judged.get("search_bytes")),
    )
    row(
        "Søk i Chromium: fra siden er lastet til første treff vises, median (tregeste)",
        each(
            lambda r: browser(
                r,
                "ours",
                lambda f: (
                    f"{secs(f.median_seconds)} ({secs(f.slowest)}; "
                    f"{f.found} av {len(f.runs)} med treff)"
                ),
            )
        ),
        f"≤ {secs(TARGET_SEARCH_SECONDS)}",
        met_text(judged.get("search_time")),
    )
    row("Data til Utforsk: rå / gzip", each(lambda r: f"{mb(r.explorer[0])} / {mb(r.explorer[1])}"))
    row("`erfaringsbase validate` (egen prosess)", each(lambda r: secs(r.validate.seconds)))
    row(
        "Bare lese + tolke front matter (samme YAML-laster, egen prosess)",
        each(lambda r: secs(r.parse_only.seconds)),
    )
    row(
        "Bare lese + tolke med Erfaringsbasens leser (linjenumre, ingen sjekker; egen prosess)",
        each(lambda r: secs(r.reader_only.seconds)),
    )
    row(
        "validate / bare lese og tolke, CPU-tid",
        each(
            lambda r: (
                num(r.validate.cpu_seconds / r.parse_only.cpu_seconds)
                if r.validate.cpu_seconds and r.parse_only.cpu_seconds
                else "?"
            )
        ),
        f"≤ {num(TARGET_VALIDATE, 1)} ved N = 10 000",
        met_text(judged.get("validate")),
    )
    row(
        "Gjentatte kjøringer, raskeste – tregeste (validate / bare lese og tolke / "
        "Erfaringsbasens leser)",
        each(
            lambda r: " / ".join(
                f"{secs(min(r.spread[k]))} – {secs(max(r.spread[k]))}"
                for k in ("validate", "parse", "reader")
                if r.spread.get(k)
            )
        ),
    )
    row(
        "CPU-tid: validate / Erfaringsbasens leser / bare lese og tolke",
        each(
            lambda r: " / ".join(
                secs(x.cpu_seconds) if x.cpu_seconds else "?"
                for x in (r.validate, r.reader_only, r.parse_only)
            )
        ),
    )
    if "preview" in judged:
        row(
            "`mkdocs serve --dirty`: første bygg",
            each(lambda r: secs(r.preview.first_build) if r.preview else ""),
        )
        row(
            f"`mkdocs serve --dirty`: {PREVIEW_EDITS} endringer etter hverandre, fra lagret fil "
            "til ny side vises",
            each(lambda r: " / ".join(secs(t) for t in r.preview.reloads) if r.preview else ""),
        )
        row(
            "`mkdocs serve --dirty`: fra endret erfaring til ny side vises, medianen "
            "(MkDocs' egen byggetid)",
            each(
                lambda r: (
                    (
                        secs(r.preview.reload)
                        + (
                            f" ({secs(r.preview.rebuild_logged)})"
                            if r.preview.rebuild_logged
                            else ""
                        )
                    )
                    if r.preview
                    else ""
                )
            ),
        )
        row(
            "Forhåndsvisning: ny side vises / fullt bygg",
            each(lambda r: num(r.preview.reload / r.ours.seconds) if r.preview else ""),
            "< 0,33 ved N = 1 000",
            met_text(judged["preview"]),
        )
        row(
            "Forhåndsvisning: søket har endringen, fra lagret fil (/ fullt bygg)",
            each(
                lambda r: (
                    f"{secs(r.preview.search)} ({num(r.preview.search / r.ours.seconds)})"
                    if r.preview and r.preview.search is not None
                    else ""
                )
            ),
            "< 0,33 ved N = 1 000",
            met_text(judged.get("preview_search")),
        )
    row("Belastning på maskinen (load average, 1 min)", each(lambda r: num(r.load_average)))
    lines = [
        "| " + " | ".join(heads) + " |",
        "|" + "|".join(["---"] + ["--:"] * len(results) + ["---", "---"]) + "|",
    ]
    lines += ["| " + " | ".join(cells) + " |" for cells in rows]
    return "\n".join(lines)


# --- docs/ytelse.md --------------------------------------------------------------------------


def machine() -> dict[str, str]:
    from importlib.metadata import version

    cpu = "ukjent"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "ukjent"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        match = re.search(r"MemTotal:\s+(\d+) kB", meminfo.read_text())
        if match:
            ram = f"{num(int(match.group(1)) / 1024 / 1024, 0)} GiB"
    return {
        "Prosessor": cpu,
        "Kjerner": str(os.cpu_count()),
        "Minne": ram,
        "System": platform.platform(terse=True),
        "Python": platform.python_version(),
        "MkDocs": version("mkdocs"),
        "Material for MkDocs": version("mkdocs-material"),
    }


EXPLANATIONS: Final = {
    "cpu": (
        "Arbeid: CPU-tid mot et vanlig MkDocs-nettsted",
        "Grunnlinjen (b) er det en redaksjon ellers ville bygget: MkDocs + Material med én "
        "side per oppføring (tittel og den samme brødteksten), den samme lille menyen, og "
        "Pagefind kjørt over det ferdige nettstedet som søk, det samme søket som vårt. "
        "Pagefind regnes med på begge sider. CPU-tiden er summen for alle prosessene: bygget, "
        "hjelpeprosessen som lager sider på den andre kjernen, kopien som lager søkeindeksen, "
        "og Pagefind. Alt det vårt "
        "bygg gjør i tillegg (validering, kryssindeks, faktabokser, relaterte oppføringer, "
        "sidene for tema, virksomheter, år og så videre, kalendere, nyhetsstrømmer, åpne data, "
        "delingsboks med QR-kode, JSON-LD, rensing av HTML, norske søkeord) skal til sammen "
        "koste høyst 1,8 ganger så mye CPU-tid ved 10 000 oppføringer.",
    ),
    "wall_loaded": (
        "Tid på en maskin med annet arbeid",
        "Det samme bygget, og grunnlinjen (b), mens en annen prosess med vanlig prioritet "
        "holder én av de to kjernene opptatt hele tiden (`--load`): høyst 1,6 ganger (b) ved "
        "10 000 oppføringer. Ingen av prosessene bygget venter på, har lavere prioritet enn "
        "bygget selv.",
    ),
    "wall": (
        "Tid: veggklokke mot et vanlig MkDocs-nettsted",
        "Den samme sammenligningen i tid fra start til ferdig: høyst 1,3 ganger grunnlinjen "
        "(b) ved 10 000 oppføringer, og høyst 1,6 ganger når en annen prosess holder én av de "
        "to kjernene opptatt hele tiden (`--load`, som på en delt CI-maskin). MkDocs bruker "
        "én kjerne. Fra 1 000 sider lager en kopi av byggeprosessen (fork) sidene på den "
        "andre kjernen mens MkDocs konverterer dem. Bygget venter aldri på den: en side som "
        "ikke er kommet når MkDocs trenger den, lages i byggeprosessen selv. Når alle sidene "
        "er konvertert, lager en ny kopi søkeindeksen (norske søkeord og Pagefind) mens "
        "MkDocs setter sidene inn i malene; stopper eller svikter den, lager bygget "
        "søkeindeksen selv. Det en side trenger utenom teksten (front matter, JSON-LD, det "
        "søket tar fra faktaboksen), lages sammen med siden, der den lages, og gis videre "
        "som data: byggeprosessen tolker det ikke på nytt. "
        "Sider utenfor menyen deler det som er likt for dem med de andre sidene i samme "
        "mappe (venstremenyen, fanene, toppen rundt tittelen, veien dit og bunnen): det "
        "tegnes én gang per mappe, ikke for hver side. Pythons "
        "søppeltømming (for sykler av objekter) går ikke gjennom alt bygget holder mens "
        "nettstedet bygges, bare gjennom det som er nytt, og ikke en gang til rett før "
        "prosessen avslutter.",
    ),
    "linear": (
        "Lineært",
        "Ti ganger så mange oppføringer skal ta høyst elleve ganger så lang tid å bygge. Et "
        "bygg som vokser raskere enn innholdet, blir til slutt for tregt, selv om det går fint i "
        "dag.",
    ),
    "related_linear": (
        "Relaterte oppføringer er lineære",
        "Å finne relaterte oppføringer ved å sammenligne alle par vokser med kvadratet av "
        "antallet. Vi bruker en invertert indeks i stedet, så ti ganger så mange oppføringer "
        "skal ta høyst elleve ganger så lang tid.",
    ),
    "preview": (
        "Forhåndsvisning for bidragsytere",
        "Den som skriver en erfaring, ser den i `mkdocs serve` (`./scripts/serve`). Etter en "
        "endring i én erfaring skal siden vises på nytt på under en tredjedel av tiden et fullt "
        "bygg tar, ved 1 000 oppføringer. Tiden er målt fra filen lagres til den endrede teksten "
        "kan hentes fra serveren. MkDocs ser etter endrede filer hvert halve sekund, også i "
        "mappene med innhold, som utvidelsen ber den følge med på. Tiden varierer likevel litt fra endring til endring: vi måler tre endringer etter "
        "hverandre, og medianen teller.",
    ),
    "preview_search": (
        "Søk i forhåndsvisningen",
        "Søket virker også i `mkdocs serve`. Etter en endring skrives søkeindeksen på nytt "
        "etter at siden er vist, så siden ikke venter på den. Tiden er målt fra filen lagres "
        "til den nye søkeindeksen er skrevet helt: Pagefinds inngangsfil navngir en ny indeks, "
        "og den indeksen kan hentes. (Før 5. desember telte målingen fra da den gamle "
        "indeksen ble fjernet, rett før den nye ble skrevet, og viste om lag halve tiden.) "
        "Målet er det samme som for siden. Pagefind bruker om lag 2 sekunder på 1 000 sider, "
        "mest fast arbeid, så målet nås ikke slik søket skrives nå.",
    ),
    "validate": (
        "Validering",
        "`erfaringsbase validate` sjekker alle feltene mot skjemaene, alle henvisninger og alle "
        "id-er. Det skal ta høyst 1,3 ganger så lang tid som bare å lese filene og tolke feltene "
        "øverst i dem med den samme YAML-leseren, ved 10 000 oppføringer, målt i CPU-tid. "
        "Begge kjøres fem ganger på omgang, og den raskeste kjøringen av hver teller. "
        "Vår egen leser alene (den samme C-delen av YAML-leseren, og linjenummeret til hvert "
        "felt tatt vare på, men ingenting sjekket) kjøres på omgang med dem. Den viser hvor "
        "mye av tiden som er lesing, og hvor mye som er sjekkene: målet gir sjekkene 0,3 "
        "ganger tiden det tar å lese.",
    ),
    "search_bytes": (
        "Søk: det leseren laster ned",
        "Søket bruker Pagefind, som deler indeksen i biter. Nettleseren henter bare de bitene "
        "et søk trenger, og først når leseren er på vei til søkefeltet. Vi skriver "
        f"{len(SEARCH_QUERIES)} søk i søkefeltet på en erfaringsside, hvert i en ny nettleser "
        "uten mellomlager: vanlige og sjeldne ord, to ord, en skrivefeil og en virksomhet. "
        "Vi teller alt nettleseren henter fra siden åpnes til første treff vises, siden selv "
        "medregnet, slik en webserver med gzip sender det. Det søket som henter mest, skal "
        "hente høyst 500 kB ved 10 000 oppføringer.",
    ),
    "search_time": (
        "Søk: tid til første treff",
        "Tiden fra siden er lastet til første treff vises i Chromium, for de samme søkene. "
        "Leseren skriver søket rett etter at siden er lastet, så tiden tar med å hente søket. "
        "Medianen skal være høyst 1,5 sekunder ved 10 000 oppføringer. Det tregeste søket "
        "står i parentes. I det syntetiske innholdet står de vanligste ordene på over "
        "halvparten av sidene, og et søk tar tid i forhold til hvor mange sider det treffer.",
    ),
    "memory": (
        "Minne",
        "Bygget ved 10 000 oppføringer skal bruke høyst 1 GB minne, alle prosessene sammen, "
        "så det går i en liten CI-jobb. Minnet er summen av det hver prosess har for seg, og "
        "en del av det som deles mellom byggeprosessen og kopien av den (Pss), målt hvert "
        "halve sekund. Filene i minnet (/dev/shm) regnes med: der skriver bygget det "
        "Pagefind skal lese, når det er plass, fordi 10 000 små filer og mapper på disken "
        "kostet 5–8 sekunder systemtid. Kopien som lager søkeindeksen, blir selv til Pagefind "
        "når de norske søkeordene er skrevet, så det den holdt av minne, er gitt tilbake mens "
        "Pagefind arbeider. Pagefinds eget toppminne står i en egen rad: det er det høyeste "
        "operativsystemet har sett programmet bruke, ikke en prøve (– der Pagefind var ferdig "
        "før minnet ble målt, ved få sider). Pagefind holder "
        "ordene til alle sidene i minnet til indeksen er skrevet, og vokser med antallet "
        "sider og ord.",
    ),
}


def docs_page(results: Sequence[Result], rendered: str, command: str) -> str:
    judged = verdicts(results)
    today = dt.date.today()
    facts = "\n".join(f"{key}\n:   {value}\n" for key, value in machine().items())
    explained = []
    for key, (title, text) in EXPLANATIONS.items():
        verdict = judged.get(key)
        if verdict is None:
            status = "Ikke målt i denne kjøringen."
        elif verdict.met:
            status = f"**Nådd** ({num(verdict.value)} ved N = {num(verdict.at_n, 0)})."
        else:
            status = f"**Ikke nådd** ({num(verdict.value)} ved N = {num(verdict.at_n, 0)})."
        explained.append(f"### {title}\n\n{text} {status}\n")
    return (
        "---\n"
        "title: Ytelse\n"
        "description: Hvor raskt Erfaringsbasen bygges med 1 000 og 10 000 oppføringer, målt "
        "mot vanlig MkDocs + Material.\n"
        "---\n\n"
        "# Ytelse\n\n"
        "Erfaringsbasen skal tåle å vokse til mange tusen oppføringer. Tallene under er målt "
        "på et syntetisk innhold med erfaringer, rapporter, anbefalinger og arrangementer i "
        "samme forhold som det ekte innholdet, med henvisninger mellom dem og norsklignende "
        "tekst. Hvert bygg er sammenlignet med vanlig MkDocs + Material i den samme "
        "kjøringen, med Pagefind som søk: (a) de samme sidene uten utvidelsen vår, og (b) "
        "like mange enkle sider med den samme brødteksten.\n\n"
        '!!! note "Laget av et skript"\n'
        f"    Denne siden lages av `{command}` og skal aldri redigeres for hånd. "
        "Tidene varierer fra kjøring til kjøring, også på en maskin som ellers står stille: "
        "på denne virtuelle maskinen har det samme bygget tatt 10–15 prosent lengre tid fra "
        "det ene minuttet til det neste. Derfor kan skriptet bygge hvert nettsted flere "
        "ganger (`--repeat`, standard 2), på omgang med de andre, og bruke det raskeste "
        "bygget; da står spredningen i en egen rad. CPU-tiden for hvert bygg, som står ved siden av, påvirkes lite av annet "
        "arbeid på maskinen. Hvert bygg skriver nettstedet i en ny mappe, slik et bygg av en "
        "fersk klone i CI gjør: over et nettsted som nettopp er bygget, sletter MkDocs først "
        "30 000 filer og mapper, og filsystemet (ext4) bruker så lenger tid på hver ny fil. "
        "Åtte slike bygg etter hverandre brukte fra 7 til 18 sekunder systemtid; det samme "
        "bygget i en ny mappe 5,5–6 sekunder. Erfaringsbasens Python-kode er kompilert til bytekode før "
        "målingene, slik den er etter en vanlig installasjon (og slik MkDocs og Material "
        "alltid er).\n\n"
        f"Målt {today.day}. {MONTHS[today.month - 1]} {today.year}.\n\n"
        "## Resultater\n\n"
        f"{rendered}\n\n"
        "## Maskinen\n\n"
        f"{facts}\n"
        "## Målene\n\n" + "\n".join(explained)
    )


MONTHS: Final = (
    "januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
    "oktober", "november", "desember",
)  # fmt: skip


# --- command line ----------------------------------------------------------------------------


def compiled() -> None:
    """Our package compiled to bytecode before anything is timed, as every other package
    in the runs is: pip compiles what it installs, and an editable install gets its
    bytecode on first import. Where ``PYTHONDONTWRITEBYTECODE`` is set (as on the machines
    of this project's sessions), every process would otherwise compile our modules again:
    0.05 s per process, a tenth of what validate takes at 1,000 entries."""
    package = Path(erfaringsbase.__file__).parent
    if not compileall.compile_dir(package, quiet=1):
        raise SystemExit(f"could not compile {package}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], metavar="N")
    parser.add_argument("--quick", action="store_true", help="N = 200 only, to try it out")
    parser.add_argument(
        "--write-docs", action="store_true", help=f"write {DOCS_PAGE.relative_to(REPO)}"
    )
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve preview")
    parser.add_argument("--keep", action="store_true", help="keep the generated corpora")
    parser.add_argument(
        "--load",
        action="store_true",
        help="keep one core busy with another normal-priority process during the builds",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=2,
        metavar="R",
        help="build each site R times, taking turns, and count the fastest (default 2)",
    )
    args = parser.parse_args(argv)
    compiled()
    sizes_wanted: list[int] = [200] if args.quick else sorted(set(args.sizes))
    work = Path(tempfile.mkdtemp(prefix="erfaringsbase-bench-"))
    try:
        results = [
            measure(
                n,
                work,
                args.seed,
                not args.no_serve and i == 0,
                max(1, args.repeat),
                args.load and n == max(sizes_wanted),
            )
            for i, n in enumerate(sizes_wanted)
        ]
    finally:
        if args.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    rendered = table(results)
    print(rendered)
    for verdict in verdicts(results).values():
        state = "met" if verdict.met else "MISSED"
        print(
            f"target {verdict.name}: {num(verdict.value)} vs {num(verdict.target)} at N={verdict.at_n}: {state}"
        )
    if args.write_docs:
        command = "python scripts/bench.py --write-docs" + (
            " --sizes " + " ".join(str(n) for n in sizes_wanted)
            if sizes_wanted != [1000, 10000]
            else ""
        )
        if args.repeat != 2:
            command += f" --repeat {args.repeat}"
        if args.load:
            command += " --load"
        DOCS_PAGE.write_text(docs_page(results, rendered, command), "utf-8")
        say(f"wrote {DOCS_PAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
