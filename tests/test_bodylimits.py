"""Shapes of text that would hang or crash Python-Markdown are refused before conversion;
everything a person writes passes (bodylimits.py)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from erfaringsbase.content.bodylimits import body_limits
from erfaringsbase.content.config import find_settings
from erfaringsbase.site import build
from support import FIXTURES

ALLOWED = {
    "plain text": "Et avsnitt.\n\nEt til.\n",
    "links": "Se [Altinn](https://www.altinn.no) og [NAV](https://www.nav.no).\n" * 50,
    "sixteen list levels": "".join("    " * level + "- punkt\n" for level in range(16)),
    "sixteen markers on a line": "- " * 16 + "punkt\n",
    "sixteen quote levels": "> " * 16 + "sitat\n",
    "escaped brackets": "\\[" * 1_000 + "\n",
    "deep code in a fence": "```python\n" + " " * 200 + "x = 1\n```\n",
    "brackets in code": "~~~\n" + "[" * 5_000 + "\n~~~\n",
    "200 brackets in each of ten paragraphs": ("[" * 200 + "\n\n") * 10,
}

REFUSED = {
    "bracket flood": ("Tekst " + "[" * 201, 0, "klammer"),
    "brackets over many paragraphs": (("[" * 150 + "\n\n") * 20, 26, "mer enn 2000 klammer"),
    "seventeen levels by indentation": (
        "".join("    " * level + "- punkt\n" for level in range(18)),
        17,
        "rykket inn 68 mellomrom",
    ),
    "seventeen markers on a line": ("Tekst.\n\n" + "- " * 17 + "x\n", 2, "17 listetegn"),
    "numbered markers": ("1. " * 40 + "x\n", 0, "40 listetegn"),
    "seventeen quote levels": ("> " * 17 + "sitat\n", 0, "17 sitatnivåer"),
    "tabs count as four": ("\t" * 17 + "x\n", 0, "rykket inn 68"),
}


@pytest.mark.parametrize("text", ALLOWED.values(), ids=ALLOWED.keys())
def test_what_people_write_passes(text: str) -> None:
    assert list(body_limits(text)) == []


@pytest.mark.parametrize(("text", "offset", "words"), REFUSED.values(), ids=REFUSED.keys())
def test_past_a_limit_is_refused_at_its_line(text: str, offset: int, words: str) -> None:
    found = list(body_limits(text))
    assert len(found) == 1, found
    assert found[0][0] == offset
    assert words in found[0][1]


def test_each_limit_is_reported_once() -> None:
    text = ("- " * 20 + "x\n") * 50 + "> " * 20 + "y\n"
    messages = [message for _, message in body_limits(text)]
    assert len(messages) == 2, messages


def test_a_preview_build_leaves_such_an_entry_out_and_finishes(tmp_path: Path) -> None:
    """`mkdocs serve` renders what is valid while a contributor fixes the rest: a text
    markdown would choke on must be left out, not converted."""
    root = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    case = (root / "cases" / "samspill.md").read_text("utf-8")
    hostile = case.replace("id: samspill", "id: klammer") + "\n" + "[" * 200_000 + "\n"
    (root / "cases" / "klammer.md").write_text(hostile, "utf-8")
    start = time.perf_counter()
    site = build(find_settings(root), force=True)
    assert time.perf_counter() - start < 60, "it must return, and a flood takes hours"
    assert any("klammer" in p.message and p.path == "cases/klammer.md" for p in site.errors)
    uris = {page.src_uri for page in site.pages()}
    assert "erfaringer/samspill.md" in uris
    assert not any("klammer" in uri for uri in uris)
