"""``erfaringsbase init DIR``: a new, empty knowledge base that builds at once.

Another agency or a municipality gets the same machinery (validation, cross-index,
generated pages, privacy fixes) without editing the package: everything specific to a
knowledge base is in its own ``mkdocs.yml``, content folders and ``taxonomy/``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Final

from ..content.config import DEFAULT_FOLDERS

KIND_README: Final = {
    "case": "Erfaringer: prosjekter, programmer, samarbeid og ordninger. Én fil per erfaring.",
    "report": "Rapporter: evalueringer, erfaringsrapporter, gjennomganger og strategier.",
    "recommendation": "Anbefalinger: én fil per anbefaling, knyttet til rapporten den kommer fra.",
    "event": "Arrangementer: seminarer og webinarer der erfaringer ble lagt fram.",
}

#: The menu of a new site: the overviews the plugin generates, and nothing else, so that
#: it stays small however many entries there are. (The benchmark builds with it too.)
NAV: Final = """\
  - Forside: index.md
  - Utforsk: utforsk/index.md
  - Erfaringer: erfaringer/index.md
  - Anbefalinger: anbefalinger/index.md
  - Rapporter: rapporter/index.md
  - Arrangementer: arrangementer/index.md
  - Bla etter:
      - Tema: tema/index.md
      - Virksomheter: virksomheter/index.md
      - Livshendelser: livshendelser/index.md
      - Sektorer: sektorer/index.md
      - År: ar/index.md
  - Tall og oversikt: tall/index.md
"""

MKDOCS_YML: Final = (
    """\
site_name: {name}
site_url: {site_url}
# repo_url: https://github.com/ORGANISASJON/KODELAGER   (gir «Rediger denne siden»-lenker)
# edit_uri: edit/main/docs/

theme:
  name: material
  language: {language}
  # Ingen nettfonter: de ville sende lesernes IP-adresse til en tredjepart.
  font: false
  features:
    - content.action.edit
    - navigation.sections

plugins:
  # Søket er Erfaringsbasens eget (Pagefind, med norsk): Materials search står ikke her.
  - erfaringsbase:
      language: {language}
      # content_dir: .          mappen med innholdsmappene og taxonomy/
      # folders: {{case: cases, report: reports, recommendation: recommendations, event: events}}
      # taxonomy_dir: taxonomy
      # url_prefixes: {{case: erfaringer}}

markdown_extensions:
  - admonition
  - attr_list
  - def_list
  - footnotes
  - tables
  - pymdownx.superfences
  - toc:
      permalink: true

# Alle brutte lenker gir en advarsel, så `mkdocs build --strict` stopper på dem.
validation:
  nav:
    omitted_files: info
    not_found: warn
  links:
    not_found: warn
    anchors: warn
    absolute_links: warn
    unrecognized_links: warn

nav:
"""
    + NAV
)

INDEX_MD: Final = """\
# {name}

Her samles erfaringer fra digitalisering: prosjekter og samarbeid, rapporter, anbefalinger
og arrangementer, knyttet sammen og med kilder.

Start med et tema: [samarbeid på tvers](tema/samarbeid-pa-tvers.md),
[gevinstrealisering](tema/gevinstrealisering.md) eller [fornyelse](tema/fornyelse.md).
"""

README_MD: Final = """\
# {name}

En erfaringsbase laget med [Erfaringsbasen](https://github.com/erfaringsbasen/erfaringsbasen).

```sh
pip install erfaringsbase          # eller fra kildekoden
erfaringsbase new case "Tittel"    # lag en ny erfaring (som utkast)
erfaringsbase validate             # sjekk alt innhold
mkdocs serve                       # se nettstedet på http://127.0.0.1:8000
mkdocs build --strict              # bygg nettstedet til site/
```

Innholdet ligger i `{folders}`, vokabularene i `taxonomy/`, og håndskrevne sider i `docs/`.
"""

EMPTY_VOCABULARY: Final = "# yaml-language-server: $schema={schema}\n[]\n"


class InitError(Exception):
    pass


#: The address a new knowledge base has until its owner says where it will be published.
PLACEHOLDER_URL: Final = "http://127.0.0.1:8000/"


def init(
    target: Path, *, name: str | None = None, language: str = "nb", site_url: str | None = None
) -> list[Path]:
    """Create a knowledge base in ``target`` (which must be empty or not exist)."""
    if target.exists() and any(target.iterdir()):
        raise InitError(f"Mappen {target} er ikke tom. Velg en ny eller tom mappe.")
    if language not in ("nb", "nn"):
        raise InitError("Språket må være nb eller nn.")
    title = name or target.resolve().name.replace("-", " ").capitalize() or "Erfaringsbase"
    written: list[Path] = []

    def write(rel: str, text: str) -> None:
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)

    url = site_url.rstrip("/") + "/" if site_url else PLACEHOLDER_URL
    write("mkdocs.yml", MKDOCS_YML.format(name=title, language=language, site_url=url))
    write("docs/index.md", INDEX_MD.format(name=title))
    write(
        "README.md",
        README_MD.format(name=title, folders="/, ".join(DEFAULT_FOLDERS.values()) + "/"),
    )
    write(".gitignore", "site/\n.venv/\n__pycache__/\n")
    for kind, folder in DEFAULT_FOLDERS.items():
        write(f"{folder}/README.md", f"# {folder}/\n\n{KIND_README[kind]}\n")
    themes = resources.files("erfaringsbase.cli").joinpath("defaults").joinpath("themes.yml")
    write("taxonomy/themes.yml", themes.read_text("utf-8"))
    for vocab in ("organisations", "life-events", "sectors"):
        schema = f"https://erfaringsbasen.no/data/schemas/{vocab}.schema.json"
        write(f"taxonomy/{vocab}.yml", EMPTY_VOCABULARY.format(schema=schema))
    return written
