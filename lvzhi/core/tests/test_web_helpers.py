"""Small shared helpers: the API list envelope, integers from query parameters."""

from __future__ import annotations

import pytest

from lvzhi.core.api_pages import api_page
from lvzhi.core.errors import ValidationFailed


def test_a_page_carries_the_envelope_and_renders_each_row() -> None:
    out = api_page(list(range(7)), page=2, page_size=3, render=lambda n: n * 10)
    assert out == {"count": 7, "page": 2, "page_size": 3, "pages": 3, "results": [30, 40, 50]}


def test_the_first_page_of_nothing_is_empty_and_a_page_past_the_end_is_refused() -> None:
    assert api_page([], page=1, page_size=5, render=str)["results"] == []
    with pytest.raises(ValidationFailed):
        api_page(list(range(7)), page=4, page_size=3, render=str)


@pytest.mark.parametrize("raw", ["\u00b2", "١٢", "12a", "-1", "", None, "9" * 13])
def test_int_param_takes_ascii_digits_only(raw: object) -> None:
    from lvzhi.core.web import int_param

    assert int_param(raw) is None


def test_int_param_reads_a_number_within_its_bounds() -> None:
    from lvzhi.core.web import int_param

    assert int_param(" 42 ") == 42
    assert int_param("42", maximum=41) is None
