"""Labels found wrong in walkthroughs: each says what its field or column holds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.utils import translation

import lvzhi
from lvzhi.core.models import RulesProfile, RulesProfileVersion

TEMPLATES = Path(lvzhi.__file__).parent / "templates"


def test_the_channel_field_is_not_labelled_submitted():
    from lvzhi.suggestions.forms import SuggestionForm

    with translation.override("en"):
        assert str(SuggestionForm.base_fields["channel"].label) == "When submitted"
    # "Submitted" is the status 已提交 in Chinese: wrong for a choice between 大会期间 and 闭会期间
    filters = (TEMPLATES / "suggestions/oversight/_filters.html").read_text(encoding="utf-8")
    assert '{% translate "When submitted" %}<select name="channel"' in filters


@pytest.mark.django_db
def test_a_rules_profile_reads_by_its_name_and_version():
    default = RulesProfile.objects.create(code="default", name="default", city="默认城市")
    city = RulesProfile.objects.create(code="jianglan", name="jianglan", city="江澜市")
    named = RulesProfile.objects.create(code="hz", name="杭州市代表建议办理规则")
    with translation.override("en"):
        assert (
            RulesProfileVersion(profile=default, number=1, data={}).label
            == "Default rules profile (version 1)"
        )
        assert (
            RulesProfileVersion(profile=city, number=2, data={}).label == "江澜市 rules profile (version 2)"
        )
        assert (
            str(RulesProfileVersion(profile=named, number=1, data={})) == "杭州市代表建议办理规则 (version 1)"
        )
    for name in ("suggestions/detail.html", "supervision/item.html", "core/panels/system.html"):
        text = (TEMPLATES / name).read_text(encoding="utf-8")
        assert not re.search(r"\}\} v\{\{", text), name


def test_unit_and_item_columns_are_not_headed_with_a_persons_name():
    with translation.override("en"):
        html = render_to_string(
            "supervision/_table.html",
            {"rows": [], "title": "By responsible unit", "head": "Responsible unit"},
        )
    assert "<th>Responsible unit</th>" in html
    for name in ("supervision/_table.html", "core/organs.html", "portal/stations.html"):
        text = (TEMPLATES / name).read_text(encoding="utf-8")
        assert '{% translate "Name" %}' not in text, name  # "Name" is a person's 姓名
    dashboard = (TEMPLATES / "supervision/dashboard.html").read_text(encoding="utf-8")
    assert dashboard.count("head=_(") == 4


def test_the_ballot_button_is_an_action():
    text = (TEMPLATES / "legislation/vote_detail.html").read_text(encoding="utf-8")
    button = re.search(r'<button class="btn" type="submit">(.*?)</button>', text)
    assert button is not None
    # "Vote" alone is the heading 表决情况; the button is the act of voting (投票)
    assert button.group(1) == '{% translate "Vote" context "cast a ballot" %}'
