"""The fictional city of 江澜市 (Jianglan): its organs, districts and the word lists used to
invent workplaces, villages, streets and companies.

Everything here is invented for the demo. Pure Python (no Django); organ types are the
string values of :class:`lvzhi.core.models.OrganType`.
"""

from __future__ import annotations

from dataclasses import dataclass

CITY = "江澜市"
CITY_SHORT = "江澜"
CITY_PINYIN = "jianglan"
MAIL_DOMAIN = "jianglan.example"  # .example is reserved (RFC 2606): demo mail goes nowhere
LANDLINE_AREA_CODE = "0739"

#: Region code prefix of ID numbers issued in the city. Province 36 has prefectures 01–11
#: only, so 3699xx is well-formed but belongs to no real place.
ID_REGION_PREFIX = "3699"
#: Region codes for people born outside the city (equally fictional: 3698xx).
ID_REGION_ELSEWHERE = ("369801", "369802", "369821", "369822", "369881")


@dataclass(frozen=True)
class OrganSpec:
    code: str
    name: str
    short_name: str
    type: str
    parent: str | None  # code of the parent organ
    description: str = ""
    duty: str = ""  # a working body's line of work (core.models.OfficeDuty)


@dataclass(frozen=True)
class District:
    code: str  # organ code slug, e.g. "lancheng"
    name: str  # 澜城区
    id_code: str  # last two digits of the region code in ID numbers
    weight: int  # share of deputies (roughly population)
    rural: bool  # counties and outer districts send more farmers


DISTRICTS: tuple[District, ...] = (
    District("lancheng", "澜城区", "02", 15, False),
    District("landong", "澜东区", "03", 13, False),
    District("lanxi", "澜西区", "04", 12, False),
    District("jiangwan", "江湾区", "05", 11, False),
    District("luzhou", "鹭洲区", "06", 10, False),
    District("yunxiu", "云岫区", "07", 9, True),
    District("songchuan", "松川区", "08", 8, True),
    District("qinglan", "青岚县", "21", 8, True),
    District("zheling", "柘岭县", "22", 6, True),
    District("wangshan", "望山县", "23", 5, True),
)

GARRISON_DELEGATION = "驻军代表团"
GARRISON_UNIT = "中国人民解放军驻江澜部队"
GARRISON_WEIGHT = 3

CONGRESS = "congress"
STANDING_COMMITTEE = "standing-committee"
CHAIRPERSONS_COUNCIL = "chairpersons-council"
GOVERNMENT = "government"

# (code, name, short name): the nine special committees of the congress
SPECIAL_COMMITTEES: tuple[tuple[str, str, str], ...] = (
    ("fzw", "江澜市人民代表大会法制委员会", "法制委员会"),
    ("cjw", "江澜市人民代表大会财政经济委员会", "财政经济委员会"),
    ("jsw", "江澜市人民代表大会监察和司法委员会", "监察和司法委员会"),
    ("jkwws", "江澜市人民代表大会教育科学文化卫生委员会", "教育科学文化卫生委员会"),
    ("chjzw", "江澜市人民代表大会城乡建设环境资源保护委员会", "城乡建设环境资源保护委员会"),
    ("nynw", "江澜市人民代表大会农业与农村委员会", "农业与农村委员会"),
    ("shjsw", "江澜市人民代表大会社会建设委员会", "社会建设委员会"),
    ("mzqww", "江澜市人民代表大会民族宗教华侨外事委员会", "民族宗教华侨外事委员会"),
    ("dbzgw", "江澜市人民代表大会代表资格审查委员会", "代表资格审查委员会"),
)

# (code, name, short name, staff user name, duty): working bodies of the standing committee
WORKING_BODIES: tuple[tuple[str, str, str, str, str], ...] = (
    ("bangongting", "江澜市人大常委会办公厅", "办公厅", "staff_bangongting", "general_office"),
    ("fagong", "江澜市人大常委会法制工作委员会", "法制工作委员会", "staff_fagong", "legislation"),
    ("yusuan", "江澜市人大常委会预算工作委员会", "预算工作委员会", "staff_yusuan", "budget"),
    ("daigong", "江澜市人大常委会代表工作委员会", "代表工作委员会", "staff", "deputies"),
    ("yanjiushi", "江澜市人大常委会研究室", "研究室", "staff_yanjiushi", "research"),
    (
        "renxuan",
        "江澜市人大常委会人事代表选举工作委员会",
        "人事代表选举工作委员会",
        "staff_renxuan",
        "personnel",
    ),
    ("jiansi", "江澜市人大常委会监察和司法工作委员会", "监察和司法工作委员会", "staff_jiansi", "judicial"),
)

# (code, short name) of the government's departments; full name is 江澜市 + short name
DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("zfb", "人民政府办公室"),
    ("fgw", "发展和改革委员会"),
    ("jyj", "教育局"),
    ("kjj", "科学技术局"),
    ("gxj", "工业和信息化局"),
    ("mzzj", "民族宗教事务局"),
    ("gaj", "公安局"),
    ("mzj", "民政局"),
    ("sfj", "司法局"),
    ("czj", "财政局"),
    ("rsj", "人力资源和社会保障局"),
    ("zrzyj", "自然资源和规划局"),
    ("sthjj", "生态环境局"),
    ("zjj", "住房和城乡建设局"),
    ("jtj", "交通运输局"),
    ("slj", "水利局"),
    ("nyj", "农业农村局"),
    ("swj", "商务局"),
    ("wglj", "文化广电旅游局"),
    ("wjw", "卫生健康委员会"),
    ("tyjrj", "退役军人事务局"),
    ("yjj", "应急管理局"),
    ("sjj", "审计局"),
    ("gzw", "国有资产监督管理委员会"),
    ("scjgj", "市场监督管理局"),
    ("tyj", "体育局"),
    ("tjj", "统计局"),
    ("ybj", "医疗保障局"),
    ("cgj", "城市管理局"),
    ("lyj", "林业局"),
    ("sjzyj", "数据资源管理局"),
    ("xfj", "信访局"),
    ("wsb", "外事办公室"),
    ("jrj", "地方金融管理局"),
    ("rfb", "人民防空办公室"),
    ("jgswj", "机关事务管理局"),
    ("xzspj", "行政审批服务局"),
    ("lsj", "粮食和物资储备局"),
    ("gjj", "住房公积金管理中心"),
    ("ghj", "港航管理局"),
)

#: departments a district or county does not have a bureau of its own for
CITY_ONLY_DEPARTMENTS = frozenset({"zfb", "wsb", "jrj", "rfb", "gjj", "ghj", "lsj", "gzw"})

EDUCATION_BUREAU = "jyj"  # the demo login ``unit`` answers for this department

SUPERVISED_BODIES: tuple[tuple[str, str, str, str], ...] = (
    ("jianwei", "江澜市监察委员会", "市监委", "supervisory_commission"),
    ("zhongyuan", "江澜市中级人民法院", "市中院", "court"),
    ("jianchayuan", "江澜市人民检察院", "市检察院", "procuratorate"),
)


def organ_specs() -> list[OrganSpec]:
    """Every organ of the city in display order (parents before children)."""
    specs = [
        OrganSpec(
            CONGRESS,
            "江澜市人民代表大会",
            "市人大",
            "congress",
            None,
            "江澜市地方国家权力机关（演示数据，虚构城市）。",
        ),
        OrganSpec(
            STANDING_COMMITTEE,
            "江澜市人民代表大会常务委员会",
            "市人大常委会",
            "standing_committee",
            CONGRESS,
            "市人民代表大会的常设机关，本届组成人员45名。",
        ),
        OrganSpec(
            CHAIRPERSONS_COUNCIL,
            "江澜市人大常委会主任会议",
            "主任会议",
            "chairpersons_council",
            STANDING_COMMITTEE,
            "由主任、副主任和秘书长组成，处理常委会重要日常工作。",
        ),
    ]
    specs += [
        OrganSpec(code, name, short, "special_committee", CONGRESS)
        for code, name, short in SPECIAL_COMMITTEES
    ]
    specs += [
        OrganSpec(code, name, short, "working_body", STANDING_COMMITTEE, duty=duty)
        for code, name, short, _u, duty in WORKING_BODIES
    ]
    specs.append(OrganSpec(GOVERNMENT, "江澜市人民政府", "市政府", "government", None))
    specs += [
        OrganSpec(code, CITY + short, short, "government_department", GOVERNMENT)
        for code, short in DEPARTMENTS
    ]
    specs += [OrganSpec(code, name, short, otype, None) for code, name, short, otype in SUPERVISED_BODIES]
    specs += [
        OrganSpec(d.code, f"{d.name}人民代表大会常务委员会", f"{d.name}人大常委会", "district_congress", None)
        for d in DISTRICTS
    ]
    return specs


def organ_codes() -> set[str]:
    return {s.code for s in organ_specs()}


# --- word lists for invented places, workplaces and companies ------------------------------------

#: Two-character place names are built from these (柳塘, 桂湾 ...); the product is large enough
#: that every street, town and village in the city gets its own name.
PLACE_FIRST = tuple("澄柳桂梧杏枫荷竹溪湖桥塘港湾岭坪泉沙石滨洲浦埠川芦桃杨槐梅兰松莲禾丰安宁和平新青白金")
PLACE_SECOND = tuple("阳园湖桥塘湾岭口头溪泉林山洲浦坪埠亭港源苑庄集营田圩岗墩坝渡冲")

ROAD_SUFFIXES = ("路", "街", "大道", "中路", "东路", "西路", "北路", "南路")

BRANDS = (
    "恒泰",
    "瑞丰",
    "鸿达",
    "澜辰",
    "星河",
    "华盛",
    "永信",
    "金澜",
    "天禾",
    "中澜",
    "远航",
    "嘉禾",
    "宏图",
    "润丰",
    "锦程",
    "兴澜",
    "汇通",
    "百川",
    "博远",
    "鼎新",
    "佳和",
    "康源",
    "绿源",
    "蓝湾",
    "晟达",
    "海川",
    "信诚",
    "安澜",
    "明辉",
    "众鑫",
    "华腾",
    "新越",
    "广和",
    "裕丰",
    "荣昌",
    "泓源",
    "景澜",
    "澜湾",
    "鹭江",
    "云岫",
    "松川",
    "青岚",
    "丰禾",
    "启航",
    "致远",
    "德润",
    "立衡",
    "宸宇",
    "合众",
    "长澜",
)

INDUSTRIES = (
    "机械制造",
    "新材料科技",
    "电子科技",
    "纺织",
    "食品",
    "生物医药",
    "物流",
    "建设工程",
    "农业发展",
    "智能装备",
    "汽车零部件",
    "精细化工",
    "电子商务",
    "茶业",
    "水产",
    "文化传媒",
    "环保科技",
    "船舶修造",
    "光电科技",
    "家居",
)
#: industries with a shop floor, for worker deputies
WORKER_INDUSTRIES = (
    "机械制造",
    "新材料科技",
    "电子科技",
    "纺织",
    "食品",
    "生物医药",
    "智能装备",
    "汽车零部件",
    "精细化工",
    "船舶修造",
    "光电科技",
    "家居",
)
COMPANY_FORMS = ("有限公司", "有限公司", "有限公司", "股份有限公司", "集团有限公司")
BUSINESS_TITLES = ("董事长", "董事长", "董事长兼总经理", "总经理", "执行董事", "党委书记、董事长", "副总经理")

WORKER_JOBS = (
    "总装车间班组长",
    "数控车工",
    "高级技师",
    "焊接班班长",
    "质检员",
    "电工",
    "机修工",
    "一线操作工",
    "生产车间主任",
    "仓储部物流员",
    "技术员",
    "首席技师",
)
WORKER_PUBLIC_JOBS = (
    "江澜市公共交通集团有限公司公交驾驶员",
    "江澜市供电公司输电运检班班长",
    "江澜市自来水有限公司管网抢修班班长",
    "江澜市环境卫生管理处环卫工人",
    "江澜港务集团有限公司装卸队队长",
    "江澜市燃气有限公司维修工",
    "江澜市邮政分公司投递员",
    "江澜市轨道交通运营有限公司列车司机",
)

FARM_CROPS = ("水稻", "茶叶", "柑橘", "蔬菜", "生猪", "水产", "花卉苗木", "中药材", "油茶", "蓝莓", "食用菌")
FARM_TITLES = (
    "村党总支书记、村委会主任",
    "村党支部书记",
    "村委会主任",
    "村党支部书记、村委会主任",
)

HOSPITALS = (
    "江澜市第一人民医院",
    "江澜市第二人民医院",
    "江澜市第三人民医院",
    "江澜市中医院",
    "江澜市妇幼保健院",
    "江澜市儿童医院",
    "江澜大学附属医院",
)
HOSPITAL_TITLES = (
    "心血管内科主任医师",
    "院长",
    "副院长",
    "呼吸与危重症医学科主任",
    "护理部主任",
    "儿科主任医师",
    "急诊科主任",
    "肿瘤科主任医师",
    "骨科副主任医师",
    "党委书记",
    "主任医师",
)
SCHOOLS = (
    "江澜市第一中学",
    "江澜市第二中学",
    "江澜市实验中学",
    "江澜外国语学校",
    "江澜市第五中学",
    "江澜市特殊教育学校",
    "江澜市第一实验小学",
    "江澜职业技术学院",
    "江澜技师学院",
)
SCHOOL_TITLES = ("校长", "党委书记、校长", "副校长", "高级教师", "教师", "教务处主任")
UNIVERSITY = "江澜大学"
UNIVERSITY_SCHOOLS = (
    "法学院",
    "经济管理学院",
    "医学院",
    "机械工程学院",
    "化学与材料学院",
    "文学院",
    "信息工程学院",
)
UNIVERSITY_TITLES = ("教授", "院长、教授", "副教授", "副校长、教授")
RESEARCH = (
    ("江澜市农业科学研究院", ("研究员", "副院长、研究员")),
    ("江澜市建筑设计研究院有限公司", ("总工程师", "总建筑师")),
    ("江澜市水利水电勘测设计院", ("高级工程师", "院长")),
)
LAW_FIRM_TITLES = ("主任", "高级合伙人", "律师")
FIRM_KINDS = (("律师事务所", LAW_FIRM_TITLES), ("会计师事务所", ("主任会计师", "合伙人")))

MILITARY_POSTS = (
    "驻江澜某部部队长",
    "驻江澜某部政治委员",
    "驻江澜某部参谋长",
    "驻江澜某部营长",
    "驻江澜某部教导员",
    "驻江澜某部一级军士长",
    "江澜军分区司令员",
    "江澜军分区政治委员",
    "武警江澜支队支队长",
    "武警江澜支队政治委员",
    "驻江澜某部卫生队队长",
    "驻江澜某部连长",
)

OTHER_POSTS = (
    "江澜市妇女联合会主席",
    "江澜市残疾人联合会理事长",
    "江澜市个体劳动者协会会长",
    "江澜市红十字会常务副会长",
    "江澜市科学技术协会主席",
    "江澜市归国华侨联合会主席",
    "江澜市工商业联合会副主席",
    "江澜市文学艺术界联合会主席",
    "江澜市慈善总会副会长",
    "江澜市律师协会会长",
)
COMMUNITY_TITLES = ("党委书记、居委会主任", "居委会主任", "党支部书记")

OFFICIAL_DISTRICT_POSTS = ("中共{d}委书记", "{d}人民政府{head}", "{d}人民政府副{head}", "中共{d}委副书记")
#: posts in a sub-district (街道), town (镇) or township (乡), by the last character of its name
OFFICIAL_TOWN_POSTS = {
    "道": ("{t}党工委书记", "{t}办事处主任", "{t}党工委副书记"),
    "镇": ("{t}党委书记", "{t}人民政府镇长", "{t}党委副书记"),
    "乡": ("{t}党委书记", "{t}人民政府乡长"),
}

EDUCATIONS = ("研究生", "大学", "大专", "中专", "高中")

DEMOCRATIC_PARTIES = (
    "民革党员",
    "民盟盟员",
    "民建会员",
    "民进会员",
    "农工党党员",
    "致公党党员",
    "九三学社社员",
    "台盟盟员",
)

STATION_HOURS = (
    "周一至周五 9:00–12:00，14:30–17:30",
    "每周三 14:30–17:30（代表接待日）",
    "每月第一个周六 9:00–12:00",
    "工作日 8:30–17:00",
    "每周二、周四 9:00–11:30",
    "每月10日、20日 9:00–16:00",
)

STATUS_SUSPENDED_REASONS = (
    "因刑事案件被羁押正在受侦查，依照代表法第六十一条暂停执行代表职务",
    "被依法判处有期徒刑（未附加剥夺政治权利）正在服刑，依照代表法第六十一条暂停执行代表职务",
)
STATUS_TERMINATED_REASONS = (
    "调离本行政区域，依照代表法第六十二条代表资格终止",
    "迁出本行政区域，依照代表法第六十二条代表资格终止",
    "本人书面提出辞去代表职务，经市人大常委会会议接受，代表资格终止",
    "因工作变动辞去代表职务，经市人大常委会会议接受，代表资格终止",
    "因病去世，代表资格终止",
    "被原选举单位罢免，代表资格终止",
)
