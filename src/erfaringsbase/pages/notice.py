"""What a contributor previewing content with problems sees on the site itself, not only in
the terminal: a notice on the page of each file with problems, and one page listing every
problem (``PROBLEMS_PAGE``). A published build never has them: it stops at the first error.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Final

from markupsafe import Markup

from ..content.problems import Problem
from ..content.urls import relative_public
from . import html

#: The page that lists every problem (source URI), in a preview with problems only.
PROBLEMS_PAGE: Final = "innholdsfeil.md"

_SEVERITY: Final = {"error": "Feil", "warning": "Advarsel"}


def _item(problem: Problem) -> Markup:
    where = f"Linje {problem.line}" if problem.line else "Filen"
    field = f" ({problem.field})" if problem.field else ""
    return html.text(f"{_SEVERITY[problem.severity]} – {where}{field}: {problem.message}")


def _admonition(kind: str, title: str, body: Markup) -> str:
    return (
        f'<div class="admonition {kind}">\n<p class="admonition-title">{html.text(title)}</p>\n'
        f"{body}\n</div>\n"
    )


def notice(problems: Sequence[Problem], source: str, here: str) -> str:
    """The box at the top of the page made from ``source``, on the page ``here``."""
    errors = any(p.severity == "error" for p in problems)
    intro = html.paragraph(
        f"{source} har {'feil som må rettes før siden kan publiseres' if errors else 'advarsler'}"
        ". Det som står under, er hentet fra sjekken (erfaringsbase validate)."
    )
    link = html.a(relative_public(here, PROBLEMS_PAGE), "Alle problemene i innholdet")
    body = intro + Markup("\n") + html.item_list([_item(p) for p in problems])
    body += Markup("\n") + html.paragraph(link)
    return _admonition("danger" if errors else "warning", "Sjekk av innholdet", body)


def problems_page(problems: Sequence[Problem], pages: Mapping[str, str]) -> str:
    """The markdown of ``PROBLEMS_PAGE``: each file's problems, with a link to its page
    where it has one (``pages``: content file → source URI of its page)."""
    by_file: dict[str, list[Problem]] = defaultdict(list)
    for problem in problems:
        by_file[problem.path].append(problem)
    errors = sum(p.severity == "error" for p in problems)
    parts = [
        "# Problemer i innholdet\n",
        str(
            html.paragraph(
                f"{errors} feil og {len(problems) - errors} advarsler i {len(by_file)} filer. "
                "Siden vises bare i forhåndsvisningen; rett filene, så forsvinner den."
            )
        ),
    ]
    for path, found in sorted(by_file.items()):
        parts.append(f"## {html.md_text(path)}\n")
        listed = html.item_list([_item(p) for p in found])
        page = pages.get(path)
        if page is not None:
            listed += Markup("\n") + html.paragraph(
                html.a(relative_public(PROBLEMS_PAGE, page), "Gå til siden")
            )
        parts.append(str(listed))
    return "\n\n".join(parts) + "\n"
