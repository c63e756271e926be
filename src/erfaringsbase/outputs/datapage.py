"""«Åpne data»: the page that documents the open data (``export``): every file with a link,
the licence, the formats, the columns of each CSV file (from the JSON Schemas) and the
catalogue record."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from markupsafe import Markup

from ..content.model import PartialDate
from ..pages import html
from ..pages.figures import table
from ..pages.render import Page, Renderer, Section
from .export import (
    LICENSE_DEED_NB,
    LICENSE_TEXT,
    SEPARATOR_NOTE,
    DataFile,
    catalogue_path,
    columns,
    data_files,
    newest_change,
    schema_path,
)


def produce_data_page(renderer: Renderer) -> Iterator[Page]:
    yield data_page(renderer, data_files(renderer))


def code(name: str) -> Markup:
    return Markup(f"<code>{html.text(name)}</code>")


def data_page(renderer: Renderer, files: Sequence[DataFile]) -> Page:
    renderer.here = renderer.urls.section("data")
    site_name = renderer.ix.settings.site_name
    title = "Åpne data"
    intro = [
        html.paragraph(
            f"Alt innholdet i {site_name} kan lastes ned som åpne data: "
            "JSON for programmer, CSV for regneark og JSON Schema som beskriver hvert felt. "
            "Filene lages av det samme innholdet som sidene, hver gang nettstedet bygges."
        )
    ]
    facts = [
        ("Lisens", renderer.external(LICENSE_DEED_NB, "CC BY 4.0")),
        ("Oppføringer", html.text(str(len(renderer.ix.entries)))),
    ]
    modified = newest_change(renderer)
    if modified is not None:
        day = PartialDate(modified.year, modified.month, modified.day).human()
        facts.append(("Sist endret", html.text(day)))
    sections = [
        _licence(renderer),
        _files(renderer, files),
        _json(),
        _csv(),
        *[_columns(renderer, kind) for kind in renderer.ix.kinds()],
        _relations(renderer),
        _catalogue(renderer),
    ]
    markdown = renderer.listing(title, intro, facts, sections, searchable=True)
    description = f"Last ned innholdet i {site_name} som JSON og CSV."
    return renderer.page("data", title, markdown, None, description, uri=renderer.here)


def _licence(renderer: Renderer) -> Section:
    licence = renderer.external(LICENSE_DEED_NB, "Creative Commons Navngivelse 4.0 (CC BY 4.0)")
    text = LICENSE_TEXT.format(site=renderer.ix.settings.site_name)
    return Section(
        "Lisens", intro=html.text(text) + Markup(" Lisensen er ") + licence + Markup(".")
    )


def _files(renderer: Renderer, files: Sequence[DataFile]) -> Section:
    section = Section("Filer")
    for file in files:
        detail = f" – {file.description}" if file.description else ""
        section.items.append(renderer.link(file.path, file.title) + html.text(detail))
    for suffix, form in (("jsonld", "JSON-LD"), ("ttl", "Turtle")):
        link = renderer.link(catalogue_path(renderer, suffix), f"Katalogpost (DCAT-AP-NO, {form})")
        section.items.append(link + html.text(" – beskriver datasettet og filene."))
    return section


def _json() -> Section:
    def key(name: str, text: str) -> Markup:
        return code(name) + html.text(f": {text}")

    intro = html.text(
        "Hver JSON-fil er ett objekt med disse feltene (UTF-8, og oppføringene i samme "
        "rekkefølge som på nettstedet):"
    )
    return Section(
        "JSON",
        [
            key(
                "kind",
                "typen: case (erfaring), report (rapport), recommendation (anbefaling), "
                "event (arrangement), eller all i alt.json.",
            ),
            key("license", "lisensen (CC BY 4.0)."),
            key(
                "schema",
                "stien til JSON Schema for typen, relativt til filen; i alt.json ett skjema "
                "per type.",
            ),
            key("count", "antall oppføringer."),
            key(
                "items",
                "oppføringene. Hver har id, kind, url (den faste adressen), fields "
                "(feltene slik de står i filen, og slik skjemaet beskriver dem), text "
                "(teksten, i markdown) og backlinks (oppføringene som viser hit: kind, id "
                "og relation).",
            ),
        ],
        intro=intro,
    )


def _csv() -> Section:
    points = [
        "Tegnsett UTF-8 med byte order mark (BOM), slik at Excel viser æ, ø og å riktig.",
        "Komma mellom feltene. Felt med komma, anførselstegn eller linjeskift står i "
        "anførselstegn (RFC 4180).",
        "I Excel med norske innstillinger: bruk Data → Fra tekst/CSV, så blir kommaene "
        "kolonneskille. Desimaltall har punktum.",
        f"En liste står i én celle, med {SEPARATOR_NOTE} mellom verdiene.",
        "En celle som begynner med =, +, -, @, tabulator eller linjeskift får en apostrof "
        "(') foran, så regnearket ikke tolker teksten som en formel. Det er bidragsyterne "
        "som skriver teksten; en formel i en celle kan hente data eller starte programmer. "
        "JSON-filene har teksten uendret.",
    ]
    intro = html.text("CSV-filene har én rad per oppføring og en overskriftsrad.")
    return Section("CSV", [html.text(p) for p in points], intro=intro)


def _columns(renderer: Renderer, kind: str) -> Section:
    name = f"{renderer.urls.prefix(kind)}.csv"
    schema = renderer.link(schema_path(renderer, kind), renderer.t[kind].lower())
    intro = html.text("Beskrivelsene er hentet fra JSON-skjemaet for ") + schema + Markup(".")
    rows = [[code(c.name), c.description, c.form] for c in columns(kind)]
    return Section(
        f"Kolonner i {name}",
        level=3,
        intro=intro,
        blocks=[table(["Kolonne", "Innhold", "Skrives som"], rows, [])],
    )


def _relations(renderer: Renderer) -> Section:
    rows = [
        [code(key.removeprefix("rel_")), label]
        for key, label in renderer.t.items()
        if key.startswith("rel_")
    ]
    return Section(
        "Relasjoner i backlinks",
        intro=html.text("Hva «relation» i backlinks betyr: oppføringen det vises fra er …"),
        blocks=[table(["relation", "Betydning"], rows, [])],
    )


def _catalogue(renderer: Renderer) -> Section:
    intro = (
        html.text("Katalogposten ")
        + renderer.link(catalogue_path(renderer), "katalog.jsonld")
        + html.text(" (og den samme i Turtle, ")
        + renderer.link(catalogue_path(renderer, "ttl"), "katalog.ttl")
        + html.text(
            ", slik data.norge.no høster den) beskriver datasettet etter DCAT-AP-NO: utgiver, "
            "lisens, språk, tema, når innholdet sist ble endret, og hver fil med "
            "nedlastingsadresse og format."
        )
    )
    return Section("Katalogpost", intro=intro)
