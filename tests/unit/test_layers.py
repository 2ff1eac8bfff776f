"""The layers of the tekan package import downwards only: the data layer and the shared markup know nothing
of the pages, rendering, articles, editors' commands or checks that are built on them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from support import ROOT

PACKAGE = ROOT / "hooks" / "tekan"
UPPER_LAYERS = ("tekan.pages", "tekan.render", "tekan.articles", "tekan.editors", "tekan.checks", "tekan.search")


def imported_modules(path: Path, root: Path) -> list[tuple[int, str]]:
    """Every module a file under root (the folder holding the tekan package) imports, at its top or inside a
    function, with the line; relative imports resolved."""
    package = ".".join(path.relative_to(root).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            found += [(node.lineno, module)]
            if node.module is None:  # `from . import x`: x is a module of the package
                found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def upward_imports(package: Path, folder: str, forbidden: tuple[str, ...]) -> list[str]:
    """Each import in package/folder of a module in (or below) one of the forbidden ones, as file:line."""
    return [
        f"{path.relative_to(package.parent).as_posix()}:{line} imports {module}"
        for path in sorted((package / folder).rglob("*.py"))
        for line, module in sorted(imported_modules(path, package.parent))
        if any(module == name or module.startswith(name + ".") for name in forbidden)
    ]


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        ("dataset", UPPER_LAYERS),
        ("markup", (*UPPER_LAYERS, "tekan.dataset")),
    ],
)
def test_a_lower_layer_imports_nothing_from_the_layers_above(folder, forbidden):
    assert (PACKAGE / folder / "__init__.py").is_file()
    assert upward_imports(PACKAGE, folder, forbidden) == []


def test_the_import_walk_sees_every_kind_of_import(tmp_path):
    """The walk itself: a module-level, a function-level and a relative import of an upper layer are all found."""
    fake = tmp_path / "tekan"
    (fake / "dataset").mkdir(parents=True)
    (fake / "dataset" / "__init__.py").write_text("")
    (fake / "dataset" / "loader.py").write_text(
        "import tekan.render.engine\n"
        "from tekan.errors import quote\n"
        "def f():\n"
        "    from tekan.pages.views import entry_view\n"
        "from ..articles import safety\n"
        "from tekan.pagesx import y\n"
    )
    assert upward_imports(fake, "dataset", UPPER_LAYERS) == [
        "tekan/dataset/loader.py:1 imports tekan.render.engine",
        "tekan/dataset/loader.py:4 imports tekan.pages.views",
        "tekan/dataset/loader.py:5 imports tekan.articles",
    ]
