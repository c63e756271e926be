"""What the core makes: pages (markdown with their HTML fragments) and assets (any other
file), and the plan of pages still to be made.

A page's markdown holds its title, headings and an entry's own text; everything else the
core writes (fact boxes, lists, charts) is HTML, in the markdown as a placeholder: a
paragraph of one word of letters, digits and hyphens, which no markdown syntax changes.
The plugin puts each fragment in the place of its paragraph once MkDocs has converted the
markdown (``fill``); ``render --out`` writes the fragments into the markdown itself
(``standalone``), as raw HTML any markdown engine keeps. (An HTML comment, the first
choice, is raw HTML to Python-Markdown: its HTML parser, stash and postprocessor made
converting the pages of 10,000 entries take a second longer, 13.4 s instead of 12.3 s.
Under MkDocs, ``mkdocs.placeholders`` makes the paragraph without trying inline patterns
on its word: 0.7–1 s less again.)

A placeholder is named by a digest of its fragment: the same page gives the same
markdown, so ``mkdocs serve --dirty`` converts a page again only when it changed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final, NamedTuple

import yaml

#: A placeholder is this, then the fragment's digest (16 hex digits).
_OPEN: Final = "erfaringsbase-fragment-"
_DIGITS: Final = 16
_MARKER: Final = re.escape(_OPEN) + rf"([0-9a-f]{{{_DIGITS}}})"
_IN_MARKDOWN: Final = re.compile(_MARKER)
#: A block of markdown that is a placeholder and nothing else.
PLACEHOLDER_BLOCK: Final = re.compile(rf"{_MARKER}\Z")
#: A placeholder once converted: its paragraph, which the sanitiser leaves as it is. One
#: that is not the page's own (someone wrote it into a text) stays as it was written.
_PLACEHOLDER: Final = re.compile(rf"<p>{_MARKER}</p>")
#: libyaml's emitter writes the same front matter as PyYAML's, eight times faster.
_DUMPER: Final[Any] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _placeholder(digest: str) -> str:
    return f"{_OPEN}{digest}"


def placeholder_for(fragment: str) -> str:
    digest = hashlib.blake2b(fragment.encode("utf-8"), digest_size=_DIGITS // 2).hexdigest()
    return _placeholder(digest)


@dataclass(frozen=True, slots=True)
class Page:
    src_uri: str
    #: The page's markdown without front matter, with a placeholder for each fragment.
    body: str
    #: Its front matter: title and description (HTML-escaped), and what else the theme
    #: reads from ``page.meta``. The plugin hands it to MkDocs as it is: written out as
    #: YAML for MkDocs to read back, it cost 1.5 s at 10,000 pages.
    meta: Mapping[str, Any]
    title: str
    kind: str
    #: The content file this page comes from, relative to the content root (edit links).
    source: str | None = None
    description: str | None = None
    draft: bool = False
    #: Placeholder → the HTML that goes in its place.
    fragments: Mapping[str, str] | None = None
    #: What the theme shows around the page, made with it: an entry's share box
    #: (``share``) and schema.org data (``jsonld``), an organisation's schema.org data.
    context: Mapping[str, Any] | None = None

    @property
    def markdown(self) -> str:
        """The page as a markdown file holds it: front matter, then the body."""
        if not self.meta:
            return self.body
        header = yaml.dump(
            dict(self.meta), Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=10_000
        )
        return f"---\n{header}---\n\n{self.body}"

    def fill(self, html: str, clean: Callable[[str], str] = str) -> str:
        """The page's converted HTML cleaned by ``clean`` (the sanitiser), then every
        fragment put in its place. The fragments were sanitised when written (in the
        second process, when there is one)."""
        if not self.fragments:
            return clean(html)
        fragments = self.fragments

        def fragment(match: re.Match[str]) -> str:
            return fragments.get(_placeholder(match.group(1)), match.group(0))

        return _PLACEHOLDER.sub(fragment, clean(html))

    def standalone(self) -> str:
        """The markdown with the fragments written in: for another engine, or to read."""
        if not self.fragments:
            return self.markdown
        fragments = self.fragments
        return _IN_MARKDOWN.sub(lambda m: fragments.get(m.group(0), m.group(0)), self.markdown)


class Planned(NamedTuple):
    """A page before it is made: where it goes, the file it comes from (for edit links)."""

    src_uri: str
    source: str | None
    make: Callable[[], Page]


class Asset:
    """A generated file that is not a page, at a site-relative path.

    ``Asset.later`` makes one whose content is made when first asked for: its path is
    known at once, so a site can list it before it exists (the plugin has a second
    process make such files while MkDocs converts the pages)."""

    __slots__ = ("_content", "_make", "media_type", "path")

    def __init__(
        self,
        path: str,
        content: bytes,
        media_type: str = "application/octet-stream",
        *,
        make: Callable[[], bytes] | None = None,
    ) -> None:
        self.path = path
        self.media_type = media_type
        self._content = content
        self._make = make

    @classmethod
    def later(
        cls, path: str, make: Callable[[], bytes], media_type: str = "application/octet-stream"
    ) -> Asset:
        return cls(path, b"", media_type, make=make)

    @property
    def made(self) -> bool:
        """Is the content there (not to be made when asked for)?"""
        return self._make is None

    @property
    def content(self) -> bytes:
        if self._make is not None:
            self._content, self._make = self._make(), None
        return self._content

    def __repr__(self) -> str:
        return f"Asset({self.path!r}, media_type={self.media_type!r})"
