from __future__ import annotations

import pytest

from lvzhi.consultation.analytics.normalise import (
    article_label,
    article_sort_key,
    canonical,
    cn_to_int,
    display_text,
    format_article_key,
    int_to_cn,
    parse_article_key,
)


def test_canonical_removes_punctuation_space_and_width() -> None:
    assert canonical("支持！ 第１２条，很好。") == "支持第12条很好"
    assert canonical("ＡＢＣ　abc") == "abcabc"
    assert canonical("同意。") == canonical("同意!!") == canonical(" 同意 ") == "同意"
    assert canonical("🎉👍") == ""
    assert canonical("") == ""


def test_display_text_collapses_whitespace() -> None:
    assert display_text("  支持\n\n本条\u3000规定 ") == "支持 本条 规定"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十三", 23),
        ("一百零一", 101),
        ("一百一十", 110),
        ("12", 12),
        ("１２", 12),
        ("两", 2),
        ("六十", 60),
    ],
)
def test_cn_to_int(text: str, value: int) -> None:
    assert cn_to_int(text) == value


def test_int_to_cn_roundtrip() -> None:
    for n in range(1, 400):
        assert cn_to_int(int_to_cn(n)) == n
    assert int_to_cn(10) == "十" and int_to_cn(110) == "一百一十"


def test_parse_article_key_forms() -> None:
    assert parse_article_key(12) == (12, 0)
    assert parse_article_key("12") == (12, 0)
    assert parse_article_key("第十二条") == (12, 0)
    assert parse_article_key("第12条") == (12, 0)
    assert parse_article_key("第十条之一") == (10, 1)
    assert parse_article_key("10-1") == (10, 1)
    assert parse_article_key("１２") == (12, 0)
    for bad in (None, "", "abc", True, 0, -3, [], "第条"):
        assert parse_article_key(bad) is None


def test_article_keys_format_label_and_sort() -> None:
    assert format_article_key((10, 1)) == "10-1" and format_article_key((12, 0)) == "12"
    assert article_label((10, 1)) == "第十条之一" and article_label((23, 0)) == "第二十三条"
    assert sorted(["11", "10-1", "2", "10"], key=article_sort_key) == ["2", "10", "10-1", "11"]
