"""The browser editor never shows an editor an English string: Sveltia's zh-CN translation plus
tools/cms/src/zh-CN-extra.json (merged into the bundle by tools/cms/vite.config.js) covers every string of its
English one, except the configuration errors, which only a broken generated config.yml could show."""

from __future__ import annotations

import json

import pytest

from support import ROOT

LOCALES = ROOT / "tools/cms/node_modules/@sveltia/cms/locales"
EXTRA = ROOT / "tools/cms/src/zh-CN-extra.json"


def flat(tree: dict, prefix: str = "") -> dict[str, str]:
    out = {}
    for key, value in tree.items():
        name = f"{prefix}.{key}" if prefix else key
        out.update(flat(value, name) if isinstance(value, dict) else {name: value})
    return out


@pytest.fixture(scope="module")
def strings():
    if not LOCALES.is_dir():
        pytest.fail("tools/cms/node_modules is missing: run `make cms` (make test does)")

    def load(path):
        return flat(json.loads(path.read_text(encoding="utf-8")))

    return load(LOCALES / "en-US.json"), load(LOCALES / "zh-CN.json"), load(EXTRA)


def test_every_string_an_editor_can_meet_is_in_chinese(strings):
    english, chinese, extra = strings
    merged = {**extra, **chinese}
    missing = [k for k in english if k not in merged and not k.startswith(("config.", "_"))]
    assert missing == []
    assert all(any("\u4e00" <= c <= "\u9fff" for c in merged[k]) for k in extra)


def test_the_additions_are_all_still_used(strings):
    english, chinese, extra = strings
    assert [k for k in extra if k not in english] == []
    assert [k for k in extra if k in chinese] == [], "Sveltia translates these now: remove them from zh-CN-extra.json"
