"""The `_headers` file that Netlify and Cloudflare Pages read: security headers for every path.

The Content-Security-Policy lets scripts run only from the site's own files, plus the inline
scripts the templates wrote (Material's `base.html` has a few), each allowed by its hash. Those
are collected from pages made from templates only, never from what an article holds (see
tekan/articles/gate.py): a script that came from content/ can never be allowed. Nothing loads
from another origin.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from pathlib import Path

HEADERS_FILE = "_headers"
# Cloudflare Pages ignores header lines longer than this.
MAX_HEADER_LINE = 2000


def script_hash(text: str) -> str:
    """The CSP source that allows exactly this inline script."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(theme_scripts: Iterable[str]) -> str:
    hashes = sorted({script_hash(text) for text in theme_scripts})
    directives = {
        "default-src": ["'self'"],
        # Pagefind runs its search index as WebAssembly, which CSP counts as eval.
        "script-src": ["'self'", "'wasm-unsafe-eval'", *hashes],
        # Style attributes carry layout values only; the risk CSP guards against is script.
        "style-src": ["'self'", "'unsafe-inline'"],
        # Material draws its icons from data: URIs in its stylesheet.
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def site_headers(theme_scripts: Iterable[str]) -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(theme_scripts),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
    }


def write_headers_file(
    site_dir: Path, theme_scripts: Iterable[str], more: dict[str, dict[str, str]] | None = None
) -> Path:
    """`more`: rules for parts of the site with headers of their own (/admin/*), after the site's."""
    lines = ["# 由 Tekan 在生成网站时写出（Netlify、Cloudflare Pages 读取），请勿手改。", "/*"]
    lines += [f"  {name}: {value}" for name, value in site_headers(theme_scripts).items()]
    for pattern, headers in (more or {}).items():
        lines.append(pattern)
        # `! Name` (Cloudflare Pages) detaches a header an earlier rule set
        lines += [f"  {name}" if name.startswith("!") else f"  {name}: {value}" for name, value in headers.items()]
    path = site_dir / HEADERS_FILE
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_headers_file(path: Path) -> dict[str, dict[str, str]]:
    """The rules of a `_headers` file: path pattern -> header name -> value."""
    rules: dict[str, dict[str, str]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            current = rules.setdefault(line.strip(), {})
        elif current is not None:
            name, _, value = line.strip().partition(":")
            current[name.strip()] = value.strip()
    return rules
