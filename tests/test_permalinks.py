"""Links never break: a renamed case keeps its old URL; removing the alias fails the build."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from erfaringsbase.outputs.permalinks import read_manifest
from support import edit, mkdocs_build

Run = Callable[..., tuple[int, str, str]]


def rename_case(mini: Path, *, keep_alias: bool) -> None:
    old = mini / "cases" / "samspill.md"
    new = mini / "cases" / "samspill-om-arbeid.md"
    # Everything that referred to the old id now uses the new one.
    for path in mini.rglob("*.md"):
        content = path.read_text("utf-8")
        path.write_text(content.replace("[samspill]", "[samspill-om-arbeid]"), "utf-8")
    text = old.read_text("utf-8").replace("id: samspill\n", "id: samspill-om-arbeid\n")
    if keep_alias:
        text = text.replace("published: 2026-11-23", "aliases: [samspill]\npublished: 2026-11-23")
    old.unlink()
    new.write_text(text, "utf-8")


@pytest.fixture
def published(mini: Path, run_cli: Run) -> Path:
    code, out, _ = run_cli("-C", str(mini), "urls", "--update")
    assert code == 0, out
    manifest = mini / "published-urls.txt"
    assert "erfaringer/samspill/" in read_manifest(manifest)
    assert "" in read_manifest(manifest)  # the home page, written as "/"
    return manifest


@pytest.mark.slow
def test_renamed_case_keeps_every_old_url(
    mini: Path, tmp_path: Path, run_cli: Run, published: Path
) -> None:
    rename_case(mini, keep_alias=True)
    code, out, _ = run_cli("-C", str(mini), "urls")
    assert code == 0, out
    site = tmp_path / "site"
    proc = mkdocs_build(site, mini / "mkdocs.yml")
    assert proc.returncode == 0, proc.stderr
    redirect = (site / "erfaringer" / "samspill" / "index.html").read_text("utf-8")
    assert (
        '<link rel="canonical" href="https://example.org/erfaringer/samspill-om-arbeid/">'
        in redirect
    )
    assert '<meta http-equiv="refresh" content="0; url=../samspill-om-arbeid/">' in redirect
    assert '<a href="../samspill-om-arbeid/">Samspill om jobb</a>' in redirect
    assert (site / "erfaringer" / "samspill-om-arbeid" / "index.html").is_file()


@pytest.mark.slow
def test_removing_the_alias_fails_naming_the_url(
    mini: Path, tmp_path: Path, run_cli: Run, published: Path
) -> None:
    rename_case(mini, keep_alias=False)
    code, out, _ = run_cli("-C", str(mini), "urls")
    assert code == 1
    assert "published-urls.txt: error: Adressen /erfaringer/samspill/ er publisert før" in out
    proc = mkdocs_build(tmp_path / "site", mini / "mkdocs.yml")
    assert proc.returncode != 0
    assert "Adressen /erfaringer/samspill/ er publisert før, men ville forsvunnet" in proc.stderr


def test_alias_may_not_collide_with_another_entry(mini: Path, run_cli: Run) -> None:
    edit(
        mini / "cases" / "ordningen.md",
        "published: 2026-11-23",
        "aliases: [samspill]\npublished: 2026-11-23",
    )
    code, out, _ = run_cli("-C", str(mini), "validate")
    assert code == 1 and "Id-en «samspill» brukes allerede av en annen erfaring" in out


def add_case(mini: Path, ident: str) -> None:
    text = (mini / "cases" / "samspill.md").read_text("utf-8")
    (mini / "cases" / f"{ident}.md").write_text(text.replace("id: samspill\n", f"id: {ident}\n"))


@pytest.mark.slow
def test_a_new_page_passes_and_is_only_reported(
    mini: Path, tmp_path: Path, run_cli: Run, published: Path
) -> None:
    """Adding a page is what a contributor does: never a failure, and nothing to run by
    hand (a workflow adds the address to the manifest after the merge)."""
    add_case(mini, "digitalt-dodsbo")
    code, out, _ = run_cli("-C", str(mini), "urls")
    assert code == 0, out
    assert "1 ny adresse (til informasjon;" in out
    assert "  /erfaringer/digitalt-dodsbo/\n" in out
    assert "urls --update" not in out
    assert "/erfaringer/digitalt-dodsbo/" not in published.read_text("utf-8")
    proc = mkdocs_build(tmp_path / "site", mini / "mkdocs.yml")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "site" / "erfaringer" / "digitalt-dodsbo" / "index.html").is_file()


def test_a_vanished_page_fails(mini: Path, run_cli: Run, published: Path) -> None:
    rename_case(mini, keep_alias=False)
    code, out, _ = run_cli("-C", str(mini), "urls")
    assert code == 1, out
    assert "published-urls.txt: error: Adressen /erfaringer/samspill/ er publisert før" in out
    assert "1 ny adresse" in out  # the new address is still only information


def test_no_published_url_of_the_repository_vanishes(run_cli: Run) -> None:
    code, out, _ = run_cli("urls")
    assert code == 0, out
