"""The package as a knowledge base other than ours installs it (issue 24): the licences in
the wheel, complete metadata, and version ranges (the lock files stay exact)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

from support import REPO


def test_the_wheel_carries_licences_metadata_and_ranges(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE", "CONTENT-LICENSE.md"):
        shutil.copy(REPO / name, source / name)
    shutil.copytree(REPO / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__"))
    wheel = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    built = subprocess.run(
        [*wheel, "--no-index", "--quiet", "-w", str(tmp_path / "dist"), str(source)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    (made,) = (tmp_path / "dist").glob("erfaringsbase-*.whl")
    with zipfile.ZipFile(made) as archive:
        names = archive.namelist()
        info = next(n for n in names if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(info).decode("utf-8"))
    assert any(n.endswith("licenses/LICENSE") for n in names), names
    assert any(n.endswith("licenses/CONTENT-LICENSE.md") for n in names), names
    assert metadata["License-Expression"] == "MIT"
    assert metadata["Author"] or metadata["Author-email"]
    urls = metadata.get_all("Project-URL") or []
    assert any(u.startswith("Source, https://github.com/") for u in urls), urls
    assert "Framework :: MkDocs" in (metadata.get_all("Classifier") or [])
    requires = metadata.get_all("Requires-Dist") or []
    assert "mkdocs<2,>=1.6.1" in requires, requires
    assert "mkdocs-material<10,>=9.8.1" in requires, requires
    # The package's own dependencies are ranges (the test tools may be pinned).
    runtime = [r for r in requires if "extra ==" not in r]
    assert not [r for r in runtime if "==" in r], runtime


def test_the_lock_files_stay_exact() -> None:
    for lock in ("requirements.lock", "requirements-dev.lock"):
        text = (REPO / lock).read_text("utf-8")
        assert "mkdocs==1.6.1 \\" in text and "mkdocs-material==9.8.1 \\" in text, lock
