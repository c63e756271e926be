#!/usr/bin/env python3
"""Run the quality gates and write their figures to docs/kvalitet.md.

    .venv/bin/python scripts/quality.py            # run the gates, rewrite the page
    .venv/bin/python scripts/quality.py --from F   # rewrite the page from a saved run

The figures come from the tests themselves (tests/quality_figures.py): what axe checked
and found, which hosts the pages contacted, what the hostile-input corpus tried and what
ran, how many generated inputs the loader survived. The page is never edited by hand.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from erfaringsbase.content.model import MONTHS_NB

REPO = Path(__file__).resolve().parents[1]
PAGE = REPO / "docs" / "kvalitet.md"
# The tests that measure something for the page; the rest of the suite is not needed.
GATES = [
    "tests/browser",
    "tests/test_property_loader.py",
    "tests/test_hostile_files.py",
    "tests/test_nothing_lost.py",
    "tests/test_reproducible.py",
]

HEADER = """---
title: Kvalitet
description: Hva de automatiske testene sjekker før hver endring publiseres – tilgjengelighet, personvern, skadelig innhold og at ingenting går tapt – og hva de fant.
---

# Kvalitet

Hver endring i Erfaringsbasen går gjennom de samme automatiske kontrollene før den
publiseres. Tallene under kommer fra en kjøring av testene; siden blir skrevet av
skriptet `scripts/quality.py` og blir aldri redigert for hånd.

"""

EXPLANATION = """
## Hva tallene betyr

Tilgjengelighet
:   Verktøyet axe-core sjekker hver sidetype mot WCAG 2.1 nivå A og AA i nettleseren
    Chromium, i både lyst og mørkt tema, også utforskeren med filtre valgt og søket
    med treff. Testene går i tillegg gjennom hovedoppgavene med bare tastatur. Se
    [tilgjengelighetserklæringen](tilgjengelighet.md).

Personvern
:   Hver sidetype blir åpnet mens alle forespørslene nettleseren gjør, blir registrert.
    Ingen av dem skal gå til andre enn nettstedet selv, og ingen informasjonskapsel
    skal settes. Se [personvern](personvern.md).

Skadelig innhold
:   Innhold kommer inn som forslag fra hvem som helst. Testene bygger et nettsted av
    kjente angrep – skript, hendelsesattributter, `javascript:`- og `data:`-lenker,
    SVG med skript, angrep i feltene som havner i sider, søk, utforskeren og
    nyhetsstrømmer – og åpner det i nettleseren. Ingen av dem skal kjøre.

Robusthet
:   Hundrevis av tilfeldig lagde filer blir lest inn. Hver skal gi enten en oppføring
    eller en liste med feilmeldinger, aldri et programkrasj. Ekstremt store filer og
    «alias-bomber» i YAML blir avvist med en melding.

Ingenting går tapt
:   Hver innholdsfil blir til nøyaktig én side og én post i de åpne dataene, og to
    bygg av det samme innholdet gir de samme filene, byte for byte.
"""


def run_gates(target: Path) -> int:
    env = {**os.environ, "ERFARINGSBASE_QUALITY_JSON": str(target)}
    present = [gate for gate in GATES if (REPO / gate).exists()]
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *present]
    return subprocess.run(command, cwd=REPO, env=env, check=False).returncode


def render(figures: dict[str, int | str], when: dt.date) -> str:
    lines = [HEADER, f"Sist målt {when.day}. {MONTHS_NB[when.month - 1]} {when.year}.\n\n"]
    lines.append("| Kontroll | Tall |\n|---|---:|\n")
    for label, value in figures.items():
        lines.append(f"| {label} | {value} |\n")
    lines.append(EXPLANATION)
    return "".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", type=Path, help="figures saved by a test run")
    args = parser.parse_args()
    if args.source:
        figures = json.loads(args.source.read_text("utf-8"))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / "figures.json"
            code = run_gates(target)
            if code != 0:
                print("The quality gates failed: docs/kvalitet.md is left as it was.")
                return code
            figures = json.loads(target.read_text("utf-8"))
    PAGE.write_text(render(figures, dt.date.today()), "utf-8")
    print(f"wrote {PAGE.relative_to(REPO)} ({len(figures)} figures)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
