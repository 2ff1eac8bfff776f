"""The browser editor's forms (schemas/cms/) are generated from the schemas and the reference data, and current."""

from __future__ import annotations

import re

import yaml

from support import ROOT
from tekan.dataset.loader import load_reference_data
from tekan.editors.cms import CMS_FOLDER, admin_files, admin_headers, backend_config, render_cms_files
from tekan.settings import CmsSettings, read_settings


def config() -> dict:
    return yaml.safe_load((ROOT / CMS_FOLDER / "config.yml").read_text(encoding="utf-8"))


def collection(name: str) -> dict:
    return next(c for c in config()["collections"] if c["name"] == name)


def field(fields: list[dict], name: str) -> dict:
    return next(f for f in fields if f["name"] == name)


def test_cms_files_are_current():
    generated = render_cms_files(ROOT / "data", ROOT)
    stale = [n for n, t in generated.items() if (ROOT / CMS_FOLDER / n).read_text(encoding="utf-8") != t]
    assert not stale, f"schemas/cms/ 已过期：{stale}；请运行 tekan schemas 并提交 schemas/。"


def test_one_collection_per_data_folder_and_the_issue_and_its_figures_as_files():
    names = [c["name"] for c in config()["collections"]]
    assert names == [
        "workers-2023",
        "craftsmen-2023",
        "sites-2023",
        "site-lists-2023",
        "issue-2023",
        "stats-2023",
    ]
    workers = collection("workers-2023")
    assert (workers["label"], workers["folder"], workers["format"]) == (
        "劳动模范（2023）",
        "data/2023/workers",
        "tekan-workers",
    )
    assert collection("craftsmen-2023")["label"] == "南粤工匠（2023）"
    assert collection("sites-2023")["label"] == "职工服务阵地（2023）"
    assert collection("issue-2023")["files"][0]["file"] == "data/2023/issue.yml"
    assert collection("stats-2023")["label"] == "数说（2023）"


def test_the_forms_offer_the_reference_data_and_say_what_is_wrong_in_chinese():
    cities, awards, kinds, issues = load_reference_data(ROOT / "data", ROOT)
    fields = collection("workers-2023")["fields"]
    city = field(fields, "city")
    assert city["widget"] == "select" and [o["value"] for o in city["options"]] == [c.short for c in cities]
    honours = field(fields, "honours")
    award = field(honours["fields"], "award")
    assert [o["value"] for o in award["options"]] == [a.name for a in awards]
    assert field(honours["fields"], "year")["value_type"] == "int"
    section = field(fields, "section")
    assert [(o["value"], o["label"]) for o in section["options"]] == [(s.id, s.title) for s in issues[2023].sections]
    assert [o["value"] for o in field(collection("sites-2023")["fields"], "kind")["options"]] == [k.name for k in kinds]
    assert field(fields, "name") == {
        "name": "name",
        "label": "姓名或集体名称",
        "hint": "姓名或集体名称",
        "required": True,
        "widget": "string",
    }
    assert field(fields, "post")["required"] is False
    assert field(fields, "story")["widget"] == "markdown"
    assert field(fields, "photo")["widget"] == "image"
    assert collection("workers-2023")["media_folder"] == "/data/2023/photos"
    assert field(fields, "sample")["widget"] == "boolean"
    url = field(field(fields, "links")["fields"], "url")
    assert url["pattern"][1] == "网址须以 http:// 或 https:// 开头，且不含空格和引号"
    slug = collection("workers-2023")["slug"]
    assert re.fullmatch(slug["pattern"][0], "wang-xiao-hong") and not re.fullmatch(slug["pattern"][0], "王小红")
    assert slug["pattern"][1] == "文件名只能用小写拼音、数字和连字符，如 wang-xiao-hong"


def test_the_git_host_is_a_setting_of_the_site():
    assert yaml.safe_load(backend_config(None)) == {
        "backend": {"name": "gitlab", "repo": "example/tekan", "branch": "main"}
    }
    backend = {"name": "gitea", "repo": "union/tekan", "base_url": "https://git.example.cn"}
    assert yaml.safe_load(backend_config(CmsSettings(backend=backend))) == {"backend": backend}


def test_admin_is_the_built_bundle_with_its_configuration(tmp_path):
    assert admin_files(tmp_path, None) == []  # not built: the caller says how to build it
    bundle = tmp_path / "tools/cms/dist"
    (bundle / "assets").mkdir(parents=True)
    (bundle / "index.html").write_text("<!doctype html>", encoding="utf-8")
    (bundle / "assets/app.js").write_text("", encoding="utf-8")
    uris = [f.uri for f in admin_files(tmp_path, CmsSettings())]
    assert uris == [
        "admin/assets/app.js",
        "admin/index.html",
        "admin/config.yml",
        "admin/formats.json",
        "admin/backend.yml",
    ]


def test_admin_may_talk_to_its_git_host_only():
    def connect(backend):
        policy = admin_headers(CmsSettings(backend=backend))["Content-Security-Policy"]
        return next(d for d in policy.split("; ") if d.startswith("connect-src"))

    assert connect({"name": "gitlab", "repo": "a/b"}) == "connect-src 'self' blob: data: https://gitlab.com"
    assert connect({"name": "gitlab", "repo": "a/b", "base_url": "https://git.gdftu.cn/"}) == (
        "connect-src 'self' blob: data: https://git.gdftu.cn"
    )
    assert connect({"name": "gitea", "repo": "a/b", "base_url": "https://gitea.example.cn"}) == (
        "connect-src 'self' blob: data: https://gitea.example.cn"
    )
    # GitHub's base_url is an OAuth client; the API stays api.github.com.
    assert connect({"name": "github", "repo": "a/b", "base_url": "https://auth.example.cn"}) == (
        "connect-src 'self' blob: data: https://api.github.com https://auth.example.cn"
    )


def test_the_cms_settings_are_checked_like_the_others(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "extra:\n  tekan:\n    cms:\n      publish: yes\n      backend:\n        name: bitbucket\n        repo: a/b\n",
        encoding="utf-8",
    )
    import pytest

    from tekan.errors import DataErrors

    with pytest.raises(DataErrors) as raised:
        read_settings({"cms": {"publish": "yes", "backend": {"name": "bitbucket", "repo": "a/b"}}}, config)
    assert [str(e) for e in raised.value.errors] == [
        "mkdocs.yml:4:16 extra.tekan.cms.publish：应为 true 或 false，实际为「yes」。",
        "mkdocs.yml:6:9 extra.tekan.cms.backend：name 应为 gitlab、gitea、github 之一，实际为「bitbucket」。",
    ]
    settings = read_settings({"cms": {"publish": True, "backend": {"name": "gitea", "repo": "u/t"}}})
    assert settings.cms == CmsSettings(publish=True, backend={"name": "gitea", "repo": "u/t"})
    assert read_settings(None).cms == CmsSettings()
