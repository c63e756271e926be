"""Links from an entry's text to another entry, written the way GitHub shows the files:
``[Altinn](../cases/altinn.md)`` from a report, ``[Altinn](altinn.md)`` from another case,
with ``#anker`` after it if wanted. The link works when the repository is read on GitHub;
``validate`` checks that it leads to an entry; the site turns it into a link to the entry's
page, and the open data into the page's address.

Found the way ``rawhtml`` finds script links: in the text without its code (a fenced
block or a code span shows a link as code, and is left alone).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Final

from .rawhtml import without_code

#: An inline link or image ``](target)`` or a reference definition ``[x]: target`` whose
#: target is a relative path to a ``.md`` file (not a web address).
_LINK: Final = re.compile(
    r"(?P<inline>\]\(\s*<?)(?P<a>[^)\s<>:]+\.md(?:#[^)\s<>]*)?)(?=>?(?:\s+\"[^\"]*\")?\s*\))"
    r"|^(?P<ref>[ ]{0,3}\[[^\]\n]+\]:\s*<?)(?P<b>[^\s<>:]+\.md(?:#\S*)?)",
    re.MULTILINE,
)


@dataclass(frozen=True, slots=True)
class EntryLink:
    #: Line within the text (0 = its first line).
    offset: int
    #: As written: ``../cases/altinn.md#erfaringer``.
    target: str
    #: The kind of entry its folder holds, and its id; None if it is no content folder.
    kind: str | None
    ident: str
    anchor: str | None


def entry_links(body: str, path: str, folder_kinds: Mapping[str, str]) -> Iterator[EntryLink]:
    """Every link to a ``.md`` file in the text of the entry at ``path`` (``cases/x.md``)."""
    if ".md" not in body:
        return
    plain = without_code(body)
    for match in _LINK.finditer(plain):
        yield _link(plain, match, path, folder_kinds)


def _link(
    plain: str, match: re.Match[str], path: str, folder_kinds: Mapping[str, str]
) -> EntryLink:
    target = match.group("a") or match.group("b")
    file, _, anchor = target.partition("#")
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), file))
    name = resolved.rpartition("/")[2]
    # The content folder it is in, at any depth below it (cases/2019/x.md is a case).
    kind = next((k for f, k in folder_kinds.items() if resolved.startswith(f + "/")), None)
    return EntryLink(
        plain.count("\n", 0, match.start()),
        target,
        kind,
        name.removesuffix(".md"),
        anchor or None,
    )


def rewrite_entry_links(
    body: str,
    path: str,
    folder_kinds: Mapping[str, str],
    address: Callable[[EntryLink], str | None],
) -> str:
    """The text with each link to an entry replaced by ``address(link)`` (left as it is
    where that gives None). Code is not touched: only positions outside it are replaced,
    and blanking code out keeps every other character where it was."""
    if ".md" not in body:
        return body
    plain = without_code(body)
    pieces: list[str] = []
    done = 0
    for match in _LINK.finditer(plain):
        new = address(_link(plain, match, path, folder_kinds))
        if new is None:
            continue
        start, end = match.span("a") if match.group("a") else match.span("b")
        pieces += [body[done:start], new]
        done = end
    return "".join(pieces) + body[done:]
