"""The engine after Material's end of life: the shipped site builds with ProperDocs (the continuation of
MkDocs 1.x) exactly as it builds with MkDocs, but for the generator tag. See docs/engine.md."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from support import copy_project, mkdocs_env

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def properdocs_build(project: Path, site: Path) -> subprocess.CompletedProcess:
    # ProperDocs redirects `mkdocs.*` imports (Material's, our hook's) only under its own command.
    command = [
        str(Path(sys.executable).parent / "properdocs"),
        "build",
        "--strict",
        "-f",
        "mkdocs.yml",
        "-d",
        str(site),
    ]
    env = mkdocs_env(DISABLE_MKDOCS_2_WARNING="true")
    return subprocess.run(command, cwd=project, capture_output=True, text=True, env=env, timeout=600)


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_properdocs_builds_the_same_site_as_mkdocs(built_site, tmp_path):
    assert shutil.which("properdocs", path=str(Path(sys.executable).parent)), "properdocs: run `make test`"
    project = copy_project(tmp_path / "project")
    site = tmp_path / "properdocs-site"
    result = properdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr

    ours, theirs = site_files(site), site_files(built_site)
    assert sorted(ours) == sorted(theirs)
    tagged = 0
    for name, content in ours.items():
        if name.endswith(".html"):
            tagged += b"mkdocs-ProperDocs" in content
            content = GENERATOR.sub(b"", content)
            expected = GENERATOR.sub(b"", theirs[name])
        else:
            expected = theirs[name]
        assert content == expected, f"{name} differs between ProperDocs and MkDocs"
    # The comparison is not vacuous: ProperDocs really rendered the pages.
    assert tagged > 40
