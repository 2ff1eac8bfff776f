"""`make serve` (mkdocs serve --dirty): after a save, only the pages it changed are rendered again,
and the preview is exactly what a clean build of the edited data gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import copy_project, run_script_report

# Runs in the project folder: the first serve build, a change to one data file (argv: the file, then the text
# to replace and its replacement; the file alone: it is deleted), the rebuild serve does after a save (new
# config, same process), then a clean build of the changed data for comparison.
SERVE_AND_CHANGE = r"""
import json, pathlib, re, sys, tempfile
from mkdocs.commands.build import build
from mkdocs.config import load_config

serve_url = "http://127.0.0.1:8000/"
preview, clean = tempfile.mkdtemp(), tempfile.mkdtemp()

def config(site_dir):
    loaded = load_config("mkdocs.yml", site_dir=site_dir)
    loaded.site_url = serve_url
    return loaded

def files(site):
    # Every file; for pages, when it was written (Pagefind's files may still be on their way: not stat'ed).
    found = {}
    for path in pathlib.Path(site).rglob("*"):
        name = str(path.relative_to(site))
        if name.endswith(".html"):
            found[name] = path.stat().st_mtime_ns
        elif path.is_file():
            found[name] = None
    return found

def cached():
    return sorted(str(p) for p in pathlib.Path(".cache").glob("*/*") if p.parent.name in ("share", "thumbnails"))

first = config(preview)
first.plugins.on_startup(command="serve", dirty=True)
build(first, serve_url=serve_url, dirty=True)
before = files(preview)
cached_first = cached()
target = pathlib.Path(sys.argv[1])
if len(sys.argv) > 2:
    target.write_text(target.read_text(encoding="utf-8").replace(sys.argv[2], sys.argv[3]), encoding="utf-8")
else:
    target.unlink()
build(config(preview), serve_url=serve_url, dirty=True)
after = files(preview)
cached_rebuilt = cached()
again = config(clean)
again.plugins.on_startup(command="build", dirty=False)
build(again, serve_url=serve_url)
cleanly = files(clean)
# The preview adds one thing a published page never has: the error panel's script (render/admin.py).
PANEL = re.compile(r'<script src="[./]*assets/javascripts/preview-errors\.js" defer></script>(?=</body>)')
def served(name):
    text = pathlib.Path(preview, name).read_text(encoding="utf-8")
    assert name == "404.html" or PANEL.search(text), name + " lacks the preview's error panel"
    return PANEL.sub("", text)
pages = [name for name in after if name.endswith(".html")]
print(json.dumps({
    "before": sorted(before),
    "pages": len(pages),
    "rendered_again": sorted(name for name in pages if after[name] != before.get(name)),
    "differ_from_clean_build": [
        name for name in pages
        if name in cleanly and served(name) != pathlib.Path(clean, name).read_text(encoding="utf-8")
    ],
    "left_over": sorted(set(after) - set(cleanly)),
    "missing": sorted(set(cleanly) - set(after)),
    "preview": preview,
    # The cached share images and thumbnails after the first serve build, the save's rebuild and the clean build.
    "cached": [cached_first, cached_rebuilt, cached()],
    "stubs": sorted(str(p.relative_to(".cache/tekan/pages")) for p in pathlib.Path(".cache/tekan/pages").rglob("*.md")),
}))
"""


def serve_and_change(project: Path, target: Path, *replace: str) -> dict:
    """SERVE_AND_CHANGE run in a copied project; what it found. `replace`: (old, new) text, or () to delete."""
    return run_script_report(project, SERVE_AND_CHANGE, str(target), *replace)


@pytest.fixture(scope="module")
def edited(tmp_path_factory, built_site):
    # With the session build's drawn images, as `make serve` starts after an earlier build.
    project = copy_project(tmp_path_factory.mktemp("serve"), caches_from=built_site.parent)
    target = project / "data" / "2023" / "workers" / "li-ming.yml"
    old = "扎根数控加工一线二十年"
    assert old in target.read_text(encoding="utf-8")
    return serve_and_change(project, target, old, "预览里立刻可见的新简介")


def test_the_preview_after_a_save_equals_a_clean_build(edited):
    assert [name for name in edited["missing"] if name.endswith(".html")] == []
    assert [name for name in edited["left_over"] if name.endswith(".html")] == []
    assert edited["differ_from_clean_build"] == []
    page = Path(edited["preview"], "2023", "workers", "li-ming", "index.html").read_text(encoding="utf-8")
    assert "预览里立刻可见的新简介" in page


def test_a_save_renders_again_only_the_pages_it_changed(edited):
    again = edited["rendered_again"]
    assert "2023/workers/li-ming/index.html" in again
    assert "2023/workers/chen-jing/index.html" not in again, "an unrelated entry was rendered again"
    assert len(again) < edited["pages"] / 2, again


def test_after_a_save_the_link_check_reads_and_checks_only_the_pages_written_again(tmp_path):
    from tekan.checks import htmlscan
    from tekan.render.dirty_serve import ServeSession

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<a href="../b.html">b</a>', encoding="utf-8")
    (tmp_path / "b.html").write_text('<p id="top">b</p>', encoding="utf-8")
    rebuild = ServeSession("serve", True)
    first = rebuild.scan_site(tmp_path)
    assert rebuild.pages_to_check() is None, "the first build of a serve checks every page"
    (tmp_path / "b.html").write_text('<p id="top2">changed</p>', encoding="utf-8")
    again = rebuild.scan_site(tmp_path)
    assert rebuild.pages_to_check() == {"b.html"}
    plain = ServeSession("build", False)
    plain.scan_site(tmp_path)
    assert plain.pages_to_check() is None
    assert again == htmlscan.scan_site(tmp_path)
    assert again["a/index.html"] is first["a/index.html"]
    assert again["b.html"].anchors == {"top2"}


def test_checking_some_pages_reports_only_their_links_but_resolves_against_the_whole_site(tmp_path):
    from tekan.checks.links import check_site

    (tmp_path / "a.html").write_text('<a href="b.html#top">b</a><a href="gone.html">x</a>', encoding="utf-8")
    (tmp_path / "b.html").write_text('<p id="top"></p><a href="gone-too.html">y</a>', encoding="utf-8")
    report = check_site(tmp_path, only={"a.html"})
    assert [(link.page, link.url) for link in report.broken] == [("a.html", "gone.html")]
    assert {link.url for link in check_site(tmp_path).broken} == {"gone.html", "gone-too.html"}


def test_work_left_running_by_a_serve_rebuild_is_finished_before_the_next_and_awaited_otherwise():
    import threading

    from tekan.render.dirty_serve import ServeSession

    done = []
    started = threading.Event()
    release = threading.Event()

    def slow():
        started.set()
        release.wait(10)
        done.append("search index")

    build = ServeSession("build", False)
    build.in_background(lambda: done.append("now"), "索引")
    build.finish_background(wait_in_serve=False)
    assert done == ["now"], "outside `serve --dirty` the build waits for the work before it ends"
    rebuild = ServeSession("serve", True)
    try:
        rebuild.in_background(slow, "索引")
        started.wait(10)
        rebuild.finish_background(wait_in_serve=False)
        assert done == ["now"], "in `serve --dirty` the build does not wait for it"
        release.set()
        rebuild.finish_background()
        assert done == ["now", "search index"]
    finally:
        release.set()
        rebuild.finish_background()


def test_a_build_fails_with_the_error_of_its_background_work():
    from tekan.render.dirty_serve import ServeSession

    def broken():
        raise RuntimeError("索引坏了")

    rebuild = ServeSession("build", False)
    rebuild.in_background(broken, "索引")
    with pytest.raises(RuntimeError, match="索引坏了"):
        rebuild.finish_background(wait_in_serve=False)
    rebuild.finish_background()  # nothing left to wait for


def test_a_deleted_entry_leaves_the_preview_at_the_next_rebuild(tmp_path, built_site):
    project = copy_project(tmp_path / "project", caches_from=built_site.parent)
    entry = project / "data" / "2023" / "sites" / "shili-liaoxiuyang-jidi.yml"  # a site with a photo, in no article
    outcome = serve_and_change(project, entry)
    assert "2023/sites/shili-liaoxiuyang-jidi/index.html" in outcome["before"]
    # Its page and its photo's thumbnails are gone; the preview holds exactly what a clean build holds,
    # besides Pagefind's superseded chunks (named by content, referenced by no index once replaced)
    # and the preview's own error panel (only `serve` writes it).
    serve_only = ("pagefind/", "assets/javascripts/preview-errors.", "preview-errors.")
    assert [name for name in outcome["left_over"] if not name.startswith(serve_only)] == []
    # Pagefind's index is written in the background under serve, and may still be on its way.
    assert [name for name in outcome["missing"] if not name.startswith("pagefind/")] == []
    # (Whether each page equals the clean build's is test_the_preview_after_a_save_equals_a_clean_build's concern.)
    assert "2023/sites/shili-liaoxiuyang-jidi.md" not in outcome["stubs"]
    # Its share images and thumbnails stay cached through the save's partial rebuild (an undo finds them),
    # and the next full build removes them, and only them.
    first, rebuilt, clean = (set(listing) for listing in outcome["cached"])
    assert rebuilt == first
    gone = first - clean
    assert {name.split("/")[1] for name in gone} == {"share", "thumbnails"}
    assert len(gone) == 5 and clean == first - gone  # its card and square; its photo's three thumbnails
