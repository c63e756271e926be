"""Which files in a content folder are read, and which are not (and why).

One walk decides both, so that the loader and ``validate``'s report of what it leaves out
(``discovery``) can never disagree.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

LINK_OUT: Final = (
    "Filen er en lenke (symlink) som peker ut av nettstedets mappe, og blir ikke lest. "
    "Legg selve filen her i stedet for lenken."
)

#: Why a file in a content folder is not read (``scan_content_folder``).
SkipReason = Literal[
    "name", "underscore", "hidden", "link-out", "link-broken", "link-folder", "unreadable"
]


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file (or a linked folder) in a content folder that is not read, and why."""

    path: Path
    reason: SkipReason


def leads_outside(path: Path, root: Path) -> bool:
    """Does ``path``, its links followed, end up outside ``root``?"""
    return not Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))


def scan_content_folder(
    folder: Path, suffix: str = ".md", *, root: Path | None = None
) -> tuple[list[Path], list[Skipped]]:
    """(the files to read, the files that are not read) in a folder and its subfolders.

    README files are the folder's own documentation, and files and folders whose name starts
    with ``.`` are hidden (``.gitkeep``, ``.DS_Store``): neither is content, and neither is
    mentioned, except a hidden file that looks like an entry. A link (symlink) is read only
    when it leads to a file inside ``root`` (by default the folder ``folder`` is in: the
    site root); links to folders are not followed. Everything else that is not read is in
    the second list, so that ``validate`` can say so.
    """
    root = folder.parent if root is None else root
    if not folder.is_dir():
        return [], []
    if folder.is_symlink() and leads_outside(folder, root):
        return [], [Skipped(folder, "link-out")]
    # os.scandir rather than Path.rglob: rglob makes a Path per file and asks the file
    # system about each one again, 0.4 s for 10,000 files, which `validate` waits for.
    found: list[tuple[str, ...]] = []
    skipped: list[Skipped] = []
    pending: list[tuple[str, ...]] = [()]
    while pending:
        below = pending.pop()
        try:
            items = os.scandir(folder.joinpath(*below))
        except OSError:  # no permission to read it, say: told, not a crash
            skipped.append(Skipped(folder.joinpath(*below), "unreadable"))
            continue
        with items:
            for item in items:
                name = item.name
                if item.is_dir(follow_symlinks=False):
                    if not name.startswith("."):
                        pending.append((*below, name))
                    continue
                reason = _skip_reason(item, suffix, root)
                if reason is None:
                    found.append((*below, name))
                elif reason != "quiet":
                    skipped.append(Skipped(folder.joinpath(*below, name), reason))
    skipped.sort(key=lambda s: s.path)
    return [folder.joinpath(*parts) for parts in sorted(found)], skipped


def _skip_reason(
    item: os.DirEntry[str], suffix: str, root: Path
) -> SkipReason | Literal["quiet"] | None:
    """Why a directory entry (not a real folder) is not read; None if it is."""
    name = item.name
    if name.startswith("."):
        # Emacs keeps a lock (``.#navn.md``) next to a file being edited: not a mistake.
        looks_like_entry = name.lower().endswith(".md") and not name.startswith(".#")
        return "hidden" if looks_like_entry else "quiet"
    if name.upper() == "README.MD":
        return "quiet"
    if item.is_symlink():
        if item.is_dir():
            return "link-folder"
        if not item.is_file():
            return "link-broken"
        if leads_outside(Path(item.path), root):
            return "link-out"
    elif not item.is_file():
        return "quiet"  # a socket or a pipe: nothing anyone wrote
    if not name.endswith(suffix):
        return "name"
    if name.startswith("_"):
        return "underscore"
    return None
