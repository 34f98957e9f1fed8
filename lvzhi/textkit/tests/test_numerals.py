from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lvzhi.textkit.numerals import (
    MAX_NUMERAL,
    NUMERAL_CHARS,
    article_label,
    cn_count,
    cn_to_int,
    int_to_cn,
    int_to_cn_digits,
)

_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十一", 11),
        ("二十", 20),
        ("一百", 100),
        ("一百零一", 101),
        ("一千零一", 1001),
        ("两百", 200),
        ("一百一十", 110),
        ("六百五十", 650),
        ("一千零一十", 1010),
        ("两千", 2000),
        ("两", 2),
        ("〇", 0),
        ("零", 0),
        ("○", 0),
        ("一万", 10000),
        ("十万", 100000),
        ("一万零一十", 10010),
        ("一千万零一百", 10000100),
        ("九千九百九十九万九千九百九十九", 99_999_999),
        ("二〇二六", 2026),
        ("一九", 19),
        ("12", 12),
        ("１２", 12),
        (" 十二 ", 12),
    ],
)
def test_cn_to_int(text: str, value: int) -> None:
    assert cn_to_int(text) == value


def test_zero_before_a_unit_is_a_separator() -> None:
    # Bug fix: both former readers took the 零 of "一千零十" as a zero factor (1000), and the
    # analytics one raised KeyError on "零十五" (a unit inside a "positional" digit string).
    assert cn_to_int("一千零十") == 1010
    assert cn_to_int("零十五") == 15


@pytest.mark.parametrize("text", ["", " ", "abc", "第十", "十条", "1a", "二x"])
def test_cn_to_int_refuses_what_is_not_a_numeral(text: str) -> None:
    with pytest.raises(ValueError):
        cn_to_int(text)


def test_int_to_cn_forms() -> None:
    assert [int_to_cn(n) for n in (0, 10, 11, 20, 101, 110, 1010, 10010, 100000, 1000000)] == [
        "零",
        "十",
        "十一",
        "二十",
        "一百零一",
        "一百一十",
        "一千零一十",
        "一万零一十",
        "十万",
        "一百万",
    ]
    for bad in (-1, MAX_NUMERAL + 1):
        with pytest.raises(ValueError):
            int_to_cn(bad)


@given(st.integers(0, MAX_NUMERAL))
def test_int_to_cn_round_trips(n: int) -> None:
    text = int_to_cn(n)
    assert set(text) <= set(NUMERAL_CHARS)
    assert cn_to_int(text) == n


@given(st.integers(0, 10**12))
def test_arabic_digits_half_and_full_width(n: int) -> None:
    assert cn_to_int(str(n)) == n
    assert cn_to_int(str(n).translate(_FULL_WIDTH)) == n


@given(st.integers(0, 10**9))
def test_digit_form_round_trips(n: int) -> None:
    text = int_to_cn_digits(n)
    assert "零" not in text and len(text) == len(str(n))
    assert cn_to_int(text) == n


@given(st.integers(0, MAX_NUMERAL))
def test_counting_form(n: int) -> None:
    assert cn_to_int(cn_count(n)) == n
    assert cn_count(n) == ("两" if n == 2 else int_to_cn(n))


def test_article_label() -> None:
    assert article_label(10) == "第十条"
    assert article_label(10, 1) == "第十条之一"
    assert article_label(650) == "第六百五十条"
