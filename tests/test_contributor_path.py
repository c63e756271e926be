"""The contributor's path (issue 22): a first contribution, often made in GitHub's web
editor, must not fail for reasons nobody told the contributor about.

Every file in a content folder that is not read is named, with the name it should have;
links out of the site are refused unread; a tab anywhere in the fields gets one Norwegian
message with its fix; ``new`` suggests the id it would make; pre-commit needs nothing
installed; the Bidra page's vocabulary examples pass as written; and a content-only pull
request gets the quick checks only.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from erfaringsbase.content.config import find_settings
from erfaringsbase.site import validate
from support import REPO, edit

Run = Callable[..., tuple[int, str, str]]


def report(run_cli: Run, site: Path) -> tuple[int, list[str]]:
    code, out, _ = run_cli("-C", str(site), "validate")
    return code, [line for line in out.splitlines() if ": error: " in line or ": warning: " in line]


def entry_text(mini: Path, ident: str, folder: str = "cases") -> str:
    """A valid entry of the folder's kind with this id (a copy of the fixture's samspill,
    or of a report): a misnamed file's contents are checked too, as what its folder holds."""
    source, old = (
        ("reports/rapport-2017.md", "rapport-2017")
        if folder == "reports"
        else (
            "cases/samspill.md",
            "samspill",
        )
    )
    text = (mini / source).read_text("utf-8")
    return text.replace(f"id: {old}\n", f"id: {ident}\n")


# --- files that are not read -----------------------------------------------------------------

# (file written, severity, words the message must have)
UNREAD = [
    pytest.param(
        "cases/digitalt-dodsbo.md.txt",
        "error",
        ["bare filer som slutter på .md", "Gi filen navnet digitalt-dodsbo.md."],
        id="notepad-txt",
    ),
    pytest.param(
        "cases/digitalt-dodsbo.MD",
        "error",
        ["Gi filen navnet digitalt-dodsbo.md."],
        id="upper-case-MD",
    ),
    pytest.param(
        "reports/Digitalt dødsbo.markdown",
        "error",
        ["Gi filen navnet digitalt-dodsbo.md."],
        id="markdown-and-a-title",
    ),
    pytest.param(
        "events/digitalt-dodsbo", "error", ["Gi filen navnet digitalt-dodsbo.md."], id="no-ending"
    ),
    pytest.param(
        "cases/2024/digitalt-dodsbo.md.txt",
        "error",
        ["Gi filen navnet digitalt-dodsbo.md."],
        id="in-a-subfolder",
    ),
    pytest.param("cases/skjema.pdf", "error", ["bare .md-filer", "slett"], id="a-document"),
    pytest.param(
        "cases/samspill.md.txt",
        "error",
        ["Filen samspill.md finnes allerede", "slett den"],
        id="a-copy-of-an-existing-file",
    ),
    pytest.param(
        "cases/_digitalt-dodsbo.md",
        "warning",
        ["begynner med _", "gi filen navnet digitalt-dodsbo.md."],
        id="underscore",
    ),
    pytest.param(
        "cases/.digitalt-dodsbo.md",
        "warning",
        ["skjulte", "gi filen navnet digitalt-dodsbo.md."],
        id="hidden-entry",
    ),
    pytest.param("cases/samspill.md~", "warning", ["sikkerhetskopi", "Slett den."], id="backup"),
    pytest.param(
        "taxonomy/kommuner.yml",
        "error",
        ["leser bare themes.yml, organisations.yml", "Flytt verdiene inn i den av dem"],
        id="a-new-vocabulary-file",
    ),
    pytest.param(
        "taxonomy/organisations.yml.txt",
        "error",
        ["Flytt verdiene inn i organisations.yml"],
        id="vocabulary-txt",
    ),
    pytest.param(
        "taxonomy/themes.yaml", "error", ["Flytt verdiene inn i themes.yml"], id="yml-and-yaml"
    ),
]


@pytest.mark.parametrize(("name", "severity", "words"), UNREAD)
def test_a_file_that_is_not_read_is_named_with_its_fix(
    mini: Path, run_cli: Run, name: str, severity: str, words: list[str]
) -> None:
    target = mini / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(entry_text(mini, "digitalt-dodsbo", name.split("/")[0]), "utf-8")
    code, lines = report(run_cli, mini)
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{name}: {severity}: "), lines
    assert all(word in lines[0] for word in words), lines[0]
    assert code == (1 if severity == "error" else 0)


def test_the_suggested_name_works_as_written(mini: Path, run_cli: Run) -> None:
    (mini / "cases" / "digitalt-dodsbo.md.txt").write_text(
        entry_text(mini, "digitalt-dodsbo"), "utf-8"
    )
    _, lines = report(run_cli, mini)
    wanted = re.search(r"Gi filen navnet (\S+)\.$", lines[0])
    assert wanted is not None, lines
    (mini / "cases" / "digitalt-dodsbo.md.txt").rename(mini / "cases" / wanted.group(1))
    assert report(run_cli, mini) == (0, [])
    entries = validate(find_settings(mini)).entries
    assert "digitalt-dodsbo" in {e.id for e in entries if e.kind == "case"}


def test_readme_and_hidden_files_are_not_content(mini: Path, run_cli: Run) -> None:
    for name in ("cases/README.md", "cases/.gitkeep", "taxonomy/README.md", "events/.DS_Store"):
        (mini / name).write_text("# Om mappen\n", "utf-8")
    (mini / "cases" / ".git-ish").mkdir()
    (mini / "cases" / ".git-ish" / "x.md.txt").write_text("x", "utf-8")
    assert report(run_cli, mini) == (0, [])


# --- links (symlinks) ------------------------------------------------------------------------

SECRET = "HEMMELIG-INNHOLD-UTENFOR"


def outside_file(tmp_path: Path, text: str) -> Path:
    target = tmp_path / "utenfor" / "fil.md"
    target.parent.mkdir()
    target.write_text(text, "utf-8")
    return target


def test_a_link_out_of_the_site_is_refused_unread(mini: Path, tmp_path: Path, run_cli: Run) -> None:
    # A valid entry out there: were it read, it would be published.
    text = entry_text(mini, "lenke").replace("title: Samspill om jobb", f"title: {SECRET}")
    (mini / "cases" / "lenke.md").symlink_to(outside_file(tmp_path, text))
    code, out, _ = run_cli("-C", str(mini), "validate")
    assert code == 1
    assert (
        "cases/lenke.md: error: Filen er en lenke (symlink) som peker ut av nettstedets mappe, "
        "og blir ikke lest." in out
    )
    assert SECRET not in out
    assert "lenke" not in {e.id for e in validate(find_settings(mini)).entries}


def test_a_vocabulary_linked_from_outside_is_refused_unread(
    mini: Path, tmp_path: Path, run_cli: Run
) -> None:
    themes = mini / "taxonomy" / "themes.yml"
    outside = outside_file(tmp_path, themes.read_text("utf-8") + f"- id: x\n  title: {SECRET}\n")
    themes.unlink()
    themes.symlink_to(outside)
    code, out, _ = run_cli("-C", str(mini), "validate")
    assert code == 1
    assert "taxonomy/themes.yml: error: Filen er en lenke (symlink) som peker ut av" in out
    assert SECRET not in out


def test_a_link_inside_the_site_is_read(mini: Path, run_cli: Run) -> None:
    (mini / "arkiv").mkdir()
    (mini / "cases" / "samspill.md").rename(mini / "arkiv" / "samspill.md")
    (mini / "cases" / "samspill.md").symlink_to(Path("..") / "arkiv" / "samspill.md")
    assert report(run_cli, mini) == (0, [])


@pytest.mark.parametrize(
    ("make", "words"),
    [
        pytest.param(
            lambda mini: (mini / "cases" / "borte.md").symlink_to("finnes-ikke.md"),
            ["cases/borte.md: error:", "en fil som ikke finnes"],
            id="dangling",
        ),
        pytest.param(
            lambda mini: (mini / "cases" / "flere").symlink_to(mini / "reports"),
            ["cases/flere: error:", "lenker til mapper følges ikke"],
            id="a-folder",
        ),
    ],
)
def test_other_links_are_named(
    mini: Path, run_cli: Run, make: Callable[[Path], None], words: list[str]
) -> None:
    make(mini)
    code, lines = report(run_cli, mini)
    assert code == 1 and len(lines) == 1, lines
    assert all(word in lines[0] for word in words), lines[0]


# --- the closing --- of the front matter -----------------------------------------------------


@pytest.mark.parametrize("closing", ["----", "--- ", "---   ", "-----"])
def test_a_longer_or_spaced_closing_line_is_the_boundary(
    mini: Path, tmp_path: Path, run_cli: Run, closing: str
) -> None:
    """python-frontmatter's boundary (``^-{3,}\\s*$``) closes the fields; we read content
    files ourselves, so the page is built from exactly what validate read."""
    edit(
        mini / "cases" / "samspill.md",
        "published: 2026-11-23\n---\n",
        f"published: 2026-11-23\n{closing}\n",
    )
    assert report(run_cli, mini) == (0, [])
    code, out, _ = run_cli("-C", str(mini), "render", "--out", str(tmp_path / "out"))
    assert code == 0, out
    page = (tmp_path / "out" / "erfaringer" / "samspill.md").read_text("utf-8")
    assert "Prosjektet ville gjøre overgangen fra jobb til jobb enklere." in page
    assert "published: 2026-11-23" not in page and closing not in page.splitlines()


# --- tabs --------------------------------------------------------------------------------

CASE = "cases/samspill.md"
THEMES = "taxonomy/themes.yml"

# (file, old, new, the line's marker, field, where)
TABS = [
    pytest.param(CASE, "\nstatus: avsluttet", "\n\tstatus: avsluttet", "status:", "status", "i innrykket", id="start-of-a-key-line"),
    pytest.param(CASE, "  - id: difi", "\t- id: difi", "- id: difi", "organisations[1]", "i innrykket", id="in-a-list"),
    pytest.param(CASE, "  - id: difi", "  -\tid: difi", "id: difi", "organisations[1]", "i innrykket", id="after-a-dash"),
    pytest.param(CASE, "    role: eier", "\trole: eier", "role: eier", "organisations[0].role", "i innrykket", id="nested-key"),
    pytest.param(CASE, "status: avsluttet", "status:\tavsluttet", "status:", "status", "i tegn nr. 8", id="after-a-colon"),
    pytest.param(CASE, "summary: NAV og", "summary: NAV\tog", "summary:", "summary", "i tegn nr. 13", id="inside-a-value"),
    pytest.param(CASE, "status: avsluttet", "status: avsluttet\t", "status:", "status", "i tegn nr. 18", id="at-the-end"),
    pytest.param(THEMES, "\n  title: Samarbeid på tvers\n", "\n\ttitle: Samarbeid på tvers\n", "title: Samarbeid på tvers", "[0].title", "i innrykket", id="vocabulary-indent"),
    pytest.param(THEMES, "  title: Samarbeid på tvers\n", "  title:\tSamarbeid på tvers\n", "title:\tSamarbeid", "[0].title", "i tegn nr. 9", id="vocabulary-value"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "old", "new", "marker", "field", "where"), TABS)
def test_a_tab_anywhere_in_the_fields_gets_one_norwegian_message(
    mini: Path,
    run_cli: Run,
    name: str,
    old: str,
    new: str,
    marker: str,
    field: str | None,
    where: str,
) -> None:
    edit(mini / name, old, new)
    line = next(
        number
        for number, text in enumerate((mini / name).read_text("utf-8").splitlines(), 1)
        if marker in text and "\t" in text
    )
    code, lines = report(run_cli, mini)
    assert code == 1 and len(lines) == 1, lines
    prefix = f"{name}:{line}: error: " + (f"{field}: " if field else "")
    assert lines[0].startswith(prefix + f"Linjen har en tabulator {where}"), lines[0]
    assert "Bytt tabulatoren ut med mellomrom" in lines[0]
    assert not re.search(r"\b(found|tab|character|YAML)\b", lines[0]), lines[0]
    # The fix, applied as written, is the whole fix.
    edit(mini / name, new, old)
    assert report(run_cli, mini) == (0, [])


def test_tabs_and_other_mistakes_come_in_one_round(mini: Path, run_cli: Run) -> None:
    edit(mini / CASE, "status: avsluttet", "status:\tavslutet")
    edit(mini / CASE, "summary: NAV og", "summary: NAV\tog")
    _, lines = report(run_cli, mini)
    assert len(lines) == 3, lines
    assert sum("tabulator" in line for line in lines) == 2
    assert any("Mente du «avsluttet»" in line for line in lines)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("\nstatus: avsluttet", "\n\tstatus: avslutet"),
        ("    role: eier", "\trole: eier"),
        ("  - id: difi", "\t- id: difi"),
    ],
    ids=["top-level-key", "nested-key", "list-item"],
)
def test_a_tab_yaml_cannot_read_still_lets_the_rest_of_the_file_be_checked(
    mini: Path, run_cli: Run, old: str, new: str
) -> None:
    """YAML stops at a tab in the indentation; the fields are then read as if it were
    spaces (the reading with fewest problems), so the other mistakes of the file come
    in the same round as the tab, and nothing that the tab alone caused."""
    edit(mini / CASE, old, new)
    edit(mini / CASE, "themes: [samarbeid-pa-tvers,", "themes: [samarbeid,")
    _, lines = report(run_cli, mini)
    assert sum("tabulator" in line for line in lines) == 1, lines
    assert any("«samarbeid»" in line and "samarbeid-pa-tvers" in line for line in lines), lines
    expected = 3 if "avslutet" in new else 2
    assert len(lines) == expected, lines


# --- erfaringsbase new: suggestions that work ---------------------------------------------

NEW_IDS = [
    pytest.param(["case", "Digitalt dødsbo", "--id", "Sak med Mellomrom"], "sak-med-mellomrom", id="given-with-spaces"),
    pytest.param(["case", "Digitalt dødsbo", "--id", "Digitalt_Dødsbo"], "digitalt-dodsbo", id="given-with-capitals"),
    pytest.param(["case", "Digitalt dødsbo", "--id", "!!!"], "digitalt-dodsbo", id="given-without-letters"),
    pytest.param(["case", "!!!"], "ny-erfaring", id="title-without-letters"),
    pytest.param(["report", "Index"], "index-rapport", id="reserved-from-title"),
    pytest.param(["event", "Et seminar", "--id", "index"], "index-arrangement", id="reserved-given"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "suggested"), NEW_IDS)
def test_new_suggests_an_id_that_works(
    mini: Path, run_cli: Run, args: list[str], suggested: str
) -> None:
    code, out, err = run_cli("-C", str(mini), "new", *args)
    assert code == 2, out + err
    assert f"--id {suggested}" in err, err
    assert "Oppgi en med --id." not in err
    if "--id" in args:
        assert f"«{args[args.index('--id') + 1]}»" in err  # says which id it could not use
    title = args[1]
    code, out, err = run_cli("-C", str(mini), "new", args[0], title, "--id", suggested)
    assert code == 0, err
    assert f"{suggested}.md (utkast)" in out


# --- pre-commit -----------------------------------------------------------------------------


def pyproject() -> dict[str, Any]:
    with (REPO / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)


def test_the_pre_commit_hook_installs_what_it_needs() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text("utf-8"))
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    (hook,) = [h for h in hooks if h["id"] == "erfaringsbase-validate"]
    # pre-commit makes the environment: no executable needs to be on PATH beforehand.
    assert hook["language"] == "python"
    assert hook["additional_dependencies"] == pyproject()["project"]["dependencies"]
    command = shlex.split(hook["entry"])
    assert command[0] == "python" and command[-1] == "validate"
    assert re.search(hook["files"], "cases/digitalt-dodsbo.md")
    assert re.search(hook["files"], "taxonomy/organisations.yml")
    assert not re.search(hook["files"], "src/erfaringsbase/site.py")
    # The entry as pre-commit runs it (from the repository's root) is this checkout's
    # `erfaringsbase validate`.
    proc = subprocess.run(
        [sys.executable, *command[1:]],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert re.search(r"^\d+ filer sjekket", proc.stdout, re.M), proc.stdout + proc.stderr


def test_other_knowledge_bases_can_use_the_hook() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "erfaringsbase-validate"]
    assert hook["language"] == "python"  # pre-commit installs the package from the repo
    executable, *args = shlex.split(hook["entry"])
    assert executable in pyproject()["project"]["scripts"]
    assert args == ["validate"]
    assert hook["pass_filenames"] is False
    assert re.search(hook["files"], "events/et-seminar.md")


# --- the Bidra page's vocabulary examples ---------------------------------------------------

EXAMPLE = re.compile(r"`(taxonomy/[\w-]+\.yml)`:\n\n```yaml\n(.*?)```", re.S)


def test_the_vocabulary_examples_on_the_bidra_page_pass_as_written(tmp_path: Path) -> None:
    examples = EXAMPLE.findall((REPO / "docs" / "bidra.md").read_text("utf-8"))
    files = [name for name, _ in examples]
    assert sorted(files) == [
        "taxonomy/life-events.yml",
        "taxonomy/organisations.yml",
        "taxonomy/themes.yml",
    ]
    site = tmp_path / "site"
    for name in ("cases", "reports", "recommendations", "events", "taxonomy"):
        shutil.copytree(REPO / name, site / name)
    shutil.copy(REPO / "mkdocs.yml", site / "mkdocs.yml")
    before = set(validate(find_settings(site)).problems)
    for name, text in examples:
        with (site / name).open("a", encoding="utf-8") as out:
            out.write(text)
    corpus = validate(find_settings(site))
    assert set(corpus.problems) == before  # the examples add no problem
    added = {yaml.safe_load(text)[0]["id"] for _, text in examples}
    vocabulary = corpus.vocabulary
    known = set(vocabulary.organisations) | set(vocabulary.themes) | set(vocabulary.life_events)
    assert added <= known, added - known


# --- CI: a content-only pull request gets the quick checks ----------------------------------


def workflow(name: str) -> dict[str, Any]:
    data: dict[Any, Any] = yaml.safe_load((REPO / ".github" / "workflows" / name).read_text())
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def actions_used(data: dict[str, Any]) -> set[str]:
    return {
        step["uses"].split("@")[0]
        for job in data["jobs"].values()
        for step in job["steps"]
        if "uses" in step
    }


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    proc = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def changed_kind(tmp_path: Path, script: str, event: str, changed: list[str]) -> str:
    """What the workflow's step says about a pull request (as GitHub checks it out: the
    merge commit, whose first parent is the base branch) that changes ``changed``."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "README.md").write_text("x\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    git(repo, "checkout", "-qb", "pr")
    for name in changed:
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text("endret\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "pr")
    git(repo, "checkout", "-q", "main")
    (repo / "annet.txt").write_text("main moved on\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "main")
    git(repo, "merge", "-q", "--no-ff", "-m", "merge", "pr")
    output = tmp_path / "output"
    output.write_text("")
    env = {**os.environ, "EVENT": event, "GITHUB_OUTPUT": str(output)}
    subprocess.run(["bash", "-e", "-c", script], cwd=repo, env=env, check=True)
    return output.read_text().strip()


@pytest.mark.parametrize(
    ("event", "changed", "expected"),
    [
        ("pull_request", ["cases/digitalt-dodsbo.md"], "kode=false"),
        (
            "pull_request",
            ["cases/a.md", "reports/b.md", "recommendations/c.md", "events/d.md", "taxonomy/e.yml"],
            "kode=false",
        ),
        ("pull_request", ["cases/a.md", "src/erfaringsbase/site.py"], "kode=true"),
        ("pull_request", ["docs/bidra.md"], "kode=true"),
        ("pull_request", [".github/workflows/ci.yml"], "kode=true"),
        ("push", ["cases/digitalt-dodsbo.md"], "kode=true"),
    ],
)
def test_the_full_suite_runs_only_when_code_changes(
    tmp_path: Path, event: str, changed: list[str], expected: str
) -> None:
    ci = workflow("ci.yml")
    assert ci["permissions"] == {"contents": "read"}
    assert actions_used(ci) <= {"actions/checkout", "actions/setup-python"}
    jobs = ci["jobs"]
    (step,) = [s for s in jobs["endringer"]["steps"] if s.get("id") == "endret"]
    assert changed_kind(tmp_path, step["run"], event, changed) == expected
    # The suite waits for that answer; validate and the strict build never do.
    assert jobs["tester"]["needs"] == "endringer"
    assert jobs["tester"]["if"] == "needs.endringer.outputs.kode == 'true'"
    assert "./scripts/test" in str(jobs["tester"]["steps"])
    quick = jobs["innhold"]
    assert "needs" not in quick and "if" not in quick
    runs = [s.get("run", "") for s in quick["steps"]]
    assert any("erfaringsbase validate --format github" in r for r in runs)
    assert any("mkdocs build --strict" in r for r in runs)
    assert not any("pytest" in r or "scripts/test" in r for r in runs)


def test_new_addresses_are_listed_after_the_merge_by_a_workflow() -> None:
    urls = workflow("urls.yml")
    assert urls["on"] == {"push": {"branches": ["main"]}}
    assert urls["permissions"] == {"contents": "write"}
    assert urls["concurrency"]["group"]
    assert actions_used(urls) <= {"actions/checkout", "actions/setup-python"}
    runs = "\n".join(s.get("run", "") for job in urls["jobs"].values() for s in job["steps"])
    assert "erfaringsbase urls --update" in runs
    assert "git add published-urls.txt" in runs and "git push" in runs
    assert "git diff --quiet -- published-urls.txt" in runs  # commits only a change
