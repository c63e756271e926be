"""One round: every mistake is reported at once, each once, with a suggestion that is itself
right (issue 22). A broken vocabulary file gives its own errors, not one in every entry
that uses it; a file with schema errors still has its references checked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from support import REPO, edit, mkdocs_build

Run = Callable[..., tuple[int, str, str]]

CASE = "cases/samspill.md"
REPORT = "reports/rapport-2019.md"


def problems(run_cli: Run, site: Path) -> list[str]:
    code, out, _ = run_cli("-C", str(site), "validate")
    lines = [line for line in out.splitlines() if ": error: " in line or ": warning: " in line]
    assert (code == 0) == (not any(": error: " in line for line in lines)), out
    return lines


def files_with_errors(lines: list[str]) -> set[str]:
    return {line.split(":", 1)[0] for line in lines if ": error: " in line}


# --- a broken vocabulary file: its own errors only ------------------------------------------

ORGANISATIONS = "taxonomy/organisations.yml"


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        pytest.param(
            "  kind: departement\n",
            "  kind: departementet\n",
            ["[0].kind", "Mente du «departement»"],
            id="a-bad-kind",
        ),
        pytest.param(
            "- id: brreg\n  name: Brønnøysundregistrene\n",
            "- id: brreg\n",
            ["Feltet «name» mangler"],
            id="a-missing-name",
        ),
        pytest.param(
            "- id: difi\n",
            "- id: difi\n  founded: tidlig\n",
            ["founded"],
            id="a-wrong-type",
        ),
    ],
)
def test_a_mistake_in_the_organisations_gives_one_error_there(
    mini: Path, run_cli: Run, old: str, new: str, words: list[str]
) -> None:
    text = (mini / ORGANISATIONS).read_text("utf-8")
    (mini / ORGANISATIONS).write_text(text.replace(old, new, 1), "utf-8")
    lines = problems(run_cli, mini)
    assert files_with_errors(lines) == {ORGANISATIONS}, "\n".join(lines)
    assert len(lines) == 1, "\n".join(lines)
    assert all(word in lines[0] for word in words), lines[0]
    assert "Kjente verdier: ." not in lines[0]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        pytest.param("", ["Filen er tom", "git checkout -- taxonomy/themes.yml"], id="empty"),
        pytest.param("# bare en kommentar\n", ["Filen er tom"], id="only-a-comment"),
        pytest.param("id: samarbeid-pa-tvers\n", ["Skal være en liste"], id="not-a-list"),
        # (A tab is read past: test_contributor_path, vocabulary-indent.)
        pytest.param("- id: x\n  title: [y\n", ["themes.yml:", "YAML"], id="broken-yaml"),
    ],
)
def test_an_unreadable_theme_file_is_the_one_error(
    mini: Path, run_cli: Run, content: str, words: list[str]
) -> None:
    (mini / "taxonomy" / "themes.yml").write_text(content, "utf-8")
    lines = problems(run_cli, mini)
    assert files_with_errors(lines) == {"taxonomy/themes.yml"}, "\n".join(lines)
    assert all(any(word in line for line in lines) for word in words), "\n".join(lines)


def test_a_second_entry_for_the_same_organisation_is_refused(mini: Path, run_cli: Run) -> None:
    with (mini / ORGANISATIONS).open("a", encoding="utf-8") as out:
        out.write(
            "- id: digitaliseringsdirektoratet\n"
            "  name: Digitaliseringsdirektoratet\n"
            "  kind: direktorat/etat\n"
        )
    lines = problems(run_cli, mini)
    assert len(lines) == 1, "\n".join(lines)
    assert "Navnet «Digitaliseringsdirektoratet» brukes også av «digdir»" in lines[0]


def test_a_short_name_shared_with_another_organisation_is_refused(mini: Path, run_cli: Run) -> None:
    edit(mini / ORGANISATIONS, "  short_name: Brreg\n", "  short_name: NAV\n")
    lines = problems(run_cli, mini)
    assert len(lines) == 1 and "Navnet «NAV» brukes også av «nav»" in lines[0], lines


# --- schema and references in the same round ------------------------------------------------


def test_a_schema_error_does_not_hide_the_references(mini: Path, run_cli: Run) -> None:
    """The contributor's round from the issue: ``publisher: NO`` hid a wrong theme, a wrong
    organisation and a recommendation id with a typo until the next run."""
    case = mini / CASE
    edit(case, "status: avsluttet", "status: NO")
    edit(case, "themes: [samarbeid-pa-tvers, gevinstrealisering]", "themes: [samarbeid]")
    edit(case, "recommendations: [rad-2017-brukere]", "recommendations: [rad-2017-bruker]")
    edit(case, "life_events: [miste-og-finne-jobb]", "life_events: [miste-jobb]")
    report = mini / REPORT
    edit(report, "publisher: [difi, kmd]", "publisher: NO")
    edit(report, "themes: [samarbeid-pa-tvers]", "themes: [fornying]")
    lines = problems(run_cli, mini)
    text = "\n".join(lines)
    for words in [
        (CASE, "status:", "NO"),
        (CASE, "themes[0]", "«samarbeid»", "Mente du «samarbeid-pa-tvers»"),
        (CASE, "recommendations[0]", "«rad-2017-bruker»", "Mente du «rad-2017-brukere»"),
        (CASE, "life_events[0]", "«miste-jobb»", "Mente du «miste-og-finne-jobb»"),
        (REPORT, "publisher:", "Skal være"),
        (REPORT, "themes[0]", "«fornying»", "Mente du «fornyelse»"),
    ]:
        assert any(all(w in line for w in words) for line in lines), f"{words} in\n{text}"
    assert len(lines) == 6, text


def test_a_file_with_errors_is_not_reported_again_where_it_is_used(
    mini: Path, run_cli: Run
) -> None:
    edit(mini / REPORT, "kind: erfaringsrapport", "kind: rapport")
    lines = problems(run_cli, mini)
    assert files_with_errors(lines) == {REPORT}, "\n".join(lines)


# --- suggestions that are right ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("bronnoysundregistrene", "brreg"),  # the name, as an id
        ("arbeids-og-velferdsetaten", "nav"),  # the name, as an id
        ("digitaliseringsdirektorat", "digdir"),  # the name, nearly
        ("navv", "nav"),  # the id, nearly
        ("direktoratet-for-forvaltning-og-ikt", "difi"),
        ("Arbeids- og velferdsforvaltningen", "nav"),  # another name it has
        ("arbeids-og-velferdsforvaltningen", "nav"),  # another name, as an id
    ],
)
def test_an_organisation_is_suggested_by_its_names(
    mini: Path, run_cli: Run, written: str, meant: str
) -> None:
    edit(mini / CASE, "  - id: nav\n", f"  - id: {written}\n")
    lines = problems(run_cli, mini)
    assert len(lines) == 1 and f"Mente du «{meant}»?" in lines[0], lines
    # The suggestion, applied as written, is right.
    edit(mini / CASE, f"  - id: {written}\n", f"  - id: {meant}\n")
    assert problems(run_cli, mini) == []


def test_a_file_name_that_cannot_be_an_id_gets_one_that_can(mini: Path, run_cli: Run) -> None:
    source = (mini / CASE).read_text("utf-8").replace("id: samspill", "id: digitalt-dodsbo")
    (mini / "cases" / "Digitalt dødsbo.md").write_text(source, "utf-8")
    lines = problems(run_cli, mini)
    wrong = [line for line in lines if line.startswith("cases/Digitalt dødsbo.md")]
    assert any("gi filen navnet digitalt-dodsbo.md" in line for line in wrong), lines
    assert not any("sett id: Digitalt dødsbo" in line for line in lines), lines
    (mini / "cases" / "Digitalt dødsbo.md").rename(mini / "cases" / "digitalt-dodsbo.md")
    assert problems(run_cli, mini) == []


def test_a_list_of_fields_is_not_suggested_as_a_list_of_words(mini: Path, run_cli: Run) -> None:
    case = mini / CASE
    text = case.read_text("utf-8")
    start, end = text.index("financing:\n"), text.index("sources:\n")
    case.write_text(text[:start] + "financing: ordningen\n" + text[end:], "utf-8")
    lines = problems(run_cli, mini)
    assert len(lines) == 1 and "financing" in lines[0], lines
    assert "[ordningen]" not in lines[0]
    example = lines[0].split("skriv for eksempel: ", 1)[1]
    # The example, written as it stands, is valid.
    edit(case, "financing: ordningen\n", f"financing: {example}\n")
    assert problems(run_cli, mini) == [], example


def test_yes_and_no_are_named_for_what_yaml_made_of_them(mini: Path, run_cli: Run) -> None:
    edit(mini / CASE, "title: Samspill om jobb", "title: yes")
    (line,) = problems(run_cli, mini)
    assert "men er true." in line and "true/false" not in line, line


# --- the preview shows the problems on the site ----------------------------------------------


def preview_config(site: Path) -> Path:
    """The plugin as ``mkdocs serve`` runs it: drafts shown, errors not stopping the build."""
    config = site / "mkdocs.yml"
    edit(
        config,
        "  - erfaringsbase\n",
        "  - erfaringsbase:\n      fail_on_errors: false\n      drafts: true\n",
    )
    return config


def test_a_preview_shows_each_file_s_problems_on_its_page(mini: Path, tmp_path: Path) -> None:
    edit(mini / CASE, "themes: [samarbeid-pa-tvers, gevinstrealisering]", "themes: [samarbeid]")
    draft = (mini / "cases" / "ordningen.md").read_text("utf-8")
    start, end = draft.index("status:"), draft.index("\n", draft.index("status:"))
    draft = draft[:start] + "draft: true" + draft[end:]
    (mini / "cases" / "ordningen.md").write_text(draft, "utf-8")
    site = tmp_path / "site"
    proc = mkdocs_build(site, preview_config(mini), strict=False)
    assert proc.returncode == 0, proc.stderr
    page = (site / "erfaringer" / "samspill" / "index.html").read_text("utf-8")
    assert '<p class="admonition-title">Sjekk av innholdet</p>' in page
    assert "Linje 15 (themes[0]): «samarbeid» er ikke et kjent tema" in page
    assert '<a href="../../innholdsfeil/"' in page
    # The unknown theme is named, not linked to a page that does not exist.
    assert "<dd>samarbeid</dd>" in page
    listing = (site / "innholdsfeil" / "index.html").read_text("utf-8")
    assert "cases/samspill.md" in listing and "cases/ordningen.md" in listing
    assert '<a href="../erfaringer/samspill/"' in listing
    # A draft without a status says so, instead of showing the stand-in «Planlagt».
    ordningen = (site / "erfaringer" / "ordningen" / "index.html").read_text("utf-8")
    assert "<dt>Status</dt>\n<dd>(ikke fylt ut ennå)</dd>" in ordningen
    assert "Planlagt" not in ordningen


def test_a_site_without_problems_has_no_problem_page(mini: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    proc = mkdocs_build(site, preview_config(mini), strict=False)
    assert proc.returncode == 0, proc.stderr
    assert not (site / "innholdsfeil").exists()
    assert "Sjekk av innholdet" not in (site / "erfaringer/samspill/index.html").read_text("utf-8")


def test_the_editor_finds_the_schema_of_every_vocabulary_file() -> None:
    """The first line of each taxonomy file points an editor (yaml-language-server) at the
    schema, so mistakes are underlined while typing: the path must stay right."""
    for file in sorted((REPO / "taxonomy").glob("*.yml")):
        first = file.read_text("utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), file.name
        schema = (file.parent / first.split("=", 1)[1]).resolve()
        assert schema.is_file(), f"{file.name}: {schema}"


# --- one truth: status and period agree -------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "end", "wrong"),
    [
        ("avsluttet", None, "status"),
        ("stanset", None, "status"),
        ("pågående", '"2019-06"', "period.end"),
        ("avsluttet", '"2019-06"', None),
        ("pågående", None, None),
        ("i drift", None, None),
        ("i drift", '"2019-06"', None),  # built and in use after the project ended
        ("planlagt", None, None),
    ],
)
def test_status_and_period_agree(
    mini: Path, run_cli: Run, status: str, end: str | None, wrong: str | None
) -> None:
    case = mini / CASE
    edit(case, "status: avsluttet", f"status: {status}")
    edit(case, '  end: "2019-06"\n', f"  end: {end}\n" if end else "")
    lines = problems(run_cli, mini)
    if wrong is None:
        assert lines == []
    else:
        assert len(lines) == 1 and f"error: {wrong}: " in lines[0], lines


def test_a_file_s_own_rules_come_with_its_schema_errors(mini: Path, run_cli: Run) -> None:
    """From the fresh-clone walk-through: a reserved id and a status without an end were
    told only once the file's schema errors were gone; an organisation written by its name
    hid the others in the same list; a typo in a source report got no suggestion while the
    report itself had errors."""
    case = mini / CASE
    edit(case, "status: avsluttet", "status: NO")
    edit(case, "  - id: nav\n", "  - id: Digitaliseringsdirektoratet\n")
    edit(case, "  - id: difi\n", "  - id: bronnoysundregistrene\n")
    event = mini / "events" / "arena.md"
    edit(event, "id: arena", "id: kalender")
    edit(event, "organiser: norstella", "organiser: NO")
    event.rename(event.with_name("kalender.md"))
    edit(mini / REPORT, "kind: erfaringsrapport", "kind: rapport")
    rec = mini / "recommendations" / "rad-2019-jobb-sammen.md"
    text = rec.read_text("utf-8")
    rec.write_text(
        text.replace("source_report: rapport-2019", "source_report: rapport-2091"), "utf-8"
    )
    lines = "\n".join(problems(run_cli, mini))
    assert "«Digitaliseringsdirektoratet» er ikke en kjent virksomhet" in lines
    assert "Mente du «digdir»" in lines
    assert "«bronnoysundregistrene» er ikke en kjent virksomhet" in lines and "«brreg»" in lines
    assert "events/kalender.md:2: error: id: «kalender» er reservert" in lines
    assert "«rapport-2091»" in lines and "Mente du «rapport-2019»" in lines


def test_a_misnamed_file_is_checked_in_the_same_round(mini: Path, run_cli: Run) -> None:
    """Notepad's «.md.txt»: the file is named with its right name, and what else is wrong
    in it comes in the same round, so renaming it is the last step."""
    text = (mini / "cases" / "ordningen.md").read_text("utf-8")
    text = text.replace("id: ordningen", "id: digitalt-dodsbo").replace(
        "status: i drift", "status: NO"
    )
    (mini / "cases" / "digitalt-dodsbo.md.txt").write_text(text, "utf-8")
    lines = problems(run_cli, mini)
    named = [line for line in lines if line.startswith("cases/digitalt-dodsbo.md.txt")]
    assert any("Gi filen navnet digitalt-dodsbo.md." in line for line in named), lines
    assert any("status:" in line and "NO" in line for line in named), lines
    # No second message for the same file under its right name.
    assert not [line for line in lines if line.startswith("cases/digitalt-dodsbo.md:")]


def test_a_field_already_written_is_not_suggested_for_an_unknown_one(
    mini: Path, run_cli: Run
) -> None:
    """«publisher» is close to «published», but the file has «published» already: renaming
    would write it twice, so the message lists the fields instead."""
    edit(mini / CASE, "status: avsluttet", "status: avsluttet\npublisher: NAV")
    lines = problems(run_cli, mini)
    assert len(lines) == 1 and "Ukjent felt «publisher»" in lines[0], lines
    assert "Mente du «published»" not in lines[0] and "Tillatte felt her:" in lines[0]
    edit(
        mini / CASE, "status: avsluttet\npublisher: NAV", "status: avsluttet\npublishd: 2026-11-23"
    )
    lines = problems(run_cli, mini)
    assert any("Ukjent felt «publishd»" in line for line in lines), lines


@pytest.mark.parametrize(
    ("start", "end_line", "told"),
    [
        ("01.03.2018", "", True),  # a wrong start: status and end are still compared
        ("01.03.2018", '  end: "2019-06"\n', False),  # and the written end is kept
        ("2018", '  end: "juni 2019"\n', False),  # a wrong end: nothing to compare
    ],
)
def test_status_and_end_are_compared_when_only_the_start_is_wrong(
    mini: Path, run_cli: Run, start: str, end_line: str, told: bool
) -> None:
    text = (mini / CASE).read_text("utf-8")
    text = text.replace("  start: 2018\n", f"  start: {start}\n").replace(
        '  end: "2019-06"\n', end_line
    )
    (mini / CASE).write_text(text, "utf-8")
    lines = problems(run_cli, mini)
    assert any("«01.03.2018» har feil format" in line or "end" in line for line in lines)
    assert any("men perioden har ingen slutt" in line for line in lines) == told, lines
