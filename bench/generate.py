"""Deterministic synthetic data at a province's scale, for benchmarks.

    python bench/generate.py --entries 10000 --seed 1 --out /tmp/tekan-10k

copies the project to --out and adds N synthetic entries to its latest issue:
model workers (people and collectives), craftsmen and service sites, spread
over all 21 cities in roughly the province's real proportions. The shipped
entries stay (the hand-written articles show some of them), so the issue
holds N plus those few. Cities, awards, site kinds and sections come from the copied
data/ itself, so the result passes the strict loader. Stories run 300 to 600
characters; one entry in ten has a small generated photo. Most 爱心驿站 are
written as per-city list files (`entries:`), the way editors keep thousands
of them. The same seed and N always give byte-identical files.

Everything here is invented; no sentence is taken from the source article.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from support import copy_project  # noqa: E402  - the tests' own project copier

# Real counts in one province: 6,600 model workers, 7,600 craftsmen, 6,980 驿站 and other sites.
SHARES = (("workers", 0.32), ("craftsmen", 0.36), ("sites", 0.32))
PHOTO_EVERY = 10  # one entry in ten has a photo
STORY_LENGTH = (300, 600)

# Surnames and given-name characters with their pinyin, for names and file names alike.
SURNAMES = [
    ("李", "li"),
    ("王", "wang"),
    ("张", "zhang"),
    ("刘", "liu"),
    ("陈", "chen"),
    ("杨", "yang"),
    ("黄", "huang"),
    ("赵", "zhao"),
    ("吴", "wu"),
    ("周", "zhou"),
    ("徐", "xu"),
    ("孙", "sun"),
    ("马", "ma"),
    ("朱", "zhu"),
    ("胡", "hu"),
    ("郭", "guo"),
    ("何", "he"),
    ("林", "lin"),
    ("罗", "luo"),
    ("梁", "liang"),
    ("郑", "zheng"),
    ("谢", "xie"),
    ("宋", "song"),
    ("唐", "tang"),
    ("邓", "deng"),
    ("冯", "feng"),
    ("曾", "zeng"),
    ("彭", "peng"),
    ("蔡", "cai"),
    ("潘", "pan"),
    ("钟", "zhong"),
    ("叶", "ye"),
    ("卢", "lu"),
    ("苏", "su"),
    ("赖", "lai"),
    ("莫", "mo"),
    ("邱", "qiu"),
    ("温", "wen"),
    ("古", "gu"),
    ("麦", "mai"),
    ("冼", "xian"),
    ("欧阳", "ouyang"),
]
GIVEN = [
    ("明", "ming"),
    ("华", "hua"),
    ("伟", "wei"),
    ("芳", "fang"),
    ("强", "qiang"),
    ("静", "jing"),
    ("丽", "li"),
    ("军", "jun"),
    ("敏", "min"),
    ("杰", "jie"),
    ("涛", "tao"),
    ("磊", "lei"),
    ("燕", "yan"),
    ("勇", "yong"),
    ("斌", "bin"),
    ("霞", "xia"),
    ("辉", "hui"),
    ("平", "ping"),
    ("刚", "gang"),
    ("建", "jian"),
    ("国", "guo"),
    ("志", "zhi"),
    ("红", "hong"),
    ("文", "wen"),
    ("海", "hai"),
    ("玲", "ling"),
    ("婷", "ting"),
    ("浩", "hao"),
    ("宇", "yu"),
    ("俊", "jun"),
    ("锋", "feng"),
    ("晓", "xiao"),
    ("春", "chun"),
    ("秀", "xiu"),
    ("英", "ying"),
    ("兰", "lan"),
    ("振", "zhen"),
    ("德", "de"),
    ("永", "yong"),
    ("嘉", "jia"),
    ("欣", "xin"),
    ("思", "si"),
    ("瑞", "rui"),
    ("鹏", "peng"),
    ("健", "jian"),
    ("坤", "kun"),
    ("雪", "xue"),
    ("梅", "mei"),
]
BRANDS = [
    "南方",
    "华粤",
    "珠江",
    "粤海",
    "岭南",
    "新宇",
    "恒通",
    "金湾",
    "宏达",
    "明珠",
    "海晟",
    "科瑞",
    "远航",
    "立信",
    "嘉泰",
    "联创",
    "天禾",
    "瑞丰",
    "东升",
    "广顺",
    "长青",
    "万和",
    "正阳",
    "汇通",
]
# industry -> (unit suffixes, posts, tags)
INDUSTRIES = {
    "制造业": (
        ["精密机械有限公司", "智能装备股份有限公司", "电子科技有限公司"],
        ["数控车间主任", "装配线组长", "质量工程师", "设备维修班长"],
        ["智能制造", "技术创新", "精益生产"],
    ),
    "汽车制造": (
        ["汽车零部件有限公司", "新能源汽车有限公司"],
        ["总装车间班长", "焊装技师", "涂装工艺员"],
        ["新能源汽车", "工艺改进"],
    ),
    "电力": (
        ["供电局", "发电有限公司", "电力工程有限公司"],
        ["配网运维班班长", "变电检修工", "输电线路巡检员"],
        ["电力保障", "带电作业", "安全生产"],
    ),
    "建筑业": (
        ["建设工程集团有限公司", "城建集团有限公司", "路桥建设有限公司"],
        ["项目经理", "施工班组长", "测量工程师"],
        ["重大工程", "建筑业", "安全生产"],
    ),
    "交通运输": (
        ["公交集团有限公司", "地铁运营有限公司", "港务集团有限公司"],
        ["公交车驾驶员", "地铁列车司机", "港口装卸队长"],
        ["交通服务", "安全运营"],
    ),
    "信息技术": (
        ["信息技术有限公司", "通信网络有限公司"],
        ["软件工程师", "网络运维主管", "数据中心值班长"],
        ["数字化", "信息安全"],
    ),
    "医疗卫生": (
        ["人民医院", "中医院", "妇幼保健院"],
        ["护士长", "急诊科医生", "医学检验技师"],
        ["医疗服务", "健康守护"],
    ),
    "化工": (
        ["石化有限公司", "精细化工有限公司"],
        ["化工总控工", "安全环保主任", "装置操作班长"],
        ["安全生产", "节能降耗"],
    ),
    "食品加工": (
        ["食品有限公司", "粮油工业有限公司"],
        ["生产主管", "品控员", "包装车间组长"],
        ["食品安全", "质量管理"],
    ),
    "邮政快递": (
        ["邮政分公司", "速运有限公司"],
        ["投递员", "分拣中心主管", "快递网点负责人"],
        ["新就业形态", "暖心服务"],
    ),
    "环卫": (
        ["环境卫生管理处", "城市环境服务有限公司"],
        ["环卫班长", "清扫保洁员", "垃圾分类指导员"],
        ["城市美容师", "绿色发展"],
    ),
    "纺织服装": (["服装有限公司", "纺织实业有限公司"], ["制版师", "车缝组长", "面料工艺员"], ["传统产业", "工艺传承"]),
}
TRADES = {
    "焊工": ["氩弧焊", "机器人焊接编程", "压力容器焊接"],
    "电工": ["带电作业", "配网自动化", "继电保护调试"],
    "钳工": ["精密装配", "模具修配", "设备点检"],
    "数控车工": ["五轴加工", "数控编程", "刀具优化"],
    "汽车维修工": ["新能源汽车诊断", "发动机检修", "车身修复"],
    "电梯安装维修工": ["电梯故障诊断", "安全检验"],
    "化工总控工": ["DCS 操作", "工艺优化", "应急处置"],
    "中式烹调师": ["粤菜烹饪", "刀工", "菜品研发"],
    "砌筑工": ["清水墙砌筑", "古建修缮"],
    "模具工": ["注塑模具设计", "精密抛光"],
    "工业机器人系统运维员": ["机器人调试", "产线集成", "故障诊断"],
    "无人机驾驶员": ["电力巡检飞行", "航测建模"],
    "网络与信息安全管理员": ["渗透测试", "安全加固"],
    "茶艺师": ["工夫茶冲泡", "茶叶审评"],
}
TEAMS = ["班组", "车间", "项目部", "运维班", "攻关小组", "服务队"]
DISTRICTS = {
    "guangzhou": ["天河区", "越秀区", "海珠区", "番禺区", "白云区", "黄埔区"],
    "shenzhen": ["南山区", "福田区", "罗湖区", "宝安区", "龙岗区", "龙华区"],
    "foshan": ["禅城区", "南海区", "顺德区", "三水区", "高明区"],
    "dongguan": ["莞城街道", "南城街道", "东城街道", "长安镇", "虎门镇"],
    "zhuhai": ["香洲区", "斗门区", "金湾区"],
    "zhongshan": ["石岐街道", "东区街道", "小榄镇", "火炬开发区"],
    "jiangmen": ["蓬江区", "江海区", "新会区", "台山市", "开平市"],
    "huizhou": ["惠城区", "惠阳区", "博罗县", "惠东县"],
    "shantou": ["金平区", "龙湖区", "澄海区", "潮阳区"],
    "shaoguan": ["浈江区", "武江区", "曲江区", "乳源瑶族自治县"],
    "heyuan": ["源城区", "东源县", "和平县", "龙川县"],
    "meizhou": ["梅江区", "梅县区", "兴宁市", "大埔县"],
    "chaozhou": ["湘桥区", "潮安区", "饶平县"],
    "yunfu": ["云城区", "云安区", "罗定市", "新兴县"],
    "zhaoqing": ["端州区", "鼎湖区", "高要区", "四会市"],
    "qingyuan": ["清城区", "清新区", "英德市", "连州市"],
    "shanwei": ["城区", "海丰县", "陆丰市", "陆河县"],
    "jieyang": ["榕城区", "揭东区", "普宁市", "惠来县"],
    "maoming": ["茂南区", "电白区", "高州市", "化州市"],
    "yangjiang": ["江城区", "阳东区", "阳春市", "阳西县"],
    "zhanjiang": ["赤坎区", "霞山区", "麻章区", "雷州市", "廉江市"],
}
# Bigger cities hold more entries; every city still gets some.
CITY_WEIGHTS = {
    "guangzhou": 9,
    "shenzhen": 9,
    "foshan": 6,
    "dongguan": 6,
    "huizhou": 3,
    "zhuhai": 3,
    "zhongshan": 3,
    "jiangmen": 3,
    "shantou": 3,
    "zhanjiang": 3,
    "maoming": 2,
}
STREETS = ["建设路", "人民路", "工业大道", "新港路", "中山路", "解放路", "环城路", "滨江路", "科技路", "东风路"]
SITE_KIND_SHARES = (
    ("aixin-yizhan", 0.65),
    ("sizheng-shifandian", 0.15),
    ("wenhuagong", 0.08),
    ("liaoxiuyang-jidi", 0.12),
)
SITE_SERVICES = {
    "aixin-yizhan": ["饮水", "热饭", "充电", "休息", "如厕", "药箱", "雨具", "阅读"],
    "sizheng-shifandian": ["职工思想政治教育", "劳模工匠宣讲", "班组学习活动", "技能传帮带", "职工书屋"],
    "wenhuagong": ["职工技能培训", "文体活动", "职工书屋", "公益课堂", "法律咨询"],
    "liaoxiuyang-jidi": ["乡村疗休养", "春秋游", "工会业务培训", "健康讲座", "沙龙团建"],
}
SITE_HOURS = [
    "每日 8:00-20:00",
    "每日 7:30-21:00",
    "全天开放",
    "周一至周五 9:00-18:00",
    "预约开放",
    "周一至周六 8:30-17:30",
]
SITE_NAME_FORMS = {
    "aixin-yizhan": "{district}{street}工会爱心驿站",
    "sizheng-shifandian": "{brand}{suffix}产业工人思想政治工作示范点",
    "wenhuagong": "{city}{district}工人文化宫",
    "liaoxiuyang-jidi": "{district}{village}技术工人疗休养基地",
}
AREA_CODES = {
    "guangzhou": "020",
    "shenzhen": "0755",
    "foshan": "0757",
    "dongguan": "0769",
    "zhuhai": "0756",
    "zhongshan": "0760",
    "jiangmen": "0750",
    "huizhou": "0752",
    "shantou": "0754",
    "shaoguan": "0751",
    "heyuan": "0762",
    "meizhou": "0753",
    "chaozhou": "0768",
    "yunfu": "0766",
    "zhaoqing": "0758",
    "qingyuan": "0763",
    "shanwei": "0660",
    "jieyang": "0663",
    "maoming": "0668",
    "yangjiang": "0662",
    "zhanjiang": "0759",
}
VILLAGES = ["青山村", "溪头村", "竹林村", "茶园村", "湖光村", "南岭村", "云岭村", "龙潭村"]
LINK_SITES = ["https://news.example.cn/", "https://www.example.com.cn/"]

PERSON_SENTENCES = [
    "{name}{years}年前从一名普通学徒干起，如今已是{unit}的{post}。",
    "参加工作以来，{name}始终把“把每件事做到最好”当作自己的座右铭。",
    "面对生产中反复出现的难题，{pron}带领同事连续攻关{months}个月，最终找到了症结所在。",
    "这项改进每年为企业节约成本约{money}万元，并在行业内得到推广。",
    "{pron}主持完成技术革新项目{count}项，获得国家专利{patents}项。",
    "在{pron}的带动下，班组先后有{apprentices}名青年职工成长为技术骨干。",
    "每逢新员工入职，{name}都会把自己的工作笔记一页页讲给他们听。",
    "{pron}常说，一线岗位最能磨炼人，问题在哪里，办法就在哪里。",
    "遇到紧急任务，{pron}总是第一个到场、最后一个离开。",
    "{city}的同行提起{name}，都会说一句：“找{pron}准没错。”",
    "为了把{industry}的新工艺尽快用起来，{pron}利用业余时间自学相关课程，记下了厚厚的学习笔记。",
    "{pron}牵头成立的职工创新工作室，已成为当地职工交流技术的重要平台。",
    "近年来，{pron}还走进学校和社区，向年轻人讲述普通劳动者的奋斗故事。",
    "谈到获得的荣誉，{name}说，这份荣誉属于整个团队。",
    "{pron}把安全放在第一位，所在岗位连续{years}年没有发生安全事故。",
    "在一次重要设备抢修中，{pron}和同事连夜排查，仅用{shift}个小时就恢复了生产。",
    "{pron}坚持每天提前半小时到岗，把当天要用的设备逐一检查一遍。",
    "从手工记录到数字化管理，{pron}见证并推动了岗位的每一次变化。",
    "{name}的经验被整理成操作手册，在全公司{count}个班组推广使用。",
    "{pron}认为，工匠精神不是一句口号，而是把平凡的工作日复一日做好。",
]
COLLECTIVE_SENTENCES = [
    "{name}现有职工{members}人，平均年龄{age}岁，是一支年轻而有干劲的队伍。",
    "近{years}年来，这个集体累计完成重点任务{count}项，多次提前交付。",
    "团队坚持“人人是安全员、事事讲标准”，连续{years}年实现安全生产零事故。",
    "面对技术瓶颈，成员们组建攻关小组，用{months}个月攻克了关键工艺难题。",
    "他们推行师带徒制度，先后培养出技术能手{apprentices}名。",
    "团队开展的合理化建议活动，每年为单位节约成本约{money}万元。",
    "在抢险保供任务中，这个集体闻令而动，连续奋战{shift}个小时完成任务。",
    "工作之余，成员们还组成志愿服务队，走进{city}的社区开展便民服务。",
    "他们把每一次任务都当作练兵，把每一个细节都当作检验。",
    "集体的创新成果获得国家专利{patents}项，部分成果已在行业内推广。",
    "每周一次的班组学习会上，老师傅和年轻人围坐在一起交流经验。",
    "谈到今后的打算，负责人说，要继续在{industry}一线当好排头兵。",
    "团队把复杂的作业流程拆解成一张张图文卡片，新人上岗前都要逐项过关。",
    "他们每月召开一次质量分析会，把出现过的问题和解决办法都记录在案。",
    "去年，这个集体承担的项目被评为{city}年度优质工程。",
    "成员中有{patents}人取得了高级技师资格，{apprentices}人在各级技能竞赛中获奖。",
    "遇到客户的急单，大家主动调整班次，保证了按时交付。",
    "团队还与职业院校合作，每年接收实习学生，把好经验传给下一代。",
    "在节能改造中，他们提出的方案使单位能耗下降了约{count}%。",
    "这个集体的故事，是{city}{industry}职工爱岗敬业的一个缩影。",
]
# Sentences every kind of site can use, then each kind's own.
SITE_SENTENCES = [
    "{name}位于{city}{district}{street}，交通便利，职工步行或乘公交即可到达。",
    "这里面积约{area}平方米，提供{services}等服务。",
    "自建成以来，这里累计服务职工约{visits}人次。",
    "日常管理由所在单位工会负责，工作人员定期检查设施、补充物品。",
    "开放时间为{hours}，节假日和恶劣天气时会视情况调整。",
    "今年，这里新增了{count}项服务，更好地满足职工的实际需要。",
    "{city_full}总工会把这里作为示范点，组织其他单位前来交流经验。",
    "工会每月统计来访人数和需求，按季度调整服务内容。",
    "工会定期在这里举办职工座谈会，听取大家对服务的意见建议。",
    "今后，这里将继续完善设施，争取让更多职工享受到贴心服务。",
]
SITE_KIND_SENTENCES = {
    "aixin-yizhan": [
        "周边有大量户外劳动者和新就业形态劳动者，驿站就设在他们每天经过的路口。",
        "外卖骑手、快递员和环卫工人在这里可以歇歇脚、喝口热水、给手机充上电。",
        "驿站配备了微波炉、冰箱和饮水机，冬天还备有姜茶。",
        "一位送餐的骑手说，中午在这里热一热饭，下午干活更有劲。",
        "附近商户和社区志愿者也常来帮忙，让驿站成了街坊邻里的热心角落。",
        "为了方便劳动者找到这里，工会在手机地图上标注了驿站位置。",
        "职工们在留言簿上写下的感谢话语，已经写满了{count}本。",
        "这里还设有小药箱和雨具，细微之处体现了对劳动者的关心。",
    ],
    "sizheng-shifandian": [
        "示范点把学习角设在车间旁，职工交接班前后就能坐下来读一读、聊一聊。",
        "企业工会组建了由劳模和技术骨干组成的宣讲小组，每月走进班组开展宣讲。",
        "这里的“班前十分钟”学习会已坚持了{years}年，成为职工的固定节目。",
        "示范点把思想教育和技能培训结合起来，先后有{apprentices}名职工晋升技术等级。",
        "职工们说，道理讲到身边事上，大家听得进、记得住。",
        "企业还把职工的合理化建议张贴在学习角，采纳的建议会注明提出人的名字。",
        "每逢新员工入职，示范点都会安排一堂由老师傅讲授的入职第一课。",
        "示范点的经验已在{city}同行业企业中推广。",
    ],
    "wenhuagong": [
        "文化宫常年开设免费培训班，课程涵盖技能提升、文化艺术和健康生活。",
        "每到周末，这里的职工书屋和活动室总是坐满了人。",
        "文化宫已纳入公益类事业单位管理，运营经费有了稳定保障。",
        "这里每年举办职工文体活动{count}场，还组织文艺小分队走进工业园区演出。",
        "不少职工在这里学会了摄影、书法和舞蹈，业余生活丰富了许多。",
        "文化宫还与职业院校合作，开设学历提升和技能证书培训班。",
        "一位老职工说，文化宫陪伴了他几十年，是职工自己的家。",
        "剧场、球场和培训教室向职工低价或免费开放。",
    ],
    "liaoxiuyang-jidi": [
        "基地依托当地的山水和乡村资源，为一线职工安排疗休养线路。",
        "疗休养活动优先安排劳模、工匠和长期在一线岗位的技术工人。",
        "职工在这里可以参加健康讲座、农事体验和团队拓展活动。",
        "基地与周边村镇合作，职工的消费也带动了当地农产品销售。",
        "每批疗休养职工约{members}人，行程一般安排三到五天。",
        "不少职工说，这是参加工作以来第一次由工会组织出来好好休息。",
        "基地还承接工会业务培训和职工沙龙，平日里也很热闹。",
        "工会对每批职工的意见进行回访，及时改进食宿和线路安排。",
    ],
}


@dataclass
class Reference:
    """What the generated entries may refer to, read from the copied project's data/."""

    cities: list[dict]
    awards: list[dict]
    site_kinds: list[dict]
    sections: list[str]
    year: int


@dataclass
class Generated:
    """What was written, for callers and for the printed summary."""

    project: Path
    year: int
    counts: dict[str, int] = field(default_factory=dict)
    files: int = 0
    photos: int = 0
    seconds: float = 0.0


def _read_reference(data: Path) -> Reference:
    years = sorted(p.name for p in data.iterdir() if p.is_dir() and p.name.isdigit() and len(p.name) == 4)
    year = int(years[-1])
    issue = yaml.safe_load((data / str(year) / "issue.yml").read_text(encoding="utf-8"))
    return Reference(
        cities=yaml.safe_load((data / "cities.yml").read_text(encoding="utf-8"))["cities"],
        awards=yaml.safe_load((data / "awards.yml").read_text(encoding="utf-8"))["awards"],
        site_kinds=yaml.safe_load((data / "site_kinds.yml").read_text(encoding="utf-8"))["kinds"],
        sections=[section["id"] for section in issue["sections"]],
        year=year,
    )


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _flow(items: list[str]) -> str:
    return "[" + ", ".join(_q(item) for item in items) + "]"


def _block(text: str, indent: str) -> str:
    return "|\n" + "\n".join((indent + line) if line else "" for line in text.split("\n"))


class _Writer:
    """Builds entries one by one from a single seeded random stream."""

    def __init__(self, reference: Reference, seed: int):
        self.ref = reference
        self.rng = random.Random(seed)
        self.serial = 0
        self.city_ids = [c["id"] for c in reference.cities]
        self.city_short = {c["id"]: c["short"] for c in reference.cities}
        self.city_name = {c["id"]: c["name"] for c in reference.cities}
        self.city_weights = [CITY_WEIGHTS.get(c, 1) for c in self.city_ids]
        self.awards_for = {
            (collection, recipient): [
                a["name"] for a in reference.awards if a["collection"] == collection and a["recipient"] == recipient
            ]
            for collection in ("workers", "craftsmen")
            for recipient in ("个人", "集体")
        }
        self.kind_names = {k["id"]: k["name"] for k in reference.site_kinds}

    # Small pieces ---------------------------------------------------------

    def city(self) -> str:
        # The first 21 entries visit every city once, so even N = 100 fills every city page.
        if self.serial <= len(self.city_ids):
            return self.city_ids[self.serial - 1]
        return self.rng.choices(self.city_ids, self.city_weights)[0]

    def person(self) -> tuple[str, str]:
        surname, surname_py = self.rng.choice(SURNAMES)
        chars = self.rng.sample(GIVEN, self.rng.choice((1, 2, 2, 2)))
        return surname + "".join(c for c, _ in chars), surname_py + "-" + "".join(p for _, p in chars)

    def unit(self, city: str, industry: str) -> str:
        suffix = self.rng.choice(INDUSTRIES[industry][0])
        return f"{self.city_short[city]}{self.rng.choice(BRANDS)}{suffix}"

    def honours(self, collection: str, recipient: str) -> list[tuple[str, int]]:
        choices = self.awards_for[(collection, recipient)]
        picked = self.rng.sample(choices, min(len(choices), self.rng.choice((1, 1, 1, 2, 2, 3))))
        return [(award, self.rng.randint(2012, self.ref.year)) for award in picked]

    def story(self, sentences: list[str], values: dict[str, str]) -> str:
        """Paragraphs of shuffled sentences, 300 to 600 characters in all."""
        target = self.rng.randint(*STORY_LENGTH)
        pool = sentences[:]
        self.rng.shuffle(pool)
        numbers = {
            "years": self.rng.randint(3, 25),
            "months": self.rng.randint(2, 18),
            "money": self.rng.randint(10, 900),
            "count": self.rng.randint(2, 40),
            "patents": self.rng.randint(1, 12),
            "apprentices": self.rng.randint(3, 60),
            "shift": self.rng.randint(6, 72),
            "members": self.rng.randint(8, 120),
            "age": self.rng.randint(26, 41),
            "area": self.rng.randint(15, 300),
            "visits": self.rng.randint(2000, 90000),
        }
        paragraphs: list[list[str]] = [[]]
        length = 0
        emphasis = self.rng.random() < 0.15  # some stories open in bold, as editors write them
        length = 4 if emphasis else 0
        for template in pool:
            sentence = template.format(**values, **numbers)
            new_paragraph = bool(paragraphs[-1]) and self.rng.random() < 0.3
            added = len(sentence) + (2 if new_paragraph else 0)  # "\n\n" between paragraphs
            if length + added > STORY_LENGTH[1]:
                continue
            if new_paragraph:
                paragraphs.append([])
            paragraphs[-1].append(sentence)
            length += added
            if length >= target:
                break
        if length < STORY_LENGTH[0]:  # the sentence pools are long enough; this guards their edits
            raise RuntimeError(f"story of {length} characters: add sentences to the pool")
        text = "\n\n".join("".join(p) for p in paragraphs)
        if emphasis:
            first = text.index("。") + 1
            text = f"**{text[:first]}**{text[first:]}"
        return text

    def common_tail(self, lines: list[str], indent: str, section_share: float = 0.4) -> None:
        if self.rng.random() < section_share:
            lines.append(f"{indent}section: {self.rng.choice(self.ref.sections)}")
        if self.rng.random() < 0.05:
            lines.append(f"{indent}links:")
            lines.append(f"{indent}  - title: {_q('相关报道')}")
            lines.append(f"{indent}    url: {self.rng.choice(LINK_SITES)}{self.ref.year}/{self.serial:06d}.html")

    # Whole entries ---------------------------------------------------------

    def profile(self, collection: str) -> tuple[str, str, bool]:
        """One model worker or craftsman file: (file id, YAML text, has photo)."""
        self.serial += 1
        rng = self.rng
        city = self.city()
        industry = rng.choice(list(INDUSTRIES))
        unit = self.unit(city, industry)
        collective = collection == "workers" and rng.random() < 0.2
        if collective:
            team = rng.choice(TEAMS)
            name, slug = f"{unit}{rng.choice(['第一', '第二', '技术', '运维', '生产'])}{team}", f"{city}-jiti"
        else:
            name, slug = self.person()
        entry_id = f"{slug}-{self.serial:05d}"
        post = rng.choice(INDUSTRIES[industry][1])
        pron = rng.choice(("他", "她"))
        lines = [f"name: {_q(name)}"]
        if collective:
            lines.append("kind: 集体")
        lines += [f"unit: {_q(unit)}"]
        if not collective:
            lines.append(f"post: {_q(post)}")
        lines += [f"city: {self.city_short[city]}", f"industry: {industry}"]
        values = {
            "name": name,
            "unit": unit,
            "post": post,
            "industry": industry,
            "city": self.city_short[city],
            "pron": pron,
        }
        if collection == "craftsmen":
            trade = rng.choice(list(TRADES))
            skills = rng.sample(TRADES[trade], min(2, len(TRADES[trade])))
            lines += [f"trade: {trade}", f"skills: {_flow(skills)}"]
        lines.append("honours:")
        for award, year in self.honours(collection, "集体" if collective else "个人"):
            lines += [f"  - award: {award}", f"    year: {year}"]
        what = "这个集体" if collective else f"这位{post}"
        lines.append(f"summary: {_q(f'{self.city_short[city]}{industry}一线的{what}，{rng.choice(SUMMARY_TAILS)}')}")
        lines.append(
            f"story: {_block(self.story(COLLECTIVE_SENTENCES if collective else PERSON_SENTENCES, values), '  ')}"
        )
        has_photo = self.serial % PHOTO_EVERY == 0
        if has_photo:
            lines.append(f"photo: {entry_id}.jpg")
        lines.append(
            f"tags: {_flow(rng.sample(INDUSTRIES[industry][2], 2 if len(INDUSTRIES[industry][2]) > 1 else 1))}"
        )
        self.common_tail(lines, "")
        return entry_id, "\n".join(lines) + "\n", has_photo

    def site_fields(self, kind: str, city: str, indent: str) -> tuple[list[str], bool, str]:
        """The fields of one site, without kind and city when a list file supplies them."""
        rng = self.rng
        district = rng.choice(DISTRICTS.get(city, ["城区"]))
        street = rng.choice(STREETS)
        name = SITE_NAME_FORMS[kind].format(
            district=district,
            street=street,
            brand=rng.choice(BRANDS),
            city=self.city_short[city],
            suffix=rng.choice(INDUSTRIES[rng.choice(list(INDUSTRIES))][0]),
            village=rng.choice(VILLAGES),
        )
        services = rng.sample(SITE_SERVICES[kind], rng.randint(2, min(5, len(SITE_SERVICES[kind]))))
        hours = rng.choice(SITE_HOURS)
        lines = [
            f"{indent}name: {_q(name)}",
            f"{indent}district: {district}",
            f"{indent}address: {_q(f'{street}{rng.randint(1, 399)}号')}",
            f"{indent}hours: {_q(hours)}",
        ]
        if rng.random() < 0.5:
            phone = f"{AREA_CODES.get(city, '020')}-{rng.randint(3000000, 8999999)}"
            lines.append(f"{indent}phone: {_q(phone)}")
        lines.append(f"{indent}services: {_flow(services)}")
        if rng.random() < 0.6:
            lines.append(f"{indent}established: {rng.randint(2015, self.ref.year)}")
        lines.append(
            f"{indent}summary: "
            f"{_q(f'{self.city_short[city]}{district}的{self.kind_names[kind]}，{rng.choice(SITE_SUMMARY_TAILS[kind])}')}"
        )
        values = {
            "name": name,
            "city": self.city_short[city],
            "district": district,
            "street": street,
            "services": "、".join(services),
            "hours": hours,
            "city_full": self.city_name[city],
        }
        lines.append(
            f"{indent}story: {_block(self.story(SITE_SENTENCES + SITE_KIND_SENTENCES[kind], values), indent + '  ')}"
        )
        has_photo = self.serial % PHOTO_EVERY == 0
        return lines, has_photo, name

    def site_kind(self) -> str:
        ids = [kind for kind, _ in SITE_KIND_SHARES]
        weights = [share for _, share in SITE_KIND_SHARES]
        return self.rng.choices(ids, weights)[0]


SUMMARY_TAILS = [
    "多年扎根岗位，用实干带出一支过硬队伍。",
    "以技术攻关和传帮带闻名。",
    "把平凡岗位干出了不平凡的成绩。",
    "在急难险重任务中屡次挺身而出。",
    "坚持创新，推动多项工艺改进落地。",
]
SITE_SUMMARY_TAILS = {
    "aixin-yizhan": ["为户外劳动者提供歇脚、饮水和充电服务。", "把工会服务送到劳动者身边。"],
    "sizheng-shifandian": ["把思想引领带进车间班组。", "以宣讲和学习活动凝聚职工。"],
    "wenhuagong": ["常年开展职工培训和文体活动。", "面向职工公益开放。"],
    "liaoxiuyang-jidi": ["为一线职工提供乡村疗休养。", "依托山水资源组织职工疗休养。"],
}


def _photo(rng: random.Random, path: Path) -> None:
    """A small portrait-shaped JPEG: a gradient and a head-and-shoulders silhouette (about 5 KB)."""
    from PIL import Image, ImageDraw

    width, height = 240, 300
    top = tuple(rng.randint(120, 230) for _ in range(3))
    bottom = tuple(rng.randint(30, 120) for _ in range(3))
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / (height - 1)
        draw.line([(0, y), (width, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    shade = tuple(rng.randint(40, 90) for _ in range(3))
    draw.ellipse([80, 60, 160, 150], fill=shade)
    draw.ellipse([40, 160, 200, 360], fill=shade)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    path.write_bytes(buffer.getvalue())


def _split(total: int) -> dict[str, int]:
    counts = {name: int(total * share) for name, share in SHARES}
    counts["craftsmen"] += total - sum(counts.values())
    return counts


def generate(out: Path, entries: int, seed: int = 1, force: bool = False) -> Generated:
    """Copy the project to `out` and fill its latest issue with `entries` synthetic entries."""
    started = time.perf_counter()
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        if not force:
            raise SystemExit(f"{out} is not empty; pass --force to replace it")
        shutil.rmtree(out)
    copy_project(out)
    data = out / "data"
    reference = _read_reference(data)
    issue = data / str(reference.year)
    photos = issue / "photos"
    for collection in ("workers", "craftsmen", "sites", "photos"):
        (issue / collection).mkdir(exist_ok=True)
    writer = _Writer(reference, seed)
    photo_rng = random.Random(seed + 1)
    result = Generated(project=out, year=reference.year, counts=_split(entries))

    for collection in ("workers", "craftsmen"):
        for _ in range(result.counts[collection]):
            entry_id, text, has_photo = writer.profile(collection)
            (issue / collection / f"{entry_id}.yml").write_text(text, encoding="utf-8")
            result.files += 1
            if has_photo:
                _photo(photo_rng, photos / f"{entry_id}.jpg")
                result.photos += 1

    # Sites: 驿站 go into one list file per city; the other kinds are one file each.
    listed: dict[str, list[str]] = {}
    for _ in range(result.counts["sites"]):
        writer.serial += 1
        kind = writer.site_kind()
        city = writer.city()
        if kind == "aixin-yizhan":
            lines, has_photo, _ = writer.site_fields(kind, city, "    ")
            entry_id = f"{city}-yizhan-{writer.serial:05d}"
            if has_photo:
                lines.append(f"    photo: {entry_id}.jpg")
            lines.append(f"    tags: {_flow(['爱心驿站', '户外劳动者'])}")
            writer.common_tail(lines, "    ", section_share=0.2)
            listed.setdefault(city, []).append(f"  - id: {entry_id}\n" + "\n".join(lines))
        else:
            lines, has_photo, _ = writer.site_fields(kind, city, "")
            entry_id = f"{city}-{kind}-{writer.serial:05d}"
            head = [f"kind: {writer.kind_names[kind]}", f"city: {writer.city_short[city]}"]
            if has_photo:
                lines.append(f"photo: {entry_id}.jpg")
            lines.append(f"tags: {_flow([writer.kind_names[kind]])}")
            writer.common_tail(lines, "", section_share=0.5)
            (issue / "sites" / f"{entry_id}.yml").write_text("\n".join(head + lines) + "\n", encoding="utf-8")
            result.files += 1
        if has_photo:
            _photo(photo_rng, photos / f"{entry_id}.jpg")
            result.photos += 1
    for city, items in sorted(listed.items()):
        header = (
            f"# {writer.city_short[city]}的工会爱心驿站（基准测试用的虚构数据）。\n"
            f"kind: 工会爱心驿站\ncity: {writer.city_short[city]}\nentries:\n"
        )
        target = issue / "sites" / f"{city}-aixin-yizhan.yml"
        if target.exists():  # never overwrite a shipped file
            raise SystemExit(f"{target} exists already")
        target.write_text(header + "\n".join(items) + "\n", encoding="utf-8")
        result.files += 1
    result.seconds = time.perf_counter() - started
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", "-n", type=int, required=True, help="number of synthetic entries in all")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", type=Path, required=True, help="folder for the project copy (created)")
    parser.add_argument("--force", action="store_true", help="replace --out if it is not empty")
    args = parser.parse_args(argv)
    if args.entries < 1:
        parser.error("--entries must be at least 1")
    result = generate(args.out, args.entries, args.seed, args.force)
    counts = ", ".join(f"{name} {count}" for name, count in result.counts.items())
    print(
        f"{result.project}: {sum(result.counts.values())} entries ({counts}) in {result.files} files, "
        f"{result.photos} photos, data/{result.year}/, {result.seconds:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
