"""The `_headers` file that Netlify and Cloudflare Pages read: security headers for every path.

The Content-Security-Policy lets scripts run only from the site's own files, plus the inline
scripts the build itself wrote (Material's `base.html` has a few), each allowed by its hash,
computed from the built HTML so that it always matches. Nothing loads from another origin.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from tekan.checks.htmlscan import PageScan

HEADERS_FILE = "_headers"
# Cloudflare Pages ignores header lines longer than this.
MAX_HEADER_LINE = 2000


def script_hash(text: str) -> str:
    """The CSP source that allows exactly this inline script."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(scans: dict[str, PageScan]) -> str:
    hashes = sorted({script_hash(text) for scan in scans.values() for text in scan.inline_scripts})
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


def site_headers(scans: dict[str, PageScan]) -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(scans),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
    }


def write_headers_file(site_dir: Path, scans: dict[str, PageScan]) -> Path:
    lines = ["# 由 Tekan 在生成网站时写出（Netlify、Cloudflare Pages 读取），请勿手改。", "/*"]
    lines += [f"  {name}: {value}" for name, value in site_headers(scans).items()]
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
