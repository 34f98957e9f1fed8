"""Fictional regulation texts of the demo city (章/条/款/项), generated from short topic specs.

Each :class:`Topic` names the regulation, its competent department and two chapters of its
own obligations; :func:`regulation_text` wraps them in the usual frame — general provisions,
supervision, legal liability referring to the topic's own articles, supplementary provisions
— and numbers everything. :func:`amended` applies an amendment (articles rewritten, added or
deleted) so that a regulation's versions differ the way a 修改决定 makes them differ.
All of it is written for the project; no real regulation is copied.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from lvzhi.textkit.numerals import int_to_cn

#: An article: its first paragraph, its items (（一）…), and further paragraphs (款).
Article = tuple[str, tuple[str, ...], tuple[str, ...]]


def art(text: str, *items: str, more: tuple[str, ...] = ()) -> Article:
    return (text, items, more)


@dataclass(frozen=True)
class Topic:
    title: str  # 江澜市养犬管理条例
    subject: str  # 养犬管理
    department: str  # 公安机关
    purpose: str  # 为了规范养犬行为，保障公民健康和人身安全
    chapters: tuple[tuple[str, tuple[Article, ...]], ...]
    #: (index of the topic article, counted over both chapters, from 0; the penalty clause)
    penalties: tuple[tuple[int, str], ...] = field(default_factory=tuple)


def _frame(topic: Topic, commencement: dt.date, *, revised: bool = False) -> list[tuple[str, list[Article]]]:
    general = [
        art(f"{topic.purpose}，根据有关法律、行政法规，结合本市实际，制定本条例。"),
        art(f"本市行政区域内的{topic.subject}及其监督管理活动，适用本条例。"),
        art(
            f"市、县（区）人民政府应当加强对{topic.subject}工作的领导，建立协调机制，"
            "所需经费列入本级财政预算。",
            more=("乡镇人民政府、街道办事处按照职责做好本辖区内的相关工作。",),
        ),
        art(
            f"{topic.department}是本市{topic.subject}工作的主管部门，履行下列职责：",
            "组织实施本条例；",
            "制定有关工作规范和标准；",
            "开展监督检查，依法查处违法行为；",
            "法律、法规规定的其他职责。",
            more=("发展改革、财政、自然资源和规划、市场监督管理等部门按照各自职责做好相关工作。",),
        ),
        art(
            f"广播、电视、报刊、网络等媒体应当开展{topic.subject}的公益宣传。鼓励单位和个人参与相关志愿服务。"
        ),
    ]
    supervision = [
        art(
            f"{topic.department}应当建立投诉举报制度，公布投诉举报电话、电子邮箱等方式，"
            "接到投诉举报后应当及时调查处理，并将处理结果告知投诉举报人。"
        ),
        art(f"{topic.department}应当将违反本条例的行为纳入信用信息管理，依法实施信用惩戒。"),
        art(
            f"市人民政府应当每年向市人民代表大会常务委员会报告{topic.subject}工作情况。",
        ),
    ]
    if revised:  # what the unified review typically adds after the first reading
        supervision.append(
            art(
                "市人民代表大会常务委员会通过听取和审议专项工作报告、开展执法检查等方式，"
                "加强对本条例实施情况的监督。"
            )
        )
    return [
        ("总则", general),
        *((name, list(articles)) for name, articles in topic.chapters),
        ("监督管理", supervision),
        ("法律责任", []),  # filled once the topic's articles have numbers
        ("附则", [art(f"本条例自{commencement.year}年{commencement.month}月{commencement.day}日起施行。")]),
    ]


def _render(title: str, chapters: list[tuple[str, list[Article]]]) -> str:
    lines = [title, ""]
    number = 0
    for c, (name, articles) in enumerate(chapters, start=1):
        lines += [f"第{int_to_cn(c)}章 {name}", ""]
        for first, items, more in articles:
            number += 1
            lines.append(f"第{int_to_cn(number)}条 {first}")
            lines += [f"（{int_to_cn(i)}）{item}" for i, item in enumerate(items, start=1)]
            lines += list(more)
            lines.append("")
    return "\n".join(lines)


def _with_penalties(
    topic: Topic, chapters: list[tuple[str, list[Article]]]
) -> list[tuple[str, list[Article]]]:
    own_first = len(chapters[0][1]) + 1  # number of the topic's first article
    liability: list[Article] = []
    for index, clause in topic.penalties:
        liability.append(
            art(f"违反本条例第{int_to_cn(own_first + index)}条规定的，由{topic.department}{clause}")
        )
    liability.append(
        art(
            f"{topic.department}和其他有关部门的工作人员在{topic.subject}工作中玩忽职守、滥用职权、"
            "徇私舞弊的，依法给予处分；构成犯罪的，依法追究刑事责任。"
        )
    )
    return [(name, liability if name == "法律责任" else articles) for name, articles in chapters]


def regulation_text(topic: Topic, *, commencement: dt.date, draft: bool = True, revised: bool = False) -> str:
    """The text of ``topic`` (its title with 草案 while it is a bill); ``revised``: the text as
    the unified review revised it after the first reading (草案修改稿), one article more."""
    chapters = _with_penalties(topic, _frame(topic, commencement, revised=revised))
    return _render(topic.title + ("（草案）" if draft else ""), chapters)


@dataclass(frozen=True)
class Amendment:
    """Changes to a topic's own chapters: articles replaced (by their index over both
    chapters), added at the end of a chapter, or deleted; and new penalty clauses."""

    replace: tuple[tuple[int, Article], ...] = ()
    add: tuple[tuple[int, Article], ...] = ()  # (chapter index 0/1, article)
    delete: tuple[int, ...] = ()
    penalties: tuple[tuple[int, str], ...] | None = None


def amended(topic: Topic, amendment: Amendment) -> Topic:
    """``topic`` after ``amendment`` (indexes, also those of new penalty clauses, refer to the
    topic before it; penalty clauses follow their article to its new place)."""
    replaced = dict(amendment.replace)
    chapters: list[tuple[str, tuple[Article, ...]]] = []
    moved: dict[int, int] = {}
    index = position = 0
    for c, (name, articles) in enumerate(topic.chapters):
        kept: list[Article] = []
        for article in articles:
            if index not in amendment.delete:
                kept.append(replaced.get(index, article))
                moved[index] = position
                position += 1
            index += 1
        added = [a for chapter, a in amendment.add if chapter == c]
        kept += added
        position += len(added)
        chapters.append((name, tuple(kept)))
    penalties = amendment.penalties if amendment.penalties is not None else topic.penalties
    return Topic(
        title=topic.title,
        subject=topic.subject,
        department=topic.department,
        purpose=topic.purpose,
        chapters=tuple(chapters),
        penalties=tuple((moved[i], clause) for i, clause in penalties if i in moved),
    )


# --- the topics -----------------------------------------------------------------------------------

DOGS = Topic(
    title="江澜市养犬管理条例",
    subject="养犬管理",
    department="公安机关",
    purpose="为了规范养犬行为，保障公民健康和人身安全，维护市容环境和社会公共秩序",
    chapters=(
        (
            "养犬登记",
            (
                art("本市对养犬实行登记制度。养犬人应当自取得犬只之日起三十日内办理养犬登记。"),
                art(
                    "申请养犬登记，应当符合下列条件：",
                    "养犬人具有完全民事行为能力；",
                    "犬只已经接种狂犬病疫苗；",
                    "犬只不属于禁止饲养的烈性犬。",
                ),
                art("养犬登记证有效期为一年。期满需要继续养犬的，养犬人应当在期满前三十日内办理延续手续。"),
            ),
        ),
        (
            "养犬行为规范",
            (
                art(
                    "携犬出户的，应当为犬只佩戴犬牌，使用长度不超过二米的犬绳牵领，"
                    "并主动避让老年人、残疾人、孕妇和儿童。",
                    more=("犬只在户外排泄粪便的，携犬人应当立即清除。",),
                ),
                art("禁止携犬进入机关办公场所、学校、医院、体育场馆、博物馆、图书馆等公共场所。"),
                art("犬只伤害他人的，养犬人应当立即将受害人送医诊治，并依法承担民事责任。"),
            ),
        ),
    ),
    penalties=(
        (0, "责令限期改正；逾期不改正的，处二百元以上五百元以下罚款。"),
        (3, "责令改正，可以处五十元以上二百元以下罚款。"),
    ),
)
DOGS_2024 = Amendment(
    replace=(
        (
            3,
            art(
                "携犬出户的，应当为犬只佩戴犬牌，使用长度不超过一点五米的犬绳牵领，"
                "在电梯、楼道等公共区域应当收紧犬绳，并主动避让老年人、残疾人、孕妇和儿童。",
                more=("犬只在户外排泄粪便的，携犬人应当立即清除。",),
            ),
        ),
    ),
    add=(
        (
            0,
            art("养犬人可以通过政务服务平台在线办理养犬登记、延续和注销手续。"),
        ),
    ),
)
DOGS_2026 = Amendment(
    replace=(
        (
            1,
            art(
                "申请养犬登记，应当符合下列条件：",
                "养犬人具有完全民事行为能力；",
                "犬只已经接种狂犬病疫苗并植入电子标识；",
                "犬只不属于禁止饲养的烈性犬；",
                "有与养犬相适应的居住条件。",
            ),
        ),
    ),
    add=((1, art("县（区）人民政府应当在公园、广场等区域合理设置犬只活动场地和粪便收集设施。")),),
    penalties=(
        (0, "责令限期改正；逾期不改正的，处五百元以上一千元以下罚款。"),
        (4, "责令改正，可以处一百元以上三百元以下罚款。"),
    ),
)

GREENING = Topic(
    title="江澜市城市绿化条例",
    subject="城市绿化",
    department="城市管理部门",
    purpose="为了促进城市绿化事业发展，改善生态环境和人居环境",
    chapters=(
        (
            "规划和建设",
            (
                art("市自然资源和规划部门应当会同城市管理部门编制城市绿地系统规划，报市人民政府批准后实施。"),
                art(
                    "新建项目的绿地率应当符合下列标准：",
                    "居住区不低于百分之三十；",
                    "学校、医院等公共服务设施不低于百分之三十五；",
                    "工业项目不高于百分之二十。",
                ),
                art("城市绿化工程的设计应当优先选用乡土树种，乔木、灌木和地被植物合理配置。"),
            ),
        ),
        (
            "保护和管理",
            (
                art(
                    "任何单位和个人不得擅自占用城市绿地；因建设确需临时占用的，应当经城市管理部门同意，并限期归还。"
                ),
                art("禁止擅自砍伐、移植城市树木。确需砍伐、移植的，应当报城市管理部门批准，并按照规定补植。"),
                art("古树名木实行统一管理、分级养护，禁止砍伐、擅自移植古树名木。"),
            ),
        ),
    ),
    penalties=(
        (3, "责令限期归还、恢复原状，可以按照占用面积处每平方米五百元以上一千元以下罚款。"),
        (4, "责令停止侵害，按照树木价值的一倍以上三倍以下处以罚款。"),
    ),
)
GREENING_2024 = Amendment(
    add=(
        (0, art("县（区）人民政府应当利用边角地、闲置地建设口袋公园，方便市民就近休闲。")),
        (1, art("口袋公园的养护管理责任人由所在地县（区）人民政府确定，并向社会公布。")),
    ),
    replace=(
        (
            2,
            art("城市绿化工程的设计应当优先选用乡土树种，注重生物多样性，乔木、灌木和地被植物合理配置。"),
        ),
    ),
)

PARKING = Topic(
    title="江澜市停车场管理条例",
    subject="停车场管理",
    department="公安机关交通管理部门",
    purpose="为了加强停车场规划建设和管理，缓解停车难，改善道路交通秩序",
    chapters=(
        (
            "规划和建设",
            (
                art("市自然资源和规划部门应当会同有关部门编制停车设施专项规划。"),
                art(
                    "新建、改建、扩建建筑物，应当按照停车设施配建标准配建停车场，与主体工程同步设计、同步建设、同步交付使用。"
                ),
                art("鼓励利用地下空间、待建土地建设公共停车场。"),
            ),
        ),
        (
            "经营和使用",
            (
                art(
                    "经营性停车场应当遵守下列规定：",
                    "在出入口显著位置公示收费标准；",
                    "按照规定开具发票；",
                    "不得拒绝新能源汽车停放。",
                ),
                art("鼓励机关、企业事业单位在夜间和节假日向社会开放内部停车场。"),
            ),
        ),
    ),
    penalties=(
        (1, "责令限期改正，处五万元以上二十万元以下罚款。"),
        (3, "责令改正，处二千元以上一万元以下罚款。"),
    ),
)
PARKING_2025 = Amendment(
    replace=(
        (
            3,
            art(
                "经营性停车场应当遵守下列规定：",
                "在出入口显著位置公示收费标准和剩余泊位；",
                "按照规定开具发票；",
                "按照规定配建充电设施，不得拒绝新能源汽车停放；",
                "接入全市智慧停车信息平台。",
            ),
        ),
    ),
    add=((1, art("医院、学校周边的公共停车场可以实行限时停放、错时共享。")),),
)

CIVILITY = Topic(
    title="江澜市文明行为促进条例",
    subject="文明行为促进",
    department="精神文明建设工作机构",
    purpose="为了培育和践行社会主义核心价值观，引导和促进文明行为，提升社会文明程度",
    chapters=(
        (
            "文明行为规范",
            (
                art(
                    "公民在公共场所应当遵守下列规定：",
                    "排队有序，礼让老幼病残孕；",
                    "使用公共设施时爱护设施；",
                    "不大声喧哗，不随地吐痰。",
                ),
                art("机动车驾驶人应当在人行横道前减速慢行，遇行人正在通过时停车让行。"),
                art("饲养宠物的，应当文明饲养，不得干扰他人正常生活。"),
            ),
        ),
        (
            "鼓励和保障",
            (
                art("鼓励见义勇为，对见义勇为人员依法给予表彰奖励。"),
                art("鼓励在公共场所配置自动体外除颤器等急救设备，鼓励具备急救技能的人员实施紧急救助。"),
            ),
        ),
    ),
    penalties=((0, "予以劝阻；拒不改正的，依照有关法律、法规的规定处理。"),),
)

WETLANDS = Topic(
    title="江澜市湿地保护条例",
    subject="湿地保护",
    department="林业主管部门",
    purpose="为了加强湿地保护，维护湿地生态功能和生物多样性",
    chapters=(
        (
            "规划和名录",
            (
                art("市林业主管部门应当会同有关部门编制湿地保护规划，报市人民政府批准后公布实施。"),
                art("本市实行湿地名录管理。市级重要湿地名录由市人民政府公布。"),
            ),
        ),
        (
            "保护和利用",
            (
                art(
                    "在湿地范围内禁止下列行为：",
                    "开（围）垦、填埋湿地；",
                    "擅自采砂、取土；",
                    "排放不符合标准的污水；",
                    "破坏鸟类栖息地。",
                ),
                art("合理利用湿地开展生态旅游、科普教育的，应当符合湿地保护规划，不得改变湿地生态功能。"),
                art(
                    "因建设确需占用重要湿地的，应当依法办理审批手续，并按照先补后占、占补平衡的原则恢复或者重建湿地。"
                ),
            ),
        ),
    ),
    penalties=((2, "责令停止违法行为，限期恢复原状，处五千元以上五万元以下罚款。"),),
)

DATA = Topic(
    title="江澜市公共数据管理条例",
    subject="公共数据管理",
    department="数据资源管理部门",
    purpose="为了加强公共数据管理，促进公共数据共享开放和开发利用",
    chapters=(
        (
            "数据收集和共享",
            (
                art(
                    "公共管理和服务机构收集公共数据，应当遵循合法、正当、必要的原则，不得超出履行职责的范围。"
                ),
                art("本市建立公共数据平台。公共管理和服务机构应当通过公共数据平台共享公共数据。"),
                art("公共数据以共享为原则、不共享为例外。不予共享的，应当说明理由和依据。"),
            ),
        ),
        (
            "数据开放和安全",
            (
                art("公共数据按照开放属性分为无条件开放、受限开放和禁止开放三类。"),
                art(
                    "公共管理和服务机构应当落实数据安全责任，采取下列措施：",
                    "建立数据分类分级保护制度；",
                    "对涉及个人信息的数据进行脱敏处理；",
                    "定期开展安全风险评估。",
                ),
            ),
        ),
    ),
    penalties=((4, "责令改正；情节严重的，对直接负责的主管人员和其他直接责任人员依法给予处分。"),),
)

FITNESS = Topic(
    title="江澜市全民健身条例",
    subject="全民健身",
    department="体育主管部门",
    purpose="为了促进全民健身活动开展，增强公民体质",
    chapters=(
        (
            "健身设施",
            (
                art(
                    "新建居住区应当按照室内人均建筑面积不低于零点一平方米或者室外人均用地不低于零点三平方米的标准配建健身设施。"
                ),
                art("公共体育场馆应当在全民健身日向社会免费开放，其他时间实行免费或者低收费开放。"),
                art("鼓励学校在课余时间和节假日向社会开放体育设施。"),
            ),
        ),
        (
            "健身活动",
            (
                art("每年八月八日所在周为本市全民健身周。"),
                art("鼓励机关、企业事业单位组织职工开展工间操等健身活动。"),
            ),
        ),
    ),
    penalties=((1, "责令限期改正；逾期不改正的，对直接负责的主管人员依法给予处分。"),),
)

WATER = Topic(
    title="江澜市饮用水水源保护条例",
    subject="饮用水水源保护",
    department="生态环境主管部门",
    purpose="为了保护饮用水水源，保障饮用水安全和公众身体健康",
    chapters=(
        (
            "保护区划定",
            (
                art("饮用水水源保护区分为一级保护区和二级保护区，必要时可以在保护区外围划定准保护区。"),
                art("饮用水水源保护区的边界应当设立明确的地理界标和明显的警示标志。"),
            ),
        ),
        (
            "保护措施",
            (
                art(
                    "在饮用水水源一级保护区内禁止下列行为：",
                    "新建、改建、扩建与供水设施和保护水源无关的建设项目；",
                    "从事网箱养殖、旅游、游泳、垂钓；",
                    "放养畜禽。",
                ),
                art("在饮用水水源二级保护区内禁止新建、改建、扩建排放污染物的建设项目。"),
                art("供水单位应当建立水质检测制度，发现水质异常的，应当立即报告。"),
            ),
        ),
    ),
    penalties=(
        (2, "责令停止违法行为，处二万元以上十万元以下罚款。"),
        (3, "责令拆除或者关闭，处十万元以上五十万元以下罚款。"),
    ),
)

FIREWORKS = Topic(
    title="江澜市烟花爆竹燃放管理条例",
    subject="烟花爆竹燃放管理",
    department="公安机关",
    purpose="为了加强烟花爆竹燃放管理，保障公共安全和人身、财产安全，减少环境污染",
    chapters=(
        (
            "禁放区域和时间",
            (
                art("中心城区为烟花爆竹禁止燃放区域，具体范围由市人民政府划定并公布。"),
                art(
                    "禁止在下列地点燃放烟花爆竹：",
                    "文物保护单位；",
                    "车站、码头等交通枢纽；",
                    "医院、学校、幼儿园、养老机构；",
                    "易燃易爆物品生产、储存单位。",
                ),
            ),
        ),
        (
            "销售管理",
            (
                art("禁止在禁止燃放区域内销售烟花爆竹。"),
                art("重污染天气预警期间，市人民政府可以决定在全市范围内临时禁止燃放烟花爆竹。"),
            ),
        ),
    ),
    penalties=(
        (0, "责令停止燃放，处一百元以上五百元以下罚款。"),
        (2, "没收烟花爆竹，处二千元以上一万元以下罚款。"),
    ),
)

ARCHIVES = Topic(
    title="江澜市档案条例",
    subject="档案工作",
    department="档案主管部门",
    purpose="为了加强档案管理，有效保护和利用档案",
    chapters=(
        (
            "档案管理",
            (
                art("机关、团体、企业事业单位应当建立档案工作责任制，确定档案工作人员。"),
                art("电子档案与传统载体档案具有同等效力，可以以电子形式作为凭证使用。"),
                art("重点建设项目、重大活动应当同步开展档案收集工作。"),
            ),
        ),
        (
            "档案利用",
            (
                art("综合档案馆应当定期向社会开放档案，并为档案利用创造条件。"),
                art("鼓励档案馆运用档案资源开展爱国主义教育和地方文化研究。"),
            ),
        ),
    ),
    penalties=((0, "责令限期改正；情节严重的，对直接负责的主管人员依法给予处分。"),),
)

BUSINESS = Topic(
    title="江澜市优化营商环境条例",
    subject="优化营商环境",
    department="发展改革部门",
    purpose="为了持续优化营商环境，激发市场主体活力，推动经济高质量发展",
    chapters=(
        (
            "市场环境",
            (
                art("本市平等保护各类市场主体的合法权益，不得制定含有排除、限制竞争内容的政策措施。"),
                art("政府采购和招标投标不得设置不合理的条件排斥或者限制经营者参与。"),
                art("国家机关、事业单位不得违约拖欠市场主体的货物、工程、服务账款。"),
            ),
        ),
        (
            "政务服务",
            (
                art(
                    "本市推行政务服务事项“一网通办”，除法律、法规另有规定外，政务服务事项均应当实现网上办理。"
                ),
                art(
                    "行政机关应当依法公开下列信息：",
                    "行政许可事项清单；",
                    "办理条件、流程和时限；",
                    "收费项目和标准。",
                ),
            ),
        ),
    ),
    penalties=((2, "责令改正；情节严重的，对直接负责的主管人员和其他直接责任人员依法给予处分。"),),
)

#: bills of the current year that are not (yet) regulations
RIVERS = Topic(
    title="江澜市河道管理条例",
    subject="河道管理",
    department="水行政主管部门",
    purpose="为了加强河道管理，保障防洪安全，改善水环境",
    chapters=(
        (
            "河长制",
            (
                art("本市全面推行河长制，各级河长负责组织领导相应河道的管理和保护工作。"),
                art("河长公示牌应当标明河长姓名、职责、河道概况和监督电话。"),
            ),
        ),
        (
            "河道保护",
            (
                art(
                    "在河道管理范围内禁止下列行为：",
                    "修建围堤、阻水渠道、阻水道路；",
                    "倾倒垃圾、渣土；",
                    "擅自采砂、取土。",
                ),
                art("跨河、穿河建设项目的建设方案应当报水行政主管部门审查同意。"),
            ),
        ),
    ),
    penalties=((2, "责令停止违法行为，限期清除障碍或者采取其他补救措施，处一万元以上五万元以下罚款。"),),
)

HERITAGE = Topic(
    title="江澜市历史文化名城保护条例",
    subject="历史文化名城保护",
    department="自然资源和规划部门",
    purpose="为了加强历史文化名城保护，传承优秀历史文化",
    chapters=(
        (
            "保护对象",
            (
                art("本市历史文化名城的保护对象包括历史城区、历史文化街区、历史建筑和传统风貌建筑。"),
                art("历史建筑由市人民政府确定并公布，设置保护标志。"),
            ),
        ),
        (
            "保护措施",
            (
                art("历史文化街区内的新建、扩建建筑，应当在高度、体量、色彩等方面与历史风貌相协调。"),
                art("历史建筑的所有权人应当按照保护要求负责历史建筑的维护和修缮。"),
            ),
        ),
    ),
    penalties=((2, "责令停止违法行为，限期恢复原状，处五万元以上五十万元以下罚款。"),),
)

PROPERTY = Topic(
    title="江澜市物业管理条例",
    subject="物业管理",
    department="住房和城乡建设部门",
    purpose="为了规范物业管理活动，维护业主和物业服务人的合法权益",
    chapters=(
        (
            "业主和业主组织",
            (
                art("业主可以设立业主大会，选举业主委员会。街道办事处应当指导和协助业主大会的成立。"),
                art("业主委员会应当每半年公布一次专项维修资金和公共收益的收支情况。"),
            ),
        ),
        (
            "物业服务",
            (
                art(
                    "物业服务人应当按照物业服务合同的约定提供服务，并在物业管理区域内显著位置公示服务内容和收费标准。"
                ),
                art("老旧小区没有物业服务人的，由街道办事处组织提供基本物业服务。"),
            ),
        ),
    ),
    penalties=((2, "责令限期改正，可以处一万元以上五万元以下罚款。"),),
)

ELEVATORS = Topic(
    title="江澜市电梯安全条例",
    subject="电梯安全管理",
    department="市场监督管理部门",
    purpose="为了加强电梯安全管理，预防和减少电梯事故，保障人身和财产安全",
    chapters=(
        (
            "使用管理",
            (
                art("电梯使用单位应当在电梯轿厢内显著位置张贴安全注意事项和应急救援电话。"),
                art("住宅电梯需要更新、改造、修理的，所需费用从专项维修资金中列支。"),
            ),
        ),
        (
            "维护保养",
            (
                art("电梯维护保养单位应当每十五日对电梯进行一次清洁、润滑、调整和检查。"),
                art("电梯发生困人故障的，维护保养单位的救援人员应当在三十分钟内到达现场。"),
            ),
        ),
    ),
    penalties=((3, "责令改正，处一万元以上五万元以下罚款。"),),
)

TOURISM = Topic(
    title="江澜市乡村旅游促进条例",
    subject="乡村旅游促进",
    department="文化广电旅游部门",
    purpose="为了促进乡村旅游发展，推动乡村振兴",
    chapters=(
        (
            "规划和扶持",
            (
                art("县（区）人民政府应当编制乡村旅游发展规划。"),
                art("鼓励农村集体经济组织以土地经营权入股等方式发展乡村旅游。"),
            ),
        ),
        (
            "经营规范",
            (
                art("乡村民宿经营者应当依法办理登记，落实消防、食品安全等要求。"),
                art("乡村旅游经营者应当公示服务项目和收费标准。"),
            ),
        ),
    ),
    penalties=((2, "责令改正，处二千元以上二万元以下罚款。"),),
)

ADS = Topic(
    title="江澜市户外广告设施设置管理条例",
    subject="户外广告设施设置管理",
    department="城市管理部门",
    purpose="为了规范户外广告设施设置，维护城市容貌和公共安全",
    chapters=(
        (
            "设置规划",
            (
                art("市城市管理部门应当会同有关部门编制户外广告设施设置规划。"),
                art("禁止在文物保护单位、党政机关办公场所、学校和医院的建筑控制地带设置户外广告设施。"),
            ),
        ),
        (
            "设置管理",
            (
                art("设置大型户外广告设施的，应当经城市管理部门许可。"),
                art("户外广告设施设置人应当定期对设施进行安全检查，发现安全隐患的，应当立即整改。"),
            ),
        ),
    ),
    penalties=((2, "责令限期拆除，处五千元以上五万元以下罚款。"),),
)
