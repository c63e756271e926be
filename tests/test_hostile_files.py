"""Files made to hurt the loader: an alias bomb, 50 MB, NUL bytes, nesting 10 000 levels deep,
a key of 900 000 characters, invalid UTF-8 … Each is refused with one clear Norwegian
``path:line: error: message``, returns, and stays within bounded memory.

Memory is measured with tracemalloc (what Python allocates, peak, during the one call);
the bound is generous, far below the size of the largest file, so it proves the file is
never read whole or expanded, not how fast anything is. The same files go through
``erfaringsbase validate`` in a subprocess (a crash there would be a failed test, not a
dead test run): exit code 1, every file named, never a traceback.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Final

import pytest

from erfaringsbase.content.config import Settings, find_settings
from erfaringsbase.content.loader import load_entry
from erfaringsbase.content.problems import ProblemLog
from quality_figures import record
from support import FIXTURES

#: Peak Python memory allowed for reading one hostile file.
PEAK_BYTES: Final = 32 * 1024 * 1024
#: A safety bound for the validate subprocess: it must return, not be fast.
RETURNS_WITHIN_SECONDS: Final = 300

FRONT: Final = "---\nid: {id}\ntitle: Fiendtlig\n"
END: Final = "---\n\nTekst.\n"


def billion_laughs(ident: str) -> bytes:
    lines = ['lol0: &lol0 "lol"']
    for level in range(1, 10):
        refs = ", ".join([f"*lol{level - 1}"] * 10)
        lines.append(f"lol{level}: &lol{level} [{refs}]")
    return (FRONT.format(id=ident) + "\n".join(lines) + "\n" + END).encode()


def fifty_megabytes(ident: str) -> bytes:
    return (FRONT.format(id=ident) + END).encode() + b"a" * 50_000_000


def nul_bytes(ident: str) -> bytes:
    return (FRONT.format(id=ident) + END).encode() + b"Tekst\x00\x00 med nulltegn.\n"


def nested_flow(ident: str) -> bytes:
    return (
        FRONT.format(id=ident) + "summary: " + "[" * 10_000 + "]" * 10_000 + "\n" + END
    ).encode()


def nested_flow_to_the_limit(ident: str) -> bytes:
    # Just under the 1 MB limit: libyaml's recursive composer used to crash the whole
    # process here (a segmentation fault) instead of giving a message.
    depth = 490_000
    return (FRONT.format(id=ident) + "summary: " + "{a: " * 1 + "[" * depth + "\n" + END).encode()


def nested_block_sequences(ident: str) -> bytes:
    return ("---\n" + "- " * 400_000 + "x\n" + END).encode()


def enormous_key(ident: str) -> bytes:
    return (FRONT.format(id=ident) + "k" * 900_000 + ": 1\n" + END).encode()


def enormous_explicit_key(ident: str) -> bytes:
    return (FRONT.format(id=ident) + "? " + "k" * 900_000 + "\n: 1\n" + END).encode()


def invalid_utf8(ident: str) -> bytes:
    return FRONT.format(id=ident).encode() + b"summary: Br\xf8nn\xf8ysund\n" + END.encode()


def enormous_number(ident: str) -> bytes:
    return (FRONT.format(id=ident) + "summary: " + "9" * 100_000 + "\n" + END).encode()


def not_a_number(ident: str) -> bytes:
    text = (FIXTURES / "mini" / "cases" / "samspill.md").read_text("utf-8")
    text = text.replace("id: samspill", f"id: {ident}").replace(
        "share_percent: 50", "share_percent: .nan"
    )
    return text.encode()


def control_character(ident: str) -> bytes:
    return (FRONT.format(id=ident) + "summary: Skjult\x1b[31m farge\n" + END).encode()


def deeply_nested_list_in_body(ident: str) -> bytes:
    # Python-Markdown recurses once per level: RecursionError, unless the loader catches it.
    body = "- " * 600 + "<b>x</b>\n"
    return (FRONT.format(id=ident) + "---\n\n" + body).encode()


def body(ident: str, text: str) -> bytes:
    return (FRONT.format(id=ident) + "---\n\n" + text).encode()


def bracket_flood(ident: str) -> bytes:
    # Quadratic in Python-Markdown: 100 000 would take about an hour.
    return body(ident, "Tekst " + "[" * 100_000 + "\n")


def brackets_in_every_paragraph(ident: str) -> bytes:
    # Under the limit per paragraph, over it for the whole text.
    return body(ident, "".join(f"Avsnitt {i} " + "[" * 150 + "\n\n" for i in range(100)))


def deep_indentation(ident: str) -> bytes:
    return body(ident, "".join("  " * level + "- punkt\n" for level in range(300)))


def deep_quotes(ident: str) -> bytes:
    return body(ident, "Tekst.\n\n" + "> " * 2_000 + "sitat\n")


Make = Callable[[str], bytes]

#: (name, the file, words its message must contain, the line it must name)
CASES: Final[list[tuple[str, Make, str, int]]] = [
    ("alias-bomb", billion_laughs, "aliaser", 5),  # the first *lol0, not its anchor
    ("femti-mb", fifty_megabytes, "grensen er 1 MB", 1),
    ("nulltegn", nul_bytes, "nulltegn", 7),
    ("nestet-10000", nested_flow, "for dypt nestet", 4),
    ("nestet-til-grensen", nested_flow_to_the_limit, "for dypt nestet", 4),
    ("nestet-blokkliste", nested_block_sequences, "for dypt nestet", 2),
    ("enormt-feltnavn", enormous_key, "YAML-feil", 4),
    ("enormt-eksplisitt-feltnavn", enormous_explicit_key, "feltnavn er 900000 tegn", 4),
    ("ugyldig-utf8", invalid_utf8, "ikke lagret som UTF-8", 4),
    ("enormt-tall", enormous_number, "for langt", 4),
    ("ikke-et-tall", not_a_number, "ikke et tall", 21),
    ("kontrolltegn", control_character, "Tegnet U+001B", 4),
    ("dypt-nestet-liste", deeply_nested_list_in_body, "for mange nivåer", 6),
    ("klammeflom", bracket_flood, "klammer", 6),
    ("klammer-i-hvert-avsnitt", brackets_in_every_paragraph, "mer enn 2000 klammer", 32),
    ("dypt-innrykk", deep_indentation, "rykket inn 66 mellomrom", 39),
    ("dype-sitater", deep_quotes, "sitatnivåer", 8),
]
IDS: Final = [name for name, *_ in CASES]
TEXT_LINE: Final = re.compile(
    r"^(?P<path>[^:\n]+):(?P<line>\d+): error: (?:[^\n:]+: )?(?P<message>.+)$"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("hostile") / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    return find_settings(root)


@pytest.mark.parametrize(("name", "make", "words", "line"), CASES, ids=IDS)
def test_refused_with_a_message_in_bounded_memory(
    site: Settings, name: str, make: Make, words: str, line: int
) -> None:
    file = site.folder("case") / f"{name}.md"
    file.write_bytes(make(name))
    try:
        log = ProblemLog()
        tracemalloc.start()
        try:
            entry = load_entry("case", file, site, log)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    finally:
        file.unlink()
    assert entry is None, name
    found = [p for p in log.sorted() if p.severity == "error" and words in p.message]
    assert found, [p.format_text()[:200] for p in log.sorted()]
    first = found[0]
    shown = first.format_text()
    assert first.line == line, shown
    match = TEXT_LINE.match(shown)
    assert match is not None, shown
    assert match["path"] == f"cases/{name}.md"
    assert len(shown) < 400, f"a short message, not the file quoted back: {shown[:200]}…"
    assert peak < PEAK_BYTES, f"{name}: {peak / 1e6:.1f} MB"


def test_validate_refuses_them_all_without_a_traceback(site: Settings, tmp_path: Path) -> None:
    root = tmp_path / "mini"
    shutil.copytree(site.root, root)
    for name, make, *_ in CASES:
        (root / "cases" / f"{name}.md").write_bytes(make(name))
    proc = subprocess.run(
        [sys.executable, "-m", "erfaringsbase", "-C", str(root), "validate"],
        capture_output=True,
        text=True,
        timeout=RETURNS_WITHIN_SECONDS,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output[-3000:]
    assert "Traceback" not in output and "intern feil" not in output, output[-3000:]
    assert proc.stderr == ""
    *lines, summary = proc.stdout.rstrip("\n").split("\n")
    assert summary.startswith(f"{12 + len(CASES)} filer sjekket: ")
    refused = set()
    for text in lines:
        match = TEXT_LINE.match(text)
        assert match is not None, text[:300]
        refused.add(match["path"])
    assert refused == {f"cases/{name}.md" for name in IDS}
    record(
        "Fiendtlige filer (alias-bombe, 50 MB, nulltegn, dyp nesting …) avvist med melding",
        len(refused),
    )


def _deep_folder(parent: Path) -> Path:
    """A folder whose path is longer than the system lets a program open by name."""
    names = ["d" * 200] * 24
    fd = os.open(parent, os.O_RDONLY)
    try:
        for name in names:
            os.mkdir(name, dir_fd=fd)
            inner = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        with open(os.open("x.md", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as out:
            out.write("---\nid: x\n---\n")
    finally:
        os.close(fd)
    return parent.joinpath(*names)


def _unreadable_folder(parent: Path) -> Path:
    folder = parent / "gamle"
    folder.mkdir()
    (folder / "x.md").write_text("---\nid: x\n---\n", "utf-8")
    folder.chmod(0)
    return folder


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(_deep_folder, id="path-too-long"),
        pytest.param(
            _unreadable_folder,
            id="no-permission",
            marks=pytest.mark.skipif(
                not hasattr(os, "geteuid") or os.geteuid() == 0,
                reason="root reads a folder without permissions (the path-too-long case runs)",
            ),
        ),
    ],
)
def test_a_folder_that_cannot_be_read_is_named_not_a_crash(
    tmp_path: Path, make: Callable[[Path], Path]
) -> None:
    root = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    folder = make(root / "cases")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "erfaringsbase", "-C", str(root), "validate"],
            capture_output=True,
            text=True,
        )
    finally:
        if folder.name == "gamle":
            folder.chmod(0o755)  # for pytest to remove it
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    lines = [line for line in done.stdout.splitlines() if ": error: " in line]
    assert len(lines) == 1, done.stdout
    assert lines[0].startswith("cases/dddd") or lines[0].startswith("cases/gamle")
    assert "Mappen kan ikke leses" in lines[0]
