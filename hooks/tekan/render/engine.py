"""The one module that imports the site engine: MkDocs 1.x today, ProperDocs later (docs/engine.md).

ProperDocs continues MkDocs 1.x with the same API under the package name `properdocs`, and
redirects `mkdocs.*` imports to itself only when run through its own command. So the choice of
engine lives here: the hook file, render/ and the editors' reading of mkdocs.yml import what they
need from this module (as does `tekan check`, which renders the articles with the build's Markdown
settings), never from `mkdocs` itself (tests/unit/test_engine_seam.py checks this).
Switching means changing the imports and ENGINE_MODULE below, and requirements.txt.
"""

from __future__ import annotations

from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel, get_files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.yaml import yaml_load  # reads mkdocs.yml as the engine does (its !ENV tag included)

# The engine's command-line module: `tekan build` runs `python -m <ENGINE_MODULE> build --strict …`.
ENGINE_MODULE = "mkdocs"

__all__ = [
    "ENGINE_MODULE",
    "Abort",
    "File",
    "Files",
    "InclusionLevel",
    "Page",
    "get_files",
    "get_toc",
    "load_config",
    "yaml_load",
]
