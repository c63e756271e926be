"""Open data: the content as JSON and CSV, the JSON Schemas that describe it, a DCAT-AP-NO
catalogue record, and a page («Åpne data») that documents all of it.

Everything is under the ``data`` prefix (``data/erfaringer.json`` …). The JSON carries each
entry's front matter exactly as the contributor wrote it and the schema accepted it, so the
published schemas validate the published data; the CSV is a flattened copy for
spreadsheets. The columns and their descriptions come from the schemas, never from a list
kept by hand, so the documentation cannot drift from the data.

Like every producer, this one derives everything from the content (dates included), so two
builds of the same content write the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final

import rdflib

from ..content.entry_links import EntryLink, rewrite_entry_links
from ..content.model import Entry
from ..content.schema import load_schema, resolve_with_base
from ..content.urls import absolute, absolute_file, relative
from ..pages.render import Asset, Renderer

LICENSE_URL: Final = "https://creativecommons.org/licenses/by/4.0/"
LICENSE_DEED_NB: Final = "https://creativecommons.org/licenses/by/4.0/deed.no"
LICENSE_TEXT: Final = "Innholdet kan brukes fritt; oppgi {site} og den opprinnelige kilden."

# EU vocabularies that DCAT-AP-NO uses (publications.europa.eu authority tables).
EU: Final = "http://publications.europa.eu/resource/authority"
EU_LICENSE: Final = f"{EU}/licence/CC_BY_4_0"
EU_LANGUAGE_NOB: Final = f"{EU}/language/NOB"
EU_THEME_GOVE: Final = f"{EU}/data-theme/GOVE"
EU_ACCESS_PUBLIC: Final = f"{EU}/access-right/PUBLIC"
IANA: Final = "https://www.iana.org/assignments/media-types"
#: Where Enhetsregisteret publishes an organisation, by its number: the publisher's IRI.
BRREG: Final = "https://data.brreg.no/enhetsregisteret/api/enheter"
CONTEXT: Final = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


@dataclass(frozen=True, slots=True)
class Format:
    name: str  # as shown on the page
    eu_file_type: str  # code in the EU file-type authority table
    media_type: str  # IANA


JSON: Final = Format("JSON", "JSON", "application/json")
CSV: Final = Format("CSV", "CSV", "text/csv")
JSON_LD: Final = Format("JSON-LD", "JSON_LD", "application/ld+json")

#: Starts a formula in Excel, LibreOffice and Google Sheets (OWASP, "CSV injection").
FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR: Final = "; "
#: Arrays of objects that are written in a fixed, shorter form: ``nav (eier)``.
OBJECT_PARTS: Final[Mapping[str, tuple[str, ...]]] = {"organisations": ("id", "role")}
#: The CSV column with the entry's permanent address. Not ``url``: reports have a field
#: of that name (the report's own address). The schemas forbid unknown fields, so this
#: name cannot collide with a field without a schema change (which :func:`columns` checks).
PERMALINK: Final = "permalink"
PERMALINK_DESCRIPTION: Final = "Den faste adressen til oppføringen i Erfaringsbasen."
SEPARATOR_NOTE: Final = "semikolon og mellomrom («; »)"
ALL: Final = "all"


@dataclass(frozen=True, slots=True)
class DataFile:
    """One published file, with what the page and the catalogue say about it. Its
    content is made only when it is written (``asset``): the page and the catalogue need
    only the rest, and the site's build makes the files after the pages."""

    path: str
    make: Callable[[], bytes]
    title: str
    description: str
    format: Format
    conforms_to: tuple[str, ...] = ()  # paths of the schemas the file follows
    media_type: str = ""  # when it is not the format's own

    def asset(self) -> Asset:
        return Asset.later(self.path, self.make, self.media_type or self.format.media_type)


def produce_data(renderer: Renderer) -> Iterator[Asset]:
    """Every data file, then the catalogue record."""
    yield from export_assets(renderer)


def export_assets(renderer: Renderer) -> list[Asset]:
    """Everything :func:`produce_data` writes (also for ``erfaringsbase export``)."""
    files = data_files(renderer)
    catalogue = catalogue_asset(renderer, files)
    return [f.asset() for f in files] + [catalogue, catalogue_turtle(renderer, catalogue)]


def data_files(renderer: Renderer) -> list[DataFile]:
    written: dict[tuple[str, str], str] = {}
    files = [json_file(renderer, kind, written) for kind in renderer.ix.kinds()]
    files.append(json_file(renderer, ALL, written))
    files += [csv_file(renderer, kind) for kind in renderer.ix.kinds()]
    files += schema_files(renderer)
    return files


def path_of(renderer: Renderer, name: str) -> str:
    return renderer.urls.asset("data", name)


def catalogue_path(renderer: Renderer, suffix: str = "jsonld") -> str:
    return path_of(renderer, f"katalog.{suffix}")


def schema_path(renderer: Renderer, kind: str) -> str:
    return path_of(renderer, f"schemas/{kind}.schema.json")


def changed(entry: Entry) -> dt.date:
    return entry.updated or entry.published


def _json_bytes(document: object) -> bytes:
    # allow_nan=False: NaN and Infinity are not JSON; the schemas cannot let one through,
    # and if one ever did, the build should stop rather than write a file parsers reject.
    text = json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False)
    return (text + "\n").encode("utf-8")


def _json_item_text(item: object) -> str:
    """An item as ``_json_bytes`` writes it inside ``"items": [...]`` (two levels in)."""
    text = json.dumps(item, ensure_ascii=False, indent=2, allow_nan=False)
    # JSON strings hold no line breaks (they are escaped), so each line is a line of JSON.
    return "\n".join("    " + line for line in text.split("\n"))


def _json_with_items(document: Mapping[str, object], items: Sequence[str]) -> bytes:
    """``_json_bytes(document | {"items": [...]})``, the items written already."""
    if not items:
        return _json_bytes({**document, "items": []})
    head = json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False)
    text = head[: -len("\n}")] + ',\n  "items": [\n' + ",\n".join(items) + "\n  ]\n}"
    return (text + "\n").encode("utf-8")


# --- JSON ----------------------------------------------------------------------------------


def json_file(
    renderer: Renderer, kind: str, written: dict[tuple[str, str], str] | None = None
) -> DataFile:
    """``erfaringer.json`` …, or (``kind="all"``) ``alt.json`` with every kind.
    ``written``: the entries' JSON, shared by the files that hold them."""
    written = {} if written is None else written
    ix = renderer.ix
    kinds = ix.kinds() if kind == ALL else (kind,)
    name = "alt.json" if kind == ALL else f"{renderer.urls.prefix(kind)}.json"
    path = path_of(renderer, name)
    entries = [e for k in kinds for e in ix.by_kind.get(k, [])]
    schemas = {k: relative(path, schema_path(renderer, k)) for k in kinds}

    def make() -> bytes:
        document = {
            "kind": kind,
            "license": LICENSE_URL,
            # One kind: the path of its schema; every kind (alt.json): a path per kind.
            "schema": schemas if kind == ALL else schemas[kind],
            "count": len(entries),
        }
        return _json_with_items(document, [item_text(e) for e in entries])

    def item_text(entry: Entry) -> str:
        # Each entry is in its kind's file and in alt.json: written once, for both.
        key = (entry.kind, entry.id)
        if key not in written:
            written[key] = _json_item_text(json_item(renderer, entry))
        return written[key]

    if kind == ALL:
        title, description = "Alt innhold (JSON)", "Alle oppføringer av alle typer i én fil."
    else:
        label = renderer.t[kind + "s"]
        title = f"{label} (JSON)"
        description = f"{label}: feltene slik de er skrevet, teksten og lenkene hit."
    conforms = tuple(schema_path(renderer, k) for k in kinds)
    return DataFile(path, make, title, description, JSON, conforms)


def json_item(renderer: Renderer, entry: Entry) -> dict[str, Any]:
    ix, urls = renderer.ix, renderer.urls
    return {
        "id": entry.id,
        "kind": entry.kind,
        "url": absolute(ix.settings.site_url, urls.page(entry.kind, entry.id)),
        "fields": plain(entry.data),
        "text": text_with_addresses(renderer, entry),
        "backlinks": [
            {"kind": b.source.kind, "id": b.source.id, "relation": b.relation}
            for b in ix.backlinks_to(entry)
        ],
    }


def text_with_addresses(renderer: Renderer, entry: Entry) -> str:
    """The entry's text, its links to other entries (``../cases/altinn.md``) made into the
    addresses of their pages: a reuser never meets a file name."""
    ix = renderer.ix

    def address(link: EntryLink) -> str | None:
        target = ix.get(link.kind, link.ident) if link.kind else None
        if target is None:
            return None
        url = absolute(ix.settings.site_url, renderer.urls.page(target.kind, target.id))
        return f"{url}#{link.anchor}" if link.anchor else url

    return rewrite_entry_links(entry.body, entry.path, ix.settings.folder_kinds, address)


def plain(value: Any) -> Any:
    """The front matter as dicts and lists: ``Entry.data`` is only promised to be a
    Mapping, and ``json`` writes nothing else (a read-only view would stop the build)."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


# --- JSON Schemas --------------------------------------------------------------------------


def schema_names() -> list[str]:
    """The schema files shipped in the package, in name order."""
    folder = resources.files("erfaringsbase.content").joinpath("schemas")
    return sorted(f.name for f in folder.iterdir() if f.name.endswith(".schema.json"))


def _as_is(content: bytes) -> Callable[[], bytes]:
    return lambda: content


def schema_files(renderer: Renderer) -> list[DataFile]:
    """The schemas, byte for byte: their ``$id``s and ``$ref``s are relative file names,
    so they resolve against each other in ``data/schemas/`` as they do in the package."""
    folder = resources.files("erfaringsbase.content").joinpath("schemas")
    files = []
    for name in schema_names():
        content = folder.joinpath(name).read_bytes()
        schema = json.loads(content)
        path = path_of(renderer, f"schemas/{name}")
        title = f"JSON Schema: {schema.get('title', name)}"
        description = str(schema.get("description", ""))
        files.append(DataFile(path, _as_is(content), title, description, JSON))
    return files


# --- CSV -----------------------------------------------------------------------------------


#: Reads one cell from an entry's front matter (plus its permalink).
Reader = Callable[[Mapping[str, Any]], str]


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    description: str  # from the schema
    form: str  # how a value is written, when it is not written as is
    value: Reader


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _list_text(value: Any) -> str:
    if isinstance(value, list):
        return LIST_SEPARATOR.join(cell_text(v) for v in value)
    return cell_text(value)


def _object_text(item: Mapping[str, Any], parts: Sequence[str], labelled: bool) -> str:
    """``head (rest, …)``: the first part, then those of the others that are filled in."""
    head, *rest = parts
    shown = [
        f"{p}: {cell_text(item[p])}" if labelled else cell_text(item[p])
        for p in rest
        if item.get(p) is not None
    ]
    text = cell_text(item.get(head))
    return f"{text} ({', '.join(shown)})" if shown else text


def _objects_column(name: str, description: str, item_schema: Mapping[str, Any]) -> Column:
    """A list of objects in one cell: ``title (publisher: Difi, date: 2017)``, ``; `` between.

    The optional parts are named (``publisher: …``), so a reader can tell them apart when
    some are missing; the JSON has every field as it is.
    """
    fixed = OBJECT_PARTS.get(name)
    parts = fixed or tuple(item_schema.get("properties", {}))
    labelled = fixed is None
    rest = ", ".join(f"{p}: …" if labelled else p for p in parts[1:])
    form = f"«{parts[0]} ({rest})»; flere skilt med {SEPARATOR_NOTE}."
    if labelled:
        form += " Bare feltene som er fylt ut står i parentesen."

    def value(data: Mapping[str, Any]) -> str:
        items = data.get(name) or []
        return LIST_SEPARATOR.join(_object_text(i, parts, labelled) for i in items)

    return Column(name, description, form, value)


def _is_list(spec: Mapping[str, Any]) -> bool:
    if spec.get("type") == "array":
        return True
    return any(branch.get("type") == "array" for branch in spec.get("oneOf", ()))


def _reads(name: str, text: Callable[[Any], str]) -> Reader:
    def value(data: Mapping[str, Any]) -> str:
        return text(data.get(name))

    return value


def _reads_part(name: str, part: str) -> Reader:
    def value(data: Mapping[str, Any]) -> str:
        return cell_text((data.get(name) or {}).get(part))

    return value


def _field_columns(name: str, prop: Mapping[str, Any], base: str) -> list[Column]:
    spec, spec_base = resolve_with_base(prop, base)
    description = str(spec.get("description", ""))
    if spec.get("type") == "object" and "properties" in spec:
        # A small record (period): one column per part, period_start and period_end.
        return [
            Column(
                f"{name}_{part}",
                str(resolve_with_base(part_prop, spec_base)[0].get("description", "")),
                "",
                _reads_part(name, part),
            )
            for part, part_prop in spec["properties"].items()
        ]
    if spec.get("type") == "array":
        items, _ = resolve_with_base(spec.get("items", {}), spec_base)
        if items.get("type") == "object":
            return [_objects_column(name, description, items)]
    if _is_list(spec):
        form = f"Flere verdier skilt med {SEPARATOR_NOTE}."
        return [Column(name, description, form, _reads(name, _list_text))]
    return [Column(name, description, "", _reads(name, cell_text))]


@cache
def columns(kind: str) -> tuple[Column, ...]:
    """The CSV columns of a kind, in the schema's order, with the schema's descriptions;
    ``permalink`` (the page's permanent address) follows ``id``."""
    base = f"{kind}.schema.json"
    schema = load_schema(base)
    found: list[Column] = []
    for name, prop in schema["properties"].items():
        found += _field_columns(name, prop, base)
        if name == "id":
            link = Column(PERMALINK, PERMALINK_DESCRIPTION, "", _reads(PERMALINK, cell_text))
            found.append(link)
    names = [c.name for c in found]
    if len(set(names)) != len(names):
        raise ValueError(f"{base}: CSV column names collide: {names}")
    return tuple(found)


def guard(cell: str) -> str:
    """Neutralise CSV formula injection: text a contributor starts with ``=`` (or ``+ - @``,
    tab, CR) would run as a formula when the file is opened in a spreadsheet, so it gets
    a leading apostrophe, which spreadsheets show as text."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def csv_bytes(renderer: Renderer, kind: str) -> bytes:
    cols = columns(kind)
    out = io.StringIO(newline="")
    # RFC 4180: comma, CRLF, fields with comma, quote or line break in double quotes.
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([c.name for c in cols])
    site_url = renderer.ix.settings.site_url
    for entry in renderer.ix.by_kind.get(kind, []):
        url = absolute(site_url, renderer.urls.page(entry.kind, entry.id))
        data = {**entry.data, PERMALINK: url}
        writer.writerow([guard(c.value(data)) for c in cols])
    # With a byte order mark, because Excel opens UTF-8 CSV as UTF-8 only when it has one
    # (without, «Brønnøysund» becomes «BrÃ¸nnÃ¸ysund» on a Norwegian Windows).
    return out.getvalue().encode("utf-8-sig")


def csv_file(renderer: Renderer, kind: str) -> DataFile:
    path = path_of(renderer, f"{renderer.urls.prefix(kind)}.csv")
    label = renderer.t[kind + "s"]
    return DataFile(
        path,
        lambda: csv_bytes(renderer, kind),
        f"{label} (CSV)",
        f"{label} som regneark: én rad per oppføring.",
        CSV,
        media_type=f"{CSV.media_type}; charset=utf-8",
    )


# --- DCAT-AP-NO ----------------------------------------------------------------------------


def _nb(text: str) -> dict[str, str]:
    return {"@language": "nb", "@value": text}


def _ref(iri: str, kind: str | None = None) -> dict[str, str]:
    """A reference, with the class DCAT-AP-NO expects of it where it checks one (its
    shapes test ``sh:class``; a harvester does not look the IRI up to find out)."""
    return {"@id": iri, "@type": kind} if kind else {"@id": iri}


def newest_change(renderer: Renderer) -> dt.date | None:
    return max((changed(e) for e in renderer.ix.entries), default=None)


def catalogue_asset(renderer: Renderer, files: Sequence[DataFile]) -> Asset:
    """``katalog.jsonld``: a ``dcat:Catalog`` with the dataset and one distribution per file."""
    settings = renderer.ix.settings
    path = catalogue_path(renderer)
    url = absolute_file(settings.site_url, path)
    landing = absolute(settings.site_url, renderer.urls.section("data"))
    home = absolute(settings.site_url, renderer.urls.home())
    name = settings.site_name
    modified = newest_change(renderer)
    dated = (
        {"dct:modified": {"@type": "xsd:date", "@value": modified.isoformat()}} if modified else {}
    )
    # The publisher by its number in Enhetsregisteret (``publisher_orgnr``), as
    # data.norge.no knows it; without one, the site itself: we invent no number. The
    # contact point is a web address, never a personal e-mail.
    orgnr = settings.publisher_orgnr
    publisher: dict[str, Any] = {
        "@id": f"{BRREG}/{orgnr}" if orgnr else f"{home}#utgiver",
        "@type": "foaf:Agent",
        "foaf:name": _nb(name),
        "foaf:homepage": _ref(home, "foaf:Document"),
    }
    if orgnr:
        publisher["dct:identifier"] = orgnr
    contact = {
        "@id": f"{url}#kontakt",
        "@type": ["vcard:Organization", "vcard:Kind"],
        "vcard:fn": name,
        "vcard:hasURL": _ref(home),
    }
    titles = {f.path: f.title for f in files}
    theme: dict[str, Any] = _ref(EU_THEME_GOVE, "skos:Concept")
    theme["skos:prefLabel"] = _nb("Forvaltning og offentlig sektor")
    dataset_id = f"{url}#datasett"
    dataset = {
        "@id": dataset_id,
        "@type": "dcat:Dataset",
        "dct:identifier": dataset_id,
        "dct:title": _nb(name),
        "dct:description": _nb(
            "Erfaringer, rapporter, anbefalinger og arrangementer om digitalisering i "
            "offentlig sektor: hvem har gjort dette før, hva gikk galt, og hva ble anbefalt?"
        ),
        "dct:publisher": publisher,
        "dcat:contactPoint": contact,
        "dct:license": _ref(EU_LICENSE, "dct:LicenseDocument"),
        "dct:accessRights": _ref(EU_ACCESS_PUBLIC, "dct:RightsStatement"),
        **dated,
        "dct:language": _ref(EU_LANGUAGE_NOB, "dct:LinguisticSystem"),
        "dcat:theme": theme,
        "dcat:keyword": [_nb(t.title) for t in renderer.ix.vocabulary.themes.values()],
        "dcat:landingPage": _ref(landing, "foaf:Document"),
        "dcat:distribution": [distribution(renderer, url, f, titles) for f in files],
    }
    catalogue = {
        "@context": CONTEXT,
        "@id": url,
        "@type": "dcat:Catalog",
        "dct:identifier": url,
        "dct:title": _nb(f"{name}: åpne data"),
        "dct:description": _nb(f"Katalog over de åpne dataene i {name}."),
        "dct:publisher": publisher,
        "dcat:contactPoint": contact,
        "dct:license": _ref(EU_LICENSE, "dct:LicenseDocument"),
        "dct:language": _ref(EU_LANGUAGE_NOB, "dct:LinguisticSystem"),
        **dated,
        "foaf:homepage": _ref(landing, "foaf:Document"),
        "dcat:dataset": [dataset],
    }
    return Asset(path, _json_bytes(catalogue), JSON_LD.media_type)


def catalogue_turtle(renderer: Renderer, catalogue: Asset) -> Asset:
    """``katalog.ttl``: the same record in Turtle, the form data.norge.no's guide uses."""
    with warnings.catch_warnings():
        # rdflib 7.6's own JSON-LD parser makes a ConjunctiveGraph, which rdflib itself
        # deprecates: every build's log showed that warning with a stack, about nothing a
        # contributor can change (rdflib#3064, fixed by #3495 for a later release).
        warnings.filterwarnings(
            "ignore", "ConjunctiveGraph is deprecated", DeprecationWarning, "rdflib"
        )
        graph = rdflib.Graph().parse(data=catalogue.content, format="json-ld")
    for prefix, namespace in CONTEXT.items():
        graph.bind(prefix, namespace)
    text = graph.serialize(format="turtle")
    return Asset(catalogue_path(renderer, "ttl"), text.encode("utf-8"), "text/turtle")


def distribution(
    renderer: Renderer, catalogue_url: str, file: DataFile, titles: Mapping[str, str]
) -> dict[str, Any]:
    site_url = renderer.ix.settings.site_url
    download = absolute_file(site_url, file.path)
    name = relative(catalogue_path(renderer), file.path)
    record: dict[str, Any] = {
        "@id": f"{catalogue_url}#{name}",
        "@type": "dcat:Distribution",
        "dct:title": _nb(file.title),
        "dct:description": _nb(file.description),
        # A direct download: DCAT-AP wants accessURL too, and it is the same address.
        "dcat:accessURL": _ref(download),
        "dcat:downloadURL": _ref(download),
        "dct:format": _ref(f"{EU}/file-type/{file.format.eu_file_type}", "dct:MediaType"),
        "dcat:mediaType": _ref(f"{IANA}/{file.format.media_type}", "dct:MediaType"),
        "dct:license": _ref(EU_LICENSE, "dct:LicenseDocument"),
    }
    if file.conforms_to:
        record["dct:conformsTo"] = [
            {**_ref(absolute_file(site_url, p), "dct:Standard"), "dct:title": _nb(titles[p])}
            for p in file.conforms_to
        ]
    return record
