from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from erfaringsbase.content.config import find_settings
from erfaringsbase.pages.directives import expand
from erfaringsbase.site import build
from support import edit, mkdocs_build

Run = Callable[..., tuple[int, str, str]]


@pytest.mark.slow
@pytest.mark.parametrize("language", ["nb", "nn"])
def test_init_builds_at_once_and_grows(tmp_path: Path, run_cli: Run, language: str) -> None:
    kb = tmp_path / "kommune"
    code, out, _ = run_cli(
        "init", str(kb), "--name", "Kommunens erfaringer", "--language", language
    )
    assert code == 0, out
    assert (kb / "mkdocs.yml").is_file() and (kb / "taxonomy" / "themes.yml").is_file()
    proc = mkdocs_build(tmp_path / "site", kb / "mkdocs.yml")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "site" / "tema" / "fornyelse" / "index.html").is_file()
    # The first case, filled in, appears at once.
    code, _, _ = run_cli("-C", str(kb), "new", "case", "Digital byggesak")
    case = kb / "cases" / "digital-byggesak.md"
    text = case.read_text("utf-8").replace("FYLL UT: ", "")
    for old, new in {
        "summary:\n": "summary: Kommunen digitaliserte byggesaken.\n",
        "  start:\n": "  start: 2024\n",
        "status:\n": "status: pågående\n",
        "themes:\n": "themes: [fornyelse]\n",
        "sources:\n": "sources:\n  - title: Sluttrapport\n    publisher: Kommunen\n",
        "organisations:\n": "organisations: []\n",
        "draft: true\n": "",
    }.items():
        text = text.replace(old, new, 1)
    case.write_text(text, "utf-8")
    code, out, _ = run_cli("-C", str(kb), "validate")
    assert code == 1 and "organisations: Listen må ha minst 1 punkt" in out  # no organisations yet
    (kb / "taxonomy" / "organisations.yml").write_text(
        "- id: kommunen\n  name: Kommunen\n  kind: kommunal sektor\n", "utf-8"
    )
    case.write_text(
        text.replace("organisations: []", "organisations:\n  - id: kommunen\n    role: eier"),
        "utf-8",
    )
    code, out, _ = run_cli("-C", str(kb), "validate")
    assert code == 0, out
    proc = mkdocs_build(tmp_path / "site2", kb / "mkdocs.yml")
    assert proc.returncode == 0, proc.stderr
    html = (tmp_path / "site2" / "tema" / "fornyelse" / "index.html").read_text("utf-8")
    assert "Digital byggesak" in html
    expected = "Erfaringar" if language == "nn" else "Erfaringer"
    assert expected in html


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path, run_cli: Run) -> None:
    (tmp_path / "x.txt").write_text("x", "utf-8")
    code, _, err = run_cli("init", str(tmp_path))
    assert code == 1 and "ikke tom" in err


def _renderer(root: Path):  # type: ignore[no-untyped-def]
    site = build(find_settings(root))
    assert site.renderer is not None
    return site.renderer


def test_listing_directive_filters_and_links(mini: Path) -> None:
    md = "# Seminar\n\n```erfaringsbase\nliste:\n  type: erfaring\n  tema: gevinstrealisering\n  siste: 1\n```\n"
    out, problems = expand(md, "seminar.md", "docs/seminar.md", _renderer(mini))
    assert problems == []
    # Newest first: samspill ended 2019, ordningen is ongoing since 2016 (sorted by start).
    assert out.count("<li>") == 1
    assert 'href="../erfaringer/' in out


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("liste:\n  tema: samarbeid", "Mente du «samarbeid-pa-tvers»"),
        ("liste:\n  farge: blå", "Ukjent filter «farge»"),
        ("liste:\n  type: sak", "Ukjent type «sak»"),
        ("lsite:\n  type: erfaring", "Ukjent direktiv «lsite». Mente du «liste»?"),
        ("liste: [", "ikke gyldig YAML"),
    ],
)
def test_directive_mistakes_name_page_and_line(mini: Path, body: str, words: str) -> None:
    md = f"# Side\n\nTekst.\n\n```erfaringsbase\n{body}\n```\n"
    _, problems = expand(md, "side.md", "docs/side.md", _renderer(mini))
    assert problems and problems[0].path == "docs/side.md" and problems[0].line == 5
    assert any(words in p.message for p in problems), problems


@pytest.mark.slow
def test_a_bad_directive_fails_the_strict_build(mini: Path, tmp_path: Path) -> None:
    edit(
        mini / "docs" / "index.md",
        "# Mini\n",
        "# Mini\n\n```erfaringsbase\nliste:\n  tema: ukjent\n```\n",
    )
    proc = mkdocs_build(tmp_path / "site", mini / "mkdocs.yml")
    assert proc.returncode != 0
    assert "docs/index.md:3: error: liste.tema: «ukjent» finnes ikke." in proc.stderr


def test_a_directive_inside_another_code_block_is_left_as_code(mini: Path) -> None:
    example = "````markdown\n```erfaringsbase\nliste:\n  type: erfaring\n```\n````\n"
    md = f"# Side\n\n{example}\n```erfaringsbase\nliste:\n  type: rapport\n```\n\nSlutt.\n"
    out, problems = expand(md, "side.md", "docs/side.md", _renderer(mini))
    assert problems == []
    assert example in out  # the example is untouched
    assert "Rådets rapport 2017" in out and "```erfaringsbase\nliste:\n  type: rapport" not in out
    assert out.endswith("\nSlutt.\n")


def test_init_warns_about_the_placeholder_address(tmp_path: Path, run_cli: Run) -> None:
    code, _, err = run_cli("init", str(tmp_path / "ny"))
    assert code == 0, err
    assert "site_url i mkdocs.yml er http://127.0.0.1:8000/" in err and "--site-url" in err
    code, _, err = run_cli(
        "init", str(tmp_path / "klar"), "--site-url", "https://erfaringer.example.no"
    )
    assert code == 0 and "site_url" not in err, err
    config = (tmp_path / "klar" / "mkdocs.yml").read_text("utf-8")
    assert "site_url: https://erfaringer.example.no/\n" in config


@pytest.mark.parametrize(
    ("built", "expected"),
    [
        ("1693526400", ["Webinar 1: Svakheter"]),  # 1 September 2023: the soonest first
        ("1767225600", []),  # 1 January 2026: all are past
    ],
)
def test_a_list_of_upcoming_events(
    mini: Path, monkeypatch: pytest.MonkeyPatch, built: str, expected: list[str]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", built)
    md = "```erfaringsbase\nliste:\n  type: arrangement\n  kommende: ja\n  siste: 1\n```\n"
    out, problems = expand(md, "index.md", "docs/index.md", _renderer(mini))
    assert problems == []
    if expected:
        assert 'class="eb-events-upcoming-only"' in out
        assert [t for t in expected if t in out] == expected
        assert "Samhandlingsarena" not in out  # siste: 1
    else:
        assert "Ingen kommende arrangementer er registrert per 1. januar 2026." in out
