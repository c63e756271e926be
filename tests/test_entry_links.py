"""Links between entries, written as GitHub shows the files (``../cases/altinn.md``): checked
by validate with the line, made into links to the pages on the site (MkDocs checks them
under --strict), and into the pages' addresses in the open data (issue 22)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from support import REPO, edit, mkdocs_build

Run = Callable[..., tuple[int, str, str]]
CASE = "cases/samspill.md"
LAST = "Felles mål var viktigst."


def add_text(mini: Path, text: str) -> int:
    """Append a paragraph to the case's text; returns its line."""
    path = mini / CASE
    edit(path, LAST, f"{LAST}\n\n{text}")
    lines = path.read_text("utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line == text)


@pytest.mark.parametrize(
    ("link", "wanted"),
    [
        ("[Ordningen](ordningen.md)", None),
        ("[Ordningen](../cases/ordningen.md)", None),
        ("[Rapporten](../reports/rapport-2019.md#innhold)", None),
        ("[Rådet](../recommendations/rad-2017-brukere.md)", None),
        ("`[kode](ordningn.md)`", None),  # code shows a link as code
        ("[Ordningen](ordningn.md)", "Skriv (ordningen.md) i stedet."),
        ("[Rapporten](../reports/rapport-2091.md)", "Skriv (../reports/rapport-2019.md) i stedet."),
        ("[Om](../docs/om.md)", "går ikke til en oppføring"),
    ],
)
def test_validate_checks_links_to_entries(
    mini: Path, run_cli: Run, link: str, wanted: str | None
) -> None:
    line = add_text(mini, f"Se {link}.")
    code, out, _ = run_cli("-C", str(mini), "validate")
    if wanted is None:
        assert code == 0, out
    else:
        assert code == 1 and f"{CASE}:{line}: error: " in out and wanted in out, out


def test_a_suggested_link_works_when_written_as_told(mini: Path, run_cli: Run) -> None:
    add_text(mini, "Se [Ordningen](ordningn.md).")
    _, out, _ = run_cli("-C", str(mini), "validate")
    fixed = out.split("Skriv (")[1].split(") i stedet")[0]
    edit(mini / CASE, "(ordningn.md)", f"({fixed})")
    assert run_cli("-C", str(mini), "validate")[0] == 0


def test_a_file_with_schema_errors_still_has_its_links_checked(mini: Path, run_cli: Run) -> None:
    """One round: a wrong field does not hide a wrong link in the text."""
    line = add_text(mini, "Se [Ordningen](ordningn.md).")
    edit(mini / CASE, "status: avsluttet", "status: NO")
    _, out, _ = run_cli("-C", str(mini), "validate")
    assert "status" in out and f"{CASE}:{line}: error: Lenken «ordningn.md»" in out, out


def test_links_become_pages_on_the_site_and_addresses_in_the_data(
    mini: Path, tmp_path: Path, run_cli: Run
) -> None:
    add_text(
        mini, "Se [Ordningen](ordningen.md) og [rapporten](../reports/rapport-2019.md#innhold)."
    )
    site = tmp_path / "site"
    proc = mkdocs_build(site, mini / "mkdocs.yml")  # --strict: MkDocs checks the links
    assert proc.returncode == 0, proc.stderr
    page = (site / "erfaringer" / "samspill" / "index.html").read_text("utf-8")
    assert '<a href="../ordningen/"' in page
    assert '<a href="../../rapporter/rapport-2019/#innhold"' in page
    assert "ordningen.md" not in page
    code, out, _ = run_cli("-C", str(mini), "export", "--out", str(tmp_path / "data"))
    assert code == 0, out
    items = json.loads((tmp_path / "data" / "erfaringer.json").read_text("utf-8"))["items"]
    text = next(i["text"] for i in items if i["id"] == "samspill")
    assert "[Ordningen](https://example.org/erfaringer/ordningen/)" in text
    assert "(https://example.org/rapporter/rapport-2019/#innhold)" in text


def test_the_bidra_example_passes_as_written(tmp_path: Path, run_cli: Run) -> None:
    """The example on the Bidra page, pasted into a real case, validates and builds."""
    page = (REPO / "docs" / "bidra.md").read_text("utf-8")
    section = page.split("## Lenke til en annen oppføring", 1)[1]
    example = section.split("```markdown\n", 1)[1].split("```", 1)[0].strip()
    root = tmp_path / "repo"
    shutil.copytree(
        REPO, root, ignore=shutil.ignore_patterns(".venv", ".git", "site", "__pycache__")
    )
    case = root / "cases" / "eresept.md"
    case.write_text(case.read_text("utf-8") + f"\n{example}\n", "utf-8")
    code, out, _ = run_cli("-C", str(root), "validate")
    assert code == 0, out
