"""The GitHub Actions workflows: valid YAML that runs the commands the docs promise."""

from __future__ import annotations

import re
from typing import Any

import yaml

from conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"
# A released action's exact version, e.g. @v3.0.0: a moving branch or major tag could change under us.
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@v\d+\.\d+\.\d+$")


def _load(name: str) -> dict[str, Any]:
    workflow = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(workflow, dict)
    # YAML 1.1 reads the bare key `on` as the boolean true.
    workflow["on"] = workflow.pop(True, workflow.get("on"))
    return workflow


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    jobs = workflow["jobs"]
    assert len(jobs) == 1
    steps = next(iter(jobs.values()))["steps"]
    assert isinstance(steps, list)
    return steps


def _setup(steps: list[dict[str, Any]]) -> None:
    uses = {step["uses"].split("@")[0]: step for step in steps if "uses" in step}
    assert uses["actions/setup-python"]["with"]["python-version"] == "3.12"
    assert uses["actions/setup-node"]["with"]["node-version"] == "20"
    assert "actions/checkout" in uses
    for step in steps:
        if "uses" in step:
            assert PINNED.match(step["uses"]), step["uses"]


def test_ci_runs_the_tests_and_the_linter_on_pushes_and_pull_requests() -> None:
    workflow = _load("ci.yml")
    assert set(workflow["on"]) == {"push", "pull_request"}
    steps = _steps(workflow)
    _setup(steps)
    runs = [step["run"] for step in steps if "run" in step]
    assert runs == ["scripts/test", ".venv/bin/dsm lint"]
    assert workflow["permissions"] == {"contents": "read"}


def test_release_runs_dsm_release_on_version_tags_and_attaches_dist() -> None:
    workflow = _load("release.yml")
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    assert workflow["permissions"] == {"contents": "write"}
    steps = _steps(workflow)
    _setup(steps)
    runs = [step["run"] for step in steps if "run" in step]
    assert runs == ["scripts/bootstrap", '.venv/bin/dsm release --tag "$GITHUB_REF_NAME"']
    publish = steps[-1]
    assert publish["uses"].startswith("softprops/action-gh-release@")
    assert publish["with"]["files"] == "dist/*"
    assert publish["with"]["body_path"] == "dist/RELEASE_NOTES.md"
    assert publish["with"]["fail_on_unmatched_files"] is True


def test_the_scripts_the_workflows_run_exist() -> None:
    for script in ("scripts/test", "scripts/bootstrap"):
        path = REPO / script
        assert path.is_file() and path.stat().st_mode & 0o111, script
    assert (REPO / "requirements.lock").is_file()  # setup-python's cache key
    assert (REPO / "package-lock.json").is_file()  # setup-node's cache key
