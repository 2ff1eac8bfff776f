"""The engine (MkDocs, or ProperDocs after Material's end of life) is imported in one module only,
and the core (data, page models, search, articles, editors, checks) does not import it at all."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from support import ROOT

HOOKS = ROOT / "hooks"
ENGINE = HOOKS / "tekan/render/engine.py"
ENGINE_PACKAGES = {"mkdocs", "material", "properdocs"}
CORE = ["dataset", "pages", "search", "articles", "editors", "checks"]


def engine_imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import of an engine package, at any depth of the file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [(node.lineno, name) for name in names if name.split(".")[0] in ENGINE_PACKAGES]
    return found


def hits(paths: list[Path]) -> list[str]:
    return [f"{path.relative_to(ROOT)}:{line} {module}" for path in paths for line, module in engine_imports(path)]


def test_the_detector_sees_imports_inside_functions(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import json\ndef f():\n    import material.plugins\n    from mkdocs.utils import yaml\n", encoding="utf-8"
    )
    assert engine_imports(probe) == [(3, "material.plugins"), (4, "mkdocs.utils")]


def test_the_core_imports_no_engine():
    modules = [path for folder in CORE for path in sorted((HOOKS / "tekan" / folder).rglob("*.py"))]
    assert len(modules) > 30
    assert hits(modules) == []


def test_only_render_engine_imports_the_engine():
    found = hits(sorted(HOOKS.rglob("*.py")))
    assert found and {hit.split(":")[0] for hit in found} == {"hooks/tekan/render/engine.py"}


def test_loading_data_and_page_models_loads_no_engine():
    code = (
        "import sys; from pathlib import Path; "
        "from tekan.dataset.loader import load_site_data; from tekan.pages.specs import site_pages; "
        "from tekan.search.index import site_records; from tekan.articles.shortcodes import ArticleShortcodes; "
        "from tekan.editors.scaffold import create_entry; from tekan.checks.links import check_site; "
        f"site_pages(load_site_data(Path({str(ROOT / 'data')!r}), Path({str(ROOT)!r}))); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'mkdocs', 'material', 'properdocs'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=HOOKS, check=True)
    assert done.stdout.strip() == "[]"
