"""Prints the browser editor's size: the whole bundle (tools/cms/dist, built by `make cms`) and what
Chromium downloads to open /admin/ and its new-entry form, raw and gzip-compressed.

    .venv/bin/python bench/cms_bundle.py
"""

from __future__ import annotations

import gzip
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "hooks")]

from support import CHROMIUM, CHROMIUM_ARGS, serve_directory  # noqa: E402
from tekan.editors.cms import backend_config  # noqa: E402

DIST = ROOT / "tools/cms/dist"


def sizes(paths) -> tuple[int, int]:
    raw = packed = 0
    for path in paths:
        data = path.read_bytes()
        raw += len(data)
        packed += len(gzip.compress(data, 9))
    return raw, packed


def main() -> None:
    files = [p for p in DIST.rglob("*") if p.is_file()]
    raw, packed = sizes(files)
    print(f"bundle: {len(files)} files, {raw / 1e6:.1f} MB raw, {packed / 1e6:.1f} MB gzip")
    with tempfile.TemporaryDirectory() as folder:
        admin = Path(folder) / "admin"
        shutil.copytree(DIST, admin)
        for name in ("config.yml", "formats.json"):
            shutil.copy(ROOT / "schemas/cms" / name, admin / name)
        (admin / "backend.yml").write_text(backend_config(None), encoding="utf-8")
        from playwright.sync_api import sync_playwright

        loaded: set[str] = set()
        with serve_directory(Path(folder)) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.on("response", lambda response: loaded.add(response.url))
            page.goto(url + "admin/")
            page.get_by_role("button", name="使用本地仓库").wait_for()
            page.wait_for_load_state("networkidle")
            browser.close()
        paths = [Path(folder) / u.removeprefix(url) for u in loaded if u.startswith(url)]
        paths = [p / "index.html" if p.is_dir() else p for p in paths]
        raw, packed = sizes(p for p in paths if p.is_file())
        print(f"opening /admin/: {len(paths)} files, {raw / 1e6:.2f} MB raw, {packed / 1e6:.2f} MB gzip")


if __name__ == "__main__":
    main()
