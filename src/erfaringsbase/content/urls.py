"""The one module that knows slugs, page paths and URLs.

Every page the core generates is addressed by a *source URI* (``erfaringer/altinn.md``),
the path MkDocs treats as if the file lived in ``docs/``. Links between generated pages
are written as relative ``.md`` links, so MkDocs validates every one of them under
``--strict`` and the markdown written by ``render --out`` works in any other engine.

A page's address derives from its kind and id only, never from its title: a seminar
slide printed in 2023 must still lead to the case in 2030.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import Final

from .patterns import ecma_regex

#: Lower-case ASCII words joined by single hyphens: the schemas' pattern for an id…
ID_REGEX: Final = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
#: … as it matches there (``"altinn\n"`` is no id).
ID_PATTERN: Final = ecma_regex(ID_REGEX)

# Letters that Unicode does not decompose into a base letter + accent, spelt the
# Norwegian way (æ→ae, ø→o, å→a) before the generic accent stripping.
_TRANSLITERATE: Final = str.maketrans(
    {
        "æ": "ae",
        "ø": "o",
        "å": "a",
        "Æ": "ae",
        "Ø": "o",
        "Å": "a",
        "ß": "ss",
        "ð": "d",
        "þ": "th",
        "ł": "l",
        "đ": "d",
        "œ": "oe",
    }
)
_NON_ALNUM: Final = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = 80) -> str:
    """Turn a Norwegian title into an id: ``"Brønnøysundregistrene"`` → ``"bronnoysundregistrene"``."""
    text = text.translate(_TRANSLITERATE)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    slug = _NON_ALNUM.sub("-", text).strip("-")
    if len(slug) > max_length:
        # Cut at a word boundary so the id stays readable.
        cut = slug[:max_length].rsplit("-", 1)[0]
        slug = cut or slug[:max_length]
    return slug


#: Default URL prefix for each kind of page. Readable Norwegian; changing one of these
#: moves every page of that kind, so they are configuration, not content.
DEFAULT_PREFIXES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "case": "erfaringer",
        "report": "rapporter",
        "recommendation": "anbefalinger",
        "event": "arrangementer",
        "theme": "tema",
        "organisation": "virksomheter",
        "life_event": "livshendelser",
        "sector": "sektorer",
        "year": "ar",
        "explore": "utforsk",
        "data": "data",
        "stats": "tall",
        "feed": "feed",
    }
)


#: The names the build gives files of its own in the folders that hold pages by id, and
#: what each file is. The methods below build paths with these, and an id or alias can
#: never be one of them (nor a section's name): a page named so would replace the file.
SECTION_PAGE: Final = "index"
CALENDAR: Final = "kalender"
SITE_FEED: Final = "alle"
GENERATED_NAMES: Final[Mapping[str, str]] = MappingProxyType(
    {
        SECTION_PAGE: "oversiktssiden i hver seksjon (index.md)",
        CALENDAR: "kalenderen med alle arrangementer, som leserne abonnerer på (kalender.ics)",
        SITE_FEED: "nyhetsstrømmen for hele nettstedet (alle.xml)",
    }
)


def reserved_names() -> dict[str, str]:
    """Every name an id or alias may not have, with the reason: the names of generated
    files (``GENERATED_NAMES``) and of the sections (``DEFAULT_PREFIXES``)."""
    sections = {
        prefix: f"navnet på en seksjon av nettstedet ({prefix}/)"
        for prefix in DEFAULT_PREFIXES.values()
    }
    return sections | dict(GENERATED_NAMES)


RESERVED_IDS: Final = frozenset(reserved_names())


def is_valid_id(value: str) -> bool:
    return bool(ID_PATTERN.match(value)) and value not in RESERVED_IDS


def reserved_problem(ident: str, *instead: str, file_named: bool = False) -> str | None:
    """Why ``ident`` cannot be an id, with the first of the ids ``instead`` that can be one
    as the one to use (``kalender-2019``); None if ``ident`` can be an id. ``file_named``:
    the file takes the id as its name, so it is renamed too."""
    why = reserved_names().get(ident)
    if why is None:
        return None
    suggestion = next((i for i in instead if is_valid_id(i)), f"{ident}-1")
    rename = f" (og gi filen navnet {suggestion}.md)" if file_named else ""
    return (
        f"«{ident}» er reservert: navnet brukes av {why}, og en side med denne id-en ville "
        f'erstattet den. Velg en annen id, for eksempel "{suggestion}"{rename}.'
    )


def reserved_alias_problem(alias: str) -> str | None:
    """Why ``alias`` cannot be an alias; None if it can."""
    why = reserved_names().get(alias)
    if why is None:
        return None
    return (
        f"«{alias}» er reservert: navnet brukes av {why}, så ingen gammel adresse kan ha "
        f"hatt det. Fjern «{alias}» fra aliases."
    )


@dataclass(frozen=True)
class UrlScheme:
    """Maps (kind, id) to source URIs; the only place that does."""

    prefixes: Mapping[str, str] = field(default_factory=lambda: DEFAULT_PREFIXES)

    def __post_init__(self) -> None:
        merged = dict(DEFAULT_PREFIXES)
        merged.update(self.prefixes)
        for kind, prefix in merged.items():
            if not ID_PATTERN.match(prefix):
                raise ValueError(f"URL prefix for {kind!r} must be a slug, got {prefix!r}")
        object.__setattr__(self, "prefixes", MappingProxyType(merged))

    def prefix(self, kind: str) -> str:
        return self.prefixes[kind]

    def page(self, kind: str, ident: str | int) -> str:
        """Source URI of one page: ``page("case", "altinn")`` → ``erfaringer/altinn.md``."""
        return f"{self.prefixes[kind]}/{ident}.md"

    def home(self) -> str:
        """Source URI of the front page (``index.md``), e.g. a site-wide feed's alternate."""
        return f"{SECTION_PAGE}.md"

    def section(self, kind: str) -> str:
        """Source URI of a section's overview page: ``erfaringer/index.md``."""
        return f"{self.prefixes[kind]}/{SECTION_PAGE}.md"

    def asset(self, kind: str, name: str) -> str:
        """Path of a non-page file in a section, e.g. ``data/erfaringer.json``."""
        return f"{self.prefixes[kind]}/{name}"

    def calendar(self, event_id: str | None = None) -> str:
        """One event's ``.ics`` file, or (no id) the subscribable calendar of all events."""
        name = f"{event_id or CALENDAR}.ics"
        return f"{self.prefixes['event']}/{name}"

    def feed(self, kind: str | None = None, ident: str | None = None) -> str:
        """Atom feed of the whole site, or of one theme/organisation/life event/sector."""
        if kind is None or ident is None:
            return f"{self.prefixes['feed']}/{SITE_FEED}.xml"
        return f"{self.prefixes['feed']}/{self.prefixes[kind]}/{ident}.xml"


@lru_cache(maxsize=1 << 16)
def _parts(path: str) -> tuple[str, ...] | None:
    """A site path's parts; None for one that plain string work cannot take (``..``, an
    absolute path). Remembered: the same few thousand pages link and are linked to
    again and again (230,000 links at 10,000 entries)."""
    parts = tuple(part for part in path.split("/") if part and part != ".")
    return None if path.startswith("/") or ".." in parts else parts


def _relpath(path: str, start: str) -> str:
    """``posixpath.relpath`` for site-relative paths, without asking the file system.

    ``posixpath.relpath`` makes both paths absolute with ``os.getcwd()`` first: two system
    calls for each of the tens of thousands of links a large site has. Site paths are
    relative and clean, so plain string work gives the same answer; anything else (``..``,
    an absolute path) goes to ``posixpath.relpath``.
    """
    target, base = _parts(path), _parts(start)
    if target is None or base is None:
        return posixpath.relpath(path, start)
    common = 0
    for mine, theirs in zip(target, base, strict=False):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(base) - common) + list(target[common:])) or "."


def relative(from_uri: str, to_uri: str, anchor: str | None = None) -> str:
    """Relative link between two source URIs, as MkDocs resolves it."""
    base = posixpath.dirname(from_uri)
    link = _relpath(to_uri, base or ".")
    return f"{link}#{anchor}" if anchor else link


@lru_cache(maxsize=1 << 16)
def public_path(src_uri: str) -> str:
    """The path a source URI is served at with ``use_directory_urls`` (MkDocs' default).

    ``erfaringer/altinn.md`` → ``erfaringer/altinn/``; ``erfaringer/index.md`` → ``erfaringer/``.
    (Remembered: each link asks twice, and 10,000 entry pages have 200,000 links to some
    11,000 pages.)
    """
    stem, _ = posixpath.splitext(src_uri)
    if posixpath.basename(stem) == "index":
        parent = posixpath.dirname(stem)
        return f"{parent}/" if parent else ""
    return f"{stem}/"


def absolute(site_url: str, src_uri: str) -> str:
    """Permanent absolute URL of a page, for citations, feeds and QR codes."""
    return site_url.rstrip("/") + "/" + public_path(src_uri)


def relative_public(from_uri: str, to_uri: str, anchor: str | None = None) -> str:
    """Relative URL from one page to another as the *browser* resolves it.

    ``relative`` gives ``.md`` links that MkDocs rewrites; links inside raw HTML (the
    charts' SVG) are not rewritten, so they must already point at the served path, with
    ``use_directory_urls``: from ``tall/index.md`` (served at ``tall/``) to
    ``virksomheter/digdir.md`` (served at ``virksomheter/digdir/``) is ``../virksomheter/digdir/``.
    """
    base = public_path(from_uri)
    target = public_path(to_uri)
    link = _relpath(target or ".", base or ".")
    # Every public path is a directory (or the root); relpath drops the trailing slash
    # that keeps the browser inside it.
    link = "./" if link == "." else link + "/"
    return f"{link}#{anchor}" if anchor else link


def absolute_file(site_url: str, path: str) -> str:
    """Absolute URL of a generated file (feed, calendar, data), served at its own path.

    Unlike a page, a file keeps its name: ``feed/alle.xml`` is not ``feed/alle/``.
    """
    return site_url.rstrip("/") + "/" + path
