"""Command line: ``erfaringsbase validate|render|…`` (also ``python -m erfaringsbase``)."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from .config import Settings, find_settings
from .pipeline import build, check, write_site
from .problems import format_report


def _settings(args: argparse.Namespace) -> Settings:
    return find_settings(Path(args.root))


def cmd_validate(args: argparse.Namespace) -> int:
    site = check(_settings(args))
    problems = site.problems
    report = format_report(problems, site.corpus.files_checked, args.format)
    print(report)
    return 1 if site.errors else 0


def cmd_render(args: argparse.Namespace) -> int:
    site = build(_settings(args), include_drafts=args.drafts)
    if site.errors:
        print(format_report(site.problems, site.corpus.files_checked, "text"), file=sys.stderr)
        return 1
    out = Path(args.out)
    write_site(site, out)
    print(f"Skrev {len(site.pages)} sider og {len(site.assets)} andre filer til {out}.")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="erfaringsbase",
        description="Erfaringsbasen: sjekk, lag og publiser innhold.",
    )
    p.add_argument(
        "-C",
        "--root",
        default=".",
        help="mappen med mkdocs.yml (eller en undermappe av den); standard: denne mappen",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="KOMMANDO")

    v = sub.add_parser("validate", help="sjekk alt innhold og skriv ut alle problemer")
    v.add_argument(
        "--format",
        choices=("text", "github", "json"),
        default="text",
        help="text (standard), github (merknader i pull requests) eller json",
    )
    v.set_defaults(func=cmd_validate)

    r = sub.add_parser("render", help="skriv de genererte sidene som markdown til en mappe")
    r.add_argument("--out", required=True, help="mappen sidene skrives til")
    r.add_argument("--drafts", action="store_true", help="ta med utkast")
    r.set_defaults(func=cmd_render)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug in the tool, never a content mistake
        if os.environ.get("ERFARINGSBASE_DEBUG"):
            traceback.print_exc()
        print(
            f"erfaringsbase: intern feil ({type(exc).__name__}: {exc}). "
            "Kjør med ERFARINGSBASE_DEBUG=1 for detaljer, og meld feilen.",
            file=sys.stderr,
        )
        return 2
