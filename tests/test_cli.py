from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from support import edit

Run = Callable[..., tuple[int, str, str]]


def test_validate_ok_prints_summary(mini: Path, run_cli: Run) -> None:
    code, out, _ = run_cli("-C", str(mini), "validate")
    assert code == 0
    assert out.strip() == "12 filer sjekket: ingen problemer."


def test_validate_github_format(mini: Path, run_cli: Run) -> None:
    edit(mini / "cases/samspill.md", "status: avsluttet", "status: ferdig")
    code, out, _ = run_cli("-C", str(mini), "validate", "--format", "github")
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith(
        "::error file=cases/samspill.md,line=14,title=Erfaringsbasen%3A status::"
    )
    assert "«ferdig» er ikke en tillatt verdi" in first
    assert out.splitlines()[-1].startswith("12 filer sjekket: 1 feil")


def test_validate_json_format(mini: Path, run_cli: Run) -> None:
    edit(mini / "cases/samspill.md", "status: avsluttet", "status: ferdig")
    code, out, _ = run_cli("-C", str(mini), "validate", "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert report["files_checked"] == 12 and report["error_count"] == 1
    assert report["problems"][0] | {"message": ""} == {
        "path": "cases/samspill.md",
        "line": 14,
        "field": "status",
        "message": "",
        "severity": "error",
    }


def test_render_out_writes_every_page(mini: Path, tmp_path: Path, run_cli: Run) -> None:
    out = tmp_path / "out"
    code, stdout, _ = run_cli("-C", str(mini), "render", "--out", str(out))
    assert code == 0
    written = {p.relative_to(out).as_posix() for p in out.rglob("*.md")}
    assert "erfaringer/samspill.md" in written and "tema/index.md" in written
    assert stdout.startswith("Skrev ") and " sider og " in stdout


def test_render_refuses_invalid_content(mini: Path, tmp_path: Path, run_cli: Run) -> None:
    edit(mini / "cases/samspill.md", "status: avsluttet", "status: ferdig")
    code, _, err = run_cli("-C", str(mini), "render", "--out", str(tmp_path / "o"))
    assert code == 1 and "ferdig" in err
    assert not (tmp_path / "o").exists()


def test_python_dash_m_and_no_traceback_on_garbage(mini: Path) -> None:
    (mini / "cases" / "søppel.md").write_bytes(b"---\n\xff\xfe: [\n---\n")
    proc = subprocess.run(
        [sys.executable, "-m", "erfaringsbase", "-C", str(mini), "validate"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "cases/søppel.md:2: error: Filen er ikke lagret som UTF-8" in proc.stdout
