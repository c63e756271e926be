"""Command line: ``erfaringsbase validate|render|…`` (also ``python -m erfaringsbase``)."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from ..content.config import Settings, build_date, find_settings
from ..content.problems import format_report
from ..content.urls import absolute, is_valid_id
from ..index.validation import validate

# Each command imports what only it needs (the pages and outputs, the exports, the
# scaffolds, the search): `erfaringsbase validate` runs in every pull request and on every
# save in an editor, and its start-up time is part of what the contributor waits for.


def _settings(args: argparse.Namespace) -> Settings:
    return find_settings(Path(args.root))


def cmd_validate(args: argparse.Namespace) -> int:
    corpus = validate(_settings(args))
    print(format_report(corpus.problems.sorted(), corpus.files_checked, args.format))
    return 1 if corpus.problems.errors else 0


def cmd_render(args: argparse.Namespace) -> int:
    from ..site import build, write_site

    site = build(_settings(args), include_drafts=args.drafts)
    if site.errors:
        print(format_report(site.problems, site.corpus.files_checked, "text"), file=sys.stderr)
        return 1
    out = Path(args.out)
    written = write_site(site, out)
    pages = len(written) - len(site.assets)
    print(f"Skrev {pages} sider og {len(site.assets)} andre filer til {out}.")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from ..content.scaffold import (
        invalid_id_message,
        new_entry_path,
        resolve_kind,
        scaffold,
        schema_reference,
        slug_for,
    )
    from ..site import check

    kind = resolve_kind(args.kind)
    if kind is None:
        print(
            f"Ukjent type «{args.kind}». Bruk case (erfaring), report (rapport), "
            "recommendation (anbefaling) eller event (arrangement).",
            file=sys.stderr,
        )
        return 2
    settings = _settings(args)
    ident = args.id or slug_for(args.title)
    if not is_valid_id(ident):
        print(invalid_id_message(args.id, args.title, kind), file=sys.stderr)
        return 2
    site = check(settings)
    taken = {e.id for e in site.corpus.entries if e.kind == kind}
    taken |= {a for e in site.corpus.entries if e.kind == kind for a in e.aliases}
    taken |= {stem for k, stem in site.corpus.broken if k == kind}
    target = new_entry_path(settings, kind, ident)
    if ident in taken or target.exists():
        print(
            f"Id-en «{ident}» er allerede i bruk ({settings.relpath(target)}). Velg en annen "
            "tittel, eller oppgi en annen id med --id.",
            file=sys.stderr,
        )
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    text = scaffold(
        kind,
        args.title,
        ident,
        today=build_date(),
        schema_ref=schema_reference(settings, target, kind),
        vocabulary=site.corpus.vocabulary,
    )
    target.write_text(text, encoding="utf-8")
    print(f"Laget {settings.relpath(target)} (utkast).")
    print("Fyll ut feltene og teksten, fjern «draft: true», og sjekk med: erfaringsbase validate")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from .starter import PLACEHOLDER_URL, InitError, init

    target = Path(args.dir)
    try:
        written = init(target, name=args.name, language=args.language, site_url=args.site_url)
    except InitError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"Laget en ny erfaringsbase i {target} ({len(written)} filer).")
    if not args.site_url:
        # Permanent links, QR codes, calendars, feeds and the open data all carry it.
        print(
            f"Merk: site_url i mkdocs.yml er {PLACEHOLDER_URL}, som bare virker på din egen "
            "maskin. Sett den til adressen nettstedet skal publiseres på før det publiseres "
            "(faste lenker, QR-koder, kalendere, nyhetsstrømmer og åpne data bruker den), "
            "eller lag basen med --site-url https://…",
            file=sys.stderr,
        )
    print(f'Neste steg: cd {target} && erfaringsbase new case "Tittel" && mkdocs serve')
    return 0


def cmd_urls(args: argparse.Namespace) -> int:
    from ..outputs.permalinks import check_manifest, read_manifest, site_urls, write_manifest
    from ..site import build

    settings = _settings(args)
    site = build(settings)
    if site.errors:
        print(format_report(site.problems, site.corpus.files_checked, "text"), file=sys.stderr)
        return 1
    path = settings.manifest_path
    if path is None:
        print("url_manifest er slått av i mkdocs.yml.", file=sys.stderr)
        return 2
    assert site.renderer is not None
    pages, redirected = site_urls(site.renderer, site.page_paths())
    listed = read_manifest(path)
    if args.update:
        write_manifest(path, set(listed) | pages)
        print(f"{path.name}: {len(set(listed) | pages)} adresser.")
        return 0
    problems = check_manifest(listed, pages, redirected, path.name)
    new = sorted(pages - set(listed))
    for problem in problems:
        print(problem.format_text())
    if new:
        # Information, never a failure: adding a page is what contributors do.
        print(
            (f"{len(new)} nye adresser" if len(new) > 1 else "1 ny adresse")
            + f" (til informasjon; listen i {path.name} oppdateres av seg selv når "
            "endringen er slått sammen med main):"
        )
        print("".join(f"  /{url}\n" for url in new), end="")
    print(f"{len(listed)} publiserte adresser sjekket: {len(problems)} ville forsvunnet.")
    return 1 if problems else 0


def cmd_export(args: argparse.Namespace) -> int:
    from ..outputs.export import export_assets
    from ..site import build

    site = build(_settings(args))  # drafts are never part of the open data
    if site.errors or site.renderer is None:
        print(format_report(site.problems, site.corpus.files_checked, "text"), file=sys.stderr)
        return 1
    out = Path(args.out)
    assets = export_assets(site.renderer)
    prefix = site.index.settings.urls.prefix("data") + "/"
    for asset in assets:
        target = out / asset.path.removeprefix(prefix)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(asset.content)
    print(f"Skrev {len(assets)} datafiler til {out}.")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from ..search import EntrySearch
    from ..site import check

    settings = _settings(args)
    site = check(settings)  # drafts too: a contributor checks what already exists
    hits = EntrySearch(site.index).search(args.query, args.limit)
    if not hits:
        print(f"Ingen treff på «{args.query}».")
        return 1
    labels = {
        "case": "erfaring",
        "report": "rapport",
        "recommendation": "anbefaling",
        "event": "arrangement",
    }
    for hit in hits:
        entry = hit.entry
        draft = " (utkast)" if entry.draft else ""
        url = absolute(settings.site_url, settings.urls.page(entry.kind, entry.id))
        print(f"{hit.score:6.2f}  {labels[entry.kind]:<12} {entry.title}{draft}")
        print(f"        {url}")
        print(f"        {entry.path}")
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

    n = sub.add_parser("new", help="lag en ny oppføring (som utkast) med alle felt forklart")
    n.add_argument(
        "kind",
        help="case|report|recommendation|event (eller erfaring|rapport|anbefaling|arrangement)",
    )
    n.add_argument("title", help="tittelen; id-en lages av den (æ→ae, ø→o, å→a)")
    n.add_argument("--id", help="bruk denne id-en i stedet for en laget av tittelen")
    n.set_defaults(func=cmd_new)

    i = sub.add_parser("init", help="lag en ny, tom erfaringsbase i en mappe")
    i.add_argument("dir", help="mappen (må være tom eller ikke finnes)")
    i.add_argument("--name", help="navnet på nettstedet")
    i.add_argument("--language", choices=("nb", "nn"), default="nb", help="bokmål eller nynorsk")
    i.add_argument("--site-url", help="adressen nettstedet skal publiseres på (https://…)")
    i.set_defaults(func=cmd_init)

    u = sub.add_parser(
        "urls", help="sjekk at ingen publisert adresse forsvinner (published-urls.txt)"
    )
    u.add_argument(
        "--update",
        action="store_true",
        help="legg nye adresser til i listen (gjøres av .github/workflows/urls.yml etter "
        "hver sammenslåing med main)",
    )
    u.set_defaults(func=cmd_urls)

    e = sub.add_parser(
        "export", help="skriv de åpne dataene (JSON, CSV, skjemaer, katalog) til en mappe"
    )
    e.add_argument("--out", required=True, help="mappen filene skrives til")
    e.set_defaults(func=cmd_export)

    s = sub.add_parser("search", help="søk i innholdet, for eksempel før du legger til en erfaring")
    s.add_argument("query", help="søkeordene, for eksempel «gevinstrealisering NAV»")
    s.add_argument("--limit", type=int, default=10, help="høyst så mange treff (standard 10)")
    s.set_defaults(func=cmd_search)

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
    except BrokenPipeError:
        # The reader of the output stopped reading (`validate | head`): not a bug. Python
        # would complain again when it flushes stdout on exit, so that goes nowhere.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # a bug in the tool, never a content mistake
        if os.environ.get("ERFARINGSBASE_DEBUG"):
            traceback.print_exc()
        print(
            f"erfaringsbase: intern feil ({type(exc).__name__}: {exc}). "
            "Kjør med ERFARINGSBASE_DEBUG=1 for detaljer, og meld feilen.",
            file=sys.stderr,
        )
        return 2
