"""A proven way off Material's MkDocs (issue 24): the same site built by ProperDocs 1.6.7, the
maintained fork of MkDocs 1.6, is the same site, byte for byte, except the generator tag.

Our plugin meets either through the interface they share (plugin events, ``File.generated``,
``page.meta``, the theme's template folders): nothing here knows which one runs.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from support import FIXTURES, mkdocs_build, site_files

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
BUILT = "1767225600"  # 2026-01-01


def properdocs_build(site: Path, config: Path) -> subprocess.CompletedProcess[str]:
    # As mkdocs_build: --strict, never -q or -v.
    command = [sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(config)]
    return subprocess.run(
        [*command, "-d", str(site)],
        capture_output=True,
        text=True,
        cwd=config.parent,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def test_properdocs_builds_the_same_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = FIXTURES / "mini" / "mkdocs.yml"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILT)  # both builds on the same day
    ours = mkdocs_build(tmp_path / "mkdocs", config)
    assert ours.returncode == 0, ours.stderr
    proper = properdocs_build(tmp_path / "properdocs", config)
    assert proper.returncode == 0, proper.stderr
    assert "WARNING" not in proper.stderr, proper.stderr
    mkdocs_site = {k: GENERATOR.sub(b"", v) for k, v in site_files(tmp_path / "mkdocs").items()}
    proper_site = {k: GENERATOR.sub(b"", v) for k, v in site_files(tmp_path / "properdocs").items()}
    assert sorted(mkdocs_site) == sorted(proper_site)
    different = [name for name in mkdocs_site if mkdocs_site[name] != proper_site[name]]
    assert different == []
