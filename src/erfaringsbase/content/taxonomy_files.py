"""The vocabulary files in ``taxonomy/``: each read and checked item by item, then checked
against each other (ministries, renames, names used twice).

A mistake in one item leaves the rest of the file usable, and references to that item, or
to a file that could not be read at all, are not reported again in every entry
(``Vocabulary.reported``): one mistake, one message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from .config import Settings
from .problems import ProblemLog
from .reader import read_yaml_file
from .schema import TAXONOMY_FILES, check
from .urls import reserved_problem, slugify
from .vocabulary import (
    Concept,
    LifeEvent,
    Organisation,
    Sector,
    Theme,
    VocabItem,
    build_concept,
    build_vocab_item,
    closest_item,
    shared_names,
)


@dataclass
class Vocabulary:
    themes: dict[str, Theme] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    life_events: dict[str, LifeEvent] = field(default_factory=dict)
    sectors: dict[str, Sector] = field(default_factory=dict)
    #: For the search only (``search.concept_names``): no pages, no references.
    concepts: dict[str, Concept] = field(default_factory=dict)
    #: Kinds whose file could not be read at all, and (kind, id) of items with problems
    #: of their own: references to them are not reported as well, so that one mistake in
    #: a vocabulary file gives its own message, not one in every entry that uses it.
    unreadable: set[str] = field(default_factory=set)
    broken: set[tuple[str, str]] = field(default_factory=set)

    def reported(self, kind: str, ident: str) -> bool:
        """Is what is wrong with this reference already reported at its vocabulary?"""
        return kind in self.unreadable or (kind, ident) in self.broken

    def table(self, kind: str) -> Mapping[str, VocabItem]:
        tables: dict[str, Mapping[str, VocabItem]] = {
            "theme": self.themes,
            "organisation": self.organisations,
            "life_event": self.life_events,
            "sector": self.sectors,
        }
        return tables[kind]

    def sector_of_ministry(self) -> dict[str, str]:
        return {m: s.id for s in self.sectors.values() for m in s.ministries}


def _vocab_file(settings: Settings, name: str) -> Path:
    folder = settings.taxonomy_dir
    for suffix in (".yml", ".yaml"):
        candidate = folder / f"{name}{suffix}"
        if candidate.is_file():
            return candidate
    return folder / f"{name}.yml"


#: Vocabulary file → the kind of its items.
VOCAB_KINDS: Final = {
    "themes": "theme",
    "organisations": "organisation",
    "life-events": "life_event",
    "sectors": "sector",
    "concepts": "concept",
}


def _item_index(field_path: str | None) -> int | None:
    """``[3].kind`` → 3: the item of a vocabulary file a schema problem is in."""
    if not field_path or not field_path.startswith("["):
        return None
    number = field_path[1:].partition("]")[0]
    return int(number) if number.isdigit() else None


def load_vocabulary(settings: Settings, problems: ProblemLog) -> tuple[Vocabulary, int]:
    vocab = Vocabulary()
    files = 0
    tables: dict[str, dict[str, Any]] = {
        "themes": vocab.themes,
        "organisations": vocab.organisations,
        "life-events": vocab.life_events,
        "sectors": vocab.sectors,
        "concepts": vocab.concepts,
    }
    for name in TAXONOMY_FILES:
        file = _vocab_file(settings, name)
        rel = settings.relpath(file)
        if not file.is_file():
            if name == "themes":
                problems.add(rel, None, None, "Filen med tema mangler.")
            continue
        files += 1
        kind = VOCAB_KINDS[name]
        data, lines, found = read_yaml_file(file, rel)
        problems.extend(found)
        if data is None:
            vocab.unreadable.add(kind)
            if not found:
                problems.add(
                    rel,
                    1,
                    None,
                    "Filen er tom. Den skal være en liste med ett punkt (- id: …) for hver "
                    "verdi, som i eksemplene på Bidra-siden. Er den tømt ved et uhell, hent "
                    f"den forrige versjonen: git checkout -- {rel}",
                )
            continue
        schema_problems = check(data, f"{name}.schema.json", rel, lines)
        problems.extend(schema_problems)
        # Each item on its own: a mistake in one leaves the others usable.
        wrong = {_item_index(p.field) for p in schema_problems if p.severity == "error"}
        if not isinstance(data, list) or None in wrong:
            vocab.unreadable.add(kind)
            continue
        table = tables[name]
        for index, item in enumerate(data):
            line = lines.line((index,))
            if index in wrong:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    vocab.broken.add((kind, item["id"]))
                continue
            named = slugify(str(item.get("title") or item.get("name") or ""))
            reserved = reserved_problem(item["id"], named)
            if reserved is not None:
                problems.add(rel, lines.line((index, "id")), f"[{index}].id", reserved)
                vocab.broken.add((kind, item["id"]))
                continue
            if item["id"] in table:
                problems.add(
                    rel, line, f"[{index}].id", f"Id-en «{item['id']}» står to ganger i filen."
                )
                continue
            if name == "concepts":
                table[item["id"]] = build_concept(item, path=rel, line=line)
            else:
                table[item["id"]] = build_vocab_item(name, item, path=rel, line=line)
    _check_vocabulary(vocab, problems)
    return vocab, files


def _check_vocabulary(vocab: Vocabulary, problems: ProblemLog) -> None:
    orgs = vocab.organisations

    def ministry_ok(item: VocabItem, field_name: str, ministry: str) -> None:
        org = orgs.get(ministry)
        if org is None and vocab.reported("organisation", ministry):
            return
        if org is None:
            problems.add(
                item.path,
                item.line,
                f"{item.id}.{field_name}",
                f"Departementet «{ministry}» finnes ikke i organisations.yml."
                + _meant(
                    closest_item(
                        ministry, [o for o in orgs.values() if o.org_kind == "departement"]
                    )
                ),
            )
        elif org.org_kind != "departement":
            problems.add(
                item.path,
                item.line,
                f"{item.id}.{field_name}",
                f"«{ministry}» er ikke et departement (kind: {org.org_kind}).",
            )

    for org in orgs.values():
        if org.ministry:
            ministry_ok(org, "ministry", org.ministry)
        for other, field_name in [(org.succeeded_by, "succeeded_by")] + [
            (f, "formerly") for f in org.formerly
        ]:
            if other is None:
                continue
            if other not in orgs and not vocab.reported("organisation", other):
                problems.add(
                    org.path,
                    org.line,
                    f"{org.id}.{field_name}",
                    f"Virksomheten «{other}» finnes ikke."
                    + _meant(closest_item(other, orgs.values())),
                )
            elif other == org.id:
                problems.add(org.path, org.line, f"{org.id}.{field_name}", "Peker på seg selv.")
        for former in org.formerly:
            before = orgs.get(former)
            if before and before.succeeded_by not in (None, org.id):
                problems.add(
                    org.path,
                    org.line,
                    f"{org.id}.formerly",
                    f"«{former}» sier at den ble etterfulgt av «{before.succeeded_by}», "
                    f"ikke av «{org.id}».",
                )
    for life_event in vocab.life_events.values():
        ministry_ok(life_event, "ministry", life_event.ministry)
    owner: dict[str, str] = {}
    for sector in vocab.sectors.values():
        for ministry in sector.ministries:
            ministry_ok(sector, "ministries", ministry)
            if ministry in owner:
                problems.add(
                    sector.path,
                    sector.line,
                    f"{sector.id}.ministries",
                    f"Departementet «{ministry}» står også under sektoren «{owner[ministry]}».",
                )
            owner[ministry] = sector.id
    for table in (vocab.themes, vocab.organisations, vocab.life_events, vocab.sectors):
        for item, name, earlier in shared_names(table.values()):
            problems.add(
                item.path,
                item.line,
                item.id,
                f"Navnet «{name}» brukes også av «{earlier.id}» (linje {earlier.line}). "
                f"Er det den samme, bruk id-en «{earlier.id}» og slett dette punktet; "
                "er det en annen, gi den et navn som skiller dem.",
            )


def _meant(best: str | None) -> str:
    return f" Mente du «{best}»?" if best else ""
