"""Directives for hand-written pages: a fenced block with the language ``erfaringsbase``.

A seminar page or a theme introduction in ``docs/`` can embed a live list of entries, and
the contributor guide embeds the field reference generated from the schemas::

    ```erfaringsbase
    liste:
      type: erfaring
      tema: samarbeid-pa-tvers
      siste: 5
    ```

    ```erfaringsbase
    feltreferanse: alle
    ```

A fenced block, because every markdown engine leaves one alone: if the site ever moves to
another engine, an unexpanded directive shows as readable YAML instead of vanishing.
Mistakes in a directive are problems with the page's path and line, like content problems.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final

import yaml

from ..content.config import build_date
from ..content.model import Entry, Event, EventTime
from ..content.problems import Problem, suggestion
from ..content.scaffold import scaffold
from ..content.schema import ENTRY_KINDS, example_text, load_schema, resolve
from ..index.cross import newest_first
from . import html
from .html import md_text
from .render import Renderer

KIND_NAMES: Final = {
    "erfaring": "case",
    "erfaringer": "case",
    "case": "case",
    "rapport": "report",
    "rapporter": "report",
    "report": "report",
    "anbefaling": "recommendation",
    "anbefalinger": "recommendation",
    "recommendation": "recommendation",
    "arrangement": "event",
    "arrangementer": "event",
    "event": "event",
}

LIST_KEYS: Final = (
    "type",
    "tema",
    "virksomhet",
    "livshendelse",
    "sektor",
    "år",
    "kommende",
    "siste",
)
#: A list of upcoming events on a hand-written page: the browser takes out what has ended
#: since the build (erfaringsbase.js), as on the events page.
UPCOMING_ONLY: Final = "eb-events-upcoming-only"


_OPEN: Final = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)$")


def directive_blocks(markdown: str) -> list[tuple[int, int, str, int]]:
    """(start offset, end offset, body, line) of every directive at the top level.

    A directive inside another fenced block (an example in the documentation, say) is code
    and is left alone, so the scan follows fences as markdown does: a fence closes on a
    line of the same character, at least as long.
    """
    found = []
    offset = 0
    lines = markdown.splitlines(keepends=True)
    index = 0
    while index < len(lines):
        line = lines[index]
        opening = _OPEN.match(line.rstrip("\n"))
        if opening is None:
            offset += len(line)
            index += 1
            continue
        fence = opening.group("fence")
        start, start_index = offset, index
        offset += len(line)
        index += 1
        body_start = offset
        while index < len(lines):
            closing = lines[index].strip()
            if closing and set(closing) == {fence[0]} and len(closing) >= len(fence):
                break
            offset += len(lines[index])
            index += 1
        body = markdown[body_start:offset]
        if index < len(lines):
            offset += len(lines[index])
            index += 1
        if opening.group("info").strip() == "erfaringsbase" and not opening.group("indent"):
            found.append((start, offset, body, start_index + 1))
    return found


def expand(
    markdown: str, page_uri: str, source: str, renderer: Renderer
) -> tuple[str, list[Problem]]:
    """Replace every directive in a page; ``source`` is the page's path for messages."""
    problems: list[Problem] = []
    pieces: list[str] = []
    done = 0
    for start, end, body, line in directive_blocks(markdown):
        pieces.append(markdown[done:start])
        text, found = _expand_one(body, line, source, renderer, page_uri)
        problems.extend(found)
        pieces.append(text if text is not None else markdown[start:end])
        done = end
    pieces.append(markdown[done:])
    return "".join(pieces), problems


def _expand_one(
    body: str, line: int, source: str, renderer: Renderer, page_uri: str
) -> tuple[str | None, list[Problem]]:
    renderer.here = page_uri
    try:
        spec = yaml.safe_load(body)
    except yaml.YAMLError as exc:
        return None, [Problem(source, line, None, f"Direktivet er ikke gyldig YAML: {exc}.")]
    if not isinstance(spec, dict) or len(spec) != 1:
        return None, [
            Problem(
                source,
                line,
                None,
                "Et direktiv har én nøkkel: «liste», «feltreferanse» eller «mal».",
            )
        ]
    ((name, value),) = spec.items()
    handler = _HANDLERS.get(str(name))
    if handler is None:
        return None, [
            Problem(
                source,
                line,
                str(name),
                f"Ukjent direktiv «{name}».{suggestion(name, _HANDLERS)} "
                "Kjente: liste, feltreferanse, mal.",
            )
        ]
    text, found = handler(value, renderer)
    return text + "\n", [Problem(source, line, p.field, p.message) for p in found]


# --- liste -------------------------------------------------------------------------------


def _listing(value: Any, renderer: Renderer) -> tuple[str, list[Problem]]:
    problems: list[Problem] = []
    spec: Mapping[str, Any] = value if isinstance(value, dict) else {}
    if not isinstance(value, dict):
        problems.append(
            Problem("", None, "liste", "«liste» skal ha filtre, for eksempel «type: erfaring».")
        )
    for key in spec:
        if key not in LIST_KEYS:
            problems.append(
                Problem(
                    "",
                    None,
                    f"liste.{key}",
                    f"Ukjent filter «{key}».{suggestion(key, LIST_KEYS)} "
                    f"Kjente filtre: {', '.join(LIST_KEYS)}.",
                )
            )
    entries = list(renderer.ix.entries)
    ix = renderer.ix
    kind_name = spec.get("type")
    if kind_name is not None:
        kind = KIND_NAMES.get(str(kind_name).lower())
        if kind is None:
            problems.append(
                Problem(
                    "",
                    None,
                    "liste.type",
                    f"Ukjent type «{kind_name}». Bruk erfaring, rapport, "
                    "anbefaling eller arrangement.",
                )
            )
        else:
            entries = [e for e in entries if e.kind == kind]
    filters: list[tuple[str, str, Callable[[str], list[Entry]]]] = [
        ("tema", "theme", lambda i: ix.by_theme.get(i, [])),
        ("virksomhet", "organisation", lambda i: [m.entry for m in ix.mentions(i)]),
        ("livshendelse", "life_event", lambda i: ix.by_life_event.get(i, [])),
        ("sektor", "sector", lambda i: ix.by_sector.get(i, [])),
    ]
    for key, vocab_kind, members in filters:
        if key not in spec:
            continue
        ident = str(spec[key])
        table = ix.vocabulary.table(vocab_kind)
        if ident not in table:
            problems.append(
                Problem(
                    "", None, f"liste.{key}", f"«{ident}» finnes ikke.{suggestion(ident, table)}"
                )
            )
            continue
        keep = {e.key for e in members(ident)}
        entries = [e for e in entries if e.key in keep]
    if "år" in spec:
        year = spec["år"]
        if not isinstance(year, int):
            problems.append(
                Problem("", None, "liste.år", "«år» skal være et årstall, for eksempel 2019.")
            )
        else:
            entries = [e for e in entries if year in ix.years_of(e)]
    # «ja» and «nei», as the page is written in Norwegian (YAML reads only true/false).
    said = spec.get("kommende", False)
    answers: dict[object, bool] = {True: True, "ja": True, False: False, "nei": False}
    answer = answers.get(said) if isinstance(said, bool | str) else None
    if answer is None:
        problems.append(Problem("", None, "liste.kommende", "«kommende» skal være ja eller nei."))
    upcoming = answer is True
    if upcoming:
        # Events not over yet, soonest first: «siste: 3» is then the next three.
        today = build_date()
        events = [e for e in entries if isinstance(e, Event)]
        coming = sorted(
            (e for e in events if (e.end or e.start).date >= today),
            key=lambda e: e.start.sort_key(),
        )
        entries = list(coming)
    else:
        entries = newest_first(entries)
    if "siste" in spec:
        latest = spec["siste"]
        if not isinstance(latest, int) or latest < 1:
            problems.append(
                Problem("", None, "liste.siste", "«siste» skal være et positivt heltall.")
            )
        else:
            entries = entries[:latest]
    if not entries:
        empty = (
            renderer.t["no_upcoming"].format(
                date=renderer.event_time(EventTime(build_date()), None)
            )
            if upcoming
            else renderer.t["none_yet"]
        )
        return html.paragraph(empty) + "\n", problems
    # HTML in the page's markdown, as every list the core writes (``pages.html``).
    lines = [renderer.line(e) for e in entries]
    return html.item_list(lines, css_class=UPCOMING_ONLY if upcoming else None) + "\n", problems


# --- feltreferanse -------------------------------------------------------------------------


def _field_reference(value: Any, renderer: Renderer) -> tuple[str, list[Problem]]:
    wanted = [value] if isinstance(value, str) else list(value or [])
    kinds: list[str] = []
    problems: list[Problem] = []
    for name in wanted:
        if str(name) == "alle":
            kinds.extend(k for k in ENTRY_KINDS if k not in kinds)
            continue
        kind = KIND_NAMES.get(str(name).lower())
        if kind is None:
            problems.append(Problem("", None, "feltreferanse", f"Ukjent type «{name}»."))
        elif kind not in kinds:
            kinds.append(kind)
    blocks = [field_reference(kind, renderer.ix.settings.folders[kind]) for kind in kinds]
    return "\n".join(blocks), problems


def field_reference(kind: str, folder: str) -> str:
    """A markdown table of every field of a kind, straight from its JSON Schema."""
    schema = load_schema(f"{kind}.schema.json")
    required = set(schema.get("required", ()))
    lines = [
        f"### {md_text(schema['title'])} ({folder}/)",
        "",
        md_text(schema["description"]),
        "",
        "| Felt | Påkrevd | Hva som skal stå der | Eksempel |",
        "|---|---|---|---|",
    ]
    for name, prop, is_required in _fields(schema, required):
        sub = resolve(prop)
        allowed = sub.get("enum") or resolve(sub.get("items", {})).get("enum")
        description = sub.get("description", "")
        if allowed:
            description += f" Tillatte verdier: {', '.join(map(str, allowed))}."
        examples = sub.get("examples") or []
        example = example_text(examples[0]) if examples else ""
        lines.append(
            f"| `{name}` | {'ja' if is_required else 'nei'} | {md_text(description)} | "
            f"{md_text(example)} |"
        )
    return "\n".join(lines) + "\n"


def _fields(
    schema: Mapping[str, Any], required: set[str], prefix: str = ""
) -> Iterator[tuple[str, Mapping[str, Any], bool]]:
    for name, prop in schema.get("properties", {}).items():
        full = f"{prefix}{name}"
        yield full, prop, name in required
        sub = resolve(prop)
        if sub.get("type") == "object" and "properties" in sub:
            yield from _fields(sub, set(sub.get("required", ())), f"{full}.")
        items = resolve(sub.get("items", {})) if sub.get("type") == "array" else {}
        if items.get("type") == "object" and "properties" in items:
            yield from _fields(items, set(items.get("required", ())), f"{full}[].")


# --- mal ---------------------------------------------------------------------------------


def _template(value: Any, renderer: Renderer) -> tuple[str, list[Problem]]:
    """The scaffold of a kind, to copy into GitHub's web editor (no command line needed)."""
    kind = KIND_NAMES.get(str(value).lower())
    if kind is None:
        return "", [
            Problem(
                "",
                None,
                "mal",
                f"Ukjent type «{value}». Bruk erfaring, rapport, anbefaling eller arrangement.",
            )
        ]
    settings = renderer.ix.settings
    schema_url = (
        settings.site_url.rstrip("/")
        + "/"
        + settings.urls.asset("data", f"schemas/{kind}.schema.json")
    )
    text = scaffold(
        kind,
        "Tittel på oppføringen",
        "tittel-pa-oppforingen",
        today=build_date(),
        schema_ref=schema_url,
        vocabulary=renderer.ix.vocabulary,
    )
    return f"````markdown\n{text}````\n", []


_HANDLERS: Final[Mapping[str, Callable[[Any, Renderer], tuple[str, list[Problem]]]]] = {
    "liste": _listing,
    "feltreferanse": _field_reference,
    "mal": _template,
}
