"""Chinese personal names for the demo city: weighted surnames and given-name characters.

Pure Python (no Django). Every draw goes through the ``random.Random`` passed in, so a seed
always gives the same names. Each character carries its pinyin, used for e-mail addresses.
Weights are rough relative frequencies (per 10,000 people), enough to make a roster look real:
王, 李, 张, 刘, 陈 common, rarer surnames now and then, compound surnames about 3 in 1,000.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import accumulate

# surname, pinyin, weight (per 10,000)
_SURNAMES_RAW = """
王 wang 710|李 li 700|张 zhang 670|刘 liu 540|陈 chen 460|杨 yang 310|黄 huang 230|赵 zhao 220|吴 wu 200
周 zhou 190|徐 xu 140|孙 sun 140|马 ma 130|朱 zhu 130|胡 hu 120|郭 guo 120|何 he 120|高 gao 110|林 lin 110
罗 luo 100|郑 zheng 90|梁 liang 90|谢 xie 80|宋 song 70|唐 tang 70|许 xu 60|韩 han 60|冯 feng 60|邓 deng 60
曹 cao 60|彭 peng 60|曾 zeng 50|肖 xiao 50|田 tian 50|董 dong 50|袁 yuan 40|潘 pan 40|于 yu 40|蒋 jiang 40
蔡 cai 40|余 yu 40|杜 du 40|叶 ye 40|程 cheng 40|苏 su 35|魏 wei 35|吕 lv 35|丁 ding 35|任 ren 35|沈 shen 35
姚 yao 30|卢 lu 30|姜 jiang 30|崔 cui 30|钟 zhong 30|谭 tan 30|陆 lu 30|汪 wang 30|范 fan 30|金 jin 25
石 shi 25|廖 liao 25|贾 jia 25|夏 xia 25|韦 wei 25|付 fu 25|方 fang 25|白 bai 25|邹 zou 25|孟 meng 20
熊 xiong 20|秦 qin 20|邱 qiu 20|江 jiang 20|尹 yin 20|薛 xue 20|闫 yan 20|段 duan 20|雷 lei 20|侯 hou 20
龙 long 20|史 shi 20|陶 tao 20|黎 li 20|贺 he 20|顾 gu 20|毛 mao 20|郝 hao 20|龚 gong 20|邵 shao 20|万 wan 20
钱 qian 20|严 yan 15|覃 qin 15|武 wu 15|戴 dai 15|莫 mo 15|孔 kong 15|向 xiang 15|汤 tang 15|常 chang 12
温 wen 12|康 kang 12|施 shi 12|文 wen 12|牛 niu 12|樊 fan 12|葛 ge 12|邢 xing 12|安 an 10|齐 qi 10|易 yi 10
乔 qiao 10|伍 wu 10|庞 pang 10|颜 yan 10|倪 ni 10|庄 zhuang 10|聂 nie 10|章 zhang 10|鲁 lu 10|岳 yue 10
翟 zhai 10|殷 yin 10|詹 zhan 10|申 shen 10|耿 geng 10|关 guan 10|兰 lan 10|焦 jiao 10|俞 yu 10|左 zuo 10
柳 liu 8|甘 gan 8|祝 zhu 8|包 bao 8|宁 ning 8|尚 shang 8|符 fu 8|舒 shu 8|阮 ruan 8|柯 ke 8|纪 ji 8|梅 mei 8
童 tong 8|凌 ling 8|毕 bi 8|单 shan 8|季 ji 8|裴 pei 8|霍 huo 8|涂 tu 8|成 cheng 8|苗 miao 8|谷 gu 8|盛 sheng 8
曲 qu 6|翁 weng 6|冉 ran 6|骆 luo 6|蓝 lan 6|路 lu 6|游 you 6|辛 xin 6|靳 jin 6|管 guan 6|柴 chai 6|蒙 meng 6
鲍 bao 6|华 hua 6|喻 yu 6|祁 qi 6|蒲 pu 6|房 fang 6|滕 teng 6|屈 qu 6|饶 rao 6|解 xie 5|牟 mu 5|艾 ai 5
尤 you 5|阳 yang 5|时 shi 5|穆 mu 5|农 nong 5|司 si 5|卓 zhuo 5|古 gu 5|吉 ji 5|缪 miao 5|简 jian 5|车 che 5
项 xiang 5|连 lian 5|麦 mai 5|褚 chu 4|娄 lou 4|窦 dou 4|戚 qi 4|岑 cen 4|景 jing 4|党 dang 4|宫 gong 4|费 fei 4
卜 bu 4|冷 leng 4|晏 yan 4|席 xi 4|卫 wei 4|米 mi 4|柏 bai 4|宗 zong 4|瞿 qu 4|桂 gui 4|全 quan 4|佟 tong 4
应 ying 4|臧 zang 3|闵 min 3|邬 wu 3|边 bian 3|卞 bian 3|姬 ji 3|师 shi 3|栾 luan 3|隋 sui 3|商 shang 3
沙 sha 3|荣 rong 3|巫 wu 3|寇 kou 3|桑 sang 3|郎 lang 3|甄 zhen 3|丛 cong 3|仲 zhong 3|虞 yu 3|敖 ao 3
巩 gong 3|明 ming 3|池 chi 3|苑 yuan 3|迟 chi 3
"""

_COMPOUND_SURNAMES_RAW = """
欧阳 ouyang 6|司马 sima 2|上官 shangguan 2|诸葛 zhuge 2|东方 dongfang 1|皇甫 huangfu 1|司徒 situ 2
令狐 linghu 1|夏侯 xiahou 1|慕容 murong 1|尉迟 yuchi 1|公孙 gongsun 1
"""

#: Probability that a person has a compound surname.
COMPOUND_SURNAME_RATE = 0.003

# Given-name characters with pinyin, by gender and by position: the first list gives the first
# of two characters (建国, 晓燕), the second list the last character and single-character names.
_MALE_FIRST_RAW = """
建 jian|国 guo|志 zhi|海 hai|文 wen|永 yong|立 li|晓 xiao|振 zhen|德 de|学 xue|庆 qing|明 ming|宏 hong
家 jia|嘉 jia|子 zi|思 si|天 tian|启 qi|维 wei|正 zheng|宗 zong|继 ji|克 ke|一 yi|俊 jun|雨 yu|浩 hao|博 bo
泽 ze|昊 hao|伟 wei|红 hong|卫 wei|春 chun|长 chang|新 xin|光 guang|金 jin|玉 yu|小 xiao|少 shao|世 shi
兆 zhao|英 ying|云 yun|利 li|鸿 hong|宇 yu|清 qing|敬 jing|耀 yao|忠 zhong|胜 sheng|东 dong|朝 chao|亚 ya
"""
_MALE_LAST_RAW = """
伟 wei|强 qiang|磊 lei|军 jun|勇 yong|杰 jie|涛 tao|斌 bin|超 chao|明 ming|刚 gang|平 ping|辉 hui|鹏 peng
华 hua|飞 fei|鑫 xin|波 bo|宇 yu|浩 hao|凯 kai|健 jian|俊 jun|帆 fan|旭 xu|宁 ning|龙 long|林 lin|峰 feng
东 dong|成 cheng|光 guang|荣 rong|庆 qing|忠 zhong|兵 bing|民 min|亮 liang|毅 yi|松 song|彬 bin|晨 chen
阳 yang|博 bo|睿 rui|哲 zhe|铭 ming|宏 hong|泽 ze|翔 xiang|航 hang|瑞 rui|锋 feng|坤 kun|云 yun|祥 xiang
胜 sheng|良 liang|山 shan|江 jiang|栋 dong|昌 chang|安 an|晖 hui|炜 wei|雄 xiong|钧 jun|琦 qi|锐 rui
贤 xian|国 guo|生 sheng|文 wen|武 wu|海 hai|新 xin|斌 bin|军 jun|春 chun|清 qing|进 jin|彪 biao|豪 hao
"""
_FEMALE_FIRST_RAW = """
晓 xiao|小 xiao|丽 li|秀 xiu|玉 yu|春 chun|海 hai|雪 xue|雅 ya|思 si|佳 jia|欣 xin|文 wen|亚 ya|美 mei
惠 hui|淑 shu|慧 hui|静 jing|红 hong|金 jin|桂 gui|爱 ai|丹 dan|梦 meng|诗 shi|若 ruo|一 yi|嘉 jia|雨 yu
月 yue|彩 cai|凤 feng|艳 yan|冬 dong|秋 qiu|素 su|燕 yan|婉 wan|颖 ying|立 li|建 jian|海 hai|玲 ling
"""
_FEMALE_LAST_RAW = """
芳 fang|娜 na|敏 min|静 jing|丽 li|艳 yan|娟 juan|霞 xia|玲 ling|英 ying|萍 ping|燕 yan|婷 ting|雪 xue
琳 lin|晶 jing|慧 hui|颖 ying|倩 qian|洁 jie|莉 li|红 hong|梅 mei|兰 lan|凤 feng|琴 qin|蓉 rong|薇 wei
怡 yi|悦 yue|璐 lu|瑶 yao|月 yue|华 hua|宁 ning|冰 bing|丹 dan|彤 tong|妍 yan|菲 fei|露 lu|琪 qi|婉 wan
珍 zhen|玉 yu|青 qing|岚 lan|虹 hong|媛 yuan|蕾 lei|楠 nan|秋 qiu|芸 yun|莹 ying|蕊 rui|萌 meng|琼 qiong
瑜 yu|然 ran|晴 qing|茜 qian|馨 xin|君 jun|云 yun|平 ping|香 xiang|琦 qi|佳 jia|欣 xin|雯 wen|静 jing
"""

_ETHNICITIES = (
    ("汉族", 9300),
    ("回族", 110),
    ("壮族", 90),
    ("满族", 80),
    ("苗族", 70),
    ("土家族", 70),
    ("畲族", 60),
    ("蒙古族", 40),
    ("彝族", 40),
    ("侗族", 30),
    ("瑶族", 30),
    ("布依族", 20),
    ("白族", 20),
    ("朝鲜族", 15),
    ("藏族", 10),
    ("维吾尔族", 8),
    ("黎族", 7),
)


def _parse_weighted(raw: str) -> tuple[tuple[str, str, int], ...]:
    out = []
    for item in raw.replace("\n", "|").split("|"):
        item = item.strip()
        if item:
            char, pinyin, weight = item.split()
            out.append((char, pinyin, int(weight)))
    return tuple(out)


def _parse_chars(raw: str) -> tuple[tuple[str, str], ...]:
    seen: set[str] = set()
    out = []
    for item in raw.replace("\n", "|").split("|"):
        item = item.strip()
        if item:
            char, pinyin = item.split()
            if char not in seen:  # keep the lists free of accidental duplicates
                seen.add(char)
                out.append((char, pinyin))
    return tuple(out)


SURNAMES = _parse_weighted(_SURNAMES_RAW)
COMPOUND_SURNAMES = _parse_weighted(_COMPOUND_SURNAMES_RAW)
MALE_FIRST = _parse_chars(_MALE_FIRST_RAW)
MALE_LAST = _parse_chars(_MALE_LAST_RAW)
FEMALE_FIRST = _parse_chars(_FEMALE_FIRST_RAW)
FEMALE_LAST = _parse_chars(_FEMALE_LAST_RAW)

_SURNAME_CUM = list(accumulate(w for _c, _p, w in SURNAMES))
_COMPOUND_CUM = list(accumulate(w for _c, _p, w in COMPOUND_SURNAMES))
_ETHNIC_NAMES = [e for e, _w in _ETHNICITIES]
_ETHNIC_CUM = list(accumulate(w for _e, w in _ETHNICITIES))


@dataclass(frozen=True)
class Name:
    surname: str
    given: str
    pinyin: str  # "ouyangjianguo": for e-mail addresses and user names

    @property
    def full(self) -> str:
        return self.surname + self.given


def draw_name(rng: random.Random, gender: str) -> Name:
    """A name for a person of ``gender`` ("M" or "F"): weighted surname, 1–2 given characters."""
    if rng.random() < COMPOUND_SURNAME_RATE:
        surname, s_py, _w = rng.choices(COMPOUND_SURNAMES, cum_weights=_COMPOUND_CUM)[0]
    else:
        surname, s_py, _w = rng.choices(SURNAMES, cum_weights=_SURNAME_CUM)[0]
    first_pool, last_pool = (MALE_FIRST, MALE_LAST) if gender == "M" else (FEMALE_FIRST, FEMALE_LAST)
    # About one in six given names of people born 1955–1995 has a single character.
    if rng.random() < 0.16:
        given, g_py = rng.choice(last_pool)
    else:
        first, last = rng.choice(first_pool), rng.choice(last_pool)
        if first[0] == last[0] and (gender == "M" or rng.random() < 0.7):
            last = rng.choice(last_pool)  # reduplicated names (婷婷) happen, mostly for women
        given, g_py = first[0] + last[0], first[1] + last[1]
    if given[0] == surname[-1]:  # 林林, 金金…: an odd name, draw a single character instead
        given, g_py = rng.choice(last_pool)
    return Name(surname=surname, given=given, pinyin=s_py + g_py)


def draw_ethnicity(rng: random.Random) -> str:
    return rng.choices(_ETHNIC_NAMES, cum_weights=_ETHNIC_CUM)[0]
