"""Open data: JSON, CSV, the schemas, the DCAT-AP-NO record and the «Åpne data» page,
each read back the way a consumer would read it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import posixpath
import re
import warnings
from importlib import resources
from pathlib import Path
from typing import Any

import pyshacl
import pytest
import yaml
from jsonschema import Draft202012Validator
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from referencing import Registry, Resource

import erfaringsbase.site as site_module
from erfaringsbase.content.urls import UrlScheme
from erfaringsbase.outputs.calendar import produce_calendars
from erfaringsbase.outputs.datapage import produce_data_page
from erfaringsbase.outputs.export import columns, export_assets, produce_data
from erfaringsbase.outputs.feeds import produce_feeds
from erfaringsbase.pages.render import Page, Renderer
from erfaringsbase.site import Asset
from producer_support import SITE_URL, renderer_for
from support import edit

URLS = UrlScheme()
KINDS = {
    "case": "cases",
    "report": "reports",
    "recommendation": "recommendations",
    "event": "events",
}
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority"


def produce(renderer: Renderer) -> tuple[dict[str, Asset], Page]:
    assets: dict[str, Asset] = {}
    pages = []
    for item in [*produce_data(renderer), *produce_data_page(renderer)]:
        if isinstance(item, Asset):
            assert item.path not in assets, f"{item.path} written twice"
            assets[item.path] = item
        else:
            pages.append(item)
    (page,) = pages
    return assets, page


@pytest.fixture
def data(mini: Path) -> tuple[dict[str, Asset], Page]:
    return produce(renderer_for(mini))


def load_json(assets: dict[str, Asset], name: str) -> Any:
    return json.loads(assets[URLS.asset("data", name)].content.decode("utf-8"))


def front_matter(path: Path) -> tuple[dict[str, Any], str]:
    """A content file read independently of the package: plain PyYAML, dates as text."""
    _, front, body = path.read_text("utf-8").split("---\n", 2)
    data = yaml.safe_load(front)
    as_text = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in data.items()}
    return as_text, body


def read_csv(asset: Asset) -> list[dict[str, str]]:
    assert asset.content.startswith(b"\xef\xbb\xbf"), "a BOM, for Excel"
    text = asset.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


# --- JSON ----------------------------------------------------------------------------------


def test_json_per_kind_and_everything(data: tuple[dict[str, Asset], Page]) -> None:
    assets, _ = data
    every = load_json(assets, "alt.json")
    assert every["kind"] == "all" and every["count"] == len(every["items"]) == 8
    for kind, folder in KINDS.items():
        doc = load_json(assets, f"{URLS.prefix(kind)}.json")
        assert doc["kind"] == kind
        assert doc["license"] == "https://creativecommons.org/licenses/by/4.0/"
        # The schema path is relative to the JSON file, and the schema is there.
        schema = posixpath.normpath(posixpath.join("data", doc["schema"]))
        assert schema == f"data/schemas/{kind}.schema.json" and schema in assets
        assert every["schema"][kind] == doc["schema"]
        files = sorted(
            p.stem for p in (Path(__file__).parent / "fixtures/mini" / folder).glob("*.md")
        )
        assert sorted(i["id"] for i in doc["items"]) == files
        assert doc["count"] == len(files)
        assert all(i["kind"] == kind for i in doc["items"])
        assert [i for i in every["items"] if i["kind"] == kind] == doc["items"]
        assert assets[URLS.asset("data", f"{URLS.prefix(kind)}.json")].media_type == (
            "application/json"
        )


def test_items_have_permanent_urls_text_and_backlinks(data: tuple[dict[str, Asset], Page]) -> None:
    assets, _ = data
    items = {i["id"]: i for i in load_json(assets, "alt.json")["items"]}
    samspill = items["samspill"]
    assert samspill["url"] == f"{SITE_URL}erfaringer/samspill/"
    assert samspill["text"].startswith("## Bakgrunn\n\nProsjektet ville gjøre overgangen")
    assert {"kind": "report", "id": "rapport-2019", "relation": "report_covers_case"} in (
        samspill["backlinks"]
    )
    assert {"kind": "recommendation", "id": "rad-2019-jobb-sammen", "relation": "follows_up"} in (
        items["rad-2017-brukere"]["backlinks"]
    )
    assert items["arena"]["backlinks"] == [
        {"kind": "event", "id": "arena-webinar-1", "relation": "part_of_series"}
    ]
    assert items["rad-2019-jobb-sammen"]["text"] == ""


def test_fields_round_trip_the_front_matter(data: tuple[dict[str, Asset], Page]) -> None:
    assets, _ = data
    items = {(i["kind"], i["id"]): i for i in load_json(assets, "alt.json")["items"]}
    checked = 0
    for kind, folder in KINDS.items():
        for file in sorted((Path(__file__).parent / "fixtures/mini" / folder).glob("*.md")):
            fields, body = front_matter(file)
            item = items[(kind, file.stem)]
            assert item["fields"] == fields, file
            # Key order too: the fields read as the contributor wrote them.
            assert list(item["fields"]) == list(fields)
            assert item["text"].strip() == body.strip()
            checked += 1
    assert checked == len(items) == 8


def exported_registry(assets: dict[str, Asset]) -> Registry[Any]:
    """The schemas as a consumer gets them: only the files under data/schemas/."""
    prefix = URLS.asset("data", "schemas/")
    return Registry().with_resources(
        (posixpath.basename(path), Resource.from_contents(json.loads(asset.content)))
        for path, asset in assets.items()
        if path.startswith(prefix)
    )


def test_fields_validate_against_the_exported_schemas(data: tuple[dict[str, Asset], Page]) -> None:
    assets, _ = data
    registry = exported_registry(assets)
    items = load_json(assets, "alt.json")["items"]
    for item in items:
        schema = registry.contents(f"{item['kind']}.schema.json")
        validator = Draft202012Validator(schema, registry=registry)
        errors = [e.message for e in validator.iter_errors(item["fields"])]
        assert errors == [], (item["id"], errors)
    # …and the same validation does reject what is wrong.
    broken = {k: v for k, v in items[0]["fields"].items() if k != "title"} | {"extra": 1}
    schema = registry.contents(f"{items[0]['kind']}.schema.json")
    assert len(list(Draft202012Validator(schema, registry=registry).iter_errors(broken))) == 2


def test_schemas_are_copied_byte_for_byte(data: tuple[dict[str, Asset], Page]) -> None:
    assets, _ = data
    package = resources.files("erfaringsbase.content").joinpath("schemas")
    names = sorted(f.name for f in package.iterdir() if f.name.endswith(".schema.json"))
    assert {"common.schema.json", "case.schema.json", "event.schema.json"} <= set(names)
    exported = sorted(p for p in assets if p.startswith("data/schemas/"))
    assert exported == [f"data/schemas/{n}" for n in names]
    for name in names:
        assert assets[f"data/schemas/{name}"].content == package.joinpath(name).read_bytes()


# --- CSV -----------------------------------------------------------------------------------


def test_csv_has_one_row_per_entry_with_flattened_columns(
    data: tuple[dict[str, Asset], Page],
) -> None:
    assets, _ = data
    cases = read_csv(assets["data/erfaringer.csv"])
    assert list(cases[0]) == [c.name for c in columns("case")]
    assert list(cases[0])[:8] == [
        "id",
        "permalink",
        "title",
        "summary",
        "organisations",
        "period_start",
        "period_end",
        "status",
    ]
    rows = {r["id"]: r for r in cases}
    assert set(rows) == {"ordningen", "samspill"}
    samspill = rows["samspill"]
    assert samspill["permalink"] == f"{SITE_URL}erfaringer/samspill/"
    assert samspill["organisations"] == "nav (eier); difi (deltaker)"
    assert (samspill["period_start"], samspill["period_end"]) == ("2018", "2019-06")
    assert rows["ordningen"]["period_end"] == ""  # ongoing
    assert samspill["themes"] == "samarbeid-pa-tvers; gevinstrealisering"
    assert samspill["financing"] == (
        "Medfinansiering av halve kostnaden (scheme: ordningen, funder: difi, "
        "amount_nok: 2500000, share_percent: 50, year: 2018)"
    )
    assert samspill["sources"] == (
        "Sluttrapport fra prosjektet (publisher: NAV, date: 2019-06, url: https://www.nav.no/)"
    )
    assert samspill["published"] == "2026-11-23" and samspill["updated"] == ""
    for kind, folder in KINDS.items():
        rows_of_kind = read_csv(assets[f"data/{URLS.prefix(kind)}.csv"])
        files = (Path(__file__).parent / "fixtures/mini" / folder).glob("*.md")
        assert sorted(r["id"] for r in rows_of_kind) == sorted(p.stem for p in files)


def test_csv_is_rfc_4180_and_keeps_norwegian_letters(data: tuple[dict[str, Asset], Page]) -> None:
    assets, _ = data
    raw = assets["data/rapporter.csv"].content
    assert raw.count(b"\r\n") == 3 and b"\n" not in raw.replace(b"\r\n", b"")
    assert "Rådets rapport 2019".encode() in raw  # UTF-8, not Latin-1
    assert assets["data/rapporter.csv"].media_type == "text/csv; charset=utf-8"
    reports = {r["id"]: r for r in read_csv(assets["data/rapporter.csv"])}
    assert reports["rapport-2019"]["title"] == "Rådets rapport 2019"
    assert reports["rapport-2019"]["publisher"] == "difi; kmd"
    # A cell with a comma is quoted, and comes back whole.
    assert b'"Leder (publisher: Difi, date: 2019-11)"' in raw
    events = {r["id"]: r for r in read_csv(assets["data/arrangementer.csv"])}
    assert events["arena-webinar-1"]["start"] == "2023-09-14 10:00"
    assert events["arena-webinar-1"]["part_of"] == "arena"
    assert events["arena-webinar-1"]["organiser"] == "norstella"


def test_report_url_and_permalink_are_separate_columns(mini: Path) -> None:
    edit(
        mini / "reports/rapport-2017.md",
        "kind: erfaringsrapport",
        "kind: erfaringsrapport\nurl: https://www.difi.no/rapport",
    )
    assets, _ = produce(renderer_for(mini))
    row = next(r for r in read_csv(assets["data/rapporter.csv"]) if r["id"] == "rapport-2017")
    assert row["url"] == "https://www.difi.no/rapport"
    assert row["permalink"] == f"{SITE_URL}rapporter/rapport-2017/"


def test_csv_formula_injection_is_neutralised(mini: Path) -> None:
    case = mini / "cases/samspill.md"
    edit(case, "title: Samspill om jobb", 'title: \'=HYPERLINK("https://x.example","Klikk")\'')
    summary = "NAV og Digdir prøvde ut en felles tjeneste for folk som mister jobben."
    edit(case, f"summary: {summary}", f"summary: '@SUM(A1) {summary}'")
    edit(case, "  - title: Sluttrapport fra prosjektet", "  - title: '+47 22 00 00 00'")
    edit(mini / "cases/ordningen.md", "description: Årlig tildeling", "description: -10 % i år")
    # A tab may start a multi-line field (one-line fields refuse it: content/text.py).
    edit(
        mini / "events/arena.md",
        "summary: En serie på to webinarer.",
        'summary: "\\tEn serie på to webinarer."',
    )
    assets, _ = produce(renderer_for(mini))
    rows = {r["id"]: r for r in read_csv(assets["data/erfaringer.csv"])}
    samspill = rows["samspill"]
    assert samspill["title"] == '\'=HYPERLINK("https://x.example","Klikk")'
    assert samspill["summary"].startswith("'@SUM(A1) NAV og Digdir")
    assert samspill["sources"].startswith("'+47 22 00 00 00 (publisher: NAV")
    assert rows["ordningen"]["financing"].startswith("'-10 % i år (")
    assert rows["ordningen"]["title"] == "Ordningen"  # ordinary text is left alone
    events = {r["id"]: r for r in read_csv(assets["data/arrangementer.csv"])}
    assert events["arena"]["summary"].startswith("'\tEn serie")
    for row in [*rows.values(), *events.values()]:
        for column, cell in row.items():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)
    # The JSON keeps the text as written.
    items = {i["id"]: i for i in load_json(assets, "erfaringer.json")["items"]}
    assert items["samspill"]["fields"]["title"].startswith("=HYPERLINK")


# --- DCAT-AP-NO ----------------------------------------------------------------------------


def test_catalogue_record_has_the_dcat_ap_no_properties(
    data: tuple[dict[str, Asset], Page],
) -> None:
    assets, _ = data
    asset = assets["data/katalog.jsonld"]
    assert asset.media_type == "application/ld+json"
    record = json.loads(asset.content)
    assert record["@context"] == {
        "dcat": "http://www.w3.org/ns/dcat#",
        "dct": "http://purl.org/dc/terms/",
        "foaf": "http://xmlns.com/foaf/0.1/",
        "skos": "http://www.w3.org/2004/02/skos/core#",
        "vcard": "http://www.w3.org/2006/vcard/ns#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
    }
    assert record["@type"] == "dcat:Catalog"
    assert record["@id"] == record["dct:identifier"] == f"{SITE_URL}data/katalog.jsonld"
    assert record["dcat:contactPoint"]["@id"] == f"{SITE_URL}data/katalog.jsonld#kontakt"
    (dataset,) = record["dcat:dataset"]
    assert dataset["@type"] == "dcat:Dataset"
    assert dataset["dct:title"] == {"@language": "nb", "@value": "Mini"}
    assert dataset["dct:description"]["@language"] == "nb"
    # No organisation number set: the site names itself, by an IRI, and invents none.
    assert dataset["dct:publisher"] == {
        "@id": f"{SITE_URL}#utgiver",
        "@type": "foaf:Agent",
        "foaf:name": {"@language": "nb", "@value": "Mini"},
        "foaf:homepage": {"@id": SITE_URL, "@type": "foaf:Document"},
    }
    assert dataset["dct:license"] == {
        "@id": f"{EU}/licence/CC_BY_4_0",
        "@type": "dct:LicenseDocument",
    }
    assert dataset["dct:modified"] == {"@type": "xsd:date", "@value": "2026-11-23"}
    assert dataset["dct:language"]["@id"] == f"{EU}/language/NOB"
    assert dataset["dcat:theme"]["@id"] == f"{EU}/data-theme/GOVE"
    assert [k["@value"] for k in dataset["dcat:keyword"]] == [
        "Samarbeid på tvers",
        "Gevinstrealisering",
        "Fornyelse",
    ]
    contact = dataset["dcat:contactPoint"]
    assert "vcard:Organization" in contact["@type"] and contact["vcard:hasURL"] == {"@id": SITE_URL}
    assert dataset["dcat:landingPage"]["@id"] == f"{SITE_URL}data/"
    # No invented organisation number, no e-mail address anywhere.
    text = asset.content.decode()
    assert "mailto:" not in text and "hasEmail" not in text and "brreg" not in text


def test_every_distribution_is_a_file_that_was_produced(mini: Path) -> None:
    renderer = renderer_for(mini)
    assets, _ = produce(renderer)
    record = json.loads(assets["data/katalog.jsonld"].content)
    distributions = record["dcat:dataset"][0]["dcat:distribution"]
    downloads = {d["dcat:downloadURL"]["@id"] for d in distributions}
    files = {SITE_URL + p for p in assets if not p.startswith("data/katalog.")}
    assert downloads == files and len(distributions) == len(files)
    formats = {"json": ("JSON", "application/json"), "csv": ("CSV", "text/csv")}
    for d in distributions:
        file_type, media_type = formats[d["dcat:downloadURL"]["@id"].rsplit(".", 1)[1]]
        assert d["@type"] == "dcat:Distribution"
        assert d["dct:format"]["@id"] == f"{EU}/file-type/{file_type}"
        assert (
            d["dcat:mediaType"]["@id"]
            == f"https://www.iana.org/assignments/media-types/{media_type}"
        )
        assert d["dcat:accessURL"] == d["dcat:downloadURL"]
        assert d["dct:license"]["@id"] == f"{EU}/licence/CC_BY_4_0"
        assert d["dct:title"]["@language"] == "nb" and d["dct:title"]["@value"]
    cases = next(
        d for d in distributions if d["dcat:downloadURL"]["@id"].endswith("/erfaringer.json")
    )
    assert cases["dct:conformsTo"] == [
        {
            "@id": f"{SITE_URL}data/schemas/case.schema.json",
            "@type": "dct:Standard",
            "dct:title": {"@language": "nb", "@value": "JSON Schema: Erfaring"},
        }
    ]
    # export_assets is exactly what the site publishes, minus the page.
    exported = {a.path: a.content for a in export_assets(renderer)}
    assert exported == {p: a.content for p, a in assets.items()}


# rdflib's own JSON-LD parser uses its deprecated ConjunctiveGraph internally.
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_catalogue_is_linked_data_with_the_right_terms(data: tuple[dict[str, Asset], Page]) -> None:
    """Parsed as RDF, so a wrong prefix or a misspelt term would show."""
    assets, _ = data
    graph = Graph().parse(data=assets["data/katalog.jsonld"].content, format="json-ld")
    catalogue = URIRef(f"{SITE_URL}data/katalog.jsonld")
    assert (catalogue, RDF.type, DCAT.Catalog) in graph
    (dataset,) = graph.objects(catalogue, DCAT.dataset)
    assert (dataset, RDF.type, DCAT.Dataset) in graph
    assert (dataset, DCT.license, URIRef(f"{EU}/licence/CC_BY_4_0")) in graph
    assert graph.value(dataset, DCT.modified) == Literal(dt.date(2026, 11, 23))
    publisher = graph.value(dataset, DCT.publisher)
    assert graph.value(publisher, FOAF.homepage) == URIRef(SITE_URL)
    contact = graph.value(dataset, DCAT.contactPoint)
    assert (contact, RDF.type, VCARD.Organization) in graph
    downloads = {
        graph.value(d, DCAT.downloadURL) for d in graph.objects(dataset, DCAT.distribution)
    }
    assert URIRef(f"{SITE_URL}data/erfaringer.csv") in downloads


def test_modified_is_the_newest_change_in_the_content(mini: Path) -> None:
    edit(
        mini / "events/arena.md",
        "published: 2026-11-23",
        "published: 2026-11-23\nupdated: 2027-01-05",
    )
    assets, page = produce(renderer_for(mini))
    record = json.loads(assets["data/katalog.jsonld"].content)
    assert record["dcat:dataset"][0]["dct:modified"]["@value"] == "2027-01-05"
    assert "5. januar 2027" in page.standalone()


# --- the page ------------------------------------------------------------------------------


def test_page_documents_every_file_with_a_relative_link(
    data: tuple[dict[str, Asset], Page],
) -> None:
    assets, page = data
    assert page.src_uri == URLS.section("data") == "data/index.md"
    assert page.title == "Åpne data"
    assert page.markdown.startswith("---\ntitle: Åpne data\n")
    text = page.standalone()
    for path in assets:
        link = posixpath.relpath(path, "data")
        assert f'href="{link}"' in text, path
    assert 'href="http' not in text.replace('href="https://creativecommons.org', "")
    assert "Innholdet kan brukes fritt; oppgi Mini og den opprinnelige kilden." in text
    assert "CC BY 4.0" in text
    assert "byte order mark" in text and "formel" in text


def test_page_column_tables_come_from_the_schemas(data: tuple[dict[str, Asset], Page]) -> None:
    _, page = data
    for kind in KINDS:
        assert f"Kolonner i {URLS.prefix(kind)}.csv" in page.markdown
        for column in columns(kind):
            assert f"<td><code>{column.name}</code></td>" in page.standalone()
    schema = json.loads(
        resources.files("erfaringsbase.content")
        .joinpath("schemas/case.schema.json")
        .read_text("utf-8")
    )
    status = schema["properties"]["status"]["description"]
    start = schema["properties"]["period"]["properties"]["start"]["description"]
    text = page.standalone()
    assert f"<td><code>status</code></td>\n<td>{status}</td>" in text
    assert f"<td><code>period_start</code></td>\n<td>{start}</td>" in text


def test_schema_descriptions_flow_into_the_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Change a description in the schema: the column's documentation changes with it."""
    from erfaringsbase.outputs import export

    case = json.loads(json.dumps(export.load_schema("case.schema.json")))
    case["properties"]["status"]["description"] = "Ny beskrivelse fra skjemaet."
    monkeypatch.setattr(export, "load_schema", lambda name: case)
    export.columns.cache_clear()
    try:
        status = next(c for c in export.columns("case") if c.name == "status")
        assert status.description == "Ny beskrivelse fra skjemaet."
    finally:
        export.columns.cache_clear()


def test_builds_are_byte_for_byte_identical(mini: Path) -> None:
    first, page1 = produce(renderer_for(mini))
    second, page2 = produce(renderer_for(mini))
    assert {p: a.content for p, a in first.items()} == {p: a.content for p, a in second.items()}
    assert page1.markdown == page2.markdown


@pytest.mark.slow
def test_mkdocs_resolves_the_page_s_links(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real strict build with the three producers: every link on «Åpne data» resolves."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setattr(
        site_module,
        "PRODUCERS",
        [produce_data, produce_data_page, produce_feeds, produce_calendars],
    )
    site = tmp_path / "site"
    build(load_config(str(mini / "mkdocs.yml"), strict=True, site_dir=str(site)))
    html = (site / "data/index.html").read_text("utf-8")
    assert 'href="erfaringer.csv"' in html and 'href="schemas/case.schema.json"' in html
    assert (site / "data/erfaringer.csv").read_bytes().startswith(b"\xef\xbb\xbfid,permalink,")
    assert (site / "data/katalog.jsonld").is_file()
    assert (site / "feed/alle.xml").is_file() and (site / "arrangementer/kalender.ics").is_file()


# --- DCAT-AP-NO, as data.norge.no checks it -----------------------------------------------------

#: Digdir's shapes for DCAT-AP-NO 2.0 (mandatory and recommended properties of Catalog,
#: Dataset and Distribution), from the public dcat-ap-no-validator-service: see
#: tests/data/dcat-ap-no/README.md.
SHAPES = Path(__file__).parent / "data" / "dcat-ap-no" / "dcat-ap-no-shacl_shapes_2.00.ttl"


def shacl_problems(turtle: bytes) -> list[str]:
    shapes = Graph().parse(SHAPES)
    data = Graph().parse(data=turtle, format="turtle")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, allow_warnings=False)
    return [] if conforms else re.findall(r"Message: (.*)", text) or [text]


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_the_built_site_s_catalogue_passes_dcat_ap_no(real_site: Path) -> None:
    turtle = (real_site / "data" / "katalog.ttl").read_bytes()
    assert shacl_problems(turtle) == []
    # The same record in JSON-LD and in Turtle.
    jsonld = Graph().parse(
        data=(real_site / "data" / "katalog.jsonld").read_bytes(), format="json-ld"
    )
    assert jsonld.isomorphic(Graph().parse(data=turtle, format="turtle"))


def test_the_open_data_are_made_without_a_warning_in_the_build_s_log(mini: Path) -> None:
    """MkDocs logs every warning: rdflib's deprecation of what its own JSON-LD parser
    uses (the Turtle catalogue is made from the JSON-LD) showed in every build."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assets, _ = produce(renderer_for(mini))
    assert assets["data/katalog.ttl"].content


def test_a_publisher_with_an_organisation_number_is_named_by_it(mini: Path) -> None:
    edit(
        mini / "mkdocs.yml",
        "  - erfaringsbase\n",
        "  - erfaringsbase:\n      publisher_orgnr: '991825827'\n",
    )
    assets, _ = produce(renderer_for(mini))
    graph = Graph().parse(data=assets["data/katalog.ttl"].content, format="turtle")
    catalogue = URIRef(f"{SITE_URL}data/katalog.jsonld")
    publisher = graph.value(catalogue, DCT.publisher)
    assert publisher == URIRef("https://data.brreg.no/enhetsregisteret/api/enheter/991825827")
    assert graph.value(publisher, DCT.identifier) == Literal("991825827")
    assert shacl_problems(assets["data/katalog.ttl"].content) == []


def test_the_catalogue_without_a_class_on_a_reference_is_refused() -> None:
    """The check can fail: a licence that is not said to be a licence document is a
    violation of the shapes."""
    bad = (
        b"@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .\n"
        b"<https://example.org/k> a dcat:Catalog ; dct:license <https://example.org/lisens> .\n"
    )
    assert shacl_problems(bad)
