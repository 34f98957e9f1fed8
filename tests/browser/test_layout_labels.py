"""Layout defects seen in walkthroughs: stat figures running into their labels ("3010收到意见")
and list dates squeezed out by long titles on the home page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

CSS = (Path(__file__).resolve().parents[2] / "lvzhi" / "static" / "lvzhi" / "app.css").read_text(
    encoding="utf-8"
)

LONG = "关于进一步加强城市老旧小区加装电梯工作、简化审批流程并给予财政补贴以及完善后续维护管理机制的建议" * 2


def _html(body: str) -> str:
    return f"<!doctype html><html lang='zh-Hans'><head><style>{CSS}</style></head><body>{body}</body></html>"


def test_a_stat_figure_and_its_label_are_on_separate_lines(page: Any) -> None:
    page.set_content(
        _html(
            '<div class="stats"><div class="stat"><span class="n">3010</span>'
            '<span class="l">收到意见</span></div></div>'
        )
    )
    n = page.locator(".stat .n").bounding_box()
    label = page.locator(".stat .l").bounding_box()
    assert label["y"] >= n["y"] + n["height"] - 1
    assert page.locator(".stat").inner_text().split() == ["3010", "收到意见"]


def test_a_long_message_title_wraps_beside_its_whole_date(page: Any) -> None:
    """The home page's unread panel: the title wraps, the full date stays on the first line."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.set_content(
        _html(
            "<main><div class='grid'><section class='card'><ul class='list'>"
            f'<li><a href="#">{LONG}</a><time class="when muted">2026-12-31 09:30</time></li>'
            f'<li><span><a href="#">{LONG}</a></span><span class="due">2026-12-31</span></li>'
            "</ul></section><section class='card'>x</section><section class='card'>y</section></div></main>"
        )
    )
    for item, selector in ((1, "time.when"), (2, ".due")):
        li = page.locator(f".list li:nth-child({item})")
        title = li.locator("a").bounding_box()
        date = li.locator(selector)
        box = date.bounding_box()
        assert date.inner_text() in ("2026-12-31 09:30", "2026-12-31")
        assert box["height"] < 30, f"{selector} broke over lines"
        assert abs(box["y"] - title["y"]) < 8, f"{selector} was pushed below its title"
        assert title["height"] > 30  # the title wrapped instead
        card = page.locator(".card").first.bounding_box()
        assert box["x"] + box["width"] <= card["x"] + card["width"]
