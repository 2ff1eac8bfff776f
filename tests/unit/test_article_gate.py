"""The article gate without a build: front matter schema, sanitiser and refusals, CSP sources, content files."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest

from tekan.articles.frontmatter import check_front_matter
from tekan.articles.gate import ArticleGate, render_articles, unsafe_content_file
from tekan.articles.safety import REFUSAL_HINT, check_page_html, escape_page_meta, find_disallowed, sanitise_html
from tekan.checks.headers import content_security_policy, script_hash
from tekan.checks.htmlscan import PageScan

# Front matter ------------------------------------------------------------------------


def errors_of(text: str) -> list[str]:
    return [str(error) for error in check_front_matter(text, "content/2023/a.md").errors]


def test_the_keys_articles_use_are_checked_and_typed():
    checked = check_front_matter(
        "---\ntitle: 思想引领\ndescription: 一句话\nyear: 2023\ndate: 2023-11-30\nsource: 《广东工人报》\n"
        "hide:\n  - toc\n---\n\n# 思想引领\n",
        "content/2023/a.md",
    )
    assert checked.errors == []
    assert checked.for_theme() == {
        "title": "思想引领",
        "description": "一句话",
        "year": 2023,
        "date": datetime.date(2023, 11, 30),
        "source": "《广东工人报》",
        "hide": ["toc"],
    }


def test_an_article_without_front_matter_passes():
    assert errors_of("# 关于本站\n\n正文：冒号在这里不是设置。\n") == []


def test_an_unknown_key_names_the_nearest_valid_one():
    assert errors_of("---\ntitle: 标题\ndescriptoin: 说明\n---\n\n# 标题\n") == [
        "content/2023/a.md:3:1 descriptoin：文章开头没有「descriptoin」这一项（是否为「description」？）；"
        "可用的有 title、description、hide、year、date、source、editors_only。"
    ]


@pytest.mark.parametrize("key", ["template", "icon", "status", "subtitle", "author", "search", "tags"])
def test_a_theme_developer_key_is_refused(key):
    assert errors_of(f"---\ntitle: 标题\n{key}: x\n---\n\n# 标题\n") == [
        f"content/2023/a.md:3:1 {key}：「{key}」只能由网站开发者设置，文章里不能用；请删除这一行"
        "（文章开头可用的有 title、description、hide、year、date、source、editors_only）。"
    ]


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        ("description:\n  - 一\n  - 二", "content/2023/a.md:3:3 description：应为一段文字，实际为一个列表。"),
        ("title: true", "content/2023/a.md:2:8 title：应为文字，实际为 true；如需写 true/false 字样，请加引号。"),
        ("hide: toc", "content/2023/a.md:2:7 hide：应为列表（每项一行，以「- 」开头），实际为「toc」。"),
        (
            "hide:\n  - sidebar",
            "content/2023/a.md:3:5 hide[0]：应为以下之一：navigation、toc、footer、path，实际为「sidebar」。",
        ),
        ("year: 23", "content/2023/a.md:2:7 year：应为四位年份（如 2023），实际为「23」。"),
        ("date: 2023年11月", "content/2023/a.md:2:7 date：应为日期，写作 2023-11-30，实际为「2023年11月」。"),
        ("title: |\n  两行\n  标题", "content/2023/a.md:2:8 title：应为一行文字；请把换行去掉。"),
        ('title: ""', "content/2023/a.md:2:8 title：不能为空；不需要时请删除这一行。"),
    ],
)
def test_a_wrong_type_is_one_line_with_the_field(yaml_text, expected):
    assert errors_of(f"---\n{yaml_text}\n---\n\n# 标题\n") == [expected]


def test_broken_front_matter_is_an_error_not_text():
    [error] = errors_of("---\ntitle: [标题\n---\n\n# 标题\n")
    assert error.startswith("content/2023/a.md:") and "方括号" in error


def test_front_matter_that_is_not_a_mapping_is_an_error():
    assert errors_of("---\n- 标题\n---\n\n# 标题\n") == [
        "content/2023/a.md:2:1 文章开头两条「---」之间应是「字段: 值」，每行一个（如 title: 标题），"
        "实际为「['标题']」；请改正。"
    ]


def test_an_unclosed_front_matter_is_an_error():
    [error] = errors_of("---\ntitle: 标题\n\n# 标题\n")
    assert error.startswith("content/2023/a.md:1:1 文章开头的「---」没有配对的结束行")


def test_a_first_line_mkdocs_would_read_as_a_setting_is_an_error():
    # Without --- MkDocs reads `key: value` lines at the top as settings (MultiMarkdown style).
    [error] = errors_of("subtitle: <script>alert(1)</script>\n\n# 标题\n")
    assert error.startswith(
        "content/2023/a.md:1:1 subtitle：第一行「subtitle: <script>alert(1)</script>」会被当成页面设置"
    )


def test_checked_values_are_escaped_before_the_theme_prints_them():
    meta = check_front_matter(
        '---\ntitle: "</title><script>x</script>"\ndescription: "\\"><b>"\nsource: "<i>报</i>"\n---\n', "a.md"
    ).for_theme()
    escape_page_meta(meta, meta["title"])
    assert meta == {
        "title": "&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;",
        "description": "&#34;&gt;&lt;b&gt;",
        "source": "&lt;i&gt;报&lt;/i&gt;",
    }


def test_the_gate_hands_the_theme_only_checked_values():
    page = SimpleNamespace(
        meta={"subtitle": "<script>", "title": "x"},
        file=SimpleNamespace(src_uri="a.md", content_string="---\ntitle: 标题\nsubtitle: <script>\n---\n"),
    )
    gate = ArticleGate()
    gate.read_front_matter(page)
    assert page.meta == {"title": "标题"}  # what the theme may print raw never reaches it
    assert [e.field for e in gate.take_errors()] == ["subtitle"]


# HTML ------------------------------------------------------------------------------------

REFUSED = [
    ("<script>alert(1)</script>", "不能使用 <script> 标签"),
    ('<img src="x" onerror="alert(1)">', "不能使用 onerror 属性（它会执行脚本）"),
    ('<a href="javascript:alert(1)">点我</a>', "链接不能以「javascript:」开头，只能用 http、https、mailto 或 tel"),
    ('<a href="JaVaScRiPt:alert(1)">点我</a>', "链接不能以「javascript:」开头，只能用 http、https、mailto 或 tel"),
    (
        '<a href="jav&#x09;ascript:alert(1)">点我</a>',
        "链接不能以「javascript:」开头，只能用 http、https、mailto 或 tel",
    ),
    ('<iframe src="https://example.org"></iframe>', "不能使用 <iframe> 标签"),
    ('<div style="background:url(javascript:x)">x</div>', "style 属性里不能引用外部地址或表达式"),
    (
        '<svg><a xlink:href="data:text/html,x"><text>x</text></a></svg>',
        "链接不能以「data:」开头，只能用 http、https、mailto 或 tel",
    ),
    ("<!--><img src=x onerror=alert(1)>-->", "不能使用 onerror 属性（它会执行脚本）"),
    ("<p><![CDATA[><img src=x onerror=alert(1)>]]></p>", "不能使用 onerror 属性（它会执行脚本）"),
    ('<svg><animate attributeName="href" to="javascript:alert(1)"/></svg>', "不能使用 <animate> 标签"),
    ('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', "不能使用 <iframe> 标签"),
    ('<div id="__config">{}</div>', "id「__config」以 __ 开头，这是网站主题保留的名称"),
]


@pytest.mark.parametrize(("html", "what"), REFUSED)
def test_script_is_refused_with_its_line(html, what):
    source = f"---\ntitle: 标题\n---\n\n# 标题\n\n正文\n\n{html}\n"
    checked = check_page_html(html, source, "content/a.md")
    assert [str(e) for e in checked.errors] == [f"content/a.md:9 {what}；{REFUSAL_HINT}"]
    published = checked.html.lower()
    assert "<script" not in published and "onerror" not in published and "javascript:" not in published
    assert "<iframe" not in published and "<noembed" not in published and "<animate" not in published


def test_a_raw_text_element_and_what_the_browser_reads_after_it_are_both_named():
    # Browsers end <noembed> at the first </noembed>, inside the attribute: the <img> after it is real.
    html = '<noembed><img title="</noembed><img src=x onerror=alert(1)>"></noembed>'
    checked = check_page_html(html, html, "content/a.md")
    assert [str(e) for e in checked.errors] == [
        f"content/a.md:1 不能使用 <noembed> 标签；{REFUSAL_HINT}",
        f"content/a.md:1 不能使用 onerror 属性（它会执行脚本）；{REFUSAL_HINT}",
    ]
    assert checked.html == '<img src="x">"&gt;'  # the image stays, without its handler


def test_harmless_leftovers_are_removed_and_named():
    checked = check_page_html(
        '<p style="color:red" align="center">红<font color="red">字</font></p>', "正文\n<font>", "content/a.md"
    )
    assert checked.errors == []
    assert checked.html == "<p>红字</p>"
    assert [str(n) for n in checked.notices] == [
        "content/a.md:1 <p> 的 style 属性不受支持，已删除。",
        "content/a.md:1 <p> 的 align 属性不受支持，已删除。",
        "content/a.md:2 <font> 标签不受支持，已去掉标签、保留文字。",
    ]


def test_what_articles_and_shortcodes_write_passes_unchanged():
    html = (
        '<h2 id="shu-zi">数字</h2><p>投入<span class="tk-figure" data-figure="a" title="投入">2.6亿元</span>，'
        '<a href="../2023/">站内</a> <a href="https://example.org/">外链</a> <a href="mailto:a@b.cn">信</a></p>'
        '<ul class="tk-cards tk-shortcode" data-shortcode="entry"><li class="tk-card" data-collection="workers" '
        'data-city="guangzhou"><a class="tk-card__link" href="../workers/li-ming/">'
        '<svg class="tk-avatar" viewBox="0 0 64 64" width="64" height="64" aria-hidden="true" focusable="false">'
        '<rect width="64" height="64" rx="12" fill="hsl(10, 45%, 36%)"></rect>'
        '<text x="32" y="43" text-anchor="middle" font-size="30" fill="#fff">李</text></svg>'
        '<img class="tk-avatar" src="../p.webp" alt="" width="64" height="64" loading="lazy" decoding="async">'
        '<span class="tk-card__body"><strong class="tk-card__name">李明</strong></span></a></li></ul>'
        '<div class="highlight"><pre><span></span><code>&lt;!-- tk:figure a --&gt;\n</code></pre></div>'
    )
    assert find_disallowed(html) == []
    assert sanitise_html(html) == html


def test_comments_never_reach_the_page():
    assert sanitise_html("<p>a<!-- 编辑备注 -->b</p>") == "<p>ab</p>"


# CSP and content files -------------------------------------------------------------------------


def test_scripts_inside_articles_never_get_a_hash():
    gate = ArticleGate()
    gate.start_build("content")
    files = [
        SimpleNamespace(generated_by=None, src_dir="content", src_uri="about.md", dest_uri="about/index.html"),
        SimpleNamespace(generated_by=None, src_dir="theme", src_uri="404.html", dest_uri="404.html"),
    ]
    gate.check_files(files, "content")
    frame = "<html><head><script>theme()</script></head><body><article>{}</article></body></html>"
    content = "<p>正文</p><script>editor()</script>"
    gate.note_frame(frame.format(content), content)
    scans = {
        "about/index.html": PageScan("about/index.html", inline_scripts=["theme()", "editor()"]),
        "2023/index.html": PageScan("2023/index.html", inline_scripts=["theme()", "material()"]),
        "404.html": PageScan("404.html", inline_scripts=["not-found()"]),
    }
    scripts = gate.theme_scripts(scans)
    assert scripts == {"theme()", "material()", "not-found()"}
    assert gate.take_errors() == []  # the theme's own files are not content
    policy = content_security_policy(scripts)
    assert script_hash("editor()") not in policy and script_hash("theme()") in policy


@pytest.mark.parametrize(
    ("src_uri", "refused"),
    [
        ("x.html", True),
        ("2023/page.htm", True),
        ("assets/images/logo.svg", True),
        ("evil.js", True),
        ("assets/javascripts/tekan-filters.js", False),
        ("assets/images/share.png", False),
        ("2023/a.md", False),
    ],
)
def test_files_that_would_run_script_are_refused_in_content(src_uri, refused):
    error = unsafe_content_file(src_uri, f"content/{src_uri}")
    assert (error is not None) == refused
    if error:
        assert str(error).startswith(f"content/{src_uri} content/ 里不能放")


def test_the_shipped_articles_come_out_of_the_sanitiser_unchanged():
    """Cards, figures, tiles and code examples of every article in content/, as the build renders them."""
    from selectolax.lexbor import LexborHTMLParser

    from support import ROOT
    from tekan.dataset.loader import load_site_data

    def parsed(html: str) -> str:  # the DOM a browser builds, so that <br /> and <br> compare equal
        return LexborHTMLParser(html).body.html

    gate = ArticleGate()
    pages = {page.file.src_uri: html for page, html in render_articles(ROOT, load_site_data(ROOT / "data", ROOT), gate)}
    assert gate.take_errors() == []
    assert {"about.md", "shortcodes.md", "2023/yongqing-yongli.md"} <= set(pages)
    assert pages["shortcodes.md"].count('class="tk-card"') >= 3 and 'class="tk-figure"' in pages["shortcodes.md"]
    for src_uri, html in pages.items():
        assert find_disallowed(html) == [], src_uri
        assert parsed(sanitise_html(html)) == parsed(html), src_uri


def test_a_link_whose_scheme_is_hidden_in_entities_is_found_by_its_text():
    source = "# 标题\n\n正文。\n\n[点这里看](jav&#x61;script:alert(1))\n"
    html = '<h1>标题</h1>\n<p>正文。</p>\n<p><a href="jav&#x61;script:alert(1)">点这里看</a></p>'
    [error] = check_page_html(html, source, "content/a.md").errors
    assert error.line == 5 and "「javascript:」" in error.message


@pytest.mark.parametrize("src", ["https://example.org/a.png", "//example.org/a.png", "http://example.org/a.png"])
def test_an_image_from_another_site_is_refused(src):
    source = f"# 标题\n\n![图]({src})\n"
    [error] = check_page_html(f'<h1>标题</h1><p><img alt="图" src="{src}"></p>', source, "content/a.md").errors
    assert (
        str(error) == "content/a.md:3 图片不能从其他网站加载；请把图片放进 content/assets/images/，再用相对地址引用。"
    )


def test_an_image_of_the_site_passes():
    assert check_page_html('<img alt="" src="../assets/images/share.png">', "", "content/a.md").errors == []
