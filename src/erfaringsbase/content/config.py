"""Core settings, shared by the CLI and the MkDocs plugin.

The CLI reads the plugin's options straight from ``mkdocs.yml`` (without importing
MkDocs), so ``erfaringsbase validate`` and ``mkdocs build`` can never disagree about where
the content lives or what its URLs are.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, Literal

import yaml

from .urls import DEFAULT_PREFIXES, UrlScheme

DEFAULT_FOLDERS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "case": "cases",
        "report": "reports",
        "recommendation": "recommendations",
        "event": "events",
    }
)

Language = Literal["nb", "nn"]


@dataclass(frozen=True)
class Settings:
    """Where the content is and how it is published."""

    root: Path
    folders: Mapping[str, str] = field(default_factory=lambda: DEFAULT_FOLDERS)
    taxonomy: str = "taxonomy"
    prefixes: Mapping[str, str] = field(default_factory=lambda: DEFAULT_PREFIXES)
    language: Language = "nb"
    site_url: str = "http://127.0.0.1:8000/"
    site_name: str = "Erfaringsbasen"
    repo_url: str | None = None
    edit_branch: str = "main"
    #: Hand-written pages (MkDocs' docs_dir); relative paths are relative to the root.
    docs_dir: str = "docs"
    #: The committed list of published URLs ("" switches the check off).
    url_manifest: str = "published-urls.txt"
    #: The publisher's organisation number in Enhetsregisteret: the open data's catalogue
    #: names the publisher by it, as data.norge.no harvests it. None: the site itself.
    publisher_orgnr: str | None = None

    def __post_init__(self) -> None:
        folders = dict(DEFAULT_FOLDERS)
        folders.update(self.folders)
        unknown = set(folders) - set(DEFAULT_FOLDERS)
        if unknown:
            raise ValueError(f"unknown content kinds in 'folders': {sorted(unknown)}")
        object.__setattr__(self, "folders", MappingProxyType(folders))
        object.__setattr__(self, "root", Path(self.root).resolve())
        if self.language not in ("nb", "nn"):
            raise ValueError(f"language must be 'nb' or 'nn', got {self.language!r}")

    def __reduce__(self) -> tuple[type[Settings], tuple[Any, ...]]:
        # The read-only mappings cannot be pickled, and the build's worker process
        # (``parallel.pages``, and pickle in general) gets its settings pickled: rebuild from plain values.
        values = [getattr(self, f.name) for f in fields(self)]
        return type(self), tuple(dict(v) if isinstance(v, Mapping) else v for v in values)

    @cached_property
    def urls(self) -> UrlScheme:
        # Asked for tens of thousands of times in a large build (links, JSON-LD, sharing).
        return UrlScheme(self.prefixes)

    def folder(self, kind: str) -> Path:
        return self.root / self.folders[kind]

    @property
    def folder_kinds(self) -> dict[str, str]:
        """Content folder (relative to the root) → the kind of entry it holds."""
        return {folder: kind for kind, folder in self.folders.items()}

    @property
    def taxonomy_dir(self) -> Path:
        return self.root / self.taxonomy

    def watched_dirs(self) -> list[Path]:
        return [self.folder(kind) for kind in self.folders] + [self.taxonomy_dir]

    @property
    def manifest_path(self) -> Path | None:
        return self.root / self.url_manifest if self.url_manifest else None

    @property
    def docs_path(self) -> Path:
        return self.root / self.docs_dir

    def relpath(self, path: Path) -> str:
        """A path as shown in messages: relative to the content root, with '/'."""
        text, root = str(path), os.path.join(str(self.root), "")
        if text.startswith(root) and ".." not in text:
            # Content files are found under the root: no need to ask the file system
            # (``resolve`` looks at every folder on the way, for every file), nor to
            # parse the path again (pathlib's ``relative_to``: a tenth of reading a file).
            return text[len(root) :].replace(os.sep, "/")
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: unknown tags (``!ENV``, ``!!python/name``) → None."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_LenientLoader.add_multi_constructor("!", _ignore_tag)
_LenientLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


def plugin_options(mkdocs_yml: Path, name: str = "erfaringsbase") -> dict[str, Any] | None:
    """The plugin's options in mkdocs.yml, plus the site settings the core needs; or None
    when the plugin is not listed."""
    data = yaml.load(mkdocs_yml.read_text("utf-8"), Loader=_LenientLoader) or {}
    site = {
        "_site_url": data.get("site_url"),
        "_repo_url": data.get("repo_url"),
        "_site_name": data.get("site_name"),
        "_docs_dir": data.get("docs_dir"),
    }
    for plugin in data.get("plugins") or ():
        if plugin == name:
            return site
        if isinstance(plugin, dict) and name in plugin:
            return {**(plugin[name] or {}), **site}
    return None


def settings_from_options(options: Mapping[str, Any], base: Path) -> Settings:
    extra: dict[str, Any] = {}
    if options.get("_site_url") or options.get("site_url"):
        extra["site_url"] = options.get("_site_url") or options.get("site_url")
    if options.get("_site_name") or options.get("site_name"):
        extra["site_name"] = options.get("_site_name") or options.get("site_name")
    if options.get("_repo_url") or options.get("repo_url"):
        extra["repo_url"] = options.get("_repo_url") or options.get("repo_url")
    return Settings(
        root=base / str(options.get("content_dir") or "."),
        folders=dict(options.get("folders") or {}),
        taxonomy=str(options.get("taxonomy_dir") or "taxonomy"),
        prefixes=dict(options.get("url_prefixes") or {}),
        language=options.get("language") or "nb",
        edit_branch=str(options.get("edit_branch") or "main"),
        # Site files live next to mkdocs.yml, wherever the content folders are.
        docs_dir=str(
            (base / str(options.get("_docs_dir") or options.get("docs_dir") or "docs")).resolve()
        ),
        url_manifest=_site_file(base, options.get("url_manifest", "published-urls.txt")),
        publisher_orgnr=str(options["publisher_orgnr"]) if options.get("publisher_orgnr") else None,
        **extra,
    )


def _site_file(base: Path, value: object) -> str:
    return str((base / str(value)).resolve()) if value else ""


def find_settings(start: Path) -> Settings:
    """Settings from the nearest mkdocs.yml at or above ``start``; defaults if there is none."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / "mkdocs.yml"
        if candidate.is_file():
            options = plugin_options(candidate)
            return settings_from_options(options or {}, folder)
    return Settings(root=start)


def build_date() -> dt.date:
    """Today, or the date in ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()
