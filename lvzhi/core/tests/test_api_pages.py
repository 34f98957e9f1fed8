"""The API's list envelope: one helper for every list operation."""

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
