from __future__ import annotations

from lvzhi.consultation.analytics.attribution import ArticleAttributor, find_mentions
from lvzhi.consultation.analytics.synth import ARTICLES

ARTS = {str(k): v for k, v in ARTICLES.items()}


def test_mentions_chinese_arabic_fullwidth_and_zhiyi() -> None:
    assert find_mentions("我对第十二条有意见") == [(12, 0)]
    assert find_mentions("草案第23条规定的限速太低") == [(23, 0)]
    assert find_mentions("第２３条") == [(23, 0)]
    assert find_mentions("建议增加第十条之一，规定以旧换新") == [(10, 1)]
    assert find_mentions("第10条之1") == [(10, 1)]
    assert find_mentions("第 二十三 条") == [(23, 0)]


def test_mentions_lists_and_ranges() -> None:
    assert find_mentions("第十二、十三条") == [(12, 0), (13, 0)]
    assert find_mentions("第十二条和第十三条") == [(12, 0), (13, 0)]
    assert find_mentions("第十二条至第十五条") == [(12, 0), (13, 0), (14, 0), (15, 0)]
    assert find_mentions("第12—14条") == [(12, 0), (13, 0), (14, 0)]
    assert find_mentions("第一条至第六十条") == [(1, 0), (60, 0)]  # long range: its ends only


def test_other_laws_and_non_articles_are_ignored() -> None:
    assert find_mentions("《中华人民共和国道路交通安全法》第五十一条已有规定") == []
    assert find_mentions("道路交通安全法第八十九条只规定罚款") == []
    assert find_mentions("根据《道路交通安全法实施条例》第七十一条，") == []
    assert find_mentions("本条例第九条和草案第十一条") == [(9, 0), (11, 0)]
    assert find_mentions("第一章总则，第三款，第一次") == []


def test_attribution_precedence_mention_quote_field() -> None:
    att = ArticleAttributor(ARTS)
    a = att.attribute("我支持第二十三条，但第12条也要改", field="40")
    assert a.articles == ("23", "12") and a.source == "mention" and a.primary == "23"
    q = att.attribute("“最高时速不得超过二十五公里”这一规定太严", field="40")
    assert q.articles == ("23",) and q.source == "quote"
    f = att.attribute("我完全支持", field="第四十条")
    assert f.articles == ("40",) and f.source == "field"
    n = att.attribute("我完全支持", field=None)
    assert n.articles == () and n.source == "none" and n.primary is None


def test_numbers_outside_the_draft_are_ignored_when_articles_known() -> None:
    att = ArticleAttributor(ARTS)
    assert att.attribute("第二百条").source == "none"
    assert att.attribute("建议在第十条之一规定补贴").articles == ("10-1",)  # 第十条 exists
    assert ArticleAttributor().attribute("第二百条").articles == ("200",)  # no draft: accepted


def test_quote_fuzzy_and_ambiguous() -> None:
    att = ArticleAttributor(ARTS)
    # a slightly misquoted clause still finds its article
    assert att.match_quote("禁止在住宅套内为电动车或者蓄电池充电") == "40"
    # a phrase of many articles is ambiguous
    assert att.match_quote("公安机关交通管理部门") is None
    assert att.match_quote("太短") is None


def test_zero_before_a_unit_does_not_crash_the_reader() -> None:
    # Bug fix: the former analytics numeral reader raised KeyError on "零十五" (a unit inside
    # a digit string it tried to read positionally), which stopped the whole analysis.
    assert find_mentions("我对第零十五条有意见") == [(15, 0)]
    assert find_mentions("第一千零十条") == [(1010, 0)]
    assert ArticleAttributor().attribute("请看第零十五条", None).articles == ("15",)
