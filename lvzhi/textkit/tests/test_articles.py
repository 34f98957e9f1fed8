from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lvzhi.textkit.articles import (
    MAX_ARTICLE,
    MAX_SUFFIX,
    ArticleKey,
    article_anchor,
    article_sort_key,
    format_article_key,
    parse_article_key,
)

keys = st.builds(ArticleKey, st.integers(1, MAX_ARTICLE), st.integers(0, MAX_SUFFIX))


@pytest.mark.parametrize(
    ("value", "key"),
    [
        (12, (12, 0)),
        (12.0, (12, 0)),
        ("12", (12, 0)),
        (" 12 ", (12, 0)),
        ("１２", (12, 0)),
        ("10-1", (10, 1)),
        ("10_1", (10, 1)),
        ("10.1", (10, 1)),
        ("art-10-1", (10, 1)),
        ("art_10-1", (10, 1)),
        ("art-12", (12, 0)),
        ("第十二条", (12, 0)),
        ("第12条", (12, 0)),
        ("第十条之一", (10, 1)),
        ("第10条之1", (10, 1)),
        ("第 十 条 之 一", (10, 1)),
        ("十二", (12, 0)),
        ("第二十三条之二", (23, 2)),
    ],
)
def test_parse_forms(value: object, key: tuple[int, int]) -> None:
    parsed = parse_article_key(value)
    assert parsed == key
    assert isinstance(parsed, ArticleKey)


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "  ",
        True,
        False,
        0,
        -3,
        10000,
        12.5,
        "abc",
        "第条",
        "art-",
        "10-100",
        "第零条",
        [12],
        "第一万条",
    ],
)
def test_parse_refuses(value: object) -> None:
    assert parse_article_key(value) is None


def test_value_type() -> None:
    key = ArticleKey(10, 1)
    assert (str(key), f"{key}", key.label, key.anchor) == ("10-1", "10-1", "第十条之一", "art-10-1")
    assert str(ArticleKey(12)) == "12" and ArticleKey(12).anchor == "art-12"
    assert format_article_key((12, 0)) == "12" and format_article_key((10, 1)) == "10-1"
    assert article_anchor("10-1") == "art-10-1" and article_anchor((12, 0)) == "art-12"
    assert key == (10, 1) and {key: 1}[(10, 1)] == 1  # a tuple: interchangeable with (10, 1)


@given(keys)
def test_every_written_form_parses_back(key: ArticleKey) -> None:
    assert parse_article_key(format_article_key(key)) == key
    assert parse_article_key(key.anchor) == key
    assert parse_article_key(key.label) == key
    if not key.suffix:
        assert parse_article_key(key.number) == key


@given(keys)
def test_format_parse_format_round_trips(key: ArticleKey) -> None:
    text = format_article_key(key)
    parsed = parse_article_key(text)
    assert parsed is not None and format_article_key(parsed) == text


@given(st.lists(keys, min_size=1, max_size=30))
def test_sort_key_orders_like_the_tuples(ks: list[ArticleKey]) -> None:
    formatted = [str(k) for k in ks]
    assert sorted(formatted, key=article_sort_key) == [str(k) for k in sorted(ks)]


def test_sort_key_puts_non_keys_last() -> None:
    assert sorted(["11", "x", "10-1", "2", "10"], key=article_sort_key) == ["2", "10", "10-1", "11", "x"]
