"""The `_headers` file and its Content-Security-Policy: the site satisfies it in a browser.

Inline scripts may run only by hash (those the templates wrote; see tests/builds/test_article_gate_build.py
for scripts from articles), and nothing may load from another origin.
"""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

from support import serve_directory
from tekan.checks.headers import MAX_HEADER_LINE, content_security_policy, read_headers_file
from tekan.checks.htmlscan import scan_page

PAGE_KINDS = {
    "home": "",
    "archive": "archive/",
    "issue": "2023/",
    "stats": "2023/stats/",
    "workers": "2023/workers/",
    "craftsmen": "2023/craftsmen/",
    "sites": "2023/sites/",
    "cities": "2023/cities/",
    "city": "2023/cities/guangzhou/",
    "entry": "2023/workers/li-ming/",
    "about": "about/",
    "not-found": "404.html",
}
# Sources a policy may name: keywords, hashes and data: URIs, never a host or scheme of its own.
ALLOWED_SOURCE = re.compile(r"^('self'|'none'|'wasm-unsafe-eval'|'unsafe-inline'|'sha256-[A-Za-z0-9+/]+=*'|data:)$")


def directives(policy: str) -> dict[str, list[str]]:
    return {name: sources for name, *sources in (part.split() for part in policy.split(";") if part.strip())}


@pytest.fixture(scope="module")
def site_headers(built_site) -> dict[str, str]:
    rules = read_headers_file(built_site / "_headers")
    assert list(rules) == ["/*"], "one rule for every path"
    return rules["/*"]


def test_policy_allows_nothing_from_other_origins(site_headers):
    policy = directives(site_headers["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    for name, sources in policy.items():
        for source in sources:
            assert ALLOWED_SOURCE.match(source), f"{name} {source}"
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert site_headers["X-Content-Type-Options"] == "nosniff"


def test_header_lines_fit_cloudflare_pages(built_site):
    for line in (built_site / "_headers").read_text(encoding="utf-8").splitlines():
        assert len(line) <= MAX_HEADER_LINE


def test_every_inline_script_of_the_site_is_hashed(built_site, site_headers):
    script_src = directives(site_headers["Content-Security-Policy"])["script-src"]
    inline = set()
    for page in built_site.rglob("*.html"):
        # Independent of the scanner: a plain pattern over Material's inline scripts.
        inline.update(re.findall(r"<script>(.*?)</script>", page.read_text(encoding="utf-8"), re.S))
    assert inline, "Material's base.html writes inline scripts; none found"
    for text in inline:
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in script_src, text[:60]


def test_data_blocks_and_external_scripts_are_not_hashed():
    scan = scan_page(
        '<script type="application/json">{"a":1}</script><script src="a.js"></script><script>run()</script>', "p.html"
    )
    script_src = directives(content_security_policy(scan.inline_scripts))["script-src"]
    assert len([source for source in script_src if source.startswith("'sha256-")]) == 1


@pytest.mark.browser
def test_each_page_kind_loads_under_the_policy_without_a_violation(built_site, site_headers, page):
    violations: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "(window.__violations = window.__violations || []).push(e.violatedDirective + ' ' + e.blockedURI))"
    )
    with serve_directory(built_site, headers=site_headers) as url:
        for kind, path in PAGE_KINDS.items():
            response = page.goto(url + path)
            assert response.status == 200, kind
            assert response.headers["content-security-policy"] == site_headers["Content-Security-Policy"]
            page.wait_for_load_state("load")
            # Material's hashed inline script ran, and its bundle does at the reader's first move (tekan-material.js).
            assert page.evaluate("typeof __md_scope !== 'undefined'"), kind
            page.mouse.move(10, 10)
            page.wait_for_function("() => typeof document$ !== 'undefined' && typeof component$ !== 'undefined'")
            assert page.evaluate("window.__violations || []") == [], kind
        assert violations == []
        # The policy is enforced: a script that is not hashed is refused, and reported.
        page.evaluate(
            "() => { const s = document.createElement('script');"
            " s.textContent = 'window.__injected = true'; document.body.append(s); }"
        )
        page.wait_for_function("(window.__violations || []).length > 0")
        assert page.evaluate("window.__injected === undefined")
        assert page.evaluate("window.__violations")[0].startswith("script-src")
    assert page.outside_requests == []


# Pagefind's own API, loaded from the site as the search box loads it; returns the result count.
PAGEFIND_QUERY = """async query => {
    const pagefind = await import(new URL("pagefind/pagefind.js", document.baseURI).href);
    return (await pagefind.search(query)).results.length;
}"""


@pytest.mark.browser
def test_search_index_runs_under_the_policy(built_site, site_headers, page):
    """Pagefind reads its index with WebAssembly, which the policy allows by 'wasm-unsafe-eval'."""
    if not (built_site / "pagefind/pagefind.js").is_file():
        pytest.skip("this build has no Pagefind index yet (pagefind/ is added by the search work)")
    violations: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    with serve_directory(built_site, headers=site_headers) as url:
        page.goto(url)
        assert page.evaluate(PAGEFIND_QUERY, "劳模") > 0
    assert violations == []
    assert page.outside_requests == []
