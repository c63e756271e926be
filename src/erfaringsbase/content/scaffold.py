"""``erfaringsbase new``: a new entry file with every field, explained, as a draft.

The file is written from the kind's JSON Schema (each field's Norwegian description,
allowed values and example become comments), so the scaffold can never drift from what
the validator accepts.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Final

from .config import Settings
from .loader import KIND_LABELS, PLACEHOLDER
from .schema import load_schema, resolve
from .taxonomy_files import Vocabulary
from .urls import RESERVED_IDS, is_valid_id, slugify

#: Also accept the Norwegian names of the kinds on the command line.
KIND_ALIASES: Final = {
    "case": "case",
    "erfaring": "case",
    "report": "report",
    "rapport": "report",
    "recommendation": "recommendation",
    "anbefaling": "recommendation",
    "event": "event",
    "arrangement": "event",
}

#: Sections a good entry of each kind has, with a question that says what goes in each.
BODY: Final[Mapping[str, tuple[tuple[str, str], ...]]] = {
    "case": (
        ("Bakgrunn", "Hva var utfordringen, og hvem tok initiativet?"),
        ("Organisering og styring", "Hvordan var samarbeidet organisert, styrt og finansiert?"),
        ("Erfaringer", "Hva gikk bra, og hva gikk galt?"),
        ("Hva andre kan lære", "Hva ville dere gjort likt eller annerledes neste gang?"),
    ),
    "report": (
        ("Om rapporten", "Hvem laget rapporten, på hvilket grunnlag og for hvem?"),
        ("Viktigste funn", "Hva er de viktigste funnene og konklusjonene?"),
    ),
    "recommendation": (
        ("Bakgrunn", "Hvorfor gir rapporten denne anbefalingen? Hva har gått galt før?"),
    ),
    "event": (
        ("Om arrangementet", "Hva handlet arrangementet om, og hvem var det for?"),
        ("Program", "Hvilke innlegg og erfaringer ble lagt fram?"),
    ),
}

_VOCAB_HINTS: Final = {
    "themes": ("themes.yml", "themes"),
    "life_events": ("life-events.yml", "life_events"),
    "sectors": ("sectors.yml", "sectors"),
}


def resolve_kind(name: str) -> str | None:
    return KIND_ALIASES.get(name.strip().lower())


def _comment(text: str, indent: str) -> Iterator[str]:
    for line in text.splitlines() or [""]:
        yield f"{indent}# {line}".rstrip()


def _allowed(schema: Mapping[str, Any]) -> list[str] | None:
    if "enum" in schema:
        return [str(v) for v in schema["enum"]]
    items = resolve(schema.get("items", {}))
    if "enum" in items:
        return [str(v) for v in items["enum"]]
    return None


def _field_lines(
    name: str,
    prop: Mapping[str, Any],
    value: Any,
    indent: str,
    vocabulary: Vocabulary | None,
) -> Iterator[str]:
    schema = resolve(prop)
    description = schema.get("description", "")
    allowed = _allowed(schema)
    if allowed:
        description += f" Tillatte verdier: {', '.join(allowed)}."
    if name in _VOCAB_HINTS and vocabulary is not None:
        table = getattr(vocabulary, _VOCAB_HINTS[name][1])
        if table:
            description += f" Velg blant: {', '.join(sorted(table))}."
    yield from _comment(description, indent)
    examples = schema.get("examples")
    is_object = schema.get("type") == "object" and "properties" in schema
    if examples and not is_object and value is None:
        example = examples[0]
        if isinstance(example, list) and example and isinstance(example[0], dict):
            yield f"{indent}# Eksempel:"
            for item in example:
                first = True
                for key, val in item.items():
                    bullet = "- " if first else "  "
                    yield f"{indent}#   {bullet}{key}: {_yaml_scalar(val)}"
                    first = False
        else:
            yield f"{indent}# Eksempel: {name}: {_yaml_scalar(example)}"
    if is_object:
        yield f"{indent}{name}:"
        for sub_name, sub_prop in schema["properties"].items():
            yield from _field_lines(sub_name, sub_prop, None, indent + "  ", vocabulary)
        return
    yield f"{indent}{name}:" + (f" {_yaml_scalar(value)}" if value is not None else "")


def _yaml_scalar(value: Any) -> str:
    """A value as YAML flow text; strings quoted whenever YAML 1.1 could misread them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        plain = value.replace("-", "").replace(" ", "").replace(".", "").isalnum()
        if plain and not value[:1].isdigit() and value.lower() not in _YAML11_WORDS:
            return value
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_yaml_scalar(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


_YAML11_WORDS: Final = frozenset(["y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"])


def scaffold(
    kind: str,
    title: str,
    ident: str,
    *,
    today: dt.date,
    schema_ref: str,
    vocabulary: Vocabulary | None = None,
) -> str:
    schema = load_schema(f"{kind}.schema.json")
    values: dict[str, Any] = {
        "id": ident,
        "title": title,
        "published": today.isoformat(),
        "draft": True,
    }
    lines = [
        "---",
        f"# yaml-language-server: $schema={schema_ref}",
        f"# {schema['title']}: {schema['description']}",
        "# Fyll ut feltene. Felt du ikke trenger, kan stå tomme. Fjern «draft: true» når",
        "# oppføringen er klar, og sjekk den med: erfaringsbase validate",
        "",
    ]
    for name, prop in schema["properties"].items():
        lines.extend(_field_lines(name, prop, values.get(name), "", vocabulary))
        lines.append("")
    lines[-1] = "---"
    lines.append("")
    for heading, question in BODY[kind]:
        lines += [f"## {heading}", "", f"{PLACEHOLDER}: {question}", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def schema_reference(settings: Settings, target: Path, kind: str) -> str:
    """Where an editor finds the schema: in this checkout if it has one, else on the site."""
    local = settings.root / "src" / "erfaringsbase" / "content" / "schemas" / f"{kind}.schema.json"
    if local.is_file():
        return Path(os.path.relpath(local, target.parent)).as_posix()
    base = settings.site_url.rstrip("/")
    return f"{base}/{settings.urls.asset('data', f'schemas/{kind}.schema.json')}"


def new_entry_path(settings: Settings, kind: str, ident: str) -> Path:
    return settings.folder(kind) / f"{ident}.md"


def slug_for(title: str) -> str:
    return slugify(title)


def invalid_id_message(given: str | None, title: str, kind: str) -> str:
    """Why ``new`` cannot use the id it was given (``--id``) or made of the title, with a
    valid id that it can use (made by the same ``slugify`` as every id and file name)."""
    made = slugify(given if given else title)
    suggested = made
    if made in RESERVED_IDS:
        suggested = f"{made}-{slugify(KIND_LABELS[kind])}"
    elif not made:
        suggested = slugify(title) if is_valid_id(slugify(title)) else f"ny-{KIND_LABELS[kind]}"
    if given in RESERVED_IDS:
        return f"Id-en «{given}» er reservert av nettstedet. Bruk for eksempel --id {suggested}"
    if given:
        return (
            f"«{given}» er ikke en gyldig id: en id blir adressen til siden og har bare små "
            f"bokstaver (a–z), tall og bindestreker. Bruk --id {suggested}"
        )
    if made in RESERVED_IDS:
        return (
            f"Tittelen gir id-en «{made}», som er reservert. Oppgi en annen med --id, "
            f"for eksempel --id {suggested}"
        )
    return (
        f"Tittelen «{title}» har ingen bokstaver eller tall å lage en id av. Oppgi en id "
        f"med --id, for eksempel --id {suggested}"
    )
