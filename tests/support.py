"""Helpers shared by the tests (imported as ``support``; fixtures live in conftest.py).

Kept out of conftest.py because tests/browser/ has a conftest of its own, and two modules
named ``conftest`` cannot both be imported by name.
"""

from __future__ import annotations

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
REPO = HERE.parent


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact occurrence of ``old`` in a file (fails loudly if it is missing)."""
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), "utf-8")


def pagefind_unstable(name: str) -> bool:
    """Files of Pagefind's index that differ from one run of Pagefind to the next over the
    very same pages: its filter and metadata indexes and the entry file naming them, whose
    hashes change (Pagefind#638: "other files will still change, such as the
    filter/metadata indexes"). Its fragments and word index are stable, and compared."""
    return name.startswith("pagefind/filter/") or (
        name.startswith("pagefind/")
        and (name.endswith(".pf_meta") or name == "pagefind/pagefind-entry.json")
    )


def site_files(site_dir: Path) -> dict[str, bytes]:
    """Every file of a built site by its path in it: two builds compare equal byte for byte
    (Pagefind's unstable files by how many there are: ``pagefind_unstable``)."""
    files = {p.relative_to(site_dir).as_posix(): p for p in site_dir.rglob("*") if p.is_file()}
    unstable = sorted(name for name in files if pagefind_unstable(name))
    stable = {name: path.read_bytes() for name, path in files.items() if name not in unstable}
    stable["pagefind (filter and metadata indexes)"] = f"{len(unstable)} files".encode()
    return stable


def second_line_of_defence(config: Path) -> None:
    """Let a fixture site build despite content errors, to test what the site does with
    input that validate (the first line of defence) refuses."""
    edit(config, "  - erfaringsbase\n", "  - erfaringsbase:\n      fail_on_errors: false\n")


def mkdocs_build(
    site_dir: Path, config: Path, *extra: str, strict: bool = True
) -> subprocess.CompletedProcess[str]:
    # Never -q or -v with --strict: -q hides warnings from the strict counter (mkdocs#4126)
    # and -v skips anchor validation (mkdocs#3991), so broken links would pass.
    mode = ["--strict"] if strict else []
    command = [sys.executable, "-m", "mkdocs", "build", *mode, "-f", str(config)]
    return subprocess.run(
        [*command, "-d", str(site_dir), *extra],
        capture_output=True,
        text=True,
        cwd=config.parent,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


class UnsafeMarkup(HTMLParser):
    """Finds what could run script: dangerous tags, on* attributes, script URLs."""

    TAGS = frozenset(
        {
            "script",
            "iframe",
            "object",
            "embed",
            "img",
            "svg",
            "math",
            "style",
            "form",
            "base",
            "meta",
            "link",
        }
    )

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            lowered = (value or "").strip().lower().replace("\t", "").replace("\n", "")
            if name.startswith("on") or name in {"style", "srcdoc", "formaction"}:
                self.found.append(f"{tag}[{name}]")
            if name in {"href", "src", "action", "xlink:href"} and lowered.startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                self.found.append(f"{tag}[{name}={value}]")


def unsafe_in(html: str) -> list[str]:
    parser = UnsafeMarkup()
    parser.feed(html)
    return parser.found
