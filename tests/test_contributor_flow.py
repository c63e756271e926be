"""A new contributor's path: new → mistakes explained → fixed → on the theme pages."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from erfaringsbase.content.config import find_settings
from erfaringsbase.content.schema import load_schema
from erfaringsbase.site import build
from support import edit, mkdocs_build

Run = Callable[..., tuple[int, str, str]]


def front(path: Path) -> dict[str, object]:
    data: dict[str, object] = yaml.safe_load(path.read_text("utf-8").split("---\n")[1])
    return data


@pytest.mark.parametrize(
    ("kind", "alias", "folder"),
    [
        ("case", "erfaring", "cases"),
        ("report", "rapport", "reports"),
        ("recommendation", "anbefaling", "recommendations"),
        ("event", "arrangement", "events"),
    ],
)
def test_new_scaffold_has_every_field_and_validates_as_a_draft(
    mini: Path, run_cli: Run, kind: str, alias: str, folder: str
) -> None:
    code, out, _ = run_cli("-C", str(mini), "new", alias, "Brønnøysundregistrene på nett")
    assert code == 0, out
    path = mini / folder / "bronnoysundregistrene-pa-nett.md"
    assert path.is_file()
    text = path.read_text("utf-8")
    # The mini site has no local schemas folder, so editors get them from the site.
    assert text.startswith(
        f"---\n# yaml-language-server: $schema=https://example.org/data/schemas/{kind}.schema.json\n"
    )
    data = front(path)
    assert set(data) == set(load_schema(f"{kind}.schema.json")["properties"])
    assert data["draft"] is True and data["id"] == "bronnoysundregistrene-pa-nett"
    assert data["title"] == "Brønnøysundregistrene på nett"
    # Every field is explained by a comment above it.
    for key in data:
        assert re.search(rf"^# .+\n(?:# .*\n)*{re.escape(key)}:", text, re.M), key
    code, out, _ = run_cli("-C", str(mini), "validate")
    assert code == 0, out
    assert "(ingen feil)" in out.splitlines()[-1]


def test_new_refuses_an_existing_id(mini: Path, run_cli: Run) -> None:
    code, _, err = run_cli("-C", str(mini), "new", "case", "Samspill om skatt")
    assert code == 0
    code, _, err = run_cli("-C", str(mini), "new", "case", "Samspill om skatt")
    assert code == 1 and "allerede i bruk" in err
    code, _, err = run_cli("-C", str(mini), "new", "case", "Ordningen")  # an existing case
    assert code == 1 and "allerede i bruk" in err
    code, _, err = run_cli("-C", str(mini), "new", "sak", "X")
    assert code == 2 and "Ukjent type" in err


def test_drafts_show_in_preview_but_not_in_the_build(mini: Path, run_cli: Run) -> None:
    run_cli("-C", str(mini), "new", "case", "Nytt samarbeid")
    settings = find_settings(mini)
    preview = {p.src_uri: p for p in build(settings, include_drafts=True).pages()}
    page = preview["erfaringer/nytt-samarbeid.md"]
    text = page.standalone()
    assert '<div class="admonition warning">\n<p class="admonition-title">Utkast</p>' in text
    assert (
        "Mangler før publisering: organisations, period.start, sources, status, summary, themes"
        in text
    )
    published = {p.src_uri for p in build(settings).pages()}
    assert "erfaringer/nytt-samarbeid.md" not in published


def test_undrafting_an_unfilled_scaffold_fails_with_what_is_missing(
    mini: Path, run_cli: Run
) -> None:
    run_cli("-C", str(mini), "new", "case", "Nytt samarbeid")
    path = mini / "cases" / "nytt-samarbeid.md"
    edit(path, "\ndraft: true\n", "\ndraft: false\n")
    code, out, _ = run_cli("-C", str(mini), "validate")
    assert code == 1
    assert re.search(r"cases/nytt-samarbeid.md:\d+: error: summary: Feltet «summary» mangler", out)
    assert re.search(
        r"cases/nytt-samarbeid.md:\d+: error: Teksten er ikke fylt ut ennå: FYLL UT", out
    )


def test_from_new_to_published_on_theme_organisation_and_life_event_pages(
    mini: Path, run_cli: Run
) -> None:
    run_cli("-C", str(mini), "new", "case", "Felles innrapportering")
    path = mini / "cases" / "felles-innrapportering.md"
    text = path.read_text("utf-8")
    filled = {
        "summary:": "summary: Brreg og NAV laget én felles innrapportering.",
        "organisations:": "organisations:\n  - id: brreg\n    role: eier\n  - id: nav\n    role: deltaker",
        "  start:": "  start: 2020",
        "status:": "status: pågående",
        "themes:": "themes: [samarbeid]",  # a deliberate mistake first
        "life_events:": "life_events: [miste-og-finne-jobb]",
        "sources:": "sources:\n  - title: Om prosjektet\n    publisher: Brreg\n    date: 2021",
        "draft: true": "draft: false",
    }
    for old, new in filled.items():
        text = re.sub(rf"^{re.escape(old)}$", new, text, count=1, flags=re.M)
    text = text.replace("FYLL UT: ", "")
    path.write_text(text, "utf-8")
    code, out, _ = run_cli("-C", str(mini), "validate")
    assert code == 1 and "Mente du «samarbeid-pa-tvers»?" in out
    path.write_text(text.replace("themes: [samarbeid]", "themes: [samarbeid-pa-tvers]"), "utf-8")
    code, out, _ = run_cli("-C", str(mini), "validate")
    assert code == 0, out
    pages = {p.src_uri: p.standalone() for p in build(find_settings(mini)).pages()}
    link = (
        '<a href="../../erfaringer/felles-innrapportering/" rel="noopener noreferrer">'
        "Felles innrapportering</a>"
    )
    for page in (
        "tema/samarbeid-pa-tvers.md",
        "virksomheter/brreg.md",
        "virksomheter/nav.md",
        "livshendelser/miste-og-finne-jobb.md",
        "ar/2020.md",
        "sektorer/arbeid-og-sosial.md",
    ):
        assert link in pages[page], page


def test_a_fresh_draft_never_fails_a_strict_build(mini: Path, run_cli: Run, tmp_path: Path) -> None:
    """What a draft still lacks is for its author (validate, the preview), not a warning
    that stops the published site: the draft is not on it."""
    code, out, _ = run_cli("-C", str(mini), "new", "case", "Ny sak")
    assert code == 0, out
    site = tmp_path / "site"
    proc = mkdocs_build(site, mini / "mkdocs.yml")
    assert proc.returncode == 0, proc.stderr
    assert "Utkast: " in proc.stderr  # told, as information
    assert not (site / "erfaringer" / "ny-sak").exists()
