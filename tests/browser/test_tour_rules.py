"""The tour's rules (tests/browser/tour.py) on small pages, so a change to a rule shows here
rather than as a silent pass of the long tour; and axe-core loads from the package, offline."""

from __future__ import annotations

import pytest

from .tour import (
    AXE_OPTIONS,
    EMPTY_LISTS_JS,
    FIRST_ITEM_JS,
    NAV_LINKS_JS,
    VISIBLE_TEXT_JS,
    AxeTally,
    DataCorpus,
    untranslated,
)

pytestmark = [pytest.mark.browser]

PAGE = """<!doctype html><html lang="en"><head><title>Deputies · 江澜市人大</title></head><body>
<header class="topbar"><a href="/inbox/">Inbox</a></header>
<nav class="side"><a href="/deputies/">Deputies</a><a href="/motions/">Motions</a></nav>
<main><h1>Deputies</h1>
<section><h2>Roster</h2><table><thead><tr><th><a href="?sort=name">Name</a></th></tr></thead>
<tbody><tr><td><a href="/deputies/export.csv">CSV</a> <a href="/deputies/7/">王建国</a></td></tr>
<tr><td><a href="/deputies/8/">李秀英</a></td></tr></tbody></table></section>
<section><h2>Changes</h2><table><tbody><tr><td colspan="3">Nothing yet.</td></tr></tbody></table></section>
<button title="搜索">Go</button> <span>代表名册</span><p><b>第三条</b>王建国</p>
<p hidden>隐藏的字</p><select><option>民主党派</option></select>
</main></body></html>"""


@pytest.fixture
def small_page(page):
    page.route(
        "http://tour.test/", lambda route: route.fulfill(body=PAGE, content_type="text/html; charset=utf-8")
    )
    page.goto("http://tour.test/")
    return page


def test_navigation_first_item_and_empty_lists(small_page):
    nav = small_page.evaluate(NAV_LINKS_JS)
    assert [n["label"] for n in nav] == ["Inbox", "Deputies", "Motions"]
    # the sort link in the header and the CSV download are skipped: the first item is a page
    assert small_page.evaluate(FIRST_ITEM_JS) == "http://tour.test/deputies/7/"
    assert small_page.evaluate(EMPTY_LISTS_JS) == ["Changes: Nothing yet."]


def test_a_marked_link_is_the_first_item(small_page):
    small_page.evaluate(
        """() => { const a = document.createElement('a'); a.href = '/motions/3/';
        a.dataset.tour = 'item'; document.querySelector('main').append(a); }"""
    )
    assert small_page.evaluate(FIRST_ITEM_JS) == "http://tour.test/motions/3/"


def test_chinese_the_database_does_not_hold_is_untranslated(small_page):
    corpus = DataCorpus(["王建国", "代表李秀英的履职档案", "江澜市人大"])
    text = small_page.evaluate(VISIBLE_TEXT_JS)
    # names are data (李秀英 is part of a stored text); the title attribute and the span are not
    # text nodes count one by one (第三条 is not glued to the name after it); hidden text does
    # not count; an option counts where its select is visible
    assert untranslated(text, corpus) == ["代表名册", "第三条", "民主党派", "搜索"]
    assert untranslated(["Language: 简体中文"], corpus) == []  # a language's own name


def test_axe_core_loads_from_the_package_and_finds_a_violation(page):
    from axe_playwright_python.sync_playwright import Axe

    # no network at all: axe-core must come from the installed package, not a CDN
    page.route("**/*", lambda route: route.abort())
    page.route(
        "http://tour.test/",
        lambda route: route.fulfill(
            body='<html lang="en"><body><main><img src="x.png"><button></button></main></body></html>',
            content_type="text/html",
        ),
    )
    page.goto("http://tour.test/")
    result = Axe().run(page, options=AXE_OPTIONS)
    tally = AxeTally()
    tally.add("/", result.response["violations"])
    assert tally.by_impact["critical"] >= 2  # image-alt and button-name
    assert any("image-alt" in rule for rule in tally.blocking)
