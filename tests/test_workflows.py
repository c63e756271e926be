"""Workflows a public team can adopt as they are (issue 24): the site is published from main
and every night, never by two deploys at once, with the same strict build as the checks of
pull requests; dependabot keeps the packages and actions current."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from support import REPO

WORKFLOWS = REPO / ".github" / "workflows"


def load(path: Path) -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load(path.read_text("utf-8"))
    # YAML 1.1 reads the key «on» as True.
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps(job: dict[str, Any]) -> list[str]:
    return [str(step.get("run", step.get("uses", ""))) for step in job["steps"]]


def test_the_site_is_published_from_main_and_every_night() -> None:
    flow = load(WORKFLOWS / "publiser.yml")
    assert flow["on"]["push"]["branches"] == ["main"]
    (schedule,) = flow["on"]["schedule"]
    day, month, weekday = schedule["cron"].split()[2:]
    assert (day, month, weekday) == ("*", "*", "*"), "every night"
    assert flow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert flow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build = steps(flow["jobs"]["bygg"])
    assert any("erfaringsbase validate" in s for s in build)
    assert any("mkdocs build --strict" in s and " -q" not in s and " -v" not in s for s in build)
    assert any(s.startswith("actions/upload-pages-artifact@") for s in build)
    deploy = flow["jobs"]["publiser"]
    assert deploy["needs"] == "bygg"
    assert steps(deploy) == ["actions/deploy-pages@v4"]


def test_the_pull_request_check_builds_the_same_way() -> None:
    """What is published is what was checked: the same install and the same strict build."""
    published = steps(load(WORKFLOWS / "publiser.yml")["jobs"]["bygg"])
    checked = [s for job in load(WORKFLOWS / "ci.yml")["jobs"].values() for s in steps(job)]
    install = next(s for s in published if "requirements.lock" in s)
    assert install in checked
    assert any("mkdocs build --strict" in s for s in checked)


def test_dependabot_watches_packages_and_actions() -> None:
    config = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text("utf-8"))
    ecosystems = {update["package-ecosystem"] for update in config["updates"]}
    assert ecosystems == {"pip", "github-actions"}


def test_the_whole_suite_runs_on_every_supported_python() -> None:
    job = load(WORKFLOWS / "ci.yml")["jobs"]["tester"]
    assert job["strategy"]["matrix"]["python"] == ["3.11", "3.12", "3.13"]
    assert job["strategy"]["fail-fast"] is False
    setup = next(
        s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/setup-python")
    )
    assert setup["with"]["python-version"] == "${{ matrix.python }}"
    assert "./scripts/test" in steps(job)


def test_a_ci_job_builds_the_site_with_properdocs() -> None:
    job = load(WORKFLOWS / "ci.yml")["jobs"]["properdocs"]
    build = steps(job)
    assert any("properdocs build --strict" in s and "mkdocs.yml" in s for s in build)
    assert any("requirements-dev.lock" in s for s in build)
    lock = (REPO / "requirements-dev.lock").read_text("utf-8")
    assert "properdocs==1.6.7 \\" in lock
