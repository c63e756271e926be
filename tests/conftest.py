"""Shared fixtures: small content trees copied into tmp_path, and helpers to break them."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from erfaringsbase.cli.main import main
from support import (  # noqa: F401  (re-exported for the tests)
    FIXTURES,
    HERE,
    REPO,
    edit,
    mkdocs_build,
    second_line_of_defence,
    unsafe_in,
)

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the small, complete fixture site."""
    target = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", target)
    return target


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own site, built once per run (strict) and shared read-only by
    every test that looks at it: the site tests, search, explorer, nothing-lost, browser."""
    site = tmp_path_factory.mktemp("real") / "site"
    proc = mkdocs_build(site, REPO / "mkdocs.yml")
    assert proc.returncode == 0, proc.stderr[-5000:]
    return site


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the quality figures the tests recorded (and save them for docs/kvalitet.md)."""
    from quality_figures import FIGURES

    if not FIGURES:
        return
    terminalreporter.section("Kvalitetstall")
    for label, value in FIGURES.items():
        terminalreporter.write_line(f"{label}: {value}")
    target = os.environ.get("ERFARINGSBASE_QUALITY_JSON")
    if target:
        import json

        Path(target).write_text(json.dumps(FIGURES, ensure_ascii=False, indent=2) + "\n", "utf-8")
