"""JSON Schema validation with messages a non-developer can act on.

The schemas in ``schemas/`` are the single description of every field: the validator
uses them, the editor integration and the published field reference read them, and the
messages below quote their Norwegian ``description`` and ``examples`` rather than keeping
a second copy of what a field means.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Final

import yaml

from . import dates
from .fastcheck import Check, compile_schema
from .patterns import ecma_regex
from .problems import Problem, suggestion
from .reader import FieldPath, LineMap, format_path
from .text import MULTI_LINE, SINGLE_LINE, text_ok, text_problem, visible
from .urls import ID_REGEX, slugify

# jsonschema is imported where it is used: only to explain a document that the compiled
# check (``fastcheck``) has found wrong. Importing it and its reference resolver takes
# about 0.1 s, a twentieth of ``erfaringsbase validate`` on a valid tree of 10,000 files,
# and every process that reads files would pay it.
if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator
    from referencing import Registry

ENTRY_KINDS: Final = ("case", "report", "recommendation", "event")
TAXONOMY_FILES: Final = {
    "themes": "themes",
    "organisations": "organisations",
    "life-events": "lifeEvents",
    "sectors": "sectors",
    "concepts": "concepts",
}
SCHEMA_FILES: Final = (
    "common.schema.json",
    *(f"{kind}.schema.json" for kind in ENTRY_KINDS),
    "taxonomy.schema.json",
    *(f"{name}.schema.json" for name in TAXONOMY_FILES),
)


@cache
def load_schema(name: str) -> dict[str, Any]:
    text = (
        resources.files("erfaringsbase.content")
        .joinpath("schemas")
        .joinpath(name)
        .read_text("utf-8")
    )
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _registry() -> Registry[Any]:
    from referencing import Registry, Resource

    return Registry().with_resources(
        (name, Resource.from_contents(load_schema(name))) for name in SCHEMA_FILES
    )


# --- the schemas' `format` keywords: dates and text ---------------------------------------


@cache
def year_range() -> range:
    """The years a date may have, from the schema (``common.schema.json#/$defs/year``):
    the same bounds for a year written as a number and for every date and time."""
    year = load_schema("common.schema.json")["$defs"]["year"]
    return range(int(year["minimum"]), int(year["maximum"]) + 1)


def calendar_problem(value: object) -> str | None:
    """Why a date-like value does not exist, or None if it does (or is not date-like)."""
    return dates.calendar_problem(value, year_range())


def _calendar_ok(value: object) -> bool:
    return calendar_problem(value) is None


#: The schemas' ``format`` keywords that are checked; any other format is not.
FORMATS: Final[Mapping[str, Callable[[object], bool]]] = {
    **dict.fromkeys(dates.FORMATS, _calendar_ok),
    SINGLE_LINE: text_ok(SINGLE_LINE),
    MULTI_LINE: text_ok(MULTI_LINE),
}


def _format_problem(value: object, format_name: str) -> str:
    if format_name in (SINGLE_LINE, MULTI_LINE):
        problem = text_problem(value, format_name)
    else:
        problem = calendar_problem(value)
    return problem or f"«{_show(value)}» er ugyldig."


def _in_date_form(value: object, date_format: object) -> str | None:
    """«Skriv datoen som 2019-03-01.» for a date written in another style (01.03.2019),
    or why that date does not exist; None if ``value`` is no date in another style."""
    if not isinstance(value, str) or date_format not in dates.FORMATS:
        return None
    converted = dates.iso_form(value, str(date_format))
    if converted is None:
        return None
    iso = converted.strip('"')
    wrong = calendar_problem(iso)
    if wrong is not None:
        return f"Det blir {iso}, men {wrong}"
    what = "tidspunktet" if date_format == dates.LOCAL_DATETIME else "datoen"
    return f"Skriv {what} som {converted}."


def _pattern(
    validator: Validator, pattern: str, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    """``pattern`` as JSON Schema means it (``patterns``): ``$`` is the very end."""
    from jsonschema.exceptions import ValidationError

    if isinstance(instance, str) and not ecma_regex(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@cache
def validator(name: str) -> Validator:
    """jsonschema's validator for the schema file ``name``, to find and explain errors."""
    from jsonschema import Draft202012Validator, FormatChecker
    from jsonschema.validators import extend

    formats = FormatChecker(formats=())
    for format_name, ok in FORMATS.items():
        formats.checks(format_name)(ok)
    checker: type[Validator] = extend(  # type: ignore[no-untyped-call]
        Draft202012Validator, {"pattern": _pattern}
    )
    return checker(load_schema(name), registry=_registry(), format_checker=formats)


# --- describing fields ---------------------------------------------------------------------


def _lookup(ref: str, base: str) -> tuple[Mapping[str, Any], str]:
    file, _, pointer = ref.partition("#")
    file = file or base
    target: Any = load_schema(file)
    for part in filter(None, pointer.split("/")):
        target = target[part]
    return target, file


def resolve_with_base(
    subschema: Mapping[str, Any], base: str = "common.schema.json"
) -> tuple[dict[str, Any], str]:
    """Follow ``$ref`` chains; a node's own keywords win over the referenced ones.

    Returns the merged schema and the file that local ``#/…`` references in it belong to.
    """
    merged = dict(subschema)
    for _ in range(10):
        if "$ref" not in merged:
            break
        target, base = _lookup(merged.pop("$ref"), base)
        merged = {**target, **merged}
    return merged, base


def resolve(subschema: Mapping[str, Any], base: str = "common.schema.json") -> dict[str, Any]:
    return resolve_with_base(subschema, base)[0]


def _example(subschema: Mapping[str, Any]) -> str | None:
    examples = resolve(subschema).get("examples")
    return example_text(examples[0]) if examples else None


def example_text(value: Any) -> str:
    """An example as the contributor would type it: YAML flow style, keys in schema order."""
    if isinstance(value, str):
        return value
    text: str = yaml.safe_dump(
        value, allow_unicode=True, default_flow_style=True, sort_keys=False, width=10_000
    )
    return text.strip().removesuffix("...").strip()


_TYPE_NAMES: Final = {
    "string": "tekst",
    "integer": "et heltall",
    "number": "et tall",
    "array": "en liste",
    "object": "felter på formen «navn: verdi»",
    "boolean": "true eller false",
    "null": "tom",
}


def _actual_type(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return "et tall"
    if isinstance(value, str):
        return "tekst"
    if isinstance(value, list):
        return "en liste"
    if isinstance(value, dict):
        return "felter"
    return "tom"


def _show(value: object) -> str:
    text = visible(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


# --- turning errors into problems ----------------------------------------------------------


def check(
    data: Mapping[str, Any],
    schema: str,
    path: str,
    lines: LineMap,
    *,
    draft: bool = False,
) -> list[Problem]:
    """All schema problems of one document.

    In a draft, what is merely *not filled in yet* (a missing field, an empty list or text)
    is a warning: a fresh scaffold validates, and previews, before it is complete.
    """
    quick = quick_check(schema)
    if quick is not None and quick(data):
        return []  # valid: nothing for jsonschema to explain
    root = load_schema(schema)
    problems = []
    for error in _without_echoes(validator(schema).iter_errors(data)):
        incomplete = draft and is_incomplete(error)
        for problem in _explain(error, path, lines, root):
            if incomplete:
                problem = replace(problem, severity="warning", message="Utkast: " + problem.message)
            problems.append(problem)
    return problems


def _without_echoes(errors: Iterable[ValidationError]) -> list[ValidationError]:
    """The errors, each cause told once: one length limit per field (a title longer than
    both its own limit and that of text in general is told the one that applies), and no
    bounds for a value of the wrong type (a date YAML read as the number 6.2019)."""
    found = list(errors)
    limits: dict[tuple[Any, ...], Any] = {}
    mistyped = {tuple(e.absolute_path) for e in found if e.validator == "type"}
    for error in found:
        if error.validator == "maxLength":
            at = tuple(error.absolute_path)
            limits[at] = min(limits.get(at, error.validator_value), error.validator_value)
    return [
        e
        for e in found
        if not (e.validator == "maxLength" and e.validator_value != limits[tuple(e.absolute_path)])
        and not (e.validator in ("minimum", "maximum") and tuple(e.absolute_path) in mistyped)
    ]


@cache
def quick_check(schema: str) -> Check | None:
    """The schema file ``schema`` compiled to a yes/no check (see ``fastcheck``), made once."""
    root = load_schema(schema)
    return compile_schema(root, str(root.get("$id", "")), _lookup, FORMATS)


def is_incomplete(error: ValidationError) -> bool:
    """Is this error about something not filled in yet, rather than something wrong?"""
    if error.validator in ("required", "minItems", "minLength"):
        return True
    return error.validator == "pattern" and error.validator_value == "\\S"


def field_schema(error: ValidationError, root: Mapping[str, Any]) -> Mapping[str, Any]:
    """The failing field's schema, with its *own* description and examples winning.

    ``published`` refers to a generic date definition; a message about it should quote
    "the date the entry was added" and its example, not "a date". So walk the schema path
    (which steps through ``$ref`` without naming it) and merge every node after the last
    property/item step, the outermost winning.
    """
    base = str(root.get("$id", "common.schema.json"))
    node: Any = root
    since_field: list[Mapping[str, Any]] = [root]
    for step in list(error.absolute_schema_path)[:-1]:
        if isinstance(node, Mapping) and step not in node and "$ref" in node:
            node, base = resolve_with_base(node, base)
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        if step in ("properties", "items", "prefixItems"):
            since_field = []
        elif isinstance(node, Mapping):
            since_field.append(node)
            if "$ref" in node:
                since_field.append(resolve_with_base(node, base)[0])
    merged: dict[str, Any] = {}
    for part in reversed(since_field):
        merged.update({k: v for k, v in part.items() if k != "$ref"})
    return merged


def _explain(
    error: ValidationError, path: str, lines: LineMap, root: Mapping[str, Any]
) -> Iterator[Problem]:
    at: FieldPath = tuple(error.absolute_path)
    line = lines.line(at)
    field = format_path(at) or None
    kind = error.validator
    value: Any = error.instance
    expected_value: Any = error.validator_value
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    described = field_schema(error, root)

    if kind == "required":
        match = re.match(r"^'(.+)' is a required property", error.message)
        name = match.group(1) if match else str(expected_value)
        prop = schema.get("properties", {}).get(name, {})
        description = resolve(prop).get("description", "")
        example = _example(prop)
        message = f"Feltet «{name}» mangler. {description}".strip()
        if example:
            message += f" Eksempel: {name}: {example}"
        # A key written with nothing after it (`summary:`) is "missing" too: point at it.
        yield Problem(path, lines.lines.get((*at, name), line), format_path((*at, name)), message)
        return

    if kind == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        for key in sorted(set(value) - set(allowed)) if isinstance(value, dict) else ():
            # A field already written is no suggestion: renaming to it would write it twice.
            free = [name for name in allowed if name not in value]
            hint = suggestion(key, free)
            message = f"Ukjent felt «{key}».{hint}"
            if not hint and key.casefold() in {name.casefold() for name in allowed}:
                message += " Feltet står allerede i filen: ta bort denne linjen."
            elif not hint:
                message += f" Tillatte felt her: {', '.join(allowed)}."
            yield Problem(path, lines.line((*at, key)), format_path((*at, key)), message)
        return

    if kind == "type":
        expected = expected_value
        names = [expected] if isinstance(expected, str) else list(expected)
        wanted = " eller ".join(_TYPE_NAMES.get(n, n) for n in names)
        message = f"Skal være {wanted}, men er {_actual_type(value)}."
        raw = lines.raw.get(at)
        converted = _in_date_form(raw, described.get("format"))
        if raw is not None and converted is not None:
            # 06.2019 is a number to YAML: quoting it would only lead to a second round.
            message = f"«{raw}» har feil format. {converted}"
        elif raw is not None and "string" in names:
            message += (
                f" YAML leser {raw} uten anførselstegn som {_show(value)}; "
                f'skriv "{raw}" i anførselstegn hvis du mener teksten.'
            )
        elif "array" in names and isinstance(value, str | int | float):
            items = resolve(described.get("items", {}))
            required = items.get("required", [])
            if items.get("type", "string") in ("string", "integer", "number"):
                message += f" Skriv det som en liste: [{value}]"
            elif len(required) == 1:
                # A list of fields (financing): «[value]» would be wrong again.
                wrapped = example_text([{required[0]: value}])
                message += f" Hvert punkt i listen har egne felt; skriv for eksempel: {wrapped}"
        elif "object" in names and isinstance(value, str):
            example = _example(described)
            if example:
                message += f" Eksempel: {example}"
        yield Problem(path, line, field, message)
        return

    if kind == "enum":
        allowed = [str(v) for v in expected_value]
        hint = suggestion(value, allowed)
        message = f"«{_show(value)}» er ikke en tillatt verdi.{hint} Tillatte verdier: "
        message += ", ".join(allowed) + "."
        raw = lines.raw.get(at)
        if raw is not None and isinstance(value, bool):
            message += f" (YAML leser {raw} uten anførselstegn som {_show(value)}.)"
        yield Problem(path, line, field, message)
        return

    if kind == "format":
        yield Problem(path, line, field, _format_problem(value, str(expected_value)))
        return

    if kind == "pattern":
        pattern = expected_value
        date_format = schema.get("format") or described.get("format")
        converted = _in_date_form(value, date_format)
        if pattern == ID_REGEX:
            fixed = slugify(str(value))
            message = (
                f"«{_show(value)}» er ikke en gyldig id: bruk bare små bokstaver a–z, sifre og "
                "enkle bindestreker (æ→ae, ø→o, å→a)."
            )
            if fixed and fixed != value:
                message += f" Mente du «{fixed}»?"
        elif pattern == "\\S":
            message = "Feltet er tomt."
        else:
            # The field's own words first, then the format's, when they add something.
            description = described.get("description", "")
            form = schema.get("description", "")
            if form and form not in description:
                description = f"{description} {form}".strip()
            message = f"«{_show(value)}» har feil format. {description}".strip()
            if converted is not None:
                # Written in another style (01.03.2019): the same date, ready to paste.
                message = f"«{_show(value)}» har feil format. {converted} {description}"
            example = _example(described)
            if example:
                message += f" Eksempel: {example}"
        yield Problem(path, line, field, message)
        return

    if kind == "oneOf":
        # Explain the branch that has the value's shape (a list, say), not "wrong type".
        shaped = [e for e in error.context or () if e.validator != "type"]
        from jsonschema.exceptions import best_match

        inner = best_match(shaped) if shaped else None
        if inner is not None:
            yield from _explain(inner, path, lines, root)
            return
        description = described.get("description", "")
        types = [e.validator_value for e in error.context or () if e.validator == "type"]
        names = [_TYPE_NAMES.get(t, t) for t in types if isinstance(t, str)]
        if not names:
            yield Problem(path, line, field, f"Feil form. {description}".strip())
            return
        message = f"Skal være {' eller '.join(dict.fromkeys(names))}, men er {_actual_type(value)}."
        raw = lines.raw.get(at)
        if raw is not None:
            message += f" (YAML leser {raw} uten anførselstegn som {_show(value)}.)"
        example = _example(described)
        yield Problem(
            path,
            line,
            field,
            f"{message} {description}".strip() + (f" Eksempel: {example}" if example else ""),
        )
        return

    simple: dict[str, Callable[[], str]] = {
        "minItems": lambda: (
            f"Listen må ha minst {expected_value} punkt. " + described.get("description", "")
        ).strip(),
        "uniqueItems": lambda: "Listen har samme verdi mer enn én gang.",
        "maxLength": lambda: (
            f"Teksten er for lang: {len(value)} tegn, og feltet kan ha høyst {expected_value}. "
            f"Forkort den til {expected_value} tegn eller færre."
        ),
        "minLength": lambda: "Feltet er tomt.",
        "minimum": lambda: (
            f"Året {value} kan ikke brukes her. {dates.year_advice(year_range())}"
            if expected_value == year_range().start
            else f"Verdien må være minst {expected_value}."
        ),
        "maximum": lambda: (
            f"Året {value} kan ikke brukes her. {dates.year_advice(year_range())}"
            if expected_value == year_range().stop - 1
            else f"Verdien kan være høyst {expected_value}."
        ),
        "exclusiveMinimum": lambda: f"Verdien må være større enn {expected_value}.",
    }
    make = simple.get(str(kind))
    message = make() if make else f"Ugyldig verdi ({error.message})."
    yield Problem(path, line, field, message)
