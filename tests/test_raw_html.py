"""Raw HTML in content is refused by validate, at the right line; markdown is not."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from erfaringsbase.content.rawhtml import (
    html_in_body,
    script_links_in_body,
    theme_attributes_in_body,
    without_theme_attributes,
)
from support import edit, mkdocs_build, second_line_of_defence

Run = Callable[..., tuple[int, str, str]]


@pytest.mark.parametrize(
    ("body", "line", "fragment"),
    [
        ("Tekst.\n\n<script>alert(1)</script>\n", 2, "<script>"),
        ("A\nB <b onclick=x>fet</b>\n", 1, "<b onclick=x>"),
        ("<!-- skjult -->\n", 0, "<!--"),
        ("Se <img src=https://sporing.example/p.gif>\n", 0, "<img"),
        ("<svg onload=alert(1)>\n", 0, "<svg"),
        ('<a href="javascript:alert(1)">x</a>\n', 0, "<a href"),
        ("<div>\nblokk\n</div>\n", 0, "<div>"),
    ],
)
def test_html_is_found_at_its_line(body: str, line: int, fragment: str) -> None:
    found = list(html_in_body(body))
    assert found and found[0][0] == line and fragment in found[0][1], found


@pytest.mark.parametrize(
    "body",
    [
        "Vanlig tekst med **fet** og *kursiv* og [lenke](https://www.digdir.no/).\n",
        "Stat &amp; styring, 3 < 4 og 5 > 2.\n",
        "Kode: `<script>` i en kodebit.\n",
        "```\n<script>alert(1)</script>\n```\n",
        "Lenke: <https://www.digdir.no/>\n",
    ],
)
def test_markdown_is_fine(body: str) -> None:
    assert list(html_in_body(body)) == []


def test_validate_reports_html_in_body_and_fields(mini: Path, run_cli: Run) -> None:
    case = mini / "cases" / "samspill.md"
    edit(
        case, "Felles mål var viktigst.", 'Felles mål.\n\n<iframe src="https://x.example"></iframe>'
    )
    edit(case, "    note: Veiledning", '    note: "<b>Veiledning</b>"')
    code, out, _ = run_cli("-C", str(mini), "validate")
    assert code == 1
    assert "cases/samspill.md:42: error: HTML er ikke tillatt i teksten (<iframe" in out
    assert (
        "cases/samspill.md:10: error: organisations[1].note: HTML er ikke tillatt i feltene" in out
    )


@pytest.mark.parametrize(
    ("body", "line", "target"),
    [
        ("Tekst.\n\n[klikk](javascript:alert(1))\n", 2, "javascript:alert(1"),
        ("[x](  JaVaScRiPt:alert(2))\n", 0, "JaVaScRiPt:alert(2"),
        ("![bilde](data:image/svg+xml;base64,PHN2Zz4=)\n", 0, "data:image/svg+xml"),
        ("Se [her][r].\n\n[r]: vbscript:msgbox(1)\n", 2, "vbscript:msgbox(1)"),
    ],
)
def test_script_links_are_found_at_their_line(body: str, line: int, target: str) -> None:
    found = list(script_links_in_body(body))
    assert len(found) == 1 and found[0][0] == line and found[0][1].startswith(target), found


@pytest.mark.parametrize(
    "body",
    [
        "[lenke](https://www.digdir.no/) og [side](../tema/fornyelse.md)\n",
        "Kode: `[x](javascript:alert(1))` i en kodebit.\n",
        "```\n[x](javascript:alert(1))\n```\n",
        "Ordet javascript: i vanlig tekst, og data: som ord.\n",
    ],
)
def test_ordinary_links_and_code_are_fine(body: str) -> None:
    assert list(script_links_in_body(body)) == []


def test_validate_reports_script_links(mini: Path, run_cli: Run) -> None:
    case = mini / "cases" / "samspill.md"
    edit(case, "Felles mål var viktigst.", "Felles mål.\n\n[klikk](javascript:alert(1))")
    code, out, _ = run_cli("-C", str(mini), "validate")
    assert code == 1
    assert "cases/samspill.md:42: error: Lenken går til «javascript:alert(1»" in out


@pytest.mark.parametrize(
    ("written", "what"),
    [
        ('    note: "\\u003cb>Veiledning\\u003c/b>"', "HTML er ikke tillatt i feltene"),
        ('    note: "\\x3cscript>x\\x3c/script>"', "HTML er ikke tillatt i feltene"),
        ('    note: "\\x46YLL UT"', "Feltet er ikke fylt ut"),
    ],
)
def test_an_escape_cannot_hide_a_tag_or_placeholder_from_the_quick_look(
    mini: Path, run_cli: Run, written: str, what: str
) -> None:
    """validate first looks for «<» and «FYLL UT» in the front matter as written, and only
    walks the fields when it is there; a YAML escape makes it without being written."""
    edit(mini / "cases" / "samspill.md", "    note: Veiledning", written)
    code, out, _ = run_cli("-C", str(mini), "validate")
    assert code == 1
    assert f"cases/samspill.md:10: error: organisations[1].note: {what}" in out, out


# (text, what validate names as the theme's; [] when the list is the contributor's own)
ATTRIBUTE_LISTS = [
    pytest.param("Avsnitt.\n{: #__search .md-header .md-button }", ["#__search", ".md-header", ".md-button"], id="ids-and-classes"),
    pytest.param("[lenke](https://nav.no){ .md-button }", [".md-button"], id="inline-without-colon"),
    pytest.param("## Tittel {: #__drawer }", ["#__drawer"], id="heading-id"),
    pytest.param("Avsnitt.\n{: class='md-typeset md-grid' }", ["class='md-typeset md-grid'"], id="class-as-key"),
    pytest.param("Avsnitt.\n{: id=md-content }", ["id=md-content"], id="id-as-key"),
    pytest.param("## Tittel {: #min-egen-overskrift .viktig }", [], id="own-id-and-class"),
    pytest.param("Kode: `{: #__search }`", [], id="in-code"),
    pytest.param("En mengde {a, b} i teksten.", [], id="braces-in-prose"),
]  # fmt: skip


@pytest.mark.parametrize(("body", "owned"), ATTRIBUTE_LISTS)
def test_attribute_lists_may_not_take_the_theme_s_ids_or_classes(
    body: str, owned: list[str]
) -> None:
    found = list(theme_attributes_in_body("Første linje.\n\n" + body))
    assert [tokens for _, _, tokens in found] == ([owned] if owned else [])
    if owned:
        assert found[0][0] == body.count("\n", 0, body.index("{")) + 2
    cleaned = without_theme_attributes(body)
    assert not list(theme_attributes_in_body(cleaned))
    if not owned:
        assert cleaned == body


def test_a_preview_of_a_refused_attribute_list_keeps_the_theme_s_ids_to_the_theme(
    mini: Path, run_cli: Run, tmp_path: Path
) -> None:
    """validate refuses the list at its line; a build that goes on despite errors (a
    preview) leaves the theme's ids and classes out of the page."""
    case = mini / "cases" / "samspill.md"
    edit(
        case,
        "Felles mål var viktigst.",
        "Felles mål var viktigst.\n{: #__search .md-header .md-button .min-klasse }",
    )
    code, out, _ = run_cli("-C", str(mini), "validate")
    assert code == 1
    assert "cases/samspill.md:41: error: Attributtlisten «{: #__search" in out
    assert "«#__search», «.md-header» og «.md-button»" in out
    second_line_of_defence(mini / "mkdocs.yml")
    proc = mkdocs_build(tmp_path / "site", mini / "mkdocs.yml", strict=False)
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "site" / "erfaringer" / "samspill" / "index.html").read_text("utf-8")
    article = page[page.index("<article") : page.index("</article>")]
    paragraph = next(p for p in article.split("<p") if "Felles mål var viktigst." in p)
    assert 'class="min-klasse"' in paragraph and "md-" not in paragraph, paragraph
    assert page.count('id="__search"') == 1, "only Material's own search toggle"
