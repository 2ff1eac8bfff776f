"""The shipped 2023 data against the seed article: every figure present, with the right value."""

from __future__ import annotations

import pytest

from support import ROOT
from tekan.dataset.loader import load_site_data

# shared/ sits beside the checkout (in CI too); a worktree may sit one level deeper.
ARTICLE = next(
    (
        folder / "shared/seed/2023-special-issue-article.txt"
        for folder in ROOT.parents
        if (folder / "shared/seed/2023-special-issue-article.txt").is_file()
    ),
    ROOT.parent / "shared/seed/2023-special-issue-article.txt",
)

# Each figure id with the words the article prints for it; the display form made
# from stats.yml must appear in the article exactly (the unit aside where the
# article names the people counted, as in 21万职工).
ARTICLE_FORMS = {
    "quanguo-wuyi-jiangzhuang": "全国五一劳动奖状9个",
    "quanguo-wuyi-jiangzhang": "全国五一劳动奖章53个",
    "quanguo-xianfenghao": "全国工人先锋号48个",
    "shengji-xuanjiang": "省级宣讲活动217场",
    "sizheng-shifandian": "命名25个产业工人",
    "shifandian-butie": "20万元补贴",
    "guangdong-wuyi-jiangzhang": "授予111名",
    "nanyue-gongjiang-renxuan": "人选20名",
    "banshishi-qingdan": "清单16项",
    "aixin-yizhan": "建成6980家",
    "aixin-yizhan-touru": "累计投入1.6亿元",
    "aixin-yizhan-fugai": "覆盖服务1560万名",
    "wenhuagong-gongyi": "全省70%的工人文化宫",
    "tijian-touru": "投入1200余万元",
    "tijian-changci": "体检180余场",
    "songwenyi": "工业园12场",
    "xinyetai-zhuanxiang": "约6000万元",
    "basong-guanai": "近80万人次",
    "xinyetai-jianhui": "3900多家",
    "fazhan-huiyuan": "发展会员48.7万人",
    "xinyetai-huiyuan": "发展会员10.9万人",
    "shiming-zhuce": "8万多人",
    "wenhuagong-difang": "经费8.73亿元",
    "wenhuagong-shengzong": "经费1.28亿元",
    "wenhuagong-bianzhi": "编制5家",
    "wenhuagong-huodong": "活动3.8万余场",
    "wenhuagong-peixun": "超223万人次",
    "zhaopin": "招聘活动1578场",
    "laowu-shuchu": "劳务输出1.1万人次",
    "jiuye-peixun": "覆盖83.3万人次",
    "liaoxiuyang-touru": "累计投入3.996亿元",
    "liaoxiuyang-pici": "1188批次",
    "liaoxiuyang-renshu": "21万职工",
    "liaoxiuyang-jidi": "优选65家",
    "jineng-dasai-gongzhong": "涵盖81个工种",
    "xueli-tisheng": "补贴2万名",
    "suzhi-tisheng": "招生100余名",
    "quanguo-zhongdian-chanye": "个人和集体83个",
    "quanguo-zhongdian-chanye-zhanbi": "占总数的75.5%",
    "quanguo-zhizaoye-zhanbi": "推荐对象有33%",
    "sheng-zhongdian-chanye": "个人和集体393个",
    "sheng-zhongdian-chanye-zhanbi": "占总数的64.11%",
    "sheng-zhizaoye-zhanbi": "推荐对象有28.2%",
}


@pytest.fixture(scope="module")
def figures():
    return {figure.id: figure for figure in load_site_data(ROOT / "data", ROOT).issue(2023).figures}


@pytest.fixture(scope="module")
def article() -> str:
    if not ARTICLE.is_file():
        pytest.fail(f"the seed article is missing at {ARTICLE}")
    return ARTICLE.read_text(encoding="utf-8")


def test_every_article_figure_is_in_stats_yml(figures):
    assert sorted(ARTICLE_FORMS) == sorted(figures)


@pytest.mark.parametrize("figure_id", sorted(ARTICLE_FORMS))
def test_display_form_matches_the_article(figures, article, figure_id):
    phrase = ARTICLE_FORMS[figure_id]
    assert phrase in article, f"the test's phrase {phrase!r} is not in the article"
    figure = figures[figure_id]
    shown = figure.display
    number = shown.removesuffix(figure.data.unit) if figure.data.unit != "%" else shown
    assert number in phrase, f"{figure_id}: shown as {shown!r}, the article says {phrase!r}"


def test_every_number_of_the_article_is_covered(article):
    """Each Arabic number in the article is one of the figures (or a year, date or ordinal)."""
    import re

    covered = set(re.findall(r"\d+(?:\.\d+)?", " ".join(ARTICLE_FORMS.values())))
    allowed = {"2023", "2019", "2022", "1310", "10", "11", "5", "6"}  # years, 11月底, 5月, 6月, 10月, “1310”部署
    for number in re.findall(r"\d+(?:\.\d+)?", article):
        assert number in covered or number in allowed, f"{number} from the article is not in stats.yml"
