"""Files in the content folders that are not read, each reported with what to do.

Notepad saves ``digitalt-dodsbo.md.txt``, a Mac may save ``.MD`` or ``.markdown``, and a
new vocabulary file (``taxonomy/kommuner.yml``) looks as if it should work. Each of them
would otherwise be left out of the site without a word, so ``validate`` names every file
in ``cases/ reports/ recommendations/ events/`` and ``taxonomy/`` it will not read, and
the name it should have. Links (symlinks) that lead out of the site are refused, never read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

from .config import Settings
from .folders import LINK_OUT, Skipped, scan_content_folder
from .problems import Problem, Severity, did_you_mean
from .schema import ENTRY_KINDS, TAXONOMY_FILES
from .urls import slugify

#: Endings of files that were meant as text: the fix is a new name.
_TEXT_SUFFIXES: Final = (".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".txt", ".text")
_YAML_SUFFIXES: Final = (".yml", ".yaml", ".txt")


@dataclass(frozen=True, slots=True)
class Unread:
    """What is not read in the content folders and ``taxonomy/``."""

    #: A problem for every such file, with what to do.
    problems: list[Problem]
    #: Files meant as entries under another name (``.md.txt``, ``.MD``): (kind, file, the
    #: id its right name gives). Their contents are checked too, so that renaming the file
    #: is not followed by another round of mistakes.
    misnamed: list[tuple[str, Path, str]]


def unread_files(settings: Settings) -> Unread:
    problems: list[Problem] = []
    misnamed: list[tuple[str, Path, str]] = []
    for kind in ENTRY_KINDS:
        for item in scan_content_folder(settings.folder(kind))[1]:
            problems.append(_entry_problem(settings, item))
            wanted = _new_name(item.path)
            if (
                item.reason == "name"
                and item.path.name.lower().endswith(_TEXT_SUFFIXES)
                and not (item.path.parent / wanted).exists()
            ):
                misnamed.append((kind, item.path, wanted.removesuffix(".md")))
    return Unread(problems + _taxonomy_problems(settings), misnamed)


def _stem(name: str, suffixes: tuple[str, ...]) -> str:
    """``Digitalt dødsbo.MD.txt`` → ``Digitalt dødsbo``."""
    while True:
        lowered = name.lower()
        ending = next((s for s in suffixes if lowered.endswith(s)), None)
        if ending is None or len(name) == len(ending):
            return name
        name = name[: -len(ending)]


def _new_name(path: Path) -> str:
    """The file name an entry file should have: its id and ``.md``."""
    return (slugify(_stem(path.name.lstrip("._"), _TEXT_SUFFIXES)) or "ny-oppforing") + ".md"


def _problem(settings: Settings, path: Path, message: str, severity: Severity) -> Problem:
    return Problem(settings.relpath(path), None, None, message, severity)


def _entry_problem(settings: Settings, item: Skipped) -> Problem:
    link = _link_message(item)
    if link is not None:
        return _problem(settings, item.path, link, "error")
    name, wanted = item.path.name, _new_name(item.path)
    taken = (item.path.parent / wanted).exists()
    rename = f"Gi filen navnet {wanted}."
    if taken:
        rename = f"Filen {wanted} finnes allerede: er dette en gammel kopi, slett den."
    if name.endswith("~") or (name.startswith("#") and name.endswith("#")):
        message = "Filen ser ut som en sikkerhetskopi fra et redigeringsprogram og blir ikke lest."
        return _problem(settings, item.path, f"{message} Slett den.", "warning")
    if item.reason in ("underscore", "hidden"):
        message = (
            "Filer som begynner med _ blir ikke lest (de brukes til maler og notater)."
            if item.reason == "underscore"
            else "Filer som begynner med punktum er skjulte og blir ikke lest."
        )
        if not taken:
            message += f" Skal den være en oppføring, gi filen navnet {wanted}."
        return _problem(settings, item.path, message, "warning")
    folder = settings.relpath(item.path.parent)
    if "." in name and not name.lower().endswith(_TEXT_SUFFIXES):
        return _problem(
            settings,
            item.path,
            f"Filen blir ikke lest: i {folder}/ blir bare .md-filer lest, én per oppføring. "
            "Bilder og dokumenter kan ikke legges her; lenk til dem under sources, og slett "
            "filen.",
            "error",
        )
    return _problem(
        settings,
        item.path,
        f"Filen blir ikke lest: bare filer som slutter på .md (med små bokstaver) blir "
        f"oppføringer. {rename}",
        "error",
    )


def _link_message(item: Skipped) -> str | None:
    if item.reason == "link-out":
        return LINK_OUT
    if item.reason == "link-broken":
        return (
            "Filen er en lenke (symlink) til en fil som ikke finnes, og blir ikke lest. "
            "Slett lenken, eller legg selve filen her."
        )
    if item.reason == "unreadable":
        return (
            "Mappen kan ikke leses (mangler du tilgang til den?), så filene i den blir ikke "
            "lest. Gi lesetilgang til den (chmod -R u+rwX og mappens navn), eller flytt filene "
            "ut av den."
        )
    if item.reason == "link-folder":
        return (
            "Mappen er en lenke (symlink), og lenker til mapper følges ikke. Legg filene i "
            "en vanlig mappe her."
        )
    return None


def _vocabulary_files(taxonomy: Path) -> set[Path]:
    """The vocabulary files that are read: ``themes.yml``, else ``themes.yaml``, …"""
    chosen = set()
    for name in TAXONOMY_FILES:
        for suffix in (".yml", ".yaml"):
            if (taxonomy / f"{name}{suffix}").is_file():
                chosen.add(taxonomy / f"{name}{suffix}")
                break
    return chosen


def _taxonomy_problems(settings: Settings) -> list[Problem]:
    taxonomy = settings.taxonomy_dir
    read = _vocabulary_files(taxonomy)
    found, skipped = scan_content_folder(taxonomy, "")
    problems = []
    for item in skipped:
        if item.path in read:
            continue  # a link: refused where it is read (``read_yaml_file``), with this text
        link = _link_message(item)
        if link is not None:
            problems.append(_problem(settings, item.path, link, "error"))
        else:
            found.append(item.path)
    *first, last = (f"{name}.yml" for name in TAXONOMY_FILES)
    names = f"{', '.join(first)} og {last}"
    for path in sorted(set(found) - read):
        base = _stem(path.name.lstrip("._"), _YAML_SUFFIXES).lower()
        meant = did_you_mean(base, TAXONOMY_FILES) if path.parent == taxonomy else None
        existing = next((p for p in read if p.name.rsplit(".", 1)[0] == meant), None)
        if meant is None:
            fix = "Flytt verdiene inn i den av dem som passer, og slett filen."
        elif existing is None:
            fix = f"Gi filen navnet {meant}.yml."
        else:
            fix = f"Flytt verdiene inn i {existing.name}, og slett filen."
        message = f"Filen blir ikke lest: {settings.taxonomy}/ leser bare {names}. {fix}"
        problems.append(_problem(settings, path, message, "error"))
    return problems
