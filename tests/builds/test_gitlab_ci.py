"""The GitLab pipeline: GitLab's own CI schema accepts it (check-jsonschema, offline), and like the GitHub
workflow it tests, builds strictly and publishes only from a build that succeeded."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from support import ROOT

PIPELINE = ROOT / ".gitlab-ci.yml"
CHECK = Path(sys.executable).parent / "check-jsonschema"


def lint(*files: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(CHECK), "--builtin-schema", "vendor.gitlab-ci", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_gitlab_schema_accepts_the_pipeline_and_catches_a_broken_copy(tmp_path):
    assert lint(PIPELINE).returncode == 0, lint(PIPELINE).stdout
    broken = tmp_path / ".gitlab-ci.yml"
    broken.write_text(
        PIPELINE.read_text(encoding="utf-8").replace("  script:\n    - make build", "  scirpt:\n    - make build"),
        encoding="utf-8",
    )
    result = lint(broken)
    assert result.returncode == 1
    assert "$.build: Additional properties are not allowed ('scirpt' was unexpected)" in result.stdout


def test_pages_are_published_only_from_a_strict_build_after_the_tests():
    pipeline = yaml.safe_load(PIPELINE.read_text(encoding="utf-8"))
    assert pipeline["stages"] == ["test", "build", "deploy"]
    assert pipeline["test"]["script"] == ["make test"]
    build = pipeline["build"]
    assert build["needs"] == ["test"] and build["script"] == ["make build"]
    assert build["variables"]["TEKAN_SITE_URL"] == "$CI_PAGES_URL/"
    pages = pipeline["pages"]
    assert pages["needs"] == ["build"] and pages["artifacts"]["paths"] == ["public"]
    assert pages["script"] == ["rm -rf public", "mv site public"]
