"""One schema per kind of data file. Field descriptions are in Chinese: they feed
the JSON Schemas that editors' tools show as help.

Values arrive from `yamlio` as text, numbers still unparsed; each field type
below decides how to read its text. References to other files (city, award,
section, site kind, photo) are only shaped here and resolved once everything has
loaded (`dataset/loader.py`, `resolve_*`).
"""

from __future__ import annotations

import datetime
import math
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StrictBool

from tekan.dataset.vocabulary import PersonKind, parse_year
from tekan.errors import quote
from tekan.numbers import QUALIFIERS

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


class Schema(BaseModel):
    """Unknown fields are errors, so that a misspelt `stroy:` cannot drop a story."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, validate_default=False)


def _text(value: object) -> object:
    if value.__class__ is str:  # nearly every value: decided without the checks below
        return value
    if isinstance(value, bool):
        raise ValueError(f"应为文字，实际为 {quote(value)}；如需写 true/false 字样，请加引号")
    if isinstance(value, (dict, list)):
        raise ValueError("应为一段文字，实际为" + ("一组字段" if isinstance(value, dict) else "一个列表"))
    return value


def _required_text(value: object) -> object:
    if type(value) is str and value and not value.isspace():
        return value
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError("不能为空")
    return _text(value)


def _year(value: object) -> int:
    if isinstance(value, str) and (year := parse_year(value)) is not None:
        return year
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return value
    raise ValueError(f"应为四位年份（如 2023），实际为{quote(value)}")


# Longer than any count or sum of money a figure states; also keeps int() far from Python's digit limit.
_MAX_DIGITS = 20
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋", "0123456789.,-+")


def _number(value: object) -> int | float:
    if isinstance(value, str):
        text = value.strip()
        if text.translate(_FULL_WIDTH) != text:
            raise ValueError(
                f"用了全角数字或符号，实际为{quote(value)}；请改用半角，写作 {text.translate(_FULL_WIDTH)}"
            )
        if "," in text:
            raise ValueError(
                f"数值里不能有逗号，实际为{quote(value)}；千位不加分隔（1,234 写作 1234），"
                "小数点用「.」（75,5 写作 75.5）"
            )
        if len(text.lstrip("+-").replace(".", "")) > _MAX_DIGITS:
            raise ValueError(f"数字位数太多，实际为{quote(value)}；请检查是否多写了数字")
        if re.fullmatch(r"[-+]?\d+", text):
            return int(text)
        if re.fullmatch(r"[-+]?(\d+\.\d*|\.\d+)([eE][-+]?\d+)?|[-+]?\d+[eE][-+]?\d+", text):
            number = float(text)
            if math.isfinite(number):
                return number
            raise ValueError(f"数字超出范围，实际为{quote(value)}；请检查是否多写了数字")
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    raise ValueError(
        f"应为数字（如 399600000 或 75.5），实际为{quote(value)}；单位写在 unit，「余」「多」「约」「近」写在 qualifier"
    )


FIRST_HONOUR_YEAR = 1949


def _honour_year(value: object) -> int:
    """A year of the People's Republic, up to next year (honours are sometimes announced ahead)."""
    year = _year(value)
    latest = datetime.date.today().year + 1
    if not FIRST_HONOUR_YEAR <= year <= latest:
        raise ValueError(f"年份应在 {FIRST_HONOUR_YEAR} 到 {latest} 之间，实际为{quote(value)}；请检查是否写错")
    return year


def _http_link(value: str) -> str:
    if not re.match(r"^https?://[^\s/]+", value, flags=re.IGNORECASE) or re.search(r"[\s<>\"']", value):
        raise ValueError(f"链接只能以 http:// 或 https:// 开头，且不含空格和引号，实际为{quote(value)}")
    return value


def _photo_path(value: str) -> str:
    parts = value.replace("\\", "/").split("/")
    if value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value) or ".." in parts or "\\" in value:
        raise ValueError(f"照片路径应在照片文件夹之内（如 li-ming.jpg），实际为{quote(value)}")
    if not value.lower().endswith(PHOTO_SUFFIXES):
        raise ValueError(f"照片应为 jpg、png 或 webp 文件，实际为{quote(value)}")
    return value


def _date_text(value: object) -> str:
    text = str(value).strip() if value is not None else ""
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        raise ValueError(f"应为日期，写作 2023、2023-11 或 2023-11-30，实际为{quote(value)}")
    return text


Text = Annotated[str, BeforeValidator(_required_text)]
OptionalText = Annotated[str | None, BeforeValidator(_text)]
Year = Annotated[int, BeforeValidator(_year)]
Number = Annotated[int | float, BeforeValidator(_number)]
HonourYear = Annotated[int, BeforeValidator(_honour_year)]
HttpLink = Annotated[str, BeforeValidator(_required_text), AfterValidator(_http_link)]
PhotoPath = Annotated[str, BeforeValidator(_required_text), AfterValidator(_photo_path)]
DateText = Annotated[str, BeforeValidator(_date_text)]
TextList = Annotated[list[Text], Field(default_factory=list)]


class Link(Schema):
    title: Text = Field(description="链接文字，如「人民网报道」")
    url: HttpLink = Field(description="网址，只能以 http:// 或 https:// 开头")


class Honour(Schema):
    award: Text = Field(description="荣誉名称，须为 data/awards.yml 中的名称，如「全国五一劳动奖章」")
    year: HonourYear = Field(description="获得荣誉的年份，四位数字，如 2023（1949 年至明年之间）")
    level: Literal["全国", "省级", "市级"] | None = Field(
        None, description="荣誉级别：全国、省级或市级；不填则按 awards.yml 自动确定"
    )


# Fields every entry has, with the same meaning for people and sites; each schema places them in its own order.
EntryPhoto = Annotated[PhotoPath | None, Field(description="照片文件名，照片放在本年度的 photos 文件夹里")]
EntryLinks = Annotated[list[Link], Field(default_factory=list, description="相关报道的链接")]
EntrySample = Annotated[StrictBool, Field(description="示例条目写 true，网站上会显示「示例」标记")]


class _Profile(Schema):
    """Fields shared by model workers and craftsmen."""

    name: Text = Field(description="姓名或集体名称")
    kind: PersonKind = Field("个人", description="个人或集体")
    unit: Text = Field(description="所在单位全称")
    post: OptionalText = Field(None, description="职务或岗位，如「焊工班班长」")
    city: OptionalText = Field(None, description="所在地级市，如「广州」；省直单位可不填")
    industry: OptionalText = Field(None, description="所属行业，如「制造业」")
    honours: list[Honour] = Field(default_factory=list, description="所获荣誉，每项写荣誉名称和年份")
    summary: Text = Field(description="一两句话的简介，显示在卡片和页面开头")
    story: OptionalText = Field(None, description="事迹正文，可用 Markdown（不能写 HTML）")
    photo: EntryPhoto = None
    tags: TextList = Field(description="标签，如「技术创新」")
    section: OptionalText = Field(None, description="在特刊哪个专题中展示，如「思想引领」；可不填")
    links: EntryLinks
    sample: EntrySample = False


class Worker(_Profile):
    """劳动模范、五一劳动奖章、五一劳动奖状、工人先锋号."""


class Craftsman(_Profile):
    """南粤工匠、南粤最美职工."""

    trade: Text = Field(description="工种，如「焊工」「电工」")
    skills: TextList = Field(description="专长技能，如「带电作业」「配网自动化」")


class Site(Schema):
    """示范点、工会爱心驿站、疗休养基地、工人文化宫."""

    name: Text = Field(description="阵地名称")
    kind: Text = Field(description="类型，须为 data/site_kinds.yml 中的名称，如「工会爱心驿站」")
    city: Text = Field(description="所在地级市，如「广州」")
    district: OptionalText = Field(None, description="所在区县，如「天河区」")
    address: OptionalText = Field(None, description="详细地址")
    hours: OptionalText = Field(None, description="开放时间，如「周一至周五 9:00-18:00」")
    phone: OptionalText = Field(None, description="联系电话，按原样显示（可含区号和横线）")
    services: TextList = Field(description="服务项目，如「饮水」「充电」「休息」")
    established: Year | None = Field(None, description="建成或命名年份，四位数字")
    summary: Text = Field(description="一两句话的简介")
    story: OptionalText = Field(None, description="详细介绍，可用 Markdown（不能写 HTML）")
    photo: EntryPhoto = None
    tags: TextList = Field(description="标签")
    section: OptionalText = Field(None, description="在特刊哪个专题中展示，如「用情用力」；可不填")
    links: EntryLinks
    sample: EntrySample = False


class ListedSite(Site):
    """A site inside a per-city list file, which names its own id."""

    id: Text = Field(description="条目编号：小写拼音或字母数字，用连字符分隔，如 tianhe-001")
    kind: OptionalText = Field(None, description="类型；不填则用文件开头的 kind")  # type: ignore[assignment]
    city: OptionalText = Field(None, description="城市；不填则用文件开头的 city")  # type: ignore[assignment]


# What an entry's `data` is: the collection's schema (a site from a list file is a ListedSite).
EntryData = Worker | Craftsman | Site


class SiteList(Schema):
    """One file holding many sites of one kind, usually one city's."""

    kind: OptionalText = Field(None, description="本文件中阵地的默认类型")
    city: OptionalText = Field(None, description="本文件中阵地的默认城市")
    sample: StrictBool = Field(False, description="本文件全部为示例时写 true")
    entries: list[ListedSite] = Field(description="阵地列表")


class Section(Schema):
    id: Text = Field(description="专题编号：小写拼音，用连字符分隔，如 sixiang-yinling")
    title: Text = Field(description="专题标题，如「思想引领」")
    subtitle: Text = Field(description="专题副标题，如「筑牢职工思想之基」")
    lead: Text = Field(description="导语：一段话概括本专题")


class IssueInfo(Schema):
    """issue.yml: the annual issue itself."""

    title: Text = Field(description="特刊标题")
    subtitle: OptionalText = Field(None, description="副标题")
    organisation: Text = Field(description="主办单位，如「广东省总工会」")
    publication: OptionalText = Field(None, description="刊载媒体，如「新快报」")
    date: DateText | None = Field(None, description="出版日期，写作 2023-12 或 2023-12-01；不详可不填")
    summary: Text = Field(description="特刊简介，两三句话")
    sections: list[Section] = Field(min_length=1, description="专题，按在特刊中的顺序排列")


class Figure(Schema):
    id: Text = Field(description="数据编号：小写字母、数字和连字符，如 liaoxiuyang-funds")
    label: Text = Field(description="说明文字，如「全省各级工会疗休养累计投入」")
    value: Number = Field(
        description="数值，只写半角数字，不加逗号：3.996亿元写作 399600000（单位写「元」），75.5% 写作 75.5"
    )
    unit: Text = Field(description="单位，如 元、人、家、场、%；不要带「万」「亿」，数值写完整的数")
    qualifier: Literal[QUALIFIERS] | None = Field(  # type: ignore[valid-type]
        None, description="原文的约数说法：约、近、超、逾（写在数字前），余、多（写在数字后）"
    )
    section: Text = Field(description="所属专题，如「用情用力」")
    as_of: DateText = Field(description="数据截止日期，写作 2023、2023-11 或 2023-11-30")
    period: OptionalText = Field(None, description="统计区间的说法，如「2019年以来」「今年以来」")
    source: Text = Field(description="数据来源")
    headline: StrictBool = Field(False, description="是否放在首页「数说」栏中")
    chart: OptionalText = Field(None, description="同一图表的数据写同一个名称，如「重点产业占比」")
    note: OptionalText = Field(None, description="补充说明")
    allow_negative: StrictBool = Field(False, description="数值确实为负数时（如同比下降）写 true")
    allow_over_100: StrictBool = Field(False, description="百分比确实超过 100 时（如增长 150%）写 true")


class FigureFile(Schema):
    """stats.yml."""

    figures: list[Figure] = Field(min_length=1, description="数说数据")


class City(Schema):
    id: Text = Field(description="城市编号：小写拼音，如 guangzhou")
    name: Text = Field(description="全称，如「广州市」")
    short: Text = Field(description="简称，如「广州」")
    tile: tuple[int, int] = Field(description="在城市方块图中的位置：[列, 行]")


class CityFile(Schema):
    cities: list[City]


class Award(Schema):
    id: Text = Field(description="荣誉编号：小写拼音或英文，用连字符分隔")
    name: Text = Field(description="荣誉名称")
    level: Literal["全国", "省级", "市级"] = Field(description="级别")
    recipient: PersonKind = Field(description="授予个人还是集体")
    collection: Literal["workers", "craftsmen"] = Field(description="归入哪一类名录")
    aliases: TextList = Field(description="其他常见写法，如「全国劳模」；条目里写这些也能认出")


class AwardFile(Schema):
    awards: list[Award]


class SiteKind(Schema):
    id: Text = Field(description="类型编号：小写英文，用连字符分隔")
    name: Text = Field(description="类型名称，如「工会爱心驿站」")
    short: Text = Field(description="简称，如「爱心驿站」")


class SiteKindFile(Schema):
    kinds: list[SiteKind]


class SearchSynonym(Schema):
    words: TextList = Field(description="读者可能输入的说法，如「统计」「数据」")
    page: Text = Field(description="这些说法要找到的页面，写页面在导航中的名称，如「数说」「劳动模范」")


class SearchSynonymFile(Schema):
    synonyms: list[SearchSynonym]


COLLECTION_SCHEMAS: dict[str, type[EntryData]] = {
    "workers": Worker,
    "craftsmen": Craftsman,
    "sites": Site,
}
