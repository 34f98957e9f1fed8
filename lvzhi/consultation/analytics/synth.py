"""A seeded generator of realistic, **fictional** public comments on a fictional draft regulation.

The draft is the 江澜市电动自行车管理条例（草案） (:data:`ARTICLES`, 60 articles in eight
chapters, written for this module; 江澜市, its districts, roads and people are invented).  A
consultation of ``n`` comments is generated with known answers:

* **organic comments** (about 55 %): a persona sentence ("我是青溪区的一名外卖骑手，……"), a
  reference to the article (第二十三条 / 第23条 / 草案第二十三条 / a quotation of the article's
  text / nothing but the form's ``article`` field), a stance sentence, one to three reasons,
  details or proposals of the article's topic (or, for 8 %, a question about it), and a
  closing formula; each has a persona or an experience with places and numbers of its own.  Sentences are templates
  with ``{a|b|c}`` alternatives, slots (districts, roads, jobs, numbers) and ``[optional]``
  parts, so two comments on the same topic share vocabulary but rarely whole sentences;
* **short generic comments** (4 %): "同意。", "支持！", "没有意见" — independent people
  writing the same words, hence exact duplicates of each other;
* **near-duplicate families** (6 %, 2–4 comments): one person submits again with edits, or a
  neighbour copies a comment and adds a sentence;  **resubmissions** (3 %): the same text
  twice or three times, seconds to hours apart;
* **campaigns** (30 %): twelve template letters (:data:`CAMPAIGNS`) with Zipf-like sizes,
  each member an exact copy (45 %), a light variant (38 %: one to three of synonym swaps, a
  greeting, a signature, a dropped sentence, a personal sentence, punctuation or a number
  changed), a heavy variant (10 %: a personal paragraph added) or a reworded variant (7 %:
  several synonym swaps, two sentences swapped, one dropped); 70 % of the members arrive in
  one to three bursts of a few hours.  Two campaigns take opposite sides on the same
  article (限速), two more share their topic (登记/过渡期);
* **bridges** (0.02 %): a comment pasting the first half of two different campaign templates,
  posted once both campaigns have started, attached to the first one in the ground truth.

Ground truth (:class:`GroundTruth`, numpy arrays aligned with the stream): the near-duplicate
family of each comment (families that happen to have identical canonical texts — "同意。" —
are merged, as they are exact duplicates), its campaign, its kind, the article it is about, the
intended stance and the topic.  Comments are yielded in order of ``submitted_at`` (a 30-day
consultation from 2025-03-03, day/night rhythm, more comments in the first and last days),
ids ``"C0000001"`` …  The generator only uses :class:`random.Random` and
``numpy.random.default_rng`` seeded with integers: same ``(n, seed)`` → same comments.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from .normalise import canonical, int_to_cn

__all__ = [
    "ARTICLES",
    "CAMPAIGNS",
    "DRAFT_TITLE",
    "KINDS",
    "STANCES",
    "TOPICS",
    "GroundTruth",
    "SyntheticConsultation",
    "bcubed",
    "generate",
    "pair_metrics",
]

DRAFT_TITLE = "江澜市电动自行车管理条例（草案）"

#: Chapters: (title, first article, last article).
CHAPTERS: tuple[tuple[str, int, int], ...] = (
    ("第一章 总则", 1, 7),
    ("第二章 生产、销售和维修", 8, 15),
    ("第三章 登记", 16, 22),
    ("第四章 通行", 23, 34),
    ("第五章 停放和充电", 35, 45),
    ("第六章 经营性使用", 46, 52),
    ("第七章 法律责任", 53, 59),
    ("第八章 附则", 60, 60),
)

_ARTICLE_TEXTS = """
为了加强电动自行车管理，维护道路交通秩序，预防和减少火灾与交通事故，保护人身和财产安全，根据《中华人民共和国道路交通安全法》等法律、行政法规，结合本市实际，制定本条例。
本市行政区域内电动自行车的生产、销售、维修、登记、通行、停放、充电及其相关管理活动，适用本条例。
电动自行车管理遵循安全第一、方便群众、综合治理、社会共治的原则。
市、县（区）人民政府应当加强对电动自行车管理工作的领导，建立协调机制，将电动自行车停放充电设施建设纳入城市规划，所需经费列入本级财政预算。
公安机关交通管理部门负责电动自行车登记和道路通行管理；市场监督管理部门负责生产、销售和维修环节的产品质量监督；消防救援机构负责电动自行车火灾预防的监督指导；住房城乡建设、商务、邮政管理、城市管理等部门按照各自职责做好相关工作。
乡镇人民政府、街道办事处应当督促指导居民委员会、村民委员会和物业服务人做好电动自行车停放充电的安全管理工作。
广播、电视、报刊、网络等媒体应当开展电动自行车交通安全和消防安全宣传教育。学校应当将电动自行车安全知识纳入安全教育内容。
在本市生产、销售的电动自行车应当符合强制性国家标准，并取得强制性产品认证证书。
禁止销售不符合强制性国家标准的电动自行车及其蓄电池、充电器。销售者应当建立进货查验和销售台账制度，台账保存期限不少于三年。
销售者销售电动自行车时，应当向购买人提供产品合格证和发票，告知登记上牌、佩戴安全头盔等规定，并不得为购买人提供改装服务。
禁止任何单位和个人非法改装、拼装电动自行车，不得擅自更换不符合国家标准的蓄电池或者拆除限速装置。
电动自行车维修经营者应当在经营场所公示维修项目和收费标准，不得从事非法改装业务。
鼓励电动自行车生产者、销售者开展以旧换新活动。市人民政府可以对淘汰不符合强制性国家标准的电动自行车给予适当补贴，具体办法由市商务部门会同有关部门制定。
电动自行车蓄电池的生产者、销售者应当依法履行废旧蓄电池回收责任，设置回收网点，不得随意丢弃。
市场监督管理部门应当定期组织对销售、维修环节的电动自行车及其蓄电池、充电器进行抽查，并向社会公布抽查结果。
电动自行车实行登记制度。电动自行车经公安机关交通管理部门登记并取得号牌后，方可上道路行驶。
申请登记的，应当提交所有人身份证明、购车发票等来历证明、产品合格证。公安机关交通管理部门应当当场办理登记，核发号牌和行驶证。
公安机关交通管理部门应当推行网上办理、销售点代办等便民登记方式，登记不收取费用。
本条例施行前购买的不符合强制性国家标准的电动自行车，由公安机关交通管理部门核发临时号牌，临时号牌有效期至二〇二七年十二月三十一日止，期满后不得上道路行驶。
驾驶电动自行车上道路行驶，应当随车携带行驶证，按照规定悬挂号牌，保持号牌清晰、完整，不得故意遮挡、污损。
电动自行车所有权转移或者登记事项变更的，应当自转移、变更之日起三十日内办理变更登记；电动自行车灭失、报废的，应当办理注销登记。
公安机关交通管理部门应当与市场监督管理、商务等部门建立电动自行车信息共享机制。
驾驶电动自行车在道路上行驶，最高时速不得超过二十五公里；在学校、医院、商业步行街周边等人流密集路段，最高时速不得超过十五公里。
驾驶电动自行车应当年满十六周岁。
驾驶人和乘坐人员应当规范佩戴安全头盔。电动自行车销售者、外卖配送和快递企业应当为驾驶人配备安全头盔。
驾驶电动自行车只能搭载一名十二周岁以下的未成年人，搭载六周岁以下儿童的，应当使用固定座椅。
驾驶电动自行车应当在非机动车道内行驶；没有非机动车道的，应当靠车行道右侧行驶。
驾驶电动自行车不得有下列行为：（一）闯红灯、逆向行驶；（二）驶入机动车道、高架道路、快速路；（三）行驶时使用手持电话；（四）醉酒驾驶；（五）其他妨碍道路交通安全的行为。
市公安机关交通管理部门可以根据道路交通状况，在特定时段、特定路段限制电动自行车通行，并提前向社会公告。
驾驶电动自行车载物的，高度从地面起不得超过一点五米，宽度左右各不得超出车把零点一五米，长度前端不得超出车轮，后端不得超出车身零点三米。
夜间行驶或者遇有雾、雨、雪等低能见度天气时，应当开启照明灯。
县（区）人民政府应当完善非机动车道等交通设施，对机动车与非机动车混行路段逐步实施物理隔离。
公安机关交通管理部门可以运用电子警察等技术手段，对电动自行车交通违法行为进行记录和查处。
电动自行车交通违法行为人可以参加交通安全教育或者协助维持交通秩序，免予处罚；但一年内被处罚二次以上的除外。
县（区）人民政府应当统筹规划建设电动自行车集中停放场所和充电设施，优先在老旧小区、城中村、学校、医院周边建设。
新建住宅小区应当按照规定配建电动自行车集中停放场所和充电设施，与主体工程同步设计、同步施工、同步验收。
既有住宅小区具备条件的，业主大会或者物业服务人应当设置电动自行车集中停放场所和充电设施；不具备条件的，街道办事处应当协调解决。
禁止在建筑物的公共门厅、疏散通道、安全出口、楼梯间停放电动自行车或者为其充电。
禁止携带电动自行车或者其蓄电池进入电梯轿厢。鼓励住宅小区安装电梯智能阻止系统。
禁止私拉电线和插座为电动自行车充电。禁止在住宅套内为电动自行车或者蓄电池充电。
物业服务人应当对管理区域内电动自行车停放、充电行为进行巡查，发现违法停放、充电的，应当予以劝阻、制止，并向有关部门报告。
充电设施运营单位应当落实安全管理责任，设置充电时间、电量控制和故障报警等功能，收费标准应当公示。
机关、企业事业单位应当为本单位职工提供电动自行车停放和充电场所。
在城市道路上停放电动自行车，应当在非机动车停放区域内有序停放，不得妨碍行人和其他车辆通行。
城市管理部门可以对违规占用人行道停放的电动自行车予以清理，集中保管，并通知当事人领取，保管期间不得收取费用。
从事外卖配送、快递等经营活动使用电动自行车的单位，应当为骑手登记电动自行车，建立车辆和驾驶人管理台账。
外卖配送、快递企业应当对电动自行车统一编号、统一标识，并为驾驶人购买人身意外伤害保险和第三者责任保险。
外卖配送、快递企业应当定期对驾驶人进行交通安全教育培训，培训时间每年不少于八学时。
网络餐饮服务平台应当合理确定配送时间，不得以超时扣款等方式变相要求驾驶人超速行驶、闯红灯。
公安机关交通管理部门对外卖配送、快递驾驶人实行交通违法记分管理，一个记分周期内记满十二分的，由企业暂停其配送工作并组织培训。
互联网租赁电动自行车经营者应当按照规定的投放区域和数量投放车辆，及时清理违规停放车辆。
互联网租赁电动自行车经营者应当为承租人提供安全头盔，并对承租人进行实名登记。
违反本条例第九条规定，销售不符合强制性国家标准的电动自行车的，由市场监督管理部门没收违法所得和违法销售的车辆，并处每辆二千元以上五千元以下罚款。
违反本条例第十一条规定，非法改装、拼装电动自行车的，由市场监督管理部门责令改正，对经营者处五千元以上二万元以下罚款。
驾驶人未按照规定佩戴安全头盔的，由公安机关交通管理部门处警告或者二十元以上五十元以下罚款。
违反本条例第二十八条规定的，由公安机关交通管理部门处五十元以上二百元以下罚款；醉酒驾驶的，处五百元罚款。
违反本条例第三十八条、第四十条规定的，由消防救援机构责令改正，对个人处五百元以上一千元以下罚款，对单位处五千元以上五万元以下罚款。
物业服务人未履行本条例第四十一条规定职责的，由县（区）住房城乡建设部门责令改正，处一万元以上三万元以下罚款。
外卖配送、快递企业违反本条例第四十七条、第四十九条规定的，由有关部门责令改正，处一万元以上五万元以下罚款。
本条例自二〇二六年一月一日起施行。
"""

#: The draft's articles: number → text (60 articles, fictional).
ARTICLES: dict[int, str] = {i + 1: t for i, t in enumerate(_ARTICLE_TEXTS.split())}
assert len(ARTICLES) == 60

STANCES: tuple[str, ...] = ("support", "oppose", "change", "unknown")
KINDS: tuple[str, ...] = (
    "organic",
    "generic",
    "near_duplicate",
    "resubmission",
    "campaign_exact",
    "campaign_light",
    "campaign_heavy",
    "campaign_reworded",
    "bridge",
)


@dataclass(frozen=True)
class Topic:
    """A topic of the draft: its articles (with weights), what commenters call the provision
    and sentence pools per stance."""

    code: str
    name: str
    articles: dict[int, float]
    subjects: tuple[str, ...]
    support: tuple[str, ...]
    oppose: tuple[str, ...]
    change: tuple[str, ...]
    details: tuple[str, ...]
    questions: tuple[str, ...] = ()


def _t(s: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in s.strip().splitlines() if line.strip())


TOPICS: tuple[Topic, ...] = (
    Topic(
        "governance", "管理体制", {1: 0.5, 2: 0.6, 3: 0.5, 4: 1.0, 5: 1.2, 6: 0.8, 7: 0.8},
        ("关于部门职责的规定", "关于管理体制的规定", "关于宣传教育的规定", "这一条的职责分工"),
        _t("""
            {明确|理顺}了各部门的职责，避免{多头管理|推诿扯皮|九龙治水}
            把{停放充电设施|充电桩}建设纳入{城市规划|财政预算}，{抓住了要害|很有远见}
            [从源头上]{强调|突出}了{社会共治|综合治理}，[我]觉得思路是对的
        """),
        _t("""
            {部门|单位}太多，{实际执行中|到了基层}{容易互相推诿|谁都不管}
            {街道|社区}人手有限，{很难|根本无法}承担这么多{管理任务|巡查工作}
            {职责|分工}写得太{笼统|原则}，{缺乏可操作性|落不了地}
        """),
        _t("""
            建议{明确|写明}{牵头部门|由哪个部门牵头}，{建立|设立}{联席会议|协调}制度
            建议增加{考核|问责}条款，[对]不履职的部门{要有|应当有}{约束|追责}
            建议{把|将}{学校|社区}的{安全教育|宣传}{责任|义务}写得更{具体|明确}一些
        """),
        _t("""
            我们{district}{某|一个}{小区|社区}{去年|前年}{n:3-11}月{发生过|出过}一次电动车{火灾|起火}，{物业|居委会}和{消防|街道}{互相推|都说不归自己管}
            {上次|之前}{向|给}{district}{反映|投诉}{road}{充电难|停车难}的问题，{打了|拨了}{n:2-9}个电话{都没人管|才有回音}
        """),
        _t("""
            {乡镇|街道}在电动自行车管理中{具体|到底}{负责什么|承担哪些责任}？
            {宣传教育|安全教育}{经费|费用}{从哪里|由谁}{出|列支}？{学校|社区}{每年|一年}要{搞|开展}几次？
            {部门|单位}{之间|相互}{推诿|扯皮}的，{群众|老百姓}{向谁|找哪个部门}{投诉|反映}？
        """),
    ),
    Topic(
        "sales", "销售和改装", {8: 0.8, 9: 1.0, 10: 0.8, 11: 1.5, 12: 0.7, 15: 0.5, 53: 0.8, 54: 1.0},
        ("禁止非法改装的规定", "关于销售环节的规定", "对改装拼装的处罚", "关于维修经营者的规定"),
        _t("""
            {很多|不少}{事故|火灾}都是{改装车|非标电池}{引起的|造成的}，{必须|应该}从源头{管住|卡住}
            {销售|维修}环节{管好了|把住了}，{后面|路上}的{隐患|问题}就{少了一大半|少多了}
            {拆除限速装置|私自改装}的车{跑得太快|速度快}，{太危险|对行人威胁很大}
        """),
        _t("""
            {正规|合规}的{维修|配件}{太少|不好买}，{不改装|换原厂电池}{根本没法用|成本太高}
            {小维修店|个体维修户}{本小利薄|没有多少利润}，{罚款|处罚}{动辄|起步就}{五千元|上万元}，{承受不起|太重了}
            {改装|换电池}的{界限|标准}{不清楚|说不明白}，{容易|可能}{误罚|一刀切}
        """),
        _t("""
            建议{区分|分清}{安全性改装|加装后视镜遮阳棚}和{提速改装|拆除限速}，不要{一刀切|一律处罚}
            建议{罚款|处罚}{下限|起点}{降低到|调整为}{n:500-2000}元，{首次|初次}违法{以教育为主|可以警告}
            建议{公布|公开}{合格|达标}{电池|配件}{目录|名单}，方便{群众|车主}{选购|更换}
        """),
        _t("""
            我在{road}{开了|经营}{n:3-15}年{维修店|车行}，{每天|一天}{修|接}{n:5-30}辆车
            {上个月|前些天}{在|去}{road}{一家|某}{车行|店}{换电池|修车}，{老板|店员}{主动|直接}{问|推荐}要不要{解除限速|提速}
        """),
        _t("""
            {加装|安装}{遮阳棚|挡风被|后视镜}{算不算|是否属于}非法改装？
            {买车时|购车时}{商家|店家}{已经|早就}{改过|解除了限速}的，{车主|买车人}{要不要|是否}{担责|被罚}？
            {抽查|检查}{结果|不合格的}{在哪里|从哪个网站}{能查到|可以查询}？
        """),
    ),
    Topic(
        "tradein", "以旧换新和电池回收", {13: 1.5, 14: 1.0},
        ("以旧换新的规定", "淘汰补贴的规定", "关于废旧蓄电池回收的规定"),
        _t("""
            {以旧换新|淘汰补贴}{减轻了|降低了}{群众|车主}的{负担|换车成本}，{是件好事|值得肯定}
            {废旧电池|旧电瓶}{乱扔|随意丢弃}{污染环境|很危险}，{回收|集中回收}{很有必要|非常必要}
        """),
        _t("""
            {补贴|优惠}{太少|力度不够}，{换一辆|买新车}{还要|至少要}{自己掏|花}{n:1500-3500}元
            {具体办法|补贴标准}{交给|授权}{部门|商务部门}{另行|以后}制定，{群众|我们}{心里没底|不放心}
        """),
        _t("""
            建议{补贴|补助}{标准|金额}{直接|在条例中}{写明|规定}{每辆|每台}不低于{n:300-800}元
            建议{对|给}{低保户|困难群众|外卖骑手}{提高|增加}{补贴|补助}{比例|标准}
            建议{每个|各}{街道|社区}{都|至少}{设置|设}{n:1-3}个{电池回收|旧车回收}点
        """),
        _t("""
            我家{那辆|这辆}{旧车|老车}{买了|骑了}{n:4-12}年，{电池|电瓶}{已经换过|换了}{n:2-4}次
            {去年|上半年}{road}{一家|的}{厂家|商场}{搞过|做过}{以旧换新|回收}活动，{旧车|老车}{只抵|才折}{n:100-400}元
        """),
        _t("""
            {补贴|以旧换新}{什么时候|从何时}{开始|启动}，{在哪里|去哪儿}{申请|办理}？
            {旧电池|废电瓶}{交到|送到}{回收点|回收网点}{给不给|有没有}{钱|补偿}？
            {外地|外省}{买的|购买的}{旧车|电动车}{能不能|可不可以}{参加|享受}{以旧换新|补贴}？
        """),
    ),
    Topic(
        "plates", "登记上牌", {16: 1.5, 17: 0.8, 18: 1.0, 20: 0.8, 21: 0.5, 22: 0.4},
        ("登记上牌的规定", "关于号牌的规定", "关于便民登记的规定", "关于变更登记的规定"),
        _t("""
            {上牌|登记}以后{被盗|丢了}{好找|容易追回}，{违法|肇事}也{好追责|能查到人}
            {网上办理|销售点代办}{很方便|省了跑腿}，{不收费|免费}{更是|也是}{惠民|为群众着想}
        """),
        _t("""
            {上牌|登记}{要|得}{排长队|跑好几趟}，{上班族|打工的}{根本没时间|请不了假}
            {随车|每次都}{携带|带着}{行驶证|证件}{太麻烦|不现实}，{手机上|电子证}{能查|可以查}就{行了|够了}
        """),
        _t("""
            建议{推行|推广}{电子行驶证|电子证照}，{不再|不必}{随车携带|带纸质证}
            建议{变更登记|过户}{期限|时限}{延长到|放宽到}{n:60-90}日
            建议{在|到}{社区|街道便民服务中心}{设|增设}{登记点|代办点}
        """),
        _t("""
            我{上周|前天}{去|到}{district}{车管所|登记点}{上牌|办登记}，{排了|等了}{n:2-4}个小时
            {邻居|同事|亲戚}{n:2-6}年前{买|花了{n:2000-4000}元买}的车{上个月|前段时间}在{road}{丢了|被偷了}，{没上牌|没有号牌}{找不回来|没法找}
        """),
        _t("""
            {外地|外省}{买的车|购买的车}{能不能|可以}在本市{登记|上牌}？
            {二手车|转手的车}{没有|丢了}{发票|合格证}，{怎么|如何}{办理|申请}{登记|上牌}？
            {网上|手机上}{办理|申请}{登记|上牌}{要|需要}{多少天|几个工作日}{才能|能}{拿到|领到}{号牌|牌照}？
        """),
    ),
    Topic(
        "transition", "过渡期和临时号牌", {19: 1.0},
        ("临时号牌的过渡期", "超标车的过渡期规定", "关于临时号牌有效期的规定"),
        _t("""
            {超标车|不达标的车}{速度快|重量大}、{火灾|事故}{风险高|隐患大}，{早日|按期}{淘汰|退出}{是对的|很有必要}
            {过渡期|给了过渡期}{已经|也算}{考虑了|照顾了}{群众|车主}的{实际困难|承受能力}
        """),
        _t("""
            {超标车|我的车}{还能骑|好好的}，{到期|期满}就{不能上路|报废}，{太浪费|损失太大}
            {很多|不少}{老人|农村群众}{就靠|全靠}{这辆车|电动车}{出行|买菜接孩子}，{一刀切|直接禁止}{不近人情|太急了}
        """),
        _t("""
            建议{过渡期|有效期}{延长到|放宽到}二〇{二八|二九|三〇}年{底|年底}
            建议{到期前|过渡期内}{给予|配套}{淘汰|报废}{补贴|补偿}，{不让|别让}{群众|车主}{吃亏|受损失}
            建议{对|允许}{检测合格|安全状况良好}的{超标车|旧车}{延期|继续使用}
        """),
        _t("""
            我{那辆|这辆}车是{n:2017-2019}年{买的|购置的}，{花了|用了}{n:2500-4500}元，{一直|平时}{骑着|用来}{上下班|接送孩子}
            {我们村|我们小区}{n:30-80}{户|家}{有|里}{一大半|多数}{骑的|用的}是{超标车|老款车}
        """),
        _t("""
            临时号牌{到期|期满}{以后|之后}{车|旧车}{怎么处理|该怎么办}？
            {超标车|旧车}{现在|目前}{还没|没有}{临时号牌|挂牌}的，{还能不能|是否可以}{补办|申领}？
            {过渡期|有效期}{内|里}{旧车|超标车}{能不能|可否}{过户|转让}给{亲戚|别人}？
        """),
    ),
    Topic(
        "speed", "限速", {23: 1.0},
        ("最高时速不得超过二十五公里的规定", "关于限速的规定", "人流密集路段限速十五公里的规定", "车速限制"),
        _t("""
            {车速|速度}{快了|一快}{刹不住|来不及反应}，{限速|限制车速}{能减少|可以减少}{事故|伤亡}
            {学校|医院}{门口|周边}{孩子|老人}{多|很多}，{限速十五公里|慢一点}{很有必要|完全应该}
            {电动车|两轮车}{速度|车速}{太快|过快}{是|已经是}{事故|伤亡}的{主要原因|头号原因}
        """),
        _t("""
            {十五公里|十五公里每小时}{比|跟}{自行车|骑车}{还慢|差不多}，{根本|实在}{没法|不能}{正常|按时}{送单|上班}
            {人流密集路段|密集路段}{范围|怎么界定}{不清楚|说不清}，{容易|会}{被|遭到}{随意|乱}{执法|罚款}
            {限速|车速}{标准|规定}{太低|过低}，{不符合|脱离了}{实际|通勤需要}
        """),
        _t("""
            建议{将|把}{人流密集路段|密集路段}的{限速|最高时速}{调整为|提高到}{n:18-20}公里
            建议{明确|列明}{人流密集路段|限速路段}的{范围|具体路段}，{设置|设立}{明显|醒目}的{标志|标识}
            建议{限速|低速}{只在|仅在}{上学放学|高峰}{时段|时间}{执行|实施}
        """),
        _t("""
            我{每天|天天}{从|沿着}{road}{骑到|骑去}{road}，{单程|一趟}{n:8-20}公里，{限速以后|按十五公里}{要多花|得多用}{n:15-40}分钟
            {上个月|前不久}{在|经过}{road}{学校门口|医院门口}{看到|目睹}一辆{电动车|快车}{撞了|刮倒了}{一个|一位}{小学生|老人}
        """),
        _t("""
            {限速|时速}{怎么测|如何认定}？{没有|不装}{测速设备|测速仪}{怎么|如何}执法？
            {人流密集路段|密集路段}{包括|含不含}{菜场|农贸市场|地铁站}{周边|门口}吗？
            {二十五公里|限速}{是|指}{车辆|电动车}{设计|出厂}{时速|速度}还是{实际|骑行}{车速|速度}？
        """),
    ),
    Topic(
        "helmet", "安全头盔", {25: 1.5, 55: 1.2, 52: 0.5},
        ("佩戴安全头盔的规定", "关于头盔的规定", "未戴头盔罚款的规定", "关于共享电单车提供头盔的规定"),
        _t("""
            {戴头盔|佩戴头盔}{能|可以}{大大|明显}{降低|减少}{颅脑损伤|死亡率}，{这条|这个规定}{救命|太重要了}
            {头盔|安全帽}{是|就是}{保命的|生命的保障}，{罚|处罚}{二十到五十元|几十块钱}{不算重|很合理}
        """),
        _t("""
            {夏天|三伏天}{戴头盔|戴着头盔}{太热|闷得受不了}，{短途|买个菜}{也要戴|都要戴}{太较真|不现实}
            {乘坐人员|后座的孩子}也{要|得}戴，{小孩|孩子}的{头盔|安全帽}{不好买|很难买到合适的}
            {罚款|处罚}{不是目的|解决不了问题}，{应该|还是}{以宣传为主|多做宣传}
        """),
        _t("""
            建议{首次|第一次}{未戴|没戴}头盔的{只警告|给予警告}{不罚款|不予罚款}
            建议{共享电单车|租赁车}{必须|应当}{配|配备}{消毒|干净}的头盔，{否则|不然}{谁也不愿意戴|没法戴}
            建议{政府|有关部门}{免费发放|补贴}{儿童头盔|头盔}
        """),
        _t("""
            我{表哥|一个同事|邻居|同学}{去年|前年}{n:2-12}月在{road}{骑车|骑电动车}{摔了|出了事故}，{幸亏|好在}{戴了头盔|戴着头盔}{才|只}{受了轻伤|擦破点皮}
            {在|走到}{road}{路口|一带}{看|数}了{n:5-30}分钟，{十个|十辆车}里{有|差不多}{n:3-6}个{没戴头盔|不戴头盔}
        """),
        _t("""
            {骑共享电单车|租车}{没有|没带}头盔{谁|由谁}{负责|承担责任}？
            {儿童|小孩}{头盔|安全帽}{有没有|是否有}{国家标准|统一标准}？{在哪里|去哪儿}{买|购买}？
            {乘坐人员|坐后座的人}{没戴|不戴}头盔，{罚|处罚}{驾驶人|骑车人}还是{乘坐人|坐车的人}？
        """),
    ),
    Topic(
        "passenger", "载人和驾驶年龄", {24: 1.0, 26: 1.6},
        ("只能搭载一名未成年人的规定", "关于载人的规定", "驾驶人年满十六周岁的规定", "搭载儿童使用固定座椅的规定"),
        _t("""
            {载人|带人}{多了|一多}{车|电动车}{就|很}{不稳|容易翻}，{只准带一个|限载一人}{是对的|合理}
            {小孩|儿童}{坐|用}{固定座椅|安全座椅}{安全|更安全}，{这条|这个要求}{很贴心|考虑周到}
            {未满十六周岁|中学生}{骑车|骑电动车}{不安全|太危险}，{年龄|十六周岁}{限制|门槛}{很有必要|应该坚持}
        """),
        _t("""
            {家里|我家}{有|是}{两个孩子|二胎}，{只能带一个|只准带一名}，{另一个|老二}{怎么办|谁来接}
            {爷爷奶奶|老人}{接送|送}{孙子孙女|孩子}{上学|上幼儿园}{全靠|就靠}电动车，{限载|不让带}{太不方便|很为难}
            {郊区|农村}{公交|班车}{少|很少}，{不满十六岁|中学生}{不骑车|不让骑}{上学|去学校}{很困难|太远了}
        """),
        _t("""
            建议{允许|准许}{搭载|带}{两名|两个}{六周岁以下|学龄前}{儿童|孩子}，{但|同时}{要求|须}{使用|装}{固定座椅|安全座椅}
            建议{把|将}{搭载|载人}{年龄|上限}{放宽到|调整为}{十四|十六}周岁
            建议{对|给}{农村|郊县}{初中生|学生}{设|留}{过渡期|例外}
        """),
        _t("""
            我{每天|天天}{早上|早晨}{七点|七点半}{送|接}{两个孩子|老大老二}{去|到}{district}{实验小学|第二幼儿园}，{路上|单程}{n:10-25}分钟
            {我们|我家}{住在|在}{district}，{离学校|到学校}{有|要}{n:5-12}公里，{没有|不通}公交
        """),
        _t("""
            {孩子|儿童}{满十二周岁以后|超过十二岁}{还能不能|是否可以}{坐|搭乘}电动车？
            {固定座椅|儿童座椅}{有没有|是否有}{标准|规格要求}？{装在|安装在}{前面|后座}{可以吗|行不行}？
            {满十六周岁|十六岁}的{高中生|学生}{骑车|驾驶}{要不要|需不需要}{考试|培训}？
        """),
    ),
    Topic(
        "traffic", "通行规则和禁行路段", {27: 0.8, 28: 1.2, 29: 1.4, 30: 0.6, 31: 0.4, 32: 0.8, 33: 0.8, 34: 0.8, 56: 1.0},
        ("限制通行路段的规定", "关于通行规则的规定", "电子警察抓拍的规定", "关于非机动车道的规定", "载物尺寸的规定"),
        _t("""
            {闯红灯|逆行}的{电动车|两轮车}{太多|越来越多}，{严格|加强}{执法|管理}{大快人心|很有必要}
            {非机动车道|物理隔离}{建好了|修好了}，{大家|骑车人}{才|也就}{不会|不用}{往机动车道|跟汽车}{挤|抢道}
            {教育|学习}{代替|免于}{处罚|罚款}{人性化|很人性}，{值得|可以}{推广|肯定}
        """),
        _t("""
            {限行|禁行}{路段|时段}{一划|划定}，{上班|送货}{就要|只能}{绕|绕路}{n:3-8}公里
            {很多路|不少路段}{根本|压根}{没有|不设}{非机动车道|自行车道}，{叫人|让人}{怎么|如何}{守法|遵守}
            {电子警察|抓拍}{抓拍|拍照}{电动车|两轮车}{号牌|牌子}{看不清|拍不清}，{容易|可能}{错罚|罚错人}
        """),
        _t("""
            建议{限行|禁行}{路段|措施}{出台前|实施前}{听证|征求意见}，{公告|提前}{至少|不少于}{n:15-30}日
            建议{在|把}{road}{等|这些}{主干道|路段}{补建|增设}{非机动车道|隔离护栏}
            建议{载物|载货}{高度|长度}{标准|限制}{对|给}{快递|配送}{车辆|三轮}{适当放宽|单独规定}
        """),
        _t("""
            {每天早上|每天}{在|经过}{road}和{road}{交叉口|路口}，{总能看到|经常看到}{电动车|外卖车}{闯红灯|逆行}
            {road}{从|由}{去年|前年}{开始|起}{禁止|不让}电动车{通行|进入}，{我|我们}{绕路|只好绕行}{多走|多骑}{n:2-6}公里
        """),
        _t("""
            {特定路段|限制通行的路段}{由谁|怎么}{确定|决定}？{会不会|是否}{事先|提前}{征求|听取}意见？
            {电子警察|抓拍}{拍到|记录}的{违法|违章}{在哪里|怎么}{查询|查}？{多久|几天}{内|之内}{通知|告知}？
            {载物|拉货}{超出|超过}{车把|车身}{一点|几公分}{也要|就要}{罚|处罚}吗？
        """),
    ),
    Topic(
        "charging", "停放充电设施", {35: 1.3, 36: 0.9, 37: 1.4, 42: 0.8, 43: 0.7},
        ("建设集中停放充电设施的规定", "关于充电设施的规定", "老旧小区充电设施的规定", "充电收费的规定"),
        _t("""
            {充电难|没地方充电}是{飞线充电|电动车上楼}的{根源|根本原因}，{先建设施|设施先行}{抓到了点子上|非常对}
            {新建小区|新小区}{同步配建|同步建设}{充电设施|充电桩}，{从源头上|一劳永逸}{解决问题|避免隐患}
        """),
        _t("""
            {老旧小区|老小区}{根本|压根}{没有|找不到}{空地|地方}{建|装}{充电桩|车棚}，{不具备条件|没条件}的{就|只能}{一直拖着|没人管}
            {充电|充一次电}{收费|价格}{太贵|偏高}，{比|跟}{在家充|自己充}{贵了|高出}{好几倍|一倍多}
        """),
        _t("""
            建议{明确|规定}{街道|县区}{在|于}{n:1-3}年内{完成|解决}{老旧小区|既有小区}{充电设施|车棚}{建设|改造}
            建议{充电|充电桩}{收费|价格}{实行|执行}{政府指导价|居民电价}，{每度|每小时}{不超过|最高}{n:1-2}元
            建议{单位|机关企业}{提供|建设}{充电|停车}场所{纳入|列入}{考核|文明单位评选}
        """),
        _t("""
            我们{district}{某|一个}{老小区|老旧小区}{住了|有}{n:200-600}户，{只有|才}{n:4-12}个{充电口|充电桩}，{晚上|每天晚上}{排队|抢着}充电
            {district}{road}{边上|附近}的{小区|我们小区}{车棚|充电棚}{去年|前年}{才|刚}{建好|装好}，{只有|才}{n:10-40}个{车位|插座}，{现在|如今}{还是|依然}{不够用|挤满了}
        """),
        _t("""
            {充电桩|车棚}{建设|改造}{资金|费用}{由谁|谁来}{出|承担}？
            {充电|充电桩}{收费标准|价格}{由谁|哪个部门}{定|制定}？{物业|运营商}{乱收费|多收钱}{找谁|向谁投诉}？
            {单位|公司}{不提供|没有}{停车|充电}{场所|地方}，{职工|员工}{能|可以}{向谁|找谁}{反映|投诉}？
        """),
    ),
    Topic(
        "indoor", "入户充电和电梯禁入", {38: 1.2, 39: 1.3, 40: 1.6, 41: 1.0, 57: 1.0, 58: 0.7},
        ("禁止入户充电的规定", "禁止电动车进电梯的规定", "禁止在楼道停放充电的规定", "物业巡查的规定", "对入户充电的罚款"),
        _t("""
            {电动车|电瓶车}{在|进}{楼道|家里}{充电|起火}，{烟|浓烟}{一下子|瞬间}{就|会}{封住|堵住}{楼梯|逃生通道}，{后果|代价}{不堪设想|太惨重}
            {电梯|轿厢}{里|内}{电池|电瓶}{起火|爆燃}{根本|完全}{来不及|没法}{逃|躲}，{禁止进电梯|禁入电梯}{必须|一定要}{坚持|执行}
            {飞线充电|私拉电线}{太危险|隐患太大}，{早就|早该}{管一管|立规矩}了
        """),
        _t("""
            {小区|楼下}{没有|不给建}{充电桩|车棚}，{又|还}{不让|禁止}{在家充电|推上楼}，{车|电池}{到底|究竟}{去哪里充|放在哪}
            {对个人|对居民}{罚款|罚}{五百到一千元|上千元}{太重|过重}，{普通|一般}{家庭|老百姓}{承受不了|负担不起}
            {可拆卸|拎上楼}的{锂电池|小电池}{也|都}{不让|不许}{在家充|带进电梯}，{太绝对|管得太宽}
        """),
        _t("""
            建议{先|首先}{建好|配齐}{充电设施|车棚}{再|然后}{执行|实施}{禁令|处罚}，{给|留}{n:6-12}个月{过渡期|缓冲期}
            建议{对个人|对居民}的{罚款|处罚}{降低为|调整为}{n:50-200}元，{首次|初次}{警告|责令改正}
            建议{明确|细化}{物业|物业服务人}{发现|遇到}{违规|违法}{充电|停放}{后|时}的{处置|报告}{程序|流程}
        """),
        _t("""
            我住{district}的{老小区|老楼}{n:5-7}楼，{楼道|走廊}里{常年|一直}{停着|堆着}{n:3-8}辆电动车，{晚上|夜里}{还|都}{充着电|在充电}
            {前年|去年}{冬天|夏天}{隔壁|对面}{楼|单元}{一户|一家}{在家|室内}{充电|给电瓶充电}{起火|着火}，{烧毁了|烧坏了}{整层楼道|半个单元}
        """),
        _t("""
            {拆下来|可拆卸}的{电池|锂电池}{能不能|可不可以}{带回家|在家里}充？
            {物业|物业公司}{不巡查|不管}的，{居民|业主}{向|找}{哪个部门|谁}{举报|反映}？
            {电梯|楼道}{里|内}{发现|看到}{电动车|电瓶}，{保安|物业}{有没有权|能不能}{强行|直接}{清走|拖走}？
        """),
    ),
    Topic(
        "delivery", "外卖快递和平台", {46: 0.8, 47: 1.0, 48: 0.6, 49: 1.6, 50: 1.2, 59: 0.6},
        ("关于外卖配送企业的规定", "平台合理确定配送时间的规定", "对骑手记分管理的规定", "为骑手购买保险的规定"),
        _t("""
            {平台|算法}{压|缩短}{配送时间|时限}，{骑手|小哥}{只能|被逼}{超速|闯红灯}，{这条|这个规定}{说到了|切中}{要害|点子上}
            {企业|公司}{给|为}{骑手|配送员}{买保险|投保}，{出了事|发生事故}{才|也}{有保障|不至于没人管}
            {记分|积分}{管理|制度}{能|可以}{约束|管住}{乱闯|违章}的{骑手|配送员}，{支持|赞成}
        """),
        _t("""
            {记满十二分|记分}{就|便}{暂停|停止}{配送|接单}，{等于|就是}{断了|砸了}{骑手|我们}的{饭碗|生计}
            {只|光}{管|罚}{骑手|小哥}{不管|不罚}{平台|算法}，{治标不治本|不公平}
            {培训|八学时培训}{占用|耽误}{送单|工作}{时间|时间就是收入}，{谁来|由谁}{补贴|付钱}
        """),
        _t("""
            建议{对|给}{平台|企业}{超时扣款|扣钱}{规则|算法}{设置|规定}{上限|最低配送时间}，{并|同时}{公开|公示}
            建议{记分|扣分}{周期|制度}{与|和}{机动车|驾照}{分开|区别}，{记满|满分}{后|以后}{先培训|培训合格}{再|即可}{恢复|上岗}
            建议{罚款|处罚}{主要|重点}{针对|落在}{平台|企业}{而不是|不要落在}{骑手|个人}
        """),
        _t("""
            我{在|给}{平台|外卖平台}{跑单|送外卖}{n:2-6}年，{一单|每单}{只给|规定}{n:25-35}分钟，{超时|晚了}{一次|就}{扣|罚}{n:2-10}元
            {午高峰|饭点}{在|从}{road}{到|去}{road}{一带|附近}，{n:3-6}{公里|km}的单子{只给|才给}{n:15-25}分钟
        """),
        _t("""
            {众包|兼职}骑手{算不算|是否属于}{企业|单位}的{驾驶人|管理对象}？
            {记分|扣分}{记满|满了}{以后|之后}{多久|几天}{能|可以}{恢复|重新}{接单|配送}？
            {平台|企业}{不给|没有}{买保险|投保}的，{骑手|我们}{向谁|找哪个部门}{投诉|举报}？
        """),
    ),
    Topic(
        "parking", "停放秩序和共享电单车", {44: 1.4, 45: 1.0, 51: 1.2},
        ("关于道路停放的规定", "清理违规停放车辆的规定", "共享电单车投放的规定"),
        _t("""
            {人行道|盲道}{被|让}{电动车|共享车}{占满了|堵住}，{老人|盲人}{没法走|寸步难行}，{该|应该}{管|整治}了
            {共享电单车|租赁车}{乱停乱放|随处乱放}{严重|已经}{影响|破坏}{市容|通行}，{限量投放|总量控制}{很有必要|非常及时}
            {保管期间|清理保管}{不收费|免费}{很|比较}{人性化|公道}
        """),
        _t("""
            {停放区域|停车点}{太少|划得太少}，{不停人行道|不占道}{就|根本}{没地方停|无处可停}
            {城管|执法人员}{拖车|清理}{太随意|不通知}，{车|电动车}{找不到|不知道被拖到哪里}
        """),
        _t("""
            建议{在|给}{地铁站|公交站|商场}{周边|附近}{多划|增设}{非机动车|电动车}{停放区|停车位}
            建议{清理|拖走}{车辆|电动车}{前|之前}{先|要}{张贴|发送}{通知|告知}，{保管期|保管}{超过|满}{n:30-90}日{再|才}{处理|处置}
            建议{对|给}{共享电单车|租赁企业}{实行|建立}{信用|考核}{管理|评价}，{乱停|违规停放}{多的|严重的}{削减|减少}{投放量|配额}
        """),
        _t("""
            {road}{地铁站|公交站}{出口|门口}{每天|一到早高峰}{停着|挤着}{n:100-300}辆{共享电单车|电动车}，{行人|乘客}{只能|得}{走|绕到}{机动车道|马路上}
            {上周|前几天}我的车{停在|放在}{road}{超市|菜场}{门口|旁边}，{被|让}{城管|执法队}{拖走|拉走}了，{找了|跑了}{n:2-3}天{才|总算}{找到|领回}
        """),
        _t("""
            {被清理|被拖走}的车{去哪里|到哪儿}{领取|认领}？
            {共享电单车|租赁车}{投放|投放数量}{上限|配额}{在哪里|从哪儿}{公布|查到}？
            {非机动车|电动车}{停放区|停车位}{不够|太少}，{停在|放在}{路边|人行道}{也要|就会被}{清理|拖走}吗？
        """),
    ),
)

TOPIC_INDEX: dict[str, int] = {t.code: i for i, t in enumerate(TOPICS)}
#: Topic of each article (60 → "general" is folded into governance).
ARTICLE_TOPIC: dict[int, int] = {a: i for i, t in enumerate(TOPICS) for a in t.articles}
ARTICLE_TOPIC.setdefault(60, TOPIC_INDEX["governance"])

SLOTS: dict[str, tuple[str, ...]] = {
    "district": ("澜江区", "青溪区", "北湖区", "东港区", "西山区", "云台区", "桐林县", "南渡县", "高新区", "滨江新区"),
    "job": (
        "外卖骑手", "快递员", "上班族", "退休职工", "中学教师", "社区工作者", "个体商户", "大学生", "家长",
        "护士", "保安", "工厂工人", "物业管理员", "网约车司机", "小学老师", "环卫工人", "菜场摊主", "程序员",
    ),
    "road": (
        "江澜大道", "青溪路", "北湖东路", "东港大街", "西山路", "云台路", "桐林街", "南渡路", "望江路", "澄湖路",
        "新华路", "建设大道", "解放西路", "人民路", "学府路", "锦绣路", "花园街", "滨河路", "沿江路", "丰收路",
        "长安路", "工业大道", "文化路", "体育路", "和平街", "光明路", "幸福路", "春晖路", "翠柳街", "金桥路",
    ),
    "surname": ("王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林"),
}

PERSONAS: tuple[str, ...] = _t("""
    我是{district}的一名{job}，
    我是{job}，[住在{district}，]{每天|天天|平时}骑电动车{上下班|出行|送货|接送孩子}，
    作为一名{job}，[我]骑电动车{已经|有}{n:2-15}年了，
    本人{家住|住在}{district}[{road}附近]，
    我{在|于}{district}{工作|生活}，{家里|全家}{有|共有}{n:1-3}辆电动车，
    {各位|尊敬的}{领导|立法工作人员}{好|您好}，我是{district}{居民|市民}，
    {我|本人}{今年|已经}{n:24-68}岁，是{一名|一个}{job}，
""")

OPENERS: dict[str, tuple[str, ...]] = {
    "support": _t("""
        {ref}{subject}，我{非常|十分|完全|}{支持|赞成|同意}。
        我{支持|赞成|同意}{ref}{subject}。
        {ref}{subject}{很有必要|非常必要|规定得很好}，{支持|点赞}！
        {ref}{subject}{写得好|定得好}，{举双手赞成|我完全赞同}。
    """),
    "oppose": _t("""
        我{反对|不赞成|不同意}{ref}{subject}。
        {ref}{subject}{不合理|不妥|不切实际}，{建议删除|应当取消}。
        {对于|关于}{ref}{subject}，我{坚决反对|表示反对}。
        {ref}{subject}{太严|过严|管得太死}，{不能接受|难以接受}。
    """),
    "change": _t("""
        {对于|关于}{ref}{subject}，{提|谈}{几点|一点}修改建议。
        {ref}{subject}{还不够完善|需要进一步细化|有待完善}，{建议修改|提点建议}。
        {就|针对}{ref}{subject}{提出|说说}{我的|个人}修改意见。
    """),
    "unknown": _t("""
        {想|我想}{咨询|请教|问}一下{ref}{subject}。
        {ref}{subject}{有|还有}{个|一个}问题{想|需要}{请教|了解}。
    """),
}

CLOSINGS: tuple[str, ...] = _t("""
    希望{立法机关|有关部门|人大}{认真|充分}{考虑|研究}。
    以上意见{供参考|仅供参考}。
    {谢谢|感谢}！
    希望{能够|能}{采纳|被采纳}。
    {恳请|希望}{予以|给予}{考虑|重视}。
    {盼|期待}{回复|早日出台}。
""")

DISTRACTORS: tuple[str, ...] = _t("""
    《中华人民共和国道路交通安全法》第{五十一|七十六|八十九|一百一十九}条{已经|早就}{有|作了}规定，
    {根据|按照}《{道路交通安全法实施条例}》第{七十一|七十二}条，
    {上位法|国家的规定}{道路交通安全法|《道路交通安全法》}第{八十九|一百二十}条{只|仅}{规定|要求}{警告|罚款}，
""")

GENERIC: tuple[tuple[str, str], ...] = (
    ("同意。", "support"), ("支持！", "support"), ("赞成", "support"), ("同意本条例草案。", "support"),
    ("支持出台这个条例", "support"), ("很好，支持", "support"), ("希望尽快实施。", "support"),
    ("完全同意", "support"), ("赞同！", "support"), ("没有意见。", "unknown"), ("无意见", "unknown"),
    ("反对！", "oppose"), ("不同意。", "oppose"), ("好", "support"), ("支持，早该管了", "support"),
)

#: Synonyms used by the variant edits (both directions are used).
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("建议", "希望", "恳请"), ("非常", "十分", "特别"), ("我们", "咱们"), ("骑手", "配送员", "小哥"),
    ("规定", "条款"), ("取消", "删除", "删去"), ("严重", "极大"), ("影响", "冲击"), ("广大", "众多"),
    ("因此", "所以"), ("但是", "可是", "然而"), ("必须", "一定要"), ("困难", "难处"), ("实际", "现实"),
    ("群众", "老百姓", "市民"), ("收入", "工资"), ("孩子", "小孩"), ("安全", "平安"), ("充电", "充电桩充电"),
    ("电动车", "电瓶车", "电动自行车"), ("时间", "时长"), ("考虑", "斟酌"), ("问题", "难题"), ("现在", "目前"),
)
_SYN_INDEX: dict[str, tuple[str, ...]] = {w: grp for grp in SYNONYMS for w in grp}
_SYN_RE = re.compile("|".join(sorted(_SYN_INDEX, key=len, reverse=True)))

GREETINGS: tuple[str, ...] = ("尊敬的立法机关：", "您好！", "各位领导好，", "尊敬的人大常委会：", "你好，", "领导们好！")
SIGNATURES: tuple[str, ...] = _t("""
    ——{district}一名{job}
    （{district}居民）
    {district}{job}{surname}某
    市民{surname}先生
    一名普通{job}
    签名：{surname}女士
""")


@dataclass(frozen=True)
class Campaign:
    """A template letter: its topic, article(s) mentioned, stance, text and relative size."""

    code: str
    topic: str
    article: int
    stance: str
    share: float
    text: str


CAMPAIGNS: tuple[Campaign, ...] = (
    Campaign("riders-speed", "speed", 23, "change", 0.42,
             "我们是江澜市的外卖骑手和快递小哥，对草案第二十三条规定的人流密集路段最高时速不得超过十五公里，"
             "我们有不同意见。十五公里的时速和普通自行车差不多，平台给我们的配送时间本来就很紧，"
             "按这个速度根本送不完单，超时就要扣钱，直接影响几十万骑手的收入。人流密集路段的范围也没有写清楚，"
             "执法时容易扩大化。建议将人流密集路段的限速调整为二十公里，并且明确具体路段、设置明显标志。"
             "恳请立法机关充分听取我们一线劳动者的声音。"),
    Campaign("residents-indoor", "indoor", 40, "support", 0.22,
             "坚决支持草案第四十条关于禁止在住宅套内为电动自行车充电、禁止私拉电线充电的规定！我们小区去年发生过"
             "一起电动车充电起火事故，浓烟顺着楼梯往上蹿，好几户人家被困，想起来都后怕。电动车入户充电、"
             "飞线充电就是悬在头顶的定时炸弹。希望条例尽快通过，同时要求物业加强巡查，对屡教不改的要依法处罚，"
             "还居民一个安全的家。"),
    Campaign("owners-transition", "transition", 19, "change", 0.14,
             "关于第十九条临时号牌有效期至二〇二七年十二月三十一日止的规定，我们作为超标电动车车主提出意见："
             "我们的车大多是几年前合法购买的，当时商家并没有告知不符合国家标准，车况良好，到期就不能上路，"
             "损失全部由群众承担不公平。很多老人和农村群众就靠这辆车出行。建议把过渡期延长到二〇二九年底，"
             "并由政府给予每辆不少于五百元的淘汰补贴，让群众换车不吃亏。"),
    Campaign("parents-passenger", "passenger", 26, "change", 0.09,
             "我们是一群二孩家庭的家长。第二十六条规定电动自行车只能搭载一名十二周岁以下的未成年人，"
             "可现实中很多家庭要同时接送两个孩子上学放学，公交不方便，打车成本高，这条规定让我们左右为难。"
             "建议允许搭载两名六周岁以下的儿童，但必须安装符合标准的固定座椅，并且限制车速，"
             "这样既保证安全，又照顾了双职工家庭的实际困难。"),
    Campaign("safety-speed", "speed", 23, "support", 0.05,
             "我们是学府路小学的家长志愿者，支持第二十三条在学校、医院周边等人流密集路段限速十五公里的规定。"
             "每天放学时段校门口电动车车速飞快，孩子们一出校门就要躲车，去年附近就发生过学生被电动车撞伤的事故。"
             "限速是保护孩子生命安全的底线，请不要因为个别群体的呼声就放宽标准，建议同时在校门口设置测速设备和警示标志。"),
    Campaign("riders-helmet", "helmet", 55, "oppose", 0.03,
             "对第五十五条未戴安全头盔处二十元以上五十元以下罚款有意见。我们不反对戴头盔，但是夏天高温四十度，"
             "在城区短距离骑行也一律处罚，执法太机械。很多老年人买菜接孩子只骑几百米，罚款解决不了问题，"
             "应该以宣传教育为主。建议第一次未戴头盔的只给予警告，不罚款，由社区免费发放头盔。"),
    Campaign("charging-oldcommunity", "charging", 37, "change", 0.022,
             "我们是老旧小区的居民。第三十七条规定不具备条件的小区由街道办事处协调解决，这句话太笼统，"
             "等于没有规定。我们小区几百户只有十来个充电口，晚上排队到深夜，不让在家充电，又没有地方充，"
             "大家只能偷偷拉线。建议条例明确县区政府三年内完成老旧小区充电设施改造，资金由财政承担大头，"
             "充电价格执行居民电价。"),
    Campaign("shops-repair", "sales", 54, "change", 0.014,
             "我们是江澜市电动车维修行业的个体经营户，对第五十四条非法改装处五千元以上二万元以下罚款的规定有意见。"
             "维修店大多是夫妻店，一年也挣不了几万块，罚款起点五千元太重了。而且加装遮阳棚、后视镜、"
             "更换电池算不算改装，条文里没有说清楚，容易被随意处罚。建议区分提速改装和一般加装，罚款下限降低到一千元。"),
    Campaign("platform-delivery", "delivery", 49, "support", 0.012,
             "作为一名送外卖五年的骑手，我支持第四十九条要求网络餐饮服务平台合理确定配送时间的规定。"
             "骑手闯红灯、逆行，很多时候是被平台的算法逼出来的，一单只给二十多分钟，超时就罚款。"
             "建议在条例里进一步写明平台不得把交通违法风险转嫁给骑手，对变相要求超速的平台要加大处罚力度，"
             "并向社会公开配送时间的计算规则。"),
    Campaign("plates-fee", "plates", 16, "oppose", 0.009,
             "反对第十六条规定电动自行车必须登记取得号牌后才能上路。电动自行车是老百姓的代步工具，"
             "上牌要跑车管所、排长队，郊县群众更不方便。国家只要求电动车符合标准，地方层层加码没有必要。"
             "如果一定要登记，也应该由销售点在卖车时直接代办，做到买车即上牌，不让群众多跑一趟。"),
    Campaign("tradein-subsidy", "tradein", 13, "change", 0.006,
             "第十三条只说市人民政府可以给予适当补贴，具体办法由部门另行制定，这样写群众心里没底。"
             "以旧换新是好事，但补贴标准、领取方式、时间节点都应该在条例里写清楚。建议明确每辆旧车补贴不低于三百元，"
             "对低保家庭和外卖骑手再提高一百元，在每个街道设置旧车回收点，做到一次办好。"),
    Campaign("sharing-parking", "parking", 51, "change", 0.004,
             "关于第五十一条互联网租赁电动自行车投放的规定，地铁站和商场门口的共享电单车已经多到把人行道堵死了。"
             "建议条例明确实行总量控制，由城市管理部门每年公布投放上限，对乱停乱放严重的企业削减配额，"
             "并在地铁站周边划设足够的停放区，让行人重新走上人行道。"),
)

_FILL_RE = re.compile(r"\{([^{}]*)\}")
_OPT_RE = re.compile(r"\[([^\[\]]*)\]")
_SENT_RE = re.compile(r"[^。！？!?]+[。！？!?]?")
_NUM_RE = re.compile(r"n:(\d+)-(\d+)")


def fill(template: str, rng: random.Random, **extra: str) -> str:
    """Expand ``[optional]`` parts (kept 60 % of the time), ``{a|b}`` alternatives, ``{slot}``
    names of :data:`SLOTS` or ``extra``, and ``{n:lo-hi}`` integers."""

    def opt(m: re.Match[str]) -> str:
        return m.group(1) if rng.random() < 0.6 else ""

    def alt(m: re.Match[str]) -> str:
        body = m.group(1)
        if body in extra:
            return extra[body]
        if body in SLOTS:
            return rng.choice(SLOTS[body])
        nm = _NUM_RE.fullmatch(body)
        if nm:
            return str(rng.randint(int(nm.group(1)), int(nm.group(2))))
        return rng.choice(body.split("|"))

    return _FILL_RE.sub(alt, _OPT_RE.sub(opt, template))


def _weighted(rng: random.Random, weights: dict[int, float]) -> int:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _cn_or_arabic(n: int, rng: random.Random) -> str:
    return f"第{int_to_cn(n)}条" if rng.random() < 0.7 else f"第{n}条"


def _quote(article: int, rng: random.Random) -> str:
    """A fragment of the article's text (one clause, 8–24 characters)."""
    clauses = [c for c in re.split(r"[，；。：、（）]", ARTICLES[article]) if len(c) >= 8]
    if not clauses:  # pragma: no cover - every article has a long clause
        clauses = [ARTICLES[article][:20]]
    c = rng.choice(clauses)
    if len(c) > 24:
        start = rng.randint(0, len(c) - 24)
        c = c[start : start + 24]
    return c


# --------------------------------------------------------------------------- edits
def _sentences(text: str) -> list[str]:
    return [s for s in _SENT_RE.findall(text) if s.strip()]


def _drop_one(sents: list[str], rng: random.Random) -> None:
    """Delete one sentence other than the first and than those naming an article."""
    cands = [i for i in range(1, len(sents)) if not _MENTION_RE.search(sents[i])]
    if cands:
        del sents[rng.choice(cands)]


_MENTION_RE = re.compile(r"第[一二三四五六七八九十百\d]+条")


def _swap_synonyms(text: str, rng: random.Random, k: int) -> str:
    spans = [m for m in _SYN_RE.finditer(text)]
    if not spans:
        return text
    chosen = sorted(rng.sample(spans, min(k, len(spans))), key=lambda m: m.start(), reverse=True)
    for m in chosen:
        alts = [w for w in _SYN_INDEX[m.group(0)] if w != m.group(0)]
        text = text[: m.start()] + rng.choice(alts) + text[m.end() :]
    return text


def _punctuate(text: str, rng: random.Random) -> str:
    ops = [("，", ","), ("。", "！"), ("，", " ，"), ("。", "。 "), ("！", "!!"), ("：", ":")]
    a, b = rng.choice(ops)
    return text.replace(a, b, rng.randint(1, 3))


def _change_number(text: str, rng: random.Random) -> str:
    nums = list(re.finditer(r"(?<!第)(?:[一二三四五六七八九十百千]{2,}|\d+)(?![一二三四五六七八九十百千\d]*条)", text))
    if not nums:
        return text
    m = rng.choice(nums)
    return text[: m.start()] + int_to_cn(rng.randint(2, 30)) + text[m.end() :]


def light_edit(text: str, rng: random.Random, topic: Topic, n_ops: int | None = None) -> str:
    """One to three small edits (see the module docstring)."""
    ops = ["syn", "greet", "sign", "drop", "persona", "punct", "number"]
    for op in rng.sample(ops, n_ops or rng.randint(1, 3)):
        if op == "syn":
            text = _swap_synonyms(text, rng, rng.randint(1, 3))
        elif op == "greet":
            text = rng.choice(GREETINGS) + text
        elif op == "sign":
            text = text + fill(rng.choice(SIGNATURES), rng)
        elif op == "drop":
            sents = _sentences(text)
            if len(sents) >= 4:
                _drop_one(sents, rng)
                text = "".join(sents)
        elif op == "persona":
            text = fill(rng.choice(PERSONAS), rng) + text
        elif op == "punct":
            text = _punctuate(text, rng)
        else:
            text = _change_number(text, rng)
    return text


def heavy_edit(text: str, rng: random.Random, topic: Topic) -> str:
    """The text with a personal paragraph (persona + a detail + a reason) added."""
    extra = fill(rng.choice(PERSONAS), rng) + fill(rng.choice(topic.details), rng) + "。"
    if rng.random() < 0.5:
        extra += fill(rng.choice(topic.oppose + topic.support), rng) + "。"
    text = _swap_synonyms(text, rng, rng.randint(0, 2))
    return extra + text if rng.random() < 0.5 else text + extra


def reword(text: str, rng: random.Random) -> str:
    """Several synonym swaps, two middle sentences swapped and maybe one dropped."""
    text = _swap_synonyms(text, rng, rng.randint(4, 7))
    sents = _sentences(text)
    if len(sents) >= 4:
        i = rng.randrange(1, len(sents) - 1)
        sents[i], sents[i + 1] = sents[i + 1], sents[i]
        if len(sents) >= 5 and rng.random() < 0.5:
            _drop_one(sents, rng)
    return "".join(sents)


# --------------------------------------------------------------------------- organic comments
def organic_comment(rng: random.Random, topic_index: int | None = None) -> tuple[str, int | None, str, int, str]:
    """One organic comment: ``(text, article or None, stance, topic index, reference mode)``.

    Reference modes: ``"cn"``/``"arabic"`` (第二十三条 / 第23条 in the text), ``"quote"`` (the
    article's words quoted), ``"field"`` (nothing in the text, the form's article field),
    ``"none"`` (a general comment on no particular article).
    """
    if topic_index is None:
        topic_index = rng.choices(range(len(TOPICS)), weights=_TOPIC_WEIGHTS)[0]
    topic = TOPICS[topic_index]
    article = _weighted(rng, topic.articles)
    stance = rng.choices(STANCES, weights=(0.3, 0.25, 0.37, 0.08))[0]
    r = rng.random()
    mode = "cn" if r < 0.3 else "arabic" if r < 0.42 else "quote" if r < 0.52 else "field" if r < 0.87 else "none"
    subject = rng.choice(topic.subjects)
    if mode in ("cn", "arabic"):
        ref = ("草案" if rng.random() < 0.3 else "") + (
            f"第{int_to_cn(article)}条" if mode == "cn" else f"第{article}条"
        )
    elif mode == "quote":
        ref = f"“{_quote(article, rng)}”这一条中"
    else:
        ref = ""
    parts: list[str] = []
    persona = stance == "unknown" or rng.random() < 0.6  # short questions always say who asks
    if persona:
        parts.append(fill(rng.choice(PERSONAS), rng))
    if stance == "unknown":
        parts.append(fill(rng.choice(OPENERS["unknown"]), rng, ref=ref, subject=subject))
        if topic.questions:
            parts.append(fill(rng.choice(topic.questions), rng))
    else:
        parts.append(fill(rng.choice(OPENERS[stance]), rng, ref=ref, subject=subject))
        pools = {
            "support": (topic.support, topic.details),
            "oppose": (topic.oppose, topic.details),
            "change": (topic.oppose + topic.change, topic.change + topic.details),
        }[stance]
        n_sent = rng.choice((1, 2, 2, 3))
        for j in range(n_sent):
            pool = pools[0] if j == 0 or rng.random() < 0.5 else pools[1]
            sent = fill(rng.choice(pool), rng)
            if rng.random() < 0.05:
                sent = fill(rng.choice(DISTRACTORS), rng) + sent
            parts.append(sent + rng.choice(("。", "。", "！", "；")))
        if stance == "change" and not any(c in "".join(parts) for c in ("建议", "改为", "调整为")):
            parts.append(fill(rng.choice(topic.change), rng) + "。")
    # every comment has at least one sentence of its own (persona or experience: places, numbers)
    if not persona or rng.random() < 0.4:
        parts.append(fill(rng.choice(topic.details), rng) + rng.choice(("。", "！", "。")))
    if rng.random() < 0.5:
        parts.append(fill(rng.choice(CLOSINGS), rng))
    if mode == "none":
        article_out: int | None = None
    else:
        article_out = article
    return "".join(parts), article_out, stance, topic_index, mode


_TOPIC_WEIGHTS = (0.4, 0.7, 0.6, 0.8, 0.9, 1.6, 1.1, 1.1, 1.0, 1.0, 1.3, 1.0, 0.7)
assert len(_TOPIC_WEIGHTS) == len(TOPICS)


# --------------------------------------------------------------------------- the consultation
@dataclass
class GroundTruth:
    """Known answers, aligned with the generated stream (index = position in the stream)."""

    family: np.ndarray  #: int64 near-duplicate family (exact duplicates merged); unique otherwise
    campaign: np.ndarray  #: int32 index into :data:`CAMPAIGNS`, -1 when not a campaign member
    kind: np.ndarray  #: int8 index into :data:`KINDS`
    article: list[str | None]  #: article key ("23", "10-1") the comment is about, or None
    mode: list[str]  #: how the article is given (see :func:`organic_comment`)
    stance: np.ndarray  #: int8 index into :data:`STANCES` (intended stance)
    topic: np.ndarray  #: int16 index into :data:`TOPICS`; -1 for generic comments
    campaign_sizes: dict[int, int] = field(default_factory=dict)

    def families(self) -> np.ndarray:
        """Family ids renumbered 0..F-1 in order of first appearance."""
        _, first, inv = np.unique(self.family, return_index=True, return_inverse=True)
        rank = np.empty(len(first), dtype=np.int64)
        rank[np.argsort(first)] = np.arange(len(first))
        return rank[inv]


#: Probability that the form's ``article`` field is filled, by how the text refers to the article.
_FIELD_PROB = {"cn": 0.6, "arabic": 0.6, "quote": 0.3, "field": 1.0, "none": 0.0}
_EPOCH0 = dt.datetime(2025, 3, 3, tzinfo=dt.timezone(dt.timedelta(hours=8)))
_DAYS = 30
_HOUR_W = np.array([0.3, 0.15, 0.1, 0.08, 0.08, 0.15, 0.5, 1.0, 1.4, 1.7, 1.8, 1.6, 1.3, 1.2, 1.5, 1.6, 1.5, 1.3,
                    1.2, 1.5, 1.9, 2.0, 1.5, 0.8])


class SyntheticConsultation:
    """``n`` fictional comments with ground truth; iterate :meth:`comments` or :meth:`batches`
    once, then read :attr:`truth` (complete after the stream is exhausted)."""

    def __init__(self, n: int, seed: int = 2025) -> None:
        if n < 0:
            raise ValueError("n must be >= 0")
        self.n = int(n)
        self.seed = int(seed)
        self.articles: dict[str, str] = {str(k): v for k, v in ARTICLES.items()}
        self.title = DRAFT_TITLE
        self._plan()

    # ------------------------------------------------------------------ planning (numpy, cheap)
    def _plan(self) -> None:
        n, rng = self.n, np.random.default_rng(self.seed)
        kind = np.zeros(n, dtype=np.int8)
        family = np.arange(n, dtype=np.int64)
        campaign = np.full(n, -1, dtype=np.int32)
        times = np.zeros(n, dtype=np.float64)
        order_in_family = np.zeros(n, dtype=np.int32)

        def organic_times(m: int) -> np.ndarray:
            day_w = 1.0 + 2.5 * np.exp(-np.arange(_DAYS) / 2.5) + 1.5 * np.exp(-(_DAYS - 1 - np.arange(_DAYS)) / 2.0)
            days = rng.choice(_DAYS, size=m, p=day_w / day_w.sum())
            hours = rng.choice(24, size=m, p=_HOUR_W / _HOUR_W.sum())
            return days * 86400.0 + hours * 3600.0 + rng.uniform(0, 3600, size=m)

        pos = 0
        # campaigns
        n_camp_total = int(round(0.30 * n))
        self.campaign_sizes: dict[int, int] = {}
        camp_start: dict[int, float] = {}
        for ci, camp in enumerate(CAMPAIGNS):
            size = int(round(camp.share * n_camp_total))
            if size < 25 or pos + size > n:
                continue
            self.campaign_sizes[ci] = size
            sl = slice(pos, pos + size)
            campaign[sl] = ci
            family[sl] = pos
            r = rng.random(size)
            kind[sl] = np.select(
                [r < 0.45, r < 0.83, r < 0.93], [KINDS.index("campaign_exact"), KINDS.index("campaign_light"),
                                                KINDS.index("campaign_heavy")], KINDS.index("campaign_reworded"))
            start = rng.uniform(0, _DAYS - 6) * 86400.0
            camp_start[ci] = start
            n_bursts = int(rng.integers(1, 4))
            centers = start + np.sort(rng.uniform(0, 5 * 86400.0, size=n_bursts))
            in_burst = rng.random(size) < 0.7
            which = rng.integers(0, n_bursts, size=size)
            t = np.where(
                in_burst,
                centers[which] + rng.normal(0, rng.uniform(0.7, 2.5) * 3600.0, size=size),
                start + rng.exponential(6 * 86400.0, size=size),
            )
            times[sl] = np.clip(t, 0, _DAYS * 86400.0 - 1)
            pos += size
        # bridges
        placed = sorted(self.campaign_sizes)
        n_bridge = int(round(0.0002 * n)) if len(placed) >= 2 else 0
        self._bridge_pairs: dict[int, tuple[int, int]] = {}
        for _ in range(min(n_bridge, n - pos)):
            a, b = rng.choice(placed, size=2, replace=False)
            kind[pos] = KINDS.index("bridge")
            campaign[pos] = int(a)
            family[pos] = int(np.flatnonzero(campaign == a)[0])
            self._bridge_pairs[pos] = (int(a), int(b))
            # a hybrid is written once both templates circulate
            t_from = max(camp_start[int(a)], camp_start[int(b)]) + 6 * 3600.0
            times[pos] = rng.uniform(t_from, max(t_from, _DAYS * 86400.0 - 1))
            pos += 1
        # near-duplicate families and resubmissions
        for share, kname, lo, hi in ((0.06, "near_duplicate", 2, 4), (0.03, "resubmission", 2, 3)):
            budget = int(round(share * n))
            while budget >= 2 and pos + 2 <= n:
                size = min(int(rng.integers(lo, hi + 1)), budget, n - pos)
                if size < 2:
                    break
                sl = slice(pos, pos + size)
                kind[sl] = KINDS.index(kname)
                family[sl] = pos
                t0 = organic_times(1)[0]
                if kname == "resubmission":
                    gaps = np.where(rng.random(size - 1) < 0.7, rng.uniform(1, 120, size - 1),
                                    rng.uniform(600, 86400, size - 1))
                else:
                    gaps = rng.exponential(2 * 86400.0, size - 1)
                times[sl] = np.clip(t0 + np.concatenate([[0.0], np.cumsum(gaps)]), 0, _DAYS * 86400.0 - 1)
                order_in_family[sl] = np.arange(size)
                pos += size
                budget -= size
        # generic short comments
        n_gen = min(int(round(0.04 * n)), n - pos)
        kind[pos : pos + n_gen] = KINDS.index("generic")
        pos += n_gen
        # the rest are organic (kind 0)
        times[pos:] = organic_times(n - pos)
        gen_sl = slice(pos - n_gen, pos)
        times[gen_sl] = organic_times(n_gen)

        order = np.lexsort((np.arange(n), times))
        self._kind = kind[order]
        self._campaign = campaign[order]
        self._times = times[order]
        # family ids refer to plan positions; remap to stream positions of the first member
        inv = np.empty(n, dtype=np.int64)
        inv[order] = np.arange(n)
        fam_stream = inv[family[order]]
        # the family id is the stream position of the family's earliest member
        first_pos = np.full(n, n, dtype=np.int64)
        np.minimum.at(first_pos, fam_stream, np.arange(n))
        self._family = first_pos[fam_stream]
        self._plan_pos = order
        self._bridges = {int(inv[p]): ab for p, ab in self._bridge_pairs.items()}

    # ------------------------------------------------------------------ texts
    def comments(self) -> Iterator[dict[str, object]]:
        """The comments in order of submission: dicts with ``id``, ``text``, ``article``
        (absent, an int, "23" or "第二十三条") and ``submitted_at`` (ISO 8601, +08:00)."""
        n = self.n
        truth_article: list[str | None] = [None] * n
        truth_mode: list[str] = ["none"] * n
        stance = np.full(n, STANCES.index("unknown"), dtype=np.int8)
        topic = np.full(n, -1, dtype=np.int16)
        family = self._family.copy()
        fam_text: dict[int, tuple[str, int | None, str, int, str]] = {}
        seen_text: dict[bytes, int] = {}
        parent: dict[int, int] = {}

        def root(f: int) -> int:
            while parent.get(f, f) != f:
                f = parent[f]
            return f

        k_org, k_gen = KINDS.index("organic"), KINDS.index("generic")
        k_nd, k_rs = KINDS.index("near_duplicate"), KINDS.index("resubmission")
        k_ce, k_cl = KINDS.index("campaign_exact"), KINDS.index("campaign_light")
        k_ch, k_br = KINDS.index("campaign_heavy"), KINDS.index("bridge")
        for i in range(n):
            rng = random.Random(self.seed * 1_000_003 + i)
            k = int(self._kind[i])
            mode = "field"
            art: int | None
            if k == k_org:
                text, art, st, tp, mode = organic_comment(rng)
            elif k == k_gen:
                text, st = rng.choice(GENERIC)
                art = _weighted(rng, {a: 1.0 for a in (23, 19, 40, 26, 16)}) if rng.random() < 0.5 else None
                tp = -1
                mode = "field" if art else "none"
            elif k in (k_nd, k_rs):
                fam = int(family[i])
                if fam not in fam_text:
                    fam_text[fam] = organic_comment(rng)
                    text, art, st, tp, mode = fam_text[fam]
                else:
                    base, art, st, tp, mode = fam_text[fam]
                    if k == k_rs:
                        text = base
                    elif rng.random() < 0.3:
                        text = base + fill(rng.choice(TOPICS[tp].details), rng) + "。"
                    else:
                        text = light_edit(base, rng, TOPICS[tp])
            else:
                ci = int(self._campaign[i])
                camp = CAMPAIGNS[ci]
                tp = TOPIC_INDEX[camp.topic]
                art, st = camp.article, camp.stance
                mode = "cn"
                if k == k_ce:
                    text = camp.text
                elif k == k_cl:
                    text = light_edit(camp.text, rng, TOPICS[tp])
                elif k == k_ch:
                    text = heavy_edit(camp.text, rng, TOPICS[tp])
                elif k == k_br:
                    a, b = self._bridges[i]
                    sa, sb = _sentences(CAMPAIGNS[a].text), _sentences(CAMPAIGNS[b].text)
                    text = "".join(sa[: max(2, len(sa) // 2 + 1)]) + "".join(sb[: max(2, len(sb) // 2 + 1)])
                else:
                    text = reword(camp.text, rng)
            # exact-text families: identical canonical texts are duplicates whatever the plan said
            digest = hashlib.blake2b(canonical(text).encode(), digest_size=8).digest()
            f = int(family[i])
            other = seen_text.setdefault(digest, f)
            if other != f:
                ra, rb = root(other), root(f)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
            key = str(art) if art is not None else None
            truth_article[i] = key
            truth_mode[i] = mode
            stance[i] = STANCES.index(st)
            topic[i] = tp
            item: dict[str, object] = {"id": f"C{i + 1:07d}", "text": text}
            if key is not None and rng.random() < _FIELD_PROB[mode]:
                r = rng.random()
                item["article"] = int(key) if r < 0.4 else key if r < 0.8 else f"第{int_to_cn(int(key))}条"
            item["submitted_at"] = (_EPOCH0 + dt.timedelta(seconds=float(self._times[i]))).isoformat(
                timespec="seconds"
            )
            yield item
        fam_arr = np.array([root(int(f)) for f in family.tolist()], dtype=np.int64) if parent else family
        self.truth = GroundTruth(
            family=fam_arr,
            campaign=self._campaign.copy(),
            kind=self._kind.copy(),
            article=truth_article,
            mode=truth_mode,
            stance=stance,
            topic=topic,
            campaign_sizes=dict(self.campaign_sizes),
        )

    def batches(self, size: int = 20_000) -> Iterator[list[dict[str, object]]]:
        """:meth:`comments` in lists of ``size``."""
        batch: list[dict[str, object]] = []
        for item in self.comments():
            batch.append(item)
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch


def pair_metrics(pred: np.ndarray, true: np.ndarray) -> dict[str, float]:
    """Pair-counting precision and recall of a grouping: ``pred`` and ``true`` give a group
    label per item (equal labels = same group).  A pair of items is *predicted* when both are
    in the same ``pred`` group, *true* when in the same ``true`` group; all pairs are counted
    exactly (through the contingency table, O(n log n)), none is sampled."""
    pred = np.asarray(pred, dtype=np.int64)
    true = np.asarray(true, dtype=np.int64)

    def pairs(counts: np.ndarray) -> float:
        c = counts.astype(np.float64)
        return float((c * (c - 1) / 2).sum())

    _, p_inv = np.unique(pred, return_inverse=True)
    _, t_inv = np.unique(true, return_inverse=True)
    joint = p_inv.astype(np.int64) * (int(t_inv.max(initial=0)) + 1) + t_inv
    tp = pairs(np.unique(joint, return_counts=True)[1])
    pp = pairs(np.bincount(p_inv))
    tt = pairs(np.bincount(t_inv))
    precision = tp / pp if pp else 1.0
    recall = tp / tt if tt else 1.0
    return {"precision": precision, "recall": recall, "true_pairs": tt, "predicted_pairs": pp, "common_pairs": tp}


def bcubed(pred: np.ndarray, true: np.ndarray) -> dict[str, float]:
    """B-cubed precision and recall (per item, averaged), less dominated by the largest groups."""
    pred = np.asarray(pred, dtype=np.int64)
    true = np.asarray(true, dtype=np.int64)
    _, p_inv, p_cnt = np.unique(pred, return_inverse=True, return_counts=True)
    _, t_inv, t_cnt = np.unique(true, return_inverse=True, return_counts=True)
    joint = p_inv.astype(np.int64) * (len(t_cnt) + 1) + t_inv
    _, j_inv, j_cnt = np.unique(joint, return_inverse=True, return_counts=True)
    both = j_cnt[j_inv].astype(np.float64)
    if len(pred) == 0:
        return {"precision": 1.0, "recall": 1.0}
    return {"precision": float((both / p_cnt[p_inv]).mean()), "recall": float((both / t_cnt[t_inv]).mean())}


def generate(n: int, seed: int = 2025) -> tuple[list[dict[str, object]], GroundTruth]:
    """All ``n`` comments as a list, and the ground truth (for tests and small runs)."""
    cons = SyntheticConsultation(n, seed)
    items = list(cons.comments())
    return items, cons.truth
