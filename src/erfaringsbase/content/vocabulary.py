"""Vocabulary items: themes, organisations (with their renames), life events, sectors, and
the concepts the search knows by several names. Built only from schema-valid data."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from .problems import did_you_mean
from .urls import slugify

VocabKind = Literal["theme", "organisation", "life_event", "sector"]


@dataclass(frozen=True, kw_only=True)
class VocabItem:
    kind: ClassVar[VocabKind]
    id: str
    path: str = field(default="", compare=False)
    line: int = field(default=1, compare=False)

    @property
    def label(self) -> str:
        raise NotImplementedError

    def search_names(self) -> tuple[str, ...]:
        """Every name a reader might search for this item by."""
        return (self.label,)

    def names(self) -> tuple[str, ...]:
        """The names that say which item this is (not search synonyms): no two items of a
        vocabulary may share one."""
        return (self.label,)


@dataclass(frozen=True, kw_only=True)
class TitledItem(VocabItem):
    """A vocabulary item named by a title in bokmål and nynorsk (and English, for readers
    and searches in English), plus search synonyms."""

    title: str
    title_nn: str | None = None
    title_en: str | None = None
    synonyms: tuple[str, ...] = ()
    synonyms_en: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.title

    def search_names(self) -> tuple[str, ...]:
        names = (self.title, self.title_nn, self.title_en, *self.synonyms, *self.synonyms_en)
        return tuple(n for n in names if n)

    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.title, self.title_nn, self.title_en) if n)


@dataclass(frozen=True, kw_only=True)
class Theme(TitledItem):
    kind: ClassVar[VocabKind] = "theme"
    description: str


@dataclass(frozen=True, kw_only=True)
class Concept:
    """A main concept of the field (taxonomy/concepts.yml), for the search only: no page
    of its own. A page that uses one of its Norwegian names is found by all of them, the
    English ones included."""

    id: str
    title: str
    title_en: str
    title_nn: str | None = None
    synonyms: tuple[str, ...] = ()
    synonyms_en: tuple[str, ...] = ()
    path: str = field(default="", compare=False)
    line: int = field(default=1, compare=False)

    def used_as(self) -> tuple[str, ...]:
        """The names a page may use it by: bokmål and nynorsk."""
        return tuple(n for n in (self.title, self.title_nn, *self.synonyms) if n)

    def search_names(self) -> tuple[str, ...]:
        names = (self.title, self.title_nn, self.title_en, *self.synonyms, *self.synonyms_en)
        return tuple(n for n in names if n)


def build_concept(data: Mapping[str, Any], *, path: str, line: int) -> Concept:
    return Concept(
        id=data["id"],
        title=data["title"],
        title_en=data["title_en"],
        title_nn=data.get("title_nn"),
        synonyms=strings(data, "synonyms"),
        synonyms_en=strings(data, "synonyms_en"),
        path=path,
        line=line,
    )


@dataclass(frozen=True, kw_only=True)
class Organisation(VocabItem):
    kind: ClassVar[VocabKind] = "organisation"
    name: str
    name_nn: str | None = None
    short_name: str | None = None
    other_names: tuple[str, ...] = ()
    org_kind: str
    ministry: str | None = None
    url: str | None = None
    founded: int | None = None
    ended: int | None = None
    succeeded_by: str | None = None
    formerly: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.name

    @property
    def display(self) -> str:
        """``Digitaliseringsdirektoratet (Digdir)``."""
        if self.short_name and self.short_name != self.name:
            return f"{self.name} ({self.short_name})"
        return self.name

    def search_names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.name, self.name_nn, self.short_name, *self.other_names) if n)

    def names(self) -> tuple[str, ...]:
        return self.search_names()


@dataclass(frozen=True, kw_only=True)
class LifeEvent(TitledItem):
    kind: ClassVar[VocabKind] = "life_event"
    ministry: str
    description: str


@dataclass(frozen=True, kw_only=True)
class Sector(TitledItem):
    kind: ClassVar[VocabKind] = "sector"
    ministries: tuple[str, ...]
    description: str | None = None


def closest_item(value: str, items: Iterable[VocabItem]) -> str | None:
    """The id a reference that matches no id most likely means: the item one of whose names
    it is, written as an id or not («Statens kartverk», «bronnoysundregistrene»), else the
    nearest in spelling to an id or a name. Always an id that exists."""
    ids: dict[str, str] = {}
    for item in items:
        ids.setdefault(item.id, item.id)
        for name in item.search_names():
            ids.setdefault(slugify(name), item.id)
    wanted = slugify(value)
    if wanted in ids:
        return ids[wanted]
    best = did_you_mean(wanted, ids)
    return ids[best] if best else None


def shared_names(items: Iterable[VocabItem]) -> Iterator[tuple[VocabItem, str, VocabItem]]:
    """(item, name, the earlier item) for each name an item shares with an earlier item,
    compared as ids are written (case, accents and punctuation aside): a second entry for
    the same organisation, under another id, would split its pages and references."""
    first: dict[str, VocabItem] = {}
    for item in items:
        for name in dict.fromkeys(item.names()):
            key = slugify(name)
            earlier = first.setdefault(key, item)
            if earlier is not item:
                yield item, name, earlier


def strings(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    """A list of strings in schema-valid data (one string alone, or none) as a tuple."""
    value = data.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def build_vocab_item(name: str, data: Mapping[str, Any], *, path: str, line: int) -> VocabItem:
    if name == "themes":
        return Theme(
            id=data["id"],
            title=data["title"],
            title_nn=data.get("title_nn"),
            title_en=data.get("title_en"),
            synonyms_en=strings(data, "synonyms_en"),
            description=data["description"],
            synonyms=strings(data, "synonyms"),
            path=path,
            line=line,
        )
    if name == "organisations":
        return Organisation(
            id=data["id"],
            name=data["name"],
            name_nn=data.get("name_nn"),
            short_name=data.get("short_name"),
            other_names=strings(data, "other_names"),
            org_kind=data["kind"],
            ministry=data.get("ministry"),
            url=data.get("url"),
            founded=data.get("founded"),
            ended=data.get("ended"),
            succeeded_by=data.get("succeeded_by"),
            formerly=strings(data, "formerly"),
            path=path,
            line=line,
        )
    if name == "life-events":
        return LifeEvent(
            id=data["id"],
            title=data["title"],
            title_nn=data.get("title_nn"),
            title_en=data.get("title_en"),
            synonyms_en=strings(data, "synonyms_en"),
            ministry=data["ministry"],
            description=data["description"],
            synonyms=strings(data, "synonyms"),
            path=path,
            line=line,
        )
    if name == "sectors":
        return Sector(
            id=data["id"],
            title=data["title"],
            title_nn=data.get("title_nn"),
            title_en=data.get("title_en"),
            synonyms_en=strings(data, "synonyms_en"),
            ministries=strings(data, "ministries"),
            description=data.get("description"),
            path=path,
            line=line,
        )
    raise ValueError(f"unknown vocabulary {name!r}")
