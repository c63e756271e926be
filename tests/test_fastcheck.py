"""The compiled quick check gives jsonschema's answer exactly, valid or not."""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from erfaringsbase.content.reader import read_markdown
from erfaringsbase.content.schema import ENTRY_KINDS, quick_check, validator

REPO = Path(__file__).resolve().parent.parent
FOLDERS = {
    "case": "cases",
    "report": "reports",
    "recommendation": "recommendations",
    "event": "events",
}

#: Values of every shape, including the corners of jsonschema's equality and types.
ODD_VALUES: list[Any] = [
    None, True, False, 0, 1, 1.0, 2.5, -3, "", " ", "x", "Ny tekst", "difi", "Difi",
    "2017-02-30", "2017-13", "2017-10-25", "2023-09-14 25:00", "2023-09-14 10:00", 2017, 1700,
    [], ["x"], ["x", "x"], [1, 1.0], [True, 1], ["difi", "kmd"], [{"id": "nav"}], {},
    {"id": "nav", "role": "eier"}, {"start": 2004}, {"start": "2021-10", "end": "2021"},
    "https://example.no/", "ftp://x", "samarbeid-pa-tvers", "erfaringsrapport", "eier",
]  # fmt: skip


def documents() -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for kind in ENTRY_KINDS:
        # The two largest files of each kind have the most fields to vary.
        paths = sorted((REPO / FOLDERS[kind]).glob("*.md"), key=lambda p: -p.stat().st_size)
        for path in paths[:2]:
            doc, _ = read_markdown(path, path.name)
            assert doc.data is not None
            found.append((kind, path.name, doc.data))
    return found


def variants(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The document with each field dropped or replaced, and nested fields too."""
    out = []
    for key in data:
        dropped = {k: v for k, v in data.items() if k != key}
        out.append(dropped)
        for value in ODD_VALUES:
            out.append({**data, key: value})
        inner = data[key]
        if isinstance(inner, list) and inner:
            for value in ODD_VALUES[:24]:
                out.append({**data, key: [value, *inner[1:]]})
                out.append({**data, key: [*inner, value]})
            if isinstance(inner[0], dict):
                for sub in inner[0]:
                    for value in ODD_VALUES[:24]:
                        changed = copy.deepcopy(data)
                        changed[key][0][sub] = value
                        out.append(changed)
        if isinstance(inner, dict):
            for sub in inner:
                for value in ODD_VALUES[:24]:
                    changed = copy.deepcopy(data)
                    changed[key][sub] = value
                    out.append(changed)
    out.append({**data, "ukjent": 1})
    return out


@pytest.mark.parametrize("kind", ENTRY_KINDS)
def test_every_schema_compiles(kind: str) -> None:
    assert quick_check(f"{kind}.schema.json") is not None


def test_quick_check_agrees_with_jsonschema() -> None:
    checked = invalid = 0
    for kind, name, data in documents():
        jsonschema = validator(f"{kind}.schema.json")
        quick = quick_check(f"{kind}.schema.json")
        assert quick is not None
        for variant in [data, *variants(data)]:
            expected = jsonschema.is_valid(variant)
            assert quick(variant) == expected, (kind, name, variant)
            checked += 1
            invalid += not expected
    assert checked > 2_000 and invalid > checked // 2


def test_a_valid_tree_is_checked_without_jsonschema(tmp_path: Path) -> None:
    """jsonschema (0.1 s to import) is only needed to explain an error: ``validate`` on a
    valid tree must not pay for it, and the compiled check must be what says yes. (The
    repository's content without its drafts: what a draft still lacks is explained.)"""
    tree = tmp_path / "repo"
    shutil.copytree(
        REPO, tree, ignore=shutil.ignore_patterns(".venv", ".git", "site", "__pycache__")
    )
    for draft in tree.glob("*/*.md"):
        if "\ndraft: true\n" in draft.read_text("utf-8"):
            draft.unlink()
    code = (
        "import sys\n"
        "from erfaringsbase.cli.main import main\n"
        f"status = main(['-C', {str(tree)!r}, 'validate'])\n"
        "assert status == 0, status\n"
        "assert not [m for m in sys.modules if m.startswith(('jsonschema', 'referencing'))]\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, env=env)
