"""Shared test helpers: copy the project, build it, serve a folder over HTTP, start a browser.

Excel workbooks (export, edit a cell, add a row, the lines a write-back changed) are in workbooks.py."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("content", "data", "hooks", "overrides", "mkdocs.yml")
# Where the sub-path tests publish the site (conftest's subpath_url), as at https://example.org/tekan/.
SUB_PATH = "/tekan/"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


# A build's thumbnails and share images: named by what they were made from, so another project's are reused
# only where they fit.
DRAWN_CACHES = (".cache/thumbnails", ".cache/share")


def copy_project(destination: Path, with_data: bool = True, caches_from: Path | None = None) -> Path:
    """A throwaway copy of the project, to build or break without touching the real one.

    `caches_from`: a built project whose thumbnails and share images the copy starts with, so that its build
    draws only what its own changes need (as an editor's next build does), not the shipped entries' again."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if part == "data" and not with_data:
            continue
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / part)
    if caches_from is not None:
        for cache in DRAWN_CACHES:
            if (caches_from / cache).is_dir():
                shutil.copytree(caches_from / cache, destination / cache)
    return destination


def write_tiny_workers(project: Path, count: int, year: int = 2023) -> list[dict]:
    """`count` small model workers in data/<year>/workers/, spread over three cities (and the province),
    three industries and two awards, so that listings have something to page through and filter."""
    import yaml

    cities = ("guangzhou", "foshan", "shenzhen", None)
    workers = []
    for number in range(count):
        worker = {
            "name": f"分页测试{number:03d}",
            "unit": f"测试单位{number % 7}",
            "city": cities[number % len(cities)],
            "industry": ("制造业", "电力", "交通运输")[number % 3],
            "honours": [{"award": "全国劳动模范" if number % 5 < 2 else "广东省五一劳动奖章", "year": 2023}],
            "summary": "为检查分页而生成的测试条目。",
            "sample": True,
        }
        path = project / "data" / str(year) / "workers" / f"fenye-ceshi-{number:03d}.yml"
        path.write_text(yaml.safe_dump(worker, allow_unicode=True, sort_keys=False), encoding="utf-8")
        workers.append(worker)
    return workers


def set_tekan_settings(project: Path, **settings: object) -> None:
    """Change settings under `extra.tekan` in a copied project's mkdocs.yml, as an editor would."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for name, value in settings.items():
        text, replaced = re.subn(rf"^(    {name}:) *[^ #\n]+", rf"\g<1> {value}", text, count=1, flags=re.MULTILINE)
        assert replaced == 1, f"extra.tekan.{name} not found in mkdocs.yml"
    config.write_text(text, encoding="utf-8")


def lower_page_size(project: Path, size: int) -> None:
    """A copied project whose listings split after `size` cards."""
    set_tekan_settings(project, page_size=size)


def lower_city_threshold(project: Path, threshold: int) -> None:
    """A copied project whose groups of more than `threshold` entries are listed per city, as at a province's
    scale, without building thousands of pages."""
    set_tekan_settings(project, per_city_threshold=threshold)


def mkdocs_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.pop("TEKAN_SITE_URL", None)
    env.update(extra)
    return env


def run_mkdocs_build(
    project: Path, site_dir: Path | None = None, strict: bool = True, args: tuple[str, ...] = (), **env: str
) -> subprocess.CompletedProcess:
    """`mkdocs build` in a project folder, as an editor or CI would run it."""
    # Not --quiet: it drops warnings before --strict counts them, so the build would pass.
    command = [sys.executable, "-m", "mkdocs", "build"]
    if strict:
        command.append("--strict")
    if site_dir is not None:
        command += ["--site-dir", str(site_dir)]
    command += args
    return subprocess.run(command, cwd=project, capture_output=True, text=True, env=mkdocs_env(**env), timeout=600)


def run_script_report(project: Path, script: str, *args: str, timeout: float = 300) -> dict:
    """A Python script run in a project folder (as `mkdocs` runs there, through its API); the JSON report it
    prints on its last line. Fails the test with the end of its error output if it fails."""
    result = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=project,
        capture_output=True,
        text=True,
        env=mkdocs_env(),
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def generate_project(out: Path, entries: int, seed: int, timeout: float = 300) -> str:
    """A project with `entries` generated entries (bench/generate.py, as the benchmarks call it); its output."""
    command = [sys.executable, str(ROOT / "bench" / "generate.py"), "--entries", str(entries), "--seed", str(seed)]
    result = subprocess.run(
        [*command, "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def run_tekan(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tekan", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env=mkdocs_env(PYTHONPATH=str(ROOT / "hooks")),
        timeout=120,
    )


def tekan_cli(project: Path, *args: str) -> int:
    """`tekan <args>` run in this process on a project (capsys sees what it prints); its exit code."""
    from tekan.cli import main

    return main(["--root", str(project), *args])


def data_snapshot(project: Path) -> dict[str, bytes]:
    """Every file under a project's data/, by path: what a refusal must leave byte-identical."""
    return {
        path.relative_to(project).as_posix(): path.read_bytes()
        for path in sorted((project / "data").rglob("*"))
        if path.is_file()
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def serve_directory(directory: Path, headers: dict[str, str] | None = None, script_delay: float = 0.0):
    """Serve a built site on 127.0.0.1 over HTTP; yields the base URL ending in '/'.

    `script_delay`: seconds every script (.js) is held before it is sent, as over a phone's network; each request
    has its own thread, so scripts wait side by side, not one after another."""

    class Handler(_QuietHandler):
        def send_head(self):
            if script_delay and urllib.parse.urlsplit(self.path).path.endswith(".js"):
                time.sleep(script_delay)
            return super().send_head()

        def end_headers(self):
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            super().end_headers()

    handler = functools.partial(Handler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _fail(message: str):
    import pytest

    pytest.fail(message)


def _wait_until_answering(url: str, process: subprocess.Popen, seconds: float, failure: Callable[[], str]) -> None:
    """Until a server just started answers at url; fails the test with `failure()` if it stops or takes too long."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                _fail(failure())
            time.sleep(0.1)


@contextlib.contextmanager
def mkdocs_serve(project: Path, log: Path, args: tuple[str, ...] = ()):
    """`mkdocs serve` as an editor starts it (no --livereload flag: the default must work);
    `args=("--dirty",)` as `make serve` runs it."""
    port = free_port()
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", *args],
            cwd=project,
            env=mkdocs_env(),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_answering(
            url, process, 90, lambda: "mkdocs serve did not start:\n" + log.read_text(encoding="utf-8")
        )
        yield process, url
    finally:
        process.terminate()
        process.wait(timeout=20)


NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
_NGINX_CONF = """\
daemon off;
master_process off;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    {temp_paths}
    {gzip}
    server {{
        listen 127.0.0.1:{port};
        location {prefix} {{ alias {site}/; error_page 404 {prefix}404.html; }}
        {outside}
    }}
}}
"""
# As a static host compresses text (Lighthouse and the first-view budget count bytes as served).
_NGINX_GZIP = """gzip on;
    gzip_comp_level 6;
    gzip_min_length 256;
    gzip_types text/css application/javascript text/javascript application/json image/svg+xml text/xml;"""


def _nginx_temp_paths(work: Path) -> str:
    """Temp folders for every module this nginx was built with, so it runs without root too."""
    configure = subprocess.run([NGINX, "-V"], capture_output=True, text=True).stderr
    names = re.findall(r"--http-([a-z-]+)-temp-path=", configure) or ["client-body", "proxy"]
    return " ".join(f"{name.replace('-', '_')}_temp_path {work}/{name};" for name in names)


@contextlib.contextmanager
def nginx_serving(
    site: Path, work: Path | None = None, *, gzip: bool = True, subpath: str | None = None, port: int | None = None
):
    """Debian's nginx serving `site` on 127.0.0.1, as a static host would; yields the base URL ending in '/'.

    `subpath="/tekan/"` serves the site there only (everything else answers 404); missing pages get the site's
    404 page. `work` holds the configuration and logs (a temporary folder if None); `port` is free if None."""
    if not Path(NGINX).exists():
        _fail("nginx is missing: run `make test`, which installs Debian's nginx")
    prefix = subpath or "/"
    port = port or free_port()
    with contextlib.ExitStack() as stack:
        if work is None:
            work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="tekan-nginx-")))
        config = work / "nginx.conf"
        config.write_text(
            _NGINX_CONF.format(
                work=work,
                port=port,
                prefix=prefix,
                site=site,
                temp_paths=_nginx_temp_paths(work),
                gzip=_NGINX_GZIP if gzip else "",
                outside="location / { return 404; }" if prefix != "/" else "",
            )
        )
        process = subprocess.Popen(
            [NGINX, "-p", str(work), "-c", str(config), "-e", str(work / "error.log")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        try:
            url = f"http://127.0.0.1:{port}{prefix}"
            log = work / "error.log"
            _wait_until_answering(url, process, 10, lambda: "nginx did not start:\n" + log.read_text(errors="replace"))
            yield url
        finally:
            process.terminate()
            process.wait(timeout=10)


def serious_axe_violations(page) -> list[tuple[str, str, list]]:
    """axe-core's serious and critical violations on the open page: (rule, impact, the first three nodes)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def wait_for_log(log: Path, text: str, timeout: float = 60, start: int = 0) -> str:
    """The serve output once `text` is in it; `start`: a byte offset, to look only at what came after it
    (a server shared by several tests)."""
    deadline = time.monotonic() + timeout
    while text not in (content := log.read_bytes()[start:].decode("utf-8", errors="replace")):
        if time.monotonic() > deadline:
            _fail(f"「{text}」never appeared in the serve output:\n{content}")
        time.sleep(0.2)
    return content
