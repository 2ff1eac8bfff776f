"""What the article gate costs: each article of content/ rendered as the build renders it, then sanitised
(nh3) and read for refusals (Lexbor), timed per page; and `tekan check`'s article step as a whole.

    python bench/article_gate.py [--root .] [--repeat 200]
"""

from __future__ import annotations

import argparse
import sys
import time
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

from tekan.articles.gate import ArticleGate, check_articles, render_articles
from tekan.articles.safety import find_disallowed, sanitise_html
from tekan.dataset.loader import load_site_data


def _per_call(function, html: str, repeat: int) -> float:
    return min(timeit.repeat(lambda: function(html), number=repeat, repeat=3)) / repeat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    root = args.root.resolve()
    site = load_site_data(root / "data", root)
    started = time.perf_counter()
    check_articles(root, site)
    print(f"tekan check, article step (mkdocs.yml, theme, every article): {time.perf_counter() - started:.2f} s")
    pages = {page.file.src_uri: html for page, html in render_articles(root, site, ArticleGate())}
    print(f"{'page':32} {'chars':>7} {'nh3 ms':>7} {'lexbor ms':>9}")
    for src_uri, html in pages.items():
        sanitise = _per_call(sanitise_html, html, args.repeat)
        scan = _per_call(find_disallowed, html, args.repeat)
        print(f"{src_uri:32} {len(html):7} {sanitise * 1000:7.2f} {scan * 1000:9.2f}")


if __name__ == "__main__":
    main()
