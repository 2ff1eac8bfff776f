"""Our own stylesheets and scripts, minified in the built site.

The sources in content/assets/ stay readable and commented; what readers download is minified, because
the stylesheets block the first paint and every byte of them is on a phone's first view. Material's own
files come minified already. rcssmin and rjsmin only remove comments and white space; they never rename
or reorder, so what runs is what was written.
"""

from __future__ import annotations

from pathlib import Path

import rcssmin
import rjsmin

# Folders of content/ whose .css and .js files are ours (docs_dir-relative, as in the built site).
OWN_ASSETS = ("assets/stylesheets", "assets/javascripts")
_MINIFIERS = {".css": rcssmin.cssmin, ".js": rjsmin.jsmin}


def minify_own_assets(docs_dir: Path, site_dir: Path) -> int:
    """Minify, in site_dir, each .css and .js file that content/ ships in OWN_ASSETS; returns bytes saved."""
    saved = 0
    for folder in OWN_ASSETS:
        for source in sorted((docs_dir / folder).glob("*")):
            minify = _MINIFIERS.get(source.suffix)
            built = site_dir / folder / source.name
            if minify is None or not built.is_file():
                continue
            text = source.read_text(encoding="utf-8")
            small = minify(text)
            built.write_text(small, encoding="utf-8")
            saved += len(text.encode("utf-8")) - len(small.encode("utf-8"))
    return saved
