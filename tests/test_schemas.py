"""The schemas are the contributor's documentation: every field explained, with an example."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from erfaringsbase.content.schema import ENTRY_KINDS, SCHEMA_FILES, load_schema, resolve_with_base
from erfaringsbase.pages.directives import field_reference


def properties(
    schema: Mapping[str, Any], base: str, prefix: str = ""
) -> Iterator[tuple[str, Mapping[str, Any]]]:
    for name, prop in schema.get("properties", {}).items():
        sub, sub_base = resolve_with_base(prop, base)
        yield prefix + name, sub
        if sub.get("type") == "object":
            yield from properties(sub, sub_base, f"{prefix}{name}.")
        items, items_base = resolve_with_base(sub.get("items", {}), sub_base)
        if items.get("type") == "object":
            yield from properties(items, items_base, f"{prefix}{name}[].")


@pytest.mark.parametrize("name", [f for f in SCHEMA_FILES if f != "common.schema.json"])
def test_every_field_has_a_norwegian_description_and_an_example(name: str) -> None:
    schema, base = resolve_with_base(load_schema(name), name)
    roots = [(schema, base)] + [
        resolve_with_base(d, name) for d in schema.get("$defs", {}).values()
    ]
    roots += [resolve_with_base(r.get("items", {}), b) for r, b in list(roots)]
    checked = 0
    for root, root_base in roots:
        for field, prop in properties(root, root_base):
            checked += 1
            assert prop.get("description"), f"{name}: {field} has no description"
            assert prop.get("examples"), f"{name}: {field} has no example"
    assert checked or name.endswith(
        (
            "themes.schema.json",
            "organisations.schema.json",
            "life-events.schema.json",
            "sectors.schema.json",
        )
    )


@pytest.mark.parametrize("kind", ENTRY_KINDS)
def test_field_reference_lists_every_field(kind: str) -> None:
    text = field_reference(kind, "x")
    for field, _ in properties(load_schema(f"{kind}.schema.json"), f"{kind}.schema.json"):
        assert f"| `{field}` |" in text


def test_field_reference_follows_a_schema_change(monkeypatch: pytest.MonkeyPatch) -> None:
    original = load_schema("case.schema.json")
    changed = {
        **original,
        "properties": {
            **original["properties"],
            "budsjett": {
                "type": "integer",
                "description": "Budsjettet i kroner.",
                "examples": [1000],
            },
        },
    }
    import erfaringsbase.pages.directives as directives

    monkeypatch.setattr(
        directives, "load_schema", lambda name: changed if name == "case.schema.json" else original
    )
    text = directives.field_reference("case", "cases")
    assert "| `budsjett` | nei | Budsjettet i kroner. | 1000 |" in text
